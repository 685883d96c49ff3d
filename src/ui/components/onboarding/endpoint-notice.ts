/**
 * Whether Vigil can reach the Ethereum endpoints of its network, in words, for the first screen a
 * new user sees (onboarding): a fresh install that cannot reach them says so there, with what to
 * do, instead of only in the Status tab. Read from the popup's status (src/extension/messages.ts
 * Status, built from src/client/light-client/session-status.ts): no verified head yet, and the
 * session's errors say the endpoints did not answer; or no endpoint is configured at all.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { Status } from '../../../extension/messages.ts';
import { hostOf } from '../../format.ts';

/** Transport failures (src/core/errors.ts TransportError codes): a server that did not answer, or answered with an error status. */
const UNREACHABLE: ReadonlySet<string> = new Set(['NETWORK', 'TIMEOUT', 'ALL_ENDPOINTS_FAILED', 'HTTP_STATUS']);

export interface EndpointTrouble {
  kind: 'unconfigured' | 'unreachable';
  text: string;
  /** The hosts that did not answer, as the errors name them. */
  hosts: string[];
}

/**
 * What is wrong with reaching the network's endpoints, or null when nothing is (a head was
 * verified: they answered; or no failure was recorded yet: still trying).
 */
export function endpointTrouble(status: Status): EndpointTrouble | null {
  if (status.optimistic !== null || status.finalized !== null) return null;
  const network = status.network.label;
  if (status.state === 'unconfigured') {
    return {
      kind: 'unconfigured',
      text: `Vigil has no Ethereum endpoints for ${network} yet: you can create your wallet now; balances will be proven once it can reach the network. Add a beacon API and an execution RPC in Settings.`,
      hosts: [],
    };
  }
  const failed = status.errors.filter((e) => UNREACHABLE.has(e.code) && (e.source === 'sync' || e.source === 'read'));
  if (failed.length === 0) return null;
  const hosts = [...new Set(failed.flatMap((e) => (e.endpoint ? [hostOf(e.endpoint)] : [])))];
  return {
    kind: 'unreachable',
    text: `Vigil cannot reach the Ethereum endpoints of ${network}: you can create your wallet now; balances will be proven once it connects. Check your connection, or choose other endpoints in Settings.`,
    hosts,
  };
}

/** The notice itself (nothing when the endpoints are fine). */
export function EndpointNotice({ status }: { status: Status | null }): ComponentChild {
  const trouble = status ? endpointTrouble(status) : null;
  if (!trouble) return null;
  return h(
    'div',
    { class: 'note warn endpoint-notice', role: 'status', 'data-testid': 'endpoint-notice', 'data-kind': trouble.kind },
    h('p', null, trouble.text),
    trouble.hosts.length > 0 ? h('p', { class: 'small muted' }, `Not answering: ${trouble.hosts.slice(0, 3).join(', ')}${trouble.hosts.length > 3 ? ', …' : ''}`) : null,
  );
}

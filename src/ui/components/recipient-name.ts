/**
 * A recipient typed as an ENS name: looked up by verified call as it is typed (the background's
 * resolveName, src/client/wallet/ens/names.ts), its proven address shown beside the name, never
 * instead of it, with where the answer comes from ("proven", "checked by the resolver contract",
 * "the gateway's word"). A name served by an offchain gateway is asked only after the user allows
 * that gateway, told it sees the name (the host permission is asked in the same click).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NameView, PopupApi } from '../api.ts';
import { errorLike, isAddressLike } from '../format.ts';

/** The UI's own test (it may not load src/wallet): an address is 0x and 40 hex digits; anything else with a dot is a name. */
export function isNameLike(text: string): boolean {
  const t = text.trim();
  return !isAddressLike(t) && t.includes('.');
}

/** How each provenance is said (src/wallet/ens/provenance.ts PROVENANCE_WORDS). */
export const NAME_PROVENANCE_WORDS: Record<NameView['provenance']['kind'], string> = {
  proven: 'proven',
  'resolver-checked': 'checked by the resolver contract',
  gateway: "the gateway's word",
};

export type RecipientLookup =
  | { kind: 'idle' }
  | { kind: 'resolving'; name: string }
  | { kind: 'resolved'; typed: string; view: NameView }
  | { kind: 'gateway'; typed: string; origins: string[] }
  | { kind: 'error'; typed: string; text: string };

type NamesApi = Pick<PopupApi, 'resolveName'> & Partial<Pick<PopupApi, 'requestHosts'>>;

/** Looks up `to` when it is a name, a moment after the typing stops. */
export function useRecipientName(api: NamesApi, to: string, delayMs = 350): { lookup: RecipientLookup; allowGateways(origins: string[]): void } {
  const [lookup, setLookup] = useState<RecipientLookup>({ kind: 'idle' });
  const latest = useRef(0);
  const run = (typed: string, allowed: string[]) => {
    const n = ++latest.current;
    setLookup({ kind: 'resolving', name: typed });
    api.resolveName(typed, allowed).then(
      (view) => n === latest.current && setLookup({ kind: 'resolved', typed, view }),
      (err: unknown) => {
        if (n !== latest.current) return;
        const like = errorLike(err);
        const got = (err as { got?: unknown }).got;
        if (like.code === 'GATEWAY_NOT_ALLOWED' && typeof got === 'string') setLookup({ kind: 'gateway', typed, origins: got.split('\n').filter((o) => o !== '') });
        else setLookup({ kind: 'error', typed, text: like.message });
      },
    );
  };
  useEffect(() => {
    const typed = to.trim();
    if (!isNameLike(typed)) {
      latest.current++;
      setLookup({ kind: 'idle' });
      return;
    }
    const timer = setTimeout(() => run(typed, []), delayMs);
    return () => clearTimeout(timer);
  }, [to]);
  const allowGateways = (origins: string[]) => {
    const typed = to.trim();
    // The host permission first, within the click (a browser grants a prompt only there).
    const asked = api.requestHosts ? api.requestHosts(origins) : Promise.resolve(true);
    void asked.then((granted) => {
      if (granted) run(typed, origins);
      else setLookup({ kind: 'error', typed, text: 'Vigil may not reach that gateway: the name was not looked up.' });
    });
  };
  return { lookup, allowGateways };
}

/** The address a looked-up name sends to, or why there is none (in words), for the name now typed. */
export function recipientOf(lookup: RecipientLookup, to: string): { ok: true; address: string; name: string } | { ok: false; reason: string } {
  const typed = to.trim();
  if (lookup.kind === 'resolved' && lookup.typed === typed) {
    if (lookup.view.address === null) return { ok: false, reason: `Recipient: ${lookup.view.name} has no address.` };
    return { ok: true, address: lookup.view.address, name: lookup.view.name };
  }
  if (lookup.kind === 'gateway' && lookup.typed === typed) return { ok: false, reason: 'Recipient: allow the gateway to look the name up first.' };
  if (lookup.kind === 'error' && lookup.typed === typed) return { ok: false, reason: `Recipient: ${lookup.text}` };
  return { ok: false, reason: 'Recipient: the name is being looked up.' };
}

/** Whether the name now typed is still being looked up (or about to be: the typing pause has not ended). */
export function lookupPending(lookup: RecipientLookup, to: string): boolean {
  const typed = to.trim();
  if (!isNameLike(typed)) return false;
  return lookup.kind === 'idle' || lookup.kind === 'resolving' || lookup.typed !== typed;
}

/** What the form shows under "To" for a name: the proven address beside it, or the gateway's question. */
export function RecipientNote({ lookup, allowGateways }: ReturnType<typeof useRecipientName>): ComponentChild {
  switch (lookup.kind) {
    case 'idle':
      return null;
    case 'resolving':
      return h('p', { class: 'note busy', 'data-testid': 'send-name' }, `Looking up ${lookup.name} by verified call…`);
    case 'error':
      return h('p', { class: 'note bad', 'data-testid': 'send-name', 'data-kind': 'error' }, lookup.text);
    case 'gateway':
      return h(
        'div',
        { class: 'note warn', 'data-testid': 'send-name', 'data-kind': 'gateway' },
        h('p', null, `${lookup.typed} is served offchain by ${lookup.origins.join(', ')}. The gateway will see the name you look up; its answer is shown with where it comes from.`),
        h('button', { type: 'button', class: 'link', 'data-testid': 'send-name-allow', onClick: () => allowGateways(lookup.origins) }, `Ask ${lookup.origins.join(', ')}`),
      );
    case 'resolved': {
      const { view } = lookup;
      if (view.address === null) return h('p', { class: 'note bad', 'data-testid': 'send-name', 'data-kind': 'none' }, `${view.name} has no address (proven at block ${view.at.blockNumber}).`);
      const p = view.provenance;
      const tone = p.kind === 'gateway' ? 'warn' : 'good';
      return h(
        'p',
        { class: `note ${tone}`, 'data-testid': 'send-name', 'data-kind': p.kind },
        h('span', null, `${view.name} → `),
        h('span', { class: 'mono wrap', 'data-testid': 'send-name-address' }, view.address),
        h('small', { 'data-testid': 'send-name-provenance' }, ` · ${NAME_PROVENANCE_WORDS[p.kind]}${p.kind === 'proven' ? '' : ` (gateway ${p.gateways.join(', ')} saw the name)`} at block ${view.at.blockNumber}`),
      );
    }
  }
}

/**
 * ENS names in the CLI: a command that takes an address takes a name too, resolved by verified
 * eth_call at the command's own verified head (src/client/wallet/ens/names.ts) through the network's
 * UniversalResolver (`--ens-resolver` on a network Vigil does not ship). An offchain name's gateway
 * sees the name: it is asked only with `--gateways`, and each one asked is said on stderr.
 * @module
 */
import { isDefaultNetwork } from '../client/network/default-endpoints.ts';
import { type NameDeps, resolveName, type ResolvedName } from '../client/wallet/ens/names.ts';
import { getVerifiedAccount } from '../client/verified/reads.ts';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { askGateway } from '../rpc/ccip-gateway.ts';
import { NameError } from '../wallet/ens/errors.ts';
import { UNIVERSAL_RESOLVERS } from '../wallet/ens/deployments.ts';
import { looksLikeName } from '../wallet/ens/looks-like-name.ts';
import { PINNED_VERIFYING_RESOLVERS } from '../wallet/ens/pins.ts';
import { PROVENANCE_WORDS } from '../wallet/ens/provenance.ts';
import { sessionCalls } from './session-calls.ts';
import type { HeadSession } from './verified-head.ts';

export const nameOptions = {
  'ens-resolver': { type: 'string' },
  gateways: { type: 'boolean' },
} as const;

export const nameUsage = '[--ens-resolver <address>] [--gateways]';

export const nameHelp = `  <address> may be an ENS name, resolved by verified eth_call of the network's UniversalResolver
  (mainnet's and sepolia's are built in; --ens-resolver gives another network's) at the same
  verified head; the output adds {"name","nameProvenance"}. An offchain name's gateway sees the
  name: Vigil asks it only with --gateways (each one asked is said on stderr), and its answer is
  "checked by the resolver contract" only when the resolver's proven code is one Vigil pins.`;

/** The names of a session: its head, its RPC, the local EVM. */
export function sessionNames(session: HeadSession, values: { 'ens-resolver'?: string | undefined; gateways?: boolean | undefined }): NameDeps {
  const { head, execution, onRejected } = sessionCalls(session);
  const ur = values['ens-resolver'] !== undefined ? bytesToHex(hexToBytes(values['ens-resolver'], 20, '--ens-resolver')) : UNIVERSAL_RESOLVERS[session.config.name];
  return {
    chain: {
      network: { chainId: head.env.chainId, name: session.config.name, maxHeadAgeSeconds: 0, secondsPerSlot: 0 },
      signingHead: () => head,
      proveAccount: async (address) => {
        const { account } = await getVerifiedAccount({ rpc: session.rpc, head: session.head, address: address.toLowerCase(), finalized: session.finalized, onRejected });
        return { address, nonce: account.nonce, balance: account.balance, codeHash: bytesToHex(account.codeHash), blockNumber: head.head.blockNumber, blockHash: head.head.blockHash };
      },
      execution: execution as never,
    },
    universalResolver: ur,
    askGateway: (request) => {
      session.warn(`asked the ENS gateway ${new URL(request.url).origin}: it saw the name`);
      // Loopback and LAN gateways only on the user's own network (a devnet), never on a network Vigil ships.
      return askGateway(request, { signal: session.signal, allowPrivate: !isDefaultNetwork(session.config.name) });
    },
    allowedGateways: values.gateways === true ? 'any' : [],
    pins: PINNED_VERIFYING_RESOLVERS,
  };
}

/**
 * `value` as an address: itself when it is one, else the name's proven address.
 * @throws InputError (not a name ENSIP-15 takes; a name with no address), NameError (with a hint for
 *   GATEWAY_NOT_ALLOWED), the proofs' errors
 */
export async function addressOrName(session: HeadSession, values: Parameters<typeof sessionNames>[1], value: string): Promise<{ address: string; name?: ResolvedName }> {
  if (!looksLikeName(value)) return { address: bytesToHex(hexToBytes(value, 20, 'address')) };
  try {
    const name = await resolveName(sessionNames(session, values), value);
    if (name.address === null) throw new InputError(`${name.name} has no address (proven at block ${name.at.blockNumber})`);
    return { address: name.address.toLowerCase(), name };
  } catch (err) {
    if (err instanceof NameError && err.code === 'GATEWAY_NOT_ALLOWED') {
      throw new NameError('GATEWAY_NOT_ALLOWED', `${value} is served by an offchain gateway (${err.got ?? '?'}), which would see the name: run again with --gateways to ask it`, err.got === undefined ? {} : { got: err.got });
    }
    throw err;
  }
}

/** The JSON a command adds for a name. */
export function nameJson(name: ResolvedName | undefined): Record<string, unknown> {
  if (name === undefined) return {};
  return { name: name.name, nameProvenance: { ...name.provenance, words: PROVENANCE_WORDS[name.provenance.kind] } };
}



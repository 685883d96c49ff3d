/**
 * ENS names by verified eth_call over proven state: forward (name → address) and reverse (address
 * → primary name, checked forward), through the network's UniversalResolver run on the local EVM
 * at the signing head, every account, slot and code it touches proven (../../verified/call.ts).
 *
 * Offchain resolvers (EIP-3668): when the UniversalResolver reverts OffchainLookup, its sender is
 * checked to be the resolver contract called, Vigil plays the batch gateway it names
 * (`x-batch-gateway:true`), asks each resolver's gateway (I/O passed in: src/rpc/ccip-gateway.ts)
 * only when the caller allowed that gateway (it sees the name: the popup asks the user), and the
 * callback runs on the local EVM over the same proven state. The answer's provenance says whether
 * a gateway was asked and whether every contract that judged its answer is a pinned verifying
 * resolver (src/wallet/ens/provenance.ts). A lying endpoint cannot change an answer: its proofs are
 * refused and the engine asks another (a VerificationError when none verifies).
 * @module
 */
import { TransportError, VerificationError, VigilError } from '../../../core/errors.ts';
import { answerJudges, type BatchAnswer, type BatchQuery, callbackCalldata, encodeBatchAnswers, gatewayOrigin, gatewayRequest, type GatewayRequest, isOffchainLookup, MAX_GATEWAY_URLS, readBatchQuery, readOffchainLookup } from '../../../wallet/ens/ccip.ts';
import { NameError } from '../../../wallet/ens/errors.ts';
import { normalizeName } from '../../../wallet/ens/normalize.ts';
import { type NameProvenance, provenanceOf, type VerifyingResolver, weakerProvenance } from '../../../wallet/ens/provenance.ts';
import { checkReverse, type ReverseVerdict } from '../../../wallet/ens/reverse.ts';
import { decodeResolveAddr, decodeReverse, LOCAL_BATCH_GATEWAY, NO_ANSWER_ERRORS, resolveAddrCalldata, reverseCalldata, universalResolverError, type UniversalResolverErrorName } from '../../../wallet/ens/universal-resolver.ts';
import { WalletError } from '../../../wallet/errors.ts';
import { toChecksumAddress } from '../../../wallet/keys.ts';
import type { WalletChain, WalletHead } from '../transactions.ts';

/** Callbacks one resolution may take (viem follows 4 nested lookups; a reverse lookup checked forward takes two rounds of its own). */
export const MAX_LOOKUP_ROUNDS = 8;
/** Gateway queries one resolution may send in all. */
export const MAX_GATEWAY_QUERIES = 16;

export interface NameDeps {
  chain: Pick<WalletChain, 'signingHead' | 'proveAccount' | 'execution' | 'network'>;
  /** The network's UniversalResolver (lower-case or checksummed); undefined: none known here. */
  universalResolver: string | undefined;
  /** Asks one gateway (src/rpc/ccip-gateway.ts askGateway). */
  askGateway(request: GatewayRequest): Promise<Uint8Array>;
  /** Gateway origins the caller allows to see the name (`any`: the CLI's user asked for it); default none. */
  allowedGateways?: readonly string[] | 'any';
  /** Resolvers pinned as verifying a gateway's answer (src/wallet/ens/pins.ts). */
  pins: readonly VerifyingResolver[];
}

/** The verified block an answer rests on. */
export interface NameBlock {
  blockNumber: string;
  blockHash: string;
}

export interface ResolvedName {
  /** The name as resolved and shown: its ENSIP-15 normalized form. */
  name: string;
  /** Checksummed; null when the name has no address (no resolver, no record). */
  address: string | null;
  /** The resolver that answered (lower-case), when one did. */
  resolver: string | null;
  provenance: NameProvenance;
  at: NameBlock;
}

export interface LookedUpAddress {
  address: string;
  /** The primary name, shown only when it is normalized and resolves forward to `address`. */
  name: string | null;
  /** Why there is none. */
  why?: Extract<ReverseVerdict, { name: null }>['why'] | 'refused' | 'offchain';
  provenance: NameProvenance;
  at: NameBlock;
}

/**
 * The address of `name` (normalized first), proven.
 * @throws InputError (ENSIP-15 refuses the name), NameError (no UniversalResolver here, a gateway not
 *   allowed or failed, an EIP-3668 check, the resolver refused the answer), WalletError STALE_HEAD,
 *   VerificationError / TransportError from the proofs
 * @example const { address, provenance } = await resolveName(deps, 'Nick.eth')
 */
export async function resolveName(deps: NameDeps, name: string): Promise<ResolvedName> {
  const normalized = normalizeName(name);
  const { head, ur } = where(deps);
  return resolveAt(deps, head, ur, normalized);
}

async function resolveAt(deps: NameDeps, head: WalletHead, ur: string, name: string): Promise<ResolvedName> {
  const at = blockOf(head);
  const run = await runThroughResolver(deps, head, ur, resolveAddrCalldata(name));
  const provenance = await provenanceAt(deps, head, run);
  if (run.outcome === 'no-answer') return { name, address: null, resolver: null, provenance, at };
  const { address, resolver } = decodeResolveAddr(run.returnData);
  return { name, address: address === null ? null : toChecksumAddress(address), resolver, provenance, at };
}

/**
 * The primary name of `address`: the reverse record as the UniversalResolver reads it, shown only
 * when normalized and when Vigil's own forward resolution of it gives `address` back.
 * @throws as {@link resolveName}; a resolver that refused (a gateway's answer it would not take) is
 *   no name, `why: 'refused'`
 */
export async function lookupAddress(deps: NameDeps, address: string): Promise<LookedUpAddress> {
  const checksummed = toChecksumAddress(address);
  const { head, ur } = where(deps);
  const at = blockOf(head);
  let run: ResolverRun;
  try {
    run = await runThroughResolver(deps, head, ur, reverseCalldata(checksummed));
  } catch (err) {
    if (err instanceof NameError && err.code === 'RESOLVER_REFUSED') return { address: checksummed, name: null, why: 'refused', provenance: { kind: 'proven' }, at };
    // A reverse record served offchain, its gateway not allowed: no name rather than the address told to a gateway.
    if (err instanceof NameError && err.code === 'GATEWAY_NOT_ALLOWED') return { address: checksummed, name: null, why: 'offchain', provenance: { kind: 'proven' }, at };
    throw err;
  }
  const reverseProvenance = await provenanceAt(deps, head, run);
  if (run.outcome === 'no-answer') return { address: checksummed, name: null, why: run.error === 'ReverseAddressMismatch' ? 'forward-mismatch' : 'no-record', provenance: reverseProvenance, at };
  const claimed = decodeReverse(run.returnData).name;
  const first = checkReverse(checksummed, claimed, checksummed);
  if (first.name === null) return { address: checksummed, name: null, why: first.why, provenance: reverseProvenance, at };
  let forward: ResolvedName;
  try {
    forward = await resolveAt(deps, head, ur, claimed);
  } catch (err) {
    if (err instanceof NameError && err.code === 'RESOLVER_REFUSED') return { address: checksummed, name: null, why: 'refused', provenance: reverseProvenance, at };
    if (err instanceof NameError && err.code === 'GATEWAY_NOT_ALLOWED') return { address: checksummed, name: null, why: 'offchain', provenance: reverseProvenance, at };
    throw err;
  }
  const verdict = checkReverse(checksummed, claimed, forward.address);
  const provenance = weakerProvenance(reverseProvenance, forward.provenance);
  return verdict.name === null ? { address: checksummed, name: null, why: verdict.why, provenance, at } : { address: checksummed, name: verdict.name, provenance, at };
}

function where(deps: NameDeps): { head: WalletHead; ur: string } {
  if (deps.universalResolver === undefined) throw new NameError('NO_RESOLVER_ON_NETWORK', `Vigil knows no ENS UniversalResolver on ${deps.chain.network.name}`);
  const head = deps.chain.signingHead();
  if (head === undefined) throw new WalletError('STALE_HEAD', `the light client has no head of ${deps.chain.network.name} two thirds of its sync committee signed yet`);
  return { head, ur: deps.universalResolver.toLowerCase() };
}

function blockOf(head: WalletHead): NameBlock {
  return { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash };
}

/** What a run through the UniversalResolver came to, and which gateways and judges it involved. */
type ResolverRun = ({ outcome: 'answer'; returnData: string } | { outcome: 'no-answer'; error: UniversalResolverErrorName }) & { gateways: string[]; judges: string[] };

/**
 * Calls the UniversalResolver at `head` with `calldata`, following its OffchainLookups (each
 * callback at the same head) until it returns or reverts otherwise.
 */
async function runThroughResolver(deps: NameDeps, head: WalletHead, ur: string, calldata: string): Promise<ResolverRun> {
  const gateways = new Set<string>();
  const judges = new Set<string>();
  const budget = { queries: MAX_GATEWAY_QUERIES };
  let data = calldata;
  for (let round = 0; round <= MAX_LOOKUP_ROUNDS; round++) {
    const { outcome } = await deps.chain.execution.run({ env: head.env, mode: 'call', call: { to: ur, data } });
    const seen = { gateways: [...gateways], judges: [...judges] };
    if (outcome.status === 'success') return { outcome: 'answer', returnData: outcome.returnData, ...seen };
    if (outcome.status !== 'reverted') throw new NameError('RESOLUTION_FAILED', `the UniversalResolver did not finish (${outcome.status}${outcome.message ? `: ${outcome.message}` : ''})`);
    if (!isOffchainLookup(outcome.returnData)) {
      const error = universalResolverError(outcome.returnData);
      if (error !== undefined && NO_ANSWER_ERRORS.has(error.name)) return { outcome: 'no-answer', error: error.name, ...seen };
      throw resolverRevert(error, outcome.returnData);
    }
    if (round === MAX_LOOKUP_ROUNDS) break;
    const lookup = readOffchainLookup(outcome.returnData, ur);
    let response: Uint8Array;
    if (lookup.urls.includes(LOCAL_BATCH_GATEWAY)) {
      const queries = readBatchQuery(lookup.callData);
      for (const q of queries) judges.add(q.sender);
      response = encodeBatchAnswers(await askBatch(deps, queries, gateways, budget));
    } else {
      // A lookup forwarded without the batch gateway: its gateways are asked as one query.
      const query: BatchQuery = { sender: lookup.sender, urls: lookup.urls, data: lookup.callData };
      for (const j of answerJudges(lookup, undefined)) judges.add(j);
      const [answer] = await askBatch(deps, [query], gateways, budget);
      if (!answer!.ok) throw new NameError('GATEWAY_FAILED', `the gateway did not answer: ${answer!.message}`);
      response = answer!.data;
    }
    data = callbackCalldata(lookup, response);
  }
  throw new NameError('OFFCHAIN_LIMIT', 'the resolution kept asking gateways', { expected: `at most ${MAX_LOOKUP_ROUNDS} rounds` });
}

/**
 * Each query's gateways asked in turn (the first URL that answers). Every origin the queries name
 * must be allowed before any is asked: the user is asked once for all of them.
 */
async function askBatch(deps: NameDeps, queries: readonly BatchQuery[], gateways: Set<string>, budget: { queries: number }): Promise<BatchAnswer[]> {
  const allowed = deps.allowedGateways ?? [];
  const requests = queries.map((q) => q.urls.slice(0, MAX_GATEWAY_URLS).map((url) => ({ origin: gatewayOrigin(url), request: gatewayRequest(url, q.sender, q.data) })).filter((r): r is { origin: string; request: GatewayRequest } => r.origin !== undefined && r.request !== undefined));
  const origins = [...new Set(requests.flat().map((r) => r.origin))];
  const refused = allowed === 'any' ? [] : origins.filter((o) => !allowed.includes(o));
  if (refused.length > 0) {
    throw new NameError('GATEWAY_NOT_ALLOWED', 'the name is served by an offchain gateway, which would see the name: allow it to ask', { got: refused.join('\n') });
  }
  budget.queries -= queries.length;
  if (budget.queries < 0) throw new NameError('OFFCHAIN_LIMIT', 'the resolution asked too many gateway queries', { expected: `at most ${MAX_GATEWAY_QUERIES}` });
  return Promise.all(
    requests.map(async (candidates): Promise<BatchAnswer> => {
      let last: BatchAnswer = { ok: false, message: 'no http(s) gateway URL' };
      for (const { origin, request } of candidates) {
        gateways.add(origin);
        try {
          return { ok: true, data: await deps.askGateway(request) };
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
          last = { ok: false, ...(err.status !== undefined ? { status: err.status } : {}), message: err.shortMessage };
        }
      }
      return last;
    }),
  );
}

function resolverRevert(error: ReturnType<typeof universalResolverError>, revertData: string): NameError {
  if (error?.name === 'ResolverError') return new NameError('RESOLVER_REFUSED', 'the resolver reverted: it gave no answer (a verifying resolver refuses a gateway answer it cannot check)', { details: String(error.args[0]).slice(0, 400) });
  if (error?.name === 'HttpError') return new NameError('GATEWAY_FAILED', `the gateway failed: HTTP ${String(error.args[0])} ${String(error.args[1]).slice(0, 200)}`);
  return new NameError('RESOLUTION_FAILED', `the UniversalResolver reverted${error ? ` ${error.name}` : ''}`, { details: revertData.slice(0, 400) });
}

/** The provenance of a run: each judge's code hash proven at the head (a pin is a code hash). */
async function provenanceAt(deps: NameDeps, head: WalletHead, run: ResolverRun): Promise<NameProvenance> {
  if (run.gateways.length === 0) return { kind: 'proven' };
  const judges = await Promise.all(
    run.judges.map(async (address) => {
      try {
        return { address, codeHash: (await deps.chain.proveAccount(address, head)).codeHash };
      } catch (err) {
        // A judge whose code could not be proven is no pinned judge; a lie is still a lie.
        if (err instanceof VerificationError) throw err;
        if (err instanceof VigilError) return { address, codeHash: '' };
        throw err;
      }
    }),
  );
  return provenanceOf(run.gateways, judges, deps.pins);
}

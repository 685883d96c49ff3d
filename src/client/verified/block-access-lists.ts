/**
 * A block's EIP-7928 access list, fetched (`eth_getBlockAccessList`) for a block whose header the
 * light client verified, and used only once it hashes to that header's `blockAccessListHash`
 * (src/execution/block/access-list.ts). The endpoints are asked in turn: one whose answer does not
 * verify is demoted and the next is asked. A list an endpoint has pruned (JSON-RPC error 4444,
 * execution-apis #851) is said as such (`HISTORY_PRUNED`), not as a failure of the endpoint.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { InputError, TransportError, VigilError } from '../../core/errors.ts';
import { verifyBlockAccessList, type VerifiedBlockAccessList } from '../../execution/block/access-list.ts';
import { firstFailure, type HeaderRpc, notAvailable, type VerifiedHeader } from './headers.ts';

/** JSON-RPC error of a pruned history (execution-apis #851). */
export const PRUNED_HISTORY_CODE = 4444;
/** A block's access list as JSON (a block of code deployments runs to a few MB). */
const BAL_MAX_BYTES = 32 * 1024 * 1024;
const METHOD = 'eth_getBlockAccessList';

export interface BlockAccessListOptions {
  /** Told of each answer refused (a lie or a transport failure), with its endpoint. */
  onRejected?: (error: VigilError, endpoint: string) => void;
}

/**
 * The verified access list of the block `verified` heads.
 * @throws InputError when the header has no blockAccessListHash (a block before Amsterdam);
 *   VerificationError BLOCK_ACCESS_LIST_HASH_MISMATCH (or InputError, for a malformed answer)
 *   when no endpoint's answer verifies and one lied; TransportError HISTORY_PRUNED when the
 *   endpoints pruned it, NOT_AVAILABLE when they did not have it, or another transport failure.
 * @example const bal = await fetchBlockAccessList(rpc, await headers.byNumber(n));
 */
export async function fetchBlockAccessList(rpc: HeaderRpc, verified: VerifiedHeader, options: BlockAccessListOptions = {}): Promise<VerifiedBlockAccessList> {
  const { header, hash } = verified;
  // Before any request: a block without the commitment has no list to check.
  if (header.blockAccessListHash === undefined) throw new InputError(`block ${header.number} has no blockAccessListHash: it is before Amsterdam, and has no block access list`);
  const failures: VigilError[] = [];
  for (const endpoint of rpc.endpoints) {
    try {
      const answer = await rpc.callAt(endpoint, METHOD, [bytesToHex(hash)], BAL_MAX_BYTES);
      if (answer === null) throw notAvailable(endpoint, `the block access list of block ${header.number}`);
      return verifyBlockAccessList(header, hash, answer);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      const failure = pruned(err, endpoint, header.number) ?? err;
      if (!(failure instanceof TransportError)) rpc.demote(endpoint);
      failures.push(failure);
      options.onRejected?.(failure, endpoint);
    }
  }
  throw firstFailure(failures, METHOD);
}

/** The endpoint's error 4444 as HISTORY_PRUNED; undefined for any other error. */
function pruned(err: VigilError, endpoint: string, number: bigint): TransportError | undefined {
  if (!(err instanceof TransportError) || err.code !== 'RPC_ERROR' || err.rpcCode !== PRUNED_HISTORY_CODE) return undefined;
  return new TransportError('HISTORY_PRUNED', `the RPC has pruned the block access list of block ${number} (error ${PRUNED_HISTORY_CODE})`, {
    url: endpoint,
    rpcCode: PRUNED_HISTORY_CODE,
    cause: err,
  });
}

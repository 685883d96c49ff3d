/**
 * `eth_createAccessList` for the Hardhat reference node, which lacks it (it answers -32004): the
 * independent answer Vigil's own is compared with (test/integration/execution-reference.test.ts;
 * the devnet's node serves the method itself). Computed as
 * go-ethereum's internal/ethapi `AccessList` does: trace the call with the list found so far
 * applied, add everything the trace touched, and repeat until the list no longer grows (a
 * warmer list changes gas, and gas can change the path). The answer is go-ethereum's:
 * `{accessList, gasUsed}` for the last run, plus `error` when the call failed.
 *
 * A full trace (every step's stack) is the slow part, so the run that checks a grown list is
 * first traced without stacks: when it takes the same path it touches the same accounts and
 * slots, and the list is stable. Usually: one full trace and one path trace.
 *
 * Departures, each where the struct-log trace cannot say more: a missing `from` is the zero
 * address (go-ethereum's default; Hardhat's own default would be its first dev account);
 * slots touched by a creation that failed are left out; EIP-7702 authorization lists are not
 * handled (the devnet never sends one).
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { InputError } from '../../src/core/errors.ts';
import { isObject } from '../../src/core/json.ts';
import { encodeRlp } from '../../src/core/rlp.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { type AccessTuple, accessListOfTrace, failureOf, parseTrace, sameAccessList, samePath, type Trace } from './access-list-trace.ts';

/** One JSON-RPC call to the node; throws its error. */
export type NodeCall = (method: string, params: unknown[]) => Promise<unknown>;

export interface AccessListResult {
  accessList: AccessTuple[];
  gasUsed: string;
  error?: string;
}

/** go-ethereum has no bound but the request's context; a list can only grow, so it ends. */
const MAX_ROUNDS = 16;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
/** Only the stack is needed: memory and storage would multiply the trace's size. */
const TRACE_OPTIONS = { disableMemory: true, disableStorage: true, enableMemory: false, enableReturnData: false };
/** Just the path (op, pc, depth) and the gas: a tenth of the bytes, several times faster. */
const PATH_OPTIONS = { ...TRACE_OPTIONS, disableStack: true };

/**
 * @param params eth_createAccessList's: `[call, block?]` (block default `latest`: Hardhat's
 *   pending block is its mempool, not what a client would pin a call to).
 * @param precompiles the fork's precompile addresses (lower case), never listed on their own.
 * @example
 * const result = await createAccessList((m, p) => jsonRpcCall(node, m, p, opts), [{ to, data }, 'latest'], PRECOMPILES.osaka);
 */
export async function createAccessList(call: NodeCall, params: unknown, precompiles: readonly string[]): Promise<AccessListResult> {
  if (!Array.isArray(params) || params.length < 1 || params.length > 3 || !isObject(params[0])) {
    throw new InputError('eth_createAccessList expects [transaction, block]');
  }
  const tx = params[0];
  const block = params[1] ?? 'latest';
  const from = typeof tx.from === 'string' ? tx.from.toLowerCase() : ZERO_ADDRESS;
  const to = typeof tx.to === 'string' ? tx.to.toLowerCase() : await createdAddress(call, from, tx.nonce, block);
  const exclude = new Set([from, to, ...precompiles]);
  const given = tx.accessList === undefined || tx.accessList === null ? [] : accessListParam(tx.accessList);

  const trace = (list: AccessTuple[], options: object) => call('debug_traceCall', [{ ...tx, from, accessList: list }, block, options]).then(parseTrace);
  const answer = (list: AccessTuple[], run: Trace): AccessListResult => {
    const error = failureOf(run);
    return { accessList: list, gasUsed: bigIntToHex(run.gas), ...(error !== undefined ? { error } : {}) };
  };

  let list = accessListOfTrace([], { to, exclude, initial: given });
  let run = await trace(list, TRACE_OPTIONS);
  for (let round = 1; ; round++) {
    const found = accessListOfTrace(run.structLogs, { to, exclude, initial: list });
    if (sameAccessList(found, list)) return answer(list, run);
    list = found;
    // With the longer list the call may take another path (gas changed), or the same one: then it
    // touches the same accounts and slots, the list is stable, and only its gas is new.
    const path = await trace(list, PATH_OPTIONS);
    if (samePath(path.structLogs, run.structLogs) || round === MAX_ROUNDS) return answer(list, path);
    run = await trace(list, TRACE_OPTIONS);
  }
}

/** The address a creation from `from` gets: keccak256(rlp([from, nonce]))[12:]. */
async function createdAddress(call: NodeCall, from: string, nonce: unknown, block: unknown): Promise<string> {
  const n = typeof nonce === 'string' ? hexToBigInt(nonce, 'nonce') : hexToBigInt(await call('eth_getTransactionCount', [from, block]), 'nonce');
  return bytesToHex(keccak256(encodeRlp([hexToBytes(from, 20, 'from'), n])).subarray(12));
}

function accessListParam(value: unknown): AccessTuple[] {
  if (!Array.isArray(value)) throw new InputError('"accessList" expected an array');
  return value.map((t, i) => {
    if (!isObject(t) || typeof t.address !== 'string' || !Array.isArray(t.storageKeys)) {
      throw new InputError(`"accessList[${i}]" expected {address, storageKeys}`);
    }
    hexToBytes(t.address, 20, `accessList[${i}].address`);
    for (const [j, key] of t.storageKeys.entries()) hexToBytes(key, 32, `accessList[${i}].storageKeys[${j}]`);
    return { address: t.address, storageKeys: t.storageKeys as string[] };
  });
}

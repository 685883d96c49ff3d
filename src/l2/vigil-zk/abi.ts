/**
 * VigilRollup's interface as the client speaks it (circuits/SPEC.md "The L1 contract"): function
 * selectors and static-word call encodings, and the events' topics. One place, so the follower,
 * the exit and the wallet cannot drift apart on a signature.
 * @module
 */
import { eventTopic, functionSelector } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';

export { eventTopic };

/** The 4-byte selector of a function signature. */
export function selector(signature: string): Uint8Array {
  return hexToBytes(functionSelector(signature));
}

/** A call whose arguments are all static uint256 words (arrays of them inline): selector ‖ words. */
export function encodeWords(sel: Uint8Array, words: readonly bigint[]): string {
  return bytesToHex(concatBytes(sel, ...words.map((w) => bigIntToBytesPadded(w, 32))));
}

export const BATCH_COMMITTED_TOPIC = /* @__PURE__ */ eventTopic('BatchCommitted(uint256,uint256,uint256,uint256,uint256,uint256)');
/** `BatchQueueAcc(uint256 indexed batch, uint256 queueAccStart, uint256 queueAccEnd)`: the queue accumulators the batch's proof was verified on (SPEC "Batches in blobs"). */
export const BATCH_QUEUE_ACC_TOPIC = /* @__PURE__ */ eventTopic('BatchQueueAcc(uint256,uint256,uint256)');
export const FORCED_WITHDRAWAL_REQUESTED_TOPIC = /* @__PURE__ */ eventTopic('ForcedWithdrawalRequested(uint256,uint256,address)');
export const ESCAPED_TOPIC = /* @__PURE__ */ eventTopic('Escaped(uint256,address,uint256)');

const DEPOSIT = /* @__PURE__ */ selector('deposit(uint256,uint256,uint256)');
/** deposit's `to` that opens a new account at nextAccountIndex. */
export const NEW_ACCOUNT = (1n << 256n) - 1n;

/**
 * The arguments of a deposit call's calldata (0x-hex), or undefined when it is not exactly
 * deposit(uint256,uint256,uint256): another selector, or not three whole words.
 */
export function decodeDeposit(data: string): { to: bigint; ax: bigint; ay: bigint } | undefined {
  const hex = data.toLowerCase();
  if (hex.length !== 2 + 8 + 3 * 64 || hex.slice(0, 10) !== bytesToHex(DEPOSIT) || !/^0x[0-9a-f]*$/.test(hex)) return undefined;
  const word = (i: number) => BigInt('0x' + hex.slice(10 + 64 * i, 74 + 64 * i));
  return { to: word(0), ax: word(1), ay: word(2) };
}

/** deposit(to, ax, ay): a top-up of account `to` (ax = ay = 0), or a new account (NEW_ACCOUNT) with that L2 key. */
export function encodeDeposit(to: bigint, ax: bigint, ay: bigint): string {
  return encodeWords(DEPOSIT, [to, ax, ay]);
}

/**
 * The ExecutionPayload an OP Stack block gossips, in its four versions, read strictly from SSZ, and
 * the header its fork builds from it.
 *
 * Layouts (consensus-specs ExecutionPayload, Bellatrix → Deneb, with the OP Stack's Isthmus field):
 * - v1 Bedrock: the Bellatrix fields (fixed part 508 bytes: extraData and transactions by offset);
 * - v2 Canyon: + withdrawals (offset; always empty on an OP chain);
 * - v3 Ecotone: + blobGasUsed, excessBlobGas;
 * - v4 Isthmus: + withdrawalsRoot, the L2ToL1MessagePasser's storage root (specs
 *   isthmus/exec-engine.md "Update to ExecutionPayload"; op-alloy OpExecutionPayloadV4).
 * Bounds: MAX_EXTRA_DATA_BYTES 32, MAX_TRANSACTIONS_PER_PAYLOAD 2^20, MAX_WITHDRAWALS_PER_PAYLOAD 16
 * (consensus-specs bellatrix/capella beacon-chain.md; op-node op-service/eth/ssz.go uses the same).
 *
 * The header (checkBlockHash): Shanghai's withdrawalsRoot from v2, Cancun's blob fields and the
 * parent beacon block root from v3, Prague's requestsHash from v4, where the OP Stack takes the
 * empty requests' hash, sha256("") (EIP-7685; kona crates/node/gossip/src/block_validity.rs), and
 * the header's withdrawalsRoot is the payload's own withdrawalsRoot field rather than the root of
 * its (empty) withdrawals list (specs isthmus/exec-engine.md).
 * @module
 */
import { bytesToHex, concatBytes, equalBytes } from '../../../core/bytes.ts';
import { InputError, VerificationError } from '../../../core/errors.ts';
import { sha256 } from '../../../crypto/sha256.ts';
import { type BlockHeader, EMPTY_OMMERS_HASH, headerHash } from '../../../execution/header.ts';
import { transactionsRoot } from '../../../execution/transactions.ts';
import { type Withdrawal, withdrawalsRoot } from '../../../execution/withdrawals.ts';

/** The gossip topic's version: `/optimism/<chainId>/<version − 1>/blocks`. */
export type GossipVersion = 1 | 2 | 3 | 4;
export const GOSSIP_VERSIONS: readonly GossipVersion[] = [1, 2, 3, 4];

export interface ExecutionPayload {
  parentHash: Uint8Array;
  feeRecipient: Uint8Array;
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  prevRandao: Uint8Array;
  blockNumber: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  baseFeePerGas: bigint;
  blockHash: Uint8Array;
  /** Each an EIP-2718 envelope, as the block's transactions trie holds it. */
  transactions: Uint8Array[];
  /** v2 on. */
  withdrawals?: Withdrawal[];
  /** v3 on; from Jovian the block's DA footprint. */
  blobGasUsed?: bigint;
  /** v3 on. */
  excessBlobGas?: bigint;
  /** v4 on: the L2ToL1MessagePasser's storage root. */
  withdrawalsRoot?: Uint8Array;
}

/** Bytes of each version's fixed part (offsets of 4 bytes stand for the variable fields). */
export const PAYLOAD_FIXED_SIZE: Readonly<Record<GossipVersion, number>> = { 1: 508, 2: 512, 3: 528, 4: 560 };
const EXTRA_DATA_OFFSET_AT = 436;
const TRANSACTIONS_OFFSET_AT = 504;
const WITHDRAWALS_OFFSET_AT = 508;
const WITHDRAWAL_SIZE = 44;
export const MAX_EXTRA_DATA_BYTES = 32;
export const MAX_TRANSACTIONS_PER_PAYLOAD = 1 << 20;
export const MAX_WITHDRAWALS_PER_PAYLOAD = 16;

/** EIP-7685's requests hash of no requests: sha256 of the empty string. */
export const EMPTY_REQUESTS_HASH: Uint8Array = /* @__PURE__ */ sha256(new Uint8Array());

const u32 = (b: Uint8Array, at: number): number => b[at]! + b[at + 1]! * 2 ** 8 + b[at + 2]! * 2 ** 16 + b[at + 3]! * 2 ** 24;
function uintLE(b: Uint8Array, at: number, n: number): bigint {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[at + i]!);
  return x;
}

/**
 * An SSZ ExecutionPayload of `version`, strictly: the extraData offset right after the fixed part,
 * offsets in order and inside the bytes, lists within their bounds, nothing left over.
 * @throws InputError naming the field and what was wrong.
 * @example decodeExecutionPayload(ssz, 4).withdrawalsRoot
 */
export function decodeExecutionPayload(bytes: Uint8Array, version: GossipVersion): ExecutionPayload {
  const title = `payload (v${version})`;
  const bad = (what: string) => new InputError(`${title}: ${what}`);
  const fixed = PAYLOAD_FIXED_SIZE[version];
  if (bytes.length < fixed) throw bad(`expected at least ${fixed} bytes, got ${bytes.length}`);
  const at = (start: number, n: number) => bytes.slice(start, start + n);
  const extraAt = u32(bytes, EXTRA_DATA_OFFSET_AT);
  if (extraAt !== fixed) throw bad(`"extraData" offset expected ${fixed}, got ${extraAt}`);
  const txAt = u32(bytes, TRANSACTIONS_OFFSET_AT);
  const wdAt = version >= 2 ? u32(bytes, WITHDRAWALS_OFFSET_AT) : bytes.length;
  if (txAt < extraAt || txAt > bytes.length) throw bad(`"transactions" offset ${txAt} is outside ${extraAt}…${bytes.length}`);
  if (txAt - extraAt > MAX_EXTRA_DATA_BYTES) throw bad(`"extraData" expected at most ${MAX_EXTRA_DATA_BYTES} bytes, got ${txAt - extraAt}`);
  if (wdAt < txAt || wdAt > bytes.length) throw bad(`"withdrawals" offset ${wdAt} is outside ${txAt}…${bytes.length}`);
  const payload: ExecutionPayload = {
    parentHash: at(0, 32),
    feeRecipient: at(32, 20),
    stateRoot: at(52, 32),
    receiptsRoot: at(84, 32),
    logsBloom: at(116, 256),
    prevRandao: at(372, 32),
    blockNumber: uintLE(bytes, 404, 8),
    gasLimit: uintLE(bytes, 412, 8),
    gasUsed: uintLE(bytes, 420, 8),
    timestamp: uintLE(bytes, 428, 8),
    extraData: bytes.slice(extraAt, txAt),
    baseFeePerGas: uintLE(bytes, 440, 32),
    blockHash: at(472, 32),
    transactions: decodeTransactions(bytes.subarray(txAt, wdAt), bad),
  };
  if (version >= 2) payload.withdrawals = decodeWithdrawals(bytes.subarray(wdAt), bad);
  if (version >= 3) {
    payload.blobGasUsed = uintLE(bytes, 512, 8);
    payload.excessBlobGas = uintLE(bytes, 520, 8);
  }
  if (version >= 4) payload.withdrawalsRoot = at(528, 32);
  return payload;
}

/** An SSZ List[ByteList]: offsets (4 bytes each, the first one saying how many), then the items. */
function decodeTransactions(b: Uint8Array, bad: (what: string) => InputError): Uint8Array[] {
  if (b.length === 0) return [];
  if (b.length < 4) throw bad(`"transactions" expected an offset of 4 bytes, got ${b.length} bytes`);
  const first = u32(b, 0);
  if (first === 0 || first % 4 !== 0 || first > b.length) throw bad(`"transactions" first offset ${first} is not a multiple of 4 within ${b.length} bytes`);
  const count = first / 4;
  if (count > MAX_TRANSACTIONS_PER_PAYLOAD) throw bad(`"transactions" expected at most ${MAX_TRANSACTIONS_PER_PAYLOAD}, got ${count}`);
  const txs: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = u32(b, 4 * i);
    const end = i + 1 < count ? u32(b, 4 * (i + 1)) : b.length;
    if (end < start || end > b.length) throw bad(`"transactions[${i}]" offsets ${start}…${end} are out of order or outside ${b.length} bytes`);
    txs.push(b.slice(start, end));
  }
  return txs;
}

/** An SSZ List[Withdrawal]: fixed-size items of 44 bytes (index, validatorIndex, address, amount). */
function decodeWithdrawals(b: Uint8Array, bad: (what: string) => InputError): Withdrawal[] {
  if (b.length % WITHDRAWAL_SIZE !== 0) throw bad(`"withdrawals" expected a multiple of ${WITHDRAWAL_SIZE} bytes, got ${b.length}`);
  const count = b.length / WITHDRAWAL_SIZE;
  if (count > MAX_WITHDRAWALS_PER_PAYLOAD) throw bad(`"withdrawals" expected at most ${MAX_WITHDRAWALS_PER_PAYLOAD}, got ${count}`);
  return Array.from({ length: count }, (_, i) => {
    const o = i * WITHDRAWAL_SIZE;
    return { index: uintLE(b, o, 8), validatorIndex: uintLE(b, o + 8, 8), address: b.slice(o + 16, o + 36), amount: uintLE(b, o + 36, 8) };
  });
}

const le = (x: bigint, n: number): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
};
const u32le = (x: number) => le(BigInt(x), 4);

/**
 * The SSZ of a payload as `version` lays it out (the inverse of decodeExecutionPayload; what a
 * sequencer signs and gossips). Fields a version does not have are left out; ones it needs must be set.
 * @throws InputError when a field of the version is missing or out of its bounds.
 */
export function encodeExecutionPayload(p: ExecutionPayload, version: GossipVersion): Uint8Array {
  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new InputError(`payload (v${version}): "${name}" is missing`);
    return value;
  };
  if (p.extraData.length > MAX_EXTRA_DATA_BYTES) throw new InputError(`payload: "extraData" expected at most ${MAX_EXTRA_DATA_BYTES} bytes, got ${p.extraData.length}`);
  const fixed = PAYLOAD_FIXED_SIZE[version];
  const txs = concatBytes(...offsetsFor(p.transactions), ...p.transactions);
  const withdrawals = version >= 2 ? need(p.withdrawals, 'withdrawals') : [];
  if (withdrawals.length > MAX_WITHDRAWALS_PER_PAYLOAD) throw new InputError(`payload: "withdrawals" expected at most ${MAX_WITHDRAWALS_PER_PAYLOAD}, got ${withdrawals.length}`);
  const wds = concatBytes(...withdrawals.map((w) => concatBytes(le(w.index, 8), le(w.validatorIndex, 8), w.address, le(w.amount, 8))));
  const parts: Uint8Array[] = [
    p.parentHash, p.feeRecipient, p.stateRoot, p.receiptsRoot, p.logsBloom, p.prevRandao,
    le(p.blockNumber, 8), le(p.gasLimit, 8), le(p.gasUsed, 8), le(p.timestamp, 8),
    u32le(fixed), le(p.baseFeePerGas, 32), p.blockHash, u32le(fixed + p.extraData.length),
  ];
  if (version >= 2) parts.push(u32le(fixed + p.extraData.length + txs.length));
  if (version >= 3) parts.push(le(need(p.blobGasUsed, 'blobGasUsed'), 8), le(need(p.excessBlobGas, 'excessBlobGas'), 8));
  if (version >= 4) parts.push(need(p.withdrawalsRoot, 'withdrawalsRoot'));
  return concatBytes(...parts, p.extraData, txs, wds);
}

function offsetsFor(items: readonly Uint8Array[]): Uint8Array[] {
  let next = 4 * items.length;
  return items.map((item) => {
    const at = u32le(next);
    next += item.length;
    return at;
  });
}

/**
 * The header the fork builds from a payload of `version` (v3 and v4 with the message's parent
 * beacon block root): the preimage of the block hash.
 * @example headerHash(payloadHeader(payload, 4, pbbr)) // the payload's blockHash, when it is honest
 */
export function payloadHeader(p: ExecutionPayload, version: GossipVersion, parentBeaconBlockRoot?: Uint8Array): BlockHeader {
  const header: BlockHeader = {
    parentHash: p.parentHash,
    sha3Uncles: EMPTY_OMMERS_HASH,
    miner: p.feeRecipient,
    stateRoot: p.stateRoot,
    transactionsRoot: transactionsRoot(p.transactions),
    receiptsRoot: p.receiptsRoot,
    logsBloom: p.logsBloom,
    difficulty: 0n,
    number: p.blockNumber,
    gasLimit: p.gasLimit,
    gasUsed: p.gasUsed,
    timestamp: p.timestamp,
    extraData: p.extraData,
    mixHash: p.prevRandao,
    nonce: new Uint8Array(8),
    baseFeePerGas: p.baseFeePerGas,
  };
  if (version >= 2) header.withdrawalsRoot = version >= 4 ? p.withdrawalsRoot : withdrawalsRoot(p.withdrawals ?? []);
  if (version >= 3) {
    if (parentBeaconBlockRoot === undefined) throw new InputError(`payload (v${version}): the parent beacon block root is missing`);
    header.blobGasUsed = p.blobGasUsed;
    header.excessBlobGas = p.excessBlobGas;
    header.parentBeaconBlockRoot = parentBeaconBlockRoot;
  }
  if (version >= 4) header.requestsHash = EMPTY_REQUESTS_HASH;
  return header;
}

/**
 * op-node's CheckBlockHash: the block hash recomputed from the payload; it must be the payload's own.
 * @throws VerificationError OP_GOSSIP_BLOCK_HASH_MISMATCH with both hashes.
 * @example const { header, hash } = checkBlockHash(payload, 3, pbbr)
 */
export function checkBlockHash(p: ExecutionPayload, version: GossipVersion, parentBeaconBlockRoot?: Uint8Array): { header: BlockHeader; hash: Uint8Array } {
  const header = payloadHeader(p, version, parentBeaconBlockRoot);
  const hash = headerHash(header);
  if (!equalBytes(hash, p.blockHash)) {
    throw new VerificationError('OP_GOSSIP_BLOCK_HASH_MISMATCH', `L2 block ${p.blockNumber}'s payload does not hash to the blockHash it carries`, {
      expected: bytesToHex(p.blockHash),
      got: bytesToHex(hash),
    });
  }
  return { header, hash };
}

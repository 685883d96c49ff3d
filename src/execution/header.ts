/**
 * The execution block header (Yellow Paper §4.3) with the fields forks appended to it: London
 * baseFeePerGas (EIP-1559), Shanghai withdrawalsRoot (EIP-4895), Cancun blobGasUsed and
 * excessBlobGas (EIP-4844) and parentBeaconBlockRoot (EIP-4788), Prague requestsHash (EIP-7685);
 * Osaka adds none; Amsterdam blockAccessListHash (EIP-7928) and slotNumber (EIP-7843). A header
 * is read from the object eth_getBlockBy* returns (or from its RLP), encoded, hashed, and printed
 * back in the form nodes print.
 *
 * Fields are named as the JSON-RPC spec (ethereum/execution-apis `Block`) names them:
 * sha3Uncles is the Yellow Paper's ommersHash, miner its beneficiary, mixHash prevRandao after
 * the merge. The appended fields must be present as a prefix of that fork order (a header
 * with blob fields but no withdrawalsRoot is refused). A member that is neither a header field
 * nor one of the block's other known members may be a header field of a fork Vigil does not
 * know: where the header is bound to a proven hash it matters only when the known fields do not
 * hash to it (then HEADER_FIELD_UNKNOWN names it); elsewhere it is refused.
 *
 * Amsterdam sources: ethereum/execution-specs@00060e7d src/ethereum/forks/amsterdam/blocks.py
 * (`Header` ends `requests_hash, block_access_list_hash`); EIPs@00759687 EIPS/eip-7928.md
 * (appended to the header); EIPs@f28cc315 EIPS/eip-7843.md ("the header encoding shall be extended
 * to include a `slot_number` field of type uint64", no position given; the execution-specs versions
 * indexed have no slot_number yet). The position of slotNumber, after blockAccessListHash, and
 * both JSON names come from go-ethereum@02b73d4e core/types/block.go (`rlp:"optional"` fields in
 * that order), gen_header_rlp.go and internal/ethapi/api.go RPCMarshalHeader.
 * @module
 */
import { bytesToHex, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aobject } from '../core/json.ts';
import { decodeRlp, encodeRlp, type RlpInput, rlpBytes, rlpList, rlpScalar } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { data, hexData, hexQuantity, type Json, optionalData, quantity } from './rpc-json.ts';

export interface BlockHeader {
  parentHash: Uint8Array;
  sha3Uncles: Uint8Array;
  miner: Uint8Array;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  difficulty: bigint;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  mixHash: Uint8Array;
  nonce: Uint8Array;
  /** London (EIP-1559). */
  baseFeePerGas?: bigint;
  /** Shanghai (EIP-4895). */
  withdrawalsRoot?: Uint8Array;
  /** Cancun (EIP-4844). */
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  /** Cancun (EIP-4788). */
  parentBeaconBlockRoot?: Uint8Array;
  /** Prague (EIP-7685). */
  requestsHash?: Uint8Array;
  /** Amsterdam (EIP-7928): keccak256 of the block access list's RLP. */
  blockAccessListHash?: Uint8Array;
  /** Amsterdam (EIP-7843): the beacon slot of the block. */
  slotNumber?: bigint;
}

/** keccak256(rlp([])): the ommers hash of every block after the merge (EIP-3675). */
export const EMPTY_OMMERS_HASH: Uint8Array = /* @__PURE__ */ keccak256(encodeRlp([]));

type Kind = 'hash' | 'address' | 'bloom' | 'nonce' | 'bytes' | 'u64' | 'u256';
/** The header's fields in RLP order; the last eight were appended by forks, in this order. */
const FIELDS: readonly (readonly [keyof BlockHeader, Kind])[] = [
  ['parentHash', 'hash'],
  ['sha3Uncles', 'hash'],
  ['miner', 'address'],
  ['stateRoot', 'hash'],
  ['transactionsRoot', 'hash'],
  ['receiptsRoot', 'hash'],
  ['logsBloom', 'bloom'],
  ['difficulty', 'u256'],
  ['number', 'u64'],
  ['gasLimit', 'u64'],
  ['gasUsed', 'u64'],
  ['timestamp', 'u64'],
  ['extraData', 'bytes'],
  ['mixHash', 'hash'],
  ['nonce', 'nonce'],
  ['baseFeePerGas', 'u256'],
  ['withdrawalsRoot', 'hash'],
  ['blobGasUsed', 'u64'],
  ['excessBlobGas', 'u64'],
  ['parentBeaconBlockRoot', 'hash'],
  ['requestsHash', 'hash'],
  ['blockAccessListHash', 'hash'],
  ['slotNumber', 'u64'],
];
/**
 * What else a block object (eth_getBlockBy*, eth_getUncle*) holds, none of it in the header's RLP:
 * `hash` (checked where it is given), `size`, `totalDifficulty` (geth before 1.14, Besu, Erigon),
 * the body (`transactions`, `uncles`, `withdrawals`, and Amsterdam's `blockAccessList`), and
 * OpenEthereum/Nethermind's `author` (= miner) and `sealFields` (= [mixHash, nonce]).
 */
const BLOCK_MEMBERS: ReadonlySet<string> = new Set(['hash', 'size', 'totalDifficulty', 'transactions', 'uncles', 'withdrawals', 'blockAccessList', 'author', 'sealFields']);
const HEADER_KEYS: ReadonlySet<string> = new Set(FIELDS.map(([key]) => key));
const REQUIRED = 15;
const LENGTH: Partial<Record<Kind, number>> = { hash: 32, address: 20, bloom: 256, nonce: 8 };
/** A DoS bound only (the consensus limit is 32 bytes; the hash check does the rest). */
const MAX_EXTRA_DATA = 1024;

export interface ParseHeaderOptions {
  /**
   * A member neither in the header nor among a block's known members: `refuse` (the default,
   * HEADER_FIELD_UNKNOWN), or `ignore` where a later check covers it (an L2 block whose hash L1
   * holds: a rollup's own members, such as Nitro's sendRoot, are read from header fields).
   */
  unknown?: 'refuse' | 'ignore';
}

/**
 * Reads the header fields of an eth_getBlockByHash/ByNumber result, and the `hash` it claims.
 * @throws InputError for a missing or malformed field, or fork fields out of order;
 *   VerificationError HEADER_FIELD_UNKNOWN for a member it cannot place (see ParseHeaderOptions).
 * @example const { header, hash } = parseRpcHeader(await rpc.call('eth_getBlockByNumber', ['0x1', false]))
 */
export function parseRpcHeader(value: unknown, title = 'block', options: ParseHeaderOptions = {}): { header: BlockHeader; hash: Uint8Array | undefined } {
  const json = aobject(value, title);
  if (options.unknown !== 'ignore') refuseUnknown(json, title);
  const header = {} as Record<string, unknown>;
  let absentFrom: string | undefined;
  FIELDS.forEach(([key, kind], i) => {
    const present = json[key] !== undefined && json[key] !== null;
    if (i >= REQUIRED && !present) {
      absentFrom ??= key;
      return;
    }
    if (absentFrom !== undefined) {
      throw new InputError(`"${title}.${key}" is present but "${absentFrom}", of an earlier fork, is not`);
    }
    header[key] = readJson(json, key, kind, title);
  });
  return { header: header as unknown as BlockHeader, hash: optionalData(json, 'hash', title, 32) };
}

function refuseUnknown(json: Json, title: string): void {
  const key = unknownMember(json);
  if (key !== undefined) throw unplaced(title, key);
}

/** HEADER_FIELD_UNKNOWN: perhaps a header field of a fork Vigil does not know. */
function unplaced(title: string, key: string): VerificationError {
  return new VerificationError('HEADER_FIELD_UNKNOWN', `${title} has a member Vigil cannot place`, { got: key.slice(0, 64) });
}

/** The first member neither a header field nor a known block member (a null one says "absent": nothing to place). */
function unknownMember(json: Json): string | undefined {
  return Object.keys(json).find((key) => !HEADER_KEYS.has(key) && !BLOCK_MEMBERS.has(key) && json[key] !== null);
}

/**
 * The header an eth_getBlockByHash answer gives for a hash proven elsewhere (a light-client
 * head's execution block hash, a child's parentHash): its fields re-encoded must hash to
 * `expected`, and the `hash` it claims, when it claims one, must be that hash too.
 * @throws InputError (malformed), VerificationError HEADER_FIELD_UNKNOWN or HEADER_HASH_MISMATCH
 * @example const header = verifyRpcHeader(await rpc.callAt(url, 'eth_getBlockByHash', [hex, false]), head.executionBlockHash)
 */
export function verifyRpcHeader(value: unknown, expected: Uint8Array, title = 'block'): BlockHeader {
  const { header, hash } = parseRpcHeader(value, title, { unknown: 'ignore' });
  // Fields that hash to the proven value are the whole header: a member left out of them is not
  // one of its fields (a node's own metadata). Only when they do not is such a member suspect.
  if (!equalBytes(headerHash(header), expected)) {
    const key = unknownMember(aobject(value, title));
    if (key !== undefined) throw unplaced(title, key);
    verifyHeaderHash(header, expected);
  }
  if (hash !== undefined && !equalBytes(hash, expected)) {
    throw new VerificationError('HEADER_HASH_MISMATCH', `${title} claims another hash`, { expected: bytesToHex(expected), got: bytesToHex(hash) });
  }
  return header;
}

function readJson(json: Json, key: string, kind: Kind, title: string): bigint | Uint8Array {
  if (kind === 'u64') return quantity(json, key, title, 64);
  if (kind === 'u256') return quantity(json, key, title, 256);
  if (kind === 'bytes') return data(json, key, title, undefined, MAX_EXTRA_DATA);
  return data(json, key, title, LENGTH[kind]);
}

/** The header's RLP, the preimage of its hash. */
export function encodeHeader(header: BlockHeader): Uint8Array {
  const items: RlpInput[] = [];
  let absentFrom: string | undefined;
  FIELDS.forEach(([key], i) => {
    const value = header[key];
    if (value === undefined) {
      if (i < REQUIRED) throw new InputError(`header.${key} is missing`);
      absentFrom ??= key;
      return;
    }
    if (absentFrom !== undefined) throw new InputError(`header.${key} is present but ${absentFrom}, of an earlier fork, is not`);
    items.push(value);
  });
  return encodeRlp(items);
}

/** keccak256(rlp(header)): the block hash. */
export function headerHash(header: BlockHeader): Uint8Array {
  return keccak256(encodeHeader(header));
}

/**
 * Throws HEADER_HASH_MISMATCH unless the header hashes to `expected`; returns the hash.
 * @example verifyHeaderHash(header, head.execution.blockHash)
 */
export function verifyHeaderHash(header: BlockHeader, expected: Uint8Array): Uint8Array {
  const hash = headerHash(header);
  if (!equalBytes(hash, expected)) {
    throw new VerificationError('HEADER_HASH_MISMATCH', `header ${header.number} does not hash to the verified block hash`, {
      expected: bytesToHex(expected),
      got: bytesToHex(hash),
    });
  }
  return hash;
}

/**
 * Reads a header from its RLP (debug_getRawHeader, a block's first item); strict, so that it
 * re-encodes to the same bytes.
 * @throws VerificationError (RLP_*) for malformed RLP or fields of the wrong length.
 */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  return headerFromRlp(decodeRlp(bytes, { maxBytes: 64 * 1024, maxDepth: 2 }));
}

/** A header from its decoded RLP list. */
export function headerFromRlp(item: ReturnType<typeof decodeRlp>): BlockHeader {
  const list = rlpList(item, 'header');
  if (list.length < REQUIRED || list.length > FIELDS.length) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', 'header has the wrong number of fields', {
      expected: `${REQUIRED} to ${FIELDS.length}`,
      got: `${list.length}`,
    });
  }
  const header = {} as Record<string, unknown>;
  list.forEach((entry, i) => {
    const [key, kind] = FIELDS[i]!;
    if (kind === 'u64' || kind === 'u256') {
      const v = rlpScalar(entry, `header.${key}`);
      if (v >= 1n << (kind === 'u64' ? 64n : 256n)) throw new VerificationError('RLP_UNEXPECTED_TYPE', `header.${key} is too large`);
      header[key] = v;
      return;
    }
    const bytes = rlpBytes(entry, `header.${key}`);
    const length = LENGTH[kind];
    if ((length !== undefined && bytes.length !== length) || bytes.length > MAX_EXTRA_DATA) {
      throw new VerificationError('RLP_UNEXPECTED_TYPE', `header.${key} has the wrong length`, {
        expected: `${length ?? `<= ${MAX_EXTRA_DATA}`} bytes`,
        got: `${bytes.length} bytes`,
      });
    }
    header[key] = bytes;
  });
  return header as unknown as BlockHeader;
}

/**
 * The header as nodes print it in a block object: `hash` first, then the fields in RLP order,
 * each fork field only when the header has it.
 */
export function headerToJson(header: BlockHeader, hash: Uint8Array): Record<string, string> {
  const out: Record<string, string> = { hash: hexData(hash) };
  for (const [key, kind] of FIELDS) {
    const value = header[key];
    if (value === undefined) continue;
    out[key] = kind === 'u64' || kind === 'u256' ? hexQuantity(value as bigint) : hexData(value as Uint8Array);
  }
  return out;
}

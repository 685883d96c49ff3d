/**
 * Amsterdam headers (EIP-7928 blockAccessListHash, EIP-7843 slotNumber) on constructed vectors:
 * no client in node_modules hashes an Amsterdam header (@ethereumjs/block is not installed,
 * viem 2.57 and @ethereumjs/util 10.1 know neither field in a header), so the RLP is checked
 * against two independent encoders over the field list as the sources order it, and one vector by
 * hand. Order: execution-specs@00060e7d amsterdam/blocks.py (…, requests_hash,
 * block_access_list_hash); go-ethereum@02b73d4e core/types/block.go (…, RequestsHash,
 * BlockAccessListHash, SlotNumber; JSON names blockAccessListHash, slotNumber).
 */
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, hexToBytes as ejsHexToBytes, bytesToHex as ejsBytesToHex } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { keccak256 as viemKeccak, toRlp } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../../../src/core/rlp.ts';
import { type BlockHeader, decodeHeader, EMPTY_OMMERS_HASH, encodeHeader, headerHash, headerToJson, parseRpcHeader, verifyRpcHeader } from '../../../src/execution/header.ts';
import { errorCode, io } from './helpers.ts';

/** The RLP order of every header field, London to Amsterdam, with each field's kind, as the sources give it. */
const ORDER: [string, 'data' | 'quantity'][] = [
  ['parentHash', 'data'], ['sha3Uncles', 'data'], ['miner', 'data'], ['stateRoot', 'data'], ['transactionsRoot', 'data'],
  ['receiptsRoot', 'data'], ['logsBloom', 'data'], ['difficulty', 'quantity'], ['number', 'quantity'], ['gasLimit', 'quantity'],
  ['gasUsed', 'quantity'], ['timestamp', 'quantity'], ['extraData', 'data'], ['mixHash', 'data'], ['nonce', 'data'],
  ['baseFeePerGas', 'quantity'], ['withdrawalsRoot', 'data'], ['blobGasUsed', 'quantity'], ['excessBlobGas', 'quantity'],
  ['parentBeaconBlockRoot', 'data'], ['requestsHash', 'data'], ['blockAccessListHash', 'data'], ['slotNumber', 'quantity'],
];

/** keccak256(rlp.encode([])): the hash of an empty block access list (EIP-7928). */
const EMPTY_BAL_HASH = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347';

const prague = io('eth_getBlockByNumber/get-block-prague-fork.io').response.result;

/** A block object as geth prints an Amsterdam block: the Prague test-chain block with the two fields. */
function amsterdam(balHash: string, slot: bigint, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { hash: _, ...rest } = prague;
  return { ...rest, blockAccessListHash: balHash, slotNumber: `0x${slot.toString(16)}`, ...extra };
}

/** The independent items: @ethereumjs/util's hex and integer conversions, straight from the JSON. */
function referenceItems(json: Record<string, string>): Uint8Array[] {
  return ORDER.filter(([key]) => json[key] !== undefined).map(([key, kind]) => (kind === 'quantity' ? bigIntToUnpaddedBytes(BigInt(json[key]!)) : ejsHexToBytes(json[key] as `0x${string}`)));
}

/** keccak256 of @ethereumjs/rlp's encoding, and of viem's, of the same items; they must agree. */
function referenceHash(json: Record<string, string>): string {
  const items = referenceItems(json);
  const ejs = ejsBytesToHex(keccak_256(RLP.encode(items)));
  const viem = viemKeccak(toRlp(items.map((b) => ejsBytesToHex(b))));
  expect(viem).toBe(ejs);
  return ejs;
}

describe('Amsterdam execution header', () => {
  it('appends blockAccessListHash, then slotNumber, after requestsHash: hashes as two independent RLP encoders do', () => {
    for (const slot of [0n, 1n, 0x7fn, 0x80n, 13_565_442n, (1n << 64n) - 1n]) {
      for (const bal of [EMPTY_BAL_HASH, '0x' + 'ab'.repeat(32)]) {
        const json = amsterdam(bal, slot) as Record<string, string>;
        const { header } = parseRpcHeader(json);
        expect(header.blockAccessListHash).toEqual(hexToBytes(bal));
        expect(header.slotNumber).toBe(slot);
        const expected = referenceHash(json);
        expect(bytesToHex(headerHash(header))).toBe(expected);
        expect(bytesToHex(verifyRpcHeader({ ...json, hash: expected }, hexToBytes(expected)).requestsHash!)).toBe(json.requestsHash);
        // Round trips: RLP and the JSON nodes print.
        expect(decodeHeader(encodeHeader(header))).toEqual(header);
        expect(headerToJson(header, hexToBytes(expected))).toMatchObject({ blockAccessListHash: bal, slotNumber: json.slotNumber });
      }
    }
    expect(EMPTY_BAL_HASH).toBe(bytesToHex(EMPTY_OMMERS_HASH));
  });

  it('encodes the two fields after the Prague payload, byte for byte (hand-checked)', () => {
    const { header: p } = parseRpcHeader(prague);
    const payload = decodeRlpPayload(encodeHeader(p));
    const { header: a } = parseRpcHeader(amsterdam('0x' + '11'.repeat(32), 0x1234n));
    // a0 ‖ 32 bytes (a 32-byte string), then 82 12 34 (a two-byte integer).
    const tail = '0xa0' + '11'.repeat(32) + '821234';
    const body = bytesToHex(payload) + tail.slice(2);
    const length = (body.length - 2) / 2;
    // The Prague test-chain header's payload is 600-odd bytes: a long list, f9 and a two-byte length.
    expect(length).toBeGreaterThan(255);
    expect(length).toBeLessThan(65_536);
    expect(bytesToHex(encodeHeader(a))).toBe('0xf9' + length.toString(16).padStart(4, '0') + body.slice(2));
    // A slot number of 0 is the empty string (80), and one below 128 is its own byte.
    expect(bytesToHex(encodeHeader({ ...a, slotNumber: 0n })).slice(-2)).toBe('80');
    expect(bytesToHex(encodeHeader({ ...a, slotNumber: 5n })).slice(-2)).toBe('05');
  });

  it('reads a 22-field header (block access list hash, no slot number) and a 23-field one from RLP; refuses a 24th field', () => {
    const { header } = parseRpcHeader(amsterdam(EMPTY_BAL_HASH, 9n));
    const { slotNumber: _, ...noSlot } = header;
    expect(decodeHeader(encodeHeader(noSlot))).toEqual(noSlot);
    const items = decodeRlp(encodeHeader(header)) as RlpItem[];
    expect(items).toHaveLength(23);
    expect(errorCode(() => decodeHeader(encodeRlp([...items, Uint8Array.of(1)])))).toBe('RLP_UNEXPECTED_TYPE');
  });

  it('fails closed: a member it cannot place, a field out of fork order, a malformed field', () => {
    expect(errorCode(() => parseRpcHeader(amsterdam(EMPTY_BAL_HASH, 1n, { inclusionListHash: '0x' + '00'.repeat(32) })))).toBe('HEADER_FIELD_UNKNOWN');
    expect(errorCode(() => parseRpcHeader({ ...prague, slotNumber: '0x1' }))).toBe('INVALID_INPUT');
    const { requestsHash: _, ...noRequests } = amsterdam(EMPTY_BAL_HASH, 1n);
    expect(errorCode(() => parseRpcHeader(noRequests))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader(amsterdam('0x' + '00'.repeat(31), 1n)))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader(amsterdam(EMPTY_BAL_HASH, 1n << 64n)))).toBe('INVALID_INPUT');
    const { header } = parseRpcHeader(amsterdam(EMPTY_BAL_HASH, 1n));
    expect(errorCode(() => encodeHeader({ ...header, blockAccessListHash: undefined } as BlockHeader))).toBe('INVALID_INPUT');
  });

  it("takes a block's other members (body, size, totalDifficulty, OpenEthereum's author and sealFields) and null as absent, and nothing else", () => {
    const members = { size: '0x2a1', totalDifficulty: '0x0', transactions: [], uncles: [], withdrawals: [], blockAccessList: '0xc0', author: prague.miner, sealFields: [], newField: null };
    const json = amsterdam(EMPTY_BAL_HASH, 3n, members);
    const expected = hexToBytes(referenceHash(json as Record<string, string>));
    expect(verifyRpcHeader(json, expected).slotNumber).toBe(3n);
    // `ignore` is for L2 blocks whose hash L1 holds (Nitro's sendRoot and l1BlockNumber).
    expect(parseRpcHeader({ ...json, sendRoot: '0x' + '00'.repeat(32) }, 'L2 block', { unknown: 'ignore' }).header.slotNumber).toBe(3n);
  });

  it('verifyRpcHeader: refuses a changed field, a claimed hash that is not the proven one; names an unknown member only where the header does not hash', () => {
    const json = amsterdam(EMPTY_BAL_HASH, 77n);
    const proven = hexToBytes(referenceHash(json as Record<string, string>));
    expect(errorCode(() => verifyRpcHeader({ ...json, slotNumber: '0x4e' }, proven))).toBe('HEADER_HASH_MISMATCH');
    expect(errorCode(() => verifyRpcHeader({ ...json, blockAccessListHash: '0x' + '00'.repeat(32) }, proven))).toBe('HEADER_HASH_MISMATCH');
    expect(errorCode(() => verifyRpcHeader({ ...json, hash: '0x' + '00'.repeat(32) }, proven))).toBe('HEADER_HASH_MISMATCH');
    const { slotNumber: _, ...noSlot } = json;
    expect(errorCode(() => verifyRpcHeader(noSlot, proven))).toBe('HEADER_HASH_MISMATCH');
    // Fields that hash to the proven value are the whole header: a node's own member beside them is no field of it.
    expect(bytesToHex(encodeHeader(verifyRpcHeader({ ...json, beaconSlot: '0x4d' }, proven)))).toBe(bytesToHex(encodeHeader(verifyRpcHeader(json, proven))));
    // Where they do not, a member Vigil cannot place may be a field of a fork it does not know: named.
    const { slotNumber: __, ...withoutSlot } = json;
    expect(errorCode(() => verifyRpcHeader({ ...withoutSlot, blockSlot: '0x4d' }, proven))).toBe('HEADER_FIELD_UNKNOWN');
  });

  it('agrees with the independent encoders on any header of any fork, London to Amsterdam (property)', () => {
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => ejsBytesToHex(b));
    const qty = (bits: bigint) => fc.bigInt({ min: 0n, max: (1n << bits) - 1n }).map((v) => `0x${v.toString(16)}`);
    const arb = fc
      .record({
        parentHash: hex(32), sha3Uncles: hex(32), miner: hex(20), stateRoot: hex(32), transactionsRoot: hex(32), receiptsRoot: hex(32),
        logsBloom: hex(256), difficulty: qty(256n), number: qty(64n), gasLimit: qty(64n), gasUsed: qty(64n), timestamp: qty(64n),
        extraData: fc.uint8Array({ maxLength: 32 }).map((b) => ejsBytesToHex(b)), mixHash: hex(32), nonce: hex(8), baseFeePerGas: qty(256n),
        withdrawalsRoot: hex(32), blobGasUsed: qty(64n), excessBlobGas: qty(64n), parentBeaconBlockRoot: hex(32), requestsHash: hex(32),
        blockAccessListHash: hex(32), slotNumber: qty(64n),
      })
      .chain((full) => fc.integer({ min: 16, max: 23 }).map((n) => Object.fromEntries(ORDER.slice(0, n).map(([k]) => [k, full[k as keyof typeof full]])) as Record<string, string>));
    fc.assert(
      fc.property(arb, (json) => {
        expect(bytesToHex(headerHash(parseRpcHeader(json).header))).toBe(referenceHash(json));
      }),
      { numRuns: 200 },
    );
  });
});

/** The payload of an RLP list (its items' encodings, without the list's own prefix). */
function decodeRlpPayload(list: Uint8Array): Uint8Array {
  const b = list[0]!;
  return b >= 0xf8 ? list.subarray(1 + (b - 0xf7)) : list.subarray(1);
}

/**
 * The one JSON form of a head (src/l1/heads.ts HeadJson) and its two converters: what crosses to
 * the popup, the offscreen rollup session and the provider comes back as the head it was.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { type HeadJson, type HeadRef, headFromJson, headToJson, type VerifiedHead } from '../../../src/l1/heads.ts';

const bytes = (b: number, n = 32) => new Uint8Array(n).fill(b);

const HEAD: VerifiedHead = {
  slot: 123_456n,
  root: bytes(0xaa),
  nextParentBeaconRoot: bytes(0xab),
  execution: {
    parentHash: bytes(1),
    feeRecipient: bytes(2, 20),
    stateRoot: bytes(3),
    receiptsRoot: bytes(4),
    prevRandao: bytes(5),
    blockNumber: 21_000_000n,
    gasLimit: 36_000_000n,
    gasUsed: 12_000_000n,
    timestamp: 1_760_000_000n,
    baseFeePerGas: 7n,
    blockHash: bytes(6),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
  },
};

describe('HeadJson', () => {
  it('is the head flat, numbers as numbers and hashes as 0x hex, and survives JSON', () => {
    const json = headToJson(HEAD);
    expect(json).toEqual({
      slot: 123_456,
      beaconRoot: '0x' + 'aa'.repeat(32),
      blockNumber: 21_000_000,
      blockHash: '0x' + '06'.repeat(32),
      stateRoot: '0x' + '03'.repeat(32),
      timestamp: 1_760_000_000,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('comes back as the view of the head it was made from', () => {
    const view: HeadRef = HEAD;
    const back = headFromJson(JSON.parse(JSON.stringify(headToJson(HEAD))) as HeadJson);
    expect(back).toEqual({
      slot: view.slot,
      root: view.root,
      execution: { blockNumber: view.execution.blockNumber, blockHash: view.execution.blockHash, stateRoot: view.execution.stateRoot, timestamp: view.execution.timestamp },
    });
    expect(headToJson(back)).toEqual(headToJson(HEAD));
  });

  it('refuses a root or hash that is not 32 bytes of hex rather than carry it on', () => {
    const json = headToJson(HEAD);
    for (const bad of [
      { ...json, blockHash: json.blockHash.slice(0, -2) },
      { ...json, stateRoot: json.stateRoot + '00' },
      { ...json, beaconRoot: 'aa'.repeat(32) },
      { ...json, blockHash: '0x' + 'zz'.repeat(32) },
    ]) {
      expect(() => headFromJson(bad)).toThrow(InputError);
    }
  });
});

/**
 * The header walk's anchors from the heads a session holds as JSON (./headers.ts anchorsOf): the
 * L1 session and the rollup session read them the same way, through the head's one converter.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { anchorsOf } from '../../../../src/client/verified/headers.ts';
import type { HeadJson } from '../../../../src/l1/heads.ts';

const head = (n: number, b: string): HeadJson => ({ slot: n + 10, beaconRoot: '0x' + 'aa'.repeat(32), blockNumber: n, blockHash: '0x' + b.repeat(32), stateRoot: '0x' + 'cc'.repeat(32), timestamp: 1_760_000_000 + n });

describe('anchorsOf', () => {
  it('anchors `latest` at the optimistic head and `finalized` at the finalized one, by number and hash', () => {
    const anchors = anchorsOf({ optimistic: head(54, '54'), finalized: head(20, '20') });
    expect(anchors.latest?.blockNumber).toBe(54n);
    expect(bytesToHex(anchors.latest!.blockHash)).toBe('0x' + '54'.repeat(32));
    expect(anchors.finalized?.blockNumber).toBe(20n);
    expect(bytesToHex(anchors.finalized!.blockHash)).toBe('0x' + '20'.repeat(32));
  });

  it('has no anchor for a head not held', () => {
    expect(anchorsOf({ optimistic: undefined, finalized: undefined })).toEqual({ latest: undefined, finalized: undefined });
    expect(anchorsOf({ optimistic: head(54, '54') }).finalized).toBeUndefined();
  });

  it('refuses a held head whose hash is not 32 bytes rather than anchor a walk on it', () => {
    expect(() => anchorsOf({ optimistic: { ...head(54, '54'), blockHash: '0x54' } })).toThrow(InputError);
  });
});

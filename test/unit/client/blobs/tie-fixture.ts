/**
 * What the blob tie's tests share: the verified chain as the tie sees it over a devnet beacon
 * chain (./tie.test.ts, ./tie-electra.test.ts), a lying beacon source, an error's code.
 */
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError, type VigilError } from '../../../../src/core/errors.ts';
import { kzgToVersionedHash } from '../../../../src/crypto/kzg.ts';
import type { TieChain } from '../../../../src/client/blobs/tie.ts';
import { type BeaconBlobSource, type BeaconJson, RestBeaconBlobs } from '../../../../src/rpc/beacon-blobs.ts';
import type { BlobChain } from '../../devnet/beacon/blobs-fixture.ts';

export const txHash = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? n : 0xab));

export interface ChainOptions {
  verifiedUpTo?: bigint;
  ourHashes?: (hashes: Uint8Array[]) => Uint8Array[];
}

/**
 * The verified chain as the tie sees it: the EL blocks the beacon blocks wrap, by number, each
 * block holding an earlier type-3 transaction with the first of its blobs, then ours with the rest.
 */
export function tieChainFor(t: BlobChain, opts: ChainOptions = {}): TieChain {
  const record = (slot: bigint) => t.chain.data.bySlot(slot)!;
  const byNumber = new Map<bigint, { header: any; hash: Uint8Array; blobs: Uint8Array[] }>();
  for (let s = 0n; s <= t.chain.head.slot; s++) {
    const r = t.chain.data.bySlot(s);
    if (!r?.payload) continue;
    const bundle = t.el.bundles.get(Number(r.payload.blockNumber));
    byNumber.set(r.payload.blockNumber, { hash: r.payload.blockHash, blobs: (bundle?.commitments ?? []).map((c) => kzgToVersionedHash(hexToBytes(c, 48))), header: { number: r.payload.blockNumber, timestamp: t.chain.timestampAt(s) } });
  }
  for (const [n, b] of byNumber) {
    const parent = byNumber.get(n - 1n);
    // Each EL block's parentBeaconBlockRoot: what the devnet mined it with (the root of the slot before its own).
    const slot = (b.header.timestamp - BigInt(t.chain.genesisTime)) / BigInt(t.chain.config.secondsPerSlot);
    b.header.parentHash = parent?.hash ?? new Uint8Array(32);
    b.header.parentBeaconBlockRoot = slot === 0n ? new Uint8Array(32) : record(slot - 1n).root;
  }
  return {
    async header(n) {
      if (opts.verifiedUpTo !== undefined && n > opts.verifiedUpTo) throw new VerificationError('BLOCK_NOT_VERIFIED', 'the block is newer than every head the light client verified');
      const b = byNumber.get(n);
      if (!b) throw new Error(`no block ${n}`);
      return { header: b.header, hash: b.hash };
    },
    async block(h) {
      const b = [...byNumber.values()].find((x) => bytesToHex(x.hash) === bytesToHex(h.hash))!;
      const [first, ...rest] = b.blobs;
      const ours = opts.ourHashes ? opts.ourHashes(rest) : rest;
      const transactions = [
        { hash: txHash(1), tx: { type: 2 } },
        ...(first ? [{ hash: txHash(2), tx: { type: 3, blobVersionedHashes: [first] } }] : []),
        { hash: txHash(3), tx: { type: 3, blobVersionedHashes: ours } },
      ];
      return { header: h.header, hash: h.hash, transactions } as any;
    },
  };
}

/** A source whose answers pass through `edit` first. */
export function lying(url: string, edit: { block?: (j: any) => any; columns?: (j: any) => any; blobs?: (j: any) => any }): BeaconBlobSource {
  const real = new RestBeaconBlobs(url);
  const map = (f?: (j: any) => any) => async (a: Promise<BeaconJson | null>) => {
    const got = await a;
    return got && f ? { ...got, json: f(structuredClone(got.json)) } : got;
  };
  return {
    url: `${url}/lying`,
    block: (id) => map(edit.block)(real.block(id)),
    dataColumnSidecars: (id, i) => map(edit.columns)(real.dataColumnSidecars(id, i)),
    blobSidecars: (id, i) => map(edit.blobs)(real.blobSidecars(id, i)),
  };
}

/** The code a promise rejects with, or 'resolved'. */
export async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as VigilError).code);
  }
  return 'resolved';
}

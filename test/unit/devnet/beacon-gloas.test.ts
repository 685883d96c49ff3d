/**
 * The beacon devnet across the Gloas fork (Fulu, then Gloas from epoch 2; minimal preset, fake EL,
 * a clock moved slot by slot), verified by src/l1 alone (bootstrapResponse / processResponse, as
 * localAnyProcessor runs them): a client bootstrapped before the fork follows across it in JSON
 * and SSZ, its store upgraded, and every execution block hash it proves is the EL's; a withheld
 * payload keeps the proven hash; the switchboard's lies are refused on Gloas data too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { computeForkDigest, forkDigests } from '../../../src/l1/config.ts';
import { isGloasHeader } from '../../../src/l1/containers.ts';
import { isGloasStore } from '../../../src/l1/store.ts';
import { GloasTestClient, provenBlockHash } from './beacon/gloas-client.ts';
import { type Harness, startHarness } from './beacon/harness.ts';

const GLOAS_EPOCH = 2;
const FORK_SLOT = GLOAS_EPOCH * 8;

let h: Harness;
let clients: GloasTestClient[];
const elHash = (n: number) => String(h.el.blocks[n]!.hash);
const headerRoot = async (slot: number) =>
  ((await (await fetch(`${h.devnet.url}/eth/v1/beacon/headers/${slot}`)).json()) as { data: { root: string } }).data.root;

beforeAll(async () => {
  h = await startHarness({ gloasEpoch: GLOAS_EPOCH });
  clients = (['json', 'ssz'] as const).map((e) => new GloasTestClient(h.devnet.url, h.config, e));
});
afterAll(async () => {
  await h?.close();
});

const codeOf = (fn: () => Promise<unknown>) =>
  fn().then(
    () => 'accepted',
    (err: unknown) => (err instanceof VerificationError ? err.code : `not a VerificationError: ${String(err)}`),
  );

describe('beacon devnet, fulu then gloas from epoch 2', () => {
  it('serves Gloas from the fork epoch on: network config, versions by the attested slot', async () => {
    expect(h.devnet.networkConfig).toMatchObject({ FULU_FORK_EPOCH: 0, GLOAS_FORK_EPOCH: GLOAS_EPOCH, GLOAS_FORK_VERSION: '0x07000064' });
    await h.advanceTo(12);
    const checkpoint = await headerRoot(8);
    for (const c of clients) {
      const store = await c.bootstrap(checkpoint);
      expect(isGloasStore(store)).toBe(false);
      // Before the fork: Fulu's (electra-family) format.
      const [u] = await c.follow('optimistic_update', 12n);
      expect(u!.fork).toBe('fulu');
      expect(provenBlockHash(c.store!.optimisticHeader)).toBe(elHash(11));
    }
  });

  it('follows across the fork: the store upgraded, Gloas updates verified, each proven hash the last delivered EL block', async () => {
    // Epoch 5: the finalized checkpoint is epoch 3's first block, a Gloas block.
    await h.advanceTo(45);
    for (const c of clients) {
      const updates = await c.follow('updates', 45n, 0n, 1);
      expect(updates).toHaveLength(1);
      const [f] = await c.follow('finality_update', 45n);
      expect(f!.fork).toBe('gloas');
      const [o] = await c.follow('optimistic_update', 45n);
      expect(o!.fork).toBe('gloas');
      const store = c.store!;
      expect(isGloasStore(store)).toBe(true);
      expect(isGloasHeader(store.finalizedHeader) && isGloasHeader(store.optimisticHeader)).toBe(true);
      expect(store.finalizedHeader.beacon.slot).toBe(24n);
      expect(store.optimisticHeader.beacon.slot).toBe(44n);
      // A Gloas header proves its bid's parent_block_hash: the EL block of the slot before.
      expect(provenBlockHash(store.finalizedHeader)).toBe(elHash(23));
      expect(provenBlockHash(store.optimisticHeader)).toBe(elHash(43));
    }
    // The first Gloas block proves the last Fulu payload's block.
    const first = await new GloasTestClient(h.devnet.url, h.config, 'ssz').bootstrap(await headerRoot(FORK_SLOT));
    expect(isGloasStore(first)).toBe(true);
    expect(provenBlockHash(first.finalizedHeader)).toBe(elHash(FORK_SLOT - 1));
    expect(h.devnet.head()).toMatchObject({ slot: 45, executionBlockNumber: 45 });
  });

  it('a withheld payload is never mined: the next header still proves the block before it', async () => {
    h.devnet.faults.withholdPayload = true;
    await h.advanceTo(46);
    h.devnet.faults.withholdPayload = false;
    expect(h.devnet.head()).toMatchObject({ slot: 46, executionBlockNumber: 45 });
    const proven: string[][] = [];
    for (const slot of [47, 48, 49]) {
      await h.advanceTo(slot);
      proven.push([]);
      for (const c of clients) {
        await c.follow('optimistic_update', BigInt(slot));
        expect(c.store!.optimisticHeader.beacon.slot).toBe(BigInt(slot - 1));
        proven.at(-1)!.push(provenBlockHash(c.store!.optimisticHeader));
      }
    }
    // Slot 46 (withheld) and 47 both prove EL #45; slot 48 proves the block mined at slot 47, #46, on top of #45.
    expect(proven).toEqual([[elHash(45), elHash(45)], [elHash(45), elHash(45)], [elHash(46), elHash(46)]]);
    expect(h.el.blocks[46]!.parentHash).toBe(elHash(45));
    expect(h.el.blocks[46]!.timestamp).toBe('0x' + (h.config.genesisTime + 47).toString(16));
  });

  it('the switchboard\'s lies apply to Gloas data: a forged execution branch, an invalid signature, withheld updates', async () => {
    await h.advanceTo(50);
    h.devnet.faults.forgedBranch = true;
    for (const c of clients) {
      for (const what of ['finality_update', 'optimistic_update'] as const) expect(await codeOf(() => c.follow(what, 50n))).toBe('LC_INVALID_HEADER');
    }
    h.devnet.faults.forgedBranch = false;
    h.devnet.faults.invalidSignature = true;
    for (const c of clients) expect(await codeOf(() => c.follow('optimistic_update', 50n))).toBe('SYNC_SIGNATURE_INVALID');
    h.devnet.faults.invalidSignature = false;
    h.devnet.faults.withholdUpdates = true;
    await expect(clients[0]!.follow('finality_update', 50n)).rejects.toThrow(/HTTP 404/);
    expect(await clients[0]!.get('updates?start_period=0&count=4')).toEqual([]);
    h.devnet.faults.withholdUpdates = false;
    // Nothing wrong was taken: the honest answer goes through (slot 49 proves slot 48's block, #47 since the withheld slot).
    for (const c of clients) {
      await c.follow('optimistic_update', 50n);
      expect(provenBlockHash(c.store!.optimisticHeader)).toBe(elHash(47));
    }
  });

  it('a period of Gloas updates: `updates` in SSZ framed with the Gloas fork digest, verified', async () => {
    await h.advanceTo(70);
    for (const c of clients) {
      // Period 1's best update: a Gloas one, signed by the committee the store knows as next.
      const fetched = await c.follow('updates', 70n, 1n, 1);
      expect(fetched.map((f) => f.fork)).toEqual(['gloas']);
      expect(c.store!.optimisticHeader.beacon.slot).toBeGreaterThanOrEqual(64n);
    }
    const res = await fetch(`${h.devnet.url}/eth/v1/beacon/light_client/updates?start_period=1&count=1`, { headers: { accept: 'application/octet-stream' } });
    // Epoch 8 has the blob-parameter fork too (EIP-7892): a Gloas digest of its own, not epoch 2's.
    const digest = bytesToHex(new Uint8Array(await res.arrayBuffer()).subarray(8, 12));
    expect(forkDigests(h.config).get(digest)).toBe('gloas');
    expect(digest).not.toBe(bytesToHex(computeForkDigest(h.config, BigInt(GLOAS_EPOCH))));
  });

  it('a Gloas update finalizing a Fulu block carries its header upgraded: it proves that block\'s own payload hash', async () => {
    const late = await startHarness({ gloasEpoch: 3 });
    try {
      // Slot 34: attested slot 33 is Gloas (epoch 4), its state's finalized checkpoint epoch 2's first block (slot 16, Fulu).
      await late.advanceTo(34);
      for (const encoding of ['json', 'ssz'] as const) {
        const c = new GloasTestClient(late.devnet.url, late.config, encoding);
        await c.bootstrap(late.genesisRoot);
        await c.follow('updates', 34n, 0n, 1);
        const [f] = await c.follow('finality_update', 34n);
        expect(f!.fork).toBe('gloas');
        const finalized = c.store!.finalizedHeader;
        expect(isGloasStore(c.store!) && isGloasHeader(finalized)).toBe(true);
        expect(finalized.beacon.slot).toBe(16n);
        expect(provenBlockHash(finalized)).toBe(String(late.el.blocks[16]!.hash));
      }
    } finally {
      await late.close();
    }
  });
});

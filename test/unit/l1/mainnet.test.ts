import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VigilError } from '../../../src/core/errors.ts';
import { computeSyncCommitteePeriodAtSlot } from '../../../src/l1/config.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { encodeForFork, decodeUpdate } from '../../../src/l1/decode.ts';
import { isNextSyncCommitteeKnown } from '../../../src/l1/spec/helpers.ts';
import { initializeLightClientStore } from '../../../src/l1/spec/initializeLightClientStore.ts';
import {
  processLightClientFinalityUpdate,
  processLightClientOptimisticUpdate,
  processLightClientUpdate,
} from '../../../src/l1/spec/processLightClientUpdate.ts';
import { deserializeLightClientStore, serializeLightClientStore } from '../../../src/l1/store.ts';
import { BeaconBlockCapella } from '../ssz/containers.ts';
import { CHECKPOINT, mainnetChain, mainnetJson } from './helpers.ts';

const chain = mainnetChain();
const { ctx } = chain;
const blockRoot = (slot: number) => bytesToHex(BeaconBlockCapella.hashTreeRoot(BeaconBlockCapella.fromJson(mainnetJson(`blocks/${slot}.json`).data.message)));

describe('mainnet chain: checkpoint 0x5afc…9275 → periods 862…867 → finality → optimistic', () => {
  let store = initializeLightClientStore(ctx, CHECKPOINT, chain.bootstrap);

  it('bootstraps at slot 7069376 (period 862, execution block 17883333)', () => {
    expect(store.finalizedHeader.beacon.slot).toBe(7069376n);
    expect(computeSyncCommitteePeriodAtSlot(ctx.config, store.finalizedHeader.beacon.slot)).toBe(862n);
    expect(store.finalizedHeader.execution.blockNumber).toBe(17883333n);
  });

  it('follows one update per period, 862 … 867, each finalizing a newer header', () => {
    const periods: bigint[] = [];
    for (const update of chain.updates) {
      const before = store.finalizedHeader.beacon.slot;
      store = processLightClientUpdate(ctx, store, update, update.signatureSlot);
      expect(store.finalizedHeader.beacon.slot).toBeGreaterThanOrEqual(before);
      periods.push(computeSyncCommitteePeriodAtSlot(ctx.config, update.attestedHeader.beacon.slot));
    }
    expect(periods).toEqual([862n, 863n, 864n, 865n, 866n, 867n]);
    expect(computeSyncCommitteePeriodAtSlot(ctx.config, store.finalizedHeader.beacon.slot)).toBe(867n);
  });

  it('the finality update finalizes slot 7109344 (block 17923026) and moves the optimistic head to 7109430 (block 17923112)', () => {
    store = processLightClientFinalityUpdate(ctx, store, chain.finality, chain.finality.signatureSlot);
    expect(store.finalizedHeader.beacon.slot).toBe(7109344n);
    expect(store.finalizedHeader.execution.blockNumber).toBe(17923026n);
    expect(store.optimisticHeader.beacon.slot).toBe(7109430n);
    expect(store.optimisticHeader.execution.blockNumber).toBe(17923112n);
    // The verified headers are the real blocks' headers.
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(store.finalizedHeader.beacon))).toBe(blockRoot(7109344));
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(store.optimisticHeader.beacon))).toBe(blockRoot(7109430));
    const block = mainnetJson('blocks/7109344.json').data.message.body.execution_payload;
    expect(bytesToHex(store.finalizedHeader.execution.stateRoot)).toBe(block.state_root);
    expect(bytesToHex(store.finalizedHeader.execution.blockHash)).toBe(block.block_hash);
  });

  it('the optimistic update moves the optimistic head to 7109431 (block 17923113)', () => {
    store = processLightClientOptimisticUpdate(ctx, store, chain.optimistic, chain.optimistic.signatureSlot);
    expect(store.optimisticHeader.beacon.slot).toBe(7109431n);
    expect(store.optimisticHeader.execution.blockNumber).toBe(17923113n);
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(store.optimisticHeader.beacon))).toBe(blockRoot(7109431));
    expect(store.finalizedHeader.beacon.slot).toBe(7109344n);
  });

  it('the store survives serialization exactly', () => {
    const bytes = serializeLightClientStore(ctx.types, 'mainnet', store);
    const back = deserializeLightClientStore(ctx.types, 'mainnet', bytes);
    expect(bytesToHex(serializeLightClientStore(ctx.types, 'mainnet', back))).toBe(bytesToHex(bytes));
    expect(() => deserializeLightClientStore(ctx.types, 'minimal', bytes)).toThrow(/another preset/);
  });

  it('reads a store that older code saved as JSON (format 1), and writes it in the binary format', () => {
    const old = readFileSync(new URL('../../fixtures/l1-store/mainnet-format1.json', import.meta.url));
    expect(old[0]).toBe('{'.charCodeAt(0));
    const fromJson = deserializeLightClientStore(ctx.types, 'mainnet', old);
    expect(fromJson.finalizedHeader.beacon.slot).toBe(7069376n);
    expect(isNextSyncCommitteeKnown(ctx, fromJson)).toBe(true);
    const binary = serializeLightClientStore(ctx.types, 'mainnet', fromJson);
    expect(binary[0]).toBe(2);
    expect(binary.length).toBeLessThan(old.length / 2);
    expect(deserializeLightClientStore(ctx.types, 'mainnet', binary)).toEqual(fromJson);
    expect(() => deserializeLightClientStore(ctx.types, 'minimal', old)).toThrow(/another preset/);
  });

  it('a malformed binary store is a typed error, never a store', () => {
    const bytes = serializeLightClientStore(ctx.types, 'mainnet', store);
    expect(() => deserializeLightClientStore(ctx.types, 'mainnet', bytes.subarray(0, 5000))).toThrow(VigilError);
    expect(() => deserializeLightClientStore(ctx.types, 'mainnet', Uint8Array.of(2, 200))).toThrow(VigilError);
    expect(() => deserializeLightClientStore(ctx.types, 'mainnet', Uint8Array.of(2))).toThrow(VigilError);
    expect(() => deserializeLightClientStore(ctx.types, 'mainnet', new Uint8Array())).toThrow(VigilError);
  });

  it('decodes the same update from JSON and SSZ', () => {
    const json = mainnetJson('updates.json')[2];
    const fromJson = decodeUpdate(ctx.types, json.version, { json: json.data });
    const { ssz } = encodeForFork(ctx.types, 'capella', 'update', fromJson);
    const fromSsz = decodeUpdate(ctx.types, 'capella', { ssz });
    expect(fromSsz).toEqual(fromJson);
  });
});

/**
 * The sync loop across the Gloas fork: a client bootstrapped at Fulu takes a Gloas update without
 * a restart, and from then on a head is announced only with the execution block its proven hash
 * names (brought by `executionHeads`), carrying the beacon slot that proved it. Real BLS
 * signatures of a devnet committee (minimal preset, Gloas at epoch 16: slot 128, period 2).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { VigilError } from '../../../../src/core/errors.ts';
import { L1Sync, type SyncEvent } from '../../../../src/client/light-client/sync.ts';
import { dexiePersistence, memoryPersistence, type StorePersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openVigilDb } from '../../../../src/storage/db.ts';
import { LightClientStoreRepo } from '../../../../src/storage/light-client-stores.ts';
import { encodeForFork } from '../../../../src/l1/decode.ts';
import { type ExecutionBlock, headAtBlock, type VerifiedBlockHashHead } from '../../../../src/l1/heads.ts';
import { localProcessorFor } from '../../../../src/l1/processor.ts';
import { createLightClientContext } from '../../../../src/l1/spec/helpers.ts';
import { deserializeAnyLightClientStore, isGloasStore } from '../../../../src/l1/store.ts';
import type { BeaconApi, LightClientResponse } from '../../../../src/rpc/beacon.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { bytes32, crossForkChain, forkingConfig, gloasHeader, registry, signedBy } from '../../l1/gloas-builders.ts';

const config = forkingConfig();
const ctx = createLightClientContext(config);
const reg = registry();

const chain = crossForkChain(config, reg);
const { bootstrap, fuluUpdate, gloasUpdate } = chain;
const CHECKPOINT = bytesToHex(chain.checkpoint);
const laterHeader = gloasHeader(150n, 'gloas-later');
const optimisticUpdate = { attestedHeader: laterHeader, syncAggregate: signedBy(config, reg, 2n, laterHeader, 151n), signatureSlot: 151n };

const response = (fork: 'fulu' | 'gloas', bytes: { ssz: Uint8Array }): LightClientResponse => ({ fork, ssz: bytes.ssz, endpoint: 'http://beacon.test' });

/** A beacon API serving the fork's data: period 1's update in Fulu's format, period 2's in Gloas's. */
function api(): BeaconApi & { demoted: string[] } {
  const demoted: string[] = [];
  return {
    demoted,
    getBootstrap: async () => response('fulu', bootstrap),
    getUpdates: async (start, count) =>
      [response('fulu', encodeForFork(ctx.types, 'fulu', 'update', fuluUpdate)), response('gloas', encodeForFork(ctx.types, 'gloas', 'update', gloasUpdate))].slice(start - 1, start - 1 + count),
    getFinalityUpdate: async () => response('gloas', encodeForFork(ctx.types, 'gloas', 'finalityUpdate', gloasUpdate)),
    getOptimisticUpdate: async () => response('gloas', encodeForFork(ctx.types, 'gloas', 'optimisticUpdate', optimisticUpdate)),
    getGenesis: async () => {
      throw new Error('not asked');
    },
    getFinalizedRoot: async () => {
      throw new Error('not asked');
    },
    demote: (endpoint: string) => void demoted.push(endpoint),
  } as BeaconApi & { demoted: string[] };
}

/** The execution block under a proven hash, as an execution endpoint would give it (checked by hash). */
function block(label: string, number: bigint): ExecutionBlock {
  return {
    parentHash: bytes32(`${label}/parent`),
    feeRecipient: new Uint8Array(20).fill(7),
    stateRoot: bytes32(`${label}/state`),
    receiptsRoot: bytes32(`${label}/receipts`),
    prevRandao: bytes32(`${label}/randao`),
    blockNumber: number,
    gasLimit: 30_000_000n,
    gasUsed: 1_000_000n,
    timestamp: BigInt(6 * Number(number)),
    baseFeePerGas: 7n,
    blockHash: bytes32(`${label}/hash`),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
  };
}
const blocks = new Map([block('gloas-finalized', 135n), block('gloas-attested', 139n), block('gloas-later', 149n)].map((b) => [bytesToHex(b.blockHash), b]));
const honest = async (head: VerifiedBlockHashHead) => {
  const found = blocks.get(bytesToHex(head.executionBlockHash));
  if (found === undefined) throw new TransportError('NOT_AVAILABLE', 'no such block');
  return headAtBlock(head, found);
};

const NOW = () => 152 * 6 * 1000;

function sync(options: { executionHeads?: (h: VerifiedBlockHashHead) => Promise<ReturnType<typeof headAtBlock>>; persistence?: StorePersistence; checkpoint?: boolean } = {}) {
  const events: SyncEvent[] = [];
  const s = new L1Sync({
    processor: localProcessorFor(config),
    network: 'gloas-test',
    config,
    api: api(),
    persistence: options.persistence ?? memoryPersistence(),
    ...(options.checkpoint === false ? {} : { checkpoint: CHECKPOINT }),
    now: NOW,
    allowOldCheckpoint: true,
    ...(options.executionHeads ? { executionHeads: options.executionHeads } : {}),
    onEvent: (e) => events.push(e),
  });
  return { s, events };
}

const heads = (events: SyncEvent[]) => events.flatMap((e) => (e.type === 'head' ? [`${e.kind}:${e.head.slot}:${e.head.execution.blockNumber}`] : []));
const rejected = (events: SyncEvent[]) => events.flatMap((e) => (e.type === 'rejected' ? [e.error.code] : []));

describe('L1Sync across the Gloas fork', () => {
  it('bootstraps at Fulu, takes Gloas updates without a restart, and announces each head with the block its hash proves', async () => {
    // The extension's own storage: the record keeps its shape, its store bytes become format 3.
    const persistence = dexiePersistence(new LightClientStoreRepo(await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange })));
    const { s, events } = sync({ executionHeads: honest, persistence });
    await s.init();
    expect(heads(events)).toEqual(['finalized:64:1000', 'optimistic:64:1000']);
    await s.step();
    expect(rejected(events)).toEqual([]);
    expect(isGloasStore(s.lightClientStore!)).toBe(true);
    // The block a head carries is the one its hash proves: its own number and time, a slot behind.
    expect(s.finalized!.slot).toBe(136n);
    expect(s.finalized!.execution.blockNumber).toBe(135n);
    expect(s.optimistic!.slot).toBe(150n);
    expect(s.optimistic!.execution.blockNumber).toBe(149n);
    expect(s.optimistic!.execution.timestamp).toBe(149n * 6n);
    expect(s.signing!.slot).toBe(150n);
    // Its payload is the next block: it carries the beacon block's parent root (EIP-4788).
    expect(bytesToHex(s.optimistic!.nextParentBeaconRoot)).toBe(bytesToHex(laterHeader.beacon.parentRoot));
    expect(heads(events).slice(2)).toEqual(['finalized:136:135', 'optimistic:150:149', 'signing:150:149']);

    // Saved as a Gloas store (format 3); a restart resumes it, its heads' blocks brought again.
    const saved = await persistence.load('gloas-test');
    expect(saved!.data[0]).toBe(3);
    expect(isGloasStore(deserializeAnyLightClientStore(ctx.types, 'minimal', saved!.data))).toBe(true);
    const again = sync({ executionHeads: honest, persistence, checkpoint: false });
    await again.s.init();
    expect(again.events.find((e) => e.type === 'checkpoint')).toMatchObject({ source: 'stored' });
    expect(heads(again.events)).toEqual(['finalized:136:135', 'optimistic:150:149', 'signing:150:149']);
  });

  it('a block that is not the one the hash proves is refused: the head of that kind stays where it was', async () => {
    const lying = async (head: VerifiedBlockHashHead) => headAtBlock(head, { ...blocks.get(bytesToHex(head.executionBlockHash))!, blockHash: bytes32('another block') });
    const { s, events } = sync({ executionHeads: lying });
    await s.init();
    await s.step();
    expect(isGloasStore(s.lightClientStore!)).toBe(true);
    expect(rejected(events)).toContain('HEADER_HASH_MISMATCH');
    expect(s.optimistic!.slot).toBe(64n);
    expect(s.optimistic!.execution.blockNumber).toBe(1000n);
    expect(heads(events)).toEqual(['finalized:64:1000', 'optimistic:64:1000']);
  });

  it('with no execution endpoint a Gloas head is verified and kept, never announced without its block (BLOCK_NOT_VERIFIED)', async () => {
    const { s, events } = sync();
    await s.init();
    await s.step();
    expect(s.lightClientStore!.optimisticHeader.beacon.slot).toBe(150n);
    expect(rejected(events)).toContain('BLOCK_NOT_VERIFIED');
    expect(s.optimistic!.slot).toBe(64n);
  });

  it('a block no endpoint has yet: reported as transient, and announced on the next round once it comes', async () => {
    let available = false;
    const late = async (head: VerifiedBlockHashHead) => {
      if (!available) throw new TransportError('NOT_AVAILABLE', 'not yet');
      return honest(head);
    };
    const { s, events } = sync({ executionHeads: late });
    await s.init();
    await s.step();
    expect(rejected(events)).toContain('NOT_AVAILABLE');
    expect(s.optimistic!.slot).toBe(64n);
    available = true;
    await s.step();
    expect(s.optimistic!.slot).toBe(150n);
    expect(events.filter((e) => e.type === 'rejected').every((e) => e.type === 'rejected' && e.error instanceof VigilError)).toBe(true);
  });
});

/**
 * Light-client data as a beacon API serves it (SSZ bytes, and JSON): the real mainnet bootstrap,
 * its six period updates, a finality and an optimistic update, mutated and then decoded
 * (src/l1/decode.ts over src/ssz) and run through the spec functions against the store each
 * applies to. Decoding is compared with @chainsafe/ssz (the types of @lodestar/types); what the
 * light client accepts must carry the very roots the real update carries.
 */
import * as cs from '@chainsafe/ssz';
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { PreGloasForkName } from '../../../src/l1/config.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate, encodeForFork, type Encoded } from '../../../src/l1/decode.ts';
import { initializeLightClientStore } from '../../../src/l1/spec/initializeLightClientStore.ts';
import { processLightClientFinalityUpdate, processLightClientOptimisticUpdate, processLightClientUpdate } from '../../../src/l1/spec/processLightClientUpdate.ts';
import type { LightClientStore } from '../../../src/l1/store.ts';
import { CHECKPOINT, mainnetChain } from '../../unit/l1/helpers.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { againstReference, attempt, type Reference, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

type Kind = 'bootstrap' | 'update' | 'finalityUpdate' | 'optimisticUpdate';

/**
 * Capella's light-client containers in @chainsafe/ssz, uint64 as bigint (@lodestar/types reads
 * slots as JS numbers, which cannot hold every uint64 the spec allows). consensus-specs capella
 * light-client/sync-protocol.md; JSON in the Beacon API's snake_case.
 */
function referenceTypes() {
  const opts = { jsonCase: 'eth2' } as const;
  const uint64 = new cs.UintBigintType(8);
  const bytes32 = new cs.ByteVectorType(32);
  const bytes48 = new cs.ByteVectorType(48);
  const beacon = new cs.ContainerType({ slot: uint64, proposerIndex: uint64, parentRoot: bytes32, stateRoot: bytes32, bodyRoot: bytes32 }, opts);
  const execution = new cs.ContainerType(
    {
      parentHash: bytes32,
      feeRecipient: new cs.ByteVectorType(20),
      stateRoot: bytes32,
      receiptsRoot: bytes32,
      logsBloom: new cs.ByteVectorType(256),
      prevRandao: bytes32,
      blockNumber: uint64,
      gasLimit: uint64,
      gasUsed: uint64,
      timestamp: uint64,
      extraData: new cs.ByteListType(32),
      baseFeePerGas: new cs.UintBigintType(32),
      blockHash: bytes32,
      transactionsRoot: bytes32,
      withdrawalsRoot: bytes32,
    },
    opts,
  );
  const header = new cs.ContainerType({ beacon, execution, executionBranch: new cs.VectorCompositeType(bytes32, 4) }, opts);
  const committee = new cs.ContainerType({ pubkeys: new cs.VectorCompositeType(bytes48, 512), aggregatePubkey: bytes48 }, opts);
  const aggregate = new cs.ContainerType({ syncCommitteeBits: new cs.BitVectorType(512), syncCommitteeSignature: new cs.ByteVectorType(96) }, opts);
  const branch = (n: number) => new cs.VectorCompositeType(bytes32, n);
  return {
    bootstrap: new cs.ContainerType({ header, currentSyncCommittee: committee, currentSyncCommitteeBranch: branch(5) }, opts),
    update: new cs.ContainerType(
      { attestedHeader: header, nextSyncCommittee: committee, nextSyncCommitteeBranch: branch(5), finalizedHeader: header, finalityBranch: branch(6), syncAggregate: aggregate, signatureSlot: uint64 },
      opts,
    ),
    finalityUpdate: new cs.ContainerType({ attestedHeader: header, finalizedHeader: header, finalityBranch: branch(6), syncAggregate: aggregate, signatureSlot: uint64 }, opts),
    optimisticUpdate: new cs.ContainerType({ attestedHeader: header, syncAggregate: aggregate, signatureSlot: uint64 }, opts),
  } as Record<Kind, cs.ContainerType<any>>;
}
const REFERENCE_TYPES = referenceTypes();

const SSZ_STRICTER: Record<string, string> = {
  INVALID_INPUT:
    'JSON the Beacon API would not send, which @chainsafe/ssz reads anyway: a number where the API writes a decimal string, hex without 0x or of mixed case prefix, a field renamed or added (the reference ignores unknown fields; Vigil refuses them so that a misspelt field is never silently defaulted).',
};

/** The encoded form the mutation starts from, and where the store it is checked against comes from. */
interface LcSeed {
  kind: Kind;
  ssz: Uint8Array;
  json: unknown;
  /** The store before this object (undefined for the bootstrap). */
  store?: LightClientStore;
  currentSlot: bigint;
  /** The roots the real object, applied, gives the store. */
  roots: string;
}

const chain = () => mainnetChain();
type Chain = ReturnType<typeof chain>;

/** The header, committee roots of a store: what an accepted object may give it, and nothing else. */
function storeRoots(c: Chain['ctx'], s: LightClientStore): string {
  return [
    bytesToHex(BeaconBlockHeader.hashTreeRoot(s.finalizedHeader.beacon)),
    bytesToHex(BeaconBlockHeader.hashTreeRoot(s.optimisticHeader.beacon)),
    bytesToHex(s.finalizedHeader.execution.stateRoot),
    bytesToHex(s.optimisticHeader.execution.stateRoot),
    bytesToHex(c.types.SyncCommittee.hashTreeRoot(s.currentSyncCommittee)),
    bytesToHex(c.types.SyncCommittee.hashTreeRoot(s.nextSyncCommittee)),
  ].join(',');
}

function decode(c: Chain['ctx'], kind: Kind, data: Encoded): unknown {
  const fork: PreGloasForkName = 'capella';
  if (kind === 'bootstrap') return decodeBootstrap(c.types, fork, data);
  if (kind === 'update') return decodeUpdate(c.types, fork, data);
  if (kind === 'finalityUpdate') return decodeFinalityUpdate(c.types, fork, data);
  return decodeOptimisticUpdate(c.types, fork, data);
}

/** Decodes and applies: the store the object leads to. */
function apply(c: Chain['ctx'], seed: LcSeed, data: Encoded): LightClientStore {
  const value = decode(c, seed.kind, data) as any;
  if (seed.kind === 'bootstrap') return initializeLightClientStore(c, CHECKPOINT, value);
  if (seed.kind === 'update') return processLightClientUpdate(c, seed.store!, value, seed.currentSlot);
  if (seed.kind === 'finalityUpdate') return processLightClientFinalityUpdate(c, seed.store!, value, seed.currentSlot);
  return processLightClientOptimisticUpdate(c, seed.store!, value, seed.currentSlot);
}

interface LcCtx {
  chain: Chain;
  seeds: LcSeed[];
}

async function loadChain(): Promise<LcCtx> {
  const c = chain();
  const seeds: LcSeed[] = [];
  const encoded = (kind: Kind, value: any) => encodeForFork(c.ctx.types, 'capella', kind, value);
  const b = encoded('bootstrap', c.bootstrap);
  let store = initializeLightClientStore(c.ctx, CHECKPOINT, c.bootstrap);
  seeds.push({ kind: 'bootstrap', ...b, currentSlot: 0n, roots: storeRoots(c.ctx, store) });
  const steps: [Kind, any][] = [...c.updates.map((u) => ['update', u] as [Kind, any]), ['finalityUpdate', c.finality], ['optimisticUpdate', c.optimistic]];
  for (const [kind, value] of steps) {
    const e = encoded(kind, value);
    const seed: LcSeed = { kind, ...e, store, currentSlot: value.signatureSlot, roots: '' };
    store = apply(c.ctx, seed, { ssz: e.ssz });
    seed.roots = storeRoots(c.ctx, store);
    seeds.push(seed);
  }
  return { chain: c, seeds };
}

/** @chainsafe/ssz's reading of the same input: its hash_tree_root, or a refusal. */
function referenceRoot(kind: Kind, data: Encoded): Reference<string> {
  try {
    const type = REFERENCE_TYPES[kind];
    const value = data.ssz !== undefined ? type.deserialize(data.ssz) : type.fromJson(data.json);
    return { ok: true, value: bytesToHex(type.hashTreeRoot(value)) };
  } catch {
    return { ok: false };
  }
}

/** Vigil's hash_tree_root of its own decoding, in the capella container (what the reference hashes). */
function ourRoot(c: Chain['ctx'], kind: Kind, data: Encoded): string {
  const family = c.types.families.capella[kind] as any;
  return bytesToHex(family.hashTreeRoot(family.deserialize(encodeForFork(c.types, 'capella', kind, decode(c, kind, data) as any).ssz)));
}

function mutateLc(rng: Rng, seed: LcSeed, seeds: readonly LcSeed[]): { data: Encoded; op: string } {
  if (rng.chance(0.8)) {
    const m = mutateBytes(rng, seed.ssz, { donors: seeds.map((s) => s.ssz) });
    return { data: { ssz: m.value }, op: `ssz:${m.op}` };
  }
  const m = mutateJson(rng, seed.json, { keys: ['signature_slot', 'finality_branch', 'next_sync_committee', 'execution', 'execution_branch'] });
  return { data: { json: m.value }, op: `json:${m.op}` };
}

function runLc(ctx: LcCtx, rng: Rng, kinds: readonly Kind[]): Outcome {
  const c = ctx.chain.ctx;
  const seed = rng.pick(ctx.seeds.filter((s) => kinds.includes(s.kind)));
  const { data, op } = mutateLc(rng, seed, ctx.seeds);
  // 1. Decoding, against @chainsafe/ssz.
  const decoded = attempt(() => ourRoot(c, seed.kind, data));
  const out = againstReference(op, decoded, referenceRoot(seed.kind, data));
  if (out.wrong || !decoded.ok) return out;
  // 2. The light client, against the roots the real object gives.
  const applied = attempt(() => apply(c, seed, data));
  const verdict: Outcome = { op, ...verdictOf(applied) };
  if (verdict.wrong) return verdict;
  if (applied.ok && storeRoots(c, applied.value) !== seed.roots) return { ...verdict, wrong: 'an accepted mutation gave the store another header or committee than the real object' };
  return verdict;
}

export const sszBootstrapTarget = defineTarget({
  name: 'ssz-bootstrap',
  subject: 'decodeBootstrap (SSZ and JSON) and initialize_light_client_store from the trusted checkpoint',
  reference: '@chainsafe/ssz (Capella\'s LightClientBootstrap from its types, uint64 as bigint): same acceptance, same hash_tree_root; an accepted bootstrap gives the store the real header and committee',
  seeds: 'the mainnet bootstrap at checkpoint 0x5afc…9275 (Capella, slot 7,069,376), SSZ and Beacon API JSON',
  stricter: SSZ_STRICTER,
  load: loadChain,
  run: (ctx: LcCtx, rng) => runLc(ctx, rng, ['bootstrap']),
});

export const sszUpdateTarget = defineTarget({
  name: 'ssz-update',
  subject: 'decodeUpdate / decodeFinalityUpdate / decodeOptimisticUpdate (SSZ and JSON) and process_light_client_*update (BLS included)',
  reference: '@chainsafe/ssz (Capella\'s LightClient*Update from its types, uint64 as bigint): same acceptance, same hash_tree_root; an accepted update gives the store the real headers and committees',
  seeds: 'the six mainnet period updates 862…867, the finality update and the optimistic update, each against the store it applies to',
  stricter: SSZ_STRICTER,
  load: loadChain,
  run: (ctx: LcCtx, rng) => runLc(ctx, rng, ['update', 'finalityUpdate', 'optimisticUpdate']),
});

/**
 * Gloas light-client data as a beacon API would serve it (SSZ and JSON, mainnet preset): a
 * bootstrap, an update, a finality and an optimistic update in the gloas containers (fixed size,
 * execution_block_hash with its 11-node branch), mutated and decoded by src/l1/decode.ts with
 * fork 'gloas'. Reference: the same containers in @chainsafe/ssz, uint64 as bigint (the
 * differential test test/unit/l1/gloas-lodestar.test.ts shows @lodestar/types 1.50's ssz.gloas
 * agrees with Vigil on these objects); an accepted header must also be judged by
 * is_valid_light_client_header without anything but a boolean.
 */
import * as cs from '@chainsafe/ssz';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { lightClientTypes } from '../../../src/l1/containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate, encodeForFork, type Encoded } from '../../../src/l1/decode.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { isValidLightClientHeader } from '../../../src/l1/spec/helpers.ts';
import { bytes32, gloasHeader } from '../../unit/l1/gloas-builders.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

type Kind = 'bootstrap' | 'update' | 'finalityUpdate' | 'optimisticUpdate';
const KINDS: readonly Kind[] = ['bootstrap', 'update', 'finalityUpdate', 'optimisticUpdate'];

/** gloas/light-client/sync-protocol.md's containers, mainnet preset, JSON in the API's snake_case. */
function referenceTypes() {
  const opts = { jsonCase: 'eth2' } as const;
  const uint64 = new cs.UintBigintType(8);
  const b32 = new cs.ByteVectorType(32);
  const beacon = new cs.ContainerType({ slot: uint64, proposerIndex: uint64, parentRoot: b32, stateRoot: b32, bodyRoot: b32 }, opts);
  const header = new cs.ContainerType({ beacon, executionBlockHash: b32, executionBranch: new cs.VectorCompositeType(b32, 11) }, opts);
  const committee = new cs.ContainerType({ pubkeys: new cs.VectorCompositeType(new cs.ByteVectorType(48), 512), aggregatePubkey: new cs.ByteVectorType(48) }, opts);
  const aggregate = new cs.ContainerType({ syncCommitteeBits: new cs.BitVectorType(512), syncCommitteeSignature: new cs.ByteVectorType(96) }, opts);
  const branch = (n: number) => new cs.VectorCompositeType(b32, n);
  return {
    bootstrap: new cs.ContainerType({ header, currentSyncCommittee: committee, currentSyncCommitteeBranch: branch(11) }, opts),
    update: new cs.ContainerType(
      { attestedHeader: header, nextSyncCommittee: committee, nextSyncCommitteeBranch: branch(11), finalizedHeader: header, finalityBranch: branch(9), syncAggregate: aggregate, signatureSlot: uint64 },
      opts,
    ),
    finalityUpdate: new cs.ContainerType({ attestedHeader: header, finalizedHeader: header, finalityBranch: branch(9), syncAggregate: aggregate, signatureSlot: uint64 }, opts),
    optimisticUpdate: new cs.ContainerType({ attestedHeader: header, syncAggregate: aggregate, signatureSlot: uint64 }, opts),
  } as Record<Kind, cs.ContainerType<any>>;
}

interface Seed {
  kind: Kind;
  ssz: Uint8Array;
  json: unknown;
}

interface Ctx {
  seeds: Seed[];
  reference: Record<Kind, cs.ContainerType<any>>;
}

const config = (() => {
  const c = networkConfig('mainnet');
  return { ...c, forks: c.forks.map((f) => (f.name === 'gloas' ? { ...f, epoch: 100n } : f)) };
})();
const types = lightClientTypes(config.preset);

async function load(): Promise<Ctx> {
  const attested = gloasHeader(3300n, 'fuzz-attested');
  const finalized = gloasHeader(3232n, 'fuzz-finalized');
  const committee = { pubkeys: Array.from({ length: 512 }, (_, i) => new Uint8Array(48).fill(i & 0xff)), aggregatePubkey: new Uint8Array(48).fill(1) };
  const syncAggregate = { syncCommitteeBits: Array.from({ length: 512 }, (_, i) => i % 5 !== 0), syncCommitteeSignature: new Uint8Array(96).fill(0xab) };
  const branch = (n: number, l: string) => Array.from({ length: n }, (_, i) => bytes32(`${l}${i}`));
  const values: Record<Kind, unknown> = {
    bootstrap: { header: finalized, currentSyncCommittee: committee, currentSyncCommitteeBranch: branch(11, 'c') },
    update: { attestedHeader: attested, nextSyncCommittee: committee, nextSyncCommitteeBranch: branch(11, 'n'), finalizedHeader: finalized, finalityBranch: branch(9, 'f'), syncAggregate, signatureSlot: 3301n },
    finalityUpdate: { attestedHeader: attested, finalizedHeader: finalized, finalityBranch: branch(9, 'f'), syncAggregate, signatureSlot: 3301n },
    optimisticUpdate: { attestedHeader: attested, syncAggregate, signatureSlot: 3301n },
  };
  const seeds = KINDS.map((kind) => ({ kind, ...encodeForFork(types, 'gloas', kind, values[kind] as never) }));
  return { seeds, reference: referenceTypes() };
}

function decode(kind: Kind, data: Encoded): any {
  if (kind === 'bootstrap') return decodeBootstrap(types, 'gloas', data);
  if (kind === 'update') return decodeUpdate(types, 'gloas', data);
  if (kind === 'finalityUpdate') return decodeFinalityUpdate(types, 'gloas', data);
  return decodeOptimisticUpdate(types, 'gloas', data);
}

/** Vigil's decoding, hashed in the gloas container; every header in it judged (a boolean, never a throw). */
function ours(kind: Kind, data: Encoded): string {
  const value = decode(kind, data);
  for (const key of ['header', 'attestedHeader', 'finalizedHeader']) if (key in value) isValidLightClientHeader(config, value[key]);
  return bytesToHex((types.families.gloas[kind] as any).hashTreeRoot(value));
}

function theirs(ctx: Ctx, kind: Kind, data: Encoded): Reference<string> {
  try {
    const type = ctx.reference[kind];
    const value = data.ssz !== undefined ? type.deserialize(data.ssz) : type.fromJson(data.json);
    return { ok: true, value: bytesToHex(type.hashTreeRoot(value)) };
  } catch {
    return { ok: false };
  }
}

function run(ctx: Ctx, rng: Rng): Outcome {
  const seed = rng.pick(ctx.seeds);
  let data: Encoded;
  let op: string;
  if (rng.chance(0.7)) {
    const m = mutateBytes(rng, seed.ssz, { donors: ctx.seeds.map((s) => s.ssz) });
    [data, op] = [{ ssz: m.value }, `ssz:${m.op}`];
  } else {
    const m = mutateJson(rng, seed.json, { keys: ['execution_block_hash', 'execution_branch', 'finality_branch', 'signature_slot', 'slot'] });
    [data, op] = [{ json: m.value }, `json:${m.op}`];
  }
  return againstReference(op, attempt(() => ours(seed.kind, data)), theirs(ctx, seed.kind, data));
}

export const gloasLightClientTarget = defineTarget({
  name: 'gloas-lc-decode',
  subject: "decodeBootstrap / decodeUpdate / decodeFinalityUpdate / decodeOptimisticUpdate with fork 'gloas' (SSZ and JSON), then is_valid_light_client_header on every header",
  reference: "@chainsafe/ssz (gloas light-client containers, mainnet preset, uint64 as bigint): same acceptance, same hash_tree_root",
  seeds: 'a Gloas bootstrap, update, finality and optimistic update built in test/unit/l1/gloas-builders.ts (headers proving their block hash at 2856), SSZ and Beacon API JSON',
  stricter: {
    INVALID_INPUT:
      'JSON the Beacon API would not send, which @chainsafe/ssz reads anyway: a number where the API writes a decimal string, hex without 0x or of mixed case prefix, a field renamed or added (Vigil refuses unknown fields so that a misspelt field is never silently defaulted).',
  },
  load,
  run,
});

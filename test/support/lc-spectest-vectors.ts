/**
 * Generates consensus-spec-tests light-client cases in the release's own format and layout
 * (ethereum/consensus-specs tests/formats/light_client/{sync,single_merkle_proof}.md, read at
 * a08d8a6e, the same as at v1.7.0-alpha.12 (84454a9d); file names and step kinds as its generator,
 * tests/core/pyspec/eth_consensus_specs/test/helpers/light_client_sync.py, writes them), since the
 * release vectors are not reachable here:
 * - `minimal/gloas/light_client/sync/pyspec_tests/light_client_sync`: Gloas from genesis, a Gloas
 *   bootstrap, three updates (two periods, one without finality) and a force_update;
 * - `minimal/fulu/light_client/sync/pyspec_tests/gloas_fork` (GLOAS_FORK_EPOCH 3): a Fulu store,
 *   Fulu updates, upgrade_store to Gloas, Fulu updates up to the last pre-fork slot (one signed
 *   under the Gloas version), then Gloas updates;
 * - `<preset>/gloas/light_client/single_merkle_proof/{BeaconState,BeaconBlockBody}/*` (mainnet in
 *   the tests' process, minimal through test/support/write-proof-cases.ts): branches
 *   at 735, 2945, 2946 and 2856 of @lodestar/types 1.50 Gloas values.
 * Updates carry real BLS signatures of a devnet committee (test/unit/l1/gloas-builders.ts). The
 * expected `checks` are worked out here from the spec's rules and the headers built (an execution
 * root is hash_tree_root of the payload header the header was built from, or the Gloas block
 * hash), not read back from Vigil's store.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ssz as lodestar } from '@lodestar-next/types';
import snappy from 'snappyjs';
import { stringify } from 'yaml';
import { bytesToHex } from '../../src/core/bytes.ts';
import { type ChainConfig, computeForkDigest, computeSyncCommitteePeriodAtSlot, forkEpoch, type ForkName } from '../../src/l1/config.ts';
import {
  type AnyLightClientHeader,
  BeaconBlockHeader,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  ExecutionPayloadHeaderDeneb,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  GloasLightClientHeaderType,
  isGloasHeader,
  type LightClientHeader,
  lightClientTypes,
  type LightClientUpdate,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../../src/l1/containers.ts';
import { encodeForFork } from '../../src/l1/decode.ts';
import { bytes32, forkingConfig, gloasHeader, partialTree, preGloasHeader, registry, signedBy, signedUpdate } from '../unit/l1/gloas-builders.ts';

type Header = AnyLightClientHeader;
const reg = registry();

/** The config.yaml of a case: the test config in the specs' names (GENESIS_VALIDATORS_ROOT is in meta.yaml). */
function configYaml(config: ChainConfig): string {
  const { GENESIS_VALIDATORS_ROOT: _g, GENESIS_TIME: _t, ...rest } = config.json as Record<string, unknown>;
  const numbers = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v]));
  // Versions unquoted, as the release writes them (a YAML 1.2 reader would take them for numbers).
  return stringify({ ...numbers, BLOB_SCHEDULE: [] }).replace(/"(0x[0-9a-f]{8})"/g, '$1');
}

const snappyFile = (path: string, bytes: Uint8Array) => writeFileSync(path, snappy.compress(bytes));

/** execution_root as the spec's get_lc_execution_root gives it, from what the header was built of. */
function executionRoot(config: ChainConfig, header: Header): string {
  if (isGloasHeader(header)) return bytesToHex(header.executionBlockHash);
  if (header.beacon.slot / config.preset.SLOTS_PER_EPOCH >= forkEpoch(config, 'gloas')) throw new Error('a pre-Gloas header at a Gloas slot');
  return bytesToHex(ExecutionPayloadHeaderDeneb.hashTreeRoot(header.execution));
}

const headerCheck = (config: ChainConfig, h: Header) => ({
  slot: Number(h.beacon.slot),
  beacon_root: bytesToHex(BeaconBlockHeader.hashTreeRoot(h.beacon)),
  execution_root: executionRoot(config, h),
});

/** The data's fork: its (attested) header's slot chooses it. */
const forkAtHeader = (config: ChainConfig, h: Header): ForkName => (isGloasHeader(h) ? 'gloas' : config.forks.filter((f) => f.epoch <= h.beacon.slot / config.preset.SLOTS_PER_EPOCH && f.name !== 'gloas').at(-1)!.name);

const defaultHeader = (gloas: boolean): Header =>
  gloas
    ? GloasLightClientHeaderType.defaultValue()
    : { beacon: BeaconBlockHeader.defaultValue(), execution: ExecutionPayloadHeaderDeneb.defaultValue(), executionBranch: Array.from({ length: 4 }, () => new Uint8Array(32)) };

/** An update with neither finality nor a next committee (`_xx`): default header, zero branches. */
function optimisticOnly<H extends Header>(config: ChainConfig, attested: H, signatureSlot: bigint): LightClientUpdate<H> {
  const gloas = isGloasHeader(attested);
  const zeros = (n: number) => Array.from({ length: n }, () => new Uint8Array(32));
  const period = computeSyncCommitteePeriodAtSlot(config, signatureSlot);
  return {
    attestedHeader: attested,
    nextSyncCommittee: lightClientTypes(config.preset).SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: zeros(gloas ? 11 : 6),
    finalizedHeader: defaultHeader(gloas) as H,
    finalityBranch: zeros(gloas ? 9 : 7),
    syncAggregate: signedBy(config, reg, period, attested as LightClientHeader, signatureSlot),
    signatureSlot,
  };
}

/** A finality update bringing `nextPeriod`'s committee, signed by the committee of the signature slot. */
function finalityUpdate<H extends Header>(config: ChainConfig, o: { attested: (stateRoot: Uint8Array) => H; finalized: H; signatureSlot: bigint }): LightClientUpdate<H> {
  const gloas = isGloasHeader(o.attested(new Uint8Array(32)));
  const signerPeriod = computeSyncCommitteePeriodAtSlot(config, o.signatureSlot);
  const next = reg.committee(signerPeriod + 1n);
  return signedUpdate(config, reg, {
    attested: o.attested,
    finalized: o.finalized,
    finalityGindex: gloas ? FINALIZED_ROOT_GINDEX_GLOAS : FINALIZED_ROOT_GINDEX_ELECTRA,
    next: next.value,
    nextRoot: next.root,
    nextGindex: gloas ? NEXT_SYNC_COMMITTEE_GINDEX_GLOAS : NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
    signerPeriod,
    signatureSlot: o.signatureSlot,
  });
}

/**
 * A Gloas update whose finalized checkpoint is still genesis (as the spec's own first update):
 * the default header, the finality branch proving a zero root at 735, and the next committee.
 */
function genesisFinalityUpdate(config: ChainConfig, attestedSlot: bigint, signatureSlot: bigint): LightClientUpdate<Header> {
  const signerPeriod = computeSyncCommitteePeriodAtSlot(config, signatureSlot);
  const next = reg.committee(signerPeriod + 1n);
  const state = partialTree(new Map([[FINALIZED_ROOT_GINDEX_GLOAS, new Uint8Array(32)], [NEXT_SYNC_COMMITTEE_GINDEX_GLOAS, next.root]]), `genesis-final/${attestedSlot}`);
  const attestedHeader = gloasHeader(attestedSlot, `g/a${attestedSlot}`, state.root);
  return {
    attestedHeader,
    nextSyncCommittee: next.value,
    nextSyncCommitteeBranch: state.branch(NEXT_SYNC_COMMITTEE_GINDEX_GLOAS),
    finalizedHeader: defaultHeader(true),
    finalityBranch: state.branch(FINALIZED_ROOT_GINDEX_GLOAS),
    syncAggregate: signedBy(config, reg, signerPeriod, attestedHeader as never, signatureSlot),
    signatureSlot,
  };
}

/** A bootstrap at `header` (built over a state proving period's committee). */
function bootstrapAt(config: ChainConfig, make: (stateRoot: Uint8Array) => Header) {
  const gloas = isGloasHeader(make(new Uint8Array(32)));
  const gindex = gloas ? CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS : CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA;
  const probe = make(new Uint8Array(32));
  const committee = reg.committee(computeSyncCommitteePeriodAtSlot(config, probe.beacon.slot));
  const state = partialTree(new Map([[gindex, committee.root]]), `bootstrap-state/${probe.beacon.slot}`);
  return { header: make(state.root), currentSyncCommittee: committee.value, currentSyncCommitteeBranch: state.branch(gindex) };
}

/** What a sync case is made of before it is written: the expected store after each step. */
type Step =
  | { kind: 'process_update'; update: LightClientUpdate<Header>; currentSlot: bigint; finalized: Header; optimistic: Header }
  | { kind: 'force_update'; currentSlot: bigint; finalized: Header; optimistic: Header }
  | { kind: 'upgrade_store'; fork: ForkName; finalized: Header; optimistic: Header };

export interface SyncChain {
  config: ChainConfig;
  bootstrap: ReturnType<typeof bootstrapAt>;
  storeFork: ForkName;
  steps: Step[];
}

const suffix = (u: LightClientUpdate<Header>) =>
  `${u.nextSyncCommitteeBranch.some((n) => n.some((b) => b !== 0)) ? 's' : 'x'}${u.finalityBranch.some((n) => n.some((b) => b !== 0)) ? 'f' : 'x'}`;
export const updateFileName = (u: LightClientUpdate<Header>) => `update_${bytesToHex(BeaconBlockHeader.hashTreeRoot(u.attestedHeader.beacon))}_${suffix(u)}`;

/** Writes a sync case directory: meta.yaml, config.yaml, bootstrap.ssz_snappy, update_*.ssz_snappy, steps.yaml. */
export function writeSyncCase(dir: string, chain: SyncChain): void {
  const { config } = chain;
  const types = lightClientTypes(config.preset);
  const digestOf = (fork: ForkName) => bytesToHex(computeForkDigest(config, forkEpoch(config, fork)));
  const versionOf = (fork: ForkName) => bytesToHex(config.forks.find((f) => f.name === fork)!.version);
  mkdirSync(dir, { recursive: true });
  const bootFork = forkAtHeader(config, chain.bootstrap.header);
  writeFileSync(join(dir, 'config.yaml'), configYaml(config));
  writeFileSync(
    join(dir, 'meta.yaml'),
    stringify({
      genesis_validators_root: bytesToHex(config.genesisValidatorsRoot),
      trusted_block_root: bytesToHex(BeaconBlockHeader.hashTreeRoot(chain.bootstrap.header.beacon)),
      bootstrap_fork_digest: digestOf(bootFork),
      store_fork_version: versionOf(chain.storeFork),
    }),
  );
  snappyFile(join(dir, 'bootstrap.ssz_snappy'), encodeForFork(types, bootFork, 'bootstrap', chain.bootstrap as never).ssz);
  const checks = (s: Step) => ({ finalized_header: headerCheck(config, s.finalized), optimistic_header: headerCheck(config, s.optimistic) });
  const steps = chain.steps.map((s) => {
    if (s.kind === 'force_update') return { force_update: { current_slot: Number(s.currentSlot), checks: checks(s) } };
    if (s.kind === 'upgrade_store') return { upgrade_store: { store_fork_version: versionOf(s.fork), checks: checks(s) } };
    const fork = forkAtHeader(config, s.update.attestedHeader);
    const name = updateFileName(s.update);
    snappyFile(join(dir, `${name}.ssz_snappy`), encodeForFork(types, fork, 'update', s.update as never).ssz);
    return { process_update: { update_fork_digest: digestOf(fork), update: name, current_slot: Number(s.currentSlot), checks: checks(s) } };
  });
  writeFileSync(join(dir, 'steps.yaml'), stringify(steps));
}

/**
 * Gloas from genesis (minimal: 8 slots an epoch, 64 a period). Bootstrap at 16; an update at 20
 * whose finalized checkpoint is genesis (it brings the next committee, finalizes nothing: the
 * spec's update_has_finalized_next_sync_committee); a finality update in period 0 (attested 40,
 * finalized 24); one in period 1 (80, 72); an update without
 * finality (attested 90) kept as best_valid_update; then force_update past UPDATE_TIMEOUT (64
 * slots) makes its attested header the finalized one.
 */
export function gloasSyncChain(): SyncChain {
  const config = forkingConfig(0n);
  const bootstrap = bootstrapAt(config, (root) => gloasHeader(16n, 'g/boot', root));
  const u0 = genesisFinalityUpdate(config, 20n, 21n);
  const u1 = finalityUpdate(config, { attested: (r) => gloasHeader(40n, 'g/a40', r), finalized: gloasHeader(24n, 'g/f24'), signatureSlot: 41n });
  const u2 = finalityUpdate(config, { attested: (r) => gloasHeader(80n, 'g/a80', r), finalized: gloasHeader(72n, 'g/f72'), signatureSlot: 81n });
  const u3 = optimisticOnly(config, gloasHeader(90n, 'g/a90'), 91n);
  return {
    config,
    bootstrap,
    storeFork: 'gloas',
    steps: [
      { kind: 'process_update', update: u0, currentSlot: 21n, finalized: bootstrap.header, optimistic: u0.attestedHeader },
      { kind: 'process_update', update: u1, currentSlot: 41n, finalized: u1.finalizedHeader, optimistic: u1.attestedHeader },
      { kind: 'process_update', update: u2, currentSlot: 81n, finalized: u2.finalizedHeader, optimistic: u2.attestedHeader },
      { kind: 'process_update', update: u3, currentSlot: 91n, finalized: u2.finalizedHeader, optimistic: u3.attestedHeader },
      { kind: 'force_update', currentSlot: 72n + 64n + 1n, finalized: u3.attestedHeader, optimistic: u3.attestedHeader },
    ],
  };
}

/**
 * Fulu → Gloas at epoch 3 (slot 24), as the spec's gloas_fork case runs it: a Fulu bootstrap at 8;
 * a Fulu finality update (attested 14, finalized 10); a Fulu update at 20 (finalized unchanged);
 * upgrade_store to Gloas; Fulu updates at 22 and 23 (the last pre-fork slot, signed at 25 under the
 * Gloas version); a Gloas finality update (attested 26, finalized 24); one in period 1 (70, 64).
 */
export function gloasForkChain(): SyncChain & { updates: LightClientUpdate<Header>[] } {
  const config = forkingConfig(3n);
  const fulu = (slot: bigint, label: string, root?: Uint8Array) => preGloasHeader(slot, `x/${label}`, undefined, root);
  const bootstrap = bootstrapAt(config, (root) => fulu(8n, 'boot', root));
  const u1 = finalityUpdate(config, { attested: (r) => fulu(14n, 'a14', r), finalized: fulu(10n, 'f10'), signatureSlot: 15n });
  const u2 = finalityUpdate(config, { attested: (r) => fulu(20n, 'a20', r), finalized: u1.finalizedHeader, signatureSlot: 21n });
  const u3 = optimisticOnly(config, fulu(22n, 'a22'), 23n);
  const u4 = optimisticOnly(config, fulu(23n, 'a23'), 25n);
  const u5 = finalityUpdate(config, { attested: (r) => gloasHeader(26n, 'x/a26', r), finalized: gloasHeader(24n, 'x/f24'), signatureSlot: 27n });
  const u6 = finalityUpdate(config, { attested: (r) => gloasHeader(70n, 'x/a70', r), finalized: gloasHeader(64n, 'x/f64'), signatureSlot: 71n });
  const f10 = u1.finalizedHeader;
  return {
    config,
    bootstrap,
    storeFork: 'fulu',
    updates: [u1, u2, u3, u4, u5, u6],
    steps: [
      { kind: 'process_update', update: u1, currentSlot: 15n, finalized: f10, optimistic: u1.attestedHeader },
      { kind: 'process_update', update: u2, currentSlot: 21n, finalized: f10, optimistic: u2.attestedHeader },
      { kind: 'upgrade_store', fork: 'gloas', finalized: f10, optimistic: u2.attestedHeader },
      { kind: 'process_update', update: u3, currentSlot: 23n, finalized: f10, optimistic: u3.attestedHeader },
      { kind: 'process_update', update: u4, currentSlot: 25n, finalized: f10, optimistic: u4.attestedHeader },
      { kind: 'process_update', update: u5, currentSlot: 27n, finalized: u5.finalizedHeader, optimistic: u5.attestedHeader },
      { kind: 'process_update', update: u6, currentSlot: 71n, finalized: u6.finalizedHeader, optimistic: u6.attestedHeader },
    ],
  };
}

/**
 * The preset @lodestar/types was loaded in (LODESTAR_PRESET when first imported; mainnet unless
 * set): the tests' own process has mainnet, test/support/write-proof-cases.ts may run in minimal.
 */
export const lodestarPreset = (): string => ((lodestar.altair as any).SyncCommittee.fields.pubkeys.length === 32 ? 'minimal' : 'mainnet');

/** A Gloas BeaconState and BeaconBlockBody (in {@link lodestarPreset}) with marked fields. */
function gloasObjects() {
  const g = lodestar.gloas as any;
  const state = g.BeaconState.defaultValue();
  state.slot = 3200;
  state.finalizedCheckpoint = { epoch: 99, root: bytes32('proof/finalized') };
  const committee = (k: number) => ({
    pubkeys: Array.from({ length: g.SyncCommittee.fields.pubkeys.length as number }, (_, i) => Uint8Array.from({ length: 48 }, (_, j) => (i * k + j) & 0xff)),
    aggregatePubkey: new Uint8Array(48).fill(k),
  });
  state.currentSyncCommittee = committee(1);
  state.nextSyncCommittee = committee(3);
  const body = g.BeaconBlockBody.defaultValue();
  body.randaoReveal = new Uint8Array(96).fill(5);
  body.graffiti = bytes32('proof/graffiti');
  body.signedExecutionPayloadBid.message.parentBlockHash = bytes32('proof/parent-block-hash');
  body.signedExecutionPayloadBid.message.blockHash = bytes32('proof/block-hash');
  return { g, state, body };
}

/** Writes one single_merkle_proof case: object.ssz_snappy and proof.yaml (leaf, leaf_index, branch). */
function writeProofCase(dir: string, type: any, value: any, gindex: number): void {
  mkdirSync(dir, { recursive: true });
  const view = type.toView(value);
  snappyFile(join(dir, 'object.ssz_snappy'), type.serialize(value));
  const proof = {
    leaf: bytesToHex(view.tree.getRoot(BigInt(gindex))),
    leaf_index: gindex,
    branch: (view.tree.getSingleProof(BigInt(gindex)) as Uint8Array[]).map(bytesToHex),
  };
  writeFileSync(join(dir, 'proof.yaml'), stringify(proof));
}

/** The Gloas single_merkle_proof cases under `root` (in {@link lodestarPreset}); returns their directories. */
export function writeGloasProofCases(root: string): string[] {
  const { g, state, body } = gloasObjects();
  const base = join(root, lodestarPreset(), 'gloas/light_client/single_merkle_proof');
  const cases: [string, any, any, number][] = [
    ['BeaconState/current_sync_committee_merkle_proof', g.BeaconState, state, CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS],
    ['BeaconState/next_sync_committee_merkle_proof', g.BeaconState, state, NEXT_SYNC_COMMITTEE_GINDEX_GLOAS],
    ['BeaconState/finality_root_merkle_proof', g.BeaconState, state, FINALIZED_ROOT_GINDEX_GLOAS],
    ['BeaconBlockBody/execution_block_hash_merkle_proof', g.BeaconBlockBody, body, EXECUTION_BLOCK_HASH_GINDEX_GLOAS],
  ];
  return cases.map(([path, type, value, gindex]) => {
    writeProofCase(join(base, path), type, value, gindex);
    return join(base, path);
  });
}

/** The expected leaves of the proof cases, from the values themselves (not from a tree). */
export function gloasProofLeaves(): Record<string, string> {
  const { g, state, body } = gloasObjects();
  return {
    current_sync_committee_merkle_proof: bytesToHex(g.SyncCommittee.hashTreeRoot(state.currentSyncCommittee)),
    next_sync_committee_merkle_proof: bytesToHex(g.SyncCommittee.hashTreeRoot(state.nextSyncCommittee)),
    finality_root_merkle_proof: bytesToHex(state.finalizedCheckpoint.root),
    execution_block_hash_merkle_proof: bytesToHex(body.signedExecutionPayloadBid.message.parentBlockHash),
  };
}

/** Every generated case under `root`: [gloas sync, cross-fork sync, ...proof cases]. */
export function writeAllCases(root: string): { gloasSync: string; gloasFork: string; proofs: string[] } {
  const gloasSync = join(root, 'minimal/gloas/light_client/sync/pyspec_tests/light_client_sync');
  const gloasFork = join(root, 'minimal/fulu/light_client/sync/pyspec_tests/gloas_fork');
  writeSyncCase(gloasSync, gloasSyncChain());
  writeSyncCase(gloasFork, gloasForkChain());
  return { gloasSync, gloasFork, proofs: writeGloasProofCases(root) };
}

/** Rewrites a YAML file of a case through `change` (for tampered copies). */
export function editYaml(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/**
 * The gloas_fork chain as Beacon API files for `vigil lc-verify` ({version, data} JSON): the Fulu
 * bootstrap, updates [Fulu 14/10, Gloas 26/24, Gloas 70/64 (period 1)], a Gloas finality update
 * (attested 74, finalized 72) and a Gloas optimistic update (attested 77), and the network config.
 */
export function writeLcVerifyChain(dir: string) {
  const chain = gloasForkChain();
  const { config } = chain;
  const types = lightClientTypes(config.preset);
  const [u1, , , , u5, u6] = chain.updates as [LightClientUpdate<Header>, ...LightClientUpdate<Header>[]];
  const versioned = (fork: ForkName, kind: Parameters<typeof encodeForFork>[2], v: unknown) => ({ version: fork, data: encodeForFork(types, fork, kind, v as never).json });
  const f = finalityUpdate(config, { attested: (r) => gloasHeader(74n, 'x/a74', r), finalized: gloasHeader(72n, 'x/f72'), signatureSlot: 75n });
  const finality = { attestedHeader: f.attestedHeader, finalizedHeader: f.finalizedHeader, finalityBranch: f.finalityBranch, syncAggregate: f.syncAggregate, signatureSlot: f.signatureSlot };
  const attested = gloasHeader(77n, 'x/a77');
  const optimistic = { attestedHeader: attested, syncAggregate: signedBy(config, reg, 1n, attested as never, 78n), signatureSlot: 78n };
  mkdirSync(dir, { recursive: true });
  const files = {
    config: join(dir, 'config.json'),
    bootstrap: join(dir, 'bootstrap.json'),
    preForkUpdates: join(dir, 'updates-fulu.json'),
    updates: join(dir, 'updates.json'),
    finality: join(dir, 'finality.json'),
    optimistic: join(dir, 'optimistic.json'),
  };
  const json = (path: string, v: unknown) => writeFileSync(path, JSON.stringify(v, null, 1));
  json(files.config, config.json);
  json(files.bootstrap, versioned('fulu', 'bootstrap', chain.bootstrap));
  json(files.preForkUpdates, [versioned('fulu', 'update', u1)]);
  json(files.updates, [versioned('fulu', 'update', u1), versioned('gloas', 'update', u5), versioned('gloas', 'update', u6!)]);
  json(files.finality, versioned('gloas', 'finalityUpdate', finality));
  json(files.optimistic, versioned('gloas', 'optimisticUpdate', optimistic));
  return {
    files,
    checkpoint: bytesToHex(BeaconBlockHeader.hashTreeRoot(chain.bootstrap.header.beacon)),
    /** What each run should print, worked out from the headers built. */
    expected: {
      preFork: { finalized: u1.finalizedHeader as LightClientHeader, optimistic: u1.attestedHeader as LightClientHeader },
      gloas: { finalized: f.finalizedHeader, optimistic: attested },
    },
  };
}

/**
 * Builders for the Gloas light-client tests: partial Merkle trees with real branches at the
 * spec's gindices (only the proven leaves matter to a light client; every other node is a
 * deterministic filler), headers of each era, and updates signed by a devnet committee's real
 * BLS keys (minimal preset, every fork at 0 but Gloas at GLOAS_EPOCH).
 */
import { concatBytes } from '../../../src/core/bytes.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { encodeForFork } from '../../../src/l1/decode.ts';
import { parseNetworkConfig } from '../../../src/l1/config.ts';
import {
  BeaconBlockHeader,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  lightClientTypes,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_PAYLOAD_GINDEX,
  type ExecutionPayloadHeader,
  ExecutionPayloadHeaderDeneb,
  type GloasLightClientHeader,
  type LightClientHeader,
  type LightClientUpdate,
  type SyncCommittee,
} from '../../../src/l1/containers.ts';
import { computeDomain, computeSigningRoot, DOMAIN_SYNC_COMMITTEE } from '../../../src/l1/spec/helpers.ts';
import { computeForkVersion, type ChainConfig } from '../../../src/l1/config.ts';
import { floorLog2 } from '../../../src/ssz/index.ts';
import { signSyncAggregate, ValidatorRegistry } from '../../../src/devnet/beacon/committee.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';

const u8 = (s: string) => new TextEncoder().encode(s);
export const bytes32 = (label: string): Uint8Array => sha256(u8(label));

/**
 * A tree whose only meaningful nodes are `leaves` (by gindex): the root, and each leaf's branch
 * (leaf side first) as a server would send it.
 */
export function partialTree(leaves: ReadonlyMap<number, Uint8Array>, label = 'filler') {
  const covers = (g: number) => [...leaves.keys()].some((l) => l >= g && Math.floor(l / 2 ** (floorLog2(l) - floorLog2(g))) === g);
  const memo = new Map<number, Uint8Array>();
  const node = (g: number): Uint8Array => {
    const known = leaves.get(g) ?? memo.get(g);
    if (known) return known;
    const v = covers(g) ? sha256(concatBytes(node(2 * g), node(2 * g + 1))) : bytes32(`${label}/${g}`);
    memo.set(g, v);
    return v;
  };
  const branch = (g: number): Uint8Array[] => {
    const out: Uint8Array[] = [];
    for (let i = g; i > 1; i = Math.floor(i / 2)) out.push(node(i ^ 1));
    return out;
  };
  return { root: node(1), branch };
}

/** A Deneb-shaped execution payload header with distinct fields (blob fields zero for Capella). */
export function executionHeader(label: string, capella = false): ExecutionPayloadHeader {
  return {
    ...ExecutionPayloadHeaderDeneb.defaultValue(),
    parentHash: bytes32(`${label}/parent`),
    stateRoot: bytes32(`${label}/state`),
    receiptsRoot: bytes32(`${label}/receipts`),
    blockNumber: 1000n,
    timestamp: 1_700_000_000n,
    extraData: u8('vigil'),
    baseFeePerGas: 7n,
    blockHash: bytes32(`${label}/hash`),
    ...(capella ? {} : { blobGasUsed: 131072n, excessBlobGas: 5n }),
  };
}

/** A pre-Gloas header at `slot` whose execution branch proves `execution` (Capella layout when `capella`). */
export function preGloasHeader(slot: bigint, label: string, capellaRoot?: (e: ExecutionPayloadHeader) => Uint8Array, stateRoot = bytes32(`${label}/state-root`)): LightClientHeader {
  const execution = executionHeader(label, capellaRoot !== undefined);
  const leaf = capellaRoot ? capellaRoot(execution) : ExecutionPayloadHeaderDeneb.hashTreeRoot(execution);
  const body = partialTree(new Map([[EXECUTION_PAYLOAD_GINDEX, leaf]]), `${label}/body`);
  return {
    beacon: { slot, proposerIndex: 3n, parentRoot: bytes32(`${label}/parent-root`), stateRoot, bodyRoot: body.root },
    execution,
    executionBranch: body.branch(EXECUTION_PAYLOAD_GINDEX),
  };
}

/** A Gloas header at `slot`, its block hash proven at 2856 in a body tree. */
export function gloasHeader(slot: bigint, label: string, stateRoot = bytes32(`${label}/state-root`)): GloasLightClientHeader {
  const executionBlockHash = bytes32(`${label}/hash`);
  const body = partialTree(new Map([[EXECUTION_BLOCK_HASH_GINDEX_GLOAS, executionBlockHash]]), `${label}/body`);
  return {
    beacon: { slot, proposerIndex: 5n, parentRoot: bytes32(`${label}/parent-root`), stateRoot, bodyRoot: body.root },
    executionBlockHash,
    executionBranch: body.branch(EXECUTION_BLOCK_HASH_GINDEX_GLOAS),
  };
}

/** Minimal preset, every fork at epoch 0 but Gloas at GLOAS_EPOCH (slot 128, period 2). */
export const GLOAS_EPOCH = 16n;
export function forkingConfig(gloasEpoch = GLOAS_EPOCH): ChainConfig {
  const fork = (v: number, epoch: bigint | number) => ({ v: `0x0${v}000001`, epoch: String(epoch) });
  const forks = { ALTAIR: fork(1, 0), BELLATRIX: fork(2, 0), CAPELLA: fork(3, 0), DENEB: fork(4, 0), ELECTRA: fork(5, 0), FULU: fork(6, 0), GLOAS: fork(7, gloasEpoch) };
  return parseNetworkConfig({
    CONFIG_NAME: 'gloas-test',
    PRESET_BASE: 'minimal',
    SECONDS_PER_SLOT: 6,
    GENESIS_TIME: 0,
    GENESIS_VALIDATORS_ROOT: '0x' + '11'.repeat(32),
    GENESIS_FORK_VERSION: '0x00000001',
    ...Object.fromEntries(Object.entries(forks).flatMap(([k, f]) => [[`${k}_FORK_VERSION`, f.v], [`${k}_FORK_EPOCH`, f.epoch]])),
    BLOB_SCHEDULE: [],
  });
}

export const registry = (): ValidatorRegistry => new ValidatorRegistry(DEVNET_PRESETS.minimal, 'gloas-lc-test', 64);

/** The committee's full-participation aggregate over `attested`, as signed at `signatureSlot`. */
export function signedBy(config: ChainConfig, reg: ValidatorRegistry, period: bigint, attested: { beacon: LightClientHeader['beacon'] }, signatureSlot: bigint) {
  const forkVersion = computeForkVersion(config, (signatureSlot - 1n) / config.preset.SLOTS_PER_EPOCH);
  const domain = computeDomain(DOMAIN_SYNC_COMMITTEE, forkVersion, config.genesisValidatorsRoot);
  return signSyncAggregate(reg.committee(period), computeSigningRoot(BeaconBlockHeader.hashTreeRoot(attested.beacon), domain));
}

/**
 * An update whose attested state proves `finalized` (at finalityGindex) and `next` (at
 * nextGindex), signed by the committee of `signerPeriod`.
 */
export function signedUpdate<H extends LightClientHeader | GloasLightClientHeader>(
  config: ChainConfig,
  reg: ValidatorRegistry,
  o: { attested: (stateRoot: Uint8Array) => H; finalized: H; finalityGindex: number; next: SyncCommittee; nextRoot: Uint8Array; nextGindex: number; signerPeriod: bigint; signatureSlot: bigint },
): LightClientUpdate<H> {
  const state = partialTree(new Map([[o.finalityGindex, BeaconBlockHeader.hashTreeRoot(o.finalized.beacon)], [o.nextGindex, o.nextRoot]]), 'state');
  const attestedHeader = o.attested(state.root);
  return {
    attestedHeader,
    nextSyncCommittee: o.next,
    nextSyncCommitteeBranch: state.branch(o.nextGindex),
    finalizedHeader: o.finalized,
    finalityBranch: state.branch(o.finalityGindex),
    syncAggregate: signedBy(config, reg, o.signerPeriod, attestedHeader, o.signatureSlot),
    signatureSlot: o.signatureSlot,
  };
}

/**
 * A chain across the fork for the sync tests (forkingConfig, Gloas at slot 128): a Fulu bootstrap
 * at slot 64 (period 1); a Fulu update attested at 100, finalizing 80, bringing period 2's
 * committee, signed by period 1 at 101; a Gloas update attested at 140, finalizing 136, bringing
 * period 3's, signed by period 2 at 141.
 */
export function crossForkChain(config: ChainConfig, reg: ValidatorRegistry) {
  const types = lightClientTypes(config.preset);
  const committee = (p: bigint) => reg.committee(p);
  const bootState = partialTree(new Map([[CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA, committee(1n).root]]), 'boot-state');
  const bootHeader = preGloasHeader(64n, 'boot', undefined, bootState.root);
  const bootstrap = encodeForFork(types, 'fulu', 'bootstrap', {
    header: bootHeader,
    currentSyncCommittee: committee(1n).value,
    currentSyncCommitteeBranch: bootState.branch(CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA),
  });
  const fuluUpdate = signedUpdate(config, reg, {
    attested: (stateRoot) => preGloasHeader(100n, 'fulu-attested', undefined, stateRoot),
    finalized: preGloasHeader(80n, 'fulu-finalized'),
    finalityGindex: FINALIZED_ROOT_GINDEX_ELECTRA,
    next: committee(2n).value,
    nextRoot: committee(2n).root,
    nextGindex: NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
    signerPeriod: 1n,
    signatureSlot: 101n,
  });
  const gloasUpdate = signedUpdate(config, reg, {
    attested: (stateRoot) => gloasHeader(140n, 'gloas-attested', stateRoot),
    finalized: gloasHeader(136n, 'gloas-finalized'),
    finalityGindex: FINALIZED_ROOT_GINDEX_GLOAS,
    next: committee(3n).value,
    nextRoot: committee(3n).root,
    nextGindex: NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
    signerPeriod: 2n,
    signatureSlot: 141n,
  });
  return { bootHeader, checkpoint: BeaconBlockHeader.hashTreeRoot(bootHeader.beacon), bootstrap, fuluUpdate, gloasUpdate };
}

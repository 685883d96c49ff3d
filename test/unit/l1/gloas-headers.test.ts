/**
 * Gloas light-client headers (consensus-specs v1.7.0-alpha.12 gloas/light-client): the gindex
 * switch at the fork, is_valid_light_client_header and get_lc_execution_root for every era,
 * upgrade_lc_header_to_gloas on a real mainnet Capella header and on Deneb/Electra headers, and
 * the fixed-size codec.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VigilError } from '../../../src/core/errors.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import {
  defaultGloasLightClientHeader,
  ExecutionPayloadHeaderCapella,
  ExecutionPayloadHeaderDeneb,
  type GloasLightClientHeader,
  isGloasHeader,
  lightClientTypes,
} from '../../../src/l1/containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate, encodeForFork } from '../../../src/l1/decode.ts';
import {
  currentSyncCommitteeGindexAtSlot,
  finalizedRootGindexAtSlot,
  getLcExecutionRoot,
  isValidLightClientHeader,
  nextSyncCommitteeGindexAtSlot,
  PAYLOAD_BLOCK_HASH_GINDEX_CAPELLA,
  PAYLOAD_BLOCK_HASH_GINDEX_DENEB,
} from '../../../src/l1/spec/helpers.ts';
import { upgradeLcFinalityUpdateToGloas, upgradeLcHeaderToGloas, upgradeLcOptimisticUpdateToGloas, upgradeLcUpdateToGloas } from '../../../src/l1/spec/upgradeLcToGloas.ts';
import { isBlockHashHead, verifiedHead, verifiedHeadOf } from '../../../src/l1/heads.ts';
import { bytes32, forkingConfig, gloasHeader, preGloasHeader } from './gloas-builders.ts';
import { mainnetChain } from './helpers.ts';

const slotOfEpoch = (epoch: bigint) => epoch * 32n;
/** Mainnet with Gloas scheduled at epoch 500000 (its real schedule pins the version only). */
const mainnetGloas = () => {
  const c = networkConfig('mainnet');
  return { ...c, forks: c.forks.map((f) => (f.name === 'gloas' ? { ...f, epoch: 500000n } : f)) };
};

const flipped = (bytes: Uint8Array) => Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));

describe('gindices at the fork', () => {
  it('switch from Electra to Gloas at GLOAS_FORK_EPOCH, and the Gloas ones are the spec constants', () => {
    const config = mainnetGloas();
    const before = slotOfEpoch(500000n) - 1n;
    const at = slotOfEpoch(500000n);
    expect([finalizedRootGindexAtSlot(config, before), currentSyncCommitteeGindexAtSlot(config, before), nextSyncCommitteeGindexAtSlot(config, before)]).toEqual([169, 86, 87]);
    expect([finalizedRootGindexAtSlot(config, at), currentSyncCommitteeGindexAtSlot(config, at), nextSyncCommitteeGindexAtSlot(config, at)]).toEqual([735, 2945, 2946]);
    expect(finalizedRootGindexAtSlot(config, slotOfEpoch(364032n) - 1n)).toBe(105);
    // get_generalized_index({capella,deneb}.ExecutionPayloadHeader, "block_hash") under EXECUTION_PAYLOAD_GINDEX (25).
    expect([PAYLOAD_BLOCK_HASH_GINDEX_CAPELLA, PAYLOAD_BLOCK_HASH_GINDEX_DENEB]).toEqual([28, 44]);
    expect(25 * 16 + (28 - 16)).toBe(412);
    expect(25 * 32 + (44 - 32)).toBe(812);
  });
});

describe('is_valid_light_client_header across eras', () => {
  const config = mainnetGloas();
  const gloasSlot = slotOfEpoch(500000n) + 5n;

  it('a Gloas header proves its block hash at 2856; a forged branch, wrong hash or other slot era refuses', () => {
    const h = gloasHeader(gloasSlot, 'g');
    expect(isValidLightClientHeader(config, h)).toBe(true);
    expect(getLcExecutionRoot(config, h)).toEqual(h.executionBlockHash);
    expect(isValidLightClientHeader(config, { ...h, executionBlockHash: bytes32('other') })).toBe(false);
    expect(isValidLightClientHeader(config, { ...h, executionBranch: h.executionBranch.map((n, i) => (i === 4 ? flipped(n) : n)) })).toBe(false);
    expect(isValidLightClientHeader(config, { ...h, executionBranch: h.executionBranch.slice(1) })).toBe(false);
    // The same proof at a Fulu slot is checked at 812, where it does not hold.
    expect(isValidLightClientHeader(config, { ...h, beacon: { ...h.beacon, slot: gloasSlot - 64n } })).toBe(false);
    // A Deneb-shaped header cannot stand at a Gloas slot.
    const deneb = preGloasHeader(gloasSlot, 'd');
    expect(isValidLightClientHeader(config, deneb)).toBe(false);
  });

  it('the real mainnet Capella header, upgraded, validates at 412 and gives back its payload header root', () => {
    const { bootstrap } = mainnetChain();
    const pre = bootstrap.header;
    const up = upgradeLcHeaderToGloas(config, pre);
    expect(up.executionBranch).toHaveLength(11);
    expect(up.executionBranch.slice(0, 3).every((n) => n.every((b) => b === 0))).toBe(true); // 4 + 4 nodes, padded to 11
    expect(up.executionBlockHash).toEqual(pre.execution.blockHash);
    expect(isValidLightClientHeader(config, pre)).toBe(true);
    expect(isValidLightClientHeader(config, up)).toBe(true);
    const { blobGasUsed: _b, excessBlobGas: _e, ...capella } = pre.execution;
    expect(bytesToHex(getLcExecutionRoot(config, up))).toBe(bytesToHex(ExecutionPayloadHeaderCapella.hashTreeRoot(capella)));
    expect(isValidLightClientHeader(config, { ...up, executionBlockHash: flipped(up.executionBlockHash) })).toBe(false);
    expect(isValidLightClientHeader(config, { ...up, executionBranch: up.executionBranch.map((n, i) => (i === 6 ? flipped(n) : n)) })).toBe(false);
    // A non-zero padding node is refused (is_valid_normalized_merkle_branch).
    expect(isValidLightClientHeader(config, { ...up, executionBranch: up.executionBranch.map((n, i) => (i === 0 ? bytes32('pad') : n)) })).toBe(false);
  });

  for (const [era, epoch] of [['deneb', 269568n], ['electra', 364032n], ['fulu', 411392n]] as const) {
    it(`an upgraded ${era} header validates at 812; its payload header root is rebuilt from the inner branch`, () => {
      const pre = preGloasHeader(slotOfEpoch(epoch) + 7n, era);
      expect(isValidLightClientHeader(config, pre)).toBe(true);
      const up = upgradeLcHeaderToGloas(config, pre);
      expect(up.executionBranch.slice(0, 2).every((n) => n.every((b) => b === 0))).toBe(true); // 5 + 4 nodes
      expect(isValidLightClientHeader(config, up)).toBe(true);
      expect(bytesToHex(getLcExecutionRoot(config, up))).toBe(bytesToHex(ExecutionPayloadHeaderDeneb.hashTreeRoot(pre.execution)));
      expect(isValidLightClientHeader(config, { ...up, executionBlockHash: bytes32('forged') })).toBe(false);
      expect(isValidLightClientHeader(config, { ...up, executionBranch: up.executionBranch.map((n, i) => (i === 9 ? flipped(n) : n)) })).toBe(false);
      // The same proof claimed for a Capella slot (gindex 412) does not hold.
      expect(isValidLightClientHeader(config, { ...up, beacon: { ...up.beacon, slot: slotOfEpoch(194048n) } })).toBe(false);
    });
  }

  it('pre-Capella: an upgraded header is the bare beacon header; any hash or branch refuses', () => {
    const beacon = { ...preGloasHeader(1n, 'x').beacon, slot: slotOfEpoch(100000n) };
    const pre = { ...preGloasHeader(1n, 'x'), beacon, execution: ExecutionPayloadHeaderDeneb.defaultValue(), executionBranch: Array.from({ length: 4 }, () => new Uint8Array(32)) };
    const up = upgradeLcHeaderToGloas(config, pre);
    expect(up).toEqual({ ...defaultGloasLightClientHeader(), beacon });
    expect(isValidLightClientHeader(config, up)).toBe(true);
    expect(getLcExecutionRoot(config, up)).toEqual(new Uint8Array(32));
    expect(isValidLightClientHeader(config, { ...up, executionBlockHash: bytes32('h') })).toBe(false);
    expect(isValidLightClientHeader(config, { ...up, executionBranch: up.executionBranch.map((n, i) => (i === 10 ? bytes32('b') : n)) })).toBe(false);
    // The default header upgrades to the default Gloas header.
    expect(upgradeLcHeaderToGloas(config, { beacon: { ...beacon, slot: 0n, proposerIndex: 0n, parentRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), bodyRoot: new Uint8Array(32) }, execution: ExecutionPayloadHeaderDeneb.defaultValue(), executionBranch: pre.executionBranch })).toEqual(defaultGloasLightClientHeader());
  });

  it('a Gloas head proves only its block hash; a pre-Gloas head keeps its payload header', () => {
    const g = verifiedHeadOf(gloasHeader(gloasSlot, 'g'));
    expect(isBlockHashHead(g)).toBe(true);
    expect(g.execution).toBeUndefined();
    expect(g.executionBlockHash).toEqual(bytes32('g/hash'));
    const pre = preGloasHeader(slotOfEpoch(411392n), 'f');
    const p = verifiedHeadOf(pre);
    expect(isBlockHashHead(p)).toBe(false);
    expect(p.executionBlockHash).toEqual(pre.execution.blockHash);
    expect(verifiedHead(pre)).toEqual(p);
    // An upgraded pre-Gloas header is a block-hash head too: its payload header is not in it.
    expect(isBlockHashHead(verifiedHeadOf(upgradeLcHeaderToGloas(config, pre)))).toBe(true);
  });
});

describe('Gloas containers: fixed size, round trips, upgraded updates', () => {
  const config = forkingConfig();
  const types = lightClientTypes(config.preset);

  it('mainnet sizes are the spec fixed sizes (header 496, bootstrap 25,472, update 26,424, finality 1,448, optimistic 664)', () => {
    const t = lightClientTypes(networkConfig('mainnet').preset).families.gloas;
    const size = (type: { serialize(v: any): Uint8Array; defaultValue(): any }) => type.serialize(type.defaultValue()).length;
    expect([size(t.header), size(t.bootstrap), size(t.update), size(t.finalityUpdate), size(t.optimisticUpdate)]).toEqual([496, 25472, 26424, 1448, 664]);
  });

  it('SSZ and Beacon API JSON round trip, as decoded, for each Gloas kind; a truncated or lengthened body is a typed error', () => {
    const attested = gloasHeader(200n, 'a');
    const finalized = gloasHeader(136n, 'f');
    const update = { attestedHeader: attested, nextSyncCommittee: types.SyncCommittee.defaultValue(), nextSyncCommitteeBranch: Array.from({ length: 11 }, (_, i) => bytes32(`n${i}`)), finalizedHeader: finalized, finalityBranch: Array.from({ length: 9 }, (_, i) => bytes32(`f${i}`)), syncAggregate: types.SyncAggregate.defaultValue(), signatureSlot: 201n };
    const cases = [
      ['update', update, decodeUpdate],
      ['finalityUpdate', { attestedHeader: attested, finalizedHeader: finalized, finalityBranch: update.finalityBranch, syncAggregate: update.syncAggregate, signatureSlot: 201n }, decodeFinalityUpdate],
      ['optimisticUpdate', { attestedHeader: attested, syncAggregate: update.syncAggregate, signatureSlot: 201n }, decodeOptimisticUpdate],
      ['bootstrap', { header: finalized, currentSyncCommittee: update.nextSyncCommittee, currentSyncCommitteeBranch: update.nextSyncCommitteeBranch }, decodeBootstrap],
    ] as const;
    for (const [kind, value, decode] of cases) {
      const { json, ssz } = encodeForFork(types, 'gloas', kind, value);
      const fromSsz = decode(types, 'gloas', { ssz });
      const fromJson = decode(types, 'gloas', { json });
      expect(fromSsz).toEqual(value);
      expect(fromJson).toEqual(value);
      expect(JSON.stringify(json)).toContain('"execution_block_hash"');
      expect(() => decode(types, 'gloas', { ssz: ssz.subarray(0, ssz.length - 1) })).toThrow(VigilError);
      expect(() => decode(types, 'gloas', { ssz: Uint8Array.of(...ssz, 0) })).toThrow(VigilError);
      // Gloas bytes read as Fulu's (a server naming the wrong fork) are refused, not misread.
      expect(() => decode(types, 'fulu', { ssz })).toThrow(VigilError);
    }
    const header = decodeUpdate(types, 'gloas', { ssz: encodeForFork(types, 'gloas', 'update', update).ssz }).attestedHeader;
    expect(isGloasHeader(header)).toBe(true);
    expect(() => encodeForFork(types, 'fulu', 'optimisticUpdate', { attestedHeader: attested, syncAggregate: update.syncAggregate, signatureSlot: 1n })).toThrow(VigilError);
  });

  it('upgrade_lc_{update,finality_update,optimistic_update}_to_gloas normalize every branch to the Gloas depths', () => {
    const c = mainnetGloas();
    const { updates, finality, optimistic } = mainnetChain();
    const u = upgradeLcUpdateToGloas(c, updates[0]!);
    expect([u.attestedHeader.executionBranch.length, u.nextSyncCommitteeBranch.length, u.finalityBranch.length]).toEqual([11, 11, 9]);
    expect(u.nextSyncCommitteeBranch.slice(6)).toEqual(updates[0]!.nextSyncCommitteeBranch);
    expect(u.nextSyncCommitteeBranch.slice(0, 6).every((n) => n.every((b) => b === 0))).toBe(true);
    const f = upgradeLcFinalityUpdateToGloas(c, finality);
    expect([isValidLightClientHeader(c, f.attestedHeader), isValidLightClientHeader(c, f.finalizedHeader), f.finalityBranch.length]).toEqual([true, true, 9]);
    const o = upgradeLcOptimisticUpdateToGloas(c, optimistic);
    expect(isValidLightClientHeader(c, o.attestedHeader as GloasLightClientHeader)).toBe(true);
  });
});

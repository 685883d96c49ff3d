/**
 * Real mainnet data (Capella, Beacon API JSON; see test/fixtures/NOTICE.md): header roots against the
 * trusted checkpoint, the bootstrap's sync-committee and execution branches, the finality
 * branch, and a whole signed block hashed to the root the finality update names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { floorLog2, getSubtreeIndex, isValidMerkleBranch } from '../../../src/ssz/index.ts';
import {
  BeaconBlockCapella,
  BeaconBlockHeader,
  ExecutionPayloadHeaderCapella,
  LightClientBootstrapCapella,
  LightClientFinalityUpdateCapella,
} from './containers.ts';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/mainnet-light-client/${name}`, import.meta.url), 'utf8'));
const hex = bytesToHex;
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';

const verifies = (leaf: Uint8Array, branch: Uint8Array[], gindex: number, root: Uint8Array) =>
  isValidMerkleBranch(leaf, branch, floorLog2(gindex), getSubtreeIndex(gindex), root);

describe('mainnet LightClientBootstrap (slot 7069376)', () => {
  const json = load('bootstrap.json').data;
  const bootstrap = LightClientBootstrapCapella.fromJson(json);

  it('the header hashes to the trusted checkpoint', () => {
    expect(hex(BeaconBlockHeader.hashTreeRoot(bootstrap.header.beacon))).toBe(CHECKPOINT);
  });

  it('current_sync_committee_branch proves the committee at gindex 54 of the state', () => {
    const leaf = LightClientBootstrapCapella.fields.currentSyncCommittee.hashTreeRoot(bootstrap.currentSyncCommittee);
    expect(verifies(leaf, bootstrap.currentSyncCommitteeBranch, 54, bootstrap.header.beacon.stateRoot)).toBe(true);
    expect(verifies(leaf, bootstrap.currentSyncCommitteeBranch, 54, bootstrap.header.beacon.bodyRoot)).toBe(false);
  });

  it('execution_branch proves the execution header at gindex 25 of the body', () => {
    const leaf = ExecutionPayloadHeaderCapella.hashTreeRoot(bootstrap.header.execution);
    expect(verifies(leaf, bootstrap.header.executionBranch, 25, bootstrap.header.beacon.bodyRoot)).toBe(true);
  });

  it('JSON and SSZ round-trip exactly', () => {
    expect(LightClientBootstrapCapella.toJson(bootstrap)).toEqual(json);
    const bytes = LightClientBootstrapCapella.serialize(bootstrap);
    expect(hex(LightClientBootstrapCapella.serialize(LightClientBootstrapCapella.deserialize(bytes)))).toBe(hex(bytes));
  });
});

describe('mainnet LightClientFinalityUpdate and block 7109344', () => {
  const update = LightClientFinalityUpdateCapella.fromJson(load('finality.json').data);
  const blockJson = load('blocks/7109344.json').data;

  it('finality_branch proves the finalized header at gindex 105 of the attested state', () => {
    const leaf = BeaconBlockHeader.hashTreeRoot(update.finalizedHeader.beacon);
    expect(verifies(leaf, update.finalityBranch, 105, update.attestedHeader.beacon.stateRoot)).toBe(true);
    expect(update.syncAggregate.syncCommitteeBits.filter(Boolean).length).toBeGreaterThan(400);
  });

  it('the full signed block hashes to the finalized header', () => {
    const block = BeaconBlockCapella.fromJson(blockJson.message);
    const header = update.finalizedHeader.beacon;
    expect(block.slot).toBe(7109344n);
    expect(hex(BeaconBlockCapella.fields.body.hashTreeRoot(block.body))).toBe(hex(header.bodyRoot));
    expect(hex(BeaconBlockCapella.hashTreeRoot(block))).toBe(hex(BeaconBlockHeader.hashTreeRoot(header)));
    // A payload and its header share a root: transactions_root is the transactions' root.
    const payloadRoot = BeaconBlockCapella.fields.body.fields.executionPayload.hashTreeRoot(block.body.executionPayload);
    expect(hex(payloadRoot)).toBe(hex(ExecutionPayloadHeaderCapella.hashTreeRoot(update.finalizedHeader.execution)));
    expect(block.body.executionPayload.transactions.length).toBeGreaterThan(10);
  });

  it('the block round-trips through SSZ and JSON, and a flipped offset is caught', () => {
    const block = BeaconBlockCapella.fromJson(blockJson.message);
    expect(BeaconBlockCapella.toJson(block)).toEqual(blockJson.message);
    const bytes = BeaconBlockCapella.serialize(block);
    expect(hex(BeaconBlockCapella.hashTreeRoot(BeaconBlockCapella.deserialize(bytes)))).toBe(hex(BeaconBlockCapella.hashTreeRoot(block)));
    // The body's offset sits after slot, proposer_index, parent_root, state_root.
    const bad = bytes.slice();
    bad[8 + 8 + 32 + 32]! ^= 1;
    expect(() => BeaconBlockCapella.deserialize(bad)).toThrow(VerificationError);
    expect(() => BeaconBlockCapella.deserialize(bytes.subarray(0, bytes.length - 1))).toThrow(VerificationError);
  });
});

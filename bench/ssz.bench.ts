/**
 * src/ssz against @chainsafe/ssz (its default @noble hasher: what a browser gets) on what the
 * light client hashes and parses: a 512-key sync committee, a block header, a mainnet Capella
 * block, and a large list of uint64 (state balances).
 * @module
 */
import { readFileSync } from 'node:fs';
import * as cs from '@chainsafe/ssz';
import { cryptoReady, hashBackend } from '../src/crypto/backend.ts';
import * as ssz from '../src/ssz/index.ts';
import { pseudoRandomBytes } from '../test/unit/crypto/vectors.ts';
import { BeaconBlockCapella } from '../test/unit/ssz/containers.ts';
import type { BenchGroup } from './run.ts';

await cryptoReady();
if (hashBackend() !== 'wasm') throw new Error(`expected the WASM hash backend, got ${hashBackend()}`);

const SyncCommittee = ssz.Container({ pubkeys: ssz.Vector(ssz.Bytes48, 512), aggregatePubkey: ssz.Bytes48 });
const CsSyncCommittee = new cs.ContainerType({
  pubkeys: new cs.VectorCompositeType(new cs.ByteVectorType(48), 512),
  aggregatePubkey: new cs.ByteVectorType(48),
});
const committee = {
  pubkeys: Array.from({ length: 512 }, (_, i) => pseudoRandomBytes(48, 100 + i)),
  aggregatePubkey: pseudoRandomBytes(48, 99),
};
const committeeBytes = SyncCommittee.serialize(committee);

const Header = ssz.Container({
  slot: ssz.uint64,
  proposerIndex: ssz.uint64,
  parentRoot: ssz.Bytes32,
  stateRoot: ssz.Bytes32,
  bodyRoot: ssz.Bytes32,
});
const CsHeader = new cs.ContainerType({
  slot: new cs.UintBigintType(8),
  proposerIndex: new cs.UintBigintType(8),
  parentRoot: new cs.ByteVectorType(32),
  stateRoot: new cs.ByteVectorType(32),
  bodyRoot: new cs.ByteVectorType(32),
});
const header = { slot: 7109344n, proposerIndex: 146146n, parentRoot: pseudoRandomBytes(32, 1), stateRoot: pseudoRandomBytes(32, 2), bodyRoot: pseudoRandomBytes(32, 3) };

const blockJson = JSON.parse(readFileSync(new URL('../test/fixtures/mainnet-light-client/blocks/7109344.json', import.meta.url), 'utf8')).data.message;
const block = BeaconBlockCapella.fromJson(blockJson);
const blockBytes = BeaconBlockCapella.serialize(block);

const Balances = ssz.List(ssz.uint64, 2 ** 40);
const CsBalances = new cs.ListBasicType(new cs.UintBigintType(8), 2 ** 40);
const balances = Array.from({ length: 1 << 16 }, (_, i) => 32_000_000_000n + BigInt(i));

export default [
  {
    name: 'hashTreeRoot SyncCommittee (512 pubkeys)',
    anchor: { name: '@chainsafe/ssz', fn: () => CsSyncCommittee.hashTreeRoot(committee) },
    cases: [{ name: 'vigil ssz', fn: () => SyncCommittee.hashTreeRoot(committee), target: 3 }],
  },
  {
    name: 'deserialize SyncCommittee (24,624 bytes)',
    anchor: { name: '@chainsafe/ssz', fn: () => CsSyncCommittee.deserialize(committeeBytes) },
    cases: [{ name: 'vigil ssz', fn: () => SyncCommittee.deserialize(committeeBytes) }],
  },
  {
    name: 'hashTreeRoot BeaconBlockHeader',
    anchor: { name: '@chainsafe/ssz', fn: () => CsHeader.hashTreeRoot(header) },
    cases: [{ name: 'vigil ssz', fn: () => Header.hashTreeRoot(header), target: 1 }],
  },
  {
    name: 'mainnet Capella block 7109344: deserialize + hashTreeRoot',
    anchor: { name: 'vigil ssz, deserialize only', fn: () => BeaconBlockCapella.deserialize(blockBytes) },
    cases: [{ name: 'vigil ssz, deserialize + hashTreeRoot', fn: () => BeaconBlockCapella.hashTreeRoot(BeaconBlockCapella.deserialize(blockBytes)) }],
  },
  {
    name: 'hashTreeRoot List[uint64, 2^40] of 65,536 balances',
    anchor: { name: '@chainsafe/ssz', fn: () => CsBalances.hashTreeRoot(balances) },
    cases: [{ name: 'vigil ssz', fn: () => Balances.hashTreeRoot(balances), target: 2 }],
  },
] satisfies BenchGroup[];

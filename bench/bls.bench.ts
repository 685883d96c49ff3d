/**
 * BLS front door (src/crypto/bls.ts on our WASM kernel, and on its @noble/curves fallback)
 * against @chainsafe/bls on herumi's WASM (the anchor) and against @noble/curves used directly,
 * on real mainnet data: the sync aggregate of test/fixtures/mainnet-light-client/finality.json
 * (attested slot 7109430, 512 of 512 participating) under the period-867 committee
 * (next_sync_committee of the period-866 update in updates.json). Vigil's committee is prepared
 * as its light client prepares it: with the committee's proven aggregate_pubkey.
 *
 * Both groups are sync; herumi is ready once its module's top-level `await init()` has run.
 * @module
 */
import herumi from '@chainsafe/bls/herumi';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { readFileSync } from 'node:fs';
import { concatBytes, hexToBytes } from '../src/core/bytes.ts';
import { forceNoble } from '../src/crypto/backend.ts';
import { DST_POP, fastAggregateVerify, preparePublicKeys } from '../src/crypto/bls.ts';
import { Bitvector, Bytes32, Bytes4, Bytes96, Container, uint64 } from '../src/ssz/index.ts';
import type { BenchGroup } from './run.ts';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/mainnet-light-client/${name}`, import.meta.url), 'utf8'));

const BeaconBlockHeader = Container({ slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, bodyRoot: Bytes32 });
const SyncAggregate = Container({ syncCommitteeBits: Bitvector(512), syncCommitteeSignature: Bytes96 });
const ForkData = Container({ currentVersion: Bytes4, genesisValidatorsRoot: Bytes32 });
const SigningData = Container({ objectRoot: Bytes32, domain: Bytes32 });

const finality = load('finality.json').data;
const updates: { data: Record<string, any> }[] =
  load('updates.json');
const period866 = updates.find((u) => Math.floor(Number(u.data.attested_header.beacon.slot) / 8192) === 866)!;
const pubkeys: Uint8Array[] = (period866.data.next_sync_committee.pubkeys as string[]).map((h) => hexToBytes(h, 48));

// Signing root as sync-protocol.md validate_light_client_update computes it (Capella domain).
const forkDataRoot = ForkData.hashTreeRoot({
  currentVersion: hexToBytes('0x03000000'),
  genesisValidatorsRoot: hexToBytes('0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95'),
});
const domain = concatBytes(hexToBytes('0x07000000'), forkDataRoot.subarray(0, 28));
const root = SigningData.hashTreeRoot({
  objectRoot: BeaconBlockHeader.hashTreeRoot(BeaconBlockHeader.fromJson(finality.attested_header.beacon)),
  domain,
});
const { syncCommitteeBits: bits, syncCommitteeSignature: signature } = SyncAggregate.fromJson(finality.sync_aggregate);

// Keys prepared once, outside the timed functions, by each contender. Vigil's as its light client
// does (with the committee's aggregate key), on the kernel and on the forced @noble fallback.
const aggregatePubkey = hexToBytes(period866.data.next_sync_committee.aggregate_pubkey, 48);
const vigilKeys = preparePublicKeys(pubkeys, { aggregatePubkey });
forceNoble(true);
const vigilNobleKeys = preparePublicKeys(pubkeys, { aggregatePubkey });
forceNoble(false);
const herumiKeys = pubkeys.map((pk) => herumi.PublicKey.fromBytes(pk));
const noble = bls12_381.longSignatures;
const nobleKeys = pubkeys.map((pk) => bls12_381.G1.Point.fromBytes(pk));

const vigilVerify = () => fastAggregateVerify(vigilKeys, bits, root, signature);
const vigilNobleVerify = () => fastAggregateVerify(vigilNobleKeys, bits, root, signature);
const herumiVerify = () => herumi.verifyAggregate(herumiKeys.filter((_, i) => bits[i]), root, signature);
const nobleVerify = () =>
  noble.verify(signature, noble.hash(root, DST_POP), noble.aggregatePublicKeys(nobleKeys.filter((_, i) => bits[i])));

// An update with members absent: optimistic.json (attested 7109431, 510 of 512), same committee.
const optimistic = load('optimistic.json').data;
const { syncCommitteeBits: bitsOpt, syncCommitteeSignature: signatureOpt } = SyncAggregate.fromJson(optimistic.sync_aggregate);
const rootOpt = SigningData.hashTreeRoot({
  objectRoot: BeaconBlockHeader.hashTreeRoot(BeaconBlockHeader.fromJson(optimistic.attested_header.beacon)),
  domain,
});
const absentOpt = bitsOpt.filter((b) => !b).length;
/** A fresh committee each call, so the aggregate and the absent keys are decoded each time, as after a period change. */
const vigilFreshOpt = () => fastAggregateVerify(preparePublicKeys(pubkeys, { aggregatePubkey }), bitsOpt, rootOpt, signatureOpt);
const vigilWarmOpt = () => fastAggregateVerify(vigilKeys, bitsOpt, rootOpt, signatureOpt);
const herumiOpt = () => herumi.verifyAggregate(herumiKeys.filter((_, i) => bitsOpt[i]), rootOpt, signatureOpt);

for (const [name, fn] of [
  ['vigil', vigilVerify],
  ['vigil (noble)', vigilNobleVerify],
  ['herumi', herumiVerify],
  ['noble', nobleVerify],
  ['vigil optimistic', vigilFreshOpt],
  ['herumi optimistic', herumiOpt],
] as const) {
  if (fn() !== true) throw new Error(`${name} does not verify the mainnet update`);
}

export default [
  {
    name: 'bls fastAggregateVerify, mainnet finality update (512/512), keys already prepared',
    anchor: { name: '@chainsafe/bls herumi verifyAggregate', fn: herumiVerify },
    cases: [
      { name: 'vigil fastAggregateVerify (WASM kernel, committee prepared with its aggregate key)', fn: vigilVerify, target: 2 },
      { name: 'vigil fastAggregateVerify on the @noble/curves fallback', fn: vigilNobleVerify },
      { name: '@noble/curves aggregatePublicKeys + verify', fn: nobleVerify },
    ],
  },
  {
    name: `bls fastAggregateVerify, mainnet optimistic update (${512 - absentOpt}/512: ${absentOpt} absent)`,
    anchor: { name: '@chainsafe/bls herumi verifyAggregate (keys decompressed beforehand)', fn: herumiOpt },
    cases: [
      { name: 'vigil, committee prepared in the call (decodes the aggregate and the absent keys)', fn: vigilFreshOpt },
      { name: 'vigil, committee prepared before (absent keys already decoded)', fn: vigilWarmOpt },
    ],
  },
  {
    name: 'bls decompress a 512-key sync committee',
    anchor: { name: '@chainsafe/bls herumi PublicKey.fromBytes ×512', fn: () => pubkeys.map((pk) => herumi.PublicKey.fromBytes(pk)) },
    cases: [
      { name: 'vigil preparePublicKeys, every key (encoding checks, no subgroup check)', fn: () => preparePublicKeys(pubkeys) },
      { name: 'vigil preparePublicKeys { subgroupCheck: true }', fn: () => preparePublicKeys(pubkeys, { subgroupCheck: true }) },
      { name: '@noble/curves G1.Point.fromBytes ×512 (subgroup check)', fn: () => pubkeys.map((pk) => bls12_381.G1.Point.fromBytes(pk)) },
    ],
  },
] satisfies BenchGroup[];

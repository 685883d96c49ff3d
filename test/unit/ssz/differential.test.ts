/**
 * Differential tests against @chainsafe/ssz: same bytes, same roots, same JSON, and our strict
 * decoder takes back what we write, for every kind of type and for random nested schemas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import {
  arbTwinValue,
  bitlistTwin,
  bitvectorTwin,
  booleanTwin,
  byteListTwin,
  byteVectorTwin,
  containerTwin,
  listTwin,
  uintTwins,
  vectorTwin,
  type AnyTwin,
} from './twin.ts';

const uint8T = uintTwins[0]!;
const uint16T = uintTwins[1]!;
const uint32T = uintTwins[2]!;
const uint64T = uintTwins[3]!;
const uint256T = uintTwins[5]!;

/** The checks every (schema, value) pair must pass. */
function agree(t: AnyTwin, value: unknown): void {
  const theirValue = t.toTheirs(value);
  const bytes = t.ours.serialize(value);
  expect(bytesToHex(bytes)).toBe(bytesToHex(t.theirs.serialize(theirValue)));
  expect(bytesToHex(t.ours.hashTreeRoot(value))).toBe(bytesToHex(t.theirs.hashTreeRoot(theirValue)));
  const back = t.ours.deserialize(bytes);
  expect(bytesToHex(t.ours.serialize(back))).toBe(bytesToHex(bytes));
  expect(t.ours.equals(back, value)).toBe(true);
  const json = t.ours.toJson(value);
  expect(json).toEqual(t.theirs.toJson(theirValue));
  expect(bytesToHex(t.ours.serialize(t.ours.fromJson(JSON.parse(JSON.stringify(json))))) ).toBe(bytesToHex(bytes));
  expect(bytesToHex(t.ours.hashTreeRoot(t.ours.defaultValue()))).toBe(bytesToHex(t.theirs.hashTreeRoot(t.theirs.defaultValue())));
}

function checkKind(name: string, t: AnyTwin, runs = 100): void {
  it(name, () => {
    fc.assert(fc.property(t.arb, (v) => agree(t, v)), { numRuns: runs });
  });
}

const pubkey = byteVectorTwin(48);
const checkpoint = containerTwin({ epoch: uint64T, root: byteVectorTwin(32) }, 'Checkpoint');
const header = containerTwin(
  { slot: uint64T, proposerIndex: uint64T, parentRoot: byteVectorTwin(32), stateRoot: byteVectorTwin(32), bodyRoot: byteVectorTwin(32) },
  'BeaconBlockHeader',
);

describe('every kind of type agrees with @chainsafe/ssz', () => {
  for (const t of uintTwins) checkKind(t.ours.typeName, t, 200);
  checkKind('boolean', booleanTwin);
  for (const n of [1, 4, 20, 31, 32, 33, 48, 64, 96, 256]) checkKind(`ByteVector[${n}]`, byteVectorTwin(n), 30);
  for (const n of [1, 31, 32, 33, 100, 2 ** 30]) checkKind(`ByteList[${n}]`, byteListTwin(n), 30);
  for (const n of [1, 7, 8, 9, 255, 256, 257, 512]) checkKind(`Bitvector[${n}]`, bitvectorTwin(n), 30);
  for (const n of [1, 7, 8, 9, 255, 256, 257, 2048]) checkKind(`Bitlist[${n}]`, bitlistTwin(n), 30);
  checkKind('Vector[uint8, 33]', vectorTwin(uint8T, 33));
  checkKind('Vector[uint16, 5]', vectorTwin(uint16T, 5));
  checkKind('Vector[uint64, 4]', vectorTwin(uint64T, 4));
  checkKind('Vector[uint256, 3]', vectorTwin(uint256T, 3));
  checkKind('Vector[boolean, 40]', vectorTwin(booleanTwin, 40));
  checkKind('Vector[Bytes48, 32] (minimal sync committee pubkeys)', vectorTwin(pubkey, 32), 20);
  checkKind('Vector[Bytes32, 5]', vectorTwin(byteVectorTwin(32), 5));
  checkKind('Vector[ByteVector[100], 3]', vectorTwin(byteVectorTwin(100), 3));
  checkKind('Vector[ByteList[40], 3] (variable elements)', vectorTwin(byteListTwin(40), 3));
  checkKind('Vector[Checkpoint, 3]', vectorTwin(checkpoint, 3));
  checkKind('List[uint8, 100]', listTwin(uint8T, 100, 100));
  checkKind('List[uint32, 9]', listTwin(uint32T, 9, 9));
  checkKind('List[uint64, 2^40] (balances-like)', listTwin(uint64T, 2 ** 40, 20));
  checkKind('List[boolean, 70]', listTwin(booleanTwin, 70, 70));
  checkKind('List[Bytes32, 16]', listTwin(byteVectorTwin(32), 16, 16));
  checkKind('List[ByteList[1073741824], 1048576] (transactions)', listTwin(byteListTwin(2 ** 30), 2 ** 20, 5), 30);
  checkKind('List[Bitlist[2048], 128] (aggregation bits)', listTwin(bitlistTwin(2048), 128, 4), 30);
  checkKind('List[List[uint16, 3], 4]', listTwin(listTwin(uint16T, 3), 4));
  checkKind('List[BeaconBlockHeader, 2^20]', listTwin(header, 2 ** 20, 5), 30);
  checkKind('Checkpoint', checkpoint);
  checkKind('BeaconBlockHeader', header);
  checkKind(
    'SyncCommittee (512 pubkeys)',
    containerTwin({ pubkeys: vectorTwin(pubkey, 512), aggregatePubkey: pubkey }, 'SyncCommittee'),
    5,
  );
  checkKind(
    'nested variable-size container',
    containerTwin({
      alpha: uint8T,
      betaGamma: listTwin(containerTwin({ delta: byteListTwin(10), eta: bitlistTwin(20), theta: uint16T }), 5),
      iotaKappa: byteListTwin(70),
      lambda: containerTwin({ epsilonZeta: listTwin(uint64T, 3), eta: byteVectorTwin(3) }),
      attestation1: bitvectorTwin(10),
    }),
  );
});

describe('random schemas agree with @chainsafe/ssz', () => {
  it('serialize, hashTreeRoot, deserialize, JSON', () => {
    fc.assert(
      fc.property(arbTwinValue(3), ({ t, value }) => agree(t, value)),
      { numRuns: 400 },
    );
  });

  it('@chainsafe/ssz decodes our bytes to the same value', () => {
    fc.assert(
      fc.property(arbTwinValue(3), ({ t, value }) => {
        const bytes = t.ours.serialize(value);
        expect(bytesToHex(t.theirs.serialize(t.theirs.deserialize(bytes)))).toBe(bytesToHex(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Twins: each of our SSZ types paired with the equivalent @chainsafe/ssz type, a fast-check
 * arbitrary of values, and a converter of our values to theirs. Used by the differential tests;
 * `arbTwin` draws random nested schemas. (@chainsafe/ssz refuses limit-0 lists, which the spec
 * allows; those are tested by hand.)
 */
import * as cs from '@chainsafe/ssz';
import fc from 'fast-check';
import * as ssz from '../../../src/ssz/index.ts';

export interface Twin<T = unknown> {
  ours: ssz.SszType<T>;
  theirs: cs.Type<unknown>;
  arb: fc.Arbitrary<T>;
  toTheirs(value: T): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTwin = Twin<any>;

const id = <T>(v: T): T => v;

function twin<T>(ours: ssz.SszType<T>, theirs: cs.Type<unknown>, arb: fc.Arbitrary<T>, toTheirs: (v: T) => unknown = id): Twin<T> {
  return { ours, theirs, arb, toTheirs };
}

export const uintTwins: AnyTwin[] = [
  twin(ssz.uint8, new cs.UintNumberType(1), fc.integer({ min: 0, max: 0xff })),
  twin(ssz.uint16, new cs.UintNumberType(2), fc.integer({ min: 0, max: 0xffff })),
  twin(ssz.uint32, new cs.UintNumberType(4), fc.integer({ min: 0, max: 0xffffffff })),
  twin(ssz.uint64, new cs.UintBigintType(8), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  twin(ssz.uint128, new cs.UintBigintType(16), fc.bigInt({ min: 0n, max: 2n ** 128n - 1n })),
  twin(ssz.uint256, new cs.UintBigintType(32), fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })),
];

export const booleanTwin: Twin<boolean> = twin(ssz.boolean, new cs.BooleanType(), fc.boolean());

export function byteVectorTwin(n: number): Twin<Uint8Array> {
  return twin(ssz.ByteVector(n), new cs.ByteVectorType(n), fc.uint8Array({ minLength: n, maxLength: n }));
}

export function byteListTwin(limit: number): Twin<Uint8Array> {
  return twin(ssz.ByteList(limit), new cs.ByteListType(limit), fc.uint8Array({ maxLength: Math.min(limit, 200) }));
}

export function bitvectorTwin(n: number): Twin<boolean[]> {
  return twin(ssz.Bitvector(n), new cs.BitVectorType(n), fc.array(fc.boolean(), { minLength: n, maxLength: n }), (v) =>
    cs.BitArray.fromBoolArray(v),
  );
}

export function bitlistTwin(limit: number): Twin<boolean[]> {
  return twin(ssz.Bitlist(limit), new cs.BitListType(limit), fc.array(fc.boolean(), { maxLength: Math.min(limit, 600) }), (v) =>
    cs.BitArray.fromBoolArray(v),
  );
}

export function vectorTwin<T>(elem: Twin<T>, n: number): Twin<T[]> {
  const theirs = elem.ours.isBasic
    ? new cs.VectorBasicType(elem.theirs as cs.BasicType<unknown>, n)
    : new cs.VectorCompositeType(elem.theirs as cs.CompositeTypeAny, n);
  return twin(ssz.Vector(elem.ours, n), theirs as cs.Type<unknown>, fc.array(elem.arb, { minLength: n, maxLength: n }), (v) =>
    v.map((x) => elem.toTheirs(x)),
  );
}

export function listTwin<T>(elem: Twin<T>, limit: number, maxDrawn = 6): Twin<T[]> {
  const theirs = elem.ours.isBasic
    ? new cs.ListBasicType(elem.theirs as cs.BasicType<unknown>, limit)
    : new cs.ListCompositeType(elem.theirs as cs.CompositeTypeAny, limit);
  return twin(ssz.List(elem.ours, limit), theirs as cs.Type<unknown>, fc.array(elem.arb, { maxLength: Math.min(limit, maxDrawn) }), (v) =>
    v.map((x) => elem.toTheirs(x)),
  );
}

export function containerTwin(fields: Record<string, AnyTwin>, typeName = 'Container'): Twin<Record<string, unknown>> {
  const names = Object.keys(fields);
  const ours = ssz.Container(Object.fromEntries(names.map((n) => [n, fields[n]!.ours])), { typeName });
  const theirs = new cs.ContainerType(Object.fromEntries(names.map((n) => [n, fields[n]!.theirs])), { typeName, jsonCase: 'eth2' });
  const arb = fc.record(Object.fromEntries(names.map((n) => [n, fields[n]!.arb]))) as fc.Arbitrary<Record<string, unknown>>;
  return twin(ours as unknown as ssz.SszType<Record<string, unknown>>, theirs as cs.Type<unknown>, arb, (v) =>
    Object.fromEntries(names.map((n) => [n, fields[n]!.toTheirs(v[n])])),
  );
}

const FIELD_NAMES = ['alpha', 'betaGamma', 'delta', 'epsilonZeta', 'eta', 'theta', 'iotaKappa', 'lambda'];

/** Random schemas of depth ≤ `depth`, every kind of type at the leaves. */
export function arbTwin(depth = 3): fc.Arbitrary<AnyTwin> {
  const leaf: fc.Arbitrary<AnyTwin> = fc.oneof(
    fc.constantFrom(...uintTwins, booleanTwin),
    fc.integer({ min: 1, max: 100 }).map(byteVectorTwin),
    fc.integer({ min: 1, max: 100 }).map(byteListTwin),
    fc.integer({ min: 1, max: 600 }).map(bitvectorTwin),
    fc.integer({ min: 1, max: 600 }).map(bitlistTwin),
  );
  if (depth <= 0) return leaf;
  const inner = arbTwin(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 2 },
    fc.tuple(inner, fc.integer({ min: 1, max: 5 })).map(([e, n]) => vectorTwin(e, n)),
    fc
      .tuple(inner, fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constantFrom(1024, 2 ** 20, 2 ** 40)))
      .map(([e, limit]) => listTwin(e, limit, 4)),
    fc
      .array(inner, { minLength: 1, maxLength: 5 })
      .map((ts) => containerTwin(Object.fromEntries(ts.map((t, i) => [FIELD_NAMES[i]!, t])))),
  );
}

/** A schema and a value of it. */
export function arbTwinValue(depth = 3): fc.Arbitrary<{ t: AnyTwin; value: unknown }> {
  return arbTwin(depth).chain((t) => t.arb.map((value) => ({ t, value })));
}

/**
 * The ABI decoder (src/execution/abi.ts decodeAbi), the one Vigil reads every contract answer,
 * event and calldata with, against viem's decodeAbiParameters: the type lists the rollup adapters
 * and exit plans decode, plus nested arrays, tuples, strings and signed integers, their
 * encodings mutated (words set to offsets, lengths and boundary values, bytes flipped, cut,
 * extended) and occasionally read as another type list.
 */
import { decodeAbiParameters, parseAbiParameters } from 'viem';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { type AbiValue, decodeAbi, encodeAbi } from '../../../src/execution/abi.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const ABI_STRICTER: Record<string, string> = {
  ABI_MALFORMED:
    'Encodings Solidity never writes and viem decodes anyway: non-zero padding after bytesN or after dynamic bytes/string, an address or uintN with high bits set, an intN not sign-extended, a bool other than 0 or 1, a string that is not UTF-8 (viem substitutes U+FFFD), an offset pointing into the head of its own sequence (a tail aliasing a head word). Each would let one answer decode from many byte strings; Solidity\'s own abi.decode reverts on the first four too.',
};

/** Type lists in use (adapters, exit plans, bridges), and nested ones to reach every branch of the decoder. */
const TYPE_LISTS: readonly (readonly string[])[] = [
  ['bytes'],
  ['bool'],
  ['uint256', 'uint64', 'uint256', 'bytes'],
  ['uint256', 'uint256', 'uint256', 'bytes'],
  ['uint256', 'uint256', 'bytes', 'bytes32'],
  ['bytes32', 'bytes32', 'bytes32[]'],
  ['address', 'uint8', 'address', 'bytes32', 'uint256', 'uint64'],
  ['address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'],
  ['string', 'int64', 'bytes4', 'address[]'],
  ['(uint256,bytes)[]', 'uint128[2]'],
  ['uint256[][]', 'string[]'],
  ['(address,(uint32,bytes32)[],bool)', 'int256'],
  ['bytes[2]', 'int8[]', 'bytes1'],
];

function randomValue(rng: Rng, type: string): AbiValue {
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) return Array.from({ length: array[2] === '' ? rng.range(0, 4) : Number(array[2]) }, () => randomValue(rng, array[1]!));
  if (type.startsWith('(')) return splitTuple(type).map((t) => randomValue(rng, t));
  if (type === 'address') return bytesToHex(rng.bytes(20));
  if (type === 'bool') return rng.chance(0.5);
  if (type === 'bytes') return bytesToHex(rng.bytes(rng.pick([0, 1, 31, 32, 33, 64, 100])));
  if (type === 'string') return rng.pick(['', 'vigil', 'é ünïcödé ✓', 'x'.repeat(70)]);
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) return bytesToHex(rng.bytes(Number(fixed[1])));
  const int = /^(u?)int(\d+)$/.exec(type)!;
  const bits = Number(int[2]);
  const v = rng.bigint(bits - (int[1] === 'u' ? 0 : 1));
  return int[1] === 'u' ? v : rng.chance(0.5) ? -v - 1n : v;
}

/** `(a,(b,c)[],d)` → ['a', '(b,c)[]', 'd']. */
function splitTuple(type: string): string[] {
  const inner = type.slice(1, type.lastIndexOf(')'));
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (inner[i] === ',' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  out.push(inner.slice(start));
  return out;
}

/** One form for both decoders' values: integers as decimal, hex lower-case, arrays and tuples as arrays. */
function normalize(v: unknown): unknown {
  if (typeof v === 'bigint' || typeof v === 'number') return BigInt(v).toString();
  if (typeof v === 'string') return /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : `text:${v}`;
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object' && v !== null) return Object.values(v).map(normalize);
  return v;
}

interface AbiSeed {
  types: readonly string[];
  data: Uint8Array;
}

export const abiTarget = defineTarget({
  name: 'abi',
  subject: 'decodeAbi of the type lists rollup adapters and exit plans read, and nested arrays, tuples, strings, signed integers',
  reference: 'viem decodeAbiParameters: same acceptance, same values',
  seeds: 'encodeAbi of random values of each type list (checked against viem\'s encoding and decoding)',
  stricter: ABI_STRICTER,
  async load() {
    const rng = new Rng(712);
    const seeds: AbiSeed[] = [];
    for (const types of TYPE_LISTS) {
      for (let i = 0; i < 4; i++) {
        const values = types.map((t) => randomValue(rng, t));
        const data = encodeAbi(types, values);
        const theirs = decodeAbiParameters(parseAbiParameters(types.join(',')), data);
        if (JSON.stringify(normalize(decodeAbi(types, data))) !== JSON.stringify(normalize(theirs))) throw new Error(`an ABI seed of ${types.join(',')} decodes differently in viem`);
        seeds.push({ types, data });
      }
    }
    return seeds;
  },
  run(seeds: AbiSeed[], rng): Outcome {
    const seed = rng.pick(seeds);
    let { types, data } = seed;
    let op: string;
    if (rng.chance(0.05)) {
      types = rng.pick(TYPE_LISTS);
      op = 'other-types';
    } else {
      const m = mutateBytes(rng, data, { donors: seeds.map((s) => s.data) });
      data = m.value;
      op = m.op;
    }
    let theirs: Reference<unknown>;
    try {
      theirs = { ok: true, value: decodeAbiParameters(parseAbiParameters(types.join(',')), data) };
    } catch {
      theirs = { ok: false };
    }
    const same = (a: unknown, b: unknown) => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
    return { ...againstReference(op, attempt(() => decodeAbi(types, data)), theirs, same), input: { types, data } };
  },
});

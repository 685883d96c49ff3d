/**
 * Structure-aware edits of snarkjs documents (keys, proofs): a G1 or G2 point replaced by one
 * that sits on a boundary of what a verifier must refuse or may accept (the point at infinity,
 * off the curve, outside the G2 subgroup, the negation, the generator, another point of the same
 * document, Jacobian coordinates, a coordinate plus p), or a scalar moved past r.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { nonSubgroupG2 } from '../../unit/zk/helpers.ts';
import type { Rng } from '../rng.ts';
import { BN254_P, BN254_R, type Mutated } from './bytes.ts';
import { getAt, mutateJson, type Path, paths, setAt } from './json.ts';

const DEC = /^[0-9]+$/;
const isDec = (v: unknown): v is string => typeof v === 'string' && DEC.test(v);
const isG1 = (v: unknown): v is string[] => Array.isArray(v) && v.length === 3 && v.every(isDec);
const isFp2 = (v: unknown): v is string[] => Array.isArray(v) && v.length === 2 && v.every(isDec);
const isG2 = (v: unknown): v is string[][] => Array.isArray(v) && v.length === 3 && v.every(isFp2);

const P = BN254_P;
const mod = (x: bigint) => ((x % P) + P) % P;
const s = (x: bigint) => x.toString();

let nonSubgroup: string[][] | undefined;

function g1Edit(rng: Rng, point: string[], doc: unknown, all: Path[]): { value: unknown; op: string } {
  const [x, y] = point.map(BigInt) as [bigint, bigint];
  const op = rng.pick(['infinity', 'off-curve', 'negate', 'generator', 'other-point', 'jacobian', 'x-plus-p', 'double']);
  switch (op) {
    case 'infinity':
      return { value: ['0', '1', '0'], op };
    case 'off-curve':
      return { value: [s(x), s(mod(y + 1n)), '1'], op };
    case 'negate':
      return { value: [s(x), s(mod(-y)), '1'], op };
    case 'generator':
      return { value: ['1', '2', '1'], op };
    case 'other-point': {
      const others = all.map((p) => getAt(doc, p)).filter(isG1);
      return { value: structuredClone(rng.pick(others)), op };
    }
    case 'jacobian': {
      const z = BigInt(rng.range(2, 1000));
      return { value: [s(mod(x * z * z)), s(mod(y * z * z * z)), s(z)], op };
    }
    case 'x-plus-p':
      return { value: [s(x + P), s(y), '1'], op };
    default: {
      try {
        const d = bn254.G1.Point.fromAffine({ x, y }).double().toAffine();
        return { value: [s(d.x), s(d.y), '1'], op };
      } catch {
        return { value: ['0', '1', '0'], op: 'infinity' };
      }
    }
  }
}

function g2Edit(rng: Rng, point: string[][], doc: unknown, all: Path[]): { value: unknown; op: string } {
  const op = rng.pick(['infinity', 'off-curve', 'non-subgroup', 'negate', 'generator', 'other-point', 'swap-c0-c1', 'x-plus-p']);
  const [[x0, x1], [y0, y1]] = point as [[string, string], [string, string]];
  switch (op) {
    case 'infinity':
      return { value: [['0', '0'], ['1', '0'], ['0', '0']], op };
    case 'off-curve':
      return { value: [[x0, x1], [s(mod(BigInt(y0) + 1n)), y1], ['1', '0']], op };
    case 'non-subgroup':
      nonSubgroup ??= nonSubgroupG2();
      return { value: structuredClone(nonSubgroup), op };
    case 'negate':
      return { value: [[x0, x1], [s(mod(-BigInt(y0))), s(mod(-BigInt(y1)))], ['1', '0']], op };
    case 'generator': {
      const g = bn254.G2.Point.BASE.toAffine();
      return { value: [[s(g.x.c0), s(g.x.c1)], [s(g.y.c0), s(g.y.c1)], ['1', '0']], op };
    }
    case 'other-point': {
      const others = all.map((p) => getAt(doc, p)).filter(isG2);
      return { value: structuredClone(rng.pick(others)), op };
    }
    case 'swap-c0-c1':
      return { value: [[x1, x0], [y1, y0], ['1', '0']], op };
    default:
      return { value: [[s(BigInt(x0) + P), x1], [y0, y1], ['1', '0']], op };
  }
}

/**
 * One edit of a snarkjs key or proof: a point or scalar edit (half the time), else any
 * structure-aware JSON edit.
 */
export function mutateZkDoc(rng: Rng, doc: unknown): Mutated<unknown> {
  const all = paths(doc);
  const points = all.filter((p) => isG1(getAt(doc, p)) || isG2(getAt(doc, p)));
  const scalars = all.filter((p) => isDec(getAt(doc, p)) && !points.some((q) => q.length < p.length && q.every((k, i) => k === p[i])));
  const pick = rng.weighted<string>([
    [points.length > 0 ? 3 : 0, 'point'],
    [scalars.length > 0 ? 1 : 0, 'scalar'],
    [4, 'json'],
  ]);
  if (pick === 'point') {
    const path = rng.pick(points);
    const node = getAt(doc, path);
    const e = isG1(node) ? g1Edit(rng, node, doc, points) : g2Edit(rng, node as string[][], doc, points);
    return { value: setAt(doc, path, e.value), op: `zk-point:${e.op}` };
  }
  if (pick === 'scalar') {
    const path = rng.pick(scalars);
    const v = BigInt(getAt(doc, path) as string);
    const [op, value] = rng.pick<[string, bigint]>([
      ['plus-r', v + BN254_R],
      ['r', BN254_R],
      ['r-minus-1', BN254_R - 1n],
      ['zero', 0n],
      ['plus-one', v + 1n],
      ['plus-p', v + BN254_P],
    ]);
    return { value: setAt(doc, path, value.toString()), op: `zk-scalar:${op}` };
  }
  return mutateJson(rng, doc, { keys: ['curve', 'protocol', 'nPublic', 'power'] });
}

/** Edits of a Solidity verifier's text: a constant's digit, a line dropped or repeated, the text cut. */
export function mutateSoliditySource(rng: Rng, text: string): { value: string; op: string } {
  const lines = text.split('\n');
  const constants = lines.map((l, i) => (/constant\s+\w+\s*=\s*\d/.test(l) ? i : -1)).filter((i) => i >= 0);
  const op = rng.pick(['digit', 'digit', 'drop-line', 'dup-line', 'cut']);
  const i = constants.length > 0 ? rng.pick(constants) : rng.int(lines.length);
  if (op === 'digit') {
    const l = lines[i]!;
    const digits = [...l.matchAll(/\d/g)].map((m) => m.index!);
    if (digits.length > 0) {
      const at = rng.pick(digits);
      lines[i] = l.slice(0, at) + String((Number(l[at]) + 1 + rng.int(9)) % 10) + l.slice(at + 1);
    }
  } else if (op === 'drop-line') lines.splice(i, 1);
  else if (op === 'dup-line') lines.splice(i, 0, lines[i]!);
  else return { value: text.slice(0, rng.int(text.length)), op: `solidity:${op}` };
  return { value: lines.join('\n'), op: `solidity:${op}` };
}

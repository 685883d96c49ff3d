/**
 * Structure-aware edits of JSON-like documents (what RPC servers and pages send): a node is picked
 * anywhere in the tree and edited as what it is. Hex strings get nibble flips, case changes,
 * byte-level mutations of the bytes they carry, odd lengths and lost prefixes; decimal strings
 * and numbers get boundary arithmetic (±1, the BN254 moduli, 2^53, 2^256); objects lose, gain and
 * swap fields; arrays lose, repeat, swap and reorder items; any node may become a value of another
 * type or a copy of another node of the same document. Uint8Array and bigint leaves (parsed
 * documents) are mutated as bytes and integers.
 */
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import type { Rng } from '../rng.ts';
import { BN254_P, BN254_R, type Mutated, mutateBytes } from './bytes.ts';

export type Path = (string | number)[];

export interface JsonMutationOptions {
  /** Values worth planting in place of a leaf (other addresses, words of the same format). */
  dictionary?: readonly unknown[];
  /** Field names worth adding (a format's optional or conflicting fields). */
  keys?: readonly string[];
  /** Paths never edited (e.g. the part a target mutates on its own). */
  frozen?: (path: Path) => boolean;
  /**
   * Keep every value's type and every object's fields (values Vigil's own verified JSON produced:
   * other values, other list items, never another shape): no type swaps, no fields added, removed
   * or renamed, hex strings kept even-length and 0x-prefixed.
   */
  keepShape?: boolean;
}

const HEX = /^0x[0-9a-fA-F]*$/;
const DECIMAL = /^-?[0-9]+$/;
const TYPE_SWAPS: readonly unknown[] = [null, true, false, 0, 1, -1, '', '0x', '0x0', '0', [], {}, 'latest', 1.5, 2 ** 53];

/** Every node's path, the root first. */
export function paths(doc: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...path, i], out));
  else if (isPlainObject(doc)) for (const [k, v] of Object.entries(doc)) paths(v, [...path, k], out);
  return out;
}

export function getAt(doc: unknown, path: Path): unknown {
  let v: any = doc;
  for (const k of path) v = v?.[k];
  return v;
}

/** `doc` with the node at `path` replaced (the root when `path` is empty); edits a copy's spine only. */
export function setAt(doc: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = doc.slice();
    copy[head as number] = setAt(doc[head as number], rest, value);
    return copy;
  }
  const copy = { ...(doc as Record<string, unknown>) };
  copy[head as string] = setAt((doc as Record<string, unknown>)[head as string], rest, value);
  return copy;
}

/** `doc` without the node at `path` (an array item is spliced out, an object key deleted). */
export function deleteAt(doc: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  const parent = getAt(doc, parentPath);
  if (Array.isArray(parent)) return setAt(doc, parentPath, parent.filter((_, i) => i !== key));
  const { [key as string]: _gone, ...rest } = parent as Record<string, unknown>;
  return setAt(doc, parentPath, rest);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function mutateHex(rng: Rng, s: string, keepShape = false): Mutated<string> {
  const digits = s.slice(2);
  const op = rng.weighted<string>([
    [4, 'hex-nibble'],
    [2, 'hex-bytes'],
    [1, 'hex-case'],
    [keepShape ? 0 : 1, 'hex-odd'],
    [keepShape ? 0 : 1, 'hex-prefix'],
    [keepShape ? 0 : 1, 'hex-leading-zero'],
  ]);
  switch (op) {
    case 'hex-nibble': {
      if (digits.length === 0) return { value: '0x' + rng.int(16).toString(16), op };
      const i = rng.int(digits.length);
      const d = ((parseInt(digits[i]!, 16) ^ (1 + rng.int(15))) & 0xf).toString(16);
      return { value: '0x' + digits.slice(0, i) + d + digits.slice(i + 1), op };
    }
    case 'hex-bytes': {
      if (digits.length % 2 !== 0) return { value: keepShape ? s.slice(0, -1) : s + '0', op: 'hex-odd' };
      const m = mutateBytes(rng, hexToBytes(s));
      return { value: bytesToHex(m.value), op: `hex-bytes:${m.op}` };
    }
    case 'hex-case': {
      const flipped = [...digits].map((c) => (rng.chance(0.5) ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join('');
      return { value: (rng.chance(0.2) ? '0X' : '0x') + flipped, op };
    }
    case 'hex-odd':
      return { value: rng.chance(0.5) ? s + rng.int(16).toString(16) : s.slice(0, -1), op };
    case 'hex-prefix':
      return { value: rng.pick([digits, '0x0x' + digits, ' ' + s, s + ' ', '0x']), op };
    default:
      return { value: '0x' + '0'.repeat(rng.range(1, 4)) + digits, op };
  }
}

function editInteger(rng: Rng, v: bigint): bigint {
  return rng.weighted<() => bigint>([
    [3, () => v + 1n],
    [3, () => v - 1n],
    [2, () => 0n],
    [1, () => v + BN254_P],
    [1, () => v + BN254_R],
    [1, () => BN254_P],
    [1, () => BN254_R],
    [1, () => v * 2n],
    [1, () => (1n << 256n) - 1n],
    [1, () => 1n << 256n],
    [1, () => 2n ** 53n],
    [1, () => v ^ (1n << BigInt(rng.int(256)))],
    [1, () => rng.bigint(rng.pick([8, 64, 128, 256]))],
  ])();
}

function mutateDecimal(rng: Rng, s: string): Mutated<string> {
  const v = BigInt(s);
  const op = rng.weighted<string>([
    [6, 'decimal-arith'],
    [1, 'decimal-leading-zero'],
    [1, 'decimal-as-hex'],
    [1, 'decimal-sign'],
  ]);
  if (op === 'decimal-leading-zero') return { value: '0' + s, op };
  if (op === 'decimal-as-hex') return { value: '0x' + v.toString(16), op };
  if (op === 'decimal-sign') return { value: s.startsWith('-') ? s.slice(1) : '-' + s, op };
  return { value: editInteger(rng, v).toString(), op };
}

function mutateText(rng: Rng, s: string): Mutated<string> {
  const op = rng.weighted<string>([
    [2, 'text-char'],
    [1, 'text-empty'],
    [1, 'text-unicode'],
    [1, 'text-long'],
  ]);
  if (op === 'text-empty') return { value: '', op };
  if (op === 'text-long') return { value: s.repeat(rng.range(2, 64)), op };
  if (op === 'text-unicode') {
    const at = rng.int(s.length + 1);
    return { value: s.slice(0, at) + rng.pick(['\u202e', '\u0000', '\ud800', 'é', '\u{1F600}', '\n', '"', '\\']) + s.slice(at), op };
  }
  if (s.length === 0) return { value: String.fromCharCode(32 + rng.int(95)), op };
  const at = rng.int(s.length);
  return { value: s.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + s.slice(at + 1), op };
}

function mutateLeaf(rng: Rng, v: unknown, o: JsonMutationOptions): Mutated<unknown> {
  if (o.dictionary?.length && rng.chance(0.1)) return { value: structuredClone(rng.pick(o.dictionary)), op: 'dictionary' };
  if (!o.keepShape && rng.chance(0.08)) return { value: structuredClone(rng.pick(TYPE_SWAPS)), op: 'type-swap' };
  if (typeof v === 'string') {
    if (HEX.test(v)) return mutateHex(rng, v, o.keepShape);
    if (DECIMAL.test(v) && v.length < 400) return mutateDecimal(rng, v);
    return mutateText(rng, v);
  }
  if (typeof v === 'number') {
    const op = 'number-arith';
    return { value: rng.pick([v + 1, v - 1, 0, -1, v * 2, 2 ** 53, 2 ** 32, v + 0.5, -v]), op };
  }
  if (typeof v === 'bigint') return { value: editInteger(rng, v), op: 'bigint-arith' };
  if (typeof v === 'boolean') return { value: !v, op: 'bool-flip' };
  if (v instanceof Uint8Array) {
    const m = mutateBytes(rng, v);
    return { value: m.value, op: `bytes:${m.op}` };
  }
  return { value: structuredClone(rng.pick(TYPE_SWAPS)), op: 'type-swap' };
}

/**
 * One structure-aware edit of `doc` (a new document; `doc` is never changed).
 * @example mutateJson(rng, getProofResponse, { keys: ['balance'] })
 */
export function mutateJson(rng: Rng, doc: unknown, options: JsonMutationOptions = {}): Mutated<unknown> {
  // Keeping the shape, objects are never edited as a whole: their leaves and lists are.
  const all = paths(doc).filter((p) => !options.frozen?.(p) && !(options.keepShape && isPlainObject(getAt(doc, p))));
  if (all.length === 0) return { value: doc, op: 'none' };
  const path = rng.pick(all);
  const node = getAt(doc, path);
  const isContainer = Array.isArray(node) || isPlainObject(node);
  const parentPath = path.slice(0, -1);
  const parent = path.length > 0 ? getAt(doc, parentPath) : undefined;

  const structural = options.keepShape && isContainer ? true : rng.chance(isContainer ? 0.85 : 0.3);
  if (structural && options.keepShape) {
    // Other items in a list, or another value of the same type from elsewhere in the document.
    if (Array.isArray(node) && node.length > 0) {
      const a = node.slice();
      const op = rng.pick(['array-drop', 'array-dup', 'array-swap', 'array-reverse']);
      const i = rng.int(a.length);
      if (op === 'array-drop') a.splice(i, 1);
      else if (op === 'array-dup') a.splice(i, 0, structuredClone(a[i]));
      else if (op === 'array-swap') [a[i], a[a.length - 1 - i]] = [a[a.length - 1 - i], a[i]];
      else a.reverse();
      return { value: setAt(doc, path, a), op };
    }
    const same = all.filter((p) => typeof getAt(doc, p) === typeof node && Array.isArray(getAt(doc, p)) === Array.isArray(node) && (typeof node !== 'string' || HEX.test(String(getAt(doc, p))) === HEX.test(node)));
    if (!isContainer && same.length > 1) return { value: setAt(doc, path, structuredClone(getAt(doc, rng.pick(same)))), op: 'node-copy' };
  } else if (structural) {
    if (Array.isArray(node) && rng.chance(0.6)) {
      const op = rng.pick(['array-drop', 'array-dup', 'array-swap', 'array-truncate', 'array-append', 'array-reverse', 'array-empty']);
      const a = node.slice();
      if (a.length === 0 && op !== 'array-append') return { value: setAt(doc, path, [null]), op: 'array-append' };
      const i = rng.int(Math.max(1, a.length));
      const j = rng.int(Math.max(1, a.length));
      switch (op) {
        case 'array-drop':
          a.splice(i, 1);
          break;
        case 'array-dup':
          a.splice(i, 0, structuredClone(a[i]));
          break;
        case 'array-swap':
          [a[i], a[j]] = [a[j], a[i]];
          if (i === j && a.length > 1) [a[0], a[a.length - 1]] = [a[a.length - 1], a[0]];
          break;
        case 'array-truncate':
          a.length = rng.int(a.length);
          break;
        case 'array-append':
          a.push(a.length > 0 ? structuredClone(a[rng.int(a.length)]) : null);
          break;
        case 'array-reverse':
          a.reverse();
          break;
        default:
          a.length = 0;
      }
      return { value: setAt(doc, path, a), op };
    }
    if (isPlainObject(node) && rng.chance(0.6)) {
      const keys = Object.keys(node);
      const op = rng.pick(['field-delete', 'field-add', 'field-swap', 'field-rename']);
      if (op === 'field-delete' && keys.length > 0) return { value: deleteAt(doc, [...path, rng.pick(keys)]), op };
      if (op === 'field-swap' && keys.length > 1) {
        const a = rng.pick(keys);
        const b = rng.pick(keys.filter((k) => k !== a));
        return { value: setAt(doc, path, { ...node, [a]: node[b], [b]: node[a] }), op };
      }
      if (op === 'field-rename' && keys.length > 0) {
        const k = rng.pick(keys);
        const { [k]: v, ...rest } = node;
        const renamed = rng.pick([k.toUpperCase(), k + '_', k.slice(1), k.toLowerCase() === k ? k.charAt(0).toUpperCase() + k.slice(1) : k.toLowerCase()]);
        return { value: setAt(doc, path, { ...rest, [renamed]: v }), op };
      }
      const key = options.keys?.length && rng.chance(0.7) ? rng.pick(options.keys) : rng.pick(['extra', '__proto__', 'constructor', 'type', 'value', 'length']);
      const value = keys.length > 0 && rng.chance(0.5) ? structuredClone(node[rng.pick(keys)]) : structuredClone(rng.pick(TYPE_SWAPS));
      return { value: setAt(doc, path, Object.defineProperty({ ...node }, key, { value, enumerable: true, writable: true, configurable: true })), op: 'field-add' };
    }
    if (parent !== undefined && rng.chance(0.5)) {
      // A copy of another node of the same document in this one's place (values moved between fields).
      const donor = rng.pick(all);
      return { value: setAt(doc, path, structuredClone(getAt(doc, donor))), op: 'node-copy' };
    }
    if (path.length > 0 && rng.chance(0.3)) return { value: deleteAt(doc, path), op: 'node-delete' };
    return { value: setAt(doc, path, structuredClone(rng.pick(TYPE_SWAPS))), op: 'type-swap' };
  }
  const m = mutateLeaf(rng, node, options);
  return { value: setAt(doc, path, m.value), op: m.op };
}

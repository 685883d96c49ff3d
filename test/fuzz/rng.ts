/**
 * The campaign's one source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator), seeded per mutation from (campaign seed, target, mutation index), so that any one
 * mutation is replayed alone: `npm run fuzz -- --target <name> --from <index> --count 1`.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0, index = 0) {
    this.a = seed >>> 0;
    this.b = stream >>> 0;
    this.c = index >>> 0;
    this.d = 1;
    // The first outputs of a fresh state are poorly mixed: discard them.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int expected n > 0, got ${n}`);
    return n <= 0x100000000 ? Math.floor((this.next() / 0x100000000) * n) : Math.floor(((this.next() * 0x100000000 + this.next()) / 2 ** 64) * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new RangeError('Rng.pick of an empty list');
    return list[this.int(list.length)]!;
  }

  /** One of `choices` by weight: [weight, value] pairs. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((n, [w]) => n + w, 0);
    let x = this.next() / 0x100000000 * total;
    for (const [w, v] of choices) {
      if (x < w) return v;
      x -= w;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** A random bigint below 2^bits. */
  bigint(bits: number): bigint {
    let v = 0n;
    for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(this.next());
    return v & ((1n << BigInt(bits)) - 1n);
  }
}

/** A 32-bit FNV-1a hash of a name: a target's stream number. */
export function streamOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

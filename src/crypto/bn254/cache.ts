/**
 * The small caches both BN254 backends keep about G2 points: prepared Miller-loop lines and
 * "recently passed the subgroup check", keyed by the point's coordinates. A verification key's
 * G2 points are then checked and prepared once, and a proof's B, checked by the verifier while
 * parsing (`g2IsInSubgroup`), is not checked a second time by the pairing.
 * @module
 */
import type { G2Point } from './types.ts';

/** The cache key of a G2 point: its four coordinates. */
export function g2Key(q: G2Point): string {
  return `${q.x.c0.toString(36)},${q.x.c1.toString(36)},${q.y.c0.toString(36)},${q.y.c1.toString(36)}`;
}

/** A Map that keeps its `capacity` most recently used entries (Map order: oldest first). */
export class LruMap<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as most recently used. */
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Inserts as most recently used; returns the entry evicted to make room, if any. */
  set(key: string, value: V): [string, V] | undefined {
    this.map.delete(key);
    let evicted: [string, V] | undefined;
    if (this.map.size >= this.capacity) {
      const oldest = this.map.entries().next().value;
      if (oldest) {
        this.map.delete(oldest[0]);
        evicted = oldest;
      }
    }
    this.map.set(key, value);
    return evicted;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  /** Entries, least recently used first. */
  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }
}

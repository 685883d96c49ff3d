/**
 * The client model's vectors (circuits/vectors/batch-1.json, written by src/l2/vigil-zk's tests)
 * against the circuit and this directory's test model: two independent readings of SPEC.md must
 * agree bit for bit. Each batch's circuit input has a witness whose public signals are the
 * vectors' public inputs, and the test model, replaying the same transactions, builds the very
 * same circuit input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { CIRCUITS, witness } from './circuit.ts';
import { buildBatch, StateTree, type Tx } from './rollup-model.ts';

interface VectorBatch {
  batch: number;
  txs: Record<'type' | 'from' | 'to' | 'amount' | 'owner' | 'ax' | 'ay', string>[];
  queueStart: string;
  queueEnd: string;
  queueAccStart: string;
  blob?: { versionedHash: string; y: string };
  oldRoot: string;
  newRoot: string;
  txDataHash: string;
  publicInputs: string[];
  circuitInput: Record<string, string[] | string[][] | string>;
}

const FILE = join(CIRCUITS, 'vectors', 'batch-1.json');
const vectors = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as VectorBatch & { depth: number; emptyRoot: string; following: VectorBatch[] }) : undefined;
const batches = vectors ? [vectors, ...vectors.following] : [];

/** Every leaf of a JSON value as a decimal string, so inputs compare bit for bit. */
const decimal = (v: unknown): unknown => (Array.isArray(v) ? v.map(decimal) : typeof v === 'bigint' ? v.toString() : v);

describe.runIf(vectors)('the client model\'s vectors', () => {
  it('start from the empty tree of depth 6', () => {
    expect(vectors!.depth).toBe(6);
    expect(vectors!.emptyRoot).toBe(new StateTree(6).root.toString());
  });

  it.each(batches.map((b) => [b.batch, b] as const))('batch %i has a witness with the vectors\' public inputs', async (_, b) => {
    const w = await witness(b.circuitInput);
    expect(w.slice(1, 54).map(String)).toEqual(b.publicInputs);
    expect(b.publicInputs.slice(0, 6)).toEqual([b.oldRoot, b.newRoot, b.txDataHash, b.queueStart, b.queueEnd, b.queueAccStart]);
    // a blob batch's y is the vectors' (limbs 51–53); a calldata batch's inputs 9–53 are 0
    const y = b.publicInputs.slice(50).reduce((acc, l, i) => acc + (BigInt(l) << BigInt(85 * i)), 0n);
    expect(y.toString()).toBe(b.blob?.y ?? '0');
    if (!b.blob) expect(b.publicInputs.slice(8).every((x) => x === '0')).toBe(true);
  });

  it('the test model replays them into the same circuit inputs', () => {
    const tree = new StateTree(6);
    for (const b of batches) {
      const input = b.circuitInput as Record<string, string[]>;
      const txs: Tx[] = b.txs.map((t, k) => ({
        type: BigInt(t.type),
        from: BigInt(t.from),
        to: BigInt(t.to),
        amount: BigInt(t.amount),
        owner: BigInt(t.owner),
        ax: BigInt(t.ax),
        ay: BigInt(t.ay),
        sig: { R8x: BigInt(input.sigR8x![k]!), R8y: BigInt(input.sigR8y![k]!), S: BigInt(input.sigS![k]!) },
      }));
      const blob = b.blob ? { versionedHash: hexToBytes(b.blob.versionedHash) } : {};
      const built = buildBatch(tree, txs, { queueStart: BigInt(b.queueStart), queueEnd: BigInt(b.queueEnd), queueAccStart: BigInt(b.queueAccStart), ...blob });
      expect(built.publicSignals.map(String), `batch ${b.batch}`).toEqual(b.publicInputs);
      expect(Object.fromEntries(Object.entries(built.input).map(([k, v]) => [k, decimal(v)])), `batch ${b.batch}`).toEqual(b.circuitInput);
    }
  });
});

/**
 * circuits/vectors/batch-1.json: the model's answers for a fixed history, for the circuit (and
 * the contract) to check against. Batch 1 is at the top level; batches 2–4 (TRANSFER, WITHDRAW,
 * both FORCED_WITHDRAWAL cases, a top-up, NOOP padding) under "following". Batches 1 and 3 are
 * blob batches: their "blob" holds the commitment, versioned hash, z, the weights and y. The test
 * recomputes it and compares; VIGIL_WRITE_VECTORS=1 rewrites it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { rootOfEmptyTree } from '../../../../src/l2/vigil-zk/tree.ts';
import { publicInputs } from '../../../../src/l2/vigil-zk/inputs.ts';
import { type Transaction, TX_FIELDS, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';
import { ALICE, ALICE_KEY, BOB, BOB_KEY, scenario, type ScenarioBatch } from './scenario.ts';

const FILE = new URL('../../../../circuits/vectors/batch-1.json', import.meta.url);
/** The circuit's committed witness generator (circuits/build, once the ceremony ran). */
const CIRCUIT_WASM = fileURLToPath(new URL('../../../../circuits/build/rollup.wasm', import.meta.url));

/** snarkjs `wtns calculate` (fails on any constraint the input breaks). */
async function witnessOf(input: unknown): Promise<void> {
  const wtns = (snarkjs as unknown as { wtns: { calculate(i: unknown, wasm: string, out: { type: 'mem' }): Promise<void> } }).wtns;
  await wtns.calculate(input, CIRCUIT_WASM, { type: 'mem' });
}
const dec = (x: bigint): string => x.toString(10);

function txJson(tx: Transaction): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(TX_FIELDS.map((f) => [f, dec(tx[f])]));
  if (tx.signature) out.signature = { R8x: dec(tx.signature.R8x), R8y: dec(tx.signature.R8y), S: dec(tx.signature.S) };
  return out;
}

function batchJson(b: ScenarioBatch, n: number): Record<string, unknown> {
  return {
    batch: n,
    txs: b.witness.txs.map(txJson),
    queueStart: dec(b.queue.queueStart),
    queueEnd: dec(b.queue.queueEnd),
    queueAccStart: dec(b.queue.queueAccStart),
    oldRoot: dec(b.before.root),
    newRoot: dec(b.witness.state.root),
    txDataHash: dec(txDataHash(b.txs)),
    publicInputs: b.witness.publicInputs.map(dec),
    ...(b.blob && b.witness.binding
      ? {
          blob: {
            commitment: bytesToHex(b.blob.commitment),
            versionedHash: bytesToHex(b.blob.versionedHash),
            z: dec(b.witness.binding.z),
            weights: b.witness.binding.weights.map(dec),
            y: dec(b.witness.binding.y),
          },
        }
      : {}),
    circuitInput: b.witness.input,
  };
}

function vectors(): Record<string, unknown> {
  const batches = scenario();
  const key = (who: typeof ALICE, k: typeof ALICE_KEY) => ({ secret: bytesToHex(who.secret), owner: '0x' + who.owner.toString(16).padStart(40, '0'), index: dec(who.index), ax: dec(k.ax), ay: dec(k.ay) });
  return {
    description:
      'vigil-zk-v1 (circuits/SPEC.md), D = 6, K = 2: the client model (src/l2/vigil-zk) on a fixed history. Batch 1 here; batches 2-4 in "following", each on the state the one before left. Batches 1 and 3 are committed in blobs ("blob": the KZG commitment of blob.ts batchBlob, its versioned hash, the challenge z, the 14 weights and y); 2 and 4 in calldata. Numbers are decimal strings; circuitInput is the circuit\'s input JSON as snarkjs takes it. Written by test/unit/l2/vigil-zk/vectors.test.ts (VIGIL_WRITE_VECTORS=1).',
    depth: 6,
    batchSize: 2,
    emptyRoot: dec(rootOfEmptyTree(6)),
    keys: { alice: key(ALICE, ALICE_KEY), bob: key(BOB, BOB_KEY) },
    ...batchJson(batches[0]!, 1),
    following: batches.slice(1).map((b, i) => batchJson(b, i + 2)),
  };
}

describe('circuits/vectors/batch-1.json', () => {
  const computed = vectors();

  it('pinned values of batch 1 (two deposits on the empty tree)', () => {
    const b = scenario()[0]!;
    expect(b.before.root).toBe(rootOfEmptyTree(6));
    expect(dec(b.before.root)).toBe('20775607673010627194014556968476266066927294572720319469184847051418138353016');
    expect(dec(b.witness.state.root)).toBe(PINNED.batch1.newRoot);
    expect(dec(txDataHash(b.txs))).toBe(PINNED.batch1.txDataHash);
    const inputs = publicInputs({ oldRoot: b.before.root, newRoot: b.witness.state.root, txs: b.txs, queueStart: 0n, queueEnd: 2n, queueAccStart: 0n, binding: b.witness.binding });
    expect(inputs.slice(0, 5).map(dec)).toEqual(['20775607673010627194014556968476266066927294572720319469184847051418138353016', PINNED.batch1.newRoot, PINNED.batch1.txDataHash, '0', '2']);
    expect(inputs).toEqual(b.witness.publicInputs);
    expect(inputs).toHaveLength(53);
  });

  it('pinned values of batch 2 (a signed TRANSFER and WITHDRAW)', () => {
    const b = scenario()[1]!;
    expect(dec(b.witness.state.root)).toBe(PINNED.batch2.newRoot);
    expect(dec(txDataHash(b.txs))).toBe(PINNED.batch2.txDataHash);
  });

  it('the file holds what the model computes', () => {
    if (process.env.VIGIL_WRITE_VECTORS === '1' || !existsSync(FILE)) {
      if (process.env.VIGIL_WRITE_VECTORS !== '1') throw new Error(`${FILE.pathname} is missing: run with VIGIL_WRITE_VECTORS=1`);
      mkdirSync(new URL('.', FILE), { recursive: true });
      writeFileSync(FILE, JSON.stringify(computed, null, 2) + '\n');
    }
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(computed);
  });

  it('the circuit (circuits/build/rollup.wasm) accepts every batch’s input, and not a wrong newRoot', async () => {
    const file = JSON.parse(readFileSync(FILE, 'utf8'));
    for (const b of [file, ...file.following]) await witnessOf(b.circuitInput);
    await expect(witnessOf({ ...file.circuitInput, newRoot: file.oldRoot })).rejects.toThrow();
  });
});

const PINNED = {
  batch1: {
    newRoot: '3477194708086156713751341690508279456239938099005932285537342446398408428326',
    txDataHash: '9077886044007588542637289288105686073821200923083834266994016397552066375418',
  },
  batch2: {
    newRoot: '15152733041224804386971502651352566188744539096766705724865034197474478458050',
    txDataHash: '21850697995664295531780903420482183948693318694323619701340250994492894169907',
  },
};

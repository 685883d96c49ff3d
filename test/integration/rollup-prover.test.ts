/**
 * The devnet rollup's prover (src/devnet/rollup/prover.ts) proves a statement once: the same
 * circuit input again (an idle rollup's heartbeat batches at an unchanged state) gets that first
 * proof back, marked reused, without the child process proving; any other input is proven anew.
 * Every proof, reused or not, verifies with snarkjs against verification_key.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCircuitFiles, Prover } from '../../src/devnet/rollup/prover.ts';
import { buildWitness } from '../../src/devnet/rollup/witness.ts';
import { RollupState } from '../../src/l2/vigil-zk/state.ts';

const files = defaultCircuitFiles();
const vkey = JSON.parse(readFileSync(files.verificationKey, 'utf8')) as unknown;
let dir: string;
let prover: Prover;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-prover-'));
  prover = await Prover.start({ files, dir });
}, 60_000);

afterAll(async () => {
  await prover?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the devnet rollup prover', () => {
  it('proves a heartbeat once; the same input again is that proof, reused; another input is proven anew', async () => {
    const state = RollupState.empty();
    const heartbeat = buildWitness(state, [], { queueStart: 0n, queueEnd: 0n, queueAccStart: 0n });
    const first = await prover.prove(heartbeat.input);
    expect(first.reused).toBe(false);
    expect(first.provingMs).toBeGreaterThan(0);
    expect(first.publicSignals).toEqual(heartbeat.publicInputs.map(String));

    // Built again from scratch: equal by value, not the same object.
    const again = await prover.prove(buildWitness(state, [], { queueStart: 0n, queueEnd: 0n, queueAccStart: 0n }).input);
    expect(again).toEqual({ ...first, provingMs: 0, reused: true });

    const later = buildWitness(state, [], { queueStart: 3n, queueEnd: 3n, queueAccStart: 0n });
    const other = await prover.prove(later.input);
    expect(other.reused).toBe(false);
    expect(other.publicSignals).toEqual(later.publicInputs.map(String));
    expect(other.proof).not.toEqual(first.proof);

    for (const o of [first, again, other]) expect(await snarkjs.groth16.verify(vkey, o.publicSignals, o.proof)).toBe(true);
  }, 120_000);
});

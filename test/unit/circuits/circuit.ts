/**
 * The rollup circuit for tests: its witness generator (rollup.wasm) and the committed ceremony
 * outputs in circuits/build.
 *
 * The committed wasm is used when circuits/build/SHA256SUMS records the circuit's sources as
 * they are now (and the wasm itself); otherwise the circuit is compiled once with circom2 (as
 * scripts/rollup-ceremony.mjs does) into the test cache, under the sources' hash. Witnesses come
 * from snarkjs's `wtns calculate`, which fails on any constraint the inputs break.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import { cacheDir } from '../zk/circom.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CIRCUITS = join(ROOT, 'circuits');
export const BUILD = join(CIRCUITS, 'build');
const CIRCOM2 = join(ROOT, 'node_modules', 'circom2', 'cli.js');

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** circuits/build/SHA256SUMS as path (relative to circuits/) → hash; empty when absent. */
export function recordedHashes(): Map<string, string> {
  const file = join(BUILD, 'SHA256SUMS');
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** The circuit's sources, relative to circuits/: rollup.circom and lib/*.circom. */
export function circuitSources(): string[] {
  const lib = readdirSync(join(CIRCUITS, 'lib')).filter((f) => f.endsWith('.circom')).sort();
  return ['rollup.circom', ...lib.map((f) => `lib/${f}`)];
}

let wasm: string | undefined;
/** The witness generator for the circuit's sources as they are now. */
export function rollupWasm(): string {
  if (wasm) return wasm;
  const recorded = recordedHashes();
  const sources = circuitSources();
  const committed = join(BUILD, 'rollup.wasm');
  const upToDate =
    sources.every((f) => recorded.get(f) === sha256(join(CIRCUITS, f))) &&
    // no source the record knows has gone
    [...recorded.keys()].filter((f) => !f.startsWith('build/')).length === sources.length &&
    existsSync(committed) &&
    recorded.get('build/rollup.wasm') === sha256(committed);
  if (upToDate) return (wasm = committed);

  const hash = createHash('sha256');
  for (const f of sources) hash.update(`${f}\0`).update(readFileSync(join(CIRCUITS, f))).update('\0');
  const dir = join(cacheDir(), `rollup-${hash.digest('hex').slice(0, 16)}`);
  const file = join(dir, 'rollup.wasm');
  if (existsSync(file)) return (wasm = file);
  const tmp = mkdtempSync(join(cacheDir(), 'tmp-rollup-'));
  try {
    // circom2 resolves paths against its working directory (WASI preopens), and its WASI refuses
    // a symlink to an absolute path (a git worktree's node_modules): run it at /.
    const r = spawnSync(process.execPath, [CIRCOM2, relative('/', join(CIRCUITS, 'rollup.circom')), '--wasm', '--O2', '-o', relative('/', tmp)], {
      cwd: '/',
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`circom2 failed (${r.status}): ${r.stderr || r.stdout}`);
    mkdirSync(dir, { recursive: true });
    renameSync(join(tmp, 'rollup_js', 'rollup.wasm'), file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return (wasm = file);
}

/** The full witness of `input` (signal 0 is the constant 1, then the public inputs); throws when a constraint fails. */
export async function witness(input: Record<string, unknown>): Promise<bigint[]> {
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, rollupWasm(), out);
  return readWtns(out.data!);
}

/**
 * The values of a .wtns file (snarkjs's binary witness): "wtns", version, section count, then
 * sections of (type u32, size u64, data); section 1 holds the value width n8, the prime and the
 * count, section 2 the values, n8 bytes little-endian each. snarkjs's `wtns.exportJson` reads the
 * same through its generic file reader, a value at a time: as long as computing the witness.
 */
export function readWtns(bytes: Uint8Array): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== 'wtns') throw new Error('not a wtns file');
  const sections = new Map<number, { at: number; size: number }>();
  let at = 12;
  for (let i = view.getUint32(8, true); i > 0; i--) {
    const size = Number(view.getBigUint64(at + 4, true));
    sections.set(view.getUint32(at, true), { at: at + 12, size });
    at += 12 + size;
  }
  const header = sections.get(1);
  const values = sections.get(2);
  if (!header || !values) throw new Error('wtns file without its header or values section');
  const n8 = view.getUint32(header.at, true);
  const count = view.getUint32(header.at + 4 + n8, true);
  if (values.size !== count * n8) throw new Error(`wtns values section of ${values.size} bytes, expected ${count} × ${n8}`);
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++) {
    let v = 0n;
    for (let k = n8 - 8; k >= 0; k -= 8) v = (v << 64n) | view.getBigUint64(values.at + i * n8 + k, true);
    out[i] = v;
  }
  return out;
}

/** One frame of a witness failure: a template, a line of its source, and the line's text. */
export interface Frame {
  template: string;
  line: number;
  /** The trimmed source line. */
  source: string;
}

const SOURCE_DIRS = [CIRCUITS, join(CIRCUITS, 'lib'), join(ROOT, 'node_modules', 'circomlib', 'circuits')];
const templateFiles = new Map<string, string>();
function templateFile(name: string): string | undefined {
  if (templateFiles.size === 0) {
    for (const dir of SOURCE_DIRS) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.circom'))) {
        const text = readFileSync(join(dir, f), 'utf8');
        for (const m of text.matchAll(/^\s*template\s+(\w+)\s*\(/gm)) if (!templateFiles.has(m[1]!)) templateFiles.set(m[1]!, join(dir, f));
      }
    }
  }
  return templateFiles.get(name);
}

/**
 * Where `input`'s witness fails. The witness generator throws "Assert Failed. Error in template
 * T_n line: L" frames, innermost first: the first is the constraint that does not hold, the
 * next the line of its caller that instantiates or feeds it. (It also prints them with
 * console.error, which is silenced for the call.)
 */
export async function witnessFailure(input: Record<string, unknown>): Promise<{ message: string; frames: Frame[] }> {
  const printError = console.error;
  console.error = () => {};
  try {
    await witness(input);
  } catch (e) {
    const message = (e as Error).message;
    const frames = [...message.matchAll(/Error in template (\w+)_\d+ line: (\d+)/g)].map((m) => {
      const file = templateFile(m[1]!);
      const source = file ? (readFileSync(file, 'utf8').split('\n')[Number(m[2]) - 1] ?? '').trim() : '';
      return { template: m[1]!, line: Number(m[2]), source };
    });
    return { message, frames };
  } finally {
    console.error = printError;
  }
  throw new Error('the witness generator accepted the input');
}

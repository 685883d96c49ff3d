/**
 * `vigil lc-spectest <dir>`: runs consensus-spec-tests light-client cases as published, one case
 * directory or a tree of them (as the release lays them out:
 * `<preset>/<fork>/light_client/<handler>/<suite>/<case>`). A directory with steps.yaml is a
 * `sync` case (src/cli/spectest/sync.ts); one with proof.yaml a `single_merkle_proof` case
 * (src/cli/spectest/merkle-proof.ts), whose SSZ type, fork and preset come from its path.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, VigilError } from '../../core/errors.ts';
import { FORKS, type ForkName } from '../../l1/config.ts';
import { errorLine } from '../io.ts';
import type { StepResult } from '../spectest/files.ts';
import { type ProofCase, runSingleMerkleProofTest } from '../spectest/merkle-proof.ts';
import { runLightClientSyncTest } from '../spectest/sync.ts';

export type { StepResult } from '../spectest/files.ts';
/** One `sync` case (kept under its old name: one case directory was all this command ran). */
export const runLightClientSpecTest = runLightClientSyncTest;

export const usage = `vigil lc-spectest [--only-preset <mainnet|minimal>] <dir>
  Runs consensus-spec-tests light-client tests: light_client/sync (Altair through Gloas, the
  store upgraded at a fork) and light_client/single_merkle_proof (BeaconState, BeaconBlockBody,
  Gloas's progressive containers included), one case directory or every case under <dir>.
  Preset and forks of a sync case come from its config.yaml; a proof case's type, fork and
  preset from its path (<preset>/<fork>/light_client/single_merkle_proof/<suite>/<case>); a
  second preset's proof cases run in a child process. In the release layout other runners are
  passed over and other light_client handlers (data_collection, update_ranking) listed as
  skipped. Prints a line per case (its failed steps under it) and "cases: N passed, N failed";
  for one case directory, a line per step and "N passed, N failed".
  --only-preset <p>: only the proof cases of preset <p>.
  Exit 0 only if every step passes; 2 if <dir> holds no case.`;

export type CaseFormat = 'sync' | 'single_merkle_proof';

export interface FoundCase {
  dir: string;
  /** `skipped`: a light_client handler this command does not run (data_collection, update_ranking). */
  format: CaseFormat | 'skipped';
}

// `general` holds the preset-free runners (bls, ssz_generic, kzg): none is light_client.
const PRESET_DIRS = ['mainnet', 'minimal', 'gnosis', 'general'];
const HANDLERS: readonly string[] = ['sync', 'single_merkle_proof'] satisfies CaseFormat[];

/**
 * Case directories under `dir` (itself if it is one), in name order. In the release layout the
 * path decides: runners other than light_client are passed over, a light_client handler other
 * than sync and single_merkle_proof is listed as skipped; elsewhere the files do (steps.yaml: sync,
 * proof.yaml: single_merkle_proof).
 */
export function findCases(dir: string): FoundCase[] {
  const parts = resolve(dir).split(sep);
  const [grand, parent, name] = parts.slice(-3);
  if (PRESET_DIRS.includes(grand ?? '') && name !== 'light_client') return [];
  if (parent === 'light_client' && !HANDLERS.includes(name ?? '')) return [{ dir, format: 'skipped' }];
  const format = caseFormat(dir);
  if (format) return [{ dir, format }];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(`cannot read ${dir}: ${(err as Error).message}`);
  }
  return entries.flatMap((entry) => {
    const child = join(dir, entry);
    return statSync(child).isDirectory() ? findCases(child) : [];
  });
}

function caseFormat(dir: string): FoundCase['format'] | undefined {
  const format = existsSync(join(dir, 'steps.yaml')) ? 'sync' : existsSync(join(dir, 'proof.yaml')) ? 'single_merkle_proof' : undefined;
  if (format === undefined) return undefined;
  // A case in the release layout belongs to the handler its path names (data_collection has steps.yaml too).
  const parts = resolve(dir).split(sep);
  const at = parts.lastIndexOf('light_client');
  const handler = at === -1 ? undefined : parts[at + 1];
  return handler === undefined || handler === format ? format : 'skipped';
}

/** A proof case's place in the release layout: preset, fork, suite (its SSZ type) and name. */
export function proofCaseAt(dir: string): ProofCase {
  const parts = resolve(dir).split(sep);
  const [preset, fork, runner, handler, suite, name] = parts.slice(-6);
  if (runner !== 'light_client' || handler !== 'single_merkle_proof' || !preset || !suite || !name) {
    throw new InputError(`${dir}: a single_merkle_proof case must sit at <preset>/<fork>/light_client/single_merkle_proof/<suite>/<case>`);
  }
  if (!(FORKS as readonly string[]).includes(fork ?? '')) throw new InputError(`${dir}: "${fork}" is not a fork Vigil knows`);
  return { preset, fork: fork as ForkName, suite, name };
}

/** Runs one found case; an unusable case directory is one failed step, not the end of the run. */
export async function runCase(found: FoundCase): Promise<StepResult[]> {
  if (found.format === 'skipped') return [];
  try {
    return found.format === 'sync' ? runLightClientSyncTest(found.dir) : await runSingleMerkleProofTest(found.dir, proofCaseAt(found.dir));
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    return [{ step: 'case', ok: false, detail: errorLine(err) }];
  }
}

const line = (r: StepResult) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.step}${r.ok ? '' : ': ' + r.detail}`;

/** A proof case's preset, or undefined (a sync case, or a path out of the layout). */
function presetOf(found: FoundCase): string | undefined {
  if (found.format !== 'single_merkle_proof') return undefined;
  try {
    return proofCaseAt(found.dir).preset;
  } catch {
    return undefined;
  }
}

/**
 * Proof cases of a second preset run in a child `vigil lc-spectest --only-preset <p>` (Lodestar's
 * types hold one preset a process): its case lines are passed on, its total added. Only when this
 * process is the vigil command itself (not, say, a test calling the command in its own process).
 */
function runPresetInChild(root: string, preset: string, out: (line: string) => void): { passed: number; failed: number } | undefined {
  const self = process.argv[1];
  if (self === undefined || !/^vigil(\.mjs)?$/.test(basename(self))) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, self, 'lc-spectest', '--only-preset', preset, root], {
    encoding: 'utf8',
    env: { ...process.env, LODESTAR_PRESET: preset },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = child.stdout.trimEnd().split('\n');
  const total = /^cases: (\d+) passed, (\d+) failed$/.exec(lines.at(-1) ?? '');
  if (!total || (child.status !== 0 && child.status !== 1)) {
    out(`FAIL ${preset} proof cases: the run for them exited ${child.status}: ${child.stderr.trim().split('\n')[0] ?? ''}`);
    return { passed: 0, failed: 1 };
  }
  for (const l of lines.slice(0, -1)) out(l);
  return { passed: Number(total[1]), failed: Number(total[2]) };
}

export async function lcSpectestCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'only-preset': { type: 'string' } } });
  if (positionals.length !== 1) throw new InputError(`expected one test directory, got ${positionals.length}`);
  const root = positionals[0]!;
  const only = values['only-preset'];
  if (only !== undefined) process.env.LODESTAR_PRESET = only;
  const cases = findCases(root).filter((c) => only === undefined || presetOf(c) === only);
  const skipped = cases.filter((c) => c.format === 'skipped');
  const run = cases.filter((c) => c.format !== 'skipped');
  if (run.length === 0) throw new InputError(`${root} holds no light-client sync or single_merkle_proof case${only ? ` of the ${only} preset` : ''}`);
  if (run.length === 1 && run[0]!.dir === root) {
    // One case directory: a line per step, as this command always printed.
    const results = await runCase(run[0]!);
    for (const r of results) out(line(r));
    const failed = results.filter((r) => !r.ok).length;
    out(`${results.length - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }
  // The proof cases of the preset loaded first run here; any other preset's in a child.
  const here = process.env.LODESTAR_PRESET ?? run.map(presetOf).find((p) => p !== undefined);
  const elsewhere = [...new Set(run.map(presetOf).filter((p): p is string => p !== undefined && p !== here))];
  let passed = 0;
  let failedCases = 0;
  for (const found of skipped) out(`skip ${relative(root, found.dir) || basename(found.dir)} (a light_client handler this command does not run)`);
  const deferred: FoundCase[] = [];
  for (const found of run) {
    const preset = presetOf(found);
    if (preset !== undefined && elsewhere.includes(preset)) {
      deferred.push(found);
      continue;
    }
    if (await runAndPrint(root, found, out)) passed++;
    else failedCases++;
  }
  for (const preset of elsewhere) {
    const child = runPresetInChild(root, preset, out);
    if (child) {
      passed += child.passed;
      failedCases += child.failed;
      continue;
    }
    for (const found of deferred.filter((c) => presetOf(c) === preset)) {
      if (await runAndPrint(root, found, out)) passed++;
      else failedCases++;
    }
  }
  out(`cases: ${passed} passed, ${failedCases} failed`);
  return failedCases === 0 ? 0 : 1;
}

/** Runs a case and prints its line (and its failed steps); true if every step passed. */
async function runAndPrint(root: string, found: FoundCase, out: (line: string) => void): Promise<boolean> {
  const results = await runCase(found);
  const failed = results.filter((r) => !r.ok);
  const name = relative(root, found.dir) || basename(found.dir);
  out(`${failed.length === 0 ? 'ok  ' : 'FAIL'} ${name} [${found.format}] ${results.length - failed.length}/${results.length} steps`);
  for (const r of failed) out(`       ${line(r)}`);
  return failed.length === 0;
}

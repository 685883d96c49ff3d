/**
 * `vigil kzg-spectest <dir>`: runs consensus-spec-tests KZG cases as published
 * (`<handler>/kzg-mainnet/<case>/data.yaml`; in a release, under general/<fork>/kzg/) on Vigil's
 * KZG front door, one case directory or a tree of them. A case's handler is the directory two
 * above it; a handler this command does not know is an error, never a silent pass.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, VigilError } from '../../core/errors.ts';
import { kzgBackend, kzgReady, type TrustedSetup } from '../../crypto/kzg.ts';
import { loadTrustedSetup } from '../../crypto/kzg/full-setup.ts';
import { errorLine, EXIT_BAD_INPUT, EXIT_OK, EXIT_UNVERIFIED } from '../io.ts';
import { KZG_HANDLERS, type KzgCaseResult, readKzgCase, runKzgCase } from '../spectest/kzg.ts';

export const usage = `vigil kzg-spectest <dir>
  Runs consensus-spec-tests KZG cases (<handler>/kzg-mainnet/<case>/data.yaml, output true,
  false, the values, or null where the function must refuse) on Vigil's KZG: one case directory,
  a kzg-mainnet directory, a handler's, or a tree of handlers. Handlers: ${Object.keys(KZG_HANDLERS).join(', ')}.
  Prints a line per handler (cases run and passed; each failed case under it) and a total.
  Exit 0 only when every case ran and passed; 1 when a case failed; 2 when a handler is unknown
  or a case cannot be read (and none failed), or <dir> holds no KZG case.`;

/** A case directory and the handler its path names. */
export interface FoundKzgCase {
  dir: string;
  handler: string;
  name: string;
}

/**
 * Every directory holding data.yaml under `dir` (itself included), in name order, with the
 * handler its path names (`<handler>/<suite>/<case>`). Cases outside a kzg-* suite (another
 * runner's, e.g. bls) are counted in `outside`, not run.
 */
export function findKzgCases(dir: string): { cases: FoundKzgCase[]; outside: string[] } {
  const cases: FoundKzgCase[] = [];
  const outside: string[] = [];
  const walk = (d: string): void => {
    if (existsSync(join(d, 'data.yaml'))) {
      const [handler, suite, name] = resolve(d).split(sep).slice(-3);
      if (suite?.startsWith('kzg-') && handler && name) cases.push({ dir: d, handler, name });
      else outside.push(d);
      return;
    }
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (err) {
      throw new InputError(`cannot read ${d}: ${(err as Error).message}`);
    }
    for (const e of entries) if (statSync(join(d, e)).isDirectory()) walk(join(d, e));
  };
  walk(dir);
  return { cases, outside };
}

interface HandlerTally {
  run: number;
  passed: number;
  failures: string[];
  unreadable: number;
}

export async function kzgSpectestCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new InputError(`expected one test directory, got ${positionals.length}`);
  const root = positionals[0]!;
  const { cases, outside } = findKzgCases(root);
  if (cases.length === 0) {
    throw new InputError(
      outside.length > 0
        ? `${root}: its case directories are not in a <handler>/kzg-<preset>/<case> layout, so their handler is unknown (${outside.length}, e.g. ${outside[0]})`
        : `${root} holds no KZG case (no data.yaml)`,
    );
  }
  await kzgReady();
  let setup: Promise<TrustedSetup> | undefined;
  const tallies = new Map<string, HandlerTally>();
  const unknown = new Map<string, number>();
  for (const c of cases) {
    const handler = KZG_HANDLERS[c.handler];
    if (!handler) {
      unknown.set(c.handler, (unknown.get(c.handler) ?? 0) + 1);
      continue;
    }
    const tally = tallies.get(c.handler) ?? { run: 0, passed: 0, failures: [], unreadable: 0 };
    tallies.set(c.handler, tally);
    let result: KzgCaseResult;
    try {
      const read = readKzgCase(c.dir);
      setup = handler.setup ? (setup ?? loadTrustedSetup()) : setup;
      result = runKzgCase(c.handler, read, handler.setup ? await setup : undefined);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      tally.unreadable++;
      tally.failures.push(`       not run ${c.name}: ${errorLine(err)}`);
      continue;
    }
    tally.run++;
    if (result.ok) tally.passed++;
    else tally.failures.push(`       FAIL ${c.name}: ${result.detail}`);
  }
  let run = 0;
  let passed = 0;
  let notRun = 0;
  for (const [name, t] of tallies) {
    run += t.run;
    passed += t.passed;
    notRun += t.unreadable;
    const ok = t.passed === t.run && t.unreadable === 0;
    out(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${t.run} run, ${t.passed} passed${t.unreadable ? `, ${t.unreadable} not readable` : ''}`);
    for (const f of t.failures) out(f);
  }
  for (const [name, count] of unknown) {
    notRun += count;
    out(`FAIL ${name}: a handler kzg-spectest does not know; its ${count} case(s) not run`);
  }
  if (outside.length > 0) out(`skip ${outside.length} case director${outside.length === 1 ? 'y' : 'ies'} outside a kzg-* suite (another runner's)`);
  out(`cases: ${run} run, ${passed} passed, ${run - passed} failed, ${notRun} not run (KZG on ${kzgBackend()}, ${basename(resolve(root))})`);
  if (run > passed) return EXIT_UNVERIFIED;
  return notRun > 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

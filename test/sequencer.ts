/**
 * The order `npm test` starts its files in. Vitest's pool runs them first come, first served on
 * `maxWorkers` workers, so the order decides what runs beside what:
 *
 * - The world files (test/integration, test/e2e) start a devnet, a browser or a prover and then
 *   mostly wait for the chain: they go first, in the order of WORLD (the slowest first, so that
 *   none is left to run alone at the end), then any other world file, larger files first.
 * - Between two of them, a run of the other files, which keep the processors busy meanwhile.
 *   Those runs keep each project and test environment together: a worker of a non-isolated
 *   project takes the next file of its kind without starting a new process.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { TestSpecification, TestSequencer, Vitest } from 'vitest/node';

/**
 * The world files that take longest, in the order they start: the slowest first, and those whose
 * rollup devnet proves batches (seconds of both processors each) between lighter ones, so that
 * two provers seldom share the machine. README "Tests" has their times.
 */
export const WORLD = [
  'test/e2e/rollup-exit.test.ts',
  'test/e2e/wallet-dapp.test.ts',
  'test/integration/cli-exit.test.ts',
  'test/integration/package.test.ts',
  'test/e2e/glamsterdam.test.ts',
  'test/e2e/a11y.test.ts',
  'test/integration/devnet-faults.test.ts',
  'test/e2e/rollup-wallet.test.ts',
  'test/e2e/start.test.ts',
  'test/integration/devnet-rollup.test.ts',
  'test/integration/execution-calls.test.ts',
  'test/integration/cli-l2-balance.test.ts',
  'test/e2e/firefox.test.ts',
  'test/integration/cli-record.test.ts',
  'test/integration/cli-wallet.test.ts',
  'test/e2e/catch-up.test.ts',
  'test/e2e/extension.test.ts',
  'test/e2e/token-dapp.test.ts',
  'test/e2e/add-network.test.ts',
];

/** World files started before the first run of other files (the rest are spread between the runs). */
const WORLD_AHEAD = 2;

export default class SuiteSequencer implements TestSequencer {
  constructor(private readonly ctx: Vitest) {}

  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }

  sort(files: TestSpecification[]): TestSpecification[] {
    const path = (f: TestSpecification) => relative(this.ctx.config.root, f.moduleId);
    const isWorld = (f: TestSpecification) => /^test\/(integration|e2e)\//.test(path(f));
    const rank = (f: TestSpecification) => {
      const i = WORLD.indexOf(path(f));
      return i === -1 ? WORLD.length : i;
    };
    const world = files.filter(isWorld).sort((a, b) => rank(a) - rank(b) || size(b.moduleId) - size(a.moduleId));
    // The rest: by project and environment, then the larger files first.
    const kind = (f: TestSpecification) => `${f.project.name}\0${environmentOf(f.moduleId)}`;
    const rest = files.filter((f) => !isWorld(f)).sort((a, b) => kind(a).localeCompare(kind(b)) || size(b.moduleId) - size(a.moduleId));
    if (world.length === 0 || rest.length === 0) return [...world, ...rest];

    const ahead = world.slice(0, WORLD_AHEAD);
    const later = world.slice(WORLD_AHEAD);
    const run = Math.ceil(rest.length / (later.length + 1));
    const order = [...ahead];
    for (let i = 0; i < rest.length || later.length > 0; i += run) {
      order.push(...rest.slice(i, i + run));
      const next = later.shift();
      if (next) order.push(next);
    }
    return order;
  }
}

/** The `@vitest-environment` a file asks for in its first lines, or '' for the project's. */
function environmentOf(file: string): string {
  const head = readFileSync(file, 'utf8').slice(0, 2_000);
  return /@vitest-environment\s+([\w-]+)/.exec(head)?.[1] ?? '';
}

function size(file: string): number {
  return statSync(file).size;
}

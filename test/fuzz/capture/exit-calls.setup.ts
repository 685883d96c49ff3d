/**
 * Set up by ./vitest.config.ts (`npm run fuzz:seeds`): while the exit plans' unit tests run, every
 * `advance` call whose inputs carry hints (L2 RPC answers, escape proofs, the followed rollup's
 * hints) and that answers with a transaction (an L1 send, or an L2 transaction to sign) is kept,
 * one per plan, step and transaction, and written to test/fuzz/seeds/exit-calls.json when the file
 * is done: the campaign's seeds for each exit plan's hints, built by the tests' own worlds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import type { ExitInputs, ExitPlan } from '../../../src/l2/exit-plan.ts';
import { EXIT_PLANS } from '../../../src/l2/exit-plans.ts';
import { encodeSeed } from '../seeds/codec.ts';

const OUT = new URL('../seeds/exit-calls.json', import.meta.url);
const calls = new Map<string, unknown>();

const hasHints = (i: ExitInputs) => i.l2.size > 0 || (i.escapeProofs?.size ?? 0) > 0 || i.followed?.hints !== undefined;

for (const plan of Object.values(EXIT_PLANS) as ExitPlan<unknown>[]) {
  const advance = plan.advance.bind(plan);
  (plan as { advance: ExitPlan<unknown>['advance'] }).advance = (config, record, inputs) => {
    const out = advance(config, record, inputs);
    const a = out.action;
    const tx = a.kind === 'send' ? `${a.to}:${a.value}:${a.data}` : a.kind === 'need' && a.signL2 ? `L2:${a.signL2.to}:${a.signL2.value}:${a.signL2.data}` : undefined;
    if (hasHints(inputs) && tx !== undefined) calls.set(`${plan.kind}:${record.step}:${tx}`, encodeSeed({ kind: plan.kind, config, record, inputs }));
    return out;
  };
}

afterAll(() => {
  const before: unknown[] = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : [];
  const all = new Map<string, unknown>(before.map((c) => [JSON.stringify(c), c]));
  for (const v of calls.values()) all.set(JSON.stringify(v), v);
  writeFileSync(OUT, JSON.stringify([...all.values()]));
});

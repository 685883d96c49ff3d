/**
 * Each exit plan's hints (src/l2/<kind>/exit.ts advance): the L2 RPC's answers, the rollup
 * indexer's, escape proofs, and the followed rollup's L2 header hint, mutated at the steps where the plan
 * turns them into a transaction. The seeds are the calls the plans' own unit tests make with
 * hints that end in a transaction (test/fuzz/seeds/exit-calls.json, written by
 * `npm run fuzz:seeds` from test/unit/l2/<kind>/exit.test.ts and the runner's tests).
 *
 * Oracles: advance never throws on a hint (a lying one is refused in the record); a mutated hint never yields a send (or an L2 transaction to sign)
 * with another to, value or data than the real hints give, never ends the exit, and never sets
 * another accepted fact (a root, a message hash, a game or batch) than the real hints give.
 */
import { readFileSync } from 'node:fs';
import type { ExitInputs, ExitPlan, ExitPlanAction, ExitPlanRecord } from '../../../src/l2/exit-plan.ts';
import { EXIT_PLANS } from '../../../src/l2/exit-plans.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { attempt, describeError, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { decodeSeed } from '../seeds/codec.ts';
import { defineTarget, type FuzzTarget, type Outcome } from '../target.ts';

/**
 * Facts that are something the plan accepted (a root, a message or withdrawal hash, the game or
 * batch holding it, the amount an escape pays); the others (an L2 block number the L2 RPC gave)
 * are where the plan looks next, and only delay it when a hint lies.
 */
const ACCEPTED_FACT = /root|hash|game|batch|amount|proof/i;

interface ExitCall {
  kind: string;
  config: unknown;
  record: ExitPlanRecord;
  inputs: ExitInputs;
}

interface ExitSeed extends ExitCall {
  plan: ExitPlan<unknown>;
  base: { record: ExitPlanRecord; action: ExitPlanAction };
}

/** The transaction an action asks for (an L1 send, or an L2 transaction to sign), as one comparable string. */
function txOf(a: ExitPlanAction): string | undefined {
  if (a.kind === 'send') return `L1 ${a.label} to ${a.to.toLowerCase()} value ${a.value} data ${a.data.toLowerCase()}`;
  if (a.kind === 'need' && a.signL2) return `L2 ${a.signL2.label} chain ${a.signL2.chainId} to ${a.signL2.to.toLowerCase()} value ${a.signL2.value} data ${a.signL2.data.toLowerCase()}`;
  return undefined;
}

/** The hints of `inputs` that can be mutated, each with how to put a new value back. */
function hintsOf(inputs: ExitInputs): { name: string; value: unknown; untrusted: boolean; put: (v: unknown) => ExitInputs }[] {
  const out: ReturnType<typeof hintsOf> = [];
  for (const [key, value] of inputs.l2) {
    out.push({ name: `l2:${key.split(':')[0]}`, value, untrusted: true, put: (v) => ({ ...inputs, l2: new Map([...inputs.l2].map(([k, x]) => [k, k === key ? v : x])) }) });
  }
  for (const [key, value] of inputs.escapeProofs ?? []) {
    out.push({ name: 'escape-proof', value, untrusted: true, put: (v) => ({ ...inputs, escapeProofs: new Map([...inputs.escapeProofs!].map(([k, x]) => [k, k === key ? v : x])) }) });
  }
  const hints = inputs.followed?.hints;
  if (hints?.header !== undefined) out.push({ name: 'followed-header', value: hints.header, untrusted: true, put: (v) => ({ ...inputs, followed: { ...inputs.followed!, hints: { ...hints, header: v as Uint8Array } } }) });
  // The followed rollup's L1 log hint is read by the Arbitrum adapter's follow, not by any exit plan:
  // it is mutated in the adapters' targets (./adapters.ts).
  return out;
}

function mutateHint(rng: Rng, inputs: ExitInputs): { inputs: ExitInputs; op: string; input: unknown } {
  const hints = hintsOf(inputs);
  const h = rng.pick(hints);
  // An answer that failed is left out of the inputs (the runner's way): a hint may go missing.
  if (rng.chance(0.05) && h.name.startsWith('l2:')) {
    const key = [...inputs.l2.keys()].find((k) => k.startsWith(h.name.slice(3)))!;
    return { inputs: { ...inputs, l2: new Map([...inputs.l2].filter(([k]) => k !== key)) }, op: `${h.name}:missing`, input: { hint: h.name, value: 'missing' } };
  }
  let value: unknown;
  let op: string;
  if (h.value instanceof Uint8Array) {
    const m = rng.chance(0.7) ? mutateRlp(rng, h.value) : mutateBytes(rng, h.value);
    [value, op] = [m.value, m.op];
  } else {
    const m = mutateJson(rng, h.value, h.untrusted ? {} : { keepShape: true });
    [value, op] = [m.value, m.op];
  }
  return { inputs: h.put(value), op: `${h.name}:${op}`, input: { hint: h.name, value } };
}

interface ExitCtx {
  seeds: ExitSeed[];
}

function exitTarget(kind: string, label: string): FuzzTarget<ExitCtx> {
  return defineTarget({
    name: `exit-${label}`,
    subject: `the ${kind} exit plan's advance at the steps where hints become a transaction, one hint mutated (L2 RPC and indexer answers, escape proofs, the followed rollup's L2 header)`,
    reference: 'the plan\'s own answer with the real hints: never a send or L2 transaction with another to, value or data, never another fact (root, message hash, batch, index)',
    seeds: `the ${kind} plan's calls with hints that end in a transaction, captured from its unit tests (test/fuzz/seeds/exit-calls.json)`,
    async load() {
      const all = (JSON.parse(readFileSync(new URL('../seeds/exit-calls.json', import.meta.url), 'utf8')) as unknown[]).map((c) => decodeSeed(c) as ExitCall);
      const plan = EXIT_PLANS[kind] as ExitPlan<unknown>;
      const seeds = all
        .filter((c) => c.kind === kind)
        .map((c) => ({ ...c, plan, base: plan.advance(c.config, c.record, c.inputs) }))
        .filter((s) => txOf(s.base.action) !== undefined && hintsOf(s.inputs).length > 0);
      if (seeds.length === 0) throw new Error(`no captured ${kind} exit call with hints ends in a transaction: run npm run fuzz:seeds`);
      return { seeds };
    },
    run(ctx: ExitCtx, rng): Outcome {
      const seed = rng.pick(ctx.seeds);
      const m = mutateHint(rng, seed.inputs);
      const ours = attempt(() => seed.plan.advance(seed.config, seed.record, m.inputs));
      // A lying hint is refused in the record (an error, a wait), never thrown: a throw stops the runner at every head.
      if (!ours.ok) return { op: m.op, ...verdictOf(ours), input: m.input, wrong: `advance threw on a mutated hint: ${describeError(ours.error)}` };
      const { record, action } = ours.value;
      const out: Outcome = { op: m.op, verdict: record.error ? `${action.kind}:${record.error.code}` : action.kind, input: m.input };
      const tx = txOf(action);
      // This seed's own transaction or none: another seed's real one is as wrong here as any other.
      if (tx !== undefined && tx !== txOf(seed.base.action)) return { ...out, wrong: `a mutated hint yields another transaction: ${tx.slice(0, 300)}` };
      // A hint never ends an exit (as done, or failed) where the real hints do not.
      if (seed.plan.terminal.has(record.step) && record.step !== seed.base.record.step) return { ...out, wrong: `a mutated hint ends the exit: ${record.step}` };
      // What the plan accepted (roots, hashes, the game or batch they come from, the amount) is the real hints' or nothing:
      // a fact the real hints left unset is as wrong to set as one they set otherwise.
      for (const [k, value] of Object.entries(record.facts)) {
        const before = seed.record.facts[k];
        const real = seed.base.record.facts[k];
        if (ACCEPTED_FACT.test(k) && value !== before && value !== real) {
          return { ...out, wrong: `a mutated hint sets fact ${k} to ${value.slice(0, 80)} (the real hints: ${real === undefined ? 'none' : real.slice(0, 80)})` };
        }
      }
      return out;
    },
  });
}

export const vigilZkExitTarget = exitTarget('vigil-zk-v1', 'vigil-zk');
export const opStackExitTarget = exitTarget('op-stack-fault-proofs-v1', 'op-stack');
export const arbitrumExitTarget = exitTarget('arbitrum-nitro-v1', 'arbitrum');
export const scrollExitTarget = exitTarget('scroll-v1', 'scroll');

/**
 * Each rollup adapter's L1 facts (src/l2/<kind>/adapter.ts through src/client/rollups/follower.ts):
 * the follower run over a world of the shipped config (OP Mainnet, Arbitrum One, Scroll, Mantle, Taiko) or the
 * devnet rollup, with one of the facts it reads mutated as it is read: an L1 storage slot, a code
 * hash or code, the L2 header, the L1 log naming it, the commit transaction, its receipt or the
 * L2 RPC's hint of it, the L2 account proof.
 *
 * Oracles: only typed errors; a mutated hint (anything the L2 RPC says, and the L1 evidence the
 * follower must match against proven storage) never yields another accepted state or another L2
 * account; with a mutated slot, whatever is accepted is well-formed (ages finite and ≥ 0, a root
 * of 256 bits).
 */
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { AcceptedState } from '../../../src/l2/adapter.ts';
import { ROOT_TIERS, type TierVerdict } from '../../../src/l2/tier.ts';
import { RollupFollower } from '../../../src/client/rollups/follower.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { attemptAsync, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { type Fact, factsWorlds, type FactsWorld, followerDeps, type Tap } from '../seeds/rollups.ts';
import type { FuzzTarget, Outcome } from '../target.ts';

/** Facts the L2 RPC gives, or L1 evidence the follower must tie to proven storage: never another root. */
const HINTS = new Set<Fact['kind']>(['header', 'l1Log', 'accountProof', 'commitTxHash', 'commitTx', 'commitReceipt']);

interface Read {
  accepted: AcceptedState;
  tier: TierVerdict;
  liveness: unknown;
  account: string;
  checks: string[];
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? bytesToHex(x) : x));

/** Follows `world` and proves its account, each fact through `tap`; proof checks verify when they are the real batch's. */
async function follow(world: FactsWorld, tap: Tap, realCheck: string | undefined): Promise<Read> {
  const checks: string[] = [];
  const deps = followerDeps(world, tap);
  deps.verifyProof = async (check) => {
    checks.push(json(check));
    return realCheck === undefined || json(check) === realCheck;
  };
  const follower = new RollupFollower(deps);
  const followed = await follower.follow(world.head);
  const account = await follower.account(followed, world.query);
  return { accepted: followed.accepted, tier: followed.tier, liveness: followed.liveness, account: json(account), checks };
}

function mutateFact(rng: Rng, fact: Fact, all: readonly Fact[]): { value: unknown; op: string } {
  switch (fact.kind) {
    case 'slot': {
      const others = all.filter((f): f is Extract<Fact, { kind: 'slot' }> => f.kind === 'slot');
      if (rng.chance(0.2)) return { value: rng.pick(others).value, op: 'slot:swap' };
      const m = mutateJson(rng, [fact.value]);
      const v = Array.isArray(m.value) && typeof m.value[0] === 'bigint' ? m.value[0] : fact.value ^ (1n << BigInt(rng.int(256)));
      // Storage is a uint256: what no proof can show is not a fact to mutate into.
      return { value: ((v % (1n << 256n)) + (1n << 256n)) % (1n << 256n), op: `slot:${m.op}` };
    }
    case 'code':
      return { value: mutateBytes(rng, fact.value).value, op: 'code' };
    case 'header': {
      const m = rng.chance(0.7) ? mutateRlp(rng, fact.value) : mutateBytes(rng, fact.value);
      return { value: m.value, op: `header:${m.op}` };
    }
    case 'accountProof': {
      // The L2 RPC's answer: anything at all.
      const m = mutateJson(rng, fact.value);
      return { value: m.value, op: `${fact.kind}:${m.op}` };
    }
    default: {
      // Verified L1 data as Vigil's own JSON shapes it (code hashes, logs, the commit and its
      // receipt) and the L2 RPC's hint of the commit (kept only when a 32-byte hash): other values,
      // never another shape.
      const m = mutateJson(rng, fact.value, { keepShape: true });
      return { value: m.value, op: `${fact.kind}:${m.op}` };
    }
  }
}

interface AdapterCtx {
  world: FactsWorld;
  facts: Fact[];
  base: Read;
}

/** Whether `a` claims more than `b`: a higher tier, or more steps re-verified. */
function stronger(a: TierVerdict, b: TierVerdict): boolean {
  const rank = (t: TierVerdict) => ROOT_TIERS.indexOf(t.tier);
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  return a.tier === 'reverified' && (a.steps?.verified ?? 0) > (b.steps?.verified ?? 0);
}

function sane(read: Read): string | undefined {
  const { root, batch, acceptedAt, status } = read.accepted;
  if (typeof root !== 'bigint' || root < 0n || root >= 1n << 256n) return 'an accepted root that is no 256-bit word';
  if (typeof batch !== 'bigint' || batch < 0n || typeof acceptedAt !== 'bigint' || acceptedAt < 0n) return 'a negative batch or time';
  if (status !== 'finalized' && status !== 'claimed') return `status ${String(status)}`;
  const l = read.liveness as Record<string, unknown>;
  for (const k of ['lastBatchAgeSeconds', 'oldestQueuedAgeSeconds', 'oldestOwnPendingAgeSeconds']) {
    const v = l[k];
    if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return `liveness ${k} = ${String(v)}`;
  }
  if (typeof l.frozen !== 'boolean') return 'liveness frozen is not a boolean';
  return undefined;
}

function adapterTarget(kind: string, label: string): FuzzTarget<AdapterCtx> {
  return {
    name: `adapter-${kind}`,
    subject: `the ${label} adapter through the rollup follower: accepted state, liveness, provenance and an L2 account, one fact it reads mutated`,
    reference: 'the unmutated world\'s answer: a mutated hint (L2 header, L1 log, commit evidence, L2 account proof) never yields another accepted state or account; accepted states are well-formed',
    seeds: kind === 'vigil-zk' ? 'vigil-zk-v1 after the model scenario\'s first batch (test/unit/l2/vigil-zk/scenario.ts), its commit and event' : `test/support/rollup-world.ts's ${label} world of the shipped config (L1 contracts at the config's slots, L2 headers and state)`,
    async load() {
      const world = (await factsWorlds())[kind]!;
      const facts: Fact[] = [];
      const base = await follow(world, (fact) => (facts.push(fact), fact.value), undefined);
      return { world, facts, base: { ...base, checks: base.checks } };
    },
    async run(ctx, rng) {
      const target = rng.int(ctx.facts.length);
      const fact = ctx.facts[target]!;
      const m = mutateFact(rng, fact, ctx.facts);
      let seen = 0;
      const tap: Tap = (f) => (seen++ === target ? (m.value as typeof f.value) : f.value);
      const realCheck = ctx.base.checks[0];
      const ours = await attemptAsync(() => follow(ctx.world, tap, realCheck));
      const out: Outcome = { op: m.op, ...verdictOf(ours), input: { fact: fact.kind, value: m.value } };
      if (!ours.ok || out.wrong) return out;
      const wrongShape = sane(ours.value);
      if (wrongShape) return { ...out, wrong: wrongShape };
      if (HINTS.has(fact.kind)) {
        if (json(ours.value.accepted) !== json(ctx.base.accepted)) return { ...out, wrong: `a mutated ${fact.kind} gave another accepted state: ${json(ours.value.accepted)}` };
        if (ours.value.account !== ctx.base.account) return { ...out, wrong: `a mutated ${fact.kind} gave another L2 account` };
        if (stronger(ours.value.tier, ctx.base.tier)) return { ...out, wrong: `a mutated ${fact.kind} gave a stronger tier: ${json(ours.value.tier)}` };
      }
      return out;
    },
  };
}

export const opStackAdapterTarget = adapterTarget('op-stack', 'OP Stack (OP Mainnet, fault proofs)');
export const arbitrumAdapterTarget = adapterTarget('arbitrum', 'Arbitrum (Arbitrum One, BoLD)');
export const scrollAdapterTarget = adapterTarget('scroll', 'Scroll');
export const opSuccinctAdapterTarget = adapterTarget('op-succinct', 'OP Succinct (Mantle, its newest output proven by an SP1 proof)');
export const taikoAdapterTarget = adapterTarget('taiko', 'Taiko (Alethia, its last finalization with a RISC Zero leg)');
export const vigilZkAdapterTarget = adapterTarget('vigil-zk', 'vigil-zk-v1 (the devnet rollup)');

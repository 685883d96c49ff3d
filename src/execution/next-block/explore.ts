/**
 * What a transaction does over the blocks it can land in (./landing.ts), from one followed run
 * (./taint.ts) and, only where the block decides a branch, runs that take the other side:
 * - where the values known at every landing point (number, time, slot) send some points one way
 *   and some the other, each set of points is run on its own path (./taint-run.ts `follow`): at
 *   most one run per landing point, so every point's own path is run however often the time
 *   decides a branch (an auction's price decaying bit by bit);
 * - each branch the first run took on another value of the landing block is run the other way, and
 *   the branches those runs meet after it too, breadth first, at most {@link MAX_PATHS} runs and
 *   {@link GAS_BUDGET}× the first run's gas (a run's cost, with no clock: this code is pure); past
 *   either bound what is left is named as unbounded;
 * - what the user holds after it, where a value of the range moved it (a holding read, ether sent
 *   by a tainted amount), is given at each landing point (or end) where it differs;
 * - what cannot be followed (a jump, a call target or a created contract's code the block chooses,
 *   a holding that depends on a value no one knows) is said in words.
 * The wallet judges the paths and points against what it shows (src/wallet/block-dependence.ts).
 * Pure.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import type { HoldingsJson } from '../effects.ts';
import type { BlocksSimulation } from '../simulate.ts';
import { type Domain, type Landing, type Source } from './landing.ts';
import { type Branch, MAX_BRANCHES, type Split, type TaintReport, TaintRun } from './taint-run.ts';
import { bit, sourcesOf, type Taint } from './taint-values.ts';

/** At most this many runs take the other side of a branch the block decides by a value not known at every point. */
export const MAX_PATHS = 8;
/** Together they spend at most this many times the first run's gas. */
export const GAS_BUDGET = 3n;

/**
 * Where on the landing range a value is: a source's value (0x-hex) at a point of its range, or at
 * one of its ends. From `point` to the range's end, or to `last`; `count` when the points between
 * are not all of them (where the block's time decides bit by bit, as a decaying price does).
 */
export interface WhereJson {
  source: Source;
  value: string;
  point?: number;
  last?: string;
  count?: number;
}

export interface BranchJson {
  /** The code's address and the JUMPI's offset. */
  code: string;
  pc: number;
  /** The side the first run took (of a split: the side the split points did not take). */
  taken: boolean;
  reads: Source[];
  /** Of a branch decided by values known at every point: the landing points whose run this is. */
  where?: WhereJson;
  /**
   * Every one of those points has its own entry in `points` (what the user holds moved at each): the
   * run's simulation, with the first landing block's values on these points' path, is none of
   * them, and only the entries are judged.
   */
  pointsOnly?: true;
}

/** The landing range's ends, for the words ("fails if it lands after …"). */
export interface RangeJson {
  slots: number;
  first: { number: string; timestamp: string };
  last: { number: string; timestamp: string };
}

export interface LandingJson<S> {
  /** The values of the landing block the calls read and that reached something judged (GAS only then: nearly every call forwards it). */
  reads: Source[];
  range: RangeJson;
  /** What the block decides that cannot be followed, in words: the transaction is refused. */
  unbounded: string[];
  /** The other side of each branch the block decides, run; and the run of each set of landing points that parted from the others. */
  paths: { branch: BranchJson; simulation: S }[];
  /**
   * What the user holds after it where the landing point moves it: the holdings and native balances
   * there, over the first run's simulation or, with `path`, that path's.
   */
  points: { where: WhereJson; path?: number; holdings?: HoldingsJson; balances?: { address: string; before: string; after: string }[] }[];
}

/** A run to make: the flips it takes, the landing points it follows, and from which branch on what it finds is new. */
interface Job {
  plan: number[];
  start?: readonly number[];
  /** Branches and splits from this ordinal on were not on the path of the run that queued it. */
  after: number;
  branch: Branch | Split;
}

/**
 * Explores the landing range from a first run.
 * @param simulate runs the same calls with a taint followed (throws for state not proven: the caller's retry)
 */
export async function exploreLanding<S>(
  landing: Landing,
  first: { run: TaintRun; sim: BlocksSimulation },
  holder: string | undefined,
  simulate: (run: TaintRun) => Promise<BlocksSimulation>,
  json: (sim: BlocksSimulation) => S,
): Promise<LandingJson<S>> {
  const report = first.run.report();
  const unbounded = [...report.unbounded];
  let judged = 0;
  const paths: LandingJson<S>['paths'] = [];
  const points: LandingJson<S>['points'] = [];
  const failed = first.sim.blocks.flat().some((c) => c.status !== 'success');
  const more = (r: TaintReport) => {
    if (r.moreBranches) unbounded.push(`it branches on the block more than ${MAX_BRANCHES} times`);
  };
  more(report);
  // A first run that fails is refused as it is: its other sides are not looked at.
  if (!failed) {
    const queue: Job[] = [];
    const found = (plan: number[], r: TaintReport, after: number) => {
      for (const s of r.splits) if (s.ordinal >= after) queue.push({ plan: plan.filter((o) => o < s.ordinal), start: s.points, after: s.ordinal, branch: s });
      r.branches.forEach((b, o) => {
        if (o >= after) queue.push({ plan: [...plan, o], start: b.pin, after: o + 1, branch: b });
      });
    };
    found([], report, 0);
    const budget = GAS_BUDGET * gasOf(first.sim);
    let [spent, flips, splits] = [0n, 0, 0];
    while (queue.length > 0) {
      const job = queue[0]!;
      const split = 'points' in job.branch;
      // Every landing point's own run at most once, whatever the branches on the time and number; the rest by count and gas.
      if (split ? splits >= landing.points - 1 : flips >= MAX_PATHS || spent > budget) {
        unbounded.push(`it branches on the block in more ways than Vigil explores (${paths.length} explored, ${queue.length} left)`);
        break;
      }
      queue.shift();
      judged |= job.branch.sources;
      const run = new TaintRun(landing, new Set(job.plan), job.start);
      const sim = await simulate(run);
      if (split) splits++;
      else {
        flips++;
        spent += gasOf(sim);
      }
      const r = run.report();
      const own = holder === undefined ? [] : landingPoints(sim, holder, r, unbounded);
      const pointsOnly = split && new Set(own.flatMap((p) => (p.where.point !== undefined ? [p.where.point] : []))).size === r.pin.length;
      paths.push({ branch: { ...(split ? splitJson(job.branch as Split, r.pin) : branchJson(job.branch as Branch)), ...(pointsOnly ? { pointsOnly: true as const } : {}) }, simulation: json(sim) });
      points.push(...own.map((p) => ({ ...p, path: paths.length - 1 })));
      unbounded.push(...r.unbounded);
      more(r);
      found(job.plan, r, job.after);
    }
  }
  if (holder !== undefined) points.unshift(...landingPoints(first.sim, holder, report, unbounded));
  for (const t of [...(first.sim.holdingTaints?.before ?? []), ...(first.sim.holdingTaints?.after ?? [])]) if (t !== undefined && points.length > 0) judged |= t.src;
  for (const e of report.ether.values()) judged |= e.src;
  if (unbounded.length > 0) judged |= report.read;
  // Read by the first run (GAS only where it reached something judged), or by a branch another side took.
  const reads = sourcesOf((report.read & ~bit('gas')) | judged);
  return { reads, range: rangeJson(landing), unbounded: [...new Set(unbounded)], paths, points };
}

function gasOf(sim: BlocksSimulation): bigint {
  return sim.blocks.flat().reduce((sum, c) => sum + c.gasUsed, 0n);
}

function rangeJson(l: Landing): RangeJson {
  return {
    slots: l.points - 1,
    first: { number: bigIntToHex(l.number.values[0]!), timestamp: bigIntToHex(l.timestamp.values[0]!) },
    last: { number: bigIntToHex(l.number.values.at(-1)!), timestamp: bigIntToHex(l.timestamp.values.at(-1)!) },
  };
}

function branchJson(b: Branch): BranchJson {
  return { code: b.code, pc: b.pc, taken: b.taken, reads: sourcesOf(b.sources) };
}

/** A split's run: the points it followed to its end (the split's, less those split off again). */
function splitJson(s: Split, pin: readonly number[]): BranchJson {
  return { code: s.code, pc: s.pc, taken: s.taken, reads: sourcesOf(s.sources), where: whereOfPoints(s.dom, pin) };
}

/** The landing points `pin` (sorted) of `dom`, as one place in the range. */
function whereOfPoints(dom: Domain, pin: readonly number[]): WhereJson {
  const first = pin[0]!;
  const last = pin.at(-1)!;
  const contiguous = pin.length === last - first + 1;
  if (contiguous && last === dom.values.length - 1) return whereOf(dom, first);
  return { ...whereOf(dom, first), last: bigIntToHex(dom.values[last]!), ...(contiguous ? {} : { count: pin.length }) };
}

function whereOf(dom: Domain, index: number): WhereJson {
  return { source: dom.source, value: bigIntToHex(dom.values[index]!), ...(dom.kind === 'points' ? { point: index } : {}) };
}

/**
 * The user's holdings and native balance at each landing point (or end) where a value of the range
 * moves them; what moves them by a value no one knows is unbounded.
 */
function landingPoints(sim: BlocksSimulation, holder: string, report: TaintReport, unbounded: string[]): LandingJson<unknown>['points'] {
  const h = sim.holdings;
  const taints = sim.holdingTaints;
  const ether = report.ether.get(holder);
  const doms = new Set<Domain>();
  const bounded = (t: Taint | undefined, what: string): boolean => {
    if (t === undefined) return true;
    if (t.dom === undefined || t.vals === undefined) {
      unbounded.push(`what you hold of ${what} after it depends on the block's ${sourcesOf(t.src).join(', ')}`);
      return false;
    }
    doms.add(t.dom);
    return true;
  };
  const read = h?.read ?? [];
  const ok = read.map((r, i) => bounded(taints?.before[i], r.token) && bounded(taints?.after[i], r.token));
  if (ether !== undefined) {
    if (ether.dom === undefined || ether.deltas === undefined) unbounded.push(`the ether you hold after it depends on the block's ${sourcesOf(ether.src).join(', ')}`);
    else doms.add(ether.dom);
  }
  const out: LandingJson<unknown>['points'] = [];
  const native = sim.balances.find((b) => b.address === holder);
  // Of the landing points, only those this run followed: the others took another path.
  const followed = new Set(report.pin);
  for (const dom of doms) {
    for (let j = 0; j < dom.values.length; j++) {
      if (dom.kind === 'points' && !followed.has(j)) continue;
      const at = (t: Taint | undefined, v: string | undefined) => (t?.dom === dom && t.vals !== undefined ? t.vals[j]! : v === undefined ? undefined : BigInt(v));
      let moved = false;
      const holdings: HoldingsJson | undefined =
        h === undefined
          ? undefined
          : {
              ...h,
              read: read.map((r, i) => {
                if (!ok[i]) return r;
                const before = at(taints?.before[i], r.before);
                const after = at(taints?.after[i], r.after);
                const hex = (v: bigint) => (r.standard === 'erc721' ? '0x' + v.toString(16).padStart(40, '0') : bigIntToHex(v));
                const next = { ...r, ...(before !== undefined ? { before: hex(before) } : {}), ...(after !== undefined ? { after: hex(after) } : {}) };
                if (next.before !== r.before || next.after !== r.after) moved = true;
                return next;
              }),
            };
      let balances: { address: string; before: string; after: string }[] | undefined;
      if (ether?.dom === dom && ether.deltas !== undefined && ether.deltas[j] !== 0n) {
        moved = true;
        const before = native?.before ?? 0n;
        const after = (native?.after ?? before) + ether.deltas[j]!;
        balances = [...sim.balances.filter((b) => b.address !== holder), { address: holder, before, after }].map((b) => ({ address: b.address, before: bigIntToHex(b.before), after: bigIntToHex(b.after) }));
      }
      if (!moved) continue;
      out.push({ where: whereOf(dom, j), ...(holdings !== undefined ? { holdings } : {}), ...(balances !== undefined ? { balances } : {}) });
    }
  }
  return out;
}

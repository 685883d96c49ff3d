/**
 * What a transaction does over the blocks it can land in (./landing.ts), from one followed run
 * (./taint.ts) and, only where the block decides a branch, runs that take the other side:
 * - each branch the first run took on a value of the landing block is run the other way, and the
 *   branches those runs meet after it too, breadth first, at most {@link MAX_PATHS} runs and
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
import { type Branch, type TaintReport, TaintRun } from './taint-run.ts';
import { bit, sourcesOf, type Taint } from './taint-values.ts';

/** At most this many runs take the other side of a branch. */
export const MAX_PATHS = 8;
/** Together they spend at most this many times the first run's gas. */
export const GAS_BUDGET = 3n;

/** Where on the landing range a value is: a source's value (0x-hex) at a point of its range, or at one of its ends. */
export interface WhereJson {
  source: Source;
  value: string;
  point?: number;
}

export interface BranchJson {
  /** The code's address and the JUMPI's offset. */
  code: string;
  pc: number;
  taken: boolean;
  reads: Source[];
  /** From this landing point on (a known value of its source) it goes the other way. */
  otherFrom?: WhereJson;
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
  /** The other side of each branch the block decides, run. */
  paths: { branch: BranchJson; simulation: S }[];
  /** What the user holds after it where the landing point moves it: the holdings and native balances there. */
  points: { where: WhereJson; holdings?: HoldingsJson; balances?: { address: string; before: string; after: string }[] }[];
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
  const failed = first.sim.blocks.flat().some((c) => c.status !== 'success');
  if (report.moreBranches) unbounded.push(`it branches on the block more than ${report.branches.length} times`);
  // A first run that fails is refused as it is: its other sides are not looked at.
  if (!failed) {
    const queue: { plan: number[]; branch: Branch }[] = report.branches.map((branch, k) => ({ plan: [k], branch }));
    const budget = GAS_BUDGET * gasOf(first.sim);
    let spent = 0n;
    while (queue.length > 0) {
      if (paths.length >= MAX_PATHS || spent > budget) {
        unbounded.push(`it branches on the block in more ways than Vigil explores (${paths.length} explored, ${queue.length} left)`);
        break;
      }
      const { plan, branch } = queue.shift()!;
      judged |= branch.sources;
      const run = new TaintRun(landing, new Set(plan));
      const sim = await simulate(run);
      spent += gasOf(sim);
      paths.push({ branch: branchJson(branch), simulation: json(sim) });
      const more = run.report();
      unbounded.push(...more.unbounded);
      const last = plan.at(-1)!;
      more.branches.forEach((b, o) => {
        if (o > last) queue.push({ plan: [...plan, o], branch: b });
      });
      if (more.moreBranches) unbounded.push(`it branches on the block more than ${more.branches.length} times`);
    }
  }
  const points = holder === undefined ? [] : landingPoints(first.sim, holder, report, unbounded);
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
  return {
    code: b.code,
    pc: b.pc,
    taken: b.taken,
    reads: sourcesOf(b.sources),
    ...(b.otherFrom !== undefined ? { otherFrom: { source: b.otherFrom.source, value: bigIntToHex(b.otherFrom.value), point: b.otherFrom.point } } : {}),
  };
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
  for (const dom of doms) {
    for (let j = 0; j < dom.values.length; j++) {
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

/**
 * Sampling a batch's blobs from the user's beacon APIs (issue 54): columns chosen at random with
 * randomness the endpoints cannot predict, asked of every endpoint in turn (spread over them; a
 * column one does not serve is asked of another), each served cell checked with its KZG proof
 * against the commitment proven through the verified beacon block (verify_cell_kzg_proof_batch).
 * Before Fulu the whole blobs of the blob sidecars are fetched and each is checked with
 * verify_blob_kzg_proof.
 *
 * An endpoint whose cell (or proof, or blob) does not verify is demoted: nothing it served
 * counts, it is asked nothing more in this sampling, its columns are asked elsewhere, and
 * {@link EndpointDemotions} keeps it demoted for a while so that later samplings ask it last.
 * So is one whose answer contradicts the tie (a VerificationError from ./endpoints.ts: sidecars of
 * another block than the proven root, other commitments than the proven ones, fewer of them, a
 * sidecar that breaks its own checks): its error is recorded with its code, and the demotion is
 * the same one. An endpoint that cannot be reached or answers what cannot be read is not lying:
 * its error is recorded and it stays in rank.
 * Missing cells are never called unavailable: what no endpoint served makes the verdict
 * `partial` or `unsampled`, in words that say so.
 *
 * Pure over its deps: the endpoints, the KZG checks (the worker pool in the extension), the random
 * source (crypto.getRandomValues) and the clock are passed in.
 * @module
 */
import { VerificationError, VigilError } from '../../core/errors.ts';
import type { DataAvailability, EndpointSample } from '../../l2/data/availability.ts';
import type { BlobEndpoint, BlobKzg, ProvenBlobs, ServedBlob, ServedColumn } from './types.ts';

/** Columns of an extended blob (EIP-7594 NUMBER_OF_COLUMNS). */
export const NUMBER_OF_COLUMNS = 128;
/** Columns sampled per batch unless told otherwise: a withholder serving half the columns passes 16 random asks with odds 2^-16. */
export const DEFAULT_SAMPLE_COLUMNS = 16;
/** How long a demoted endpoint is asked last (seconds). */
export const DEMOTION_SECONDS = 3600;

export interface SamplingDeps extends BlobKzg {
  /** The user's beacon APIs, in the user's order. */
  endpoints: readonly BlobEndpoint[];
  /** Fills `values` with random numbers the endpoints cannot predict: crypto.getRandomValues (tests fix it). */
  random(values: Uint32Array<ArrayBuffer>): Uint32Array;
  /** Unix seconds. */
  now(): number;
  /** Columns to sample (default 16, at most 128). */
  columns?: number;
  /** Endpoints demoted by earlier samplings, asked last; this sampling's demotions are added. */
  demotions?: EndpointDemotions;
}

/**
 * Endpoints whose served data did not verify, kept demoted for {@link DEMOTION_SECONDS}: later
 * samplings ask them last. Time is passed in.
 */
export class EndpointDemotions {
  private readonly until = new Map<string, number>();

  constructor(private readonly seconds = DEMOTION_SECONDS) {}

  demote(url: string, now: number): void {
    this.until.set(url, now + this.seconds);
  }

  isDemoted(url: string, now: number): boolean {
    const until = this.until.get(url);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(url);
    return false;
  }

  /** `items` with the demoted ones last, each group in its given order. */
  order<T extends { url: string }>(items: readonly T[], now: number): T[] {
    return [...items.filter((e) => !this.isDemoted(e.url, now)), ...items.filter((e) => this.isDemoted(e.url, now))];
  }
}

/**
 * `count` distinct columns of 128, uniformly at random from `random` (rejection sampling: no
 * modulo bias), in the order drawn.
 * @example chooseColumns(16, (v) => crypto.getRandomValues(v))
 */
export function chooseColumns(count: number, random: (values: Uint32Array<ArrayBuffer>) => Uint32Array, total = NUMBER_OF_COLUMNS): number[] {
  if (!Number.isInteger(count) || count < 1 || count > total) throw new RangeError(`"count" expected an integer in 1..${total}, got ${count}`);
  // A partial Fisher–Yates shuffle.
  const pool = Array.from({ length: total }, (_, i) => i);
  const word = new Uint32Array(1);
  for (let i = 0; i < count; i++) {
    const span = total - i;
    const limit = Math.floor(0x1_0000_0000 / span) * span;
    let r: number;
    do r = random(word)[0]!;
    while (r >= limit);
    const j = i + (r % span);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

interface Tally extends EndpointSample {
  index: number;
  /** Demoted by an earlier sampling: asked only for what no other endpoint serves. */
  last: boolean;
}

/**
 * Samples `blobs` as the module says: Fulu on, random columns' cells; before Fulu, whole blobs.
 * Never throws for what endpoints do (an error, a lie, silence): that is in the result's
 * endpoints and words.
 * @example await sampleBlobs(proven, { endpoints, verifyCells, verifyBlob, random: (v) => crypto.getRandomValues(v), now })
 */
export async function sampleBlobs(blobs: ProvenBlobs, deps: SamplingDeps): Promise<DataAvailability> {
  const now = deps.now();
  const demotions = deps.demotions ?? new EndpointDemotions();
  const ordered = demotions.order(deps.endpoints, now);
  const tallies: Tally[] = ordered.map((e, index) => ({ index, last: demotions.isDemoted(e.url, now), url: e.url, asked: 0, served: 0, verified: 0, bad: 0, demoted: false }));
  const base = { slot: blobs.slot, beaconRoot: blobs.beaconRoot, blobs: blobs.blobs.length, checkedAt: now };
  if (blobs.blobs.length === 0) {
    return { ...base, status: 'unsampled', columns: { asked: 0, verified: 0, total: NUMBER_OF_COLUMNS }, endpoints: [], words: 'could not be sampled: the transaction carries no blobs' };
  }
  // The one demotion, for a cell that did not verify and for an answer that contradicts the tie:
  // nothing it served counts, later samplings ask it last.
  const demote = (t: Tally) => {
    t.demoted = true;
    t.verified = 0;
    demotions.demote(t.url, now);
  };
  const result = blobs.fork === 'deneb' || blobs.fork === 'electra'
    ? await sampleWholeBlobs(blobs, ordered, tallies, deps, demote)
    : await sampleColumns(blobs, ordered, tallies, deps, demote);
  const endpoints = tallies.map(({ index: _, last, ...t }) => ({ ...t, ...(last && !t.demoted ? { askedLast: true } : {}) }));
  return { ...base, ...result, endpoints, words: availabilityWords(blobs, result, endpoints) };
}

type Outcome = Pick<DataAvailability, 'status' | 'columns'> & { unit: 'column' | 'blob'; askedUnits: number; verifiedUnits: number };

/** Fulu on: random columns, spread over the endpoints; what one does not serve is asked of the next. */
async function sampleColumns(blobs: ProvenBlobs, endpoints: readonly BlobEndpoint[], tallies: Tally[], deps: SamplingDeps, demote: (t: Tally) => void): Promise<Outcome> {
  const wanted = chooseColumns(deps.columns ?? DEFAULT_SAMPLE_COLUMNS, deps.random);
  const tried = new Map<number, Set<number>>(wanted.map((c) => [c, new Set()]));
  /** Column → the endpoint whose cells of it verified. */
  const verifiedBy = new Map<number, number>();
  for (let round = 0; ; round++) {
    // Nothing a demoted endpoint served counts, what it served before included: asked again elsewhere.
    for (const [column, index] of verifiedBy) if (tallies[index]!.demoted) verifiedBy.delete(column);
    const pending = wanted.filter((c) => !verifiedBy.has(c));
    // Each pending column to an endpoint not yet asked for it and not demoted now, spread over them.
    const asks = new Map<number, number[]>();
    pending.forEach((column, i) => {
      const open = tallies.filter((t) => !t.demoted && !tried.get(column)!.has(t.index));
      const preferred = open.filter((t) => !t.last);
      const candidates = preferred.length > 0 ? preferred : open;
      if (candidates.length === 0) return;
      const t = candidates[(i + round) % candidates.length]!;
      tried.get(column)!.add(t.index);
      asks.set(t.index, [...(asks.get(t.index) ?? []), column]);
    });
    if (asks.size === 0) break;
    await Promise.all([...asks].map(async ([index, columns]) => {
      const tally = tallies[index]!;
      tally.asked += columns.length;
      let served: ServedColumn[];
      try {
        served = await endpoints[index]!.columns(blobs, columns);
      } catch (err) {
        refused(tally, err, demote);
        return;
      }
      // Only the columns asked, each once.
      const asked = new Set(columns);
      const mine = served.filter((s) => asked.delete(s.column));
      tally.served += mine.length;
      if (mine.length === 0) return;
      const bad = await badColumns(blobs, mine, deps);
      if (bad > 0) {
        tally.bad += bad;
        demote(tally);
        return;
      }
      tally.verified += mine.length;
      for (const s of mine) verifiedBy.set(s.column, index);
    }));
  }
  const n = verifiedBy.size;
  const status = n === 0 ? 'unsampled' : n === wanted.length ? 'verified' : 'partial';
  return { status, columns: { asked: wanted.length, verified: n, total: NUMBER_OF_COLUMNS }, unit: 'column', askedUnits: wanted.length, verifiedUnits: n };
}

/** How many of the served columns have a cell that does not verify (0: all verify, one batch check). */
async function badColumns(blobs: ProvenBlobs, served: ServedColumn[], deps: SamplingDeps): Promise<number> {
  if (await verifyColumns(blobs, served, deps)) return 0;
  // Which ones, for the endpoint's record: each on its own.
  let bad = 0;
  for (const s of served) if (!(await verifyColumns(blobs, [s], deps))) bad++;
  return Math.max(bad, 1);
}

/** One verify_cell_kzg_proof_batch over every cell of `served`; malformed cells (a wrong count or size, a point off the curve) do not verify. */
async function verifyColumns(blobs: ProvenBlobs, served: ServedColumn[], deps: SamplingDeps): Promise<boolean> {
  const commitments: Uint8Array[] = [];
  const indices: number[] = [];
  const cells: Uint8Array[] = [];
  const proofs: Uint8Array[] = [];
  for (const s of served) {
    if (s.cells.length !== blobs.blobs.length || s.proofs.length !== blobs.blobs.length) return false;
    blobs.blobs.forEach((b, i) => {
      commitments.push(b.commitment);
      indices.push(s.column);
      cells.push(s.cells[i]!);
      proofs.push(s.proofs[i]!);
    });
  }
  try {
    return await deps.verifyCells(commitments, indices, cells, proofs);
  } catch (err) {
    if (err instanceof VigilError && (err.name === 'InputError' || err.code === 'KZG_INVALID_INPUT')) return false;
    throw err;
  }
}

/** Before Fulu: the whole blobs, from the first endpoint that serves them; what it does not serve (or serves wrong) from the next. */
async function sampleWholeBlobs(blobs: ProvenBlobs, endpoints: readonly BlobEndpoint[], tallies: Tally[], deps: SamplingDeps, demote: (t: Tally) => void): Promise<Outcome> {
  const total = blobs.blobs.length;
  const verified = new Set<number>();
  for (const tally of tallies) {
    if (verified.size === total) break;
    const wanted = new Set(blobs.blobs.map((_, i) => i).filter((i) => !verified.has(i)));
    tally.asked += wanted.size;
    let served: ServedBlob[];
    try {
      served = await endpoints[tally.index]!.wholeBlobs(blobs);
    } catch (err) {
      refused(tally, err, demote);
      continue;
    }
    const mine = served.filter((s) => wanted.delete(s.blob));
    tally.served += mine.length;
    const good: number[] = [];
    for (const s of mine) {
      if (await verifyWholeBlob(blobs, s, deps)) good.push(s.blob);
      else tally.bad++;
    }
    if (tally.bad > 0) {
      demote(tally);
      continue;
    }
    tally.verified += good.length;
    for (const b of good) verified.add(b);
  }
  const n = verified.size;
  const status = n === 0 ? 'unsampled' : n === total ? 'verified' : 'partial';
  // Whole blobs count as every column (DataAvailability.columns).
  return { status, columns: { asked: NUMBER_OF_COLUMNS, verified: n === total ? NUMBER_OF_COLUMNS : 0, total: NUMBER_OF_COLUMNS }, unit: 'blob', askedUnits: total, verifiedUnits: n };
}

async function verifyWholeBlob(blobs: ProvenBlobs, served: ServedBlob, deps: SamplingDeps): Promise<boolean> {
  try {
    return await deps.verifyBlob(served.data, blobs.blobs[served.blob]!.commitment, served.proof);
  } catch (err) {
    if (err instanceof VigilError && (err.name === 'InputError' || err.code === 'KZG_INVALID_INPUT')) return false;
    throw err;
  }
}

/**
 * An ask that threw: its error recorded on the endpoint's tally; an answer that contradicts the
 * tie (a VerificationError) demotes it as a cell that does not verify does.
 */
function refused(tally: Tally, err: unknown, demote: (t: Tally) => void): void {
  tally.error = errorOf(err);
  if (err instanceof VerificationError) demote(tally);
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof VigilError) return { code: String(err.code), message: err.shortMessage };
  return { code: 'UNKNOWN', message: err instanceof Error ? err.message : String(err) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why `e` was demoted: a cell (or blob) that did not verify, else the answer's refusal by code. */
function demotedWhy(e: EndpointSample, unit: Outcome['unit']): string {
  if (e.bad > 0 || e.error === undefined) return `${unit === 'blob' ? 'a blob' : 'a cell'} it served did not verify`;
  switch (e.error.code) {
    case 'BLOB_TIE_ROOT_MISMATCH':
      return `it served sidecars of another block than the proven one (BLOB_TIE_ROOT_MISMATCH)`;
    case 'BLOB_TIE_COMMITMENTS_MISMATCH':
      return `it served other commitments than the proven ones (BLOB_TIE_COMMITMENTS_MISMATCH)`;
    default:
      return `what it served did not verify (${e.error.code})`;
  }
}

/** The card's words, from the facts. */
export function availabilityWords(blobs: Pick<ProvenBlobs, 'slot'>, o: Outcome, endpoints: readonly EndpointSample[]): string {
  const from = endpoints.filter((e) => !e.demoted && e.verified > 0).length;
  const demoted = endpoints.filter((e) => e.demoted);
  // Each demoted endpoint under the reason it was demoted for, the reasons in the endpoints' order.
  const reasons = new Map<string, string[]>();
  for (const e of demoted) {
    const why = demotedWhy(e, o.unit);
    reasons.set(why, [...(reasons.get(why) ?? []), e.url]);
  }
  const liars = [...reasons].map(([why, urls]) => `; ${urls.join(', ')} demoted: ${why}`).join('');
  const sampled = o.unit === 'column' ? `${o.verifiedUnits} of ${NUMBER_OF_COLUMNS} columns sampled` : `${plural(o.verifiedUnits, 'blob')} fetched whole`;
  switch (o.status) {
    case 'verified':
      return `${sampled} from ${plural(from, 'endpoint')}, all verified, at slot ${blobs.slot}${liars}`;
    case 'partial': {
      const missing = o.askedUnits - o.verifiedUnits;
      return `partial: ${o.verifiedUnits} of ${o.askedUnits} ${o.unit}s asked verified from ${plural(from, 'endpoint')} at slot ${blobs.slot}; ${plural(missing, o.unit)} served by no endpoint (not proven unavailable)${liars}`;
    }
    default: {
      const why = endpoints.length === 0
        ? 'no beacon endpoint to ask'
        : demoted.length > 0 && endpoints.every((e) => e.demoted || e.served === 0)
          ? `what the endpoints served did not verify`
          : endpoints.every((e) => e.error !== undefined)
            ? `no endpoint answered (${endpoints.map((e) => e.error!.code).filter((c, i, all) => all.indexOf(c) === i).join(', ')})`
            : `the endpoints served no ${o.unit}s`;
      return `could not be sampled: ${why}${liars}`;
    }
  }
}

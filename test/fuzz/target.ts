/**
 * What a fuzz target is: valid seeds, one mutation at a time, and the oracles that judge Vigil's
 * answer. A target is a small file under ./targets: `load` builds its seeds (and references) once,
 * `run` mutates one seed with the given generator, runs Vigil and the reference, and says what
 * came (the verdict), which mutation it was, and whether an oracle found it wrong.
 *
 * The oracles every target applies (./oracles.ts):
 * - no uncaught exception: Vigil answers a value or throws a VigilError (a typed code);
 * - never accepts what the reference rejects, and where both accept, the same value;
 * - where Vigil refuses what the reference accepts, the class is one the target lists in
 *   `stricter` with why (FUZZ.md prints them); an unlisted class is a wrong verdict.
 */
import type { Rng } from './rng.ts';

export interface Outcome {
  /** 'accepted', or the typed error's code ('UNTYPED' when the error was not a VigilError). */
  verdict: string;
  /** The mutation's family (e.g. 'bit-flip', 'rlp:swap-items', 'field-delete'). */
  op: string;
  /** What an oracle found wrong, in words; absent when every oracle held. */
  wrong?: string;
  /** Vigil refused what the reference accepted: the class, a key of the target's `stricter`. */
  stricter?: string;
  /** The mutated input, for `--verbose` replays of wrong verdicts (JSON-able; bytes as hex). */
  input?: unknown;
}

export interface LoadOptions {
  slice: boolean;
}

export interface FuzzTarget<Ctx = any> {
  /** Short, stable (the mutation stream is derived from it). */
  readonly name: string;
  /** What is mutated and which Vigil function judges it. */
  readonly subject: string;
  /** The reference (or, where none exists, the oracle) the verdicts are checked against. */
  readonly reference: string;
  /** Where the valid seeds come from (fixtures, builders). */
  readonly seeds: string;
  /** Mutations in `npm test`'s fixed-seed slice (default 300; fewer where one takes tens of ms). */
  readonly slice?: number;
  /** Each class of input Vigil refuses and the reference accepts, with why. */
  readonly stricter?: Readonly<Record<string, string>>;
  /**
   * Builds the seeds (each checked valid by Vigil and the reference) and the references, once.
   * `slice`: the unit-test slice, where a reference that takes seconds per call is run only
   * where a verdict depends on it (an acceptance), never on a sample of refusals.
   */
  load(options: LoadOptions): Promise<Ctx>;
  /** One mutation, run and judged. */
  run(ctx: Ctx, rng: Rng): Promise<Outcome> | Outcome;
  /** Releases what `load` started (a server), when it started anything. */
  close?(ctx: Ctx): Promise<void>;
}

export function defineTarget<Ctx>(target: FuzzTarget<Ctx>): FuzzTarget<Ctx> {
  return target;
}

/**
 * How far an L2 root can be trusted, strongest first: the tier every L2 value carries (the popup,
 * `vigil_getVerifiedBalance`, `vigil l2-balance`).
 *
 * - `reverified`: a validity proof of the step that produced the root re-verified here, against a
 *   pinned key and proof-system release, its public inputs rebuilt from proven L1 data. It counts
 *   as "validity proof re-verified here" only when every step back to a pinned anchor, or the
 *   config's last N steps, was; otherwise "latest step re-verified" with the count.
 * - `l1-verifier`: L1's verifier accepted a proof that is not re-verified here (no native
 *   verifier, an untrusted release, the proof not found).
 * - `tee`: only trusted hardware attested it.
 * - `optimistic-open` / `optimistic-final`: proposed without a proof; a challenge may undo it until
 *   `until`, and after that it is final.
 * - `sequencer`: only the sequencer's word.
 * @module
 */

export type RootTier = 'reverified' | 'l1-verifier' | 'tee' | 'optimistic-open' | 'optimistic-final' | 'sequencer';

/** Strongest first. */
export const ROOT_TIERS: readonly RootTier[] = ['reverified', 'l1-verifier', 'tee', 'optimistic-open', 'optimistic-final', 'sequencer'];

/** A root's tier, with what the re-verification used. */
export interface TierVerdict {
  tier: RootTier;
  /** `reverified`: the steps back from the root re-verified here (contiguous, newest first), how many the config wants, and whether they reach a pinned anchor. */
  steps?: { verified: number; wanted: number; anchored: boolean };
  /** `reverified` / `l1-verifier`: the proof system (e.g. `sp1-plonk`), its release, and the program key the proof was checked against. */
  system?: string;
  release?: string;
  keyId?: string;
  /** `optimistic-open`: until when (seconds) a challenge may still undo it; null when not known yet. */
  until?: number | null;
  /** Why it is not higher, in words (e.g. "proof of output 41 not found on the L1 RPC"). */
  reason?: string;
}

/** Whether a `reverified` root counts as "validity proof re-verified here" (every step back to an anchor, or the last N). */
export function fullyReverified(v: TierVerdict): boolean {
  return v.tier === 'reverified' && v.steps !== undefined && (v.steps.anchored || v.steps.verified >= v.steps.wanted);
}

/**
 * The tier in the words the wallet shows.
 * @example tierWords({ tier: 'reverified', steps: { verified: 1, wanted: 4, anchored: false } }) // 'latest step re-verified here (1 of 4)'
 */
export function tierWords(v: TierVerdict, formatTime: (seconds: number) => string = isoTime): string {
  switch (v.tier) {
    case 'reverified':
      if (fullyReverified(v)) return 'validity proof re-verified here';
      return `latest step re-verified here (${v.steps?.verified ?? 1} of ${v.steps?.wanted ?? '?'})`;
    case 'l1-verifier':
      return "accepted by L1's verifier, not re-verified";
    case 'tee':
      return 'TEE only';
    case 'optimistic-open':
      return v.until === null || v.until === undefined ? 'optimistic, challenge window open' : `optimistic, challenge window open until ${formatTime(v.until)}`;
    case 'optimistic-final':
      return 'optimistic, finalized';
    case 'sequencer':
      return 'sequencer only';
  }
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** A tier as views and pages get it: the verdict, its words, and whether it counts as fully re-verified here. */
export interface TierJson extends TierVerdict {
  words: string;
  fullyReverified: boolean;
}

export function tierJson(v: TierVerdict): TierJson {
  return { ...v, words: tierWords(v), fullyReverified: fullyReverified(v) };
}

/** An optimistic root's tier from its L1 status: open while a challenge may undo it. */
export function optimisticTier(status: 'finalized' | 'claimed', until: number | null): TierVerdict {
  return status === 'finalized' ? { tier: 'optimistic-final' } : { tier: 'optimistic-open', until };
}

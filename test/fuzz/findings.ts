/**
 * The bugs the campaign found, each fixed in src with a regression test beside its module:
 * printed in bench/FUZZ.md. Kept by hand (a finding is a change to src, not a count).
 */
export interface Finding {
  target: string;
  /** What was wrong, in a sentence or two. */
  bug: string;
  /** The src file(s) changed. */
  fix: string;
  /** The regression test. */
  test: string;
}

export const FINDINGS: readonly Finding[] = [];

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

export const FINDINGS: readonly Finding[] = [
  {
    target: 'provider-methods',
    bug: 'A page\'s block number "0x" (hex, but no digits; as a tag or `{ blockNumber }`) reached hexToBigInt in resolveBlock; its InputError was mapped to -32099 "Vigil could not verify the answer" with data.code INVALID_INPUT, and recorded as a verification failure of the servers. Now -32602.',
    fix: 'src/provider/handler.ts (resolveBlock reads the number through blockNumberParam)',
    test: 'test/unit/provider/handler.test.ts "reads a page\'s malformed block number as the page\'s mistake (-32602)…"',
  },
];

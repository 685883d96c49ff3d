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
  {
    target: 'fflonk-proof',
    bug: 'An FFLONK proof document with an extra entry in `polynomials` that is no point (`{"curve": null}`), or an `evaluations.inv` that is no number, verified in Vigil (it reads only the entries it uses) while snarkjs, which converts every entry, refuses the document: Vigil accepted what the reference rejects. Every entry of both maps is now read for its form.',
    fix: 'src/zk/fflonk.ts (parseFflonkProof), src/zk/README.md',
    test: 'test/unit/zk/snarkjs.test.ts "FFLONK: every polynomial and evaluation the document holds must be of its form…"',
  },
  {
    target: 'abi',
    bug: 'decodeAbi accepted an offset pointing into the head of its own sequence: one zero word decoded as `bytes` to the empty string (its offset 0 pointing at itself, read again as the length), which viem refuses; more generally a tail could alias head words, so one answer decoded from many byte strings. An offset below the head\'s size is now ABI_MALFORMED.',
    fix: 'src/execution/abi.ts (decodeSequence, decodeOne)',
    test: 'test/unit/execution/abi.test.ts "decoding refuses malformed data…" (tails inside the head)',
  },
  {
    target: 'exit-scroll',
    bug: 'Scroll\'s claim step took the bridge API\'s word for which message is the exit\'s own when the L2 receipt gave no nonce: an API that put the exit\'s L2 transaction hash on an older withdrawal of the same owner and amount, already relayed on L1, moved the exit to `done` (the funds never claimed, the user told it was over). Now the exit is done on an executed message only when the L2 receipt\'s SentMessage names its nonce; otherwise it waits.',
    fix: 'src/l2/scroll/exit.ts (advanceClaim)',
    test: 'test/unit/l2/scroll/exit.test.ts "is done only on its own message…" (the lying API case)',
  },
  {
    target: 'exit-scroll',
    bug: 'A bridge-API entry with a negative nonce or batch index (BigInt reads "-5") passed the hint reader and made advance throw InputError ("key expected a uint256") at every head, instead of being skipped as a malformed entry.',
    fix: 'src/l2/scroll/exit.ts (claimsFromApi)',
    test: 'test/unit/l2/scroll/exit.test.ts "refuses lying hints…" (the negative nonce and batch)',
  },
  {
    target: 'transfer-logs',
    bug: 'effects.ts read a TransferBatch whose values array runs past the data (its last word cut short) as a movement with an undefined amount: the bound on an array\'s length forgot the length word itself. And a batch whose data is no whole number of words (an offset 32 bytes in, 100 bytes of data) threw an untyped RangeError out of decodeEffects (found writing the target): any contract could emit either naming the user and stop or corrupt a transfer scan. Both are now no transfer (unknown).',
    fix: 'src/execution/effects.ts (readBatch)',
    test: 'test/unit/execution/effects.test.ts "keeps a known topic in the wrong shape as unknown…" (the two batches); test/unit/wallet/transfers/decode.test.ts "a log whose shape does not fit its topic is no transfer"',
  },
];

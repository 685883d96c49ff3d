/**
 * RLP (src/core/rlp.ts decodeRlp) against @ethereumjs/rlp: whole blocks of the execution-apis
 * test chain, raw headers, transactions and receipts, and mainnet trie nodes, mutated as bytes
 * and as RLP trees (non-canonical headers deep inside a well-framed input included).
 */
import { RLP } from '@ethereumjs/rlp';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../../../src/core/rlp.ts';
import { fixture, fixtureBytes, io, splitRlp } from '../../unit/execution/helpers.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { againstReference, attempt, sameValue } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

/** Vigil's refusals the reference does not share, by Vigil's code. */
const STRICTER: Record<string, string> = {
  RLP_TRUNCATED: 'An empty input: @ethereumjs/rlp decodes it to the empty string; no RLP item is zero bytes long, so Vigil calls it truncated.',
  RLP_TOO_DEEP: 'Lists nested past 32 levels (4 for trie nodes, 1 for an account): nothing Vigil reads nests deeper, and the bound keeps recursion far from the stack limit.',
};

export function rlpSeeds(): Uint8Array[] {
  const blocks = splitRlp(fixtureBytes('execution-apis/chain.rlp'));
  const raw = (path: string): string[] => [io(path).response.result].flat();
  return [
    ...blocks,
    ...raw('debug_getRawHeader/get-block-n.io').map((h) => hexToBytes(h)),
    ...raw('debug_getRawTransaction/get-tx.io').map((h) => hexToBytes(h)),
    ...raw('debug_getRawReceipts/get-block-n.io').map((h) => hexToBytes(h)),
    ...(fixture('mainnet-proofs/proof.json').accountProof as string[]).map((h) => hexToBytes(h)),
    encodeRlp([]),
    encodeRlp(new Uint8Array(0)),
    encodeRlp(new Uint8Array(56).fill(0x80)),
  ];
}

export const rlpTarget = defineTarget({
  name: 'rlp',
  subject: 'decodeRlp of whole blocks, headers, transactions, receipts and trie nodes',
  reference: '@ethereumjs/rlp decode; a decoded item must also encode back to the same bytes',
  seeds: 'execution-apis chain.rlp (54 blocks), debug_getRaw* answers, mainnet account-proof nodes',
  stricter: STRICTER,
  async load() {
    const seeds = rlpSeeds().filter((s) => s.length > 0);
    for (const s of seeds) {
      if (!sameValue(decodeRlp(s), RLP.decode(s))) throw new Error('an RLP seed decodes differently in the reference');
    }
    return seeds;
  },
  run(seeds: Uint8Array[], rng): Outcome {
    const seed = rng.pick(seeds);
    const m = rng.chance(0.6) ? mutateRlp(rng, seed, { donors: seeds }) : mutateBytes(rng, seed, { donors: seeds });
    const ours = attempt(() => decodeRlp(m.value));
    const out = againstReference(m.op, ours, attemptReference(m.value));
    // What decodes must be the canonical encoding of what it decodes to.
    if (ours.ok && !out.wrong && !sameValue(encodeRlp(ours.value as RlpItem), m.value)) return { ...out, wrong: 'a decoded item does not encode back to its input (not canonical)' };
    return out;
  },
});

function attemptReference(input: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: RLP.decode(input) };
  } catch {
    return { ok: false };
  }
}

/**
 * A price feed's round (src/wallet/prices/feed-round.ts): latestRoundData()'s return data decoded
 * by decodeRound and judged by judgeRound at a head's time, against viem's decodeAbiParameters of
 * (uint80,int256,uint256,uint256,uint80) and the rules restated here (docs.chain.link "Selecting
 * quality data feeds"): a positive answer, a round updated at a time after zero and not after the
 * head, answered in its own round, within the heartbeat. Seeds sit on each rule's boundary; their
 * encodings are mutated (words set to boundary values, bytes flipped, cut, extended).
 */
import { decodeAbiParameters, parseAbiParameters } from 'viem';
import { encodeAbi } from '../../../src/execution/abi.ts';
import { decodeRound, judgeRound } from '../../../src/wallet/prices/feed-round.ts';
import type { PriceFeed } from '../../../src/wallet/prices/types.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';

const TYPES = 'uint80,int256,uint256,uint256,uint80';
const HEAD = 1_800_000_000;
const FEED: PriceFeed = { chainId: 1, address: '0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419', pair: 'ETH/USD', oracle: 'Chainlink', base: 'native', quote: 'USD', heartbeat: 3600, source: 'fuzz' };
const AT = { blockNumber: 1n, blockHash: '0x' + '00'.repeat(32), blockTimestamp: HEAD };

/** What a judgement says, for both sides to be compared on. */
type Said = { ok: true; answer: bigint; roundId: bigint; updatedAt: number } | { ok: false; reason: string };

/** The rules, restated from Chainlink's page (not from feed-round.ts). */
function reference(round: readonly [bigint, bigint, bigint, bigint, bigint]): Said {
  const [roundId, answer, , updatedAt, answeredInRound] = round;
  if (answer <= 0n) return { ok: false, reason: 'non-positive' };
  if (updatedAt === 0n || updatedAt > BigInt(HEAD) || answeredInRound < roundId) return { ok: false, reason: 'incomplete' };
  if (BigInt(HEAD) - updatedAt > BigInt(FEED.heartbeat)) return { ok: false, reason: 'stale' };
  return { ok: true, answer, roundId, updatedAt: Number(updatedAt) };
}

function ours(data: Uint8Array): Said {
  const r = judgeRound(FEED, decodeRound(bytesToHex(data)), 8, AT);
  return r.ok ? { ok: true, answer: r.answer, roundId: r.roundId, updatedAt: r.updatedAt } : { ok: false, reason: r.reason };
}

export const priceRoundTarget = defineTarget({
  name: 'price-round',
  subject: "decodeRound and judgeRound of a feed's latestRoundData() answer at a head",
  reference: "viem decodeAbiParameters, then Chainlink's rules restated: same acceptance, same judgement",
  seeds: 'encodeAbi of rounds on each rule\'s boundary (answer 0/1/-1/int256 bounds, updatedAt 0/head/head+1/head-heartbeat(-1), answeredInRound one below)',
  stricter: {
    ABI_MALFORMED:
      "Encodings Solidity never writes and viem decodes anyway: a roundId or answeredInRound (uint80) with bits set above its 80 (viem reads the whole word, so one round would decode from many answers; Solidity's abi.decode reverts), as the abi target's ABI_MALFORMED.",
  },
  async load() {
    const seeds: Uint8Array[] = [];
    const id = 18_446_744_073_709_552_000n;
    for (const answer of [301_200_000_000n, 1n, 0n, -1n, 2n ** 255n - 1n, -(2n ** 255n)]) {
      for (const updatedAt of [HEAD - 240, HEAD, HEAD + 1, HEAD - 3600, HEAD - 3601, 0]) {
        for (const answeredIn of [id, id - 1n]) seeds.push(encodeAbi(TYPES.split(','), [id, answer, BigInt(updatedAt), BigInt(updatedAt), answeredIn]));
      }
    }
    return seeds;
  },
  run(seeds: Uint8Array[], rng): Outcome {
    const m = mutateBytes(rng, rng.pick(seeds), { donors: seeds });
    let theirs: Reference<Said>;
    try {
      theirs = { ok: true, value: reference(decodeAbiParameters(parseAbiParameters(TYPES), m.value) as unknown as [bigint, bigint, bigint, bigint, bigint]) };
    } catch {
      theirs = { ok: false };
    }
    return { ...againstReference(m.op, attempt(() => ours(m.value)), theirs), input: { data: m.value } };
  },
});

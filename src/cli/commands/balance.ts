/**
 * `vigil balance`: syncs the light client until it has a verified head at or after the moment
 * of the request (or, with `--block finalized`, the newest finalized head), then proves the
 * account's balance against that head's state root and prints it with its provenance, and its
 * value in USD by the network's ETH/USD feed read by verified eth_call at the same head
 * (src/client/wallet/prices.ts): Chainlink's on a network Vigil ships, `--price-feed` on another.
 * @module
 */
import { parseArgs } from 'node:util';
import { getVerifiedAccount } from '../../client/verified/reads.ts';
import { pricesFor, readPrice } from '../../client/wallet/prices.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { looksLikeName } from '../../wallet/ens/looks-like-name.ts';
import { MAX_FEED_HEARTBEAT } from '../../client/network/own-network.ts';
import type { PriceFeed, PriceReading } from '../../wallet/prices/types.ts';
import { usdText, valueCents } from '../../wallet/prices/value.ts';
import { errorLine } from '../io.ts';
import { addressOrName, nameHelp, nameJson, nameOptions, nameUsage } from '../names.ts';
import { sessionCalls } from '../session-calls.ts';
import { type HeadSession, headHelp, headOptions, headUsage, openHeadSession, provenanceJson } from '../verified-head.ts';

export const usage = `vigil balance ${headUsage}
              [--block latest|finalized] ${nameUsage}
              [--price-feed <address> [--price-heartbeat <seconds>]] <address|name>
  Proves the balance with eth_getProof against the verified head's execution state root.
${headHelp}
${nameHelp}
  Its value in USD: the network's ETH/USD feed (Chainlink's on mainnet and sepolia; on another
  network --price-feed, e.g. the devnet's ready object's priceFeeds[0].address, with its heartbeat,
  3600 s unless --price-heartbeat) read by verified eth_call (decimals(), latestRoundData()) at the
  same head. The feed's own honesty is not proven: Vigil proves only that the chain says it.
  Prints {"address","balance","value","blockNumber","blockHash","stateRoot","beaconSlot","beaconRoot","finalized",
  "signedBy","thinlySigned"} (balance in wei as minimal hex; signedBy: {"participants","committeeSize"}
  of the sync aggregate that signed the head; thinlySigned: fewer than two thirds of the committee).
  value: {"usd" (rounded down to the cent),"feed":{"pair","address","roundId","answer","decimals",
  "updatedAt"},"blockNumber"}, or {"unavailable":"stale"|"non-positive"|"incomplete"|"unreadable",
  "message","feed":{"pair","address"},"blockNumber"} (no value is shown from such a round); no
  "value" on a network without a feed. Several --beacon-api / --execution-rpc fail over. Without
  --data-dir the light-client state is kept in memory only. Exit 1 with the error code when a
  proof or an update does not verify, or no verified head comes within --timeout (STALE_HEAD).`;

export async function balanceCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...headOptions, ...nameOptions, block: { type: 'string' }, 'price-feed': { type: 'string' }, 'price-heartbeat': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <address>' : `unexpected argument ${positionals[1]}`);
  const given = positionals[0]!;
  // An address is checked before any sync; a name is resolved at the head the balance is proven at.
  if (!looksLikeName(given)) bytesToHex(hexToBytes(given, 20, 'address'));
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized') throw new InputError(`--block expected latest or finalized, got ${block}`);
  const givenFeed = priceFeedFlags(values['price-feed'], values['price-heartbeat']);
  const session = await openHeadSession(values, block);
  try {
    const { address, name } = await addressOrName(session, values, given);
    const { account } = await getVerifiedAccount({
      rpc: session.rpc,
      head: session.head,
      address,
      finalized: session.finalized,
      onRejected: (err: VigilError, endpoint) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`),
    });
    const value = await etherValue(session, account.balance, givenFeed);
    out(JSON.stringify({ address, ...nameJson(name), balance: bigIntToHex(account.balance), ...(value === undefined ? {} : { value }), ...provenanceJson(session) }));
    return 0;
  } finally {
    session.close();
  }
}

type GivenFeed = Pick<PriceFeed, 'address' | 'heartbeat'> | undefined;

/** --price-feed and --price-heartbeat, checked before any sync. @throws InputError */
function priceFeedFlags(address: string | undefined, heartbeat: string | undefined): GivenFeed {
  if (address === undefined) {
    if (heartbeat !== undefined) throw new InputError('--price-heartbeat goes with --price-feed');
    return undefined;
  }
  const seconds = heartbeat === undefined ? 3600 : Number(heartbeat);
  if (!/^\d+$/.test(heartbeat ?? '3600') || seconds < 1 || seconds > MAX_FEED_HEARTBEAT) throw new InputError(`--price-heartbeat expected whole seconds from 1 to ${MAX_FEED_HEARTBEAT}, got ${heartbeat}`);
  return { address: bytesToHex(hexToBytes(address, 20, '--price-feed')), heartbeat: seconds };
}

/**
 * The balance's value by the network's ETH/USD feed at the session's head, or undefined when it
 * has none. A proof that does not verify throws (the command fails as for the balance's own).
 */
async function etherValue(session: HeadSession, balance: bigint, given: GivenFeed): Promise<Record<string, unknown> | undefined> {
  const calls = sessionCalls(session);
  const chainId = Number(calls.head.env.chainId);
  const feed: PriceFeed | undefined =
    given !== undefined
      ? { chainId, address: given.address, pair: 'ETH/USD', oracle: 'The feed given (--price-feed)', base: 'native', quote: 'USD', heartbeat: given.heartbeat, source: '--price-feed' }
      : pricesFor(chainId).native;
  if (feed === undefined) return undefined;
  return valueJson(await readPrice(calls, calls.head, feed), balance);
}

function valueJson(r: PriceReading, balance: bigint): Record<string, unknown> {
  const blockNumber = Number(r.blockNumber);
  if (!r.ok) return { unavailable: r.reason, message: r.message, feed: { pair: r.feed.pair, address: r.feed.address }, blockNumber };
  return {
    usd: usdText(valueCents(r, balance, 18)),
    feed: { pair: r.feed.pair, address: r.feed.address, roundId: r.roundId.toString(), answer: r.answer.toString(), decimals: r.decimals, updatedAt: r.updatedAt },
    blockNumber,
  };
}

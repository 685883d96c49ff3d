/**
 * Transfers read from proven logs: the token movements src/execution/effects.ts reads (ERC-20 and
 * ERC-721 Transfer, ERC-1155 TransferSingle and TransferBatch, WETH's Deposit and Withdrawal) and
 * EIP-7708's ether logs (from Amsterdam on, emitted by the system address {@link EIP7708_EMITTER}:
 * a Transfer-shaped LOG3 for every value move, and a LOG2 `Burn(address,uint256)` for ether
 * destroyed). One code path reads a token log (effects.ts decodeEffects); this module adds the
 * ether logs and the logs' places. A log whose shape does not fit its topic is no transfer: it
 * yields nothing, it never throws. Pure.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { eventTopic } from '../../execution/abi.ts';
import { decodeEffects, EFFECT_TOPICS, EIP7708_EMITTER, ZERO_ADDRESS } from '../../execution/effects.ts';
import type { LogPosition } from '../../execution/logs.ts';
import type { Log } from '../../proofs/receipts.ts';
import type { ProvenTransfer, TransferFound } from './types.ts';

/** EIP-7708's topic for ether burned (a self-destructed account's balance): `Burn(address,uint256)`, from {@link EIP7708_EMITTER}. */
export const EIP7708_BURN_TOPIC = eventTopic('Burn(address,uint256)');

/** A log with its place in the chain, every field 0x-hex (as proven receipts and their verified block give them). */
export interface PlacedLog {
  address: string;
  topics: readonly string[];
  data: string;
  block: bigint;
  blockHash: string;
  transactionHash: string;
  transactionIndex: number;
  /** The log's index in its block. */
  logIndex: number;
  /** The block's timestamp (seconds). */
  timestamp: number;
}

/** A proven log (src/proofs/receipts.ts) at its verified place, as {@link transfersOfLogs} reads it. */
export function placedLog(log: Log, at: LogPosition): PlacedLog {
  return {
    address: bytesToHex(log.address),
    topics: log.topics.map(bytesToHex),
    data: bytesToHex(log.data),
    block: at.blockNumber,
    blockHash: bytesToHex(at.blockHash),
    transactionHash: bytesToHex(at.transactionHash),
    transactionIndex: at.transactionIndex,
    logIndex: at.logIndex,
    timestamp: Number(at.blockTimestamp),
  };
}

/**
 * The movements in `logs` to or from one of `accounts`, in the logs' order (an ERC-1155 batch
 * gives one per id, all at its log's index). Addresses lower-case; a mint's `from` and a burn's
 * `to` are the zero address; an ERC-721 moves `amount` 1 of `tokenId`.
 * @param found how the logs were found (the caller knows: a bloom scan or an endpoint's logs)
 * @example transfersOfLogs(logs, ['0xa1…'], 'bloom-scan')
 */
export function transfersOfLogs(logs: readonly PlacedLog[], accounts: readonly string[], found: TransferFound): ProvenTransfer[] {
  const mine = new Set(accounts.map((a) => a.toLowerCase()));
  const out: ProvenTransfer[] = [];
  const tokenLogs: PlacedLog[] = [];
  const push = (log: PlacedLog, t: Pick<ProvenTransfer, 'asset' | 'standard' | 'from' | 'to' | 'amount'> & { tokenId?: bigint | undefined }) => {
    if (!mine.has(t.from) && !mine.has(t.to)) return;
    out.push({
      asset: t.asset,
      standard: t.standard,
      from: t.from,
      to: t.to,
      amount: t.amount,
      ...(t.tokenId !== undefined ? { tokenId: t.tokenId } : {}),
      block: log.block,
      blockHash: log.blockHash.toLowerCase(),
      transactionHash: log.transactionHash.toLowerCase(),
      transactionIndex: log.transactionIndex,
      logIndex: log.logIndex,
      timestamp: log.timestamp,
      found,
    });
  };
  // Token logs go through effects.ts in one call, in order; ether logs are read here as they come.
  const flush = () => {
    for (const m of decodeEffects(tokenLogs).movements) {
      const log = tokenLogs[m.logIndex]!;
      push(log, { asset: m.token, standard: m.standard, from: m.from, to: m.to, amount: m.standard === 'erc721' ? 1n : m.amount!, tokenId: m.tokenId });
    }
    tokenLogs.length = 0;
  };
  for (const log of logs) {
    if (!wellFormed(log)) continue;
    if (log.address.toLowerCase() !== EIP7708_EMITTER) {
      tokenLogs.push(log);
      continue;
    }
    flush();
    const ether = etherMove(log);
    if (ether !== undefined) push(log, { asset: 'native', standard: 'native', ...ether });
  }
  flush();
  return out;
}

/** An EIP-7708 log's move: a Transfer (LOG3, 32-byte amount) or a Burn (LOG2) to the zero address; undefined for any other shape. */
function etherMove(log: PlacedLog): { from: string; to: string; amount: bigint } | undefined {
  const topics = log.topics.map((t) => t.toLowerCase());
  if (log.data.length !== 2 + 64 || !topics.slice(1).every(isAddressTopic)) return undefined;
  const amount = BigInt(log.data);
  if (topics.length === 3 && topics[0] === EFFECT_TOPICS.transfer) return { from: topicAddress(topics[1]!), to: topicAddress(topics[2]!), amount };
  if (topics.length === 2 && topics[0] === EIP7708_BURN_TOPIC) return { from: topicAddress(topics[1]!), to: ZERO_ADDRESS, amount };
  return undefined;
}

/** Hex where hex belongs, at most 4 topics: anything else is no log a node could have proven (and effects.ts would throw on it). */
function wellFormed(log: PlacedLog): boolean {
  return (
    typeof log.address === 'string' &&
    /^0x[0-9a-fA-F]{40}$/.test(log.address) &&
    Array.isArray(log.topics) &&
    log.topics.length <= 4 &&
    log.topics.every((t) => typeof t === 'string' && /^0x[0-9a-fA-F]{64}$/.test(t)) &&
    typeof log.data === 'string' &&
    /^0x(?:[0-9a-fA-F]{2})*$/.test(log.data)
  );
}

const isAddressTopic = (topic: string): boolean => /^0x0{24}[0-9a-f]{40}$/.test(topic);
const topicAddress = (topic: string): string => `0x${topic.slice(26)}`;

/**
 * `vigil receipt <txhash>`: the transaction's receipt, proven through its block (all the
 * block's receipts rebuild the receiptsRoot of a header linked by parent hashes to a head the
 * light client verified), with every derived field computed, not copied.
 * @module
 */
import { parseArgs } from 'node:util';
import { blobBaseFeeOn, VerifiedChain } from '../../client/verified/chain.ts';
import { VerifiedHeaders } from '../../client/verified/headers.ts';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, type HeadSession, openHeadSession } from '../verified-head.ts';

export const usage = `vigil receipt ${headUsage}
              [--block latest|finalized] [--max-walk <blocks>] <txhash>
  Proves the receipt through its block: the block's header is linked by parent hashes to the
  verified head (at most --max-walk blocks below it, default 8192), its transactions rebuild
  transactionsRoot and its receipts receiptsRoot; gasUsed, effectiveGasPrice, from,
  contractAddress and the logs' positions are derived from verified data.
${headHelp}
  Prints {"receipt":{…as eth_getTransactionReceipt…},"head":{"blockNumber","blockHash",
  "beaconSlot","beaconRoot","finalized"}}. When no endpoint shows a receipt (pending, unknown,
  or hidden: absence cannot be proven) prints {"receipt":null,…} and exits 1, as for anything
  that does not verify (exit 2: unusable input or no endpoint).`;

export async function receiptCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...headOptions, block: { type: 'string' }, 'max-walk': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <txhash>' : `unexpected argument ${positionals[1]}`);
  const hash = hexToBytes(positionals[0], 32, 'txhash');
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized') throw new InputError(`--block expected latest or finalized, got ${block}`);
  const maxWalk = positiveInteger(values['max-walk'], '--max-walk', 8192);
  const session = await openHeadSession(values, block);
  try {
    const receipt = await verifiedChain(session, { maxWalk }).getTransactionReceipt(hash);
    out(JSON.stringify({ receipt, head: headJson(session) }));
    if (receipt !== null) return EXIT_OK;
    session.warn(`no endpoint showed a receipt for ${bytesToHex(hash)}: pending, unknown, or hidden (Vigil cannot prove absence)`);
    return EXIT_UNVERIFIED;
  } finally {
    session.close();
  }
}

/** The chain client of a CLI session; refused answers are reported on stderr. */
export function verifiedChain(session: HeadSession, options: { maxWalk?: number; maxLogRange?: number } = {}): VerifiedChain {
  const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
  const headers = new VerifiedHeaders({ rpc: session.rpc, anchors: session.anchors, onRejected, ...(options.maxWalk ? { maxWalk: options.maxWalk } : {}) });
  return new VerifiedChain({
    rpc: session.rpc,
    headers,
    onRejected,
    blobBaseFee: blobBaseFeeOn(session.config),
    ...(options.maxLogRange ? { maxLogRange: options.maxLogRange } : {}),
  });
}

/** The head everything printed was proven against. */
export function headJson(session: HeadSession) {
  return {
    blockNumber: Number(session.head.execution.blockNumber),
    blockHash: bytesToHex(session.head.execution.blockHash),
    beaconSlot: Number(session.head.slot),
    beaconRoot: bytesToHex(session.head.root),
    finalized: session.finalized,
  };
}

export function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`${flag} expected a positive integer, got ${value}`);
  return n;
}

/**
 * `vigil activity`: what came in and went out of an account, proven (issue 56). The transfers of
 * ether (EIP-7708 logs, from Amsterdam) and tokens in a block range, each a log of receipts proven
 * against a header linked to the verified head (src/client/wallet/transfers/scan.ts), then per
 * asset the proven balance change set against them (src/client/wallet/transfers/reconcile.ts):
 * where the endpoints' logs left something out, or a balance moved without a log, it is said.
 * @module
 */
import { parseArgs } from 'node:util';
import { findOwnTransactions } from '../../client/wallet/transfers/own-transactions.ts';
import { type BalanceReader, type LocatedOwnTransaction, reconcileTransfers, verifiedBalanceReader } from '../../client/wallet/transfers/reconcile.ts';
import { scanTransfers } from '../../client/wallet/transfers/scan.ts';
import type { VerifiedChain } from '../../client/verified/chain.ts';
import { verifiedNonceReader } from '../../client/verified/nonce-use.ts';
import { getVerifiedAccountAt } from '../../client/verified/reads.ts';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import { TransportError } from '../../rpc/errors.ts';
import { looksLikeName } from '../../wallet/ens/looks-like-name.ts';
import type { AssetReconciliation, ProvenTransfer, TransferFound } from '../../wallet/transfers/types.ts';
import { EXIT_OK, errorLine } from '../io.ts';
import { addressOrName, nameHelp, nameJson, nameOptions, nameUsage } from '../names.ts';
import { headHelp, headOptions, headUsage, type HeadSession, openHeadSession } from '../verified-head.ts';
import { headJson, positiveInteger, verifiedChain } from './receipt.ts';

export const usage = `vigil activity ${headUsage}
              [--from-block <n>] [--to-block <n>] [--bloom-window <blocks>] [--token <address>]…
              ${nameUsage} <address|name>
  The account's transfers of ether (EIP-7708 logs, from Amsterdam on) and of ERC-20, ERC-721 and
  ERC-1155 tokens in blocks --from-block..--to-block (default: the last 1024 blocks up to the
  verified head), each read from receipts proven against a header linked to the verified head.
  The newest --bloom-window blocks (default 1024) are scanned by their verified blooms: nothing
  can be left out there, and an endpoint that withholds receipts is an error, never a shorter
  list. Older blocks come from the endpoints' eth_getLogs, each named block proven; then, per
  asset, the balance proven before and after the range is set against the transfers, and what
  they do not explain is said ("transfers not reported: X unexplained between blocks A and B").
  --token names an ERC-20 (or ERC-721) to reconcile even when no transfer of it is seen.
${headHelp}
${nameHelp}
  Prints one JSON line per transfer: {"asset" (address or "native"),"standard","from","to",
  "amount","tokenId"?,"block","logIndex","transactionHash","proof":{"receiptsRoot","header",
  "found"}} (amounts and ids as decimal strings in base units), then {"reconciliation":[{"asset",
  "standard","tokenId"?,"change","explained","unexplained","fromBlock","toBlock","coverage",
  "because"?,"reach"?}…],"demoted":[…],"unanswered":[…],"head":{…}}. Exit 1 when an answer does
  not verify or receipts are withheld, 2 for unusable input or no endpoint.`;

export async function activityCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...headOptions, ...nameOptions, 'from-block': { type: 'string' }, 'to-block': { type: 'string' }, 'bloom-window': { type: 'string' }, token: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <address|name>' : `unexpected argument ${positionals[1]}`);
  const given = positionals[0]!;
  // An address is checked before any sync; a name is resolved at the verified head.
  if (!looksLikeName(given)) hexToBytes(given, 20, 'address');
  const from = blockNumberArg(values['from-block'], '--from-block');
  const to = blockNumberArg(values['to-block'], '--to-block');
  if (from !== undefined && from < 1n) throw new InputError('--from-block expected at least 1 (balances are proven after the block before it)');
  if (from !== undefined && to !== undefined && from > to) throw new InputError(`--from-block ${from} is after --to-block ${to}`);
  const bloomWindow = positiveInteger(values['bloom-window'], '--bloom-window', 1024);
  const assets = (values.token ?? []).flatMap((t) => t.split(',')).filter((t) => t !== '').map((t) => ({ asset: bytesToHex(hexToBytes(t, 20, '--token')), standard: 'erc20' as const }));
  const session = await openHeadSession(values, 'latest');
  try {
    const { address, name } = await addressOrName(session, values, given);
    const head = session.head.execution.blockNumber;
    const toBlock = to ?? head;
    if (toBlock > head) throw new InputError(`--to-block ${toBlock} is newer than the verified head (${head})`);
    // Balances are proven after fromBlock − 1: the range starts at block 1 at the earliest (the genesis holds no transfer).
    const fromBlock = from ?? (toBlock > 1024n ? toBlock - 1023n : 1n);
    if (fromBlock > toBlock) throw new InputError(`--from-block ${fromBlock} is after --to-block ${toBlock}`);
    const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
    const chain = verifiedChain(session, { maxWalk: Number(head - fromBlock) + 2 > 8192 ? Number(head - fromBlock) + 2 : 8192 });
    const scan = await scanTransfers({ chain, rpc: session.rpc, onRejected }, { accounts: [address], fromBlock, toBlock, bloomWindow });
    for (const t of scan.transfers) out(JSON.stringify(await transferJson(chain, t, head)));
    const reader = verifiedBalanceReader({ headers: chain.headers, rpc: session.rpc, config: session.config, executor: new ExecutionEngine(), onRejected });
    const ownTransactions = await ownTransactionsOf(session, chain, reader, address, fromBlock, toBlock);
    // What no endpoint answered is reconciled too: with no transfers known there, any change is unexplained.
    const ranges = withUnanswered(scan.ranges, scan.unanswered);
    const reconciliation = await reconcileTransfers({ reader }, { account: address, fromBlock, toBlock, transfers: scan.transfers, ranges, assets, ownTransactions });
    out(
      JSON.stringify({
        address,
        ...nameJson(name),
        reconciliation: reconciliation.map(reconciliationJson),
        demoted: scan.demoted,
        unanswered: scan.unanswered.map((r) => ({ fromBlock: Number(r.fromBlock), toBlock: Number(r.toBlock) })),
        head: headJson(session),
      }),
    );
    return EXIT_OK;
  } finally {
    session.close();
  }
}

/** A transfer as printed: decimal strings for amounts and ids, and how it was proven. */
async function transferJson(chain: VerifiedChain, t: ProvenTransfer, head: bigint): Promise<Record<string, unknown>> {
  const { header } = await chain.headers.byNumber(t.block);
  return {
    asset: t.asset,
    standard: t.standard,
    from: t.from,
    to: t.to,
    amount: t.amount.toString(),
    ...(t.tokenId !== undefined ? { tokenId: t.tokenId.toString() } : {}),
    block: Number(t.block),
    logIndex: t.logIndex,
    transactionHash: t.transactionHash,
    proof: { receiptsRoot: bytesToHex(header.receiptsRoot), blockHash: t.blockHash, header: `linked to verified head ${head}`, found: t.found },
  };
}

function reconciliationJson(r: AssetReconciliation): Record<string, unknown> {
  return {
    asset: r.asset,
    standard: r.standard,
    ...(r.tokenId !== undefined ? { tokenId: r.tokenId.toString() } : {}),
    ...(r.change !== undefined ? { change: r.change.toString() } : {}),
    explained: r.explained.toString(),
    ...(r.unexplained !== undefined ? { unexplained: r.unexplained.toString() } : {}),
    fromBlock: Number(r.fromBlock),
    toBlock: Number(r.toBlock),
    coverage: r.coverage,
    ...(r.because !== undefined ? { because: r.because } : {}),
    ...(r.reach !== undefined ? { reach: Number(r.reach) } : {}),
  };
}

type Range = { fromBlock: bigint; toBlock: bigint; found: TransferFound };

/** The scan's ranges with the parts no endpoint answered added as endpoint-logs parts, ascending. */
function withUnanswered(ranges: readonly Range[], unanswered: readonly { fromBlock: bigint; toBlock: bigint }[]): Range[] {
  const overlaps = (u: { fromBlock: bigint; toBlock: bigint }) => ranges.some((r) => r.fromBlock <= u.toBlock && u.fromBlock <= r.toBlock);
  const extra = unanswered.filter((u) => !overlaps(u)).map((u) => ({ fromBlock: u.fromBlock, toBlock: u.toBlock, found: 'endpoint-logs' as const }));
  return [...ranges, ...extra].sort((a, b) => (a.fromBlock < b.fromBlock ? -1 : a.fromBlock > b.fromBlock ? 1 : 0));
}

/**
 * The account's own transactions in the range, found by its proven nonce change; none when the
 * state before the range is not served (the reconciliation then says so itself).
 */
async function ownTransactionsOf(session: HeadSession, chain: VerifiedChain, reader: BalanceReader, account: string, fromBlock: bigint, toBlock: bigint): Promise<LocatedOwnTransaction[]> {
  let before: bigint;
  let after: bigint;
  try {
    [before, after] = await Promise.all([reader.accountAt(account, fromBlock - 1n).then((a) => a.nonce), reader.accountAt(account, toBlock).then((a) => a.nonce)]);
  } catch (err) {
    if (err instanceof TransportError) return [];
    throw err;
  }
  if (after === before) return [];
  const prove = async (address: string, at: { blockNumber: bigint; stateRoot: Uint8Array }) => (await getVerifiedAccountAt({ rpc: session.rpc, block: at, address })).nonce;
  return findOwnTransactions({ nonces: verifiedNonceReader(chain, prove), chain }, { account, fromBlock, toBlock, nonceBefore: before, nonceAfter: after });
}

function blockNumberArg(value: string | undefined, flag: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return BigInt(value);
  if (/^0x[0-9a-fA-F]{1,16}$/.test(value)) return BigInt(value);
  throw new InputError(`${flag} expected a block number, got ${value.slice(0, 80)}`);
}

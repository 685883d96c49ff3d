/**
 * What the token dApp reads, written as any viem dApp writes it: an ERC-20's balance, decimals
 * and symbol (readContract), blocks, a transaction and its receipt, Transfer logs (getLogs,
 * getContractEvents, parseEventLogs), a transfer simulated (one that reverts with the token's
 * custom error, one that succeeds) and a transfer's gas estimate.
 *
 * The page runs it on `custom(window.ethereum)` (through Vigil); the e2e test runs the very
 * same code on `http(nodeRpc)` (the node itself) pinned at the block the page read, and the two
 * answers must be equal. Every step's answer is plain JSON (bigints as decimal strings), or the
 * error viem threw, with the EIP-1193 error under it.
 * @module
 */
import { BaseError, ContractFunctionRevertedError, parseAbi, parseEventLogs, type PublicClient } from 'viem';

export const TOKEN_ABI = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
  'function transfer(address to, uint256 value) returns (bool)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'error InsufficientBalance(address account, uint256 balance, uint256 needed)',
]);

const TRANSFER = TOKEN_ABI.find((item) => item.type === 'event' && item.name === 'Transfer')!;

type Hex = `0x${string}`;

export interface TokenReadParams {
  token: Hex;
  /** A dev account holding the token (it sent a transfer while the devnet was seeded). */
  holder: Hex;
  /** Another dev account (the recipient of the simulated and estimated transfers). */
  other: Hex;
  /** The demo contracts' blocks: logs are read over [deployedAt, seededAt]. */
  deployedAt: number;
  seededAt: number;
  /** The seeding transaction that reverted (status 0). */
  revertedTx: Hex;
}

/** An RPC error as a dApp sees it: viem's error, and the EIP-1193 error the provider threw. */
export interface StepError {
  name: string;
  shortMessage: string;
  rpc?: { code: number; message: string; data?: unknown };
  /** For a reverted call: what viem decoded from the revert data. */
  revert?: { errorName?: string; args?: unknown; signature?: string };
}

export type Step = { ok: true; value: unknown } | { ok: false; error: StepError };

export type TokenReads = Record<string, Step>;

/**
 * @param at a block number to pin every read at (the node's side of the comparison); without it,
 *   the reads are at `latest`, as a dApp makes them.
 */
export async function tokenReads(client: PublicClient, p: TokenReadParams, at?: bigint, timings?: Record<string, number>): Promise<TokenReads> {
  const pin = at === undefined ? {} : { blockNumber: at };
  const token = { address: p.token, abi: TOKEN_ABI } as const;
  const out: TokenReads = {};
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    const started = performance.now();
    try {
      const value = await run();
      out[name] = { ok: true, value: plain(value) };
      return value;
    } catch (err) {
      out[name] = { ok: false, error: describeError(err) };
      return undefined;
    } finally {
      if (timings) timings[name] = Math.round(performance.now() - started);
    }
  };
  const UNIT = 10n ** 18n;

  await step('balanceOf', () => client.readContract({ ...token, functionName: 'balanceOf', args: [p.holder], ...pin }));
  await step('decimals', () => client.readContract({ ...token, functionName: 'decimals', ...pin }));
  await step('symbol', () => client.readContract({ ...token, functionName: 'symbol', ...pin }));
  await step('latestBlock', () => client.getBlock(pin));
  const seeded = await step('seededBlock', () => client.getBlock({ blockNumber: BigInt(p.seededAt), includeTransactions: true }));
  const range = { fromBlock: BigInt(p.deployedAt), toBlock: BigInt(p.seededAt) };
  await step('transferLogs', () => client.getLogs({ address: p.token, event: TRANSFER, ...range }));
  const sent = await step('holderTransfers', () => client.getContractEvents({ ...token, eventName: 'Transfer', args: { from: p.holder }, ...range }));
  // The holder's transfer during seeding: its transaction and its receipt (found through the logs).
  const hash = sent?.find((log) => log.blockNumber !== null && log.blockNumber > BigInt(p.deployedAt))?.transactionHash ?? undefined;
  if (hash === undefined) out.transaction = out.receipt = { ok: false, error: { name: 'NotFound', shortMessage: 'no transfer from the holder after deployment' } };
  else {
    await step('transaction', () => client.getTransaction({ hash }));
    const receipt = await step('receipt', () => client.getTransactionReceipt({ hash }));
    if (receipt) await step('receiptEvents', async () => parseEventLogs({ abi: TOKEN_ABI, logs: receipt.logs }));
  }
  await step('revertedReceipt', () => client.getTransactionReceipt({ hash: p.revertedTx }));
  // The seeded block's transactions, each through its receipt (the block's own list, from getBlock).
  if (seeded) await step('seededReceiptStatuses', () => Promise.all(seeded.transactions.map(async (tx) => (await client.getTransactionReceipt({ hash: tx.hash })).status)));
  // More than anyone holds: the token reverts with InsufficientBalance(account, balance, needed).
  await step('simulateRevert', () => client.simulateContract({ ...token, functionName: 'transfer', args: [p.holder, 10n ** 30n], account: p.other, ...pin }));
  await step('simulateTransfer', async () => (await client.simulateContract({ ...token, functionName: 'transfer', args: [p.other, UNIT], account: p.holder, ...pin })).result);
  await step('estimateTransfer', () => client.estimateContractGas({ ...token, functionName: 'transfer', args: [p.other, UNIT], account: p.holder, ...pin }));
  return out;
}

/** One balance, as the lie checks read it. */
export async function readBalance(client: PublicClient, token: Hex, holder: Hex): Promise<Step> {
  return run(() => client.readContract({ address: token, abi: TOKEN_ABI, functionName: 'balanceOf', args: [holder] }));
}

/** Transfer logs and one receipt, as the lie checks read them. */
export async function readTransfers(client: PublicClient, token: Hex, fromBlock: bigint, toBlock: bigint): Promise<Step> {
  return run(() => client.getContractEvents({ address: token, abi: TOKEN_ABI, eventName: 'Transfer', fromBlock, toBlock }));
}

export async function readReceipt(client: PublicClient, hash: Hex): Promise<Step> {
  return run(() => client.getTransactionReceipt({ hash }));
}

async function run(fn: () => Promise<unknown>): Promise<Step> {
  try {
    return { ok: true, value: plain(await fn()) };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

/** viem's error, the provider's EIP-1193 error under it (the innermost with a numeric code), the decoded revert. */
export function describeError(err: unknown): StepError {
  const e = err as { name?: string; shortMessage?: string; message?: string };
  const out: StepError = { name: String(e?.name ?? 'Error'), shortMessage: String(e?.shortMessage ?? e?.message ?? err) };
  let rpc: { code: number; message?: string; data?: unknown } | undefined;
  for (let c: any = err, depth = 0; c && depth < 12; c = c.cause, depth++) {
    if (typeof c.code === 'number' && !(c instanceof BaseError)) rpc = c;
  }
  if (rpc) out.rpc = { code: rpc.code, message: String(rpc.message), ...(rpc.data !== undefined ? { data: plain(rpc.data) } : {}) };
  if (err instanceof BaseError) {
    const reverted = err.walk((c) => c instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (reverted) {
      out.revert = {
        ...(reverted.data?.errorName !== undefined ? { errorName: reverted.data.errorName } : {}),
        ...(reverted.data?.args !== undefined ? { args: plain(reverted.data.args) } : {}),
        ...(reverted.signature !== undefined ? { signature: reverted.signature } : {}),
      };
    }
  }
  return out;
}

/** JSON-safe: bigints as decimal strings, undefined properties dropped. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null');
}

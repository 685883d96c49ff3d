/**
 * Reconciliation over the verified chain (issue 56): for each range a scan covered and each asset
 * its transfers moved (ether always), the account's balance proven after the block before the
 * range and after its last block, set against the proven transfers (src/wallet/transfers/reconcile.ts
 * does the arithmetic). Ether by account proof at the verified header's state root; ERC-20 and
 * ERC-721 by a verified eth_call of balanceOf(owner), ERC-1155 of balanceOf(owner, id), at that
 * header. A balance at a block whose state no endpoint keeps makes the range `unreconciled`,
 * with how far back state is served (`reach`, found by a bounded bisection).
 * @module
 */
import { bigIntToHex } from '../../../core/bytes.ts';
import { VerificationError, type VigilError } from '../../../core/errors.ts';
import { functionSelector } from '../../../execution/abi.ts';
import type { ChainConfig } from '../../../l1/config.ts';
import { TransportError } from '../../../rpc/errors.ts';
import { type AssetKey, assetId, assetsOf, type OwnTransaction, reconcileAsset } from '../../../wallet/transfers/reconcile.ts';
import type { AssetReconciliation, ProvenTransfer, TransferFound } from '../../../wallet/transfers/types.ts';
import { type CallExecutor, verifiedCall } from '../../verified/call.ts';
import { blockEnvOfHeader, executionForkOfBlock } from '../../verified/execution-env.ts';
import type { ExecutionRpc } from '../../verified/execution-rpc.ts';
import type { VerifiedHeaders } from '../../verified/headers.ts';
import { getVerifiedAccountAt } from '../../verified/reads.ts';

/** Proven reads at canonical verified blocks. Each throws TransportError when no endpoint keeps that block's state. */
export interface BalanceReader {
  /** The account's balance and nonce after `block`. */
  accountAt(account: string, block: bigint): Promise<{ balance: bigint; nonce: bigint }>;
  /** A token's balanceOf after `block`; undefined when the call answers no uint256 (not a token there). */
  tokenBalanceAt(key: AssetKey, account: string, block: bigint): Promise<bigint | undefined>;
  /** Whether EIP-7708 logs ether transfers in `block` (Amsterdam is active there). */
  etherLoggedAt(block: bigint): Promise<boolean>;
}

/** An own transaction of the account, where it is. */
export interface LocatedOwnTransaction extends OwnTransaction {
  block: bigint;
}

export interface ReconcileParams {
  account: string;
  fromBlock: bigint;
  toBlock: bigint;
  transfers: readonly ProvenTransfer[];
  /** The scan's ranges (how each was covered); default the whole range as endpoint logs. */
  ranges?: readonly { fromBlock: bigint; toBlock: bigint; found: TransferFound }[];
  /** Assets to reconcile beyond those the transfers move (followed tokens: one whose every log was left out shows only so). */
  assets?: readonly AssetKey[];
  /** The account's own transactions found in the range (./own-transactions.ts). */
  ownTransactions?: readonly LocatedOwnTransaction[];
}

/** Bisection probes spent looking for the oldest block whose state is served (2^24 blocks' worth). */
const MAX_REACH_PROBES = 24;

const ERC20_BALANCE_OF = functionSelector('balanceOf(address)');
const ERC1155_BALANCE_OF = functionSelector('balanceOf(address,uint256)');

/**
 * One reconciliation per range and asset (ether first), in the ranges' order.
 * @throws VerificationError when an endpoint's proof is a lie no other endpoint corrects
 */
export async function reconcileTransfers(deps: { reader: BalanceReader }, params: ReconcileParams): Promise<AssetReconciliation[]> {
  const account = params.account.toLowerCase();
  const ranges = params.ranges ?? [{ fromBlock: params.fromBlock, toBlock: params.toBlock, found: 'endpoint-logs' as const }];
  const reader = cached(deps.reader);
  const reach = await stateReach(reader, account, params.fromBlock - 1n, params.toBlock);
  const keys = assetsOf(params.transfers);
  for (const key of params.assets ?? []) {
    const k = { ...key, asset: key.asset.toLowerCase() };
    if (!keys.some((seen) => assetId(seen) === assetId(k))) keys.push(k);
  }
  const out: AssetReconciliation[] = [];
  for (const range of ranges) {
    const coverage = range.found === 'bloom-scan' ? 'bloom-scan' : 'reconciled';
    const transfers = params.transfers.filter((t) => t.block >= range.fromBlock && t.block <= range.toBlock);
    const served = reach.all || (reach.from !== undefined && reach.from <= range.fromBlock - 1n);
    const base = { account, fromBlock: range.fromBlock, toBlock: range.toBlock, transfers, coverage } as const;
    const unserved = reach.from !== undefined ? { reach: reach.from } : {};
    for (const key of keys) {
      if (!served) {
        out.push(reconcileAsset({ ...base, key, ...unserved }));
        continue;
      }
      if (key.standard === 'native') {
        const [before, after] = await Promise.all([reader.accountAt(account, range.fromBlock - 1n), reader.accountAt(account, range.toBlock)]);
        const own = (params.ownTransactions ?? []).filter((t) => t.block >= range.fromBlock && t.block <= range.toBlock);
        const etherLogged = await reader.etherLoggedAt(range.fromBlock);
        out.push(reconcileAsset({ ...base, key, before: before.balance, after: after.balance, ownTransactions: own, ownTransactionCount: after.nonce - before.nonce, etherLogged }));
        continue;
      }
      const [before, after] = await Promise.all([tokenBalance(reader, key, account, range.fromBlock - 1n), tokenBalance(reader, key, account, range.toBlock)]);
      if (typeof before === 'bigint' && typeof after === 'bigint') out.push(reconcileAsset({ ...base, key, before, after }));
      else {
        const r = reconcileAsset({ ...base, key, ...unserved });
        const silent = before === 'no-answer' ? range.fromBlock - 1n : after === 'no-answer' ? range.toBlock : undefined;
        out.push(silent === undefined ? r : { ...r, because: `balanceOf answered no uint256 at block ${silent}: its balance cannot be proven` });
      }
    }
  }
  return out;
}

/** A token balance; `unserved` when no endpoint keeps that state, `no-answer` when balanceOf gives no uint256 (a lie still throws). */
async function tokenBalance(reader: BalanceReader, key: AssetKey, account: string, block: bigint): Promise<bigint | 'unserved' | 'no-answer'> {
  try {
    return (await reader.tokenBalanceAt(key, account, block)) ?? 'no-answer';
  } catch (err) {
    if (err instanceof TransportError) return 'unserved';
    throw err;
  }
}

/**
 * How far back account state is served: `all` when at `oldest`; else the oldest block in
 * (oldest, newest] found by bisection (nodes prune from the old end), or none when even `newest`'s
 * state is not served.
 */
async function stateReach(reader: BalanceReader, account: string, oldest: bigint, newest: bigint): Promise<{ all: boolean; from?: bigint }> {
  const served = async (block: bigint) => {
    try {
      await reader.accountAt(account, block);
      return true;
    } catch (err) {
      if (err instanceof TransportError) return false;
      throw err;
    }
  };
  if (await served(oldest)) return { all: true };
  if (!(await served(newest))) return { all: false };
  let lo = oldest;
  let hi = newest;
  for (let probes = 0; hi - lo > 1n && probes < MAX_REACH_PROBES; probes++) {
    const mid = lo + (hi - lo) / 2n;
    if (await served(mid)) hi = mid;
    else lo = mid;
  }
  return { all: false, from: hi };
}

/** The reader with each answer kept (a range's end is the next range's start; the reach search reads the same blocks). */
function cached(reader: BalanceReader): BalanceReader {
  const accounts = new Map<string, Promise<{ balance: bigint; nonce: bigint }>>();
  const tokens = new Map<string, Promise<bigint | undefined>>();
  const keep = <T>(map: Map<string, Promise<T>>, id: string, read: () => Promise<T>) => {
    let p = map.get(id);
    if (p === undefined) map.set(id, (p = read()));
    return p;
  };
  return {
    accountAt: (account, block) => keep(accounts, `${account}@${block}`, () => reader.accountAt(account, block)),
    tokenBalanceAt: (key, account, block) => keep(tokens, `${assetId(key)}:${account}@${block}`, () => reader.tokenBalanceAt(key, account, block)),
    etherLoggedAt: (block) => reader.etherLoggedAt(block),
  };
}

/**
 * A {@link BalanceReader} over the verified chain: each block's header linked to a verified head,
 * ether by eth_getProof against its state root, tokens by a verified call in its environment.
 */
export function verifiedBalanceReader(deps: {
  headers: Pick<VerifiedHeaders, 'byNumber' | 'hashOf'>;
  rpc: ExecutionRpc;
  config: ChainConfig;
  executor: CallExecutor;
  onRejected?: (error: VigilError, endpoint: string) => void;
}): BalanceReader {
  const onRejected = deps.onRejected ? { onRejected: deps.onRejected } : {};
  return {
    async accountAt(account, block) {
      const { header } = await deps.headers.byNumber(block);
      const a = await getVerifiedAccountAt({ rpc: deps.rpc, block: { blockNumber: block, stateRoot: header.stateRoot }, address: account, ...onRejected });
      return { balance: a.balance, nonce: a.nonce };
    },
    async tokenBalanceAt(key, account, block) {
      const { header, hash } = await deps.headers.byNumber(block);
      const env = blockEnvOfHeader(header, hash, deps.config);
      const owner = account.slice(2).toLowerCase().padStart(64, '0');
      const data = key.standard === 'erc1155' ? ERC1155_BALANCE_OF + owner + bigIntToHex(key.tokenId ?? 0n).slice(2).padStart(64, '0') : ERC20_BALANCE_OF + owner;
      const { outcome } = await verifiedCall({ rpc: deps.rpc, executor: deps.executor, env, mode: 'call', call: { to: key.asset, input: data }, hint: false, blockHash: (n) => deps.headers.hashOf(n, env), ...onRejected });
      // No code there yet (deployed later in the range): nobody held it.
      if (outcome.status === 'success' && outcome.returnData === '0x') return 0n;
      if (outcome.status !== 'success' || outcome.returnData.length !== 66) return undefined;
      return BigInt(outcome.returnData);
    },
    async etherLoggedAt(block) {
      const { header } = await deps.headers.byNumber(block);
      try {
        return executionForkOfBlock(deps.config, header) === 'amsterdam';
      } catch (err) {
        // Before the merge: no EIP-7708 then either.
        if (err instanceof VerificationError && err.code === 'EXECUTION_UNSUPPORTED') return false;
        throw err;
      }
    },
  };
}

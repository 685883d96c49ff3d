/**
 * A transaction from request to broadcast, on verified state only: the sender's nonce and balance
 * proven at the head signatures rest on (the newest signed by at least two thirds of its sync
 * committee: src/wallet/signing-head.ts), the gas limit from Vigil's own estimate over proven state
 * (unless the dApp or the user set it), the fee cap from the verified base fee, the tip from
 * verified blocks (./wallet-tip.ts, labelled by where it came from); then the signing policy
 * (src/wallet/policy.ts) decides. The extension and `vigil wallet send` share it.
 * @module
 */
import { bigIntToHex, bytesToHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { TransportError } from '../rpc/errors.ts';
import { type BlockEnv, nextBlockEnv } from '../execution/block-env.ts';
import { revertMessage } from '../execution/revert.ts';
import type { ExecutionReader } from './execution-reader.ts';
import { WalletError } from '../wallet/errors.ts';
import {
  checkTransactionPolicy,
  type PendingTransaction,
  type PolicyHead,
  type PolicyNetwork,
  type PolicyVerdict,
  type ProvenAccount,
  refusal,
  type Refusal,
  refusalError,
  type RequestOrigin,
} from '../wallet/policy.ts';
import { checkSigningHead } from '../wallet/signing-head.ts';
import type { ReplacedTransaction } from '../wallet/replacement-fees.ts';
import { type TipSource, walletTip } from './wallet-tip.ts';
import { maxCost, type UnsignedTransaction } from '../wallet/transaction.ts';
import type { TransactionRequest } from '../wallet/transaction-request.ts';

/** The head signatures rest on, with the block environment of a call there. */
export interface WalletHead {
  head: PolicyHead;
  env: BlockEnv;
  /** The base fee of the block after it, from its verified gas used, limit and base fee. */
  nextBaseFee: bigint;
}

/** What a transaction needs from the verified chain. */
export interface WalletChain {
  network: PolicyNetwork;
  /**
   * The head a transaction's facts come from: the newest verified head signed by at least two
   * thirds of its sync committee, or undefined before the first.
   */
  signingHead(): WalletHead | undefined;
  /**
   * The newest verified head, however many signed it (the light client follows it; a refusal
   * names it when it is newer than the signing head and thinly signed).
   */
  newestHead(): PolicyHead | undefined;
  /** eth_getProof of `address` at the head, verified; with its code hash (a token's code proven present: ./followed-tokens.ts). */
  proveAccount(address: string, head: WalletHead): Promise<ProvenAccount & { codeHash: string }>;
  execution: ExecutionReader;
  /** Runs the wallet's own work ahead of pages' reads at the endpoints (src/client/endpoint-scheduler.ts `first`); absent: as it comes. */
  first?<T>(work: () => Promise<T>): Promise<T>;
}

export interface PreparedTransaction {
  tx: UnsignedTransaction;
  verdict: PolicyVerdict;
  gasSource: 'verified-estimate' | 'dapp' | 'user';
  /**
   * `verified`: the oracle over the last verified blocks (src/execution/fee-oracle.ts); `advice`:
   * that tip lowered by an endpoint's advice; `verified-p25`: signed with no window, at least the
   * 25th percentile of the tips those blocks paid; `default`: 1 gwei, no verified block could be
   * read (never for one signed with no window). See ./wallet-tip.ts.
   */
  tipSource: TipSource;
  /** The head everything was proven at. */
  at: PolicyHead;
  /** Why the sender could not be proven (the lie or the silence), when it could not. */
  proofError?: string;
}

/** Head-room on Vigil's own estimate: state may move between the estimate and inclusion. */
const GAS_MARGIN_NUM = 6n;
const GAS_MARGIN_DEN = 5n;
const TX_BASE_GAS = 21_000n;
/** A fee cap of twice the next base fee plus the tip survives six full blocks of base-fee rises. */
const BASE_FEE_MULTIPLIER = 2n;

/**
 * Fills what the request left out from verified state and runs the signing policy.
 * @throws WalletError WOULD_REVERT when Vigil's own estimate over proven state reverts (the
 *   revert data in `details`); STALE_HEAD when there is no verified head at all,
 *   HEAD_THINLY_SIGNED when none signed by two thirds of its committee; the read's
 *   VerificationError / TransportError when the sender cannot be proven.
 */
export function prepareTransaction(chain: WalletChain, request: TransactionRequest, options: PrepareOptions): Promise<PreparedTransaction> {
  return ahead(chain, () => prepare(chain, request, options));
}

/** The wallet's own work, ahead of pages' reads where the chain can put it there. */
function ahead<T>(chain: WalletChain, work: () => Promise<T>): Promise<T> {
  return chain.first ? chain.first(work) : work();
}

export interface PrepareOptions {
  origin: RequestOrigin;
  pending: readonly PendingTransaction[];
  now: number;
  /** Who set the request's gas limit; 'verified-estimate': Vigil, from a simulation over proven state (a batch's later calls). */
  gasSource?: 'dapp' | 'user' | 'verified-estimate';
  /** Signed with no window (a forced-exit step): its fees bounded by the policy (PolicyInput.unattended), at most `maxCost` wei. */
  unattended?: { maxCost: bigint };
  /** A speed-up or cancel of this pending transaction (PolicyInput.replaces); unattended, its fees follow the replacement rule (./wallet-tip.ts). */
  replaces?: ReplacedTransaction;
}

async function prepare(chain: WalletChain, request: TransactionRequest, options: PrepareOptions): Promise<PreparedTransaction> {
  const newest = chain.signingHead() ?? noSigningHead(chain, options.now);
  const { env, head } = newest;
  // A sender that cannot be proven (a lying or silent RPC) is no error here: the policy refuses
  // with NONCE_NOT_VERIFIED and the window says why.
  let account: ProvenAccount | undefined;
  let proofError: string | undefined;
  try {
    account = await chain.proveAccount(request.from, newest);
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError || err instanceof InputError)) throw err;
    proofError = `${err.code}: ${err.shortMessage}`;
  }
  const nonce = request.nonce ?? (account ? nextNonce(account.nonce, options.pending) : 0n);
  const base = newest.nextBaseFee;

  const fees = await walletTip(chain.execution, request, { unattended: options.unattended !== undefined, ...(options.replaces ? { replaces: options.replaces } : {}) }, base);
  const { tip, tipSource } = fees;
  const gasPrice = request.gasPrice ?? base + (tip ?? 0n);
  const maxFee = request.maxFeePerGas ?? fees.maxFeePerGas ?? BASE_FEE_MULTIPLIER * base + (tip ?? 0n);

  let gasSource: PreparedTransaction['gasSource'] = options.gasSource ?? 'dapp';
  let gasLimit = request.gasLimit;
  if (gasLimit === undefined) {
    // Without a proven sender, or with a value it cannot even pay at the minimum gas, the estimate
    // has nothing to say: the policy refuses (NONCE_NOT_VERIFIED, INSUFFICIENT_VERIFIED_BALANCE)
    // with the proven numbers.
    const cannotPay = account !== undefined && request.value + TX_BASE_GAS * (request.type === 2 ? maxFee : gasPrice) > account.balance;
    gasLimit = account && !cannotPay ? await verifiedEstimate(chain, nextBlockEnv(env, newest.nextBaseFee), request, nonce) : TX_BASE_GAS;
    gasSource = 'verified-estimate';
  }

  const common = { chainId: request.chainId ?? chain.network.chainId, nonce, gasLimit, to: request.to, value: request.value, data: request.data };
  const tx: UnsignedTransaction =
    request.type === 0
      ? { ...common, type: 0, gasPrice }
      : request.type === 1
        ? { ...common, type: 1, gasPrice, accessList: request.accessList }
        : { ...common, type: 2, maxFeePerGas: maxFee, maxPriorityFeePerGas: min(tip ?? 0n, maxFee), accessList: request.accessList };
  const { unattended, ...rest } = options;
  const verdict = policyOf(chain, newest, account, tx, request.from, gasSource, { ...rest, ...(unattended ? { unattended: { verifiedTip: tip ?? 0n, maxCost: unattended.maxCost } } : {}) });
  return { tx, verdict, gasSource, tipSource, at: head, ...(proofError !== undefined ? { proofError } : {}) };
}

/**
 * The same transaction checked again at the newest head (the approval window stayed open while
 * blocks came): the nonce and balance proven anew, the policy run on them. Nothing is refilled:
 * what the user approved is what is signed, or nothing.
 */
export function recheckTransaction(
  chain: WalletChain,
  prepared: PreparedTransaction,
  from: string,
  options: { origin: RequestOrigin; pending: readonly PendingTransaction[]; now: number; replaces?: ReplacedTransaction },
): Promise<PolicyVerdict> {
  return ahead(chain, () => recheck(chain, prepared, from, options));
}

async function recheck(chain: WalletChain, prepared: PreparedTransaction, from: string, options: Parameters<typeof recheckTransaction>[3]): Promise<PolicyVerdict> {
  const newest = chain.signingHead() ?? noSigningHead(chain, options.now);
  let account: ProvenAccount | undefined;
  try {
    account = await chain.proveAccount(from, newest);
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError || err instanceof InputError)) throw err;
  }
  return policyOf(chain, newest, account, prepared.tx, from, prepared.gasSource, options);
}

function policyOf(
  chain: WalletChain,
  newest: WalletHead,
  account: ProvenAccount | undefined,
  tx: UnsignedTransaction,
  from: string,
  gasSource: PreparedTransaction['gasSource'],
  options: { origin: RequestOrigin; pending: readonly PendingTransaction[]; now: number; unattended?: { verifiedTip: bigint; maxCost: bigint }; replaces?: ReplacedTransaction },
): PolicyVerdict {
  const latest = chain.newestHead();
  return checkTransactionPolicy({
    now: options.now,
    network: chain.network,
    head: newest.head,
    ...(latest !== undefined && latest.blockNumber > newest.head.blockNumber ? { newestHead: latest } : {}),
    ...(account ? { account } : {}),
    pending: options.pending,
    origin: options.origin,
    nextBaseFee: newest.nextBaseFee,
    tx: {
      from,
      chainId: tx.chainId,
      nonce: tx.nonce,
      value: tx.value,
      gasLimit: tx.gasLimit,
      maxFeePerGas: tx.type === 2 ? tx.maxFeePerGas : tx.gasPrice,
      maxPriorityFeePerGas: tx.type === 2 ? tx.maxPriorityFeePerGas : tx.gasPrice,
      gasSource,
    },
    ...(options.unattended ? { unattended: options.unattended } : {}),
    ...(options.replaces ? { replaces: options.replaces } : {}),
  });
}

/**
 * No head to sign against: the head rule's refusal (STALE_HEAD when nothing is verified yet,
 * HEAD_THINLY_SIGNED naming the newest head and the one it needs when only thin ones are).
 */
export function noSigningHead(chain: Pick<WalletChain, 'network' | 'newestHead'>, now: number): never {
  const refusals: Refusal[] = [];
  checkSigningHead({ now, network: chain.network, newest: chain.newestHead() }, (...r) => void refusals.push(refusal(...r)));
  throw refusalError(refusals);
}

/** The proven nonce plus this wallet's own pending transactions at and above it. */
export function nextNonce(proven: bigint, pending: readonly PendingTransaction[]): bigint {
  const above = new Set(pending.filter((p) => p.nonce >= proven).map((p) => p.nonce));
  let n = proven;
  while (above.has(n)) n++;
  return n;
}

export { maxCost };

async function verifiedEstimate(chain: WalletChain, env: BlockEnv, request: TransactionRequest, nonce: bigint): Promise<bigint> {
  const call: Record<string, unknown> = {
    from: request.from,
    value: bigIntToHex(request.value),
    data: bytesToHex(request.data),
    nonce: bigIntToHex(nonce),
  };
  if (request.to !== null) call.to = request.to;
  if (request.accessList.length > 0) {
    call.accessList = request.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map(bytesToHex) }));
  }
  const { outcome } = await chain.execution.run({ env, mode: 'estimateGas', call });
  if (outcome.status !== 'success' || outcome.gas === undefined) {
    const reason = outcome.status === 'reverted' ? revertMessage(outcome.returnData) : (outcome.message ?? outcome.status);
    throw new WalletError('WOULD_REVERT', `the transaction fails on the verified state of block ${env.number}: ${reason}`, {
      details: outcome.returnData,
    });
  }
  const estimate = BigInt(outcome.gas);
  // A plain transfer costs exactly 21000: no margin (Hardhat's estimator says 21001 for it).
  if (request.data.length === 0 && request.accessList.length === 0 && estimate <= TX_BASE_GAS + 1n) return TX_BASE_GAS;
  const padded = (estimate * GAS_MARGIN_NUM) / GAS_MARGIN_DEN;
  return padded > env.gasLimit ? env.gasLimit : padded;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * A transaction from request to broadcast, on verified state only: the sender's nonce and balance
 * proven at the head signatures rest on (the newest signed by at least two thirds of its sync
 * committee: src/wallet/signing-head.ts), the gas limit from Vigil's own estimate over proven state
 * (unless the dApp or the user set it), the fee cap from the verified base fee, the tip from
 * verified blocks (./tip.ts, labelled by where it came from); then the signing policy
 * (src/wallet/policy.ts) decides. The extension and `vigil wallet send` share it.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import { type BlockEnv, nextBlockEnv } from '../../execution/block-env.ts';
import { revertMessage } from '../../execution/revert.ts';
import { plainTransferGas } from '../../execution/gas/tx-gas.ts';
import { type CallSummary, describeCall } from './call-summary.ts';
import type { ExecutionReader } from '../verified/execution-reader.ts';
import { WalletError } from '../../wallet/errors.ts';
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
} from '../../wallet/policy.ts';
import { checkSigningHead } from '../../wallet/signing-head.ts';
import type { ReplacedTransaction } from '../../wallet/replacement-fees.ts';
import { type TipSource, walletTip } from './tip.ts';
import { feeCap, maxCost, priorityFee, type UnsignedTransaction } from '../../wallet/transaction.ts';
import type { TransactionRequest } from '../../wallet/transaction-request.ts';

/**
 * The head signatures rest on (its PolicyHead), with what its verified block gives a call there:
 * the block environment and the next base fee (../light-client/session-status.ts VerifiedHeadInfo `env`, `nextBaseFee`, read).
 */
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
  /**
   * eth_getProof of `address` at the head, verified; with its code hash (a token's code proven
   * present: ./followed-tokens.ts) and, when `options.code`, its code (0x-hex) fetched with the
   * proof and checked against that hash (an account's EIP-7702 delegation: ./delegation/delegation.ts).
   */
  proveAccount(address: string, head: WalletHead, options?: { code?: boolean }): Promise<ProvenAccount & { codeHash: string; code?: string }>;
  execution: ExecutionReader;
  /** Runs the wallet's own work ahead of pages' reads at the endpoints (src/client/verified/endpoint-scheduler.ts `first`); absent: as it comes. */
  first?<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The verified facts a transaction is judged on: gathered where its proofs are fetched (the app
 * host in the extension), judged where it is signed (the service worker: {@link judgeTransaction}).
 * Every value is proven or computed from a verified header.
 */
export interface TransactionFacts {
  /** The head the facts come from: the newest verified head two thirds of its sync committee signed. */
  head: PolicyHead;
  /** The base fee of the block after `head`. */
  nextBaseFee: bigint;
  /** The newest verified head when it is newer than `head` (a HEAD_THINLY_SIGNED refusal names it). */
  newestHead?: PolicyHead;
  /** The sender proven at `head`; absent when it could not be (`proofError` says why: the lie or the silence). */
  account?: ProvenAccount;
  proofError?: string;
}

/** A request filled from verified state, not yet judged. */
export interface FilledTransaction {
  tx: UnsignedTransaction;
  gasSource: 'verified-estimate' | 'dapp' | 'user';
  /**
   * `verified`: the oracle over the last verified blocks (src/execution/fee-oracle.ts); `advice`:
   * that tip lowered by an endpoint's advice; `verified-p25`: signed with no window, at least the
   * 25th percentile of the tips those blocks paid; `default`: 1 gwei, no verified block could be
   * read (never for one signed with no window). See ./tip.ts.
   */
  tipSource: TipSource;
  /** The tip the verified blocks support (the bound on a transaction signed with no window). */
  verifiedTip: bigint;
  facts: TransactionFacts;
  /** What it is, for the window and the activity (./call-summary.ts). */
  described: CallSummary;
}

/** A filled request and the signing policy's verdict on it. */
export interface PreparedTransaction extends FilledTransaction {
  verdict: PolicyVerdict;
}

/** Head-room on Vigil's own estimate: state may move between the estimate and inclusion. */
const GAS_MARGIN_NUM = 6n;
const GAS_MARGIN_DEN = 5n;
const TX_BASE_GAS = 21_000n;
/** A fee cap of twice the next base fee plus the tip survives six full blocks of base-fee rises. */
const BASE_FEE_MULTIPLIER = 2n;

/**
 * Fills what the request left out from verified state ({@link fillTransaction}) and runs the
 * signing policy on it ({@link judgeTransaction}): the CLI's path, and the app host's for a batch.
 * @throws as {@link fillTransaction}
 */
export async function prepareTransaction(chain: WalletChain, request: TransactionRequest, options: PrepareOptions): Promise<PreparedTransaction> {
  const filled = await fillTransaction(chain, request, options);
  return { ...filled, verdict: judgeTransaction(chain.network, filled, request.from, options) };
}

/**
 * The request filled from verified state: the sender's nonce and balance proven at the signing
 * head, the tip, the fee cap, the gas limit from Vigil's own estimate (unless set). Nothing judged.
 * @throws WalletError WOULD_REVERT when Vigil's own estimate over proven state reverts (the
 *   revert data in `details`); STALE_HEAD when there is no verified head at all,
 *   HEAD_THINLY_SIGNED when none signed by two thirds of its committee.
 */
export function fillTransaction(chain: WalletChain, request: TransactionRequest, options: FillOptions): Promise<FilledTransaction> {
  return ahead(chain, () => fill(chain, request, options));
}

/**
 * The facts a transaction already filled is judged on again just before it is signed: the sender
 * proven anew at the newest signing head. Nothing is refilled: what the user approved is what is
 * signed, or nothing.
 * @throws WalletError STALE_HEAD / HEAD_THINLY_SIGNED when there is no head to sign against
 */
export function transactionFacts(chain: WalletChain, from: string, now: number): Promise<TransactionFacts> {
  return ahead(chain, () => provenFacts(chain, chain.signingHead() ?? noSigningHead(chain, now), from));
}

/**
 * The signing policy (src/wallet/policy.ts) on a filled transaction's facts: what the service
 * worker decides, on the facts the app host hands it. Pure.
 */
export function judgeTransaction(network: PolicyNetwork, filled: Pick<FilledTransaction, 'tx' | 'gasSource' | 'verifiedTip' | 'facts'>, from: string, options: JudgeOptions): PolicyVerdict {
  const { tx, facts } = filled;
  return checkTransactionPolicy({
    now: options.now,
    network,
    head: facts.head,
    ...(facts.newestHead !== undefined && facts.newestHead.blockNumber > facts.head.blockNumber ? { newestHead: facts.newestHead } : {}),
    ...(facts.account ? { account: facts.account } : {}),
    pending: options.pending,
    origin: options.origin,
    nextBaseFee: facts.nextBaseFee,
    tx: {
      from,
      chainId: tx.chainId,
      nonce: tx.nonce,
      value: tx.value,
      gasLimit: tx.gasLimit,
      maxFeePerGas: feeCap(tx),
      maxPriorityFeePerGas: priorityFee(tx),
      gasSource: filled.gasSource,
    },
    ...(options.unattended ? { unattended: { verifiedTip: filled.verifiedTip, maxCost: options.unattended.maxCost } } : {}),
    ...(options.replaces ? { replaces: options.replaces } : {}),
  });
}

/** The wallet's own work, ahead of pages' reads where the chain can put it there. */
function ahead<T>(chain: WalletChain, work: () => Promise<T>): Promise<T> {
  return chain.first ? chain.first(work) : work();
}

/** How a transaction is judged: who asks, what else is pending, the clock, and what kind of signature it is. */
export interface JudgeOptions {
  origin: RequestOrigin;
  pending: readonly PendingTransaction[];
  /** Seconds. */
  now: number;
  /** Signed with no window (a forced-exit step): its fees bounded by the policy (PolicyInput.unattended), at most `maxCost` wei. */
  unattended?: { maxCost: bigint };
  /** A speed-up or cancel of this pending transaction (PolicyInput.replaces); unattended, its fees follow the replacement rule (./tip.ts). */
  replaces?: ReplacedTransaction;
}

/** How a request is filled: the sender's pending nonces, the clock, who set its gas limit. */
export interface FillOptions {
  pending: readonly PendingTransaction[];
  /** Seconds. */
  now: number;
  /** Signed with no window: its tip from verified blocks only (./tip.ts); the policy bounds it (JudgeOptions.unattended). */
  unattended?: { maxCost: bigint };
  /** A replacement at this pending transaction's nonce: an unattended one's fees by the replacement rule. */
  replaces?: ReplacedTransaction;
  /** Who set the request's gas limit; 'verified-estimate': Vigil, from a simulation over proven state (a batch's later calls). */
  gasSource?: 'dapp' | 'user' | 'verified-estimate';
}

export type PrepareOptions = FillOptions & JudgeOptions;

/** The sender proven at the signing head `signing`, with the head's facts (a sender that cannot be proven is a fact too: the policy refuses). */
async function provenFacts(chain: WalletChain, signing: WalletHead, from: string): Promise<TransactionFacts> {
  const newest = chain.newestHead();
  const facts: TransactionFacts = { head: signing.head, nextBaseFee: signing.nextBaseFee, ...(newest !== undefined && newest.blockNumber > signing.head.blockNumber ? { newestHead: newest } : {}) };
  try {
    const { codeHash: _, ...account } = await chain.proveAccount(from, signing);
    facts.account = account;
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError || err instanceof InputError)) throw err;
    facts.proofError = `${err.code}: ${err.shortMessage}`;
  }
  return facts;
}

async function fill(chain: WalletChain, request: TransactionRequest, options: FillOptions): Promise<FilledTransaction> {
  const signing = chain.signingHead() ?? noSigningHead(chain, options.now);
  const base = signing.nextBaseFee;
  // A sender that cannot be proven (a lying or silent RPC) is no error here: the policy refuses
  // with NONCE_NOT_VERIFIED and the window says why. The tip needs no sender: both at once.
  const [facts, fees] = await Promise.all([
    provenFacts(chain, signing, request.from),
    walletTip(chain.execution, request, { unattended: options.unattended !== undefined, ...(options.replaces ? { replaces: options.replaces } : {}) }, base),
  ]);
  const { tip, tipSource } = fees;
  const account = facts.account;
  const nonce = request.nonce ?? (account ? nextNonce(account.nonce, options.pending) : 0n);
  const gasPrice = request.gasPrice ?? base + (tip ?? 0n);
  const maxFee = request.maxFeePerGas ?? fees.maxFeePerGas ?? BASE_FEE_MULTIPLIER * base + (tip ?? 0n);

  let gasSource: FilledTransaction['gasSource'] = options.gasSource ?? 'dapp';
  let gasLimit = request.gasLimit;
  if (gasLimit === undefined) {
    // Without a proven sender, or with a value it cannot even pay at the minimum gas, the estimate
    // has nothing to say: the policy refuses (NONCE_NOT_VERIFIED, INSUFFICIENT_VERIFIED_BALANCE)
    // with the proven numbers.
    const cannotPay = account !== undefined && request.value + TX_BASE_GAS * (request.type === 2 ? maxFee : gasPrice) > account.balance;
    gasLimit = account && !cannotPay ? await verifiedEstimate(chain, nextBlockEnv(signing.env, base), request, nonce) : TX_BASE_GAS;
    gasSource = 'verified-estimate';
  }

  const common = { chainId: request.chainId ?? chain.network.chainId, nonce, gasLimit, to: request.to, value: request.value, data: request.data };
  const tx: UnsignedTransaction =
    request.type === 0
      ? { ...common, type: 0, gasPrice }
      : request.type === 1
        ? { ...common, type: 1, gasPrice, accessList: request.accessList }
        : { ...common, type: 2, maxFeePerGas: maxFee, maxPriorityFeePerGas: min(tip ?? 0n, maxFee), accessList: request.accessList };
  return { tx, gasSource, tipSource, verifiedTip: tip ?? 0n, facts, described: describeCall(tx) };
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
  // A plain transfer costs exactly what the estimator found (21000 before Amsterdam; Hardhat's estimator says 21001 for it): no margin.
  if (request.data.length === 0 && request.accessList.length === 0) {
    const exact = plainTransferGas({ from: hexToBytes(request.from, 20), to: request.to === null ? null : hexToBytes(request.to, 20), value: request.value }, env.fork);
    if (exact.includes(estimate)) return estimate;
    if (estimate === TX_BASE_GAS + 1n && exact.includes(TX_BASE_GAS)) return TX_BASE_GAS;
  }
  const padded = (estimate * GAS_MARGIN_NUM) / GAS_MARGIN_DEN;
  return padded > env.gasLimit ? env.gasLimit : padded;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

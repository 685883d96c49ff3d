/**
 * Where a transaction's proofs are fetched and its runs happen, in two calls: `prepare` fills the
 * request from verified state and simulates it for the approval window; `recheck`, at approval,
 * proves the sender again at the newest head and simulates the transactions again against what the
 * window showed. The caller (the service worker in the extension, which holds the keyring) runs
 * the signing policy on the facts these return (./transactions.ts judgeTransaction), signs,
 * stores and broadcasts. One implementation ({@link transactionHost}) serves the app host, the CLI
 * and the tests; the service worker reaches the app host's over the link, so a transaction costs it
 * two round trips and its proofs are fetched once.
 * @module
 */
import { InputError, VerificationError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { TransactionEffects } from '../../wallet/transaction-effects.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../wallet/transaction-request.ts';
import { feeCap, type UnsignedTransaction } from '../../wallet/transaction.ts';
import type { ActivityRow } from '../../storage/wallet.ts';
import { type Replacement, type ReplacementKind, replacementRequest } from './replacement.ts';
import type { ProvenRecipient } from './names/own-names.ts';
import type { Preview, SeenEffects } from './transaction-preview.ts';
import { type FilledTransaction, type FillOptions, fillTransaction, noSigningHead, type TransactionFacts, transactionFacts, type WalletChain } from './transactions.ts';

export interface HostPrepareOptions extends FillOptions {
  /** Simulate it for the window (an unattended step or a speed-up is not simulated). */
  simulate: boolean;
  /** The user's tolerance (basis points): how far its effects may differ between plausible next blocks before the window says so. */
  toleranceBps?: number | undefined;
  /** The name the user chose the recipient by, resolved by proof for the window: its words name the address paid with it (./names/own-names.ts). */
  recipientName?: ProvenRecipient | undefined;
}

/** A request read and filled for its window, and what it does (or why that could not be proven). */
export interface HostPrepared {
  /** The eth_sendTransaction object as read (src/wallet/transaction-request.ts). */
  request: TransactionRequest;
  filled: FilledTransaction;
  effects?: TransactionEffects;
  /** Why its effects could not be proven (the lie or the silence): the window refuses with EFFECTS_NOT_PROVEN. */
  effectsError?: string;
}

export interface HostRecheckOptions {
  /** Seconds. */
  now: number;
  /** The snapshot the transactions are held to (what the window showed); absent: not simulated again (a speed-up or cancel moves a nonce, not new effects). */
  against?: SeenEffects;
}

/** The sender's facts at the newest signing head, and the transactions' effects there. */
export interface HostRecheck {
  facts: TransactionFacts;
  preview?: Preview;
}

export interface TransactionHost {
  /**
   * `params`: an eth_sendTransaction object (`from` set), read here (src/wallet/transaction-request.ts).
   * @throws InputError / WalletError for an object that is no transaction; WalletError DISCONNECTED,
   *   STALE_HEAD, HEAD_THINLY_SIGNED, WOULD_REVERT (the estimate or the simulation reverts over
   *   proven state), and the simulation's refusals (EFFECTS_DEPEND_ON_BLOCK)
   */
  prepare(params: Record<string, unknown>, options: HostPrepareOptions): Promise<HostPrepared>;
  /**
   * `txs` from one sender, in nonce order (a batch's calls).
   * @throws WalletError DISCONNECTED, STALE_HEAD, HEAD_THINLY_SIGNED, EFFECTS_NOT_PROVEN
   */
  recheck(from: string, txs: readonly UnsignedTransaction[], options: HostRecheckOptions): Promise<HostRecheck>;
  /**
   * A speed-up or cancel of a pending row (its bytes decoded), priced from the verified next base
   * fee and tip (./replacement.ts).
   * @throws WalletError DISCONNECTED, STALE_HEAD, HEAD_THINLY_SIGNED; InputError for bytes that are not this wallet's transaction
   */
  replacement(row: ActivityRow, kind: ReplacementKind, now: number): Promise<Replacement>;
}

export interface TransactionHostDeps {
  /** The verified chain (undefined: nothing can be proven on this network). */
  chain(): WalletChain | undefined;
  /**
   * What transactions do, simulated over proven state (./transaction-preview.ts previewAgainst);
   * absent: transactions are shown without their effects (a wallet with no simulation).
   */
  preview?(chain: WalletChain, requests: TransactionRequest[], against: SeenEffects | undefined, options: { now: number; toleranceBps?: number | undefined; recipientName?: ProvenRecipient | undefined }): Promise<Preview>;
}

export function transactionHost(deps: TransactionHostDeps): TransactionHost {
  const chainOf = (): WalletChain => {
    const chain = deps.chain();
    if (chain === undefined) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    return chain;
  };
  return {
    async prepare(params, { simulate, toleranceBps, recipientName, ...options }) {
      const request = parseTransactionRequest(params);
      const chain = chainOf();
      const filled = await fillTransaction(chain, request, options);
      if (!simulate || deps.preview === undefined) return { request, filled };
      // A fee cap below the next block's base fee cannot be included, so there is nothing to run: the policy refuses it (FEE_BELOW_BASE_FEE) and the window says why.
      if (feeCap(filled.tx) < filled.facts.nextBaseFee) return { request, filled };
      let effects: TransactionEffects;
      try {
        ({ effects } = await deps.preview(chain, [requestOfTx(filled.tx, request.from)], undefined, { now: options.now, toleranceBps, recipientName }));
      } catch (err) {
        if (!(err instanceof VerificationError || err instanceof TransportError)) throw err;
        return { request, filled, effectsError: err.shortMessage };
      }
      if (!effects.ok) throw new WalletError('WOULD_REVERT', `the transaction fails on the verified state of block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
      return { request, filled, effects };
    },
    async recheck(from, txs, { now, against }) {
      const chain = chainOf();
      // The sender's proof and the new run are independent: both at once.
      const preview = against === undefined || deps.preview === undefined ? undefined : previewAgain(deps.preview, chain, txs.map((tx) => requestOfTx(tx, from)), against, now);
      const [facts, effects] = await Promise.all([transactionFacts(chain, from, now), preview]);
      return { facts, ...(effects !== undefined ? { preview: effects } : {}) };
    },
    async replacement(row, kind, now) {
      const chain = chainOf();
      const head = chain.signingHead() ?? noSigningHead(chain, now);
      // The replacement's own rule (+10% on both fees) holds whatever the tip: a tip no block supports is no reason to stop.
      const tip = await chain.execution.suggestedTip().catch(() => 0n);
      return replacementRequest(row, kind, { nextBaseFee: head.nextBaseFee, tip });
    },
  };
}

/** The transactions simulated again against what the window showed; a run that cannot be proven is EFFECTS_NOT_PROVEN. */
async function previewAgain(preview: NonNullable<TransactionHostDeps['preview']>, chain: WalletChain, requests: TransactionRequest[], against: SeenEffects, now: number): Promise<Preview> {
  try {
    return await preview(chain, requests, against, { now });
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError)) throw err;
    throw new WalletError('EFFECTS_NOT_PROVEN', `what it does could not be simulated again over proven state: ${err.shortMessage}`, { cause: err });
  }
}

/**
 * The request a transaction about to be signed amounts to (what a simulation of it runs): every field it will be signed with.
 * @throws InputError for a set-code transaction: a request has no authorizations, and one run without them would show other effects (./delegation/delegate.ts runs its own)
 */
export function requestOfTx(tx: UnsignedTransaction, from: string): TransactionRequest {
  if (tx.type === 4) throw new InputError('a set-code transaction (EIP-7702) is simulated with its authorizations, not as a request');
  return {
    from: from as TransactionRequest['from'],
    type: tx.type,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    accessList: 'accessList' in tx ? tx.accessList : [],
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    gasPrice: tx.type === 2 ? undefined : tx.gasPrice,
    maxFeePerGas: tx.type === 2 ? tx.maxFeePerGas : undefined,
    maxPriorityFeePerGas: tx.type === 2 ? tx.maxPriorityFeePerGas : undefined,
    chainId: tx.chainId,
    fixed: [],
    toFill: [],
  };
}

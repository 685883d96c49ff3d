/**
 * The wallet's typed errors: the vault (passwords, tampering), keys, building and signing, and
 * the signing policy's refusals. Callers (the provider, the approval window, the CLI) branch on
 * `code` and show `shortMessage`; a refusal never comes with a signature.
 * @module
 */
import { registerErrorClass, wireNumber } from '../core/error-registry.ts';
import { VigilError, type VigilErrorOptions } from '../core/errors.ts';

export type WalletErrorCode =
  // Vault (src/wallet/vault.ts)
  /** The password does not open the vault (the GCM tag did not verify under the derived key). */
  | 'WRONG_PASSWORD'
  /** Too many wrong passwords in a row: the next try is allowed only after `retryAt`. */
  | 'PASSWORD_BACKOFF'
  /** The vault's file or record is not a vault this version reads (format, version, KDF parameters). */
  | 'VAULT_INVALID'
  /** The wallet is locked: the operation needs the password first. */
  | 'LOCKED'
  /** A new password too weak to protect the seed (length). */
  | 'WEAK_PASSWORD'
  // Keys (src/wallet/keys.ts, mnemonic.ts, keyring.ts)
  /** Not a BIP-39 mnemonic: unknown word, wrong length or checksum. */
  | 'INVALID_MNEMONIC'
  /** Not a secp256k1 private key (zero, ≥ n, wrong length). */
  | 'INVALID_PRIVATE_KEY'
  /** The vault holds no account with this address. */
  | 'UNKNOWN_ACCOUNT'
  /** The account is already in the vault (an import of a key it holds). */
  | 'DUPLICATE_ACCOUNT'
  /** The recovery phrase (with this passphrase) is in the vault already. */
  | 'DUPLICATE_PHRASE'
  // Transactions and messages (src/wallet/transaction.ts, src/wallet/personal-message.ts, src/wallet/typed-data.ts)
  /** A transaction request the wallet will not build (bad field, conflicting fee fields). */
  | 'INVALID_TRANSACTION'
  /** EIP-712 typed data that does not parse, or whose domain names another chain. */
  | 'INVALID_TYPED_DATA'
  /** A permit (EIP-2612, DAI, Permit2) whose EIP-712 domain names no chain: its signature would be valid on every chain. */
  | 'PERMIT_WITHOUT_CHAIN'
  /** A message the wallet signs only for itself (its L2 key derivation): never for a page. */
  | 'RESERVED_MESSAGE'
  // EIP-7702 delegation (src/wallet/set-code-authorization.ts, src/client/wallet/delegation/delegate.ts)
  /** An authorization Vigil will not sign: chain id 0 (valid on every chain), a field out of range. */
  | 'AUTHORIZATION_REFUSED'
  /** The delegate's code is not proven at the head, or its proven code hash is not the pinned delegate's. */
  | 'DELEGATE_NOT_PINNED'
  /** This network has no pinned delegate Vigil could delegate to (its profile names none). */
  | 'DELEGATION_NOT_OFFERED'
  // Sign-In with Ethereum (src/wallet/siwe.ts)
  /** A message that claims to be a sign-in (ERC-4361's phrase) but does not follow its format. */
  | 'SIWE_MALFORMED'
  /** A sign-in message whose scheme, host or port is not the requesting page's origin. */
  | 'SIWE_DOMAIN_MISMATCH'
  /** A sign-in message that names another account than the one asked to sign it. */
  | 'SIWE_ADDRESS_MISMATCH'
  // The signing policy (src/wallet/policy.ts): refusals, each shown in words
  /** The newest verified head is older than the network's bound (or there is none). */
  | 'STALE_HEAD'
  /**
   * No fresh head signed by at least two thirds of its sync committee: the newest verified one was
   * signed by fewer (src/wallet/signing-head.ts). The message names the head it needs.
   */
  | 'HEAD_THINLY_SIGNED'
  /** The transaction's chain id is not the verified network's. */
  | 'CHAIN_MISMATCH'
  /** The sender's nonce is not proven at the head, or the transaction's nonce is not the next one. */
  | 'NONCE_NOT_VERIFIED'
  /** value + maxFeePerGas × gas is more than the proven balance. */
  | 'INSUFFICIENT_VERIFIED_BALANCE'
  /** The origin does not hold the permission for this account. */
  | 'NOT_PERMITTED'
  /** The gas limit does not come from a verified estimate and the user did not set it. */
  | 'GAS_NOT_VERIFIED'
  /** The fee cap is below the verified base fee of the next block (it could not be included). */
  | 'FEE_BELOW_BASE_FEE'
  | 'FEE_ABOVE_CEILING'
  | 'FEE_ABOVE_CAP'
  /** A speed-up or cancel whose fees are not at least 12.5% above the transaction it replaces (nodes drop it). */
  | 'REPLACEMENT_UNDERPRICED'
  /** The user rejected the request in the approval window (or closed it). */
  | 'USER_REJECTED'
  /** The site already has a request waiting for the user (a connect or a switch is not queued behind it), or too many. */
  | 'REQUEST_PENDING'
  /** Nobody answered the request in its window in time. */
  | 'APPROVAL_EXPIRED'
  /** The user rejected (or Vigil refused) this site's last request a moment ago: it may ask again at the time in `details` (ms). */
  | 'REJECTED_RECENTLY'
  /**
   * A yes that skipped a gate of the approval window (src/client/wallet/approval-gates.ts): its arm
   * delay, the signer's delegation proven, the look-alike box, the words-disagree box; `details`
   * names the gate. Nothing was signed and the request still waits for an answer.
   */
  | 'APPROVAL_GATE_NOT_MET'
  /** No network is set up, or it has no execution RPC: nothing can be proven, so nothing is prepared or sent. */
  | 'DISCONNECTED'
  /** A chain Vigil cannot verify (no network profile with a beacon API for it). */
  | 'UNKNOWN_CHAIN'
  // Followed tokens (src/client/wallet/followed-tokens.ts)
  /** No code is proven at the token's address: it is no contract. */
  | 'TOKEN_NOT_A_CONTRACT'
  /** A symbol or decimals that break the rule (src/core/token-rules.ts), offered or the token's own, or no answer to symbol()/decimals(). */
  | 'TOKEN_METADATA_INVALID'
  /** The symbol or decimals offered are not the token's own, as proven. */
  | 'TOKEN_METADATA_MISMATCH'
  /** Vigil's own run of the transaction over proven state fails (revert data in `details`). */
  | 'WOULD_REVERT'
  /** What the transaction does could not be simulated over proven state (a proof that did not verify, no endpoint): nothing is signed on unproven effects. */
  | 'EFFECTS_NOT_PROVEN'
  /** At approval, the transaction simulated again at the newest head does something else than the user saw: the window asks again. */
  | 'EFFECTS_CHANGED'
  /**
   * The simulation's logs have the user send a token whose balance Vigil did not read (past the
   * bound on tokens read, src/execution/effects.ts): what the user would lose there is not among
   * their changes, so nothing is signed. The message names the tokens.
   */
  | 'EFFECTS_OUTGOING_UNREAD'
  /** A warning in the window: the name the recipient was chosen by, resolved again by proof, no longer gives the recipient's address (or none). */
  | 'RECIPIENT_NAME_CHANGED'
  /** A warning in the window: the name the recipient was chosen by could not be resolved again by proof (an offchain gateway, no endpoint): it is not shown. */
  | 'RECIPIENT_NAME_NOT_PROVEN'
  /**
   * What the transaction does for the user depends on what the block it lands in holds that no one
   * knows before it is made (its fee recipient, prevRandao, time, number, base fee, gas limit, the
   * hash or beacon root of a block after the head): somewhere in the blocks it can land in it would
   * send more or give nothing, or the block decides what cannot be followed
   * (src/wallet/block-dependence.ts). The message names what it read and where.
   */
  | 'EFFECTS_DEPEND_ON_BLOCK'
  // L2 transfers (src/client/rollups/l2-wallet.ts)
  /** Vigil follows no rollup with this chain id on the current network. */
  | 'ROLLUP_NOT_FOLLOWED'
  /** The rollup is frozen on L1 (or its state cannot be read): nothing sent to it could be included. */
  | 'ROLLUP_FROZEN'
  /** The rollup is stalled by proven L1 facts: a deposit could be locked in its L1 queue. */
  | 'ROLLUP_STALLED'
  /** The account has no L2 account on this rollup yet (a deposit opens one). */
  | 'L2_NO_ACCOUNT'
  /** The recipient has no L2 account proven at the accepted root. */
  | 'L2_RECIPIENT_MISSING'
  /** The amount (plus this wallet's transfers not yet in a verified batch) is more than the proven L2 balance. */
  | 'L2_INSUFFICIENT_BALANCE'
  /** The proven L2 account holds another key than the one this wallet derives for it. */
  | 'L2_KEY_MISMATCH'
  // Forced exits (src/client/exits/exit-service.ts)
  /** Vigil knows no forced-exit route for this rollup's kind. */
  | 'EXIT_NOT_AVAILABLE'
  /** An exit of this account on this rollup is under way: one at a time. */
  | 'EXIT_UNDER_WAY'
  // Call batches (EIP-5792: src/wallet/call-batch.ts, src/client/wallet/batches/call-batches.ts)
  /** A batch for a chain other than the verified network's (5710). */
  | 'BATCH_CHAIN_UNSUPPORTED'
  /** A batch that must run atomically: Vigil sends calls as one transaction each (5760). */
  | 'ATOMICITY_NOT_SUPPORTED'
  /** A capability the batch requires (not marked optional) that Vigil does not have (5700). */
  | 'CAPABILITY_NOT_SUPPORTED'
  /** A batch id this site used already (5720). */
  | 'BATCH_ID_EXISTS'
  /** No batch of this site has that id (5730). */
  | 'BATCH_NOT_FOUND'
  /** More calls than one approval covers (5740). */
  | 'BATCH_TOO_LARGE'
  /**
   * Whether an account's batches are atomic could not be proven (its delegation, or its delegate's
   * code, unproven at the signing head): src/client/wallet/batches/atomic.ts never guesses it.
   */
  | 'DELEGATION_NOT_PROVEN'
  /**
   * Typed data that is an ERC-4337 user operation (EntryPoint v0.8's EIP-712 domain): signed, it
   * is a transaction of the user's smart account, so pages never get one (src/wallet/smart-account/user-operation.ts).
   */
  | 'USER_OPERATION_REFUSED';

export interface WalletErrorOptions extends VigilErrorOptions {
  /** For PASSWORD_BACKOFF: when (ms since the epoch, the caller's clock) the next try is allowed. */
  retryAt?: number;
}

/** Every error the wallet throws on purpose. */
export class WalletError extends VigilError {
  override name = 'WalletError';
  override readonly code: WalletErrorCode;
  readonly retryAt: number | undefined;

  constructor(code: WalletErrorCode, shortMessage: string, options: WalletErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
    this.retryAt = options.retryAt;
  }
}

registerErrorClass(WalletError, 'WalletError', {
  rebuild: (code, f) => new WalletError(code as WalletErrorCode, '', { retryAt: wireNumber(f.retryAt) }),
  fields: (e) => ({ retryAt: e.retryAt?.toString() }),
});

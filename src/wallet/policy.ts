/**
 * The signing policy: whether Vigil may sign a transaction or a message, decided only from
 * verified state. Pure: no I/O and no clock (`now` is passed in), so the same input always gives
 * the same verdict.
 *
 * A transaction is signed only when
 * - its fields are in range (`INVALID_TRANSACTION`),
 * - its chain id is the verified network's (`CHAIN_MISMATCH`),
 * - the head it rests on was signed by at least two thirds of its sync committee
 *   (`HEAD_THINLY_SIGNED`: ./signing-head.ts) and is fresh: at most `maxHeadAgeSeconds` old and not
 *   from the future (`STALE_HEAD`),
 * - the origin holds the permission for the sending account (`NOT_PERMITTED`),
 * - the sender's account is proven at that very head and the transaction's nonce is the proven
 *   nonce plus this wallet's own pending transactions, or the lowest nonce missing among them
 *   (`NONCE_NOT_VERIFIED`),
 * - value + maxFeePerGas × gasLimit, plus what the pending transactions may still spend, is at
 *   most the proven balance (`INSUFFICIENT_VERIFIED_BALANCE`),
 * - the fee cap reaches the next block's verified base fee (`FEE_BELOW_BASE_FEE`).
 *
 * The wallet adds refusals on the transaction's simulated effects after these: effects that could
 * not be proven (`EFFECTS_NOT_PROVEN`), and a run that has the user send a token whose balance was
 * not read (`EFFECTS_OUTGOING_UNREAD`, {@link effectsRefusals}).
 *
 * Every failing rule is reported (one refusal per code, most fundamental first), so the approval
 * window can show them all. Refusals are never overridable: the window offers no "sign anyway".
 * The only exceptions are warnings, kept apart in `warnings` and marked `severity: 'warning'`
 * (today one: a gas limit a dApp chose, `GAS_NOT_VERIFIED`); they never make a verdict fail.
 *
 * Decisions:
 * - The account proof must be at the head the decision uses: same block number and hash. A
 *   wallet that proves the account when the approval opens passes the head it proved at; when a
 *   newer head arrives while the window is open it either proves again (one eth_getProof) or
 *   keeps the head it proved at, which must still be fresh. An account proven at any other block
 *   (older, newer, or another fork at the same height) is refused: the nonce, balance and pending
 *   set then all describe one block, the one the window names.
 * - A head whose timestamp is more than {@link MAX_HEAD_FUTURE_SKEW_SECONDS} ahead of `now` is
 *   refused as STALE_HEAD: an honest head is never from the future, so either the computer's
 *   clock is behind (and every age it measures is too small, which would let a stale head pass)
 *   or the head is wrong.
 * - The wallet's own pages (the popup sending on the user's behalf) are marked by
 *   `{ kind: 'wallet' }`, set by the code that received the message from the extension itself,
 *   never derived from an origin string a site could influence. They count as permitted.
 * - Pending transactions with a nonce below the proven nonce are already included and ignored.
 *   Several pending transactions with the same nonce (a replacement) can never all be included:
 *   they count once, with the largest maxCost.
 * - A gap in the pending nonces (a batch stopped before its later calls, src/client/wallet/batches)
 *   strands every pending transaction above it, so the next transaction is the one that fills the
 *   lowest missing nonce: it is accepted there, never refused because of the gap it fills; any
 *   other new nonce is refused naming the gap. A speed-up or cancel is judged at its own pending
 *   nonce (a gap below it is no reason to refuse it).
 *
 * @example
 * ```ts
 * const verdict = checkTransactionPolicy({ now: Math.floor(Date.now() / 1000), network, head, account, pending, origin, nextBaseFee, tx });
 * if (verdict.ok) showApproval(verdict.facts, verdict.warnings);
 * else showRefusals(verdict.refusals);
 * ```
 * @module
 */
import { InputError } from '../core/errors.ts';
import { WalletError, type WalletErrorCode } from './errors.ts';
import { bumpedFee, type ReplacedTransaction, underpriced } from './replacement-fees.ts';
import { checkSigningHead, type PolicyHead } from './signing-head.ts';

export {
  isSupermajority,
  MAX_HEAD_FUTURE_SKEW_SECONDS,
  MIN_SIGNING_HEAD_AGE_SECONDS,
  type PolicyHead,
  policyHead,
  SIGNING_HEAD_AGE_SLOTS,
  signingHeadAgeSeconds,
  signsFor,
  supermajorityOf,
} from './signing-head.ts';

const UINT256_LIMIT = 1n << 256n;

/** The codes the transaction and message policies use. */
export type PolicyCode = Extract<
  WalletErrorCode,
  | 'INVALID_TRANSACTION'
  | 'INVALID_TYPED_DATA'
  | 'CHAIN_MISMATCH'
  | 'STALE_HEAD'
  | 'HEAD_THINLY_SIGNED'
  | 'NOT_PERMITTED'
  | 'NONCE_NOT_VERIFIED'
  | 'INSUFFICIENT_VERIFIED_BALANCE'
  | 'FEE_BELOW_BASE_FEE'
  | 'FEE_ABOVE_CEILING'
  | 'FEE_ABOVE_CAP'
  | 'REPLACEMENT_UNDERPRICED'
  | 'GAS_NOT_VERIFIED'
  // Added by the wallet after the policy when a simulation cannot be proven (src/client/wallet/requests.ts), last.
  | 'EFFECTS_NOT_PROVEN'
  // Added by the wallet after the policy when the simulation has the user send a token it did not read ({@link effectsRefusals}).
  | 'EFFECTS_OUTGOING_UNREAD'
  // Warnings added by the wallet for a recipient chosen by name (src/client/wallet/names/recipient-name.ts).
  | 'RECIPIENT_NAME_CHANGED'
  | 'RECIPIENT_NAME_NOT_PROVEN'
>;

/** The order refusals come in: most fundamental first. Codes appear at most once. */
export const REFUSAL_ORDER: readonly PolicyCode[] = [
  'INVALID_TRANSACTION',
  'INVALID_TYPED_DATA',
  'CHAIN_MISMATCH',
  'HEAD_THINLY_SIGNED',
  'STALE_HEAD',
  'NOT_PERMITTED',
  'NONCE_NOT_VERIFIED',
  'INSUFFICIENT_VERIFIED_BALANCE',
  'FEE_BELOW_BASE_FEE',
  'FEE_ABOVE_CEILING',
  'FEE_ABOVE_CAP',
  'REPLACEMENT_UNDERPRICED',
];

/** The most a transaction signed with no window may cost in fees (and fee-like value), unless the user raises it: 0.05 ETH. */
export const DEFAULT_UNATTENDED_MAX_COST = 5n * 10n ** 16n;

/** Who asks: the wallet's own pages, or a site with or without eth_accounts for this address. */
export type RequestOrigin = { kind: 'wallet' } | { kind: 'site'; origin: string; permitted: boolean };

export interface PolicyNetwork {
  chainId: bigint;
  /** The largest age (seconds) of the newest verified head at which Vigil still signs. */
  maxHeadAgeSeconds: number;
  /** For messages, e.g. "Sepolia". */
  name: string;
  /** SECONDS_PER_SLOT: when the next block comes (a transaction is simulated in it: src/client/wallet/transaction-preview.ts). Default 12. */
  secondsPerSlot?: number;
}

/** The sender's account as proven by eth_getProof against the state root of that block. */
export interface ProvenAccount {
  address: string;
  nonce: bigint;
  balance: bigint;
  blockNumber: bigint;
  blockHash: string;
}

/** A transaction of this wallet from this sender, broadcast but not yet in a verified receipt. */
export interface PendingTransaction {
  nonce: bigint;
  /** What it may spend at most: value + maxFeePerGas × gasLimit. */
  maxCost: bigint;
}

export interface PolicyTransaction {
  from: string;
  chainId: bigint;
  nonce: bigint;
  value: bigint;
  gasLimit: bigint;
  /** maxFeePerGas, or gasPrice for legacy and EIP-2930 transactions. */
  maxFeePerGas: bigint;
  /** maxPriorityFeePerGas (EIP-1559), or gasPrice. Needed for a replacement only. */
  maxPriorityFeePerGas?: bigint;
  /** Where the gas limit comes from: Vigil's estimate over verified state, the dApp, the user. */
  gasSource: 'verified-estimate' | 'dapp' | 'user';
}

export interface PolicyInput {
  /** Unix seconds, the caller's clock (an integer). */
  now: number;
  network: PolicyNetwork;
  /**
   * The head the transaction's facts come from: the newest verified head signed by at least two
   * thirds of its sync committee; undefined when there is none.
   */
  head?: PolicyHead;
  /**
   * The newest verified head, when it is newer than `head` and signed by fewer (the light client
   * follows it; nothing is signed against it): named in a HEAD_THINLY_SIGNED refusal.
   */
  newestHead?: PolicyHead;
  /** The sender proven at a block; undefined when not proven. */
  account?: ProvenAccount;
  /** This wallet's own pending transactions from this sender. */
  pending: readonly PendingTransaction[];
  origin: RequestOrigin;
  /** The next block's base fee from verified headers (src/execution/fees.ts nextBaseFee); undefined skips the check. */
  nextBaseFee?: bigint;
  tx: PolicyTransaction;
  /**
   * A transaction signed with no approval window (a forced-exit step): nobody sees its fees before
   * it is signed, so they are bounded. Its fee cap must be at most 2 × the verified next base fee +
   * the verified tip, or, re-signing a step that was not included (`replaces`), the least the
   * replacement rule asks over the replaced one's (FEE_ABOVE_CEILING); and its fees at the cap plus
   * its value at most `maxCost` (FEE_ABOVE_CAP: the step waits for the user, or a cheaper block).
   */
  unattended?: { verifiedTip: bigint; maxCost: bigint };
  /**
   * A speed-up or cancel: the pending transaction of this wallet whose nonce it takes. Its nonce
   * must still be unused by the proven account, and both fees at least 12.5% above the replaced
   * one's (REPLACEMENT_UNDERPRICED, ./replacement-fees.ts); only one of the two can be included,
   * so the balance must cover the dearer.
   */
  replaces?: ReplacedTransaction;
}

/** What the approval window shows: every number here is a proven value or computed from one. */
export interface VerifiedFacts {
  network: string;
  chainId: bigint;
  /** The block the balance and nonce were proven at (the head the decision used). */
  blockNumber: bigint;
  blockHash: string;
  /** now − head timestamp, seconds (negative when the head is up to the skew ahead of the clock). */
  headAgeSeconds: number;
  /** The proven nonce and balance. */
  nonce: bigint;
  balance: bigint;
  /** Own pending transactions (distinct nonces at or above the proven nonce) and what they may spend. */
  pendingCount: number;
  pendingMaxCost: bigint;
  /** value + maxFeePerGas × gasLimit of this transaction. */
  maxCost: bigint;
  /** balance − pendingMaxCost − maxCost: the least left once everything pending and this are included. */
  balanceAfter: bigint;
}

/** One rule that failed, in words for a user. */
export interface Refusal {
  code: PolicyCode;
  /** 'refusal': no signature, no override. 'warning': shown, the user may still sign. */
  severity: 'refusal' | 'warning';
  /** One sentence for a user, with the numbers. */
  message: string;
  expected?: string;
  got?: string;
}

export type PolicyVerdict =
  | { ok: true; facts: VerifiedFacts; warnings: Refusal[] }
  | { ok: false; refusals: Refusal[]; warnings: Refusal[]; facts: Partial<VerifiedFacts> };

export interface MessagePolicyInput {
  origin: RequestOrigin;
  from: string;
  /** The EIP-712 domain's chainId, when the typed data names one. */
  typedDataChainId?: bigint;
  network: { chainId: bigint; name?: string };
}

export type MessageVerdict = { ok: true } | { ok: false; refusals: Refusal[] };

/**
 * Decides whether the transaction may be signed. Never throws for anything a dApp controls;
 * throws InputError only when the caller's own inputs are malformed (a clock that is not an
 * integer, a negative bound, negative proven or pending values).
 */
export function checkTransactionPolicy(input: PolicyInput): PolicyVerdict {
  checkCallerInput(input);
  const { now, network, head, account, tx, origin } = input;
  const refusals: Refusal[] = [];
  const refuse = (code: PolicyCode, message: string, expected?: string, got?: string): void => void refusals.push(refusal(code, message, expected, got));
  const facts: Partial<VerifiedFacts> = { network: network.name, chainId: network.chainId };

  // Fields in range.
  const bad = invalidFields(tx);
  if (bad.length > 0) {
    refuse('INVALID_TRANSACTION', `The transaction is malformed: ${bad.join('; ')}.`);
  }

  // Chain.
  if (tx.chainId !== network.chainId) {
    refuse(
      'CHAIN_MISMATCH',
      `The transaction is for chain ${tx.chainId}, but Vigil verifies ${network.name} (chain ${network.chainId}).`,
      network.chainId.toString(),
      tx.chainId.toString(),
    );
  }

  // The head: signed by a supermajority of its sync committee, and fresh (./signing-head.ts).
  const age = checkSigningHead({ now, network, head, newest: input.newestHead }, refuse);
  if (age !== undefined) facts.headAgeSeconds = Number(age);

  // Permission.
  if (origin.kind === 'site' && !origin.permitted) {
    refuse('NOT_PERMITTED', `${origin.origin} is not connected to ${tx.from}; connect the account to this site first.`);
  } else if (account !== undefined && !sameHex(tx.from, account.address)) {
    refuse(
      'NOT_PERMITTED',
      `The transaction is from ${tx.from}, but the proven account is ${account.address}.`,
      account.address,
      tx.from,
    );
  }

  // Nonce.
  const pending = pendingFrom(input.pending, account?.nonce ?? 0n);
  // The lowest nonce no pending transaction holds: past them all, or the first gap (which this one fills).
  const expectedNonce = pending.gap ?? (account?.nonce ?? 0n) + BigInt(pending.nonces.length);
  if (account === undefined) {
    refuse('NONCE_NOT_VERIFIED', `The balance and nonce of ${tx.from} are not proven yet, so Vigil cannot check this transaction.`);
  } else {
    Object.assign(facts, {
      blockNumber: account.blockNumber,
      blockHash: account.blockHash,
      nonce: account.nonce,
      balance: account.balance,
      pendingCount: pending.nonces.length,
      pendingMaxCost: pending.maxCost,
    });
    if (head !== undefined && (account.blockNumber !== head.blockNumber || !sameHex(account.blockHash, head.blockHash))) {
      refuse(
        'NONCE_NOT_VERIFIED',
        `The account was proven at block ${account.blockNumber} (${short(account.blockHash)}), not at the verified head ${head.blockNumber} (${short(head.blockHash)}); Vigil proves it again before signing.`,
        `${head.blockNumber} ${head.blockHash}`,
        `${account.blockNumber} ${account.blockHash}`,
      );
    } else if (input.replaces !== undefined) {
      const replaced = input.replaces;
      if (tx.nonce !== replaced.nonce || replaced.nonce < account.nonce || !pending.nonces.includes(replaced.nonce)) {
        refuse(
          'NONCE_NOT_VERIFIED',
          replaced.nonce < account.nonce
            ? `Nonce ${replaced.nonce} is used already (proven nonce ${account.nonce} at block ${account.blockNumber}): there is nothing left to replace.`
            : `A replacement takes the nonce ${replaced.nonce} of a pending transaction of yours, but this one has nonce ${tx.nonce}.`,
          replaced.nonce.toString(),
          tx.nonce.toString(),
        );
      }
    } else if (tx.nonce !== expectedNonce && pending.gap !== undefined) {
      refuse(
        'NONCE_NOT_VERIFIED',
        `Your pending transactions skip nonce ${pending.gap} (proven nonce ${account.nonce} at block ${account.blockNumber}); the later ones cannot be included until it is filled, so this transaction takes nonce ${pending.gap}, not ${tx.nonce}.`,
        pending.gap.toString(),
        tx.nonce.toString(),
      );
    } else if (tx.nonce !== expectedNonce) {
      refuse(
        'NONCE_NOT_VERIFIED',
        `The transaction's nonce is ${tx.nonce}, but the next one is ${expectedNonce} (proven nonce ${account.nonce} at block ${account.blockNumber}${pending.nonces.length > 0 ? `, plus ${pending.nonces.length} pending` : ''}).`,
        expectedNonce.toString(),
        tx.nonce.toString(),
      );
    }
  }

  // Balance.
  const maxCost = tx.value + tx.maxFeePerGas * tx.gasLimit;
  facts.maxCost = maxCost;
  // A replacement and the one it replaces count once, the dearer of the two.
  const needed = input.replaces !== undefined && account !== undefined ? pendingFrom([...input.pending, { nonce: tx.nonce, maxCost }], account.nonce).maxCost : maxCost + pending.maxCost;
  if (account !== undefined) {
    facts.balanceAfter = account.balance - needed;
    if (needed > account.balance) {
      refuse(
        'INSUFFICIENT_VERIFIED_BALANCE',
        `This transaction may cost up to ${ether(maxCost)}${pending.maxCost > 0n ? ` and your pending ones up to ${ether(pending.maxCost)}` : ''}, more than the ${ether(account.balance)} proven at block ${account.blockNumber}.`,
        `at most ${account.balance} wei`,
        `${needed} wei`,
      );
    }
  }

  // Fee.
  if (input.nextBaseFee !== undefined && tx.maxFeePerGas < input.nextBaseFee) {
    refuse(
      'FEE_BELOW_BASE_FEE',
      `The fee cap of ${gwei(tx.maxFeePerGas)} is below the next block's base fee of ${gwei(input.nextBaseFee)}, so the transaction cannot be included.`,
      `at least ${input.nextBaseFee} wei per gas`,
      `${tx.maxFeePerGas} wei per gas`,
    );
  }

  if (input.unattended !== undefined) checkUnattendedFees(tx, input.nextBaseFee, input.unattended, input.replaces, refuse);
  if (input.replaces !== undefined) {
    const under = underpriced(input.replaces, tx.maxFeePerGas, tx.maxPriorityFeePerGas ?? tx.maxFeePerGas);
    if (under) refuse('REPLACEMENT_UNDERPRICED', `${under.message} (${gwei(under.least.maxFeePerGas)} cap, ${gwei(under.least.maxPriorityFeePerGas)} tip), or nodes keep the old one.`, under.expected, under.got);
  }

  const warnings: Refusal[] = [];
  if (tx.gasSource === 'dapp') {
    warnings.push({
      code: 'GAS_NOT_VERIFIED',
      severity: 'warning',
      message: `The gas limit of ${tx.gasLimit} comes from the site, not from Vigil's estimate over verified state; if it is too low the transaction fails and still pays its fee.`,
    });
  }

  if (refusals.length === 0 && account !== undefined && head !== undefined) {
    return {
      ok: true,
      warnings,
      facts: {
        network: network.name,
        chainId: network.chainId,
        blockNumber: account.blockNumber,
        blockHash: account.blockHash,
        headAgeSeconds: Number(BigInt(now) - head.timestamp),
        nonce: account.nonce,
        balance: account.balance,
        pendingCount: pending.nonces.length,
        pendingMaxCost: pending.maxCost,
        maxCost,
        balanceAfter: account.balance - needed,
      },
    };
  }
  return { ok: false, refusals, warnings, facts };
}

/**
 * Like {@link checkTransactionPolicy}, for the signing path: returns the facts, or throws a
 * WalletError with the first refusal's code, message, expected and got (the others in `details`).
 * Warnings do not throw: the user saw them in the approval window.
 */
export function assertTransactionPolicy(input: PolicyInput): VerifiedFacts {
  const verdict = checkTransactionPolicy(input);
  if (verdict.ok) return verdict.facts;
  throw refusalError(verdict.refusals);
}

/**
 * Decides whether a message (personal_sign, eth_signTypedData) may be signed. Messages need no
 * state; the origin must hold the permission, and typed data whose domain names a chain must
 * name the verified one (INVALID_TYPED_DATA, as src/wallet/errors.ts defines it).
 */
export function checkMessagePolicy(input: MessagePolicyInput): MessageVerdict {
  const refusals: Refusal[] = [];
  const { typedDataChainId, network, origin } = input;
  if (typedDataChainId !== undefined && typedDataChainId !== network.chainId) {
    refusals.push({
      code: 'INVALID_TYPED_DATA',
      severity: 'refusal',
      message: `The data to sign is for chain ${typedDataChainId}, but Vigil verifies ${network.name !== undefined ? `${network.name} (chain ${network.chainId})` : `chain ${network.chainId}`}; a signature could be used there.`,
      expected: network.chainId.toString(),
      got: typedDataChainId.toString(),
    });
  }
  if (origin.kind === 'site' && !origin.permitted) {
    refusals.push({
      code: 'NOT_PERMITTED',
      severity: 'refusal',
      message: `${origin.origin} is not connected to ${input.from}; connect the account to this site first.`,
    });
  }
  return refusals.length === 0 ? { ok: true } : { ok: false, refusals };
}

/** Like {@link checkMessagePolicy}, throwing a WalletError with the first refusal's code. */
export function assertMessagePolicy(input: MessagePolicyInput): void {
  const verdict = checkMessagePolicy(input);
  if (!verdict.ok) throw refusalError(verdict.refusals);
}

/** One refusal, its numbers when there are any. */
export function refusal(code: PolicyCode, message: string, expected?: string, got?: string): Refusal {
  return { code, severity: 'refusal', message, ...(expected !== undefined ? { expected } : {}), ...(got !== undefined ? { got } : {}) };
}

/** The policy's refusals as the error a page (and the approval window) gets: the first one's code, the others as details. */
export function refusalError(refusals: readonly Refusal[], why?: string): WalletError {
  const [first, ...rest] = refusals;
  if (first === undefined) throw new Error('unreachable: a failed verdict without refusals');
  // The other refusals, and what the caller knows of why (a sender that could not be proven).
  const details = [...rest.map((r) => `${r.code}: ${r.message}`), ...(why !== undefined ? [why] : [])];
  // VigilError appends ": expected …, got …" to the sentence: drop its full stop first.
  return new WalletError(first.code, first.message.replace(/\.$/, ''), {
    ...(first.expected !== undefined ? { expected: first.expected } : {}),
    ...(first.got !== undefined ? { got: first.got } : {}),
    ...(details.length > 0 ? { details: details.join('\n') } : {}),
  });
}

/** Token addresses a refusal names at most; the rest are counted. */
const MAX_NAMED_UNREAD = 8;

/**
 * What is refused of a transaction's (or a batch's) simulated effects, beside the policy's own
 * rules: EFFECTS_OUTGOING_UNREAD when the run's logs have the user send a token whose balance was
 * not read (`outgoingNotRead`, src/wallet/transaction-effects.ts): past the bound on tokens read,
 * the loss would be missing from the user's changes (audit 2026-11-28 F3). Tokens the user only
 * receives and that were not read are no refusal: the window counts them. Empty: nothing refused.
 * @example effectsRefusals({ outgoingNotRead: ['0x70…'] }) // [{ code: 'EFFECTS_OUTGOING_UNREAD', … }]
 */
export function effectsRefusals(effects: { outgoingNotRead?: readonly string[] } | undefined): Refusal[] {
  const unread = effects?.outgoingNotRead ?? [];
  if (unread.length === 0) return [];
  const named = unread.slice(0, MAX_NAMED_UNREAD).join(', ') + (unread.length > MAX_NAMED_UNREAD ? ` and ${unread.length - MAX_NAMED_UNREAD} more` : '');
  const what = unread.length === 1 ? `a token whose balance Vigil did not read (${named})` : `${unread.length} tokens whose balances Vigil did not read (${named})`;
  return [refusal('EFFECTS_OUTGOING_UNREAD', `It sends ${what}: what you would lose is not among your changes, so Vigil will not sign it.`)];
}

/** The verdict with `more` refusals after its own (the wallet's, on effects or their proof); unchanged when there are none. */
export function withRefusals(verdict: PolicyVerdict, more: readonly Refusal[]): PolicyVerdict {
  if (more.length === 0) return verdict;
  return { ok: false, refusals: [...(verdict.ok ? [] : verdict.refusals), ...more], warnings: verdict.warnings, facts: verdict.facts };
}

/** The bounds on a transaction nobody approved in a window (PolicyInput.unattended). */
function checkUnattendedFees(
  tx: PolicyTransaction,
  nextBaseFee: bigint | undefined,
  { verifiedTip, maxCost }: { verifiedTip: bigint; maxCost: bigint },
  replaces: ReplacedTransaction | undefined,
  refuse: (code: PolicyCode, message: string, expected?: string, got?: string) => void,
): void {
  // A replacement may offer what the replacement rule asks over the one it replaces, when that is more.
  const least = replaces === undefined ? 0n : bumpedFee(replaces.maxFeePerGas);
  if (nextBaseFee === undefined) {
    refuse('FEE_ABOVE_CEILING', 'The next block\'s base fee is not verified, so Vigil cannot bound the fee of a transaction signed without your approval.');
  } else if (tx.maxFeePerGas > 2n * nextBaseFee + verifiedTip && tx.maxFeePerGas > least) {
    const ceiling = 2n * nextBaseFee + verifiedTip > least ? 2n * nextBaseFee + verifiedTip : least;
    refuse(
      'FEE_ABOVE_CEILING',
      `The fee cap of ${gwei(tx.maxFeePerGas)} is above 2 × the verified next base fee (${gwei(nextBaseFee)}) + the verified tip (${gwei(verifiedTip)})${least > 0n ? ' and what a replacement needs' : ''}, the most Vigil pays without your approval.`,
      `at most ${ceiling} wei per gas`,
      `${tx.maxFeePerGas} wei per gas`,
    );
  }
  const cost = tx.value + tx.maxFeePerGas * tx.gasLimit;
  if (cost > maxCost) {
    refuse(
      'FEE_ABOVE_CAP',
      `This step may cost up to ${ether(cost)} (${tx.gasLimit} gas at up to ${gwei(tx.maxFeePerGas)}${tx.value > 0n ? `, plus ${ether(tx.value)} sent` : ''}), more than the ${ether(maxCost)} Vigil spends without asking you; it waits for a cheaper block or your approval.`,
      `at most ${maxCost} wei`,
      `${cost} wei`,
    );
  }
}

/** The caller's own inputs: malformed ones are a bug in Vigil, not something to refuse in words. */
function checkCallerInput(input: PolicyInput): void {
  if (!Number.isSafeInteger(input.now)) throw new InputError(`"now" expected integer unix seconds, got ${input.now}`);
  const bound = input.network.maxHeadAgeSeconds;
  if (!Number.isSafeInteger(bound) || bound < 0) throw new InputError(`"maxHeadAgeSeconds" expected a non-negative integer, got ${bound}`);
  const uint = (name: string, v: bigint): void => {
    if (v < 0n || v >= UINT256_LIMIT) throw new InputError(`"${name}" expected a uint256, got ${v}`);
  };
  if (input.account) {
    uint('account.nonce', input.account.nonce);
    uint('account.balance', input.account.balance);
  }
  if (input.nextBaseFee !== undefined) uint('nextBaseFee', input.nextBaseFee);
  input.pending.forEach((p, i) => {
    uint(`pending[${i}].nonce`, p.nonce);
    uint(`pending[${i}].maxCost`, p.maxCost);
  });
}

/** What is wrong with the dApp's transaction fields, in words; empty when nothing. */
function invalidFields(tx: PolicyTransaction): string[] {
  const bad: string[] = [];
  if (!/^0x[0-9a-fA-F]{40}$/.test(tx.from)) bad.push(`"from" is not an address`);
  for (const name of ['chainId', 'nonce', 'value', 'gasLimit', 'maxFeePerGas'] as const) {
    const v = tx[name];
    if (v < 0n) bad.push(`${name} is negative (${v})`);
    else if (v >= UINT256_LIMIT) bad.push(`${name} does not fit in 256 bits`);
  }
  return bad;
}

/** Pending nonces at or above the proven nonce (distinct, ascending), the first gap, and the worst-case spend. */
function pendingFrom(pending: readonly PendingTransaction[], provenNonce: bigint): { nonces: bigint[]; gap?: bigint; maxCost: bigint } {
  const worst = new Map<bigint, bigint>();
  for (const p of pending) {
    if (p.nonce < provenNonce) continue;
    const seen = worst.get(p.nonce);
    if (seen === undefined || p.maxCost > seen) worst.set(p.nonce, p.maxCost);
  }
  const nonces = [...worst.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let maxCost = 0n;
  for (const c of worst.values()) maxCost += c;
  const gapAt = nonces.findIndex((n, i) => n !== provenNonce + BigInt(i));
  return gapAt < 0 ? { nonces, maxCost } : { nonces, maxCost, gap: provenNonce + BigInt(gapAt) };
}

function sameHex(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function short(hash: string): string {
  return hash.length > 14 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
}

/** Wei as an exact decimal amount of ether: "1.5 ETH", "0.000000000000000001 ETH". */
function ether(wei: bigint): string {
  return `${decimal(wei, 18)} ETH`;
}

/** Wei per gas in gwei, exact: "12.5 gwei". */
function gwei(wei: bigint): string {
  return `${decimal(wei, 9)} gwei`;
}

function decimal(value: bigint, decimals: number): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const fraction = (abs % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${sign}${abs / unit}${fraction ? `.${fraction}` : ''}`;
}

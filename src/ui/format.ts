/**
 * Words for the popup and the approval window: ages, short hashes, exact amounts (bigint only),
 * and what each error code means for the user.
 * @module
 */
import { followedTokenProblem } from '../core/token-rules.ts';
import { aboutDuration, formatDuration, formatUnits } from '../core/units.ts';

export { aboutDuration, amountWords, type AmountWords, delayWords, formatDuration, formatEth, formatGwei, formatNative, formatUnits, type Rounding, SHORT_FLOOR_PLACES, shortUnits } from '../core/units.ts';
import type { ErrorView, NetworkView, RollupView, Status, SyncState } from '../extension/messages.ts';

/** "just now", "12 s ago", "3 min ago", "2 h ago", "4 days ago". */
export function formatAge(seconds: number): string {
  return Math.round(seconds) < 2 ? 'just now' : `${formatDuration(seconds)} ago`;
}

export function shortHash(hex: string, chars = 6): string {
  return hex.length <= 2 + chars * 2 ? hex : `${hex.slice(0, 2 + chars)}…${hex.slice(-chars)}`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

export function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export const STATE_LABEL: Record<SyncState, string> = {
  unconfigured: 'Not set up',
  starting: 'Starting',
  bootstrapping: 'Bootstrapping',
  'catching-up': 'Catching up',
  synced: 'Verified',
  stale: 'Stale',
  error: 'Problem',
};

export type Tone = 'good' | 'busy' | 'warn' | 'bad' | 'idle';

export function stateTone(state: SyncState): Tone {
  switch (state) {
    case 'synced':
      return 'good';
    case 'starting':
    case 'bootstrapping':
    case 'catching-up':
      return 'busy';
    case 'stale':
      return 'warn';
    case 'error':
      return 'bad';
    default:
      return 'idle';
  }
}

/** The background's weak-subjectivity period of the network (absent from an older background's status). */
export type WeakSubjectivityView = NetworkView['weakSubjectivity'];

/**
 * "the weak-subjectivity period (about 14 days)", "… (about 6.6 days, shorter since this network's
 * Glamsterdam upgrade)": how old a checkpoint may be, by the network's fork (src/l1/weak-subjectivity.ts).
 */
export function weakSubjectivityPeriodWords(ws: WeakSubjectivityView): string {
  if (ws === undefined) return 'the weak-subjectivity period';
  return `the weak-subjectivity period (${aboutDuration(ws.seconds)}${ws.gloas ? ", shorter since this network's Glamsterdam upgrade" : ''})`;
}

/** "14 days", "6 days": the period rounded down to whole days, for advice (hours under two days). */
export function weakSubjectivityAdvice(ws: NonNullable<WeakSubjectivityView>): string {
  const days = Math.floor(ws.seconds / 86_400);
  return days >= 2 ? `${days} days` : aboutDuration(ws.seconds);
}

/**
 * One sentence a user understands, for an error the background recorded. `ws`: the network's
 * weak-subjectivity period (Status.network), named in the refusals of an old checkpoint or store.
 */
export function explainError(e: ErrorView, ws?: WeakSubjectivityView): string {
  const from = e.endpoint ? ` (${hostOf(e.endpoint)})` : '';
  const page = e.origin ? ` (asked by ${hostOf(e.origin)})` : '';
  switch (e.code) {
    case 'PROOF_VALUE_MISMATCH':
      return `The execution RPC${from} sent a value its own proof contradicts${page}. Vigil refused it: nothing unproven was shown.`;
    case 'PROOF_ROOT_MISMATCH':
    case 'PROOF_ADDRESS_MISMATCH':
    case 'PROOF_NODE_HASH_MISMATCH':
    case 'PROOF_MISSING_NODE':
    case 'PROOF_EXTRA_NODES':
    case 'PROOF_INVALID_NODE':
    case 'PROOF_INVALID_ACCOUNT':
    case 'PROOF_TOO_LARGE':
      return `The execution RPC${from} sent a proof that does not match the verified chain${page}. Vigil refused it.`;
    case 'CODE_HASH_MISMATCH':
      return `The execution RPC${from} sent contract code that is not the code on chain${page}. Vigil refused it.`;
    case 'INVALID_INPUT':
      return e.source === 'read'
        ? `The execution RPC${from} sent a malformed answer${page}. Vigil refused it.`
        : `Something is malformed: ${e.message}`;
    case 'SYNC_SIGNATURE_INVALID':
      return `The beacon API${from} sent an update the sync committee did not sign. Vigil ignored it and kept its verified state.`;
    // The weak-subjectivity refusals: past the period (14 days, about 6.6 from Gloas on) a signed
    // history is no longer proof, so Vigil stops rather than guess; the way out is a recent root
    // the user gets from someone they trust.
    case 'LC_CHECKPOINT_TOO_OLD':
      return `The checkpoint is older than ${weakSubjectivityPeriodWords(ws)}, so Vigil cannot safely start from it. Enter a recent finalized block root in Settings → Checkpoint, from a source you trust (a block explorer, or a node of your own or of a friend).`;
    case 'LC_STORE_AGED_OUT':
      return `Vigil was away for longer than ${weakSubjectivityPeriodWords(ws)}: its saved state is too old to continue from safely. Enter a recent finalized block root in Settings → Checkpoint, from a source you trust (a block explorer, or a node of your own or of a friend).`;
    case 'LC_CHECKPOINT_DISAGREEMENT':
      return 'Your beacon APIs disagree on the latest finalized block. Set a checkpoint you trust in Settings.';
    // The chain moved to a fork this version cannot verify: nothing past it is shown as proven.
    case 'UNKNOWN_FORK':
    case 'LC_UNSUPPORTED_FORK':
      return `The network has moved to a fork this version of Vigil cannot follow yet${from}. Vigil keeps the last block it verified: balances stay as of that block and sending waits. Update Vigil to follow the chain again.`;
    // A block of rules this EVM does not have (a later fork, a BPO fork past those it knows): proven, not run.
    case 'EXECUTION_UNSUPPORTED':
      return `Vigil follows and proves the newest blocks, but it cannot yet run this network's new execution rules (${e.message}). Balances stay proven; calls, previews and sending wait for an update of Vigil.`;
    // A proven header that says other rules built it than the network's schedule has.
    case 'EXECUTION_FORK_MISMATCH':
      return `The newest proven block and this network's fork schedule disagree on which rules built it (${e.message}). Balances stay proven; calls, previews and sending wait until they agree or Vigil is updated.`;
    case 'LC_BOOTSTRAP_ROOT_MISMATCH':
    case 'LC_INVALID_SYNC_COMMITTEE_BRANCH':
      return `The beacon API${from} sent a starting state that does not match your checkpoint.`;
    case 'LC_STORE_MISMATCH':
      return 'The saved light-client state belongs to another network configuration.';
    case 'STALE_HEAD':
      return `No new verified block lately: ${e.message}. The beacon APIs may be down or withholding updates.`;
    case 'NO_VERIFIED_HEAD':
      return 'Vigil has not verified a block yet, so it cannot prove anything for pages yet.';
    case 'BLOCK_NOT_VERIFIED':
      return `A page asked for a block Vigil has not verified${page}; it got an error instead of unproven data.`;
    case 'TIMEOUT':
      return `A server${from} did not answer in time.`;
    case 'NETWORK':
    case 'ALL_ENDPOINTS_FAILED':
      return `Vigil could not reach ${e.endpoint ? hostOf(e.endpoint) : e.source === 'read' ? 'any execution RPC' : 'any beacon API'}.`;
    case 'NOT_AVAILABLE':
      return `The beacon API${from} has no light-client data for that yet.`;
    case 'HTTP_STATUS':
    case 'BAD_RESPONSE':
      return `A server${from} answered with an error.`;
    case 'DB_OPEN_FAILED':
    case 'DB_ERROR':
      return 'Vigil could not use its browser storage.';
    default:
      if (e.code.startsWith('LC_')) {
        return `The beacon API${from} sent light-client data that does not verify. Vigil ignored it and kept its verified state.`;
      }
      return e.message;
  }
}

/** The one line under the network name. */
export function summary(status: Status): string {
  switch (status.state) {
    case 'unconfigured':
      return 'Add a beacon API and an execution RPC in Settings to start.';
    case 'starting':
      return 'Starting the light client…';
    case 'bootstrapping':
      return 'Verifying the checkpoint…';
    case 'catching-up':
      return status.period ? `Following sync committees: period ${status.period.current} of ${status.period.head}` : 'Catching up…';
    case 'synced':
      return status.optimistic?.thinlySigned
        ? 'Following the chain, but the newest block was signed by fewer than two thirds of its sync committee: transactions are signed only against a block two thirds signed.'
        : 'Following the chain: every value is proven.';
    case 'stale':
      return 'No new verified block lately: values may be out of date.';
    case 'error':
      return 'The light client could not start; retrying.';
  }
}

// ------------------------------------------------------------------ amounts and addresses

/** Why a typed amount is not one (in words), or its base units. */
export type ParsedAmount = { ok: true; value: bigint } | { ok: false; reason: string };

/**
 * A decimal amount as the user typed it ("1.5", "0.01", ".5") into base units, with bigint
 * arithmetic only (no floating point anywhere).
 * @example parseUnits('1.5', 18) // { ok: true, value: 1500000000000000000n }
 */
export function parseUnits(text: string, decimals: number): ParsedAmount {
  const t = text.trim().replace(/_/g, '');
  if (t === '') return { ok: false, reason: 'enter an amount' };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { ok: false, reason: `"${text.trim()}" is not a number like 1.5` };
  const whole = m[1] || '0';
  const frac = m[2] ?? '';
  if (frac.length > decimals) return { ok: false, reason: `at most ${decimals} decimal places` };
  const value = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  if (value >= 1n << 256n) return { ok: false, reason: 'the amount is too large' };
  return { ok: true, value };
}

/** A bigint as an Ethereum JSON-RPC quantity: '0x0', '0x14d1120d7b160000'. */
export function toQuantity(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** 0x and 40 hex digits (the checksum is the background's to check). */
export function isAddressLike(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text);
}

/** A followed token as the popup shows it: a label, and decimals only when the row keeps the rule. */
export interface TokenShown {
  label: string;
  /** Undefined for a marked row: its balance is shown in base units. */
  decimals: number | undefined;
  /** Why the row is marked, in words. */
  problem: string | undefined;
}

/**
 * What the popup shows of a followed token at `address` whatever the stored row holds (a page's
 * huge string, bidi controls, decimals out of range in a row an older version kept): its own
 * symbol and decimals when they keep the rule (src/core/token-rules.ts), else its short address,
 * marked, and base units.
 */
export function tokenShown(meta: unknown, address: unknown): TokenShown {
  const at = typeof address === 'string' && isAddressLike(address) ? shortAddress(address) : 'a token';
  const marked = (meta as { problem?: unknown } | undefined)?.problem;
  const problem = typeof marked === 'string' ? marked.slice(0, 200) : meta === undefined ? 'not followed' : followedTokenProblem(meta);
  if (problem !== undefined) return { label: at, decimals: undefined, problem };
  const { symbol, decimals } = meta as { symbol: string; decimals: number };
  return { label: symbol, decimals, problem: undefined };
}

/** A token amount (decimal base units, as the background sends it) in its units; in base units without decimals; '?' for what is no integer. */
export function formatTokenAmount(value: unknown, decimals: number | undefined): string {
  if (typeof value !== 'string' || !/^-?\d{1,100}$/.test(value)) return '?';
  return decimals === undefined ? `${formatUnits(value, 0)} base units` : formatUnits(value, decimals);
}

/** '0xAbCd…1234'. */
export function shortAddress(address: string): string {
  return address.length === 42 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A local wall-clock time HH:MM:SS. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A background error as the wallet screens show it. */
export interface WalletErrorLike {
  code?: string;
  message: string;
  expected?: string;
}

/**
 * When a PASSWORD_BACKOFF error allows the next try: the vault says "a try at or after <ms>" in
 * `expected` (the wire keeps no other field for it).
 */
export function backoffUntil(e: WalletErrorLike): number | undefined {
  const m = /(\d{10,})/.exec(e.expected ?? '');
  return m ? Number(m[1]) : undefined;
}

/** One sentence for a wallet error. */
export function explainWalletError(e: WalletErrorLike): string {
  switch (e.code) {
    case 'WRONG_PASSWORD':
      return 'Wrong password';
    case 'PASSWORD_BACKOFF': {
      const at = backoffUntil(e);
      return at === undefined ? 'Too many tries: wait a little before the next one' : `Too many tries: wait until ${formatClock(at)}`;
    }
    case 'VAULT_INVALID':
      return `The wallet's vault cannot be opened: ${e.message}`;
    case 'LOCKED':
      return 'The wallet is locked: unlock it first.';
    case 'WEAK_PASSWORD':
      return 'The password is too short: use at least 8 characters.';
    case 'INVALID_MNEMONIC':
      return 'That is not a valid recovery phrase (a word is unknown, the count is wrong, or the checksum does not match).';
    case 'INVALID_PRIVATE_KEY':
      return 'That is not a valid private key.';
    case 'DUPLICATE_ACCOUNT':
      return 'That account is in the wallet already.';
    case 'UNKNOWN_ACCOUNT':
      return 'The wallet holds no such account.';
    case 'TOKEN_NOT_A_CONTRACT':
      return 'There is no contract at that address (proven at the newest verified block).';
    case 'TOKEN_METADATA_MISMATCH':
      return `That is not the token's own: ${e.message}. Leave the symbol and decimals empty to take the token's.`;
    case 'TOKEN_METADATA_INVALID':
      return `Vigil does not follow this token: ${e.message}.`;
    case 'USER_REJECTED':
      return 'Rejected in the Vigil window.';
    case 'NO_REPLY':
      return "Vigil's background did not answer.";
    default:
      return e.message;
  }
}

/** An error thrown by the API as what explainWalletError reads: a Vigil error's one sentence, without its details. */
export function errorLike(err: unknown): WalletErrorLike {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; expected?: unknown; shortMessage?: unknown };
    return { message: typeof e.shortMessage === 'string' ? e.shortMessage : e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}), ...(typeof e.expected === 'string' ? { expected: e.expected } : {}) };
  }
  return { message: String(err) };
}

// ------------------------------------------------------------------ rollups

export type Liveness = NonNullable<RollupView['liveness']>;

/** Toned like the sync state: a stalled or frozen rollup is a problem, a delayed one a warning. */
export const LIVENESS_TONE: Record<Liveness, Tone> = { healthy: 'good', delayed: 'warn', stalled: 'bad', frozen: 'bad' };

/** The proven L1 facts a liveness state rests on, each in words. */
export function livenessFacts(facts: NonNullable<RollupView['facts']>): string[] {
  return [
    `last batch ${formatAge(facts.lastBatchAgeSeconds)}`,
    facts.oldestQueuedAgeSeconds === null ? 'L1 queue empty' : `oldest queued L1 request waited ${formatDuration(facts.oldestQueuedAgeSeconds)}`,
    ...(facts.frozen ? ['frozen: escape hatch open'] : []),
  ];
}

/**
 * A balance that is not current (its rollup changed under Vigil): its last proven value, how old
 * it is and at which L2 block, then why: "1.5 ETH, proven 3 days ago at L2 block 123 — not
 * current: Vigil needs an update to follow OP Sepolia".
 */
export function staleBalanceWords(amount: string, ageSeconds: number | undefined, l2Block: number, rollupName: string, unit: 'batch' | 'L2 block' = 'L2 block'): string {
  const age = ageSeconds === undefined ? '' : ` ${formatAge(ageSeconds)}`;
  return `${amount}, proven${age} at ${unit} ${formatNumber(l2Block)} — not current: Vigil needs an update to follow ${rollupName}`;
}

/**
 * One sentence for an error about a rollup or an L2 account: the wallet's refusals (L2_*
 * rules the sequencer or Vigil applies) and what failed to verify; other codes as the wallet's.
 */
export function explainL2Error(e: WalletErrorLike): string {
  switch (e.code) {
    case 'L2_INSUFFICIENT_BALANCE':
      return 'The proven L2 balance does not cover this amount (with your transfers not yet in a verified batch).';
    case 'L2_ACCOUNT_MISSING':
      return 'That L2 account does not exist (yet): a deposit from L1 opens one.';
    case 'L2_ACCOUNT_NOT_PROVABLE':
      return `Vigil proves this rollup's state root, not its accounts yet: ${e.message}`;
    case 'L2_NO_ACCOUNT':
      return 'This account has no L2 account on that rollup yet: deposit first.';
    case 'L2_RECIPIENT_MISSING':
      return 'The recipient has no L2 account proven on that rollup: a transfer to it could not be applied.';
    case 'L2_KEY_MISMATCH':
      return "That L2 account holds another key than the one this wallet derives for it: Vigil will not sign for it.";
    case 'ROLLUP_NOT_FOLLOWED':
      return `Vigil does not follow that rollup on this network (or has no L2 RPC for it): ${e.message}`;
    case 'L2_SELF_TRANSFER':
      return 'The sender and the recipient are the same L2 account.';
    case 'L2_NONCE_USED':
      return 'The L2 has a transfer with this nonce already: wait for the next verified batch and try again.';
    case 'L2_OWNER_MISMATCH':
      return 'That L2 account belongs to another L1 address: Vigil refused it.';
    case 'L2_SIGNATURE_INVALID':
      return "The L2 refused the transfer's signature.";
    case 'L2_TX_EXPIRED':
      return 'The transfer expired before the L2 took it.';
    case 'L2_TX_MALFORMED':
    case 'L2_FIELD_OUT_OF_RANGE':
      return `The transfer or the L2's answer is malformed: ${e.message}`;
    case 'ROLLUP_FROZEN':
      return 'The rollup is frozen on L1 (its escape hatch is open): nothing sent to it could be included.';
    case 'ROLLUP_STALLED':
      return 'The rollup is stalled (its last batch or its L1 queue is too old, proven on L1): a deposit now could stay locked in its queue. Wait for it to recover, or exit what you hold there.';
    case 'ROLLUP_HALTED':
      return 'The rollup takes no transactions now.';
    case 'L2_BATCH_PROOF_INVALID':
      return "The rollup's batch has a validity proof that does not verify against the pinned key: Vigil shows nothing from it.";
    case 'L2_BATCH_ROOT_MISMATCH':
    case 'L2_COMMIT_MISMATCH':
      return "The rollup's batch does not match what L1 recorded for it: Vigil shows nothing from it.";
    case 'L2_PROOF_ROOT_MISMATCH':
      return "The L2 RPC sent an account proof that does not match the root L1 accepted: Vigil refused it.";
    case 'L2_VERIFIER_CHANGED':
      return "The rollup's L1 contract now uses another verifier, program key or proof release than the pinned ones: an upgrade Vigil does not accept until its rollup config does.";
    case 'L2_BATCH_NOT_FOUND':
      return 'The L1 transaction that committed the batch is on no verified block: Vigil cannot check it.';
    case 'L2_STORAGE_NOT_PROVEN':
      return "The execution RPC did not prove the rollup contract's storage: Vigil cannot follow it.";
    // Real rollups (src/l2/op-stack, arbitrum, scroll): what L1 committed to, and the L2's word against it.
    case 'L2_IMPLEMENTATION_UNKNOWN':
    case 'OP_GAME_UNKNOWN':
    case 'OP_RESPECTED_GAME_TYPE_CHANGED':
      return "The rollup's L1 contracts were upgraded to code this version of Vigil does not know: it follows nothing from them until its rollup config knows the new code.";
    case 'L2_CONTRACT_MISMATCH':
      return "The rollup's L1 contracts do not point at each other as its config says: Vigil follows nothing from them.";
    case 'L2_HEADER_NOT_FOUND':
      return 'The L2 RPC did not give the L2 block L1 committed to: Vigil asks again at the next verified head.';
    case 'L2_HEADER_INVALID':
    case 'L2_HEADER_MISMATCH':
    case 'L2_SEND_ROOT_UNCONFIRMED':
    case 'OP_HEADER_MISMATCH':
    case 'OP_OUTPUT_ROOT_MISMATCH':
      return "The L2 RPC gave an L2 block that is not the one L1 committed to: Vigil refused it.";
    case 'L2_HEADER_NOT_LATEST':
      return "The L2 RPC gave a confirmed L2 block that is not the newest one L1 confirmed: Vigil shows no state older than L1's newest.";
    case 'OP_SUPER_ROOT_INVALID':
      return "A dispute game on L1 claims a super root whose preimage is malformed or does not hash to its claim: Vigil refused it.";
    case 'OP_SUPER_ROOT_CHAIN_MISSING':
      return "A dispute game on L1 claims a super root that holds no output root of this rollup: Vigil refused it.";
    case 'OP_PORTAL_PROOF_FORM':
      return "The rollup's L1 portal does not accept a withdrawal proof against this dispute game in the form it takes: Vigil signs nothing and waits for a game it does accept.";
    case 'OP_NO_VALID_GAME':
      return 'No recent dispute game on L1 is valid, and no finalized one is anchored: there is no L2 state to prove against.';
    case 'SCROLL_FINALIZED_ROOT_MISSING':
      return "Scroll's L1 contract holds no state root for its last finalized batch: Vigil follows nothing from it.";
    case 'SCROLL_ZKTRIE_ROOT':
      return "Scroll's last finalized batch predates its move to Ethereum's state trie: Vigil cannot prove accounts against it.";
    case 'L2_BALANCE_OVERFLOW':
    case 'L2_NONCE_OVERFLOW':
    case 'L2_QUEUE_COUNT':
    case 'L2_QUEUE_ORDER':
    case 'L2_DEPOSIT_FIELDS_NOT_ZERO':
    case 'L2_FORCED_AMOUNT_MISMATCH':
      return `The rollup's batch breaks its own rules (${e.message}): Vigil shows nothing from it.`;
    // Real rollups' forced exits (src/l2/*/exit.ts): the L2 RPC's hints refused, and what L1 proved.
    case 'SCROLL_VERIFIER_CHANGED':
      return "Scroll's L1 contract now accepts roots through another proof verifier than the pinned one: an upgrade Vigil does not accept.";
    case 'ARB_L2_HINT_REFUSED':
    case 'SCROLL_EXIT_HINT_MISMATCH':
    case 'SCROLL_WITHDRAW_PROOF_INVALID':
    case 'OP_GAME_INVALID':
      return `The L2 RPC (or the rollup's indexer) gave something L1's proven state contradicts: Vigil signed nothing with it and asks again at the next verified head (${e.message}).`;
    case 'ARB_L2_TX_INVALID':
      return `The L2 transaction the wallet signed for the exit is not the one asked for: nothing was sent (${e.message}).`;
    case 'ARB_DELAYED_MESSAGE_MISMATCH':
      return "The exit's message in Arbitrum's delayed inbox does not match what L1 holds for it: Vigil forces nothing in with it.";
    case 'ARB_L2_TX_DROPPED':
      return 'Arbitrum read the forced message, but the withdrawal never ran on L2 (its nonce was taken or its fee too low): the wallet signs a new one and sends it again.';
    case 'OP_OUTPUT_DELETED':
      return "The output the withdrawal was proven against was deleted by the oracle's challenger: Vigil proves it again against a newer output, and the finalization period starts over.";
    case 'OP_DEPOSIT_FAILED_ON_L2':
      return "The L2 RPC says the forced deposit failed on L2; L1 cannot prove it either way, so Vigil keeps waiting for the withdrawal to appear in a proven output root.";
    case 'ABI_MALFORMED':
      return `L1 logged something Vigil cannot read as what the exit sent (${e.message}): nothing more is signed for it.`;
    case 'OP_WITHDRAWAL_CALL_FAILED':
      return 'The withdrawal was finalized on L1 but its call failed (WithdrawalFinalized with success = false): the funds stay with the portal.';
    // A forced exit's problems (src/l2/exit-plan.ts and the plans, src/client/exits/exit-service.ts) and
    // the signing policy's refusals of its steps (src/wallet/policy.ts).
    case 'EXIT_TX_REVERTED':
      return 'An L1 transaction of the exit reverted (its gas is spent): the wallet tries the step again at the next verified head, and stops after 3 reverts.';
    case 'L2_PROOF_INVALID':
      return "The L2 RPC sent an account proof that does not verify: Vigil signs no escape with it and asks again at the next verified head.";
    case 'STALE_HEAD':
      return "Vigil has no recent verified L1 head: it reads the rollup and signs only on a fresh one, so this waits until the light client catches up.";
    case 'HEAD_THINLY_SIGNED':
      return 'The newest L1 blocks were signed by fewer than two thirds of the sync committee: the exit signs only against one two thirds signed, so this waits until such a block comes.';
    case 'INSUFFICIENT_VERIFIED_BALANCE':
      return "The account's proven L1 balance does not cover the L1 gas (and value): add ETH to it on L1.";
    case 'NONCE_NOT_VERIFIED':
      return "The account's L1 nonce is not proven at the head (or another of its transactions is pending): the wallet signs once it is.";
    case 'FEE_ABOVE_CAP':
      return `The step would cost more than Vigil spends without asking you (${e.message}): it tries again at each verified head and goes on once fees are lower.`;
    case 'FEE_BELOW_BASE_FEE':
    case 'FEE_ABOVE_CEILING':
    case 'GAS_NOT_VERIFIED':
    case 'CHAIN_MISMATCH':
      return `The signing policy refused to sign it: ${e.message}`;
    case 'WOULD_REVERT':
      return "Vigil's own run of the transaction over proven L1 state reverts, so it signed nothing (no gas spent).";
    case 'TIMEOUT':
    case 'NETWORK':
    case 'ALL_ENDPOINTS_FAILED':
      return `Vigil could not reach a server (${e.message}): it tries again at the next verified head.`;
    default:
      return explainWalletError(e);
  }
}

/** A forced exit's problems and refusals in words (every plan's, and the exit service's); the rest as the L2 and wallet errors are said. */
export function explainExitError(e: WalletErrorLike): string {
  switch (e.code) {
    case 'EXIT_UNDER_WAY':
      return 'An exit of this account from this rollup is already under way: one at a time.';
    case 'EXIT_NOT_AVAILABLE':
      return 'Vigil knows no forced-exit route for this rollup.';
    case 'NOT_AVAILABLE':
      return `What the next step needs could not be had at this head (${e.message}): the wallet tries again at the next verified head.`;
    case 'HTTP_STATUS':
      return `A server answered with an error (${e.message}): the wallet tries again at the next verified head.`;
    case 'PROOF_VALUE_MISMATCH':
      return `A proof the exit was given contradicts what it was asked to show (${e.message}): Vigil signed nothing with it.`;
    case 'BLOCK_NOT_VERIFIED':
      return `A block the exit relies on is above the newest verified head (${e.message}): the wallet asks again once the light client reaches it.`;
    // The escape's account proof could come neither from the L2 RPC nor from Ethereum: no beacon API served the blob to rebuild it (never called withheld on their word).
    case 'ESCAPE_BLOB_UNAVAILABLE':
      return 'The escape proof could not be rebuilt from Ethereum alone: no beacon API served the blob data of a batch, and the L2 RPC gave no proof that checks out. The wallet tries again at the next verified head; a beacon API that keeps blobs longer helps.';
    case 'HEADER_TOO_FAR':
      return `The receipt of a transaction this exit sent is in a block too far below the newest verified head to prove now, and Vigil kept none from when it could (${e.message}). It tries again as finality catches up.`;
    default:
      return explainL2Error(e);
  }
}

// ------------------------------------------------------------------ adding a network

/** Seconds since the epoch as a UTC date and time: '2026-11-23 05:04:53 UTC'. */
export function formatUtc(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * One sentence for why "Add network" could not read or save a network (the background's
 * InputError / VerificationError / TransportError codes); other codes as the wallet's.
 */
export function explainNetworkError(e: WalletErrorLike): string {
  switch (e.code) {
    case 'HTTP_STATUS':
      return `The server answered with an error status (${e.message}). Check the URL: it should be the beacon API's base, without /eth/v1/….`;
    case 'NETWORK':
    case 'ALL_ENDPOINTS_FAILED':
      return `Vigil could not reach the server (${e.message}). Check the URL and that the node is running.`;
    case 'TIMEOUT':
      return `The server did not answer in time (${e.message}).`;
    case 'BAD_RESPONSE':
      return `The server's answer is not what a beacon API (or an execution RPC) sends: ${e.message}`;
    case 'INVALID_INPUT':
    case 'INVALID_URL':
    case 'INVALID_CONFIG':
      return `Something is malformed: ${e.message}`;
    case 'CHAIN_MISMATCH':
    case 'CHAIN_ID_MISMATCH':
      return `The execution RPC belongs to another chain than the beacon API: ${e.message}`;
    case 'UNKNOWN_FORK':
      return `The network schedules a fork Vigil does not know: ${e.message}`;
    case 'NETWORK_GENESIS_MISMATCH':
      return `The servers do not describe one network (${e.message}): one of them follows another chain, or lies.`;
    case 'NETWORK_FORK_SCHEDULE_MISMATCH':
      return `The beacon API's fork schedule contradicts its own config (${e.message}): Vigil will not guess which is right.`;
    case 'NETWORK_CHAIN_ID_MISMATCH':
      return `The execution RPC serves another chain than the beacon API: ${e.message}`;
    case 'NETWORK_CHECKPOINT_DISAGREEMENT':
      return `The beacon APIs disagree on the finalized checkpoint (${e.message}). One of them follows another chain or lies: Vigil trusts neither. Remove the one you do not trust, or give a checkpoint you got from a source you trust.`;
    case 'NETWORK_EXISTS':
    case 'DUPLICATE_NETWORK':
      return `Vigil has this network already: ${e.message}`;
    default:
      return explainWalletError(e);
  }
}

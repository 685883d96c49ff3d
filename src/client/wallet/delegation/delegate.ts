/**
 * Delegating an account to the pinned EIP-7702 delegate, or revoking its delegation, on verified
 * state only (https://eips.ethereum.org/EIPS/eip-7702). One self-sponsored set-code transaction from
 * the account to itself (value 0, no data) whose one authorization names the pinned delegate, or
 * the zero address to revoke:
 *
 * - the account proven with its code at the signing head (its delegation now: ./delegation.ts);
 * - the delegate's code proven there too, and its code hash the pin's (src/wallet/eip7702-pin.ts):
 *   the network's address (its profile's `delegator`) is only where to look (DELEGATE_NOT_PINNED);
 * - the authorization's chain id the followed chain's (never 0), its nonce the transaction's + 1:
 *   the sender's nonce is bumped before the list is processed (EIP-7702, "Behavior");
 * - fees as any send (../tip.ts, the verified next base fee); the gas limit from Vigil's own
 *   estimate with the list run (`ownAuthorizations`), the effects from its simulation there, and the
 *   account's code after it read back in the same simulated block (a probe that copies it), so the
 *   window says what the code becomes because the run says so, not because Vigil expects it;
 * - after inclusion (the activity verifies the receipt), the delegation read again proven at the
 *   next head ({@link confirmDelegation}).
 *
 * Nothing is signed before the user approves: the estimate and the simulation run the tuple
 * unsigned, its authority (the account itself) named (src/execution/authorizations.ts
 * OwnAuthorization), so no signature of the user's exists while the window is open, and none can
 * reach an endpoint in a call object (src/client/verified/call.ts asks no access-list hint for the
 * wallet's own authorizations either). The caller signs the planned tuple after the click and builds
 * the transaction with ./authorization.ts, which holds the signature to the plan. Pure over
 * the chain: the caller signs, stores and broadcasts.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../core/bytes.ts';
import { InputError, VerificationError } from '../../../core/errors.ts';
import { TransportError } from '../../../rpc/errors.ts';
import { nextBlockEnv } from '../../../execution/block-env.ts';
import { DELEGATION_PREFIX } from '../../../execution/delegation-indicator.ts';
import { revertMessage } from '../../../execution/revert.ts';
import { classifyCode, knownDelegate } from '../../../wallet/eip7702.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../wallet/eip7702-pin.ts';
import { WalletError } from '../../../wallet/errors.ts';
import type { PendingTransaction } from '../../../wallet/policy.ts';
import type { UnsignedAuthorization } from '../../../wallet/set-code-authorization.ts';
import { summarizeEffects, type TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { type Address, parseAddress, type TransactionRequest } from '../../../wallet/transaction-request.ts';
import type { UnauthorizedSetCodeTransaction } from './authorization.ts';
import { type AccountDelegation, delegationOf } from './delegation.ts';
import { walletTip } from '../tip.ts';
import { type FilledTransaction, nextNonce, noSigningHead, type TransactionFacts, type WalletChain, type WalletHead } from '../transactions.ts';

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;

/** What the popup asks: make the account a smart account (the pinned delegate), or take its delegation away. */
export type DelegationAction = 'delegate' | 'revoke';

/** The account's code before and after, as the window says it (JSON). */
export type CodeState = { kind: 'none' } | { kind: 'delegated'; delegate: string; known: string | null };

/** An account's delegation change, planned at the signing head and its authorization not yet signed. */
export interface DelegationPlan {
  action: DelegationAction;
  from: Address;
  head: WalletHead;
  /** The account now, proven with its code. */
  before: AccountDelegation;
  /** The same, as the window says it. */
  beforeState: CodeState;
  authorization: UnsignedAuthorization;
  /** The transaction's nonce (the authorization's is this + 1). */
  nonce: bigint;
  facts: TransactionFacts;
}

/** A delegation change ready for its window: the transaction (its authorization not signed yet), what it does. */
export interface PreparedDelegation extends Omit<FilledTransaction, 'tx' | 'described'> {
  plan: DelegationPlan;
  tx: UnauthorizedSetCodeTransaction;
  /** What the simulation over proven state showed: the fee it costs (and any other movement). */
  effects: TransactionEffects;
  /** The account's code after the transaction, as the simulation read it back. */
  after: CodeState;
}

const TX_BASE_GAS = 21_000n;
const GAS_MARGIN_NUM = 6n;
const GAS_MARGIN_DEN = 5n;
const BASE_FEE_MULTIPLIER = 2n;

/** What {@link planDelegation} is asked. */
export interface DelegationParams {
  from: string;
  action: DelegationAction;
  /** The network's pinned delegate address (its profile's `delegator`); undefined: not offered here. */
  delegator: string | undefined;
  pending: readonly PendingTransaction[];
  /** Seconds. */
  now: number;
}

/**
 * Where a delegation's proofs are fetched and its runs happen (the app host in the extension, so
 * the service worker, which holds the keyring and signs, carries none of it): plan, then prepare
 * (the authorization unsigned), and after inclusion confirm at the signing head.
 */
export interface DelegationHost {
  plan(params: DelegationParams): Promise<DelegationPlan>;
  prepare(plan: DelegationPlan, now: number): Promise<PreparedDelegation>;
  /** {@link confirmDelegation} at the newest signing head. */
  confirm(from: string, action: DelegationAction, delegate: string, now: number): Promise<AccountDelegation>;
}

export function delegationHost(chainOf: () => WalletChain | undefined): DelegationHost {
  const chain = (): WalletChain => {
    const c = chainOf();
    if (c === undefined) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    return c;
  };
  const ahead = <T>(c: WalletChain, work: () => Promise<T>): Promise<T> => (c.first ? c.first(work) : work());
  return {
    plan: (params) => {
      const c = chain();
      return ahead(c, () => planDelegation(c, params));
    },
    // The plan's head is the block it runs after: no clock is needed.
    prepare: (plan) => {
      const c = chain();
      return ahead(c, () => prepareDelegation(c, plan));
    },
    confirm: (from, action, delegate, now) => {
      const c = chain();
      return confirmDelegation(c, from, action, delegate, c.signingHead() ?? noSigningHead(c, now));
    },
  };
}

/**
 * Plans the change: the account and (to delegate) the delegate proven at the signing head.
 * @param delegator the network's pinned delegate address (its profile's `delegator`); undefined: not offered here
 * @throws WalletError DELEGATION_NOT_OFFERED (no delegator on this network), DELEGATE_NOT_PINNED (its
 *   proven code hash is not the pin's), NONCE_NOT_VERIFIED (the account could not be proven),
 *   STALE_HEAD / HEAD_THINLY_SIGNED; InputError for an account that is a contract, or nothing to revoke
 */
export async function planDelegation(chain: WalletChain, params: DelegationParams): Promise<DelegationPlan> {
  const from = parseAddress(params.from, 'from');
  const head = chain.signingHead() ?? noSigningHead(chain, params.now);
  const chainId = chain.network.chainId;
  // Never 0: src/wallet/set-code-authorization.ts refuses it again where it is signed.
  if (chainId <= 0n) throw new WalletError('AUTHORIZATION_REFUSED', `the followed chain's id is ${chainId}: Vigil signs no authorization valid on every chain`);
  let target: Address;
  if (params.action === 'delegate') {
    if (params.delegator === undefined) throw new WalletError('DELEGATION_NOT_OFFERED', `Vigil knows no pinned delegate on ${chain.network.name ?? `chain ${chainId}`}`);
    target = parseAddress(params.delegator, 'delegator');
  } else {
    target = ZERO_ADDRESS;
  }
  const [account, delegateHash] = await Promise.all([
    proven(() => chain.proveAccount(from, head, { code: true })),
    params.action === 'delegate' ? proven(() => chain.proveAccount(target, head)).then((a) => a.codeHash) : Promise.resolve(undefined),
  ]);
  if (delegateHash !== undefined && !knownDelegate(delegateHash, [SIMPLE_7702_ACCOUNT])) {
    throw new WalletError('DELEGATE_NOT_PINNED', `the code at ${target} is not ${SIMPLE_7702_ACCOUNT.name}: its proven code hash is not the pinned one`, {
      expected: SIMPLE_7702_ACCOUNT.codeHash,
      got: delegateHash,
    });
  }
  const before = await delegationOf(chain, account, head);
  if (before.kind === 'contract') throw new InputError(`${from} is a contract: EIP-7702 delegates only accounts without code`);
  if (params.action === 'revoke' && before.kind === 'none') throw new InputError(`${from} is not delegated on this chain: there is nothing to revoke`);
  const { code: _, codeHash: __, ...provenAccount } = account;
  const nonce = nextNonce(provenAccount.nonce, params.pending);
  const newest = chain.newestHead();
  const facts: TransactionFacts = {
    head: head.head,
    nextBaseFee: head.nextBaseFee,
    account: provenAccount,
    ...(newest !== undefined && newest.blockNumber > head.head.blockNumber ? { newestHead: newest } : {}),
  };
  // The sender's own nonce moves first (the transaction's), then the authority's check: nonce + 1.
  return { action: params.action, from, head, before, beforeState: codeState(before), authorization: { chainId, address: target, nonce: nonce + 1n }, nonce, facts };
}

/**
 * The transaction, its authorization still unsigned: fees, Vigil's own gas estimate and the
 * simulation over proven state (the list run with the account named as its authority), the
 * account's code after it read back in the simulated block.
 * @throws WalletError WOULD_REVERT (it fails over proven state), EFFECTS_NOT_PROVEN (the simulation
 *   could not be proven), DELEGATE_NOT_PINNED (the simulated code is not what the authorization names)
 */
export async function prepareDelegation(chain: WalletChain, plan: DelegationPlan): Promise<PreparedDelegation> {
  const { head, from } = plan;
  const base = head.nextBaseFee;
  const request: TransactionRequest = {
    from, type: 2, to: from, value: 0n, data: new Uint8Array(0), accessList: [], nonce: plan.nonce, gasLimit: undefined, gasPrice: undefined,
    maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, chainId: plan.authorization.chainId, fixed: [], toFill: [],
  };
  const { tip, tipSource } = await walletTip(chain.execution, request, { unattended: false }, base);
  const maxPriorityFeePerGas = tip ?? 0n;
  const maxFeePerGas = BASE_FEE_MULTIPLIER * base + maxPriorityFeePerGas;
  const slot = BigInt(chain.network.secondsPerSlot ?? 12);
  // The block after the head (a slot after it), as the window's previews run: ../transaction-preview.ts.
  const env = nextBlockEnv(head.env, base, slot);
  // Unsigned: the engine applies it as `from`'s (an own authorization); no signature exists yet.
  const list = [{ chainId: bigIntToHex(plan.authorization.chainId), address: plan.authorization.address, nonce: bigIntToHex(plan.authorization.nonce), authority: from }];
  const call = { from, to: from, value: '0x0', data: '0x', nonce: bigIntToHex(plan.nonce), maxFeePerGas: bigIntToHex(maxFeePerGas), maxPriorityFeePerGas: bigIntToHex(maxPriorityFeePerGas), authorizationList: list };

  const estimate = await unproven(() => chain.execution.run({ env, mode: 'estimateGas', call, ownAuthorizations: true }));
  if (estimate.outcome.status !== 'success' || estimate.outcome.gas === undefined) {
    const reason = estimate.outcome.status === 'reverted' ? revertMessage(estimate.outcome.returnData) : (estimate.outcome.message ?? estimate.outcome.status);
    throw new WalletError('WOULD_REVERT', `the delegation fails on the verified state of block ${head.head.blockNumber}: ${reason}`);
  }
  const padded = (BigInt(estimate.outcome.gas) * GAS_MARGIN_NUM) / GAS_MARGIN_DEN;
  const gasLimit = padded > env.gasLimit ? env.gasLimit : padded < TX_BASE_GAS ? TX_BASE_GAS : padded;
  const sent = { ...call, gas: bigIntToHex(gasLimit) };

  // The transaction alone (its effects), and followed by a probe that copies the account's code (what it became).
  const [alone, probed] = await Promise.all([
    unproven(() => chain.execution.run({ env, mode: 'simulate', call: sent, calls: [sent], ownAuthorizations: true })),
    unproven(() => chain.execution.run({ env, mode: 'simulate', call: sent, calls: [sent, probeCall(from, maxFeePerGas)], ownAuthorizations: true })),
  ]);
  const sim = alone.outcome.simulation;
  const probe = probed.outcome.simulation?.calls[1];
  if (sim === undefined || probe === undefined) throw new WalletError('EFFECTS_NOT_PROVEN', 'the execution engine answered the delegation without its effects');
  const at = { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash };
  const effects = summarizeEffects(sim, from, at, new Map());
  if (!effects.ok) throw new WalletError('WOULD_REVERT', `the delegation fails on the verified state of block ${head.head.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
  const read = codeAfter(probe);
  // Its code hash was proven to be the pin's in planDelegation: the delegate is known by its name.
  const after: CodeState = read.kind === 'delegated' ? { ...read, known: SIMPLE_7702_ACCOUNT.name } : read;
  const expected = plan.action === 'delegate' ? plan.authorization.address.toLowerCase() : undefined;
  if ((after.kind === 'delegated' ? after.delegate : undefined) !== expected) {
    throw new WalletError('DELEGATE_NOT_PINNED', `simulated over proven state, the authorization would not ${plan.action === 'delegate' ? `delegate ${from} to ${plan.authorization.address}` : `revoke ${from}'s delegation`}`, {
      expected: expected ?? 'no code',
      got: after.kind === 'delegated' ? after.delegate : 'no code',
    });
  }
  const tx: UnauthorizedSetCodeTransaction = {
    type: 4, chainId: plan.authorization.chainId, nonce: plan.nonce, gasLimit, to: from, value: 0n, data: new Uint8Array(0),
    maxFeePerGas, maxPriorityFeePerGas, accessList: [],
  };
  return { plan, tx, gasSource: 'verified-estimate', tipSource, verifiedTip: maxPriorityFeePerGas, facts: plan.facts, effects, after };
}

/**
 * After inclusion: the account's delegation read from proven state at `head` (a head past the
 * receipt's block), and whether it is what the transaction set.
 * @throws WalletError DELEGATE_NOT_PINNED when the proven code is not what was asked (another
 *   transaction took the nonce, or the authorization was skipped)
 */
export async function confirmDelegation(chain: Pick<WalletChain, 'proveAccount'>, from: string, action: DelegationAction, delegate: string, head: WalletHead): Promise<AccountDelegation> {
  const account = await chain.proveAccount(from, head, { code: true });
  const now = await delegationOf(chain, account, head);
  const ok = action === 'delegate' ? now.kind === 'delegated' && now.delegate === delegate.toLowerCase() : now.kind === 'none';
  if (!ok) {
    throw new WalletError('DELEGATE_NOT_PINNED', `at block ${head.head.blockNumber} ${from} is ${now.kind === 'delegated' ? `delegated to ${now.delegate}` : now.kind === 'none' ? 'not delegated' : 'a contract'}`, {
      expected: action === 'delegate' ? `delegated to ${delegate.toLowerCase()}` : 'not delegated',
    });
  }
  return now;
}

/** The account's code as the window says it. */
export function codeState(d: AccountDelegation): CodeState {
  if (d.kind !== 'delegated') return { kind: 'none' };
  return { kind: 'delegated', delegate: d.delegate, known: 'codeHash' in d.delegateCode ? d.delegateCode.known : null };
}


/** Size of the probe's answer: EXTCODESIZE (a word) ‖ the first 23 bytes of the code. */
const PROBE_OUT = 32 + 23;

/**
 * A creation whose init code answers EXTCODESIZE(account) ‖ EXTCODECOPY(account, 0, 23): run after
 * the transaction in the same simulated block, it reads what the account's code became. It is sent
 * from the account itself (a delegated account may still send), after the transaction's nonce and
 * the authorization's.
 */
function probeCall(account: Address, maxFeePerGas: bigint): Record<string, unknown> {
  const a = account.slice(2).toLowerCase();
  // PUSH20 a EXTCODESIZE PUSH1 0 MSTORE · PUSH1 23 PUSH1 0 PUSH1 32 PUSH20 a EXTCODECOPY · PUSH1 55 PUSH1 0 RETURN
  const init = `0x73${a}3b600052` + `60176000602073${a}3c` + `60${PROBE_OUT.toString(16)}6000f3`;
  // No gas named: the block's, as much as the account pays for (the batch's capGasToBalance). A
  // creation's cost moves with the fork (from Amsterdam its account and code bytes are state gas, EIP-8037).
  return { from: account, data: init, maxFeePerGas: bigIntToHex(maxFeePerGas), maxPriorityFeePerGas: '0x0' };
}

/** What the probe read: no code, or a delegation indicator (anything else: the run is not what the authorization says). */
function codeAfter(probe: { status: string; returnData: string }): CodeState {
  if (probe.status !== 'success') throw new VerificationError('STATE_INCOMPLETE', `the probe of the account's code did not run: ${probe.status}`);
  const out = hexToBytes(probe.returnData, undefined, 'probe');
  if (out.length !== PROBE_OUT) throw new VerificationError('STATE_INCOMPLETE', `the probe of the account's code answered ${out.length} bytes, expected ${PROBE_OUT}`);
  const size = BigInt(bytesToHex(out.subarray(0, 32)));
  if (size === 0n) return { kind: 'none' };
  const code = out.subarray(32, 32 + Number(size <= 23n ? size : 23n));
  const kind = size === BigInt(DELEGATION_PREFIX.length + 20) ? classifyCode(code) : { kind: 'contract' as const };
  if (kind.kind !== 'delegated') throw new WalletError('DELEGATE_NOT_PINNED', `simulated, the account's code becomes ${size} bytes that are no delegation indicator`);
  return { kind: 'delegated', delegate: kind.delegate, known: null };
}

/** A proof that could not be had is the policy's NONCE_NOT_VERIFIED, said with why. */
async function proven<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError || err instanceof InputError)) throw err;
    throw new WalletError('NONCE_NOT_VERIFIED', `the account or the delegate could not be proven: ${err.code}: ${err.shortMessage}`, { cause: err });
  }
}

/** A run over proven state that could not be proven: nothing is signed on effects nobody proved. */
async function unproven<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError)) throw err;
    throw new WalletError('EFFECTS_NOT_PROVEN', `what the delegation does could not be simulated over proven state: ${err.shortMessage}`, { cause: err });
  }
}

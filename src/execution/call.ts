/**
 * One call run as a transaction over proven state, with the semantics nodes give eth_call
 * (go-ethereum's DoCall / ApplyMessage with nonce and EOA checks skipped, and the base fee taken
 * as zero when the call pays no gas price): intrinsic gas and the EIP-7623 floor (./gas/tx-gas.ts,
 * by the block's fork; from Amsterdam the EIP-8037 reservoir beside it, ./gas/state-gas.ts), the fee and
 * balance pre-checks, the gas bought up front (gas limit × price, taken from the sender), EIP-2929
 * warm addresses and the access list, EIP-7702 authorizations (./authorizations.ts: the sender's
 * nonce moved first, then each tuple checked and applied; the EVM follows a 0xef0100 designator
 * to the delegate's code and warms the delegate of the call's target itself), the EVM
 * (@ethereumjs/evm, lent by ./evm-pool.ts) for the message itself, then refunds and the unused gas given
 * back to the sender, and last the end of the accounts the transaction self-destructed, as the chain
 * ends them ({@link endSelfdestructs}: the EVM only marks them, and a batch or an eth_simulateV1
 * block goes on over what the call left). With `validate` a run meets a real transaction's checks instead (the fee cap
 * at least the base fee even with no fee given, the nonce when asked), and with `taint` it
 * follows what the landing block's values reach (./next-block/taint.ts). Pure: the block comes from a verified header, state from ProvenState, and
 * every read of something not yet proven makes the run a list of misses.
 *
 * DIFF FROM geth: the fee recipient is not credited with the tip. Nothing in the transaction can
 * see that credit (it comes after the run), the recipient of a block not made yet is not known,
 * and crediting it would cost a proof of its account at every simulation.
 * @module
 */
import type { EVM, ExecResult } from '@ethereumjs/evm';
import { Account as EvmAccount, Address } from '@ethereumjs/util';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { AccessListRecord, setAccessListRecord } from './access-list-trace.ts';
import { applyAuthorizations } from './authorizations.ts';
import { blobBaseFee, type BlockEnv, forkAtLeast } from './block-env.ts';
import type { AccessListEntry, CallRequest, StateOverride } from './call-request.ts';
import { acquireEvm, releaseEvm } from './evm-pool.ts';
import { effectiveGasPrice } from './fees.ts';
import { ProvenStateManager, StateMisses } from './evm-state.ts';
import { returnedTaint, setTaint } from './next-block/taint.ts';
import type { TaintRun } from './next-block/taint-run.ts';
import type { Taint } from './next-block/taint-values.ts';
import { createAddress } from './transactions.ts';
import { traceTransfers } from './transfer-trace.ts';
import { hasStateGas, intrinsicGas, maxInitCodeSize, splitExecutionGas, TX_GAS_LIMIT_CAP, txGasLimitCap } from './gas/tx-gas.ts';
import { authorizationMeter, endStateGas, prepOutOfGas, startStateGas } from './gas/state-gas.ts';
import type { ProvenState } from './state.ts';

const GAS_PER_BLOB = 1n << 17n;
const REFUND_QUOTIENT = 5n;

export interface EvmLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

/** A call that could not start, with the node's wording (the dApp sees the same refusal). */
export interface InvalidCall {
  kind: 'invalid';
  reason: 'SET_CODE_CREATE' | 'INTRINSIC_GAS' | 'FLOOR_DATA_GAS' | 'INSUFFICIENT_FUNDS' | 'FEE_CAP_TOO_LOW' | 'BLOB_FEE_CAP_TOO_LOW' | 'GAS_LIMIT_TOO_HIGH' | 'INIT_CODE_TOO_LARGE' | 'NONCE_TOO_LOW' | 'NONCE_TOO_HIGH' | 'TX_TYPE_NOT_SUPPORTED';
  message: string;
}

export interface ExecutedCall {
  kind: 'executed';
  success: boolean;
  /** True when the call ended in REVERT (`returnData` then holds the revert data). */
  reverted: boolean;
  /** Why the call halted otherwise (out of gas, invalid opcode, …). */
  halt?: string;
  returnData: Uint8Array;
  /** Gas the transaction would be charged: after refunds, at least the EIP-7623 floor. */
  gasUsed: bigint;
  /** Gas used before refunds (at least the floor): what the estimator's first guess starts from. */
  maxUsedGas: bigint;
  /** What the sender paid for gas: gasUsed × the effective gas price, and the blob gas (0 for a free call). */
  fee: bigint;
  /**
   * What the transaction adds to its block's gas used, per dimension: the header's is the larger
   * sum (EIP-7778, EIP-8037). Before Amsterdam all of it is `regular`, refunds taken off.
   */
  blockGas: { regular: bigint; state: bigint };
  logs: EvmLog[];
  /** The created contract of a creation call. */
  createdAddress?: Uint8Array;
  /** Every address and slot the call's opcodes named, as go-ethereum lists them (./access-list-trace.ts), when asked for. */
  accessList?: AccessListEntry[];
}

export type RunResult = { kind: 'missing'; misses: StateMisses } | InvalidCall | ExecutedCall;

export interface RunOptions {
  /** The gas limit to run with, overriding the request's (the estimator's probes). */
  gasLimit?: bigint;
  /** Collect the addresses and slots the opcodes name (eth_createAccessList). */
  reportAccessList?: boolean;
  stateOverride?: StateOverride;
  /** Verified hashes of the block's ancestors by number (the parent's comes from the env). */
  blockHashes?: ReadonlyMap<bigint, Uint8Array>;
  /** Another block's proven state to go on with after a miss (see ProvenStateManager). */
  guess?: ProvenState;
  /**
   * The overlay to run in, kept by the caller: a batch runs each call on what the ones before it
   * wrote (./simulate.ts). Default: a fresh one over `state`.
   */
  manager?: ProvenStateManager;
  /** Ether transfers as logs of 0xEeee…EEeE among the run's logs (eth_simulateV1 traceTransfers: ./transfer-trace.ts). */
  traceTransfers?: boolean;
  /**
   * A real transaction's checks (geth's ApplyMessage without NoBaseFee): the fee cap at least the
   * block's base fee even when the call gives none, and with `nonce` the call's nonce (when given)
   * equal to the sender's.
   */
  validate?: { nonce: boolean };
  /** BASEFEE reads the block's base fee even when the call pays nothing (eth_simulateV1: its blocks' base fee is 0 unless set). Default: 0 then, as eth_call. */
  blockBaseFee?: boolean;
  /** With no gas limit given, at most what the sender's balance pays for at the fee cap (as geth's estimator caps its search). */
  capGasToBalance?: boolean;
  /** Follows what the values of the block the transaction lands in reach (./next-block/taint.ts): one per batch, its reads included. */
  taint?: TaintRun;
}

/** The gas limit of a call that names none: the block's, within the fork's transaction cap. */
export function defaultCallGas(env: BlockEnv): bigint {
  const cap = txGasLimitCap(env.fork);
  return cap !== undefined && env.gasLimit > cap ? cap : env.gasLimit;
}

/**
 * Runs `request` in `env` over `state`.
 * @returns `missing` when the run read state not proven yet (its outcome is then meaningless);
 *   `invalid` when the call could not start; `executed` otherwise.
 */
export async function runCall(env: BlockEnv, request: CallRequest, state: ProvenState, options: RunOptions = {}): Promise<RunResult> {
  const manager = options.manager ?? new ProvenStateManager(state, new StateMisses(), options.guess);
  const misses = manager.misses;
  let gasLimit = options.gasLimit ?? request.gas ?? defaultCallGas(env);
  const invalid = (reason: InvalidCall['reason'], message: string): RunResult =>
    // A refusal decided on speculative state is no refusal: prove what was missing first.
    misses.empty ? { kind: 'invalid', reason, message } : { kind: 'missing', misses };

  const cap = txGasLimitCap(env.fork);
  if (cap !== undefined && gasLimit > cap) {
    return invalid('GAS_LIMIT_TOO_HIGH', `transaction gas limit too high (cap: ${cap}, tx: ${gasLimit})`);
  }
  if (request.to === null && (request.authorizationList?.length ?? 0) > 0) {
    return invalid('SET_CODE_CREATE', `set code transaction must not be a create transaction: address ${bytesToHex(request.from)}`);
  }
  const initCodeLimit = request.to === null ? maxInitCodeSize(env.fork) : undefined;
  if (initCodeLimit !== undefined && request.data.length > initCodeLimit) {
    return invalid('INIT_CODE_TOO_LARGE', `max initcode size exceeded: code size ${request.data.length} limit ${initCodeLimit}`);
  }
  const { intrinsic, floor } = intrinsicGas(request, env);
  if (gasLimit < intrinsic) return invalid('INTRINSIC_GAS', `intrinsic gas too low: have ${gasLimit}, want ${intrinsic}`);
  if (gasLimit < floor) return invalid('FLOOR_DATA_GAS', `insufficient gas for floor data gas cost: have ${gasLimit}, want ${floor}`);
  // EIP-8037: the EIP-7825 cap holds for the regular gas a transaction must spend whatever it runs.
  if (hasStateGas(env.fork) && max(intrinsic, floor) > TX_GAS_LIMIT_CAP) {
    return invalid('GAS_LIMIT_TOO_HIGH', `transaction intrinsic regular gas ${max(intrinsic, floor)} exceeds the cap (${TX_GAS_LIMIT_CAP})`);
  }

  // Fees as geth's eth_call prices them: no fee fields means a free call, and then BASEFEE reads 0.
  const feeCap = request.gasPrice ?? request.maxFeePerGas ?? 0n;
  const tipCap = request.gasPrice ?? request.maxPriorityFeePerGas ?? 0n;
  const free = feeCap === 0n && tipCap === 0n;
  const baseFee = free && options.blockBaseFee !== true ? 0n : env.baseFeePerGas;
  const gasPrice = effectiveGasPrice(request, env.baseFeePerGas);
  const from = new Address(request.from);
  const fromHex = bytesToHex(request.from);
  if ((!free || options.validate !== undefined) && feeCap < env.baseFeePerGas) {
    return invalid('FEE_CAP_TOO_LOW', `max fee per gas less than block base fee: address ${fromHex}, maxFeePerGas: ${feeCap}, baseFee: ${env.baseFeePerGas}`);
  }
  if (request.blobVersionedHashes.length > 0 && env.rollup?.blobTransactions === false) {
    return invalid('TX_TYPE_NOT_SUPPORTED', `transaction type not supported: blob transactions are not valid on chain ${env.chainId} (${env.rollup.id})`);
  }
  const blobGas = GAS_PER_BLOB * BigInt(request.blobVersionedHashes.length);
  let blobFee = 0n;
  if (blobGas > 0n) {
    const current = blobBaseFee(env);
    const blobFeeCap = request.maxFeePerBlobGas ?? 0n;
    if (!(free && blobFeeCap === 0n) && blobFeeCap < current) {
      return invalid('BLOB_FEE_CAP_TOO_LOW', `max fee per blob gas less than block blob gas fee: address ${fromHex} blobGasFeeCap: ${blobFeeCap}, blobBaseFee: ${current}`);
    }
    blobFee = blobFeeCap === 0n ? 0n : blobGas * current;
  }

  await applyStateOverride(manager, options.stateOverride);
  manager.beginTransaction();
  const sender = (await manager.getAccount(from)) ?? new EvmAccount();
  if (options.validate?.nonce === true && request.nonce !== undefined && request.nonce !== sender.nonce) {
    const low = request.nonce < sender.nonce;
    return invalid(low ? 'NONCE_TOO_LOW' : 'NONCE_TOO_HIGH', `nonce too ${low ? 'low' : 'high'}: address ${fromHex}, tx: ${request.nonce} state: ${sender.nonce}`);
  }
  if (options.capGasToBalance === true && options.gasLimit === undefined && request.gas === undefined && feeCap > 0n && misses.empty) {
    const affordable = sender.balance > request.value ? (sender.balance - request.value) / feeCap : 0n;
    if (affordable >= intrinsic && affordable >= floor && affordable < gasLimit) gasLimit = affordable;
  }
  const want = gasLimit * feeCap + request.value + blobGas * (request.maxFeePerBlobGas ?? 0n);
  if (sender.balance < want) {
    if (misses.empty) {
      return invalid('INSUFFICIENT_FUNDS', `insufficient funds for gas * price + value: address ${fromHex} have ${sender.balance} want ${want}`);
    }
    // The sender is not proven yet: let the speculative run go on to reveal what else it reads.
    sender.balance = want;
  }
  sender.balance -= gasLimit * gasPrice + blobFee;
  await manager.putAccount(from, sender);

  const evm = await acquireEvm(env, manager, ancestorHashes(env, options.blockHashes, misses));
  const tracer = options.traceTransfers === true ? traceTransfers(evm) : undefined;
  const accessList = options.reportAccessList === true ? accessListRecord(evm, request, sender.nonce) : undefined;
  let r: RunResult;
  let destructs: Selfdestructs | undefined;
  const taint = options.taint;
  const mark = taint?.beginTransaction();
  if (taint !== undefined) taint.gasPrice = priceFollowing(request);
  try {
    setTaint(evm, taint);
    setAccessListRecord(evm, accessList);
    ({ r, destructs } = await execute(evm, env, request, options, { misses, gasLimit, intrinsic, floor, gasPrice, baseFee, from, manager, accessList }));
    if (tracer !== undefined && r.kind === 'executed' && r.success) r.logs = tracer.finish(r.logs);
    // A transaction that fails writes nothing: nor does its taint.
    if (taint !== undefined && (r.kind !== 'executed' || !r.success)) taint.rollback(mark!);
  } finally {
    setTaint(evm, undefined);
    setAccessListRecord(evm, undefined);
    tracer?.stop();
    releaseEvm(env, evm);
  }
  if (r.kind === 'executed') {
    // The gas not used goes back to the sender, as a block gives it back.
    r.fee = r.gasUsed * gasPrice + blobFee;
    const unused = (gasLimit - r.gasUsed) * gasPrice;
    if (unused > 0n) {
      const after = (await manager.getAccount(from)) ?? new EvmAccount();
      after.balance += unused;
      await manager.putAccount(from, after);
    }
    if (destructs !== undefined) await endSelfdestructs(manager, destructs);
  }
  return r;
}

/**
 * The accounts a transaction self-destructed that its end clears, in address order, and how
 * (EIP-8246: cleared but keeping their balance, else deleted with it).
 */
interface Selfdestructs {
  addresses: string[];
  keepBalance: boolean;
}

/**
 * Which of the accounts a successful run's SELFDESTRUCTs marked its end clears, by the rules its
 * EVM ran with (the Common's EIPs, so the end agrees with what the opcode did during the run): every
 * one before Cancun; from Cancun (EIP-6780) only those created in the same transaction, the others
 * having only given their balance to the beneficiary, their code and storage kept; from Amsterdam
 * (EIP-8246) cleared with their balance kept. A failed transaction clears nothing (its run was undone).
 */
function selfdestructsOf(evm: EVM, exec: ExecResult): Selfdestructs | undefined {
  const marked = [...(exec.selfdestruct?.keys() ?? [])];
  if (marked.length === 0) return undefined;
  const sameTxOnly = evm.common.isActivatedEIP(6780);
  const created = exec.createdAddresses ?? new Set<string>();
  const addresses = marked.filter((a) => !sameTxOnly || created.has(a)).sort();
  return addresses.length === 0 ? undefined : { addresses, keepBalance: evm.common.isActivatedEIP(8246) };
}

/**
 * The end of a transaction for the accounts it self-destructed, after the gas given back (as
 * @ethereumjs/vm's runTx, processSelfdestructs; EELS process_transaction): each is deleted, its
 * code, storage and any balance it received after its SELFDESTRUCT with it (burned); under EIP-8246
 * it is cleared instead (nonce 0, no code, no storage) and keeps its balance, and deleted only when
 * that leaves it empty, as EIP-161 deletes an empty account.
 *
 * No log: EIP-7708's Burn log at the end was dropped from the EIP (it now requires EIP-8246, under
 * which nothing burns), and the only fork Vigil runs with EIP-7708, Amsterdam, has EIP-8246.
 */
async function endSelfdestructs(manager: ProvenStateManager, destructs: Selfdestructs): Promise<void> {
  for (const a of destructs.addresses) {
    const address = new Address(hexToBytes(a, 20));
    const account = destructs.keepBalance ? await manager.getAccount(address) : undefined;
    if (account === undefined || account.balance === 0n) {
      await manager.deleteAccount(address);
      continue;
    }
    await manager.putCode(address, new Uint8Array(0));
    await manager.clearStorage(address);
    await manager.modifyAccountFields(address, { nonce: 0n });
  }
}

interface Prepared {
  misses: StateMisses;
  gasLimit: bigint;
  intrinsic: bigint;
  floor: bigint;
  gasPrice: bigint;
  baseFee: bigint;
  from: Address;
  manager: ProvenStateManager;
  accessList: AccessListRecord | undefined;
}

/** The run's outcome, and the accounts its end clears ({@link runCall} clears them once the gas is given back). */
async function execute(evm: EVM, env: BlockEnv, request: CallRequest, options: RunOptions, p: Prepared): Promise<{ r: RunResult; destructs?: Selfdestructs }> {
  const { misses, gasLimit, intrinsic, floor, gasPrice, baseFee, from } = p;
  warm(evm, env, request);
  const amsterdam = hasStateGas(env.fork);
  const { regular, reservoir } = splitExecutionGas(gasLimit, intrinsic, env.fork);
  let gasLeft = regular;
  // The sender's nonce moves first, outside what a failed preparation undoes (EELS process_transaction;
  // EIP-7702: a self-sponsored authorization signs the next one). Otherwise the EVM moves it.
  const authorizations = request.authorizationList ?? [];
  const nonceFirst = amsterdam || authorizations.length > 0;
  if (nonceFirst) {
    const sender = (await p.manager.getAccount(from)) ?? new EvmAccount();
    sender.nonce += 1n;
    await p.manager.putAccount(from, sender);
  }
  if (amsterdam) {
    startStateGas(evm, reservoir);
    // What the authorizations and the top frame's access charges write is undone if they run out of gas; the sender's purchase stays.
    await evm.journal.checkpoint();
  }
  // The authorizations apply outside the call's checkpoint: a revert keeps them and their refund.
  let authRefund = 0n;
  let authOutOfGas = false;
  if (authorizations.length > 0) {
    const warmAuthority = (a: Uint8Array) => {
      evm.journal.addAlwaysWarmAddress(bytesToHex(a).slice(2));
      p.accessList?.exclude(a);
    };
    const meter = amsterdam ? authorizationMeter(evm, request, () => gasLeft, (left) => (gasLeft = left)) : undefined;
    const applied = await applyAuthorizations(authorizations, env.chainId, p.manager, warmAuthority, meter);
    authRefund = applied.refund;
    authOutOfGas = applied.outOfGas;
  }
  const authRegularGas = regular - gasLeft;
  const result = authOutOfGas
    ? undefined
    : await evm.runCall({
        ...(nonceFirst ? { skipNonceIncrement: true } : {}),
        block: blockOf(env, baseFee),
        gasPrice,
        origin: from,
        caller: from,
        ...(request.to !== null ? { to: new Address(request.to) } : {}),
        value: request.value,
        data: request.data,
        gasLimit: gasLeft,
        ...(request.blobVersionedHashes.length > 0 ? { blobVersionedHashes: request.blobVersionedHashes.map((h) => bytesToHex(h) as `0x${string}`) } : {}),
      });
  const state = amsterdam ? await endStateGas(evm, reservoir, result === undefined || prepOutOfGas(evm), result?.execResult.exceptionError?.error === 'out of gas') : undefined;
  if (!misses.empty) return { r: { kind: 'missing', misses } };

  const exec = result?.execResult ?? { exceptionError: { error: 'out of gas' }, executionGasUsed: gasLeft, returnValue: new Uint8Array(0), gasRefund: 0n, logs: [] };
  const error = exec.exceptionError?.error;
  const reverted = error === 'revert';
  // EIP-8037: state gas taken from the reservoir was bought with the gas limit but is no execution gas.
  const beforeRefund = intrinsic + exec.executionGasUsed + authRegularGas + (state !== undefined ? reservoir - state.reservoirLeft : 0n);
  const refund = min(beforeRefund / REFUND_QUOTIENT, (exec.gasRefund ?? 0n) + authRefund);
  const gasUsed = max(beforeRefund - refund, floor);
  const outcome: ExecutedCall = {
    kind: 'executed',
    success: error === undefined,
    reverted,
    returnData: exec.returnValue,
    gasUsed,
    maxUsedGas: max(beforeRefund, floor),
    fee: 0n,
    // EIP-7778: the block counts gas before refunds; EIP-8037: its state part apart.
    blockGas: state !== undefined ? { regular: max(beforeRefund - state.used, floor), state: state.used } : { regular: gasUsed, state: 0n },
    logs: (exec.logs ?? []).map(([address, topics, data]) => ({ address, topics, data })),
  };
  if (error !== undefined && !reverted) outcome.halt = error;
  if (result?.createdAddress !== undefined && error === undefined) outcome.createdAddress = result.createdAddress.bytes;
  if (p.accessList !== undefined) outcome.accessList = p.accessList.list();
  const destructs = result !== undefined && outcome.success ? selfdestructsOf(evm, result.execResult) : undefined;
  return destructs !== undefined ? { r: outcome, destructs } : { r: outcome };
}

/** The block as @ethereumjs/evm reads it, at `baseFee`; BLOBBASEFEE is computed only if the code asks. */
export function blockOf(env: BlockEnv, baseFee: bigint) {
  return {
    header: {
      number: env.number,
      coinbase: new Address(env.coinbase),
      timestamp: env.timestamp,
      difficulty: 0n,
      prevRandao: env.prevRandao,
      gasLimit: env.gasLimit,
      baseFeePerGas: baseFee,
      ...(env.slotNumber !== undefined ? { slotNumber: env.slotNumber } : {}),
      getBlobGasPrice: () => (forkAtLeast(env.fork, 'cancun') ? blobBaseFee(env) : undefined),
    },
  };
}

/** BLOCKHASH: the parent's from the verified header, older ones only from verified hashes. */
function ancestorHashes(env: BlockEnv, known: ReadonlyMap<bigint, Uint8Array> | undefined, misses: StateMisses) {
  const chain = {
    async getBlock(n: number) {
      const number = BigInt(n);
      let hash = number === env.number - 1n ? env.parentHash : known?.get(number);
      if (hash === undefined) {
        misses.blockHashes.add(number);
        hash = new Uint8Array(32);
      }
      const h = hash;
      return { hash: () => h };
    },
    async putBlock() {},
    shallowCopy: () => chain,
  };
  return chain;
}

/** EIP-2929/3651 warm sets: precompiles, sender, target, coinbase (Shanghai), the access list. */
function warm(evm: EVM, env: BlockEnv, request: CallRequest): void {
  const journal = evm.journal;
  for (const address of evm.precompiles.keys()) journal.addAlwaysWarmAddress(address);
  journal.addAlwaysWarmAddress(bytesToHex(request.from).slice(2));
  if (request.to !== null) journal.addAlwaysWarmAddress(bytesToHex(request.to).slice(2));
  if (forkAtLeast(env.fork, 'shanghai')) journal.addAlwaysWarmAddress(bytesToHex(env.coinbase).slice(2));
  for (const entry of request.accessList) {
    const address = bytesToHex(entry.address).slice(2);
    journal.addAlwaysWarmAddress(address);
    for (const key of entry.storageKeys) journal.addAlwaysWarmSlot(address, bytesToHex(key).slice(2));
  }
}

/**
 * An empty record for eth_createAccessList, with what go-ethereum's AccessList (internal/ethapi)
 * lists only with a slot: the sender, the recipient or else the address the sender creates at the
 * call's nonce (the state's when it names none), the precompiles (authorities join as they are checked).
 */
function accessListRecord(evm: EVM, request: CallRequest, senderNonce: bigint): AccessListRecord {
  const target = request.to ?? createAddress(request.from, request.nonce ?? senderNonce);
  const precompiles = [...evm.precompiles.keys()].map((k) => hexToBytes(`0x${k}`, 20));
  return new AccessListRecord(request.accessList, [request.from, target, ...precompiles]);
}

/** A dApp's state override written into the run's overlay (its accounts proven first where it keeps their other fields). */
export async function applyStateOverride(manager: ProvenStateManager, override: StateOverride | undefined): Promise<void> {
  if (override === undefined) return;
  for (const [addressHex, o] of override) {
    const address = new Address(hexToBytes(addressHex, 20));
    if (o.balance !== undefined || o.nonce !== undefined) {
      await manager.modifyAccountFields(address, { ...(o.balance !== undefined ? { balance: o.balance } : {}), ...(o.nonce !== undefined ? { nonce: o.nonce } : {}) });
    }
    if (o.code !== undefined) await manager.putCode(address, o.code);
    if (o.state !== undefined) await manager.clearStorage(address);
    for (const [slot, value] of [...(o.state ?? []), ...(o.stateDiff ?? [])]) {
      await manager.putStorage(address, hexToBytes(slot, 32), value);
    }
  }
  // The overrides are the call's starting point, not something a revert can undo.
  await manager.commitAll();
}

/** What a {@link staticCall} answered. */
export interface StaticCallResult {
  status: 'success' | 'reverted' | 'halted';
  returnData: Uint8Array;
  /** With a taint followed: what of the landing block the first word returned depends on. */
  taint?: Taint;
}

/** GASPRICE over the base fee, where the request's price follows it (a fee cap and tip); undefined for a fixed price. */
function priceFollowing(request: Pick<CallRequest, 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>): ((baseFee: bigint) => bigint) | undefined {
  if (request.gasPrice !== undefined || (request.maxFeePerGas ?? 0n) === 0n) return undefined;
  return (baseFee) => effectiveGasPrice(request, baseFee);
}

/**
 * A read that is no transaction (a token's balanceOf for the effects, ./effects.ts): STATICCALL
 * rules at the top, no fee bought, no nonce moved, at most `gas`; whatever it touched in `manager`
 * is undone after it. A read of state not proven is recorded in `manager.misses` as any run's is
 * (its answer is then meaningless). BASEFEE reads the block's; with `taint`, what its answer
 * depends on of the landing block is followed as a run's is.
 */
export async function staticCall(
  env: BlockEnv,
  manager: ProvenStateManager,
  call: { from: Uint8Array; to: Uint8Array; data: Uint8Array; gas: bigint },
  options: Pick<RunOptions, 'blockHashes' | 'taint'> = {},
): Promise<StaticCallResult> {
  await manager.checkpoint();
  const evm = await acquireEvm(env, manager, ancestorHashes(env, options.blockHashes, manager.misses));
  const taint = options.taint;
  const mark = taint?.beginTransaction();
  if (taint !== undefined) taint.gasPrice = undefined;
  try {
    setTaint(evm, taint);
    const caller = new Address(call.from);
    const result = await evm.runCall({ block: blockOf(env, env.baseFeePerGas), gasPrice: 0n, origin: caller, caller, to: new Address(call.to), data: call.data, gasLimit: call.gas, isStatic: true, skipNonceIncrement: true });
    const error = result.execResult.exceptionError?.error;
    const t = taint !== undefined ? returnedTaint(taint) : undefined;
    return { status: error === undefined ? 'success' : error === 'revert' ? 'reverted' : 'halted', returnData: result.execResult.returnValue, ...(t !== undefined ? { taint: t } : {}) };
  } finally {
    // A read leaves nothing behind, its taint neither.
    taint?.rollback(mark!);
    setTaint(evm, undefined);
    releaseEvm(env, evm);
    await manager.revert();
  }
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);


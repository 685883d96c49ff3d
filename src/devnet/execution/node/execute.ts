/**
 * eth_call, eth_estimateGas and eth_createAccessList on the devnet's chain, as go-ethereum answers
 * them: the request runs as a transaction (@ethereumjs/vm's runTx, so intrinsic gas, the EIP-7623
 * floor, access lists, EIP-7702 authorizations and refunds are the block builder's own) on a VM
 * copy at the block's post-state, with the block's header as the context, from a sender that signs
 * nothing (the zero address when absent), the nonce not checked. A request with no fee fields pays
 * nothing and reads BASEFEE as 0 (BLOBBASEFEE only with a blob fee cap of 0); value and fees are
 * checked against the balance. With no gas, the block's gas limit within the EIP-7825 cap, as
 * Vigil's own eth_call (src/execution/call.ts).
 *
 * DIFF FROM geth: a sender with code that is not an EIP-7702 delegation is refused (EIP-3607, as
 * runTx checks it); geth's eth_call skips that check.
 * @module
 */
import type { Block } from '@ethereumjs/block';
import { createTx, getMinimumGasLimit, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx';
import type { EVM } from '@ethereumjs/evm';
import { Address, createContractAddress } from '@ethereumjs/util';
import { runTx, type RunTxResult, type VM } from '@ethereumjs/vm';
import { bytesToHex, hexToBytes } from '../../../core/bytes.ts';
import { AccessListRecord, recordAccessLists, setAccessListRecord } from '../../../execution/access-list-trace.ts';
import { revertMessage } from '../../../execution/revert.ts';
import { TX_GAS_LIMIT_CAP, TX_GAS_LIMIT_CAP_AMSTERDAM } from '../../../execution/tx-gas.ts';
import { authorizationItems } from './admit.ts';
import { type CallOutcome, type CallRequest, NodeRequestError } from './types.ts';

/** geth's RPCGasCap default: no search goes above it. */
const RPC_GAS_CAP = 50_000_000n;
const TX_GAS = 21_000n;
const CALL_STIPEND = 2_300n;
/** geth's estimator stops when the bounds are within 1.5% of each other. */
const ESTIMATE_ERROR_RATIO = 0.015;
const MAX_ACCESS_LIST_ROUNDS = 16;
/** JSON-RPC code of a reverted call (geth: data carries the revert data). */
const REVERT_CODE = 3;

type AccessListEntry = { address: Uint8Array; storageKeys: Uint8Array[] };

/** A VM at a block's post-state, its hardfork the block's: a fresh copy for each run. */
export type VmAt = (block: Block) => Promise<VM>;

/** The most gas a transaction may carry: EIP-7825's cap, from Amsterdam on the regular gas only (EIP-8037: state gas beyond it). */
function txGasCap(vm: VM): bigint | undefined {
  if (vm.common.isActivatedEIP(8037)) return TX_GAS_LIMIT_CAP_AMSTERDAM;
  return vm.common.isActivatedEIP(7825) ? TX_GAS_LIMIT_CAP : undefined;
}

/** The gas limit of a call that names none: the block's, within the transaction cap. */
export function defaultCallGas(vm: VM, block: Block): bigint {
  const limit = block.header.gasLimit;
  const cap = txGasCap(vm);
  return cap !== undefined && limit > cap ? cap : limit;
}

function isFree(request: CallRequest): boolean {
  return (request.gasPrice ?? 0n) === 0n && (request.maxFeePerGas ?? 0n) === 0n && (request.maxPriorityFeePerGas ?? 0n) === 0n;
}

/** The request as an unsigned transaction of the type its fields call for, sent by `from` without a signature. */
function impersonated(vm: VM, request: CallRequest, gasLimit: bigint, accessList: AccessListEntry[] | undefined, blobFeeCap: bigint): TypedTransaction {
  const gasPrice = request.gasPrice;
  const common = vm.common;
  const data: TypedTxData = {
    nonce: 0n,
    gasLimit,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(0),
    ...(request.to !== undefined ? { to: request.to } : {}),
    chainId: common.chainId(),
  } as TypedTxData;
  const list = (accessList ?? []).map((e) => [e.address, e.storageKeys] as [Uint8Array, Uint8Array[]]);
  const fees = gasPrice !== undefined ? { maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice } : { maxFeePerGas: request.maxFeePerGas ?? 0n, maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n };
  let tx: TypedTransaction;
  if (request.authorizationList !== undefined && request.authorizationList.length > 0) {
    const authorizationList = authorizationItems(request.authorizationList);
    tx = createTx({ ...data, ...fees, type: 4, accessList: list, authorizationList }, { common, freeze: false });
  } else if (request.blobVersionedHashes !== undefined && request.blobVersionedHashes.length > 0) {
    tx = createTx({ ...data, ...fees, type: 3, accessList: list, blobVersionedHashes: request.blobVersionedHashes, maxFeePerBlobGas: blobFeeCap }, { common, freeze: false });
  } else if (gasPrice !== undefined) {
    tx = list.length > 0 ? createTx({ ...data, type: 1, gasPrice, accessList: list }, { common, freeze: false }) : createTx({ ...data, type: 0, gasPrice }, { common, freeze: false });
  } else {
    tx = createTx({ ...data, ...fees, type: 2, accessList: list }, { common, freeze: false });
  }
  const from = new Address(request.from ?? new Uint8Array(20));
  Object.defineProperty(tx, 'getSenderAddress', { value: () => from });
  return tx;
}

/**
 * The block as the call sees it, as go-ethereum's eth_call sets it up (internal/ethapi): BASEFEE
 * reads 0 when the call buys its gas at price 0 (no fee fields), BLOBBASEFEE reads 0 only when the
 * call names a blob fee cap of 0. The header is the block's otherwise.
 */
function callBlock(block: Block, request: CallRequest): Block {
  const overrides: PropertyDescriptorMap = {};
  if (isFree(request) && block.header.baseFeePerGas !== undefined) overrides.baseFeePerGas = { value: 0n };
  if (request.maxFeePerBlobGas === 0n) overrides.getBlobGasPrice = { value: () => 0n };
  if (Object.keys(overrides).length === 0) return block;
  return Object.create(block, { header: { value: Object.create(block.header, overrides) } }) as Block;
}

interface Run {
  result: RunTxResult;
  gasLimit: bigint;
}

/**
 * One run of `request` at `block`. A request the block would refuse before running it (gas above
 * the cap, intrinsic gas, fees, funds) throws NodeRequestError with go-ethereum's words.
 */
async function run(vmAt: VmAt, block: Block, request: CallRequest, options: { gasLimit?: bigint; accessList?: AccessListEntry[]; record?: AccessListRecord } = {}): Promise<Run> {
  const vm = await vmAt(block);
  if (options.record !== undefined) setAccessListRecord(recordAccessLists(vm.evm as EVM), options.record);
  const gasLimit = options.gasLimit ?? request.gas ?? defaultCallGas(vm, block);
  const from = request.from ?? new Uint8Array(20);
  const cap = txGasCap(vm);
  if (cap !== undefined && gasLimit > cap) {
    throw new NodeRequestError(`transaction gas limit too high (cap: ${cap}, tx: ${gasLimit})`);
  }
  const context = callBlock(block, request);
  const blobFeeCap = request.maxFeePerBlobGas ?? (isFree(request) ? 0n : block.header.getBlobGasPrice());
  const tx = impersonated(vm, request, gasLimit, options.accessList ?? request.accessList, blobFeeCap);
  const baseFee = context.header.baseFeePerGas ?? 0n;
  const feeCap = request.gasPrice ?? request.maxFeePerGas ?? 0n;
  if (!isFree(request) && feeCap < baseFee) {
    throw new NodeRequestError(`max fee per gas less than block base fee: address ${bytesToHex(from)}, maxFeePerGas: ${feeCap}, baseFee: ${baseFee}`);
  }
  const intrinsic = getMinimumGasLimit(tx, tx.getSenderAddress());
  if (gasLimit < intrinsic) throw new NodeRequestError(`intrinsic gas too low: have ${gasLimit}, want ${intrinsic}`);
  const account = await vm.stateManager.getAccount(new Address(from));
  const balance = account?.balance ?? 0n;
  const blobCost = BigInt(request.blobVersionedHashes?.length ?? 0) * tx.common.param('blobGasPerBlob') * blobFeeCap;
  const cost = gasLimit * feeCap + (request.value ?? 0n) + blobCost;
  if (balance < cost) throw new NodeRequestError(`insufficient funds for gas * price + value: address ${bytesToHex(from)} have ${balance} want ${cost}`);
  try {
    const result = await runTx(vm, { tx, block: context, skipNonce: true, skipBlockGasLimitValidation: true, skipHardForkValidation: true });
    return { result, gasLimit };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new NodeRequestError(message.replace(/ -> .*$/s, '').replace(/^INTRINSIC_GAS_TOO_LOW: /, 'intrinsic gas too low: '));
  }
}

function outcome(result: RunTxResult): CallOutcome {
  const { execResult } = result;
  const base = { returnValue: execResult.returnValue, gasUsed: result.totalGasSpent };
  const error = execResult.exceptionError;
  if (error === undefined) return base;
  if (error.error === 'revert') return { ...base, error: { kind: 'revert', message: revertMessage(bytesToHex(execResult.returnValue)) } };
  return { ...base, error: { kind: 'halt', message: error.error } };
}

/** eth_call at `block`'s post-state. @throws NodeRequestError for a call that cannot start */
export async function call(vmAt: VmAt, block: Block, request: CallRequest): Promise<CallOutcome> {
  return outcome((await run(vmAt, block, request)).result);
}

/**
 * eth_estimateGas as go-ethereum's estimator: 21000 for a plain transfer, else a binary search
 * from the gas used with an optimistic first probe, stopping within 1.5%.
 * @throws NodeRequestError when the call fails at the highest gas the search may use (a revert with code 3 and its data)
 */
export async function estimateGas(vmAt: VmAt, block: Block, request: CallRequest): Promise<bigint> {
  const vm = await vmAt(block);
  let hi = request.gas !== undefined && request.gas >= TX_GAS ? request.gas : block.header.gasLimit;
  const feeCap = request.gasPrice ?? request.maxFeePerGas ?? 0n;
  const from = new Address(request.from ?? new Uint8Array(20));
  if (feeCap > 0n) {
    let available = (await vm.stateManager.getAccount(from))?.balance ?? 0n;
    const value = request.value ?? 0n;
    if (value > 0n) {
      if (value >= available) throw new NodeRequestError('insufficient funds for transfer');
      available -= value;
    }
    if (hi > available / feeCap) hi = available / feeCap;
  }
  if (hi > RPC_GAS_CAP) hi = RPC_GAS_CAP;
  const cap = txGasCap(vm);
  if (cap !== undefined && hi > cap) hi = cap;

  const succeeds = async (gasLimit: bigint) => {
    try {
      return (await run(vmAt, block, request, { gasLimit })).result.execResult.exceptionError === undefined;
    } catch (err) {
      if (err instanceof NodeRequestError) return false;
      throw err;
    }
  };
  const plain = (request.data ?? new Uint8Array(0)).length === 0 && request.to !== undefined && (request.authorizationList?.length ?? 0) === 0;
  if (plain && (await vm.stateManager.getCode(new Address(request.to!))).length === 0 && (await succeeds(TX_GAS))) return TX_GAS;

  const first = (await run(vmAt, block, request, { gasLimit: hi })).result;
  const failure = first.execResult.exceptionError;
  if (failure !== undefined) {
    if (failure.error === 'revert') throw new NodeRequestError(revertMessage(bytesToHex(first.execResult.returnValue)), REVERT_CODE, first.execResult.returnValue);
    if (failure.error === 'out of gas') throw new NodeRequestError(`gas required exceeds allowance (${hi})`);
    throw new NodeRequestError(failure.error);
  }
  let lo = first.totalGasSpent - 1n;
  const optimistic = ((first.totalGasSpent + first.gasRefund + CALL_STIPEND) * 64n) / 63n;
  if (optimistic < hi) {
    if (await succeeds(optimistic)) hi = optimistic;
    else lo = optimistic;
  }
  while (lo + 1n < hi) {
    if (Number(hi - lo) / Number(hi) < ESTIMATE_ERROR_RATIO) break;
    let mid = (hi + lo) / 2n;
    if (mid > lo * 2n) mid = lo * 2n;
    if (await succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * eth_createAccessList as go-ethereum computes it (internal/ethapi AccessList): run with the list so
 * far, record what the run's opcodes name as its access-list tracer does (Vigil's own record,
 * src/execution/access-list-trace.ts: what an opcode names, also one that then runs out of gas),
 * until the list no longer changes. The sender, the target (or the address a creation makes) and
 * the precompiles are listed only with a slot.
 */
export async function createAccessList(vmAt: VmAt, block: Block, request: CallRequest): Promise<{ accessList: AccessListEntry[]; gasUsed: bigint; error?: string }> {
  const vm = await vmAt(block);
  const from = request.from ?? new Uint8Array(20);
  const nonce = (await vm.stateManager.getAccount(new Address(from)))?.nonce ?? 0n;
  const target = request.to ?? createContractAddress(new Address(from), nonce).bytes;
  const excluded = [from, target, ...[...vm.evm.precompiles.keys()].map((a) => hexToBytes(`0x${a.replace(/^0x/, '')}`, 20))];
  let list = new AccessListRecord(request.accessList ?? [], excluded).list();
  for (let round = 0; round < MAX_ACCESS_LIST_ROUNDS; round++) {
    const record = new AccessListRecord(list, excluded);
    const { result } = await run(vmAt, block, request, { accessList: list, record });
    const next = record.list();
    if (sameList(next, list)) {
      const out = outcome(result);
      // go-ethereum's `error` is the EVM error alone: "execution reverted", never the reason.
      return { accessList: list, gasUsed: out.gasUsed, ...(out.error !== undefined ? { error: out.error.kind === 'revert' ? 'execution reverted' : out.error.message } : {}) };
    }
    list = next;
  }
  throw new NodeRequestError('eth_createAccessList: the access list did not settle');
}

function sameList(a: readonly AccessListEntry[], b: readonly AccessListEntry[]): boolean {
  const flat = (l: readonly AccessListEntry[]) =>
    l.map((e) => `${bytesToHex(e.address)}:${e.storageKeys.map(bytesToHex).sort().join(',')}`).sort().join('|');
  return flat(a) === flat(b);
}

/**
 * What the devnet node checks before a transaction enters its pool, in go-ethereum's order and
 * words (core/txpool: ValidateTransaction, then the state checks): the network form of a blob
 * transaction (the wrapper the fork wants, KZG-checked by @ethereumjs/tx's decoder), the gas caps,
 * the fees, the sender (recovered once, here), intrinsic gas, nonce and funds. Also the signing
 * side of eth_sendTransaction: a dev account's transaction with nonce, gas and fees filled.
 * @module
 */
import type { Common } from '@ethereumjs/common';
import { createBlob4844TxFromSerializedNetworkWrapper, createTx, createTxFromRLP, getMinimumGasLimit, NetworkWrapperType, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx';
import { bigIntToHex, bytesToHex as ejsBytesToHex, type EOACode7702AuthorizationListItem } from '@ethereumjs/util';
import { bytesToHex, hexToBytes } from '../../../core/bytes.ts';
import { decodeRlp, type RlpItem, rlpList } from '../../../core/rlp.ts';
import { TX_GAS_LIMIT_CAP_AMSTERDAM } from '../../../execution/tx-gas.ts';
import type { BlobSidecar, PoolEntry } from './pool.ts';
import { type CallRequest, NodeRequestError } from './types.ts';

const BLOB_TX_TYPE = 3;
/** What eth_sendTransaction tips when the request names no fee (Hardhat's default: 1 gwei). */
export const DEFAULT_TIP = 1_000_000_000n;

/**
 * Decodes eth_sendRawTransaction's bytes. A blob transaction must come in its network form with
 * the wrapper of the chain's fork (EIP-4844 blob proofs up to Prague, EIP-7594 cell proofs from
 * Osaka); its KZG proofs are checked while decoding.
 * @throws NodeRequestError for bytes that are no transaction of this chain
 */
export function decodeRawTransaction(raw: Uint8Array, common: Common): { tx: TypedTransaction; sidecar?: BlobSidecar } {
  if (raw[0] === BLOB_TX_TYPE) checkWrapper(raw, common);
  try {
    if (raw[0] !== BLOB_TX_TYPE) return { tx: createTxFromRLP(raw, { common }) };
    const tx = createBlob4844TxFromSerializedNetworkWrapper(raw, { common });
    const sidecar: BlobSidecar = {
      blobs: (tx.blobs ?? []).map((b) => hexToBytes(b)),
      commitments: (tx.kzgCommitments ?? []).map((c) => hexToBytes(c)),
      proofs: (tx.kzgProofs ?? []).map((p) => hexToBytes(p)),
      wrapperVersion: tx.networkWrapperVersion === NetworkWrapperType.EIP7594 ? 1 : 0,
    };
    return { tx, sidecar };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/chain ?id/i.test(message)) throw new NodeRequestError('invalid sender: invalid chain id for signer');
    if (/signature|v, r, s|ecrecover/i.test(message)) throw new NodeRequestError('invalid sender: invalid transaction v, r, s values');
    throw new NodeRequestError(`invalid transaction: ${message.replace(/ \(tx type=.*$/s, '')}`);
  }
}

/**
 * A blob transaction's form, read before its KZG proofs are checked: the network form
 * (`rlp([tx, blobs, commitments, proofs])`, or with the version after `tx` from Osaka), with the
 * version the fork wants.
 */
function checkWrapper(raw: Uint8Array, common: Common): void {
  let items: RlpItem[];
  try {
    items = rlpList(decodeRlp(raw.subarray(1)), 'blob transaction');
  } catch {
    throw new NodeRequestError('invalid transaction: not RLP');
  }
  if (items.length !== 4 && items.length !== 5) throw new NodeRequestError('missing sidecar in blob transaction');
  const cells = items.length === 5;
  if (cells !== common.isActivatedEIP(7594)) {
    throw new NodeRequestError(cells ? 'cell proofs (EIP-7594 blob sidecar version 1) are not accepted before Osaka' : 'blob proofs (EIP-4844 blob sidecar version 0) are not accepted from Osaka on: cell proofs are');
  }
}

const feeCap = (tx: TypedTransaction) => ('maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice);
const tipCap = (tx: TypedTransaction) => ('maxPriorityFeePerGas' in tx ? tx.maxPriorityFeePerGas : tx.gasPrice);

/**
 * The checks that need no state: gas caps, fee fields, the sender's signature, intrinsic gas.
 * @returns the sender, recovered (the only time a pooled transaction's sender is recovered)
 */
export function checkStateless(tx: TypedTransaction, blockGasLimit: bigint): Uint8Array {
  // From Amsterdam the cap holds for regular gas only (EIP-8037: runTx checks it); the whole limit stays below 2^32.
  const cap = tx.common.isActivatedEIP(8037) ? TX_GAS_LIMIT_CAP_AMSTERDAM : tx.common.isActivatedEIP(7825) ? tx.common.param('maxTransactionGasLimit') : undefined;
  if (cap !== undefined && tx.gasLimit > cap) {
    throw new NodeRequestError(`transaction gas limit too high (cap: ${cap}, tx: ${tx.gasLimit})`);
  }
  if (tx.gasLimit > blockGasLimit) throw new NodeRequestError('exceeds block gas limit');
  if (tipCap(tx) > feeCap(tx)) throw new NodeRequestError(`max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: ${tipCap(tx)}, maxFeePerGas: ${feeCap(tx)}`);
  let sender: Uint8Array;
  try {
    sender = tx.getSenderAddress().bytes;
  } catch {
    throw new NodeRequestError('invalid sender: invalid transaction v, r, s values');
  }
  // Intrinsic gas and the EIP-7623 calldata floor, by the fork's own rules (Amsterdam changes both).
  const minimum = getMinimumGasLimit(tx, tx.getSenderAddress());
  if (tx.gasLimit < minimum) throw new NodeRequestError(`intrinsic gas too low: gas ${tx.gasLimit}, minimum needed ${minimum}`);
  return sender;
}

/** The state checks: the sender's funds pay the most the transaction may cost. */
export function checkFunds(tx: TypedTransaction, balance: bigint): void {
  let cost = tx.gasLimit * feeCap(tx) + tx.value;
  if ('maxFeePerBlobGas' in tx) cost += BigInt(tx.blobVersionedHashes.length) * tx.common.param('blobGasPerBlob') * tx.maxFeePerBlobGas;
  if (balance < cost) throw new NodeRequestError(`insufficient funds for gas * price + value: balance ${balance}, tx cost ${cost}, overshot ${cost - balance}`);
}

/** A pool entry for a checked transaction (its sender recovered by {@link checkStateless}). */
export function poolEntry(tx: TypedTransaction, sender: Uint8Array, sidecar: BlobSidecar | undefined): Omit<PoolEntry, 'seq'> {
  return { tx, hash: bytesToHex(tx.hash()), sender: bytesToHex(sender), ...(sidecar !== undefined ? { sidecar } : {}) };
}

/**
 * eth_sendTransaction's transaction, filled and signed: the type its fields call for (legacy or
 * EIP-2930 with a gas price, EIP-7702 with authorizations, else EIP-1559 with a tip of
 * {@link DEFAULT_TIP} and a fee cap of twice the next base fee plus the tip, as Hardhat).
 * @throws NodeRequestError for a blob transaction (go-ethereum signs none)
 */
export function signRequest(request: CallRequest, fill: { nonce: bigint; gas: bigint; nextBaseFee: bigint }, privateKey: Uint8Array, common: Common): TypedTransaction {
  if ((request.blobVersionedHashes?.length ?? 0) > 0) throw new NodeRequestError('signing blob transactions not supported');
  const data = {
    nonce: fill.nonce,
    gasLimit: fill.gas,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(0),
    ...(request.to !== undefined ? { to: request.to } : {}),
    chainId: common.chainId(),
    accessList: (request.accessList ?? []).map((e) => [e.address, e.storageKeys]),
  };
  let txData: TypedTxData;
  if (request.gasPrice !== undefined && (request.authorizationList?.length ?? 0) === 0) {
    txData = { ...data, gasPrice: request.gasPrice, type: data.accessList.length > 0 ? 1 : 0 } as TypedTxData;
  } else {
    const tip = request.maxPriorityFeePerGas ?? request.gasPrice ?? DEFAULT_TIP;
    const cap = request.maxFeePerGas ?? request.gasPrice ?? 2n * fill.nextBaseFee + tip;
    const fees = { maxPriorityFeePerGas: tip > cap ? cap : tip, maxFeePerGas: cap };
    txData =
      (request.authorizationList?.length ?? 0) > 0
        ? ({
            ...data,
            ...fees,
            type: 4,
            authorizationList: authorizationItems(request.authorizationList!),
          } as TypedTxData)
        : ({ ...data, ...fees, type: 2 } as TypedTxData);
  }
  return createTx(txData, { common }).sign(privateKey);
}

/** A request's EIP-7702 authorizations in @ethereumjs/tx's form. */
export function authorizationItems(list: NonNullable<CallRequest['authorizationList']>): EOACode7702AuthorizationListItem[] {
  return list.map((a) => ({
    chainId: bigIntToHex(a.chainId),
    address: ejsBytesToHex(a.address),
    nonce: bigIntToHex(a.nonce),
    yParity: bigIntToHex(a.yParity),
    r: bigIntToHex(a.r),
    s: bigIntToHex(a.s),
  }));
}

/**
 * Building and signing the transactions the wallet sends: legacy with EIP-155 replay protection
 * (type 0), EIP-2930 (type 1), EIP-1559 (type 2) and EIP-7702 set-code (type 4: the popup's own
 * delegation or revocation, its authorizations signed by ./set-code-authorization.ts). Blob (3)
 * transactions are not built; src/wallet/transaction-request.ts refuses types 3 and 4 from dApps.
 *
 * Serializer decision: Vigil's own RLP (src/core/rlp.ts) and the EIP-2718 encoder that already
 * reads and checks the chain's transactions (src/execution/transactions.ts: `encodeTransaction`,
 * `signingHash`, `recoverSender`), with secp256k1 through src/crypto/secp256k1.ts (@noble/curves) — not
 * micro-eth-signer 0.20.1. Why:
 * - Size: the background bundle already holds the encoder, keccak and secp256k1 (it recovers
 *   senders of verified blocks). Measured over that base (esbuild --minify, gzip -9, an entry
 *   importing src/execution/transactions.ts and src/crypto/keccak.ts): micro-eth-signer's
 *   `Transaction` adds 13.1 KiB, with its personal and typed-data signers 18.8 KiB, and the
 *   wallet would still need its own request parsing, typed-data checks and previews; these three
 *   modules (transaction-request.ts, transaction.ts, personal-message.ts, typed-data.ts, all of it) add about 6.5 KiB.
 * - One RLP and one keccak: the library brings its own RLP (its core/rlp.ts, over micro-packed)
 *   and calls noble's keccak directly, bypassing src/crypto/keccak.ts.
 * - One encoder for both directions: what the wallet signs is encoded by the same code that
 *   decodes and hashes transactions in blocks, so the two cannot drift apart.
 * - Signatures: micro-eth-signer's `signBy` and its message signers default to hedged nonces
 *   (RFC 6979 mixed with 32 random bytes, `extraEntropy = true`). Here k is plain RFC 6979
 *   (noble's default, no randomness needed, so the same request always gives the same bytes and
 *   the differential tests can compare bytes with viem and ethers), s is low (EIP-2; noble's
 *   default `lowS: true`), and noble blinds the nonce inversion. As a guard against a faulty
 *   signature (a bit flip, a bug), every signature is recovered and compared with the key's
 *   address before it leaves this module.
 * - Its strict mode caps values meant for UI input (value < 1M ether, fees < 10000 gwei) that a
 *   wallet must not impose on a dApp, and its API is hex strings where Vigil passes bytes and
 *   bigints. For EIP-712 (typed-data.ts) it offers signTyped/verifyTyped/recoverAddressTyped from
 *   the package root (0.20.1 has no `typed-data.js` subpath and does not export `encodeData`),
 *   throws untyped Error/RangeError, and does not check the domain's chain id (its source marks
 *   that as not done); the wallet walks the types itself anyway, to check them and build the preview.
 * The tests compare every byte with viem and ethers on generated transactions.
 * @module
 */
import { abytes, bytesToHex, concatBytes, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { encodeRlp, type RlpInput } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { encodeTransaction, recoverSender, signingHash, type Transaction } from '../execution/transactions.ts';
import { WalletError } from './errors.ts';
import { addressOf, aprivateKey } from './keys.ts';
import { type AccessListItem, type Address, checksumAddress, parseAddress } from './transaction-request.ts';
import { secp256k1Sign } from '../crypto/secp256k1.ts';

/** `0x`-prefixed lower-case hex. */
export type Hex = `0x${string}`;

interface UnsignedCommon {
  /** Always present: legacy transactions are signed with EIP-155 replay protection only. */
  chainId: bigint;
  nonce: bigint;
  gasLimit: bigint;
  /** null: contract creation. */
  to: Address | null;
  value: bigint;
  data: Uint8Array;
}

/** Type 0, signed over (nonce, gasPrice, gas, to, value, data, chainId, 0, 0) (EIP-155). */
export interface UnsignedLegacyTransaction extends UnsignedCommon {
  type: 0;
  gasPrice: bigint;
}

/** Type 1 (EIP-2930). */
export interface UnsignedAccessListTransaction extends UnsignedCommon {
  type: 1;
  gasPrice: bigint;
  accessList: AccessListItem[];
}

/** Type 2 (EIP-1559). */
export interface UnsignedDynamicFeeTransaction extends UnsignedCommon {
  type: 2;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  accessList: AccessListItem[];
}

/** An EIP-7702 authorization tuple, signed (./set-code-authorization.ts signAuthorization). */
export interface SignedAuthorization {
  chainId: bigint;
  /** The delegate (the zero address revokes). */
  address: Address;
  nonce: bigint;
  yParity: number;
  r: bigint;
  s: bigint;
}

/** Type 4 (EIP-7702): EIP-1559 fees, a call (never a creation), and at least one authorization. */
export interface UnsignedSetCodeTransaction extends Omit<UnsignedCommon, 'to'> {
  type: 4;
  to: Address;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  accessList: AccessListItem[];
  authorizationList: SignedAuthorization[];
}

/** A fully specified transaction: every field filled, ready to sign. */
export type UnsignedTransaction = UnsignedLegacyTransaction | UnsignedAccessListTransaction | UnsignedDynamicFeeTransaction | UnsignedSetCodeTransaction;

export interface SignedTransaction {
  /** The EIP-2718 bytes for eth_sendRawTransaction. */
  raw: Hex;
  /** keccak256(raw): the hash nodes and explorers list it under. */
  hash: Hex;
  /** The signer (the private key's address). */
  from: Address;
}

const U256 = 1n << 256n;
const U64 = 1n << 64n;
/** EIP-2681. */
const MAX_NONCE = U64 - 2n;

/**
 * The bytes the signature commits to: rlp(nonce, gasPrice, gas, to, value, data, chainId, 0, 0)
 * for legacy (EIP-155); type ‖ rlp(fields) for typed transactions (EIP-2718).
 * @example bytesToHex(keccak256(serializeUnsigned(tx))) // the hash signTransaction signs
 */
export function serializeUnsigned(tx: UnsignedTransaction): Uint8Array {
  const t = checkTransaction(tx);
  const to = t.to === null ? new Uint8Array(0) : hexToBytes(t.to, 20, 'to');
  const accessList = (list: AccessListItem[]): RlpInput[] => list.map((e) => [hexToBytes(e.address, 20), e.storageKeys]);
  switch (t.type) {
    case 0:
      return encodeRlp([t.nonce, t.gasPrice, t.gasLimit, to, t.value, t.data, t.chainId, 0, 0]);
    case 1:
      return concatBytes(Uint8Array.of(1), encodeRlp([t.chainId, t.nonce, t.gasPrice, t.gasLimit, to, t.value, t.data, accessList(t.accessList)]));
    case 2:
      return concatBytes(
        Uint8Array.of(2),
        encodeRlp([t.chainId, t.nonce, t.maxPriorityFeePerGas, t.maxFeePerGas, t.gasLimit, to, t.value, t.data, accessList(t.accessList)]),
      );
    case 4:
      return concatBytes(
        Uint8Array.of(4),
        encodeRlp([
          t.chainId, t.nonce, t.maxPriorityFeePerGas, t.maxFeePerGas, t.gasLimit, to, t.value, t.data, accessList(t.accessList),
          t.authorizationList.map((a) => [a.chainId, hexToBytes(a.address, 20), a.nonce, a.yParity, a.r, a.s]),
        ]),
      );
  }
}

/**
 * Signs with RFC 6979 deterministic k and low s, and checks that the signature recovers to the
 * key's address before returning it.
 * @throws WalletError INVALID_TRANSACTION for a field out of range, INVALID_PRIVATE_KEY for a
 *   key that is not a secp256k1 scalar.
 * @example
 * ```ts
 * const { raw, hash, from } = signTransaction(
 *   { type: 2, chainId: 1n, nonce: 0n, gasLimit: 21000n, to: '0x…', value: 1n, data: new Uint8Array(),
 *     maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, accessList: [] },
 *   privateKey,
 * );
 * ```
 */
export function signTransaction(tx: UnsignedTransaction, privateKey: Uint8Array): SignedTransaction {
  const unsigned = toExecutionTransaction(checkTransaction(tx));
  const sig = signHash(signingHash(unsigned), privateKey);
  const signed: Transaction =
    unsigned.type === 0
      ? { ...unsigned, v: tx.chainId * 2n + 35n + BigInt(sig.recovery), r: sig.r, s: sig.s }
      : { ...unsigned, yParity: sig.recovery, r: sig.r, s: sig.s };
  const from = checksumAddress(recoverSender(signed));
  if (from !== sig.from) {
    throw new WalletError('INVALID_TRANSACTION', 'the signature does not recover to the signing key', { expected: sig.from, got: from });
  }
  const raw = encodeTransaction(signed);
  return { raw: bytesToHex(raw) as Hex, hash: bytesToHex(keccak256(raw)) as Hex, from };
}

/**
 * The most the transaction can take from the sender: value + gasLimit × (maxFeePerGas, or
 * gasPrice for types 0 and 1). What the policy compares with the proven balance.
 * @example maxCost({ ...tx, value: 1n, gasLimit: 21000n, maxFeePerGas: 2n }) // 42001n
 */
export function maxCost(tx: UnsignedTransaction): bigint {
  const t = checkTransaction(tx);
  return t.value + t.gasLimit * feeCap(t);
}

/** The most a transaction pays per gas: maxFeePerGas, or the gas price of a legacy or EIP-2930 one. */
export function feeCap(tx: UnsignedTransaction): bigint {
  return tx.type === 2 || tx.type === 4 ? tx.maxFeePerGas : tx.gasPrice;
}

/** The tip it offers: maxPriorityFeePerGas, or the whole gas price of a legacy or EIP-2930 one. */
export function priorityFee(tx: UnsignedTransaction): bigint {
  return tx.type === 2 || tx.type === 4 ? tx.maxPriorityFeePerGas : tx.gasPrice;
}

// ---------------------------------------------------------------------------------------------
// Signing primitives (shared with signature.ts)

export interface DigestSignature {
  r: bigint;
  s: bigint;
  /** The y-parity of R: 0 or 1. */
  recovery: number;
  /** The private key's address (checksummed). */
  from: Address;
}

/**
 * ECDSA over secp256k1 of a 32-byte digest (no further hashing): RFC 6979 deterministic k,
 * low s (EIP-2).
 * @throws WalletError INVALID_PRIVATE_KEY unless the key is 32 bytes and 1 ≤ key < n (./keys.ts aprivateKey).
 */
export function signHash(hash: Uint8Array, privateKey: Uint8Array): DigestSignature {
  abytes(hash, 32, 'hash');
  const key = aprivateKey(privateKey);
  const sig = secp256k1Sign(hash, key);
  if (sig.recovery === undefined || sig.recovery > 1) {
    // r ≥ p − n: probability ~2^-128, and Ethereum has no way to say it.
    throw new WalletError('INVALID_PRIVATE_KEY', 'the signature has no Ethereum recovery id', { got: `${sig.recovery}` });
  }
  return { r: sig.r, s: sig.s, recovery: sig.recovery, from: addressOf(key) as Address };
}

// ---------------------------------------------------------------------------------------------
// Checks and conversion

/**
 * Every field in range, so that what is signed is what the UI showed (no silent truncation).
 * Throws WalletError INVALID_TRANSACTION naming the field; returns `tx`.
 */
function checkTransaction(tx: UnsignedTransaction): UnsignedTransaction {
  try {
    if (typeof tx !== 'object' || tx === null) throw new InputError(`"transaction" expected an object, got ${tx === null ? 'null' : typeof tx}`);
    if (tx.type !== 0 && tx.type !== 1 && tx.type !== 2 && tx.type !== 4) throw new InputError(`"type" expected 0, 1, 2 or 4, got ${String((tx as { type: unknown }).type)}`);
    uint(tx.chainId, 'chainId', U64);
    if (tx.chainId === 0n) throw new InputError('"chainId" must not be zero');
    uint(tx.nonce, 'nonce', MAX_NONCE + 1n);
    uint(tx.gasLimit, 'gasLimit', U64);
    uint(tx.value, 'value', U256);
    abytes(tx.data, undefined, 'data');
    if (tx.to !== null) parseAddress(tx.to, 'to');
    if (tx.to === null && tx.data.length === 0) throw new InputError('a contract creation (to: null) must carry code in "data"');
    if (tx.type === 4) checkAuthorizations(tx);
    if (tx.type === 2 || tx.type === 4) {
      uint(tx.maxFeePerGas, 'maxFeePerGas', U256);
      uint(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas', U256);
      if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
        throw new InputError(`"maxPriorityFeePerGas" must not be above "maxFeePerGas": expected <= ${tx.maxFeePerGas}, got ${tx.maxPriorityFeePerGas}`);
      }
    } else {
      uint(tx.gasPrice, 'gasPrice', U256);
    }
    if (tx.type !== 0) {
      if (!Array.isArray(tx.accessList)) throw new InputError('"accessList" expected an array');
      tx.accessList.forEach((e, i) => {
        parseAddress(e.address, `accessList[${i}].address`);
        if (!Array.isArray(e.storageKeys)) throw new InputError(`"accessList[${i}].storageKeys" expected an array`);
        e.storageKeys.forEach((k, j) => abytes(k, 32, `accessList[${i}].storageKeys[${j}]`));
      });
    }
    // The wallet's own maximum cost must fit 256 bits, or no balance could ever cover it.
    if (tx.value + tx.gasLimit * feeCap(tx) >= U256) throw new InputError('value + gasLimit × fee does not fit 256 bits');
    return tx;
  } catch (err) {
    if (err instanceof InputError) throw new WalletError('INVALID_TRANSACTION', err.shortMessage, { cause: err });
    throw err;
  }
}

/**
 * A set-code transaction's own rules (EIP-7702): a call, never a creation, and a non-empty list of
 * tuples within the bounds of their encoding. Chain id 0 is refused too: EIP-7702 lets such a tuple
 * apply on every chain, and Vigil signs none (./set-code-authorization.ts), nor carries one.
 */
function checkAuthorizations(tx: UnsignedSetCodeTransaction): void {
  if (tx.to === null) throw new InputError('a set-code transaction (type 4) cannot create a contract: "to" is required');
  if (!Array.isArray(tx.authorizationList) || tx.authorizationList.length === 0) throw new InputError('"authorizationList" expected at least one authorization (EIP-7702)');
  tx.authorizationList.forEach((a, i) => {
    const title = `authorizationList[${i}]`;
    uint(a.chainId, `${title}.chainId`, U256);
    if (a.chainId === 0n) throw new InputError(`"${title}.chainId" must not be 0: such an authorization is valid on every chain`);
    parseAddress(a.address, `${title}.address`);
    uint(a.nonce, `${title}.nonce`, U64);
    if (a.yParity !== 0 && a.yParity !== 1) throw new InputError(`"${title}.yParity" expected 0 or 1, got ${String(a.yParity)}`);
    uint(a.r, `${title}.r`, U256);
    uint(a.s, `${title}.s`, U256);
  });
}

function uint(value: unknown, title: string, limit: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value >= limit) {
    throw new InputError(`"${title}" expected a bigint in [0, ${limit}), got ${typeof value === 'bigint' ? value : typeof value}`);
  }
}

/** The execution layer's form (its encoder and signing hash), with an empty signature. */
function toExecutionTransaction(tx: UnsignedTransaction): Transaction {
  const common = {
    nonce: tx.nonce,
    gas: tx.gasLimit,
    to: tx.to === null ? null : hexToBytes(tx.to, 20, 'to'),
    value: tx.value,
    input: tx.data,
    r: 0n,
    s: 0n,
  };
  const accessList = (list: AccessListItem[]) => list.map((e) => ({ address: hexToBytes(e.address, 20), storageKeys: e.storageKeys }));
  switch (tx.type) {
    case 0:
      // v = chainId·2 + 35 makes `signingHash` use the EIP-155 form; the parity is set after signing.
      return { type: 0, ...common, gasPrice: tx.gasPrice, v: tx.chainId * 2n + 35n };
    case 1:
      return { type: 1, ...common, chainId: tx.chainId, gasPrice: tx.gasPrice, accessList: accessList(tx.accessList), yParity: 0 };
    case 2:
      return {
        type: 2, ...common, chainId: tx.chainId, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        accessList: accessList(tx.accessList), yParity: 0,
      };
    case 4:
      return {
        type: 4, ...common, to: hexToBytes(tx.to, 20, 'to'), chainId: tx.chainId, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        accessList: accessList(tx.accessList), yParity: 0,
        authorizationList: tx.authorizationList.map((a) => ({ ...a, address: hexToBytes(a.address, 20) })),
      };
  }
}

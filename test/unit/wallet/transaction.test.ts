import { Transaction as EthersTransaction, Wallet } from 'ethers';
import fc from 'fast-check';
import { keccak256 as viemKeccak, serializeTransaction, type TransactionSerializable } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { decodeTransaction, recoverSender, signingHash } from '../../../src/execution/transactions.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { addressOf } from '../../../src/wallet/keys.ts';
import { checksumAddress } from '../../../src/wallet/transaction-request.ts';
import {
  maxCost,
  serializeUnsigned,
  signTransaction,
  type UnsignedTransaction,
} from '../../../src/wallet/transaction.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const hex = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
const keyBytes = (k: bigint) => hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

/** viem's form of the same transaction. */
function toViem(tx: UnsignedTransaction): TransactionSerializable {
  const common = {
    chainId: Number(tx.chainId),
    nonce: Number(tx.nonce),
    gas: tx.gasLimit,
    to: tx.to ?? undefined,
    value: tx.value,
    data: hex(tx.data),
  };
  const accessList = (list: { address: string; storageKeys: Uint8Array[] }[]) =>
    list.map((e) => ({ address: e.address as `0x${string}`, storageKeys: e.storageKeys.map(hex) }));
  if (tx.type === 0) return { type: 'legacy', ...common, gasPrice: tx.gasPrice };
  if (tx.type === 1) return { type: 'eip2930', ...common, gasPrice: tx.gasPrice, accessList: accessList(tx.accessList) };
  return { type: 'eip1559', ...common, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: accessList(tx.accessList) };
}

/** ethers' form. */
function toEthers(tx: UnsignedTransaction) {
  const common = { type: tx.type, chainId: tx.chainId, nonce: Number(tx.nonce), gasLimit: tx.gasLimit, to: tx.to, value: tx.value, data: hex(tx.data) };
  const accessList = (list: { address: string; storageKeys: Uint8Array[] }[]) => list.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map(hex) }));
  if (tx.type === 0) return { ...common, gasPrice: tx.gasPrice };
  if (tx.type === 1) return { ...common, gasPrice: tx.gasPrice, accessList: accessList(tx.accessList) };
  return { ...common, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: accessList(tx.accessList) };
}

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(checksumAddress);
const word = fc.uint8Array({ minLength: 32, maxLength: 32 });
const accessList = fc.array(fc.record({ address, storageKeys: fc.array(word, { maxLength: 3 }) }), { maxLength: 3 });
/** Small values most of the time, the whole width sometimes. */
const uint = (bits: number) => fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }));
const privateKey = fc.bigInt({ min: 1n, max: N - 1n }).map(keyBytes);

const common = fc
  .record({
    // viem and ethers take the chain id and nonce as JS numbers.
    chainId: fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 1n << 40n })),
    nonce: fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) })),
    gasLimit: uint(64),
    to: fc.option(address, { nil: null, freq: 5 }),
    value: uint(255),
    data: fc.uint8Array({ maxLength: 100 }),
  })
  .filter((c) => c.to !== null || c.data.length > 0);

const unsignedTransaction: fc.Arbitrary<UnsignedTransaction> = fc.oneof(
  fc.record({ common, gasPrice: uint(128) }).map(({ common, gasPrice }) => ({ type: 0 as const, ...common, gasPrice })),
  fc.record({ common, gasPrice: uint(128), accessList }).map(({ common, gasPrice, accessList }) => ({ type: 1 as const, ...common, gasPrice, accessList })),
  fc.record({ common, a: uint(128), b: uint(128), accessList }).map(({ common, a, b, accessList }) => ({
    type: 2 as const,
    ...common,
    maxFeePerGas: a > b ? a : b,
    maxPriorityFeePerGas: a > b ? b : a,
    accessList,
  })),
);

describe('signTransaction', () => {
  it("EIP-155's signing example: the payload, the signing hash and the signed raw transaction the EIP prints", () => {
    const tx: UnsignedTransaction = {
      type: 0,
      chainId: 1n,
      nonce: 9n,
      gasPrice: 20_000_000_000n,
      gasLimit: 21000n,
      to: checksumAddress(hexToBytes('0x3535353535353535353535353535353535353535')),
      value: 10n ** 18n,
      data: new Uint8Array(0),
    };
    const key = new Uint8Array(32).fill(0x46);
    expect(bytesToHex(serializeUnsigned(tx))).toBe('0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080');
    expect(bytesToHex(keccak256(serializeUnsigned(tx)))).toBe('0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53');
    const signed = signTransaction(tx, key);
    expect(signed.raw).toBe(
      '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
    );
    expect(signed.from).toBe('0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F');
    expect(signed.hash).toBe(bytesToHex(keccak256(hexToBytes(signed.raw))));
    const decoded = decodeTransaction(hexToBytes(signed.raw));
    expect(decoded.type === 0 && decoded.v).toBe(37n);
  });

  it('equals viem and ethers byte for byte on generated transactions of types 0, 1 and 2; our decoder reads the fields and the sender back', async () => {
    await fc.assert(
      fc.asyncProperty(unsignedTransaction, privateKey, async (tx, key) => {
        const signed = signTransaction(tx, key);
        const account = privateKeyToAccount(hex(key));
        expect(signed.raw).toBe(await account.signTransaction(toViem(tx)));
        expect(signed.raw).toBe(await new Wallet(hex(key)).signTransaction(toEthers(tx)));
        expect(signed.hash).toBe(viemKeccak(signed.raw));
        expect(signed.hash).toBe(bytesToHex(keccak256(hexToBytes(signed.raw))));
        expect(signed.from).toBe(account.address);

        const decoded = decodeTransaction(hexToBytes(signed.raw));
        expect(decoded.type).toBe(tx.type);
        expect(decoded.nonce).toBe(tx.nonce);
        expect(decoded.gas).toBe(tx.gasLimit);
        expect(decoded.to === null ? null : checksumAddress(decoded.to)).toBe(tx.to);
        expect(decoded.value).toBe(tx.value);
        expect(bytesToHex(decoded.input)).toBe(bytesToHex(tx.data));
        if (decoded.type === 0 && tx.type === 0) {
          expect(decoded.gasPrice).toBe(tx.gasPrice);
          expect((decoded.v - 35n) >> 1n).toBe(tx.chainId);
        } else if (decoded.type === 1 && tx.type === 1) {
          expect(decoded.chainId).toBe(tx.chainId);
          expect(decoded.gasPrice).toBe(tx.gasPrice);
          expect(decoded.accessList.map((e) => checksumAddress(e.address))).toEqual(tx.accessList.map((e) => e.address));
        } else if (decoded.type === 2 && tx.type === 2) {
          expect(decoded.chainId).toBe(tx.chainId);
          expect(decoded.maxFeePerGas).toBe(tx.maxFeePerGas);
          expect(decoded.maxPriorityFeePerGas).toBe(tx.maxPriorityFeePerGas);
          expect(decoded.accessList.flatMap((e) => e.storageKeys.map(bytesToHex))).toEqual(tx.accessList.flatMap((e) => e.storageKeys.map(bytesToHex)));
        } else throw new Error('type changed');
        expect(checksumAddress(recoverSender(decoded))).toBe(signed.from);
        expect(bytesToHex(signingHash(decoded))).toBe(bytesToHex(keccak256(serializeUnsigned(tx))));
      }),
      { numRuns: 150 },
    );
  });

  it('serializeUnsigned equals the unsigned serialization of viem and ethers', () => {
    fc.assert(
      fc.property(unsignedTransaction, (tx) => {
        const ours = bytesToHex(serializeUnsigned(tx));
        expect(ours).toBe(serializeTransaction(toViem(tx)));
        expect(ours).toBe(EthersTransaction.from(toEthers(tx)).unsignedSerialized);
      }),
      { numRuns: 200 },
    );
  });

  it('chain ids beyond what a JS number holds (EIP-155 v = chainId·2 + 35 in bigint) equal ethers', async () => {
    const key = keyBytes(0x1234n);
    for (const chainId of [(1n << 53n) + 1n, (1n << 64n) - 1n]) {
      for (const type of [0, 2] as const) {
        const base = { chainId, nonce: 1n, gasLimit: 21000n, to: checksumAddress(new Uint8Array(20).fill(1)), value: 5n, data: new Uint8Array(0) };
        const tx: UnsignedTransaction = type === 0 ? { type, ...base, gasPrice: 7n } : { type, ...base, maxFeePerGas: 7n, maxPriorityFeePerGas: 1n, accessList: [] };
        const signed = signTransaction(tx, key);
        expect(signed.raw).toBe(await new Wallet(hex(key)).signTransaction(toEthers(tx)));
        expect(checksumAddress(recoverSender(decodeTransaction(hexToBytes(signed.raw))))).toBe(signed.from);
      }
    }
  });

  it('is deterministic (RFC 6979) with low s', () => {
    fc.assert(
      fc.property(unsignedTransaction, privateKey, (tx, key) => {
        const a = signTransaction(tx, key);
        expect(signTransaction(tx, key)).toEqual(a);
        const decoded = decodeTransaction(hexToBytes(a.raw));
        expect(decoded.s <= N >> 1n).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses fields out of range or conflicting (INVALID_TRANSACTION) and keys that are not secp256k1 scalars (INVALID_PRIVATE_KEY)', () => {
    const key = keyBytes(1n);
    const ok: UnsignedTransaction = {
      type: 2, chainId: 1n, nonce: 0n, gasLimit: 21000n, to: checksumAddress(new Uint8Array(20)), value: 0n, data: new Uint8Array(0),
      maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, accessList: [],
    };
    expect(signTransaction(ok, key).from).toBe(addressOf(key));
    const bad: [string, UnsignedTransaction][] = [
      ['priority above max fee', { ...ok, maxPriorityFeePerGas: 11n }],
      ['chain id 0', { ...ok, chainId: 0n }],
      ['chain id 2^64', { ...ok, chainId: 1n << 64n }],
      ['nonce 2^64 - 1 (EIP-2681)', { ...ok, nonce: (1n << 64n) - 1n }],
      ['gas 2^64', { ...ok, gasLimit: 1n << 64n }],
      ['negative value', { ...ok, value: -1n }],
      ['value 2^256', { ...ok, value: 1n << 256n }],
      ['cost over 2^256', { ...ok, value: (1n << 256n) - 1n }],
      ['a number, not a bigint', { ...ok, nonce: 1 as unknown as bigint }],
      ['bad checksum', { ...ok, to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }],
      ['short address', { ...ok, to: '0x1234' }],
      ['creation without code', { ...ok, to: null }],
      ['storage key of 31 bytes', { ...ok, accessList: [{ address: ok.to!, storageKeys: [new Uint8Array(31)] }] }],
      ['type 3', { ...ok, type: 3 } as unknown as UnsignedTransaction],
    ];
    for (const [what, tx] of bad) {
      const err = errorOf(() => signTransaction(tx, key));
      expect(err.code, what).toBe('INVALID_TRANSACTION');
    }
    for (const k of [new Uint8Array(32), keyBytes(N), keyBytes(N + 1n), new Uint8Array(31).fill(1)]) {
      expect(errorOf(() => signTransaction(ok, k)).code).toBe('INVALID_PRIVATE_KEY');
    }
    expect(() => signTransaction(ok, '0x01' as unknown as Uint8Array)).toThrow(InputError);
  });
});

describe('maxCost', () => {
  it('is value + gasLimit × (maxFeePerGas or gasPrice)', () => {
    const base = { chainId: 1n, nonce: 0n, gasLimit: 21000n, to: checksumAddress(new Uint8Array(20)), value: 1n, data: new Uint8Array(0) };
    expect(maxCost({ type: 2, ...base, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, accessList: [] })).toBe(42001n);
    expect(maxCost({ type: 0, ...base, gasPrice: 3n })).toBe(63001n);
    expect(maxCost({ type: 1, ...base, gasPrice: 3n, accessList: [] })).toBe(63001n);
  });
});

/**
 * EIP-7702 signing: authorization tuples (src/wallet/set-code-authorization.ts) and type-4
 * transactions (src/wallet/transaction.ts), byte for byte against viem and ethers on generated
 * inputs; read back by our own decoder and by the local EVM's recovery; and the refusals (chain id 0,
 * an empty list, a creation, fields out of range).
 */
import { Transaction as EthersTransaction, Wallet } from 'ethers';
import fc from 'fast-check';
import { serializeTransaction } from 'viem';
import { privateKeyToAccount, signAuthorization as viemSignAuthorization } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { recoverAuthority } from '../../../src/execution/authorizations.ts';
import { decodeTransaction, recoverSender } from '../../../src/execution/transactions.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { signAuthorization } from '../../../src/wallet/set-code-authorization.ts';
import { serializeUnsigned, type SignedAuthorization, signTransaction, type UnsignedSetCodeTransaction } from '../../../src/wallet/transaction.ts';
import { type Address, checksumAddress } from '../../../src/wallet/transaction-request.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const hex = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
const keyBytes = (k: bigint) => hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);
const KEY = keyBytes(0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356n);
const DELEGATE = '0x4Cd241E8d1510e30b2076397afc7508Ae59C66c9' as Address;
const ZERO = '0x0000000000000000000000000000000000000000' as Address;

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(checksumAddress);
const privateKey = fc.bigInt({ min: 1n, max: N - 1n }).map(keyBytes);
// viem and ethers take chain ids and nonces as JS numbers.
const chainId = fc.oneof(fc.constant(1n), fc.constant(11155111n), fc.bigInt({ min: 1n, max: BigInt(Number.MAX_SAFE_INTEGER) }));
const nonce = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }));
const uint = (bits: number) => fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }));

describe('signAuthorization', () => {
  it('equals viem and ethers (r, s, y-parity) on generated tuples; the local EVM recovers the signer', async () => {
    await fc.assert(
      fc.asyncProperty(privateKey, chainId, address, nonce, async (key, chainId, delegate, nonce) => {
        const signed = signAuthorization({ chainId, address: delegate, nonce }, key);
        const viem = await viemSignAuthorization({ privateKey: hex(key), chainId: Number(chainId), address: delegate, nonce: Number(nonce) });
        expect({ r: signed.r, s: signed.s, yParity: signed.yParity }).toEqual({ r: BigInt(viem.r), s: BigInt(viem.s), yParity: viem.yParity });
        const ethers = new Wallet(hex(key)).authorizeSync({ chainId, address: delegate, nonce });
        expect({ r: signed.r, s: signed.s, yParity: signed.yParity }).toEqual({ r: BigInt(ethers.signature.r), s: BigInt(ethers.signature.s), yParity: ethers.signature.yParity });
        const authority = recoverAuthority({ ...signed, address: hexToBytes(signed.address) });
        expect(checksumAddress(authority!)).toBe(privateKeyToAccount(hex(key)).address);
      }),
      { numRuns: 24 },
    );
  });

  it('refuses chain id 0 (an authorization valid on every chain), typed', () => {
    const err = errorOf(() => signAuthorization({ chainId: 0n, address: DELEGATE, nonce: 1n }, KEY));
    expect(err.code).toBe('AUTHORIZATION_REFUSED');
    expect(err.shortMessage).toMatch(/chainId.*must not be 0/);
  });

  it('refuses fields out of range: a nonce of 2^64 − 1 or more, a negative or 257-bit chain id, a bad address', () => {
    for (const bad of [
      { chainId: 1n, address: DELEGATE, nonce: (1n << 64n) - 1n },
      { chainId: -1n, address: DELEGATE, nonce: 0n },
      { chainId: 1n << 256n, address: DELEGATE, nonce: 0n },
      { chainId: 1n, address: '0x1234' as Address, nonce: 0n },
      { chainId: 1n, address: DELEGATE.toLowerCase().replace('4c', '4C') as Address, nonce: 0n },
      { chainId: 1, address: DELEGATE, nonce: 0n } as unknown as { chainId: bigint; address: Address; nonce: bigint },
    ]) {
      expect(errorOf(() => signAuthorization(bad, KEY)).code).toBe('AUTHORIZATION_REFUSED');
    }
  });

  it('signs the zero address (a revocation)', () => {
    const signed = signAuthorization({ chainId: 1n, address: ZERO, nonce: 5n }, KEY);
    expect(signed.address).toBe(ZERO);
    expect(recoverAuthority({ ...signed, address: new Uint8Array(20) })).toBeDefined();
  });
});

const setCode = fc
  .record({ key: privateKey, chainId, nonce, gasLimit: uint(64), to: address, value: uint(255), data: fc.uint8Array({ maxLength: 64 }), a: uint(128), b: uint(128), n: fc.integer({ min: 1, max: 3 }), delegate: address })
  .map(({ key, chainId, nonce, a, b, n, delegate, ...rest }) => {
    // The i-th authorization's nonce is nonce + i: still a JS number, as viem and ethers take it.
    const first = nonce > BigInt(Number.MAX_SAFE_INTEGER) - 2n ? BigInt(Number.MAX_SAFE_INTEGER) - 2n : nonce;
    const authorizationList: SignedAuthorization[] = Array.from({ length: n }, (_, i) => signAuthorization({ chainId, address: i === 1 ? ZERO : delegate, nonce: first + BigInt(i) }, key));
    const tx: UnsignedSetCodeTransaction = {
      type: 4, chainId, nonce, ...rest, maxFeePerGas: a > b ? a : b, maxPriorityFeePerGas: a > b ? b : a, accessList: [], authorizationList,
    };
    return { key, tx };
  });

describe('signTransaction, type 4', () => {
  it('equals viem and ethers byte for byte on generated set-code transactions; our decoder reads the list and the sender back', async () => {
    await fc.assert(
      fc.asyncProperty(setCode, async ({ key, tx }) => {
        const signed = signTransaction(tx, key);
        const account = privateKeyToAccount(hex(key));
        const authorizationList = tx.authorizationList.map((a) => ({
          chainId: Number(a.chainId), address: a.address, nonce: Number(a.nonce), yParity: a.yParity, r: `0x${a.r.toString(16)}` as const, s: `0x${a.s.toString(16)}` as const,
        }));
        const common = { chainId: Number(tx.chainId), nonce: Number(tx.nonce), gas: tx.gasLimit, to: tx.to, value: tx.value, data: hex(tx.data), maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas };
        expect(signed.raw).toBe(await account.signTransaction({ type: 'eip7702', ...common, authorizationList }));
        const ethers = await new Wallet(hex(key)).signTransaction({
          type: 4, chainId: tx.chainId, nonce: Number(tx.nonce), gasLimit: tx.gasLimit, to: tx.to, value: tx.value, data: hex(tx.data),
          maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
          authorizationList: tx.authorizationList.map((a) => ({ chainId: a.chainId, address: a.address, nonce: a.nonce, signature: { r: `0x${a.r.toString(16).padStart(64, '0')}`, s: `0x${a.s.toString(16).padStart(64, '0')}`, yParity: a.yParity as 0 | 1 } })),
        });
        expect(signed.raw).toBe(ethers);
        expect(EthersTransaction.from(signed.raw).from).toBe(account.address);
        expect(signed.from).toBe(account.address);
        const decoded = decodeTransaction(hexToBytes(signed.raw));
        expect(decoded.type).toBe(4);
        if (decoded.type !== 4) return;
        expect(checksumAddress(recoverSender(decoded))).toBe(account.address);
        expect(decoded.authorizationList.map((a) => ({ ...a, address: checksumAddress(a.address) }))).toEqual(tx.authorizationList);
      }),
      { numRuns: 12 },
    );
  });

  it('serializes the unsigned payload as viem does (type ‖ rlp(fields), no signature)', () => {
    const auth = signAuthorization({ chainId: 1n, address: DELEGATE, nonce: 1n }, KEY);
    const tx: UnsignedSetCodeTransaction = {
      type: 4, chainId: 1n, nonce: 0n, gasLimit: 100_000n, to: privateKeyToAccount(hex(KEY)).address, value: 0n, data: new Uint8Array(0),
      maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, accessList: [], authorizationList: [auth],
    };
    const viem = serializeTransaction({
      type: 'eip7702', chainId: 1, nonce: 0, gas: 100_000n, to: tx.to, value: 0n, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      authorizationList: [{ chainId: 1, address: DELEGATE, nonce: 1, yParity: auth.yParity, r: `0x${auth.r.toString(16)}`, s: `0x${auth.s.toString(16)}` }],
    });
    expect(bytesToHex(serializeUnsigned(tx))).toBe(viem);
  });

  const base = (): UnsignedSetCodeTransaction => ({
    type: 4, chainId: 1n, nonce: 0n, gasLimit: 100_000n, to: DELEGATE, value: 0n, data: new Uint8Array(0),
    maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, accessList: [], authorizationList: [signAuthorization({ chainId: 1n, address: DELEGATE, nonce: 1n }, KEY)],
  });

  it('refuses an empty authorization list, a creation, a tuple with chain id 0 or a y-parity of 2, a tip above the fee cap', () => {
    const cases: [string, UnsignedSetCodeTransaction][] = [
      ['empty', { ...base(), authorizationList: [] }],
      ['creation', { ...base(), to: null as unknown as Address, data: Uint8Array.of(1) }],
      ['chain 0', { ...base(), authorizationList: [{ ...base().authorizationList[0]!, chainId: 0n }] }],
      ['parity', { ...base(), authorizationList: [{ ...base().authorizationList[0]!, yParity: 2 }] }],
      ['nonce', { ...base(), authorizationList: [{ ...base().authorizationList[0]!, nonce: 1n << 64n }] }],
      ['tip', { ...base(), maxPriorityFeePerGas: 3n }],
    ];
    for (const [name, tx] of cases) {
      const err = errorOf(() => signTransaction(tx, KEY));
      expect(err.code, name).toBe('INVALID_TRANSACTION');
    }
  });
});

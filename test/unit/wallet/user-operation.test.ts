/**
 * ERC-4337 user operations asked for as typed data (src/wallet/smart-account/user-operation.ts): a user operation
 * for EntryPoint v0.8 as viem builds it is one whose EIP-712 digest (Vigil's own) IS the
 * EntryPoint's user operation hash (viem's getUserOperationHash for 0.8), so signing it would sign
 * a transaction of a delegated account; it is recognized and refused on any chain and for any
 * verifying contract, as a JSON string or an object, under a renamed struct in the EntryPoint's
 * domain or the struct in another domain, with its callData's calls named; other typed data passes.
 * Through the wallet (src/client/wallet/typed-data-review.ts): a page's eth_signTypedData_v4 of one
 * is refused with USER_OPERATION_REFUSED before any window opens.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData } from 'viem';
import { getUserOperationHash, getUserOperationTypedData } from 'viem/account-abstraction';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { typedDataDigest } from '../../../src/wallet/typed-data.ts';
import { ENTRY_POINT_V08, refuseUserOperation, userOperationOf } from '../../../src/wallet/smart-account/user-operation.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { APP, connected, freshWorld } from '../client/wallet/wallet-world.ts';

beforeAll(cryptoReady);

const SENDER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const TOKEN = '0x' + '7a'.repeat(20);
const DRAINER = '0x' + 'de'.repeat(20);
const EXECUTE_BATCH_ABI = [
  {
    type: 'function',
    name: 'executeBatch',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'calls', type: 'tuple[]', components: [{ name: 'target', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'data', type: 'bytes' }] }],
    outputs: [],
  },
] as const;
// transfer(drainer, 10**18) and 1 ETH to the drainer: what a drainer's user operation does.
const TRANSFER = ('0xa9059cbb' + DRAINER.slice(2).padStart(64, '0') + (10n ** 18n).toString(16).padStart(64, '0')) as `0x${string}`;
const CALL_DATA = encodeFunctionData({ abi: EXECUTE_BATCH_ABI, functionName: 'executeBatch', args: [[{ target: TOKEN as `0x${string}`, value: 0n, data: TRANSFER }, { target: DRAINER as `0x${string}`, value: 10n ** 18n, data: '0x' }]] });

const userOperation = {
  sender: SENDER as `0x${string}`,
  nonce: 7n,
  callData: CALL_DATA,
  callGasLimit: 100_000n,
  verificationGasLimit: 100_000n,
  preVerificationGas: 50_000n,
  maxFeePerGas: 10n ** 10n,
  maxPriorityFeePerGas: 10n ** 9n,
  signature: '0x' as `0x${string}`,
};
const typedFor = (chainId: number, entryPointAddress: `0x${string}` = ENTRY_POINT_V08 as `0x${string}`) => getUserOperationTypedData({ chainId, entryPointAddress, userOperation });
/** As a page sends it: JSON, bigints as decimal strings (as viem's signTypedData does). */
const json = (t: ReturnType<typeof typedFor>) => JSON.stringify(t, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

const refusal = (param: unknown): WalletError => {
  try {
    refuseUserOperation(param);
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error('not refused');
};

describe('user operations as typed data', () => {
  it("is the EntryPoint v0.8 user operation hash: Vigil's EIP-712 digest of viem's typed data equals getUserOperationHash", () => {
    const digest = typedDataDigest(json(typedFor(31337)), 31337n);
    expect(digest.hash).toBe(getUserOperationHash({ chainId: 31337, entryPointAddress: ENTRY_POINT_V08 as `0x${string}`, entryPointVersion: '0.8', userOperation }));
  });

  it('is refused with a plain reason and the calls its callData makes', () => {
    const err = refusal(json(typedFor(31337)));
    expect(err.code).toBe('USER_OPERATION_REFUSED');
    expect(err.shortMessage).toMatch(/^a user operation for your smart account is a transaction/);
    expect(err.details).toBe(`it would make 2 calls from ${SENDER}: 1. to ${TOKEN}, 0 wei, calling 0xa9059cbb; 2. to ${DRAINER}, 1000000000000000000 wei`);
    expect(userOperationOf(typedFor(1))).toEqual({ sender: SENDER, calls: [{ to: TOKEN, value: 0n, data: TRANSFER.toLowerCase() }, { to: DRAINER, value: 10n ** 18n, data: '0x' }] });
  });

  it('is refused whatever chain, verifying contract or form; so are a renamed struct in its domain and its struct in another domain', () => {
    const variants: unknown[] = [
      json(typedFor(1)),
      json(typedFor(31337, ('0x' + '11'.repeat(20)) as `0x${string}`)),
      JSON.parse(json(typedFor(10))),
      // The EntryPoint's domain with another struct name (its hash is no user operation's, refused all the same).
      { ...JSON.parse(json(typedFor(31337))), primaryType: 'Op', types: { Op: typedFor(1).types.PackedUserOperation } },
      // The struct in a domain of another name.
      { ...JSON.parse(json(typedFor(31337))), domain: { name: 'Harmless', version: '1', chainId: 31337 } },
      // Any name, the EntryPoint v0.8 as verifying contract (upper case).
      { ...JSON.parse(json(typedFor(31337))), primaryType: 'Op', types: { Op: typedFor(1).types.PackedUserOperation }, domain: { name: 'X', verifyingContract: ENTRY_POINT_V08.toUpperCase().replace('0X', '0x') } },
    ];
    for (const v of variants) expect(refusal(v).code).toBe('USER_OPERATION_REFUSED');
    // callData that is neither executeBatch nor execute: refused, its calls unnamed.
    expect(refusal({ ...JSON.parse(json(typedFor(31337))), message: { ...JSON.parse(json(typedFor(31337))).message, callData: '0xdeadbeef' } }).details).toBe('its calls could not be read');
  });

  it('lets other typed data through (a permit, malformed input left to the EIP-712 parser)', () => {
    const permit = {
      types: { Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] },
      primaryType: 'Permit',
      domain: { name: 'VigilToken', version: '1', chainId: 31337, verifyingContract: TOKEN },
      message: { owner: SENDER, spender: DRAINER, value: '1', nonce: '0', deadline: '1' },
    };
    for (const v of [permit, JSON.stringify(permit), '{not json', null, 42, { domain: 'x' }]) expect(() => refuseUserOperation(v)).not.toThrow();
  });
});

describe("a page's eth_signTypedData_v4 of a user operation", () => {
  it('is refused before any window opens, with the reason and what it would call', async () => {
    const world = freshWorld();
    const { wallet } = await connected(world);
    const opened = world.opened.length;
    const err = await wallet.requests.signTypedData({ origin: APP, requestKey: 'uo' }, SENDER, json(typedFor(31337))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('USER_OPERATION_REFUSED');
    expect(world.opened.length).toBe(opened);
    const provider = toProviderError(err);
    expect(provider.code).toBe(-32003);
    expect(provider.data).toMatchObject({ code: 'USER_OPERATION_REFUSED', details: expect.stringContaining(DRAINER) });
    // For another chain too: refused as a user operation, not merely as typed data for the wrong chain.
    const other = await wallet.requests.signTypedData({ origin: APP, requestKey: 'uo-1' }, SENDER, json(typedFor(1))).then(
      () => undefined,
      (e: unknown) => e as WalletError,
    );
    expect(other?.code).toBe('USER_OPERATION_REFUSED');
    expect(world.opened.length).toBe(opened);
  });
});

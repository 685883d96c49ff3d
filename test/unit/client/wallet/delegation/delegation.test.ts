/**
 * An account's EIP-7702 delegation read from proven state (src/client/wallet/delegation/delegation.ts) where
 * the balances are read: none, delegated to an unknown delegate or to the pinned Simple7702Account
 * (known by its proven code hash, not its address), and a lying endpoint's code that does not hash
 * to the proven code hash refused, through the scripted chain and through the real proof reader.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WalletBalances } from '../../../../../src/client/wallet/balances.ts';
import { walletChainOf } from '../../../../../src/client/wallet/chain.ts';
import { delegationOf } from '../../../../../src/client/wallet/delegation/delegation.ts';
import { PooledAccountReader } from '../../../../../src/client/verified/reads.ts';
import { bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { keccak256 } from '../../../../../src/crypto/keccak.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../../../src/wallet/eip7702-pin.ts';
import { HEAD, inThreadRunner, mainnetProof } from '../../../provider/helpers.ts';
import { ACCOUNT0, freshWorld, scriptedChain, type World } from '../wallet-world.ts';

const DELEGATE = '0x' + '5e'.repeat(20);
const indicator = (to: string) => '0xef0100' + to.slice(2);
const SIMPLE = readFileSync(new URL('../../../../fixtures/wallet/simple7702account-0.8.0.hex', import.meta.url), 'utf8').trim();

beforeAll(() => cryptoReady());

function balancesOf(world: World) {
  return new WalletBalances({
    repo: { tokens: async () => [] } as never,
    addresses: async () => [ACCOUNT0],
    chain: () => scriptedChain(world),
    network: () => ({ id: 'devnet', chainId: 31337, name: 'Devnet' }),
    proveToken: () => Promise.reject(new Error('no token here')),
  });
}

describe('the delegation in the balances', () => {
  it('an account without code is not delegated', async () => {
    const b = await balancesOf(freshWorld()).balances();
    expect(b.accounts[0]).toMatchObject({ address: ACCOUNT0, delegation: { kind: 'none' } });
  });

  it('an account delegated to unknown code: the delegate and its proven code hash, unknown', async () => {
    const world = freshWorld();
    world.code = new Map([[ACCOUNT0.toLowerCase(), indicator(DELEGATE)], [DELEGATE, '0x6080604052']]);
    const b = await balancesOf(world).balances();
    const row = b.accounts[0]!;
    expect(row).toMatchObject({ delegation: { kind: 'delegated', delegate: DELEGATE, delegateCode: { codeHash: bytesToHex(keccak256(hexToBytes('0x6080604052'))), known: null } } });
  });

  it('an account delegated to the pinned delegator is known by the delegate code hash, wherever it is deployed', async () => {
    const world = freshWorld();
    world.code = new Map([[ACCOUNT0.toLowerCase(), indicator(DELEGATE)], [DELEGATE, SIMPLE]]);
    const row = (await balancesOf(world).balances()).accounts[0]!;
    expect(row).toMatchObject({ delegation: { kind: 'delegated', delegate: DELEGATE, delegateCode: { codeHash: SIMPLE_7702_ACCOUNT.codeHash, known: 'Simple7702Account (eth-infinitism, v0.8.0)' } } });
  });

  it('a delegate whose proof fails is shown with why (and so not known)', async () => {
    const world = freshWorld();
    world.code = new Map([[ACCOUNT0.toLowerCase(), indicator(DELEGATE)]]);
    const chain = scriptedChain(world);
    const account = await chain.proveAccount(ACCOUNT0, world.head!, { code: true });
    world.lie = true;
    const d = await delegationOf(chain, account, world.head!);
    expect(d).toMatchObject({ kind: 'delegated', delegate: DELEGATE, delegateCode: { error: expect.stringContaining('PROOF_VALUE_MISMATCH') } });
  });

  it("an endpoint's code that does not hash to the proven code hash is refused (CODE_HASH_MISMATCH), never classified", async () => {
    const world = freshWorld();
    world.code = new Map([[ACCOUNT0.toLowerCase(), '0x']]);
    world.codeLie = true;
    const chain = scriptedChain(world);
    const account = await chain.proveAccount(ACCOUNT0, world.head!, { code: true });
    await expect(delegationOf(chain, account, world.head!)).rejects.toMatchObject({ name: 'VerificationError', code: 'CODE_HASH_MISMATCH' });
    const row = (await balancesOf(world).balances()).accounts[0]!;
    expect(row).toEqual({ address: ACCOUNT0, error: expect.stringContaining('CODE_HASH_MISMATCH') });
    // An account proven without its code is a caller's mistake, refused rather than read as no code.
    const { code: _, ...bare } = account;
    await expect(delegationOf(chain, bare, world.head!)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('the real proof reader asks eth_getCode with the proof and refuses code that does not match', async () => {
    const calls: string[] = [];
    const rpc = {
      endpoints: ['http://liar.test'],
      demote() {},
      async callAt(_endpoint: string, method: string, params: readonly unknown[]) {
        calls.push(method);
        return method === 'eth_getCode' ? indicator(DELEGATE) : { ...mainnetProof, storageProof: (params[1] as string[]).length === 0 ? [] : mainnetProof.storageProof };
      },
    };
    const reader = new PooledAccountReader(rpc as never, inThreadRunner);
    const chain = walletChainOf({ network: { chainId: 1n, name: 'Mainnet', maxHeadAgeSeconds: 60 }, signing: () => undefined, newest: () => undefined, held: () => HEAD as never, reader, execution: {} as never });
    const head = { head: { blockNumber: BigInt(HEAD.blockNumber), blockHash: '0x' + '01'.repeat(32) }, env: {}, nextBaseFee: 0n } as never;
    await expect(chain.proveAccount(mainnetProof.address as string, head, { code: true })).rejects.toMatchObject({ code: 'CODE_HASH_MISMATCH' });
    expect(calls).toEqual(['eth_getProof', 'eth_getCode']);
  });
});

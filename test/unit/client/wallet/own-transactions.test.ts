/**
 * The wallet's own transactions (src/client/wallet/own-transactions.ts): a forced exit's L1 and L2 steps.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { decodeTransaction, recoverSender } from '../../../../src/execution/transactions.ts';
import { ACCOUNT0, answer, connected, freshWorld, GWEI, RECIPIENT, type World } from './wallet-world.ts';
import { replacementInActivity } from '../../../../src/client/wallet/own-transactions.ts';

beforeAll(cryptoReady);

describe('OwnTransactions', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it("signs a forced exit's own L1 transaction with its value under the policy, and its L2 transaction with the account key on the L2's chain id", async () => {
    const { wallet } = await connected(world);
    const own = await wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 7n, summary: 'Force the withdrawal in through L1' });
    const l1 = decodeTransaction(hexToBytes(own.raw));
    expect(l1).toMatchObject({ chainId: 31337n, nonce: 5n, value: 7n });
    // In the activity as an exit's step (its exit follows it), its tip the verified percentile's.
    expect(await wallet.activity.list()).toMatchObject([{ hash: own.hash, exitStep: true, status: 'signed' }]);
    expect(l1).toMatchObject({ maxPriorityFeePerGas: GWEI });
    // More than the proven balance is refused by the policy.
    await expect(wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 2n * 10n ** 18n, summary: 'x' })).rejects.toMatchObject({ code: 'INSUFFICIENT_VERIFIED_BALANCE' });
    const l2 = await wallet.own.signL2(ACCOUNT0, { chainId: 10, nonce: 3n, to: RECIPIENT, value: 9n, data: '0xabcd', gasLimit: 100_000n, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI });
    const tx = decodeTransaction(hexToBytes(l2.raw));
    expect(tx).toMatchObject({ type: 2, chainId: 10n, nonce: 3n, value: 9n, gas: 100_000n, maxFeePerGas: 2n * GWEI });
    expect(bytesToHex(recoverSender(tx))).toBe(ACCOUNT0.toLowerCase());
    expect(world.sent).toEqual([]);
    await wallet.keyring.lock();
    await expect(wallet.own.signL2(ACCOUNT0, { chainId: 10, nonce: 3n, to: RECIPIENT, value: 9n, data: '0x', gasLimit: 1n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n })).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('signs a step again at its nonce when asked to replace it: both fees by the replacement rule, recorded as its speed-up; the popup may speed up or cancel an exit step too, and the exit reads which', async () => {
    const { wallet, repo } = await connected(world);
    const first = await wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 7n, summary: 'Force the withdrawal in through L1' });
    const a = decodeTransaction(hexToBytes(first.raw));
    if (a.type !== 2) throw new Error('expected EIP-1559');
    // The proven nonce is still 5 and the first is pending: the replacement takes nonce 5.
    const again = await wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 7n, summary: 'Speed up force', replaces: { hash: first.hash, nonce: a.nonce, maxFeePerGas: a.maxFeePerGas, maxPriorityFeePerGas: a.maxPriorityFeePerGas } });
    const b = decodeTransaction(hexToBytes(again.raw));
    if (b.type !== 2) throw new Error('expected EIP-1559');
    expect(b.nonce).toBe(5n);
    expect(b.maxFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxFeePerGas * 9n);
    expect(b.maxPriorityFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxPriorityFeePerGas * 9n);
    expect((await wallet.activity.list()).find((r) => r.hash === again.hash)).toMatchObject({ exitStep: true, replaces: { hash: first.hash, kind: 'speedUp' } });
    const of = async (hash: string) => (await replacementInActivity(repo, [hash])).get(hash.toLowerCase());
    expect(await of(first.hash)).toEqual({ hash: again.hash, raw: again.raw, kind: 'speedUp', signedAtBlock: expect.any(Number) });
    // From the popup: a cancel of the exit's newest transaction, in a window like any other.
    const p = wallet.requests.replace(again.hash, 'cancel');
    await answer(world, wallet, true);
    const cancel = await p;
    expect(await of(again.hash)).toMatchObject({ hash: cancel, kind: 'cancel' });
    expect(await of(cancel)).toBeUndefined();
    // Asked for the first alone, the activity listed once: its speed-up and that one's cancel, in turn.
    let lists = 0;
    const counted = { listActivity: (limit?: number) => (lists++, repo.listActivity(limit)) };
    const chain = await replacementInActivity(counted, [first.hash.toUpperCase().replace('0X', '0x')]);
    expect([...chain.keys()]).toEqual([first.hash.toLowerCase(), again.hash.toLowerCase()]);
    expect(chain.get(again.hash.toLowerCase())).toMatchObject({ hash: cancel, kind: 'cancel' });
    expect(lists).toBe(1);
  });

  it('bounds what a step signed with no window may cost: above 0.05 ETH in fees at the cap plus its value, nothing is signed (FEE_ABOVE_CAP, with the numbers)', async () => {
    const { wallet } = await connected(world);
    // 21,000 gas (a plain transfer's estimate) at up to 2 × 10 gwei + 1 gwei, plus 0.05 ETH sent: over the cap.
    const refused = await wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 5n * 10n ** 16n, summary: 'x' }).then(() => undefined, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FEE_ABOVE_CAP', expected: `at most ${5n * 10n ** 16n} wei`, got: `${5n * 10n ** 16n + 21_000n * 21n * GWEI} wei` });
    // A base fee spike alone does it too: 21,000 gas at up to 2 × 1200 gwei + 1 gwei is 0.0504 ETH.
    world.head = { ...world.head!, nextBaseFee: 1200n * GWEI };
    await expect(wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 0n, summary: 'x' })).rejects.toMatchObject({ code: 'FEE_ABOVE_CAP' });
    world.head = { ...world.head!, nextBaseFee: 10n * GWEI };
    await expect(wallet.own.sign({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 0n, summary: 'x' })).resolves.toMatchObject({ raw: expect.any(String) });
    expect(world.sent).toEqual([]);
  });
});

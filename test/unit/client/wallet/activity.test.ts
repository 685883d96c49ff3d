/**
 * The activity (src/client/wallet/activity.ts): settled only by verified receipts and proven nonces,
 * re-checked until final, sent again from its stored bytes until its nonce is proven used.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REBROADCASTS } from '../../../../src/client/wallet/activity.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { decodeTransaction } from '../../../../src/execution/transactions.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { ACCOUNT0, answer, APP, blockHash, connected, freshWorld, RECIPIENT, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

const receiptAt = (n: number, status = '0x1', hash = blockHash(n)) => ({ blockNumber: '0x' + n.toString(16), blockHash: hash, gasUsed: '0x5208', status });

describe('Activity', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  async function sending() {
    const s = await connected(world);
    const send = () => {
      const p = s.wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
      return answer(world, s.wallet, true).then(() => p);
    };
    return { ...s, send };
  }

  it('is "included" on a verified receipt, "final" once its block is canonical and finalized; "dropped" only when the proven nonce moved in a block holding another transaction', async () => {
    const { wallet, repo, send } = await sending();
    const first = await send();
    const second = await send();
    await wallet.activity.track();
    expect((await repo.getActivity(first))?.status).toBe('pending');
    // The first is in block 101; the second's nonce (6) is used in block 102 by a transaction Vigil never sent.
    world.headNumber = 102;
    world.receipts.set(first, receiptAt(101));
    world.nonce = 7n;
    world.nonceFrom = [{ block: 0, nonce: 5n }, { block: 101, nonce: 6n }, { block: 102, nonce: 7n }];
    const other = '0x' + 'ee'.repeat(32);
    world.blocks.set(102, [{ hash: other, from: ACCOUNT0.toLowerCase(), nonce: 6n, status: 1, gasUsed: 21000n }]);
    await wallet.activity.track();
    expect(await repo.getActivity(first)).toMatchObject({ status: 'included', receipt: { blockNumber: 101, status: 1 }, settledIn: { blockNumber: 101, blockHash: blockHash(101), final: false } });
    expect(await repo.getActivity(second)).toMatchObject({ status: 'dropped', replacedBy: other, settledIn: { blockNumber: 102, final: false } });
    // Finality reaches 102: both final, never re-checked again.
    world.finalizedNumber = 102;
    await wallet.activity.track();
    expect(await repo.getActivity(first)).toMatchObject({ status: 'final', settledIn: { final: true } });
    expect(await repo.getActivity(second)).toMatchObject({ status: 'dropped', settledIn: { final: true } });
    expect(await repo.notFinal(31337)).toEqual([]);
  });

  it("keeps the price its verified receipt says each gas was paid at (the fee paid is gas used × that); a receipt without one, or a malformed one, keeps none", async () => {
    const { wallet, repo, send } = await sending();
    const [paid, bare, malformed] = [await send(), await send(), await send()];
    world.headNumber = 101;
    world.receipts.set(paid, { ...receiptAt(101), effectiveGasPrice: '0x3b9aca07' });
    world.receipts.set(bare, receiptAt(101));
    world.receipts.set(malformed, { ...receiptAt(101), effectiveGasPrice: 'lots' });
    await wallet.activity.track();
    expect((await repo.getActivity(paid))?.receipt).toEqual({ blockNumber: 101, blockHash: blockHash(101), gasUsed: '21000', status: 1, effectiveGasPrice: '1000000007' });
    expect((await repo.getActivity(bare))?.receipt).not.toHaveProperty('effectiveGasPrice');
    expect((await repo.getActivity(malformed))?.receipt).not.toHaveProperty('effectiveGasPrice');
  });

  it('a missing receipt proves nothing: while the proven nonce has not passed it, it stays pending and its bytes go out again at each new head, bounded', async () => {
    const { wallet, repo, send } = await sending();
    const hash = await send();
    const raw = (await repo.getActivity(hash))!.raw;
    const sentOf = () => world.sent.filter((r) => r === raw).length;
    expect(sentOf()).toBe(1);
    await wallet.activity.track();
    expect(sentOf()).toBe(2);
    // The same head again (an alarm between heads): not sent again.
    await wallet.activity.track();
    expect(sentOf()).toBe(2);
    // "Nonce too low" from a node proves nothing either way: still pending, no error shown.
    world.sendError = new Error('nonce too low');
    world.headNumber = 101;
    await wallet.activity.track();
    expect(sentOf()).toBe(3);
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'pending', rebroadcasts: 2 });
    expect((await repo.getActivity(hash))!.lastError).toBeUndefined();
    // A node that refuses it: written down, still pending, sent again at the next head.
    world.sendError = new Error('connection refused');
    world.headNumber = 102;
    await wallet.activity.track();
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'pending', lastError: 'connection refused' });
    // Bounded: after MAX_REBROADCASTS heads it is no longer sent (the user can speed it up or cancel it).
    world.sendError = undefined;
    for (let n = 103; n < 103 + MAX_REBROADCASTS; n++) {
      world.headNumber = n;
      await wallet.activity.track();
    }
    expect(sentOf()).toBe(1 + MAX_REBROADCASTS);
    expect((await repo.getActivity(hash))!.status).toBe('pending');
  });

  it('an endpoint that hides the receipt cannot make it "dropped": the block where the nonce moved holds this very transaction', async () => {
    const { wallet, repo, send } = await sending();
    const hash = await send();
    world.headNumber = 110;
    world.nonce = 6n;
    world.nonceFrom = [{ block: 0, nonce: 5n }, { block: 104, nonce: 6n }];
    world.blocks.set(104, [{ hash, from: ACCOUNT0.toLowerCase(), nonce: 5n, status: 0, gasUsed: 30000n }]);
    await wallet.activity.track();
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'failed', receipt: { blockNumber: 104, gasUsed: '30000', status: 0 }, settledIn: { blockNumber: 104, final: false } });
  });

  it('a reorg: the block of its receipt leaves the chain, the row goes back to pending and its bytes out again; then the new branch includes it', async () => {
    const { wallet, repo, send } = await sending();
    const hash = await send();
    const raw = (await repo.getActivity(hash))!.raw;
    world.headNumber = 101;
    world.receipts.set(hash, receiptAt(101));
    await wallet.activity.track();
    expect((await repo.getActivity(hash))?.status).toBe('included');
    // Blocks 100.. are replaced by another branch, longer; the transaction is not in it yet.
    world.receipts.delete(hash);
    world.canonical.set(101, '0x' + 'b1'.repeat(32));
    world.headNumber = 103;
    const before = world.sent.length;
    await wallet.activity.track();
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'pending', reorgs: 1 });
    expect((await repo.getActivity(hash))!.receipt).toBeUndefined();
    expect(world.sent.slice(before)).toEqual([raw]);
    // Mined again on the new branch.
    world.receipts.set(hash, receiptAt(103, '0x1', world.canonical.get(103) ?? blockHash(103)));
    world.headNumber = 104;
    await wallet.activity.track();
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'included', settledIn: { blockNumber: 103 }, reorgs: 1 });
  });

  it('a page whose transaction was stored gets its hash even when the send fails; the next head sends it again', async () => {
    const { wallet, repo } = await connected(world);
    world.sendError = new Error('connection refused');
    const p = wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    await answer(world, wallet, true);
    const hash = await p;
    expect(await repo.getActivity(hash)).toMatchObject({ status: 'signed', lastError: 'connection refused' });
    world.sendError = undefined;
    world.headNumber = 101;
    await wallet.activity.track();
    expect((await repo.getActivity(hash))?.status).toBe('pending');
  });

  it('speed up: the same nonce, both fees at least +12.5%, in an approval window; the original turns "replaced" once the nonce is proven used by it', async () => {
    const { wallet, repo, send } = await sending();
    const original = await send();
    const p = wallet.requests.replace(original, 'speedUp');
    await answer(world, wallet, true);
    const faster = await p;
    const [a, b] = [decodeTransaction(hexToBytes((await repo.getActivity(original))!.raw)), decodeTransaction(hexToBytes((await repo.getActivity(faster))!.raw))];
    if (a.type !== 2 || b.type !== 2) throw new Error('expected EIP-1559 transactions');
    expect(b.nonce).toBe(a.nonce);
    expect(b.to).toEqual(a.to);
    expect(b.value).toBe(a.value);
    expect(b.maxFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxFeePerGas * 9n);
    expect(b.maxPriorityFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxPriorityFeePerGas * 9n);
    expect(await repo.getActivity(faster)).toMatchObject({ status: 'pending', replaces: { hash: original, kind: 'speedUp' }, summary: 'Speed up nonce 5' });
    // The replacement is mined in block 101: the original is "replaced" by it.
    world.headNumber = 101;
    world.nonce = 6n;
    world.nonceFrom = [{ block: 0, nonce: 5n }, { block: 101, nonce: 6n }];
    world.receipts.set(faster, receiptAt(101));
    world.blocks.set(101, [{ hash: faster, from: ACCOUNT0.toLowerCase(), nonce: 5n, status: 1, gasUsed: 21000n }]);
    await wallet.activity.track();
    expect(await repo.getActivity(original)).toMatchObject({ status: 'replaced', replacedBy: faster });
    expect((await repo.getActivity(faster))?.status).toBe('included');
    // Nothing left to replace once the nonce is used.
    await expect(wallet.requests.replace(original, 'cancel')).rejects.toThrow(/only a pending transaction/);
  });

  it('cancel: a zero-value send to oneself at the same nonce', async () => {
    const { wallet, repo, send } = await sending();
    const original = await send();
    const p = wallet.requests.replace(original, 'cancel');
    await answer(world, wallet, true);
    const cancel = decodeTransaction(hexToBytes((await repo.getActivity(await p))!.raw));
    if (cancel.type !== 2) throw new Error('expected an EIP-1559 transaction');
    expect(cancel.value).toBe(0n);
    expect(cancel.input).toEqual(new Uint8Array());
    expect(cancel.nonce).toBe(5n);
    expect(cancel.to && '0x' + Buffer.from(cancel.to).toString('hex')).toBe(ACCOUNT0.toLowerCase());
  });

  it('a transaction above a nonce nothing of the wallet holds says it waits for it (not "pending" forever); the next send takes that nonce and the row is free again', async () => {
    const { wallet, repo, db, send } = await sending();
    const first = await send();
    const second = await send();
    // Nonce 5 held by nothing of the wallet's (as a batch stopped by a version without fillers left it).
    await db.activity.delete(first);
    await wallet.activity.track();
    expect(await repo.getActivity(second)).toMatchObject({ status: 'pending', nonce: '6', waitsFor: '5' });
    // The next send fills it, and the row above no longer waits.
    const third = await send();
    expect((await repo.getActivity(third))!.nonce).toBe('5');
    await wallet.activity.track();
    expect((await repo.getActivity(second))!.waitsFor).toBeUndefined();
  });
});

/**
 * Ether that moves without a log, in the follower (issue 56): over a scripted chain whose balances
 * and nonces change by scripted events (a plain transfer in, the account's own transaction, an
 * EIP-7708 log after Amsterdam), each pass proves the balance at its end and stores what the
 * range's transfers and own transactions leave unexplained. The first pass only records; a pass
 * whose balance cannot be proven stores nothing and keeps both ends; a reorg of either end drops
 * the row; the own transactions come from the wallet's activity first, the rest searched by nonce.
 */
import { describe, expect, it } from 'vitest';
import { type EtherReader, ownTransactionsOf } from '../../../../../src/client/wallet/transfers/ether-pass.ts';
import { TransferFollower } from '../../../../../src/client/wallet/transfers/follower.ts';
import type { LocatedOwnTransaction } from '../../../../../src/client/wallet/transfers/reconcile.ts';
import { TransportError } from '../../../../../src/rpc/errors.ts';
import { MemoryTransferStore } from '../../../../../src/storage/transfers.ts';
import type { ActivityRow } from '../../../../../src/storage/wallet.ts';
import type { ProvenTransfer } from '../../../../../src/wallet/transfers/types.ts';

const ME = '0x' + 'ab'.repeat(20);
const OTHER = '0x' + 'cd'.repeat(20);
const ETH = 10n ** 18n;

/** A change of the account's balance (and nonce) at a block; `own`: its own transaction; `logged`: an EIP-7708 log of it. */
interface Event {
  block: bigint;
  delta: bigint;
  branch?: string;
  own?: { hash: string; value: bigint; fee: bigint };
  logged?: boolean;
}

function world(head: bigint) {
  const fork = new Map<bigint, string>();
  const hashAt = (n: bigint) => '0x' + (fork.get(n) ?? 'aa') + n.toString(16).padStart(62, '0');
  const events: Event[] = [];
  const canonical = (e: Event) => (e.branch ?? 'aa') === (fork.get(e.block) ?? 'aa');
  const w = {
    head,
    finalized: undefined as bigint | undefined,
    failBalance: undefined as Error | undefined,
    amsterdam: false,
    proven: [] as bigint[],
    ownAsked: [] as { fromBlock: bigint; toBlock: bigint; nonceBefore: bigint; nonceAfter: bigint }[],
    store: new MemoryTransferStore(),
    fork,
    events,
    hashAt,
  };
  const reader: EtherReader = {
    async accountAt(account, block) {
      if (w.failBalance) throw w.failBalance;
      expect(account).toBe(ME);
      w.proven.push(block);
      const at = events.filter((e) => e.block <= block && canonical(e));
      return { balance: 5n * ETH + at.reduce((s, e) => s + e.delta, 0n), nonce: BigInt(at.filter((e) => e.own).length) };
    },
    blockTime: async (block) => 1_700_000_000 + Number(block) * 12,
    etherLoggedAt: async () => w.amsterdam,
    async ownTransactions(q) {
      w.ownAsked.push(q);
      return events.filter((e) => e.own && canonical(e) && e.block >= q.fromBlock && e.block <= q.toBlock).map((e) => ({ transactionHash: e.own!.hash, value: e.own!.value, fee: e.own!.fee, block: e.block }));
    },
  };
  const native = (e: Event, i: number): ProvenTransfer => ({
    asset: 'native',
    standard: 'native',
    from: e.delta > 0n ? OTHER : ME,
    to: e.delta > 0n ? ME : OTHER,
    amount: e.delta > 0n ? e.delta : -e.delta - (e.own?.fee ?? 0n),
    block: e.block,
    blockHash: hashAt(e.block),
    transactionHash: e.own?.hash ?? '0x' + (i + 1).toString(16).padStart(64, '0'),
    transactionIndex: 0,
    logIndex: i,
    timestamp: 1,
    found: 'bloom-scan',
  });
  const follower = new TransferFollower({
    store: w.store,
    chainId: () => 1,
    accounts: async () => [ME],
    headNumber: () => w.head,
    finalizedNumber: () => w.finalized,
    canonicalHash: async (n) => {
      if (n > w.head) throw new Error('above the head');
      return hashAt(n);
    },
    scan: async (query) => {
      const transfers = events.map((e, i) => [e, i] as const).filter(([e]) => e.logged && canonical(e) && e.block >= query.fromBlock && e.block <= query.toBlock).map(([e, i]) => native(e, i));
      return { transfers, ranges: [{ fromBlock: query.fromBlock, toBlock: query.toBlock, found: 'bloom-scan' }], demoted: [] };
    },
    ether: reader,
    now: () => 42,
  });
  return { w, follower };
}

describe('TransferFollower: ether without a log', () => {
  it('first records the balance, then stores ether received by a plain transaction in one block, and over a range', async () => {
    const { w, follower } = world(2000n);
    w.events.push({ block: 1990n, delta: ETH }); // before the first pass: only recorded
    await follower.follow();
    expect(await w.store.list(1)).toEqual([]);
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
    expect((await w.store.cursors(1))[0]!.ether).toEqual({ block: 2000, hash: w.hashAt(2000n), balance: (6n * ETH).toString(), nonce: '0' });

    w.events.push({ block: 2001n, delta: ETH / 2n });
    w.head = 2001n;
    await follower.follow();
    const [row] = await w.store.list(1);
    expect(row).toMatchObject({ asset: 'native', standard: 'native', from: '', to: ME, amount: (ETH / 2n).toString(), block: 2001, blockHash: w.hashAt(2001n), logIndex: -1, timestamp: 1_700_000_000 + 2001 * 12, final: false });
    expect(row!.unlogged).toEqual({ fromBlock: 2001, beforeHash: w.hashAt(2000n), because: 'received by a transaction, a contract call or a withdrawal (no log records these before Amsterdam)' });
    expect((await w.store.cursors(1))[0]!.ether).toMatchObject({ block: 2001, balance: (6n * ETH + ETH / 2n).toString() });

    w.events.push({ block: 2004n, delta: 3n });
    w.head = 2006n;
    await follower.follow();
    expect((await w.store.list(1)).map((r) => [r.block, r.unlogged?.fromBlock, r.amount])).toEqual([
      [2006, 2002, '3'],
      [2001, 2001, (ETH / 2n).toString()],
    ]);
    // Nothing new: nothing stored.
    w.head = 2008n;
    await follower.follow();
    expect(await w.store.list(1)).toHaveLength(2);
  });

  it("the wallet's own transaction explains what left: no row; received and spent in one range: the received amount only", async () => {
    const { w, follower } = world(3000n);
    await follower.follow();
    w.events.push({ block: 3002n, delta: -(ETH / 5n) - 21_000n * 7n, own: { hash: '0x' + '0a'.repeat(32), value: ETH / 5n, fee: 21_000n * 7n } });
    w.head = 3003n;
    await follower.follow();
    expect(await w.store.list(1)).toEqual([]);
    expect((await w.store.cursors(1))[0]).toMatchObject({ toBlock: 3003, ether: { block: 3003, nonce: '1' } });
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
    expect(w.ownAsked.at(-1)).toEqual({ account: ME, fromBlock: 3001n, toBlock: 3003n, nonceBefore: 0n, nonceAfter: 1n });

    w.events.push({ block: 3004n, delta: ETH }, { block: 3005n, delta: -(ETH / 10n) - 100n, own: { hash: '0x' + '0b'.repeat(32), value: ETH / 10n, fee: 100n } });
    w.head = 3006n;
    await follower.follow();
    const rows = await w.store.list(1);
    expect(rows.map((r) => [r.to, r.amount, r.unlogged?.fromBlock, r.block])).toEqual([[ME, ETH.toString(), 3004, 3006]]);
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
  });

  it('ether that left without a transaction found is said as left, with how many own transactions were not found', async () => {
    const { w, follower } = world(3000n);
    await follower.follow();
    w.events.push({ block: 3001n, delta: -(ETH / 5n) });
    w.head = 3001n;
    await follower.follow();
    expect((await w.store.list(1))[0]).toMatchObject({ from: ME, to: '', amount: (ETH / 5n).toString(), unlogged: { because: expect.stringContaining('EIP-7702') } });
    expect((await w.store.list(1))[0]!.unlogged!.missing).toBeUndefined();

    // The nonce moved, the search found nothing: its value and fee are what left.
    w.events.push({ block: 3003n, delta: -500n, own: { hash: '0x' + '0c'.repeat(32), value: 400n, fee: 100n } });
    (follower as unknown as { deps: { ether: EtherReader } }).deps.ether.ownTransactions = async () => [];
    w.head = 3004n;
    await follower.follow();
    expect((await w.store.list(1))[0]).toMatchObject({ block: 3004, from: ME, amount: '500', unlogged: { fromBlock: 3002, missing: 1 } });
  });

  it('a pass whose balance cannot be proven stores nothing and keeps both ends; the next covers the whole range', async () => {
    const { w, follower } = world(2000n);
    await follower.follow();
    const before = (await w.store.cursors(1))[0]!;
    w.events.push({ block: 2003n, delta: 7n });
    w.head = 2005n;
    w.failBalance = new TransportError('NOT_AVAILABLE', 'no endpoint serves the proof', { url: 'eth_getProof' });
    await follower.follow();
    expect(await w.store.list(1)).toEqual([]);
    const failed = (await w.store.cursors(1))[0]!;
    expect(failed).toMatchObject({ toBlock: 2000, toHash: before.toHash, ether: before.ether, failure: { at: 42 } });
    expect(failed.failure!.message).toContain('no endpoint serves the proof');

    w.failBalance = undefined;
    await follower.follow();
    expect((await w.store.list(1)).map((r) => [r.unlogged?.fromBlock, r.block, r.amount])).toEqual([[2001, 2005, '7']]);
  });

  it('a reorg of the end block or of the block before the range drops the row; the new branch is set against a balance proven again', async () => {
    const { w, follower } = world(3000n);
    w.finalized = 2990n;
    await follower.follow();
    w.events.push({ block: 3001n, delta: 9n });
    w.head = 3001n;
    await follower.follow();
    w.events.push({ block: 3003n, delta: 4n });
    w.head = 3003n;
    await follower.follow();
    expect((await w.store.list(1)).map((r) => r.block)).toEqual([3003, 3001]);

    // Block 3001 replaced (3002 and 3003 after it): the row ending at 3001 goes, and the one whose range starts after it too.
    for (let n = 3001n; n <= 3003n; n++) w.fork.set(n, 'bb');
    w.events.push({ block: 3002n, delta: 2n, branch: 'bb' });
    w.head = 3004n;
    await follower.follow();
    const rows = await w.store.list(1);
    // Set against the balance proven again at the finalized block the cursor went back to: the new branch's 2 wei.
    expect(rows.map((r) => [r.unlogged?.fromBlock, r.block, r.amount, r.blockHash])).toEqual([[2991, 3004, '2', w.hashAt(3004n)]]);
    expect(w.proven).toContain(2990n);

    // Only the block before a range replaced (a row whose own end block stands): dropped too.
    const row = rows[0]!;
    await w.store.put([{ ...row, key: 'x', unlogged: { ...row.unlogged!, beforeHash: '0x' + 'ff'.repeat(32) } }]);
    w.head = 3005n;
    await follower.follow();
    expect((await w.store.list(1)).map((r) => r.key)).toEqual([row.key]);
  });

  it('from Amsterdam an EIP-7708 log explains ether received: listed as a transfer, no row of its own', async () => {
    const { w, follower } = world(4000n);
    w.amsterdam = true;
    await follower.follow();
    w.events.push({ block: 4001n, delta: ETH / 4n, logged: true });
    w.head = 4002n;
    await follower.follow();
    const rows = await w.store.list(1);
    expect(rows.map((r) => [r.standard, r.amount, r.unlogged === undefined])).toEqual([['native', (ETH / 4n).toString(), true]]);
    expect((await w.store.cursors(1))[0]).toMatchObject({ toBlock: 4002, ether: { block: 4002 } });
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
  });

  it('without old state: a range started again (too far behind) only records, never compares across unchecked blocks', async () => {
    const { w, follower } = world(2000n);
    await follower.follow();
    w.events.push({ block: 5000n, delta: 11n });
    w.head = 2000n + 8000n;
    await follower.follow();
    expect(await w.store.list(1)).toEqual([]);
    expect((await w.store.cursors(1))[0]!.ether).toMatchObject({ block: 10_000 });
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
  });
});

describe('ownTransactionsOf', () => {
  const activity = (over: Partial<ActivityRow>): ActivityRow =>
    ({ hash: '0x' + '11'.repeat(32), chainId: 1, from: ME.toUpperCase().replace('0X', '0x'), to: OTHER, nonce: '4', value: '1000', receipt: { blockNumber: 105, blockHash: '0x' + '22'.repeat(32), gasUsed: '21000', status: 1, effectiveGasPrice: '3' }, ...over }) as ActivityRow;

  it("takes the wallet's own rows with verified receipts, a reverted one's fee only, and searches only the nonces they leave", async () => {
    const asked: unknown[] = [];
    const found: LocatedOwnTransaction = { transactionHash: '0x' + '33'.repeat(32), block: 107n, value: 5n, fee: 6n };
    const out = await ownTransactionsOf(
      {
        activity: [
          activity({}),
          activity({ hash: '0x' + '44'.repeat(32), nonce: '6', receipt: { blockNumber: 110, blockHash: '0x' + '55'.repeat(32), gasUsed: '50000', status: 0, effectiveGasPrice: '2' } }),
          activity({ hash: '0x' + '66'.repeat(32), nonce: '3' }), // before the range's nonces
          activity({ hash: '0x' + '77'.repeat(32), nonce: '5', receipt: undefined }), // no verified receipt
          activity({ hash: '0x' + '88'.repeat(32), nonce: '7', to: ME, receipt: { blockNumber: 115, blockHash: '0x' + '99'.repeat(32), gasUsed: '21000', status: 1, effectiveGasPrice: '1' } }), // to itself: its fee only
        ],
        find: async (q) => {
          asked.push(q);
          return q.nonceBefore === 5n ? [found] : [];
        },
      },
      { account: ME, fromBlock: 101n, toBlock: 120n, nonceBefore: 4n, nonceAfter: 9n },
    );
    expect(out).toEqual([
      { transactionHash: '0x' + '11'.repeat(32), block: 105n, value: 1000n, fee: 63_000n },
      found,
      { transactionHash: '0x' + '44'.repeat(32), block: 110n, value: 0n, fee: 100_000n },
      { transactionHash: '0x' + '88'.repeat(32), block: 115n, value: 0n, fee: 21_000n },
    ]);
    // Nonce 5 between its neighbours' blocks; nonce 8 after the last known.
    expect(asked).toEqual([
      { account: ME, fromBlock: 105n, toBlock: 110n, nonceBefore: 5n, nonceAfter: 6n },
      { account: ME, fromBlock: 115n, toBlock: 120n, nonceBefore: 8n, nonceAfter: 9n },
    ]);
  });
});

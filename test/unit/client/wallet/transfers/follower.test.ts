/**
 * The transfer follower over a scripted chain (hashes per number that a reorg changes, a head and
 * a finalized head) and a scripted scan (the transfers on the canonical chain in the range asked,
 * or a refusal): the cursor's first range and its moves, a failed scan storing nothing and keeping
 * the cursor, a reorg's removal, finality, and a rescan adding nothing twice.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_SCAN_BLOCKS, MAX_BEHIND_BLOCKS, MAX_SCAN_BLOCKS, TransferFollower } from '../../../../../src/client/wallet/transfers/follower.ts';
import { MemoryTransferStore } from '../../../../../src/storage/transfers.ts';
import type { ProvenTransfer } from '../../../../../src/wallet/transfers/types.ts';
import { TransportError } from '../../../../../src/rpc/errors.ts';

const ME = '0x' + 'ab'.repeat(20);
const OTHER = '0x' + 'cd'.repeat(20);
const TOKEN = '0x' + 'ee'.repeat(20);

function world(head: bigint) {
  const fork = new Map<bigint, string>(); // numbers whose block a reorg replaced
  const hashAt = (n: bigint) => '0x' + (fork.get(n) ?? 'aa') + n.toString(16).padStart(62, '0');
  const onChain: { block: bigint; branch?: string; logIndex: number; amount: bigint }[] = [];
  const w = {
    head,
    finalized: undefined as bigint | undefined,
    fail: undefined as Error | undefined,
    asked: [] as { accounts: string[]; fromBlock: bigint; toBlock: bigint }[],
    store: new MemoryTransferStore(),
    fork,
    onChain,
    hashAt,
  };
  const transfer = (t: (typeof onChain)[number]): ProvenTransfer => ({
    asset: TOKEN,
    standard: 'erc20',
    from: OTHER,
    to: ME,
    amount: t.amount,
    block: t.block,
    blockHash: hashAt(t.block),
    transactionHash: '0x' + '01'.repeat(32),
    transactionIndex: 0,
    logIndex: t.logIndex,
    timestamp: 1_700_000_000,
    found: 'bloom-scan',
  });
  const follower = new TransferFollower({
    store: w.store,
    chainId: () => 1,
    accounts: async () => [ME.toUpperCase().replace('0X', '0x')],
    headNumber: () => w.head,
    finalizedNumber: () => w.finalized,
    canonicalHash: async (n) => {
      if (n > w.head) throw new Error('above the head');
      return hashAt(n);
    },
    scan: async (query) => {
      w.asked.push(query);
      if (w.fail) throw w.fail;
      const transfers = onChain.filter((t) => t.block >= query.fromBlock && t.block <= query.toBlock && (t.branch ?? 'aa') === (fork.get(t.block) ?? 'aa')).map(transfer);
      return { transfers, ranges: [{ fromBlock: query.fromBlock, toBlock: query.toBlock, found: 'bloom-scan' }], demoted: [] };
    },
    now: () => 42,
  });
  return { w, follower };
}

describe('TransferFollower', () => {
  it('scans the last 1,024 blocks first, then from its cursor to each new head', async () => {
    const { w, follower } = world(5000n);
    w.onChain.push({ block: 3976n, logIndex: 0, amount: 7n }, { block: 4500n, logIndex: 3, amount: 5n });
    await follower.follow();
    expect(w.asked).toEqual([{ accounts: [ME], fromBlock: 5000n - FIRST_SCAN_BLOCKS + 1n, toBlock: 5000n }]);
    expect((await w.store.list(1)).map((r) => [r.block, r.amount])).toEqual([[4500, '5']]);
    expect((await w.store.cursors(1))[0]).toMatchObject({ account: ME, fromBlock: 3977, toBlock: 5000, toHash: w.hashAt(5000n) });

    w.head = 5003n;
    w.onChain.push({ block: 5002n, logIndex: 1, amount: 9n });
    await follower.follow();
    expect(w.asked[1]).toEqual({ accounts: [ME], fromBlock: 5001n, toBlock: 5003n });
    expect((await w.store.list(1)).map((r) => r.block)).toEqual([5002, 4500]);
    expect((await w.store.cursors(1))[0]).toMatchObject({ fromBlock: 3977, toBlock: 5003 });

    // No new head: nothing asked.
    await follower.follow();
    expect(w.asked).toHaveLength(2);
  });

  it('starts at block 0 on a young chain and catches up a window a pass when far behind', async () => {
    const { w, follower } = world(10n);
    await follower.follow();
    expect(w.asked[0]).toMatchObject({ fromBlock: 0n, toBlock: 10n });
    w.head = 10n + MAX_SCAN_BLOCKS * 2n;
    await follower.follow();
    expect(w.asked[1]).toMatchObject({ fromBlock: 11n, toBlock: 10n + MAX_SCAN_BLOCKS });
    await follower.follow();
    expect(w.asked[2]).toMatchObject({ fromBlock: 11n + MAX_SCAN_BLOCKS, toBlock: w.head });
  });

  it('a failed scan stores nothing and leaves the cursor, saying why; the next one takes the whole range', async () => {
    const { w, follower } = world(2000n);
    await follower.follow();
    w.head = 2010n;
    w.onChain.push({ block: 2005n, logIndex: 0, amount: 1n });
    w.fail = new TransportError('NOT_AVAILABLE', 'receipts withheld by every endpoint', { url: 'eth_getBlockReceipts' });
    await follower.follow();
    expect(await w.store.list(1)).toEqual([]);
    expect((await w.store.cursors(1))[0]).toMatchObject({ toBlock: 2000, failure: { at: 42 } });
    expect((await w.store.cursors(1))[0]!.failure!.message).toContain('receipts withheld');

    w.fail = undefined;
    await follower.follow();
    expect(w.asked.at(-1)).toMatchObject({ fromBlock: 2001n, toBlock: 2010n });
    expect((await w.store.list(1)).map((r) => r.block)).toEqual([2005]);
    expect((await w.store.cursors(1))[0]!.failure).toBeUndefined();
  });

  it('a first scan that fails leaves no range known, only why', async () => {
    const { w, follower } = world(2000n);
    w.fail = new Error('no execution endpoint');
    await follower.follow();
    const cursor = (await w.store.cursors(1))[0]!;
    expect(cursor.toBlock).toBeLessThan(cursor.fromBlock);
    w.fail = undefined;
    await follower.follow();
    expect(w.asked.at(-1)).toMatchObject({ fromBlock: 977n, toBlock: 2000n });
  });

  it('removes a transfer whose block a reorg took, scans the new branch again, and stores each log once', async () => {
    const { w, follower } = world(3000n);
    w.finalized = 2900n;
    w.onChain.push({ block: 2950n, logIndex: 0, amount: 4n }, { block: 2800n, logIndex: 0, amount: 8n }, { block: 2990n, branch: 'bb', logIndex: 2, amount: 6n });
    await follower.follow();
    const before = await w.store.list(1);
    expect(before.map((r) => [r.block, r.final])).toEqual([
      [2950, false],
      [2800, true],
    ]);

    // Blocks 2940..3000 replaced: the 2950 transfer is not on the new branch, the 2990 one is.
    for (let n = 2940n; n <= 3000n; n++) w.fork.set(n, 'bb');
    w.head = 3001n;
    await follower.follow();
    const after = await w.store.list(1);
    expect(after.map((r) => [r.block, r.blockHash])).toEqual([
      [2990, w.hashAt(2990n)],
      [2800, w.hashAt(2800n)],
    ]);
    // Back to the finalized block, then up to the head.
    expect(w.asked.at(-1)).toMatchObject({ fromBlock: 2901n, toBlock: 3001n });
    expect((await w.store.cursors(1))[0]).toMatchObject({ toBlock: 3001, toHash: w.hashAt(3001n) });

    // Scanned again (a cursor put back by hand): nothing twice.
    await w.store.putCursor({ ...(await w.store.cursors(1))[0]!, toBlock: 2700, toHash: w.hashAt(2700n) });
    await follower.follow();
    expect(await w.store.list(1)).toHaveLength(2);
  });

  it('marks a transfer final once its block is finalized, and checks it no more', async () => {
    const { w, follower } = world(3000n);
    w.onChain.push({ block: 2950n, logIndex: 0, amount: 4n });
    await follower.follow();
    expect((await w.store.list(1))[0]!.final).toBe(false);
    w.finalized = 2960n;
    await follower.follow();
    expect((await w.store.list(1))[0]!.final).toBe(true);
    // A final row stays whatever an endpoint later says of its block.
    w.fork.set(2950n, 'cc');
    await follower.follow();
    expect(await w.store.list(1)).toHaveLength(1);
  });

  it('keeps only transfers of the accounts asked, within the range asked', async () => {
    const { w, follower } = world(3000n);
    const scan = { transfers: [] as ProvenTransfer[] };
    (follower as unknown as { deps: { scan: unknown } }).deps.scan = async () => ({ ...scan, ranges: [], demoted: [] });
    const base: ProvenTransfer = { asset: TOKEN, standard: 'erc20', from: OTHER, to: ME, amount: 1n, block: 2990n, blockHash: w.hashAt(2990n), transactionHash: '0x' + '02'.repeat(32), transactionIndex: 0, logIndex: 0, timestamp: 1, found: 'bloom-scan' };
    scan.transfers = [base, { ...base, to: OTHER, logIndex: 1 }, { ...base, block: 10n, blockHash: w.hashAt(10n), logIndex: 2 }];
    await follower.follow();
    expect((await w.store.list(1)).map((r) => r.logIndex)).toEqual([0]);
  });

  it('too far behind to link, starts again at the last 1,024 blocks and keeps the blocks between as skipped, never claimed checked', async () => {
    const { w, follower } = world(5000n);
    await follower.follow();
    w.head = 5000n + MAX_BEHIND_BLOCKS + 10n;
    w.onChain.push({ block: w.head - 5n, logIndex: 0, amount: 3n });
    await follower.follow();
    expect(w.asked.at(-1)).toMatchObject({ fromBlock: w.head - FIRST_SCAN_BLOCKS + 1n, toBlock: w.head });
    const cursor = (await w.store.cursors(1))[0]!;
    expect(cursor).toMatchObject({ fromBlock: Number(w.head - FIRST_SCAN_BLOCKS + 1n), toBlock: Number(w.head), skipped: { fromBlock: 5001, toBlock: Number(w.head - FIRST_SCAN_BLOCKS) } });
    expect((await w.store.list(1)).map((r) => r.block)).toEqual([Number(w.head - 5n)]);
    // The next head goes on from the new range, the skipped blocks still said.
    w.head += 2n;
    await follower.follow();
    expect((await w.store.cursors(1))[0]).toMatchObject({ toBlock: Number(w.head), skipped: { fromBlock: 5001 } });
  });
});

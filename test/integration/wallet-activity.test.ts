/**
 * The wallet's activity on the devnet, as the extension runs it (in Node): a send is "included"
 * on a verified receipt and "final" once its block is finalized; a reorg sends it back to pending,
 * and the new branch settles it again (the devnet's `reorg` fault, with the dropped transaction
 * mined again, or left out and sent again from the stored bytes).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import type { ActivityRow } from '../../src/storage/wallet.ts';
import { rpc, type RunningDevnet, sleep, startDevnetProcess, until } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

let devnet: RunningDevnet;
let w: DevnetWallet;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--faults']);
  w = await walletOnDevnet(devnet.info);
}, 120_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop('SIGKILL');
});

/** The slot of the devnet's beacon head. */
async function headSlot(): Promise<number> {
  const res = await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/head`);
  expect(res.status).toBe(200);
  return Number(((await res.json()) as { data: { header: { message: { slot: string } } } }).data.header.message.slot);
}

const row = (hash: string) => w.repo.getActivity(hash) as Promise<ActivityRow | undefined>;

async function send(): Promise<string> {
  await until('a verified head', async () => w.session.walletChain()?.signingHead());
  const p = w.wallet.requests.send({ from: ACCOUNT0, to: bytesToHex(randomBytes(20)), value: '0x1' });
  await w.approveNext();
  return p;
}

describe('activity on the devnet', () => {
  it('a send is included on a verified receipt, then final once its block is finalized', async () => {
    const hash = await send();
    const included = await until('included', async () => {
      const r = await row(hash);
      return (r?.status === 'included' || r?.status === 'final') && r;
    });
    expect(included.settledIn).toMatchObject({ blockNumber: included.receipt!.blockNumber, blockHash: included.receipt!.blockHash });
    const final = await until('final', async () => {
      const r = await row(hash);
      return r?.status === 'final' && r;
    }, 90_000);
    expect(final.settledIn).toMatchObject({ blockNumber: included.receipt!.blockNumber, blockHash: included.receipt!.blockHash, final: true });
  }, 180_000);

  async function reorg(depth: number, drop: boolean) {
    const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'reorg', depth, drop }) });
    const body = (await res.json()) as { reorg: { dropped: { slot: number; blockNumber: number; blockHash: string }[]; head: { slot: number; blockNumber: number; blockHash: string }; transactions: { hash: string; resent: boolean }[] } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.reorg;
  }

  it('refuses a reorg reaching the finalized block, or a malformed one, with nothing changed', async () => {
    const before = await rpc(devnet.info.executionRpc, 'eth_blockNumber', []);
    for (const body of [{ fault: 'reorg', depth: 10_000, drop: false }, { fault: 'reorg', depth: 0, drop: false }, { fault: 'reorg', depth: 1 }]) {
      const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/depth|drop/);
    }
    expect(BigInt((await rpc(devnet.info.executionRpc, 'eth_blockNumber', [])) as string)).toBeGreaterThanOrEqual(BigInt(before as string));
  });

  for (const drop of [false, true]) {
    it(`a reorg (drop: ${drop}): the light client is on the new branch within 3 slots, the send goes back to pending, and the new branch settles it`, async () => {
      const hash = await send();
      const included = await until('included', async () => {
        const r = await row(hash);
        return r?.status === 'included' && r;
      });
      // Drop the block holding it, and the one after it when there is one.
      const nodeHead = Number(((await rpc(devnet.info.executionRpc, 'eth_getBlockByNumber', ['latest', false])) as { number: string }).number);
      const depth = nodeHead - included.receipt!.blockNumber + 1;
      const report = await reorg(depth, drop);
      expect(report.dropped.map((b) => b.blockHash)).toContain(included.receipt!.blockHash);
      expect(report.transactions.find((t) => t.hash === hash)).toEqual({ hash, resent: !drop });
      // Within 3 slots of the new branch passing the old head, the light client's head is a block of
      // the new branch: above the fork point, and the node's block at that height. Counted in the
      // chain's slots, which a loaded machine stretches for the chain and the client alike.
      const lastSlot = report.head.slot + 3;
      let onNewBranch = false;
      for (;;) {
        const chainSlot = await headSlot();
        const newest = w.session.walletChain()?.signingHead();
        if (newest && newest.head.blockNumber >= BigInt(report.dropped[0]!.blockNumber)) {
          const node = (await rpc(devnet.info.executionRpc, 'eth_getBlockByNumber', ['0x' + newest.head.blockNumber.toString(16), false])) as { hash: string };
          onNewBranch = node.hash === newest.head.blockHash;
        }
        if (onNewBranch || chainSlot > lastSlot) break;
        await sleep(100);
      }
      expect(onNewBranch, `the light client was not on the new branch by slot ${lastSlot}`).toBe(true);
      // The row left its dropped block: pending again (or already settled anew on the new branch).
      const again = await until('settled on the new branch', async () => {
        const r = await row(hash);
        return r?.status === 'included' && r.receipt!.blockHash !== included.receipt!.blockHash && r;
      }, 60_000);
      expect(again.reorgs).toBeGreaterThanOrEqual(1);
      const node = (await rpc(devnet.info.executionRpc, 'eth_getTransactionReceipt', [hash])) as { blockHash: string; blockNumber: string };
      expect(again.receipt).toMatchObject({ blockHash: node.blockHash, blockNumber: Number(node.blockNumber) });
      if (drop) {
        // Left out by the node: only the wallet's own rebroadcast of its stored bytes brought it back.
        expect(again.rebroadcasts ?? 0).toBeGreaterThanOrEqual(1);
      }
    }, 180_000);
  }
});

/**
 * `vigil activity` live against the devnet, as a user runs it: a VTA transfer from another dev
 * account to the user is listed, proven against the node's own receipts root; through an endpoint
 * whose eth_getLogs leaves a block out (`logs-omit`) the bloom window still finds it, and further
 * back the reconciliation says what is unexplained; an endpoint that withholds receipts
 * (`receipts-withhold`) makes it fail, never print a shorter list; an ENS name works.
 */
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { rpc, type RunningDevnet, startDevnetProcess, vigil, until } from './helpers.ts';

const USER = '0x5ca1ab1e000000000000000000000000000000a1';
const FIRST = 1234n;
const SECOND = 5678n;

let devnet: RunningDevnet;
let token: string;
/** The blocks of the two transfers to USER, in that order (distinct blocks). */
let blocks: [number, number];
let hashes: [string, string];

const node = (method: string, params: unknown[] = []) => rpc(devnet.info.nodeRpc, method, params);
const hex = (n: bigint | number) => '0x' + n.toString(16);

async function mined(hash: string): Promise<{ blockNumber: string }> {
  // Generous: a slot a second, two cores shared.
  for (let i = 0; i < 600; i++) {
    const receipt = (await node('eth_getTransactionReceipt', [hash])) as { blockNumber: string } | null;
    if (receipt !== null) return receipt;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${hash} not mined`);
}

async function sendToken(from: string, to: string, amount: bigint): Promise<{ hash: string; block: number }> {
  const data = encodeFunctionData({ abi: ARTIFACTS.VigilToken.abi, functionName: 'transfer', args: [to as `0x${string}`, amount] });
  const hash = (await node('eth_sendTransaction', [{ from, to: token, data, gas: hex(100_000) }])) as string;
  return { hash, block: Number((await mined(hash)).blockNumber) };
}

/** Until the verified head can reach `block` (the light client is a slot or two behind the node). */
async function nodeAt(block: number): Promise<void> {
  await until(`the node at block ${block}`, async () => Number(await node('eth_blockNumber')) >= block, 120_000, 100);
}

const base = () => {
  const { info } = devnet;
  return ['activity', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint];
};
const setFault = async (fault: string, on: boolean) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
  expect(res.status, await res.clone().text()).toBe(200);
};
type Line = Record<string, any>;
const lines = (stdout: string): Line[] => stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--faults']);
  token = devnet.info.contracts!.token.toLowerCase();
  const first = await sendToken(devnet.info.accounts[1]!, USER, FIRST);
  const second = await sendToken(devnet.info.accounts[1]!, USER, SECOND);
  blocks = [first.block, second.block];
  hashes = [first.hash, second.hash];
  await nodeAt(second.block + 3);
}, 240_000);
afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
});

describe('vigil activity against the devnet', () => {
  it('lists the token transfers to the user, proven, and a reconciliation with nothing unexplained', async () => {
    const r = await vigil([...base(), '--from-block', String(blocks[0] - 1), '--to-block', String(blocks[1] + 1), USER], 180_000);
    expect(r.stderr).not.toMatch(/rejected/);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    const transfers = out.slice(0, -1);
    expect(transfers.map((t) => [t.asset, t.standard, t.from, t.to, t.amount, t.block, t.transactionHash])).toEqual([
      [token, 'erc20', devnet.info.accounts[1]!.toLowerCase(), USER, String(FIRST), blocks[0], hashes[0]],
      [token, 'erc20', devnet.info.accounts[1]!.toLowerCase(), USER, String(SECOND), blocks[1], hashes[1]],
    ]);
    for (const t of transfers) {
      const block = (await node('eth_getBlockByNumber', [hex(t.block), false])) as { receiptsRoot: string; hash: string };
      expect(t.proof.receiptsRoot).toBe(block.receiptsRoot);
      expect(t.proof.blockHash).toBe(block.hash);
      expect(t.proof.found).toBe('bloom-scan');
      expect(t.proof.header).toMatch(/^linked to verified head \d+$/);
      expect(typeof t.logIndex).toBe('number');
    }
    const last = out.at(-1)!;
    const byAsset = new Map<string, Line>(last.reconciliation.map((x: Line) => [x.asset, x]));
    expect(byAsset.get(token)).toMatchObject({ change: String(FIRST + SECOND), explained: String(FIRST + SECOND), unexplained: '0', coverage: 'bloom-scan' });
    expect(byAsset.get('native')).toMatchObject({ change: '0', unexplained: '0' });
    expect(last.demoted).toEqual([]);
  });

  it('the sender\'s side: its token outflow, and its ether explained by its own transactions\' fees found by nonce', async () => {
    const sender = devnet.info.accounts[1]!.toLowerCase();
    const r = await vigil([...base(), '--from-block', String(blocks[0]), '--to-block', String(blocks[1]), sender], 180_000);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, -1).filter((t) => t.to === USER).map((t) => t.amount)).toEqual([String(FIRST), String(SECOND)]);
    const fees = await Promise.all(hashes.map(async (h) => {
      const receipt = (await node('eth_getTransactionReceipt', [h])) as { gasUsed: string; effectiveGasPrice: string };
      return BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    }));
    const native = out.at(-1)!.reconciliation.find((x: Line) => x.asset === 'native');
    expect(native).toMatchObject({ change: String(-(fees[0]! + fees[1]!)), explained: String(-(fees[0]! + fees[1]!)), unexplained: '0', coverage: 'bloom-scan' });
    expect(out.at(-1)!.reconciliation.find((x: Line) => x.asset === token)).toMatchObject({ change: String(-(FIRST + SECOND)), unexplained: '0' });
  });

  it('logs-omit: the bloom window still finds the omitted block; further back the reconciliation says what is unexplained', async () => {
    const to = blocks[1] + 1;
    await setFault('logs-omit', true);
    try {
      // Everything in the bloom window: the endpoint's eth_getLogs is never asked.
      const inWindow = await vigil([...base(), '--from-block', String(blocks[0]), '--to-block', String(to), USER], 180_000);
      expect(inWindow.code, inWindow.stderr).toBe(0);
      expect(lines(inWindow.stdout).slice(0, -1).map((t) => t.amount)).toEqual([String(FIRST), String(SECOND)]);
      // Only the second transfer's blocks in the window: the first comes from eth_getLogs, which omits its block.
      const window = to - blocks[1] + 1;
      const r = await vigil([...base(), '--from-block', String(blocks[0] - 1), '--to-block', String(to), '--bloom-window', String(window), USER], 180_000);
      expect(r.code, r.stderr).toBe(0);
      const out = lines(r.stdout);
      expect(out.slice(0, -1).map((t) => [t.amount, t.proof.found])).toEqual([[String(SECOND), 'bloom-scan']]);
      const older = out.at(-1)!.reconciliation.find((x: Line) => x.asset === token && x.coverage === 'reconciled');
      expect(older).toMatchObject({ change: String(FIRST), explained: '0', unexplained: String(FIRST) });
      expect(older.because).toBe(`transfers not reported: ${FIRST} unexplained between blocks ${older.fromBlock} and ${older.toBlock}`);
      expect(older.fromBlock).toBeLessThanOrEqual(blocks[0]);
      expect(older.toBlock).toBeGreaterThanOrEqual(blocks[0]);
    } finally {
      await setFault('logs-omit', false);
    }
  });

  it('receipts-withhold: an error exit naming the missing receipts, never a shorter list', async () => {
    await setFault('receipts-withhold', true);
    try {
      const r = await vigil([...base(), '--from-block', String(blocks[0]), '--to-block', String(blocks[1] + 1), USER], 180_000);
      // No endpoint has them: exit 2 as for any answer no endpoint gives, the method named.
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/NOT_AVAILABLE: the endpoint answered null for eth_getBlockReceipts of a verified block \(it lacks or withholds it\)/);
    } finally {
      await setFault('receipts-withhold', false);
    }
  });

  it('takes an ENS name: bob.vigil.eth receives a transfer', async () => {
    const bob = devnet.info.ens!.names.bob.addr.toLowerCase();
    const sent = await sendToken(devnet.info.accounts[1]!, bob, 42n);
    await nodeAt(sent.block + 3);
    const r = await vigil([...base(), '--ens-resolver', devnet.info.ens!.universalResolver, '--from-block', String(sent.block), '--to-block', String(sent.block), 'bob.vigil.eth'], 180_000);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, -1).map((t) => [t.to, t.amount, t.transactionHash])).toEqual([[bob, '42', sent.hash]]);
    expect(out.at(-1)).toMatchObject({ address: bob, name: 'bob.vigil.eth' });
  });
});

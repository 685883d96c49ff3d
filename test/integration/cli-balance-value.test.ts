/**
 * `vigil balance` with its value (issue 57), as a user runs it against the devnet's ETH/USD feed
 * (its VigilPriceFeed, named in the ready object's priceFeeds): the value at the feed's price,
 * proven at the balance's own head; a new round posted by the owner moves it; a round older than
 * the heartbeat is stale and shows no value; a non-positive answer is refused; a lying endpoint
 * for the feed's storage is refused by the proof (exit 1, nothing printed).
 */
import { rmSync } from 'node:fs';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { rpc, type RunningDevnet, startDevnetProcess, vigil } from './helpers.ts';

let devnet: RunningDevnet;
let feed: string;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--faults']);
  feed = devnet.info.contracts!.priceFeed.toLowerCase();
}, 120_000);
afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
});

interface Value {
  usd?: string;
  unavailable?: string;
  message?: string;
  feed: { pair: string; address: string; roundId?: string; answer?: string; decimals?: number; updatedAt?: number };
  blockNumber: number;
}

async function balance(extra: string[] = ['--price-feed', feed]) {
  const { info } = devnet;
  const r = await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, ...extra, info.accounts[1]!], 120_000);
  return { ...r, out: r.stdout === '' ? undefined : (JSON.parse(r.stdout) as { balance: string; value?: Value; blockNumber: number }) };
}

/** The owner (dev account 0) posts a round: `answer` updated at `age` seconds before the newest block's time. */
async function post(answer: bigint, age: number) {
  const { info } = devnet;
  const latest = (await rpc(info.nodeRpc, 'eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
  const data = encodeFunctionData({ abi: ARTIFACTS.VigilPriceFeed.abi, functionName: 'update', args: [answer, BigInt(Number(latest.timestamp) - age)] });
  const hash = (await rpc(info.nodeRpc, 'eth_sendTransaction', [{ from: info.accounts[0], to: feed, data, gas: '0x30000' }])) as string;
  const receipt = await waitForReceipt(info.nodeRpc, hash, 30_000);
  expect(receipt.status).toBe(1);
}

const cents = (wei: bigint, answer: bigint) => (wei * answer * 100n) / 10n ** 26n;
const usd = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

describe('vigil balance with its value', () => {
  it("names the feed in the devnet's ready object, and prints the value at 3,012 with the round it came from, at the balance's head", async () => {
    expect(devnet.info.priceFeeds).toEqual([{ pair: 'ETH/USD', address: feed, heartbeat: 3600, base: 'native' }]);
    const r = await balance();
    expect(r.code, r.stderr).toBe(0);
    const { out } = r;
    expect(out!.value).toMatchObject({ feed: { pair: 'ETH/USD', address: feed, answer: '301200000000', decimals: 8 }, blockNumber: out!.blockNumber });
    expect(out!.value!.usd).toBe(usd(cents(BigInt(out!.balance), 3012n * 10n ** 8n)));
    expect(BigInt(out!.balance)).toBeGreaterThan(0n);
    // Without a feed (the devnet is no network Vigil ships a feed for): no value key.
    const none = await balance([]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.out).not.toHaveProperty('value');
  });

  it('moves with a new round the owner posts', async () => {
    await post(2_500n * 10n ** 8n, 0);
    const { out, code, stderr } = await balance();
    expect(code, stderr).toBe(0);
    expect(out!.value).toMatchObject({ feed: { answer: '250000000000' } });
    expect(out!.value!.usd).toBe(usd(cents(BigInt(out!.balance), 2_500n * 10n ** 8n)));
  });

  it('says a round older than its heartbeat is stale, and shows no value from it', async () => {
    await post(3_012n * 10n ** 8n, 7_200);
    const { out, code, stderr } = await balance();
    expect(code, stderr).toBe(0);
    expect(out!.value).toMatchObject({ unavailable: 'stale', feed: { pair: 'ETH/USD', address: feed }, blockNumber: out!.blockNumber });
    expect(out!.value).not.toHaveProperty('usd');
    expect(out!.value!.message).toMatch(/stale: updated 2 h before block \d+, longer than its heartbeat of 60 min/);
    // A longer heartbeat given for the same feed takes the same round.
    const longer = await balance(['--price-feed', feed, '--price-heartbeat', '86400']);
    expect(longer.out!.value!.usd).toBe(usd(cents(BigInt(longer.out!.balance), 3_012n * 10n ** 8n)));
  });

  it('refuses a non-positive answer', async () => {
    await post(0n, 0);
    const zero = await balance();
    expect(zero.out!.value).toMatchObject({ unavailable: 'non-positive' });
    await post(-1n, 0);
    const negative = await balance();
    expect(negative.out!.value).toMatchObject({ unavailable: 'non-positive' });
    expect(negative.out!.value).not.toHaveProperty('usd');
  });

  it("refuses a lying endpoint's storage of the feed by its proof: exit 1, nothing printed", async () => {
    await post(3_012n * 10n ** 8n, 0);
    const { info } = devnet;
    await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'proof-storage-value', on: true }) });
    try {
      const r = await balance();
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/PROOF_VALUE_MISMATCH/);
    } finally {
      await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'proof-storage-value', on: false }) });
    }
    const after = await balance();
    expect(after.out!.value!.usd).toBe(usd(cents(BigInt(after.out!.balance), 3_012n * 10n ** 8n)));
  });
});

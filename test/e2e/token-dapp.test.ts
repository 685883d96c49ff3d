/**
 * An unmodified viem token page in Chromium, through the built extension, on the devnet with
 * its demo contracts: an ERC-20 balance, decimals and symbol (readContract), the latest block
 * and a block with its transactions, a transaction and receipts, Transfer logs (getLogs,
 * getContractEvents, parseEventLogs), a simulated transfer that reverts with the token's custom
 * error (decoded by viem), one that succeeds, and a gas estimate — each equal to what the same
 * viem code reads from the node itself at the same block. Then the lies: with the server's
 * eth_call, eth_estimateGas and access lists lying, every read is still the node's (they are
 * never believed); a wrong storage value in the proofs and a log dropped from the receipts
 * reach the page as -32099 with the code, never as a value, and the page reads right again once
 * the lie stops. Events: an ethers and a viem page hear transfers through polling filters, and a
 * raw EIP-1193 page through eth_subscribe's pushes, through a service-worker stop too.
 *
 * The node prints chain data as geth does, as Vigil does, but for `totalDifficulty`, which
 * `reconcile` checks and takes out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPublicClient, encodeErrorResult, encodeFunctionData, http, type PublicClient } from 'viem';
import type { Status } from '../../src/extension/messages.ts';
import type { DemoContracts } from '../../src/devnet/contracts/deploy.ts';
import { buildTokenDapp } from './dapp/build.ts';
import { readBalance, readReceipt, readTransfers, type Step, TOKEN_ABI, type TokenReadParams, type TokenReads, tokenReads } from './dapp/token-reads.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, type PageServer, screenshot, sendMessage, servePages, startDevnet, waitFor, stopServiceWorker } from './harness.ts';

type Hex = `0x${string}`;

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let dapp: Page;
let node: PublicClient;
let contracts: DemoContracts;
let params: TokenReadParams;

const UNIT = 10n ** 18n;
const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
/** The extension's verified head has reached `block`. */
const verifiedPast = (block: number, timeoutMs = 60_000) =>
  waitFor(`a verified head at or past block ${block}`, async () => {
    const s = await status();
    return s.optimistic && s.optimistic.blockNumber >= block && s;
  }, timeoutMs);
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    console.log(`[token-dapp] ${label}: ${Math.round(performance.now() - t0)} ms`);
  }
};

beforeAll(async () => {
  const [d, files] = await timed('devnet with contracts + page build', () => Promise.all([startDevnet({ slotSeconds: 1, faults: true, contracts: true }), buildTokenDapp()]));
  devnet = d;
  contracts = devnet.ready.contracts!;
  expect(contracts, 'the devnet was started with --contracts').toBeDefined();
  const accounts = devnet.ready.accounts as Hex[];
  params = {
    token: contracts.token as Hex,
    holder: accounts[1]!,
    other: accounts[5]!,
    deployedAt: contracts.deployedAt,
    seededAt: contracts.seededAt,
    revertedTx: contracts.revertedTx as Hex,
  };
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await timed('first verified head past the seeded block', () => verifiedPast(contracts.seededAt, 90_000));
  dapp = await browser.context.newPage();
  await dapp.goto(pages.url + '/token.html');
  await waitFor('the token dApp', async () => (await dapp.title()) === 'token dApp ready', 20_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

/** The page's answers and the node's differ only where the transports do: the EIP-1193 error under a revert. */
function withoutTransportErrors(reads: TokenReads): TokenReads {
  return Object.fromEntries(Object.entries(reads).map(([k, s]) => [k, s.ok ? s : { ok: false, error: { ...s.error, rpc: undefined } }]));
}

/**
 * The devnet's node prints chain data as geth does, as Vigil does, but for `totalDifficulty`: Vigil
 * leaves it out (it is not in the header, nothing proves it; geth dropped it after the merge), the
 * node prints "0". That one field is checked, then taken out of both sides; every other one,
 * `size` and `blockTimestamp` included, must be the node's.
 */
function reconcile(fromPage: unknown, fromNode: unknown): [unknown, unknown] {
  const page = structuredClone(fromPage);
  const nodeSide = structuredClone(fromNode);
  const walk = (v: unknown, side: 'page' | 'node'): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, side);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if ('stateRoot' in o && 'totalDifficulty' in o) {
      if (side === 'page') expect(o.totalDifficulty).toBeNull();
      delete o.totalDifficulty;
    }
    for (const x of Object.values(o)) walk(x, side);
  };
  walk(page, 'page');
  walk(nodeSide, 'node');
  return [page, nodeSide];
}

const value = (step: Step | undefined): any => {
  if (!step?.ok) throw new Error(`expected a value, got ${JSON.stringify(step)}`);
  return step.value;
};

describe('an unmodified viem token page, through the extension', () => {
  it('reads a balance, blocks, a transaction, receipts, logs, a decoded revert and an estimate equal to the node’s', async () => {
    expect(await dapp.evaluate(() => (window as any).tokenDapp.wallet())).toContain('dev.vigil');
    const { reads, timings, ms } = (await timed('the page’s reads through the extension', () => dapp.evaluate((p) => (window as any).tokenDapp.read(p), params))) as {
      reads: TokenReads;
      timings: Record<string, number>;
      ms: number;
    };
    console.log(`[token-dapp] page-side total ${ms} ms: ${Object.entries(timings).map(([k, t]) => `${k} ${t}`).join(', ')}`);
    const failed = Object.entries(reads).filter(([k, s]) => !s.ok && k !== 'simulateRevert');
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);

    // What the page read is what it shows.
    const shown = await dapp.locator('#result-balanceOf td').textContent();
    expect(shown).toBe(JSON.stringify(value(reads.balanceOf)));
    expect(await dapp.locator('#results tr').count()).toBe(Object.keys(reads).length);
    await screenshot(dapp, 'token-dapp.png');

    // The same viem code against the node itself, at the block the page called latest.
    const latest = BigInt(value(reads.latestBlock).number);
    const s = await status();
    expect(latest).toBeLessThanOrEqual(BigInt(s.optimistic!.blockNumber));
    const nodeTimings: Record<string, number> = {};
    const fromNode = await timed('the same reads from the node', () => tokenReads(node, params, latest, nodeTimings));
    console.log(`[token-dapp] node-side: ${Object.entries(nodeTimings).map(([k, t]) => `${k} ${t}`).join(', ')}`);
    const [pageSide, nodeSide] = reconcile(withoutTransportErrors(reads), withoutTransportErrors(fromNode));
    expect(pageSide).toEqual(nodeSide);

    // And they are what the devnet seeded.
    expect(value(reads.balanceOf)).toBe(String(1_000_000n * UNIT - 1_000n * UNIT));
    expect(value(reads.decimals)).toBe(18);
    expect(value(reads.symbol)).toBe('VTA');
    expect(value(reads.seededBlock).number).toBe(String(contracts.seededAt));
    expect(value(reads.seededBlock).transactions.length).toBeGreaterThan(0);
    expect(value(reads.seededBlock).transactions[0].from).toMatch(/^0x[0-9a-f]{40}$/);
    const logs = value(reads.transferLogs) as { blockNumber: string; args: { from: string; to: string; value: string } }[];
    expect(logs.some((l) => l.blockNumber === String(contracts.deployedAt) && l.args.from === '0x0000000000000000000000000000000000000000')).toBe(true);
    expect(logs.some((l) => l.args.from.toLowerCase() === params.holder.toLowerCase() && l.args.value === String(1_000n * UNIT))).toBe(true);
    const receipt = value(reads.receipt);
    expect(receipt.status).toBe('success');
    expect(receipt.transactionHash).toBe(value(reads.transaction).hash);
    expect(value(reads.receiptEvents)).toEqual([expect.objectContaining({ eventName: 'Transfer', args: { from: expect.stringMatching(/^0x/i), to: expect.stringMatching(/^0x/i), value: String(1_000n * UNIT) } })]);
    expect(value(reads.revertedReceipt).status).toBe('reverted');
    expect(value(reads.revertedReceipt).logs).toEqual([]);
    expect(value(reads.seededReceiptStatuses)).toContain('reverted');
    expect(value(reads.simulateTransfer)).toBe(true);
    expect(BigInt(value(reads.estimateTransfer))).toBeGreaterThan(21_000n);

    // The revert: viem decoded the token's custom error from the data the extension returned,
    // which came as nodes return it (code 3, the revert data).
    const revert = reads.simulateRevert!;
    expect(revert.ok).toBe(false);
    if (revert.ok) return;
    const otherBalance = await node.readContract({ address: params.token, abi: TOKEN_ABI, functionName: 'balanceOf', args: [params.other], blockNumber: latest });
    expect(revert.error.revert).toEqual({
      errorName: 'InsufficientBalance',
      args: [expect.stringMatching(new RegExp(`^${params.other}$`, 'i')), otherBalance.toString(), (10n ** 30n).toString()],
    });
    expect(revert.error.rpc?.code).toBe(3);
    expect(revert.error.rpc?.data).toBe(encodeErrorResult({ abi: TOKEN_ABI, errorName: 'InsufficientBalance', args: [params.other, otherBalance, 10n ** 30n] }));
  }, 120_000);

  it('answers from proofs, not from the server’s eth_call, eth_estimateGas or access list: with those lying, every read still equals the node’s', async () => {
    // Another holder: its balance slot has not been proven yet, so the hint matters.
    const bobParams = { ...params, holder: devnet.ready.accounts[2]! as Hex };
    const hints = ['call-result', 'estimate-gas', 'access-list-omit'] as const;
    for (const fault of hints) await devnet.setFault(fault, true);
    let reads: TokenReads;
    try {
      ({ reads } = await timed('the page’s reads with lying hints', () => dapp.evaluate((p) => (window as any).tokenDapp.read(p), bobParams)));
    } finally {
      for (const fault of hints) await devnet.setFault(fault, false);
    }
    const failed = Object.entries(reads).filter(([k, s]) => !s.ok && k !== 'simulateRevert');
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
    const latest = BigInt(value(reads.latestBlock).number);
    const [pageSide, nodeSide] = reconcile(withoutTransportErrors(reads), withoutTransportErrors(await tokenReads(node, bobParams, latest)));
    expect(pageSide).toEqual(nodeSide);
    expect(BigInt(value(reads.balanceOf))).toBeGreaterThan(0n);
  }, 60_000);

  it('turns a wrong storage value in the proofs into -32099 with the code, never a balance, and reads right once it stops', async () => {
    const carol = devnet.ready.accounts[3]! as Hex;
    const honest = await node.readContract({ address: params.token, abi: TOKEN_ABI, functionName: 'balanceOf', args: [carol] });
    await devnet.setFault('proof-storage-value', true);
    let lie: Step;
    try {
      lie = await timed('balanceOf under proof-storage-value', () => dapp.evaluate(([t, a]) => (window as any).tokenDapp.balance(t, a), [params.token, carol] as const));
    } finally {
      await devnet.setFault('proof-storage-value', false);
    }
    expect(lie.ok, JSON.stringify(lie)).toBe(false);
    if (!lie.ok) {
      expect(lie.error.rpc?.code).toBe(-32099);
      expect((lie.error.rpc?.data as { code?: string })?.code).toBe('PROOF_VALUE_MISMATCH');
    }
    expect(await dapp.locator('#result-balance').getAttribute('data-ok')).toBe('false');
    const after = await timed('balanceOf after the lie', () => dapp.evaluate(([t, a]) => (window as any).tokenDapp.balance(t, a), [params.token, carol] as const));
    expect(after).toEqual(await readBalance(node, params.token, carol));
    expect(value(after)).toBe(honest.toString());
  }, 60_000);

  it("serves an unmodified ethers page's contract.on('Transfer') through polling filters: each verified transfer heard once, as the node logged it", async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/events.html');
    await waitFor('the ethers events page', async () => (await page.title()) === 'ethers events ready', 20_000);
    await page.evaluate((t) => (window as any).events.watch(t), params.token);
    const [frank, grace] = [devnet.ready.accounts[6]! as Hex, devnet.ready.accounts[7]! as Hex];
    const sent: Hex[] = [];
    for (const amount of [3n, 4n]) {
      const data = encodeFunctionData({ abi: TOKEN_ABI, functionName: 'transfer', args: [grace, amount * UNIT] });
      sent.push((await nodeRpc('eth_sendTransaction', [{ from: frank, to: params.token, data, gas: '0x30000' }])) as Hex);
    }
    const heard = await waitFor(
      'the page to hear both transfers',
      async () => {
        const h = (await page.evaluate(() => (window as any).events.heard)) as { transactionHash: string; from: string; to: string; value: string; blockNumber: number }[];
        return sent.every((hash) => h.some((e) => e.transactionHash === hash)) && h;
      },
      60_000,
    );
    const ours = heard.filter((e) => sent.includes(e.transactionHash as Hex));
    expect(ours.map((e) => [e.from.toLowerCase(), e.to.toLowerCase(), e.value])).toEqual([
      [frank.toLowerCase(), grace.toLowerCase(), (3n * UNIT).toString()],
      [frank.toLowerCase(), grace.toLowerCase(), (4n * UNIT).toString()],
    ]);
    for (const e of ours) expect(e.blockNumber).toBe(Number((await node.getTransactionReceipt({ hash: e.transactionHash as Hex })).blockNumber));
    // Heard once each, however many polls ran meanwhile.
    await new Promise((r) => setTimeout(r, 2000));
    const again = (await page.evaluate(() => (window as any).events.heard)) as { transactionHash: string }[];
    expect(again.filter((e) => sent.includes(e.transactionHash as Hex))).toHaveLength(2);
    await page.close();
  }, 90_000);

  it("serves an unmodified viem page: watchContractEvent hears each verified transfer once, and simulateCalls runs two transfers in order on the local EVM", async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/viem-events.html');
    await waitFor('the viem events page', async () => (await page.title()) === 'viem events ready', 20_000);
    await page.evaluate((t) => (window as any).viemEvents.watch(t), params.token);
    const [frank, grace] = [devnet.ready.accounts[6]! as Hex, devnet.ready.accounts[7]! as Hex];
    // Give the filter a poll before the transfers (viem installs it on its first tick).
    await new Promise((r) => setTimeout(r, 1500));
    const sent: Hex[] = [];
    for (const amount of [5n, 6n]) {
      const data = encodeFunctionData({ abi: TOKEN_ABI, functionName: 'transfer', args: [grace, amount * UNIT] });
      sent.push((await nodeRpc('eth_sendTransaction', [{ from: frank, to: params.token, data, gas: '0x30000' }])) as Hex);
    }
    const heard = await waitFor(
      'the viem page to hear both transfers',
      async () => {
        const h = (await page.evaluate(() => (window as any).viemEvents.heard)) as { transactionHash: string; from: string; to: string; value: string; blockNumber: string }[];
        return sent.every((hash) => h.some((e) => e.transactionHash === hash)) && h;
      },
      60_000,
    );
    const ours = heard.filter((e) => sent.includes(e.transactionHash as Hex));
    expect(ours.map((e) => [e.from.toLowerCase(), e.to.toLowerCase(), e.value])).toEqual([
      [frank.toLowerCase(), grace.toLowerCase(), (5n * UNIT).toString()],
      [frank.toLowerCase(), grace.toLowerCase(), (6n * UNIT).toString()],
    ]);
    for (const e of ours) expect(BigInt(e.blockNumber)).toBe((await node.getTransactionReceipt({ hash: e.transactionHash as Hex })).blockNumber);
    await new Promise((r) => setTimeout(r, 2000));
    const again = (await page.evaluate(() => (window as any).viemEvents.heard)) as { transactionHash: string }[];
    expect(again.filter((e) => sent.includes(e.transactionHash as Hex))).toHaveLength(2);

    // simulateCalls: the second transfer spends what the first left; more than the balance fails, in order.
    const balance = await node.readContract({ address: params.token, abi: TOKEN_ABI, functionName: 'balanceOf', args: [frank] });
    const both = (await page.evaluate(([t, f, g, a, b]) => (window as any).viemEvents.simulate(t, f, g, a, b), [params.token, frank, grace, String(balance - UNIT), String(UNIT)] as const)) as {
      ok: boolean;
      results: { status: string; result: string; logs: number }[];
    };
    expect(both.ok, JSON.stringify(both)).toBe(true);
    expect(both.results.map((r) => [r.status, r.result, r.logs])).toEqual([
      ['success', 'true', 1],
      ['success', 'true', 1],
    ]);
    const over = (await page.evaluate(([t, f, g, a, b]) => (window as any).viemEvents.simulate(t, f, g, a, b), [params.token, frank, grace, String(balance - UNIT), String(UNIT + 1n)] as const)) as {
      ok: boolean;
      results: { status: string }[];
    };
    expect(over.ok, JSON.stringify(over)).toBe(true);
    expect(over.results.map((r) => r.status)).toEqual(['success', 'failure']);
    await page.close();
  }, 120_000);

  it('pushes newHeads and the token’s Transfer logs to a raw EIP-1193 page (eth_subscribe), each once as the node has it, after a service-worker stop too, until eth_unsubscribe', async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/subscribe.html');
    await waitFor('the subscription page', async () => (await page.title()) === 'subscriptions ready', 20_000);
    type Push = { subscription: string; result: any; at: number };
    type Answer = { result?: any; error?: { code: number; message: string } };
    const subscribe = (params: unknown[]) => page.evaluate((p) => (window as any).subs.subscribe(p), params) as Promise<Answer>;
    const heard = () => page.evaluate(() => (window as any).subs.heard) as Promise<Push[]>;
    const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
    const heads = (await subscribe(['newHeads'])).result as string;
    const logs = (await subscribe(['logs', { address: params.token, topics: [TRANSFER] }])).result as string;
    expect([heads, logs]).toEqual([expect.stringMatching(/^0x[0-9a-f]{32}$/), expect.stringMatching(/^0x[0-9a-f]{32}$/)]);
    expect((await subscribe(['newPendingTransactions'])).error).toEqual({ code: -32602, message: 'eth_subscribe: Vigil does not serve "newPendingTransactions": nothing pending can be proven' });
    expect((await subscribe(['logs', { fromBlock: '0x1' }])).error?.code).toBe(-32602);

    const [frank, grace] = [devnet.ready.accounts[6]! as Hex, devnet.ready.accounts[7]! as Hex];
    const transfer = async (amount: bigint) => {
      const data = encodeFunctionData({ abi: TOKEN_ABI, functionName: 'transfer', args: [grace, amount * UNIT] });
      return (await nodeRpc('eth_sendTransaction', [{ from: frank, to: params.token, data, gas: '0x30000' }])) as Hex;
    };
    const heardTx = async (hash: Hex) => (await heard()).filter((m) => m.subscription === logs && m.result.transactionHash === hash);
    /** The log the page heard for `hash`: the node's, its block's header pushed to newHeads as the node has it. */
    const checkHeard = async (hash: Hex) => {
      const [log] = await waitFor(`the page to hear ${hash}`, async () => ((await heardTx(hash)).length > 0 ? heardTx(hash) : undefined), 90_000);
      const receipt = (await nodeRpc('eth_getTransactionReceipt', [hash])) as { blockHash: string; blockNumber: string; logs: { data: string; topics: string[]; logIndex: string }[] };
      expect(log!.result).toMatchObject({ blockHash: receipt.blockHash, blockNumber: receipt.blockNumber, data: receipt.logs[0]!.data, topics: receipt.logs[0]!.topics, logIndex: receipt.logs[0]!.logIndex, removed: false });
      const header = (await heard()).find((m) => m.subscription === heads && m.result.number === receipt.blockNumber);
      const block = (await nodeRpc('eth_getBlockByNumber', [receipt.blockNumber, false])) as Record<string, unknown>;
      expect(header?.result).toMatchObject({ hash: block.hash, parentHash: block.parentHash, stateRoot: block.stateRoot, receiptsRoot: block.receiptsRoot, timestamp: block.timestamp });
      expect(header?.result.transactions).toBeUndefined();
      return log!;
    };
    const first = await transfer(8n);
    await checkHeard(first);

    // Stop the service worker: the page asks nothing, and the pushes go on from the next worker.
    const before = await status();
    await stopServiceWorker(browser.context);
    const stoppedAt = Date.now();
    const second = await transfer(9n);
    const later = await timed('a transfer heard after the service-worker stop', () => checkHeard(second));
    expect(later.at).toBeGreaterThan(stoppedAt);
    expect((await status()).lifecycle.instanceStartedAt).not.toBe(before.lifecycle.instanceStartedAt);
    // Each once, however many heads came since.
    await verifiedPast(Number(later.result.blockNumber) + 2, 60_000);
    expect(await heardTx(first)).toHaveLength(1);
    expect(await heardTx(second)).toHaveLength(1);
    const pushed = (await heard()).filter((m) => m.subscription === heads).map((m) => `${m.result.number as string} ${m.result.hash as string}`);
    // A head the service worker delivered as it was stopped is sent again with the next one: heard once all the same.
    expect(pushed.filter((h, i) => pushed.indexOf(h) !== i), 'heads pushed twice').toEqual([]);
    expect(new Set(pushed.map((h) => h.split(' ')[0])).size).toBe(pushed.length);

    expect(await page.evaluate((id) => (window as any).subs.unsubscribe(id), logs)).toEqual({ result: true });
    expect(await page.evaluate((id) => (window as any).subs.unsubscribe(id), heads)).toEqual({ result: true });
    expect(await page.evaluate((id) => (window as any).subs.unsubscribe(id), heads)).toEqual({ result: false });
    const count = (await heard()).length;
    const third = await transfer(10n);
    const mined = await waitFor('the third transfer mined', () => node.getTransactionReceipt({ hash: third }).catch(() => undefined), 30_000);
    await verifiedPast(Number(mined.blockNumber) + 2, 60_000);
    expect(await heard()).toHaveLength(count);
    await page.close();
  }, 240_000);

  it('turns a dropped log into -32099 with the code for getContractEvents and the receipt, never a shorter list, and reads right once it stops', async () => {
    // A transfer the extension has not seen yet (what it proved before stays proven).
    const [dave, erin] = [devnet.ready.accounts[4]! as Hex, devnet.ready.accounts[5]! as Hex];
    const data = encodeFunctionData({ abi: TOKEN_ABI, functionName: 'transfer', args: [erin, 7n * UNIT] });
    const hash = (await nodeRpc('eth_sendTransaction', [{ from: dave, to: params.token, data, gas: '0x30000' }])) as Hex;
    const mined = await waitFor('the transfer to be mined', () => node.getTransactionReceipt({ hash }).catch(() => undefined), 30_000);
    const block = Number(mined.blockNumber);
    await verifiedPast(block, 30_000);
    await devnet.setFault('logs-drop', true);
    let logs: Step;
    let receipt: Step;
    try {
      logs = await timed('getContractEvents under logs-drop', () => dapp.evaluate(([t, b]) => (window as any).tokenDapp.transfers(t, b, b), [params.token, block] as const));
      receipt = await timed('getTransactionReceipt under logs-drop', () => dapp.evaluate((h) => (window as any).tokenDapp.receipt(h), hash));
    } finally {
      await devnet.setFault('logs-drop', false);
    }
    for (const lie of [logs, receipt]) {
      expect(lie.ok, JSON.stringify(lie)).toBe(false);
      if (lie.ok) continue;
      expect(lie.error.rpc?.code).toBe(-32099);
      expect(typeof (lie.error.rpc?.data as { code?: string })?.code).toBe('string');
    }
    console.log(`[token-dapp] logs-drop codes: ${[logs, receipt].map((s) => (s.ok ? 'value' : (s.error.rpc?.data as { code?: string })?.code)).join(', ')}`);
    const honestLogs = await timed('getContractEvents after the lie', () => dapp.evaluate(([t, b]) => (window as any).tokenDapp.transfers(t, b, b), [params.token, block] as const));
    const [pageLogs, nodeLogs] = reconcile(honestLogs, await readTransfers(node, params.token, BigInt(block), BigInt(block)));
    expect(pageLogs).toEqual(nodeLogs);
    expect((value(honestLogs) as unknown[]).length).toBeGreaterThan(0);
    const honestReceipt = await dapp.evaluate((h) => (window as any).tokenDapp.receipt(h), hash);
    const [pageReceipt, nodeReceipt] = reconcile(honestReceipt, await readReceipt(node, hash));
    expect(pageReceipt).toEqual(nodeReceipt);
  }, 90_000);
});

let rpcId = 1;
async function nodeRpc(method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(devnet.ready.nodeRpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: rpcId++, method, params }) });
  const json = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}

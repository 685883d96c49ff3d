/**
 * A batch's words (src/client/wallet/transaction-preview.ts with ./clear-signing.ts wordsOfCalls):
 * each call of a wallet_sendCalls batch said by the descriptor bound to its own contract on the
 * chain (the network's own router, its listed token), none for a call to another address, and held
 * only together against the whole batch's simulated effects; an atomic batch's calls inside its one
 * transaction too.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { type PreviewChain, type PreviewOptions, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi, encodeFunctionCall } from '../../../../src/execution/abi.ts';
import type { ClearWords } from '../../../../src/wallet/clear-signing/types.ts';
import { atomicBatchCall } from '../../../../src/wallet/smart-account/atomic-batch.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { freshWorld } from './wallet-world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const PAIR = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const TOKEN = '0x7070707070707070707070707070707070707070';
const WETH = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const ROUTER = '0x5151515151515151515151515151515151515151';
const COPY = '0x5252525252525252525252525252525252525252';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const ETH = 10n ** 18n;
const word = (v: string | bigint) => '0x' + (typeof v === 'bigint' ? v.toString(16) : v.replace(/^0x/, '')).padStart(64, '0');
const head: WalletHead = freshWorld().head!;
const now = Number(head.env.timestamp) + 6;
const hex = (v: bigint) => '0x' + v.toString(16);

/** A chain whose simulation of the batch takes `value` from Alice and pays her `out` of TOKEN in its last call (none when undefined); TOKEN answers VTA, 18 decimals. */
function chain(value: bigint, out: bigint | undefined): PreviewChain {
  const run: ExecutionReader['run'] = async ({ mode, call, calls }) => {
    if (mode === 'simulate') {
      const n = (calls ?? [call]).length;
      const logs = out === undefined ? [] : [{ address: TOKEN, topics: [TRANSFER_TOPIC, word(PAIR), word(ALICE)], data: word(out) }];
      const ran = Array.from({ length: n }, (_, k) => ({ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs: k === n - 1 ? logs : [], fee: '0x0' }));
      const balances = [{ address: ALICE, before: hex(10n * ETH), after: hex(10n * ETH - value) }];
      const holdings = { holder: ALICE, read: [{ token: TOKEN, standard: 'erc20' as const, before: '0x0', after: hex(out ?? 0n) }], notRead: 0 };
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls: ran, blocks: [ran], balances, created: [], holdings } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    }
    const { to, data } = call as { to: string; data: string };
    if (to.toLowerCase() !== TOKEN) return { outcome: { status: 'reverted', returnData: '0x', gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    const answer = bytesToHex(data === '0x95d89b41' ? encodeAbi(['string'], ['VTA']) : data === '0x313ce567' ? encodeAbi(['uint8'], [18n]) : encodeAbi(['uint256'], [10n ** 30n]));
    return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
  };
  return { network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 }, signingHead: () => head, newestHead: () => head.head, execution: { run } };
}

const request = (to: string, data: string, value = 0n): TransactionRequest => parseTransactionRequest({ from: ALICE, to, value: hex(value), data });
const approve = (spender: string, amount: bigint) => request(TOKEN, encodeFunctionCall('approve(address,uint256)', [spender, amount]));
const swap = (to: string) => request(to, encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1940n * ETH, [WETH, TOKEN], ALICE, 1893456000n]), ETH);
/** The devnet's bindings: its own router, its listed token. */
const devnet: PreviewOptions = { now, routers: new Set([ROUTER]), knownTokens: { listed: [{ address: TOKEN, symbol: 'VTA' }] } };
const sentence = (w: ClearWords | null | undefined) => (w?.sentence ?? []).map((p) => (typeof p === 'string' ? p : w!.fields[p.field]!.value)).join('');

describe("a batch's calls in words", () => {
  it("an approve of the network's token and a swap through its router: both in words, held together against the whole batch", async () => {
    const effects = await previewTransactions(chain(ETH, 1950n * ETH), [approve(ROUTER, 10n * ETH), swap(ROUTER)], devnet);
    const [a, s] = effects.callWords!.calls;
    expect(a!.boundTo).toEqual({ chainId: 31337, address: TOKEN });
    expect(a!.fields.find((f) => f.asset === TOKEN)!.value).toBe('10 VTA');
    expect(s!.boundTo).toEqual({ chainId: 31337, address: ROUTER });
    expect(sentence(s)).toBe('Swap 1 ETH for at least 1940 VTA. Expires at Tue, 01 Jan 2030 00:00:00 GMT');
    expect(effects.callWords).toMatchObject({ checked: true, disagreements: [] });
    // A batch has no one call's words: each is its own.
    expect(effects.words).toBeUndefined();
  });

  it('the whole batch paying none of the minimum is flagged at the swap', async () => {
    const effects = await previewTransactions(chain(ETH, undefined), [approve(ROUTER, 10n * ETH), swap(ROUTER)], devnet);
    const why = "the calls' words say you end with at least 1,930 VTA; the whole batch's simulation gives you none of VTA";
    expect(effects.callWords!.calls[1]!.fields.find((f) => f.label === 'Minimum to Receive')!.flag).toBe(why);
    expect(effects.callWords!.disagreements).toEqual([why]);
  });

  it('a call to another address (a copy of the router) has no words, and then nothing is held against the effects', async () => {
    const effects = await previewTransactions(chain(ETH, undefined), [approve(ROUTER, 10n * ETH), swap(COPY)], devnet);
    expect(effects.callWords!.calls[1]).toBeNull();
    expect(effects.callWords!.calls[0]!.intent).not.toBe('');
    expect(effects.callWords).toMatchObject({ checked: false, disagreements: [] });
    expect(effects.callWords!.calls[0]!.fields.every((f) => f.flag === undefined)).toBe(true);
  });

  it("an atomic batch: the calls inside its one transaction (to the account itself, through its delegate) in words, only when the wallet made it as one", async () => {
    const one = atomicBatchCall(ALICE, [approve(ROUTER, 10n * ETH), swap(ROUTER)].map((r) => ({ to: r.to as `0x${string}`, value: r.value, data: bytesToHex(r.data) as `0x${string}` })));
    const atomic = request(one.to!, one.data);
    const effects = await previewTransactions(chain(ETH, undefined), [atomic], { ...devnet, atomic: true });
    expect(effects.callWords!.calls.map((w) => w?.boundTo.address)).toEqual([TOKEN, ROUTER]);
    expect(effects.callWords!.disagreements).toEqual(["the calls' words say you end with at least 1,930 VTA; the whole batch's simulation gives you none of VTA"]);
    expect(effects.words).toBeUndefined();
    // The same data sent as a plain transaction to oneself: a plain account runs nothing of it, so no words.
    const plain = await previewTransactions(chain(0n, undefined), [atomic], devnet);
    expect(plain.callWords).toBeUndefined();
    expect(plain.words).toBeUndefined();
  });

  it('no words at all when no call of the batch has a descriptor on the chain (the token not listed, no router known)', async () => {
    const effects = await previewTransactions(chain(ETH, 1950n * ETH), [approve(ROUTER, 10n * ETH), swap(ROUTER)], { now });
    expect(effects.callWords).toBeUndefined();
    expect(effects.words).toBeUndefined();
  });
});

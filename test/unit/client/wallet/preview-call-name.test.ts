/**
 * The preview names the one transaction it simulated (src/client/wallet/transaction-preview.ts
 * with src/wallet/call-name.ts): a swap on a router it knows, a deposit into a bridge it was
 * given, from the calldata and the simulated effects; nothing for a contract it does not know or
 * a batch.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { type PreviewChain, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi, encodeFunctionCall } from '../../../../src/execution/abi.ts';
import type { KnownBridge } from '../../../../src/wallet/call-name.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { freshWorld } from './wallet-world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const PAIR = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const TOKEN = '0x7070707070707070707070707070707070707070';
const WETH = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const ROUTER = '0x5151515151515151515151515151515151515151';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const ETH = 10n ** 18n;
const word = (v: string | bigint) => '0x' + (typeof v === 'bigint' ? v.toString(16) : v.replace(/^0x/, '')).padStart(64, '0');
const head: WalletHead = freshWorld().head!;
const now = Number(head.env.timestamp) + 6;

/** A chain whose simulation takes `value` from Alice and, when `out` is given, pays her that much of TOKEN. */
function chain(value: bigint, out?: bigint): PreviewChain {
  const run: ExecutionReader['run'] = async ({ mode, call }) => {
    if (mode === 'simulate') {
      const logs = out === undefined ? [] : [{ address: TOKEN, topics: [TRANSFER_TOPIC, word(PAIR), word(ALICE)], data: word(out) }];
      const calls = [{ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs, fee: '0x0' }];
      const balances = [{ address: ALICE, before: '0x' + (10n * ETH).toString(16), after: '0x' + (10n * ETH - value).toString(16) }];
      // Alice's TOKEN balance as the engine reads it before and after (her token changes come from it, issue 50).
      const holdings = { holder: ALICE, read: out === undefined ? [] : [{ token: TOKEN, standard: 'erc20' as const, before: '0x0', after: '0x' + out.toString(16) }], notRead: 0 };
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls, blocks: [calls], balances, created: [], holdings } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    }
    const data = (call as { data: string }).data;
    const answer = bytesToHex(data === '0x95d89b41' ? encodeAbi(['string'], ['VTA']) : data === '0x313ce567' ? encodeAbi(['uint8'], [18n]) : encodeAbi(['uint256'], [10n ** 30n]));
    return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
  };
  return { network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 }, signingHead: () => head, newestHead: () => head.head, execution: { run } };
}

const swapData = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1940n * ETH, [WETH, TOKEN], ALICE, 1n << 40n]);
const swap = parseTransactionRequest({ from: ALICE, to: ROUTER, value: '0x' + ETH.toString(16), data: swapData });

describe('the preview names the call', () => {
  it('a swap on a router it knows: what goes in and the least that comes out, as the effects confirm', async () => {
    const effects = await previewTransactions(chain(ETH, 1950n * ETH), [swap], { now, routers: new Set([ROUTER]) });
    expect(effects.call).toEqual({ kind: 'swap', exchange: 'Uniswap V2', router: ROUTER, send: { asset: 'native', amount: String(ETH) }, receive: { asset: TOKEN, atLeast: String(1940n * ETH) } });
    // The chain's known routers only: this one is no Uniswap router of chain 31337.
    expect((await previewTransactions(chain(ETH, 1950n * ETH), [swap], { now })).call).toBeUndefined();
    // Effects that pay less than the calldata's minimum: the router is named, not a swap.
    expect((await previewTransactions(chain(ETH, 1900n * ETH), [swap], { now, routers: new Set([ROUTER]) })).call).toEqual({ kind: 'known', name: "Uniswap V2's router", address: ROUTER });
  });

  it("a deposit into a bridge it was given; nothing for a batch", async () => {
    const bridge: KnownBridge = { rollup: 'Some Rollup', contract: 'Inbox', deposit: (tx) => (tx.data === '0x439370b1' ? { amount: tx.value } : undefined) };
    const deposit = parseTransactionRequest({ from: ALICE, to: PAIR, value: '0x' + (2n * ETH).toString(16), data: '0x439370b1' });
    const bridges = new Map([[PAIR, bridge]]);
    expect((await previewTransactions(chain(2n * ETH), [deposit], { now, bridges })).call).toEqual({ kind: 'deposit', rollup: 'Some Rollup', contract: 'Inbox', address: PAIR, amount: String(2n * ETH) });
    expect((await previewTransactions(chain(2n * ETH), [deposit, deposit], { now, bridges })).call).toBeUndefined();
  });

  it('names a spender or an operator it knows (an approval of a token for its router); none for one it does not know', async () => {
    const approve = (spender: string) => parseTransactionRequest({ from: ALICE, to: TOKEN, value: '0x0', data: encodeFunctionCall('approve(address,uint256)', [spender, 5n * ETH]) });
    expect((await previewTransactions(chain(0n), [approve(ROUTER)], { now, routers: new Set([ROUTER]) })).parties).toEqual({ [ROUTER]: "Uniswap V2's router" });
    const operator = parseTransactionRequest({ from: ALICE, to: TOKEN, value: '0x0', data: encodeFunctionCall('setApprovalForAll(address,bool)', [ROUTER, true]) });
    expect((await previewTransactions(chain(0n), [operator], { now, routers: new Set([ROUTER]) })).parties).toEqual({ [ROUTER]: "Uniswap V2's router" });
    expect(await previewTransactions(chain(0n), [approve(PAIR)], { now, routers: new Set([ROUTER]) })).not.toHaveProperty('parties');
  });
});

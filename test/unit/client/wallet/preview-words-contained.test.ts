/**
 * A descriptor the renderer cannot apply leaves the words out of the preview, never the preview
 * itself: the effects are what is signed against, the words a reading aid beside them.
 */
import { describe, expect, it, vi } from 'vitest';
import { encodeFunctionCall } from '../../../../src/execution/abi.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { freshWorld } from './wallet-world.ts';

vi.mock('../../../../src/wallet/clear-signing/render.ts', () => ({
  callWords: async () => {
    throw new Error('clearSig: descriptor field path does not resolve');
  },
  typedWords: async () => undefined,
}));

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const ROUTER = '0x5151515151515151515151515151515151515151';
const head = freshWorld().head!;

describe('a descriptor that fails to render', () => {
  it('is left out; the preview stands', async () => {
    // The unit project shares modules between files (isolate: false): a fresh graph, with the renderer mocked.
    vi.resetModules();
    const { previewTransactions } = await import('../../../../src/client/wallet/transaction-preview.ts');
    const run = async ({ mode }: { mode: string }) => {
      const calls = [{ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs: [], fee: '0x0' }];
      const balances = [{ address: ALICE, before: '0x' + (10n ** 19n).toString(16), after: '0x' + (9n * 10n ** 18n).toString(16) }];
      return mode === 'simulate'
        ? { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls, blocks: [calls], balances, created: [], holdings: { holder: ALICE, read: [], notRead: 0 } } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] }
        : { outcome: { status: 'reverted', returnData: '0x', gasUsed: '0x0' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    };
    const chain = { network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 }, signingHead: () => head, newestHead: () => head.head, execution: { run } } as never;
    const data = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1n, [ROUTER, ALICE], ALICE, 1n << 40n]);
    const effects = await previewTransactions(chain, [parseTransactionRequest({ from: ALICE, to: ROUTER, value: '0xde0b6b3a7640000', data })], { now: Number(head.env.timestamp) + 6, routers: new Set([ROUTER]) });
    expect(effects.ok).toBe(true);
    expect(effects.own).toEqual([{ asset: 'native', standard: 'native', amount: String(-(10n ** 18n)) }]);
    expect(effects).not.toHaveProperty('words');
  });
});

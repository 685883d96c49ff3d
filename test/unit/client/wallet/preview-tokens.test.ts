/**
 * A preview reads the tokens it expects beside the run, not after it (src/client/wallet/transaction-preview.ts
 * `tokens`): the token an ERC-20 call goes to, the tokens the window showed when it is run again at
 * approval. At a new head each read costs a round trip: beside the run, the window and the check
 * before signing wait one instead of two. The facts are the same head's either way.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { type PreviewChain, previewAgainst, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { freshWorld } from './wallet-world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const BOB = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const TOKEN = '0x7070707070707070707070707070707070707070';
const ROUTER = '0x5151515151515151515151515151515151515151';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const word = (hex: string) => '0x' + hex.replace(/^0x/, '').padStart(64, '0');

// The scripted wallet world's head (block 100, base fee 10 gwei).
const head: WalletHead = freshWorld().head!;
const env = head.env;

/** A chain whose simulation waits until released; what ran, in order. */
function heldChain() {
  const log: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const run: ExecutionReader['run'] = async ({ mode, call }) => {
    const { to, data } = call as { to: string; data: string };
    if (mode === 'simulate') {
      log.push('simulate:start');
      await released;
      log.push('simulate:end');
      const logs = [{ address: TOKEN, topics: [TRANSFER_TOPIC, word(ALICE), word(BOB)], data: word('0x0de0b6b3a7640000') }];
      const calls = [{ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs, fee: '0x0' }];
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls, blocks: [calls], balances: [], created: [] } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    }
    log.push(`read ${to.slice(0, 6)} ${data}`);
    const answer = bytesToHex(data === '0x95d89b41' ? encodeAbi(['string'], ['VTA']) : data === '0x313ce567' ? encodeAbi(['uint8'], [18n]) : encodeAbi(['uint256'], [10n ** 24n]));
    return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
  };
  const chain: PreviewChain = {
    network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 },
    signingHead: () => head,
    newestHead: () => head.head,
    execution: { run },
  };
  return { chain, log, release };
}

const reads = (log: string[]) => log.filter((l) => l.startsWith('read'));

describe('a preview reads the tokens it expects beside the run', () => {
  it("an ERC-20 transfer: the token's symbol, decimals and supply are asked before the run ends", async () => {
    const { chain, log, release } = heldChain();
    const request = parseTransactionRequest({ from: ALICE, to: TOKEN, data: '0xa9059cbb' + word(BOB).slice(2) + word('0x0de0b6b3a7640000').slice(2) });
    const effects = previewTransactions(chain, [request], { now: Number(env.timestamp) + 6 });
    await new Promise((r) => setTimeout(r, 10));
    expect(reads(log)).toHaveLength(3);
    expect(log.includes('simulate:end')).toBe(false);
    release();
    expect((await effects).tokens[TOKEN]).toMatchObject({ symbol: 'VTA', decimals: 18 });
    // Read once: what the run named was already under way.
    expect(reads(log)).toHaveLength(3);
  });

  it('a call to a contract that is no ERC-20 call reads the tokens the run names, after it', async () => {
    const { chain, log, release } = heldChain();
    const request = parseTransactionRequest({ from: ALICE, to: ROUTER, data: '0x7ff36ab5' + '00'.repeat(32) });
    const effects = previewTransactions(chain, [request], { now: Number(env.timestamp) + 6 });
    await new Promise((r) => setTimeout(r, 10));
    expect(reads(log)).toEqual([]);
    release();
    expect((await effects).tokens[TOKEN]).toMatchObject({ symbol: 'VTA' });
    expect(log.indexOf('simulate:end')).toBeLessThan(log.findIndex((l) => l.startsWith('read')));
  });

  it('at approval, the tokens the window showed are read beside the run again', async () => {
    const first = heldChain();
    first.release();
    const request = parseTransactionRequest({ from: ALICE, to: ROUTER, data: '0x7ff36ab5' + '00'.repeat(32) });
    const seen = await previewTransactions(first.chain, [request], { now: Number(env.timestamp) + 6 });
    const again = heldChain();
    const preview = previewAgainst(again.chain, [request], { seen }, { now: Number(env.timestamp) + 6 });
    await new Promise((r) => setTimeout(r, 10));
    expect(reads(again.log)).toHaveLength(3);
    again.release();
    expect((await preview).changed).toEqual([]);
  });
});

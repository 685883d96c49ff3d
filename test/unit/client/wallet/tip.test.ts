/**
 * The tip a wallet transaction is signed with (src/client/verified/execution-service.ts tipChoice,
 * src/client/wallet/tip.ts): an endpoint's eth_maxPriorityFeePerGas may lower an attended tip, which
 * is then labelled advice; it never lowers an unattended one, which is at least the 25th percentile
 * of what the last verified blocks paid (an endpoint advising 0 cannot make a forced exit's step
 * unincludable). The verified blocks are stubbed at VerifiedChain's seam (their proofs are
 * verified-chain's tests).
 */
import { describe, expect, it, vi } from 'vitest';
import { bigIntToHex } from '../../../../src/core/bytes.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { ChainExecutionService } from '../../../../src/client/verified/chain-execution.ts';
import { walletTip } from '../../../../src/client/wallet/tip.ts';
import { ExecutionEngine } from '../../../../src/execution/engine.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { networkConfig } from '../../../../src/l1/networks.ts';
import { localCalls } from '../../../../src/client/verified/execution.ts';

const GWEI = 10n ** 9n;
/** What the last five verified blocks paid: 1 to 20 gwei; their 25th percentile is 5 gwei. */
const PAID = [1, 2, 3, 4].map((b) => [1, 2, 3, 4, 5].map((i) => BigInt((b - 1) * 5 + i) * GWEI));

/** A service over a head at block 100 whose endpoint advises `advice` (a failure when undefined). */
function service(advice: bigint | undefined, oracle: bigint[][] = [[GWEI, GWEI, GWEI]]) {
  const asked: string[] = [];
  const rpc = {
    call: async (method: string) => {
      asked.push(method);
      if (advice === undefined) throw new TransportError('NOT_AVAILABLE', 'down', { url: 'x' });
      return { result: bigIntToHex(advice), endpoint: 'x' };
    },
  };
  const s = new ChainExecutionService({ config: networkConfig('mainnet'), rpc: rpc as never, calls: localCalls(new ExecutionEngine()), anchors: () => ({ latest: { blockNumber: 100n, blockHash: new Uint8Array(32).fill(1) } }) });
  vi.spyOn(s.chain, 'tipSamples').mockResolvedValue(oracle);
  vi.spyOn(s.chain, 'effectiveTips').mockResolvedValue(PAID);
  return { s, asked };
}

describe('the tip a wallet transaction is signed with', () => {
  it('an endpoint advising 0: an attended tip is lowered to it and labelled advice, an unattended one is the 25th percentile of what the blocks paid', async () => {
    const { s, asked } = service(0n);
    expect(await s.tipChoice({ unattended: false })).toEqual({ tip: 0n, source: 'advice' });
    expect(await s.suggestedTip()).toBe(0n);
    asked.length = 0;
    expect(await s.tipChoice({ unattended: true })).toEqual({ tip: 5n * GWEI, source: 'verified-p25' });
    // Nobody is asked for advice for it.
    expect(asked).toEqual([]);
  });

  it('advice above the verified tip, or none, leaves the verified tip labelled verified; the oracle above the percentile gives the oracle', async () => {
    expect(await service(9n * GWEI).s.tipChoice({ unattended: false })).toEqual({ tip: GWEI, source: 'verified' });
    expect(await service(undefined).s.tipChoice({ unattended: false })).toEqual({ tip: GWEI, source: 'verified' });
    const high = service(0n, [[30n * GWEI]]).s;
    expect(await high.tipChoice({ unattended: true })).toEqual({ tip: 30n * GWEI, source: 'verified-p25' });
  });

  it('prepares an unattended transaction on the verified percentile only: never a default, never advice, and refused without verified blocks', async () => {
    const request = parseTransactionRequest({ from: '0x' + '11'.repeat(20), to: '0x' + '22'.repeat(20), value: '0x0' });
    const { s } = service(0n);
    expect(await walletTip(s, request, { unattended: true }, 10n * GWEI)).toEqual({ tip: 5n * GWEI, tipSource: 'verified-p25' });
    expect(await walletTip(s, request, { unattended: false }, 10n * GWEI)).toEqual({ tip: 0n, tipSource: 'advice' });
    // Re-signing a step not included: both fees +12.5% over the replaced one's, at least what a new one pays now.
    const replaces = { nonce: 3n, maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: 8n * GWEI };
    expect(await walletTip(s, request, { unattended: true, replaces }, 10n * GWEI)).toEqual({ tip: 9n * GWEI, tipSource: 'verified-p25', maxFeePerGas: 45n * GWEI });
    expect(await walletTip(s, request, { unattended: true, replaces }, 30n * GWEI)).toEqual({ tip: 9n * GWEI, tipSource: 'verified-p25', maxFeePerGas: 69n * GWEI });
    // Blocks that cannot be read: an attended one takes the labelled default, an unattended one is not signed.
    const unreadable = service(0n).s;
    vi.spyOn(unreadable.chain, 'tipSamples').mockRejectedValue(new TransportError('NOT_AVAILABLE', 'no bodies', { url: 'x' }));
    expect(await walletTip(unreadable, request, { unattended: false }, GWEI)).toEqual({ tip: GWEI, tipSource: 'default' });
    await expect(walletTip(unreadable, request, { unattended: true }, GWEI)).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    // A reader that gives no verified tip at all: its tip is advice, and nothing is signed unattended on it.
    const bare: ExecutionReader = { run: async () => Promise.reject(new Error('no')), sendRawTransaction: async () => ({ hash: '0x' }), suggestedTip: async () => 0n, feeHistory: async () => ({}) };
    expect(await walletTip(bare, request, { unattended: false }, GWEI)).toEqual({ tip: 0n, tipSource: 'advice' });
    await expect(walletTip(bare, request, { unattended: true }, GWEI)).rejects.toThrow(/no tip from verified blocks: nothing is signed unattended/);
  });
});

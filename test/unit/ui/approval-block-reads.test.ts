// @vitest-environment happy-dom
/**
 * The approval window names every read of the block in plain words (issue 50): the block number,
 * and a hash or beacon root of a block not made yet, beside the fee recipient and the rest.
 */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EffectsBox } from '../../../src/ui/components/approval/effects.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { cleanup, render } from './dom.ts';

afterEach(cleanup);

describe('block reads in the window', () => {
  it('names the number, a block hash and a beacon root of a block not made yet in words, never by their codes', () => {
    const effects: TransactionEffects = {
      at: { blockNumber: '1000', blockHash: '0x' + 'ab'.repeat(32) },
      ok: true,
      own: [{ asset: 'native', standard: 'native', amount: '-100' }],
      approvals: [],
      others: [],
      created: [],
      tokens: {},
      blockReads: ['number', 'blockHash', 'beaconRoot'],
      dependsOnBlock: {
        reads: ['number', 'blockHash', 'beaconRoot'],
        block: { number: '0x3ea', coinbase: '0x' + '11'.repeat(20), prevRandao: '0x' + '22'.repeat(32), timestamp: '0x1', baseFeePerGas: '0x7' },
        ok: true,
        own: [{ asset: 'native', standard: 'native', amount: '100' }],
        approvals: [],
        differences: ['native: you receive 100 there, you send 100 in the block shown'],
      },
    };
    const root = document.createElement('div');
    render(h(EffectsBox, { effects }), root);
    const text = root.querySelector('[data-testid="approval-effects-depend"]')!.textContent!;
    expect(text).toContain('it reads the block number, the block hash of a block not made yet, the beacon root of a block not made yet, which no one knows');
    expect(text).not.toMatch(/blockHash|beaconRoot/);
  });
});

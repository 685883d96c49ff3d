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
        readsInWords: 'number, hash of a block not made yet, beacon root of a block not made yet',
        where: 'if it lands in block 1,002 or later',
        ok: true,
        own: [{ asset: 'native', standard: 'native', amount: '100' }],
        approvals: [],
        differences: ['native: you receive 100 there, you send 100 in the block shown'],
      },
    };
    const root = document.createElement('div');
    render(h(EffectsBox, { effects }), root);
    const text = root.querySelector('[data-testid="approval-effects-depend"]')!.textContent!;
    expect(text).toContain("it reads the block's number, hash of a block not made yet, beacon root of a block not made yet, which no one knows");
    expect(text).toContain('If it lands in block 1,002 or later it does otherwise');
    expect(text).not.toMatch(/blockHash|beaconRoot/);
  });

  it('says where a deadline makes it fail, beside the effects it shows', () => {
    const effects: TransactionEffects = {
      at: { blockNumber: '1000', blockHash: '0x' + 'ab'.repeat(32) },
      ok: true,
      own: [{ asset: 'native', standard: 'native', amount: '-100' }],
      approvals: [],
      others: [],
      created: [],
      tokens: {},
      blockReads: ['timestamp'],
      failsIf: ['It fails if it lands at 2026-11-28 12:03:24 UTC or later (Expired())'],
    };
    const root = document.createElement('div');
    render(h(EffectsBox, { effects }), root);
    expect(root.querySelector('[data-testid="approval-fails-if"]')!.textContent).toBe('It fails if it lands at 2026-11-28 12:03:24 UTC or later (Expired()): it then takes only the network fee.');
    expect(root.querySelector('[data-testid="approval-effects-depend"]')).toBeNull();
  });
});

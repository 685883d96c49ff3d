/**
 * The transaction host (src/client/wallet/transaction-host.ts): where a transaction is read, filled and
 * simulated for its window in one call, and proven again with its second simulation in another,
 * over a scripted verified chain.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { type TransactionHostDeps, transactionHost } from '../../../../src/client/wallet/transaction-host.ts';
import type { Preview } from '../../../../src/client/wallet/transaction-preview.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import { ACCOUNT0, freshWorld, GWEI, NOW_S, RECIPIENT, scriptedChain, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

const NOW = NOW_S;
const effects = (ok = true): TransactionEffects => ({ at: { blockNumber: '100', blockHash: '0x' + 'aa'.repeat(32) }, ok, own: [], approvals: [], others: [], created: [], tokens: {}, ...(ok ? {} : { revert: { call: 0, reason: 'nope' } }) });

describe('transactionHost', () => {
  let world: World;
  let asked: { requests: number; against: boolean; toleranceBps: number | undefined }[];
  let answer: () => Promise<Preview>;
  const host = (more: Partial<TransactionHostDeps> = {}) =>
    transactionHost({
      chain: () => (world.disconnected ? undefined : scriptedChain(world)),
      preview: async (_chain, requests, against, options) => {
        asked.push({ requests: requests.length, against: against !== undefined, toleranceBps: options.toleranceBps });
        return answer();
      },
      ...more,
    });

  beforeEach(() => {
    world = freshWorld();
    asked = [];
    answer = async () => ({ effects: effects() });
  });

  it('reads, fills and simulates in one call, with the user\'s tolerance for the next-block comparison', async () => {
    const prepared = await host().prepare({ from: ACCOUNT0, to: RECIPIENT, value: '0x1' }, { pending: [], now: NOW, simulate: true, toleranceBps: 200 });
    expect(prepared.request.from).toBe(ACCOUNT0);
    expect(prepared.filled.tx).toMatchObject({ nonce: 5n, value: 1n, gasLimit: 21_000n });
    expect(prepared.filled.facts).toMatchObject({ account: { nonce: 5n }, nextBaseFee: 10n * GWEI });
    expect(prepared.effects).toEqual(effects());
    expect(asked).toEqual([{ requests: 1, against: false, toleranceBps: 200 }]);
  });

  it('refuses what is no transaction before anything is proven or run', async () => {
    await expect(host().prepare({ from: ACCOUNT0, to: '0x1234', value: '0x1' }, { pending: [], now: NOW, simulate: true })).rejects.toMatchObject({ name: 'WalletError', code: 'INVALID_TRANSACTION' });
    await expect(host().prepare({ from: ACCOUNT0, type: '0x3', to: RECIPIENT }, { pending: [], now: NOW, simulate: true })).rejects.toMatchObject({ name: 'WalletError' });
    expect(asked).toEqual([]);
  });

  it('runs nothing for a fee cap below the next base fee (the policy refuses it as such)', async () => {
    const prepared = await host().prepare({ from: ACCOUNT0, to: RECIPIENT, value: '0x1', maxFeePerGas: '0x3b9aca00', maxPriorityFeePerGas: '0x1' }, { pending: [], now: NOW, simulate: true });
    expect(prepared.effects).toBeUndefined();
    expect(prepared.effectsError).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('a simulation that reverts refuses at once (WOULD_REVERT); one that cannot be proven is said (effectsError), not thrown', async () => {
    answer = async () => ({ effects: effects(false) });
    await expect(host().prepare({ from: ACCOUNT0, to: RECIPIENT, value: '0x1' }, { pending: [], now: NOW, simulate: true })).rejects.toMatchObject({ code: 'WOULD_REVERT' });
    answer = async () => Promise.reject(new VerificationError('PROOF_ROOT_MISMATCH', 'the proof does not hash to the state root'));
    const prepared = await host().prepare({ from: ACCOUNT0, to: RECIPIENT, value: '0x1' }, { pending: [], now: NOW, simulate: true });
    expect(prepared.effectsError).toMatch(/state root/);
  });

  it('proves the sender again and simulates again at approval; a run that cannot be proven is EFFECTS_NOT_PROVEN; no simulation without a snapshot', async () => {
    const { filled } = await host().prepare({ from: ACCOUNT0, to: RECIPIENT, value: '0x1' }, { pending: [], now: NOW, simulate: false });
    world.nonce = 6n;
    const again = await host().recheck(ACCOUNT0, [filled.tx], { now: NOW, against: { seen: effects(), toleranceBps: 50 } });
    expect(again.facts.account?.nonce).toBe(6n);
    expect(again.preview?.effects).toEqual(effects());
    expect(asked).toEqual([{ requests: 1, against: true, toleranceBps: undefined }]);
    expect((await host().recheck(ACCOUNT0, [filled.tx], { now: NOW })).preview).toBeUndefined();
    answer = async () => Promise.reject(new VerificationError('PROOF_ROOT_MISMATCH', 'lie'));
    await expect(host().recheck(ACCOUNT0, [filled.tx], { now: NOW, against: { seen: effects() } })).rejects.toMatchObject({ code: 'EFFECTS_NOT_PROVEN' });
  });

  it('says DISCONNECTED where nothing can be proven, and the head rule where no head can be signed against', async () => {
    world.disconnected = true;
    await expect(host().prepare({ from: ACCOUNT0, to: RECIPIENT }, { pending: [], now: NOW, simulate: true })).rejects.toMatchObject({ code: 'DISCONNECTED' });
    world.disconnected = false;
    world.head = undefined;
    await expect(host().recheck(ACCOUNT0, [], { now: NOW })).rejects.toMatchObject({ code: 'STALE_HEAD' });
  });
});

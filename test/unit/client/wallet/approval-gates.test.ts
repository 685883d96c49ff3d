/**
 * The approval window's gates held by the service worker too (audit F5: src/client/wallet/approvals.ts
 * resolveFromWindow, src/client/wallet/approval-gates.ts): a yes from a page that skipped the arm
 * delay, the look-alike box, the words-disagree box, or came before the signer's delegation is
 * proven is refused with APPROVAL_GATE_NOT_MET naming the gate; nothing is signed, the request
 * stays pending and the page keeps waiting; the same yes with the gate met signs. A change of what
 * the request shows (the effects asked again) arms the delay anew.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_ARM_DELAY_MS, gatesOf, unmetGate } from '../../../../src/client/wallet/approval-gates.ts';
import type { Preview, SeenEffects } from '../../../../src/client/wallet/transaction-preview.ts';
import type { Wallet } from '../../../../src/client/wallet/wallet.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import type { ActivityRow } from '../../../../src/storage/wallet.ts';
import { ARM_DELAY_MS } from '../../../../src/ui/components/approval/armed.ts';
import type { ClearWords } from '../../../../src/wallet/clear-signing/types.ts';
import { effectsChanged } from '../../../../src/wallet/effects-snapshot.ts';
import { recoverPersonalMessageAddress } from '../../../../src/wallet/personal-message.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import type { TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { ACCOUNT0, APP, connected, freshWorld, opened, RECIPIENT, setup, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

/** RECIPIENT's look-alike: 0x7099…79C8 at both ends, another middle. */
const MALLORY = '0x7099' + '1'.repeat(32) + '79c8';
const SENT_AT = Date.UTC(2026, 10, 12, 15);
const sentBefore: ActivityRow = { hash: '0x' + '11'.repeat(32), chainId: 31337, networkId: 'devnet', from: ACCOUNT0, to: RECIPIENT, nonce: '1', value: '1', maxCost: '1', raw: '0x', origin: 'vigil', summary: 'Send', status: 'final', createdAt: SENT_AT, updatedAt: SENT_AT };

const TKA = '0x' + '7a'.repeat(20);
/** Words whose descriptor says something the simulation does not do. */
const disagreeing: ClearWords = { intent: 'Swap', fields: [], descriptor: { source: 'test' }, boundTo: { chainId: 31337, address: RECIPIENT }, disagreements: ['the simulation gives you none of the token the words promise'] };
const effects = (received: string, at = '100', words?: ClearWords): TransactionEffects => ({
  at: { blockNumber: at, blockHash: '0x' + 'aa'.repeat(32) },
  ok: true,
  own: [
    { asset: TKA, standard: 'erc20', amount: '-1000' },
    { asset: 'native', standard: 'native', amount: received },
  ],
  approvals: [],
  others: [],
  created: [],
  tokens: { [TKA]: { symbol: 'TKA', decimals: 18 } },
  ...(words ? { words } : {}),
});

/** A page's promise, and whether it has settled yet. */
function watch<T>(p: Promise<T>): { p: Promise<T>; settled: () => boolean } {
  let done = false;
  p.then(
    () => void (done = true),
    () => void (done = true),
  );
  return { p, settled: () => done };
}

/** The window is given the request (its poll), and a moment passes by the background's clock. */
async function shown(world: World, wallet: Wallet, id: string, ms = APPROVAL_ARM_DELAY_MS): Promise<void> {
  await wallet.approvals.get(id);
  world.now += ms;
}

/** A refused yes: the gate named, the request still pending, nothing sent or answered. */
async function refused(world: World, wallet: Wallet, answer: Promise<unknown>, gate: string, page: { settled: () => boolean }, id: string): Promise<void> {
  await expect(answer).rejects.toMatchObject({ code: 'APPROVAL_GATE_NOT_MET', details: gate });
  expect((await wallet.approvals.get(id)).status).toBe('pending');
  expect(world.sent).toHaveLength(0);
  await new Promise((r) => setTimeout(r, 0));
  expect(page.settled()).toBe(false);
}

describe('the background checks the window’s gates again', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('arm delay: a yes before the request was shown, or sooner than the delay after, is refused; once it has passed, it signs', async () => {
    const { wallet } = await connected(world);
    const page = watch(wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-arm' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }));
    const id = await opened(world, 1);
    // No page was given the request: no window can have shown it.
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'armDelay', page, id);
    await shown(world, wallet, id, APPROVAL_ARM_DELAY_MS - 1);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'armDelay', page, id);
    // Polled again meanwhile: the delay runs from the first delivery, not the last.
    await shown(world, wallet, id, 1);
    expect((await wallet.approvals.resolveFromWindow(id, true)).status).toBe('done');
    expect(await page.p).toMatch(/^0x[0-9a-f]{64}$/);
    expect(world.sent).toHaveLength(1);
  });

  it('arm delay across a stopped service worker: the delivery before the stop counts, so the yes clicked after it signs', async () => {
    const { wallet, repo, session, db } = await connected(world);
    void wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch(() => {});
    const id = await opened(world, 1);
    await shown(world, wallet, id);
    // The service worker stops and starts again: a new background over the same tables and session store,
    // and the window's next message is the yes (before its poll reached the new one).
    const again = (await setup(world, { repo, session, db })).wallet;
    expect((await again.approvals.resolveFromWindow(id, true)).status).toBe('done');
    expect(world.sent).toHaveLength(1);
  });

  it('a no is never gated: rejected at once', async () => {
    const { wallet } = await connected(world);
    const page = watch(wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-no' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }));
    const id = await opened(world, 1);
    expect((await wallet.approvals.resolveFromWindow(id, false)).status).toBe('rejected');
    await expect(page.p).rejects.toMatchObject({ code: 'USER_REJECTED' });
  });

  it('look-alike: a yes without "I checked the whole address" is refused (another box does not stand for it); with it, it signs', async () => {
    const { wallet, repo } = await connected(world);
    await repo.putActivity(sentBefore);
    const page = watch(wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-look' }, { from: ACCOUNT0, to: MALLORY, value: '0x1' }));
    const id = await opened(world, 1);
    await shown(world, wallet, id);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'lookAlike', page, id);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true, { acknowledged: { lookAlike: false, wordsDisagree: true } }), 'lookAlike', page, id);
    expect((await wallet.approvals.resolveFromWindow(id, true, { acknowledged: { lookAlike: true } })).status).toBe('done');
    await page.p;
    expect(world.sent).toHaveLength(1);
  });

  it('words disagree: a yes without "I have read what disagrees" is refused; with it, it signs', async () => {
    const preview = async (_requests: TransactionRequest[], against?: SeenEffects): Promise<Preview> => {
      const e = effects('420', '100', disagreeing);
      return against === undefined ? { effects: e } : { effects: e, changed: against.seen === null ? ['not proven before'] : effectsChanged(against.seen, e, against.toleranceBps) };
    };
    const { wallet } = await connected(world, { previewTransactions: preview });
    const page = watch(wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-words' }, { from: ACCOUNT0.toLowerCase(), to: RECIPIENT, value: '0x1', data: '0x1234' }));
    const id = await opened(world, 1);
    await shown(world, wallet, id);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'wordsDisagree', page, id);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true, { acknowledged: { lookAlike: true } }), 'wordsDisagree', page, id);
    expect((await wallet.approvals.resolveFromWindow(id, true, { acknowledged: { wordsDisagree: true } })).status).toBe('done');
    await page.p;
    expect(world.sent).toHaveLength(1);
  });

  it('delegation: a message is not signed while the signer’s delegation cannot be proven; once it is, it signs', async () => {
    const { wallet } = await connected(world);
    world.unprovable = new Set([ACCOUNT0.toLowerCase()]);
    const page = watch(wallet.requests.personalSign({ origin: APP, requestKey: 'k-sign' }, 'hello', ACCOUNT0));
    const id = await opened(world, 1);
    await shown(world, wallet, id);
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'delegation', page, id);
    world.unprovable = new Set();
    expect((await wallet.approvals.resolveFromWindow(id, true)).status).toBe('done');
    expect(recoverPersonalMessageAddress('hello', await page.p)).toBe(ACCOUNT0);
  });

  it('effects asked again: the request as it now reads is armed anew, from its own delivery', async () => {
    const next = [effects('420'), effects('400', '101'), effects('400', '102')];
    const preview = async (_requests: TransactionRequest[], against?: SeenEffects): Promise<Preview> => {
      const e = next.shift()!;
      return against === undefined ? { effects: e } : { effects: e, changed: against.seen === null ? ['not proven before'] : effectsChanged(against.seen, e, against.toleranceBps) };
    };
    const { wallet } = await connected(world, { previewTransactions: preview });
    const page = watch(wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-again' }, { from: ACCOUNT0.toLowerCase(), to: RECIPIENT, value: '0x1', data: '0x1234' }));
    const id = await opened(world, 1);
    await shown(world, wallet, id);
    // The yes meets the gates, but what comes in fell by more than the tolerance: asked again.
    const again = await wallet.approvals.resolveFromWindow(id, true);
    expect(again.status).toBe('pending');
    expect((again.details.effects as TransactionEffects).own[1]!.amount).toBe('400');
    // The new effects were delivered with that answer just now: the delay runs from there, not from the first delivery.
    await refused(world, wallet, wallet.approvals.resolveFromWindow(id, true), 'armDelay', page, id);
    world.now += APPROVAL_ARM_DELAY_MS;
    expect((await wallet.approvals.resolveFromWindow(id, true)).status).toBe('done');
    await page.p;
    expect(world.sent).toHaveLength(1);
  });
});

describe('gatesOf and unmetGate', () => {
  it('the arm delay is the window’s own', () => {
    expect(APPROVAL_ARM_DELAY_MS).toBe(ARM_DELAY_MS);
  });

  it('reads each gate where the window does: the signer of a message or typed data, a transaction’s look-alike, the words of each kind', () => {
    const words = { disagreements: ['x'] };
    expect(gatesOf('personalSign', { address: ACCOUNT0 })).toEqual({ signer: ACCOUNT0, lookAlike: false, wordsDisagree: false });
    expect(gatesOf('typedData', { address: ACCOUNT0, words })).toEqual({ signer: ACCOUNT0, lookAlike: false, wordsDisagree: true });
    expect(gatesOf('transaction', { from: ACCOUNT0, lookAlike: { recipient: MALLORY }, effects: { words } })).toEqual({ lookAlike: true, wordsDisagree: true });
    expect(gatesOf('transaction', { from: ACCOUNT0, effects: { words: { disagreements: [] } } })).toEqual({ lookAlike: false, wordsDisagree: false });
    // A batch: its calls' words held together; a batch of one call sent as itself, its transaction's words.
    expect(gatesOf('calls', { from: ACCOUNT0, calls: [{}, {}], effects: { callWords: { calls: [], checked: true, disagreements: ['x'] } } }).wordsDisagree).toBe(true);
    expect(gatesOf('calls', { from: ACCOUNT0, calls: [{}], effects: { words } }).wordsDisagree).toBe(true);
    expect(gatesOf('calls', { from: ACCOUNT0, calls: [{}, {}], effects: { words } }).wordsDisagree).toBe(false);
    // A connect, a switch, a token to follow, a delegation: none of these gates.
    for (const kind of ['connect', 'switchChain', 'watchAsset', 'delegation'] as const) expect(gatesOf(kind, { address: ACCOUNT0, lookAlike: {}, words })).toEqual({ lookAlike: false, wordsDisagree: false });
  });

  it('names the first gate not met; only a tick of true counts', () => {
    const all = { lookAlike: true, wordsDisagree: true };
    expect(unmetGate(all, { shownAt: undefined, now: 5000, acknowledged: all })?.gate).toBe('armDelay');
    expect(unmetGate(all, { shownAt: 4001, now: 5000, acknowledged: all })?.gate).toBe('armDelay');
    expect(unmetGate(all, { shownAt: 4000, now: 5000, acknowledged: { wordsDisagree: true } })?.gate).toBe('lookAlike');
    expect(unmetGate(all, { shownAt: 4000, now: 5000, acknowledged: { lookAlike: true, wordsDisagree: 'yes' as unknown as boolean } })?.gate).toBe('wordsDisagree');
    expect(unmetGate(all, { shownAt: 4000, now: 5000, acknowledged: all })).toBeUndefined();
    expect(unmetGate({ lookAlike: false, wordsDisagree: false }, { shownAt: 4000, now: 5000, acknowledged: undefined })).toBeUndefined();
  });
});

/**
 * The approval queue (src/client/approvals.ts): a request resent to a restarted background joins
 * its approval and nothing is signed twice; a request waits for the unlock.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { recoverPersonalMessageAddress } from '../../../src/wallet/personal-message.ts';
import { ACCOUNT0, APP, connected, freshWorld, opened, RECIPIENT, setup, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

describe('Approvals', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('never signs twice: a request resent to a restarted background joins its approval, an approved one is sent again as the same bytes', async () => {
    const first = await connected(world);
    const pending = first.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    pending.catch(() => {});
    await opened(world, 1);
    // The service worker stops; a new one wakes with the same database and session.
    const second = await setup(world, { repo: first.repo, session: first.session });
    const again = second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    expect(world.opened).toHaveLength(2); // no second window
    await second.wallet.approvals.resolve(world.opened[1]!, true);
    const hash = await again;
    expect(world.sent).toHaveLength(1);
    // A third background after the approval: it resumes by sending the same bytes, and the resent
    // request gets the same hash without a new window or signature.
    const third = await setup(world, { repo: first.repo, session: first.session });
    await third.wallet.approvals.resume();
    expect(await third.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' })).toBe(hash);
    expect(new Set(world.sent).size).toBe(1);
    expect(world.opened).toHaveLength(2);
  });

  it('finishes an approval once when several callers reach it at the same time (two wake-ups resuming, the request resent)', async () => {
    const first = await connected(world);
    const pending = first.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' });
    pending.catch(() => {});
    const id = await opened(world, 1);
    // Approved, and the background stopped before it finished.
    expect(await first.repo.transitionApproval(id, 'pending', { status: 'approved', updatedAt: world.now })).toBe(true);
    const second = await setup(world, { repo: first.repo, session: first.session });
    const resent = second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' });
    await Promise.all([second.wallet.approvals.resume(), second.wallet.approvals.resume()]);
    const hash = await resent;
    for (let i = 0; i < 100 && (await first.repo.getApproval(id))?.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await first.repo.getApproval(id))?.status).toBe('done');
    // One signature, one broadcast, one answer for everyone.
    expect(world.sent).toHaveLength(1);
    expect(await second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' })).toBe(hash);
  });

  it('locks (no accounts to pages), makes a request wait for the unlock, backs off wrong passwords', async () => {
    const { wallet } = await connected(world);
    await wallet.keyring.lock();
    expect(await wallet.requests.accounts(APP)).toEqual([]);
    const signature = wallet.requests.personalSign({ origin: APP }, 'hi', ACCOUNT0);
    await expect(wallet.approvals.resolve(await opened(world, 1), true)).rejects.toMatchObject({ code: 'LOCKED' });
    for (let i = 0; i < 4; i++) await expect(wallet.keyring.unlock('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(wallet.keyring.unlock('correct horse')).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    world.now += 1000;
    await wallet.keyring.unlock('correct horse');
    await wallet.approvals.resolve(world.opened[1]!, true);
    expect(recoverPersonalMessageAddress('hi', await signature)).toBe(ACCOUNT0);
  });
});

/**
 * A transaction (or a batch) whose simulation has the user send a token Vigil did not read is not
 * signed (audit 2026-11-28 F3; src/wallet/policy.ts effectsRefusals): the window shows the refusal
 * naming the token and the page gets EFFECTS_OUTGOING_UNREAD (src/client/wallet/requests.ts,
 * src/client/wallet/batches/prepare.ts); at approval, a simulation that now leaves a sent token
 * unread is refused too, nothing signed (src/client/wallet/signing-checks.ts). The audit's bait
 * and tokens the user only receives past the bound are signed as before. The effects come from the
 * engine's choice of tokens and the wallet's summary (test/unit/wallet/sends-past-the-bound.ts).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import type { Preview, SeenEffects } from '../../../../src/client/wallet/transaction-preview.ts';
import { effectsChanged } from '../../../../src/wallet/effects-snapshot.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import type { TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { bait, CAP, effectsOf, tokenAt } from '../../wallet/sends-past-the-bound.ts';
import { ACCOUNT0, APP, connected, freshWorld, opened, RECIPIENT, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

const ME = ACCOUNT0.toLowerCase();
const STOLEN = tokenAt(1000);
/** The audit's bait: 16 incoming emitters, then a drain of one unfollowed token: read, shown, signable. */
const drained = () => {
  const b = bait(ME, CAP, [STOLEN]);
  return effectsOf(ME, b.logs, b.balances);
};
/** More tokens drained than the bound: the last is unread. */
const tooMany = () => {
  const b = bait(ME, 0, Array.from({ length: CAP + 1 }, (_, i) => tokenAt(1000 + i)));
  return effectsOf(ME, b.logs, b.balances);
};
/** Tokens handed to the user past the bound, and one drained: the drain read, the rest counted. */
const manyIncoming = () => {
  const b = bait(ME, CAP + 4, [STOLEN]);
  return effectsOf(ME, b.logs, b.balances);
};

describe('a token the user sends that Vigil did not read', () => {
  let world: World;
  let next: (() => Promise<TransactionEffects>)[];
  beforeEach(() => {
    world = freshWorld();
    next = [];
  });
  const preview = async (requests: TransactionRequest[], against?: SeenEffects): Promise<Preview> => {
    const f = next.shift();
    if (f === undefined) throw new Error('no simulation scripted');
    const effects = { ...(await f()), gasUsed: requests.map((r) => (r.data.length === 0 ? '21000' : '40000')) };
    if (against === undefined) return { effects };
    return { effects, changed: against.seen === null ? ['not proven before'] : effectsChanged(against.seen, effects, against.toleranceBps) };
  };
  const send = (wallet: Awaited<ReturnType<typeof connected>>['wallet'], key: string) =>
    wallet.requests.sendTransaction({ origin: APP, requestKey: key }, { from: ME, to: RECIPIENT, value: '0x1', data: '0x1234' });

  it('refuses the signature in the window, naming the token; the page gets the code; nothing is signed', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(tooMany);
    const hash = send(wallet, 'u1');
    const failure = hash.catch((e: unknown) => e);
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.verdict).toMatchObject({ ok: false, refusals: [expect.objectContaining({ code: 'EFFECTS_OUTGOING_UNREAD', message: expect.stringContaining(tokenAt(1000 + CAP)) })] });
    expect(view).toMatchObject({ status: 'failed', error: { code: 'EFFECTS_OUTGOING_UNREAD' } });
    expect((view.details.effects as TransactionEffects).outgoingNotRead).toEqual([tokenAt(1000 + CAP)]);
    const err = await failure;
    expect(err).toMatchObject({ code: 'EFFECTS_OUTGOING_UNREAD', shortMessage: expect.stringContaining(tokenAt(1000 + CAP)) });
    expect(toProviderError(err)).toMatchObject({ code: -32003, data: { code: 'EFFECTS_OUTGOING_UNREAD' } });
    // A yes on a refused request does nothing.
    await wallet.approvals.resolve(view.id, true);
    expect(world.sent).toEqual([]);
  });

  it('refuses at approval when the simulation at the newest head now leaves a sent token unread', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(drained, tooMany);
    const hash = send(wallet, 'u2');
    const id = await opened(world, 1);
    expect((await wallet.approvals.get(id)).details.verdict).toMatchObject({ ok: true });
    const failure = hash.catch((e: unknown) => e);
    await wallet.approvals.resolve(id, true);
    // Refused outright: not asked again (the window would only show a refusal), nothing signed.
    expect(await wallet.approvals.get(id)).toMatchObject({ status: 'failed', error: { code: 'EFFECTS_OUTGOING_UNREAD' } });
    expect(await failure).toMatchObject({ code: 'EFFECTS_OUTGOING_UNREAD', shortMessage: expect.stringContaining(tokenAt(1000 + CAP)) });
    expect(world.sent).toEqual([]);
  });

  it("signs the audit's bait with the loss shown, and tokens only received past the bound as a count", async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(manyIncoming, manyIncoming);
    const hash = send(wallet, 'u3');
    const id = await opened(world, 1);
    const view = await wallet.approvals.get(id);
    expect(view.details.verdict).toMatchObject({ ok: true });
    const effects = view.details.effects as TransactionEffects;
    expect(effects.own[0]).toEqual({ asset: STOLEN, standard: 'erc20', amount: '-5000' });
    expect(effects.tokensNotRead).toBe(5);
    await wallet.approvals.resolve(id, true);
    await hash;
    expect(world.sent).toHaveLength(1);
  });

  it('refuses a batch in its window the same way', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    // The first run prices the later calls, the second is the one the window shows.
    next.push(tooMany, tooMany);
    const calls = [{ to: RECIPIENT, value: '0x1' }, { to: RECIPIENT, value: '0x2' }];
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'u4' }, { version: '2.0.0', chainId: '0x7a69', from: ME, atomicRequired: false, calls });
    const failure = sent.catch((e: unknown) => e);
    const id = await opened(world, 1);
    expect((await wallet.approvals.get(id)).details.verdict).toMatchObject({ ok: false, refusals: [expect.objectContaining({ code: 'EFFECTS_OUTGOING_UNREAD' })] });
    expect(await failure).toMatchObject({ code: 'EFFECTS_OUTGOING_UNREAD' });
    expect(world.sent).toEqual([]);
  });
});

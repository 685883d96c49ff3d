/**
 * The signing rule on the L1 session (src/client/l1-session.ts), over the beacon devnet with a
 * clock the test moves and its participation setting: at 100% and 70% the wallet's chain rests on
 * the newest head; at 50% the session keeps showing what the light client takes (a forced update's
 * thin head, marked) while the wallet's chain stays on the last head two thirds
 * signed, and once that is too old a transaction is refused with HEAD_THINLY_SIGNED, naming the
 * head it needs. A restarted session resumes who signed what. (The devnet's fake execution node
 * proves no account: the sender's proof fails, NONCE_NOT_VERIFIED, whatever the head rule says.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { L1Session } from '../../../src/client/l1-session.ts';
import { memoryPersistence } from '../../../src/client/light-client/store-persistence.ts';
import { prepareTransaction } from '../../../src/client/wallet/transactions.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { parseTransactionRequest } from '../../../src/wallet/transaction-request.ts';
import { sessionDeps, sessionShared } from '../../support/l1-session-deps.ts';
import { type Harness, startHarness } from '../devnet/beacon/harness.ts';
import { until as waitUntil } from '../../support/until.ts';

const FROM = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

let h: Harness;
let slot = 0;
const advance = async (slots: number) => {
  slot += slots;
  await h.advanceTo(slot);
};
const persistence = memoryPersistence();
const shared = sessionShared();

/** A session over the same settings and store each time: a second one is a restarted service worker. */
const session = () => new L1Session(sessionDeps(shared, persistence, { now: () => h.now() }));

/** The shared wait (time-bounded), asking every 25 ms: the harness moves only when a test advances it. */
const until = <T>(what: string, fn: () => T | undefined | null | false, ms = 120_000) => waitUntil(what, fn, ms, 25);

/**
 * What the wallet's chain prepares for a 1-wei send now (or `now`, unix seconds): its refusal codes,
 * and the head it rested on.
 */
async function prepare(s: L1Session, now = Math.floor(h.now() / 1000)) {
  const chain = s.walletChain()!;
  const request = parseTransactionRequest({ from: FROM, to: FROM, value: '0x1' });
  const prepared = await prepareTransaction(chain, request, { origin: { kind: 'wallet' }, pending: [], now });
  return { codes: prepared.verdict.ok ? [] : prepared.verdict.refusals.map((r) => r.code), refusals: prepared.verdict.ok ? [] : prepared.verdict.refusals, at: prepared.facts.head };
}

let s: L1Session;

/** The harness clock, or a minute and a second after `head` if that is later: past the 60 s bound. */
const aMinuteAfter = (head: { timestamp: number | bigint }) => Math.max(Math.floor(h.now() / 1000), Number(head.timestamp) + 61);

beforeAll(async () => {
  h = await startHarness({ fork: 'fulu' });
  await advance(70);
  s = session();
  await s.start();
  await s.settings.setNetwork({
    executionRpc: 'http://127.0.0.1:1/',
    beaconApi: h.devnet.url,
    chainId: 31337,
    checkpoint: h.genesisRoot,
    network: h.devnet.networkConfig,
    accounts: [],
  });
});
afterAll(async () => {
  await s?.stop();
  await h?.close();
});

describe('the signing rule on the L1 session', () => {
  it('100%: the wallet signs on the newest head, which the whole committee signed', async () => {
    const status = await until('a signing head', () => s.status().signing?.slot === slot - 1 && s.status());
    expect(status.optimistic).toMatchObject({ slot: slot - 1, signedBy: { participants: 32, committeeSize: 32 }, thinlySigned: false });
    expect(status.signing!.blockHash).toBe(status.optimistic!.blockHash);
    expect(status.finalized).toMatchObject({ signedBy: { participants: 32, committeeSize: 32 }, thinlySigned: false });
    const { codes, at } = await prepare(s);
    expect(codes).toEqual(['NONCE_NOT_VERIFIED']);
    expect(at).toMatchObject({ blockNumber: BigInt(status.signing!.blockNumber), signedBy: { participants: 32, committeeSize: 32 } });
  });

  it('70%: 22 of 32 is two thirds: the same', async () => {
    h.devnet.faults.participation = 0.7;
    await advance(9);
    const status = await until('a 70% head', () => s.status().signing?.slot === slot - 1 && s.status());
    expect(status.optimistic).toMatchObject({ signedBy: { participants: 22, committeeSize: 32 }, thinlySigned: false });
    expect((await prepare(s)).codes).toEqual(['NONCE_NOT_VERIFIED']);
  });

  it('50%: the forced update\'s thin head is shown and marked, never signed against; HEAD_THINLY_SIGNED names the head needed', async () => {
    h.devnet.faults.participation = 0.5;
    const signing = s.status().signing!;
    // Four slots at a time for a sync-committee period and more, the session stepping on its own.
    for (let i = 0; i < 40 && !s.status().optimistic?.thinlySigned; i++) {
      await advance(4);
      await new Promise((r) => setTimeout(r, 150));
    }
    await until('a thinly signed head', () => s.status().optimistic?.thinlySigned);
    const status = s.status();
    expect(status.optimistic).toMatchObject({ signedBy: { participants: 16, committeeSize: 32 }, thinlySigned: true });
    expect(status.signing!.blockHash).toBe(signing.blockHash);
    expect(status.finalized!.slot).toBeLessThan(status.optimistic!.slot);
    // The thin head comes a sync-committee period (64 one-second slots) after the last finalized
    // one, so the signing head is then about a minute old: whether the harness clock has passed the
    // 60 s bound depends on how far the loop ran ahead of the session. Ask a minute after it.
    const { codes, refusals } = await prepare(s, aMinuteAfter(signing));
    expect(codes[0]).toBe('HEAD_THINLY_SIGNED');
    expect(refusals[0]!.message).toContain(`(${status.optimistic!.blockNumber}) was signed by fewer than two thirds of its sync committee (16 of 32)`);
    expect(refusals[0]!.message).toContain(`the newest block two thirds signed (${signing.blockNumber})`);
    expect(refusals[0]!.expected).toBe('a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old');
  });

  it('a restarted session resumes who signed its heads, and refuses the same', async () => {
    const before = s.status();
    await s.stop();
    s = session();
    await s.start();
    const status = await until('the resumed heads', () => s.status().optimistic && s.status().signing && s.status());
    expect(status.lifecycle.lastInit).toBe('resume');
    // The resumed loop may already have taken a newer 16-of-32 head: the same kind, never less.
    expect(status.optimistic).toMatchObject({ signedBy: before.optimistic!.signedBy, thinlySigned: true });
    expect(status.optimistic!.slot).toBeGreaterThanOrEqual(before.optimistic!.slot);
    expect(status.signing).toMatchObject({ blockHash: before.signing!.blockHash, signedBy: before.signing!.signedBy });
    expect(status.finalized!.blockHash).toBe(before.finalized!.blockHash);
    expect((await prepare(s, aMinuteAfter(status.signing!))).codes[0]).toBe('HEAD_THINLY_SIGNED');
    // With no head two thirds signed at all (only the chain's thin one known), prepare throws the same code.
    const chain = s.walletChain()!;
    const thinOnly = { ...chain, signingHead: () => undefined };
    const err = await prepareTransaction(thinOnly, parseTransactionRequest({ from: FROM, to: FROM, value: '0x1' }), { origin: { kind: 'wallet' }, pending: [], now: Math.floor(h.now() / 1000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('HEAD_THINLY_SIGNED');
    h.devnet.faults.participation = 1;
  });
});

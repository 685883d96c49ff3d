/**
 * EIP-5792 batches in the wallet (src/client/wallet/batches/call-batches.ts) over a scripted verified chain: one
 * window for the batch with its calls' nonces in order and later calls' gas from the batch's
 * simulation; every call signed at approval, each sent only after the one before it has a
 * verified receipt with status 1; a call that reverts on chain, whose nonce another transaction
 * used, or that would fail now stops the rest (their bytes erased); the status from verified
 * receipts; a restarted wallet goes on without signing again; the page's errors are EIP-5792's.
 * The calls signed for later hold their nonces (a send made meanwhile takes the next one) until the
 * batch expires (an hour after approval, or the user's setting) or the network changes: then they
 * are erased, the status says why, and their nonces are free again, unless a transaction of the
 * wallet waits above them: then each call's filler (0 to the sender at its nonce, signed with it)
 * goes out in its place, so nothing is stranded (audit F2).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { keccak256 } from '../../../../../src/crypto/keccak.ts';
import { bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import { toProviderError } from '../../../../../src/provider/handler.ts';
import type { Preview, SeenEffects } from '../../../../../src/client/wallet/transaction-preview.ts';
import type { CallsStatus } from '../../../../../src/client/wallet/batches/calls-status.ts';
import type { TransactionRequest } from '../../../../../src/wallet/transaction-request.ts';
import type { TransactionEffects } from '../../../../../src/wallet/transaction-effects.ts';
import { effectsChanged } from '../../../../../src/wallet/effects-snapshot.ts';
import { ACCOUNT0, APP, blockHash, connected, freshWorld, OTHER, opened, RECIPIENT, setup, type World } from '../wallet-world.ts';
import { CallBatchStore } from '../../../../../src/storage/call-batches.ts';

beforeAll(cryptoReady);

const FROM = ACCOUNT0.toLowerCase();
const TKA = '0x' + '7a'.repeat(20);
const TRANSFER = '0xa9059cbb' + RECIPIENT.slice(2).toLowerCase().padStart(64, '0') + (5n).toString(16).padStart(64, '0');

const batch = (calls: unknown[], extra: Record<string, unknown> = {}) => ({ version: '2.0.0', chainId: '0x7a69', from: FROM, atomicRequired: false, calls, ...extra });
const THREE = [
  { to: RECIPIENT, value: '0x1' },
  { to: TKA, data: TRANSFER },
  { to: TKA, data: '0x1234' },
];

describe('call batches (EIP-5792)', () => {
  let world: World;
  /** What each simulation answers: ok, or the call that fails; gas used per call. */
  let script: { fail?: number; received?: string }[];
  let simulated: TransactionRequest[][];
  beforeEach(() => {
    world = freshWorld();
    script = [];
    simulated = [];
  });
  const effectsOf = (requests: readonly TransactionRequest[], fail?: number, received = '1000'): TransactionEffects => ({
    at: { blockNumber: String(world.headNumber), blockHash: blockHash(world.headNumber) },
    ok: fail === undefined,
    ...(fail !== undefined ? { revert: { call: fail, reason: 'VigilToken: balance too low' } } : {}),
    own: [
      { asset: 'native', standard: 'native', amount: '-1' },
      { asset: TKA, standard: 'erc20', amount: received },
    ],
    approvals: [],
    others: [],
    created: [],
    tokens: {},
    gasUsed: requests.map((r) => (r.data.length === 0 ? '21000' : '40000')),
  });
  const preview = async (requests: TransactionRequest[], against?: SeenEffects): Promise<Preview> => {
    simulated.push(requests);
    const next = script.shift();
    const effects = effectsOf(requests, next?.fail, next?.received);
    if (against === undefined) return { effects };
    return { effects, changed: against.seen === null ? ['not proven before'] : effectsChanged(against.seen, effects, against.toleranceBps) };
  };
  const hashOf = (raw: string) => bytesToHex(keccak256(hexToBytes(raw)));
  /** Distinct transactions sent (the activity sends a pending one's bytes again at each head). */
  const distinct = () => new Set(world.sent.map(hashOf)).size;
  /** The world mines the last sent transaction: a verified receipt with `status`. */
  const mine = (status: '0x1' | '0x0', block: number) => {
    const hash = hashOf(world.sent.at(-1)!);
    world.headNumber = block;
    world.receipts.set(hash, { blockNumber: '0x' + block.toString(16), blockHash: blockHash(block), gasUsed: '0x5208', status, logs: [{ address: TKA, topics: ['0x' + 'dd'.repeat(32)], data: '0x', logIndex: '0x0' }] } as never);
    return hash;
  };

  it('one window for the batch; all signed at approval; each call sent only once the one before it is proven included; status 200 with verified receipts', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'b1' }, batch(THREE));
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.kind).toBe('calls');
    const calls = view.details.calls as { tx: { nonce: string; gasLimit: string }; gasSource: string }[];
    expect(calls.map((c) => c.tx.nonce)).toEqual(['5', '6', '7']);
    // Later calls' limits come from the batch's own simulation, run again with them.
    expect(calls.map((c) => c.tx.gasLimit)).toEqual(['21000', '60000', '60000']);
    expect(calls.map((c) => c.gasSource)).toEqual(['verified-estimate', 'verified-estimate', 'verified-estimate']);
    expect(simulated.map((s) => s.length)).toEqual([3, 3]);
    expect(simulated[1]!.map((r) => r.gasLimit)).toEqual([21000n, 60000n, 60000n]);
    expect(view.details.verdict).toMatchObject({ ok: true });
    await wallet.approvals.resolve(view.id, true);
    const { id } = await sent;
    expect(id).toBe(`0x${view.id}`);
    expect(distinct()).toBe(1);

    const status = () => wallet.requests.getCallsStatus(APP, id);
    expect(await status()).toMatchObject({ version: '2.0.0', id, chainId: '0x7a69', status: 100, atomic: false, receipts: [] });
    // Not included yet: nothing more goes out however often the activity runs.
    await wallet.activity.track();
    expect(distinct()).toBe(1);
    const first = mine('0x1', 101);
    await wallet.activity.track();
    expect(distinct()).toBe(2);
    expect((await status()).capabilities.vigil.calls.map((c) => c.state)).toEqual(['included', 'pending', 'waiting']);
    mine('0x1', 102);
    await wallet.activity.track();
    mine('0x1', 103);
    await wallet.activity.track();
    const done = await status();
    expect(done.status).toBe(200);
    expect(done.receipts.map((r) => r.blockNumber)).toEqual(['0x65', '0x66', '0x67']);
    expect(done.receipts[0]).toEqual({ logs: [{ address: TKA, topics: ['0x' + 'dd'.repeat(32)], data: '0x' }], status: '0x1', blockHash: blockHash(101), blockNumber: '0x65', gasUsed: '0x5208', transactionHash: first });
    // The sent bytes: nonces 5, 6, 7, each in the activity once, no bytes left in the batch.
    const rows = await Promise.all(done.capabilities.vigil.calls.map((c) => repo.getActivity(c.transactionHash!)));
    expect(rows.map((r) => r?.nonce)).toEqual(['5', '6', '7']);
    expect(rows.map((r) => r?.summary)).toEqual(['Send 0.000000000000000001 ETH (1 of 3)', 'Token transfer (2 of 3)', 'Contract call (3 of 3)']);
    expect((await repo.batches.get(APP, id))!.calls.every((c) => c.raw === undefined)).toBe(true);
  });

  it('a call that reverts on chain stops the rest: never sent, their bytes erased, status 500 (600 once an earlier call is included)', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'b2' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    mine('0x0', 101);
    await wallet.activity.track();
    await wallet.activity.track();
    expect(distinct()).toBe(1);
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s.status).toBe(500);
    expect(s.receipts.map((r) => r.status)).toEqual(['0x0']);
    expect(s.capabilities.vigil).toEqual({ calls: [{ state: 'reverted', transactionHash: s.receipts[0]!.transactionHash }, { state: 'not-sent' }, { state: 'not-sent' }], stopped: { call: 1, reason: 'call 1 of 3 reverted on chain' } });
    expect((await repo.batches.get(APP, id))!.calls.every((c) => c.raw === undefined)).toBe(true);

    // The second batch (the reverted call used nonce 5): its first call included, its second would now fail: 600, the third never sent.
    world.nonce = 6n;
    const again = wallet.requests.sendCalls({ origin: APP, requestKey: 'b3' }, batch(THREE, { id: 'mine-1' }));
    await wallet.approvals.resolve(await opened(world, 2), true);
    expect(await again).toEqual({ id: 'mine-1' });
    mine('0x1', 102);
    script.push({ fail: 0 });
    await wallet.activity.track();
    const partial = await wallet.requests.getCallsStatus(APP, 'mine-1');
    expect(partial.status).toBe(600);
    expect(partial.capabilities.vigil.stopped).toEqual({ call: 1, reason: 'call 2 of 3 would fail at block 102: VigilToken: balance too low' });
    expect(distinct()).toBe(2);
  });

  it('a later call that would now give the user less than when the batch was signed is not sent: the batch stops and says why', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'b8' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    // Taken before the first call went out: what calls 2-3 and 3 were to do.
    expect((await repo.batches.get(APP, id))!.expected).toHaveLength(2);
    mine('0x1', 101);
    // 994 of 1000 TKA is more than 0.5% less.
    script.push({ received: '994' });
    await wallet.activity.track();
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s.status).toBe(600);
    expect(s.capabilities.vigil.stopped).toEqual({ call: 1, reason: `call 2 of 3 was not sent: at block 101 the calls left would do something else than when you approved (you would receive less of ${TKA} (994 instead of 1000))` });
    expect(distinct()).toBe(1);
    // Within the tolerance (996 of 1000), the next batch goes on.
    world.nonce = 6n;
    const again = wallet.requests.sendCalls({ origin: APP, requestKey: 'b9' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 2), true);
    await again;
    mine('0x1', 102);
    script.push({ received: '996' });
    await wallet.activity.track();
    expect(distinct()).toBe(3);
  });

  it('a call whose nonce another transaction used stops the batch: status 400 when nothing of it reached the chain', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'b4' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    // Nonce 5 used at block 101 by a transaction the wallet did not sign.
    world.headNumber = 101;
    world.nonceFrom = [{ block: 101, nonce: 6n }];
    world.blocks.set(101, [{ hash: '0x' + 'ee'.repeat(32), from: FROM, nonce: 5n, status: 1, gasUsed: 21000n }]);
    await wallet.activity.track();
    await wallet.activity.track();
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s.status).toBe(400);
    expect(s.capabilities.vigil.stopped?.reason).toBe('call 1 of 3 was never included: another transaction used its nonce');
    expect(distinct()).toBe(1);
  });

  it('a restarted wallet goes on from the stored batch, sending the bytes signed at approval', async () => {
    const first = await connected(world, { previewTransactions: preview });
    const sent = first.wallet.requests.sendCalls({ origin: APP, requestKey: 'b5' }, batch(THREE.slice(0, 2)));
    await first.wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    const stored = (await first.repo.batches.get(APP, id))!;
    mine('0x1', 101);
    const second = await setup(world, { repo: first.repo, session: first.session, db: first.db }, { previewTransactions: preview });
    await second.wallet.activity.track();
    expect(distinct()).toBe(2);
    expect(hashOf(world.sent.at(-1)!)).toBe(stored.calls[1]!.hash);
  });

  it('refuses what Vigil cannot do with the EIP-5792 codes, before any window', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const code = async (params: unknown, origin = APP) => toProviderError(await wallet.requests.sendCalls({ origin }, params).catch((e: unknown) => e)).code;
    expect(await code(batch(THREE, { atomicRequired: true }))).toBe(5760);
    expect(await code(batch(THREE, { capabilities: { paymasterService: { url: 'https://pm.example' } } }))).toBe(5700);
    expect(await code(batch([{ to: RECIPIENT, value: '0x1', capabilities: { auxiliaryFunds: {} } }]))).toBe(5700);
    expect(await code(batch(THREE, { chainId: '0x1' }))).toBe(5710);
    expect(await code(batch(Array.from({ length: 11 }, () => ({ to: RECIPIENT, value: '0x1' }))))).toBe(5740);
    expect(await code(batch(THREE, { version: '1.0' }))).toBe(-32602);
    expect(await code(batch([]))).toBe(-32602);
    expect(await code(batch(THREE), OTHER)).toBe(4100);
    expect(world.opened).toHaveLength(1);
    // One call is atomic by itself; an optional capability is simply not used.
    const one = wallet.requests.sendCalls({ origin: APP, requestKey: 'b6' }, batch([{ to: RECIPIENT, value: '0x1' }], { atomicRequired: true, capabilities: { paymasterService: { url: 'https://pm.example', optional: true } }, id: 'dup' }));
    await wallet.approvals.resolve(await opened(world, 1), true);
    expect(await one).toEqual({ id: 'dup' });
    expect(await code(batch([{ to: RECIPIENT, value: '0x2' }], { id: 'dup' }))).toBe(5720);
    // Another site's batch, or none: 5730.
    const unknown = (origin: string, id: string) => wallet.requests.getCallsStatus(origin, id).catch((e: unknown) => toProviderError(e).code);
    expect(await unknown(OTHER, 'dup')).toBe(5730);
    expect(await unknown(APP, '0x' + '00'.repeat(32))).toBe(5730);
  });

  it('refuses a batch whose simulation fails, naming the call, and opens no window', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    script.push({ fail: 1 });
    const err = await wallet.requests.sendCalls({ origin: APP }, batch(THREE)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WOULD_REVERT', shortMessage: 'call 2 of 3 fails on the verified state of block 100: VigilToken: balance too low' });
    expect(world.opened).toHaveLength(1);
    expect(world.sent).toEqual([]);
  });

  it('answers wallet_getCapabilities for the accounts the site holds: atomic batches unsupported', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    expect(await wallet.requests.getCapabilities(APP, FROM, undefined)).toEqual({ '0x7a69': { atomic: { status: 'unsupported' } } });
    expect(await wallet.requests.getCapabilities(APP, undefined, [31337n, 1n])).toEqual({ '0x7a69': { atomic: { status: 'unsupported' } } });
    expect(toProviderError(await wallet.requests.getCapabilities(OTHER, FROM, undefined).catch((e: unknown) => e)).code).toBe(4100);
  });

  /** The nonce the window gives a send from the page made now. */
  const nextNonce = async (wallet: Awaited<ReturnType<typeof connected>>['wallet'], key: string) => {
    void wallet.requests.sendTransaction({ origin: APP, requestKey: key }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch(() => {});
    const view = await wallet.approvals.get(await opened(world, world.opened.length));
    await wallet.approvals.resolve(view.id, false);
    world.now += 60_000; // past the site's cool-down after that rejection
    return (view.details.tx as { nonce: string }).nonce;
  };

  it("counts the calls signed for later as pending: a send made while they wait takes the nonce after them, never one of theirs", async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'n1' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    await sent;
    // Call 1 (nonce 5) is out; calls 2 and 3 (6 and 7) wait for it.
    expect(await nextNonce(wallet, 'n1-send')).toBe('8');
    mine('0x1', 101);
    world.nonce = 6n;
    await wallet.activity.track();
    // Call 2 out, call 3 waiting: still 8.
    expect(await nextNonce(wallet, 'n1-send-2')).toBe('8');
  });

  it('expires an hour after approval: the calls not sent are erased, the status says why, and their nonces are free again', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const approvedAt = world.now;
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'e1' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    expect((await repo.batches.get(APP, id))!.expiresAt).toBe(approvedAt + 60 * 60_000);
    // 59 minutes on, call 1 included: call 2 goes out.
    world.now = approvedAt + 59 * 60_000;
    mine('0x1', 101);
    await wallet.activity.track();
    expect(distinct()).toBe(2);
    // Past the hour, call 2 included: call 3 is never sent.
    world.now = approvedAt + 60 * 60_000;
    mine('0x1', 102);
    world.nonce = 7n;
    await wallet.activity.track();
    expect(distinct()).toBe(2);
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s.capabilities.vigil.stopped).toEqual({ call: 2, reason: expect.stringMatching(/^it expired at .* \(60 minutes after its approval\): the calls not sent were erased, never to be sent$/) });
    expect(s.capabilities.vigil.calls.map((c) => c.state)).toEqual(['included', 'included', 'not-sent']);
    expect((await repo.batches.get(APP, id))!.calls.every((c) => c.raw === undefined)).toBe(true);
    // Nonce 7 was call 3's: free again.
    expect(await nextNonce(wallet, 'e1-send')).toBe('7');
  });

  it("counts an expired batch's calls as free even before the app host erased them, and never sends one past its expiry", async () => {
    const { wallet, repo, db } = await connected(world, { previewTransactions: preview, batchExpiryMinutes: () => 10 });
    const approvedAt = world.now;
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'e2' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    const row = (await repo.batches.get(APP, id))!;
    expect(row.expiresAt).toBe(approvedAt + 10 * 60_000);
    world.now = approvedAt + 10 * 60_000;
    // The service worker picks a nonce before the app host ran: calls 2 and 3 no longer hold 6 and 7.
    expect(await nextNonce(wallet, 'e2-send')).toBe('6');
    // The app host's write that marks a call sent refuses an expired batch (nothing written, nothing sent).
    const store = new CallBatchStore(db);
    let recorded = 0;
    expect(await store.claim(row.key, 1, (r) => world.now < r.expiresAt!, async () => void recorded++, world.now)).toBe(false);
    expect(recorded).toBe(0);
    expect((await repo.batches.get(APP, id))!.sent).toBe(1);
  });

  it('a change of network erases the calls not sent, and the status says so', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'c1' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    world.network = { id: 'other-devnet', chainId: 31337, name: 'Other devnet' };
    world.now += 1000;
    await wallet.activity.track();
    mine('0x1', 101);
    await wallet.activity.track();
    expect(distinct()).toBe(1);
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s.capabilities.vigil.stopped).toEqual({ call: 1, reason: 'the network changed from devnet to other-devnet: the calls not sent were erased, never to be sent' });
    expect((await repo.batches.get(APP, id))!.calls.every((c) => c.raw === undefined)).toBe(true);
  });

  /**
   * Audit F2: a send approved while calls 2-3 wait takes nonce 8; then the batch stops with 6 and 7
   * never sent. Before fillers, 8 could never be included and every later send, speed-up and cancel
   * was refused for the gap.
   */
  const strandedScenario = async (stop: 'would-fail' | 'expiry' | 'network', options: Parameters<typeof connected>[1] = {}) => {
    const s = await connected(world, { previewTransactions: preview, ...options });
    const approvedAt = world.now;
    const sent = s.wallet.requests.sendCalls({ origin: APP, requestKey: `f2-${stop}` }, batch(THREE));
    await s.wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    const call1 = hashOf(world.sent[0]!);
    const other = s.wallet.requests.sendTransaction({ origin: APP, requestKey: `f2-${stop}-send` }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    const view = await s.wallet.approvals.get(await opened(world, 2));
    // Still above the calls waiting: a batch's reserved nonces are never taken.
    expect((view.details.tx as { nonce: string }).nonce).toBe('8');
    await s.wallet.approvals.resolve(view.id, true);
    const stuck = await other;
    // Call 1 included; then the batch stops before call 2.
    world.headNumber = 101;
    world.receipts.set(call1, { blockNumber: '0x65', blockHash: blockHash(101), gasUsed: '0x5208', status: '0x1', logs: [] } as never);
    world.nonce = 6n;
    if (stop === 'would-fail') script.push({ fail: 0 });
    if (stop === 'expiry') {
      // An hour on, with a head as fresh as ever.
      world.now = approvedAt + 60 * 60_000;
      world.head = { ...world.head!, head: { ...world.head!.head, timestamp: BigInt(world.now / 1000 - 4) } };
    }
    if (stop === 'network') {
      world.network = { id: 'other-devnet', chainId: 31337, name: 'Other devnet' };
      world.now += 1000;
      await s.wallet.activity.track();
    }
    await s.wallet.activity.track();
    return { ...s, id, stuck };
  };

  /** This sender's unsettled nonces in the activity, ascending. */
  const unsettledNonces = async (repo: Awaited<ReturnType<typeof connected>>['repo']) => (await repo.unsettled(31337, FROM)).map((r) => Number(r.nonce)).sort((a, b) => a - b);

  for (const stop of ['would-fail', 'expiry', 'network'] as const) {
    it(`a batch stopped (${stop}) under a send made while it waited strands nothing: its fillers take the unused nonces, the send goes in as signed, and the account takes the next send, a cancel and a restart`, async () => {
      const { wallet, repo, session, db, id, stuck } = await strandedScenario(stop);
      const status = await wallet.requests.getCallsStatus(APP, id);
      expect(status.status).toBe(600);
      expect(status.capabilities.vigil.calls.map((c) => c.state)).toEqual(['included', 'not-sent', 'not-sent']);
      // The calls' own bytes are gone; the fillers of calls 2 and 3 went out in their place.
      const row = (await repo.batches.get(APP, id))!;
      expect(row.calls.every((c) => c.raw === undefined && c.filler?.raw === undefined)).toBe(true);
      const fillers = await Promise.all(row.calls.slice(1).map((c) => repo.getActivity(c.filler!.hash)));
      expect(fillers.map((f) => [f?.nonce, f?.to?.toLowerCase(), f?.value, f?.status, f?.summary])).toEqual([
        ['6', FROM, '0', 'pending', 'Filler for nonce 6: call 2 of 3 was not sent'],
        ['7', FROM, '0', 'pending', 'Filler for nonce 7: call 3 of 3 was not sent'],
      ]);
      expect(world.sent.map(hashOf)).toEqual(expect.arrayContaining(row.calls.slice(1).map((c) => c.filler!.hash)));
      // Every transaction the wallet signed can be included: its pending nonces run on from the proven one.
      expect(await unsettledNonces(repo)).toEqual([6, 7, 8]);
      expect((await repo.getActivity(stuck))!.status).toBe('pending');

      // The next send is accepted, at the nonce after them.
      let window = world.opened.length;
      const next = wallet.requests.sendTransaction({ origin: APP, requestKey: `f2-${stop}-next` }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
      const nextView = await wallet.approvals.get(await opened(world, window));
      expect((nextView.details.tx as { nonce: string }).nonce).toBe('9');
      await wallet.approvals.resolve(nextView.id, true);
      expect(typeof (await next)).toBe('string');
      // So is a cancel of the send that waited (a replacement at its nonce).
      window = world.opened.length;
      const cancel = wallet.requests.replace(stuck, 'cancel');
      const cancelView = await wallet.approvals.get(await opened(world, window));
      expect(cancelView.details.tx).toMatchObject({ nonce: '8', value: '0' });
      await wallet.approvals.resolve(cancelView.id, true);
      expect(typeof (await cancel)).toBe('string');

      // A restart (a fresh wallet over the same stores): the same nonces held, no filler sent twice.
      const before = distinct();
      const again = await setup(world, { repo, session, db }, { previewTransactions: preview });
      await again.wallet.activity.track();
      expect(distinct()).toBe(before);
      expect(await unsettledNonces(repo)).toEqual([6, 7, 8, 8, 9]);

      // Fillers and the send included: the send's own bytes, as approved.
      world.headNumber = 102;
      for (const hash of [...row.calls.slice(1).map((c) => c.filler!.hash), stuck]) world.receipts.set(hash, { blockNumber: '0x66', blockHash: blockHash(102), gasUsed: '0x5208', status: '0x1' });
      world.nonce = 9n;
      await again.wallet.activity.track();
      expect((await repo.getActivity(stuck))!.status).toBe('included');
    });
  }

  it('counts a stopped batch\'s due fillers when the next nonce is chosen, before the app host sent them; with nothing above, its nonces are free', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview, batchExpiryMinutes: () => 10 });
    const approvedAt = world.now;
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'f3' }, batch(THREE));
    await wallet.approvals.resolve(await opened(world, 1), true);
    await sent;
    const other = wallet.requests.sendTransaction({ origin: APP, requestKey: 'f3-send' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    await wallet.approvals.resolve(await opened(world, 2), true);
    await other;
    // Expired, not yet stopped by the app host: 6 and 7 are its fillers' (8 waits above), so the next is 9.
    world.now = approvedAt + 10 * 60_000;
    expect(await nextNonce(wallet, 'f3-next')).toBe('9');
    expect(await unsettledNonces(repo)).toEqual([5, 8]);
  });

  it('keeps the status a site reads its own: CallsStatus has no other origin', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'b7' }, batch(THREE.slice(0, 1)));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    const s: CallsStatus = await wallet.requests.getCallsStatus(APP, id);
    expect(s.capabilities.vigil.calls).toHaveLength(1);
    expect(toProviderError(await wallet.requests.getCallsStatus(OTHER, id).catch((e: unknown) => e)).code).toBe(5730);
  });
});

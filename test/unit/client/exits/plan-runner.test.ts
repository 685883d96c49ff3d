/**
 * The real rollups' exit runner (src/client/exits/plan-runner.ts) driving a toy ExitPlan written
 * here: its `need` rounds (L1 slots and code proven at the head, the code hashed against the
 * proven code hash; an L2 hint left absent when the L2 RPC fails; an L2 transaction signed by the
 * wallet key), a send signed with the plan's summary and saved with its bytes before they are
 * broadcast, a restart that broadcasts the same bytes again and never signs a second one, a
 * reverted receipt handed to the plan, errors of the deps leaving the saved record as it was.
 */
import { describe, expect, it } from 'vitest';
import type { SignedExitTx } from '../../../../src/client/exits/needs.ts';
import { type ExitPlanRunnerDeps, MAX_NEED_ROUNDS, REPLACE_AFTER_BLOCKS, tickExitPlan } from '../../../../src/client/exits/plan-runner.ts';
import type { UserReplacement } from '../../../../src/client/wallet/own-transactions.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import type { AcceptedState } from '../../../../src/l2/adapter.ts';
import { type ExitInputs, type ExitPlan, type ExitPlanRecord, type ExitReceiptFacts, exitEnded, MAX_EXIT_REVERTS } from '../../../../src/l2/exit-plan.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { signTransaction } from '../../../../src/wallet/transaction.ts';
import { decodeTransaction } from '../../../../src/execution/transactions.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { replacementFees } from '../../../../src/wallet/replacement-fees.ts';
import { CODE, CODE_HASH, CONFIG, DELAY, OWNER, PORTAL, SLOT0, T0, type Toy, toyPlan } from './toy-exit-plan.ts';

/** A finalized block above every head of these tests. */
const ALL_FINAL = 1n << 62n;

const head = (n: number, timestamp = T0 + BigInt(n) * 12n): L1HeadRef => ({ blockNumber: BigInt(n), blockHash: '0x' + n.toString(16).padStart(64, '0'), stateRoot: '0x' + '22'.repeat(32), timestamp });

/** The chain and the wallet the runner talks to, logging every call in order. */
function world(over: Partial<ExitPlanRunnerDeps> = {}) {
  const log: string[] = [];
  const receipts = new Map<string, ExitReceiptFacts>();
  const saved: { record: ExitPlanRecord; signed?: SignedExitTx }[] = [];
  const signedTxs: Parameters<ExitPlanRunnerDeps['sign']>[0][] = [];
  const l2Signed: [string, unknown][] = [];
  let code: Uint8Array = CODE;
  let n = 0;
  const deps: ExitPlanRunnerDeps = {
    // Every head final unless a test says otherwise: an exit's end is then for good at once.
    finalizedBlockNumber: () => ALL_FINAL,
    blockHashAt: async () => Promise.reject(new Error('not asked: every head is final here')),
    async readStorage(h, address, keys) {
      log.push(`storage ${address.slice(0, 6)} ${keys.length} @${h.blockNumber}`);
      return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])) };
    },
    async readCode(_h, address) {
      log.push(`code ${address.slice(0, 6)}`);
      return code;
    },
    async receipt(hash) {
      log.push(`receipt ${hash.slice(-2)}`);
      return receipts.get(hash) ?? null;
    },
    async l2Call(method, params) {
      log.push(`l2 ${method}`);
      expect(params).toEqual([OWNER]);
      return '1000';
    },
    async signL2(from, tx) {
      log.push(`signL2 ${tx.label}`);
      l2Signed.push([from, tx]);
      return { hash: '0x' + 'e2'.repeat(32), raw: '0x02l2raw' };
    },
    async sign(tx) {
      log.push(`sign ${tx.summary}`);
      signedTxs.push(tx);
      n++;
      return { hash: '0x' + 'AB'.repeat(31) + n.toString(16).padStart(2, '0'), raw: `0x02raw${n}` };
    },
    async broadcast(raw) {
      log.push(`broadcast ${raw}`);
    },
    async save(record, signed) {
      log.push(`save ${record.step}${signed ? ' +raw' : ''}`);
      saved.push({ record: structuredClone(record), ...(signed ? { signed } : {}) });
    },
    ...over,
  };
  return {
    deps,
    log,
    receipts,
    saved,
    signedTxs,
    l2Signed,
    setCode: (c: Uint8Array) => void (code = c),
    mine: (hash: string, status = '0x1') => receipts.set(hash, { status, blockNumber: '0x10', logs: [] }),
  };
}

const start = () => toyPlan().start(CONFIG, { owner: OWNER, amount: 1000n, balance: 5000n, now: Number(T0) });

describe('tickExitPlan', () => {
  it('gathers each need at the head (slots and code proven, the L2 hint, the L2 tx signed), then signs, saves with the bytes, and only then broadcasts', async () => {
    const w = world();
    const seen: ExitInputs[] = [];
    const tick = await tickExitPlan(w.deps, toyPlan(seen), CONFIG, start(), head(1));
    expect(tick.rounds).toBe(3);
    expect(w.log).toEqual([
      `storage ${PORTAL.slice(0, 6)} 1 @1`,
      `code ${PORTAL.slice(0, 6)}`,
      'l2 toy_amount',
      'signL2 withdraw',
      'sign Force the withdrawal in through L1',
      'save initiating +raw',
      'broadcast 0x02raw1',
    ]);
    // Every round saw the same head, and what earlier rounds gathered.
    expect(seen.map((i) => i.head.blockNumber)).toEqual([1n, 1n, 1n]);
    expect(seen[2]!.l1.accounts.get(PORTAL)!.code).toEqual(CODE);
    expect(seen[2]!.l2.get('hint')).toBe('1000');
    expect(w.l2Signed).toEqual([[OWNER, expect.objectContaining({ label: 'withdraw', chainId: 10, value: 1000n })]]);
    // The L1 tx carries the signed L2 bytes, from the owner, with the plan's summary.
    expect(w.signedTxs).toEqual([{ from: OWNER, to: PORTAL, value: 0n, data: '0x02l2raw', summary: 'Force the withdrawal in through L1' }]);
    const hash = '0x' + 'ab'.repeat(31) + '01';
    expect(tick.sent).toEqual({ label: 'initiate', hash });
    expect(tick.record.sent.initiate).toEqual({ hash, at: Number(head(1).timestamp), block: '1' });
    expect(tick.record.facts).toEqual({ delay: String(DELAY), l2Hash: '0x' + 'e2'.repeat(32) });
    expect(w.saved).toEqual([{ record: tick.record, signed: { hash, raw: '0x02raw1' } }]);
  });

  it('drives the whole exit: receipt, the proven delay waited with its time, finalize, done', async () => {
    const w = world();
    const plan = toyPlan();
    let record = (await tickExitPlan(w.deps, plan, CONFIG, start(), head(1))).record;
    // No receipt yet: waits, saves nothing, signs nothing.
    w.log.length = 0;
    let tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(2));
    expect(tick.action).toEqual({ kind: 'wait', reason: 'waiting for the receipt' });
    expect(w.log).toEqual(['receipt 01']);
    w.mine(record.sent.initiate!.hash);
    tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(3));
    const readyAt = Number(head(3).timestamp + DELAY);
    expect(tick.action).toEqual({ kind: 'wait', reason: 'the challenge period', until: readyAt });
    record = tick.record;
    expect(record.step).toBe('waiting');
    expect(w.saved.at(-1)!.record.step).toBe('waiting');
    tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(4, BigInt(readyAt - 1)));
    expect(tick.action.kind).toBe('wait');
    expect(tick.record).toBe(record);
    tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(5, BigInt(readyAt)));
    expect(tick.sent?.label).toBe('finalize');
    w.mine(tick.record.sent.finalize!.hash);
    tick = await tickExitPlan(w.deps, plan, CONFIG, tick.record, head(6, BigInt(readyAt + 12)));
    expect(tick.record.step).toBe('done');
    expect(tick.action).toEqual({ kind: 'done' });
    expect(w.signedTxs.map((t) => t.summary)).toEqual(['Force the withdrawal in through L1', 'Finalize the withdrawal']);
    // A terminal record reads nothing.
    w.log.length = 0;
    expect(await tickExitPlan(w.deps, plan, CONFIG, tick.record, head(7))).toEqual({ record: tick.record, action: { kind: 'done' }, rounds: 0 });
    expect(w.log).toEqual([]);
  });

  it('hands the plan the verified receipts of every sent hash, and the follow at this head when there is one', async () => {
    const accepted: AcceptedState = { root: 1n, batch: 2n, acceptedAt: 3n, status: 'claimed' };
    const followed = { accepted, proven: { blockNumber: 9n, blockHash: head(9).blockHash, timestamp: head(9).timestamp, accounts: new Map() } };
    const asked: bigint[] = [];
    const seen: ExitInputs[] = [];
    const w = world({ followed: async (h) => (asked.push(h.blockNumber), followed) });
    const record: ExitPlanRecord = { ...start(), step: 'finalizing', sent: { initiate: { hash: '0x' + '01'.repeat(32), at: 1 }, finalize: { hash: '0x' + '02'.repeat(32), at: 2 } } };
    w.mine('0x' + '01'.repeat(32));
    await tickExitPlan(w.deps, toyPlan(seen), CONFIG, record, head(9));
    expect(asked).toEqual([9n]);
    expect(seen[0]!.followed).toBe(followed);
    expect([...seen[0]!.receipts.keys()]).toEqual(['0x' + '01'.repeat(32)]);
    expect(seen[0]!.now).toBe(Number(head(9).timestamp));
    // A follow that failed at this head is left out, not fatal.
    const failing = world({ followed: async () => Promise.reject(new VerificationError('OP_NO_VALID_GAME', 'no game')) });
    const seen2: ExitInputs[] = [];
    await tickExitPlan(failing.deps, toyPlan(seen2), CONFIG, record, head(9));
    expect('followed' in seen2[0]!).toBe(false);
  });

  it('refuses code that does not hash to the proven code hash: nothing signed, nothing saved', async () => {
    const w = world();
    w.setCode(new Uint8Array([0x60, 0x80, 0x60, 0x40, 0x53]));
    const err = await tickExitPlan(w.deps, toyPlan(), CONFIG, start(), head(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(w.signedTxs).toEqual([]);
    expect(w.saved).toEqual([]);
  });

  it('leaves a failed L2 hint absent (the plan decides: here it waits), and one with no L2 RPC too', async () => {
    for (const over of [{ l2Call: async () => Promise.reject(new TransportError('TIMEOUT', 'slow')) }, { l2Call: undefined }]) {
      const w = world(over as Partial<ExitPlanRunnerDeps>);
      const seen: ExitInputs[] = [];
      const tick = await tickExitPlan(w.deps, toyPlan(seen), CONFIG, start(), head(1));
      expect(tick.action).toEqual({ kind: 'wait', reason: 'the L2 RPC did not say where the withdrawal is' });
      expect(seen[1]!.l2.has('hint')).toBe(false);
      expect(w.signedTxs).toEqual([]);
      expect(w.saved).toEqual([]);
    }
  });

  it('hands a lying hint to the plan, which refuses it: the record keeps its error, nothing signed', async () => {
    const w = world({ l2Call: async () => '999999' });
    const tick = await tickExitPlan(w.deps, toyPlan(), CONFIG, start(), head(1));
    expect(tick.record.error?.code).toBe('HINT_REFUSED');
    expect(w.signedTxs).toEqual([]);
    expect(w.saved.map((s) => s.record.error?.code)).toEqual(['HINT_REFUSED']);
  });

  it('after a restart: the saved bytes go out again while no receipt shows them; nothing is signed again', async () => {
    const w = world();
    const plan = toyPlan();
    const first = await tickExitPlan(w.deps, plan, CONFIG, start(), head(1));
    const { record, signed } = w.saved.at(-1)!;
    // A new background: the record and its bytes as saved.
    const restarted = world({ pending: signed! });
    const tick = await tickExitPlan(restarted.deps, plan, CONFIG, record, head(2));
    expect(tick.rebroadcast).toBe(first.sent!.hash);
    expect(restarted.log).toEqual([`receipt 01`, 'broadcast 0x02raw1']);
    expect(restarted.signedTxs).toEqual([]);
    // A failing rebroadcast is the next head's to retry, not an error of the tick.
    const offline = world({ pending: signed!, broadcast: async () => Promise.reject(new TransportError('NETWORK', 'down')) });
    expect((await tickExitPlan(offline.deps, plan, CONFIG, record, head(3))).action.kind).toBe('wait');
    // Once the receipt is verified, the bytes are not sent again.
    restarted.mine(first.sent!.hash);
    restarted.log.length = 0;
    const after = await tickExitPlan(restarted.deps, plan, CONFIG, record, head(4));
    expect(after.rebroadcast).toBeUndefined();
    expect(restarted.log.filter((l) => l.startsWith('broadcast'))).toEqual([]);
  });

  it('never signs a second transaction for a step whose first has no receipt, whatever the plan says', async () => {
    const w = world();
    const record: ExitPlanRecord = { ...start(), step: 'waiting', facts: { readyAt: '0' }, sent: { finalize: { hash: '0x' + '0f'.repeat(32), at: 1 } } };
    const tick = await tickExitPlan(w.deps, toyPlan(), CONFIG, record, head(1));
    expect(tick.action).toEqual({ kind: 'wait', reason: `waiting for the receipt of ${'0x' + '0f'.repeat(32)} (finalize) in a verified block` });
    expect(w.signedTxs).toEqual([]);
    // With its receipt verified (e.g. reverted), a fresh one may be sent.
    w.mine('0x' + '0f'.repeat(32), '0x0');
    expect((await tickExitPlan(w.deps, toyPlan(), CONFIG, record, head(2))).sent?.label).toBe('finalize');
  });

  it('hands a reverted receipt to the plan: an error, a revert counted, a fresh transaction at the next head, failed at the limit', async () => {
    const w = world();
    const plan = toyPlan();
    let record = (await tickExitPlan(w.deps, plan, CONFIG, start(), head(1))).record;
    for (let i = 1; i <= MAX_EXIT_REVERTS; i++) {
      w.mine(record.sent.initiate!.hash, '0x0');
      const tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(10 * i));
      expect(tick.record.reverts).toBe(i);
      expect(tick.record.error?.code).toBe('EXIT_TX_REVERTED');
      record = tick.record;
      if (i < MAX_EXIT_REVERTS) {
        expect(record.step).toBe('prove');
        const resent = await tickExitPlan(w.deps, plan, CONFIG, record, head(10 * i + 1));
        expect(resent.sent?.label).toBe('initiate');
        expect(resent.record.sent.initiate!.hash).not.toBe(record.sent.initiate!.hash);
        record = resent.record;
      }
    }
    expect(record.step).toBe('failed');
    expect(w.signedTxs.length).toBe(MAX_EXIT_REVERTS);
  });

  it("leaves the saved record as it was when a dep fails: a refused signature saves nothing; a failed broadcast after the save throws with the bytes saved", async () => {
    const refused = world({ sign: async () => Promise.reject(new Error('locked')) });
    await expect(tickExitPlan(refused.deps, toyPlan(), CONFIG, start(), head(1))).rejects.toThrow('locked');
    expect(refused.saved).toEqual([]);
    const offline = world({ broadcast: async () => Promise.reject(new TransportError('NETWORK', 'down')) });
    await expect(tickExitPlan(offline.deps, toyPlan(), CONFIG, start(), head(1))).rejects.toMatchObject({ code: 'NETWORK' });
    expect(offline.saved.map((s) => [s.record.step, s.signed?.raw])).toEqual([['initiating', '0x02raw1']]);
  });

  it('gives up at a head when the plan keeps needing more, or asks again for what could not be had', async () => {
    let k = 0n;
    const greedy: ExitPlan<Toy> = { ...toyPlan(), advance: (_c, r) => ({ record: r, action: { kind: 'need', l1: [{ address: PORTAL, slots: [{ slot: k++ }] }] } }) };
    const w = world();
    const err = await tickExitPlan(w.deps, greedy, CONFIG, start(), head(1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_AVAILABLE' });
    expect(w.log.filter((l) => l.startsWith('storage')).length).toBe(MAX_NEED_ROUNDS - 1);
    const stubborn: ExitPlan<Toy> = { ...toyPlan(), advance: (_c, r) => ({ record: r, action: { kind: 'need', l2: [{ key: 'x', method: 'toy_x', params: [] }] } }) };
    const down = world({ l2Call: async () => Promise.reject(new TransportError('TIMEOUT', 'slow')) });
    const again = await tickExitPlan(down.deps, stubborn, CONFIG, start(), head(1)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TransportError);
    expect((again as TransportError).shortMessage).toContain("the L2 RPC's toy_x (x)");
    expect(down.saved).toEqual([]);
  });

  it("asks a request naming a URL of the indexer by HTTP GET (absent when it fails), and hands the head's base fee when known", async () => {
    const gets: string[] = [];
    const seen: ExitInputs[] = [];
    const indexed: ExitPlan<Toy> = {
      ...toyPlan(),
      advance: (_c, r, i) => {
        seen.push(i);
        if (!i.l2.has('proof') && seen.length === 1) return { record: r, action: { kind: 'need', l2: [{ key: 'proof', method: 'GET', params: [], url: 'https://indexer.example/proof?owner=1' } as never] } };
        return { record: r, action: { kind: 'wait', reason: String(i.l2.get('proof') ?? 'none') } };
      },
    };
    const w = world({ httpGet: async (url) => (gets.push(url), { proof: 1 }), baseFeePerGas: () => 7n, l2Call: async () => Promise.reject(new Error('not the L2 RPC')) });
    const tick = await tickExitPlan(w.deps, indexed, CONFIG, start(), head(1));
    expect(gets).toEqual(['https://indexer.example/proof?owner=1']);
    expect(seen[1]!.l2.get('proof')).toEqual({ proof: 1 });
    expect((seen[0]!.head as { baseFeePerGas?: bigint }).baseFeePerGas).toBe(7n);
    expect(tick.action.kind).toBe('wait');
    seen.length = 0;
    const down = world({ httpGet: async () => Promise.reject(new TransportError('HTTP_STATUS', '502')) });
    // Nothing new came: the tick stops (NOT_AVAILABLE, naming what) rather than ask the plan the same again.
    await expect(tickExitPlan(down.deps, indexed, CONFIG, start(), head(1))).rejects.toMatchObject({ code: 'NOT_AVAILABLE', shortMessage: expect.stringContaining("the indexer's answer (proof)") });
    expect('baseFeePerGas' in seen[0]!.head).toBe(false);
  });

  it('keeps each receipt it proved: a final one is not proven again, a reorged-out one is forgotten', async () => {
    let finalized: bigint | undefined = 0x0fn;
    const w = world({ finalizedBlockNumber: () => finalized });
    const plan = toyPlan();
    let record = (await tickExitPlan(w.deps, plan, CONFIG, start(), head(1))).record;
    const hash = record.sent.initiate!.hash;
    w.mine(hash);
    // Its block (0x10) is above the finalized one: kept, not final.
    let tick = await tickExitPlan(w.deps, plan, CONFIG, record, head(2));
    expect(tick.record.receipts).toEqual({ [hash.toLowerCase()]: { status: '0x1', blockNumber: '0x10', logs: [], final: false } });
    expect(w.saved.at(-1)!.record.receipts).toEqual(tick.record.receipts);
    // Reorged out before it was final: forgotten, and the plan sees the transaction unmined again.
    w.receipts.delete(hash);
    const back = await tickExitPlan(w.deps, plan, CONFIG, { ...tick.record, step: 'initiating' }, head(3));
    expect(back.record.receipts).toEqual({});
    expect(back.action).toEqual({ kind: 'wait', reason: 'waiting for the receipt' });
    // Mined again and finalized: kept as final, then read from the record only.
    w.mine(hash);
    finalized = 0x20n;
    record = (await tickExitPlan(w.deps, plan, CONFIG, back.record, head(4))).record;
    expect(record.receipts![hash.toLowerCase()]!.final).toBe(true);
    w.log.length = 0;
    w.receipts.delete(hash);
    tick = await tickExitPlan(w.deps, plan, CONFIG, { ...record, step: 'initiating' }, head(5));
    expect(w.log.filter((l) => l.startsWith('receipt'))).toEqual([]);
    expect(tick.record.step).toBe('waiting');
  });

  it('reads a kept receipt whose block is now too far below the head to prove, once the finalized head passed it; fails otherwise', async () => {
    const tooFar = async () => Promise.reject(new VerificationError('HEADER_TOO_FAR', 'block 16 is more than 8192 blocks below the nearest verified head'));
    const hash = '0x' + 'ab'.repeat(31) + '01';
    const sent: ExitPlanRecord = { ...start(), step: 'initiating', sent: { initiate: { hash, at: 1 } } };
    const kept = { [hash]: { status: '0x1', blockNumber: '0x10', logs: [], final: false } };
    // Kept, its block now at or below the finalized one: it stands, and becomes final.
    const resumed = world({ receipt: tooFar, finalizedBlockNumber: () => 0x10n });
    const tick = await tickExitPlan(resumed.deps, toyPlan(), CONFIG, { ...sent, receipts: kept }, head(9000));
    expect(tick.record.step).toBe('waiting');
    expect(tick.record.receipts![hash]!.final).toBe(true);
    // Not kept, or kept above the finalized block, or no finalized head known: the refusal is the tick's, nothing saved.
    for (const [record, finalized] of [
      [sent, 0x10n],
      [{ ...sent, receipts: kept }, 0x0fn],
      [{ ...sent, receipts: kept }, undefined],
    ] as const) {
      const w = world({ receipt: tooFar, finalizedBlockNumber: () => finalized });
      await expect(tickExitPlan(w.deps, toyPlan(), CONFIG, record, head(9000))).rejects.toMatchObject({ code: 'HEADER_TOO_FAR' });
      expect(w.saved).toEqual([]);
    }
  });

  it('forgets a sent transaction once the owner’s proven nonce passed its own and the block where it moved holds another (dropped or replaced), notes it, and plans its step again', async () => {
    const KEY = hexToBytes('0x' + '4c'.repeat(32));
    let ownerNonce = 7n;
    let signs = 0;
    /** The transaction the verified block where the nonce moved holds (its hash), as the nonce search finds it. */
    let usedBy: string | undefined;
    const w = world({
      async nonceUse(_owner, nonce, h) {
        w.log.push(`nonce use ${nonce} @${h.blockNumber}`);
        return usedBy === undefined ? undefined : { blockNumber: 3n, blockHash: '0x' + '33'.repeat(32), transaction: { hash: usedBy, from: OWNER, nonce, status: 1, gasUsed: 21000n } };
      },
      async readStorage(h, address, keys) {
        w.log.push(`storage ${address.slice(0, 6)} ${keys.length} @${h.blockNumber}`);
        return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])), nonce: address === OWNER ? ownerNonce : 0n };
      },
      async sign(tx) {
        w.signedTxs.push(tx);
        const signed = signTransaction({ type: 2, chainId: 1n, nonce: 7n + BigInt(signs++), gasLimit: 100_000n, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, to: tx.to as `0x${string}`, value: tx.value, data: new Uint8Array(0), accessList: [] }, KEY);
        return { hash: signed.hash, raw: signed.raw };
      },
    });
    const plan = toyPlan();
    const first = await tickExitPlan(w.deps, plan, CONFIG, start(), head(1));
    const hash = first.sent!.hash;
    expect(first.record.sent.initiate).toEqual({ hash, at: Number(head(1).timestamp), nonce: 7, block: '1' });
    // Its nonce not passed: it may still land; waited for.
    let tick = await tickExitPlan(w.deps, plan, CONFIG, first.record, head(2));
    expect(tick.action).toEqual({ kind: 'wait', reason: 'waiting for the receipt' });
    expect(tick.record.sent.initiate!.hash).toBe(hash);
    // Nonce 7 passed and no endpoint shows a receipt, but the block where it moved holds this very
    // transaction (the receipt hidden), or cannot be found: kept, waited for.
    ownerNonce = 8n;
    usedBy = hash;
    tick = await tickExitPlan(w.deps, plan, CONFIG, first.record, head(3));
    expect(tick.record.sent.initiate!.hash).toBe(hash);
    usedBy = undefined;
    tick = await tickExitPlan(w.deps, plan, CONFIG, first.record, head(3));
    expect(tick.record.sent.initiate!.hash).toBe(hash);
    // Used by another transaction: forgotten, the step planned again and signed anew.
    const other = '0x' + 'ab'.repeat(32);
    usedBy = other;
    w.log.length = 0;
    tick = await tickExitPlan(w.deps, plan, CONFIG, first.record, head(3));
    expect(w.log[0]).toBe('receipt ' + hash.slice(-2));
    expect(w.log[1]).toBe(`storage ${OWNER.slice(0, 6)} 0 @3`);
    expect(w.log[2]).toBe('nonce use 7 @3');
    expect(tick.record.history.some((e) => e.note === `initiate transaction ${hash} dropped or replaced: nonce 7 used by ${other} in block 3 (the owner's nonce is 8 at block 3); the step is planned again`)).toBe(true);
    expect(tick.sent?.label).toBe('initiate');
    expect(tick.sent?.hash).not.toBe(hash);
    expect(tick.record.sent.initiate).toMatchObject({ hash: tick.sent!.hash, nonce: 8 });
    expect(w.signedTxs).toHaveLength(2);
    // A transaction with its verified receipt is never taken for dropped, whatever the nonce.
    w.mine(tick.sent!.hash);
    ownerNonce = 100n;
    const mined = await tickExitPlan(w.deps, plan, CONFIG, tick.record, head(4));
    expect(mined.record.step).toBe('waiting');
  });

  it('never takes a transaction for dropped without its nonce, nor without a proven one', async () => {
    const w = world({
      async readStorage(_h, _a, keys) {
        return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])), nonce: 1000n };
      },
    });
    const plan = toyPlan();
    // The world's signer gives bytes that do not decode: no nonce recorded.
    const first = await tickExitPlan(w.deps, plan, CONFIG, start(), head(1));
    expect(first.record.sent.initiate).not.toHaveProperty('nonce');
    expect((await tickExitPlan(w.deps, plan, CONFIG, first.record, head(2))).record.sent.initiate).toEqual(first.record.sent.initiate);
    // A nonce known, but a source that proves none: kept.
    const known = { ...first.record, sent: { initiate: { ...first.record.sent.initiate!, nonce: 3 } } };
    const bare = world();
    expect((await tickExitPlan(bare.deps, plan, CONFIG, known, head(2))).record.sent.initiate).toEqual(known.sent.initiate);
  });

  it('is idempotent: the same record at the same head gives the same answer', async () => {
    const record: ExitPlanRecord = { ...start(), step: 'waiting', facts: { readyAt: String(Number(T0) + 10_000) } };
    const a = await tickExitPlan(world().deps, toyPlan(), CONFIG, record, head(1));
    const b = await tickExitPlan(world().deps, toyPlan(), CONFIG, record, head(1));
    expect(a).toEqual(b);
    expect(a.record).toBe(record);
  });

  describe('an end at a block not yet finalized', () => {
    /** The toy exit with its finalize sent at head 5 (bytes saved), on a chain whose block hashes and finality the test sets. */
    function ending() {
      const chain = { finalized: 2n, hashes: new Map<bigint, string>() };
      const w = world({
        finalizedBlockNumber: () => chain.finalized,
        blockHashAt: async (n) => {
          if (n > 20n) throw new VerificationError('BLOCK_NOT_VERIFIED', `block ${n} is above the newest verified head`);
          if (n < chain.finalized - 8192n) throw new VerificationError('HEADER_TOO_FAR', `block ${n} is too far below`);
          return chain.hashes.get(n) ?? head(n > 0n ? Number(n) : 0).blockHash;
        },
      });
      const hash = '0x' + 'ab'.repeat(31) + '07';
      const record: ExitPlanRecord = { ...start(), step: 'finalizing', sent: { initiate: { hash: '0x' + '01'.repeat(32), at: 1 }, finalize: { hash, at: 5 } } };
      w.mine('0x' + '01'.repeat(32));
      w.mine(hash);
      return { w, chain, record, hash };
    }

    it('is a wait, not done, until that block is finalized: the head kept, checked at every head, then final with a note', async () => {
      const { w, chain, record } = ending();
      const plan = toyPlan();
      const ended = await tickExitPlan(w.deps, plan, CONFIG, record, head(6));
      expect(ended.record.step).toBe('done');
      expect(ended.action).toEqual({ kind: 'wait', reason: expect.stringContaining('at block 6; final once the light client finalizes') });
      expect(ended.record.ending).toEqual({ blockNumber: '6', blockHash: head(6).blockHash, before: expect.objectContaining({ step: 'finalizing' }) });
      expect(w.saved.at(-1)!.record).toEqual(ended.record);
      expect(exitEnded(plan, ended.record)).toBe(false);
      // Still on the chain, not final: waits, saves nothing.
      const saves = w.saved.length;
      const held = await tickExitPlan(w.deps, plan, CONFIG, ended.record, head(7));
      expect(held).toEqual({ record: ended.record, action: ended.action, rounds: 0 });
      expect(w.saved.length).toBe(saves);
      // Finalized: done for good.
      chain.finalized = 6n;
      const final = await tickExitPlan(w.deps, plan, CONFIG, ended.record, head(8));
      expect(final.action).toEqual({ kind: 'done' });
      expect(final.record.ending).toBeUndefined();
      expect(final.record.history.at(-1)).toEqual({ step: 'done', at: Number(head(8).timestamp), note: 'final: block 6 is finalized' });
      expect(exitEnded(plan, final.record)).toBe(true);
      expect(w.saved.at(-1)!.record).toEqual(final.record);
      // Then nothing is read again.
      w.log.length = 0;
      expect((await tickExitPlan(w.deps, plan, CONFIG, final.record, head(9))).action).toEqual({ kind: 'done' });
      expect(w.log).toEqual([]);
    });

    it('ends for good at once at a head at or below the finalized block', async () => {
      const { w, chain, record } = ending();
      chain.finalized = 6n;
      const tick = await tickExitPlan(w.deps, toyPlan(), CONFIG, record, head(6));
      expect(tick.action).toEqual({ kind: 'done' });
      expect(tick.record.ending).toBeUndefined();
    });

    it('goes back a step when the block it ended at left the chain (a reorg), and ends again on the new branch', async () => {
      const { w, chain, record, hash } = ending();
      const plan = toyPlan();
      const ended = (await tickExitPlan(w.deps, plan, CONFIG, record, head(6))).record;
      // The reorg: block 6 replaced, and the finalize transaction in no verified block now.
      chain.hashes.set(6n, '0x' + '66'.repeat(32));
      w.receipts.delete(hash);
      // After a restart too: the bytes saved with the finalize are the pending ones.
      const back = await tickExitPlan({ ...w.deps, pending: { hash, raw: '0x02rawfinalize' } }, plan, CONFIG, ended, head(7));
      expect(back.record.step).toBe('finalizing');
      expect(back.record.ending).toBeUndefined();
      expect(back.record.sent.finalize).toEqual(record.sent.finalize);
      expect(back.record.history.at(-1)!.note).toMatch(/^block 6, where the exit ended \(done\), left the chain \(now 0x6666.*\): planned again from finalizing$/);
      expect(back.action).toEqual({ kind: 'wait', reason: 'waiting for the receipt' });
      // Its saved bytes go out again; nothing is signed.
      expect(back.rebroadcast).toBe(hash);
      expect(w.log).toContain('broadcast 0x02rawfinalize');
      expect(w.signedTxs).toEqual([]);
      expect(w.saved.at(-1)!.record).toEqual(back.record);
      // Mined again on the new branch: ended again there, then final.
      w.mine(hash);
      const again = await tickExitPlan(w.deps, plan, CONFIG, back.record, head(9));
      expect(again.record.ending?.blockNumber).toBe('9');
      chain.finalized = 9n;
      expect((await tickExitPlan(w.deps, plan, CONFIG, again.record, head(10))).action).toEqual({ kind: 'done' });
    });

    it('waits while the block is above the newest verified head; stands when too far below to link once finalized; fails otherwise', async () => {
      const { w, chain, record } = ending();
      const plan = toyPlan();
      const high = { ...(await tickExitPlan(w.deps, plan, CONFIG, record, head(6))).record };
      high.ending = { ...high.ending!, blockNumber: '30' };
      expect((await tickExitPlan(w.deps, plan, CONFIG, high, head(7))).action.kind).toBe('wait');
      const old = { ...high, ending: { ...high.ending!, blockNumber: '6' } };
      chain.finalized = 9000n;
      const resumed = await tickExitPlan(w.deps, plan, CONFIG, old, head(9001));
      expect(resumed.action).toEqual({ kind: 'done' });
      expect(resumed.record.history.at(-1)!.note).toBe('final: block 6 is finalized');
      const failing = world({ finalizedBlockNumber: () => 2n, blockHashAt: async () => Promise.reject(new TransportError('TIMEOUT', 'slow')) });
      await expect(tickExitPlan(failing.deps, plan, CONFIG, old, head(9))).rejects.toThrow('slow');
    });
  });
});

describe('a step in no verified block (re-signed at its nonce, fees +12.5%; the popup\'s speed-up and cancel followed)', () => {
  const KEY = hexToBytes('0x' + '4d'.repeat(32));
  const GWEI = 10n ** 9n;
  const decode = (raw: string) => {
    const tx = decodeTransaction(hexToBytes(raw));
    if (tx.type !== 2) throw new Error('expected an EIP-1559 transaction');
    return tx;
  };

  /** A world whose wallet signs real bytes at nonce 7 (a replacement: at its nonce, fees by the rule over a base fee of 10 gwei), the owner's nonce proven 7 until `used`. */
  function signing(over: Partial<ExitPlanRunnerDeps> = {}) {
    const state = { ownerNonce: 7n, replacements: new Map<string, UserReplacement>(), replacementAsks: 0, capAt: undefined as bigint | undefined };
    const w = world({
      async readStorage(_h, address, keys) {
        return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])), nonce: address === OWNER ? state.ownerNonce : 0n };
      },
      async sign(tx) {
        w.signedTxs.push(tx);
        const fees = tx.replaces ? replacementFees(tx.replaces, { nextBaseFee: 10n * GWEI, tip: GWEI }) : { maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: GWEI };
        const cost = 100_000n * fees.maxFeePerGas;
        // The wallet's unattended cap, as the signing policy refuses above it.
        if (state.capAt !== undefined && cost > state.capAt) throw new WalletError('FEE_ABOVE_CAP', 'more than Vigil spends without asking you', { expected: `at most ${state.capAt} wei`, got: `${cost} wei` });
        const signed = signTransaction({ type: 2, chainId: 1n, nonce: tx.replaces?.nonce ?? 7n, gasLimit: 100_000n, ...fees, to: tx.to as `0x${string}`, value: tx.value, data: hexToBytes(tx.data), accessList: [] }, KEY);
        w.log.push(`sign ${tx.summary}`);
        return { hash: signed.hash, raw: signed.raw };
      },
      replacementOf: async () => (state.replacementAsks++, new Map([...state.replacements].map(([k, v]) => [k.toLowerCase(), v]))),
      signL2: async () => ({ hash: '0x' + 'e2'.repeat(32), raw: '0x02abcdef' }),
      ...over,
    });
    return { w, state };
  }

  /** The bytes saved last. */
  const lastSigned = (w: ReturnType<typeof world>) => w.saved.filter((x) => x.signed !== undefined).at(-1)!;

  /** The exit's first step sent at head 1, and the world's saved bytes of it. */
  async function sentAt1(w: ReturnType<typeof world>) {
    const first = await tickExitPlan(w.deps, toyPlan(), CONFIG, start(), head(1));
    return { record: first.record, signed: w.saved.at(-1)!.signed!, hash: first.sent!.hash };
  }

  it(`waits ${REPLACE_AFTER_BLOCKS - 1n} blocks; at ${REPLACE_AFTER_BLOCKS} with no receipt it signs the step again at its nonce, both fees +12.5%, saved before broadcast; the step follows whichever lands`, async () => {
    const { w } = signing();
    const { record, signed, hash } = await sentAt1(w);
    const plan = toyPlan();
    // Four blocks on: the same bytes go out again, nothing signed.
    let tick = await tickExitPlan({ ...w.deps, pending: signed }, plan, CONFIG, record, head(1 + Number(REPLACE_AFTER_BLOCKS) - 1));
    expect(tick.rebroadcast).toBe(hash);
    expect(tick.replaced).toBeUndefined();
    expect(w.signedTxs).toHaveLength(1);
    // Five blocks on: re-signed with the same call at nonce 7, its fees the rule's over the original's.
    w.log.length = 0;
    tick = await tickExitPlan({ ...w.deps, pending: signed }, plan, CONFIG, record, head(6));
    const [original, again] = [decode(signed.raw), decode(lastSigned(w).signed!.raw)];
    expect(w.signedTxs[1]).toMatchObject({ from: OWNER, to: PORTAL, value: 0n, data: bytesToHex(original.input), replaces: { hash, nonce: 7n, maxFeePerGas: original.maxFeePerGas, maxPriorityFeePerGas: original.maxPriorityFeePerGas, maxCost: 100_000n * original.maxFeePerGas } });
    expect(again.nonce).toBe(7n);
    expect(again.maxFeePerGas * 8n).toBeGreaterThanOrEqual(original.maxFeePerGas * 9n);
    expect(again.maxPriorityFeePerGas * 8n).toBeGreaterThanOrEqual(original.maxPriorityFeePerGas * 9n);
    expect(tick.replaced).toEqual({ label: 'initiate', hash: lastSigned(w).signed!.hash, replaces: hash });
    expect(tick.record.sent.initiate).toMatchObject({ hash: tick.replaced!.hash, block: '6', replaced: [hash], nonce: 7 });
    const at = w.log.findIndex((l) => l.startsWith('sign Speed up initiate (nonce 7): in no verified block for 5 blocks'));
    expect(w.log.slice(at + 1, at + 3)).toEqual(['save initiating +raw', `broadcast ${lastSigned(w).signed!.raw}`]);
    // The original lands after all: the step follows it and moves on.
    const newer = { record: tick.record, signed: lastSigned(w).signed };
    w.mine(hash);
    tick = await tickExitPlan({ ...w.deps, pending: newer.signed! }, plan, CONFIG, newer.record, head(7));
    expect(tick.record.step).toBe('waiting');
    expect(tick.record.sent.initiate).toMatchObject({ hash, replaced: [tick.replaced?.hash ?? newer.signed!.hash] });
    expect(tick.record.history.some((e) => e.note?.startsWith(`initiate: ${hash} is the one a verified block included`))).toBe(true);
  });

  it('at the ceiling the user set, nothing is re-signed and FEE_ABOVE_CAP is thrown (the popup asks); a nonce the head shows used is not replaced', async () => {
    const { w, state } = signing();
    const { record, signed } = await sentAt1(w);
    state.capAt = 100_000n * 21n * GWEI;
    const saves = w.saved.length;
    await expect(tickExitPlan({ ...w.deps, pending: signed }, toyPlan(), CONFIG, record, head(6))).rejects.toMatchObject({ code: 'FEE_ABOVE_CAP', got: `${100_000n * bumpOf(21n * GWEI)} wei` });
    expect(w.saved).toHaveLength(saves);
    // The owner's nonce moved past 7 (used: receipts and its use settle it): nothing signed.
    state.capAt = undefined;
    state.ownerNonce = 8n;
    const asked = w.signedTxs.length;
    const tick = await tickExitPlan({ ...w.deps, pending: signed }, toyPlan(), CONFIG, record, head(9));
    expect(tick.replaced).toBeUndefined();
    expect(w.signedTxs).toHaveLength(asked);
  });

  it('at the ceiling the step\'s old bytes still go out while the popup asks (a broadcast that fails too leaves the refusal the error)', async () => {
    const { w, state } = signing();
    const { record, signed } = await sentAt1(w);
    state.capAt = 100_000n * 21n * GWEI;
    w.log.length = 0;
    await expect(tickExitPlan({ ...w.deps, pending: signed }, toyPlan(), CONFIG, record, head(6))).rejects.toMatchObject({ code: 'FEE_ABOVE_CAP' });
    expect(w.log.filter((l) => l.startsWith('broadcast') || l.startsWith('sign'))).toEqual([`broadcast ${signed.raw}`]);
    const failing = { ...w.deps, pending: signed, broadcast: async () => Promise.reject(new TransportError('NETWORK', 'down', { url: 'rpc' })) };
    await expect(tickExitPlan(failing, toyPlan(), CONFIG, record, head(7))).rejects.toMatchObject({ code: 'FEE_ABOVE_CAP' });
  });

  it("asks the source once per head for each receipt and for the owner's nonce (the dropped check and the stale check share it; a landed earlier transaction is proven once)", async () => {
    const { w } = signing();
    const { record, signed, hash } = await sentAt1(w);
    const asked = new Map<string, number>();
    const ask = (what: string) => asked.set(what, (asked.get(what) ?? 0) + 1);
    const counted: ExitPlanRunnerDeps = {
      ...w.deps,
      readStorage: (h, address, keys) => (ask(`storage ${address} ${keys.join()}`), w.deps.readStorage(h, address, keys)),
      receipt: (x) => (ask(`receipt ${x.toLowerCase()}`), w.deps.receipt(x)),
    };
    let tick = await tickExitPlan({ ...counted, pending: signed }, toyPlan(), CONFIG, record, head(6));
    expect(tick.replaced?.replaces).toBe(hash);
    expect(asked.get(`storage ${OWNER} `)).toBe(1);
    expect(Math.max(...asked.values())).toBe(1);
    // The original lands: found among the step's earlier transactions, then proven as the step's, asked once.
    asked.clear();
    w.mine(hash);
    tick = await tickExitPlan({ ...counted, pending: lastSigned(w).signed! }, toyPlan(), CONFIG, tick.record, head(7));
    expect(tick.record.step).toBe('waiting');
    expect(asked.get(`receipt ${hash.toLowerCase()}`)).toBe(1);
    expect(Math.max(...asked.values())).toBe(1);
  });

  it("follows the popup's speed-up as the step's transaction (its bytes the ones sent again); a cancel is neither sent again nor replaced, and once it takes the nonce the step is planned again", async () => {
    const { w, state } = signing({
      async nonceUse(_o, nonce) {
        return { blockNumber: 8n, blockHash: '0x' + '88'.repeat(32), transaction: { hash: cancelHash, from: OWNER, nonce, status: 1, gasUsed: 21_000n } };
      },
    });
    const { record, signed, hash } = await sentAt1(w);
    const sped = signTransaction({ type: 2, chainId: 1n, nonce: 7n, gasLimit: 100_000n, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: 2n * GWEI, to: PORTAL as `0x${string}`, value: 0n, data: decode(signed.raw).input, accessList: [] }, KEY);
    state.replacements.set(hash, { hash: sped.hash, raw: sped.raw, kind: 'speedUp', signedAtBlock: 3 });
    state.replacementAsks = 0;
    let tick = await tickExitPlan({ ...w.deps, pending: signed }, toyPlan(), CONFIG, record, head(4));
    expect(tick.record.sent.initiate).toMatchObject({ hash: sped.hash, block: '3', replaced: [hash] });
    // The popup's replacements asked once at this head (the speed-up's own then looked up in that answer).
    expect(state.replacementAsks).toBe(1);
    expect(tick.rebroadcast).toBe(sped.hash);
    expect(w.log).toContain(`broadcast ${sped.raw}`);
    expect(lastSigned(w).signed).toEqual({ hash: sped.hash, raw: sped.raw });
    // The speed-up lands: the step moves on it.
    w.mine(sped.hash);
    expect((await tickExitPlan({ ...w.deps, pending: { hash: sped.hash, raw: sped.raw } }, toyPlan(), CONFIG, tick.record, head(5))).record.step).toBe('waiting');

    // Another exit: its step cancelled from the popup.
    const other = signing({
      async nonceUse(_o, nonce) {
        return { blockNumber: 8n, blockHash: '0x' + '88'.repeat(32), transaction: { hash: cancelHash, from: OWNER, nonce, status: 1, gasUsed: 21_000n } };
      },
    });
    const o = await sentAt1(other.w);
    const cancel = signTransaction({ type: 2, chainId: 1n, nonce: 7n, gasLimit: 21_000n, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: 2n * GWEI, to: OWNER as `0x${string}`, value: 0n, data: new Uint8Array(0), accessList: [] }, KEY);
    cancelHash = cancel.hash;
    other.state.replacements.set(o.hash, { hash: cancel.hash, raw: cancel.raw, kind: 'cancel' });
    other.w.log.length = 0;
    tick = await tickExitPlan({ ...other.w.deps, pending: o.signed }, toyPlan(), CONFIG, o.record, head(7));
    expect(tick.rebroadcast).toBeUndefined();
    expect(tick.replaced).toBeUndefined();
    expect(other.w.log.filter((l) => l.startsWith('broadcast') || l.startsWith('sign'))).toEqual([]);
    expect(tick.action).toEqual({ kind: 'wait', reason: 'waiting for the receipt' });
    // The cancel took nonce 7: the step is planned again, a fresh transaction signed (never a stuck runner).
    other.state.ownerNonce = 8n;
    tick = await tickExitPlan({ ...other.w.deps, pending: o.signed }, toyPlan(), CONFIG, o.record, head(9));
    expect(tick.sent?.label).toBe('initiate');
    expect(tick.record.history.some((e) => e.note?.includes(`used by ${cancel.hash}`))).toBe(true);
  });
});

describe('a step sped up from the popup after the runner replaced it', () => {
  it('follows a speed-up of any of the step\'s transactions, the older one included', async () => {
    const KEY = hexToBytes('0x' + '4e'.repeat(32));
    const GWEI = 10n ** 9n;
    const replacements = new Map<string, UserReplacement>();
    const w = world({
      async readStorage(_h, address, keys) {
        return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])), nonce: address === OWNER ? 7n : 0n };
      },
      async sign(tx) {
        const fees = tx.replaces ? replacementFees(tx.replaces, { nextBaseFee: 10n * GWEI, tip: GWEI }) : { maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: GWEI };
        const signed = signTransaction({ type: 2, chainId: 1n, nonce: 7n, gasLimit: 100_000n, ...fees, to: tx.to as `0x${string}`, value: tx.value, data: hexToBytes(tx.data), accessList: [] }, KEY);
        return { hash: signed.hash, raw: signed.raw };
      },
      signL2: async () => ({ hash: '0x' + 'e2'.repeat(32), raw: '0x02abcdef' }),
      replacementOf: async () => new Map([...replacements].map(([k, v]) => [k.toLowerCase(), v])),
    });
    const first = await tickExitPlan(w.deps, toyPlan(), CONFIG, start(), head(1));
    const original = { hash: first.sent!.hash, raw: w.saved.at(-1)!.signed!.raw };
    const replaced = await tickExitPlan({ ...w.deps, pending: original }, toyPlan(), CONFIG, first.record, head(6));
    expect(replaced.replaced?.replaces).toBe(original.hash);
    const runners = replaced.record.sent.initiate!.hash;
    // The user sped up the original (still pending in the activity) from the popup.
    const sped = signTransaction({ type: 2, chainId: 1n, nonce: 7n, gasLimit: 100_000n, maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: 3n * GWEI, to: PORTAL as `0x${string}`, value: 0n, data: hexToBytes('0x02abcdef'), accessList: [] }, KEY);
    replacements.set(original.hash, { hash: sped.hash, raw: sped.raw, kind: 'speedUp', signedAtBlock: 7 });
    const pending = w.saved.filter((x) => x.signed !== undefined).at(-1)!.signed!;
    const tick = await tickExitPlan({ ...w.deps, pending }, toyPlan(), CONFIG, replaced.record, head(8));
    expect(tick.record.sent.initiate).toMatchObject({ hash: sped.hash, replaced: [original.hash, runners] });
    expect(tick.rebroadcast).toBe(sped.hash);
    // It lands: the step goes on with it.
    w.mine(sped.hash);
    expect((await tickExitPlan({ ...w.deps, pending: { hash: sped.hash, raw: sped.raw } }, toyPlan(), CONFIG, tick.record, head(9))).record.step).toBe('waiting');
  });
});

let cancelHash = '0x' + '00'.repeat(32);
const bumpOf = (fee: bigint) => fee + (fee + 7n) / 8n;

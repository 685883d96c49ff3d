/**
 * `vigil exit --rollup-config scroll` end to end, in process, on a Scroll world that moves
 * (test/support/exit-scroll.ts): the CLI forces the withdrawal in through the EnforcedTxGateway
 * (paying the queue's fee from SystemConfig's proven parameters), waits for a batch holding it
 * (exit 3 with the time Scroll's enforced mode would open), claims it with the withdraw-trie proof
 * from the bridge-history API (--hint-url) checked against ScrollChain's proven withdraw root, and
 * finishes (exit 0). The claim round is recorded (the indexer's GET with the L2 calls) and replayed
 * offline; a one-byte lie in the recorded merkle proof (the indexer's hint) or in an L1 storage
 * proof exits 1 with its code, signing nothing.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcExchange } from '../../src/rpc/execution-replay.ts';
import { ExitBench, lieIn, oneByte, OWNER, readExchanges, type Run } from '../support/exit-harness.ts';
import { ScrollExitWorld } from '../support/exit-scroll.ts';

const NAME = 'scroll';
const steps = (r: Run) => r.lines.map((l) => `${l.step}:${l.action ?? 'end'}${l.label ? `(${l.label})` : ''}`);

describe('vigil exit --rollup-config scroll, head by head', () => {
  let world: ScrollExitWorld;
  let bench: ExitBench;
  let claimTime: bigint;

  beforeAll(async () => {
    world = await ScrollExitWorld.create(OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder(), (path) => world.bridgeApi(path));
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it('forces the withdrawal in through the gateway, waits for its batch, claims it with the checked proof: exit 3 at each wait, 0 at the end', async () => {
    // h0: the whole proven balance, forced in; the queue's fee paid with it.
    const r0 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r0.code, r0.stderr).toBe(3);
    expect(steps(r0)).toEqual(['submit:start', 'submit:sent(submit)', 'submit:wait']);
    expect(r0.lines[0]).toMatchObject({ amount: '1500000000000000000', balance: '1500000000000000000' });
    // 400 000 L2 gas at (2 × 1 gwei × 0.1 + 0.001 gwei): the fee sent with it.
    expect(world.l1.onlyPending().value).toBe(400_000n * 201_000_000n);

    // h1: queued: Scroll must finalize it; enforced mode would open a day after the oldest waiting message.
    await world.includeSubmit();
    const r1 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r1.code, r1.stderr).toBe(3);
    expect(steps(r1)).toEqual(['submit:resume', 'queued:step', 'queued:wait']);
    const wait = r1.lines.at(-1)!;
    expect(wait.reason).toMatch(/entry #1000001 of Scroll's L1 queue/);
    expect(wait.untilSeconds).toBe(Number(world.l1.head.header.timestamp) - 12 - 600 + 86_400 + 1);
    expect(wait.in).toBe('about 23.8 hours'); // the oldest waiting message is ten minutes older than ours

    // h2: finalized in a batch; the claim is proven against the batch's withdraw root and sent.
    // This round is recorded, then replayed offline from the state before it.
    await world.finalizeBatch();
    claimTime = world.l1.head.header.timestamp;
    bench.copy('exit.json', 'before-claim.json');
    const r2 = await bench.recorded(world.l1, NAME, 'exit.json', 'claim');
    expect(r2.code, r2.stderr).toBe(3);
    expect(steps(r2)).toEqual(['queued:resume', 'claim:step', 'claim:sent(claim)', 'claim:wait']);
    const gets = readExchanges(bench.file('claim-l2.json')).filter((e) => e.request.method === 'GET');
    expect(gets.map((e) => e.request.params)).toEqual([[`https://mainnet-api-bridge-v2.scroll.io/api/l2/unclaimed/withdrawals?address=${OWNER}&page=1&page_size=100`]]);
    bench.copy('before-claim.json', 'replayed.json');
    const replayed = await bench.replay(claimTime, NAME, 'replayed.json', 'claim');
    expect(replayed.error, replayed.stderr).toBeUndefined();
    expect(replayed.lines).toEqual(r2.lines);
    expect(bench.state('replayed.json')).toEqual(bench.state('exit.json'));

    // h3: relayed: paid.
    await world.includeClaim();
    const r3 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r3.code, r3.stderr).toBe(0);
    expect(steps(r3)).toEqual(['claim:resume', 'done:step', 'done:end']);
    const last = r3.lines.at(-1)!;
    expect(last).toMatchObject({ step: 'done', amount: '1500000000000000000', owner: OWNER });
    expect(Object.keys(last.txs)).toEqual(['submit', 'claim']);
    expect(BigInt(last.l1Balance)).toBe(world.l1.spec.accounts[OWNER]!.balance);
  }, 60_000);

  const claimRound = (what: string, side: 'l1' | 'l2', pick: (e: RpcExchange) => boolean, change: (result: any) => any, code: string) =>
    it(`refuses ${what} in the recorded claim round: exit 1 with ${code}, nothing signed`, async () => {
      const file = bench.file(`lie-${side}.json`);
      writeFileSync(file, JSON.stringify(lieIn(readExchanges(bench.file(`claim-${side}.json`)), pick, change)));
      bench.copy('before-claim.json', 'lie.json');
      const r = await bench.replay(claimTime, NAME, 'lie.json', 'claim', { [side]: file });
      expect(r.code, r.stderr).toBe(1);
      expect(r.lines.at(-1)).toMatchObject({ error: { code } });
      expect(r.lines.some((l) => l.action === 'sent')).toBe(false);
      const saved = bench.state('lie.json');
      expect(saved.record.sent.claim).toBeUndefined();
      expect(saved.signed).toEqual(bench.state('before-claim.json').signed);
    });

  claimRound("a one-byte lie in the bridge API's withdraw-trie proof (the indexer's hint)", 'l2', (e) => e.request.method === 'GET', (r) => {
    const info = r.data.results[0].claim_info;
    info.proof.merkle_proof = oneByte(info.proof.merkle_proof, 40);
  }, 'SCROLL_WITHDRAW_PROOF_INVALID');
  claimRound("a one-byte lie in ScrollChain's L1 storage proof", 'l1', (e) => e.request.method === 'eth_getProof' && String((e.request.params as unknown[])[0]).toLowerCase() === world.config.contracts.scrollChain.address && (e.request.params as unknown[][])[1]!.length > 1, (r) => {
    const proof = r.storageProof[0].proof;
    proof[proof.length - 1] = oneByte(proof.at(-1));
  }, 'PROOF_NODE_HASH_MISMATCH');
});

describe('vigil exit --rollup-config scroll: a substituted withdrawal', () => {
  let world: ScrollExitWorld;
  let bench: ExitBench;

  beforeAll(async () => {
    world = await ScrollExitWorld.create(OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder(), (path) => world.bridgeApi(path));
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it("the L2 RPC and the bridge API name an older withdrawal of the same owner and amount, relayed on L1 long ago: below the count proven before the force, it never ends the exit (exit 1, nothing signed)", async () => {
    const r0 = await bench.live(world.l1, NAME, 'sub.json');
    expect(r0.code, r0.stderr).toBe(3);
    // Before the force: L2MessageQueue's count (5) proven under the finalized L2 state, kept.
    expect(bench.state('sub.json').record.facts).toMatchObject({ messageNonceFloor: '5' });
    await world.includeSubmit();
    expect((await bench.live(world.l1, NAME, 'sub.json')).code).toBe(3);
    await world.finalizeBatch({ substitute: true });
    const r2 = await bench.live(world.l1, NAME, 'sub.json');
    expect(r2.code, r2.stderr).toBe(1);
    expect(r2.lines.some((l) => l.step === 'done')).toBe(false);
    expect(r2.lines.at(-1)).toMatchObject({ error: { code: 'SCROLL_EXIT_HINT_MISMATCH' } });
    expect(r2.lines.at(-1)!.error.message).toContain('older than your forced transaction');
    expect(r2.lines.some((l) => l.action === 'sent')).toBe(false);
    expect(bench.state('sub.json').record.step).toBe('claim');
  }, 60_000);
});

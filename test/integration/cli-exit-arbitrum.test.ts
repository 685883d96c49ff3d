/**
 * `vigil exit --rollup-config arbitrum-one` end to end, in process, on an Arbitrum One world that
 * moves block for block (test/support/exit-arbitrum.ts: delayBlocks 600, confirmPeriodBlocks
 * 45818): the CLI signs the L2 withdrawal and sends it through the delayed inbox, waits out the
 * inclusion window (exit 3 with its time), forces it in, waits for the confirmation (exit 3 with
 * its time), executes it from the Outbox and finishes (exit 0). The execute round is recorded and replayed
 * offline; a one-byte lie in the recorded outbox proof (an L2 hint) or in an L1 storage proof
 * exits 1 with its code, signing nothing.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/core/bytes.ts';
import { decodeAbi } from '../../src/execution/abi.ts';
import { decodeTransaction } from '../../src/execution/transactions.ts';
import type { RpcExchange } from '../../src/rpc/execution-replay.ts';
import { ArbitrumExitWorld } from '../support/exit-arbitrum.ts';
import { L2_NONCE } from '../support/rollup-world.ts';
import { ExitBench, lieIn, oneByte, OWNER, readExchanges, type Run } from '../support/exit-harness.ts';

const NAME = 'arbitrum-one';
const steps = (r: Run) => r.lines.map((l) => `${l.step}:${l.action ?? 'end'}${l.label ? `(${l.label})` : ''}`);

describe('vigil exit --rollup-config arbitrum-one, head by head', () => {
  let world: ArbitrumExitWorld;
  let bench: ExitBench;
  let executeTime: bigint;

  beforeAll(async () => {
    world = await ArbitrumExitWorld.create(OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it('signs the L2 withdrawal, sends it through the delayed inbox, forces it in, waits for confirmation, executes it: exit 3 at each wait, 0 at the end', async () => {
    // The whole balance leaves no L2 fee: the plan refuses before signing anything.
    const whole = await bench.live(world.l1, NAME, 'whole.json');
    expect(whole.code, whole.stderr).toBe(1);
    expect(whole.lines.at(-1)).toMatchObject({ step: 'sign-l2', error: { code: 'ARB_L2_HINT_REFUSED' } });
    expect(whole.lines.at(-1)!.error.message).toMatch(/start a new exit of at most \d+ wei/);
    expect(world.l1.pending()).toEqual([]);

    // h0: 1.4 ETH: signed on L2, sent through the Inbox.
    const r0 = await bench.live(world.l1, NAME, 'exit.json', ['--amount', '1.4']);
    expect(r0.code, r0.stderr).toBe(3);
    expect(steps(r0)).toEqual(['sign-l2:start', 'submit:step', 'submit:sent(submit)', 'submit:wait']);
    expect(r0.lines[0]).toMatchObject({ amount: '1400000000000000000', balance: '1500000000000000000' });

    // h1: the message is in the Bridge; the sequencer has delayBlocks to read it.
    await world.includeSubmit();
    const r1 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r1.code, r1.stderr).toBe(3);
    expect(steps(r1)).toEqual(['submit:resume', 'include:step', 'include:wait']);
    const window = r1.lines.at(-1)!;
    expect(window.untilSeconds).toBe(Number(world.message!.timestamp) + 601 * 12);
    expect(window.in).toBe('about 2 hours');

    // h2: 600 blocks later, nothing read: forced in.
    await world.passInclusionWindow(window.untilSeconds);
    const r2 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r2.code, r2.stderr).toBe(3);
    expect(steps(r2)).toEqual(['include:resume', 'force:step', 'force:sent(force)', 'force:wait']);

    // h3: read; the L2 ran the withdrawal; the confirmation period runs.
    await world.includeForce();
    const r3 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r3.code, r3.stderr).toBe(3);
    expect(steps(r3)).toEqual(['force:resume', 'confirm:step', 'confirm:wait']);
    const confirmation = r3.lines.at(-1)!;
    expect(confirmation.untilSeconds).toBe(Number(world.message!.timestamp) + 45_818 * 12);
    expect(confirmation.in).toBe('about 6.3 days'); // counted from the message, two hours of it gone

    // h4: 45818 blocks on, an assertion holding the withdrawal is confirmed: executed from the Outbox.
    // This round is recorded, then replayed offline from the state before it.
    await world.passConfirmation(confirmation.untilSeconds);
    executeTime = world.l1.head.header.timestamp;
    bench.copy('exit.json', 'before-execute.json');
    const r4 = await bench.recorded(world.l1, NAME, 'exit.json', 'execute');
    expect(r4.code, r4.stderr).toBe(3);
    expect(steps(r4)).toEqual(['confirm:resume', 'execute:step', 'execute:sent(execute)', 'execute:wait']);
    bench.copy('before-execute.json', 'replayed.json');
    const replayed = await bench.replay(executeTime, NAME, 'replayed.json', 'execute');
    expect(replayed.error, replayed.stderr).toBeUndefined();
    expect(replayed.lines).toEqual(r4.lines);
    expect(bench.state('replayed.json')).toEqual(bench.state('exit.json'));

    // h5: paid.
    await world.includeExecute();
    const r5 = await bench.live(world.l1, NAME, 'exit.json');
    expect(r5.code, r5.stderr).toBe(0);
    expect(steps(r5)).toEqual(['execute:resume', 'done:step', 'done:end']);
    const last = r5.lines.at(-1)!;
    expect(last).toMatchObject({ step: 'done', amount: '1400000000000000000', owner: OWNER });
    expect(Object.keys(last.txs)).toEqual(['submit', 'force', 'execute']);
    expect(BigInt(last.l1Balance)).toBe(world.l1.spec.accounts[OWNER]!.balance);
  }, 120_000);

  const executeRound = (what: string, side: 'l1' | 'l2', pick: (e: RpcExchange) => boolean, change: (result: any) => any, code: string) =>
    it(`refuses ${what} in the recorded execute round: exit 1 with ${code}, nothing signed`, async () => {
      const file = bench.file(`lie-${side}.json`);
      writeFileSync(file, JSON.stringify(lieIn(readExchanges(bench.file(`execute-${side}.json`)), pick, change)));
      bench.copy('before-execute.json', 'lie.json');
      const r = await bench.replay(executeTime, NAME, 'lie.json', 'execute', { [side]: file });
      expect(r.code, r.stderr).toBe(1);
      expect(r.lines.at(-1)).toMatchObject({ error: { code } });
      expect(r.lines.some((l) => l.action === 'sent')).toBe(false);
      const saved = bench.state('lie.json');
      expect(saved.record.sent.execute).toBeUndefined();
      expect(saved.signed).toEqual(bench.state('before-execute.json').signed);
    });

  executeRound('a one-byte lie in the outbox proof (an L2 hint)', 'l2', (e) => e.request.method === 'eth_call', (r) => oneByte(r, -5), 'ARB_L2_HINT_REFUSED');
  executeRound("a one-byte lie in the rollup's L1 storage proof", 'l1', (e) => e.request.method === 'eth_getProof' && String((e.request.params as unknown[])[0]).toLowerCase() === world.config.contracts.rollup && (e.request.params as unknown[][])[1]!.length > 1, (r) => {
    const proof = r.storageProof[0].proof;
    proof[proof.length - 1] = oneByte(proof.at(-1));
  }, 'PROOF_NODE_HASH_MISMATCH');
});

describe('vigil exit --rollup-config arbitrum-one, a lying L2 RPC', () => {
  let world: ArbitrumExitWorld;
  let bench: ExitBench;

  beforeAll(async () => {
    world = await ArbitrumExitWorld.create(OWNER);
    // Every hint refused: a nonce far above the owner's, a gas price of 0, an absurd gas estimate.
    world.l2.methods.eth_getTransactionCount = () => '0x100000';
    world.l2.methods.eth_gasPrice = () => '0x0';
    world.l2.methods.eth_estimateGas = () => '0x' + (50_000_000).toString(16);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it('signs at the nonce proven in the confirmed state, with twice its base fee, rather than wait on the hints', async () => {
    const r0 = await bench.live(world.l1, NAME, 'lied.json', ['--amount', '1.4']);
    expect(r0.error, r0.stderr).toBeUndefined();
    expect(r0.code, r0.stderr).toBe(3);
    expect(steps(r0)).toEqual(['sign-l2:start', 'submit:step', 'submit:sent(submit)', 'submit:wait']);
    const [message] = decodeAbi(['bytes'], hexToBytes(world.l1.onlyPending().data).subarray(4)) as [string];
    const l2 = decodeTransaction(hexToBytes(message).subarray(1));
    if (l2.type !== 2) throw new Error('not EIP-1559');
    // The owner's L2 account as the world built it (rollup-world l2Accounts) and the Nitro header's base fee of 0.01 gwei.
    expect(l2.nonce).toBe(L2_NONCE);
    expect(bench.state('lied.json').record.facts.l2Nonce).toBe(L2_NONCE.toString());
    expect(l2.maxFeePerGas).toBe(20_000_000n);
    expect(l2.gas).toBe(500_000n);
  }, 60_000);
});

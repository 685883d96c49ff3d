/**
 * `vigil exit --rollup-config <op-mainnet | base>` end to end, in process, on OP Stack worlds that
 * move (test/support/exit-op-stack.ts): the CLI runs at each scripted head with the same --state
 * and stops at each wait (exit 3; at the challenge period with its time), the world mines what it
 * broadcast and moves L2, the games and the clock, and the last run finishes (exit 0) with the
 * owner paid on L1. One round (the prove) is also recorded live and replayed offline to the same
 * lines and state; a one-byte lie in the recorded withdrawal proof (an L2 hint) or in an L1 storage
 * proof makes it exit 1 with the lie's code and sign nothing.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/core/bytes.ts';
import { formatEth } from '../../src/core/units.ts';
import { decodeTransaction } from '../../src/execution/transactions.ts';
import type { RpcExchange } from '../../src/rpc/execution-replay.ts';
import { ExitBench, lieIn, oneByte, OWNER, readExchanges, type Run } from '../support/exit-harness.ts';
import { OpExitWorld } from '../support/exit-op-stack.ts';
import { L2_TO_L1_MESSAGE_PASSER } from '../../src/l2/op-stack/bridge.ts';
import { decodeAbi } from '../../src/execution/abi.ts';

const steps = (r: Run) => r.lines.map((l) => `${l.step}:${l.action ?? 'end'}${l.label ? `(${l.label})` : ''}`);

describe.each(['op-mainnet', 'base', 'op-sepolia'])('vigil exit --rollup-config %s, head by head', (name) => {
  let world: OpExitWorld;
  let bench: ExitBench;
  /** The time of the recorded prove round's head. */
  let proveTime: bigint;

  beforeAll(async () => {
    world = await OpExitWorld.create(name, OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it('a step costing more than --max-fee: exit 4 with the proven numbers, nothing signed or sent', async () => {
    const r = await bench.live(world.l1, name, 'capped.json', ['--max-fee', '1000wei']);
    expect(r.error, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(4);
    expect(r.lines.some((l) => l.action === 'sent')).toBe(false);
    const last = r.lines.at(-1)!;
    expect(last).toMatchObject({ step: 'force', error: { code: 'FEE_ABOVE_CAP', expected: 'at most 1000 wei' }, maxFee: '1000' });
    expect(last.error.message).toMatch(/may cost up to [\d.]+ ETH \(\d+ gas at up to [\d.]+ gwei\), more than the 0\.000000000000001 ETH/);
    expect(r.stderr).toContain('higher --max-fee');
    expect(bench.state('capped.json').signed).toBeUndefined();
  });

  it('forces the withdrawal, proves it, waits out the challenge period, finalizes: exit 3 at each wait, 0 at the end', async () => {
    // h0: the exit starts with the whole proven L2 balance and forces it through the portal.
    const r0 = await bench.live(world.l1, name, 'exit.json');
    expect(r0.error, r0.stderr).toBeUndefined();
    expect(r0.code, r0.stderr).toBe(3);
    expect(steps(r0)).toEqual(['force:start', 'force:sent(force)', 'force:wait']);
    // (OP Sepolia's world names its accepted block by time: a block ten days before the L1 head.)
    expect(r0.lines[0]!).toMatchObject({ owner: OWNER, amount: '1500000000000000000', balance: '1500000000000000000', l2Block: name === 'op-sepolia' ? expect.any(Number) : 142_000_000 });
    expect(r0.lines[1]!.summary).toContain(formatEth(1_500_000_000_000_000_000n));
    expect(r0.lines[2]!.until).toBeUndefined();
    expect(bench.state("exit.json").signed.hash).toBe(r0.lines[1]!.hash);

    // h1: the deposit is on L1 and ran on L2; a game covers it: the withdrawal is proven against it.
    // This round is recorded, then replayed offline from the state before it.
    await world.includeForce();
    bench.copy('exit.json', 'before-prove.json');
    const r1 = await bench.recorded(world.l1, name, 'exit.json', 'prove');
    expect(r1.code, r1.stderr).toBe(3);
    expect(steps(r1)).toEqual(['force:resume', 'inclusion:step', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
    expect(r1.lines[3]!.summary).toMatch(/against dispute game 2 \(L2 block 142601900[;)]/);
    // OP Sepolia's games are super-root games: the portal reads its chain's entry; the call is the same.
    if (name === 'op-sepolia') expect(r1.lines[3]!.summary).toContain("a super-root game: your withdrawal is proven under OP Sepolia's output root in its super root");
    proveTime = world.l1.head.header.timestamp;
    bench.copy('before-prove.json', 'replayed.json');
    const replayed = await bench.replay(proveTime, name, 'replayed.json', 'prove');
    expect(replayed.error, replayed.stderr).toBeUndefined();
    expect(replayed.lines).toEqual(r1.lines);
    expect(bench.state('replayed.json')).toEqual(bench.state('exit.json'));

    // h2: proven on L1: the proof matures (and the game resolves): a wait with its time.
    await world.includeProve();
    const r2 = await bench.live(world.l1, name, 'exit.json');
    expect(r2.code, r2.stderr).toBe(3);
    expect(steps(r2)).toEqual(['prove:resume', 'mature:step', 'mature:wait']);
    const wait = r2.lines.at(-1)!;
    expect(wait.untilSeconds).toBeGreaterThan(Number(world.l1.head.header.timestamp));
    expect(wait.until).toBe(new Date(wait.untilSeconds * 1000).toISOString().replace('.000Z', 'Z'));
    expect(wait.in).toMatch(/^about \d+(\.\d)? days?$/);
    expect(r2.stderr).toContain(`waiting until ${wait.until}`);

    // Run again before then: the same wait, nothing sent.
    const early = await bench.live(world.l1, name, 'exit.json');
    expect(early.code).toBe(3);
    expect(early.lines.at(-1)).toMatchObject({ step: 'mature', untilSeconds: wait.untilSeconds });

    // h3: past the challenge period, the game resolved: finalize.
    await world.passChallenge(wait.untilSeconds);
    const r3 = await bench.live(world.l1, name, 'exit.json');
    expect(r3.code, r3.stderr).toBe(3);
    expect(steps(r3)).toEqual(['mature:resume', 'finalize:step', 'finalize:sent(finalize)', 'finalize:wait']);

    // h4: paid.
    await world.includeFinalize();
    const r4 = await bench.live(world.l1, name, 'exit.json');
    expect(r4.code, r4.stderr).toBe(0);
    expect(steps(r4)).toEqual(['finalize:resume', 'done:step', 'done:end']);
    const last = r4.lines.at(-1)!;
    expect(last).toMatchObject({ step: 'done', amount: '1500000000000000000', owner: OWNER });
    expect(Object.keys(last.txs)).toEqual(['force', 'prove', 'finalize']);
    expect(BigInt(last.l1Balance)).toBe(world.l1.spec.accounts[OWNER]!.balance);
  }, 60_000);

  const proveRound = (what: string, side: 'l1' | 'l2', pick: (e: RpcExchange) => boolean, change: (result: any) => any, code: string) =>
    it(`refuses ${what} in the recorded prove round: exit 1 with ${code}, nothing signed`, async () => {
      const file = bench.file(`lie-${side}.json`);
      writeFileSync(file, JSON.stringify(lieIn(readExchanges(bench.file(`prove-${side}.json`)), pick, change)));
      bench.copy('before-prove.json', 'lie.json');
      const r = await bench.replay(proveTime, name, 'lie.json', 'prove', { [side]: file });
      expect(r.code, r.stderr).toBe(1);
      expect(r.lines.at(-1)).toMatchObject({ error: { code } });
      expect(r.lines.some((l) => l.action === 'sent')).toBe(false);
      const saved = bench.state('lie.json');
      expect(saved.record.sent.prove).toBeUndefined();
      expect(saved.signed).toEqual(bench.state('before-prove.json').signed);
    });

  const withdrawalProof = (e: RpcExchange) => e.request.method === 'eth_getProof' && (e.request.params as unknown[])[2] === '0x87feeac' && ((e.request.params as unknown[])[0] as string).toLowerCase() === L2_TO_L1_MESSAGE_PASSER;
  proveRound('a one-byte lie in the L2 withdrawal proof (a hint)', 'l2', withdrawalProof, (r) => {
    const proof = r.storageProof[0].proof;
    proof[proof.length - 1] = oneByte(proof.at(-1), 5);
  }, 'L2_PROOF_INVALID');
  proveRound("a lying L2 receipt (another withdrawal's hash in its MessagePassed)", 'l2', (e) => e.request.method === 'eth_getTransactionReceipt', (r) => {
    r.logs[0].data = oneByte(r.logs[0].data, 100); // a byte of its withdrawalHash word
  }, 'L2_PROOF_INVALID');
  const factoryProof = (e: RpcExchange) => {
    const [address, keys] = e.request.params as [string, string[]];
    return e.request.method === 'eth_getProof' && address.toLowerCase() === world.config.disputeGameFactory.address.toLowerCase() && keys.length > 0;
  };
  // The game's code: its args carry the root claim (OP Sepolia: the super-root preimage, then its hash). Proven by its code hash.
  const gameCode = (e: RpcExchange) => e.request.method === 'eth_getCode' && ((e.request.params as unknown[])[0] as string).toLowerCase() === '0x' + '63'.repeat(20);
  proveRound("a one-byte lie in the covering game's code (its args: the claim, or the super-root preimage)", 'l1', gameCode, (r) => oneByte(r, 0x62 + 120), 'CODE_HASH_MISMATCH');
  proveRound("a one-byte lie in the dispute game factory's L1 storage proof", 'l1', factoryProof, (r) => {
    const proof = r.storageProof[0].proof;
    proof[proof.length - 1] = oneByte(proof.at(-1));
  }, 'PROOF_NODE_HASH_MISMATCH');
});

describe('vigil exit --rollup-config op-mainnet: a step no block includes', () => {
  let world: OpExitWorld;
  let bench: ExitBench;

  beforeAll(async () => {
    world = await OpExitWorld.create('op-mainnet', OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  const fees = (raw: string) => {
    const tx = decodeTransaction(hexToBytes(raw));
    if (tx.type !== 2) throw new Error('expected an EIP-1559 transaction');
    return tx;
  };

  it('is signed again at its nonce five verified blocks on (both fees +12.5%); above --max-fee the run stops (exit 4); the exit goes on with the one a block includes', async () => {
    const r0 = await bench.live(world.l1, 'op-mainnet', 'stuck.json');
    expect(r0.code, r0.stderr).toBe(3);
    const original = bench.state('stuck.json').signed as { hash: string; raw: string };
    const a = fees(original.raw);
    // Four empty blocks: the same bytes go out again, nothing signed.
    await world.l1.mine({ blocks: 4n });
    const r1 = await bench.live(world.l1, 'op-mainnet', 'stuck.json');
    expect(r1.code, r1.stderr).toBe(3);
    expect(r1.lines.map((l) => l.action)).toEqual(['resume', 'rebroadcast', 'wait']);
    // A fifth: the replacement would cost more than --max-fee allows (the original's cost): exit 4, nothing signed.
    await world.l1.mine();
    const capped = await bench.live(world.l1, 'op-mainnet', 'stuck.json', ['--max-fee', `${a.maxFeePerGas * a.gas}wei`]);
    expect(capped.code, capped.stderr).toBe(4);
    expect(capped.lines.at(-1)).toMatchObject({ step: 'force', error: { code: 'FEE_ABOVE_CAP' } });
    expect(bench.state('stuck.json').signed).toEqual(original);
    // Within the default: signed again at the same nonce, both fees at least 12.5% higher; the node's pool keeps only it.
    const r2 = await bench.live(world.l1, 'op-mainnet', 'stuck.json');
    expect(r2.code, r2.stderr).toBe(3);
    const replaced = r2.lines.find((l) => l.action === 'replaced')!;
    expect(replaced).toMatchObject({ step: 'force', label: 'force', replaces: original.hash });
    const state = bench.state('stuck.json');
    expect(state.signed.hash).toBe(replaced.hash);
    expect(state.record.sent.force).toMatchObject({ hash: replaced.hash, replaced: [original.hash] });
    const b = fees(state.signed.raw);
    expect(b.nonce).toBe(a.nonce);
    expect(b.input).toEqual(a.input);
    expect(b.maxFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxFeePerGas * 9n);
    expect(b.maxPriorityFeePerGas * 8n).toBeGreaterThanOrEqual(a.maxPriorityFeePerGas * 9n);
    expect(world.l1.onlyPending().hash).toBe(replaced.hash);
    // Mined: the exit follows it to the proof.
    await world.includeForce();
    const r3 = await bench.live(world.l1, 'op-mainnet', 'stuck.json');
    expect(r3.code, r3.stderr).toBe(3);
    expect(steps(r3)).toEqual(['force:resume', 'inclusion:step', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
  }, 60_000);
});

describe('vigil exit --rollup-config op-mainnet: a substituted withdrawal', () => {
  let world: OpExitWorld;
  let bench: ExitBench;

  beforeAll(async () => {
    world = await OpExitWorld.create('op-mainnet', OWNER);
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it("the L2 RPC names a later withdrawal of the same owner and amount, finalized on L1: the exit is not done; the deposit's own receipt, proven under the game's block, names its withdrawal, which is proven", async () => {
    const r0 = await bench.live(world.l1, 'op-mainnet', 'sub.json');
    expect(r0.code, r0.stderr).toBe(3);
    await world.includeForce({ substitute: true });
    const r1 = await bench.live(world.l1, 'op-mainnet', 'sub.json');
    expect(r1.error, r1.stderr).toBeUndefined();
    expect(r1.code, r1.stderr).toBe(3);
    expect(r1.lines.some((l) => l.step === 'done')).toBe(false);
    expect(steps(r1)).toEqual(['force:resume', 'inclusion:step', 'prove:step', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
    expect(r1.lines[3]!.note).toContain(`the L2 RPC named withdrawal ${world.substitute!.hash}`);
    const state = bench.state('sub.json');
    expect(state.record.facts).toMatchObject({ withdrawalHash: world.withdrawal!.hash, withdrawalNonce: world.withdrawal!.nonce.toString() });
    // The proof signed is of the deposit's own withdrawal.
    const [tx] = decodeAbi(['(uint256,address,address,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes(world.l1.onlyPending().data).subarray(4)) as [[bigint]];
    expect(tx[0]).toBe(world.withdrawal!.nonce);
  }, 60_000);
});

/**
 * OP Sepolia's move from output-root games to super-root games (type 9) while an exit is under
 * way. The portal (OptimismPortal2 ≥ 5.6.1) finalizes a withdrawal only if its game's claim is
 * valid (AnchorStateRegistry.isGameClaimValid: respected when created, not blacklisted, not
 * retired, resolved for its defender, past the finality delay): a switch of the respected type
 * alone leaves a proof against an older game good (wasRespectedGameTypeWhenCreated stays set; the
 * upgrade runbook keeps the retirement time), so the exit goes on with it; a switch that retires
 * the older games refuses it at finalize, so the exit proves again, against a super-root game.
 */
describe.each([
  { retire: true, what: 'retiring the older games: the exit proves again against a super-root game' },
  { retire: false, what: 'keeping the older games: the proof stands, the exit goes on with it' },
])('vigil exit --rollup-config op-sepolia: the respected type switches to super roots mid-exit, $what', ({ retire }) => {
  let world: OpExitWorld;
  let bench: ExitBench;

  beforeAll(async () => {
    world = await OpExitWorld.create('op-sepolia', OWNER, { respected: 0 });
    bench = await ExitBench.open(world.l1.responder(), world.l2.responder());
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
  });

  it('forces, proves against an output-root game, the registry switches to type 9, and the exit ends paid', async () => {
    const name = 'op-sepolia';
    expect((await bench.live(world.l1, name, 'switch.json')).code).toBe(3);
    await world.includeForce();
    const r1 = await bench.live(world.l1, name, 'switch.json');
    expect(r1.code, r1.stderr).toBe(3);
    expect(steps(r1)).toEqual(['force:resume', 'inclusion:step', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
    expect(r1.lines[3]!.summary).toMatch(/against dispute game 2 \(L2 block 142601900\)\./);
    expect(bench.state('switch.json').record.facts).toMatchObject({ gameType: '0', proofForm: 'output-root' });
    await world.includeProve();
    const r2 = await bench.live(world.l1, name, 'switch.json');
    expect(steps(r2)).toEqual(['prove:resume', 'mature:step', 'mature:wait']);

    // The upgrade: the registry respects type 9; a proposer posts a super-root game over the same block.
    await world.switchRespected(9, { retire, repost: true });
    const r3 = await bench.live(world.l1, name, 'switch.json');
    expect(r3.code, r3.stderr).toBe(3);
    if (retire) {
      expect(steps(r3)).toEqual(['mature:resume', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
      expect(r3.lines[1]!.note).toBe(`game ${'0x' + '63'.repeat(20)} was retired; the respected game type is 9 now (super roots): proving again against such a game, in the form the portal accepts`);
      expect(r3.lines[2]!.summary).toMatch(/against dispute game 3 \(L2 block 142601900; a super-root game: your withdrawal is proven under OP Sepolia's output root in its super root, which the portal reads from the game\)/);
      expect(bench.state('switch.json').record.facts).toMatchObject({ gameType: '9', proofForm: 'output-root', superRoot: '1', gameIndex: '3' });
      // The same 4-argument call (OptimismPortal2 reads the chain's entry of the super root itself), by index 3.
      const args = decodeAbi(['(uint256,address,address,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes(world.l1.onlyPending().data).subarray(4));
      expect(args[1]).toBe(3n);
      await world.includeProve();
      const r4 = await bench.live(world.l1, name, 'switch.json');
      expect(steps(r4)).toEqual(['prove:resume', 'mature:step', 'mature:wait']);
    } else {
      expect(steps(r3)).toEqual(['mature:resume', 'mature:wait']);
      expect(world.l1.pending()).toEqual([]);
      expect(bench.state('switch.json').record.facts).toMatchObject({ gameType: '0', proofForm: 'output-root' });
    }
    const wait = bench.state('switch.json');
    expect(wait.record.step).toBe('mature');
    const until = (await bench.live(world.l1, name, 'switch.json')).lines.at(-1)!.untilSeconds;
    await world.passChallenge(until);
    const r5 = await bench.live(world.l1, name, 'switch.json');
    expect(steps(r5)).toEqual(['mature:resume', 'finalize:step', 'finalize:sent(finalize)', 'finalize:wait']);
    await world.includeFinalize();
    const r6 = await bench.live(world.l1, name, 'switch.json');
    expect(r6.code, r6.stderr).toBe(0);
    expect(Object.keys(r6.lines.at(-1)!.txs)).toEqual(['force', 'prove', 'finalize']);
  }, 60_000);
});

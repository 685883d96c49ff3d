/**
 * `vigil exit --rollup-config mantle` end to end, in process, on a Mantle world that moves
 * (test/support/exit-mantle.ts): the CLI runs at each scripted head with the same --state and
 * stops at each wait (exit 3; at the finalization period with its time), the world mines what it
 * broadcast and moves L2 and the oracle, and the last run finishes (exit 0). Also: an output the
 * challenger deletes after the proof sends the exit back to prove against the output posted after
 * it; a portal whose implementation does not read the followed oracle gets nothing signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitBench, OWNER, type Run } from '../support/exit-harness.ts';
import { DEPOSIT_L2_BLOCK, MantleExitWorld } from '../support/exit-mantle.ts';

const steps = (r: Run) => r.lines.map((l) => `${l.step}:${l.action ?? 'end'}${l.label ? `(${l.label})` : ''}`);

/** A world aged past the newest output's period (the nonce floor needs a finalized L2 state), served to a bench. */
async function open(o: { foreignPortal?: boolean } = {}): Promise<{ world: MantleExitWorld; bench: ExitBench }> {
  const world = await MantleExitWorld.create(OWNER, o);
  await world.age();
  return { world, bench: await ExitBench.open(world.l1.responder(), world.l2.responder()) };
}

describe('vigil exit --rollup-config mantle, head by head', () => {
  let world: MantleExitWorld;
  let bench: ExitBench;
  beforeAll(async () => ({ world, bench } = await open()), 60_000);
  afterAll(async () => bench?.close());

  it('forces the MNT withdrawal, proves it against the oracle, waits out the period, finalizes: exit 3 at each wait, 0 at the end', async () => {
    // h0: the whole proven L2 balance (MNT) is forced out through the portal.
    const r0 = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r0.error, r0.stderr).toBeUndefined();
    expect(r0.code, r0.stderr).toBe(3);
    expect(steps(r0)).toEqual(['force:start', 'force:sent(force)', 'force:wait']);
    expect(r0.lines[0]!).toMatchObject({ owner: OWNER, amount: '1500000000000000000', balance: '1500000000000000000', l2Block: 90_000_000 });
    expect(r0.lines[1]!.summary).toContain('Force a withdrawal of 1.5 MNT out of Mantle');

    // h1: the deposit ran on L2 and an output covers it: the withdrawal is proven against that output.
    await world.includeForce();
    const r1 = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r1.code, r1.stderr).toBe(3);
    expect(steps(r1)).toEqual(['force:resume', 'inclusion:step', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
    expect(r1.lines[3]!.summary).toBe(`Prove your 1.5 MNT withdrawal from Mantle on L1 against output 2 (L2 block ${DEPOSIT_L2_BLOCK}). After this, the portal makes you wait about 12 hours before it pays.`);

    // h2: proven: the oracle's 12 h period runs from the proof (and the output): a wait with its time.
    await world.includeProve();
    const r2 = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r2.code, r2.stderr).toBe(3);
    expect(steps(r2)).toEqual(['prove:resume', 'mature:step', 'mature:wait']);
    const wait = r2.lines.at(-1)!;
    expect(wait.untilSeconds).toBe(Number(world.l1.head.header.timestamp) + 43_200 + 1);
    expect(wait.reason).toContain('the oracle\'s challenger may delete output 2');

    // h3: past the period: finalize.
    await world.passPeriod(wait.untilSeconds);
    const r3 = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r3.code, r3.stderr).toBe(3);
    expect(steps(r3)).toEqual(['mature:resume', 'finalize:step', 'finalize:sent(finalize)', 'finalize:wait']);
    expect(r3.lines[2]!.summary).toBe(`Finalize your withdrawal from Mantle: its OptimismPortal pays 1.5 MNT to ${OWNER} on L1.`);

    // h4: paid.
    await world.includeFinalize();
    const r4 = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r4.code, r4.stderr).toBe(0);
    expect(steps(r4)).toEqual(['finalize:resume', 'done:step', 'done:end']);
    expect(Object.keys(r4.lines.at(-1)!.txs)).toEqual(['force', 'prove', 'finalize']);
  }, 90_000);
});

describe('vigil exit --rollup-config mantle when the challenger deletes the output it was proven against', () => {
  let world: MantleExitWorld;
  let bench: ExitBench;
  beforeAll(async () => ({ world, bench } = await open()), 60_000);
  afterAll(async () => bench?.close());

  it('proves again against the output posted after the deletion, and finalizes on that one', async () => {
    await bench.live(world.l1, 'mantle', 'exit.json');
    await world.includeForce();
    await bench.live(world.l1, 'mantle', 'exit.json');
    await world.includeProve();
    const proven = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(steps(proven).at(-1)).toBe('mature:wait');

    await world.replaceOutputsFrom(2);
    const again = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(again.code, again.stderr).toBe(3);
    expect(steps(again)).toEqual(['mature:resume', 'prove:step', 'prove:sent(prove)', 'prove:wait']);
    expect(again.lines[1]).toMatchObject({ step: 'prove', note: 'output 2, which the withdrawal was proven against, was deleted from the oracle' });
    expect(again.lines[2]!.summary).toContain(`against output 2 (L2 block ${DEPOSIT_L2_BLOCK + 100n})`);

    await world.includeProve();
    const r = await bench.live(world.l1, 'mantle', 'exit.json');
    const until = r.lines.at(-1)!.untilSeconds;
    await world.passPeriod(until);
    await bench.live(world.l1, 'mantle', 'exit.json');
    await world.includeFinalize();
    const done = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(done.code, done.stderr).toBe(0);
    expect(Object.keys(done.lines.at(-1)!.txs)).toEqual(['force', 'prove', 'finalize']);
  }, 90_000);
});

describe('vigil exit --rollup-config mantle when the portal does not read the followed oracle', () => {
  let world: MantleExitWorld;
  let bench: ExitBench;
  beforeAll(async () => ({ world, bench } = await open({ foreignPortal: true })), 60_000);
  afterAll(async () => bench?.close());

  it('signs no proof: L2_VERIFIER_CHANGED, naming the implementation', async () => {
    await bench.live(world.l1, 'mantle', 'exit.json');
    await world.includeForce();
    const r = await bench.live(world.l1, 'mantle', 'exit.json');
    expect(r.lines.some((l) => l.action === 'sent')).toBe(false);
    expect(r.lines.at(-1)).toMatchObject({ step: 'prove', error: { code: 'L2_VERIFIER_CHANGED' } });
    expect(r.lines.at(-1)!.error.message).toContain('does not hold the oracle');
    expect(bench.state('exit.json').record.sent.prove).toBeUndefined();
  }, 60_000);
});

/**
 * The landing block's values followed through a run (src/execution/next-block/taint.ts), through the
 * real engine over proven state, as the window judges them (src/wallet/block-dependence.ts): the
 * audit's F1 (a) a page that knows block N+1's hash, (b) a value read only on a path the first run
 * does not take, (c) a number range two blocks wide, and F2 (BLOBBASEFEE, GASLIMIT); the deadline
 * pattern; amounts that move with the time; a probe of whether an address is the fee recipient by
 * gas; and what must stay plain (a send, a transfer, a deadline an hour away).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { blobBaseFee, type BlockEnv, blockEnvToJson, nextBlockEnv } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { LANDING_SLOTS } from '../../../src/execution/next-block/landing.ts';
import { judgeLanding, type LandingJudgement } from '../../../src/wallet/block-dependence.ts';
import { summarizeEffects, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { asm, returnsWord } from './asm.ts';
import { buildWorld, envFor, type World } from './world.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const SLOT = 12n;
const N = 1000n;
const T0 = 1_700_000_004n;
const HEAD_HASH = new Uint8Array(32).fill(0xbb);
/** The real block N+1's hash, which a page can know before the transaction lands. */
const N1_HASH = 0x4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4dn;
const word = (v: bigint) => v.toString(16).padStart(64, '0');
const at = { blockNumber: N.toString(), blockHash: bytesToHex(HEAD_HASH) };

/** Pays the caller back twice what it sent. */
const PAY2 = 'PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x02 CALLVALUE MUL CALLER GAS CALL STOP';
/** Pays back 2× when `cond` leaves non-zero, keeps the value otherwise. */
function bait(cond: string): string {
  const dest = (asm(cond).length - 2) / 2 + 4;
  return asm(`${cond} PUSH1 0x${dest.toString(16).padStart(2, '0')} JUMPI STOP JUMPDEST ${PAY2}`);
}
/** Reverts unless `cond` leaves non-zero, then returns. */
function require_(cond: string): string {
  const dest = (asm(cond).length - 2) / 2 + 4;
  return asm(`${cond} PUSH1 0x${dest.toString(16).padStart(2, '0')} JUMPI INVALID JUMPDEST STOP`);
}
const push = (v: bigint) => `PUSH32 ${word(v)}`;
const bytes = (code: string) => (asm(code).length - 2) / 2;

/**
 * ENS's ExponentialPremiumPriceOracle in small: the fraction of a day the time is into (16 bits)
 * scales a premium bit by bit, `if (fraction & 1 << k) premium = premium * bit_k / 1e18`, 16
 * branches on the time, each taken at some landing points and not at others; the premium of a
 * name never registered is 0 on every side. Pays back the value less the premium.
 * @param start the premium before the decay (0: a name that was never registered)
 */
function decaysBitByBit(start: bigint): string {
  const head = `${push(start)} PUSH0 MSTORE TIMESTAMP PUSH3 0x010000 MUL PUSH3 0x015180 SWAP1 DIV PUSH2 0xffff AND PUSH1 0x20 MSTORE`;
  const loop = bytes(head);
  const test = (end: number) => `JUMPDEST PUSH1 0x10 PUSH1 0x40 MLOAD LT ISZERO PUSH2 ${end.toString(16).padStart(4, '0')} JUMPI`;
  const bit = (next: number) => `PUSH1 0x20 MLOAD PUSH1 0x01 PUSH1 0x40 MLOAD SHL AND ISZERO PUSH2 ${next.toString(16).padStart(4, '0')} JUMPI`;
  const scale = `PUSH8 0x0de0b6b3a7640000 PUSH0 MLOAD PUSH8 0x0de0b3b7ec5f1380 MUL DIV PUSH0 MSTORE`;
  const step = `JUMPDEST PUSH1 0x40 MLOAD PUSH1 0x01 ADD PUSH1 0x40 MSTORE PUSH2 ${loop.toString(16).padStart(4, '0')} JUMP`;
  const next = loop + bytes(test(0)) + bytes(bit(0)) + bytes(scale);
  const end = next + bytes(step);
  return asm(`${head} ${test(end)} ${bit(next)} ${scale} ${step} JUMPDEST PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 MLOAD CALLVALUE SUB CALLER GAS CALL STOP`);
}

const headEnv = (world: World) => envFor(world, { number: N, timestamp: T0, hash: HEAD_HASH, baseFeePerGas: 8n * GWEI, gasLimit: 30_000_000n });
const NEXT_BLOB_FEE = blobBaseFee({ fork: 'osaka', excessBlobGas: 0n });

const CONTRACTS = {
  /** F1 (a): pays when BLOCKHASH(N+1) is not the hash the page knows (0 in block N+1). */
  nextHashNot: bait(`PUSH2 ${word(N + 1n).slice(-4)} BLOCKHASH ${push(N1_HASH)} EQ ISZERO`),
  /** F1 (b): in block N+2 only, then only when prevRandao is what the page expects there, pays (two branches, the second behind the first). */
  numberThenRandao: asm(`NUMBER ${push(N + 2n)} EQ PUSH1 0x27 JUMPI STOP JUMPDEST PREVRANDAO ${push(0x1234n)} EQ PUSH1 0x4f JUMPI STOP JUMPDEST ${PAY2}`),
  /** F1 (c): pays in blocks N+1 and N+2 only (the suite's TwoBlockNumberBait). */
  twoBlocks: bait(`NUMBER ${push(N + 3n)} GT NUMBER ${push(N)} LT AND`),
  /** F2: pays when the blob base fee is the one Vigil computes for N+1. */
  blobBaseFee: bait(`BLOBBASEFEE ${push(NEXT_BLOB_FEE)} EQ`),
  /** F2: pays when the gas limit is the head's (what Vigil's block N+1 carries). */
  gasLimit: bait(`GASLIMIT ${push(30_000_000n)} EQ`),
  /** Pays when an account access of the address the page knows is the fee recipient was cold (costs more than 1,000 gas). */
  warmProbe: bait(`GAS PUSH20 ${'cb'.repeat(20)} BALANCE POP GAS SWAP1 SUB PUSH2 0x03e8 LT`),
  /** A deadline five slots after block N+1. */
  deadlineSoon: require_(`${push(T0 + 6n * SLOT)} TIMESTAMP GT ISZERO`),
  /** A deadline an hour away. */
  deadlineFar: require_(`${push(T0 + 3600n)} TIMESTAMP GT ISZERO`),
  /** Pays back (TIMESTAMP − T0) gwei: more the later it lands. */
  paysMoreLater: asm(`PUSH0 PUSH0 PUSH0 PUSH0 ${push(T0)} TIMESTAMP SUB PUSH4 3b9aca00 MUL CALLER GAS CALL STOP`),
  /** Keeps the value, pays back (value − (TIMESTAMP − T0) · 0.01 ETH): less the later it lands. */
  refundsLessLater: asm(`PUSH0 PUSH0 PUSH0 PUSH0 ${push(T0)} TIMESTAMP SUB PUSH7 2386f26fc10000 MUL CALLVALUE SUB CALLER GAS CALL STOP`),
  /** Stores TIMESTAMP (an oracle's accumulator): reaches nothing the user holds. */
  storesTime: asm('TIMESTAMP PUSH0 SSTORE STOP'),
  /** Pays when the call data's word at NUMBER − N is non-zero: the offset is the block's, the word read there not the offset. */
  calldataAtNumber: bait(`${push(N)} NUMBER SUB CALLDATALOAD`),
  /** A premium decaying bit by bit from 0 (a name never registered): the value back at every landing point. */
  decayFromZero: decaysBitByBit(0n),
  /** The same from 0.5 ETH: how much comes back depends on the time, by the point. */
  decayFromHalf: decaysBitByBit(ETH / 2n),
  /** A token whose balanceOf branches on the time: 100 once five slots after block N+1 have passed, else 0. */
  vestsOnBranch: (() => {
    const zero = returnsWord('PUSH0');
    const cond = `TIMESTAMP ${push(T0 + 6n * SLOT)} SWAP1 GT`;
    const dest = bytes(`${cond} PUSH2 0x0000 JUMPI`) + (zero.length - 2) / 2;
    return asm(`${cond} PUSH2 ${dest.toString(16).padStart(4, '0')} JUMPI`) + zero.slice(2) + asm(`JUMPDEST PUSH1 0x64 PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN`).slice(2);
  })(),
  /** The same balance by arithmetic, no branch: (TIMESTAMP > T0 + 6 slots) × 100. */
  vestsByArithmetic: returnsWord(`TIMESTAMP ${push(T0 + 6n * SLOT)} SWAP1 GT PUSH1 0x64 MUL`),
  /** Does nothing. */
  idle: asm('STOP'),
  /** Calls a contract whose address is the block's fee recipient. */
  callsCoinbase: asm('PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 COINBASE GAS CALL STOP'),
};
type Name = keyof typeof CONTRACTS;
const ADDRESS = Object.fromEntries(Object.keys(CONTRACTS).map((k, i) => [k, '0x' + (0x10 + i).toString(16).padStart(2, '0').repeat(20)])) as Record<Name, string>;

let world: World;
beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 100n * ETH },
    ...Object.fromEntries((Object.keys(CONTRACTS) as Name[]).map((k) => [ADDRESS[k], { balance: 10n * ETH, code: CONTRACTS[k] }])),
  });
});

async function run(env: BlockEnv, to: string, value = ETH, data = '0x', tokens: string[] = []): Promise<ExecutionOutcome> {
  const engine = new ExecutionEngine();
  const calls = [{ from: ALICE, to, value: bigIntToHex(value), data, gas: bigIntToHex(300_000n), maxFeePerGas: bigIntToHex(40n * GWEI), maxPriorityFeePerGas: bigIntToHex(GWEI) }];
  let fetched: FetchedAccount[] = [];
  for (let step = 0; step < 32; step++) {
    const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'simulate', call: calls[0], calls, fetched, holdings: { holder: ALICE, tokens: tokens.map((token) => ({ token, standard: 'erc20' })), max: 0 } };
    const reply = await engine.step(task);
    if (reply.done) return reply.outcome;
    fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
  }
  throw new Error('no outcome');
}

const ownNative = (e: TransactionEffects) => BigInt(e.own.find((c) => c.asset === 'native')?.amount ?? '0');

/** The window's verdict on sending `value` to `name`'s contract, previewed at head N. */
async function window(name: Name | string, value = ETH, data = '0x', toleranceBps = 50, tokens: string[] = []): Promise<{ outcome: ExecutionOutcome; shown: TransactionEffects; judged: LandingJudgement }> {
  const outcome = await run(nextBlockEnv(headEnv(world), 9n * GWEI, SLOT), ADDRESS[name as Name] ?? name, value, data, tokens);
  const shown = summarizeEffects(outcome.simulation!, ALICE, at, new Map());
  const judged = outcome.landing === undefined ? {} : judgeLanding(shown, outcome.landing, outcome.simulation!, (sim) => summarizeEffects(sim, ALICE, at, new Map()), toleranceBps);
  return { outcome, shown, judged };
}

describe("the audit's baits (F1, F2): refused, or shown as the chain does it with the dependence named", () => {
  it('F1 (a): pays when BLOCKHASH(N+1) is not the hash the page knows: the first run pays (0 there), the other side keeps: refused', async () => {
    const { shown, judged, outcome } = await window('nextHashNot');
    expect(ownNative(shown)).toBe(ETH);
    expect(outcome.landing!.reads).toEqual(['blockHash']);
    expect(judged.refusal).toMatch(/hash of a block not made yet makes it branch the other way you would send 1000000000000000000 of native/);
  });

  it('F1 (b): a value read only on the side the first run does not take (prevRandao in block N+2) is followed there: the path that pays is found and named', async () => {
    const { shown, judged, outcome } = await window('numberThenRandao');
    expect(ownNative(shown)).toBe(-ETH);
    expect(judged.refusal).toBeUndefined();
    expect(outcome.landing!.paths.length).toBeGreaterThanOrEqual(2);
    expect(judged.dependsOnBlock?.own.find((c) => c.asset === 'native')?.amount).toBe(ETH.toString());
  });

  it('F1 (c): pays in blocks N+1 and N+2 only: refused, naming block N+3', async () => {
    const { shown, judged } = await window('twoBlocks');
    expect(ownNative(shown)).toBe(ETH);
    expect(judged.refusal).toMatch(/if it lands in block 1003 or later you would send 1000000000000000000 of native/);
  });

  it('F2: BLOBBASEFEE and GASLIMIT are values of the landing block: the payout shown is refused', async () => {
    for (const name of ['blobBaseFee', 'gasLimit'] as const) {
      const { shown, judged, outcome } = await window(name);
      expect(ownNative(shown)).toBe(ETH);
      expect(outcome.landing!.reads).toEqual([name]);
      expect(judged.refusal).toMatch(/you would send 1000000000000000000 of native/);
    }
  });

  it('a probe by gas of whether an address is the fee recipient (cold or warm): refused', async () => {
    const { shown, judged, outcome } = await window('warmProbe');
    expect(ownNative(shown)).toBe(ETH);
    expect(outcome.landing!.reads).toEqual(['gas']);
    expect(judged.refusal).toMatch(/gas left/);
  });

  it('a word read at an offset the block chooses carries no value of the offset: non-zero at block N+1, zero from N+33, refused', async () => {
    // Bytes 1…32 non-zero, 33… zero: the word at offset 1 (block N+1) pays, at 33 (block N+33) it keeps.
    const data = '0x00' + 'ff'.repeat(32) + '00'.repeat(32);
    const { shown, judged } = await window('calldataAtNumber', ETH, data);
    expect(ownNative(shown)).toBe(ETH);
    expect(judged.refusal).toMatch(/you would send 1000000000000000000 of native/);
  });

  it('a call to an address the block chooses is not followed: refused', async () => {
    const { judged } = await window('callsCoinbase', 0n);
    expect(judged.refusal).toMatch(/it calls an address the block decides/);
  });
});

describe('what moves with the landing block, shown as it is', () => {
  it('a deadline five slots away: shown plainly, with when it fails; an hour away: nothing to say', async () => {
    const soon = await window('deadlineSoon', 0n);
    expect(soon.shown.ok).toBe(true);
    expect(soon.judged.refusal).toBeUndefined();
    expect(soon.judged.dependsOnBlock).toBeUndefined();
    expect(soon.judged.failsIf).toEqual([`It fails if it lands at ${new Date(Number(T0 + 7n * SLOT) * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC')} or later (invalid opcode)`]);
    const far = await window('deadlineFar', 0n);
    expect(far.outcome.landing).toMatchObject({ reads: ['timestamp'], paths: [], points: [], unbounded: [] });
    expect(far.judged).toEqual({});
  });

  it('an amount that grows with the time: the later blocks give more, named; one that shrinks: refused', async () => {
    const more = await window('paysMoreLater', 0n);
    expect(more.judged.refusal).toBeUndefined();
    expect(more.outcome.landing!.points).toHaveLength(LANDING_SLOTS);
    expect(more.judged.dependsOnBlock?.where).toMatch(/^if it lands at .* or later$/);
    const less = await window('refundsLessLater');
    expect(less.judged.refusal).toMatch(/reads the block's time, and if it lands at .* or later you would send/);
  });

  it("a price that decays bit by bit with the time (ENS's premium oracle): every landing point's path run once; from a premium of 0, nothing to say", async () => {
    const zero = await window('decayFromZero');
    expect(ownNative(zero.shown)).toBe(0n);
    // 16 branches on the time, each going both ways over the range: one run per set of points that
    // take the same path (the first run's included), at most one per landing point, none refused.
    expect(zero.outcome.landing!.unbounded).toEqual([]);
    expect(zero.outcome.landing!.paths.length).toBeGreaterThan(8);
    expect(zero.outcome.landing!.paths.length).toBeLessThanOrEqual(LANDING_SLOTS);
    expect(zero.outcome.landing!.paths.every((p) => p.branch.reads.join() === 'timestamp' && p.branch.where !== undefined)).toBe(true);
    expect(zero.judged).toEqual({});
  });

  it('the same decay from a real premium: what comes back differs by the landing time, and the window names where', async () => {
    // Over six minutes a day-long halving moves the premium by 0.3%: within the window's tolerance, nothing to say.
    expect((await window('decayFromHalf')).judged).toEqual({});
    // With none, a landing time where more is kept is refused, named as the point (or points) it is, never "or later": the bits go back and forth.
    const half = await window('decayFromHalf', ETH, '0x', 0);
    expect(ownNative(half.shown)).toBeLessThan(0n);
    expect(half.judged.refusal).toMatch(/reads the block's time, and if it lands (at|between) \d{4}-\d\d-\d\d [\d:]+ UTC( or at \d+ other times up to .* UTC| and .* UTC)? you would send \d+ of native/);
    expect(half.judged.refusal).not.toMatch(/or later/);
  });

  it("a token whose balance before the transaction branches on the time: refused, not read one way; the same balance by arithmetic: followed, nothing to say", async () => {
    const branching = await window('idle', 0n, '0x', 50, [ADDRESS.vestsOnBranch]);
    expect(branching.outcome.landing?.reads).toContain('timestamp');
    expect(branching.judged.refusal).toMatch(/what you hold before it is read by a call that branches on the block/);
    const arithmetic = await window('idle', 0n, '0x', 50, [ADDRESS.vestsByArithmetic]);
    expect(arithmetic.outcome.landing?.reads).toEqual(['timestamp']);
    expect(arithmetic.judged).toEqual({});
  });

  it('a time stored where the user holds nothing: no landing point, no warning', async () => {
    const { outcome, judged } = await window('storesTime', 0n);
    expect(outcome.landing).toMatchObject({ reads: ['timestamp'], paths: [], points: [], unbounded: [] });
    expect(judged).toEqual({});
  });

  it('a plain send reads nothing of the block', async () => {
    const { outcome, shown } = await window(BOB);
    expect(outcome.landing).toBeUndefined();
    expect(ownNative(shown)).toBe(-ETH);
  });
});

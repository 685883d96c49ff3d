/**
 * The next block as the engine runs a transaction in it (the engine's `simulate` mode on an
 * `upcoming` env): number head + 1 and BLOCKHASH of the head, the next base fee and the signed fees
 * charged to the sender (the unused gas given back, the fee reported apart from the balances),
 * gasleft() from the signed limit; the values of the landing block followed
 * (src/execution/next-block/taint.ts), the other side of a branch they decide run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { type BlockEnv, blockEnvFromJson, blockEnvToJson, nextBlockEnv } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { effectiveGasPrice, lowestNextBaseFee } from '../../../src/execution/fees.ts';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS, preBlockSystemWrites } from '../../../src/execution/next-block/system-contracts.ts';
import { asm, returnsWord } from './asm.ts';
import { buildWorld, envFor, type World } from './world.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const POOR = '0x' + 'a2'.repeat(20);
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const HEAD_COINBASE = 'c0'.repeat(20);

const code = {
  basefee: '0x' + 'ba'.repeat(20),
  gasprice: '0x' + '9a'.repeat(20),
  number: '0x' + '4e'.repeat(20),
  parentHash: '0x' + 'b1'.repeat(20),
  gasleft: '0x' + '5a'.repeat(20),
  time: '0x' + '42'.repeat(20),
  coinbaseBait: '0x' + 'cb'.repeat(20),
  nothing: '0x' + '00'.repeat(19) + '01',
  beaconRoot: '0x' + 'be'.repeat(20),
  known: '0x' + 'c1'.repeat(20),
  randao: '0x' + 'c2'.repeat(20),
  beaconBait: '0x' + 'bf'.repeat(20),
  history: '0x' + 'b2'.repeat(20),
  gasLimit: '0x' + '45'.repeat(20),
  blobBaseFee: '0x' + '4a'.repeat(20),
};

/** The system contracts' runtime code as EIP-4788 and EIP-2935 publish it (and mainnet runs). */
const BEACON_ROOTS_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500';
const HISTORY_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500';
const HEAD_BEACON_ROOT = new Uint8Array(32).fill(0x3b);

/** STATICCALL of `to` with the word on the stack as its calldata, leaving success on the stack and the answer at memory 0. */
const ask = (to: string) => `PUSH0 MSTORE PUSH1 0x20 PUSH0 PUSH1 0x20 PUSH0 PUSH20 ${to} GAS STATICCALL`;
/** Returns what `to` answers for the word `word` leaves on the stack, or reverts where it does. */
const answers = (word: string, to: string) => asm(`${word} ${ask(to)} PUSH1 0x${((asm(`${word} ${ask(to)}`).length - 2) / 2 + 6).toString(16)} JUMPI PUSH0 PUSH0 REVERT JUMPDEST PUSH1 0x20 PUSH0 RETURN`);
/** Pays 5× only when the beacon roots contract refuses the block's own time: what a simulation without the block's system calls shows. */
const beaconBait = () => {
  const head = asm(`TIMESTAMP ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`);
  return asm(`TIMESTAMP ${ask(BEACON_ROOTS_ADDRESS)} ISZERO PUSH1 0x${((head.length - 2) / 2 + 4).toString(16)} JUMPI STOP JUMPDEST ${PAY}`);
};

/** Pays the caller 5× what it sent (CALL with CALLVALUE × 5), from the contract's own balance. */
const PAY = 'PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x05 CALLVALUE MUL CALLER GAS CALL STOP';

let world: World;
let head: BlockEnv;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ETH },
    [POOR]: { balance: 100_000n * 20n * GWEI },
    [code.basefee]: { code: returnsWord('BASEFEE') },
    [code.gasprice]: { code: returnsWord('GASPRICE') },
    [code.number]: { code: returnsWord('NUMBER') },
    // BLOCKHASH(NUMBER - 1): the parent's.
    [code.parentHash]: { code: returnsWord('PUSH1 0x01 NUMBER SUB BLOCKHASH') },
    [code.gasleft]: { code: returnsWord('GAS') },
    [code.time]: { code: returnsWord('TIMESTAMP') },
    // Pays 5× when COINBASE is the head's: what a simulation in the head's block reads.
    [code.coinbaseBait]: { balance: 10n * ETH, code: asm(`COINBASE PUSH20 0x${HEAD_COINBASE} EQ PUSH1 0x1b JUMPI STOP JUMPDEST ${PAY}`) },
    [code.nothing]: { code: asm('PUSH1 0x01 POP STOP') },
    // CHAINID and BLOCKHASH of the head (block 1000): the same in every block it can land in.
    [code.known]: { code: asm('CHAINID POP PUSH2 0x03e8 BLOCKHASH POP STOP') },
    [code.gasLimit]: { code: returnsWord('GASLIMIT') },
    [code.blobBaseFee]: { code: returnsWord('BLOBBASEFEE') },
    [code.randao]: { code: returnsWord('PREVRANDAO') },
    [BEACON_ROOTS_ADDRESS]: { code: BEACON_ROOTS_CODE },
    [HISTORY_STORAGE_ADDRESS]: { code: HISTORY_CODE },
    [code.beaconRoot]: { code: answers('TIMESTAMP', BEACON_ROOTS_ADDRESS) },
    [code.beaconBait]: { balance: 10n * ETH, code: beaconBait() },
    [code.history]: { code: answers('PUSH1 0x01 NUMBER SUB', HISTORY_STORAGE_ADDRESS) },
  });
  head = envFor(world, { baseFeePerGas: 8n * GWEI, coinbase: new Uint8Array(20).fill(0xc0), beaconRoot: HEAD_BEACON_ROOT });
});

const NEXT_BASE = 9n * GWEI;
const next = () => nextBlockEnv(head, NEXT_BASE, 12n);

async function simulate(env: BlockEnv, calls: Record<string, unknown>[]): Promise<ExecutionOutcome> {
  const engine = new ExecutionEngine();
  let fetched: FetchedAccount[] = [];
  for (let step = 0; step < 32; step++) {
    const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'simulate', call: calls[0], calls, fetched };
    const reply = await engine.step(task);
    if (reply.done) return reply.outcome;
    fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
  }
  throw new Error('no outcome');
}

const tx = (to: string, extra: Record<string, unknown> = {}) => ({ from: ALICE, to, gas: bigIntToHex(100_000n), maxFeePerGas: bigIntToHex(20n * GWEI), maxPriorityFeePerGas: bigIntToHex(GWEI), ...extra });
const word = (o: ExecutionOutcome) => BigInt(o.simulation!.calls[0]!.returnData);

describe('the next block', () => {
  it('is number head + 1 at the next slot, with the next base fee, on the head state; BLOCKHASH of the head is its hash', async () => {
    const env = next();
    expect([env.number, env.timestamp, env.baseFeePerGas, env.upcoming]).toEqual([head.number + 1n, head.timestamp + 12n, NEXT_BASE, { slotSeconds: 12n, parentBeaconRoot: HEAD_BEACON_ROOT }]);
    expect(blockEnvFromJson(blockEnvToJson(env))).toEqual(env);
    expect(word(await simulate(env, [tx(code.number)]))).toBe(head.number + 1n);
    expect(bytesToHex(new Uint8Array(Buffer.from(word(await simulate(env, [tx(code.parentHash)])).toString(16).padStart(64, '0'), 'hex')))).toBe(bytesToHex(head.hash));
  });

  it('reads the next base fee and the price the signed fees pay there, and charges the sender for the gas it used only', async () => {
    const o = await simulate(next(), [tx(code.basefee)]);
    expect(word(o)).toBe(NEXT_BASE);
    expect(word(await simulate(next(), [tx(code.gasprice)]))).toBe(NEXT_BASE + GWEI);
    const c = o.simulation!.calls[0]!;
    expect(BigInt(c.fee!)).toBe(BigInt(c.gasUsed) * (NEXT_BASE + GWEI));
    // The fee is reported apart: the balances show what the transaction moves (nothing here).
    expect(o.simulation!.balances).toEqual([]);
    // A legacy price is what GASPRICE reads.
    expect(word(await simulate(next(), [tx(code.gasprice, { maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, gasPrice: bigIntToHex(11n * GWEI) })]))).toBe(11n * GWEI);
  });

  it('runs with the signed gas limit: gasleft() is what that limit leaves', async () => {
    const left = word(await simulate(next(), [tx(code.gasleft, { gas: bigIntToHex(50_000n) })]));
    expect(left).toBeLessThan(50_000n);
    expect(left).toBeGreaterThan(20_000n);
  });

  it('never runs free: no fee given fails the base fee check, and a balance short of gas limit × fee cap fails as a transaction', async () => {
    const free = await simulate(next(), [{ from: ALICE, to: code.basefee, gas: '0x186a0' }]);
    expect(free.simulation!.calls[0]).toMatchObject({ status: 'invalid', message: expect.stringMatching(/^max fee per gas less than block base fee/) });
    const poor = await simulate(next(), [{ ...tx(code.nothing), from: POOR, gas: bigIntToHex(200_000n) }]);
    expect(poor.simulation!.calls[0]).toMatchObject({ status: 'invalid', message: expect.stringMatching(/^insufficient funds for gas \* price \+ value/) });
  });

  it('reads nothing of the block: one run, nothing followed', async () => {
    const o = await simulate(next(), [tx(code.nothing)]);
    expect(o.landing).toBeUndefined();
  });

  it('reads the time: named, and where it reaches nothing the user holds, nothing else to say', async () => {
    const o = await simulate(next(), [tx(code.time)]);
    expect(o.landing).toMatchObject({ reads: ['timestamp'], paths: [], points: [], unbounded: [] });
    expect(o.landing!.range).toEqual({ slots: 32, first: { number: bigIntToHex(head.number + 1n), timestamp: bigIntToHex(head.timestamp + 12n) }, last: { number: bigIntToHex(head.number + 33n), timestamp: bigIntToHex(head.timestamp + 33n * 12n) } });
    expect(word(o)).toBe(head.timestamp + 12n);
  });

  it("a bait that pays only under the head's fee recipient: the first run pays, the other side of its branch keeps the value", async () => {
    const o = await simulate(next(), [tx(code.coinbaseBait, { value: bigIntToHex(ETH / 10n) })]);
    expect(o.landing?.reads).toEqual(['coinbase']);
    const mine = (s: NonNullable<ExecutionOutcome['simulation']>) => s.balances.find((b) => b.address === ALICE);
    expect(BigInt(mine(o.simulation!)!.after) - BigInt(mine(o.simulation!)!.before)).toBe((ETH / 10n) * 4n);
    expect(o.landing!.paths).toHaveLength(1);
    const other = o.landing!.paths[0]!;
    expect(other.branch).toMatchObject({ code: code.coinbaseBait, taken: true, reads: ['coinbase'] });
    expect(BigInt(mine(other.simulation)!.after) - BigInt(mine(other.simulation)!.before)).toBe(-ETH / 10n);
  });

  it('GASPRICE of a legacy price is no value of the block; one that follows the base fee is', async () => {
    const legacy = await simulate(next(), [tx(code.gasprice, { maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, gasPrice: bigIntToHex(11n * GWEI) })]);
    expect(legacy.landing).toBeUndefined();
    const follows = await simulate(next(), [tx(code.gasprice)]);
    expect(follows.landing?.reads).toEqual(['gasPrice']);
  });

  it('GASLIMIT and BLOBBASEFEE are values of the landing block (audit F2)', async () => {
    expect((await simulate(next(), [tx(code.gasLimit)])).landing?.reads).toEqual(['gasLimit']);
    expect((await simulate(next(), [tx(code.blobBaseFee)])).landing?.reads).toEqual(['blobBaseFee']);
  });

  it("starts as a real block: the beacon roots contract answers the block's own time with the head's beacon root, and the landing block's own time always answers (EIP-4788)", async () => {
    const o = await simulate(next(), [tx(code.beaconRoot)]);
    expect(o.simulation!.calls[0]!.status).toBe('success');
    expect(o.simulation!.calls[0]!.returnData).toBe(bytesToHex(HEAD_BEACON_ROOT));
    // Later blocks' parent roots are not known: the answer is the block's; that it answers is not.
    expect(o.landing?.reads).toEqual(['timestamp', 'beaconRoot']);
    expect(o.landing!.paths).toEqual([]);
    // The head's own block holds no root for a time after it: the run at the head is refused, as a node's eth_call is.
    expect((await simulate(head, [tx(code.beaconRoot)])).simulation!.calls[0]!.status).toBe('reverted');
  });

  it("a bait paying out when the block's beacon root is missing pays nothing, and has no other side; the system writes move no balance", async () => {
    const o = await simulate(next(), [tx(code.beaconBait, { value: bigIntToHex(ETH / 10n) })]);
    const mine = (s: NonNullable<ExecutionOutcome['simulation']>) => s.balances.find((b) => b.address === ALICE)!;
    expect(BigInt(mine(o.simulation!).after) - BigInt(mine(o.simulation!).before)).toBe(-ETH / 10n);
    expect(o.simulation!.balances.map((b) => b.address).sort()).toEqual([ALICE, code.beaconBait].sort());
    expect(o.landing!.paths).toEqual([]);
    // Where no system call wrote the root (a run in the head's own block, past its time), the bait pays: it is one.
    const atHead = await simulate({ ...head, timestamp: head.timestamp + 12n }, [tx(code.beaconBait, { value: bigIntToHex(ETH / 10n) })]);
    expect(BigInt(mine(atHead.simulation!).after) - BigInt(mine(atHead.simulation!).before)).toBe((ETH / 10n) * 4n);
  });

  it('the history contract answers the head\'s hash for block head (EIP-2935, written at the start of the next)', async () => {
    const o = await simulate(next(), [tx(code.history)]);
    expect(o.simulation!.calls[0]!.returnData).toBe(bytesToHex(head.hash));
  });

  it('writes what the EIPs say, where they say, from the fork each came in', () => {
    const env = next();
    const ts = env.timestamp;
    expect(preBlockSystemWrites(env, HEAD_BEACON_ROOT)).toEqual([
      { address: BEACON_ROOTS_ADDRESS, slot: ts % 8191n, value: bigIntToBytesPadded(ts, 32) },
      { address: BEACON_ROOTS_ADDRESS, slot: (ts % 8191n) + 8191n, value: HEAD_BEACON_ROOT },
      { address: HISTORY_STORAGE_ADDRESS, slot: head.number % 8191n, value: head.hash },
    ]);
    expect(preBlockSystemWrites({ ...env, fork: 'cancun' }, HEAD_BEACON_ROOT).map((w) => w.address)).toEqual([BEACON_ROOTS_ADDRESS, BEACON_ROOTS_ADDRESS]);
    expect(preBlockSystemWrites({ ...env, fork: 'shanghai' }, HEAD_BEACON_ROOT)).toEqual([]);
  });

  it("refuses to make the block after a Cancun head whose beacon root it was not given; before Cancun none is needed", () => {
    const { beaconRoot: _, ...bare } = head;
    expect(() => nextBlockEnv(bare, NEXT_BASE, 12n)).toThrow(/beacon block root is not known/);
    expect(nextBlockEnv({ ...bare, fork: 'shanghai' }, NEXT_BASE, 12n).upcoming?.parentBeaconRoot).toEqual(new Uint8Array(32));
  });

  it('a block that is no next block (a head env) is run once, as before: nothing followed', async () => {
    const o = await simulate(head, [tx(code.time)]);
    expect(o.landing).toBeUndefined();
  });
});

describe('next-block values', () => {
  it('the block after the head is a slot after it, whatever the clock: the one block that follows the proven state (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 1n, max: 64n }), (t, slot) => {
        const env = nextBlockEnv({ ...head, timestamp: t }, NEXT_BASE, slot);
        return env.timestamp === t + slot && env.number === head.number + 1n && env.upcoming?.slotSeconds === slot;
      }),
    );
    expect(() => nextBlockEnv(head, NEXT_BASE, 0n)).toThrow(/seconds per slot expected > 0/);
  });

  it('what the head decides is no value of the landing block; prevRandao is', async () => {
    expect((await simulate(next(), [tx(code.known)])).landing).toBeUndefined();
    expect((await simulate(next(), [tx(code.randao)])).landing?.reads).toEqual(['prevRandao']);
  });

  it('the lower bound is includable whenever the next block is: the price at it never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 64n }), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 0n, max: 1n << 40n }), (base, extra, tip) => {
        const cap = base + extra;
        const low = lowestNextBaseFee(base);
        const request = { maxFeePerGas: cap, maxPriorityFeePerGas: tip < cap ? tip : cap };
        return low <= base && low >= base - base / 8n && effectiveGasPrice(request, low) <= cap && low <= cap;
      }),
    );
  });
});

/**
 * Baits that tell Vigil's simulated block from the block a transaction really lands in, run through
 * the real engine over proven (trie-backed) state (audit 2026-11 F1, issues 50 and 68). The
 * transaction can land in any block N+1 … N+1+K (src/execution/next-block/landing.ts); each bait pays
 * the caller back twice what it sent when it believes it is simulated, and keeps the value
 * otherwise: the window must show the chain's truth (−value), refuse (EFFECTS_DEPEND_ON_BLOCK), or
 * say that it depends on the block, never "+value" alone. The chain is the same transaction run in
 * the real block N+2 (its parent N+1's system writes in its state).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { bigIntToHex, bytesToHex } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { type BlockEnv, blockEnvFromJson, blockEnvToJson, nextBlockEnv } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS } from '../../../src/execution/next-block/system-contracts.ts';
import { judgeLanding } from '../../../src/wallet/block-dependence.ts';
import { summarizeEffects, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { asm, returnsWord } from './asm.ts';
import { buildWorld, envFor, type World } from './world.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const SLOT = 12n;
/** EIP-4788's and EIP-2935's runtime code, as deployed. */
const BEACON_ROOTS_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500';
const HISTORY_CODE = '0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500';

const N = 1000n;
const T0 = 1_700_000_004n; // head N's time
const HEAD_HASH = new Uint8Array(32).fill(0xbb);
const HEAD_ROOT = new Uint8Array(32).fill(0x3b); // N's beacon root: N+1's parent beacon root
const N1_HASH = new Uint8Array(32).fill(0x4d); // the real N+1's hash
const N1_ROOT = new Uint8Array(32).fill(0x4c); // the real N+1's beacon root: N+2's parent beacon root
const word = (v: bigint | Uint8Array) => (typeof v === 'bigint' ? v.toString(16) : bytesToHex(v).slice(2)).padStart(64, '0');
const asWord = (b: Uint8Array) => BigInt(bytesToHex(b));

/** STATICCALL of `to` with the word on the stack as its 32-byte input: leaves success (0 when it reverts). */
const ask = (to: string, op = 'STATICCALL') => `PUSH0 MSTORE PUSH1 0x20 PUSH0 PUSH1 0x20 PUSH0 ${op === 'CALL' ? 'PUSH0 ' : ''}PUSH20 ${to} GAS ${op}`;
/** Pays the caller back twice what it sent. */
const PAY2 = 'PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x02 CALLVALUE MUL CALLER GAS CALL STOP';
/** A bait: pays back 2× when `cond` leaves non-zero (what it takes for "simulated"), keeps the value otherwise. */
function bait(cond: string): string {
  const dest = (asm(cond).length - 2) / 2 + 4;
  return asm(`${cond} PUSH1 0x${dest.toString(16).padStart(2, '0')} JUMPI STOP JUMPDEST ${PAY2}`);
}

const BAITS = {
  /** beacon-roots(TIMESTAMP − 12) reverts: the audit's reproduction. */
  beaconPrevious: { at: '0x' + 'b1'.repeat(20), code: bait(`PUSH1 0x0c TIMESTAMP SUB ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`) },
  /** beacon-roots(TIMESTAMP) reverts. */
  beaconNow: { at: '0x' + 'b2'.repeat(20), code: bait(`TIMESTAMP ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`) },
  /** beacon-roots(T_N + 2 slots) reverts: a time the page hard-codes (the slot the transaction lands in). */
  beaconFuture: { at: '0x' + 'b3'.repeat(20), code: bait(`PUSH32 ${word(T0 + 2n * SLOT)} ${ask(BEACON_ROOTS_ADDRESS)} ISZERO`) },
  /** The same through CALL: every call opcode is looked at. */
  beaconFutureCall: { at: '0x' + 'b4'.repeat(20), code: bait(`PUSH32 ${word(T0 + 2n * SLOT)} ${ask(BEACON_ROOTS_ADDRESS, 'CALL')} ISZERO`) },
  /** BLOCKHASH(NUMBER − 1) is zero (never, anywhere: the truth is shown). */
  parentHashZero: { at: '0x' + 'c1'.repeat(20), code: bait('PUSH1 0x01 NUMBER SUB BLOCKHASH ISZERO') },
  /** BLOCKHASH(NUMBER − 1) is the head's hash (the page knows it): true only in block N+1. */
  parentHashIsHead: { at: '0x' + 'c2'.repeat(20), code: bait(`PUSH1 0x01 NUMBER SUB BLOCKHASH PUSH32 ${word(HEAD_HASH)} EQ`) },
  /** BLOCKHASH(N+1) is zero: true in N+1, never where the transaction lands. */
  nextHashZero: { at: '0x' + 'c3'.repeat(20), code: bait(`PUSH2 ${word(N + 1n).slice(-4)} BLOCKHASH ISZERO`) },
  /** The history contract has no hash for N+1 (EIP-2935). */
  historyNext: { at: '0x' + 'c4'.repeat(20), code: bait(`PUSH2 ${word(N + 1n).slice(-4)} ${ask(HISTORY_STORAGE_ADDRESS)} ISZERO`) },
  /** Pays on even block numbers, keeps the value on odd ones. */
  parity: { at: '0x' + 'd1'.repeat(20), code: bait('NUMBER PUSH1 0x01 AND ISZERO') },
};

/** N's system writes (the root of N−1 under T0, N−1's hash), as the state after N holds them. */
const afterNStorage = {
  beacon: { [bigIntToHex(T0 % 8191n)]: T0, [bigIntToHex((T0 % 8191n) + 8191n)]: 0x1234n },
  history: { [bigIntToHex((N - 1n) % 8191n)]: 0xaa11n },
};

let afterN: World;
let afterN1: World;
let bare: World;

function worldOf(beacon: Record<string, bigint>, history: Record<string, bigint>): Promise<World> {
  return buildWorld({
    [ALICE]: { balance: 5n * ETH },
    ...Object.fromEntries(Object.values(BAITS).map((b) => [b.at, { balance: 10n * ETH, code: b.code }])),
    [BEACON_ROOTS_ADDRESS]: { code: BEACON_ROOTS_CODE, storage: beacon },
    [HISTORY_STORAGE_ADDRESS]: { code: HISTORY_CODE, storage: history },
    [PARENT_HASH]: { code: returnsWord('PUSH1 0x01 NUMBER SUB BLOCKHASH') },
  });
}

/** Returns BLOCKHASH(NUMBER − 1). */
const PARENT_HASH = '0x' + 'e2'.repeat(20);

beforeAll(async () => {
  await cryptoReady();
  afterN = await worldOf(afterNStorage.beacon, afterNStorage.history);
  // The state after the real N+1: its system calls wrote the head's root under T0 + 12 and the head's hash for N.
  afterN1 = await worldOf(
    { ...afterNStorage.beacon, [bigIntToHex((T0 + SLOT) % 8191n)]: T0 + SLOT, [bigIntToHex(((T0 + SLOT) % 8191n) + 8191n)]: asWord(HEAD_ROOT) },
    { ...afterNStorage.history, [bigIntToHex(N % 8191n)]: asWord(HEAD_HASH) },
  );
  // A state whose system contracts hold nothing (a head that wrote no entry of its own).
  bare = await worldOf({}, {});
});

async function run(world: World, env: BlockEnv, to: string, blockHashes: [string, string][] = []): Promise<ExecutionOutcome> {
  const engine = new ExecutionEngine();
  const calls = [{ from: ALICE, to, value: bigIntToHex(ETH), gas: bigIntToHex(200_000n), maxFeePerGas: bigIntToHex(40n * GWEI), maxPriorityFeePerGas: bigIntToHex(GWEI) }];
  let fetched: FetchedAccount[] = [];
  for (let step = 0; step < 32; step++) {
    const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'simulate', call: calls[0], calls, fetched, blockHashes };
    const reply = await engine.step(task);
    if (reply.done) return reply.outcome;
    fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
  }
  throw new Error('no outcome');
}

const at = { blockNumber: N.toString(), blockHash: bytesToHex(HEAD_HASH) };
const ownNative = (e: TransactionEffects) => BigInt(e.own.find((c) => c.asset === 'native')?.amount ?? '0');
const headEnv = (world: World, number = N) => envFor(world, { number, timestamp: T0, hash: HEAD_HASH, baseFeePerGas: 8n * GWEI, beaconRoot: HEAD_ROOT });
/** What the window would do: refuse (the words), or show the first run's own native change (and whether it notes a dependence or a failure). */
async function window(world: World, to: string, number = N): Promise<{ refusal?: string; own: bigint; depends: boolean; failsIf?: string[]; reads: string[] }> {
  const o = await run(world, nextBlockEnv(headEnv(world, number), 9n * GWEI, SLOT), to);
  const shown = summarizeEffects(o.simulation!, ALICE, at, new Map());
  const reads = o.landing?.reads ?? [];
  if (o.landing === undefined) return { own: ownNative(shown), depends: false, reads };
  const d = judgeLanding(shown, o.landing, o.simulation!, (sim) => summarizeEffects(sim, ALICE, at, new Map()), 50);
  return { ...(d.refusal !== undefined ? { refusal: d.refusal } : {}), own: ownNative(shown), depends: d.dependsOnBlock !== undefined, ...(d.failsIf ? { failsIf: d.failsIf } : {}), reads };
}

/** What the chain does: the transaction in the real block N+2 (its parent N+1, made before the light client knew N). */
async function chain(to: string): Promise<bigint> {
  const n1 = envFor(afterN1, { number: N + 1n, timestamp: T0 + SLOT, hash: N1_HASH, parentHash: HEAD_HASH, baseFeePerGas: 9n * GWEI, beaconRoot: N1_ROOT });
  const o = await run(afterN1, nextBlockEnv(n1, 9n * GWEI, SLOT), to, [[bigIntToHex(N), bytesToHex(HEAD_HASH)]]);
  return ownNative(summarizeEffects(o.simulation!, ALICE, at, new Map()));
}

/** The window shows the chain's truth or refuses; never a payout the chain does not make. */
function expectTruthOrRefusal(w: { refusal?: string; own: bigint }, onChain: bigint): void {
  if (w.refusal === undefined) expect(w.own).toBe(onChain);
}

describe('baits that tell the simulated block from the real one', () => {
  it('the chain keeps the value of every bait (the reference the window is held to)', async () => {
    for (const b of Object.values(BAITS)) if (b !== BAITS.parity) expect(await chain(b.at)).toBe(-ETH);
  });

  it("beacon-roots(TIMESTAMP − 12): answered in the block after the head, as on chain, but whether it is elsewhere (a missed slot has no entry) is the block's: −1 ETH shown, with the other side named", async () => {
    const w = await window(afterN, BAITS.beaconPrevious.at);
    expect(w).toMatchObject({ own: -ETH, depends: true });
    expect(w.refusal).toBeUndefined();
    expectTruthOrRefusal(w, await chain(BAITS.beaconPrevious.at));
  });

  it('beacon-roots(TIMESTAMP − 12) over a head that wrote no entry: the payout shown first is refused (the other side keeps the value)', async () => {
    const w = await window(bare, BAITS.beaconPrevious.at);
    expect(w.refusal).toMatch(/reads the block's time, .*you would send 1000000000000000000 of native/);
  });

  it('beacon-roots(TIMESTAMP): the landing block always answers its own time, so nothing to say; the truth shown', async () => {
    const w = await window(afterN, BAITS.beaconNow.at);
    expect(w).toMatchObject({ own: -ETH, depends: false });
    expect(w.refusal).toBeUndefined();
  });

  it('beacon-roots of a hard-coded later time, by STATICCALL or CALL: the answer is a block not made yet, refused', async () => {
    for (const b of [BAITS.beaconFuture, BAITS.beaconFutureCall]) {
      const w = await window(afterN, b.at);
      expect(w.reads).toEqual(['beaconRoot']);
      expect(w.refusal).toMatch(/reads the block's beacon root of a block not made yet, and where the block's beacon root of a block not made yet makes it branch the other way you would send 1000000000000000000 of native \(you receive 1000000000000000000 in the block shown\)/);
    }
  });

  it('BLOCKHASH(NUMBER − 1) is zero nowhere: −1 ETH shown (the hash of a block not made yet is not known, so the other side is named)', async () => {
    const w = await window(afterN, BAITS.parentHashZero.at);
    expect(w.own).toBe(-ETH);
    expect(w.refusal).toBeUndefined();
    expect(w.reads).toContain('number');
    expectTruthOrRefusal(w, await chain(BAITS.parentHashZero.at));
  });

  it("BLOCKHASH(NUMBER − 1) is the head's hash only in block N+1: refused", async () => {
    const w = await window(afterN, BAITS.parentHashIsHead.at);
    expect(w.reads).toEqual(['number', 'blockHash']);
    expect(w.refusal).toMatch(/you would send 1000000000000000000 of native/);
  });

  it('BLOCKHASH(N+1) and the history contract asked for N+1: refused', async () => {
    for (const b of [BAITS.nextHashZero, BAITS.historyNext]) {
      const w = await window(afterN, b.at);
      expect(w.reads).toContain('blockHash');
      expect(w.refusal).toMatch(/you would send 1000000000000000000 of native/);
    }
  });

  it('a NUMBER-parity bait: refused where the block shown pays; where it keeps, −1 ETH shown with the block that pays named, whatever the parity of N', async () => {
    const odd = await window(afterN, BAITS.parity.at, N + 1n);
    // Every other block keeps the value: named as the blocks they are, not "1003 or later".
    expect(odd.refusal).toMatch(/reads the block's number, and if it lands in block 1003 or in 15 other blocks up to block 1033 you would send 1000000000000000000 of native \(you receive 1000000000000000000 in the block shown\)/);
    const even = await window(afterN, BAITS.parity.at, N);
    expect(even).toMatchObject({ own: -ETH, depends: true, reads: ['number'] });
    expect(even.refusal).toBeUndefined();
  });
});

describe('the taint looks without touching', () => {
  const probe = '0x' + 'e1'.repeat(20);
  /** Asks the beacon roots contract for the word at memory 0x1000 (not yet expanded), 32 or 64 bytes, then returns MSIZE and GAS. */
  const asker = (length: number) =>
    asm(`PUSH0 PUSH0 PUSH1 0x${length.toString(16)} PUSH2 0x1000 PUSH20 ${BEACON_ROOTS_ADDRESS} GAS STATICCALL POP MSIZE PUSH0 MSTORE GAS PUSH1 0x20 MSTORE PUSH1 0x40 PUSH0 RETURN`);

  it('reading the input from memory expands nothing and costs nothing: MSIZE and GAS as in a run followed by nothing; 64 bytes of input is no query', async () => {
    for (const [length, traced] of [[32, true], [64, false]] as const) {
      const w = await buildWorld({ [ALICE]: { balance: 5n * ETH }, [probe]: { code: asker(length) }, [BEACON_ROOTS_ADDRESS]: { code: BEACON_ROOTS_CODE } });
      const env = nextBlockEnv(headEnv(w), 9n * GWEI, SLOT);
      const { upcoming: _, ...untraced } = env;
      const a = await run(w, env, probe);
      const b = await run(w, untraced, probe);
      expect(a.simulation!.calls[0]!.returnData).toBe(b.simulation!.calls[0]!.returnData);
      // Time 0 (memory never written) is out of the ring buffer's reach: a query of it is the block's, of 64 bytes not.
      expect(a.landing?.reads.includes('beaconRoot') ?? false).toBe(traced);
    }
  });

  it('the block after a head crosses the worker boundary as JSON, checked', () => {
    const env = nextBlockEnv(headEnv(afterN), 9n * GWEI, SLOT);
    const json = blockEnvToJson(env);
    expect(blockEnvFromJson(json)).toEqual(env);
    expect(() => blockEnvFromJson({ ...json, upcoming: { ...json.upcoming!, parentBeaconRoot: '0x1234' } })).toThrow(/block env\.upcoming\.parentBeaconRoot/);
  });

  it('any field of the block env JSON replaced by anything a message can carry: the env back, or InputError (property)', () => {
    const json = blockEnvToJson(nextBlockEnv(headEnv(afterN), 9n * GWEI, SLOT)) as unknown as Record<string, unknown>;
    const upcoming = json.upcoming as Record<string, unknown>;
    const hostile = fc.constantFrom<unknown>(Object.create(null), { toString: 5 }, Symbol('s'), [{ toString: null }], { timestamp: Object.create(null) });
    const value = fc.oneof(fc.anything(), hostile);
    const top = fc.tuple(fc.constantFrom(...Object.keys(json)), value).map(([k, v]) => ({ ...json, [k]: v }));
    const inner = fc.tuple(fc.constantFrom('slotSeconds', 'parentBeaconRoot'), value).map(([k, v]) => ({ ...json, upcoming: { ...upcoming, [k]: v } }));
    fc.assert(
      fc.property(fc.oneof(top, inner, value), (raw) => {
        try {
          blockEnvFromJson(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

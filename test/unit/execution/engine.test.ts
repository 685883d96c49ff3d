import { beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { blockEnvToJson, type BlockEnv } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionReply, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { createAddress } from '../../../src/execution/transactions.ts';
import { asm, returnsWord } from './asm.ts';
import { buildWorld, envFor, type World, type WorldAccount } from './world.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const STORE = '0x' + '5a'.repeat(20);
const READER = '0x' + '7e'.repeat(20);
const BLOCKS = '0x' + 'bc'.repeat(20);
const FIELDS = '0x' + 'f1'.repeat(20);
const REVERTER = '0x' + 'dd'.repeat(20);
const PRECOMPILES = '0x' + 'cc'.repeat(20);
const ONE_ETHER = 10n ** 18n;

const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');
const ancestorHash = (n: bigint) => keccak256(new TextEncoder().encode(`block ${n}`));

let world: World;
let env: BlockEnv;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ONE_ETHER, nonce: 7n },
    [BOB]: { balance: 1n },
    // SLOAD(0) + SLOAD(1)
    [STORE]: { code: returnsWord('PUSH1 0x01 SLOAD PUSH0 SLOAD ADD'), storage: { '0x0': 40n, '0x1': 2n } },
    // STATICCALL STORE, return its word
    [READER]: {
      code: asm(`PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH20 ${STORE} GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN`),
    },
    // BLOCKHASH(NUMBER - calldata[0])
    [BLOCKS]: { code: returnsWord('PUSH0 CALLDATALOAD NUMBER SUB BLOCKHASH') },
    // calldata[0] selects a block field by jumping: simpler, one contract per field below.
    [FIELDS]: { code: returnsWord('BASEFEE') },
    // REVERT with 4 bytes 0xdeadbeef
    [REVERTER]: { code: asm('PUSH4 0xdeadbeef PUSH0 MSTORE PUSH1 0x04 PUSH1 0x1c REVERT') },
    // sha256(calldata) via the 0x02 precompile
    [PRECOMPILES]: { code: asm('CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY PUSH1 0x20 PUSH0 CALLDATASIZE PUSH0 PUSH1 0x02 GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN') },
  });
  env = envFor(world);
});

/** Steps the engine to an outcome, answering what it misses from the world (honestly, or through `tamper`). */
async function drive(
  task: Omit<ExecutionTask, 'env'> & { env?: BlockEnv },
  options: {
    engine?: ExecutionEngine;
    tamper?: (f: FetchedAccount) => FetchedAccount | Promise<FetchedAccount>;
    hashes?: boolean;
    world?: World;
    replies?: ExecutionReply[];
  } = {},
): Promise<{ outcome: ExecutionOutcome; steps: number }> {
  const engine = options.engine ?? new ExecutionEngine();
  const source = options.world ?? world;
  let fetched: FetchedAccount[] = [];
  let blockHashes: [string, string][] = [];
  for (let step = 1; step <= 32; step++) {
    const reply = await engine.step({ ...task, env: blockEnvToJson(task.env ?? env), fetched, blockHashes });
    options.replies?.push(reply);
    if (reply.done) return { outcome: reply.outcome, steps: step };
    fetched = await Promise.all(
      reply.missing.accounts.map(async (a) => {
        const f: FetchedAccount = { request: { address: a.address, slots: a.slots }, proof: await source.getProof(a.address, a.slots) };
        if (a.code) f.code = source.getCode(a.address);
        return options.tamper ? await options.tamper(f) : f;
      }),
    );
    if (reply.missing.blockHashes.length > 0 && options.hashes === false) throw new Error('asked for block hashes');
    blockHashes = reply.missing.blockHashes.map((n) => [n, bytesToHex(ancestorHash(hexToBigInt(n)))]);
  }
  throw new Error('no outcome in 32 steps');
}

const call = (c: Record<string, unknown>) => ({ mode: 'call' as const, call: c });

describe('ExecutionEngine: calls over proven state', () => {
  it('reads storage through a proof, and answers a repeated call from what it proved', async () => {
    const engine = new ExecutionEngine();
    const first = await drive(call({ to: STORE }), { engine });
    expect(first.outcome).toMatchObject({ status: 'success', returnData: word(42n) });
    expect(first.steps).toBe(3);
    const again = await drive(call({ to: STORE }), { engine });
    expect(again).toMatchObject({ outcome: { returnData: word(42n) }, steps: 1 });
  });

  it('follows a call into another contract, proving its code and storage', async () => {
    const { outcome } = await drive(call({ from: ALICE, to: READER }));
    expect(outcome.status).toBe('success');
    expect(outcome.returnData).toBe(word(42n));
  });

  it('charges gas as a transaction: intrinsic + execution − refund', async () => {
    const transfer = await drive(call({ from: ALICE, to: BOB, value: '0x1' }));
    expect(transfer.outcome).toMatchObject({ status: 'success', gasUsed: bigIntToHex(21_000n), returnData: '0x' });
    // EIP-7623: 1 KiB of nonzero calldata to an account without code pays the floor, 21000 + 10·4·1024.
    const floor = await drive(call({ from: ALICE, to: BOB, data: '0x' + 'ff'.repeat(1024) }));
    expect(hexToBigInt(floor.outcome.gasUsed)).toBe(21_000n + 40_960n);
  });

  it('gives BLOCKHASH the parent from the verified header and older blocks only through verified hashes', async () => {
    const parent = await drive({ ...call({ to: BLOCKS, data: word(1n) }) }, { hashes: false });
    expect(parent.outcome.returnData).toBe(bytesToHex(env.parentHash));
    const older = await drive(call({ to: BLOCKS, data: word(5n) }));
    expect(older.outcome.returnData).toBe(bytesToHex(ancestorHash(env.number - 5n)));
    // Out of the 256-block window and the current block: zero, with no hash asked for.
    for (const back of [0n, 257n]) {
      const r = await drive(call({ to: BLOCKS, data: word(back) }), { hashes: false });
      expect(r.outcome.returnData).toBe(word(0n));
    }
  });

  it('reads BASEFEE as 0 in a call that pays no gas price, and the header base fee otherwise', async () => {
    expect((await drive(call({ to: FIELDS }))).outcome.returnData).toBe(word(0n));
    expect((await drive(call({ from: ALICE, to: FIELDS, gasPrice: '0x7' }))).outcome.returnData).toBe(word(7n));
    expect((await drive(call({ from: ALICE, to: FIELDS, maxFeePerGas: '0x10', maxPriorityFeePerGas: '0x1' }))).outcome.returnData).toBe(word(7n));
  });

  it('returns reverts with their data and refuses calls a node refuses, in its words', async () => {
    const r = await drive(call({ to: REVERTER }));
    expect(r.outcome).toMatchObject({ status: 'reverted', returnData: '0xdeadbeef', message: 'execution reverted' });
    const poor = await drive(call({ from: BOB, to: ALICE, value: '0x2' }));
    expect(poor.outcome.status).toBe('invalid');
    expect(poor.outcome.message).toMatch(/^insufficient funds for gas \* price \+ value: address 0xb0b0.* have 1 want 2$/);
    const fee = await drive(call({ from: ALICE, to: BOB, gasPrice: '0x6' }));
    expect(fee.outcome.message).toMatch(/max fee per gas less than block base fee/);
    const low = await drive(call({ from: ALICE, to: BOB, gas: '0x5207' }));
    expect(low.outcome.message).toBe('intrinsic gas too low: have 20999, want 21000');
    const capped = await drive(call({ from: ALICE, to: BOB, gas: bigIntToHex((1n << 24n) + 1n) }));
    expect(capped.outcome.message).toMatch(/^transaction gas limit too high/);
  });

  it('halts on out of gas and invalid opcodes', async () => {
    const w = await buildWorld({ [STORE]: { code: asm('INVALID') } });
    const e = envFor(w);
    const saved = world;
    world = w;
    try {
      expect((await drive({ ...call({ to: STORE }), env: e })).outcome).toMatchObject({ status: 'halted', message: 'invalid opcode' });
    } finally {
      world = saved;
    }
    expect((await drive(call({ to: STORE, gas: bigIntToHex(21_100n) }))).outcome).toMatchObject({ status: 'halted', message: 'out of gas' });
  });

  it('runs precompiles (sha256 at 0x02)', async () => {
    const { outcome } = await drive(call({ to: PRECOMPILES, data: '0x616263' }));
    expect(outcome.returnData).toBe(bytesToHex(sha256(new TextEncoder().encode('abc'))));
  });

  it('creates a contract with to absent, at the address of the sender and its proven nonce', async () => {
    const runtime = returnsWord('PUSH1 0x2a');
    const size = (runtime.length - 2) / 2;
    // init code: CODECOPY the runtime that follows it, RETURN it.
    const init = asm(`PUSH1 ${size.toString(16).padStart(2, '0')} DUP1 PUSH1 0x0a PUSH0 CODECOPY PUSH0 RETURN STOP`) + runtime.slice(2);
    const r = await drive(call({ from: ALICE, data: init }));
    expect(r.outcome.status).toBe('success');
    expect(r.outcome.returnData).toBe(runtime);
  });

  it('applies eth_call state overrides over proven state', async () => {
    const r = await drive({ ...call({ to: STORE }), stateOverride: { [STORE]: { stateDiff: { [word(1n)]: word(100n) } } } });
    expect(r.outcome.returnData).toBe(word(140n));
    const full = await drive({ ...call({ to: STORE }), stateOverride: { [STORE]: { state: { [word(1n)]: word(5n) } } } });
    expect(full.outcome.returnData).toBe(word(5n));
    const code = await drive({ ...call({ to: BOB }), stateOverride: { [BOB]: { code: returnsWord('PUSH1 0x07') } } });
    expect(code.outcome.returnData).toBe(word(7n));
  });

  it('refuses a call object nodes refuse', async () => {
    const engine = new ExecutionEngine();
    const step = (c: unknown) => engine.step({ env: blockEnvToJson(env), mode: 'call', call: c });
    await expect(step({ to: BOB, gasPrice: '0x1', maxFeePerGas: '0x1' })).rejects.toThrow(/both gasPrice and/);
    await expect(step({ to: BOB, input: '0x01', data: '0x02' })).rejects.toThrow(/"data" and "input"/);
    await expect(step({ to: BOB, chainId: '0x5' })).rejects.toThrow(/chainId does not match/);
    await expect(step({ to: BOB, colour: 'blue' })).rejects.toThrow(InputError);
  });
});

describe('ExecutionEngine: gas estimation and access lists', () => {
  it('estimates a plain transfer as geth (21000) and as Hardhat (21001)', async () => {
    const t = { mode: 'estimateGas' as const, call: { from: ALICE, to: BOB, value: '0x1' } };
    expect((await drive({ ...t, estimator: 'geth' })).outcome.gas).toBe(bigIntToHex(21_000n));
    expect((await drive({ ...t, estimator: 'hardhat' })).outcome.gas).toBe(bigIntToHex(21_001n));
  });

  it('finds a gas limit at which a call that forwards gas succeeds', async () => {
    for (const estimator of ['geth', 'hardhat'] as const) {
      const { outcome } = await drive({ mode: 'estimateGas', call: { from: ALICE, to: READER }, estimator });
      const gas = hexToBigInt(outcome.gas!);
      const at = await drive(call({ from: ALICE, to: READER, gas: bigIntToHex(gas) }));
      expect(at.outcome.status).toBe('success');
      expect(gas).toBeGreaterThanOrEqual(hexToBigInt(at.outcome.gasUsed));
    }
  });

  it('fails an estimate of a reverting call with the revert data', async () => {
    const { outcome } = await drive({ mode: 'estimateGas', call: { to: REVERTER } });
    expect(outcome).toMatchObject({ status: 'reverted', returnData: '0xdeadbeef', message: 'execution reverted' });
  });

  it('lists the target when the call reads its storage (as geth), though never as a bare address', async () => {
    const { outcome } = await drive({ mode: 'createAccessList', call: { from: ALICE, to: STORE } });
    expect(outcome.accessList?.map((e) => ({ ...e, storageKeys: e.storageKeys.sort() }))).toEqual([{ address: STORE, storageKeys: [word(0n), word(1n)] }]);
    const { outcome: transfer } = await drive({ mode: 'createAccessList', call: { from: ALICE, to: BOB, value: '0x1' } });
    expect(transfer.accessList).toEqual([]);
  });

  it('lists what a call touches, without the sender, the target and precompiles', async () => {
    const { outcome } = await drive({ mode: 'createAccessList', call: { from: ALICE, to: READER } });
    expect(outcome.accessList?.map((e) => ({ ...e, storageKeys: e.storageKeys.sort() }))).toEqual([{ address: STORE, storageKeys: [word(0n), word(1n)] }]);
    const plain = await drive(call({ from: ALICE, to: READER }));
    // The list costs 2400 + 2·1900 = 6200 up front and saves (2600 − 100) + 2·(2100 − 100) = 6500 of cold accesses.
    expect(hexToBigInt(plain.outcome.gasUsed) - hexToBigInt(outcome.gasUsed)).toBe(300n);
  });
});

describe('ExecutionEngine: access lists name what go-ethereum\'s tracer names (eth/tracers/logger/access_list_tracer.go)', () => {
  const FACTORY = '0x' + 'fa'.repeat(20);
  const CREATE_NAMES = '0x' + 'fb'.repeat(20);
  const STORER = '0x' + '57'.repeat(20);
  const SPENDER = '0x' + '58'.repeat(20);
  const STATIC = '0x' + '59'.repeat(20);
  const PROBE = '0x' + '9b'.repeat(20);
  const PROBER = '0x' + '9c'.repeat(20);
  const PAYS_COINBASE = '0x' + 'cb'.repeat(20);
  /** CALL(gas, to, 0, 0, 0, 0, 0), the callee's failure ignored. */
  const callWith = (gas: number, to: string) => `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${to} PUSH2 ${gas.toString(16).padStart(4, '0')} CALL POP`;
  // PUSH1 0x01 PUSH0 SSTORE: the CREATE2 child's init code, slot 0 of the child set.
  const INIT = '0x60015f55';
  let w: World;
  let e: BlockEnv;
  beforeAll(async () => {
    w = await buildWorld({
      [ALICE]: { balance: 5n * ONE_ETHER, nonce: 7n },
      [BOB]: { balance: 1n },
      // CREATE of an empty contract; CREATE2 (salt 0) of INIT.
      [FACTORY]: { nonce: 1n, code: asm(`PUSH0 PUSH0 PUSH0 CREATE POP PUSH4 ${INIT} PUSH0 MSTORE PUSH0 PUSH1 0x04 PUSH1 0x1c PUSH0 CREATE2 POP STOP`) },
      // CREATE of an empty contract, then EXTCODESIZE of it.
      [CREATE_NAMES]: { nonce: 1n, code: asm('PUSH0 PUSH0 PUSH0 CREATE EXTCODESIZE POP STOP') },
      [STORER]: { code: asm('PUSH1 0x01 PUSH0 SSTORE STOP') },
      // STORER with 2300 gas: its SSTORE fails at EIP-2200's sentry (gas left must exceed 2300).
      [SPENDER]: { code: asm(`${callWith(2300, STORER)} STOP`) },
      // STATICCALL(gas, STORER, 0, 0, 0, 0): its SSTORE is a write in a static call.
      [STATIC]: { code: asm(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${STORER} GAS STATICCALL POP STOP`) },
      [PROBE]: { code: asm(`PUSH20 ${BOB} EXTCODESIZE POP STOP`) },
      // PROBE with 1000 gas: its EXTCODESIZE of BOB, cold, costs 2600.
      [PROBER]: { code: asm(`${callWith(1000, PROBE)} STOP`) },
      [PAYS_COINBASE]: { code: asm('COINBASE BALANCE POP STOP') },
    });
    e = envFor(w);
  });
  const listOf = async (to: string) => {
    const { outcome } = await drive({ mode: 'createAccessList', call: { from: ALICE, to }, env: e }, { world: w });
    expect(outcome.status).toBe('success');
    return outcome.accessList;
  };

  it('lists a contract the call creates only when an opcode names it or uses its storage', async () => {
    const factory = hexToBytes(FACTORY, 20);
    const child2 = bytesToHex(keccak256(concatBytes(Uint8Array.of(0xff), factory, new Uint8Array(32), keccak256(hexToBytes(INIT)))).subarray(12));
    // The CREATE child (at nonce 1), warmed by its creation, is named by nothing.
    expect(await listOf(FACTORY)).toEqual([{ address: child2, storageKeys: [word(0n)] }]);
    const child = bytesToHex(createAddress(hexToBytes(CREATE_NAMES, 20), 1n));
    expect(await listOf(CREATE_NAMES)).toEqual([{ address: child, storageKeys: [] }]);
  });

  it('lists what an opcode that fails names (out of gas, a write in a static call): geth\'s hook sees it before its checks', async () => {
    expect(await listOf(SPENDER)).toEqual([{ address: STORER, storageKeys: [word(0n)] }]);
    expect(await listOf(STATIC)).toEqual([{ address: STORER, storageKeys: [word(0n)] }]);
    // @ethereumjs/evm warms the address before it charges the 2600 (listed before this change too).
    // Listed, BOB is warm: the EXTCODESIZE costs 100 and PROBE's call succeeds.
    expect(await listOf(PROBER)).toEqual([{ address: PROBE, storageKeys: [] }, { address: BOB, storageKeys: [] }]);
  });

  it('lists the coinbase when an opcode names it (geth leaves out only the sender, the recipient and precompiles)', async () => {
    expect(await listOf(PAYS_COINBASE)).toEqual([{ address: bytesToHex(e.coinbase), storageKeys: [] }]);
  });
});

describe('ExecutionEngine: a call repeated at a new head', () => {
  // STORE's slot 0 changed, and BRANCH reads slot 5 only when its slot 0 is not zero.
  const BRANCH = '0x' + 'b4'.repeat(20);
  const branchCode = returnsWord('PUSH0 SLOAD PUSH1 0x09 JUMPI PUSH0 PUSH1 0x0d JUMP JUMPDEST PUSH1 0x05 SLOAD JUMPDEST');
  const accounts = (slot0: bigint, branch0: bigint): Record<string, WorldAccount> => ({
    [ALICE]: { balance: 5n * ONE_ETHER, nonce: 7n },
    [STORE]: { code: returnsWord('PUSH1 0x01 SLOAD PUSH0 SLOAD ADD'), storage: { '0x0': slot0, '0x1': 2n } },
    [READER]: { code: asm(`PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH20 ${STORE} GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN`) },
    [BRANCH]: { code: branchCode, storage: { '0x0': branch0, '0x5': 77n } },
  });
  let before: World;
  let after: World;
  let envAfter: BlockEnv;
  beforeAll(async () => {
    before = await buildWorld(accounts(40n, 0n));
    after = await buildWorld(accounts(100n, 1n));
    envAfter = envFor(after, { number: envFor(before).number + 1n });
  });

  it("names all it needs in one round (the last head's path, no hint needed) and answers from the new state only", async () => {
    const engine = new ExecutionEngine();
    const first = await drive({ ...call({ from: ALICE, to: READER }), env: envFor(before) }, { engine, world: before });
    expect(first.outcome.returnData).toBe(word(42n));
    const replies: ExecutionReply[] = [];
    const next = await drive({ ...call({ from: ALICE, to: READER }), env: envAfter }, { engine, world: after, replies });
    expect(next).toMatchObject({ outcome: { status: 'success', returnData: word(102n) }, steps: 2 });
    expect(replies[0]).toMatchObject({ done: false, missing: { predicted: true } });
    // Code held from the last head is not fetched again: only accounts and slots are proven.
    expect((replies[0] as { missing: { accounts: { code: boolean }[] } }).missing.accounts.every((a) => !a.code)).toBe(true);
  });

  it('takes another round, unpredicted, where the new state sends the call down another path', async () => {
    const engine = new ExecutionEngine();
    expect((await drive({ ...call({ to: BRANCH }), env: envFor(before) }, { engine, world: before })).outcome.returnData).toBe(word(0n));
    const replies: ExecutionReply[] = [];
    const next = await drive({ ...call({ to: BRANCH }), env: envAfter }, { engine, world: after, replies });
    expect(next.outcome.returnData).toBe(word(77n));
    expect(next.steps).toBe(3);
    expect(replies[0]).toMatchObject({ missing: { predicted: true } });
    expect((replies[1] as { missing: { predicted?: boolean } }).missing.predicted).toBeUndefined();
  });

  it('refuses a lie at the new head though the last head proved the same account', async () => {
    const engine = new ExecutionEngine();
    await drive({ ...call({ to: STORE }), env: envFor(before) }, { engine, world: before });
    const err = await drive({ ...call({ to: STORE }), env: envAfter }, {
      engine,
      world: after,
      tamper: async (f) => (f.request.address === STORE ? { ...f, proof: await before.getProof(STORE, f.request.slots) } : f),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
  });

  it('estimates at the new head in one round as well', async () => {
    const engine = new ExecutionEngine();
    await drive({ mode: 'estimateGas', call: { from: ALICE, to: READER }, env: envFor(before) }, { engine, world: before });
    const replies: ExecutionReply[] = [];
    const next = await drive({ mode: 'estimateGas', call: { from: ALICE, to: READER }, env: envAfter }, { engine, world: after, replies });
    expect(next.steps).toBe(2);
    expect(next.outcome.status).toBe('success');
  });
});

describe('ExecutionEngine: nothing unproven enters', () => {
  const lie = (change: (proof: Record<string, any>) => void) => (f: FetchedAccount): FetchedAccount => {
    const proof = structuredClone(f.proof) as Record<string, any>;
    if (f.request.address === STORE) change(proof);
    return { ...f, proof };
  };

  it('refuses a storage value the proof does not prove', async () => {
    const err = await drive(call({ to: STORE }), {
      tamper: lie((p) => {
        for (const s of p.storageProof) s.value = '0x99';
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('PROOF_VALUE_MISMATCH');
  });

  it('refuses code that does not hash to the proven code hash', async () => {
    const err = await drive(call({ to: STORE }), {
      tamper: (f) => (f.request.address === STORE && f.code !== undefined ? { ...f, code: returnsWord('PUSH1 0x01') } : f),
    }).catch((e: unknown) => e);
    expect((err as VerificationError).code).toBe('CODE_HASH_MISMATCH');
  });

  it('refuses a valid proof of another address or of other slots', async () => {
    const other = await drive(call({ to: STORE }), {
      tamper: (f) => (f.request.address === STORE ? { ...f, request: { ...f.request, address: BOB } } : f),
    }).catch((e: unknown) => e);
    expect((other as VerificationError).code).toBe('PROOF_ADDRESS_MISMATCH');
    const slot = '0x' + '00'.repeat(31) + '77';
    const slots = await drive(call({ to: STORE }), {
      tamper: (f) => (f.request.address === STORE && f.request.slots.length > 0 ? { ...f, request: { ...f.request, slots: f.request.slots.map(() => slot) } } : f),
    }).catch((e: unknown) => e);
    expect(slots).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: slot });
  });

  it('refuses a proof against another state root', async () => {
    const forged = await buildWorld({ [STORE]: { code: returnsWord('PUSH1 0x01'), storage: { '0x0': 1n } } });
    const err = await drive(call({ to: STORE }), {
      tamper: async (f) => (f.request.address === STORE ? { ...f, proof: await forged.getProof(STORE, f.request.slots) } : f),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
  });
});

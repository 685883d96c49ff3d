/**
 * The end of a transaction for the accounts it self-destructed (src/execution/call.ts runCall):
 * a contract created and self-destructed in one transaction is gone for the next call of a batch
 * and for the next block of an eth_simulateV1 request (before Cancun any self-destructed account);
 * from Cancun a contract that existed before the transaction keeps its code, storage and nonce
 * (EIP-6780); from Amsterdam a contract created in the transaction is cleared but keeps a balance it
 * still holds (EIP-8246). Small contracts assembled here, over a proven world.
 */
import { Address } from '@ethereumjs/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import type { BlockEnv, ExecutionFork } from '../../../src/execution/block-env.ts';
import { type ExecutedCall, runCall } from '../../../src/execution/call.ts';
import type { CallRequest } from '../../../src/execution/call-request.ts';
import { ProvenStateManager, StateMisses } from '../../../src/execution/evm-state.ts';
import { type SimulatedCall, simulateBlocks } from '../../../src/execution/simulate.ts';
import { ProvenState } from '../../../src/execution/state.ts';
import { createAddress } from '../../../src/execution/transactions.ts';
import { EMPTY_CODE_HASH } from '../../../src/proofs/constants.ts';
import { asm } from './asm.ts';
import { buildWorld, envFor, type World } from './world.ts';

const at = (byte: number) => '0x' + byte.toString(16).padStart(2, '0').repeat(20);
const SELFDESTRUCT = 'ff';

const ALICE = at(0xa1);
const ALICE_NONCE = 3n;
const BENEFICIARY = at(0xbe);
/** Sends its balance to BENEFICIARY and self-destructs (22 bytes). */
const TO_BENEFICIARY = asm(`PUSH20 ${BENEFICIARY}`) + SELFDESTRUCT;
/** Self-destructs with itself as the beneficiary. */
const TO_ITSELF = asm('ADDRESS') + SELFDESTRUCT;
/** A contract that was there before any transaction here: TO_BENEFICIARY, 7 wei, a slot and a nonce. */
const OLD = at(0x01);
/** CREATE2s its calldata as init code (salt 0, the call's value), calls the new contract once, returns its address (0 when the creation failed). */
const FACTORY = at(0xfa);
/** Calls the address in its calldata, then reverts. */
const CALL_THEN_REVERT = at(0x4e);
/** Returns EXTCODESIZE, EXTCODEHASH and BALANCE of the address in its calldata. */
const PROBE = at(0x9b);

/** Init code that writes slot 0 and deploys `runtime`. */
function initOf(runtime: string): string {
  const n = (runtime.length - 2) / 2;
  return asm(`PUSH1 0x2a PUSH0 SSTORE PUSH${n} ${runtime} PUSH0 MSTORE PUSH1 0x${n.toString(16).padStart(2, '0')} PUSH1 0x${(32 - n).toString(16).padStart(2, '0')} RETURN`);
}

/** Where FACTORY's CREATE2 of `init` lands. */
const create2At = (init: string) => bytesToHex(keccak256(concatBytes(Uint8Array.of(0xff), hexToBytes(FACTORY, 20), new Uint8Array(32), keccak256(hexToBytes(init)))).slice(12));

const EMPTY_HASH = BigInt(bytesToHex(EMPTY_CODE_HASH));
const hashOf = (code: string) => BigInt(bytesToHex(keccak256(hexToBytes(code))));

let world: World;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 10n ** 18n, nonce: ALICE_NONCE },
    [BENEFICIARY]: { balance: 1n },
    [OLD]: { balance: 7n, nonce: 1n, code: TO_BENEFICIARY, storage: { '0x00': 5n } },
    [FACTORY]: { code: asm('CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY PUSH0 CALLDATASIZE PUSH0 CALLVALUE CREATE2 PUSH0 MSTORE PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 MLOAD GAS CALL POP PUSH1 0x20 PUSH0 RETURN') },
    [CALL_THEN_REVERT]: { code: asm('PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 CALLDATALOAD GAS CALL PUSH0 PUSH0 REVERT') },
    [PROBE]: { code: asm('PUSH0 CALLDATALOAD DUP1 EXTCODESIZE PUSH0 MSTORE DUP1 EXTCODEHASH PUSH1 0x20 MSTORE BALANCE PUSH1 0x40 MSTORE PUSH1 0x60 PUSH0 RETURN') },
  });
});

const envAt = (fork: ExecutionFork): BlockEnv => envFor(world, { fork, gasLimit: 60_000_000n, ...(fork === 'amsterdam' ? { slotNumber: 4242n } : {}) });

/** A free call from Alice (as eth_call and eth_simulateV1 without fees run it). */
const call = (to: string | null, data: string, value = 0n): CallRequest => ({
  from: hexToBytes(ALICE, 20),
  to: to === null ? null : hexToBytes(to, 20),
  value,
  data: hexToBytes(data),
  gas: 5_000_000n,
  accessList: [],
  blobVersionedHashes: [],
});

const probe = (address: string) => call(PROBE, '0x' + address.slice(2).padStart(64, '0'));

/** What PROBE answered: [code size, code hash (0: no account), balance]. */
function probed(c: SimulatedCall | undefined): [bigint, bigint, bigint] {
  expect(c?.status).toBe('success');
  const word = (i: number) => BigInt(bytesToHex(c!.returnData.subarray(32 * i, 32 * i + 32)));
  return [word(0), word(1), word(2)];
}

const returnedAddress = (c: SimulatedCall | undefined) => bytesToHex(c!.returnData.subarray(12, 32));

function prove(state: ProvenState, misses: StateMisses): Promise<void[]> {
  return Promise.all(
    [...new Set([...misses.accounts, ...misses.codes, ...misses.slots.keys()])].map(async (a) => {
      const slots = [...(misses.slots.get(a) ?? [])];
      state.addProof({ address: a, slots }, await world.getProof(a, slots));
      const code = world.getCode(a);
      if (code !== '0x') state.addCode(a, hexToBytes(code));
    }),
  );
}

/** simulateBlocks (a batch, or eth_simulateV1's blocks), proving what it misses until it has all it read. */
async function simulate(fork: ExecutionFork, blocks: CallRequest[][]): Promise<SimulatedCall[][]> {
  const state = new ProvenState(world.stateRoot);
  for (let round = 0; round < 20; round++) {
    const r = await simulateBlocks(
      blocks.map((calls) => ({ env: envAt(fork), calls })),
      state,
    );
    if (r.kind === 'done') return r.simulation.blocks;
    await prove(state, r.misses);
  }
  throw new Error('the simulation kept missing state');
}

/** runCall after runCall on one overlay, as a batch runs them; the overlay after the last. `slots`: proven first, for the reads after. */
async function runInOrder(fork: ExecutionFork, calls: CallRequest[], slots: Record<string, string[]> = {}): Promise<ProvenStateManager> {
  const state = new ProvenState(world.stateRoot);
  for (const [a, s] of Object.entries(slots)) state.addProof({ address: a, slots: s }, await world.getProof(a, s));
  for (let round = 0; round < 20; round++) {
    const manager = new ProvenStateManager(state, new StateMisses());
    let missing = false;
    for (const c of calls) {
      const r = await runCall(envAt(fork), c, state, { manager });
      if (r.kind === 'missing') {
        missing = true;
        break;
      }
      expect(r.kind === 'executed' && r.success, `${bytesToHex(c.data)}: ${JSON.stringify((r as ExecutedCall).halt)}`).toBe(true);
      manager.commitAll();
    }
    // The accounts asserted on afterwards are read within the run (or in `slots`), so proven already.
    if (!missing) return manager;
    await prove(state, manager.misses);
  }
  throw new Error('the run kept missing state');
}

const ALL_FORKS: ExecutionFork[] = ['shanghai', 'cancun', 'osaka', 'amsterdam'];
const SINCE_CANCUN: ExecutionFork[] = ['cancun', 'osaka', 'amsterdam'];

describe('a contract created and self-destructed in one transaction', () => {
  const init = initOf(TO_BENEFICIARY);
  const doomed = create2At(init);

  for (const fork of ALL_FORKS) {
    it(`${fork}: is gone for the next call of the batch, its balance at the beneficiary, and CREATE2 can land there again`, async () => {
      const [calls] = await simulate(fork, [[call(FACTORY, init, 1000n), probe(doomed), probe(BENEFICIARY), call(FACTORY, init)]]);
      expect(calls!.map((c) => c.status)).toEqual(['success', 'success', 'success', 'success']);
      expect(returnedAddress(calls![0])).toBe(doomed);
      // No code, no account (EXTCODEHASH 0), no balance.
      expect(probed(calls![1])).toEqual([0n, 0n, 0n]);
      expect(probed(calls![2])[2]).toBe(1n + 1000n);
      // A leftover nonce or code would make the same CREATE2 collide (and answer 0).
      expect(returnedAddress(calls![3])).toBe(doomed);
    });
  }

  it('is gone in the next block of an eth_simulateV1 request', async () => {
    const [first, second] = await simulate('osaka', [[call(FACTORY, init, 1000n)], [probe(doomed), probe(BENEFICIARY)]]);
    expect(returnedAddress(first![0])).toBe(doomed);
    expect(probed(second![0])).toEqual([0n, 0n, 0n]);
    expect(probed(second![1])[2]).toBe(1001n);
  });

  it('self-destructing in its constructor leaves no account (not even the nonce 1 a creation gives)', async () => {
    const created = bytesToHex(createAddress(hexToBytes(ALICE, 20), ALICE_NONCE));
    const [calls] = await simulate('osaka', [[call(null, TO_BENEFICIARY, 500n), probe(created), probe(BENEFICIARY)]]);
    expect(calls![0]!.status).toBe('success');
    expect(probed(calls![1])).toEqual([0n, 0n, 0n]);
    expect(probed(calls![2])[2]).toBe(501n);
  });

  for (const fork of ALL_FORKS) {
    it(`${fork}: the overlay holds nothing of it after the transaction (account, code, storage)`, async () => {
      const manager = await runInOrder(fork, [call(FACTORY, init, 1000n)]);
      const address = new Address(hexToBytes(doomed, 20));
      expect(await manager.getAccount(address)).toBeUndefined();
      expect(await manager.getCode(address)).toEqual(new Uint8Array(0));
      expect(await manager.getStorage(address, new Uint8Array(32))).toEqual(new Uint8Array(0));
      expect((await manager.getAccount(new Address(hexToBytes(BENEFICIARY, 20))))?.balance).toBe(1001n);
    });
  }
});

describe('a contract created in the transaction, self-destructing to itself', () => {
  const init = initOf(TO_ITSELF);
  const doomed = create2At(init);

  it('cancun and osaka: its balance burns with it (EIP-6780 keeps the old rule for a contract created in the transaction)', async () => {
    for (const fork of ['cancun', 'osaka'] as const) {
      const [calls] = await simulate(fork, [[call(FACTORY, init, 1000n), probe(doomed)]]);
      expect(probed(calls![1]), fork).toEqual([0n, 0n, 0n]);
    }
  });

  it('amsterdam: cleared at the end (nonce 0, no code, no storage) but keeping its balance (EIP-8246)', async () => {
    const [calls] = await simulate('amsterdam', [[call(FACTORY, init, 1000n), probe(doomed), call(FACTORY, init), probe(doomed)]]);
    // A balance-only account: it exists (the empty code's hash), with the 1000 wei.
    expect(probed(calls![1])).toEqual([0n, EMPTY_HASH, 1000n]);
    // Nonce 0 and no code: CREATE2 can use the address again (EIP-8246's rationale).
    expect(returnedAddress(calls![2])).toBe(doomed);
    expect(probed(calls![3])).toEqual([0n, EMPTY_HASH, 1000n]);

    const manager = await runInOrder('amsterdam', [call(FACTORY, init, 1000n)]);
    const account = await manager.getAccount(new Address(hexToBytes(doomed, 20)));
    expect({ nonce: account?.nonce, balance: account?.balance, codeHash: account && bytesToHex(account.codeHash) }).toEqual({ nonce: 0n, balance: 1000n, codeHash: bytesToHex(EMPTY_CODE_HASH) });
    expect(await manager.getCode(new Address(hexToBytes(doomed, 20)))).toEqual(new Uint8Array(0));
    expect(await manager.getStorage(new Address(hexToBytes(doomed, 20)), new Uint8Array(32))).toEqual(new Uint8Array(0));
  });
});

describe('a contract that existed before the transaction (EIP-6780)', () => {
  for (const fork of SINCE_CANCUN) {
    it(`${fork}: keeps its code, storage and nonce; only its balance goes to the beneficiary`, async () => {
      const [calls] = await simulate(fork, [[call(OLD, '0x'), probe(OLD), probe(BENEFICIARY)]]);
      expect(probed(calls![1])).toEqual([22n, hashOf(TO_BENEFICIARY), 0n]);
      expect(probed(calls![2])[2]).toBe(8n);

      const manager = await runInOrder(fork, [call(OLD, '0x')], { [OLD]: ['0x' + '0'.repeat(64)] });
      const account = await manager.getAccount(new Address(hexToBytes(OLD, 20)));
      expect({ nonce: account?.nonce, balance: account?.balance }).toEqual({ nonce: 1n, balance: 0n });
      expect(await manager.getStorage(new Address(hexToBytes(OLD, 20)), new Uint8Array(32))).toEqual(Uint8Array.of(5));
    });

    it(`${fork}: created by the transaction before, self-destructed in this one, it keeps its code`, async () => {
      const created = bytesToHex(createAddress(hexToBytes(ALICE, 20), ALICE_NONCE));
      const [calls] = await simulate(fork, [[call(null, initOf(TO_BENEFICIARY), 300n), call(created, '0x'), probe(created), probe(BENEFICIARY)]]);
      expect(calls!.map((c) => c.status)).toEqual(['success', 'success', 'success', 'success']);
      expect(probed(calls![2])).toEqual([22n, hashOf(TO_BENEFICIARY), 0n]);
      expect(probed(calls![3])[2]).toBe(301n);
    });
  }

  it('shanghai: before EIP-6780 any self-destructed account is deleted', async () => {
    const [calls] = await simulate('shanghai', [[call(OLD, '0x'), probe(OLD), probe(BENEFICIARY)]]);
    expect(probed(calls![1])).toEqual([0n, 0n, 0n]);
    expect(probed(calls![2])[2]).toBe(8n);
  });
});

describe('a self-destruct undone', () => {
  it('shanghai: a transaction that reverts after a contract self-destructed deletes nothing', async () => {
    const [calls] = await simulate('shanghai', [[call(CALL_THEN_REVERT, '0x' + OLD.slice(2).padStart(64, '0')), probe(OLD)]]);
    expect(calls![0]!.status).toBe('reverted');
    expect(probed(calls![1])).toEqual([22n, hashOf(TO_BENEFICIARY), 7n]);
  });
});

/**
 * Amsterdam's transaction rules in Vigil's EVM (src/execution/gas/tx-gas.ts and runCall) against
 * @ethereumjs/vm 10.1.3's runTx, the engine the devnet builds its blocks with: the same signed
 * transaction over the same state, run by each, must give the same status, receipt gas, logs
 * (EIP-7708's included), block gas per dimension (EIP-7778, EIP-8037) and balances. Both share the
 * interpreter, so what this checks is Vigil's own half: intrinsic gas (EIP-2780), the floors
 * (EIP-7976, EIP-7981), access lists (EIP-8038), the state-gas reservoir, the authorizations'
 * charges, refunds. The opcodes are checked against another EVM in test/integration.
 */
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createBlock } from '@ethereumjs/block';
import { createTx, type TypedTransaction } from '@ethereumjs/tx';
import { Account, Address, createAddressFromString } from '@ethereumjs/util';
import { createVM, runTx } from '@ethereumjs/vm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { secp256k1PublicKey, secp256k1Sign } from '../../../src/crypto/secp256k1.ts';
import { authorizationDigest } from '../../../src/execution/authorizations.ts';
import type { BlockEnv } from '../../../src/execution/block-env.ts';
import { type ExecutedCall, type RunResult, runCall } from '../../../src/execution/call.ts';
import type { CallRequest } from '../../../src/execution/call-request.ts';
import { ProvenStateManager, StateMisses } from '../../../src/execution/evm-state.ts';
import { ProvenState } from '../../../src/execution/state.ts';
import { AMSTERDAM, intrinsicGas, splitExecutionGas, TX_GAS_LIMIT_CAP } from '../../../src/execution/gas/tx-gas.ts';
import { paramsEVM } from '@ethereumjs/evm';
import { simulateBlocks } from '../../../src/execution/simulate.ts';
import { newStateText } from '../../../src/ui/components/approval/effects.ts';
import { asm } from './asm.ts';
import { buildWorld, envFor, type World, type WorldAccount } from './world.ts';

const CHAIN = 1n;
const key = (n: number) => hexToBytes('0x' + n.toString(16).padStart(64, '0'), 32);
const addressOf = (privateKey: Uint8Array) => keccak256(secp256k1PublicKey(privateKey).subarray(1)).slice(12);
const hex = (b: Uint8Array) => bytesToHex(b);
const at = (byte: number) => hexToBytes('0x' + byte.toString(16).padStart(2, '0').repeat(20), 20);

const SENDER_KEY = key(0x5e5d);
const AUTHORITY_KEY = key(0xa117);
const FRESH_AUTHORITY_KEY = key(0xf4e5);
const SENDER = addressOf(SENDER_KEY);
const AUTHORITY = addressOf(AUTHORITY_KEY);
const FRESH_AUTHORITY = addressOf(FRESH_AUTHORITY_KEY);
const EXISTING = at(0xe0);
const FRESH = at(0xf0);
/** Stores CALLVALUE + 1 at the slot named by calldata word 0 (a new slot, or an existing one). */
const STORE = at(0x51);
/** Stores SLOTNUM at slot 0, and DUPN/SWAPN/EXCHANGE's results at 1..3 (EIP-8024's immediates). */
const SLOTNUM = at(0x52);
/** CREATEs its calldata as initcode, and stores the new address. */
const FACTORY = at(0x53);
const REVERTER = at(0x54);
const DELEGATE = at(0xde);
/** Logs, then sends 1 wei on to EXISTING (an EIP-7708 log from inside a call). */
const FORWARDER = at(0x55);
const UNIT = 10n ** 18n;

const ACCOUNTS: Record<string, WorldAccount> = {
  [hex(SENDER)]: { balance: 100n * UNIT, nonce: 4n },
  [hex(AUTHORITY)]: { balance: UNIT, nonce: 2n },
  [hex(EXISTING)]: { balance: 5n },
  [hex(STORE)]: { code: asm('CALLVALUE PUSH1 0x01 ADD PUSH0 CALLDATALOAD SSTORE STOP'), storage: { '0x07': 9n } },
  [hex(SLOTNUM)]: {
    // SLOTNUM; DUPN 1 over [a, b] leaves a copy; SWAPN and EXCHANGE are left to the generated programs of the integration test.
    code: '0x4b5f55' + asm('PUSH1 0x2a PUSH1 0x01 SSTORE STOP').slice(2),
  },
  [hex(FACTORY)]: { code: asm('CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY CALLDATASIZE PUSH0 PUSH0 CREATE PUSH0 SSTORE STOP') },
  [hex(REVERTER)]: { code: asm('PUSH1 0x01 PUSH0 SSTORE PUSH0 PUSH0 REVERT') },
  [hex(DELEGATE)]: { code: asm('PUSH1 0x01 PUSH0 SSTORE STOP') },
  [hex(FORWARDER)]: { code: asm('PUSH0 PUSH0 LOG0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x01 PUSH20 ' + 'e0'.repeat(20) + ' GAS CALL STOP'), balance: 10n },
};

const HEADER = { number: 1000n, timestamp: 1_800_000_000n, gasLimit: 60_000_000n, baseFeePerGas: 7n, slotNumber: 4242n };

let world: World;
const common = () => createCustomCommon({ chainId: Number(CHAIN) }, Mainnet, { hardfork: 'amsterdam' });

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld(ACCOUNTS);
});

const env = (): BlockEnv => envFor(world, { chainId: CHAIN, fork: 'amsterdam', ...HEADER, coinbase: at(0xc0) });

interface TxSpec {
  to: Uint8Array | null;
  nonce?: bigint;
  value?: bigint;
  data?: Uint8Array;
  gas: bigint;
  accessList?: { address: Uint8Array; storageKeys: Uint8Array[] }[];
  authorizations?: { key: Uint8Array; address: Uint8Array; nonce: bigint }[];
}

/** The transaction as the chain has it: signed, type 2 (type 4 with authorizations). */
function signed(spec: TxSpec): TypedTransaction {
  const authorizationList = (spec.authorizations ?? []).map((a) => {
    const tuple = { chainId: CHAIN, address: a.address, nonce: a.nonce };
    const sig = secp256k1Sign(authorizationDigest(tuple), a.key);
    return { chainId: '0x1', address: hex(a.address), nonce: '0x' + a.nonce.toString(16), yParity: sig.recovery === 1 ? '0x1' : '0x0', r: '0x' + sig.r.toString(16), s: '0x' + sig.s.toString(16) };
  });
  const data = {
    type: authorizationList.length > 0 ? 4 : 2,
    chainId: CHAIN,
    nonce: spec.nonce ?? 4n,
    maxFeePerGas: 20n,
    maxPriorityFeePerGas: 2n,
    gasLimit: spec.gas,
    ...(spec.to !== null ? { to: spec.to } : {}),
    value: spec.value ?? 0n,
    data: spec.data ?? new Uint8Array(0),
    accessList: (spec.accessList ?? []).map((e) => ({ address: hex(e.address), storageKeys: e.storageKeys.map(hex) })),
    ...(authorizationList.length > 0 ? { authorizationList } : {}),
  };
  return createTx(data as Parameters<typeof createTx>[0], { common: common() }).sign(SENDER_KEY);
}

interface Outcome {
  status: 'success' | 'failed' | 'invalid';
  gasUsed: bigint;
  regular: bigint;
  state: bigint;
  logs: string[];
  balances: bigint[];
  senderNonce?: bigint;
}

const WATCHED = [SENDER, EXISTING, FRESH, AUTHORITY, FRESH_AUTHORITY, FORWARDER];

/** runTx over the world's accounts, the transactions one after another; the last one's outcome. */
async function theirs(spec: TxSpec, before: TxSpec[] = []): Promise<Outcome> {
  const vm = await createVM({ common: common() });
  for (const [address, a] of Object.entries(ACCOUNTS)) {
    const addr = createAddressFromString(address);
    await vm.stateManager.putAccount(addr, new Account(a.nonce ?? 0n, a.balance ?? 0n));
    if (a.code !== undefined) await vm.stateManager.putCode(addr, hexToBytes(a.code));
    for (const [slot, value] of Object.entries(a.storage ?? {})) await vm.stateManager.putStorage(addr, hexToBytes('0x' + slot.slice(2).padStart(64, '0')), hexToBytes('0x' + value.toString(16).padStart(2, '0')));
  }
  const block = createBlock({ header: { ...HEADER, coinbase: at(0xc0), parentBeaconBlockRoot: new Uint8Array(32), excessBlobGas: 0n, blobGasUsed: 0n } }, { common: common(), skipConsensusFormatValidation: true });
  for (const earlier of before) await runTx(vm, { tx: signed(earlier), block, skipHardForkValidation: true, skipBlockGasLimitValidation: true });
  let r;
  try {
    r = await runTx(vm, { tx: signed(spec), block, skipHardForkValidation: true, skipBlockGasLimitValidation: true });
  } catch {
    return { status: 'invalid', gasUsed: 0n, regular: 0n, state: 0n, logs: [], balances: [] };
  }
  const balances = await Promise.all(WATCHED.map(async (a) => (await vm.stateManager.getAccount(new Address(a)))?.balance ?? 0n));
  return {
    status: r.execResult.exceptionError === undefined ? 'success' : 'failed',
    gasUsed: r.totalGasSpent,
    regular: r.txRegularGas ?? r.blockGasSpent,
    state: r.txStateGas ?? 0n,
    logs: (r.execResult.logs ?? []).map(([a, t, d]) => `${hex(a)}:${t.map(hex).join(',')}:${hex(d)}`),
    balances,
    senderNonce: (await vm.stateManager.getAccount(new Address(SENDER)))!.nonce,
  };
}

/** Vigil's runCall, proving what it misses from the world until it has all it read. */
async function ours(spec: TxSpec, before: TxSpec[] = []): Promise<Outcome> {
  const state = new ProvenState(world.stateRoot);
  // The balances compared are read after the run: proven first.
  for (const a of WATCHED) state.addProof({ address: hex(a), slots: [] }, await world.getProof(hex(a), []));
  for (let round = 0; round < 20; round++) {
    const manager = new ProvenStateManager(state, new StateMisses());
    let r: RunResult | undefined;
    for (const s of [...before, spec]) {
      r = await runCall(env(), requestOf(s), state, { manager, validate: { nonce: true } });
      if (r.kind !== 'executed') break;
    }
    if (r!.kind === 'missing') {
      const misses = (r as { misses: StateMisses }).misses;
      for (const a of new Set([...misses.accounts, ...misses.codes, ...misses.slots.keys()])) {
        const slots = [...(misses.slots.get(a) ?? [])];
        state.addProof({ address: a, slots }, await world.getProof(a, slots));
        const code = world.getCode(a);
        if (code !== '0x') state.addCode(a, hexToBytes(code));
      }
      continue;
    }
    if (r!.kind === 'invalid') return { status: 'invalid', gasUsed: 0n, regular: 0n, state: 0n, logs: [], balances: [] };
    const balances = await Promise.all(WATCHED.map(async (a) => (await manager.getAccount(new Address(a)))?.balance ?? 0n));
    return { ...outcomeOf(r as ExecutedCall, balances), senderNonce: (await manager.getAccount(new Address(SENDER)))!.nonce };
  }
  throw new Error('the run kept missing state');
}

/** The transaction as a call the engine runs (its authorizations as signed). */
function requestOf(spec: TxSpec): CallRequest {
  const tx = signed(spec);
  return {
    from: SENDER,
    to: spec.to,
    value: spec.value ?? 0n,
    data: spec.data ?? new Uint8Array(0),
    gas: spec.gas,
    nonce: spec.nonce ?? 4n,
    maxFeePerGas: 20n,
    maxPriorityFeePerGas: 2n,
    accessList: (spec.accessList ?? []).map((e) => ({ address: e.address, storageKeys: e.storageKeys })),
    blobVersionedHashes: [],
    ...('authorizationList' in tx ? { authorizationList: (tx.authorizationList as Uint8Array[][]).map(([chainId, address, nonce, yParity, r, s]) => ({ chainId: big(chainId!), address: address!, nonce: big(nonce!), yParity: Number(big(yParity!)), r: big(r!), s: big(s!) })) } : {}),
  };
}

const big = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt(hex(b)));

function outcomeOf(r: ExecutedCall, balances: bigint[]): Outcome {
  return {
    status: r.success ? 'success' : 'failed',
    gasUsed: r.gasUsed,
    regular: r.blockGas.regular,
    state: r.blockGas.state,
    logs: r.logs.map((l) => `${hex(l.address)}:${l.topics.map(hex).join(',')}:${hex(l.data)}`),
    // Vigil credits no tip to the coinbase (call.ts: DIFF FROM geth); the coinbase is not watched.
    balances,
  };
}

const word = (n: bigint) => hexToBytes('0x' + n.toString(16).padStart(64, '0'), 32);

const CASES: Record<string, TxSpec> = {
  'ETH to a new account (state gas for its leaf, an EIP-7708 log)': { to: FRESH, value: 3n, gas: 400_000n },
  'ETH to a new account, the gas short of its state gas': { to: FRESH, value: 3n, gas: 100_000n },
  'ETH to an existing account': { to: EXISTING, value: 3n, gas: 100_000n },
  'ETH to itself': { to: SENDER, value: 3n, gas: 100_000n },
  'a call with no value to a new account': { to: FRESH, gas: 100_000n },
  'a new storage slot': { to: STORE, data: word(1n), gas: 300_000n },
  'a new storage slot, more than the regular cap (the reservoir pays)': { to: STORE, data: word(1n), gas: TX_GAS_LIMIT_CAP + 500_000n },
  'an existing storage slot': { to: STORE, data: word(7n), gas: 300_000n },
  'a new storage slot short of its state gas': { to: STORE, data: word(1n), gas: 60_000n },
  'SLOTNUM': { to: SLOTNUM, gas: 400_000n },
  'a contract creation from a factory (code deposit in state gas)': { to: FACTORY, data: hexToBytes('0x6103e85ff3'), gas: 5_000_000n },
  'a creation transaction': { to: null, data: hexToBytes('0x61' + '0400' + '5ff3'), gas: 5_000_000n },
  'a creation transaction near the code size limit': { to: null, data: hexToBytes('0x61' + 'fff0' + '5ff3'), gas: TX_GAS_LIMIT_CAP + 110_000_000n },
  'a creation above the code size limit': { to: null, data: hexToBytes('0x62' + '010001' + '5ff3'), gas: TX_GAS_LIMIT_CAP + 120_000_000n },
  'a revert after a new slot (its state gas back)': { to: REVERTER, gas: 300_000n },
  'an EIP-7708 log from inside a call': { to: FORWARDER, gas: 300_000n },
  'an access list under EIP-8038 and EIP-7981': { to: STORE, data: word(7n), gas: 300_000n, accessList: [{ address: STORE, storageKeys: [word(7n), word(8n)] }, { address: EXISTING, storageKeys: [] }] },
  'calldata over the floor (EIP-7976)': { to: EXISTING, data: new Uint8Array(4000), gas: 400_000n },
  'a delegation of an existing authority': { to: AUTHORITY, gas: 400_000n, authorizations: [{ key: AUTHORITY_KEY, address: DELEGATE, nonce: 2n }] },
  'a delegation of a new authority (its account and indicator in state gas)': { to: FRESH_AUTHORITY, gas: 600_000n, authorizations: [{ key: FRESH_AUTHORITY_KEY, address: DELEGATE, nonce: 0n }] },
  'a delegation set then cleared in one list': { to: EXISTING, gas: 600_000n, authorizations: [{ key: AUTHORITY_KEY, address: DELEGATE, nonce: 2n }, { key: AUTHORITY_KEY, address: new Uint8Array(20), nonce: 3n }] },
  'a delegation short of its state gas': { to: EXISTING, gas: 60_000n, authorizations: [{ key: FRESH_AUTHORITY_KEY, address: DELEGATE, nonce: 0n }] },
  'a skipped tuple (wrong nonce)': { to: EXISTING, gas: 200_000n, authorizations: [{ key: AUTHORITY_KEY, address: DELEGATE, nonce: 9n }] },
  'below the intrinsic gas': { to: EXISTING, value: 1n, gas: 20_000n },
  'a creation short of its new account\'s state gas (the nonce still moves)': { to: null, data: hexToBytes('0x5f5ffd'), gas: 200_000n },
};

/** Transactions run one after another in one block: the last is compared, the ones before set the scene. */
const SEQUENCES: Record<string, TxSpec[]> = {
  'a slot the transaction before wrote: SSTORE prices against its value at this transaction\'s start': [
    { to: STORE, data: word(1n), gas: 300_000n },
    { to: STORE, value: 1n, data: word(1n), gas: 300_000n, nonce: 5n },
  ],
  'a slot cleared by the transaction before, set again': [
    { to: STORE, data: word(7n), gas: 300_000n },
    { to: STORE, value: 5n, data: word(7n), gas: 300_000n, nonce: 5n },
  ],
  'ETH to an account the transaction before created': [
    { to: FRESH, value: 3n, gas: 400_000n },
    { to: FRESH, value: 3n, gas: 400_000n, nonce: 5n },
  ],
};

describe('what a batch pays for new state (the approval window says it)', () => {
  it('counts a new account, a new slot, contract code and a delegation, and the state gas that pays for them', async () => {
    const calls: CallRequest[] = [
      { from: SENDER, to: FRESH, value: 1n, data: new Uint8Array(0), gas: 400_000n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, accessList: [], blobVersionedHashes: [] },
      { from: SENDER, to: STORE, value: 0n, data: word(1n), gas: 400_000n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, accessList: [], blobVersionedHashes: [] },
      { from: SENDER, to: STORE, value: 0n, data: word(7n), gas: 400_000n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, accessList: [], blobVersionedHashes: [] },
      { from: SENDER, to: null, value: 0n, data: hexToBytes('0x6103e85ff3'), gas: 5_000_000n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, accessList: [], blobVersionedHashes: [] },
    ];
    const state = new ProvenState(world.stateRoot);
    for (let round = 0; ; round++) {
      const r = await simulateBlocks([{ env: env(), calls }], state);
      if (r.kind === 'missing') {
        for (const a of new Set([...r.misses.accounts, ...r.misses.codes, ...r.misses.slots.keys()])) {
          const slots = [...(r.misses.slots.get(a) ?? [])];
          state.addProof({ address: a, slots }, await world.getProof(a, slots));
          const code = world.getCode(a);
          if (code !== '0x') state.addCode(a, hexToBytes(code));
        }
        expect(round).toBeLessThan(20);
        continue;
      }
      // The fresh account, slot 1 (slot 7 held 9 already), the created contract's account and its 1,000 bytes.
      expect(r.simulation.newState).toEqual({ accounts: 2, slots: 1, codeBytes: 1000, delegations: 0, stateGas: (120n + 64n + 120n + 1000n) * 1_530n });
      expect(newStateText({ ...r.simulation.newState!, stateGas: r.simulation.newState!.stateGas.toString() })).toBe('Creates 2 accounts, 1 storage slot and 1,000 bytes of contract code: 1,995,120 gas of the fee pays for new state');
      break;
    }
    expect(newStateText({ accounts: 0, slots: 0, codeBytes: 0, delegations: 1, stateGas: '35190' })).toBe('Creates 1 delegation: 35,190 gas of the fee pays for new state');
  });
});

describe('Amsterdam transactions: Vigil against @ethereumjs/vm runTx', () => {
  for (const [name, spec] of Object.entries(CASES)) {
    it(name, async () => {
      const [a, b] = [await ours(spec), await theirs(spec)];
      expect(a).toEqual(b);
    });
  }

  for (const [name, specs] of Object.entries(SEQUENCES)) {
    it(name, async () => {
      const before = specs.slice(0, -1);
      const last = specs.at(-1)!;
      expect(await ours(last, before)).toEqual(await theirs(last, before));
    });
  }

  it('the intrinsic gas of every generated call is runTx\'s (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.bigInt({ min: 0n, max: 3n }),
        fc.array(fc.tuple(fc.constantFrom(STORE, EXISTING, FRESH), fc.array(fc.bigInt({ min: 0n, max: 9n }), { maxLength: 3 })), { maxLength: 3 }),
        fc.constantFrom(STORE, EXISTING, SENDER, null),
        async (data, value, list, to) => {
          const spec: TxSpec = { to, value: to === null ? 0n : value, data, gas: 2_000_000n, accessList: list.map(([address, keys]) => ({ address, storageKeys: keys.map(word) })) };
          const tx = signed(spec);
          const request = { from: SENDER, to, value: spec.value!, data, accessList: spec.accessList!, blobVersionedHashes: [] } as CallRequest;
          expect(intrinsicGas(request, { fork: 'amsterdam' }).intrinsic).toBe(tx.getIntrinsicGas());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prices what EIP-2780 and EIP-8037 price: a transfer 21,000, a new account 120 state bytes, a new slot 64, each 1,530 gas', async () => {
    const existing = await ours(CASES['ETH to an existing account']!);
    expect([existing.status, existing.gasUsed, existing.state]).toEqual(['success', 12_000n + 3_000n + 6_000n, 0n]);
    expect((await ours(CASES['ETH to itself']!)).gasUsed).toBe(12_000n);
    const fresh = await ours(CASES['ETH to a new account (state gas for its leaf, an EIP-7708 log)']!);
    expect([fresh.status, fresh.gasUsed, fresh.state]).toEqual(['success', 21_000n + 120n * 1_530n, 120n * 1_530n]);
    expect(fresh.logs).toHaveLength(1);
    expect((await ours(CASES['a new storage slot']!)).state).toBe(64n * 1_530n);
    expect((await ours(CASES['a new storage slot, more than the regular cap (the reservoir pays)']!)).state).toBe(64n * 1_530n);
    const revert = await ours(CASES['a revert after a new slot (its state gas back)']!);
    expect([revert.status, revert.state]).toEqual(['failed', 0n]);
    const big = await ours(CASES['a creation transaction near the code size limit']!);
    expect(big.status).toBe('success');
    expect(big.state).toBe((120n + 0xfff0n) * 1_530n);
    expect((await ours(CASES['a creation above the code size limit']!)).status).toBe('failed');
  });

  it("the interpreter's half of the table is @ethereumjs/evm 10.1.3's Amsterdam preview, value for value (a difference would be a choice, named here)", () => {
    for (const [eip, values] of Object.entries(AMSTERDAM.evm)) {
      for (const [name, value] of Object.entries(values)) expect([eip, name, value]).toEqual([eip, name, (paramsEVM as Record<string, Record<string, unknown>>)[eip]![name]]);
    }
  });

  it('splits the gas left over the regular cap into the reservoir', () => {
    expect(splitExecutionGas(100_000n, 21_000n, 'amsterdam')).toEqual({ regular: 79_000n, reservoir: 0n });
    expect(splitExecutionGas(TX_GAS_LIMIT_CAP + 5n, 21_000n, 'amsterdam')).toEqual({ regular: TX_GAS_LIMIT_CAP - 21_000n, reservoir: 5n });
    expect(splitExecutionGas(TX_GAS_LIMIT_CAP + 5n, 21_000n, 'osaka')).toEqual({ regular: TX_GAS_LIMIT_CAP + 5n - 21_000n, reservoir: 0n });
  });
});

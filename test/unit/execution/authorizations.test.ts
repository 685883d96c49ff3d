/**
 * EIP-7702 authorizations in the local EVM (src/execution/authorizations.ts through runCall): each
 * rule of the EIP's processing, hostile tuples skipped without failing the transaction, the
 * intrinsic gas and the refund, and the delegate's code running at the authority's address.
 */
import { Address } from '@ethereumjs/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { SECP256K1_N, secp256k1PublicKey, secp256k1Sign } from '../../../src/crypto/secp256k1.ts';
import { type Authorization, authorizationDigest, parseAuthorizationList, recoverAuthority } from '../../../src/execution/authorizations.ts';
import { delegateOf } from '../../../src/execution/delegation-indicator.ts';
import { type ExecutedCall, type RunResult, runCall } from '../../../src/execution/call.ts';
import { intrinsicGas } from '../../../src/execution/tx-gas.ts';
import { type CallRequest, parseCallRequest } from '../../../src/execution/call-request.ts';
import { blockEnvToJson } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { ProvenStateManager, StateMisses } from '../../../src/execution/evm-state.ts';
import { ProvenState } from '../../../src/execution/state.ts';
import { asm } from './asm.ts';
import { buildWorld, envFor, type World, type WorldAccount } from './world.ts';

const key = (n: number) => hexToBytes('0x' + n.toString(16).padStart(64, '0'), 32);
const addressOf = (privateKey: Uint8Array) => keccak256(secp256k1PublicKey(privateKey).subarray(1)).slice(12);
const hex = (b: Uint8Array) => bytesToHex(b);

const SENDER_KEY = key(0x5e5d);
const AUTHORITY_KEY = key(0xa117);
const FRESH_KEY = key(0xf4e5);
const SENDER = addressOf(SENDER_KEY);
const AUTHORITY = addressOf(AUTHORITY_KEY);
const FRESH = addressOf(FRESH_KEY);
const DELEGATE = hexToBytes('0x' + 'de'.repeat(20), 20);
const REVERTER = hexToBytes('0x' + 'ee'.repeat(20), 20);
const CONTRACT = hexToBytes('0x' + 'cc'.repeat(20), 20);
const ZERO = new Uint8Array(20);
const UNIT = 10n ** 18n;
const CHAIN = 1n;
const designator = (delegate: Uint8Array) => concatBytes(Uint8Array.of(0xef, 0x01, 0x00), delegate);

/** The delegate: writes 1 to slot 0 of whoever runs it and returns its own ADDRESS. */
const DELEGATE_CODE = asm('PUSH1 0x01 PUSH0 SSTORE ADDRESS PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN');

function sign(privateKey: Uint8Array, fields: { chainId?: bigint; address?: Uint8Array; nonce: bigint }): Authorization {
  const a = { chainId: fields.chainId ?? CHAIN, address: fields.address ?? DELEGATE, nonce: fields.nonce };
  const sig = secp256k1Sign(authorizationDigest(a), privateKey);
  return { ...a, yParity: sig.recovery!, r: sig.r, s: sig.s };
}

const ACCOUNTS: Record<string, WorldAccount> = {
  [hex(SENDER)]: { balance: 10n * UNIT, nonce: 7n },
  [hex(AUTHORITY)]: { balance: UNIT, nonce: 3n },
  [hex(DELEGATE)]: { code: DELEGATE_CODE },
  [hex(REVERTER)]: { code: asm('PUSH0 PUSH0 REVERT') },
  [hex(CONTRACT)]: { code: asm('STOP'), nonce: 1n },
};

let world: World;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld(ACCOUNTS);
});

/** Proven state holding every account of `w` (and the fresh key's absence). */
async function provenState(w: World, addresses: string[]): Promise<ProvenState> {
  const state = new ProvenState(w.stateRoot);
  for (const a of addresses) {
    state.addProof({ address: a, slots: ['0x' + '0'.repeat(64)] }, await w.getProof(a, ['0x' + '0'.repeat(64)]));
    const code = w.getCode(a);
    if (code !== '0x') state.addCode(a, hexToBytes(code));
  }
  return state;
}

interface Run {
  result: RunResult;
  manager: ProvenStateManager;
}

async function run(request: Partial<CallRequest> & { to: Uint8Array | null }, w = world, accounts = ACCOUNTS): Promise<Run> {
  const state = await provenState(w, [...Object.keys(accounts), hex(FRESH)]);
  const manager = new ProvenStateManager(state, new StateMisses());
  const full: CallRequest = { from: SENDER, value: 0n, data: new Uint8Array(0), accessList: [], blobVersionedHashes: [], gas: 200_000n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, ...request };
  const result = await runCall(envFor(w, { chainId: CHAIN, fork: 'prague' }), full, state, { manager });
  return { result, manager };
}

const executed = (r: RunResult): ExecutedCall => {
  if (r.kind !== 'executed') throw new Error(`expected an executed run, got ${JSON.stringify(r)}`);
  return r;
};
const codeOf = (m: ProvenStateManager, a: Uint8Array) => m.getCode(new Address(a));
const nonceOf = async (m: ProvenStateManager, a: Uint8Array) => (await m.getAccount(new Address(a)))?.nonce;
const word = (a: Uint8Array) => hex(concatBytes(new Uint8Array(12), a));

describe('authorization signatures', () => {
  it('recovers the signer of keccak(0x05 ‖ rlp([chain_id, address, nonce]))', () => {
    const a = sign(AUTHORITY_KEY, { nonce: 3n });
    expect(hex(recoverAuthority(a)!)).toBe(hex(AUTHORITY));
    // Any field changed: another signer (or none), never the authority.
    for (const changed of [{ ...a, nonce: 4n }, { ...a, chainId: 2n }, { ...a, address: ZERO }]) {
      expect(recoverAuthority(changed) && hex(recoverAuthority(changed)!)).not.toBe(hex(AUTHORITY));
    }
  });

  it('refuses high s (EIP-2), r or s out of range and y-parity beyond 1', () => {
    const a = sign(AUTHORITY_KEY, { nonce: 3n });
    // (r, n − s, parity flipped) is the same signature mathematically: only the low-s rule refuses it.
    expect(recoverAuthority({ ...a, s: SECP256K1_N - a.s, yParity: 1 - a.yParity })).toBeUndefined();
    expect(recoverAuthority({ ...a, r: 0n })).toBeUndefined();
    expect(recoverAuthority({ ...a, r: SECP256K1_N })).toBeUndefined();
    expect(recoverAuthority({ ...a, s: 0n })).toBeUndefined();
    expect(recoverAuthority({ ...a, yParity: 2 })).toBeUndefined();
    expect(recoverAuthority({ ...a, yParity: 27 })).toBeUndefined();
  });

  it('reads a delegation designator and nothing else', () => {
    expect(hex(delegateOf(designator(DELEGATE))!)).toBe(hex(DELEGATE));
    expect(delegateOf(designator(DELEGATE).slice(0, 22))).toBeUndefined();
    expect(delegateOf(concatBytes(Uint8Array.of(0xef, 0x01, 0x01), DELEGATE))).toBeUndefined();
    expect(delegateOf(new Uint8Array(0))).toBeUndefined();
  });
});

describe('a set-code call in the local EVM', () => {
  it('sets the delegation, moves the authority nonce and runs the delegate at the authority', async () => {
    const { result, manager } = await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] });
    const r = executed(result);
    expect(r.success).toBe(true);
    // The delegate's ADDRESS is the authority's: its code ran in the authority's context.
    expect(hex(r.returnData)).toBe(word(AUTHORITY));
    expect(hex(await codeOf(manager, AUTHORITY))).toBe(hex(designator(DELEGATE)));
    expect(await nonceOf(manager, AUTHORITY)).toBe(4n);
    expect(await manager.getStorage(new Address(AUTHORITY), new Uint8Array(32))).toEqual(Uint8Array.of(1));
    // The sender's nonce moved once, as a transaction's does.
    expect(await nonceOf(manager, SENDER)).toBe(8n);
    // A delegation is not a contract created (what the approval window lists as "creates …").
    expect(manager.writtenCode()).toEqual([]);
  });

  it('charges PER_EMPTY_ACCOUNT_COST per tuple and refunds 12,500 only for an authority that exists', async () => {
    const existing = executed((await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] })).result);
    const fresh = executed((await run({ to: FRESH, authorizationList: [sign(FRESH_KEY, { nonce: 0n })] })).result);
    // Same code, same fresh slot written: only the refund differs (below the 1/5 cap here).
    expect(fresh.gasUsed - existing.gasUsed).toBe(12_500n);
    expect(fresh.maxUsedGas).toBe(existing.maxUsedGas);
    const base = { from: SENDER, to: AUTHORITY, value: 0n, data: new Uint8Array(0), accessList: [], blobVersionedHashes: [] };
    expect(intrinsicGas({ ...base, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n }), sign(FRESH_KEY, { nonce: 0n })] }, { fork: 'prague' }).intrinsic).toBe(21_000n + 50_000n);
    const short = await run({ to: AUTHORITY, gas: 45_999n, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] });
    expect(short.result).toMatchObject({ kind: 'invalid', reason: 'INTRINSIC_GAS' });
  });

  it('accepts chain id 0 (any chain) and skips another chain id without failing the call', async () => {
    const any = await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { chainId: 0n, nonce: 3n })] });
    expect(hex(executed(any.result).returnData)).toBe(word(AUTHORITY));
    expect(hex(await codeOf(any.manager, AUTHORITY))).toBe(hex(designator(DELEGATE)));

    const other = await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { chainId: 5n, nonce: 3n })] });
    const r = executed(other.result);
    expect(r.success).toBe(true);
    expect(r.returnData.length).toBe(0); // no code at the authority: a plain transfer of 0
    expect((await codeOf(other.manager, AUTHORITY)).length).toBe(0);
    expect(await nonceOf(other.manager, AUTHORITY)).toBe(3n);
  });

  it('skips a nonce mismatch, a nonce of 2^64 − 1 and a high-s signature', async () => {
    const good = sign(AUTHORITY_KEY, { nonce: 3n });
    for (const bad of [sign(AUTHORITY_KEY, { nonce: 2n }), sign(AUTHORITY_KEY, { nonce: 4n }), sign(AUTHORITY_KEY, { nonce: 2n ** 64n - 1n }), { ...good, s: SECP256K1_N - good.s, yParity: 1 - good.yParity }]) {
      const { result, manager } = await run({ to: AUTHORITY, authorizationList: [bad] });
      expect(executed(result).success).toBe(true);
      expect((await codeOf(manager, AUTHORITY)).length).toBe(0);
      expect(await nonceOf(manager, AUTHORITY)).toBe(3n);
    }
  });

  it('skips an authority whose code is not a delegation (a contract cannot be taken over)', async () => {
    const key2 = key(0xc0de);
    const holder = addressOf(key2);
    const accounts = { ...ACCOUNTS, [hex(holder)]: { code: asm('STOP'), nonce: 1n } };
    const w = await buildWorld(accounts);
    const { result, manager } = await run({ to: holder, authorizationList: [sign(key2, { nonce: 1n })] }, w, accounts);
    expect(executed(result).success).toBe(true);
    expect(hex(await codeOf(manager, holder))).toBe(asm('STOP'));
    expect(await nonceOf(manager, holder)).toBe(1n);
  });

  it('replaces an existing delegation, and address 0 clears it', async () => {
    const accounts = { ...ACCOUNTS, [hex(AUTHORITY)]: { balance: UNIT, nonce: 3n, code: hex(designator(REVERTER)) } };
    const w = await buildWorld(accounts);
    const moved = await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] }, w, accounts);
    expect(hex(executed(moved.result).returnData)).toBe(word(AUTHORITY));
    expect(hex(await codeOf(moved.manager, AUTHORITY))).toBe(hex(designator(DELEGATE)));

    const cleared = await run({ to: AUTHORITY, authorizationList: [sign(AUTHORITY_KEY, { address: ZERO, nonce: 3n })] }, w, accounts);
    const r = executed(cleared.result);
    expect(r.success).toBe(true);
    expect(r.returnData.length).toBe(0);
    expect((await codeOf(cleared.manager, AUTHORITY)).length).toBe(0);
    expect(hex((await cleared.manager.getAccount(new Address(AUTHORITY)))!.codeHash)).toBe(hex(keccak256(new Uint8Array(0))));
    expect(await nonceOf(cleared.manager, AUTHORITY)).toBe(4n);
    // Without the revocation the old delegate runs: the call reverts.
    expect(executed((await run({ to: AUTHORITY }, w, accounts)).result).reverted).toBe(true);
  });

  it('a self-sponsored authorization signs the nonce after the transaction\'s own', async () => {
    const own = await run({ from: SENDER, to: SENDER, authorizationList: [sign(SENDER_KEY, { nonce: 8n })] });
    expect(hex(executed(own.result).returnData)).toBe(word(SENDER));
    expect(await nonceOf(own.manager, SENDER)).toBe(9n);
    const stale = await run({ from: SENDER, to: SENDER, authorizationList: [sign(SENDER_KEY, { nonce: 7n })] });
    expect((await codeOf(stale.manager, SENDER)).length).toBe(0);
    expect(await nonceOf(stale.manager, SENDER)).toBe(8n);
  });

  it('tuples apply in order: a second one for the same authority sees the first\'s nonce', async () => {
    const { manager } = await run({ to: CONTRACT, authorizationList: [sign(AUTHORITY_KEY, { address: REVERTER, nonce: 3n }), sign(AUTHORITY_KEY, { nonce: 4n }), sign(AUTHORITY_KEY, { address: ZERO, nonce: 4n })] });
    expect(hex(await codeOf(manager, AUTHORITY))).toBe(hex(designator(DELEGATE)));
    expect(await nonceOf(manager, AUTHORITY)).toBe(5n);
  });

  it('a reverted call keeps the delegation and its refund', async () => {
    const accounts = { ...ACCOUNTS };
    const { result, manager } = await run({ to: REVERTER, authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] }, world, accounts);
    const r = executed(result);
    expect(r.reverted).toBe(true);
    expect(hex(await codeOf(manager, AUTHORITY))).toBe(hex(designator(DELEGATE)));
    expect(await nonceOf(manager, AUTHORITY)).toBe(4n);
    expect(r.gasUsed).toBeLessThan(r.maxUsedGas);
  });

  it('refuses a creation that carries authorizations', async () => {
    const { result } = await run({ to: null, data: hexToBytes(asm('STOP')), authorizationList: [sign(AUTHORITY_KEY, { nonce: 3n })] });
    expect(result).toMatchObject({ kind: 'invalid', reason: 'SET_CODE_CREATE' });
  });
});

const wire = (a: Authorization) => ({ chainId: `0x${a.chainId.toString(16)}`, address: hex(a.address), nonce: `0x${a.nonce.toString(16)}`, yParity: `0x${a.yParity}`, r: `0x${a.r.toString(16)}`, s: `0x${a.s.toString(16)}` });

/** Steps the engine to an outcome, answering what it misses from `world`. */
async function drive(task: Omit<ExecutionTask, 'env'>): Promise<ExecutionOutcome> {
  const engine = new ExecutionEngine();
  let fetched: FetchedAccount[] = [];
  for (let step = 0; step < 16; step++) {
    const reply = await engine.step({ ...task, env: blockEnvToJson(envFor(world, { chainId: CHAIN, fork: 'prague' })), fetched });
    if (reply.done) return reply.outcome;
    fetched = await Promise.all(
      reply.missing.accounts.map(async (m) => ({ request: { address: m.address, slots: m.slots }, proof: await world.getProof(m.address, m.slots), ...(m.code ? { code: world.getCode(m.address) } : {}) })),
    );
  }
  throw new Error('no outcome');
}

describe('the wallet\'s own call through the engine', () => {
  it('runs an authorization list only when the task says the call is the wallet\'s', async () => {
    const call = { from: hex(SENDER), to: hex(AUTHORITY), gas: '0x30d40', authorizationList: [wire(sign(AUTHORITY_KEY, { nonce: 3n }))] };
    const own = await drive({ mode: 'call', call, ownAuthorizations: true });
    expect(own).toMatchObject({ status: 'success', returnData: word(AUTHORITY) });
    await expect(drive({ mode: 'call', call })).rejects.toThrow(/not accepted from pages/);
    const estimate = await drive({ mode: 'estimateGas', call, ownAuthorizations: true, estimator: 'geth' });
    expect(estimate.status).toBe('success');
  });

  it('runs the wallet\'s own tuple unsigned, its authority named, as the signed one runs (nothing signed before the user approves)', async () => {
    const unsigned = { chainId: '0x1', address: hex(DELEGATE), nonce: '0x3', authority: hex(AUTHORITY) };
    const call = { from: hex(SENDER), to: hex(AUTHORITY), gas: '0x30d40', authorizationList: [unsigned] };
    const signed = { ...call, authorizationList: [wire(sign(AUTHORITY_KEY, { nonce: 3n }))] };
    const own = await drive({ mode: 'call', call, ownAuthorizations: true });
    expect(own).toMatchObject({ status: 'success', returnData: word(AUTHORITY) });
    expect(own).toEqual(await drive({ mode: 'call', call: signed, ownAuthorizations: true }));
    expect((await drive({ mode: 'estimateGas', call, ownAuthorizations: true, estimator: 'geth' })).gas).toBe((await drive({ mode: 'estimateGas', call: signed, ownAuthorizations: true, estimator: 'geth' })).gas);
    // Every other check still applies: at the wrong nonce the tuple is skipped, and the authority has no code to run.
    const stale = await drive({ mode: 'call', call: { ...call, authorizationList: [{ ...unsigned, nonce: '0x4' }] }, ownAuthorizations: true });
    expect(stale).toMatchObject({ status: 'success', returnData: '0x' });
    // A page's call cannot name an authority either.
    await expect(drive({ mode: 'call', call })).rejects.toThrow(/not accepted from pages/);
  });

  it('takes a tuple signed or with its authority, never both', () => {
    const parse = (tuple: Record<string, string>) => parseCallRequest({ to: hex(AUTHORITY), authorizationList: [tuple] }, CHAIN, { authorizations: parseAuthorizationList });
    const unsigned = { chainId: '0x1', address: hex(DELEGATE), nonce: '0x3', authority: hex(AUTHORITY) };
    expect(parse(unsigned).authorizationList).toEqual([{ chainId: 1n, address: DELEGATE, nonce: 3n, yParity: 0, r: 0n, s: 0n, authority: AUTHORITY }]);
    expect(() => parse({ ...unsigned, r: '0x1' })).toThrow(/not both/);
    expect(() => parse({ ...unsigned, authority: '0x1234' })).toThrow(InputError);
  });

  it('bounds each tuple as a set-code transaction\'s encoding does', () => {
    const good = wire(sign(AUTHORITY_KEY, { nonce: 3n }));
    const parse = (tuple: Record<string, string>) => parseCallRequest({ to: hex(AUTHORITY), authorizationList: [tuple] }, CHAIN, { authorizations: parseAuthorizationList });
    expect(parse(good).authorizationList).toEqual([sign(AUTHORITY_KEY, { nonce: 3n })]);
    expect(() => parse({ ...good, nonce: '0x10000000000000000' })).toThrow(/64-bit/);
    expect(() => parse({ ...good, yParity: '0x100' })).toThrow(/8-bit/);
    expect(() => parse({ ...good, address: '0x1234' })).toThrow(InputError);
    expect(() => parse({ ...good, r: '0x1' + '0'.repeat(64) })).toThrow(/256-bit/);
    // Out-of-range signature values that fit their fields are the EVM's to skip, not the parser's to refuse.
    expect(parse({ ...good, yParity: '0x1b' }).authorizationList![0]!.yParity).toBe(27);
  });
});

describe('a page\'s call', () => {
  it('cannot carry an authorization list: delegations are the popup\'s own', () => {
    const tuple = wire(sign(AUTHORITY_KEY, { nonce: 3n }));
    expect(() => parseCallRequest({ to: hex(AUTHORITY), authorizationList: [tuple] }, CHAIN)).toThrow(InputError);
    expect(() => parseCallRequest({ to: hex(AUTHORITY), authorizationList: [tuple] }, CHAIN)).toThrow(/not accepted from pages/);
    expect(parseCallRequest({ to: hex(AUTHORITY), authorizationList: [] }, CHAIN).authorizationList).toBeUndefined();
  });
});

describe('calling a delegated account (@ethereumjs/evm at prague, as Vigil configures it)', () => {
  const CALLS = hexToBytes('0x' + 'ca'.repeat(20), 20);
  /** CALL(gas, AUTHORITY, 0, 0, 0, 0, 0), then STOP. */
  const CALLER_CODE = asm(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${hex(AUTHORITY)} GAS CALL POP STOP`);
  const worlds = async () => {
    const delegated = { ...ACCOUNTS, [hex(CALLS)]: { code: CALLER_CODE }, [hex(AUTHORITY)]: { balance: UNIT, nonce: 3n, code: hex(designator(DELEGATE)) } };
    const inPlace = { ...ACCOUNTS, [hex(CALLS)]: { code: CALLER_CODE }, [hex(AUTHORITY)]: { balance: UNIT, nonce: 3n, code: DELEGATE_CODE } };
    return { delegated, inPlace, wd: await buildWorld(delegated), wp: await buildWorld(inPlace) };
  };

  it('a nested call pays for the delegate cold (2600), or warm (100) when listed; the transaction\'s own target warms it free', async () => {
    const { delegated, inPlace, wd, wp } = await worlds();
    const gas = async (request: Partial<CallRequest> & { to: Uint8Array }, w: World, accounts: Record<string, WorldAccount>) => executed((await run(request, w, accounts)).result).maxUsedGas;
    expect((await gas({ to: CALLS }, wd, delegated)) - (await gas({ to: CALLS }, wp, inPlace))).toBe(2_600n);
    const listed = { to: CALLS, accessList: [{ address: DELEGATE, storageKeys: [] }] };
    expect((await gas(listed, wd, delegated)) - (await gas(listed, wp, inPlace))).toBe(100n);
    expect(await gas({ to: AUTHORITY }, wd, delegated)).toBe(await gas({ to: AUTHORITY }, wp, inPlace));
  });

  it('EXTCODESIZE and EXTCODEHASH see the designator, not the delegate\'s code', async () => {
    const { delegated, wd } = await worlds();
    const probe = hexToBytes('0x' + 'cb'.repeat(20), 20);
    const size = { ...delegated, [hex(probe)]: { code: asm(`PUSH20 ${hex(AUTHORITY)} EXTCODESIZE PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN`) } };
    const hash = { ...delegated, [hex(probe)]: { code: asm(`PUSH20 ${hex(AUTHORITY)} EXTCODEHASH PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN`) } };
    expect(BigInt(hex(executed((await run({ to: probe }, await buildWorld(size), size)).result).returnData))).toBe(23n);
    expect(hex(executed((await run({ to: probe }, await buildWorld(hash), hash)).result).returnData)).toBe(hex(keccak256(designator(DELEGATE))));
    expect(wd.getCode(hex(AUTHORITY))).toBe(hex(designator(DELEGATE)));
  });
});

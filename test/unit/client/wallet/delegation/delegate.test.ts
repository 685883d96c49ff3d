/**
 * The popup's EIP-7702 delegation planned and prepared over proven state (src/client/wallet/delegation/delegate.ts),
 * on the scripted chain: the authorization names the followed chain and the account's nonce + 1
 * (past its pending transactions), the delegate's proven code hash must be the pin's, the estimate
 * and the simulation run the list unsigned (`ownAuthorizations`, the account named as authority),
 * and what the simulated block says the code became must be what the authorization names; after
 * the click the signed tuple is held to the plan. Each refusal is typed.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmDelegation, planDelegation, prepareDelegation, ZERO_ADDRESS } from '../../../../../src/client/wallet/delegation/delegate.ts';
import { authorizedTransaction } from '../../../../../src/client/wallet/delegation/authorization.ts';
import type { WalletChain } from '../../../../../src/client/wallet/transactions.ts';
import { hexToBytes } from '../../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { recoverAuthority } from '../../../../../src/execution/authorizations.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../../../src/wallet/eip7702-pin.ts';
import { signAuthorization } from '../../../../../src/wallet/set-code-authorization.ts';
import type { Address } from '../../../../../src/wallet/transaction-request.ts';
import { ACCOUNT0, freshWorld, NOW_S, scriptedChain, type World } from '../wallet-world.ts';

// Hardhat's account 0 (the phrase's first key): ACCOUNT0.
const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const DELEGATOR = '0x' + '5e'.repeat(20);
const OTHER_CODE = '0x6080604052';
const SIMPLE = readFileSync(new URL('../../../../fixtures/wallet/simple7702account-0.8.0.hex', import.meta.url), 'utf8').trim();
const indicator = (to: string) => '0xef0100' + to.slice(2).toLowerCase();

beforeAll(() => cryptoReady());

interface Runs {
  calls: Record<string, unknown>[];
  /** What the probe reads back: the account's code after the transaction ('' for none). */
  codeAfter: string;
}

/** The scripted chain, its runs answering an estimate and a simulation whose probe reads `codeAfter`. */
function chainWith(world: World, runs: Runs): WalletChain {
  const base = scriptedChain(world);
  return {
    ...base,
    execution: {
      ...base.execution,
      run: async (params) => {
        runs.calls.push(params as unknown as Record<string, unknown>);
        if (params.mode === 'estimateGas') return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xb000', gas: '0xb000' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
        const code = runs.codeAfter.slice(2);
        const probe = '0x' + (code.length / 2).toString(16).padStart(64, '0') + code.padEnd(46, '0');
        const calls = [{ status: 'success' as const, returnData: '0x', gasUsed: '0xb000', logs: [], fee: '0x1' }, { status: 'success' as const, returnData: probe, gasUsed: '0x1', logs: [] }];
        const simulation = { calls: calls.slice(0, params.calls?.length ?? 1), blocks: [], balances: [{ address: ACCOUNT0.toLowerCase(), before: '0x100', after: '0xff' }], created: [] };
        return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xb000', simulation }, steps: 1, proven: { accounts: 2, slots: 0 }, endpoints: [] };
      },
    },
  };
}

function world(code: Record<string, string> = { [DELEGATOR]: SIMPLE }): World {
  const w = freshWorld();
  w.code = new Map(Object.entries(code).map(([k, v]) => [k.toLowerCase(), v]));
  return w;
}

const plan = (chain: WalletChain, over: Partial<Parameters<typeof planDelegation>[1]> = {}) =>
  planDelegation(chain, { from: ACCOUNT0, action: 'delegate', delegator: DELEGATOR, pending: [], now: NOW_S, ...over });

describe('planDelegation', () => {
  it("names the followed chain and the account's nonce + 1 (the transaction's nonce moves first), past its pending ones", async () => {
    const w = world();
    const p = await plan(scriptedChain(w), { pending: [{ nonce: 5n, maxCost: 1n }] });
    expect(p.nonce).toBe(6n);
    expect(p.authorization).toMatchObject({ chainId: 31337n, nonce: 7n });
    expect(p.authorization.address.toLowerCase()).toBe(DELEGATOR);
    expect(p.before).toEqual({ kind: 'none' });
  });

  it('refuses a delegator whose proven code hash is not the pin (DELEGATE_NOT_PINNED), and an address with no code', async () => {
    await expect(plan(scriptedChain(world({ [DELEGATOR]: OTHER_CODE })))).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED', expected: SIMPLE_7702_ACCOUNT.codeHash });
    await expect(plan(scriptedChain(world({})))).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
  });

  it('refuses on a network without a pinned delegate (DELEGATION_NOT_OFFERED), and when the account cannot be proven (NONCE_NOT_VERIFIED)', async () => {
    await expect(plan(scriptedChain(world()), { delegator: undefined })).rejects.toMatchObject({ code: 'DELEGATION_NOT_OFFERED' });
    const w = world();
    w.lie = true;
    await expect(plan(scriptedChain(w))).rejects.toMatchObject({ code: 'NONCE_NOT_VERIFIED' });
  });

  it('never plans an authorization for chain 0', async () => {
    const chain = { ...scriptedChain(world()), network: { chainId: 0n, name: 'Zero', maxHeadAgeSeconds: 60 } };
    await expect(plan(chain)).rejects.toMatchObject({ code: 'AUTHORIZATION_REFUSED' });
  });

  it('refuses to revoke what is not delegated, and a contract account', async () => {
    await expect(plan(scriptedChain(world()), { action: 'revoke' })).rejects.toThrow(/nothing to revoke/);
    await expect(plan(scriptedChain(world({ [DELEGATOR]: SIMPLE, [ACCOUNT0]: OTHER_CODE })))).rejects.toThrow(/is a contract/);
  });

  it('revokes with the zero address; an unknown delegate may be revoked', async () => {
    const p = await plan(scriptedChain(world({ [ACCOUNT0]: indicator('0x' + '66'.repeat(20)), ['0x' + '66'.repeat(20)]: OTHER_CODE })), { action: 'revoke', delegator: undefined });
    expect(p.authorization.address).toBe(ZERO_ADDRESS);
    expect(p.before).toMatchObject({ kind: 'delegated', delegateCode: { known: null } });
  });
});

describe('prepareDelegation', () => {
  it('runs its estimate and simulation with the list unsigned, the account its authority (ownAuthorizations); the window says what the simulated code became', async () => {
    const w = world();
    const runs: Runs = { calls: [], codeAfter: indicator(DELEGATOR) };
    const chain = chainWith(w, runs);
    const p = await plan(chain);
    const prepared = await prepareDelegation(chain, p);
    expect(runs.calls.map((c) => [c.mode, c.ownAuthorizations])).toEqual([['estimateGas', true], ['simulate', true], ['simulate', true]]);
    const call = runs.calls[0]!.call as Record<string, unknown>;
    expect(call).toMatchObject({ from: ACCOUNT0, to: ACCOUNT0, value: '0x0', data: '0x', nonce: '0x5' });
    // No signature exists before the click: the tuple names its authority instead.
    expect(call.authorizationList).toEqual([{ chainId: '0x7a69', address: p.authorization.address, nonce: '0x6', authority: ACCOUNT0 }]);
    expect(prepared.tx).toMatchObject({ type: 4, to: ACCOUNT0, value: 0n, nonce: 5n, chainId: 31337n, gasLimit: (0xb000n * 6n) / 5n });
    expect('authorizationList' in prepared.tx).toBe(false);
    expect(prepared.after).toEqual({ kind: 'delegated', delegate: DELEGATOR, known: SIMPLE_7702_ACCOUNT.name });
  });

  it('refuses when the simulated block says the code did not become the delegation (the tuple was skipped)', async () => {
    const runs: Runs = { calls: [], codeAfter: '' };
    const chain = chainWith(world(), runs);
    const p = await plan(chain);
    await expect(prepareDelegation(chain, p)).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
    runs.codeAfter = indicator('0x' + '77'.repeat(20));
    await expect(prepareDelegation(chain, p)).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
  });
});

describe('authorizedTransaction (after the click)', () => {
  it('joins the signed tuple to the prepared transaction; the tuple recovers to the account, as the EVM recovers it', async () => {
    const chain = chainWith(world(), { calls: [], codeAfter: indicator(DELEGATOR) });
    const p = await plan(chain);
    const prepared = await prepareDelegation(chain, p);
    const auth = signAuthorization(p.authorization, KEY);
    const tx = authorizedTransaction(prepared.tx, p.authorization, ACCOUNT0, auth);
    expect(tx).toEqual({ ...prepared.tx, authorizationList: [auth] });
    expect(recoverAuthority({ ...auth, address: hexToBytes(auth.address) })).toEqual(hexToBytes(ACCOUNT0));
  });

  it('refuses a signed tuple that is not the planned one, or signed by another key', async () => {
    const chain = chainWith(world(), { calls: [], codeAfter: indicator(DELEGATOR) });
    const p = await plan(chain);
    const { tx } = await prepareDelegation(chain, p);
    const other = signAuthorization({ ...p.authorization, nonce: p.authorization.nonce + 1n }, KEY);
    expect(() => authorizedTransaction(tx, p.authorization, ACCOUNT0, other)).toThrow(expect.objectContaining({ code: 'AUTHORIZATION_REFUSED' }));
    const elsewhere = signAuthorization({ ...p.authorization, address: ('0x' + '77'.repeat(20)) as Address }, KEY);
    expect(() => authorizedTransaction(tx, p.authorization, ACCOUNT0, elsewhere)).toThrow(expect.objectContaining({ code: 'AUTHORIZATION_REFUSED' }));
    const stranger = signAuthorization(p.authorization, new Uint8Array(32).fill(7));
    expect(() => authorizedTransaction(tx, p.authorization, ACCOUNT0, stranger)).toThrow(/does not recover to/);
  });
});

describe('confirmDelegation', () => {
  it('holds the proven delegation to what was asked', async () => {
    const w = world({ [ACCOUNT0]: indicator(DELEGATOR), [DELEGATOR]: SIMPLE });
    const chain = scriptedChain(w);
    await expect(confirmDelegation(chain, ACCOUNT0, 'delegate', DELEGATOR, w.head!)).resolves.toMatchObject({ kind: 'delegated', delegateCode: { known: SIMPLE_7702_ACCOUNT.name } });
    await expect(confirmDelegation(chain, ACCOUNT0, 'revoke', '', w.head!)).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
    await expect(confirmDelegation(scriptedChain(world()), ACCOUNT0, 'delegate', DELEGATOR, w.head!)).rejects.toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
  });
});

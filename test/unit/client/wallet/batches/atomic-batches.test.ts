/**
 * EIP-5792 atomic batches through the pinned EIP-7702 delegate (src/client/wallet/batches/atomic.ts,
 * call-batches.ts) over a scripted verified chain whose accounts carry code: wallet_getCapabilities
 * says `supported` only for an account proven delegated to Simple7702Account 0.8.0 (its runtime code,
 * the pinned hash), `unsupported` for another delegate and for none, and a typed error when the
 * delegation cannot be proven (a lying proof, code served that is not the proven code, a delegate
 * whose code cannot be proven); never a guess. wallet_sendCalls from a delegated account is ONE
 * transaction to itself calling executeBatch with the page's calls, simulated as one, shown as "all
 * or nothing, one transaction", signed once; its status from its one receipt (200 included, 500
 * reverted: nothing happened), `atomic: true`. An account that loses its delegation before the
 * signature is not signed for; other accounts keep sequential batches and 5760 for atomicRequired.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { keccak256 } from '../../../../../src/crypto/keccak.ts';
import { bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import { decodeTransaction } from '../../../../../src/execution/transactions.ts';
import { toProviderError } from '../../../../../src/provider/handler.ts';
import type { Preview } from '../../../../../src/client/wallet/transaction-preview.ts';
import type { TransactionRequest } from '../../../../../src/wallet/transaction-request.ts';
import type { TransactionEffects } from '../../../../../src/wallet/transaction-effects.ts';
import { decodeDelegateCalls } from '../../../../../src/wallet/smart-account/atomic-batch.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../../../src/wallet/eip7702-pin.ts';
import { ACCOUNT0, APP, blockHash, connected, freshWorld, opened, RECIPIENT, type World } from '../wallet-world.ts';

beforeAll(cryptoReady);

const FROM = ACCOUNT0.toLowerCase();
const TKA = '0x' + '7a'.repeat(20);
const PIN = '0x' + '77'.repeat(20);
const OTHER_DELEGATE = '0x' + '66'.repeat(20);
const PIN_CODE = readFileSync(new URL('../../../../fixtures/wallet/simple7702account-0.8.0.hex', import.meta.url), 'utf8').trim();
const indicator = (delegate: string) => '0xef0100' + delegate.slice(2);
const TRANSFER = '0xa9059cbb' + RECIPIENT.slice(2).toLowerCase().padStart(64, '0') + (5n).toString(16).padStart(64, '0');
const TWO = [
  { to: RECIPIENT, value: '0x3' },
  { to: TKA, data: TRANSFER },
];
const batch = (calls: unknown[], extra: Record<string, unknown> = {}) => ({ version: '2.0.0', chainId: '0x7a69', from: FROM, atomicRequired: true, calls, ...extra });

describe('atomic batches (EIP-5792 through the pinned EIP-7702 delegate)', () => {
  let world: World;
  let script: { fail?: number }[];
  let simulated: TransactionRequest[][];
  beforeEach(() => {
    world = freshWorld();
    script = [];
    simulated = [];
    world.code = new Map([
      [FROM, indicator(PIN)],
      [PIN, PIN_CODE],
      [OTHER_DELEGATE, '0x6001'],
    ]);
  });
  const effectsOf = (requests: readonly TransactionRequest[], fail?: number): TransactionEffects => ({
    at: { blockNumber: String(world.headNumber), blockHash: blockHash(world.headNumber) },
    ok: fail === undefined,
    ...(fail !== undefined ? { revert: { call: fail, reason: 'ExecuteError(1, VigilToken: balance too low)' } } : {}),
    own: [{ asset: 'native', standard: 'native', amount: '-3' }],
    approvals: [],
    others: [],
    created: [],
    tokens: {},
    gasUsed: requests.map(() => '60000'),
  });
  const preview = async (requests: TransactionRequest[]): Promise<Preview> => {
    simulated.push(requests);
    return { effects: effectsOf(requests, script.shift()?.fail), changed: [] };
  };
  const hashOf = (raw: string) => bytesToHex(keccak256(hexToBytes(raw)));
  const mine = (status: '0x1' | '0x0', block: number) => {
    const hash = hashOf(world.sent.at(-1)!);
    world.headNumber = block;
    world.receipts.set(hash, { blockNumber: '0x' + block.toString(16), blockHash: blockHash(block), gasUsed: '0xea60', status, logs: [] } as never);
    return hash;
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: unknown) => err as { code: string; shortMessage: string },
    );

  it('the fixture is the pinned delegate (its hash is the pin)', () => {
    expect(bytesToHex(keccak256(hexToBytes(PIN_CODE)))).toBe(SIMPLE_7702_ACCOUNT.codeHash);
  });

  it('wallet_getCapabilities: supported for the pinned delegate, unsupported for another or none, a typed error when not provable', async () => {
    const { wallet } = await connected(world);
    const caps = () => wallet.requests.getCapabilities(APP, FROM, [31337n, 1n]);
    expect(await caps()).toEqual({ '0x7a69': { atomic: { status: 'supported' } } });
    world.code!.set(FROM, indicator(OTHER_DELEGATE));
    expect(await caps()).toEqual({ '0x7a69': { atomic: { status: 'unsupported' } } });
    world.code!.delete(FROM);
    expect(await caps()).toEqual({ '0x7a69': { atomic: { status: 'unsupported' } } });
    // No account named: nothing to prove, and nothing a batch could run from.
    world.code!.set(FROM, indicator(PIN));
    expect(await wallet.requests.getCapabilities(APP, undefined, undefined)).toEqual({ '0x7a69': { atomic: { status: 'unsupported' } } });

    // A lying endpoint: code served that is not the proven code (the pin's indicator claimed, something else proven), a lying proof.
    world.codeLie = true;
    const lied = await failure(caps());
    expect(lied?.code).toBe('DELEGATION_NOT_PROVEN');
    expect(lied?.shortMessage).toMatch(/CODE_HASH_MISMATCH/);
    expect(toProviderError(lied)).toMatchObject({ code: -32099, data: { code: 'DELEGATION_NOT_PROVEN' } });
    world.codeLie = false;
    world.lie = true;
    expect((await failure(caps()))?.code).toBe('DELEGATION_NOT_PROVEN');
    world.lie = false;
    // The delegate's own code cannot be proven: never guessed supported.
    world.unprovable = new Set([PIN]);
    const unproven = await failure(caps());
    expect(unproven?.code).toBe('DELEGATION_NOT_PROVEN');
    expect(unproven?.shortMessage).toMatch(/its delegate 0x7777.* could not be proven \(PROOF_VALUE_MISMATCH/);
    world.unprovable = undefined;
    // No head signed by two thirds of the committee yet.
    world.head = undefined;
    expect((await failure(caps()))?.code).toBe('DELEGATION_NOT_PROVEN');
  });

  it('wallet_sendCalls from a delegated account: one window "all or nothing, one transaction", one executeBatch transaction to itself, signed once, status atomic from its one receipt', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'a1' }, batch(TWO));
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.kind).toBe('calls');
    const details = view.details as { calls: { tx: { to: string; value: string; data: string; nonce: string } }[]; atomic: { calls: unknown[] }; maxCost: string };
    expect(details.calls).toHaveLength(1);
    expect(details.calls[0]!.tx).toMatchObject({ value: '0', nonce: '5' });
    expect(details.calls[0]!.tx.to.toLowerCase()).toBe(FROM);
    expect(decodeDelegateCalls(details.calls[0]!.tx.data)).toEqual([
      { to: RECIPIENT.toLowerCase(), value: 3n, data: '0x' },
      { to: TKA, value: 0n, data: TRANSFER },
    ]);
    expect(details.atomic.calls).toEqual([
      { to: RECIPIENT.toLowerCase(), value: '3', data: '0x' },
      { to: TKA, value: '0', data: TRANSFER },
    ]);
    // The calls' values count in what it may cost (the transaction's own value is 0).
    const one = details.calls[0]!.tx as unknown as { gasLimit: string; maxFeePerGas: string };
    expect(BigInt(details.maxCost)).toBe(BigInt(one.gasLimit) * BigInt(one.maxFeePerGas) + 3n);
    // Simulated as one transaction, each time.
    expect(simulated.every((r) => r.length === 1 && r[0]!.to?.toLowerCase() === FROM)).toBe(true);

    await wallet.approvals.resolve(view.id, true);
    const { id } = await sent;
    expect(new Set(world.sent.map(hashOf)).size).toBe(1);
    const tx = decodeTransaction(hexToBytes(world.sent[0]!));
    expect(bytesToHex(tx.to!)).toBe(FROM);
    expect(tx.value).toBe(0n);
    expect(decodeDelegateCalls(bytesToHex(tx.input))).toHaveLength(2);

    const status = () => wallet.requests.getCallsStatus(APP, id);
    expect(await status()).toMatchObject({ status: 100, atomic: true, receipts: [] });
    const hash = mine('0x1', 101);
    await wallet.activity.track();
    const done = await status();
    expect(done).toMatchObject({ status: 200, atomic: true });
    expect(done.receipts.map((r) => r.transactionHash)).toEqual([hash]);
    expect((await repo.batches.get(APP, id))!.atomic).toEqual({ calls: 2 });
  });

  it('reverted on chain: 500, nothing of it happened; a revert in the simulation refuses the batch before a window', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'a2' }, batch(TWO, { atomicRequired: false }));
    await wallet.approvals.resolve(await opened(world, 1), true);
    const { id } = await sent;
    mine('0x0', 101);
    await wallet.activity.track();
    const s = await wallet.requests.getCallsStatus(APP, id);
    expect(s).toMatchObject({ status: 500, atomic: true });
    expect(s.receipts.map((r) => r.status)).toEqual(['0x0']);

    world.nonce = 6n;
    script.push({ fail: 0 });
    const refused = await failure(wallet.requests.sendCalls({ origin: APP, requestKey: 'a3' }, batch(TWO)));
    expect(refused?.code).toBe('WOULD_REVERT');
    expect(refused?.shortMessage).toMatch(/^the batch of 2 calls \(one transaction, all or nothing\) fails on the verified state of block 101: ExecuteError\(1, VigilToken: balance too low\)/);
    expect(world.sent).toHaveLength(1);
  });

  it('an account no longer delegated to the pin when the user approves is not signed for', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'a4' }, batch(TWO));
    const id = await opened(world, 1);
    // Revoked (or re-delegated elsewhere) after the window opened: its transaction to itself would do nothing, or the other delegate's will.
    world.code!.set(FROM, indicator(OTHER_DELEGATE));
    const refused = failure(sent);
    await wallet.approvals.resolve(id, true);
    expect((await refused)?.code).toBe('ATOMICITY_NOT_SUPPORTED');
    expect(world.sent).toHaveLength(0);
  });

  it('other accounts: atomicRequired refused with 5760 (another delegate, none); not required, one transaction per call as before', async () => {
    world.code!.set(FROM, indicator(OTHER_DELEGATE));
    const { wallet } = await connected(world, { previewTransactions: preview });
    const refused = await failure(wallet.requests.sendCalls({ origin: APP, requestKey: 'a5' }, batch(TWO)));
    expect(toProviderError(refused).code).toBe(5760);
    expect(refused?.shortMessage).toMatch(/is not delegated to the delegate Vigil pins/);
    world.code!.delete(FROM);
    expect(toProviderError(await failure(wallet.requests.sendCalls({ origin: APP, requestKey: 'a6' }, batch(TWO)))).code).toBe(5760);
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'a7' }, batch(TWO, { atomicRequired: false }));
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.calls).toHaveLength(2);
    expect(view.details.atomic).toBeUndefined();
    const rejected = failure(sent);
    await wallet.approvals.resolve(view.id, false);
    expect((await rejected)?.code).toBe('USER_REJECTED');
  });

  it('a delegated account with a contract creation in the batch: sequential when atomicity is not required, 5760 when it is', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const withCreation = [...TWO, { data: '0x6080' }];
    expect(toProviderError(await failure(wallet.requests.sendCalls({ origin: APP, requestKey: 'a8' }, batch(withCreation)))).code).toBe(5760);
    const sent = wallet.requests.sendCalls({ origin: APP, requestKey: 'a9' }, batch(withCreation, { atomicRequired: false }));
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.calls).toHaveLength(3);
    const rejected = failure(sent);
    await wallet.approvals.resolve(view.id, false);
    expect((await rejected)?.code).toBe('USER_REJECTED');
  });
});

/**
 * The popup's EIP-7702 delegation end to end (src/client/wallet/delegation/requests.ts) over a real
 * VerifiedExecution and the real engine on proven (trie-backed) state, with an endpoint that records
 * every request: before the user approves, no signature of theirs exists anywhere (the simulation
 * runs the tuple unsigned, and no call object carrying an authorization is ever sent); a rejected
 * delegation leaves no signature in storage or at the endpoint; an approved one is signed after the
 * click, held to the plan, re-judged, and sent.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { delegationHost } from '../../../../../src/client/wallet/delegation/delegate.ts';
import type { WalletChain } from '../../../../../src/client/wallet/transactions.ts';
import { VerifiedExecution } from '../../../../../src/client/verified/execution.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { ExecutionEngine } from '../../../../../src/execution/engine.ts';
import { recoverAuthority } from '../../../../../src/execution/delegation-indicator.ts';
import { decodeTransaction } from '../../../../../src/execution/transactions.ts';
import type { JsonRpcRequest } from '../../../../../src/rpc/http.ts';
import type { VigilDb } from '../../../../../src/storage/db.ts';
import { signAuthorization } from '../../../../../src/wallet/set-code-authorization.ts';
import type { SignedAuthorization } from '../../../../../src/wallet/transaction.ts';
import { buildWorld, envFor } from '../../../execution/world.ts';
import { ACCOUNT0, freshWorld, GWEI, MNEMONIC, NOW_S, opened, scriptedChain, setup, type World } from '../wallet-world.ts';

// Hardhat's account 0 (the phrase's first key): ACCOUNT0.
const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const DELEGATOR = '0x' + '5e'.repeat(20);
const SIMPLE = readFileSync(new URL('../../../../fixtures/wallet/simple7702account-0.8.0.hex', import.meta.url), 'utf8').trim();

beforeAll(() => cryptoReady());

interface Harness {
  world: World;
  /** Every request the endpoint was sent, as sent. */
  seen: JsonRpcRequest[];
  chain: WalletChain;
}

/** The scripted wallet world, its runs through a real VerifiedExecution and engine over a trie holding the account and the pinned delegate. */
async function harness(): Promise<Harness> {
  const trie = await buildWorld({ [ACCOUNT0]: { balance: 10n ** 18n, nonce: 5n }, [DELEGATOR]: { code: SIMPLE } });
  const world = freshWorld();
  world.code = new Map([[DELEGATOR, SIMPLE]]);
  world.head = { ...world.head!, env: envFor(trie, { chainId: 31337n, fork: 'prague', number: 100n, timestamp: BigInt(NOW_S - 4), baseFeePerGas: 10n * GWEI }) };
  const seen: JsonRpcRequest[] = [];
  const rpc = {
    endpoints: ['https://rpc.example'],
    demote: () => {},
    batchAt: async (_endpoint: string, calls: JsonRpcRequest[]) => {
      seen.push(...calls);
      return Promise.all(
        calls.map(async (c) => {
          const [address, slots] = c.params as [string, string[]];
          return { ok: true, result: c.method === 'eth_getProof' ? await trie.getProof(address, slots) : trie.getCode(address) };
        }),
      );
    },
    call: async (method: string, params: unknown[]) => {
      seen.push({ method, params });
      return { result: method === 'web3_clientVersion' ? 'Geth/v1' : { accessList: [] }, endpoint: 'https://rpc.example' };
    },
  };
  const vexec = new VerifiedExecution({ rpc: rpc as never, executor: new ExecutionEngine() });
  const base = scriptedChain(world);
  const chain: WalletChain = { ...base, execution: { ...base.execution, run: (p) => vexec.run(p) } };
  return { world, seen, chain };
}

async function walletOn(h: Harness, delegator: () => string = () => DELEGATOR) {
  const s = await setup(h.world, undefined, { delegator, delegationHost: delegationHost(() => h.chain), chain: () => h.chain });
  await s.wallet.keyring.create({ password: 'correct horse', mnemonic: MNEMONIC });
  return s;
}

/** The tuple the window plans (chain 31337, the delegate, nonce 5 + 1), signed as the keyring would sign it (RFC 6979: the same bytes). */
const expected = (): SignedAuthorization => signAuthorization({ chainId: 31337n, address: DELEGATOR as never, nonce: 6n }, KEY);

/** Every way the signature could be written: r and s in hex (any case, padded or not) and in decimal. */
function traces(a: SignedAuthorization): string[] {
  return [a.r, a.s].flatMap((v) => [v.toString(16), v.toString(10)]);
}

function text(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v)).toLowerCase();
}

/** Every row of every table. */
async function stored(db: VigilDb): Promise<string> {
  const rows = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()]));
  return text(rows);
}

const leaks = (haystack: string, a: SignedAuthorization) => traces(a).filter((t) => haystack.includes(t));

describe('the delegation window: nothing of the user\'s is signed before the click', () => {
  it('before approval, the endpoint sees no signed tuple and no call carrying an authorization; rejected, no signature is anywhere', async () => {
    const h = await harness();
    const { wallet, db } = await walletOn(h);
    const pending = wallet.delegations.request({ from: ACCOUNT0, action: 'delegate' });
    const id = await opened(h.world, 0);
    const view = await wallet.approvals.get(id);
    expect(view.kind).toBe('delegation');
    expect((view.details as { after: unknown }).after).toMatchObject({ kind: 'delegated', delegate: DELEGATOR });
    // The real engine ran the unsigned tuple: proofs were fetched, and nothing else was sent with the call in it.
    expect(h.seen.some((r) => r.method === 'eth_getProof')).toBe(true);
    expect(h.seen.filter((r) => text(r).includes('authorizationlist'))).toEqual([]);
    expect(h.seen.filter((r) => r.method === 'eth_createAccessList')).toEqual([]);
    const auth = expected();
    expect(leaks(text(h.seen), auth)).toEqual([]);
    expect(leaks(text(view), auth)).toEqual([]);
    expect(leaks(await stored(db), auth)).toEqual([]);

    const outcome = pending.catch((e: unknown) => e);
    await wallet.approvals.resolve(id, false);
    expect(await outcome).toMatchObject({ code: 'USER_REJECTED' });
    expect(leaks(text(h.seen), auth)).toEqual([]);
    expect(leaks(await stored(db), auth)).toEqual([]);
    expect(h.world.sent).toEqual([]);
  });

  it('approved, the tuple is signed after the click as planned and sent in the transaction; only then does it leave', async () => {
    const h = await harness();
    const { wallet, db } = await walletOn(h);
    const pending = wallet.delegations.request({ from: ACCOUNT0, action: 'delegate' });
    const id = await opened(h.world, 0);
    await wallet.approvals.resolve(id, true);
    const hash = await pending;
    expect(h.world.sent).toHaveLength(1);
    const tx = decodeTransaction(hexToBytes(h.world.sent[0]!));
    expect(tx.type).toBe(4);
    const list = (tx as { authorizationList: { chainId: bigint; address: Uint8Array; nonce: bigint; yParity: number; r: bigint; s: bigint }[] }).authorizationList;
    const auth = expected();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ chainId: 31337n, address: hexToBytes(DELEGATOR), nonce: 6n, r: auth.r, s: auth.s });
    expect(recoverAuthority(list[0]!)).toEqual(hexToBytes(ACCOUNT0));
    // Only the signed transaction carries it: no call to the execution endpoint ever did.
    expect(leaks(text(h.seen), auth)).toEqual([]);
    expect((await wallet.activity.list()).map((r) => r.hash)).toContain(hash);
    expect(await stored(db)).toContain(bigIntToHex(auth.r).slice(2));
  });

  it('re-judged at the click: the account\'s nonce moved, so nothing is signed at all', async () => {
    const h = await harness();
    const { wallet, db } = await walletOn(h);
    const pending = wallet.delegations.request({ from: ACCOUNT0, action: 'delegate' });
    const id = await opened(h.world, 0);
    h.world.nonce = 6n;
    const outcome = pending.catch((e: unknown) => e);
    await wallet.approvals.resolve(id, true).catch(() => {});
    expect(await outcome).toMatchObject({ code: 'NONCE_NOT_VERIFIED' });
    expect(h.world.sent).toEqual([]);
    expect(leaks(text(h.seen), expected())).toEqual([]);
    expect(leaks(await stored(db), expected())).toEqual([]);
  });

  it("re-planned at the click: the network's delegate moved, so nothing is signed at all", async () => {
    const h = await harness();
    const moved = '0x' + '6f'.repeat(20);
    h.world.code!.set(moved, SIMPLE);
    let delegator = DELEGATOR;
    const { wallet, db } = await walletOn(h, () => delegator);
    const pending = wallet.delegations.request({ from: ACCOUNT0, action: 'delegate' });
    const id = await opened(h.world, 0);
    delegator = moved;
    const outcome = pending.catch((e: unknown) => e);
    await wallet.approvals.resolve(id, true).catch(() => {});
    expect(await outcome).toMatchObject({ code: 'DELEGATE_NOT_PINNED' });
    expect(h.world.sent).toEqual([]);
    expect(leaks(await stored(db), expected())).toEqual([]);
  });
});

/**
 * Delegating and revoking from the wallet (issue 41) on the devnet with its contracts (the pinned
 * Simple7702Account 0.8.0 deployed from its artifact): the popup's request opens its own window,
 * the type-4 transaction is simulated over proven state with its authorization run, signed once
 * approved, its receipt verified by the activity, and the delegation read again proven at a later
 * head: delegated to the pin, known by its name. A send from the delegated account runs the
 * delegate's code in its simulation (execute() moving wei to another account). Revoked: proven
 * without code. A delegator address holding other code is refused (DELEGATE_NOT_PINNED), and a
 * lying endpoint (the devnet's proof faults) is refused before any window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDelegation } from '../../src/client/wallet/delegation/delegate.ts';
import { SIMPLE_7702_ACCOUNT } from '../../src/wallet/eip7702-pin.ts';
import type { ActivityRow } from '../../src/storage/wallet.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { until } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

let devnet: Devnet;
let w: DevnetWallet;
let from: string;
const OTHER = '0x000000000000000000000000000000000000dEaD';

beforeAll(async () => {
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, faults: true });
  w = await walletOnDevnet(devnet.info);
  // Account 0 of the Hardhat phrase (this devnet is this file's alone).
  from = w.wallet.keyring.addresses()[0]!;
  await until('a verified head', async () => w.session.walletChain()?.signingHead(), 90_000);
}, 180_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop();
});

const row = (hash: string) => w.repo.getActivity(hash) as Promise<ActivityRow | undefined>;
const setFault = async (fault: string, on: boolean) => expect((await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) })).status).toBe(200);

/** Approves the next window, waits for the receipt the activity verified, then a signing head past it. */
async function approvedAndIncluded(pending: Promise<string>) {
  await w.approveNext();
  const hash = await pending;
  const included = await until('included', async () => {
    const r = await row(hash);
    return (r?.status === 'included' || r?.status === 'final') && r;
  }, 90_000);
  expect(included.receipt?.status).toBe(1);
  const head = await until('a signing head past the receipt', async () => {
    const h = w.session.walletChain()?.signingHead();
    return h && h.head.blockNumber > BigInt(included.receipt!.blockNumber) && h;
  }, 90_000);
  return { hash, head };
}

describe('delegate and revoke from the popup, proven', () => {
  it('delegates to the pinned Simple7702Account: its window says what the code becomes; proven delegated at the next head', async () => {
    const delegator = devnet.info.delegator!;
    expect(delegator).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const pending = w.wallet.delegations.request({ from, action: 'delegate' });
    const id = await until('the delegation window', async () => w.opened[0]);
    const view = await w.wallet.approvals.get(id);
    expect(view.kind).toBe('delegation');
    const d = view.details as Record<string, any>;
    expect(d.before).toEqual({ kind: 'none' });
    expect(d.after).toEqual({ kind: 'delegated', delegate: delegator.toLowerCase(), known: SIMPLE_7702_ACCOUNT.name });
    expect(d.chainId).toBe(devnet.info.chainId);
    expect(d.chainName).toBeTruthy();
    expect(BigInt(d.authorizationNonce)).toBe(BigInt(d.tx.nonce) + 1n);
    expect(d.verdict.ok).toBe(true);
    expect(d.effects.ok).toBe(true);

    const { hash } = await approvedAndIncluded(pending);
    expect((await row(hash))!.summary).toMatch(/Delegate to Simple7702Account/);
    expect(await w.wallet.delegations.confirm(from, 'delegate')).toEqual({
      kind: 'delegated',
      delegate: delegator.toLowerCase(),
      delegateCode: { codeHash: SIMPLE_7702_ACCOUNT.codeHash, known: SIMPLE_7702_ACCOUNT.name },
    });
  }, 240_000);

  it("a send from the delegated account runs the delegate's code in its simulation (execute moves wei)", async () => {
    // execute(address target, uint256 value, bytes data): the account calls itself, the delegate's code runs.
    const data = '0xb61d27f6' + OTHER.slice(2).toLowerCase().padStart(64, '0') + (1000n).toString(16).padStart(64, '0') + (0x60).toString(16).padStart(64, '0') + '0'.padStart(64, '0');
    const pending = w.wallet.requests.send({ from, to: from, value: '0x0', data });
    const id = await until('the send window', async () => w.opened[1]);
    const effects = (await w.wallet.approvals.get(id)).details.effects as { ok: boolean; native: { address: string; delta: string }[] } & Record<string, unknown>;
    expect(effects.ok).toBe(true);
    expect(JSON.stringify(effects)).toMatch(/dead/i);
    await approvedAndIncluded(pending);
  }, 240_000);

  it('revokes: address 0 in the authorization; proven undelegated at the next head', async () => {
    const pending = w.wallet.delegations.request({ from, action: 'revoke' });
    const id = await until('the revoke window', async () => w.opened[2]);
    const d = (await w.wallet.approvals.get(id)).details as Record<string, any>;
    expect(d.before).toMatchObject({ kind: 'delegated', known: SIMPLE_7702_ACCOUNT.name });
    expect(d.after).toEqual({ kind: 'none' });
    expect(d.delegate).toBe('0x0000000000000000000000000000000000000000');
    await approvedAndIncluded(pending);
    expect(await w.wallet.delegations.confirm(from, 'revoke')).toEqual({ kind: 'none' });
  }, 240_000);

  it('refuses a delegator address whose proven code is not the pin (a token contract)', async () => {
    const chain = w.session.walletChain()!;
    await expect(planDelegation(chain, { from, action: 'delegate', delegator: devnet.info.contracts!.token, pending: [], now: Math.floor(Date.now() / 1000) })).rejects.toMatchObject({
      code: 'DELEGATE_NOT_PINNED',
      expected: SIMPLE_7702_ACCOUNT.codeHash,
    });
  }, 60_000);

  it('refuses a lying endpoint before any window: a proof that does not verify is no plan', async () => {
    const opened = w.opened.length;
    await setFault('proof-nonce', true);
    try {
      await expect(w.wallet.delegations.request({ from, action: 'delegate' })).rejects.toMatchObject({ code: 'NONCE_NOT_VERIFIED' });
    } finally {
      await setFault('proof-nonce', false);
    }
    expect(w.opened.length).toBe(opened);
  }, 60_000);
});

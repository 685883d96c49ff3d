// @vitest-environment happy-dom
/**
 * The Rollups tab's L2 accounts: proven balances with their batch and re-verified proof, "no L2
 * account yet", an unproven account's error with no number; the deposit form (wei quantity, the
 * approval window never awaited) and the transfer form (errors with their codes explained, the
 * form cleared on success); the L2 transfers; when the accounts are read again; and each proven
 * account's "Exit to L1" (plain when its rollup is stalled or frozen, else behind a disclosure),
 * confirmed in place before the background starts it.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tierJson } from '../../../src/l2/tier.ts';
import { BackgroundError } from '../../../src/ui/api.ts';
import { readL2Deposit, readL2Transfer } from '../../../src/ui/components/l2-forms.ts';
import { exitUnderWay, l2TransferDetail } from '../../../src/ui/components/l2-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import type { RollupView } from '../../../src/ui/api.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, devnetRoute, EXIT_DEADLINE, exitRoute, exitView, fakeWallet, l2Account, l2Transfer, NOW, rollupView } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
async function type(el: Element, id: string, value: string) {
  await act(async () => {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function choose(el: Element, id: string, value: string) {
  await act(async () => {
    const select = byTestId(el, id) as HTMLSelectElement;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

type Api = ReturnType<typeof fakeWallet>;

async function mount(api: Api, props: Record<string, unknown> = {}) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'rollups', ...props }), el));
  // The wallet's state first, then its home's reads.
  await flush();
  await flush();
  return el;
}

/** Alice proven on 901, Bob without an L2 account there, Alice on 902 unproven. */
function withRows(): Api {
  const api = fakeWallet();
  api.l2Rows = [
    l2Account(),
    l2Account({ address: BOB, index: null, balance: null, nonce: null, publicKey: null }),
    // A balance the background failed to prove: even if a number came along, none may show.
    l2Account({ rollupChainId: 902, rollupName: 'Second', balance: '777000000000000000000', error: { code: 'L2_PROOF_ROOT_MISMATCH', message: 'the proof of account 3 does not hash to the root' } }),
  ];
  return api;
}

const calls = (api: Api, method: string) => api.calls.filter((c) => c.method === method).map((c) => c.args);

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('L2 accounts', () => {
  it('are not shown while the background has none', async () => {
    const api = fakeWallet();
    const el = await mount(api);
    expect(api.l2Accounts).toHaveBeenCalled();
    expect(byTestId(el, 'l2-card')).toBeNull();
    expect(byTestId(el, 'l2-none')!.textContent).toContain('a deposit from L1 makes one');
  });

  it('on an EVM rollup: the same address, its proven balance, the accepted L2 block and its age, finalized or claimed in words; an error in words; no forms', async () => {
    const api = fakeWallet();
    const evm = (over: Record<string, unknown> = {}) => ({ unit: 'L2 block' as const, status: 'finalized' as const, claim: null, acceptedAt: 1, acceptedAgeSeconds: 3 * 3600, ...over });
    api.l2Rows = [
      l2Account({ rollupChainId: 10, rollupName: 'OP Mainnet', index: null, publicKey: null, balance: '2000000000000000000', proof: 'not-applicable', batch: 140_000_000, evm: evm() }),
      l2Account({ rollupChainId: 11, rollupName: 'OP Newest', index: null, publicKey: null, proof: 'not-applicable', batch: 7, evm: evm({ status: 'claimed', claim: { until: 1_900_000_000, note: 'x' } }) }),
      l2Account({
        rollupChainId: 42161,
        rollupName: 'Arbitrum One',
        index: null,
        publicKey: null,
        balance: null,
        evm: evm(),
        error: { code: 'L2_HEADER_MISMATCH', message: 'the L2 header does not hash to the confirmed block hash' },
      }),
    ];
    const el = await mount(api);
    const [op, claimed, arb] = allByTestId(el, 'l2-row');
    expect(op!.getAttribute('data-kind')).toBe('evm');
    expect(byTestId(op!, 'l2-balance')!.textContent).toBe('2 ETH');
    expect(op!.textContent).toContain('same address on OP Mainnet');
    expect(byTestId(op!, 'l2-batch')!.textContent).toBe('L2 block 140,000,000 · accepted on L1 3 h ago');
    expect(byTestId(op!, 'l2-status')!.textContent).toBe('finalized on L1: no challenge can undo it');
    expect(byTestId(op!, 'l2-proof')!.textContent).toBe('✓ balance proven against the state root L1 accepted · L1 block #1,234');
    expect(byTestId(claimed!, 'l2-status')!.textContent).toBe('claimed: a challenge may still undo it until 2030-03-17 17:46 UTC');
    expect(byTestId(arb!, 'l2-balance')!.textContent).toBe('not proven');
    expect(byTestId(arb!, 'l2-error')!.textContent).toContain('not the one L1 committed to');
    expect(byTestId(arb!, 'l2-batch')).toBeNull();
    // Deposits, transfers and the devnet's exit are not offered on these rows.
    expect(byTestId(el, 'l2-deposit-value')).toBeNull();
    expect(el.querySelector('[data-testid^="l2-exit"]')).toBeNull();
  });

  it("on Linea: the L2 RPC's balance labelled not proven, never with the tick; the root's tier still shown", async () => {
    const api = fakeWallet();
    const evm = { unit: 'L2 block' as const, status: 'finalized' as const, claim: null, acceptedAt: 1, acceptedAgeSeconds: 2 * 3600 };
    api.l2Rows = [
      l2Account({
        rollupChainId: 59144,
        rollupName: 'Linea',
        index: null,
        publicKey: null,
        balance: '1500000000000000000',
        proof: 'verified',
        batch: 24_288_678,
        evm,
        notProven: "account not proven (Linea's trie)",
        tier: tierJson({ tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false }, system: 'gnark-plonk', release: 'proof type 1, v4 input' }),
      }),
    ];
    const el = await mount(api);
    const [linea] = allByTestId(el, 'l2-row');
    const balance = byTestId(linea!, 'l2-balance')!;
    expect(balance.textContent).toBe('1.5 ETH');
    expect(balance.classList.contains('unproven')).toBe(true);
    const proof = byTestId(linea!, 'l2-proof')!;
    expect(proof.textContent).toBe("account not proven (Linea's trie): the L2 RPC's balance at the L2 block L1 accepted · root proven at L1 block #1,234");
    expect(proof.getAttribute('data-proven')).toBe('false');
    expect(linea!.textContent).not.toContain('✓ balance proven');
    expect(byTestId(linea!, 'l2-tier')!.textContent).toBe('✓ validity proof re-verified here');
    // An L2 RPC that keeps no state of the finalized block: its latest balance, said so.
    api.l2Rows = [{ ...api.l2Rows[0]!, readLatest: true }];
    const again = await mount(api);
    expect(byTestId(allByTestId(again, 'l2-row')[0]!, 'l2-proof')!.textContent).toMatch(/^account not proven \(Linea's trie\): the L2 RPC's balance at its latest block \(it keeps no state of the one L1 accepted\)/);
  });

  it("on Mantle: the balance in MNT, and the root's tier in words: never a tick unless every wanted step was re-verified here", async () => {
    const api = fakeWallet();
    const evm = { unit: 'L2 block' as const, status: 'claimed' as const, claim: { until: 1_900_000_000, note: 'x' }, acceptedAt: 1, acceptedAgeSeconds: 3600 };
    const mnt = { name: 'Mantle', symbol: 'MNT', decimals: 18 };
    api.l2Rows = [
      l2Account({
        rollupChainId: 5000,
        rollupName: 'Mantle',
        nativeCurrency: mnt,
        index: null,
        publicKey: null,
        balance: '1500000000000000000',
        proof: 'not-applicable',
        evm,
        tier: tierJson({ tier: 'l1-verifier', system: 'sp1-plonk', release: 'v6.1.0', reason: 'keys not pinned' }),
      }),
      l2Account({ rollupChainId: 5001, rollupName: 'Mantle pinned', nativeCurrency: mnt, index: null, publicKey: null, proof: 'verified', evm, tier: tierJson({ tier: 'reverified', steps: { verified: 3, wanted: 3, anchored: false }, system: 'sp1-plonk', release: 'v6.1.0' }) }),
      l2Account({ rollupChainId: 5002, rollupName: 'Mantle partly', nativeCurrency: mnt, index: null, publicKey: null, proof: 'verified', evm, tier: tierJson({ tier: 'reverified', steps: { verified: 1, wanted: 3, anchored: false } }) }),
    ];
    const el = await mount(api);
    const [l1, pinned, partly] = allByTestId(el, 'l2-row');
    expect(byTestId(l1!, 'l2-balance')!.textContent).toBe('1.5 MNT');
    expect(byTestId(l1!, 'l2-tier')!.textContent).toBe("accepted by L1's verifier, not re-verified");
    expect(byTestId(l1!, 'l2-tier')!.getAttribute('title')).toBe('sp1-plonk v6.1.0 · keys not pinned');
    expect(byTestId(pinned!, 'l2-tier')!.textContent).toBe('✓ validity proof re-verified here');
    expect(byTestId(pinned!, 'l2-tier')!.classList.contains('good')).toBe(true);
    expect(byTestId(partly!, 'l2-tier')!.textContent).toBe('latest step re-verified here (1 of 3)');
    expect(byTestId(partly!, 'l2-tier')!.classList.contains('good')).toBe(false);
  });

  it('show the proven balance with its batch and re-verified proof, a missing account, and an error with no number', async () => {
    const el = await mount(withRows());
    const rows = allByTestId(el, 'l2-row');
    expect(rows.map((r) => [r.getAttribute('data-address'), r.getAttribute('data-rollup-chain')])).toEqual([
      [ALICE.toLowerCase(), '901'],
      [BOB.toLowerCase(), '901'],
      [ALICE.toLowerCase(), '902'],
    ]);
    const [alice, bob, broken] = rows as [Element, Element, Element];

    expect(alice.textContent).toContain('Account 1');
    expect(alice.textContent).toContain('Vigil ZK devnet');
    expect(byTestId(alice, 'l2-balance')!.textContent).toBe('1.25 ETH');
    expect(byTestId(alice, 'l2-batch')!.textContent).toBe('batch 12 · 12 s ago');
    expect(byTestId(alice, 'l2-proof')!.textContent).toContain('validity proof re-verified');
    expect(byTestId(alice, 'l2-proof')!.textContent).toContain('L1 block #1,234');

    expect(bob.textContent).toContain('Savings');
    expect(byTestId(bob, 'l2-balance')!.textContent).toBe('no L2 account yet');

    const balance = byTestId(broken, 'l2-balance')!.textContent!;
    expect(balance).not.toMatch(/\d/);
    expect(broken.textContent).not.toContain('777');
    expect(byTestId(broken, 'l2-proof')).toBeNull();
    expect(byTestId(broken, 'l2-batch')).toBeNull();
    const error = byTestId(broken, 'l2-error')!;
    expect(error.classList.contains('bad')).toBe(true);
    expect(error.getAttribute('data-code')).toBe('L2_PROOF_ROOT_MISMATCH');
    expect(error.textContent).toContain('L2_PROOF_ROOT_MISMATCH');
    expect(error.textContent).toContain('does not match the root L1 accepted');
    expect(error.textContent).toContain('does not hash to the root');
  });

  it('are read on mount and again when the head moves, at most every 4 s', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const api = withRows();
    const el = await mount(api, { headBlock: 100 });
    expect(api.l2Accounts).toHaveBeenCalledTimes(1);
    expect(api.l2Transfers).toHaveBeenCalledTimes(1);
    now += 1000;
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'rollups', headBlock: 101 }), el));
    await flush();
    expect(api.l2Accounts).toHaveBeenCalledTimes(1);
    now += 4000;
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'rollups', headBlock: 102 }), el));
    await flush();
    expect(api.l2Accounts).toHaveBeenCalledTimes(2);
    expect(api.l2Transfers).toHaveBeenCalledTimes(2);
  });
});

describe('the deposit form', () => {
  it('asks the background for 1.5 ETH as 0x14d1120d7b160000 wei into the chosen rollup, without waiting on the approval', async () => {
    const api = withRows();
    let settle!: (hash: string) => void;
    api.l2DepositResult = new Promise((r) => (settle = r));
    const el = await mount(api);
    await type(el, 'l2-deposit-value', 'lots');
    await click(el, 'l2-deposit-submit');
    expect(byTestId(el, 'l2-deposit-error')!.textContent).toContain('Amount');
    expect(calls(api, 'l2Deposit')).toEqual([]);

    await choose(el, 'l2-deposit-from', BOB);
    await choose(el, 'l2-deposit-rollup', '902');
    await type(el, 'l2-deposit-value', '1.5');
    await click(el, 'l2-deposit-submit');
    expect(calls(api, 'l2Deposit')).toEqual([[{ from: BOB, rollupChainId: 902, value: '0x14d1120d7b160000' }]]);
    // The call has not settled, and the form says so.
    expect(byTestId(el, 'l2-deposit-note')!.textContent).toMatch(/approve it in the window that opened/i);
    expect(byTestId(el, 'l2-deposit-error')).toBeNull();
    expect((byTestId(el, 'l2-deposit-submit') as HTMLButtonElement).disabled).toBe(false);

    const reads = vi.mocked(api.l2Accounts).mock.calls.length;
    await act(async () => settle('0x' + 'cd'.repeat(32)));
    await flush();
    expect(byTestId(el, 'l2-deposit-note')!.textContent).toContain('Deposit sent: 0xcdcdcd');
    expect(vi.mocked(api.l2Accounts).mock.calls.length).toBe(reads + 1);
  });

  it('clears the amount it sent once the deposit is sent, but keeps one typed while the window was open', async () => {
    const api = withRows();
    let settle!: (hash: string) => void;
    api.l2DepositResult = new Promise((r) => (settle = r));
    const el = await mount(api);
    const amount = () => (byTestId(el, 'l2-deposit-value') as HTMLInputElement).value;
    await type(el, 'l2-deposit-value', '1.5');
    await click(el, 'l2-deposit-submit');
    await type(el, 'l2-deposit-value', '0.25');
    await act(async () => settle('0x' + 'cd'.repeat(32)));
    await flush();
    expect(amount()).toBe('0.25');

    api.l2DepositResult = new Promise((r) => (settle = r));
    await click(el, 'l2-deposit-submit');
    await act(async () => settle('0x' + 'ef'.repeat(32)));
    await flush();
    expect(amount()).toBe('');
  });

  it('shows a rejection explained, with its code', async () => {
    const api = withRows();
    api.l2DepositResult = Promise.reject(new BackgroundError('LOCKED', 'the wallet is locked'));
    api.l2DepositResult.catch(() => {});
    const el = await mount(api);
    await type(el, 'l2-deposit-value', '0.25');
    await click(el, 'l2-deposit-submit');
    await flush();
    expect(calls(api, 'l2Deposit')).toEqual([[{ from: ALICE, rollupChainId: 901, value: '0x3782dace9d90000' }]]);
    const error = byTestId(el, 'l2-deposit-error')!;
    expect(error.getAttribute('data-code')).toBe('LOCKED');
    expect(error.textContent).toContain('The wallet is locked: unlock it first.');
    expect(error.textContent).toContain('LOCKED');
    expect(byTestId(el, 'l2-deposit-note')).toBeNull();
  });

  it('says a rejection in the Vigil window signed nothing', async () => {
    const api = withRows();
    api.l2DepositResult = Promise.reject(new BackgroundError('USER_REJECTED', 'rejected in the approval window'));
    api.l2DepositResult.catch(() => {});
    const el = await mount(api);
    await type(el, 'l2-deposit-value', '1');
    await click(el, 'l2-deposit-submit');
    await flush();
    expect(byTestId(el, 'l2-deposit-error')!.textContent).toContain('nothing was signed');
  });
});

describe('the transfer form', () => {
  it('sends 0.5 ETH as 0x6f05b59d3b20000 wei to an account index, clears the form and lists the transfer', async () => {
    const api = withRows();
    const el = await mount(api);
    await type(el, 'l2-transfer-to', 'bob');
    await type(el, 'l2-transfer-value', '0.5');
    await click(el, 'l2-transfer-submit');
    expect(byTestId(el, 'l2-transfer-error')!.textContent).toContain('Recipient');
    expect(calls(api, 'l2Transfer')).toEqual([]);

    await type(el, 'l2-transfer-to', ' 4 ');
    await click(el, 'l2-transfer-submit');
    await flush();
    expect(calls(api, 'l2Transfer')).toEqual([[{ from: ALICE, rollupChainId: 901, to: '4', value: '0x6f05b59d3b20000' }]]);
    expect(byTestId(el, 'l2-transfer-error')).toBeNull();
    expect((byTestId(el, 'l2-transfer-to') as HTMLInputElement).value).toBe('');
    expect((byTestId(el, 'l2-transfer-value') as HTMLInputElement).value).toBe('');
    expect(byTestId(el, 'l2-transfer-note')!.textContent).toContain('waiting for a verified batch');
    const row = byTestId(el, 'l2-transfer-row')!;
    expect(row.getAttribute('data-status')).toBe('submitted');
    expect(row.textContent).toContain('0.5 ETH');
  });

  it('shows the refusal explained with its code, and keeps what was typed', async () => {
    const api = withRows();
    api.l2TransferError = new BackgroundError('L2_INSUFFICIENT_BALANCE', 'the proven balance 1.25 ETH does not cover 2 ETH');
    const el = await mount(api);
    await type(el, 'l2-transfer-to', BOB);
    await type(el, 'l2-transfer-value', '2');
    await click(el, 'l2-transfer-submit');
    await flush();
    expect(calls(api, 'l2Transfer')).toEqual([[{ from: ALICE, rollupChainId: 901, to: BOB, value: '0x1bc16d674ec80000' }]]);
    const error = byTestId(el, 'l2-transfer-error')!;
    expect(error.getAttribute('data-code')).toBe('L2_INSUFFICIENT_BALANCE');
    expect(error.textContent).toContain('The proven L2 balance does not cover this amount');
    expect(error.textContent).toContain('L2_INSUFFICIENT_BALANCE');
    expect((byTestId(el, 'l2-transfer-to') as HTMLInputElement).value).toBe(BOB);
    expect(byTestId(el, 'l2-transfer-row')).toBeNull();

    // A verification failure is explained too.
    api.l2TransferError = new BackgroundError('L2_BATCH_PROOF_INVALID', 'the validity proof of batch 13 does not verify');
    await click(el, 'l2-transfer-submit');
    await flush();
    expect(byTestId(el, 'l2-transfer-error')!.getAttribute('data-code')).toBe('L2_BATCH_PROOF_INVALID');
    expect(byTestId(el, 'l2-transfer-error')!.textContent).toContain('does not verify against the pinned key');
  });

  it('reads its fields before anything is sent', () => {
    expect(readL2Transfer({ from: ALICE, rollup: '901', to: '007', value: '1' })).toEqual({ ok: true, request: { from: ALICE, rollupChainId: 901, to: '7', value: '0xde0b6b3a7640000' } });
    expect(readL2Transfer({ from: ALICE, rollup: '901', to: '-1', value: '1' })).toMatchObject({ ok: false, field: 'to' });
    expect(readL2Transfer({ from: ALICE, rollup: '', to: BOB, value: '1' })).toMatchObject({ ok: false, field: 'rollup' });
    expect(readL2Transfer({ from: ALICE, rollup: '901', to: BOB, value: '0' })).toMatchObject({ ok: false, field: 'value' });
    expect(readL2Deposit({ from: 'nobody', rollup: '901', value: '1' })).toMatchObject({ ok: false, field: 'from' });
    expect(readL2Deposit({ from: ALICE, rollup: '901', value: '0.000000000000000001' })).toEqual({ ok: true, request: { from: ALICE, rollupChainId: 901, value: '0x1' } });
  });
});

describe('L2 transfers', () => {
  it('say submitted, confirmed in a verified batch, or dropped, newest first', async () => {
    const api = withRows();
    api.l2TransferRows = [
      l2Transfer({ status: 'confirmed', batch: 13, createdAt: 1 }),
      l2Transfer({ status: 'dropped', createdAt: 2 }),
      l2Transfer({ status: 'submitted', to: null, toIndex: 9, amount: '1000000000000000000', createdAt: 3 }),
    ];
    const el = await mount(api);
    const rows = allByTestId(el, 'l2-transfer-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['submitted', 'dropped', 'confirmed']);
    expect(byTestId(rows[0]!, 'l2-transfer-detail')!.textContent).toBe('submitted — waiting for a verified batch');
    expect(rows[0]!.textContent).toContain('1 ETH');
    expect(rows[0]!.textContent).toContain('#3 (0x90F8…c9C1) → #9');
    expect(byTestId(rows[1]!, 'l2-transfer-detail')!.textContent).toBe('dropped');
    expect(byTestId(rows[2]!, 'l2-transfer-detail')!.textContent).toBe('confirmed in batch 13 (proof re-verified)');
    expect(l2TransferDetail(l2Transfer({ status: 'confirmed', batch: 13, confirmedAt: { blockNumber: '1234', blockHash: '0x' + '12'.repeat(32) } }))).toBe(
      'confirmed in batch 13 (proof re-verified); final once L1 block #1,234 is finalized',
    );
    expect(rows[2]!.textContent).toContain('→ #4 (0xFFcf…09f0)');
    expect(rows[0]!.textContent).not.toContain('confirmed');
  });
});

describe('a deposit on its way', () => {
  const DEPOSIT = '0x' + 'ab'.repeat(31) + 'cdef';
  it('says the deposit is on its way with its L1 transaction and state, not that the account does not exist', async () => {
    const api = fakeWallet();
    api.l2Rows = [
      // The L2 RPC knows the new index, no accepted batch holds it yet; the deposit's receipt is verified.
      l2Account({ index: null, balance: null, nonce: null, error: { code: 'L2_ACCOUNT_MISSING', message: 'account 3 is proven empty at batch 12' }, deposit: { hash: DEPOSIT, value: '1500000000000000000', blockNumber: 1234 } }),
      // Sent, no verified receipt yet; the L2 RPC knows no account.
      l2Account({ address: BOB, index: null, balance: null, nonce: null, publicKey: null, deposit: { hash: DEPOSIT, value: '250000000000000000' } }),
    ];
    const el = await mount(api);
    const [alice, bob] = allByTestId(el, 'l2-row') as [Element, Element];
    expect(byTestId(alice, 'l2-error')).toBeNull();
    expect(alice.textContent).not.toContain('does not exist');
    expect(byTestId(alice, 'l2-balance')!.textContent).toBe('deposit on its way');
    const line = byTestId(alice, 'l2-deposit-on-way')!;
    expect(line.textContent).toBe('Your deposit of 1.5 ETH is on its way: L1 transaction 0xabab…cdef, included in block #1,234 — waiting for Vigil ZK devnet to take it.');
    // The whole hash on hover, no link.
    expect(line.querySelector('.mono')!.getAttribute('title')).toBe(DEPOSIT);
    expect(line.querySelector('a')).toBeNull();
    expect(byTestId(bob, 'l2-deposit-on-way')!.textContent).toBe('Your deposit of 0.25 ETH is on its way: L1 transaction 0xabab…cdef, sent — waiting to be included in an L1 block.');
    expect(byTestId(bob, 'l2-balance')!.textContent).toBe('deposit on its way');
  });
});

describe('Exit to L1 on an L2 row', () => {
  const liveness = (l: NonNullable<RollupView['liveness']>) => [rollupView({ liveness: l }), rollupView({ chainId: 902, name: 'Second', liveness: l })];
  const alice = (el: Element) => allByTestId(el, 'l2-row').find((r) => r.getAttribute('data-address') === ALICE.toLowerCase() && r.getAttribute('data-rollup-chain') === '901')!;

  it('is offered plainly on a stalled or frozen rollup, only to accounts with a proven balance above 0', async () => {
    for (const l of ['stalled', 'frozen'] as const) {
      cleanup();
      const api = withRows();
      api.l2Rows.push(l2Account({ address: BOB, rollupChainId: 902, rollupName: 'Second', index: 8, balance: '0' }));
      const el = await mount(api, { rollups: liveness(l) });
      const row = alice(el);
      const button = byTestId(row, 'l2-exit') as HTMLButtonElement;
      expect(button.textContent).toBe('Exit to L1');
      expect(button.classList.contains('primary')).toBe(true);
      expect(byTestId(row, 'l2-exit-disclose')).toBeNull();
      expect(byTestId(row, 'l2-exit-action')!.getAttribute('data-liveness')).toBe(l);
      expect(byTestId(row, 'l2-exit-advice')!.textContent).toContain(l === 'stalled' ? 'The sequencer is stalled' : 'you can withdraw your 1.25 ETH from L1 now');
      expect(byTestId(row, 'l2-exit-advice')!.textContent).toContain('1.25 ETH');
      // No L2 account, an unproven balance, a balance of 0: nothing to exit.
      expect(allByTestId(el, 'l2-exit')).toHaveLength(1);
    }
  });

  it('hides behind a disclosure while the sequencer works (healthy, delayed, or not known), saying a normal withdrawal is cheaper', async () => {
    for (const rollups of [liveness('healthy'), liveness('delayed'), [rollupView({ state: 'error', liveness: null, error: { code: 'TIMEOUT', message: 'x' } })], undefined]) {
      cleanup();
      const el = await mount(withRows(), rollups ? { rollups } : {});
      const row = alice(el);
      expect(byTestId(row, 'l2-exit')).toBeNull();
      expect(byTestId(row, 'l2-exit-advice')).toBeNull();
      const disclose = byTestId(row, 'l2-exit-disclose') as HTMLButtonElement;
      expect(disclose.textContent).toBe('Exit without the sequencer…');
      expect(disclose.getAttribute('aria-expanded')).toBe('false');
      await act(async () => disclose.click());
      expect(disclose.getAttribute('aria-expanded')).toBe('true');
      expect(byTestId(row, 'l2-exit-advice')!.textContent).toContain('a normal withdrawal is cheaper');
      const button = byTestId(row, 'l2-exit') as HTMLButtonElement;
      expect(button.textContent).toBe('Exit to L1');
      expect(button.classList.contains('primary')).toBe(false);
    }
  });

  it('asks for a confirmation in place (what happens, the amount, self-signed under the policy, L1 gas), then starts it', async () => {
    const api = withRows();
    const el = await mount(api, { rollups: liveness('stalled') });
    await click(alice(el), 'l2-exit');
    const confirm = byTestId(el, 'l2-exit-confirm')!;
    expect(alice(el).contains(confirm)).toBe(true);
    // The route not read yet: one sentence in words, no function name and no time made up.
    expect(byTestId(confirm, 'l2-exit-what')!.textContent).toBe('Your wallet takes L2 account #3 out through L1 alone; each step and its time show once the route is read from L1.');
    expect(byTestId(confirm, 'l2-exit-paid')!.textContent).toContain('paid to 0x90F8…c9C1 on L1');
    expect(byTestId(confirm, 'l2-exit-amount')!.textContent).toBe("Amount: 1.25 ETH — your whole L2 balance: this rollup's forced exit always takes all of it, never part.");
    const signing = byTestId(confirm, 'l2-exit-signing')!.textContent!;
    expect(signing).toContain('Each step is an L1 transaction the wallet signs itself');
    expect(signing).toContain('under the signing policy');
    expect(signing).toContain('pays L1 gas');
    expect((byTestId(el, 'l2-exit') as HTMLButtonElement).disabled).toBe(true);
    // Nothing started before the confirmation.
    expect(calls(api, 'startExit')).toEqual([]);

    await click(el, 'l2-exit-start');
    await flush();
    expect(calls(api, 'startExit')).toEqual([[{ rollupChainId: 901, address: ALICE }]]);
    expect(byTestId(el, 'l2-exit-confirm')).toBeNull();
    expect(byTestId(el, 'l2-exit-error')).toBeNull();
    expect(byTestId(el, 'exit-row')!.getAttribute('data-exit-id')).toBe('901:3');
  });

  it('says each step in words with the forced deadline read from L1 as a duration, and the whole balance as such', async () => {
    const api = withRows();
    api.routeRows = [devnetRoute({}, 7200)];
    const el = await mount(api, { rollups: liveness('stalled') });
    await click(alice(el), 'l2-exit');
    const confirm = byTestId(el, 'l2-exit-confirm')!;
    expect(byTestId(confirm, 'l2-exit-what')!.tagName).toBe('OL');
    expect(allByTestId(confirm, 'l2-exit-step').map((s) => s.textContent)).toEqual([
      'Ask L1 to force your withdrawal',
      'Wait up to 2 h 0 min for the rollup to include it',
      'If it does not within 2 h 0 min, anyone can freeze the rollup',
      'Then withdraw your balance from L1 with a proof from the last finalized state',
    ]);
    expect(confirm.textContent).not.toMatch(/requestForcedWithdrawal|freeze\(\)|escape\(\)|Merkle|root/);
    // The devnet's exit takes the whole balance: said, no amount asked.
    expect(byTestId(confirm, 'l2-exit-amount-input')).toBeNull();
    expect(byTestId(confirm, 'l2-exit-amount')!.textContent).toContain('your whole L2 balance');
    expect(byTestId(confirm, 'l2-exit-start')!.className).toBe('primary');
    expect(byTestId(confirm, 'l2-exit-cancel')!.className).toBe('secondary');
  });

  it('on a frozen rollup: starts at the withdrawal from L1, no wait said', async () => {
    const api = withRows();
    api.routeRows = [devnetRoute({ liveness: 'frozen' }, 7200)];
    const el = await mount(api, { rollups: liveness('frozen') });
    await click(alice(el), 'l2-exit');
    expect(allByTestId(el, 'l2-exit-step').map((s) => s.textContent)).toEqual(['Withdraw your balance from L1 with a proof from the last finalized state']);
  });

  it('where the route takes part of the balance: an amount, at most the proven balance, Max fills it, sent with the start', async () => {
    const api = withRows();
    api.routeRows = [exitRoute({ chainId: 901, name: 'Vigil ZK devnet', liveness: 'stalled' })];
    const el = await mount(api, { rollups: liveness('stalled') });
    await click(alice(el), 'l2-exit');
    const confirm = byTestId(el, 'l2-exit-confirm')!;
    // The OP-like route's delays, each as a duration beside its step.
    expect(allByTestId(confirm, 'l2-exit-step').map((s) => s.textContent)).toEqual(['Force the withdrawal in through L1 (then 12 h 0 min)', 'Prove the withdrawal (then 7 d 0 h)', 'Finalize on L1']);
    expect(byTestId(confirm, 'l2-exit-amount')!.textContent).toContain('at most 1.25 ETH (proven on L2)');
    const start = () => byTestId(el, 'l2-exit-start') as HTMLButtonElement;
    expect(start().disabled).toBe(true);
    await type(el, 'l2-exit-amount-input', '1.3');
    expect(byTestId(el, 'l2-exit-amount-problem')!.textContent).toBe('Amount: more than the proven L2 balance.');
    expect(start().disabled).toBe(true);
    await type(el, 'l2-exit-amount-input', '0');
    expect(byTestId(el, 'l2-exit-amount-problem')!.textContent).toBe('Amount: enter more than 0.');
    await click(el, 'l2-exit-max');
    expect((byTestId(el, 'l2-exit-amount-input') as HTMLInputElement).value).toBe('1.25');
    await type(el, 'l2-exit-amount-input', '0.5');
    expect(byTestId(el, 'l2-exit-amount-problem')).toBeNull();
    await click(el, 'l2-exit-start');
    await flush();
    expect(calls(api, 'startExit')).toEqual([[{ rollupChainId: 901, address: ALICE, amount: '500000000000000000' }]]);
  });

  it('an exit under way: its step of the route in words and the time left by the status clock', () => {
    const route = devnetRoute({}, 20);
    const nowS = NOW / 1000;
    expect(exitUnderWay(exitView({ step: 'waiting' }), route, nowS)).toBe(
      `Exit to L1 under way — step 2 of 4: Wait up to 20 s for the rollup to include it (${EXIT_DEADLINE + 1 - nowS} s left). Its steps are shown under Exits to L1.`,
    );
    expect(exitUnderWay(exitView({ step: 'waiting' }), route, EXIT_DEADLINE + 5)).toContain('(due now: at the next verified head)');
    expect(exitUnderWay(exitView({ step: 'requesting' }), route, nowS)).toBe('Exit to L1 under way — step 1 of 4: Ask L1 to force your withdrawal. Its steps are shown under Exits to L1.');
    expect(exitUnderWay(exitView({ step: 'waiting' }), undefined, nowS)).toBe('Exit to L1 under way (43 s left): its steps are shown under Exits to L1.');
  });

  it('starts nothing when the confirmation is cancelled', async () => {
    const api = withRows();
    const el = await mount(api, { rollups: liveness('frozen') });
    await click(el, 'l2-exit');
    await click(el, 'l2-exit-cancel');
    expect(byTestId(el, 'l2-exit-confirm')).toBeNull();
    expect(calls(api, 'startExit')).toEqual([]);
    expect((byTestId(el, 'l2-exit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows why it did not start, explained with its code, and lets the user try again', async () => {
    const api = withRows();
    api.startExitError = new BackgroundError('ROLLUP_NOT_FOLLOWED', 'Vigil follows no rollup with chain id 901 on this network');
    const el = await mount(api, { rollups: liveness('stalled') });
    await click(el, 'l2-exit');
    await click(el, 'l2-exit-start');
    await flush();
    let error = byTestId(el, 'l2-exit-error')!;
    expect(error.getAttribute('data-code')).toBe('ROLLUP_NOT_FOLLOWED');
    expect(error.textContent).toContain('Not started: Vigil does not follow that rollup');
    expect(error.textContent).toContain('ROLLUP_NOT_FOLLOWED');
    expect(byTestId(el, 'l2-exit-confirm')).not.toBeNull();
    expect(byTestId(el, 'exits-card')).toBeNull();

    api.startExitError = new BackgroundError('STALE_HEAD', 'no verified L1 head yet: the rollup cannot be read');
    await click(el, 'l2-exit-start');
    await flush();
    error = byTestId(el, 'l2-exit-error')!;
    expect(error.getAttribute('data-code')).toBe('STALE_HEAD');
    expect(error.textContent).toContain('no recent verified L1 head');

    await click(el, 'l2-exit-start');
    await flush();
    expect(calls(api, 'startExit')).toHaveLength(3);
    expect(byTestId(el, 'l2-exit-error')).toBeNull();
    expect(byTestId(el, 'exit-row')).not.toBeNull();
  });

  it('says so when the background answers with an exit of this account that ended earlier (its escape closed the account)', async () => {
    const api = withRows();
    api.exitRows = [exitView({ step: 'escaped', history: [{ step: 'request', at: 1 }, { step: 'escape', at: 2, note: 'the rollup is frozen already' }, { step: 'escaped', at: 3 }] })];
    const el = await mount(api, { rollups: liveness('frozen') });
    // An ended exit does not block the button (the account holds a balance again).
    await click(alice(el), 'l2-exit');
    await click(el, 'l2-exit-start');
    await flush();
    expect(calls(api, 'startExit')).toHaveLength(1);
    expect(byTestId(el, 'l2-exit-note')!.textContent).toContain("earlier exit ended (escaped)");
  });
});

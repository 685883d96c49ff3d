// @vitest-environment happy-dom
/**
 * The approval window in happy-dom: a refused transaction shows every refusal and only Close;
 * an approvable one shows what it does in words, where the gas and tip came from, and the
 * verified facts; connect, messages and typed data; the unlock first; the outcome, then close.
 * Approve is armed only once the window has had the focus for a moment, disarmed when it loses it
 * or when what it shows changes.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARM_DELAY_MS } from '../../../src/ui/components/approval/armed.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, CAROL, fakeWallet, refusedApproval, transactionApproval, walletState } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());

async function mount(api: ReturnType<typeof fakeWallet>, close = vi.fn(), closeDelayMs = 1000) {
  const el = root();
  await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close, closeDelayMs, armDelayMs: 0 }), el));
  await flush();
  return el;
}

afterEach(cleanup);

describe('a refused transaction', () => {
  it('lists every refusal in words, the first code on the box, and offers only Close', async () => {
    const api = fakeWallet();
    api.approval = refusedApproval();
    const close = vi.fn();
    const el = await mount(api, close);
    const box = byTestId(el, 'approval-refusal')!;
    expect(box.getAttribute('data-code')).toBe('STALE_HEAD');
    const items = [...box.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-code'))).toEqual(['STALE_HEAD', 'INSUFFICIENT_VERIFIED_BALANCE']);
    expect(items[0]!.textContent).toContain('95 s old');
    expect(items[1]!.textContent).toContain('does not cover');
    expect(byTestId(el, 'approval-approve')).toBeNull();
    expect(byTestId(el, 'approval-reject')).toBeNull();
    expect(el.textContent).not.toMatch(/sign anyway/i);
    const buttons = [...el.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('data-testid'))).toEqual(['approval-close']);
    expect(byTestId(el, 'approval-error')!.getAttribute('data-code')).toBe('STALE_HEAD');
    // The proven part of the facts is still shown; what was not proven says so.
    expect(byTestId(el, 'approval-facts-balance')!.textContent).toContain('1 ETH, proven at block 1,234');
    expect(byTestId(el, 'approval-facts-after')!.textContent).toBe('not proven');
    // A refusal never closes by itself: the user reads it.
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(close).not.toHaveBeenCalled();
    await click(el, 'approval-close');
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('offers no approve even if the refused approval were still pending, nor when locked', async () => {
    const api = fakeWallet(walletState({ locked: true }));
    api.approval = { ...refusedApproval(), status: 'pending' };
    delete api.approval.error;
    const el = await mount(api);
    expect(byTestId(el, 'approval-refusal')).not.toBeNull();
    expect(byTestId(el, 'approval-approve')).toBeNull();
    expect(byTestId(el, 'approval-unlock-password')).toBeNull();
    expect(byTestId(el, 'approval-close')).not.toBeNull();
  });
});

describe('a batch of calls (EIP-5792)', () => {
  const batch = (verdict: Record<string, unknown>) => {
    const one = transactionApproval().details;
    const two = { ...one, tx: { ...(one.tx as object), nonce: '4', gasLimit: '60000', to: CAROL, value: '0' }, decoded: { kind: 'call', selector: '0x12345678', bytes: 4 } };
    return transactionApproval({ id: 'b1', kind: 'calls' }, { batchId: '0xb1', from: ALICE, calls: [one, two], maxCost: '1500162000000000000', verdict });
  };

  it('says how it is sent, lists each call with its nonce, one max cost and the facts; approve signs them all', async () => {
    const api = fakeWallet();
    api.approval = batch({ ok: true, facts: { network: 'Devnet', chainId: '1337', blockNumber: '1234', nonce: '3', balance: '2000000000000000000' }, warnings: [{ code: 'GAS_NOT_VERIFIED', severity: 'warning', message: 'Call 2 of 2: the gas limit comes from the site.' }] });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('2 calls, sent as 2 transactions one after another');
    expect(byTestId(el, 'approval-sequential')!.textContent).toContain('the rest are never sent');
    const calls = allByTestId(el, 'approval-call');
    expect(calls.map((c) => c.textContent)).toEqual([expect.stringContaining('nonce 3'), expect.stringContaining('nonce 4')]);
    expect(calls[1]!.textContent).toContain('function 0x12345678');
    // Short, rounded up (what may leave the account); exact on hover and focus.
    expect(byTestId(el, 'approval-max-cost')!.textContent).toContain('1.5002 ETH');
    expect(byTestId(el, 'approval-max-cost')!.querySelector('.amount')!.getAttribute('title')).toBe('1.500162 ETH');
    expect(byTestId(el, 'approval-facts-nonce')!.textContent).toContain('3, proven at block 1,234');
    expect(byTestId(el, 'approval-warnings')!.textContent).toContain('Call 2 of 2');
    expect(byTestId(el, 'approval-approve')!.textContent).toBe('Sign all and send');
    await click(el, 'approval-approve');
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['b1', true, undefined]);
  });

  it('an atomic batch: "all or nothing, one transaction", its calls inside the one transaction, the calls\' values in the max cost; approve signs it once', async () => {
    const api = fakeWallet();
    const one = transactionApproval().details;
    const tx = { ...one, tx: { ...(one.tx as object), to: ALICE, value: '0', nonce: '3', gasLimit: '90000' } };
    api.approval = transactionApproval(
      { id: 'b2', kind: 'calls' },
      {
        batchId: '0xb2',
        from: ALICE,
        calls: [tx],
        maxCost: '1500000000000000003',
        verdict: { ok: true, facts: { network: 'Devnet', chainId: '1337', blockNumber: '1234', nonce: '3', balance: '2000000000000000000' }, warnings: [] },
        atomic: { calls: [{ to: BOB, value: '3', data: '0x' }, { to: CAROL, value: '0', data: '0xa9059cbb' + '00'.repeat(64) }] },
      },
    );
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('2 calls, all or nothing, one transaction');
    expect(byTestId(el, 'approval-atomic')!.textContent).toContain('if one fails, none of them happens');
    expect(byTestId(el, 'approval-sequential')).toBeNull();
    const calls = allByTestId(el, 'approval-call');
    expect(calls.map((c) => c.textContent)).toEqual([expect.stringContaining(BOB), expect.stringContaining(CAROL)]);
    expect(calls[1]!.textContent).toContain('calls 0xa9059cbb (68 bytes)');
    expect(el.textContent).toContain('to your own account · nonce 3 · gas limit 90,000');
    expect(byTestId(el, 'approval-approve')!.textContent).toBe('Sign and send');
    await click(el, 'approval-approve');
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['b2', true, undefined]);
  });

  it('a refusal of any call refuses the batch: every reason, only Close', async () => {
    const api = fakeWallet();
    api.approval = batch({ ok: false, refusals: [{ code: 'INSUFFICIENT_VERIFIED_BALANCE', severity: 'refusal', message: 'Call 2 of 2: the proven balance does not cover it.' }], warnings: [], facts: {} });
    const el = await mount(api);
    expect(byTestId(el, 'approval-refusal')!.textContent).toContain('Call 2 of 2');
    expect(byTestId(el, 'approval-approve')).toBeNull();
  });
});

describe('an approvable transaction', () => {
  it('says what it does, where the gas and tip came from, and the verified facts', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = await mount(api);
    expect(byTestId(el, 'approval-origin')!.textContent).toBe('http://127.0.0.1:3000');
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 1.5 ETH to 0xFFcf…09f0');
    expect(byTestId(el, 'approval-to')!.textContent).toBe(BOB);
    expect(byTestId(el, 'approval-value')!.textContent).toBe('1.5 ETH');
    expect(byTestId(el, 'approval-gas')!.textContent).toContain('21,000');
    expect(byTestId(el, 'approval-gas')!.textContent).toContain("Vigil's estimate on verified state");
    expect(byTestId(el, 'approval-tip')!.textContent).toContain('1 gwei');
    expect(byTestId(el, 'approval-tip')!.textContent).toContain('from the last 5 verified blocks');
    expect(byTestId(el, 'approval-max-cost')!.textContent).toContain('1.5001 ETH');
    expect(byTestId(el, 'approval-max-cost')!.querySelector('.amount')!.getAttribute('aria-label')).toBe('1.500042 ETH');
    const facts = byTestId(el, 'approval-facts')!;
    expect(byTestId(facts, 'approval-facts-balance')!.textContent).toBe('2 ETH, proven at block 1,234 (0xabab…abab)');
    expect(byTestId(facts, 'approval-facts-nonce')!.textContent).toContain('3, proven at block 1,234');
    expect(byTestId(facts, 'approval-facts-age')!.textContent).toBe('4 s');
    expect(byTestId(facts, 'approval-facts-chain')!.textContent).toBe('Devnet · chain 1337');
    // At least: rounded down.
    expect(byTestId(facts, 'approval-facts-after')!.textContent).toBe('at least 0.4999 ETH');
    expect(byTestId(facts, 'approval-facts-after')!.querySelector('.amount')!.getAttribute('title')).toBe('0.499958 ETH');
    expect(byTestId(el, 'approval-refusal')).toBeNull();
    expect(byTestId(el, 'approval-approve')!.textContent).toBe('Sign and send');
  });

  it('shows warnings and stays approvable; a dApp gas limit is labelled as the site’s', async () => {
    const api = fakeWallet();
    const base = transactionApproval();
    const verdict = (base.details as { verdict: Record<string, unknown> }).verdict;
    api.approval = transactionApproval({}, { gasSource: 'dapp', verdict: { ...verdict, warnings: [{ code: 'GAS_NOT_VERIFIED', severity: 'warning', message: 'The site set the gas limit; Vigil did not estimate it.' }] } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-gas')!.textContent).toContain('set by the site');
    expect(byTestId(el, 'approval-warnings')!.textContent).toContain('Vigil did not estimate it');
    expect(byTestId(el, 'approval-approve')).not.toBeNull();
  });

  it('decodes an unlimited ERC-20 approval with its warning', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...(transactionApproval().details as { tx: object }).tx, to: CAROL, value: '0', data: '0x095ea7b3' + '00'.repeat(64) }, decoded: { kind: 'erc20-approve', token: CAROL, spender: BOB, amount: ((1n << 256n) - 1n).toString(), unlimited: true } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Approve 0xFFcf…09f0 to spend unlimited token 0x22d4…e32b');
    expect(byTestId(el, 'approval-unlimited')!.textContent).toContain('Unlimited approval');
  });

  it('decodes an ERC-20 transfer', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...(transactionApproval().details as { tx: object }).tx, to: CAROL, value: '0' }, decoded: { kind: 'erc20-transfer', token: CAROL, recipient: BOB, amount: '2500000' } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 2,500,000 base units of token 0x22d4…e32b to 0xFFcf…09f0');
    expect(byTestId(el, 'approval-recipient')!.textContent).toBe(BOB);
  });

  it('names a transfer\'s token as proven: the followed token\'s facts, else those the simulation read; never the page\'s', async () => {
    const api = fakeWallet();
    const tx = { ...(transactionApproval().details as { tx: object }).tx, to: CAROL, value: '0' };
    const decoded = { kind: 'erc20-transfer', token: CAROL, recipient: BOB, amount: '2500000' };
    api.approval = transactionApproval({}, { tx, decoded: { ...decoded, symbol: 'USDC', decimals: 6 } });
    let el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 2.5 USDC (0x22d4…e32b) to 0xFFcf…09f0');
    // Not followed: the symbol and decimals the simulation proved at its block (keys in any case).
    const effects = { at: { blockNumber: '7', blockHash: '0x' + 'ab'.repeat(32) }, ok: true, own: [], approvals: [], others: [], created: [], tokens: { [CAROL.toLowerCase()]: { symbol: 'VTA', decimals: 4 } } };
    api.approval = transactionApproval({}, { tx, decoded, effects });
    el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 250 VTA (0x22d4…e32b) to 0xFFcf…09f0');
    // A symbol proven without decimals: the amount stays in base units.
    api.approval = transactionApproval({}, { tx, decoded, effects: { ...effects, tokens: { [CAROL]: { symbol: 'VTA' } } } });
    el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 2,500,000 base units of VTA (0x22d4…e32b) to 0xFFcf…09f0');
  });

  it('names an approval\'s token as proven, in the amount and the headline', async () => {
    const api = fakeWallet();
    const tx = { ...(transactionApproval().details as { tx: object }).tx, to: CAROL, value: '0' };
    api.approval = transactionApproval({}, { tx, decoded: { kind: 'erc20-approve', token: CAROL, spender: BOB, amount: '1500000', unlimited: false, symbol: 'USDC', decimals: 6 } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Approve 0xFFcf…09f0 to spend up to 1.5 USDC (0x22d4…e32b)');
    expect(byTestId(el, 'approval-fields')!.textContent).toContain('1.5 USDC (0x22d4…e32b)');
  });

  it('shows what it does, proven: the user\'s own changes first (at least, from the router), approvals flagged, the others folded; and why it asks again', async () => {
    const api = fakeWallet();
    const TKA = '0x' + '7a'.repeat(20);
    const hostile = '<img src=x onerror=alert(1)>';
    const effects = {
      at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) },
      ok: true,
      own: [
        { asset: TKA, standard: 'erc20', amount: '-1000000000000000000000' },
        { asset: 'native', standard: 'native', amount: '420000000000000000', atLeast: '410000000000000000' },
      ],
      approvals: [
        { kind: 'erc20', token: TKA, owner: ALICE, spender: BOB, amount: ((1n << 256n) - 1n).toString(), unlimited: true, revoke: false },
        { kind: 'erc20', token: CAROL, owner: ALICE, spender: BOB, amount: '0', unlimited: false, revoke: true },
      ],
      others: [{ account: CAROL, asset: TKA, standard: 'erc20', amount: '1000000000000000000000' }],
      created: [],
      tokens: { [TKA]: { symbol: 'TKA', decimals: 18 }, [CAROL]: { symbol: hostile } },
    };
    api.approval = transactionApproval({}, { effects, effectsChanged: ['you would receive less of native (0.40 instead of 0.42)'] });
    const el = await mount(api);
    expect(byTestId(el, 'approval-effects')!.textContent).toContain('simulated on state proven at block 1,234');
    expect(allByTestId(el, 'effect-send').map((e) => e.textContent)).toEqual(['You send 1,000 TKA (0x7a7a…7a7a)✓ proven']);
    expect(allByTestId(el, 'effect-receive').map((e) => e.textContent)).toEqual(['You receive at least 0.41 ETH (simulated: 0.42 ETH)✓ proven']);
    const approvals = byTestId(el, 'approval-effects-approvals')!;
    expect(approvals.querySelector('[data-unlimited="true"]')!.textContent).toContain(`Allow 0xFFcf…09f0 to spend an unlimited amount of TKA (0x7a7a…7a7a)`);
    expect(approvals.textContent).toContain(`Revoke 0xFFcf…09f0's allowance of ${hostile} (0x22d4…e32b)`);
    // A token's own symbol is text, never markup.
    expect(el.querySelector('img[src="x"]')).toBeNull();
    expect(byTestId(el, 'approval-effects-others')!.textContent).toContain("Other accounts' changes (1)");
    expect(byTestId(el, 'approval-effects-changed')!.textContent).toContain('It changed since you approved: you would receive less of native');
  });

  it('shows the network fee on its own line, what it does elsewhere in the blocks it can land in when that differs, and always what no simulation rules out', async () => {
    const api = fakeWallet();
    const effects = {
      at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) },
      ok: true,
      own: [{ asset: 'native', standard: 'native', amount: '-100000000000000000' }],
      approvals: [],
      others: [],
      created: [],
      tokens: {},
      fee: '2100000000000000',
      blockReads: ['coinbase'],
      dependsOnBlock: {
        reads: ['coinbase'],
        readsInWords: 'fee recipient',
        where: "where the block's fee recipient makes it branch the other way",
        ok: true,
        own: [{ asset: 'native', standard: 'native', amount: '400000000000000000' }],
        approvals: [],
        differences: ['native: you receive 400000000000000000 there, you send 100000000000000000 in the block shown'],
      },
    };
    api.approval = transactionApproval({}, { effects });
    const el = await mount(api);
    expect(byTestId(el, 'effect-fee')!.textContent).toContain('Network fee 0.0021 ETH');
    expect(allByTestId(el, 'effect-send').map((e) => e.textContent)).toEqual(['You send 0.1 ETH✓ proven']);
    const depend = byTestId(el, 'approval-effects-depend')!;
    expect(depend.textContent).toContain("What it does depends on the block it lands in: it reads the block's fee recipient, which no one knows before that block is made. Where the block's fee recipient makes it branch the other way it does otherwise");
    expect(allByTestId(el, 'other-effect-receive').map((e) => e.textContent)).toEqual(['You receive 0.4 ETH✓ proven']);
    expect(byTestId(el, 'approval-effects-same-block')!.textContent).toBe('No simulation can rule out a transaction that lands before yours (in the same block, or in a block between the one Vigil verified and yours) and changes what yours does.');
  });

  it('shows a permit as the approval it is: unlimited and a spender with no code flagged', async () => {
    const api = fakeWallet();
    api.approval = {
      ...transactionApproval(),
      kind: 'typedData',
      details: {
        address: ALICE,
        preview: { primaryType: 'Permit', domain: { name: 'Token', chainId: '1', verifyingContract: CAROL }, message: [] },
        permits: [{ kind: 'eip2612', token: CAROL, spender: BOB, amount: ((1n << 256n) - 1n).toString(), unlimited: true, revoke: false, deadline: '1900000000', spenderCode: 'none' }],
      },
    };
    const el = await mount(api);
    const box = byTestId(el, 'approval-permits')!;
    expect(box.textContent).toContain('This signature is an approval: a permit (EIP-2612)');
    const line = box.querySelector('li')!;
    expect(line.getAttribute('data-unlimited')).toBe('true');
    expect(line.textContent).toContain('to take an unlimited amount of token');
    expect(line.textContent).toContain('Usable until: 2030-03-17');
    expect(line.textContent).toContain('holds no code (proven)');
  });

  it("shows a permit's amounts in the token's proven units; at or above its proven supply it is unlimited, and says why; unproven decimals said so", async () => {
    const api = fakeWallet();
    const permit = (p: Record<string, unknown>) => ({ kind: 'eip2612', token: CAROL, spender: BOB, revoke: false, deadline: '0', spenderCode: 'contract', ...p });
    api.approval = {
      ...transactionApproval(),
      kind: 'typedData',
      details: {
        address: ALICE,
        preview: { primaryType: 'PermitBatch', domain: { name: 'Permit2', chainId: '1', verifyingContract: CAROL }, message: [] },
        permits: [
          permit({ amount: '1500000', unlimited: false, decimals: 6, symbol: 'USDC', totalSupply: '9000000000000' }),
          permit({ amount: '9000000000000', unlimited: true, decimals: 6, symbol: 'USDC', totalSupply: '9000000000000' }),
          permit({ amount: '1234', unlimited: false }),
          permit({ amount: ((1n << 160n) - 1n).toString(), unlimited: true }),
        ],
      },
    };
    const el = await mount(api);
    const lines = [...byTestId(el, 'approval-permits')!.querySelectorAll('li')];
    expect(lines[0]!.textContent).toContain('to take 1.5 of USDC (token 0x22d4…e32b)');
    expect(lines[0]!.getAttribute('data-unlimited')).toBe('false');
    expect(lines[1]!.getAttribute('data-unlimited')).toBe('true');
    expect(lines[1]!.textContent).toContain('an unlimited amount of USDC');
    expect(lines[1]!.textContent).toContain('9,000,000, at least all it has issued (its proven total supply: 9,000,000)');
    expect(lines[2]!.textContent).toContain('1,234 base units (its decimals could not be proven) of token');
    expect(lines[3]!.textContent).toContain('to take an unlimited amount of token');
    expect(lines[3]!.className).toContain('warning');
  });

  it('signs, shows the hash, and closes itself about a second later', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const api = fakeWallet();
      api.approval = transactionApproval();
      const close = vi.fn();
      const el = await mount(api, close, 1000);
      await click(el, 'approval-approve');
      await flush();
      expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['a1', true, undefined]);
      expect(byTestId(el, 'approval-outcome')!.textContent).toContain('Signed and sent');
      expect(byTestId(el, 'approval-result')!.getAttribute('title')).toBe('0x' + 'cd'.repeat(32));
      expect(close).not.toHaveBeenCalled();
      await act(async () => void (await vi.advanceTimersByTimeAsync(1100)));
      expect(close).toHaveBeenCalledTimes(1);
      // The background heard first that the window closes by itself (not the user's no to what came meanwhile).
      const order = api.calls.map((c) => c.method).filter((m) => m === 'approvalClosing' || m === 'resolveApproval');
      expect(order).toEqual(['resolveApproval', 'approvalClosing']);
      expect(api.calls.find((c) => c.method === 'approvalClosing')!.args).toEqual(['a1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a failure after approval with its code, and stays open', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({ status: 'failed', error: { code: 'FEE_BELOW_BASE_FEE', message: 'the fee cap 1 gwei is below the next base fee 3 gwei' } });
    const close = vi.fn();
    const el = await mount(api, close, 5);
    const error = byTestId(el, 'approval-error')!;
    expect(error.getAttribute('data-code')).toBe('FEE_BELOW_BASE_FEE');
    expect(error.textContent).toContain('below the next base fee');
    expect(byTestId(el, 'approval-approve')).toBeNull();
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(close).not.toHaveBeenCalled();
  });
});

describe('other requests', () => {
  it('asks for the password first when locked, with the error in words', async () => {
    const api = fakeWallet(walletState({ locked: true }));
    api.approval = transactionApproval();
    const el = await mount(api);
    expect(byTestId(el, 'approval-approve')).toBeNull();
    expect(byTestId(el, 'approval-facts')).toBeNull();
    await act(async () => {
      const input = byTestId(el, 'approval-unlock-password') as HTMLInputElement;
      input.value = 'wrong';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(el, 'approval-unlock-submit');
    await flush();
    expect(byTestId(el, 'approval-unlock-error')!.textContent).toBe('Wrong password');
    await act(async () => {
      const input = byTestId(el, 'approval-unlock-password') as HTMLInputElement;
      input.value = 'correct horse';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(el, 'approval-unlock-submit');
    await flush();
    expect(byTestId(el, 'approval-facts')).not.toBeNull();
    expect(byTestId(el, 'approval-approve')).not.toBeNull();
  });

  it('connect: the origin in large type, every account listed, the first checked, the choice sent', async () => {
    const api = fakeWallet();
    api.approval = { id: 'c1', kind: 'connect', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: {} };
    const close = vi.fn();
    const el = await mount(api, close, 5);
    expect(byTestId(el, 'approval-origin')!.textContent).toBe('https://app.example');
    const boxes = allByTestId(el, 'approval-account') as HTMLInputElement[];
    expect(boxes.map((b) => [b.value, b.checked])).toEqual([
      [ALICE, true],
      [BOB, false],
    ]);
    // Chosen in any order, sent in the wallet's.
    await act(async () => boxes[0]!.click());
    await act(async () => boxes[1]!.click());
    await act(async () => boxes[0]!.click());
    await click(el, 'approval-approve');
    await flush();
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['c1', true, [ALICE, BOB]]);
    expect(byTestId(el, 'approval-outcome')!.textContent).toContain('sees 2 accounts');
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('reject closes too', async () => {
    const api = fakeWallet();
    api.approval = { id: 'c2', kind: 'connect', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: {} };
    const close = vi.fn();
    const el = await mount(api, close, 5);
    await click(el, 'approval-reject');
    await flush();
    expect(byTestId(el, 'approval-outcome')!.getAttribute('data-status')).toBe('rejected');
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('personal_sign: the text, or the bytes when it is not text', async () => {
    const api = fakeWallet();
    api.approval = { id: 'p1', kind: 'personalSign', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: { address: ALICE, preview: { kind: 'text', text: 'Sign in to app.example\nNonce: 42' } } };
    let el = await mount(api);
    expect(byTestId(el, 'approval-message')!.textContent).toBe('Sign in to app.example\nNonce: 42');
    expect(byTestId(el, 'approval-address')!.textContent).toBe(ALICE);
    render(null, el);
    api.approval = { ...api.approval, details: { address: ALICE, preview: { kind: 'hex', hex: '0xdeadbeef' } } };
    el = await mount(api);
    expect(byTestId(el, 'approval-message')!.getAttribute('data-kind')).toBe('hex');
    expect(el.textContent).toContain('not readable text');
  });

  it('typed data: the primary type, the domain, and the message as a nested list', async () => {
    const api = fakeWallet();
    api.approval = {
      id: 't1',
      kind: 'typedData',
      origin: 'https://app.example',
      status: 'pending',
      locked: false,
      network: { id: 'devnet', chainId: 1337, name: 'Devnet' },
      details: {
        address: ALICE,
        preview: {
          primaryType: 'Mail',
          domain: { name: 'Ether Mail', version: '1', chainId: '1337', verifyingContract: CAROL },
          message: [
            { name: 'from', value: { kind: 'struct', type: 'Person', fields: [{ name: 'name', value: { kind: 'value', type: 'string', text: 'Cow' } }] } },
            { name: 'contents', value: { kind: 'value', type: 'string', text: 'Hello, Bob!' } },
            { name: 'tags', value: { kind: 'array', type: 'string[]', items: [{ kind: 'value', type: 'string', text: 'a' }] } },
          ],
        },
      },
    };
    const el = await mount(api);
    expect(byTestId(el, 'approval-typed-title')!.textContent).toBe('Mail');
    const domain = byTestId(el, 'approval-typed-domain')!.textContent!;
    for (const s of ['Ether Mail', 'Version1', 'Chain id1337', CAROL]) expect(domain).toContain(s);
    const message = byTestId(el, 'approval-typed-message')!;
    expect(message.querySelectorAll('ul ul')).toHaveLength(1);
    expect(message.textContent).toContain('Cow');
    expect(message.textContent).toContain('Hello, Bob!');
    expect(message.textContent).toContain('string[] · 1 item');
    // It names its chain: no warning.
    expect(byTestId(el, 'approval-typed-any-chain')).toBeNull();
  });

  it('typed data whose domain names no chain says it is valid on every chain', async () => {
    const api = fakeWallet();
    api.approval = {
      id: 't2',
      kind: 'typedData',
      origin: 'https://app.example',
      status: 'pending',
      locked: false,
      network: { id: 'devnet', chainId: 1337, name: 'Devnet' },
      details: { address: ALICE, preview: { primaryType: 'Order', domain: { name: 'Exchange', verifyingContract: CAROL }, message: [] } },
    };
    const el = await mount(api);
    expect(byTestId(el, 'approval-typed-any-chain')!.textContent).toContain('valid on every chain');
    expect(byTestId(el, 'approval-typed-domain')!.textContent).not.toContain('Chain id');
  });

  it('watchAsset and switchChain say what they do', async () => {
    const api = fakeWallet();
    api.approval = { id: 'w1', kind: 'watchAsset', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: { token: { address: CAROL, symbol: 'USDC', decimals: 6 }, chainId: 1, provenAt: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) } } };
    let el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Follow USDC');
    expect(byTestId(el, 'approval-token-proof')!.textContent).toContain("the token's own, read by a verified call at block 1234");
    expect(el.textContent).toContain(CAROL);
    render(null, el);
    api.approval = { id: 's1', kind: 'switchChain', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: { chainId: '0xaa36a7', network: 'sepolia' } };
    el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Switch Vigil to sepolia (chain 11155111)');
  });

  it('an unknown id says so', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: 'nope', pollMs: 60_000, close: vi.fn() }), el));
    await flush();
    expect(byTestId(el, 'approval-load-error')!.textContent).toContain('no approval nope');
  });
});

describe('Approve armed only after the window has had the focus for a moment', () => {
  // The window's clock, moved by the test: what is armed when is exact, however loaded the machine.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
  afterEach(() => void vi.useRealTimers());
  /** Time passing, rendered as it passes (one act would hold every render to its end). */
  const wait = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) await act(async () => void (await vi.advanceTimersByTimeAsync(10)));
  };
  const approve = (el: Element) => byTestId(el, 'approval-approve') as HTMLButtonElement;
  const resolved = (api: ReturnType<typeof fakeWallet>) => api.calls.filter((c) => c.method === 'resolveApproval');
  /** What a click, a programmatic click and Enter on the button do to a request. */
  const press = (el: Element) =>
    act(async () => {
      const b = approve(el);
      b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      b.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      b.click();
    });

  async function mountArming(api: ReturnType<typeof fakeWallet>, armDelayMs: number) {
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs }), el));
    await wait(10);
    return el;
  }

  it('a click or Enter as the window opens over the page approves nothing; a moment later it does (Firefox waits as long: 1 s)', async () => {
    expect(ARM_DELAY_MS).toBe(1000);
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = await mountArming(api, 150);
    expect(approve(el).disabled).toBe(true);
    expect(approve(el).getAttribute('data-armed')).toBe('false');
    await press(el);
    await wait(10);
    expect(resolved(api)).toEqual([]);
    expect(byTestId(el, 'approval-reject')).not.toBeNull();
    await wait(130);
    expect(approve(el).disabled).toBe(true);
    await wait(20);
    expect(approve(el).disabled).toBe(false);
    await click(el, 'approval-approve');
    await wait(10);
    expect(resolved(api).map((c) => c.args)).toEqual([['a1', true, undefined]]);
  });

  it('losing the focus disarms it at once; regaining it arms it again only after the same moment', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = await mountArming(api, 300);
    await wait(400);
    expect(approve(el).disabled).toBe(false);
    await act(async () => void window.dispatchEvent(new FocusEvent('blur')));
    expect(approve(el).disabled).toBe(true);
    await press(el);
    await act(async () => void window.dispatchEvent(new FocusEvent('focus')));
    await wait(280);
    expect(approve(el).disabled).toBe(true);
    await press(el);
    // An element's own focus or blur inside the window changes nothing.
    await act(async () => void approve(el).dispatchEvent(new FocusEvent('blur')));
    await wait(400);
    expect(approve(el).disabled).toBe(false);
    expect(resolved(api)).toEqual([]);
  });

  it('a window opened without the focus is never armed until it gets it', async () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    try {
      const api = fakeWallet();
      api.approval = transactionApproval();
      const el = await mountArming(api, 50);
      await wait(120);
      expect(approve(el).disabled).toBe(true);
      await press(el);
      expect(resolved(api)).toEqual([]);
      hasFocus.mockReturnValue(true);
      await act(async () => void window.dispatchEvent(new FocusEvent('focus')));
      await wait(100);
      expect(approve(el).disabled).toBe(false);
    } finally {
      hasFocus.mockRestore();
    }
  });

  it('what the request shows changing (its effects asked again) disarms it for another moment', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: 'a1', pollMs: 30, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 150 }), el));
    await wait(200);
    expect(approve(el).disabled).toBe(false);
    api.approval = transactionApproval({}, { effectsChanged: ['you would receive less of native'] });
    await wait(60);
    expect(approve(el).disabled).toBe(true);
    await wait(200);
    expect(approve(el).disabled).toBe(false);
  });
});

describe('the keyboard', () => {
  // Every window mounted so far unmounted, so that only this test's window hears its keys.
  beforeEach(cleanup);
  const escape = () => act(async () => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));

  it('Escape rejects a pending request, and the window closes', async () => {
    const api = fakeWallet();
    api.approval = { id: 'k1', kind: 'connect', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: {} };
    const close = vi.fn();
    const el = await mount(api, close, 5);
    await escape();
    await flush();
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['k1', false, undefined]);
    expect(byTestId(el, 'approval-outcome')!.getAttribute('data-status')).toBe('rejected');
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('Escape closes a refused request without answering it, and never approves', async () => {
    const api = fakeWallet();
    api.approval = refusedApproval();
    const close = vi.fn();
    await mount(api, close);
    await escape();
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(close).toHaveBeenCalledTimes(1);
    expect(api.calls.filter((c) => c.method === 'resolveApproval')).toEqual([]);
  });

  it('starts on the first control: the first account of a connect, the password when locked', async () => {
    const api = fakeWallet();
    api.approval = { id: 'k2', kind: 'connect', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: {} };
    const el = await mount(api);
    expect(document.activeElement).toBe(allByTestId(el, 'approval-account')[0]);
    cleanup();

    const locked = fakeWallet(walletState({ locked: true }));
    locked.approval = transactionApproval();
    const el2 = await mount(locked);
    expect(document.activeElement).toBe(byTestId(el2, 'approval-unlock-password'));
  });

  it('starts on a control, never on an amount (focusable to show its exact value, but not something to act on), the window kept at its top', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const focus = vi.spyOn(HTMLElement.prototype, 'focus');
    const el = await mount(api);
    // Focusing does not scroll the request's headline away.
    expect(focus.mock.calls).toEqual([[{ preventScroll: true }]]);
    focus.mockRestore();
    expect(el.querySelector('.amount[tabindex="0"]'), 'the window shows a focusable amount').not.toBeNull();
    const focused = document.activeElement as HTMLElement;
    expect(focused.classList.contains('amount'), focused.outerHTML.slice(0, 120)).toBe(false);
    expect(['BUTTON', 'SUMMARY', 'INPUT', 'SELECT', 'TEXTAREA', 'A']).toContain(focused.tagName);
  });
});

// @vitest-environment happy-dom
/**
 * A batch's calls in words in the approval window (./calls.ts with ./words.ts): each call a
 * descriptor binds to says its words under its headline, its raw call one click away, and says
 * what the words were held against (the whole batch's effects, above: together, or not at all when
 * a call has none); a call without words is listed as before. A disagreement of the batch's words
 * is flagged at its field and above the buttons, and Approve waits for the tick. Long values wrap
 * at 360 px (the extension's own stylesheet loaded).
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClearWords } from '../../../src/wallet/clear-signing/types.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { batchWordsOf } from '../../../src/ui/components/approval/words.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, CAROL, fakeWallet, transactionApproval } from './fixtures.ts';

const ROUTER = '0x7a250d5630b4cf539739df2c5dacb4c659f2488d';
const VTA = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const APPROVE_DATA = '0x095ea7b3' + ROUTER.slice(2).padStart(64, '0') + (5n * 10n ** 18n).toString(16).padStart(64, '0');
const SWAP_DATA = '0x7ff36ab5' + '00'.repeat(31) + '07' + 'ab'.repeat(96);
const FLAG = "the calls' words say you end with at least 1,935 VTA; the whole batch's simulation gives you none of VTA";

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());

async function mount(api: ReturnType<typeof fakeWallet>) {
  const el = root();
  await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
  await flush();
  return el;
}

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(`${process.cwd()}/extension/popup.css`, 'utf8');
  document.head.appendChild(style);
});

afterEach(cleanup);

const approveWords = (): ClearWords => ({
  intent: 'Approve',
  sentence: ['Approve ', { field: 0 }, ' to spend ', { field: 1 }],
  fields: [
    { label: 'Spender', value: ROUTER, format: 'addressName', raw: ROUTER, address: ROUTER },
    { label: 'Amount', value: '5 VTA', format: 'tokenAmount', raw: String(5n * 10n ** 18n), asset: VTA },
  ],
  descriptor: { owner: 'ERC-20', source: 'ERC-7730 registry via micro-eth-signer 0.20.1' },
  boundTo: { chainId: 1337, address: VTA },
  disagreements: [],
});

const swapWords = (flag?: string): ClearWords => ({
  intent: 'Swap',
  sentence: ['Swap ', { field: 0 }, ' for at least ', { field: 1 }],
  fields: [
    { label: 'Amount to Send', value: '1 ETH', format: 'amount', raw: String(10n ** 18n), asset: 'native' },
    { label: 'Minimum to Receive', value: '1,940 VTA', format: 'tokenAmount', raw: String(1940n * 10n ** 18n), asset: VTA, ...(flag ? { flag } : {}) },
  ],
  descriptor: { owner: 'Uniswap', contractName: 'UniswapV2Router02', source: 'ERC-7730 registry via micro-eth-signer 0.20.1' },
  boundTo: { chainId: 1337, address: ROUTER },
  disagreements: flag ? [flag] : [],
});

/** A batch of approve VTA, swap ETH for VTA, and a call to CAROL no descriptor binds to (`third`: whether it is there). */
function batch(callWords: { calls: (ClearWords | null)[]; checked: boolean; disagreements: string[] } | undefined, third = true) {
  const one = transactionApproval().details;
  const tx = (nonce: string, to: string, value: string, data: string) => ({ ...(one.tx as object), nonce, to, value, data, gasLimit: '90000' });
  const calls = [
    { ...one, tx: tx('3', VTA, '0', APPROVE_DATA), decoded: { kind: 'erc20-approve', token: VTA, spender: ROUTER, amount: String(5n * 10n ** 18n), unlimited: false, symbol: 'VTA', decimals: 18 } },
    { ...one, tx: tx('4', ROUTER, String(10n ** 18n), SWAP_DATA), decoded: { kind: 'call', selector: '0x7ff36ab5', bytes: (SWAP_DATA.length - 2) / 2 } },
    ...(third ? [{ ...one, tx: tx('5', CAROL, '0', '0x12345678'), decoded: { kind: 'call', selector: '0x12345678', bytes: 4 } }] : []),
  ];
  const effects: TransactionEffects = {
    at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) },
    ok: true,
    own: [{ asset: 'native', standard: 'native', amount: '-1000000000000000000' }],
    approvals: [],
    others: [],
    created: [],
    tokens: { [VTA]: { symbol: 'VTA', decimals: 18 } },
    ...(callWords ? { callWords } : {}),
  };
  return transactionApproval({ id: 'b1', kind: 'calls' }, { batchId: '0xb1', from: ALICE, calls, maxCost: '1500162000000000000', verdict: { ok: true, facts: {}, warnings: [] }, effects });
}

describe("a batch's calls in words", () => {
  it('each worded call says its words under its headline with its raw call one click away; a call without words is listed as before', async () => {
    const api = fakeWallet();
    api.approval = batch({ calls: [approveWords(), swapWords(), null], checked: false, disagreements: [] });
    const el = await mount(api);
    const calls = allByTestId(el, 'approval-call');
    expect(calls).toHaveLength(3);
    const sentences = calls.map((c) => c.querySelector('[data-testid="approval-words-sentence"]')?.textContent);
    expect(sentences).toEqual([`Approve ${ROUTER} to spend 5 VTA`, 'Swap 1 ETH for at least 1,940 VTA', undefined]);
    expect(calls.map((c) => c.querySelector('[data-testid="approval-raw"]') !== null)).toEqual([true, true, false]);
    // Raw call of the swap: one click, its calldata in full.
    const raw = calls[1]!.querySelector('[data-testid="approval-raw"]') as HTMLDetailsElement;
    expect(raw.open).toBe(false);
    await act(async () => (calls[1]!.querySelector('[data-testid="approval-raw-toggle"]') as HTMLElement).click());
    expect(raw.open).toBe(true);
    expect(calls[1]!.querySelector('[data-testid="approval-raw-data"]')!.textContent).toBe(SWAP_DATA);
    // A call without words held nothing: the box says so, never that they agree.
    expect(calls[0]!.querySelector('[data-testid="approval-words-descriptor"]')!.textContent).toContain('a call without words, or a token whose balance Vigil did not read, may explain them, so these words were not held against them');
    // The whole batch's effects stay, above the calls.
    const effects = byTestId(el, 'approval-effects')!;
    expect(effects.compareDocumentPosition(calls[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(byTestId(el, 'approval-words-flag')).toBeNull();
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(false);
  });

  it('every call worded: the words say they were held together against the whole batch', async () => {
    const api = fakeWallet();
    api.approval = batch({ calls: [approveWords(), swapWords()], checked: true, disagreements: [] }, false);
    const el = await mount(api);
    for (const d of allByTestId(el, 'approval-words-descriptor')) expect(d.textContent).toContain("the whole batch's simulated effects above: every call's words were held together against them");
  });

  it("a disagreement of the batch's words: flagged at its field and above the buttons; Approve waits for the tick", async () => {
    const api = fakeWallet();
    api.approval = batch({ calls: [approveWords(), swapWords(FLAG)], checked: true, disagreements: [FLAG] }, false);
    const el = await mount(api);
    const swap = allByTestId(el, 'approval-call')[1]!;
    expect(swap.querySelector('[data-testid="approval-words-field-flag"]')!.textContent).toBe(FLAG);
    expect(allByTestId(el, 'approval-words-disagreement').map((d) => d.textContent)).toEqual([FLAG]);
    const approve = byTestId(el, 'approval-approve') as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await act(async () => {
      const box = byTestId(el, 'approval-words-flag-ack') as HTMLInputElement;
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(approve.disabled).toBe(false);
    await click(el, 'approval-approve');
    expect(api.calls.filter((c) => c.method === 'resolveApproval').map((c) => c.args.slice(0, 2))).toEqual([['b1', true]]);
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args[3]).toEqual({ wordsDisagree: true });
  });

  it("an atomic batch: the calls inside its one transaction say their words, each with its raw call", async () => {
    const api = fakeWallet();
    const one = transactionApproval().details;
    const effects = { at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) }, ok: true, own: [], approvals: [], others: [], created: [], tokens: { [VTA]: { symbol: 'VTA', decimals: 18 } }, callWords: { calls: [approveWords(), null], checked: false, disagreements: [] } };
    api.approval = transactionApproval(
      { id: 'b2', kind: 'calls' },
      {
        batchId: '0xb2',
        from: ALICE,
        calls: [{ ...one, tx: { ...(one.tx as object), to: ALICE, value: '0', gasLimit: '90000' } }],
        maxCost: '1',
        verdict: { ok: true, facts: {}, warnings: [] },
        effects,
        atomic: { calls: [{ to: VTA, value: '0', data: APPROVE_DATA }, { to: CAROL, value: '0', data: '0x12345678' }] },
      },
    );
    const el = await mount(api);
    const calls = allByTestId(el, 'approval-call');
    expect(calls.map((c) => c.querySelector('[data-testid="approval-words-sentence"]')?.textContent)).toEqual([`Approve ${ROUTER} to spend 5 VTA`, undefined]);
    await act(async () => (calls[0]!.querySelector('[data-testid="approval-raw-toggle"]') as HTMLElement).click());
    expect(calls[0]!.querySelector('[data-testid="approval-raw-data"]')!.textContent).toBe(APPROVE_DATA);
    expect(calls[0]!.querySelector('[data-testid="approval-words-descriptor"]')!.textContent).toContain('not held against them');
  });

  it("a batch of one call: its one transaction's words (held against its own effects), and their flag", async () => {
    const api = fakeWallet();
    const one = transactionApproval().details;
    const effects = { at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) }, ok: true, own: [], approvals: [], others: [], created: [], tokens: { [VTA]: { symbol: 'VTA', decimals: 18 } }, words: swapWords(FLAG) };
    const call = { ...one, tx: { ...(one.tx as object), to: ROUTER, value: String(10n ** 18n), data: SWAP_DATA }, decoded: { kind: 'call', selector: '0x7ff36ab5', bytes: (SWAP_DATA.length - 2) / 2 } };
    api.approval = transactionApproval({ id: 'b3', kind: 'calls' }, { batchId: '0xb3', from: ALICE, calls: [call], maxCost: '1', verdict: { ok: true, facts: {}, warnings: [] }, effects });
    const el = await mount(api);
    expect(allByTestId(el, 'approval-call')[0]!.querySelector('[data-testid="approval-words-sentence"]')!.textContent).toBe('Swap 1 ETH for at least ⚠ 1,940 VTA');
    expect(allByTestId(el, 'approval-words-disagreement').map((d) => d.textContent)).toEqual([FLAG]);
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(true);
  });

  it('no words: the batch window is as it was', async () => {
    const api = fakeWallet();
    api.approval = batch(undefined);
    const el = await mount(api);
    expect(byTestId(el, 'approval-words')).toBeNull();
    expect(byTestId(el, 'approval-raw')).toBeNull();
    expect(allByTestId(el, 'approval-call')).toHaveLength(3);
  });

  it("words that do not read are no words (a call's cut short is shown without)", () => {
    expect(batchWordsOf({ calls: [approveWords(), null], checked: true, disagreements: [] })?.calls).toEqual([approveWords(), null]);
    expect(batchWordsOf({ calls: [{ ...approveWords(), fields: [{ label: 'x' }] }], checked: true, disagreements: [] })?.calls).toEqual([null]);
    expect(batchWordsOf({ calls: [approveWords()], disagreements: [] })).toBeUndefined();
    expect(batchWordsOf({ calls: [approveWords()], checked: true, disagreements: [1] })).toBeUndefined();
    expect(batchWordsOf(null)).toBeUndefined();
  });

  it('fits at 360 px: the words and raw calls inside the list wrap', async () => {
    const api = fakeWallet();
    api.approval = batch({ calls: [approveWords(), swapWords(FLAG), null], checked: true, disagreements: [FLAG] });
    const el = await mount(api);
    el.style.width = '360px';
    for (const selector of ['.calls .words-sentence', '.calls .words-fields dd', '.calls .words-fields dt', '.calls .raw-call dd', '.calls .words-field', '.calls .words p.small']) {
      expect(getComputedStyle(el.querySelector(selector)!).overflowWrap, selector).toBe('anywhere');
    }
    expect(getComputedStyle(el.querySelector('.calls .words-fields dd')!).whiteSpace).toBe('normal');
  });
});

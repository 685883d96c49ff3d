// @vitest-environment happy-dom
/**
 * Calls and typed data in words in the approval window (issue 57, ./words.ts): the descriptor's
 * sentence with its fields in place, each value with what it rests on (hover and focus), the
 * fields as rows, whose descriptor it is; beside the simulated effects, which stay; the raw call
 * one click away. A disagreement with the simulation is flagged at its field and above the
 * buttons, and Approve waits for the tick. Without words the window is as it was. Long values wrap
 * at 360 px (the extension's own stylesheet loaded).
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClearWords } from '../../../src/wallet/clear-signing/types.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { restsOn, wordsOf } from '../../../src/ui/components/approval/words.ts';
import { shortAddress } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, fakeWallet, transactionApproval } from './fixtures.ts';

const ROUTER = '0x7a250d5630b4cf539739df2c5dacb4c659f2488d';
const VTA = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const VFEE = '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512';
const SWAP_DATA = '0x7ff36ab5' + '00'.repeat(31) + '07' + 'ab'.repeat(96);

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
async function tick(el: Element, id: string, checked = true) {
  await act(async () => {
    const box = byTestId(el, id) as HTMLInputElement;
    box.checked = checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

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

function swapWords(over: Partial<ClearWords> = {}): ClearWords {
  return {
    intent: 'Swap',
    sentence: ['Swap ', { field: 0 }, ' for at least ', { field: 1 }, ', sent to ', { field: 2 }],
    fields: [
      { label: 'Amount to Send', value: '1 ETH', format: 'amount', raw: '1000000000000000000', asset: 'native' },
      { label: 'Minimum to Receive', value: '1,940 VTA', format: 'tokenAmount', raw: '1940000000000000000000', asset: VTA },
      { label: 'Beneficiary', value: ALICE, format: 'addressName', raw: ALICE.toLowerCase(), address: ALICE.toLowerCase() },
    ],
    descriptor: { owner: 'Vigil devnet', contractName: 'UniswapV2Router02', source: 'written here from the router ABI' },
    boundTo: { chainId: 1337, address: ROUTER },
    disagreements: [],
    ...over,
  };
}

function effects(words: ClearWords | undefined, over: Partial<TransactionEffects> = {}): TransactionEffects {
  return {
    at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) },
    ok: true,
    own: [
      { asset: 'native', standard: 'native', amount: '-1000000000000000000' },
      { asset: VTA, standard: 'erc20', amount: '1990000000000000000000', atLeast: '1940000000000000000000' },
    ],
    approvals: [],
    others: [],
    created: [],
    tokens: { [VTA]: { symbol: 'VTA', decimals: 18 } },
    ...(words ? { words } : {}),
    ...over,
  };
}

function swapApproval(words: ClearWords | undefined) {
  return transactionApproval({}, { tx: { ...(transactionApproval().details.tx as object), to: ROUTER, value: '1000000000000000000', data: SWAP_DATA, gasLimit: '150000' }, decoded: { kind: 'call', selector: '0x7ff36ab5', bytes: (SWAP_DATA.length - 2) / 2 }, effects: effects(words) });
}

const FEE_FLAG = 'The words say 100 VFEE leave your account; the simulation takes 101 VFEE';

function feeApproval() {
  const words: ClearWords = {
    intent: 'Send',
    sentence: ['Send ', { field: 0 }, ' to ', { field: 1 }],
    fields: [
      { label: 'Amount', value: '100 VFEE', format: 'tokenAmount', raw: '100000000000000000000', asset: VFEE, flag: FEE_FLAG },
      { label: 'To', value: BOB, format: 'addressName', raw: BOB.toLowerCase(), address: BOB.toLowerCase() },
    ],
    descriptor: { owner: 'ERC-20', source: 'ERC-7730 registry via micro-eth-signer 0.20.1' },
    boundTo: { chainId: 1337, address: VFEE },
    disagreements: [FEE_FLAG],
  };
  return transactionApproval(
    {},
    {
      tx: { ...(transactionApproval().details.tx as object), to: VFEE, value: '0', data: '0xa9059cbb' + '00'.repeat(64) },
      decoded: { kind: 'erc20-transfer', token: VFEE, recipient: BOB, amount: '100000000000000000000', symbol: 'VFEE', decimals: 18 },
      effects: effects(words, { own: [{ asset: VFEE, standard: 'erc20', amount: '-101000000000000000000' }], tokens: { [VFEE]: { symbol: 'VFEE', decimals: 18 } } }),
    },
  );
}

describe('a transaction in words', () => {
  it("says the descriptor's sentence with its fields in place, each resting on what was proven, the fields as rows, whose descriptor", async () => {
    const api = fakeWallet();
    api.approval = swapApproval(swapWords());
    const el = await mount(api);
    expect(byTestId(el, 'approval-words-sentence')!.textContent).toBe(`Swap 1 ETH for at least 1,940 VTA, sent to ${ALICE}`);
    const [eth, vta, who] = [...byTestId(el, 'approval-words-sentence')!.querySelectorAll('[data-testid="approval-words-value"]')] as HTMLElement[];
    // What each value rests on, on hover (title) and focus (a tab stop).
    expect(vta!.title).toBe(`VTA's decimals and symbol proven at block 1,234 (token ${VTA})`);
    expect(vta!.tabIndex).toBe(0);
    expect(eth!.title).toContain("the network's own currency");
    expect(who!.title).toBe('the address in full, as the call carries it');
    const rows = allByTestId(el, 'approval-words-field');
    expect(rows.map((r) => r.getAttribute('data-format'))).toEqual(['amount', 'tokenAmount', 'addressName']);
    expect([...byTestId(el, 'approval-words-fields')!.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Amount to Send', 'Minimum to Receive', 'Beneficiary']);
    // The row says it short; hover and focus whole.
    expect(rows[1]!.querySelector('small.source')!.textContent).toBe(`VTA's decimals and symbol proven at block 1,234 (token ${shortAddress(VTA)})`);
    expect(byTestId(el, 'approval-words-descriptor')!.textContent).toContain('Descriptor: Vigil devnet · UniswapV2Router02 · written here from the router ABI, bound to 0x7a25…488d on chain 1337');
    // Beside the simulated effects, which stay, after the words.
    const effectsBox = byTestId(el, 'approval-effects')!;
    expect(effectsBox).not.toBeNull();
    expect(byTestId(el, 'approval-words')!.compareDocumentPosition(effectsBox) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(byTestId(el, 'approval-what')).not.toBeNull();
    // Agreeing words gate nothing.
    expect(byTestId(el, 'approval-words-flag')).toBeNull();
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(false);
  });

  it("the keyboard starts on the window's first control, not on a value of the words (focusable to say what it rests on)", async () => {
    const api = fakeWallet();
    api.approval = swapApproval(swapWords());
    await mount(api);
    const active = document.activeElement as HTMLElement | null;
    expect(active?.classList.contains('words-field')).toBe(false);
    expect(active?.matches('summary, button, input, a[href]')).toBe(true);
  });

  it('names an address field by its verified name, beside the address in full', async () => {
    const api = fakeWallet();
    api.lookupAddress = vi.fn(async (address: string) => ({ address, name: 'alice.eth', provenance: { kind: 'proven' }, at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) } })) as never;
    api.approval = swapApproval(swapWords());
    const el = await mount(api);
    await flush();
    const row = allByTestId(el, 'approval-words-field')[2]!;
    expect(row.querySelector('[data-testid="approval-words-name"]')!.textContent).toContain('alice.eth');
    expect(row.textContent).toContain(ALICE);
  });

  it('keeps the raw call one click away: to, value, function, arguments, the calldata in full', async () => {
    const api = fakeWallet();
    api.approval = swapApproval(swapWords());
    const el = await mount(api);
    const raw = byTestId(el, 'approval-raw') as HTMLDetailsElement;
    expect(raw.open).toBe(false);
    await click(el, 'approval-raw-toggle');
    expect(raw.open).toBe(true);
    expect(byTestId(el, 'approval-raw-data')!.textContent).toBe(SWAP_DATA);
    expect(raw.textContent).toContain(ROUTER);
    expect(byTestId(el, 'approval-raw-function')!.textContent).toBe('Swap · 0x7ff36ab5');
    expect(allByTestId(el, 'approval-raw-arg').map((a) => a.textContent)).toEqual(['1000000000000000000', '1940000000000000000000', ALICE.toLowerCase()]);
  });

  it('flags a disagreement at its field and above the buttons, in the words given, and Approve waits for the tick', async () => {
    const api = fakeWallet();
    api.approval = feeApproval();
    const el = await mount(api);
    const field = allByTestId(el, 'approval-words-field')[0]!;
    expect(field.getAttribute('data-flagged')).toBe('true');
    expect(field.querySelector('[data-testid="approval-words-field-flag"]')!.textContent).toBe(FEE_FLAG);
    expect(byTestId(el, 'approval-words-sentence')!.querySelector('[data-flagged="true"]')!.textContent).toBe('⚠ 100 VFEE');
    expect(allByTestId(el, 'approval-words-disagreement').map((d) => d.textContent)).toEqual([FEE_FLAG]);
    // Above the buttons.
    const flag = byTestId(el, 'approval-words-flag')!;
    expect(flag.compareDocumentPosition(el.querySelector('.approval-actions')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const approve = byTestId(el, 'approval-approve') as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    expect(approve.getAttribute('data-armed')).toBe('false');
    expect(approve.title).toBe('Enabled once you tick "I have read what disagrees"');
    await tick(el, 'approval-words-flag-ack');
    expect(approve.disabled).toBe(false);
    await tick(el, 'approval-words-flag-ack', false);
    expect(approve.disabled).toBe(true);
    await tick(el, 'approval-words-flag-ack');
    await click(el, 'approval-approve');
    expect(api.calls.filter((c) => c.method === 'resolveApproval').map((c) => c.args.slice(0, 2))).toEqual([['a1', true]]);
    // The tick goes with the yes: the background checks it again.
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args[3]).toEqual({ wordsDisagree: true });
  });

  it('no words: the window is as it was (the data row, no words, no raw disclosure, Approve as before)', async () => {
    const api = fakeWallet();
    api.approval = swapApproval(undefined);
    const el = await mount(api);
    expect(byTestId(el, 'approval-words')).toBeNull();
    expect(byTestId(el, 'approval-raw')).toBeNull();
    expect(byTestId(el, 'approval-words-flag')).toBeNull();
    expect([...byTestId(el, 'approval-fields')!.querySelectorAll('dt')].map((d) => d.textContent)).toContain('Data');
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(false);
  });

  it('words that do not read (a stored field cut short, a part naming no field) are no words', () => {
    expect(wordsOf(swapWords())).toBeDefined();
    expect(wordsOf({ ...swapWords(), disagreements: undefined })).toBeUndefined();
    expect(wordsOf({ ...swapWords(), sentence: ['Swap ', { field: 3 }] })).toBeUndefined();
    expect(wordsOf({ ...swapWords(), fields: [{ label: 'x', value: 1 }] })).toBeUndefined();
    expect(wordsOf({ ...swapWords(), boundTo: { address: ROUTER } })).toBeUndefined();
    expect(wordsOf(null)).toBeUndefined();
  });

  it('says an amount whose decimals were not proven is in base units, a name the address it stands for, a date the value it carries', () => {
    expect(restsOn({ label: 'Amount', value: '5 token', format: 'tokenAmount', raw: '5', asset: VTA }, { tokens: {} })).toBe(`token ${VTA}: its decimals not proven, the amount is in base units`);
    expect(restsOn({ label: 'To', value: 'alice.eth', format: 'addressName', raw: ALICE.toLowerCase(), address: ALICE.toLowerCase() }, { tokens: {} })).toBe(`a name Vigil verified or knows, for ${ALICE.toLowerCase()}`);
    // The user's own account: their word for it, said to be theirs.
    expect(restsOn({ label: 'To', value: 'Savings (yours)', format: 'addressName', raw: ALICE.toLowerCase(), address: ALICE.toLowerCase() }, { tokens: {} })).toBe(`your own account in this wallet: ${ALICE.toLowerCase()}`);
    expect(restsOn({ label: 'Until', value: 'Tue, 1 Jan 2030', format: 'date', raw: '1893456000' }, { tokens: {} })).toBe('the value 1893456000 it carries (seconds since 1970), in UTC');
  });

  it('fits at 360 px: long values and addresses wrap inside their rows', async () => {
    const api = fakeWallet();
    const long = swapWords({ fields: [...swapWords().fields.slice(0, 2), { label: 'Beneficiary of the whole output of this swap', value: `${ALICE}${ALICE.slice(2)}`, format: 'addressName', raw: ALICE, address: ALICE.toLowerCase() }] });
    api.approval = swapApproval(long);
    const el = await mount(api);
    el.style.width = '360px';
    for (const selector of ['.words-sentence', '.words-fields dd', '.words-fields dt', '.raw-call dd', '.words-field']) {
      const node = el.querySelector(selector)!;
      expect(getComputedStyle(node).overflowWrap, selector).toBe('anywhere');
    }
    expect(getComputedStyle(el.querySelector('.words-fields dd')!).whiteSpace).toBe('normal');
    expect(getComputedStyle(el.querySelector('.raw-call dd')!).whiteSpace).toBe('normal');
  });
});

describe('typed data in words', () => {
  const VUSD = '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0';
  function permitApproval(words: ClearWords | undefined) {
    return {
      ...transactionApproval(),
      id: 't1',
      kind: 'typedData' as const,
      details: {
        address: ALICE,
        preview: { primaryType: 'Permit', domain: { name: 'Vigil Dollar', version: '1', chainId: '1337', verifyingContract: VUSD }, message: [{ name: 'spender', value: { kind: 'value', type: 'address', text: BOB } }] },
        permits: [{ kind: 'eip2612', token: VUSD, spender: BOB, amount: '25000000', unlimited: false, revoke: false, deadline: '1900000000', spenderCode: 'contract', symbol: 'VUSD', decimals: 6 }],
        ...(words ? { words } : {}),
      },
    };
  }
  const permitWords = (over: Partial<ClearWords> = {}): ClearWords => ({
    intent: 'Authorize spending of tokens',
    fields: [
      { label: 'Spender', value: BOB, format: 'addressName', raw: BOB.toLowerCase(), address: BOB.toLowerCase() },
      { label: 'Amount', value: '25 VUSD', format: 'tokenAmount', raw: '25000000', asset: VUSD },
      { label: 'Until', value: 'Sun, 17 Mar 2030 17:46 UTC', format: 'date', raw: '1900000000' },
    ],
    descriptor: { owner: 'Vigil devnet', contractName: 'VigilPermitToken', source: 'written here from ERC-2612' },
    boundTo: { chainId: 1337, address: VUSD },
    disagreements: [],
    ...over,
  });

  it('says the message in words above the structured message, which stays', async () => {
    const api = fakeWallet();
    api.approval = permitApproval(permitWords());
    const el = await mount(api);
    expect(byTestId(el, 'approval-words-sentence')!.textContent).toBe('Authorize spending of tokens');
    const rows = allByTestId(el, 'approval-words-field');
    expect(rows.map((r) => r.querySelector('[data-testid="approval-words-value"]')!.textContent)).toEqual([BOB, '25 VUSD', 'Sun, 17 Mar 2030 17:46 UTC']);
    expect((rows[1]!.querySelector('[data-testid="approval-words-value"]') as HTMLElement).title).toBe(`VUSD's decimals and symbol proven at the signing head (token ${VUSD})`);
    const message = byTestId(el, 'approval-typed-message')!;
    expect(message.textContent).toContain(BOB);
    expect(byTestId(el, 'approval-words')!.compareDocumentPosition(message) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(byTestId(el, 'approval-permits')).not.toBeNull();
  });

  it('a disagreement with the permit it grants is flagged and Approve waits for the tick', async () => {
    const api = fakeWallet();
    const flag = 'The words say 25 VUSD; the permit grants 2,500 VUSD';
    api.approval = permitApproval(permitWords({ disagreements: [flag] }));
    const el = await mount(api);
    await flush();
    expect(allByTestId(el, 'approval-words-disagreement').map((d) => d.textContent)).toEqual([flag]);
    const approve = byTestId(el, 'approval-approve') as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await tick(el, 'approval-words-flag-ack');
    expect(approve.disabled).toBe(false);
  });

  it('no words: as it was', async () => {
    const api = fakeWallet();
    api.approval = permitApproval(undefined);
    const el = await mount(api);
    await flush();
    expect(byTestId(el, 'approval-words')).toBeNull();
    expect(byTestId(el, 'approval-words-flag')).toBeNull();
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(false);
  });
});

// @vitest-environment happy-dom
/**
 * Address poisoning in the popup and the approval window (issue 56): a recipient that looks like
 * an address the wallet sent to (its first and last 4 hex characters) but is another is said in one
 * sentence ("looks like 0xFFcf…09f0 you sent to on 12 Nov, but is a different address") near the
 * recipient; Review, and Approve, wait for the tick "I checked the whole address", held for that
 * recipient. No warning for the address sent to itself, nor for an unrelated one.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityView } from '../../../src/ui/api.ts';
import { lookAlikeWords, sentDayWords } from '../../../src/ui/components/look-alike.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, CAROL, fakeWallet, transactionApproval } from './fixtures.ts';

/** BOB's look-alike: 0xFFcf…09f0, another middle. */
const MALLORY = '0xFFcf' + '0'.repeat(32) + '09f0';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** Noon on 12 Nov (local time) of the current year. */
const SENT_AT = new Date(new Date().getFullYear(), 10, 12, 12).getTime();
const SENTENCE = `looks like 0xFFcf…09f0 you sent to on 12 Nov, but is a different address`;

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
async function type(el: Element, id: string, value: string) {
  await act(async () => {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function tick(el: Element, id: string, checked = true) {
  await act(async () => {
    const box = byTestId(el, id) as HTMLInputElement;
    box.checked = checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function sentRow(over: Partial<ActivityView> = {}): ActivityView {
  return { hash: '0x' + '11'.repeat(32), from: ALICE, to: BOB, value: '1000000000000000000', maxCost: '1000042000000000000', nonce: '1', origin: 'vigil', summary: 'Send 1 ETH', status: 'final', decoded: null, createdAt: SENT_AT, ...over };
}

async function sendPanel(rows: ActivityView[]) {
  const api = fakeWallet();
  api.activityRows = rows;
  const el = root();
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000 }), el));
  await wait(10);
  await click(el, 'home-send');
  return { api, el };
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('the words', () => {
  it('one sentence, the day in the user’s time zone, the year only when it is not this one', () => {
    expect(lookAlikeWords({ address: BOB, at: SENT_AT }, Date.now())).toBe(SENTENCE);
    const lastYear = new Date(new Date().getFullYear() - 1, 0, 3, 9).getTime();
    expect(sentDayWords(lastYear, Date.now())).toBe(`3 Jan ${new Date().getFullYear() - 1}`);
    expect(sentDayWords(Number.NaN, Date.now())).toBe('an unknown day');
  });
});

describe('the send form', () => {
  it('warns near the recipient about a look-alike of an address sent to, and Review waits for the tick', async () => {
    const { api, el } = await sendPanel([sentRow()]);
    await type(el, 'send-to', MALLORY);
    await type(el, 'send-value', '1');
    const warning = byTestId(el, 'send-look-alike')!;
    expect(warning.getAttribute('data-looks-like')).toBe(BOB);
    expect(byTestId(el, 'send-look-alike-words')!.textContent).toBe(`Check the whole address. This address ${SENTENCE}.`);
    expect(byTestId(el, 'send-look-alike-address')!.textContent).toBe(MALLORY.toLowerCase());
    // The middle where the look-alike differs is marked, on both lines.
    const [sentLine, thisLine] = [...warning.querySelectorAll('dd')];
    expect(sentLine!.textContent).toBe(BOB.toLowerCase());
    expect([...thisLine!.querySelectorAll('mark')].map((m) => m.textContent).join('')).toBe('0'.repeat(32).split('').filter((c, i) => c !== BOB.toLowerCase().slice(6, 38)[i]).join(''));
    expect([...sentLine!.querySelectorAll('mark')].map((m) => m.textContent).join('')).toBe(BOB.toLowerCase().slice(6, 38).split('').filter((c) => c !== '0').join(''));
    // Right under the recipient, before the amount.
    expect(warning.previousElementSibling?.querySelector('[data-testid="send-to"]')).not.toBeNull();
    const submit = byTestId(el, 'send-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    // Enter in a field submits the form whatever the button: still nothing is sent.
    await act(async () => void (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
    expect(byTestId(el, 'send-error')!.textContent).toContain('Check the whole address, then tick the box');
    await tick(el, 'send-look-alike-ack');
    expect(submit.disabled).toBe(false);
    expect(byTestId(el, 'send-error')).toBeNull();
    await click(el, 'send-submit');
    expect(api.calls.filter((c) => c.method === 'send').map((c) => c.args)).toEqual([[{ from: ALICE, to: MALLORY, value: '0xde0b6b3a7640000' }]]);
  });

  it('the tick belongs to one recipient: another look-alike asks again', async () => {
    const { el } = await sendPanel([sentRow()]);
    await type(el, 'send-to', MALLORY);
    await tick(el, 'send-look-alike-ack');
    expect((byTestId(el, 'send-submit') as HTMLButtonElement).disabled).toBe(false);
    await type(el, 'send-to', '0xFFcf' + '1'.repeat(32) + '09F0');
    expect((byTestId(el, 'send-look-alike-ack') as HTMLInputElement).checked).toBe(false);
    expect((byTestId(el, 'send-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('no warning for the address sent to itself (any case), an unrelated address, or with no activity', async () => {
    const { el } = await sendPanel([sentRow()]);
    for (const to of [BOB, BOB.toLowerCase(), CAROL]) {
      await type(el, 'send-to', to);
      expect(byTestId(el, 'send-look-alike'), to).toBeNull();
      expect((byTestId(el, 'send-submit') as HTMLButtonElement).disabled).toBe(false);
    }
    cleanup();
    const empty = await sendPanel([]);
    await type(empty.el, 'send-to', MALLORY);
    expect(byTestId(empty.el, 'send-look-alike')).toBeNull();
  });

  it('a token sent to BOB counts as sent to BOB (the call’s recipient, not the token contract)', async () => {
    const { el } = await sendPanel([sentRow({ to: TOKEN, value: '0', decoded: { kind: 'erc20-transfer', token: TOKEN, recipient: BOB, amount: '5' } })]);
    await type(el, 'send-to', MALLORY);
    expect(byTestId(el, 'send-look-alike')!.getAttribute('data-looks-like')).toBe(BOB);
    await type(el, 'send-to', TOKEN);
    expect(byTestId(el, 'send-look-alike')).toBeNull();
  });

  it('a name whose proven address is a look-alike is warned about too, beside the proven address', async () => {
    const { api, el } = await sendPanel([sentRow()]);
    api.resolveName = vi.fn(async (name: string) => ({ name, address: MALLORY, provenance: { kind: 'proven' }, at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) } })) as never;
    await type(el, 'send-value', '1');
    await type(el, 'send-to', 'mallory.eth');
    await click(el, 'send-submit');
    await wait(450);
    expect(byTestId(el, 'send-name-address')!.textContent).toBe(MALLORY);
    expect(byTestId(el, 'send-look-alike')!.getAttribute('data-looks-like')).toBe(BOB);
    // The Review that waited for the name stops at the look-alike.
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
    expect(byTestId(el, 'send-error')!.textContent).toContain('tick the box');
    await tick(el, 'send-look-alike-ack');
    await click(el, 'send-submit');
    expect(api.calls.filter((c) => c.method === 'send').map((c) => c.args)).toEqual([[{ from: ALICE, to: MALLORY, value: '0xde0b6b3a7640000', name: 'mallory.eth' }]]);
  });
});

describe('the approval window', () => {
  async function mount(api: ReturnType<typeof fakeWallet>, armDelayMs = 0) {
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs }), el));
    await wait(10);
    return el;
  }
  const mark = { lookAlike: { recipient: MALLORY, looksLike: BOB, at: SENT_AT } };

  for (const [what, details] of [
    ['a plain send', { tx: { ...(transactionApproval().details.tx as object), to: MALLORY }, ...mark }],
    ['an ERC-20 transfer call', { tx: { ...(transactionApproval().details.tx as object), to: TOKEN, value: '0' }, decoded: { kind: 'erc20-transfer', token: TOKEN, recipient: MALLORY, amount: '5' }, ...mark }],
  ] as const) {
    it(`warns about the look-alike recipient of ${what} in the same words, and Approve waits for the tick`, async () => {
      const api = fakeWallet();
      api.approval = transactionApproval({}, details);
      const el = await mount(api);
      expect(byTestId(el, 'approval-look-alike-words')!.textContent).toBe(`Check the whole address. This address ${SENTENCE}.`);
      expect(byTestId(el, 'approval-look-alike')!.getAttribute('data-looks-like')).toBe(BOB);
      const approve = byTestId(el, 'approval-approve') as HTMLButtonElement;
      expect(approve.disabled).toBe(true);
      expect(approve.getAttribute('data-armed')).toBe('false');
      await tick(el, 'approval-look-alike-ack');
      expect(approve.disabled).toBe(false);
      await click(el, 'approval-approve');
      expect(api.calls.filter((c) => c.method === 'resolveApproval').map((c) => c.args.slice(0, 2))).toEqual([['a1', true]]);
      // The tick goes with the yes: the background checks it again.
      expect(api.calls.find((c) => c.method === 'resolveApproval')!.args[3]).toEqual({ lookAlike: true });
    });
  }

  it('the box takes no tick before the window is armed, as Approve takes no click: a key meant for another window ticks nothing', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...(transactionApproval().details.tx as object), to: MALLORY }, ...mark });
    const el = await mount(api, 60_000);
    expect((byTestId(el, 'approval-look-alike-ack') as HTMLInputElement).disabled).toBe(true);
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(true);
  });

  it('no mark, no warning: Approve as before', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = await mount(api);
    expect(byTestId(el, 'approval-look-alike')).toBeNull();
    expect((byTestId(el, 'approval-approve') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a mark that does not read (a stored field cut short) is no mark', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { lookAlike: { recipient: MALLORY, at: 'yesterday' } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-look-alike')).toBeNull();
  });
});

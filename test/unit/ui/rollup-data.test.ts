// @vitest-environment happy-dom
/**
 * Where a rollup's data is, in the popup (src/ui/components/rollup-data.ts, issue 54): the rollup
 * card's line for every availability status and every place the data may be, a demoted endpoint
 * named, the facts in a disclosure; and before a forced exit (the exits card's start form and the
 * L2 row's confirmation), what it means for the escape proof, with a box to tick whenever Vigil
 * cannot say the proof can be rebuilt from Ethereum alone. With the extension's stylesheet: the
 * new lines wrap between words, a URL or hash anywhere, and nothing is clipped at 360 px.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RollupDataView } from '../../../src/extension/messages.ts';
import type { RollupView } from '../../../src/ui/api.ts';
import { ExitsCard } from '../../../src/ui/components/exits-card.ts';
import { L2Card } from '../../../src/ui/components/l2-card.ts';
import { dataSummary, dayWords, type DataStatus } from '../../../src/ui/components/rollup-data.ts';
import { RollupsCard } from '../../../src/ui/components/rollups-card.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, availability, BATCH_TX, BEACON_A, BEACON_B, BEACON_ROOT, devnetRoute, fakeWallet, l2Account, NOW, rollupData, rollupView, walletState } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
const NOW_S = NOW / 1000;

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(`${process.cwd()}/extension/popup.css`, 'utf8');
  document.head.appendChild(style);
});

afterEach(cleanup);

function card(data: RollupDataView | null, over: Partial<RollupView> = {}): Element {
  const el = document.body.appendChild(document.createElement('div'));
  render(h(RollupsCard, { rollups: [rollupView({ data, ...over })], now: NOW }), el);
  return el;
}

const line = (el: Element) => byTestId(el, 'rollup-data-status')!;

describe("the rollup card's data line", () => {
  it('says verified blobs as the issue words it: columns of 128, from how many endpoints, all verified, at the slot; good', () => {
    const el = card(rollupData());
    expect(byTestId(el, 'rollup-data')!.getAttribute('data-where')).toBe('blobs');
    expect(line(el).textContent).toBe('Data: Ethereum blobs · 16 of 128 columns sampled from 2 endpoints, all verified · slot 1,234');
    expect(line(el).getAttribute('data-status')).toBe('verified');
    expect(line(el).classList.contains('good')).toBe(true);
    expect(byTestId(el, 'rollup-data-demoted')).toBeNull();
  });

  it('counts only the endpoints that served verified cells', () => {
    const a = availability('verified', { endpoints: [{ url: BEACON_A, asked: 16, served: 16, verified: 16, bad: 0, demoted: false }, { url: BEACON_B, asked: 16, served: 0, verified: 0, bad: 0, demoted: false }] });
    expect(line(card(rollupData({ availability: a }))).textContent).toContain('sampled from 1 endpoint, all verified');
  });

  it('says whole blobs (before Fulu: every column or none) as fetched whole', () => {
    const wholeCols = { asked: 128, verified: 128, total: 128 };
    const one = [{ url: BEACON_A, asked: 128, served: 128, verified: 128, bad: 0, demoted: false }];
    expect(line(card(rollupData({ availability: availability('verified', { columns: wholeCols, endpoints: one }) }))).textContent).toBe('Data: Ethereum blobs · whole blobs fetched from 1 endpoint, all verified · slot 1,234');
    cleanup();
    const partial = availability('partial', { columns: { asked: 128, verified: 0, total: 128 }, endpoints: one });
    expect(line(card(rollupData({ availability: partial }))).textContent).toBe('Data: Ethereum blobs · partly sampled: some of its 2 blobs were served and verified, others by no endpoint · slot 1,234');
  });

  it('says partial: how many of the columns asked came verified, how many no endpoint served; a warning', () => {
    const el = card(rollupData({ availability: availability('partial') }));
    expect(line(el).textContent).toBe('Data: Ethereum blobs · partly sampled: 10 of 16 columns asked were served and verified, 6 served by no endpoint · slot 1,234');
    expect(line(el).getAttribute('data-status')).toBe('partial');
    expect(line(el).classList.contains('warn')).toBe(true);
  });

  it('says could not be sampled, and why, never "unavailable": missing cells are not proof of withholding', () => {
    const el = card(rollupData({ availability: availability('unsampled') }));
    expect(line(el).textContent).toBe('Data: Ethereum blobs · could not be sampled: the endpoints served no columns');
    expect(line(el).getAttribute('data-status')).toBe('unsampled');
    expect(line(el).classList.contains('warn')).toBe(true);
    expect(el.textContent!.toLowerCase()).not.toContain('unavailable');
    expect(el.textContent!.toLowerCase()).not.toContain('withheld');
  });

  it('says why nothing was sampled: nothing to ask, no answer, or answers that did not verify (cells, or sidecars of another block)', () => {
    const why = (over: Parameters<typeof availability>[1]) => line(card(rollupData({ availability: availability('unsampled', over) }))).textContent;
    expect(why({ endpoints: [] })).toBe('Data: Ethereum blobs · could not be sampled: no beacon API to ask');
    const silent = { asked: 16, served: 0, verified: 0, bad: 0, demoted: false, error: { code: 'TIMEOUT', message: 'no answer in 10 s' } };
    expect(why({ endpoints: [{ url: BEACON_A, ...silent }, { url: BEACON_B, ...silent }] })).toBe('Data: Ethereum blobs · could not be sampled: no endpoint answered');
    expect(why({ endpoints: [{ url: BEACON_A, ...silent }] })).toBe('Data: Ethereum blobs · could not be sampled: the endpoint did not answer');
    expect(why({ endpoints: [{ url: BEACON_A, asked: 16, served: 16, verified: 0, bad: 16, demoted: true }] })).toBe('Data: Ethereum blobs · could not be sampled: what the endpoint served did not verify');
    // Sidecars of another block: an answer that lied, demoted with its error and no cell counted, not silence.
    const liar = { asked: 16, served: 0, verified: 0, bad: 0, demoted: true, error: { code: 'BLOB_TIE_ROOT_MISMATCH', message: 'sidecars of another block than the proven one' } };
    expect(why({ endpoints: [{ url: BEACON_A, ...liar }] })).toBe('Data: Ethereum blobs · could not be sampled: what the endpoint served did not verify');
    expect(why({ endpoints: [{ url: BEACON_A, ...liar }, { url: BEACON_B, ...silent }] })).toBe('Data: Ethereum blobs · could not be sampled: what the endpoints served did not verify');
  });

  it('names a demoted endpoint on a line of its own, as a problem, and the line counts only what verified', () => {
    const a = availability('verified', {
      columns: { asked: 16, verified: 16, total: 128 },
      endpoints: [{ url: BEACON_A, asked: 16, served: 16, verified: 16, bad: 0, demoted: false }, { url: BEACON_B, asked: 8, served: 8, verified: 0, bad: 1, demoted: true }],
    });
    const el = card(rollupData({ availability: a }));
    expect(line(el).textContent).toContain('sampled from 1 endpoint, all verified');
    const demoted = byTestId(el, 'rollup-data-demoted')!;
    expect(demoted.textContent).toBe('what 127.0.0.1:5053 served did not verify: that endpoint is asked last');
    expect(demoted.classList.contains('bad')).toBe(true);
    const rows = allByTestId(el, 'rollup-data-endpoint');
    expect(rows.map((r) => r.getAttribute('data-demoted'))).toEqual(['false', 'true']);
    expect(rows[1]!.textContent).toBe(`${BEACON_B}: asked 8, served 8, verified 0, 1 did not verify (asked last)`);
  });

  it('keeps naming an endpoint demoted by an earlier sampling while it is asked last', () => {
    const a = availability('verified', {
      endpoints: [{ url: BEACON_A, asked: 16, served: 16, verified: 16, bad: 0, demoted: false }, { url: BEACON_B, asked: 0, served: 0, verified: 0, bad: 0, demoted: false, askedLast: true }],
    });
    const el = card(rollupData({ availability: a }));
    expect(byTestId(el, 'rollup-data-demoted')!.textContent).toBe('what 127.0.0.1:5053 served did not verify: that endpoint is asked last');
    expect(allByTestId(el, 'rollup-data-endpoint').map((r) => r.getAttribute('data-demoted'))).toEqual(['false', 'true']);
  });

  it('names every demoted endpoint', () => {
    const bad = { asked: 8, served: 8, verified: 0, bad: 2, demoted: true };
    const el = card(rollupData({ availability: availability('unsampled', { endpoints: [{ url: BEACON_A, ...bad }, { url: BEACON_B, ...bad }] }) }));
    expect(byTestId(el, 'rollup-data-demoted')!.textContent).toBe('what 127.0.0.1:5052, 127.0.0.1:5053 served did not verify: those endpoints are asked last');
  });

  it('says past the retention window: available when checked, with the day', () => {
    const el = card(rollupData({ availability: availability('expired-checked') }));
    expect(line(el).textContent).toBe(`Data: Ethereum blobs · past the ~18-day blob retention window: available when checked on ${dayWords(NOW_S - 20 * 86_400, NOW_S)}`);
    expect(dayWords(NOW_S - 20 * 86_400, NOW_S)).toBe('26 Dec 2026');
    expect(dayWords(NOW_S - 86_400, NOW_S)).toBe('14 Jan');
    expect(line(el).getAttribute('data-status')).toBe('expired-checked');
    expect(line(el).classList.contains('warn')).toBe(false);
  });

  it('says past the retention window, not checked before it expired; a warning', () => {
    const el = card(rollupData({ availability: availability('expired-unchecked') }));
    expect(line(el).textContent).toBe('Data: Ethereum blobs · past the ~18-day blob retention window: not checked before it expired');
    expect(line(el).getAttribute('data-status')).toBe('expired-unchecked');
    expect(line(el).classList.contains('warn')).toBe(true);
  });

  it('says blobs not tied to a verified beacon block, with the reason, and the code in the details', () => {
    const el = card(rollupData({ availability: availability('untied') }));
    expect(line(el).textContent).toBe("Data: Ethereum blobs · not tied to a verified beacon block: the block's beacon root is in no verified header yet");
    expect(line(el).getAttribute('data-status')).toBe('untied');
    expect(line(el).classList.contains('warn')).toBe(true);
    expect(byTestId(el, 'rollup-data-details')!.querySelector('code')!.textContent).toBe('BLOB_TIE_UNPROVEN');
  });

  it('says blobs not sampled yet, calmly', () => {
    const el = card(rollupData({ availability: null }));
    expect(line(el).textContent).toBe('Data: Ethereum blobs · not sampled yet');
    expect(line(el).getAttribute('data-status')).toBe('not-sampled');
    expect(line(el).className).toBe('rollup-line');
  });

  it('says calldata: anyone can rebuild the state from Ethereum alone; good', () => {
    const el = card(rollupData({ where: 'calldata', availability: null, words: 'data in Ethereum calldata' }));
    expect(line(el).textContent).toBe('Data: Ethereum calldata · anyone can rebuild the state from Ethereum alone');
    expect(line(el).getAttribute('data-status')).toBe('calldata');
    expect(line(el).classList.contains('good')).toBe(true);
  });

  it('says off Ethereum with the layer named, and what it means; a warning', () => {
    const el = card(rollupData({ where: 'off-ethereum', layer: 'EigenDA', availability: null, tie: 'recent', scope: 'the newest postings: L1 names no batch behind the root' }));
    expect(line(el).textContent).toBe('Data (newest postings): off Ethereum, on EigenDA · Ethereum alone cannot rebuild the state: a forced exit depends on EigenDA serving it');
    expect(line(el).getAttribute('data-status')).toBe('off-ethereum');
    expect(line(el).classList.contains('warn')).toBe(true);
    expect(byTestId(el, 'rollup-data-details')!.textContent).toContain('the newest postings: L1 names no batch behind the root');
  });

  it('says an unknown location with its reason', () => {
    const el = card(rollupData({ where: 'unknown', l1: null, availability: null, words: 'data location unknown: the batch transaction is in no verified block' }));
    expect(line(el).textContent).toBe('Data: location unknown · the batch transaction is in no verified block');
    expect(line(el).getAttribute('data-status')).toBe('unknown');
  });

  it('shows nothing before the data is read, and nothing for a rollup whose follow failed', () => {
    expect(byTestId(card(null), 'rollup-data')).toBeNull();
    expect(byTestId(card(rollupData(), { state: 'error', error: { code: 'X', message: 'y' } }), 'rollup-data')).toBeNull();
  });

  it('puts the facts in a closed disclosure, whole: the batch, the L1 tx, the beacon root and slot, the columns, each endpoint, the times', () => {
    const el = card(rollupData());
    const details = byTestId(el, 'rollup-data-details') as HTMLDetailsElement;
    expect(details.tagName).toBe('DETAILS');
    expect(details.open).toBe(false);
    const text = details.textContent!;
    expect(text).toContain("batch 12: the batch behind the accepted root, named by the rollup contract's proven storage");
    expect(text).toContain(`L1 tx ${BATCH_TX} in block #1,230`);
    expect(text).toContain(`beacon block ${BEACON_ROOT} at slot 1,234`);
    expect(text).toContain('2 blobs: 16 of 128 columns asked, 16 verified');
    expect(text).toContain(`${BEACON_A}: asked 8, served 8, verified 8`);
    expect(text).toContain('checked 2027-01-15 07:59 UTC');
    expect(text).toContain('nodes may drop the blobs after 2027-02-02 08:00 UTC');
    expect(text).not.toContain('…');
  });

  it('shows an endpoint that did not answer with its code', () => {
    const a = availability('unsampled', { endpoints: [{ url: BEACON_A, asked: 16, served: 0, verified: 0, bad: 0, demoted: false, error: { code: 'TIMEOUT', message: 'no answer in 10 s' } }] });
    expect(allByTestId(card(rollupData({ availability: a })), 'rollup-data-endpoint')[0]!.textContent).toBe(`${BEACON_A}: asked 16, served 0, verified 0 · no answer: TIMEOUT no answer in 10 s`);
  });
});

describe('the data lines at 360 px', () => {
  it('wrap between words (a URL or hash anywhere it must), never clipped or on one line', () => {
    const a = availability('verified', { endpoints: [{ url: BEACON_A, asked: 16, served: 16, verified: 16, bad: 0, demoted: false }, { url: BEACON_B, asked: 8, served: 8, verified: 0, bad: 1, demoted: true }] });
    const el = card(rollupData({ availability: a }));
    const details = byTestId(el, 'rollup-data-details')!;
    for (const node of [line(el), byTestId(el, 'rollup-data-demoted')!, ...details.querySelectorAll('li')]) {
      const style = getComputedStyle(node);
      expect(style.overflowWrap).toBe('anywhere');
      // break-all would split ordinary words mid-word.
      expect(style.wordBreak).not.toBe('break-all');
      expect(style.whiteSpace).not.toBe('nowrap');
      expect(style.textOverflow).not.toBe('ellipsis');
      expect(style.overflow === 'hidden' || style.overflowX === 'hidden').toBe(false);
    }
  });
});

// ------------------------------------------------------------------ the exit

const STATUSES: { name: string; data: RollupDataView | null; status: DataStatus; ack: boolean; says: string }[] = [
  { name: 'verified blobs', data: rollupData(), status: 'verified', ack: false, says: 'the escape proof can be rebuilt from Ethereum' },
  { name: 'calldata', data: rollupData({ where: 'calldata', availability: null }), status: 'calldata', ack: false, says: 'the escape proof can be rebuilt from Ethereum alone' },
  { name: 'blobs expired once checked', data: rollupData({ availability: availability('expired-checked') }), status: 'expired-checked', ack: false, says: 'verified available when checked on 26 Dec 2026' },
  { name: 'blobs not sampled yet', data: rollupData({ availability: null }), status: 'not-sampled', ack: false, says: 'not sampled yet' },
  { name: 'no data read yet', data: null, status: 'not-read', ack: false, says: 'has not been read yet' },
  { name: 'blobs not sampled', data: rollupData({ availability: availability('unsampled') }), status: 'unsampled', ack: true, says: 'could not be sampled (the endpoints served no columns; that is not proof the data is withheld)' },
  { name: 'blobs partly sampled', data: rollupData({ availability: availability('partial') }), status: 'partial', ack: true, says: 'only if nodes serve the rest' },
  { name: 'blobs expired unchecked', data: rollupData({ availability: availability('expired-unchecked') }), status: 'expired-unchecked', ack: true, says: 'not checked before it expired' },
  { name: 'blobs untied', data: rollupData({ availability: availability('untied') }), status: 'untied', ack: true, says: 'could not be tied to a verified beacon block' },
  { name: 'data off Ethereum', data: rollupData({ where: 'off-ethereum', layer: 'EigenDA', availability: null }), status: 'off-ethereum', ack: true, says: 'the escape proof cannot be rebuilt from Ethereum alone. This exit depends on EigenDA or the L2 RPC serving the state' },
  { name: 'an unknown location', data: rollupData({ where: 'unknown', availability: null, words: 'data location unknown: no batch named' }), status: 'unknown', ack: true, says: 'could not be read from L1 (no batch named)' },
];

describe('what the data means for an exit', () => {
  it('asks an acknowledgement exactly when Vigil cannot say the escape proof can be rebuilt from Ethereum alone', () => {
    for (const c of STATUSES) {
      const s = dataSummary(c.data, NOW_S);
      expect([c.name, s.status, s.ack]).toEqual([c.name, c.status, c.ack]);
      expect(s.exit).toContain(c.says);
      if (c.ack) expect(s.exit).toMatch(/cannot say the escape proof can be rebuilt from Ethereum alone|cannot be rebuilt from Ethereum alone|only if nodes serve the rest/);
      expect(s.exit.toLowerCase()).not.toContain('unavailable');
    }
  });
});

async function exitsCard(data: RollupDataView | null, api = fakeWallet()) {
  const el = document.body.appendChild(document.createElement('div'));
  const rollups = [rollupView({ data, liveness: 'stalled' })];
  const props = (d: RollupDataView | null) => ({ api: api as never, state: walletState(), routes: [devnetRoute()], exits: [], now: NOW, rollups: [rollupView({ data: d, liveness: 'stalled' })], onStarted: () => {} });
  await act(async () => render(h(ExitsCard, { ...props(data), rollups }), el));
  await flush();
  return { el, api, rerender: async (d: RollupDataView | null) => (await act(async () => render(h(ExitsCard, props(d)), el)), await flush()) };
}

const starts = (api: ReturnType<typeof fakeWallet>) => api.calls.filter((c) => c.method === 'startExit').map((c) => c.args);

describe("the exits card's start form", () => {
  for (const c of STATUSES) {
    it(`${c.name}: says it before the start${c.ack ? ', and starts only once ticked' : ', and starts at once'}`, async () => {
      const { el, api } = await exitsCard(c.data);
      const note = byTestId(el, 'exit-data')!;
      expect(note.getAttribute('data-status')).toBe(c.status);
      expect(note.getAttribute('data-ack')).toBe(c.ack ? 'required' : 'none');
      expect(note.textContent).toContain(c.says);
      // Said before the button, in the form.
      const submit = byTestId(el, 'exit-submit') as HTMLButtonElement;
      expect(note.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(submit.disabled).toBe(c.ack);
      if (c.ack) {
        await act(async () => submit.click());
        expect(starts(api)).toEqual([]);
        await click(el, 'exit-data-ack');
        expect(submit.disabled).toBe(false);
      } else {
        expect(byTestId(el, 'exit-data-ack')).toBeNull();
      }
      await act(async () => submit.click());
      await flush();
      expect(starts(api)).toEqual([[{ rollupChainId: 901, address: ALICE }]]);
    });
  }

  it('tones the words: good with data Ethereum can rebuild from, a warning otherwise', async () => {
    expect(byTestId((await exitsCard(rollupData())).el, 'exit-data')!.classList.contains('good')).toBe(true);
    cleanup();
    expect(byTestId((await exitsCard(rollupData({ availability: availability('unsampled') }))).el, 'exit-data')!.classList.contains('warn')).toBe(true);
  });

  it('asks again when the status changes after the tick, and not when the data becomes verified', async () => {
    const { el, rerender } = await exitsCard(rollupData({ availability: availability('unsampled') }));
    await click(el, 'exit-data-ack');
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(false);
    await rerender(rollupData({ where: 'off-ethereum', layer: 'EigenDA', availability: null }));
    expect((byTestId(el, 'exit-data-ack') as HTMLInputElement).checked).toBe(false);
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(true);
    await rerender(rollupData());
    expect(byTestId(el, 'exit-data-ack')).toBeNull();
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it("reads the data of the route's own rollup", async () => {
    const el = document.body.appendChild(document.createElement('div'));
    const rollups = [rollupView({ chainId: 902, name: 'Other', data: rollupData({ availability: availability('unsampled') }) }), rollupView({ data: rollupData() })];
    await act(async () => render(h(ExitsCard, { api: fakeWallet() as never, state: walletState(), routes: [devnetRoute()], exits: [], now: NOW, rollups, onStarted: () => {} }), el));
    await flush();
    expect(byTestId(el, 'exit-data')!.getAttribute('data-status')).toBe('verified');
  });

  it('wraps its words at 360 px', async () => {
    const { el } = await exitsCard(rollupData({ availability: availability('unsampled') }));
    const style = getComputedStyle(byTestId(el, 'exit-data')!);
    expect(style.overflowWrap).toBe('anywhere');
    expect(style.wordBreak).not.toBe('break-all');
    expect(style.whiteSpace).not.toBe('nowrap');
  });
});

describe("the L2 row's exit confirmation", () => {
  async function row(data: RollupDataView | null) {
    const api = fakeWallet();
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(L2Card, { api: api as never, state: walletState(), rows: [l2Account()], transfers: [], rollupViews: [rollupView({ data, liveness: 'stalled' })], exits: [], now: NOW }), el));
    await flush();
    await click(el, 'l2-exit');
    return { el, api };
  }

  it('says the data before the start and asks the tick when Ethereum alone may not rebuild the escape proof', async () => {
    const { el, api } = await row(rollupData({ availability: availability('unsampled') }));
    const note = byTestId(byTestId(el, 'l2-exit-confirm')!, 'l2-exit-data')!;
    expect(note.getAttribute('data-status')).toBe('unsampled');
    expect(note.textContent).toContain('could not be sampled');
    const start = byTestId(el, 'l2-exit-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await act(async () => start.click());
    expect(starts(api)).toEqual([]);
    await click(el, 'l2-exit-data-ack');
    expect(start.disabled).toBe(false);
    await act(async () => start.click());
    await flush();
    expect(starts(api)).toEqual([[{ rollupChainId: 901, address: ALICE }]]);
  });

  it('with verified blobs, says the escape proof can be rebuilt from Ethereum and asks nothing more', async () => {
    const { el } = await row(rollupData());
    const note = byTestId(el, 'l2-exit-data')!;
    expect(note.getAttribute('data-status')).toBe('verified');
    expect(note.textContent).toContain('the escape proof can be rebuilt from Ethereum');
    expect(byTestId(el, 'l2-exit-data-ack')).toBeNull();
    expect((byTestId(el, 'l2-exit-start') as HTMLButtonElement).disabled).toBe(false);
  });
});

// @vitest-environment happy-dom
/**
 * The Rollups tab's rollups card: liveness with the proven facts behind it, the accepted batch and
 * its re-verified validity proof; a rollup whose follow failed shows its error and nothing it
 * may have kept (no liveness, batch, root or "re-verified"). And the L2 error sentences.
 */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollupView } from '../../../src/ui/api.ts';
import { finalIn, RollupsCard } from '../../../src/ui/components/rollups-card.ts';
import { explainL2Error, formatAge, formatDuration, livenessFacts } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { NOW, ROLLUP_ROOT, rollupView, status } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];

function show(rollups: RollupView[]): Element {
  const el = document.body.appendChild(document.createElement('div'));
  render(h(RollupsCard, { rollups, now: status().now }), el);
  return el;
}

afterEach(cleanup);

describe('rollups on the status tab', () => {
  it('shows nothing for a network that follows no rollup', () => {
    const el = show([]);
    expect(byTestId(el, 'rollups')).toBeNull();
    expect(byTestId(el, 'rollup-card')).toBeNull();
  });

  it('shows a healthy rollup: name, L2 chain, the facts, batch and root, the re-verified proof at its L1 block', () => {
    const el = show([rollupView()]);
    const card = byTestId(el, 'rollup-card')!;
    expect(card.getAttribute('data-rollup-chain')).toBe('901');
    expect(card.textContent).toContain('Vigil ZK devnet');
    expect(card.textContent).toContain('L2 chain 901');
    const liveness = byTestId(card, 'rollup-liveness')!;
    expect(liveness.textContent).toBe('healthy');
    expect(liveness.classList.contains('tone-good')).toBe(true);
    expect(byTestId(card, 'rollup-facts')!.textContent).toBe('last batch 12 s ago · L1 queue empty');
    const batch = byTestId(card, 'rollup-batch')!;
    expect(batch.textContent).toBe('batch 12 · root 0x5a5a5…a5a5a');
    expect(batch.querySelector('[title]')!.getAttribute('title')).toBe(ROLLUP_ROOT);
    const proof = byTestId(card, 'rollup-proof')!;
    expect(proof.textContent).toContain('validity proof re-verified');
    expect(proof.textContent).toContain('L1 block #1,234');
    expect(proof.classList.contains('good')).toBe(true);
    expect(byTestId(card, 'rollup-error')).toBeNull();
  });

  it('tones delayed as a warning and stalled as a problem, with the facts that made it so', () => {
    const el = show([
      rollupView({ chainId: 901, liveness: 'delayed', facts: { lastBatchAgeSeconds: 70, oldestQueuedAgeSeconds: null, frozen: false } }),
      rollupView({ chainId: 902, name: 'Other', liveness: 'stalled', facts: { lastBatchAgeSeconds: 200, oldestQueuedAgeSeconds: 40, frozen: false } }),
    ]);
    const [delayed, stalled] = allByTestId(el, 'rollup-card');
    expect(byTestId(delayed!, 'rollup-liveness')!.textContent).toBe('delayed');
    expect(byTestId(delayed!, 'rollup-liveness')!.classList.contains('tone-warn')).toBe(true);
    expect(stalled!.getAttribute('data-rollup-chain')).toBe('902');
    expect(byTestId(stalled!, 'rollup-liveness')!.textContent).toBe('stalled');
    expect(byTestId(stalled!, 'rollup-liveness')!.classList.contains('tone-bad')).toBe(true);
    expect(byTestId(stalled!, 'rollup-facts')!.textContent).toBe('last batch 3 min ago · oldest queued L1 request waited 40 s');
  });

  it('says a frozen rollup has its escape hatch open', () => {
    const el = show([rollupView({ liveness: 'frozen', facts: { lastBatchAgeSeconds: 5, oldestQueuedAgeSeconds: 900, frozen: true } })]);
    expect(byTestId(el, 'rollup-liveness')!.textContent).toBe('frozen');
    expect(byTestId(el, 'rollup-liveness')!.classList.contains('tone-bad')).toBe(true);
    expect(byTestId(el, 'rollup-facts')!.textContent).toBe('last batch 5 s ago · oldest queued L1 request waited 15 min · frozen: escape hatch open');
  });

  it('waits for a verified L1 head without claiming a liveness or a batch', () => {
    const el = show([rollupView({ state: 'waiting', liveness: null, facts: null, batch: null, root: null, proof: null, l1: null, checkedAt: null })]);
    expect(byTestId(el, 'rollup-proof')!.textContent).toBe('waiting for a verified L1 head');
    expect(byTestId(el, 'rollup-liveness')).toBeNull();
    expect(byTestId(el, 'rollup-batch')).toBeNull();
    expect(byTestId(el, 'rollup-state')!.textContent).toBe('waiting');
  });

  it('shows a failed follow as its code and message, and none of what it kept from before', () => {
    // The view still carries the last good follow's liveness, batch and root: none may show.
    const el = show([rollupView({ state: 'error', error: { code: 'L2_BATCH_PROOF_INVALID', message: 'the validity proof of batch 13 does not verify against the pinned key' } })]);
    const card = byTestId(el, 'rollup-card')!;
    const error = byTestId(card, 'rollup-error')!;
    expect(error.classList.contains('bad')).toBe(true);
    expect(error.getAttribute('data-code')).toBe('L2_BATCH_PROOF_INVALID');
    expect(error.textContent).toContain('L2_BATCH_PROOF_INVALID');
    expect(error.textContent).toContain('does not verify against the pinned key');
    expect(error.textContent).toContain('batch 13');
    expect(byTestId(card, 'rollup-liveness')).toBeNull();
    expect(byTestId(card, 'rollup-batch')).toBeNull();
    expect(byTestId(card, 'rollup-proof')).toBeNull();
    expect(card.textContent).not.toContain('0x5a5a');
    expect(card.textContent).not.toContain('re-verified');
    expect(byTestId(card, 'rollup-state')!.classList.contains('tone-bad')).toBe(true);
  });

  it('points to the L2 accounts below (the Rollups tab) to recover funds on a stalled or frozen rollup, and only then', () => {
    const el = show([
      rollupView({ chainId: 901, liveness: 'healthy' }),
      rollupView({ chainId: 902, liveness: 'delayed' }),
      rollupView({ chainId: 903, liveness: 'stalled' }),
      rollupView({ chainId: 904, liveness: 'frozen', facts: { lastBatchAgeSeconds: 5, oldestQueuedAgeSeconds: 900, frozen: true } }),
      // A failed follow keeps no liveness: no hint from what it may have kept.
      rollupView({ chainId: 905, state: 'error', liveness: 'stalled', error: { code: 'TIMEOUT', message: 'x' } }),
    ]);
    const hinted = allByTestId(el, 'rollup-card').filter((c) => byTestId(c, 'rollup-exit-hint') !== null);
    expect(hinted.map((c) => c.getAttribute('data-rollup-chain'))).toEqual(['903', '904']);
    expect(byTestId(hinted[0]!, 'rollup-exit-hint')!.textContent).toBe('Your funds on it can be recovered: Exit to L1 on your L2 account below');
    // Only the words: the action lives on the L2 account's row.
    expect(hinted[0]!.querySelector('button, a')).toBeNull();
  });

  it("says so in words, with the route and why, when Vigil has no forced exit for the rollup's kind", () => {
    const note = "Taiko's Inbox keeps a forced-inclusion queue (taiko-mono); Vigil does not build it yet";
    const el = show([rollupView({ chainId: 167000, kind: 'taiko-shasta-v1', liveness: 'stalled', exit: { available: false, note } })]);
    const hint = byTestId(el, 'rollup-exit-hint')!;
    expect(hint.textContent).toBe(`Vigil cannot take your funds out of it without its sequencer yet: ${note}.`);
    expect(hint.getAttribute('data-available')).toBe('false');
    expect(hint.textContent).not.toContain('Wallet → Exit to L1');
  });

  it('does not call a root without a re-verified proof "re-verified"', () => {
    const el = show([rollupView({ proof: null })]);
    expect(byTestId(el, 'rollup-proof')!.textContent).not.toContain('re-verified');
    expect(byTestId(el, 'rollup-proof')!.classList.contains('good')).toBe(false);
  });

  it('says until when a claimed root may be undone, and that a real rollup has no validity proof re-verified here', () => {
    const op = 'op-stack-fault-proofs-v1';
    const el = show([
      rollupView({ chainId: 10, kind: op, unit: 'L2 block', evm: true, status: 'claimed', claim: { until: 1_900_000_000, note: 'x' }, proof: 'not-applicable' }),
      rollupView({ chainId: 12, kind: op, unit: 'L2 block', evm: true, status: 'claimed', claim: { until: null, note: 'its dispute game is resolved and 3.5 days more pass' }, proof: 'not-applicable' }),
      rollupView({ chainId: 11 }),
    ]);
    const [dated, running, final] = allByTestId(el, 'rollup-card');
    expect(byTestId(dated!, 'rollup-claimed')!.textContent).toBe('claimed: a challenge may still undo it until 2030-03-17 17:46 UTC');
    expect(byTestId(running!, 'rollup-claimed')!.textContent).toBe('claimed: a challenge may still undo it until its dispute game is resolved and 3.5 days more pass');
    expect(byTestId(dated!, 'rollup-proof')!.textContent).toBe('state root proven from L1 storage · optimistic, challenge window open until 2030-03-17T17:46:40Z · L1 block #1,234 · checked 2 s ago');
    expect(byTestId(dated!, 'rollup-proof')!.classList.contains('good')).toBe(false);
    expect(byTestId(dated!, 'rollup-proof')!.getAttribute('data-tier')).toBe('optimistic-open');
    expect(byTestId(dated!, 'rollup-batch')!.textContent).toMatch(/^L2 block 12 · root /);
    expect(byTestId(final!, 'rollup-claimed')).toBeNull();
    // The countdown to final, in the card: only where the time is known.
    expect(byTestId(dated!, 'rollup-final-in')!.textContent).toBe(finalIn(1_900_000_000, NOW / 1000));
    expect(byTestId(running!, 'rollup-final-in')).toBeNull();
    expect(byTestId(final!, 'rollup-final-in')).toBeNull();
    expect(byTestId(final!, 'rollup-batch')!.textContent).toMatch(/^batch 12/);
  });

  it('counts down from claimed to final in days and hours (Base: 1 day with both proofs, 5 with one)', () => {
    expect(finalIn(1000 + 4 * 86_400 + 23 * 3600 + 59, 1000)).toBe('final in 4d 23h');
    expect(finalIn(1000 + 86_400, 1000)).toBe('final in 1d 0h');
    expect(finalIn(1000 + 5 * 3600 + 7 * 60, 1000)).toBe('final in 5h 7m');
    expect(finalIn(1030, 1000)).toBe('final in 1m');
    expect(finalIn(1000, 1000)).toBe('final at the next verified head');
  });

  it('states each kind\'s liveness facts in its own words', () => {
    const facts = (lastBatchAgeSeconds: number, oldestQueuedAgeSeconds: number | null, frozen = false) => ({ lastBatchAgeSeconds, oldestQueuedAgeSeconds, frozen });
    const el = show([
      rollupView({ chainId: 10, kind: 'op-stack-fault-proofs-v1', liveness: 'healthy', facts: facts(2400, null) }),
      rollupView({ chainId: 42161, kind: 'arbitrum-nitro-v1', liveness: 'delayed', facts: facts(9 * 86400, 0) }),
      rollupView({ chainId: 42162, kind: 'arbitrum-nitro-v1', liveness: 'frozen', facts: facts(86400, null, true) }),
      rollupView({ chainId: 534352, kind: 'scroll-v1', liveness: 'healthy', facts: facts(1800, 7200) }),
    ]);
    expect(allByTestId(el, 'rollup-facts').map((x) => x.textContent)).toEqual([
      'newest dispute game 40 min ago',
      'latest confirmed assertion created 9 days ago · delayed inbox: messages waiting (their age is not proven)',
      'latest confirmed assertion created 24 h ago · delayed inbox: every message read · paused on L1: nothing is confirmed',
      'last finalization 30 min ago · oldest L1 message waited 2 h',
    ]);
    expect(allByTestId(el, 'rollup-liveness').map((x) => x.textContent)).toEqual(['healthy', 'delayed', 'frozen', 'healthy']);
  });
});

describe('rollup words', () => {
  it('states the liveness facts', () => {
    expect(livenessFacts({ lastBatchAgeSeconds: 1, oldestQueuedAgeSeconds: 0, frozen: false })).toEqual(['last batch just now', 'oldest queued L1 request waited 0 s']);
    expect(formatDuration(7200)).toBe('2 h');
    // formatAge is formatDuration + " ago", as before.
    expect(formatAge(12)).toBe('12 s ago');
    expect(formatAge(1.4)).toBe('just now');
    expect(formatAge(180)).toBe('3 min ago');
    expect(formatAge(5 * 86400)).toBe('5 days ago');
  });

  it('explains the L2 codes, and falls back to the wallet\'s words and then the message', () => {
    expect(explainL2Error({ code: 'L2_INSUFFICIENT_BALANCE', message: 'x' })).toContain('The proven L2 balance does not cover this amount');
    expect(explainL2Error({ code: 'L2_ACCOUNT_MISSING', message: 'x' })).toContain('a deposit from L1 opens one');
    expect(explainL2Error({ code: 'ROLLUP_FROZEN', message: 'x' })).toContain('escape hatch');
    expect(explainL2Error({ code: 'L2_NO_ACCOUNT', message: 'x' })).toContain('deposit first');
    expect(explainL2Error({ code: 'L2_RECIPIENT_MISSING', message: 'x' })).toContain('The recipient has no L2 account');
    expect(explainL2Error({ code: 'L2_VERIFIER_CHANGED', message: 'x' })).toContain('another verifier');
    expect(explainL2Error({ code: 'L2_QUEUE_ORDER', message: 'queue entry 4 out of order' })).toContain('queue entry 4 out of order');
    expect(explainL2Error({ code: 'LOCKED', message: 'x' })).toBe('The wallet is locked: unlock it first.');
    expect(explainL2Error({ code: 'SOMETHING_NEW', message: 'as the background said' })).toBe('as the background said');
  });
});

describe('real rollups\' refusals in words', () => {
  it('says an upgrade, a lying L2 block and a missing root in words, never the code alone', () => {
    const say = (code: string) => explainL2Error({ code, message: 'detail' });
    for (const code of ['L2_IMPLEMENTATION_UNKNOWN', 'OP_GAME_UNKNOWN', 'OP_RESPECTED_GAME_TYPE_CHANGED']) expect(say(code)).toContain('upgraded');
    for (const code of ['L2_HEADER_INVALID', 'L2_HEADER_MISMATCH', 'L2_SEND_ROOT_UNCONFIRMED', 'OP_HEADER_MISMATCH', 'OP_OUTPUT_ROOT_MISMATCH']) {
      expect(say(code)).toBe('The L2 RPC gave an L2 block that is not the one L1 committed to: Vigil refused it.');
    }
    expect(say('L2_HEADER_NOT_LATEST')).toContain('not the newest one L1 confirmed');
    for (const code of ['L2_HEADER_NOT_FOUND', 'L2_CONTRACT_MISMATCH', 'OP_NO_VALID_GAME', 'SCROLL_FINALIZED_ROOT_MISSING', 'SCROLL_ZKTRIE_ROOT']) expect(say(code)).not.toBe('detail');
  });
});

/**
 * The status tab: network and state, sync progress, the verified heads, problems in words, and
 * where the trusted checkpoint came from. (The followed rollups have their own tab: wallet-view.ts.)
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ErrorView, HeadView, Status } from '../../extension/messages.ts';
import { explainError, formatAge, formatNumber, hostOf, shortHash, STATE_LABEL, stateTone, summary, type WeakSubjectivityView } from '../format.ts';

export function StatusView({ status }: { status: Status }): ComponentChild {
  const nowS = status.now / 1000;
  return h(
    'div',
    { class: 'status' },
    h(
      'section',
      { class: 'hero' },
      h(
        'div',
        { class: 'hero-row' },
        h(
          'div',
          { class: 'network', 'data-testid': 'network' },
          status.network.label,
          h('span', { class: 'chain' }, `chain ${status.network.chainId} · ${status.network.preset} preset · ${status.network.secondsPerSlot} s slots`),
        ),
        h('span', { class: `pill tone-${stateTone(status.state)}`, 'data-testid': 'state' }, STATE_LABEL[status.state]),
      ),
      h('p', { class: 'summary' }, summary(status)),
      status.period && (status.period.catchingUp || status.state === 'catching-up') ? h(Progress, { period: status.period }) : null,
    ),
    h(
      'section',
      { class: 'heads' },
      h(HeadCard, { title: 'Latest verified', head: status.optimistic, nowS, testid: 'optimistic', oldAfter: 4 * status.network.secondsPerSlot }),
      // Shown when transactions rest on another head than the latest (that one thinly signed).
      status.signing !== undefined && status.signing?.blockHash !== status.optimistic?.blockHash
        ? h(HeadCard, { title: 'Signing against', head: status.signing, nowS, testid: 'signing', oldAfter: 4 * status.network.secondsPerSlot, empty: 'No block signed by two thirds of its committee yet' })
        : null,
      h(HeadCard, { title: 'Finalized', head: status.finalized, nowS, testid: 'finalized', oldAfter: Infinity }),
    ),
    h(Problems, { errors: status.errors, now: status.now, ws: status.network.weakSubjectivity }),
    h(Details, { status }),
    h(Footer, { status }),
  );
}

function Progress({ period }: { period: NonNullable<Status['period']> }): ComponentChild {
  const total = Math.max(1, period.head - period.start);
  const done = Math.min(total, Math.max(0, period.current - period.start));
  const pct = period.catchingUp ? Math.round((done / total) * 100) : 100;
  const toGo = period.catchingUp ? Math.max(0, period.head - period.current) : 0;
  return h(
    'div',
    { class: 'progress', 'data-testid': 'progress' },
    h('div', { class: 'progress-label' }, h('span', null, `Period ${period.current} of ${period.head}`), h('span', null, `${pct}%`)),
    h('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('div', { class: 'bar-fill', style: { width: `${pct}%` } })),
    h('div', { class: 'small muted', 'data-testid': 'progress-detail' }, `${plural(toGo, 'period')} to go · ${plural(period.updatesVerified, 'update')} verified`),
  );
}

function HeadCard({ title, head, nowS, testid, oldAfter, empty }: { title: string; head: HeadView | null; nowS: number; testid: string; oldAfter: number; empty?: string }): ComponentChild {
  if (!head) {
    return h('div', { class: 'card head empty', 'data-testid': testid }, h('div', { class: 'card-title' }, title), h('div', { class: 'muted' }, empty ?? 'Not verified yet'));
  }
  const age = nowS - head.timestamp;
  const signers = signersText(head.signedBy);
  return h(
    'div',
    { class: `card head${head.thinlySigned ? ' thin' : ''}`, 'data-testid': testid },
    h('div', { class: 'card-title' }, title),
    head.thinlySigned
      ? h(
          'span',
          { class: 'pill tone-warn', 'data-testid': `${testid}-thin`, title: 'Signed by fewer than two thirds of its sync committee: shown, never signed against. Transactions wait for a block two thirds signed.' },
          'thinly signed',
        )
      : null,
    h('div', { class: 'block', 'data-testid': `${testid}-block` }, `#${formatNumber(head.blockNumber)}`),
    h('div', { class: `age ${age > Math.max(oldAfter, 24) ? 'old' : ''}`, title: 'age of the block' }, formatAge(age)),
    h(
      'dl',
      null,
      h('dt', { title: 'The beacon slot whose light-client header proved this block. From Gloas on, that header proves the block delivered before it, normally the slot before.' }, 'Proved at slot'),
      h('dd', { 'data-testid': `${testid}-slot` }, formatNumber(head.slot)),
      h('dt', null, 'State root'),
      h('dd', { class: 'mono', title: head.stateRoot }, shortHash(head.stateRoot, 5)),
      h('dt', null, 'Verified'),
      h('dd', null, formatAge(nowS - head.verifiedAt / 1000)),
      signers ? h('dt', { title: 'Who signed the header that proved this block' }, 'Signed by') : null,
      signers ? h('dd', { 'data-testid': `${testid}-signers`, title: signers.long }, signers.short) : null,
    ),
  );
}

/**
 * "22 of 32" (the card is half the popup wide) with "22 of 32 of the sync committee" on hover,
 * "the trusted checkpoint", "not recorded"; null from an older background.
 */
function signersText(signedBy: HeadView['signedBy']): { short: string; long: string } | null {
  if (signedBy === undefined) return null;
  if (signedBy === 'checkpoint') return { short: 'the trusted checkpoint', long: 'the trusted checkpoint' };
  if (signedBy === null) return { short: 'not recorded', long: 'not recorded (kept from before Vigil counted)' };
  const count = `${formatNumber(signedBy.participants)} of ${formatNumber(signedBy.committeeSize)}`;
  return { short: count, long: `${count} of the sync committee` };
}

function Problems({ errors, now, ws }: { errors: ErrorView[]; now: number; ws: WeakSubjectivityView }): ComponentChild {
  const shown = [...errors.filter((e) => e.severity === 'error'), ...errors.filter((e) => e.severity === 'warning')].slice(0, 3);
  if (shown.length === 0) return null;
  return h(
    'section',
    { class: 'problems', 'data-testid': 'problems' },
    shown.map((e) =>
      h(
        'div',
        { class: `problem ${e.severity}`, key: `${e.code}-${e.at}`, 'data-code': e.code },
        h('div', { class: 'problem-text' }, explainError(e, ws)),
        h('div', { class: 'problem-meta' }, h('code', null, e.code), ' · ', formatAge((now - e.at) / 1000)),
      ),
    ),
  );
}

function Details({ status }: { status: Status }): ComponentChild {
  const n = status.network;
  const list = (urls: string[]) => (urls.length === 0 ? 'none set' : urls.map(hostOf).join(', '));
  return h(
    'section',
    { class: 'card details' },
    h(
      'dl',
      null,
      h('dt', null, 'Current slot'),
      h('dd', null, formatNumber(status.currentSlot)),
      h('dt', null, 'Sync committee'),
      h('dd', { 'data-testid': 'period' }, status.period ? periodText(status.period) : '—'),
      status.period && status.period.updatesVerified > 0 ? h('dt', null, 'Committee updates') : null,
      status.period && status.period.updatesVerified > 0
        ? h('dd', { 'data-testid': 'updates-verified' }, `${formatNumber(status.period.updatesVerified)} verified since the last catch-up began`)
        : null,
      h('dt', null, 'Beacon APIs'),
      h('dd', { title: n.beaconApis.join('\n') }, list(n.beaconApis)),
      h('dt', null, 'Execution RPCs'),
      h('dd', { title: n.executionRpcs.join('\n') }, list(n.executionRpcs)),
    ),
  );
}

function Footer({ status }: { status: Status }): ComponentChild {
  const c = status.checkpoint;
  if (!c) return null;
  const source = checkpointSource(c);
  return h(
    'footer',
    { class: 'footer', 'data-testid': 'checkpoint' },
    'Checkpoint ',
    h('span', { class: 'mono', title: c.root }, shortHash(c.root, 4)),
    ' · ',
    h('span', { 'data-testid': 'checkpoint-source', 'data-kind': source.kind, title: source.title }, source.text),
    status.lifecycle.lastInit === 'resume' ? ' · resumed from saved state' : null,
  );
}

/**
 * Where the trusted checkpoint came from, in words, by what the background knows: the user
 * (Settings), the devnet that set the network up, the beacon APIs that named it when the network
 * was added, a checkpoint saved with the network before Vigil kept who gave it, or which beacon
 * APIs agreed on it (trust on first use, src/client/light-client/sync.ts). A status without
 * `origin` (an older background) is read from how the run began.
 * @example checkpointSource({ root, source: 'beacon-apis', at, origin: { kind: 'agreed', by: ['a.example', 'b.example'] } }).text
 * // 'agreed by 2 beacon APIs: a.example, b.example'
 */
export function checkpointSource(c: NonNullable<Status['checkpoint']>): { kind: 'user' | 'devnet' | 'added' | 'settings' | 'agreed' | 'unrecorded'; text: string; title: string } {
  const origin = c.origin !== undefined ? c.origin : c.source === 'user' ? { kind: 'user' as const } : c.source === 'beacon-apis' ? { kind: 'agreed' as const, by: [] } : null;
  const replace = 'Replace it in Settings → Checkpoint with a recent finalized block root from a source you trust.';
  if (origin === null) {
    return { kind: 'unrecorded', text: 'saved before Vigil recorded where it came from', title: `The saved light-client state grew from this checkpoint. ${replace}` };
  }
  if (origin.kind === 'user') {
    return { kind: 'user', text: 'from your checkpoint (Settings)', title: 'You gave this checkpoint: Vigil trusts it and verifies everything after it.' };
  }
  if (origin.kind === 'devnet') {
    return { kind: 'devnet', text: 'given by the devnet when it set up this network', title: `The devnet's start-up object named this block (its genesis or its newest finalized one): Vigil trusts it and verifies everything after it. ${replace}` };
  }
  if (origin.kind === 'settings') {
    return { kind: 'settings', text: 'saved with this network (Settings)', title: `Saved with the network before Vigil kept who gave it: Vigil trusts it and verifies everything after it. ${replace}` };
  }
  if (origin.kind === 'added') {
    const by = origin.by;
    const title = `When you added this network, ${by.length === 1 ? 'its beacon API' : 'its beacon APIs'} named this finalized block (${by.join(', ')}): Vigil trusts it and verifies everything after it. ${replace}`;
    return { kind: 'added', text: by.length === 1 ? `named by its beacon API (${by[0]}) when you added the network` : `agreed by ${by.length} beacon APIs when you added the network: ${by.join(', ')}`, title };
  }
  const hosts = origin.by;
  const title = `Trusted on first use: the beacon APIs on these hosts answered the same finalized block root${hosts.length > 0 ? ` (${hosts.join(', ')})` : ''}. ${replace}`;
  if (hosts.length === 0) return { kind: 'agreed', text: 'agreed by your beacon APIs', title };
  if (hosts.length === 1) return { kind: 'agreed', text: `from one beacon API only (${hosts[0]})`, title };
  return { kind: 'agreed', text: `agreed by ${hosts.length} beacon APIs: ${hosts.join(', ')}`, title };
}

/**
 * The sync-committee periods in words (src/client/light-client/sync.ts catchUp): `current` is the
 * period of the light client's finalized header, `head` the chain's by the clock. One behind and
 * not catching up is the usual state after a period boundary, not lag: the store holds the next
 * committee, so the chain's new blocks verify.
 * @example periodText({ current: 1, head: 2, start: 1, catchingUp: false, updatesVerified: 0 })
 * // 'Following sync committee period 1; the chain is in period 2: the next committee is known, so its blocks verify.'
 */
export function periodText(period: NonNullable<Status['period']>): string {
  const { current, head } = period;
  if (period.catchingUp) return `Catching up: at sync committee period ${current}; the chain is in period ${head}: ${plural(head - current, 'period')} of committees to verify before its blocks do.`;
  if (current >= head) return `Following sync committee period ${current}, the chain's current one.`;
  return `Following sync committee period ${current}; the chain is in period ${head}: the next committee is known, so its blocks verify.`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What the L1 session knows of itself: its sync state and period, the verified heads it holds
 * (the newest, the one signatures rest on, the finalized, the recent ones that explicit block
 * numbers resolve against) and who signed each, the
 * trusted checkpoint of this run, how it started, and what went wrong (the same complaint again is
 * one entry, refreshed). Built from the sync loop's events; plain JSON for the popup's status.
 * @module
 */
import { errorSummary } from '../../core/errors.ts';
import { type BlockEnvJson } from '../../execution/block-env.ts';
import { nextBaseFee } from '../../execution/fees.ts';
import { type ChainConfig, computeEpochAtSlot, forkEpoch, slotAtTime } from '../../l1/config.ts';
import { type HeadJson, headToJson, type VerifiedHead } from '../../l1/heads.ts';
import { LEGACY_PERIOD_SECONDS, weakSubjectivitySeconds } from '../../l1/weak-subjectivity.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { CheckpointOrigin } from '../../storage/db.ts';
import { thinlySigned } from './head-signers.ts';
import type { HeadKind, Signers, SyncEvent } from './sync.ts';

/**
 * A verified head as the provider uses it: its JSON form (src/l1/heads.ts HeadJson), whether it
 * is the finalized one, and what a call at it needs. The provider resolves a dApp's block tags
 * against these.
 */
export interface VerifiedHeadInfo extends HeadJson {
  finalized: boolean;
  /** The block environment of a call at this head (every field from the verified header). */
  env?: BlockEnvJson;
  /** The next block's base fee, 0x-hex, from this header's gas used, gas limit and base fee. */
  nextBaseFee?: string;
}

/**
 * A verified head the session holds, as the popup and the rollup side read it: the provider's
 * view, when Vigil verified it and who signed it.
 */
export interface HeadView extends VerifiedHeadInfo {
  /** When Vigil verified this head, ms since the epoch. */
  verifiedAt: number;
  /**
   * Who signed it: the sync aggregate's participation; `checkpoint`: the trusted checkpoint, which
   * no aggregate signed; null: not known (kept from before Vigil counted).
   */
  signedBy: Signers;
  /**
   * Signed by fewer than two thirds of its sync committee, or by a share not known: shown, never
   * signed against (src/wallet/signing-head.ts). False for the trusted checkpoint.
   */
  thinlySigned: boolean;
}

/** The heads a session holds, by role; `recent`: the ones explicit block numbers resolve against (newest first). */
export interface Heads<H extends VerifiedHeadInfo = HeadView> {
  finalized: H | undefined;
  optimistic: H | undefined;
  /** The newest head signed by at least two thirds of its sync committee: what transactions are signed against (absent: none). */
  signing?: H | undefined;
  recent: readonly H[];
}

/** The heads the provider reads: a view of {@link Heads}. */
export type VerifiedHeads = Partial<Pick<Heads<VerifiedHeadInfo>, 'finalized' | 'optimistic'>> & Pick<Heads<VerifiedHeadInfo>, 'recent'>;

/** Where verified heads are held: the L1 session's status, and the rollup side's snapshot of it (../rollups/session.ts). */
export interface HeldHeads {
  /** The newest verified head (the optimistic one, else the finalized), however many signed it. */
  newest(): HeadView | undefined;
  heads(): Heads;
  /** A verified head still held (newest, signing, finalized or recent), by its block hash. */
  held(blockHash: string): HeadView | undefined;
}

export type ErrorSource = 'sync' | 'read' | 'settings' | 'pool';

export interface ErrorView {
  source: ErrorSource;
  /** VerificationError / TransportError / StorageError code. */
  code: string;
  message: string;
  /** 'error': a server lied or Vigil cannot go on; 'warning': transient (timeouts, not yet available). */
  severity: 'error' | 'warning';
  endpoint?: string;
  origin?: string;
  method?: string;
  at: number;
}

/**
 * How old a checkpoint taken now may be, and so how long Vigil may stay away after syncing:
 * `seconds`; `gloas`: the network is past its Gloas (Glamsterdam) fork, whose faster churn
 * shortens the period (EIP-8061).
 */
export interface WeakSubjectivityView {
  seconds: number;
  gloas: boolean;
}

/** The period for a checkpoint taken at `nowMs` on `config`'s network (none yet: the 14 days). */
export function weakSubjectivityView(config: ChainConfig | undefined, nowMs: number): WeakSubjectivityView {
  if (config === undefined) return { seconds: LEGACY_PERIOD_SECONDS, gloas: false };
  const epoch = computeEpochAtSlot(config, slotAtTime(config, nowMs / 1000));
  return { seconds: weakSubjectivitySeconds(config, epoch), gloas: epoch >= forkEpoch(config, 'gloas') };
}

export type SyncState =
  /** No beacon API configured for this network. */
  | 'unconfigured'
  | 'starting'
  /** Fetching and verifying the bootstrap (first start, or a new checkpoint). */
  | 'bootstrapping'
  /** Following sync-committee periods up to the current one. */
  | 'catching-up'
  | 'synced'
  /** No new verified head for several slots. */
  | 'stale'
  /** Could not start (the next try is scheduled). */
  | 'error';

/** Bootstraps and resumes from the stored state, over all instances (kept across wake-ups). */
export interface Counters {
  bootstraps: number;
  resumes: number;
}

/** The session's status: the popup's (src/extension/messages.ts Status) but for the followed rollups. */
export interface SessionStatusView {
  network: {
    id: string;
    label: string;
    chainId: number;
    preset: string;
    secondsPerSlot: number;
    beaconApis: string[];
    executionRpcs: string[];
    checkpoint: string | null;
    /** The weak-subjectivity period of the fork at the current epoch (src/l1/weak-subjectivity.ts). */
    weakSubjectivity: WeakSubjectivityView;
  };
  state: SyncState;
  period: { current: number; head: number; start: number; catchingUp: boolean; updatesVerified: number } | null;
  finalized: HeadView | null;
  optimistic: HeadView | null;
  /** The newest head signed by at least two thirds of its sync committee: what transactions are signed against. */
  signing: HeadView | null;
  stale: { slotsWithoutNewHead: number; lastHeadSlot: number; since: number } | null;
  errors: ErrorView[];
  checkpoint: { root: string; source: 'user' | 'stored' | 'beacon-apis'; at: number; origin?: CheckpointOrigin | null } | null;
  lifecycle: { instanceStartedAt: number; bootstraps: number; resumes: number; lastInit: 'bootstrap' | 'resume' | null };
  /** The network's current slot by this machine's clock. */
  currentSlot: number;
  overrideWindowEthereum: boolean;
  now: number;
}

const MAX_ERRORS = 12;
const MAX_RECENT_HEADS = 64;
/** Codes that are the normal weather of a live chain, not a server's lie. */
const WARNING_CODES = new Set([
  'LC_SIGNATURE_SLOT_IN_FUTURE',
  'LC_UNVERIFIABLE_PERIOD',
  'NOT_AVAILABLE',
  'TIMEOUT',
  'NETWORK',
  'HTTP_STATUS',
  'ALL_ENDPOINTS_FAILED',
  'STALE_HEAD',
  'NO_VERIFIED_HEAD',
  'BLOCK_NOT_VERIFIED',
]);

export class SessionStatus implements HeldHeads {
  state: SyncState = 'starting';
  counters: Counters = { bootstraps: 0, resumes: 0 };
  private period: SessionStatusView['period'] = null;
  private finalized: HeadView | null = null;
  private optimistic: HeadView | null = null;
  private signing: HeadView | null = null;
  private recent: HeadView[] = [];
  private stale: SessionStatusView['stale'] = null;
  private errors: ErrorView[] = [];
  private checkpoint: SessionStatusView['checkpoint'] = null;
  private lastInit: 'bootstrap' | 'resume' | null = null;
  private readonly instanceStartedAt: number;

  constructor(private readonly now: () => number) {
    this.instanceStartedAt = now();
  }

  /** A new network: nothing of the old one is held or shown. */
  reset(): void {
    this.period = null;
    this.finalized = null;
    this.optimistic = null;
    this.signing = null;
    this.recent = [];
    this.stale = null;
    this.errors = [];
    this.checkpoint = null;
    this.lastInit = null;
    this.state = 'starting';
  }

  /**
   * Takes in one event of the sync loop; a new head comes back with its view and kind (`env`: its
   * block environment for calls, when the session can build one).
   */
  apply(e: SyncEvent, env: (head: VerifiedHead) => BlockEnvJson | undefined): { head?: HeadView; kind?: HeadKind } {
    const now = this.now();
    switch (e.type) {
      case 'checkpoint': {
        this.checkpoint = { root: e.root, source: e.source, at: now, origin: e.origin };
        this.lastInit = e.source === 'stored' ? 'resume' : 'bootstrap';
        if (e.source === 'stored') this.counters.resumes++;
        else this.counters.bootstraps++;
        return {};
      }
      case 'head': {
        const view = headView(e.head, e.kind === 'finalized', now, env(e.head), e.signedBy);
        if (e.kind === 'finalized') this.finalized = view;
        else if (e.kind === 'signing') this.signing = view;
        else this.optimistic = view;
        this.recent = [view, ...this.recent.filter((h) => h.blockHash !== view.blockHash)].slice(0, MAX_RECENT_HEADS);
        if (e.kind === 'signing') return { head: view, kind: e.kind };
        this.stale = null;
        if (this.state !== 'catching-up') this.state = 'synced';
        return { head: view, kind: e.kind };
      }
      case 'forced':
        // Shown through what it moved: the optimistic head, marked by who signed it.
        return {};
      case 'progress': {
        const start = this.period?.catchingUp ? this.period.start : e.period;
        this.period = { current: e.period, head: e.headPeriod, start: Math.min(start, e.period), catchingUp: e.catchingUp, updatesVerified: e.updatesVerified };
        this.state = e.catchingUp ? 'catching-up' : this.stale ? 'stale' : 'synced';
        return {};
      }
      case 'stale':
        this.stale = { slotsWithoutNewHead: e.slotsWithoutNewHead, lastHeadSlot: e.lastHeadSlot, since: now };
        this.state = 'stale';
        this.record({
          source: 'sync',
          code: 'STALE_HEAD',
          message: `${e.slotsWithoutNewHead} slots without a new verified head, the last at slot ${e.lastHeadSlot}`,
        });
        return {};
      case 'rejected':
        this.record({ source: 'sync', ...describeError(e.error), ...(e.endpoint ? { endpoint: e.endpoint } : {}) });
        return {};
      case 'saved':
        return {};
    }
  }

  record(e: Omit<ErrorView, 'at' | 'severity'> & { severity?: ErrorView['severity'] }): void {
    const entry: ErrorView = { ...e, severity: e.severity ?? (WARNING_CODES.has(e.code) ? 'warning' : 'error'), at: this.now() };
    // The same complaint again (every slot, every request) is one entry, refreshed and moved up.
    const same = this.errors.findIndex((e) => e.code === entry.code && e.endpoint === entry.endpoint && e.source === entry.source);
    const previous = same >= 0 ? this.errors[same] : undefined;
    if (previous) {
      entry.origin ??= previous.origin;
      entry.method ??= previous.method;
    }
    this.errors = [entry, ...this.errors.filter((_, i) => i !== same)].slice(0, MAX_ERRORS);
  }

  /** A page's request that did not verify: the reader recorded the endpoint's lie a moment ago, this adds which page asked. */
  recordPageFailure(f: { origin: string; method: string; code: string; message: string }): void {
    const recent = this.errors.find((e) => e.source === 'read' && e.code === f.code && this.now() - e.at < 5000);
    if (recent) {
      recent.origin = f.origin;
      recent.method = f.method;
    } else {
      this.record({ source: 'read', code: f.code, message: f.message, origin: f.origin, method: f.method });
    }
  }

  newest(): HeadView | undefined {
    return this.optimistic ?? this.finalized ?? undefined;
  }

  heads(): Heads {
    return { finalized: this.finalized ?? undefined, optimistic: this.optimistic ?? undefined, signing: this.signing ?? undefined, recent: this.recent };
  }

  held(blockHash: string): HeadView | undefined {
    return [this.optimistic, this.signing, this.finalized, ...this.recent].find((h): h is HeadView => h !== null && h.blockHash === blockHash);
  }

  view(): Omit<SessionStatusView, 'network' | 'currentSlot' | 'overrideWindowEthereum' | 'now'> {
    return {
      state: this.state,
      period: this.period,
      finalized: this.finalized,
      optimistic: this.optimistic,
      signing: this.signing,
      stale: this.stale,
      errors: this.errors.map((e) => ({ ...e })),
      checkpoint: this.checkpoint,
      lifecycle: { instanceStartedAt: this.instanceStartedAt, ...this.counters, lastInit: this.lastInit },
    };
  }
}

export function headView(head: VerifiedHead, finalized: boolean, verifiedAt: number, env: BlockEnvJson | undefined, signedBy: Signers): HeadView {
  const x = head.execution;
  const view: HeadView = {
    ...headToJson(head),
    finalized,
    ...(env !== undefined ? { env } : {}),
    verifiedAt,
    signedBy,
    thinlySigned: thinlySigned(signedBy),
  };
  if (x.baseFeePerGas !== undefined) {
    view.nextBaseFee = '0x' + nextBaseFee({ gasUsed: x.gasUsed, gasLimit: x.gasLimit, baseFeePerGas: x.baseFeePerGas }).toString(16);
  }
  return view;
}

/** An error in the status's words: a transport failure with its first endpoint's complaint. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof TransportError) {
    const first = err.errors[0];
    return { code: err.code, message: first ? `${err.shortMessage} (${first.url ?? ''}: ${first.shortMessage})` : err.shortMessage };
  }
  return errorSummary(err);
}

/**
 * What the background tells the popup: the network, sync progress, the verified heads, and
 * what went wrong. Plain JSON (numbers, strings), sent on `vigil:getStatus`.
 * @module
 */
import type { VerifiedHeadInfo } from '../provider/handler.ts';
import type { CheckpointOrigin } from '../storage/db.ts';
import type { RollupView } from './rollup-views.ts';

export type { CheckpointOrigin };

export interface HeadView extends VerifiedHeadInfo {
  /** When Vigil verified this head, ms since the epoch. */
  verifiedAt: number;
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

export interface NetworkView {
  id: string;
  label: string;
  chainId: number;
  preset: string;
  secondsPerSlot: number;
  beaconApis: string[];
  executionRpcs: string[];
  checkpoint: string | null;
}

export interface Status {
  network: NetworkView;
  state: SyncState;
  /** Sync-committee periods: where the store is, where the chain is, where this catch-up began. */
  period: { current: number; head: number; start: number; catchingUp: boolean; updatesVerified: number } | null;
  finalized: HeadView | null;
  optimistic: HeadView | null;
  /** The network's current slot by this machine's clock. */
  currentSlot: number;
  stale: { slotsWithoutNewHead: number; lastHeadSlot: number; since: number } | null;
  /** Newest first, at most 12. */
  errors: ErrorView[];
  /**
   * The trusted checkpoint of this run. `source`: how this run got it (`stored`: resumed from the
   * saved store). `origin`: where the checkpoint itself came from — the user, or these beacon API
   * hosts agreeing on it — kept with the store across restarts; null when the store was saved
   * before Vigil recorded it (absent from an older background's status).
   */
  checkpoint: { root: string; source: 'user' | 'stored' | 'beacon-apis'; at: number; origin?: CheckpointOrigin | null } | null;
  /** How this background instance started its light client. */
  lifecycle: {
    /** When this background instance started (a service worker restart makes a new one). */
    instanceStartedAt: number;
    /** Bootstraps and resumes from the stored state, over all instances. */
    bootstraps: number;
    resumes: number;
    /** How the current run began. */
    lastInit: 'bootstrap' | 'resume' | null;
  };
  /** The rollups this network's profile follows (none when it has no rollup configs). */
  rollups: RollupView[];
  /** The extension's own settings the popup shows with the status. */
  overrideWindowEthereum: boolean;
  now: number;
}

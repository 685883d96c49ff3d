/**
 * The L1 sync loop: bootstrap from a trusted checkpoint (or resume a stored store), catch up
 * period by period, then follow finality and optimistic updates every slot. It joins the
 * transport (src/rpc), the pure protocol (src/l1) and persistence; only here is there a clock.
 *
 * A response that fails verification never touches the store: the loop keeps its last verified
 * state, tells the transport to prefer another endpoint, and reports the rejection.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { sleep } from '../../core/sleep.ts';
import { type ChainConfig, computeEpochAtSlot, computeSyncCommitteePeriodAtSlot, slotAtTime } from '../../l1/config.ts';
import { type AnyLightClientHeader, BeaconBlockHeader, lightClientTypes } from '../../l1/containers.ts';
import { isBlockHashHead, type SyncParticipation, type VerifiedBlockHashHead, type VerifiedHead, verifiedHeadOf } from '../../l1/heads.ts';
import { committeeKeyId, isNextSyncCommitteeKnown, type LightClientSpecContext } from '../../l1/spec/helpers.ts';
import { processLightClientStoreForceUpdate } from '../../l1/spec/processLightClientStoreForceUpdate.ts';
import type { ProcessedUpdate, UpdateProcessor } from '../../l1/processor.ts';
import { type AnyLightClientStore, deserializeAnyLightClientStore, isGloasStore, serializeLightClientStore } from '../../l1/store.ts';
import { isWithinWeakSubjectivityPeriod, weakSubjectivityPeriod } from '../../l1/weak-subjectivity.ts';
import { type BeaconApi, type LightClientResponse, RestBeaconApi } from '../../rpc/beacon.ts';
import type { CheckpointOrigin } from '../../storage/db.ts';
import { StorageError } from '../../storage/errors.ts';
import type { CommitteeKeysPersistence } from './committee-keys.ts';
import { afterForceUpdate, afterUpdate, bootstrapSigners, type HeadSigners, type Signers, signersFromRecord, signersToRecord, UNKNOWN_SIGNERS } from './head-signers.ts';
import type { StorePersistence } from './store-persistence.ts';

export type { CheckpointOrigin };

/**
 * `optimistic`: the newest head the light client follows, however many signed it; `signing`: the
 * newest signed by at least two thirds of its sync committee, what transactions are signed
 * against; `finalized`: the newest finalized by such an update (or the trusted checkpoint).
 */
export type HeadKind = 'finalized' | 'optimistic' | 'signing';

export type { Signers };

export type SyncEvent =
  /** A new head of that kind, and who signed it (./head-signers.ts). */
  | { type: 'head'; kind: HeadKind; head: VerifiedHead; signedBy: Signers }
  /**
   * process_light_client_store_force_update applied the best update it had after UPDATE_TIMEOUT
   * without finality: the store's finalized header is now `head`, signed by `signedBy` (not
   * "finalized" for anything a signature relies on).
   */
  | { type: 'forced'; head: VerifiedHead; signedBy: SyncParticipation | null }
  /**
   * Where the store's finalized period is against the chain's. `catchingUp`: the client cannot yet
   * verify the current period's signatures (it lacks a committee); `updatesVerified`: updates
   * verified since this catch-up began.
   */
  | { type: 'progress'; period: number; headPeriod: number; catchingUp: boolean; updatesVerified: number }
  /**
   * The trusted checkpoint this run started from. `source`: how this run got it (`stored`: resumed
   * from the saved store); `origin`: where the checkpoint itself came from, kept with the store
   * (null for a store saved before origins were recorded); `agreedBy`: the agreeing hosts.
   */
  | { type: 'checkpoint'; root: string; source: 'user' | 'stored' | 'beacon-apis'; agreedBy: string[]; origin: CheckpointOrigin | null }
  | { type: 'rejected'; error: VigilError; endpoint: string | undefined }
  | { type: 'stale'; slotsWithoutNewHead: number; lastHeadSlot: number }
  | { type: 'saved'; finalizedSlot: number };

export interface L1SyncOptions {
  /** Id under which the store is persisted (`mainnet`, `devnet`, …). */
  network: string;
  config: ChainConfig;
  api: BeaconApi;
  persistence: StorePersistence;
  /** Trusted checkpoint (finalized beacon block root). Without one and without a stored store,
   * the configured beacon APIs must agree on their finalized root (trust on first use). */
  checkpoint?: string;
  /** Where `checkpoint` came from (src/client/network/settings.ts checkpointFrom). Default: the user's (the CLI's --checkpoint). */
  checkpointOrigin?: CheckpointOrigin;
  /**
   * One API per configured endpoint, each asked separately for the finalized root. Default [api].
   * Each is counted by the host it asks ({@link checkpointSourceHost}): a RestBeaconApi by its
   * endpoint, another transport by the `url` given with it; sources that name none count as one.
   */
  checkpointSources?: readonly CheckpointSource[];
  /**
   * How many different hosts must answer the same finalized root for it to be trusted without a
   * user checkpoint; never more than the number of hosts configured. Default 2.
   */
  checkpointQuorum?: number;
  /**
   * Accept a checkpoint (or a stored store) older than the weak-subjectivity period, which
   * follows the fork of its epoch (src/l1/weak-subjectivity.ts: 14 days before Gloas, 6.6 after).
   */
  allowOldCheckpoint?: boolean;
  /** No new verified head for this many slots is reported as stale. Default 4. */
  staleAfterSlots?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
  /**
   * Where the verifying functions run: this thread (l1/processor.ts localProcessor, the CLI and
   * tests) or a worker pool (workers/lc-processor.ts, the extension, whose bundle then carries no
   * BLS code).
   */
  processor: UpdateProcessor<AnyLightClientStore>;
  /**
   * From Gloas on a light-client head proves only its execution block's hash: this brings the
   * block under it, checked against that hash (../verified/headers.ts VerifiedHeaders.headAt, which caches it). Without
   * it such heads are verified and kept, but none is announced (BLOCK_NOT_VERIFIED).
   */
  executionHeads?: (head: VerifiedBlockHashHead) => Promise<VerifiedHead>;
  /**
   * Where decoded committee keys are kept between runs (a cache: its failures are reported as
   * `rejected` events and cost decompressions, never verified state). Default: not kept.
   */
  committeeKeys?: CommitteeKeysPersistence;
  onEvent?: (event: SyncEvent) => void;
}

/** Codes that say nothing against the endpoint: old or not-yet-verifiable data, our clock. */
const BENIGN = new Set(['LC_IRRELEVANT_UPDATE', 'LC_UNVERIFIABLE_PERIOD', 'LC_SIGNATURE_SLOT_IN_FUTURE']);

/** A beacon API asked for its finalized root, optionally with the URL it asks (for another transport than REST). */
export type CheckpointSource = BeaconApi | { api: BeaconApi; url: string };

/** The operator a checkpoint source counts as: the host name of its URL, lower case, without the port. */
export function checkpointSourceHost(source: CheckpointSource): string | undefined {
  const url = 'api' in source ? source.url : source instanceof RestBeaconApi ? source.endpoints[0] : undefined;
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
const STORE_SCHEMA = 1;
const MAX_UPDATES_PER_REQUEST = 128;

export class L1Sync {
  readonly ctx: LightClientSpecContext;
  private store: AnyLightClientStore | undefined;
  /** The head of each kind as last made (from Gloas on, once its execution block was brought). */
  private heads: Record<HeadKind, { head: VerifiedHead; signedBy: Signers } | undefined> = { finalized: undefined, optimistic: undefined, signing: undefined };
  private signers: HeadSigners = UNKNOWN_SIGNERS;
  private checkpointRoot = '';
  private checkpointOrigin: CheckpointOrigin | undefined;
  private lastNewHeadSlot = 0n;
  private staleReported = false;
  /** The heads last announced (block roots), so each new one is announced once. */
  private announced: Record<HeadKind, { root: string; block: string; signedBy: string } | undefined> = { finalized: undefined, optimistic: undefined, signing: undefined };
  private catchingUp = false;
  private updatesVerified = 0;
  private readonly now: () => number;
  private readonly processor: UpdateProcessor<AnyLightClientStore>;

  constructor(private readonly options: L1SyncOptions) {
    this.ctx = { config: options.config, types: lightClientTypes(options.config.preset) };
    this.now = options.now ?? Date.now;
    this.processor = options.processor;
  }

  /** The slot the network is at now, by our clock. */
  currentSlot(): bigint {
    return slotAtTime(this.options.config, this.now() / 1000);
  }

  /**
   * The newest finalized head a signature may rely on: finalized by an update signed by at least
   * two thirds of its sync committee, or the trusted checkpoint. The store's own finalized header
   * (`lightClientStore`) may be newer after a forced update; it is not this.
   */
  get finalized(): VerifiedHead | undefined {
    return this.heads.finalized?.head;
  }

  /**
   * The newest verified head (the store's optimistic header), however many signed it. From Gloas
   * on, the newest whose execution block was brought: the store's may be newer for a moment.
   */
  get optimistic(): VerifiedHead | undefined {
    return this.heads.optimistic?.head;
  }

  /** The newest head signed by at least two thirds of its sync committee: what transactions are signed against. */
  get signing(): VerifiedHead | undefined {
    return this.heads.signing?.head;
  }

  /** Who signed the head of that kind (null: not known). */
  signedBy(kind: HeadKind): Signers {
    return this.heads[kind]?.signedBy ?? null;
  }

  /** Who signed the store's header of that kind (the head made from it may lag: {@link emitHeads}). */
  private storeSignedBy(kind: HeadKind): Signers {
    if (kind === 'optimistic') return this.signers.optimistic;
    return (kind === 'signing' ? this.signers.signing : this.signers.final)?.signedBy ?? null;
  }

  /** The verified store (read-only use). */
  get lightClientStore(): AnyLightClientStore | undefined {
    return this.store;
  }

  /** Resumes the stored store, or bootstraps from the checkpoint. */
  async init(): Promise<void> {
    const { options } = this;
    const stored = await options.persistence.load(options.network);
    const wanted = options.checkpoint?.toLowerCase();
    if (stored && (wanted === undefined || wanted === stored.checkpoint)) {
      const store = deserializeAnyLightClientStore(this.ctx.types, options.config.preset.name, stored.data);
      this.checkAge(store.finalizedHeader.beacon.slot, 'LC_STORE_AGED_OUT');
      this.store = store;
      // A record of older code did not count signers: its heads count as thinly signed until new ones come.
      this.signers = signersFromRecord(stored.signers);
      this.checkpointRoot = stored.checkpoint;
      // A given checkpoint is said as given even when the store first grew from an agreed one.
      this.checkpointOrigin = wanted !== undefined ? (options.checkpointOrigin ?? { kind: 'user' }) : stored.origin;
      const agreedBy = this.checkpointOrigin?.kind === 'agreed' ? this.checkpointOrigin.by : [];
      this.emit({ type: 'checkpoint', root: stored.checkpoint, source: 'stored', agreedBy, origin: this.checkpointOrigin ?? null });
    } else {
      const { root, source, agreedBy } = wanted
        ? { root: wanted, source: 'user' as const, agreedBy: [] }
        : await this.checkpointFromApis();
      const origin: CheckpointOrigin = source === 'user' ? (options.checkpointOrigin ?? { kind: 'user' }) : { kind: 'agreed', by: agreedBy };
      hexToBytes(root, 32, 'checkpoint');
      const response = await options.api.getBootstrap(root);
      const store = await this.verify(response, () => this.processor.bootstrap(hexToBytes(root), response));
      if (!store) throw new VerificationError('LC_BOOTSTRAP_ROOT_MISMATCH', `bootstrap from ${response.endpoint} does not verify`);
      this.checkAge(store.finalizedHeader.beacon.slot, 'LC_CHECKPOINT_TOO_OLD');
      this.store = store;
      this.signers = bootstrapSigners(store);
      this.checkpointRoot = root;
      this.checkpointOrigin = origin;
      this.emit({ type: 'checkpoint', root, source, agreedBy, origin });
      // A new checkpoint chosen by the user replaces whatever store was kept before.
      await this.persist(stored !== undefined);
    }
    await this.restoreCommitteeKeys();
    this.lastNewHeadSlot = this.currentSlot();
    await this.emitHeads();
  }

  /** One round: catch up on committee periods, then finality, optimistic and forced updates. */
  async step(): Promise<void> {
    if (!this.store) throw new InputError('L1Sync.step() before init()');
    const serializedBefore = this.snapshot();
    await this.catchUp();
    // The clock is read once the answer is here: an update signed in the slot that began while it
    // was on its way is not from the future.
    await this.fetchAndProcess(
      () => this.options.api.getFinalityUpdate(),
      (r) => this.processor.process('finality', this.store!, r, this.currentSlot()),
    );
    await this.fetchAndProcess(
      () => this.options.api.getOptimisticUpdate(),
      (r) => this.processor.process('optimistic', this.store!, r, this.currentSlot()),
    );
    const currentSlot = this.currentSlot();
    await this.forceUpdate(currentSlot);
    if (this.snapshot() !== serializedBefore) await this.persist(false);
    await this.saveCommitteeKeys();
    await this.emitHeads();
    this.reportStaleness(currentSlot);
  }

  /** Runs until `signal` aborts: init, then a step every slot. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      await this.init();
    } catch (err) {
      if (signal.aborted) return; // stopped while bootstrapping: not an error
      throw err;
    }
    while (!signal.aborted) {
      try {
        await this.step();
      } catch (err) {
        if (signal.aborted) return; // a request cut short by the stop
        if (!(err instanceof VigilError)) throw err;
        this.emit({ type: 'rejected', error: err, endpoint: undefined });
      }
      try {
        await sleepUntilNextSlot(this.options.config, this.now(), signal);
      } catch (err) {
        if (signal.aborted) return; // stopped between slots
        throw err;
      }
    }
  }

  private async catchUp(): Promise<void> {
    for (let round = 0; round < 64; round++) {
      const store = this.store!;
      const currentSlot = this.currentSlot();
      const storePeriod = computeSyncCommitteePeriodAtSlot(this.options.config, store.finalizedHeader.beacon.slot);
      const currentPeriod = computeSyncCommitteePeriodAtSlot(this.options.config, currentSlot);
      const nextKnown = isNextSyncCommitteeKnown(this.ctx, store);
      const start = nextKnown ? storePeriod + 1n : storePeriod;
      // Fetch while a period's update is missing (also the next committee of the current period) ...
      const behind = start <= currentPeriod && (storePeriod < currentPeriod || !nextKnown);
      // ... but say "catching up" only while the current period's signatures cannot be checked yet:
      // right after a period boundary a synced client still verifies every head.
      this.setCatchingUp(storePeriod + (nextKnown ? 1n : 0n) < currentPeriod);
      this.emitProgress(storePeriod, currentPeriod);
      if (!behind) return;
      const count = Number(currentPeriod - start + 1n);
      let responses: LightClientResponse[];
      try {
        responses = await this.options.api.getUpdates(Number(start), Math.min(count, MAX_UPDATES_PER_REQUEST));
      } catch (err) {
        if (!(err instanceof VigilError)) throw err;
        this.emit({ type: 'rejected', error: err, endpoint: undefined });
        return;
      }
      const progressBefore = this.snapshot();
      for (const r of responses) {
        const next = await this.verify(r, () => this.processor.process('update', this.store!, r, this.currentSlot()));
        if (!next) continue;
        this.take(next);
        // Each verified period shows at once in the progress. Heads are announced after the whole
        // catch-up: a head weeks old is of no use to anyone reading state.
        this.updatesVerified++;
        this.emitProgress(computeSyncCommitteePeriodAtSlot(this.options.config, next.store.finalizedHeader.beacon.slot), currentPeriod);
      }
      if (this.snapshot() === progressBefore) return; // nothing verified: follow finality instead
      await this.persist(false);
      await this.saveCommitteeKeys();
    }
  }

  private async fetchAndProcess(
    fetch: () => Promise<LightClientResponse>,
    process: (r: LightClientResponse) => Promise<ProcessedUpdate<AnyLightClientStore>>,
  ): Promise<void> {
    let response: LightClientResponse;
    try {
      response = await fetch();
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      this.emit({ type: 'rejected', error: err, endpoint: undefined });
      return;
    }
    const next = await this.verify(response, () => process(response));
    if (next) this.take(next);
  }

  /** Swaps in a verified update's store, and records who signed what it moved. */
  private take(processed: ProcessedUpdate<AnyLightClientStore>): void {
    this.signers = afterUpdate(this.signers, this.store!, processed);
    this.store = processed.store;
  }

  /**
   * process_light_client_store_force_update: after UPDATE_TIMEOUT without finality, the store
   * takes its best update whatever signed it. The heads it moves are recorded with that update's
   * signers (a minority's are thinly signed: never signed against), and announced.
   */
  private async forceUpdate(currentSlot: bigint): Promise<void> {
    const before = this.store!;
    // Each shape through the generic spec function keeps its shape.
    const after = (isGloasStore(before) ? processLightClientStoreForceUpdate(this.ctx, before, currentSlot) : processLightClientStoreForceUpdate(this.ctx, before, currentSlot)) as AnyLightClientStore;
    if (after === before) return;
    this.signers = afterForceUpdate(this.signers, before, after);
    this.store = after;
    if (this.signers.finalized === 'checkpoint') return;
    const head = await this.headOf(after.finalizedHeader);
    if (head !== undefined) this.emit({ type: 'forced', head, signedBy: this.signers.finalized });
  }

  /** Runs a verification; a failure is reported (and the endpoint demoted if it lied), never thrown. */
  private async verify<T>(response: LightClientResponse, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      const code = (err as { code?: string }).code ?? '';
      if (!BENIGN.has(code)) this.options.api.demote(response.endpoint);
      if (code !== 'LC_IRRELEVANT_UPDATE') this.emit({ type: 'rejected', error: err, endpoint: response.endpoint });
      return undefined;
    }
  }

  /**
   * Trust on first use: the finalized root that the configured beacon APIs agree on, asked of
   * each separately. Sources are counted by host ({@link checkpointSourceHost}): two URLs on one
   * host are one operator, and sources that name no host count as one together. The root is taken
   * only when at least `checkpointQuorum` (default 2, at most the number of configured hosts)
   * different hosts answered it and no source answered another; a source that does not answer
   * has no say, a source that answers otherwise stops it (LC_CHECKPOINT_DISAGREEMENT).
   */
  private async checkpointFromApis(): Promise<{ root: string; source: 'beacon-apis'; agreedBy: string[] }> {
    const sources = this.options.checkpointSources ?? [this.options.api];
    const hostOf = (s: CheckpointSource) => checkpointSourceHost(s) ?? 'unnamed source';
    const configured = new Set(sources.map(hostOf));
    const quorum = Math.max(1, Math.min(this.options.checkpointQuorum ?? 2, configured.size));
    const settled = await Promise.allSettled(sources.map((s) => ('api' in s ? s.api : s).getFinalizedRoot()));
    const hostsByRoot = new Map<string, string[]>();
    const failures: unknown[] = [];
    settled.forEach((r, i) => {
      if (r.status === 'rejected') return void failures.push(r.reason);
      const root = r.value.root.toLowerCase();
      const hosts = hostsByRoot.get(root) ?? [];
      const host = hostOf(sources[i]!);
      if (!hosts.includes(host)) hosts.push(host);
      hostsByRoot.set(root, hosts);
    });
    // A bug is not an unreachable server: it is thrown as it is.
    const bug = failures.find((f) => !(f instanceof VigilError));
    if (bug !== undefined) throw bug;
    if (hostsByRoot.size > 1) {
      throw new VerificationError('LC_CHECKPOINT_DISAGREEMENT', 'the configured beacon APIs disagree on the finalized root', {
        expected: 'one root',
        got: [...hostsByRoot].map(([root, hosts]) => `${root} (${hosts.join(', ')})`).join('; '),
      });
    }
    const [agreed] = [...hostsByRoot];
    if (agreed === undefined || agreed[1].length < quorum) {
      // Too few answered: the first reason one did not (the loop tries again later).
      if (failures.length > 0) throw failures[0];
      throw new VerificationError('LC_CHECKPOINT_DISAGREEMENT', `fewer than ${quorum} beacon API hosts agree on the finalized root`, {
        expected: `${quorum} hosts`,
        got: agreed === undefined ? 'none' : agreed[1].join(', '),
      });
    }
    return { root: agreed[0], source: 'beacon-apis', agreedBy: agreed[1] };
  }

  private checkAge(slot: bigint, code: 'LC_CHECKPOINT_TOO_OLD' | 'LC_STORE_AGED_OUT'): void {
    if (this.options.allowOldCheckpoint) return;
    const { config } = this.options;
    const epoch = computeEpochAtSlot(config, slot);
    const currentEpoch = computeEpochAtSlot(config, this.currentSlot());
    if (!isWithinWeakSubjectivityPeriod(config, epoch, currentEpoch)) {
      throw new VerificationError(
        code,
        code === 'LC_CHECKPOINT_TOO_OLD'
          ? 'checkpoint is older than the weak-subjectivity period; choose a recent one or allow it explicitly'
          : 'stored light-client state is older than the weak-subjectivity period; a new checkpoint is needed',
        { expected: `at most ${weakSubjectivityPeriod(config, epoch)} epochs old`, got: `${currentEpoch - epoch}` },
      );
    }
  }

  private async persist(replace: boolean): Promise<void> {
    const store = this.store!;
    const record = {
      network: this.options.network,
      schema: STORE_SCHEMA,
      finalizedSlot: Number(store.finalizedHeader.beacon.slot),
      optimisticSlot: Number(store.optimisticHeader.beacon.slot),
      data: serializeLightClientStore(this.ctx.types, this.options.config.preset.name, store),
      checkpoint: this.checkpointRoot,
      savedAt: this.now(),
      signers: signersToRecord(this.signers),
      ...(this.checkpointOrigin ? { origin: this.checkpointOrigin } : {}),
    };
    if (replace) await this.options.persistence.replace(record);
    else await this.options.persistence.save(record);
    this.emit({ type: 'saved', finalizedSlot: record.finalizedSlot });
  }

  /** Hands the processor the stored keys of the store's current and next committees. */
  private async restoreCommitteeKeys(): Promise<void> {
    const { committeeKeys, network } = this.options;
    if (committeeKeys === undefined || this.processor.restoreCommitteeKeys === undefined) return;
    const store = this.store!;
    const ids = [committeeKeyId(store.currentSyncCommittee)];
    if (isNextSyncCommitteeKnown(this.ctx, store)) ids.push(committeeKeyId(store.nextSyncCommittee));
    try {
      const records = await committeeKeys.load(network, ids);
      if (records.length > 0) this.processor.restoreCommitteeKeys(records);
    } catch (err) {
      this.reportCacheFailure(err, 'load');
    }
  }

  /** Stores the committee keys the processor decoded since the last save. */
  private async saveCommitteeKeys(): Promise<void> {
    const { committeeKeys, network } = this.options;
    if (committeeKeys === undefined || this.processor.takeCommitteeKeys === undefined) return;
    const records = this.processor.takeCommitteeKeys();
    if (records.length === 0) return;
    try {
      await committeeKeys.save(network, records);
    } catch (err) {
      this.reportCacheFailure(err, 'save');
    }
  }

  private reportCacheFailure(err: unknown, what: 'load' | 'save'): void {
    const error =
      err instanceof VigilError ? err : new StorageError('DB_ERROR', `committee keys ${what} failed (${err instanceof Error ? err.name : typeof err})`, { cause: err });
    this.emit({ type: 'rejected', error, endpoint: undefined });
  }

  private snapshot(): string {
    const s = this.store!;
    return [
      bytesToHex(BeaconBlockHeader.hashTreeRoot(s.finalizedHeader.beacon)),
      bytesToHex(BeaconBlockHeader.hashTreeRoot(s.optimisticHeader.beacon)),
      isNextSyncCommitteeKnown(this.ctx, s),
      s.bestValidUpdate?.signatureSlot ?? '',
      s.currentMaxActiveParticipants,
      JSON.stringify(signersToRecord(this.signers)),
    ].join('|');
  }

  /**
   * Makes each kind's head from the store (bringing a Gloas head's execution block first), then
   * announces each that changed since the last announcement (a head signed again by more is
   * announced again: its signers changed). A head whose block cannot be brought yet is reported
   * and the last one of its kind kept.
   */
  private async emitHeads(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    const headers: Record<HeadKind, AnyLightClientHeader | undefined> = {
      finalized: this.signers.final?.header,
      optimistic: store.optimisticHeader,
      signing: this.signers.signing?.header,
    };
    for (const kind of ['finalized', 'optimistic', 'signing'] as const) {
      const header = headers[kind];
      const made = header === undefined ? undefined : await this.headOf(header);
      if (header === undefined) this.heads[kind] = undefined;
      else if (made !== undefined) this.heads[kind] = { head: made, signedBy: this.storeSignedBy(kind) };
      const held = this.heads[kind];
      if (!held) continue;
      const { head: now, signedBy } = held;
      const seen = { root: bytesToHex(now.root), block: bytesToHex(now.execution.blockHash), signedBy: JSON.stringify(signedBy) };
      const last = this.announced[kind];
      if (last?.root === seen.root && last.signedBy === seen.signedBy) continue;
      this.announced[kind] = seen;
      // Staleness is about new blocks (from Gloas on a new beacon block may prove the same one):
      // the signing head follows the optimistic one.
      if (kind !== 'signing' && last?.block !== seen.block) {
        this.lastNewHeadSlot = this.currentSlot();
        this.staleReported = false;
      }
      this.emit({ type: 'head', kind, head: now, signedBy });
    }
  }

  /**
   * The head a header proves: at once through Fulu; from Gloas on once its execution block is
   * brought. Undefined, with the reason reported, while it cannot be.
   */
  private async headOf(header: AnyLightClientHeader): Promise<VerifiedHead | undefined> {
    const head = verifiedHeadOf(header);
    if (!isBlockHashHead(head)) return head;
    try {
      if (this.options.executionHeads === undefined) {
        throw new VerificationError('BLOCK_NOT_VERIFIED', `the head at slot ${head.slot} proves only its execution block's hash, and no execution RPC is configured to bring that block`);
      }
      return await this.options.executionHeads(head);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      this.emit({ type: 'rejected', error: err, endpoint: undefined });
      return undefined;
    }
  }

  private setCatchingUp(value: boolean): void {
    if (value && !this.catchingUp) this.updatesVerified = 0;
    this.catchingUp = value;
  }

  private emitProgress(period: bigint, headPeriod: bigint): void {
    this.emit({ type: 'progress', period: Number(period), headPeriod: Number(headPeriod), catchingUp: this.catchingUp, updatesVerified: this.updatesVerified });
  }

  private reportStaleness(currentSlot: bigint): void {
    const limit = BigInt(this.options.staleAfterSlots ?? 4);
    const without = currentSlot - this.lastNewHeadSlot;
    if (without > limit && !this.staleReported) {
      this.staleReported = true;
      this.emit({ type: 'stale', slotsWithoutNewHead: Number(without), lastHeadSlot: Number(this.optimistic?.slot ?? 0n) });
    }
  }

  private emit(event: SyncEvent): void {
    this.options.onEvent?.(event);
  }
}

function sleepUntilNextSlot(config: ChainConfig, nowMs: number, signal: AbortSignal): Promise<void> {
  const slotMs = config.secondsPerSlot * 1000;
  const sinceGenesis = nowMs - config.genesisTime * 1000;
  // Wake a little into the next slot, when its updates exist.
  const wait = Math.max(100, slotMs - (sinceGenesis % slotMs) + Math.min(500, slotMs / 4));
  return sleep(wait, signal);
}

/**
 * The devnet's simulated beacon chain and its light-client server.
 *
 * Each slot it mines one block on the execution node (hardhat with automine off: pending
 * transactions land in the next slot), wraps it in a beacon block whose post-state has the
 * fork's real layout, signs it at the next slot with a sync committee of real BLS keys, and
 * serves the standard Beacon API light-client endpoints. Vigil's own light client (src/l1 via
 * src/client/light-client/sync.ts) verifies it unchanged, as it would mainnet.
 *
 * @example
 * const beacon = await startBeaconDevnet({ executionRpc: 'http://127.0.0.1:8545', log: console.error });
 * console.log(beacon.url, beacon.checkpoint());
 * beacon.faults.invalidSignature = true; // the switchboard: light clients must now reject
 * await beacon.stop();
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { computeSyncCommitteePeriodAtSlot } from '../../l1/config.ts';
import { BeaconChain } from './chain.ts';
import { DEVNET_FORKS, type DevnetFork, executionPayloadType } from './containers.ts';
import { ExecutionClient } from './execution.ts';
import type { BlockRecord } from './full-node.ts';
import { DEVNET_PRESETS } from './presets.ts';
import { type BeaconFaults, ENDPOINT_SCOPES, type EndpointScope, startBeaconServer } from './server.ts';

export type { BeaconFaults } from './server.ts';
export type { DevnetFork } from './containers.ts';

export interface BeaconDevnetOptions {
  /** JSON-RPC of the execution node; the devnet drives its block production. */
  executionRpc: string;
  /** Default 'fulu'. Every fork up to it is active from genesis. */
  fork?: DevnetFork;
  /**
   * Gloas from this epoch on (a whole number ≥ 1; the genesis fork must be Fulu): blocks carry
   * payload bids, states are progressive, light-client data is served in the Gloas format for
   * attested headers from then on. Unset: no Gloas (GLOAS_FORK_EPOCH is far in the future).
   */
  gloasEpoch?: number;
  /** Default 'minimal' (32-member committee, 8-slot epochs); 'mainnet' has 512 and 32. */
  preset?: 'minimal' | 'mainnet';
  /** Whole seconds, default 2. */
  secondsPerSlot?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Validator keys are derived from it. Default 'vigil'. */
  seed?: string;
  /** Human-readable status lines (the CLI prints them on stderr). */
  log?: (line: string) => void;
  /** Sync-committee periods of history kept (updates, epoch-boundary blocks). Default 8. */
  historyPeriods?: number;
  /** Milliseconds since the epoch. Default Date.now. Tests pass a clock they move. */
  now?: () => number;
  /**
   * Genesis, whole seconds since the epoch, at or after the EL head's timestamp. Default: now.
   * In the past, the chain starts with history: every slot since genesis is produced (its EL
   * block mined at the slot's past time) before startBeaconDevnet returns.
   */
  genesisTime?: number;
  /**
   * No timers: slots are produced only when `tick()` is called (up to the slot of `now()`).
   * For tests with an injected clock.
   */
  manual?: boolean;
  /** The deepest reorganisation {@link BeaconDevnet.reorg} can make (states kept per block). Default 0: reorg refused. */
  reorgDepth?: number;
  /** The mirror Beacon API's port. Default: a free one. */
  mirrorPort?: number;
}

/** What the reorg fault did, as the admin API answers it. */
export interface ReorgReport {
  dropped: { slot: number; blockNumber: number; blockHash: string }[];
  head: { slot: number; blockNumber: number; blockHash: string };
  /** The dropped blocks' transactions (and those pending then), and whether each is in the pool again (the pending ones stay there). */
  transactions: { hash: string; resent: boolean }[];
}

export interface BeaconDevnet {
  /** Beacon API base URL. */
  url: string;
  /** A second Beacon API of the same chain (another port): what a client adds as a second endpoint; the blob faults may act on one of the two. */
  mirrorUrl: string;
  /** Spec-named network config (parseNetworkConfig reads it). */
  networkConfig: Record<string, unknown>;
  /** A block root to bootstrap from: the latest finalized block, or genesis before finality. */
  checkpoint(): string;
  /** Serves the devnet's description on both beacon APIs (./server.ts BeaconServer.describe). */
  describe(object: unknown): void;
  /** Mutable: the switchboard flips these at runtime. */
  faults: BeaconFaults;
  head(): { slot: number; root: string; executionBlockNumber: number };
  /** Resolves once the block of `slot` exists. */
  waitForSlot(slot: number): Promise<void>;
  /**
   * Produces the blocks up to the slot of `now()`, each slot in order; with `missLate`, a producer
   * more than {@link LATE_SLOTS} slots behind the clock misses the slots in between and builds the
   * current one, as a chain whose proposers were late has empty slots (the timers do this).
   */
  tick(options?: { missLate?: boolean }): Promise<void>;
  /**
   * Runs `fn` with no slot produced meanwhile (a slot that comes waits, then is produced with its
   * own timestamp): transactions sent inside land in one block.
   */
  holdSlots<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The reorg fault: drops the last `depth` blocks (fewer than since the finalized one) and builds
   * a longer branch up to a slot after the old head's: its first block empty, then the dropped
   * transactions mined again (`drop` false) or left out (`drop` true; those pending then stay in
   * the pool either way). Resolves once the new branch is past the old head.
   */
  reorg(depth: number, drop: boolean): Promise<ReorgReport>;
  /** Stops the slot timer and the HTTP server; the execution node keeps running. */
  stop(): Promise<void>;
}

/**
 * How far behind the clock the slot timers' producer may fall before it misses slots: a few slots
 * of a slow block are built in order, as on a chain whose blocks come a little late; past them the
 * head jumps to the clock's slot, so its age stays under what the wallet signs against.
 */
export const LATE_SLOTS = 4n;

export async function startBeaconDevnet(options: BeaconDevnetOptions): Promise<BeaconDevnet> {
  const fork = options.fork ?? 'fulu';
  if (!DEVNET_FORKS.includes(fork)) throw new InputError(`"fork" expected one of ${DEVNET_FORKS.join(', ')}, got ${String(fork)}`);
  const { gloasEpoch } = options;
  if (gloasEpoch !== undefined) {
    if (!Number.isSafeInteger(gloasEpoch) || gloasEpoch < 1) throw new InputError(`"gloasEpoch" expected a whole number of epochs ≥ 1, got ${String(gloasEpoch)}`);
    if (fork !== 'fulu') throw new InputError(`"gloasEpoch" needs the fulu fork at genesis, got ${fork}`);
  }
  const presetName = options.preset ?? 'minimal';
  const preset = Object.hasOwn(DEVNET_PRESETS, presetName) ? DEVNET_PRESETS[presetName] : undefined;
  if (!preset) throw new InputError(`"preset" expected minimal or mainnet, got ${String(presetName)}`);
  const secondsPerSlot = options.secondsPerSlot ?? 2;
  if (!Number.isSafeInteger(secondsPerSlot) || secondsPerSlot < 1) {
    throw new InputError(`"secondsPerSlot" expected a whole number of seconds ≥ 1, got ${secondsPerSlot}`);
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const spe = preset.SLOTS_PER_EPOCH;

  const el = new ExecutionClient(options.executionRpc, executionPayloadType(preset));
  const started = performance.now();
  const chain = await BeaconChain.create({
    fork,
    preset,
    secondsPerSlot,
    now,
    ...(options.genesisTime !== undefined ? { genesisTime: options.genesisTime } : {}),
    seed: options.seed ?? 'vigil',
    el,
    historyPeriods: options.historyPeriods ?? 8,
    log,
    ...(options.reorgDepth ? { reorgDepth: options.reorgDepth } : {}),
    ...(gloasEpoch !== undefined ? { gloasEpoch: BigInt(gloasEpoch) } : {}),
  });
  const faults = switchboard(chain, log);
  const server = await startBeaconServer(chain, faults, options.host ?? '127.0.0.1', options.port ?? 0);
  // The mirror: the same chain on another port, a second beacon API for clients that sample from more than one.
  const mirror = await startBeaconServer(chain, faults, options.host ?? '127.0.0.1', options.mirrorPort ?? 0, 'mirror').catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  log(
    `beacon devnet: ${fork}${gloasEpoch !== undefined ? ` then gloas from epoch ${gloasEpoch}` : ''}/${presetName}, ${preset.SYNC_COMMITTEE_SIZE}-member sync committee of ${chain.registry.size} validators, ` +
      `${secondsPerSlot} s slots, genesis ${new Date(chain.genesisTime * 1000).toISOString()} ` +
      `(EL block ${chain.genesis.elHead.blockNumber}), ready in ${Math.round(performance.now() - started)} ms`,
  );
  log(`beacon API ${server.url}, checkpoint ${chain.genesis.rootHex}; its mirror ${mirror.url}`);

  const currentSlot = (): bigint => {
    const seconds = now() / 1000 - chain.genesisTime;
    return seconds <= 0 ? 0n : BigInt(Math.floor(seconds / secondsPerSlot));
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let producing: Promise<void> = Promise.resolve();
  const waiters: { slot: bigint; resolve: () => void; reject: (err: Error) => void }[] = [];

  const produceUpTo = async (target: bigint, missLate = false): Promise<void> => {
    while (!stopped && chain.head.slot < target) {
      // On a loaded machine a block can take longer than its slot: building every slot in order
      // would leave the head ever further behind the clock (a minute at 1 s slots), where no wallet
      // may sign. A late chain misses slots instead.
      const now = currentSlot();
      const slot = missLate && now - chain.head.slot > LATE_SLOTS ? now : chain.head.slot + 1n;
      if (slot > chain.head.slot + 1n) log(`slots ${chain.head.slot + 1n}..${slot - 1n} missed: the devnet was ${now - chain.head.slot} slots behind the clock`);
      const t0 = performance.now();
      const block = await chain.produce(slot);
      const ms = performance.now() - t0;
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.slot <= block.slot) waiters.splice(i, 1)[0]!.resolve();
      }
      if (slot % spe === 0n) {
        const period = computeSyncCommitteePeriodAtSlot(chain.config, slot);
        const periodStart = slot % (spe * preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD) === 0n;
        log(
          `slot ${slot} (epoch ${slot / spe}${periodStart ? `, sync committee period ${period} begins` : ''}${gloasEpoch !== undefined && slot === BigInt(gloasEpoch) * spe ? ', the Gloas fork' : ''}): ` +
            `block ${block.rootHex.slice(0, 10)}… EL #${block.elHead.blockNumber}${block.payload ? '' : ' (payload withheld)'}, ` +
            `finalized epoch ${chain.state.finalizedCheckpoint.epoch}, ${ms.toFixed(0)} ms`,
        );
      }
    }
  };

  /** Serialized: a tick waits for the one before it. */
  const tick = (options: { missLate?: boolean } = {}): Promise<void> => {
    const run = producing.then(() => produceUpTo(currentSlot(), options.missLate === true));
    producing = run.catch(() => {});
    return run;
  };

  const schedule = (): void => {
    if (stopped) return;
    const next = currentSlot() + 1n;
    const at = (chain.genesisTime + Number(next) * secondsPerSlot) * 1000;
    timer = setTimeout(() => {
      tick({ missLate: true })
        .catch((err: unknown) => log(`slot ${next}: ${err instanceof Error ? err.message : String(err)} (retrying next slot)`))
        .finally(schedule);
    }, Math.max(0, at - now()));
  };
  if (!options.manual) {
    // The slots since genesis (none unless genesis is in the past), before anyone is told the chain is there.
    const behind = currentSlot();
    if (behind > 0n) {
      const t0 = performance.now();
      try {
        await tick();
      } catch (err) {
        stopped = true;
        await Promise.all([server.close(), mirror.close()]);
        throw err;
      }
      log(`history: slots 1..${chain.head.slot} produced in ${Math.round(performance.now() - t0)} ms, finalized epoch ${chain.state.finalizedCheckpoint.epoch}`);
    }
    schedule();
  }

  const holdSlots = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = producing.then(fn);
    producing = run.then(
      () => {},
      () => {},
    );
    return run;
  };
  const waitForSlot = (slot: number) =>
    new Promise<void>((resolve, reject) => {
      if (chain.head.slot >= BigInt(slot)) return resolve();
      if (stopped) return reject(new Error('beacon devnet stopped'));
      waiters.push({ slot: BigInt(slot), resolve, reject });
    });
  const blockOf = (b: BlockRecord) => ({ slot: Number(b.slot), blockNumber: Number(b.elHead.blockNumber), blockHash: bytesToHex(b.elHead.blockHash) });

  const reorg = async (depth: number, drop: boolean): Promise<ReorgReport> => {
    if (typeof drop !== 'boolean') throw new InputError(`reorg "drop" expected true or false, got ${String(drop)}`);
    const oldHead = chain.head.slot;
    const report = await holdSlots(async () => {
      const { dropped, transactions, pending } = await chain.reorg(depth);
      // The new branch's first block is mined before anything is sent again: what was dropped lands in other blocks.
      await chain.produce(chain.head.slot + 1n);
      // What was pending stays in the node's pool across the revert; the dropped blocks' transactions go back unless dropped.
      const again = drop ? [] : transactions;
      const sent = new Set<string>(pending.map((raw) => bytesToHex(keccak256(raw))));
      for (const raw of again) {
        try {
          await el.sendRawTransaction(raw);
          sent.add(bytesToHex(keccak256(raw)));
        } catch (err) {
          log(`reorg: ${bytesToHex(keccak256(raw))} not sent again (${err instanceof Error ? err.message : String(err)})`);
        }
      }
      await produceUpTo(currentSlot());
      const all = [...transactions, ...pending].map((raw) => bytesToHex(keccak256(raw)));
      return { dropped: dropped.map(blockOf), transactions: all.map((hash) => ({ hash, resent: sent.has(hash) })) };
    });
    // Longer than the old branch, ending at a later slot: the light client's next update is of the new branch.
    await waitForSlot(Number(oldHead) + 1);
    return { ...report, head: blockOf(chain.head) };
  };

  return {
    url: server.url,
    mirrorUrl: mirror.url,
    networkConfig: chain.networkConfig,
    checkpoint: () => chain.finalized.rootHex,
    describe: (object) => {
      server.describe(object);
      mirror.describe(object);
    },
    faults,
    head: () => ({
      slot: Number(chain.head.slot),
      root: chain.head.rootHex,
      executionBlockNumber: Number(chain.head.elHead.blockNumber),
    }),
    waitForSlot,
    tick,
    holdSlots,
    reorg,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await producing;
      await Promise.all([server.close(), mirror.close()]);
      for (const w of waiters.splice(0)) w.reject(new Error('beacon devnet stopped'));
      log('beacon devnet stopped');
    },
  };
}

/** The faults object: plain properties to the caller, checked and logged when they change. */
function switchboard(chain: BeaconChain, log: (line: string) => void): BeaconFaults {
  const values: BeaconFaults = {
    withholdUpdates: false,
    delayUpdatesMs: 0,
    invalidSignature: false,
    finalityStall: false,
    participation: 1,
    forgedBranch: false,
    withholdPayload: false,
    withholdColumns: 'off',
    badCell: 'off',
  };
  const faults = {} as BeaconFaults;
  for (const key of Object.keys(values) as (keyof BeaconFaults)[]) {
    Object.defineProperty(faults, key, {
      enumerable: true,
      get: () => values[key],
      set: (v: unknown) => {
        if (key === 'delayUpdatesMs') {
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`faults.delayUpdatesMs expected a number ≥ 0, got ${String(v)}`);
        } else if (key === 'participation') {
          if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new InputError(`faults.participation expected a fraction from 0 to 1, got ${String(v)}`);
        } else if (key === 'withholdColumns' || key === 'badCell') {
          if (!ENDPOINT_SCOPES.includes(v as EndpointScope)) throw new InputError(`faults.${key} expected one of ${ENDPOINT_SCOPES.join(', ')}, got ${String(v)}`);
        } else if (typeof v !== 'boolean') {
          throw new InputError(`faults.${key} expected a boolean, got ${String(v)}`);
        }
        if (values[key] !== v) log(`fault ${key}: ${String(v)}`);
        (values as unknown as Record<string, unknown>)[key] = v;
        if (key === 'finalityStall') chain.state.finalityStalled = v as boolean;
        if (key === 'participation') chain.participation = v as number;
        if (key === 'withholdPayload') chain.withholdPayload = v as boolean;
      },
    });
  }
  return faults;
}

/**
 * The rollup side of a network, beside the L1 session rather than inside it: the current
 * network's profile and the heads the L1 session verified come in as snapshots (`adopt`), and on
 * them stand the proven L1 reads, the verified chain (receipts, commit transactions) and the
 * followed rollups. In the extension it runs where the heavy code may run (Chrome's offscreen
 * document, Firefox's background page) while the service worker keeps the light client: the
 * heads cross as plain JSON, each one as the light client verified it. The followed rollups' configs
 * are whole only here: the service worker knows them by identity (../network/settings.ts
 * rollupChainIds) and carries none of the shipped configs.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { type ChainConfig, parseNetworkConfig } from '../../l1/config.ts';
import { knownRollupConfig } from '../../l2/known-rollups.ts';
import { parseRollup } from '../../l2/registry.ts';
import type { ExecutionTasks } from '../../workers/execution-task-names.ts';
import type { TaskRunner } from '../../workers/runner.ts';
import { evmVerifierParams } from '../verified/proof-check-params.ts';
import type { VerifierTasks } from '../../workers/tasks.ts';
import type { AccountReader } from '../verified/reads.ts';
import { ExecutionRpc } from '../verified/execution-rpc.ts';
import { HeadWaiters } from '../light-client/head-waiters.ts';
import { ChainExecutionService } from '../verified/chain-execution.ts';
import { l1HeadRef, type L1HeadRef } from './follower.ts';
import { rollupSources } from './sources.ts';
import { RollupWatch } from './watch.ts';
import { type KeyValueStore, RollupMemory } from './memory.ts';
import { describeError, type ErrorView, type Heads, type HeldHeads, type HeadView } from '../light-client/session-status.ts';
import type { NetworkProfile } from '../network/settings.ts';
import { anchorsOf } from '../verified/headers.ts';
import { localCalls } from '../verified/execution.ts';
import { beaconBlobChecker, beaconBlobSources, pooledKzg } from '../blobs/checker.ts';
import type { BlobSources } from '../blobs/types.ts';
import { tieChainOf } from '../blobs/tie.ts';
import { type DataChecks, MemoryDataChecks } from '../../storage/data-checks.ts';

/**
 * The rollup configs a profile follows: the user's own, then each shipped rollup turned on, its
 * shipped config with the L2 RPC of the profile's entry.
 */
export function followedRollupConfigs(profile: NetworkProfile): unknown[] {
  const configs = [...(profile.rollups ?? [])];
  for (const r of profile.shippedRollups ?? []) {
    if (!r.enabled) continue;
    const config = knownRollupConfig(r.name);
    if (config === undefined) continue;
    if (r.l2Rpc === null) delete config.l2Rpc;
    else config.l2Rpc = r.l2Rpc;
    configs.push(config);
  }
  return configs;
}

/**
 * What the L1 session hands the rollup side: its network and the verified heads it holds
 * (`signing`: the newest signed by at least two thirds of its sync committee).
 */
export interface L1Snapshot {
  profile: NetworkProfile | undefined;
  heads: Heads;
}

export interface RollupSessionDeps {
  /** Proof checks, `zk.verify` and `evm.*` tasks. */
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
  accountReader(rpc: ExecutionRpc, runner: TaskRunner<VerifierTasks>, onRejected: (err: VigilError, endpoint: string) => void): AccountReader;
  now?: () => number;
  /** A complaint worth showing (an endpoint's lie, a rollup config that no longer parses). */
  onError?(error: Omit<ErrorView, 'at' | 'severity'>): void;
  /**
   * Where the rollups' memory is kept across restarts (the settings table, one key per network:
   * a change told of, the last proven balances: ./memory.ts); absent, in memory only.
   */
  store?: KeyValueStore;
  /** What blob sampling found per batch, remembered (the `dataChecks` table); absent, in memory. */
  dataChecks?: DataChecks;
}

export class RollupSession implements HeldHeads {
  readonly now: () => number;
  private network: NetworkProfile | undefined;
  /** The profile the services were built for, as JSON: a change of anything in it builds them again. */
  private builtFor: string | undefined;
  private snapshotHeads: Heads = { finalized: undefined, optimistic: undefined, signing: undefined, recent: [] };
  private services: { reader: AccountReader; execution: ChainExecutionService; rpc: ExecutionRpc; abort: AbortController; blobs?: BlobSources } | undefined;
  private watch: RollupWatch | undefined;
  /** Pages' reads waiting for a head to reach a block an endpoint already has. */
  private readonly headWaiters = new HeadWaiters();

  constructor(private readonly deps: RollupSessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Takes in the L1 session's network and heads; the services are built again when the network changed. */
  adopt(snapshot: L1Snapshot): void {
    const { finalized, optimistic, signing, recent } = snapshot.heads;
    this.snapshotHeads = { finalized, optimistic, signing, recent: [...recent] };
    this.headWaiters.wake();
    const key = snapshot.profile === undefined ? undefined : JSON.stringify(snapshot.profile);
    if (key === this.builtFor) return;
    this.services?.abort.abort();
    this.services = undefined;
    this.watch = undefined;
    this.network = snapshot.profile;
    this.builtFor = key;
    if (snapshot.profile !== undefined) this.build(snapshot.profile);
  }

  profile(): NetworkProfile | undefined {
    return this.network;
  }

  /** Resolves true once an adopted optimistic head's execution block is `number` or above; false after `timeoutMs`. */
  whenBlock(number: bigint, timeoutMs: number): Promise<boolean> {
    const reached = () => (this.snapshotHeads.optimistic?.blockNumber ?? -1) >= Number(number);
    return reached() ? Promise.resolve(true) : this.headWaiters.next(reached, timeoutMs);
  }

  execution(): ChainExecutionService | undefined {
    return this.services?.execution;
  }

  /** The network's execution endpoints (the wallet's lane): a scan that demotes one demotes it for every read here. */
  executionRpc(): ExecutionRpc | undefined {
    return this.services?.rpc;
  }

  /** Proven account reads over the network's execution RPCs (the worker pool checks the proofs). */
  /** The network's beacon APIs as blob sources (tie, endpoints, KZG in the worker pool); undefined without beacon APIs. */
  blobSources(): BlobSources | undefined {
    return this.services?.blobs;
  }

  reader(): AccountReader | undefined {
    return this.services?.reader;
  }

  /** The rollups of the current network (undefined: none, or no execution RPC to read them through). */
  rollups(): RollupWatch | undefined {
    return this.watch;
  }

  newestRef(): L1HeadRef | undefined {
    return headRef(this.newest());
  }

  /**
   * The L1 head the rollup side stands on: the newest signed by at least two thirds of its sync
   * committee (src/wallet/signing-head.ts), since exits and L2 transfers are signed on what is
   * read at it. A slot or two behind the newest at most while participation is normal; none
   * while only thinly signed heads come.
   */
  newest(): HeadView | undefined {
    return this.snapshotHeads.signing;
  }

  heads(): Heads {
    return this.snapshotHeads;
  }

  held(blockHash: string): HeadView | undefined {
    const { optimistic, signing, finalized, recent } = this.snapshotHeads;
    return [optimistic, signing, finalized, ...recent].find((h): h is HeadView => h !== undefined && h.blockHash === blockHash);
  }

  private build(profile: NetworkProfile): void {
    if (profile.executionRpcs.length === 0) return;
    let config: ChainConfig;
    try {
      config = parseNetworkConfig(profile.config);
    } catch (err) {
      this.deps.onError?.({ source: 'settings', ...describeError(err) });
      return;
    }
    const abort = new AbortController();
    const signal = abort.signal;
    const onRejected = (err: VigilError, endpoint: string) => this.deps.onError?.({ source: 'read', ...describeError(err), endpoint });
    const rpc = new ExecutionRpc({ endpoints: profile.executionRpcs, signal });
    const reader = this.deps.accountReader(rpc, this.deps.runner, onRejected);
    const execution = new ChainExecutionService({
      config,
      rpc,
      calls: localCalls({ step: (task) => this.deps.runner.run('evm.step', task, { timeoutMs: 60_000, signal }) }),
      anchors: () => anchorsOf(this.snapshotHeads),
      // A page's receipt an endpoint places above the verified head waits two slots, as in the service worker (src/client/l1-session.ts).
      pagesWaitForBlock: (n) => this.whenBlock(n, 2 * config.secondsPerSlot * 1000),
      onRejected,
    });
    this.services = { reader, execution, rpc, abort };
    const parsed = [];
    // The user's own configs, then the rollups Vigil ships that the profile keeps on.
    for (const json of followedRollupConfigs(profile)) {
      try {
        parsed.push(parseRollup(json));
      } catch (err) {
        this.deps.onError?.({ source: 'settings', ...describeError(err) });
      }
    }
    if (parsed.length === 0) return;
    // A batch in blobs: tied and sampled through the network's beacon APIs, its cells checked in the worker pool.
    let checker: ReturnType<typeof beaconBlobChecker> | undefined;
    try {
      if (profile.beaconApis.length > 0) {
        const blobOptions = { config, chain: tieChainOf(execution.chain), beaconApis: profile.beaconApis, kzg: pooledKzg(this.deps.runner, signal), http: { signal }, onRejected };
        checker = beaconBlobChecker({ ...blobOptions, network: profile.id, checks: this.deps.dataChecks ?? new MemoryDataChecks(), now: () => Math.floor(this.now() / 1000) });
        // The escape's rebuild from blobs reads through the same beacon APIs and worker pool.
        this.services.blobs = beaconBlobSources(blobOptions);
      }
    } catch (err) {
      // A beacon API URL the blob reads refuse: the rollups are followed, their data not sampled.
      this.deps.onError?.({ source: 'settings', ...describeError(err) });
    }
    // L1 storage proven in the worker pool at the verified head the follower names, the commit
    // transactions proven through their blocks, each batch's validity proof re-verified in a worker.
    this.watch = new RollupWatch({
      rollups: parsed,
      now: this.now,
      memory: new RollupMemory(this.deps.store, `rollupMemory.${profile.id}`),
      data: { chain: execution.chain, ...(checker ? { availability: (location) => checker.check(location) } : {}) },
      sources: (rollup) =>
        rollupSources({
          rpc,
          chain: execution.chain,
          l2Rpc: rollup.identity.l2Rpc,
          readStorage: async (ref, address, keys) => {
            const head = this.held(ref.blockHash);
            if (!head) throw new InputError('the L1 head the rollup is read at is no longer held');
            const proven = await reader.read({ head, address: address.toLowerCase(), storageKeys: keys, code: false });
            return { codeHash: proven.codeHash, storage: new Map(proven.storage.map((s) => [s.key, BigInt(s.value)])), nonce: BigInt(proven.nonce) };
          },
          // A pinned verifier contract goes to the execution worker (the EVM), every other proof to a verifier worker.
          runView: async (code, calldata) => {
            const { returned } = await this.deps.runner.run('evm.view', { code: bytesToHex(code), calldata: bytesToHex(calldata) }, { timeoutMs: 60_000, signal });
            return returned === null ? null : hexToBytes(returned);
          },
          verifyProof: async (check) =>
            check.system === 'evm-verifier'
              ? (await this.deps.runner.run('evm.verifier', evmVerifierParams(check), { timeoutMs: 120_000, signal })).valid
              : (await this.deps.runner.run('zk.verify', { ...check, system: check.system }, { timeoutMs: 120_000, signal })).valid,
          onRejected,
        }),
    });
  }
}


/** A head as the rollup follower reads at it. */
export function headRef(head: HeadView | null | undefined): L1HeadRef | undefined {
  return head ? l1HeadRef(head) : undefined;
}

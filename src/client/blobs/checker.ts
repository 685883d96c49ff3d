/**
 * A batch's blobs from where its data rule found them (src/l2/data: a proven type-3 transaction's
 * versioned hashes) to what sampling found: tied to a verified beacon block (./tie.ts), then
 * sampled within the retention window or read from memory past it (./retention.ts,
 * ./sampling.ts). Shared by the CLI (KZG on its thread, memory for one run) and the extension
 * (KZG in the worker pool, the `dataChecks` table).
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VigilError } from '../../core/errors.ts';
import type { ChainConfig } from '../../l1/config.ts';
import type { DataAvailability } from '../../l2/data/availability.ts';
import { type BeaconBlobsOptions, RestBeaconBlobs } from '../../rpc/beacon-blobs.ts';
import type { DataChecks } from '../../storage/data-checks.ts';
import type { DataLocation } from '../../l2/data/location.ts';
import type { VerifierTasks } from '../../workers/tasks.ts';
import type { TaskRunner } from '../../workers/runner.ts';
import { checkedAvailability, type CheckedAvailabilityDeps, expired } from './retention.ts';
import { EndpointDemotions, sampleBlobs, type SamplingDeps } from './sampling.ts';
import { BeaconBlobEndpoint } from './endpoints.ts';
import { type TieChain, tieBlobs } from './tie.ts';
import type { BlobEndpoint, BlobKzg, BlobSources, ProvenBlobs } from './types.ts';

/** The blobs of a located batch, as the tie takes them. */
export interface BlobsToTie {
  tx: string;
  block: bigint;
  versionedHashes: string[];
}

export interface BlobCheckerDeps extends Omit<CheckedAvailabilityDeps, 'sample'>, Omit<SamplingDeps, 'endpoints' | 'now'> {
  /** The batch's blobs proven through a verified beacon block (./tie.ts tieBlobs with its sources). */
  tie(blobs: BlobsToTie): Promise<ProvenBlobs>;
  /** The user's beacon APIs as blob sources (./endpoints.ts). */
  endpoints: readonly BlobEndpoint[];
}

/** KZG checks in the worker pool (`kzg.verifyCells`, `kzg.verifyBlob`): the extension's. */
export function pooledKzg(runner: TaskRunner<VerifierTasks>, signal?: AbortSignal): BlobKzg {
  const hex = (list: readonly Uint8Array[]) => list.map(bytesToHex);
  const options = { timeoutMs: 60_000, ...(signal ? { signal } : {}) };
  return {
    verifyCells: (commitments, cellIndices, cells, proofs) => runner.run('kzg.verifyCells', { commitments: hex(commitments), cellIndices: [...cellIndices], cells: hex(cells), proofs: hex(proofs) }, options),
    verifyBlob: (blob, commitment, proof) => runner.run('kzg.verifyBlob', { blob: bytesToHex(blob), commitment: bytesToHex(commitment), proof: bytesToHex(proof) }, options),
  };
}

export interface BeaconBlobCheckerOptions {
  /** The network's id, the memory's key (its config's CONFIG_NAME in the CLI, the profile's id in the extension). */
  network: string;
  config: ChainConfig;
  /** The verified chain (./tie.ts tieChainOf). */
  chain: TieChain;
  /** The user's beacon APIs: the tie and the sampling ask the same ones. */
  beaconApis: readonly string[];
  checks: DataChecks;
  kzg: BlobKzg;
  /** Unix seconds. Default: the system clock. */
  now?: () => number;
  /** Default: crypto.getRandomValues. */
  random?: SamplingDeps['random'];
  http?: BeaconBlobsOptions;
  onRejected?: (error: VigilError, url: string) => void;
}

/**
 * A checker over the user's beacon APIs: the batch's blobs tied through them (any one may prove
 * them), then its cells sampled from them.
 * @throws InputError for a beacon API URL that is not http(s)
 */
export function beaconBlobChecker(o: BeaconBlobCheckerOptions): BlobChecker {
  const sources = beaconBlobSources(o);
  return new BlobChecker({
    network: o.network,
    config: o.config,
    checks: o.checks,
    endpoints: sources.endpoints,
    ...o.kzg,
    now: o.now ?? (() => Math.floor(Date.now() / 1000)),
    random: o.random ?? ((values) => crypto.getRandomValues(values)),
    tie: (b) => sources.tie({ hash: b.tx, blockNumber: b.block }),
  });
}

/**
 * The user's beacon APIs as blob sources: the tie through them (any one may prove the
 * commitments), each as an endpoint of the blobs' data, and the KZG checks given. The sampler and
 * the escape's rebuild from blobs read through the same.
 * @throws InputError for a beacon API URL that is not http(s)
 */
export function beaconBlobSources(o: Pick<BeaconBlobCheckerOptions, 'chain' | 'config' | 'beaconApis' | 'kzg' | 'http' | 'onRejected'>): BlobSources {
  const apis = o.beaconApis.map((url) => new RestBeaconBlobs(url, o.http));
  return {
    tie: (target) => tieBlobs({ chain: o.chain, config: o.config, beacon: apis, ...(o.onRejected ? { onRejected: o.onRejected } : {}) }, target),
    endpoints: apis.map((s) => new BeaconBlobEndpoint(s)),
    kzg: o.kzg,
  };
}

/**
 * What sampling found about a located batch, or why it could not be tied. Concurrent asks of one
 * transaction share the work; demotions last across asks.
 */
export class BlobChecker {
  private readonly inflight = new Map<string, Promise<DataAvailability>>();
  private readonly demotions: EndpointDemotions;

  constructor(private readonly deps: BlobCheckerDeps) {
    this.demotions = deps.demotions ?? new EndpointDemotions();
  }

  /** `location`'s availability; undefined where sampling does not apply (not blobs, not proven in a block). */
  check(location: DataLocation): Promise<DataAvailability> | undefined {
    if (location.where !== 'blobs' || location.l1 === null || location.versionedHashes.length === 0) return undefined;
    const { tx, block } = location.l1;
    const key = tx.toLowerCase();
    let promise = this.inflight.get(key);
    if (promise === undefined) {
      promise = this.run({ tx: key, block, versionedHashes: location.versionedHashes });
      this.inflight.set(key, promise);
      void promise.finally(() => this.inflight.delete(key)).catch(() => {});
    }
    return promise;
  }

  private async run(located: BlobsToTie): Promise<DataAvailability> {
    const { deps } = this;
    let blobs: ProvenBlobs;
    try {
      blobs = await deps.tie(located);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      return this.untied(located, err);
    }
    return checkedAvailability(blobs, {
      network: deps.network,
      config: deps.config,
      checks: deps.checks,
      now: deps.now,
      sample: (b) =>
        sampleBlobs(b, {
          endpoints: deps.endpoints,
          verifyCells: deps.verifyCells,
          verifyBlob: deps.verifyBlob,
          random: deps.random,
          now: deps.now,
          demotions: this.demotions,
          ...(deps.columns !== undefined ? { columns: deps.columns } : {}),
        }),
    });
  }

  /**
   * Not tied now: past the window a remembered verified sampling still says what was checked (an
   * old block's beacon root may be out of reach); otherwise why it could not be tied.
   */
  private async untied(located: BlobsToTie, err: VigilError): Promise<DataAvailability> {
    const remembered = await this.deps.checks.get(this.deps.network, located.tx).catch(() => undefined);
    const verified = remembered?.verified;
    if (verified?.expiresAt !== undefined && this.deps.now() >= verified.expiresAt) {
      return expired({ slot: verified.slot ?? 0n, beaconRoot: verified.beaconRoot ?? '', blobs: [] }, verified, verified.expiresAt);
    }
    return {
      status: 'untied',
      blobs: located.versionedHashes.length,
      columns: { asked: 0, verified: 0, total: 128 },
      endpoints: [],
      code: String(err.code),
      reason: err.shortMessage,
      words: `not sampled: the blobs could not be tied to a verified beacon block (${err.code}: ${err.shortMessage})`,
    };
  }
}

/**
 * The light client's protocol functions run in a worker: the hook through which the L1 sync loop
 * hands every BLS check (and the Merkle branches around it) to the pool, while src/l1 stays
 * pure and synchronous. The loop keeps fetching, persisting and deciding what to keep; the
 * worker gets the store and the response exactly as the transport delivered them and returns the
 * next store, or the typed VerificationError the spec function threw.
 *
 * Each worker keeps its own committee key cache. The processor keeps the committees' decoded
 * keys it knows of (stored ones, and what the workers decoded) and sends them with every task,
 * so whichever worker gets it need not decode them again.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import type { CommitteeKeys, LightClientResponse, ProcessedUpdate, UpdateKind, UpdateProcessor } from '../l1/processor.ts';
import { parseNetworkConfig } from '../l1/config.ts';
import { type LightClientTypes, lightClientTypes } from '../l1/containers.ts';
import { type AnyLightClientStore, deserializeAnyLightClientStore, serializeLightClientStore } from '../l1/store.ts';
import type { RunOptions } from './pool.ts';
import type { TaskRunner } from './runner.ts';
import { committeeKeysFromWire, committeeKeysToWire, type WireCommitteeKeys, type WireLightClientResponse } from './committee-wire.ts';
import type { VerifierTasks } from './tasks.ts';

/** Committees whose keys are sent along: the current and next, and a period change's worth. */
const KNOWN_COMMITTEES = 4;

export function toWireResponse(r: LightClientResponse): WireLightClientResponse {
  return {
    fork: r.fork as WireLightClientResponse['fork'],
    endpoint: r.endpoint,
    ...(r.ssz !== undefined ? { ssz: bytesToHex(r.ssz) } : { json: r.json }),
  };
}


/**
 * @example
 * const processor = new PooledUpdateProcessor(pool, rawNetworkJson);
 * const { store: next, participation } = await processor.process('finality', store, response, currentSlot);
 */
export class PooledUpdateProcessor implements UpdateProcessor<AnyLightClientStore> {
  /** Types and preset to (de)serialize stores (the workers verify: no BLS here). */
  private readonly ctx: { types: LightClientTypes; preset: string };
  /** Root → the union of every known decoded key; least recently changed first. */
  private readonly known = new Map<string, WireCommitteeKeys>();
  /** Roots whose keys grew since the last {@link takeCommitteeKeys}. */
  private readonly changed = new Set<string>();

  constructor(
    private readonly runner: TaskRunner<VerifierTasks>,
    /** The network config as JSON (spec names), as parseNetworkConfig takes it. */
    private readonly rawConfig: unknown,
    private readonly options: RunOptions = { timeoutMs: 60_000 },
  ) {
    const { preset } = parseNetworkConfig(rawConfig);
    this.ctx = { types: lightClientTypes(preset), preset: preset.name };
  }

  async bootstrap(checkpoint: Uint8Array, response: LightClientResponse): Promise<AnyLightClientStore> {
    const result = await this.runner.run(
      'lc.bootstrap',
      { config: this.rawConfig, checkpoint: bytesToHex(checkpoint), response: toWireResponse(response), ...this.committees() },
      this.options,
    );
    this.learn(result.committees);
    return this.decode(result.store);
  }

  async process(kind: UpdateKind, store: AnyLightClientStore, response: LightClientResponse, currentSlot: bigint): Promise<ProcessedUpdate<AnyLightClientStore>> {
    const serialized = bytesToHex(serializeLightClientStore(this.ctx.types, this.ctx.preset, store));
    const result = await this.runner.run(
      'lc.process',
      {
        config: this.rawConfig,
        kind,
        store: serialized,
        response: toWireResponse(response),
        currentSlot: currentSlot.toString(),
        ...this.committees(),
      },
      this.options,
    );
    this.learn(result.committees);
    const { participants, committeeSize } = result.participation;
    return {
      store: this.decode(result.store),
      attested: { slot: BigInt(result.attested.slot), root: hexToBytes(result.attested.root, 32, 'attested.root') },
      // Numbers that are no count are never a supermajority (src/wallet/signing-head.ts isSupermajority).
      participation: { participants, committeeSize },
    };
  }

  restoreCommitteeKeys(records: CommitteeKeys[]): void {
    for (const record of records) {
      let checked: CommitteeKeys;
      try {
        // Checked here, so that one bad record cannot make every task an InputError.
        checked = committeeKeysFromWire([committeeKeysToWire(record)])[0]!;
      } catch {
        continue;
      }
      this.merge(committeeKeysToWire(checked));
    }
  }

  takeCommitteeKeys(): CommitteeKeys[] {
    const ids = [...this.changed].filter((id) => this.known.has(id));
    this.changed.clear();
    return committeeKeysFromWire(ids.map((id) => this.known.get(id)!));
  }

  private committees(): { committees?: WireCommitteeKeys[] } {
    return this.known.size === 0 ? {} : { committees: [...this.known.values()] };
  }

  /** Merges what a worker decoded (a cache: a malformed answer is dropped, never fatal). */
  private learn(committees: WireCommitteeKeys[] | undefined): void {
    if (committees === undefined) return;
    let decoded: CommitteeKeys[];
    try {
      decoded = committeeKeysFromWire(committees);
    } catch {
      return;
    }
    for (const record of decoded) this.changed.add(this.merge(committeeKeysToWire(record)));
  }

  /** Union by index, the newer point winning; returns the id. */
  private merge(next: WireCommitteeKeys): string {
    const old = this.known.get(next.id);
    const keys = new Map(old?.keys);
    for (const [i, point] of next.keys) keys.set(i, point);
    const aggregate = next.aggregate ?? old?.aggregate;
    this.known.delete(next.id);
    this.known.set(next.id, { id: next.id, ...(aggregate !== undefined ? { aggregate } : {}), keys: [...keys].sort((a, b) => a[0] - b[0]) });
    if (this.known.size > KNOWN_COMMITTEES) this.known.delete(this.known.keys().next().value!);
    return next.id;
  }

  private decode(store: string): AnyLightClientStore {
    return deserializeAnyLightClientStore(this.ctx.types, this.ctx.preset, hexToBytes(store, undefined, 'store'));
  }
}

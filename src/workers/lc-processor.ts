/**
 * The light client's protocol functions run in a worker: the hook through which the L1 sync loop
 * hands every BLS check (and the Merkle branches around it) to the pool, while src/l1 stays
 * pure and synchronous. The loop keeps fetching, persisting and deciding what to keep; the
 * worker gets the store and the response exactly as the transport delivered them and returns the
 * next store, or the typed VerificationError the spec function threw.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { parseNetworkConfig } from '../l1/config.ts';
import { createLightClientContext, type LightClientContext } from '../l1/spec/helpers.ts';
import { deserializeLightClientStore, type LightClientStore, serializeLightClientStore } from '../l1/store.ts';
import type { LightClientResponse } from '../rpc/beacon.ts';
import type { RunOptions } from './pool.ts';
import type { TaskRunner } from './runner.ts';
import type { UpdateKind, VerifierTasks, WireLightClientResponse } from './tasks.ts';

/** How the sync loop verifies: in-thread (the spec functions) or through a pool. */
export interface UpdateProcessor {
  bootstrap(checkpoint: Uint8Array, response: LightClientResponse): Promise<LightClientStore>;
  process(kind: UpdateKind, store: LightClientStore, response: LightClientResponse, currentSlot: bigint): Promise<LightClientStore>;
}

export function toWireResponse(r: LightClientResponse): WireLightClientResponse {
  return {
    fork: r.fork as WireLightClientResponse['fork'],
    endpoint: r.endpoint,
    ...(r.ssz !== undefined ? { ssz: bytesToHex(r.ssz) } : { json: r.json }),
  };
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * @example
 * const processor = new PooledUpdateProcessor(pool, rawNetworkJson);
 * const next = await processor.process('finality', store, response, currentSlot);
 */
export class PooledUpdateProcessor implements UpdateProcessor {
  /** Types and preset to (de)serialize stores; its key cache stays empty (the workers verify). */
  private readonly ctx: LightClientContext;

  constructor(
    private readonly runner: TaskRunner<VerifierTasks>,
    /** The network config as JSON (spec names), as parseNetworkConfig takes it. */
    private readonly rawConfig: unknown,
    private readonly options: RunOptions = { timeoutMs: 60_000 },
  ) {
    this.ctx = createLightClientContext(parseNetworkConfig(rawConfig));
  }

  async bootstrap(checkpoint: Uint8Array, response: LightClientResponse): Promise<LightClientStore> {
    const { store } = await this.runner.run(
      'lc.bootstrap',
      { config: this.rawConfig, checkpoint: bytesToHex(checkpoint), response: toWireResponse(response) },
      this.options,
    );
    return this.decode(store);
  }

  async process(kind: UpdateKind, store: LightClientStore, response: LightClientResponse, currentSlot: bigint): Promise<LightClientStore> {
    const serialized = fromUtf8.decode(serializeLightClientStore(this.ctx.types, this.ctx.config.preset.name, store));
    const result = await this.runner.run(
      'lc.process',
      { config: this.rawConfig, kind, store: serialized, response: toWireResponse(response), currentSlot: currentSlot.toString() },
      this.options,
    );
    return this.decode(result.store);
  }

  private decode(store: string): LightClientStore {
    return deserializeLightClientStore(this.ctx.types, this.ctx.config.preset.name, utf8.encode(store));
  }
}

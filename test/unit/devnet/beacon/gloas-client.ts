/**
 * A light client over src/l1 alone, across the Gloas fork, for the devnet's tests: it fetches the
 * Beacon API's light-client data (JSON, or SSZ with the fork from Eth-Consensus-Version or each
 * chunk's fork digest) and runs it through `bootstrapResponse` / `processResponse` (what
 * `localAnyProcessor` does), keeping an AnyLightClientStore. src/client's loop cannot take Gloas yet.
 */
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { type ChainConfig, type ForkName, forkDigests } from '../../../../src/l1/config.ts';
import type { AnyLightClientHeader } from '../../../../src/l1/containers.ts';
import type { Encoded } from '../../../../src/l1/decode.ts';
import { bootstrapResponse, processResponse, type UpdateKind } from '../../../../src/l1/processor.ts';
import { createLightClientContext, type LightClientContext } from '../../../../src/l1/spec/helpers.ts';
import type { AnyLightClientStore } from '../../../../src/l1/store.ts';

export interface Fetched {
  fork: ForkName;
  data: Encoded;
}

export class GloasTestClient {
  readonly ctx: LightClientContext;
  store: AnyLightClientStore | undefined;
  private readonly digests: Map<string, ForkName>;

  constructor(
    readonly url: string,
    readonly config: ChainConfig,
    readonly encoding: 'json' | 'ssz',
  ) {
    this.ctx = createLightClientContext(config);
    this.digests = forkDigests(config);
  }

  async bootstrap(root: string): Promise<AnyLightClientStore> {
    const [r] = await this.get(`bootstrap/${root}`);
    this.store = bootstrapResponse(this.ctx, hexToBytes(root, 32), r!.fork, r!.data);
    return this.store;
  }

  /** Fetches `what` and processes every object in it (`updates` may hold several); returns what was fetched. */
  async follow(what: 'updates' | 'finality_update' | 'optimistic_update', currentSlot: bigint, startPeriod = 0n, count = 8): Promise<Fetched[]> {
    const path = what === 'updates' ? `updates?start_period=${startPeriod}&count=${count}` : what;
    const kind: UpdateKind = what === 'updates' ? 'update' : what === 'finality_update' ? 'finality' : 'optimistic';
    const all = await this.get(path);
    for (const r of all) this.store = processResponse(this.ctx, kind, this.store!, r.fork, r.data, currentSlot).store;
    return all;
  }

  async get(path: string): Promise<Fetched[]> {
    const res = await fetch(`${this.url}/eth/v1/beacon/light_client/${path}`, {
      headers: { accept: this.encoding === 'ssz' ? 'application/octet-stream' : 'application/json' },
    });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    if (this.encoding === 'json') {
      const json = (await res.json()) as { version: ForkName; data: unknown } | { version: ForkName; data: unknown }[];
      return (Array.isArray(json) ? json : [json]).map((j) => ({ fork: j.version, data: { json: j.data } }));
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!path.startsWith('updates')) return [{ fork: res.headers.get('eth-consensus-version') as ForkName, data: { ssz: bytes } }];
    const out: Fetched[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const len = Number(view.getBigUint64(at, true));
      const fork = this.digests.get(bytesToHex(bytes.subarray(at + 8, at + 12)));
      if (!fork) throw new Error(`unknown fork digest ${bytesToHex(bytes.subarray(at + 8, at + 12))}`);
      out.push({ fork, data: { ssz: bytes.slice(at + 12, at + 8 + len) } });
      at += 8 + len;
    }
    return out;
  }
}

/** The execution block hash a header proves: Gloas's field, or the payload header's. */
export function provenBlockHash(header: AnyLightClientHeader): string {
  return bytesToHex(header.execution ? header.execution.blockHash : header.executionBlockHash);
}

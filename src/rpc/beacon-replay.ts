/**
 * A Beacon API that answers from memory: Beacon API JSON (`{version, data}` objects) recorded
 * from a real server, served back through the same `BeaconApi` interface as the REST transport,
 * so the sync loop runs offline on real data (like Helios' file-backed RPC). Envelopes are
 * unwrapped with the REST transport's own parsers, so a malformed recording fails the same way a
 * malformed server answer does.
 *
 * It reads files nowhere: the caller loads them (tests with node:fs, the CLI however it likes).
 * @module
 */
import { anumber, bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { BeaconApi, FinalizedRoot, GenesisInfo } from './beacon.ts';
import { type LightClientResponse, parseVersionedJson } from './beacon-parse.ts';
import { TransportError } from './errors.ts';

/** Mainnet: SLOTS_PER_EPOCH (32) × EPOCHS_PER_SYNC_COMMITTEE_PERIOD (256). */
const MAINNET_SLOTS_PER_PERIOD = 8192;

export interface ReplayData {
  /** `{version, data}` bootstraps keyed by block root (0x-hex, any case). */
  bootstraps?: Record<string, unknown>;
  /** `{version, data}` updates, any order; served by the period of `attested_header`'s slot. */
  updates?: readonly unknown[];
  /** `{version, data}` finality update. Absent: `NOT_AVAILABLE`, as a fresh server answers. */
  finality?: unknown;
  /** `{version, data}` optimistic update. Absent: `NOT_AVAILABLE`. */
  optimistic?: unknown;
  genesis?: GenesisInfo;
  finalizedRoot?: FinalizedRoot;
}

export interface ReplayBeaconApiOptions {
  /** Sync-committee period length in slots, to index `updates`. Default 8192 (mainnet preset). */
  slotsPerPeriod?: number;
  /** The `endpoint` every response names. Default `replay:`. */
  endpoint?: string;
}

/**
 * @example
 * const api = new ReplayBeaconApi({
 *   bootstraps: { [checkpoint]: bootstrapJson }, updates: updatesJson, finality: finalityJson,
 * });
 * const [first] = await api.getUpdates(862, 1); // first.fork === 'capella'
 */
export class ReplayBeaconApi implements BeaconApi {
  /** The recording; tests may change its fields between calls (a new finality update, withheld updates). */
  readonly data: ReplayData;
  /** Every call, in order (`getUpdates(862,2)`, `demote(replay:)`, …). */
  readonly calls: string[] = [];
  readonly endpoint: string;
  private readonly slotsPerPeriod: number;

  constructor(data: ReplayData, options: ReplayBeaconApiOptions = {}) {
    this.data = data;
    this.slotsPerPeriod = anumber(options.slotsPerPeriod ?? MAINNET_SLOTS_PER_PERIOD, 'slotsPerPeriod');
    if (this.slotsPerPeriod === 0) throw new InputError('"slotsPerPeriod" expected a positive integer, got 0');
    this.endpoint = options.endpoint ?? 'replay:';
  }

  async getBootstrap(blockRoot: string): Promise<LightClientResponse> {
    const root = bytesToHex(hexToBytes(blockRoot, 32, 'blockRoot'));
    this.calls.push(`getBootstrap(${root})`);
    const path = `/eth/v1/beacon/light_client/bootstrap/${root}`;
    for (const [key, value] of Object.entries(this.data.bootstraps ?? {})) {
      if (key.toLowerCase() === root) return this.unwrap(value, path);
    }
    throw this.notAvailable(path);
  }

  async getUpdates(startPeriod: number, count: number): Promise<LightClientResponse[]> {
    anumber(startPeriod, 'startPeriod');
    anumber(count, 'count');
    anumber(startPeriod + count, 'startPeriod + count');
    this.calls.push(`getUpdates(${startPeriod},${count})`);
    const path = `/eth/v1/beacon/light_client/updates?start_period=${startPeriod}&count=${count}`;
    const byPeriod = new Map<number, LightClientResponse>();
    for (const [i, raw] of (this.data.updates ?? []).entries()) {
      const res = this.unwrap(raw, path, `updates[${i}]`);
      const period = Math.floor(attestedSlot(res.json, path, i) / this.slotsPerPeriod);
      if (period >= startPeriod && period < startPeriod + count && !byPeriod.has(period)) byPeriod.set(period, res);
    }
    // As a server: consecutive periods from the first one it has.
    const out: LightClientResponse[] = [];
    const periods = [...byPeriod.keys()].sort((a, b) => a - b);
    for (const p of periods) {
      if (out.length > 0 && p !== periods[0]! + out.length) break;
      out.push(byPeriod.get(p)!);
    }
    return out;
  }

  async getFinalityUpdate(): Promise<LightClientResponse> {
    this.calls.push('getFinalityUpdate()');
    const path = '/eth/v1/beacon/light_client/finality_update';
    if (this.data.finality === undefined) throw this.notAvailable(path);
    return this.unwrap(this.data.finality, path);
  }

  async getOptimisticUpdate(): Promise<LightClientResponse> {
    this.calls.push('getOptimisticUpdate()');
    const path = '/eth/v1/beacon/light_client/optimistic_update';
    if (this.data.optimistic === undefined) throw this.notAvailable(path);
    return this.unwrap(this.data.optimistic, path);
  }

  async getGenesis(): Promise<GenesisInfo> {
    this.calls.push('getGenesis()');
    if (this.data.genesis === undefined) throw this.notAvailable('/eth/v1/beacon/genesis');
    return { ...this.data.genesis };
  }

  async getFinalizedRoot(): Promise<FinalizedRoot> {
    this.calls.push('getFinalizedRoot()');
    if (this.data.finalizedRoot === undefined) throw this.notAvailable('/eth/v1/beacon/headers/finalized');
    return { ...this.data.finalizedRoot };
  }

  demote(endpoint: string): void {
    this.calls.push(`demote(${endpoint})`);
  }

  /** Parsed like a server's answer, and copied so a caller cannot change the recording. */
  private unwrap(raw: unknown, path: string, where?: string): LightClientResponse {
    const res = parseVersionedJson(raw, this.endpoint + path, this.endpoint, undefined, where);
    return { ...res, json: structuredClone(res.json) };
  }

  private notAvailable(path: string): TransportError {
    return new TransportError('NOT_AVAILABLE', 'the recording has no such object', { url: this.endpoint + path, status: 404 });
  }
}

/** `attested_header.beacon.slot` (Capella and later; Altair's header form `attested_header.slot` too). */
function attestedSlot(data: unknown, url: string, i: number): number {
  const header = isObject(data) ? data.attested_header : undefined;
  const beacon = isObject(header) ? (isObject(header.beacon) ? header.beacon : header) : undefined;
  const slot = beacon?.slot;
  if (typeof slot !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(slot) || !Number.isSafeInteger(Number(slot))) {
    throw new TransportError('BAD_RESPONSE', `updates[${i}].attested_header slot expected a decimal integer string`, { url });
  }
  return Number(slot);
}

/**
 * The devnet's Beacon API: the light-client endpoints in JSON and SSZ, plus the few others a
 * light client or an orchestrator asks for (genesis, headers, config, node version/health),
 * with the switchboard's faults applied to the light-client data it serves.
 * Spec: ethereum/beacon-APIs `apis/beacon/light_client/*.yaml` (JSON `{version, data}`, SSZ with
 * `Eth-Consensus-Version`; `updates` as `response_chunk`s: uint64 LE length of context+payload,
 * 4-byte fork digest, payload), `apis/beacon/genesis.yaml`, `headers.block_id.yaml`,
 * `apis/config/spec.yaml`, `apis/node/*.yaml`; the blobs (blobs.ts): `apis/beacon/blobs/blobs.yaml`,
 * `apis/debug/data_column_sidecars.yaml` and the Deneb/Electra `blob_sidecars` (removed from the spec
 * by beacon-APIs#577, still asked for by tools); the full block, `apis/beacon/blocks/block.v2.yaml`
 * (getBlockV2), for Gloas's blob commitments (its column sidecars carry none). The same handler
 * serves the devnet's mirror (another port, the same chain): the blob faults name which serves what.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { computeEpochAtSlot, computeForkDigest, forkAtSlot, type ForkName } from '../../l1/config.ts';
import { type AnyLightClientHeader, type AnyLightClientUpdate, BeaconBlockHeader, type SyncAggregate } from '../../l1/containers.ts';
import { LOCAL_DEVNET_PATH } from '../../client/network/local-devnet.ts';
import { encodeForFork } from '../../l1/decode.ts';
import { periodAt } from '../../l1/spec/helpers.ts';
import type { SszType } from '../../ssz/index.ts';
import { NUMBER_OF_COLUMNS } from './blob-containers.ts';
import type { BeaconChain } from './chain.ts';
import { G2_POINT_AT_INFINITY, wrongSignature } from './committee.ts';
import type { BlockRecord } from './full-node.ts';
import { specValues } from './network-config.ts';
import { sleep } from '../../core/sleep.ts';
import { listen } from '../http-util.ts';

export interface BeaconFaults {
  /** 404 for finality/optimistic updates, an empty list for `updates`. */
  withholdUpdates: boolean;
  /** Light-client answers wait this long first. */
  delayUpdatesMs: number;
  /** Light-client updates carry a real committee signature over the wrong message. */
  invalidSignature: boolean;
  /** No justification, hence no new finality, from the next epoch transition on. */
  finalityStall: boolean;
  /**
   * The fraction of the sync committee that signs each new block (0 to 1; 1: all): the first
   * round(participation × size) members, bits and signature alike. Updates carry what the blocks do.
   */
  participation: number;
  /**
   * Light-client updates (all three kinds) carry an attested header whose execution branch has one
   * bit of its first node flipped: a forged proof of the execution block (hash), any fork.
   */
  forgedBranch: boolean;
  /** Gloas slots' payloads are withheld: no EL block is mined for them (the chain's `withholdPayload`). */
  withholdPayload: boolean;
  /** Which beacon APIs serve no blob data (data column sidecars, blob sidecars, blobs: empty lists, as a node that pruned them). */
  withholdColumns: EndpointScope;
  /** Which beacon APIs serve altered cells (each blob's cell in each data column sidecar; a blob sidecar: its blob's first field element), the proofs left as they were. */
  badCell: EndpointScope;
}

/** The devnet's beacon APIs: the one named in its description, and a mirror of the same chain on another port. */
export type BeaconRole = 'primary' | 'mirror';
/** Which of them a blob fault acts on. */
export type EndpointScope = 'off' | BeaconRole | 'both';
export const ENDPOINT_SCOPES: readonly EndpointScope[] = ['off', 'primary', 'mirror', 'both'];

function applies(scope: EndpointScope, role: BeaconRole): boolean {
  return scope === 'both' || scope === role;
}

/** consensus-specs altair/light-client/p2p-interface.md MAX_REQUEST_LIGHT_CLIENT_UPDATES. */
export const MAX_REQUEST_LIGHT_CLIENT_UPDATES = 128;
const VERSION = 'Vigil-devnet/0.1.0';

type Kind = 'bootstrap' | 'update' | 'finalityUpdate' | 'optimisticUpdate';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface BeaconServer {
  url: string;
  /**
   * Serves the devnet's description (src/client/network/local-devnet.ts) at its well-known path
   * here too: "Add network" given this beacon API finds the devnet's rollups, names and delegate.
   */
  describe(object: unknown): void;
  close(): Promise<void>;
}

/** `role`: which of the devnet's beacon APIs this is (the blob faults' scope names it). */
export async function startBeaconServer(chain: BeaconChain, faults: BeaconFaults, host: string, port: number, role: BeaconRole = 'primary'): Promise<BeaconServer> {
  const api = new BeaconApiHandler(chain, faults, role);
  const server: Server = createServer((req, res) => {
    api.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 500, message: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  await listen(server, port, host);
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    describe: (object) => {
      api.description = object;
    },
    close: () =>
      new Promise<void>((resolve) => {
        api.closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class BeaconApiHandler {
  closed = false;
  /** The devnet's description, once it is whole (contracts deployed): 404 until then. */
  description: unknown;

  constructor(
    private readonly chain: BeaconChain,
    private readonly faults: BeaconFaults,
    private readonly role: BeaconRole,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://devnet');
    const path = url.pathname.replace(/\/+$/, '');
    const ssz = wantsSsz(req.headers.accept);
    try {
      if (req.method !== 'GET') throw new HttpError(405, `${req.method ?? '?'} is not supported`);
      const lc = /^\/eth\/v1\/beacon\/light_client\/(bootstrap\/[^/]+|updates|finality_update|optimistic_update)$/.exec(path);
      if (lc) return await this.lightClient(lc[1]!, url, ssz, res);
      const header = /^\/eth\/v1\/beacon\/headers\/([^/]+)$/.exec(path);
      if (header) return this.header(header[1]!, res);
      const block = /^\/eth\/v2\/beacon\/blocks\/([^/]+)$/.exec(path);
      if (block) return this.block(block[1]!, ssz, res);
      const blobs = /^\/eth\/v1\/(beacon\/blob_sidecars|beacon\/blobs|debug\/beacon\/data_column_sidecars)\/([^/]+)$/.exec(path);
      if (blobs) return await this.blobs(blobs[1]!, blobs[2]!, url, ssz, res);
      switch (path) {
        case '/eth/v1/beacon/genesis':
          return sendJson(res, 200, {
            data: {
              genesis_time: String(this.chain.config.genesisTime),
              genesis_validators_root: bytesToHex(this.chain.config.genesisValidatorsRoot),
              genesis_fork_version: bytesToHex(this.chain.config.forks[0]!.version),
            },
          });
        case '/eth/v1/config/spec':
          return sendJson(res, 200, { data: specValues(this.chain.networkConfig, this.chain.registry.preset) });
        case '/eth/v1/node/version':
          return sendJson(res, 200, { data: { version: VERSION } });
        case '/eth/v1/node/health':
          res.writeHead(200).end();
          return;
        case LOCAL_DEVNET_PATH:
          if (this.description === undefined) throw new HttpError(404, 'the devnet is not described yet');
          return sendJson(res, 200, this.description);
        case '/eth/v1/node/syncing':
          return sendJson(res, 200, {
            data: { head_slot: String(this.chain.head.slot), sync_distance: '0', is_syncing: false, is_optimistic: false, el_offline: false },
          });
      }
      throw new HttpError(404, `no route ${path}`);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, { code: err.status, message: err.message });
      throw err;
    }
  }

  private async lightClient(what: string, url: URL, ssz: boolean, res: ServerResponse): Promise<void> {
    if (!what.startsWith('bootstrap/') && this.faults.delayUpdatesMs > 0) {
      await sleep(this.faults.delayUpdatesMs);
      if (this.closed) return void res.destroy();
    }
    const data = this.chain.data;
    if (what.startsWith('bootstrap/')) {
      const root = what.slice('bootstrap/'.length).toLowerCase();
      if (!/^0x[0-9a-f]{64}$/.test(root)) throw new HttpError(400, `block_root expected 0x and 64 hex digits, got ${root.slice(0, 80)}`);
      const bootstrap = data.bootstrap(root);
      if (!bootstrap) throw new HttpError(404, `no bootstrap for block root ${root}`);
      return this.sendOne(res, ssz, 'bootstrap', bootstrap.header.beacon.slot, bootstrap);
    }
    if (what === 'updates') {
      const start = uintParam(url, 'start_period');
      const count = Math.min(Number(uintParam(url, 'count')), MAX_REQUEST_LIGHT_CLIENT_UPDATES);
      const updates = this.faults.withholdUpdates ? [] : data.updates(start, count).map((u) => this.faulty(u));
      return this.sendUpdates(res, ssz, updates);
    }
    if (this.faults.withholdUpdates) throw new HttpError(404, `no ${what.replace('_', ' ')} available (withheld)`);
    if (what === 'finality_update') {
      const u = data.finalityUpdate();
      if (!u) throw new HttpError(404, 'no finality update yet');
      return this.sendOne(res, ssz, 'finalityUpdate', u.attestedHeader.beacon.slot, this.faulty(u));
    }
    const u = data.optimisticUpdate();
    if (!u) throw new HttpError(404, 'no optimistic update yet');
    return this.sendOne(res, ssz, 'optimisticUpdate', u.attestedHeader.beacon.slot, this.faulty(u));
  }

  /**
   * The update as served: with the invalidSignature fault, signed over the wrong message; with the
   * forgedBranch fault, its attested header's execution branch forged.
   */
  private faulty<U extends { syncAggregate: SyncAggregate; signatureSlot: bigint; attestedHeader: AnyLightClientHeader }>(u: U): U {
    const out = { ...u, syncAggregate: this.syncAggregate(u) };
    if (this.faults.forgedBranch) {
      const [first, ...rest] = u.attestedHeader.executionBranch;
      const forged = Uint8Array.from(first!);
      forged[0]! ^= 1;
      out.attestedHeader = { ...u.attestedHeader, executionBranch: [forged, ...rest] };
    }
    return out;
  }

  private syncAggregate(u: { syncAggregate: SyncAggregate; signatureSlot: bigint }): SyncAggregate {
    if (!this.faults.invalidSignature) return u.syncAggregate;
    const committee = this.chain.registry.committee(periodAt(this.chain.ctx, u.signatureSlot));
    return { ...u.syncAggregate, syncCommitteeSignature: wrongSignature(committee) };
  }

  private forkAt(slot: bigint): ForkName {
    return forkAtSlot(this.chain.config, slot).name;
  }

  private sendOne(res: ServerResponse, ssz: boolean, kind: Kind, slot: bigint, value: Parameters<typeof encodeForFork>[3]): void {
    const fork = this.forkAt(slot);
    const encoded = encodeForFork(this.chain.ctx.types, fork, kind, value);
    if (ssz) return sendSsz(res, encoded.ssz, { 'eth-consensus-version': fork });
    sendJson(res, 200, { version: fork, data: encoded.json }, { 'eth-consensus-version': fork });
  }

  private sendUpdates(res: ServerResponse, ssz: boolean, updates: AnyLightClientUpdate[]): void {
    const items = updates.map((u) => {
      const slot = u.attestedHeader.beacon.slot;
      const fork = this.forkAt(slot);
      return { fork, slot, encoded: encodeForFork(this.chain.ctx.types, fork, 'update', u) };
    });
    if (!ssz) return sendJson(res, 200, items.map((i) => ({ version: i.fork, data: i.encoded.json })));
    const chunks = items.map(({ slot, encoded }) => {
      const digest = computeForkDigest(this.chain.config, computeEpochAtSlot(this.chain.config, slot));
      const chunk = new Uint8Array(8 + 4 + encoded.ssz.length);
      new DataView(chunk.buffer).setBigUint64(0, BigInt(4 + encoded.ssz.length), true);
      chunk.set(digest, 8);
      chunk.set(encoded.ssz, 12);
      return chunk;
    });
    sendSsz(res, Buffer.concat(chunks), {});
  }

  private header(id: string, res: ServerResponse): void {
    const block = this.resolveBlock(id);
    if (!block) throw new HttpError(404, `no block ${id}`);
    const finalizedSlot = this.chain.finalized.slot;
    sendJson(res, 200, {
      execution_optimistic: false,
      finalized: block.slot <= finalizedSlot,
      data: {
        root: block.rootHex,
        canonical: true,
        // DIFF FROM SPEC: blocks are not signed by their proposer; the signature is the G2 identity.
        header: { message: BeaconBlockHeader.toJson(block.header), signature: bytesToHex(G2_POINT_AT_INFINITY) },
      },
    });
  }

  /** blob_sidecars (Deneb, Electra), blobs (any), data_column_sidecars (Fulu, Gloas) of a block; an empty list for a block without blobs. */
  private async blobs(what: string, id: string, url: URL, ssz: boolean, res: ServerResponse): Promise<void> {
    const block = this.resolveBlock(id);
    if (!block) throw new HttpError(404, `Block not found: ${id}`);
    const fork = this.forkAt(block.slot);
    const store = this.chain.blobs;
    const meta = { execution_optimistic: false, finalized: block.slot <= this.chain.finalized.slot };
    const withhold = applies(this.faults.withholdColumns, this.role);
    const bad = applies(this.faults.badCell, this.role);
    const send = <T>(type: SszType<T>, value: T, version: boolean): void => {
      // Withheld: nothing, as a node that pruned them serves.
      if (withhold) value = [] as T;
      const headers: Record<string, string> = version ? { 'eth-consensus-version': fork } : {};
      if (ssz) return sendSsz(res, type.serialize(value), headers);
      sendJson(res, 200, { ...(version ? { version: fork } : {}), ...meta, data: type.toJson(value) }, headers);
    };
    if (what === 'beacon/blobs') {
      const hashes = listParam(url, 'versioned_hashes')?.map((h) => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(h)) throw new HttpError(400, `versioned_hashes expected 0x and 64 hex digits each, got ${h.slice(0, 80)}`);
        return hexToBytes(h, 32);
      });
      return send(store.types.Blobs, await store.blobs(block.rootHex, hashes), false);
    }
    const indices = listParam(url, 'indices')?.map((i) => {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(i)) throw new HttpError(400, `indices expected decimal integers, got ${i.slice(0, 40)}`);
      return Number(i);
    });
    if (what === 'beacon/blob_sidecars') {
      if (fork !== 'deneb' && fork !== 'electra') {
        throw new HttpError(400, `blob sidecars are Deneb's and Electra's, block ${id} is ${fork}'s: ask /eth/v1/beacon/blobs or /eth/v1/debug/beacon/data_column_sidecars`);
      }
      const sidecars = await store.blobSidecars(block.rootHex, indices);
      return send(store.types.BlobSidecars, bad ? sidecars.map((s) => ({ ...s, blob: alterFirstElement(s.blob) })) : sidecars, true);
    }
    if (fork !== 'fulu' && fork !== 'gloas') throw new HttpError(400, `data column sidecars are Fulu's and later, block ${id} is ${fork}'s: ask /eth/v1/beacon/blob_sidecars`);
    const column = indices?.find((i) => i >= NUMBER_OF_COLUMNS);
    if (column !== undefined) throw new HttpError(400, `indices expected column indices below ${NUMBER_OF_COLUMNS}, got ${column}`);
    if (fork === 'gloas') return send(store.types.GloasDataColumnSidecars, badCells(await store.gloasDataColumnSidecars(block.rootHex, indices), bad), true);
    return send(store.types.DataColumnSidecars, badCells(await store.dataColumnSidecars(block.rootHex, indices), bad), true);
  }

  /**
   * getBlockV2 (JSON, or SSZ when preferred): the block as the chain built it, its hash_tree_root
   * the root the chain keeps. DIFF FROM SPEC: the proposer's signature is the G2 identity.
   */
  private block(id: string, ssz: boolean, res: ServerResponse): void {
    const record = this.resolveBlock(id);
    const kept = record && this.chain.blockOf(record.rootHex);
    if (!record || !kept) throw new HttpError(404, `Block not found: ${id}`);
    const fork = this.forkAt(record.slot);
    const { header } = record;
    const message = { slot: header.slot, proposerIndex: header.proposerIndex, parentRoot: header.parentRoot, stateRoot: header.stateRoot, body: kept.body };
    const headers = { 'eth-consensus-version': fork };
    if (ssz) return sendSsz(res, concatSigned(kept.type.serialize(message)), headers);
    sendJson(
      res,
      200,
      { version: fork, execution_optimistic: false, finalized: record.slot <= this.chain.finalized.slot, data: { message: kept.type.toJson(message), signature: bytesToHex(G2_POINT_AT_INFINITY) } },
      headers,
    );
  }

  private resolveBlock(id: string): BlockRecord | undefined {
    if (id === 'head') return this.chain.head;
    if (id === 'finalized') return this.chain.finalized;
    if (id === 'genesis') return this.chain.genesis;
    if (/^0x[0-9a-fA-F]{64}$/.test(id)) return this.chain.blockRecord(id);
    if (/^(0|[1-9][0-9]{0,15})$/.test(id)) return this.chain.data.bySlot(BigInt(id));
    throw new HttpError(400, `block_id expected head, finalized, genesis, a slot or a 0x root, got ${id.slice(0, 80)}`);
  }
}

/** The beacon-bad-cell fault: each blob's cell in each column altered, whichever blob is sampled (copies: the store's stay whole). */
function badCells<S extends { column: Uint8Array[] }>(sidecars: S[], bad: boolean): S[] {
  if (!bad) return sidecars;
  return sidecars.map((s) => ({ ...s, column: s.column.map(alterFirstElement) }));
}

/** A copy whose first field element is another valid one (0 becomes 1, anything else 0): its KZG proof no longer verifies. */
function alterFirstElement(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const zero = out.subarray(0, 32).every((b) => b === 0);
  out.fill(0, 0, 32);
  if (zero) out[31] = 1;
  return out;
}

/** SignedBeaconBlock's SSZ: offset of the message (100: 4 + the 96-byte signature), the signature, the message. */
function concatSigned(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 96 + message.length);
  new DataView(out.buffer).setUint32(0, 100, true);
  out.set(G2_POINT_AT_INFINITY, 4);
  out.set(message, 100);
  return out;
}

/** An array query parameter, repeated (`?a=1&a=2`) or comma-separated (`?a=1,2`); undefined when absent. */
function listParam(url: URL, name: string): string[] | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function uintParam(url: URL, name: string): bigint {
  const v = url.searchParams.get(name);
  if (v === null || !/^(0|[1-9][0-9]{0,15})$/.test(v)) throw new HttpError(400, `${name} expected a decimal integer, got ${String(v).slice(0, 40)}`);
  return BigInt(v);
}

/** Whether the Accept header prefers application/octet-stream (by q-value) over JSON. */
export function wantsSsz(accept: string | undefined): boolean {
  if (!accept) return false;
  let ssz = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === 'application/octet-stream') ssz = Math.max(ssz, q);
    else if (type === 'application/json' || type === '*/*' || type === 'application/*') json = Math.max(json, q);
  }
  return ssz > 0 && ssz >= json;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...headers });
  res.end(body);
}

function sendSsz(res: ServerResponse, bytes: Uint8Array, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

/**
 * The devnet rollup's L2 RPC (circuits/SPEC.md, "The L2 RPC"): JSON-RPC 2.0 over HTTP POST on
 * 127.0.0.1, single requests and batches (a JSON array, answered in order; notifications, without
 * an id, are answered by nothing). It serves the sequencer's ledger (./sequencer.ts):
 *
 * - `eth_chainId` → the L2's chain id (0x-hex).
 * - `vigil_getAccountProof(index, batch | "latest" | "pending")` → `{ index, batch, leaf: {owner, ax, ay,
 *   balance, nonce} | null, siblings: [D], root }` (numbers 0x-hex, index a JSON integer) in the
 *   state after `batch`: "latest" is the last batch L1 accepted, "pending" the sequencer's head
 *   (formed batches not yet committed included: nothing L1 vouches for).
 * - `vigil_getAccountIndex(owner, ax, ay)` → index | null (an account a queued deposit opens counts);
 *   `vigil_getAccountIndex(owner)`: the lowest index `owner` owns, whatever its key.
 * - `vigil_getBatch(batch | "latest")` → `{ batch, status, txs: [{type, from, to, amount, owner, ax,
 *   ay}], oldRoot, newRoot, txDataHash, queueStart, queueEnd, l1TxHash, l1Block, proof,
 *   publicSignals, provingMs, proofReused, heartbeat, posting, blob }` or null; `l1TxHash`, `proof` are null until
 *   committed/proven; `proofReused`: the proof is an earlier batch's of the same statement (an idle
 *   rollup's heartbeats, ./prover.ts), `provingMs` 0 then. `posting` says how the batch goes to
 *   L1: "blob" (the commit transaction's first blob; `blob` is then `{ versionedHash, commitment,
 *   z, y }`, the evaluation its commit proves) or "calldata" (`blob` null).
 * - `vigil_sendTransfer({from, to, amount, nonce, signature: {R8x, R8y, S}})` and
 *   `vigil_sendWithdraw({from, amount, nonce, owner?, signature})` → the accepted transaction's
 *   id. The signature is checked (EdDSA-Poseidon over Poseidon(type, from, to, amount, nonce)
 *   with the account's key) before anything is accepted; a refusal is error -32003 with
 *   `data.code` (L2_SIGNATURE_INVALID, L2_ACCOUNT_MISSING, L2_NONCE_USED, …).
 * - `vigil_getTransaction(id)` → `{ id, status: pending | included | dropped, batch?, slot?, code?,
 *   reason? }` or null: a transaction the sequencer dropped keeps its reason here.
 * - `vigil_status` → `{ batchCount, pending, sequencerPaused, proverPaused, formed, queued,
 *   queueHead, queueTail, frozen, halted, lastProvingMs }`.
 *
 * Parameters take numbers as JSON integers, 0x-hex or decimal strings. Bad parameters are
 * -32602, unknown methods -32601.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bigIntToHex, bytesToHex, describe } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { EdDSASignature } from '../../crypto/babyjub.ts';
import { FIELD_ORDER } from '../../crypto/poseidon.ts';
import { TX_FIELDS } from '../../l2/vigil-zk/transactions.ts';
import { OWNER_LIMIT, BALANCE_LIMIT, NONCE_LIMIT } from '../../l2/vigil-zk/tree.ts';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http-util.ts';
import { DEVNET_HOST } from '../ports.ts';
import { type RollupBatch, type RollupLedger, type Sequencer, TxRefused } from './sequencer.ts';

export interface L2RpcOptions {
  ledger: RollupLedger;
  sequencer: Sequencer;
  chainId: number;
  /** Whether the switchboard's faults are on (for vigil_status). */
  sequencerPaused: () => boolean;
  proverPaused: () => boolean;
  /** The fault switchboard's L2 RPC lies (l2-proof-balance, l2-commit-hint): what the client must refuse. */
  lies?: { accountBalance(): boolean; commitHint(): boolean };
  /** Default: a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface L2Rpc {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1 << 20;
const MAX_BATCH = 100;

/** A JSON-RPC error answered as it is. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const hex = (x: bigint | number): string => bigIntToHex(x);

/**
 * @example
 * const l2 = await startL2Rpc({ ledger, sequencer, chainId: 31339, sequencerPaused, proverPaused });
 * await jsonRpcCall(l2.url, 'vigil_getAccountProof', [0, 'latest'], opts);
 */
export async function startL2Rpc(options: L2RpcOptions): Promise<L2Rpc> {
  const { ledger, sequencer } = options;

  const methods: Record<string, (params: unknown[]) => unknown> = {
    eth_chainId: () => hex(options.chainId),
    vigil_status: () => {
      const last = ledger.batches.filter((b) => b.provingMs !== undefined && !b.proofReused).at(-1);
      return {
        batchCount: ledger.committedBatch,
        pending: ledger.mempool.length,
        sequencerPaused: options.sequencerPaused(),
        proverPaused: options.proverPaused(),
        formed: ledger.batches.length,
        queued: ledger.waitingQueue(),
        queueHead: ledger.l1 ? Number(ledger.l1.queueHead) : null,
        queueTail: ledger.l1 ? Number(ledger.l1.queueTail) : null,
        frozen: ledger.l1?.frozen ?? false,
        halted: ledger.halted ?? null,
        lastProvingMs: last?.provingMs === undefined ? null : Math.round(last.provingMs),
      };
    },
    vigil_getAccountProof: (params) => {
      const depth = ledger.genesis.depth;
      const index = aindex(params[0], 'index', depth);
      const which = params[1] ?? 'latest';
      const batch = which === 'latest' ? ledger.committedBatch : which === 'pending' ? ledger.batches.length : abatchNumber(which, 'batch');
      const state = ledger.stateAt(batch);
      if (state === null) throw new RpcError(-32602, `no batch ${batch} yet (${ledger.batches.length} formed, ${ledger.committedBatch} committed)`);
      const account = state.account(index);
      return {
        index,
        batch,
        leaf:
          account === null
            ? null
            : { owner: hex(account.owner), ax: hex(account.ax), ay: hex(account.ay), balance: hex(account.balance + (options.lies?.accountBalance() ? 10n ** 18n : 0n)), nonce: hex(account.nonce) },
        siblings: state.siblings(index).map(hex),
        root: hex(state.root),
      };
    },
    vigil_getAccountIndex: (params) => {
      const owner = afield(params[0], 'owner', OWNER_LIMIT);
      if (params[1] === undefined && params[2] === undefined) return ledger.accountIndex(owner);
      return ledger.accountIndex(owner, { ax: afield(params[1], 'ax'), ay: afield(params[2], 'ay') });
    },
    vigil_getBatch: (params) => {
      const n = params[0] === 'latest' ? ledger.committedBatch : abatchNumber(params[0], 'batch');
      const batch = ledger.batch(n);
      if (batch === null) return null;
      const json = batchJson(batch);
      const before = n > 1 && options.lies?.commitHint() ? ledger.batch(n - 1) : null;
      return before === null ? json : { ...json, l1TxHash: batchJson(before).l1TxHash };
    },
    vigil_sendTransfer: (params) => {
      const p = aobjectParam(params[0], 'transfer');
      const depth = ledger.genesis.depth;
      return sequencer.submit({
        kind: 'transfer',
        from: aindex(p.from, 'from', depth),
        to: aindex(p.to, 'to', depth),
        amount: afield(p.amount, 'amount', BALANCE_LIMIT),
        nonce: afield(p.nonce, 'nonce', NONCE_LIMIT),
        signature: asignature(p.signature),
      });
    },
    vigil_sendWithdraw: (params) => {
      const p = aobjectParam(params[0], 'withdraw');
      const depth = ledger.genesis.depth;
      return sequencer.submit({
        kind: 'withdraw',
        from: aindex(p.from, 'from', depth),
        to: 0,
        amount: afield(p.amount, 'amount', BALANCE_LIMIT),
        nonce: afield(p.nonce, 'nonce', NONCE_LIMIT),
        signature: asignature(p.signature),
        ...(p.owner !== undefined && p.owner !== null ? { owner: afield(p.owner, 'owner', OWNER_LIMIT) } : {}),
      });
    },
    vigil_getTransaction: (params) => {
      const id = params[0];
      if (typeof id !== 'string' || !/^0x[0-9a-f]{64}$/.test(id)) throw new RpcError(-32602, `"id" expected a transaction id (0x + 64 hex digits), got ${describe(id)}`);
      const status = ledger.statuses.get(id);
      return status === undefined ? null : { id, ...status };
    },
  };

  const answer = (request: unknown): Record<string, unknown> | null => {
    if (!isObject(request) || typeof request.method !== 'string') {
      return { jsonrpc: '2.0', id: isObject(request) ? (request.id ?? null) : null, error: { code: -32600, message: 'invalid request: expected {"jsonrpc":"2.0","id","method","params"}' } };
    }
    const notification = !('id' in request);
    const envelope = { jsonrpc: '2.0', id: request.id ?? null };
    const method = methods[request.method];
    try {
      if (method === undefined) throw new RpcError(-32601, `the method ${request.method.slice(0, 60)} does not exist on the L2 RPC`);
      const params = request.params === undefined ? [] : request.params;
      if (!Array.isArray(params)) throw new RpcError(-32602, '"params" expected an array');
      const result = method(params);
      return notification ? null : { ...envelope, result: result === undefined ? null : result };
    } catch (err) {
      if (notification) return null;
      if (err instanceof RpcError) return { ...envelope, error: { code: err.code, message: err.message, ...(err.data !== undefined ? { data: err.data } : {}) } };
      if (err instanceof TxRefused) return { ...envelope, error: { code: -32003, message: `transaction rejected: ${err.message}`, data: { code: err.code } } };
      if (err instanceof InputError) return { ...envelope, error: { code: -32602, message: err.shortMessage } };
      options.log?.(`rollup: L2 RPC ${request.method} failed: ${(err as Error).stack ?? String(err)}`);
      return { ...envelope, error: { code: -32603, message: `internal error: ${(err as Error).message}` } };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'POST JSON-RPC here' } });
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, MAX_REQUEST_BYTES)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { jsonrpc: '2.0', id: null, error: { code: -32600, message: err.message } });
      return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error: the body is not JSON' } });
    }
    if (!Array.isArray(json)) {
      const one = answer(json);
      if (one === null) {
        res.writeHead(204).end();
        return;
      }
      return sendJson(res, 200, one);
    }
    if (json.length === 0) return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: empty batch' } });
    if (json.length > MAX_BATCH) return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32600, message: `invalid request: batch of more than ${MAX_BATCH}` } });
    const answers = json.map(answer).filter((a): a is Record<string, unknown> => a !== null);
    if (answers.length === 0) {
      res.writeHead(204).end();
      return;
    }
    return sendJson(res, 200, answers);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      sendJson(res, 500, { jsonrpc: '2.0', id: null, error: { code: -32603, message: (err as Error).message } });
    });
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://${DEVNET_HOST}:${port}`;
  options.log?.(`rollup: L2 RPC at ${url}`);
  return { url, port, stop: () => closeServer(server) };
}

/** A batch as vigil_getBatch answers it. */
export function batchJson(b: RollupBatch): Record<string, unknown> {
  return {
    batch: b.batch,
    status: b.status,
    txs: b.txs.map((tx) => Object.fromEntries(TX_FIELDS.map((f) => [f, hex(tx[f])]))),
    oldRoot: hex(b.oldRoot),
    newRoot: hex(b.newRoot),
    txDataHash: hex(b.txDataHash),
    queueStart: Number(b.queueStart),
    queueEnd: Number(b.queueEnd),
    l1TxHash: b.l1TxHash ?? null,
    l1Block: b.l1Block ?? null,
    proof: b.proof ?? null,
    publicSignals: b.publicSignals ?? null,
    provingMs: b.provingMs === undefined ? null : Math.round(b.provingMs),
    proofReused: b.proofReused ?? false,
    heartbeat: b.heartbeat,
    posting: b.posting,
    blob: b.blob === undefined ? null : { versionedHash: bytesToHex(b.blob.data.versionedHash), commitment: bytesToHex(b.blob.data.commitment), z: hex(b.blob.z), y: hex(b.blob.y) },
  };
}

// ---- parameters ----

/** A non-negative integer below `limit` from a JSON integer, 0x-hex or a decimal string. */
function afield(value: unknown, title: string, limit: bigint = FIELD_ORDER): bigint {
  let n: bigint | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
  else if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^[0-9]{1,78}$/.test(value)) n = BigInt(value);
  if (n === undefined) throw new RpcError(-32602, `"${title}" expected a non-negative integer (JSON number, 0x-hex or decimal string), got ${describe(value)}`);
  if (n >= limit) throw new RpcError(-32602, `"${title}" expected a value below ${hex(limit)}, got ${hex(n)}`);
  return n;
}

function aindex(value: unknown, title: string, depth: number): number {
  return Number(afield(value, title, 2n ** BigInt(depth)));
}

function abatchNumber(value: unknown, title: string): number {
  return Number(afield(value, title, 1n << 32n));
}

function aobjectParam(value: unknown, title: string): Record<string, unknown> {
  if (!isObject(value)) throw new RpcError(-32602, `"${title}" expected an object parameter, got ${describe(value)}`);
  return value;
}

function asignature(value: unknown): EdDSASignature {
  const s = aobjectParam(value, 'signature');
  return { R8x: afield(s.R8x, 'signature.R8x'), R8y: afield(s.R8y, 'signature.R8y'), S: afield(s.S, 'signature.S') };
}

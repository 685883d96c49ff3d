import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { ReplayJsonRpc, requestKey } from '../../../src/rpc/execution-replay.ts';
import { jsonRpcBatch } from '../../../src/rpc/http.ts';
import { sendJson, startServer, type TestServer } from './server.ts';

const servers: TestServer[] = [];
const serve = async (handler: TestServer['handler']) => {
  const s = await startServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A bound for answers that come: it holds on a loaded machine. */
const limits = { timeoutMs: 30_000, maxBytes: 1 << 16 };
type Call = { id: number; method: string; params: unknown[] };

/** A node that takes batches: answers each call with its method name, in reverse order. */
const batchingNode = (answer: (c: Call) => unknown = (c) => ({ jsonrpc: '2.0', id: c.id, result: c.method })) =>
  serve((_req, res, body) => {
    const json = JSON.parse(body) as Call | Call[];
    if (Array.isArray(json)) sendJson(res, json.map(answer).filter((a) => a !== undefined).reverse());
    else sendJson(res, answer(json));
  });

describe('jsonRpcBatch', () => {
  it('matches answers to calls by id, in any order, each call standing alone', async () => {
    const s = await batchingNode((c) =>
      c.method === 'bad' ? { jsonrpc: '2.0', id: c.id, error: { code: -32000, message: 'no such thing', data: '0x01' } } : { jsonrpc: '2.0', id: c.id, result: c.params },
    );
    const out = await jsonRpcBatch(s.url, [
      { method: 'a', params: [1] },
      { method: 'bad', params: [] },
      { method: 'c', params: ['x'] },
    ], limits);
    expect(out[0]).toEqual({ ok: true, result: [1] });
    expect(out[1]!.ok).toBe(false);
    const err = (out[1] as { error: TransportError }).error;
    expect(err.code).toBe('RPC_ERROR');
    expect(err.rpcCode).toBe(-32000);
    expect(err.rpcData).toBe('0x01');
    expect(out[2]).toEqual({ ok: true, result: ['x'] });
    expect(s.requests).toHaveLength(1);
  });

  it('gives BAD_RESPONSE to a call left unanswered or answered twice', async () => {
    const s = await serve((_req, res, body) => {
      const calls = JSON.parse(body) as Call[];
      sendJson(res, [{ jsonrpc: '2.0', id: calls[0]!.id, result: 1 }, { jsonrpc: '2.0', id: calls[0]!.id, result: 2 }]);
    });
    const out = await jsonRpcBatch(s.url, [{ method: 'a', params: [] }, { method: 'b', params: [] }], limits);
    expect(out.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE']);
  });

  it('throws when the answer is not an array (a server that takes no batches)', async () => {
    const s = await serve((_req, res) => sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch requests are not supported' } }));
    const err = await jsonRpcBatch(s.url, [{ method: 'a', params: [] }, { method: 'b', params: [] }], limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('BAD_RESPONSE');
    expect((err as TransportError).message).toMatch(/not supported/);
  });
});

describe('ExecutionRpc.batchAt', () => {
  it('sends one HTTP batch per maxBatch calls', async () => {
    const s = await batchingNode();
    const rpc = new ExecutionRpc({ endpoints: [s.url], maxBatch: 2 });
    const out = await rpc.batchAt(s.url, ['a', 'b', 'c', 'd', 'e'].map((method) => ({ method, params: [] })));
    expect(out.map((o) => (o.ok ? o.result : o.error.code))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.requests).toHaveLength(3);
  });

  it('falls back to parallel single calls at an endpoint that refuses batches, and remembers it', async () => {
    const s = await serve((_req, res, body) => {
      const json = JSON.parse(body) as Call | Call[];
      if (Array.isArray(json)) return sendJson(res, { error: 'batch not allowed' }, 405);
      sendJson(res, { jsonrpc: '2.0', id: json.id, result: json.method });
    });
    const rpc = new ExecutionRpc({ endpoints: [s.url] });
    const calls = ['a', 'b', 'c'].map((method) => ({ method, params: [] }));
    expect((await rpc.batchAt(s.url, calls)).map((o) => o.ok && o.result)).toEqual(['a', 'b', 'c']);
    expect(s.requests).toHaveLength(4);
    await rpc.batchAt(s.url, calls);
    expect(s.requests).toHaveLength(7);
  });

  it('does not retry call by call when the endpoint is unreachable', async () => {
    const s = await serve((req) => {
      req.socket.destroy();
    });
    const rpc = new ExecutionRpc({ endpoints: [s.url] });
    const err = await rpc.batchAt(s.url, [{ method: 'a', params: [] }, { method: 'b', params: [] }]).catch((e: unknown) => e);
    expect((err as TransportError).code).toBe('NETWORK');
    expect(s.requests).toHaveLength(1);
  });
});

describe('ReplayJsonRpc', () => {
  const exchanges = [
    { request: { jsonrpc: '2.0', id: 7, method: 'eth_getCode', params: ['0xABCDEF', '0x10'] }, response: { jsonrpc: '2.0', id: 7, result: '0x6000' } },
    { request: { method: 'eth_call', params: [{ to: '0x01', data: '0x' }, 'latest'] }, response: { error: { code: 3, message: 'execution reverted', data: '0xdead' } } },
  ];

  it('answers a recorded request whatever the case of its hex and the order of its keys', async () => {
    const replay = new ReplayJsonRpc(exchanges);
    const rpc = new ExecutionRpc({ endpoints: ['http://replay.invalid'], transport: replay });
    expect(await rpc.callAt(rpc.endpoints[0]!, 'eth_getCode', ['0xabcdef', '0x10'])).toBe('0x6000');
    const err = (await rpc.callAt(rpc.endpoints[0]!, 'eth_call', [{ data: '0x', to: '0x01' }, 'latest']).catch((e: unknown) => e)) as TransportError;
    expect([err.code, err.rpcCode, err.rpcData]).toEqual(['RPC_ERROR', 3, '0xdead']);
    expect(replay.calls).toEqual([requestKey('eth_getCode', ['0xabcdef', '0x10']), requestKey('eth_call', [{ to: '0x01', data: '0x' }, 'latest'])]);
  });

  it('fails a request it does not hold as NOT_RECORDED, batch elements one by one', async () => {
    const rpc = new ExecutionRpc({ endpoints: ['http://replay.invalid'], transport: new ReplayJsonRpc(exchanges) });
    const out = await rpc.batchAt(rpc.endpoints[0]!, [
      { method: 'eth_getCode', params: ['0xabcdef', '0x11'] },
      { method: 'eth_getCode', params: ['0xabcdef', '0x10'] },
    ]);
    expect(out[0]!.ok ? 'ok' : out[0]!.error.code).toBe('NOT_RECORDED');
    expect(out[1]).toEqual({ ok: true, result: '0x6000' });
  });

  it('refuses a recording that is not a list of exchanges', () => {
    expect(() => new ReplayJsonRpc({})).toThrow(/JSON array/);
    expect(() => new ReplayJsonRpc([{ request: { params: [] }, response: {} }])).toThrow(/entry 0/);
  });
});

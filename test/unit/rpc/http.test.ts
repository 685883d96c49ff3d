import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { httpGet, jsonRpcCall } from '../../../src/rpc/http.ts';
import { deadUrl, sendJson, startServer, type TestServer } from './server.ts';

const servers: TestServer[] = [];
const serve = async (handler: TestServer['handler']) => {
  const s = await startServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The TransportError a promise rejects with (fails the test on anything else). */
async function transportError(p: Promise<unknown>): Promise<TransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

/** A bound for answers that come: it holds on a loaded machine; tests of the timeout set their own. */
const limits = { timeoutMs: 30_000, maxBytes: 1024 };

describe('httpGet', () => {
  it('returns status, headers and body bytes, sending Accept', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'x-test': 'yes', 'content-type': 'text/plain' });
      res.end('hello');
    });
    const r = await httpGet(`${s.url}/a/b?c=1`, { ...limits, accept: 'application/json' });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-test')).toBe('yes');
    expect(new TextDecoder().decode(r.bytes)).toBe('hello');
    expect(s.requests).toEqual(['GET /a/b?c=1']);
    expect(s.headers[0]!.accept).toBe('application/json');
  });

  it('returns non-2xx statuses to the caller', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(503);
      res.end('busy');
    });
    const r = await httpGet(s.url, limits);
    expect(r.status).toBe(503);
    expect(new TextDecoder().decode(r.bytes)).toBe('busy');
  });

  it('accepts a body of exactly maxBytes, streamed without Content-Length', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(512, 1));
      res.end(Buffer.alloc(512, 2));
    });
    const r = await httpGet(s.url, limits);
    expect(r.bytes.length).toBe(1024);
    expect(r.bytes[0]).toBe(1);
    expect(r.bytes[1023]).toBe(2);
  });

  it('times out when no headers come', async () => {
    // The server never answers: only the timeout ends the request.
    const s = await serve(() => {});
    const err = await transportError(httpGet(s.url, { timeoutMs: 150, maxBytes: 1024 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.url).toBe(s.url);
    expect(err.shortMessage).toBe('no complete response within 150 ms');
  });

  it('times out when the body stalls after the headers', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const err = await transportError(httpGet(s.url, { timeoutMs: 150, maxBytes: 1024 }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('cuts off a streamed body past maxBytes without reading the rest', async () => {
    let closed = false;
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.on('close', () => (closed = true));
      const pump = () => {
        if (closed || written > 64 * 1024 * 1024) return res.end();
        written += 16 * 1024;
        if (res.write(Buffer.alloc(16 * 1024))) setImmediate(pump);
        else res.once('drain', pump);
      };
      pump();
    });
    const err = await transportError(httpGet(s.url, { timeoutMs: 5_000, maxBytes: 100_000 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.shortMessage).toBe('the response body exceeds the limit of 100000 bytes');
    await expect.poll(() => closed).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('rejects a declared Content-Length over the limit before reading the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '10000000' });
      res.write('x'); // then stalls: only the header can end this quickly
    });
    const err = await transportError(httpGet(s.url, { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.status).toBe(200);
    expect(err.shortMessage).toBe('the response declares 10000000 bytes, over the limit of 1024');
  });

  it('maps a refused connection to NETWORK', async () => {
    const url = await deadUrl();
    const err = await transportError(httpGet(url, limits));
    expect(err.code).toBe('NETWORK');
    expect(err.cause).toBeDefined();
  });

  it('maps a connection reset mid-body to NETWORK', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('abc', () => setTimeout(() => res.destroy(), 20));
    });
    const err = await transportError(httpGet(s.url, limits));
    expect(err.code).toBe('NETWORK');
  });

  it("rejects with the caller's abort reason, not a transport error", async () => {
    const s = await serve(() => {});
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 30);
    await expect(httpGet(s.url, { ...limits, signal: controller.signal })).rejects.toBe(reason);
    await expect(httpGet(s.url, { ...limits, signal: controller.signal })).rejects.toBe(reason);
  });

  it('refuses non-http URLs and bad limits as input errors', async () => {
    await expect(httpGet('file:///etc/passwd', limits)).rejects.toBeInstanceOf(InputError);
    await expect(httpGet('not a url', limits)).rejects.toBeInstanceOf(InputError);
    await expect(httpGet('http://127.0.0.1:1', { timeoutMs: -1, maxBytes: 1 })).rejects.toBeInstanceOf(InputError);
  });
});

describe('jsonRpcCall', () => {
  const rpc = (reply: (req: { id: unknown; method: string; params: unknown }) => unknown, status = 200) =>
    serve((_req, res, body) => {
      const request = JSON.parse(body) as { id: unknown; method: string; params: unknown };
      const out = reply(request);
      if (typeof out === 'string') {
        res.writeHead(status);
        res.end(out);
      } else sendJson(res, out, status);
    });

  it('posts a JSON-RPC 2.0 request and returns the result', async () => {
    const s = await rpc((r) => ({ jsonrpc: '2.0', id: r.id, result: { method: r.method, params: r.params } }));
    const result = await jsonRpcCall(s.url, 'eth_getBalance', ['0xab', 'latest'], limits);
    expect(result).toEqual({ method: 'eth_getBalance', params: ['0xab', 'latest'] });
    expect(s.requests).toEqual(['POST /']);
    expect(s.headers[0]!['content-type']).toBe('application/json');
  });

  it('throws RPC_ERROR carrying the JSON-RPC code and data', async () => {
    const s = await rpc((r) => ({ jsonrpc: '2.0', id: r.id, error: { code: -32000, message: 'header not found', data: '0x01' } }));
    const err = await transportError(jsonRpcCall(s.url, 'eth_getProof', [], limits));
    expect(err.code).toBe('RPC_ERROR');
    expect(err.rpcCode).toBe(-32000);
    expect(err.rpcData).toBe('0x01');
    expect(err.shortMessage).toBe('eth_getProof: JSON-RPC error -32000: header not found');
  });

  it('reads a JSON-RPC error sent with an HTTP error status', async () => {
    const s = await rpc((r) => ({ jsonrpc: '2.0', id: r.id, error: { code: -32601, message: 'method not found' } }), 400);
    const err = await transportError(jsonRpcCall(s.url, 'eth_nope', [], limits));
    expect(err.code).toBe('RPC_ERROR');
    expect(err.rpcCode).toBe(-32601);
    expect(err.status).toBe(400);
  });

  it('throws HTTP_STATUS for an error status without a JSON-RPC error', async () => {
    const s = await rpc(() => '<html>bad gateway</html>', 502);
    const err = await transportError(jsonRpcCall(s.url, 'eth_blockNumber', [], limits));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.status).toBe(502);
  });

  it.each([
    ['not JSON', () => 'nope', 'the response body is not valid JSON'],
    ['an array', () => [1], 'eth_chainId: the JSON-RPC response is not an object'],
    ['a wrong id', () => ({ jsonrpc: '2.0', id: 'other', result: 1 }), 'eth_chainId: expected response id'],
    ['no result', (r: { id: unknown }) => ({ jsonrpc: '2.0', id: r.id }), 'eth_chainId: the JSON-RPC response has neither result nor error'],
    ['a malformed error', (r: { id: unknown }) => ({ jsonrpc: '2.0', id: r.id, error: 'boom' }), 'eth_chainId: the JSON-RPC error object is malformed'],
    ['a wrong jsonrpc', (r: { id: unknown }) => ({ jsonrpc: '1.0', id: r.id, result: 1 }), 'eth_chainId: expected jsonrpc "2.0"'],
    // JSON can name an object's toString: String() of it would throw a TypeError.
    ['a jsonrpc object with its own toString', (r: { id: unknown }) => ({ jsonrpc: { toString: 1 }, id: r.id, result: 1 }), 'eth_chainId: expected jsonrpc "2.0", got object'],
    ['an id object with its own toString', () => ({ jsonrpc: '2.0', id: { toString: 1 }, result: 1 }), 'eth_chainId: expected response id'],
  ])('throws BAD_RESPONSE for %s', async (_name, reply, message) => {
    const s = await rpc(reply);
    const err = await transportError(jsonRpcCall(s.url, 'eth_chainId', [], limits));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.shortMessage.startsWith(message)).toBe(true);
  });

  it('enforces the size limit and the timeout', async () => {
    const big = await rpc((r) => ({ jsonrpc: '2.0', id: r.id, result: 'x'.repeat(5000) }));
    expect((await transportError(jsonRpcCall(big.url, 'eth_call', [], limits))).code).toBe('TOO_LARGE');
    const slow = await serve(() => {});
    expect((await transportError(jsonRpcCall(slow.url, 'eth_call', [], { timeoutMs: 100, maxBytes: 1024 }))).code).toBe('TIMEOUT');
  });
});

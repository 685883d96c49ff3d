/**
 * An EIP-3668 gateway asked over HTTP (src/rpc/ccip-gateway.ts), against a real server on
 * 127.0.0.1: GET and POST as the request says, EIP-3668's JSON answer (or a bare hex body), the
 * gateway's HTTP error with its status, and the bounds: a body too large, a gateway too slow, no
 * hex, a scheme that is not http(s).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, TransportError } from '../../../src/core/errors.ts';
import { askGateway } from '../../../src/rpc/ccip-gateway.ts';
import { sendJson, startServer, type TestServer } from './server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err instanceof TransportError ? err.code : err instanceof InputError ? 'InputError' : String(err);
  }
}

describe('askGateway', () => {
  it("GETs and reads EIP-3668's {data}", async () => {
    server = await startServer((_req, res) => sendJson(res, { data: '0xC0FFEE' }));
    const data = await askGateway({ url: `${server.url}/0xabc/0x12.json`, method: 'GET' });
    expect([...data]).toEqual([0xc0, 0xff, 0xee]);
    expect(server.requests).toEqual(['GET /0xabc/0x12.json']);
  });

  it('POSTs the JSON body it is given', async () => {
    let body = '';
    server = await startServer((req, res, b) => {
      body = b;
      expect(req.headers['content-type']).toBe('application/json');
      sendJson(res, { data: '0x01' });
    });
    await askGateway({ url: `${server.url}/`, method: 'POST', body: '{"data":"0x12","sender":"0xab"}' });
    expect(JSON.parse(body)).toEqual({ data: '0x12', sender: '0xab' });
  });

  it('takes a bare hex body, as viem does', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('0x0102\n');
    });
    expect([...(await askGateway({ url: server.url, method: 'GET' }))]).toEqual([1, 2]);
  });

  it("says a gateway's HTTP error with its status and message", async () => {
    server = await startServer((_req, res) => sendJson(res, { message: 'no such name' }, 404));
    const err = await askGateway({ url: server.url, method: 'GET' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toBe(404);
    expect((err as TransportError).shortMessage).toMatch(/404: no such name/);
  });

  it('refuses an answer with no whole-byte hex, a body over the limit, a gateway too slow, a scheme not http(s)', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/nohex') sendJson(res, { data: 'hello' });
      else if (req.url === '/odd') sendJson(res, { data: '0x123' });
      else if (req.url === '/big') sendJson(res, { data: '0x' + 'ab'.repeat(5000) });
      // /slow never answers
    });
    expect(await codeOf(askGateway({ url: `${server.url}/nohex`, method: 'GET' }))).toBe('BAD_RESPONSE');
    expect(await codeOf(askGateway({ url: `${server.url}/odd`, method: 'GET' }))).toBe('BAD_RESPONSE');
    expect(await codeOf(askGateway({ url: `${server.url}/big`, method: 'GET' }, { maxBytes: 1000 }))).toBe('TOO_LARGE');
    expect(await codeOf(askGateway({ url: `${server.url}/slow`, method: 'GET' }, { timeoutMs: 200 }))).toBe('TIMEOUT');
    expect(await codeOf(askGateway({ url: 'file:///etc/passwd', method: 'GET' }))).toBe('InputError');
  });
});

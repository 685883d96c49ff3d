/**
 * An EIP-3668 gateway asked over HTTP (src/rpc/ccip-gateway.ts), against a real server on
 * 127.0.0.1: GET and POST as the request says, EIP-3668's JSON answer (or a bare hex body), the
 * gateway's HTTP error with its status, and the bounds: a body too large, a gateway too slow, no
 * hex, a scheme that is not http(s). The test server is on loopback, so those are asked as on the
 * user's own network (`allowPrivate`); outside it such a gateway is refused before anything is
 * sent, and no gateway's redirect is ever followed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, TransportError } from '../../../src/core/errors.ts';
import { askGateway } from '../../../src/rpc/ccip-gateway.ts';
import { sendJson, startServer, type TestServer } from './server.ts';

/** As on the user's own network (a devnet's gateway on 127.0.0.1). */
const OWN = { allowPrivate: true };

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
    const data = await askGateway({ url: `${server.url}/0xabc/0x12.json`, method: 'GET' }, OWN);
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
    await askGateway({ url: `${server.url}/`, method: 'POST', body: '{"data":"0x12","sender":"0xab"}' }, OWN);
    expect(JSON.parse(body)).toEqual({ data: '0x12', sender: '0xab' });
  });

  it('takes a bare hex body, as viem does', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('0x0102\n');
    });
    expect([...(await askGateway({ url: server.url, method: 'GET' }, OWN))]).toEqual([1, 2]);
  });

  it("says a gateway's HTTP error with its status and message", async () => {
    server = await startServer((_req, res) => sendJson(res, { message: 'no such name' }, 404));
    const err = await askGateway({ url: server.url, method: 'GET' }, OWN).catch((e: unknown) => e);
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
    expect(await codeOf(askGateway({ url: `${server.url}/nohex`, method: 'GET' }, OWN))).toBe('BAD_RESPONSE');
    expect(await codeOf(askGateway({ url: `${server.url}/odd`, method: 'GET' }, OWN))).toBe('BAD_RESPONSE');
    expect(await codeOf(askGateway({ url: `${server.url}/big`, method: 'GET' }, { ...OWN, maxBytes: 1000 }))).toBe('TOO_LARGE');
    expect(await codeOf(askGateway({ url: `${server.url}/slow`, method: 'GET' }, { ...OWN, timeoutMs: 200 }))).toBe('TIMEOUT');
    expect(await codeOf(askGateway({ url: 'file:///etc/passwd', method: 'GET' }))).toBe('InputError');
  });

  it("follows no redirect: the allowed gateway's 30x is REDIRECT_REFUSED and its target (here another loopback server) is never asked", async () => {
    const target = await startServer((_req, res) => sendJson(res, { data: '0xbad0' }));
    try {
      server = await startServer((req, res) => {
        res.writeHead(req.method === 'POST' ? 307 : 302, { location: `${target.url}/steal${req.url}` });
        res.end();
      });
      for (const request of [{ url: `${server.url}/0xabc/0x12.json`, method: 'GET' as const }, { url: `${server.url}/`, method: 'POST' as const, body: '{"data":"0x12","sender":"0xab"}' }]) {
        const err = await askGateway(request, OWN).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransportError);
        expect(err).toMatchObject({ code: 'REDIRECT_REFUSED', status: request.method === 'POST' ? 307 : 302 });
      }
      expect(server.requests).toHaveLength(2);
      expect(target.requests).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it("refuses a gateway on the user's machine or LAN outside their own network, before any request", async () => {
    server = await startServer((_req, res) => sendJson(res, { data: '0x01' }));
    const port = new URL(server.url).port;
    const urls = [
      server.url,
      `http://localhost:${port}/`,
      `http://gw.localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://2130706433:${port}/`,
      'http://192.168.1.1/',
      'http://10.0.0.2/',
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/',
      'http://[fd12::1]/',
    ];
    for (const url of urls) {
      for (const method of ['GET', 'POST'] as const) expect([url, await codeOf(askGateway({ url, method }))]).toEqual([url, 'PRIVATE_ADDRESS_REFUSED']);
    }
    expect(server.requests).toEqual([]);
    // On the user's own network the same gateway is asked.
    expect([...(await askGateway({ url: server.url, method: 'GET' }, OWN))]).toEqual([1]);
  });
});

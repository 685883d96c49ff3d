import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { type LightClientResponse, RestBeaconApi, type RestBeaconApiOptions } from '../../../src/rpc/beacon.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { bootstrap, checkpoint, digestOf, finality, forkFromDigest, optimistic, updates } from './fixtures.ts';
import { deadUrl, frame, sendBytes, sendJson, startServer, type TestServer } from './server.ts';

const servers: TestServer[] = [];
const serve = async (handler: TestServer['handler']) => {
  const s = await startServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const LC = '/eth/v1/beacon/light_client';
const utf8 = (s: string) => new TextEncoder().encode(s);
const periodOf = (u: (typeof updates)[number]) =>
  Math.floor(Number((u.data.attested_header as { beacon: { slot: string } }).beacon.slot) / 8192);

/**
 * An API over `endpoints` with no retries and a recording sleep, unless overridden. Its answer
 * bound holds on a loaded machine (a local fixture answer took over 1 s beside a busy loop on
 * 2 cores); tests of the timeout itself set their own.
 */
function api(endpoints: string[], options: Partial<RestBeaconApiOptions> = {}) {
  const sleeps: number[] = [];
  const beacon = new RestBeaconApi({
    endpoints,
    encoding: 'json',
    forkFromDigest,
    timeoutMs: 30_000,
    retries: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { beacon, sleeps };
}

async function transportError(p: Promise<unknown>): Promise<TransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

/** A beacon node serving the mainnet fixtures, as JSON or SSZ (payload = the JSON text, opaque here). */
function fixtureNode(encoding: 'json' | 'ssz') {
  return (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url!, 'http://x');
    const single = (obj: { version: string; data: unknown }) =>
      encoding === 'json'
        ? sendJson(res, obj, 200, { 'eth-consensus-version': obj.version })
        : sendBytes(res, utf8(JSON.stringify(obj.data)), { 'eth-consensus-version': obj.version });
    switch (u.pathname) {
      case `${LC}/bootstrap/${checkpoint}`:
        return single(bootstrap);
      case `${LC}/finality_update`:
        return single(finality);
      case `${LC}/optimistic_update`:
        return single(optimistic);
      case `${LC}/updates`: {
        const start = Number(u.searchParams.get('start_period'));
        const count = Number(u.searchParams.get('count'));
        const chosen = updates.filter((x) => periodOf(x) >= start && periodOf(x) < start + count);
        if (encoding === 'json') return sendJson(res, chosen);
        return sendBytes(res, frame(chosen.map((x) => ({ digest: digestOf('capella'), payload: utf8(JSON.stringify(x.data)) }))));
      }
      case '/eth/v1/beacon/genesis':
        return sendJson(res, {
          data: {
            genesis_time: '1606824023',
            genesis_validators_root: '0x4B363DB94E286120D76EB905340FDD4E54BFE9F06BF33FF6CF5AD27F511BFE95',
            genesis_fork_version: '0x00000000',
          },
        });
      case '/eth/v1/beacon/headers/finalized':
        return sendJson(res, {
          execution_optimistic: false,
          finalized: true,
          data: {
            root: checkpoint,
            canonical: true,
            header: { message: { slot: '7069376', proposer_index: '1' }, signature: '0x' + '00'.repeat(96) },
          },
        });
      default:
        return sendJson(res, { code: 404, message: 'not found' }, 404);
    }
  };
}

describe('RestBeaconApi, JSON', () => {
  it('fetches bootstrap, updates, finality and optimistic updates, tagged with fork and endpoint', async () => {
    const s = await serve(fixtureNode('json'));
    const { beacon } = api([s.url]);
    const b = await beacon.getBootstrap(checkpoint.toUpperCase().replace('0X', '0x'));
    expect(b).toEqual({ fork: 'capella', json: bootstrap.data, endpoint: s.url });
    const us = await beacon.getUpdates(862, 6);
    expect(us.map((x) => x.json)).toEqual(updates.map((x) => x.data));
    expect(us.every((x) => x.fork === 'capella' && x.endpoint === s.url)).toBe(true);
    expect(await beacon.getFinalityUpdate()).toEqual({ fork: 'capella', json: finality.data, endpoint: s.url });
    expect(await beacon.getOptimisticUpdate()).toEqual({ fork: 'capella', json: optimistic.data, endpoint: s.url });
    expect(s.requests).toEqual([
      `GET ${LC}/bootstrap/${checkpoint}`,
      `GET ${LC}/updates?start_period=862&count=6`,
      `GET ${LC}/finality_update`,
      `GET ${LC}/optimistic_update`,
    ]);
    expect(s.headers.every((h) => h.accept === 'application/json')).toBe(true);
  });

  it('reads genesis and the finalized header root', async () => {
    const s = await serve(fixtureNode('json'));
    const { beacon } = api([s.url]);
    expect(await beacon.getGenesis()).toEqual({
      genesisTime: 1606824023,
      genesisValidatorsRoot: '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
      genesisForkVersion: '0x00000000',
    });
    expect(await beacon.getFinalizedRoot()).toEqual({ root: checkpoint, slot: 7069376 });
  });

  it.each([
    ['genesis_time as a number', '/eth/v1/beacon/genesis', { data: { genesis_time: 1, genesis_validators_root: checkpoint, genesis_fork_version: '0x00000000' } }, 'data.genesis_time expected a decimal integer string below 2^53'],
    ['a short root', '/eth/v1/beacon/genesis', { data: { genesis_time: '1', genesis_validators_root: '0x00', genesis_fork_version: '0x00000000' } }, 'data.genesis_validators_root expected 32 bytes of 0x-hex'],
    ['no data', '/eth/v1/beacon/headers/finalized', { root: checkpoint }, 'the response expected a "data" object'],
    ['no header', '/eth/v1/beacon/headers/finalized', { data: { root: checkpoint } }, 'data.header.message expected an object'],
  ])('refuses genesis/header answers with %s', async (_name, path, body, message) => {
    const s = await serve((_req, res) => sendJson(res, body));
    const { beacon } = api([s.url]);
    const err = await transportError(path.endsWith('genesis') ? beacon.getGenesis() : beacon.getFinalizedRoot());
    expect(err.code).toBe('ALL_ENDPOINTS_FAILED');
    expect(err.errors.map((e) => [e.code, e.shortMessage])).toEqual([['BAD_RESPONSE', message]]);
  });

  it.each([
    ['a version disagreeing with the header', { version: 'capella', data: {} }, { 'eth-consensus-version': 'deneb' }, 'BAD_RESPONSE', 'the response: version "capella" disagrees with the Eth-Consensus-Version header "deneb"'],
    ['a phase0 version', { version: 'phase0', data: {} }, {}, 'UNKNOWN_FORK', 'the response.version names an unknown light-client fork "phase0"'],
    ['a version that is not a string', { version: 3, data: {} }, {}, 'BAD_RESPONSE', 'the response.version expected a fork name, got number'],
    ['data that is an array', { version: 'deneb', data: [] }, {}, 'BAD_RESPONSE', 'the response.data expected an object'],
    ['no envelope', { slot: '1' }, {}, 'BAD_RESPONSE', 'the response.version expected a fork name, got undefined'],
    ['an unknown header fork', { version: 'deneb', data: {} }, { 'eth-consensus-version': 'heze' }, 'UNKNOWN_FORK', 'the Eth-Consensus-Version header names an unknown light-client fork "heze"'],
  ])('refuses a single answer with %s', async (_name, body, headers, code, message) => {
    const s = await serve((_req, res) => sendJson(res, body, 200, headers));
    const err = await transportError(api([s.url]).beacon.getFinalityUpdate());
    expect(err.errors.map((e) => [e.code, e.shortMessage])).toEqual([[code, message]]);
  });

  it('takes the header fork case-insensitively and accepts a matching one', async () => {
    const s = await serve((_req, res) => sendJson(res, { version: 'deneb', data: { a: 1 } }, 200, { 'eth-consensus-version': 'Deneb' }));
    expect((await api([s.url]).beacon.getOptimisticUpdate()).fork).toBe('deneb');
  });

  it.each([
    ['an object', { version: 'capella', data: {} }, 'the updates response expected an array'],
    ['more items than asked', [1, 2, 3].map(() => ({ version: 'capella', data: {} })), 'the updates response has 3 items, more than the 2 requested'],
    ['a bad item', [{ version: 'capella', data: {} }, { version: 'capella' }], 'updates[1].data expected an object'],
  ])('refuses an updates answer that is %s', async (_name, body, message) => {
    const s = await serve((_req, res) => sendJson(res, body));
    const err = await transportError(api([s.url]).beacon.getUpdates(10, 2));
    expect(err.errors[0]!.shortMessage).toBe(message);
  });

  it('keeps a path prefix in the endpoint and ignores a trailing slash', async () => {
    const s = await serve((req, res) => (req.url!.startsWith('/beacon/eth/') ? sendJson(res, finality) : sendJson(res, {}, 404)));
    const { beacon } = api([`${s.url}/beacon/`]);
    const r = await beacon.getFinalityUpdate();
    expect(r.endpoint).toBe(`${s.url}/beacon`);
    expect(s.requests).toEqual([`GET /beacon${LC}/finality_update`]);
  });

  it('refuses bad arguments as input errors', async () => {
    expect(() => api([])).toThrow(InputError);
    expect(() => api(['ftp://127.0.0.1'])).toThrow(InputError);
    expect(() => api(['http://127.0.0.1/?q=1'])).toThrow(InputError);
    const { beacon } = api(['http://127.0.0.1:9']);
    await expect(beacon.getBootstrap('0x1234')).rejects.toBeInstanceOf(InputError);
    await expect(beacon.getUpdates(-1, 1)).rejects.toBeInstanceOf(InputError);
    await expect(beacon.getUpdates(1, 1.5)).rejects.toBeInstanceOf(InputError);
  });
});

describe('RestBeaconApi, SSZ', () => {
  it('asks for octet-stream and tags single objects with the Eth-Consensus-Version fork', async () => {
    const s = await serve(fixtureNode('ssz'));
    const { beacon } = api([s.url], { encoding: 'ssz' });
    const f = await beacon.getFinalityUpdate();
    expect(f.fork).toBe('capella');
    expect(f.json).toBeUndefined();
    expect(f.ssz).toEqual(utf8(JSON.stringify(finality.data)));
    expect(s.headers[0]!.accept).toBe('application/octet-stream;q=1.0,application/json;q=0.9');
  });

  it('unframes updates and maps each fork digest', async () => {
    const items = [
      { digest: digestOf('altair'), payload: utf8('one') },
      { digest: digestOf('capella'), payload: new Uint8Array(1000).fill(7) },
      { digest: digestOf('fulu'), payload: Uint8Array.of(0) },
    ];
    const s = await serve((_req, res) => sendBytes(res, frame(items)));
    const got = await api([s.url], { encoding: 'ssz' }).beacon.getUpdates(5, 3);
    expect(got).toEqual([
      { fork: 'altair', ssz: utf8('one'), endpoint: s.url },
      { fork: 'capella', ssz: new Uint8Array(1000).fill(7), endpoint: s.url },
      { fork: 'fulu', ssz: Uint8Array.of(0), endpoint: s.url },
    ]);
  });

  it('returns an empty list for an empty body', async () => {
    const s = await serve((_req, res) => sendBytes(res, new Uint8Array(0)));
    expect(await api([s.url], { encoding: 'ssz' }).beacon.getUpdates(5, 3)).toEqual([]);
  });

  const one = frame([{ digest: digestOf('deneb'), payload: utf8('payload') }]);
  const lengthPrefix = (n: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n, true);
    return b;
  };
  const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
  it.each([
    ['a truncated length prefix', Uint8Array.of(1, 2, 3, 4, 5), 'BAD_RESPONSE', 'response_chunk 0 at byte 0: truncated length prefix (5 bytes, a length prefix takes 8)'],
    ['a length past the body', cat(lengthPrefix(100n), digestOf('deneb'), utf8('short')), 'BAD_RESPONSE', 'response_chunk 0 at byte 0: length 100 runs past the body (9 bytes left)'],
    ['a length of 2^64-1', cat(lengthPrefix(2n ** 64n - 1n), digestOf('deneb'), utf8('x')), 'BAD_RESPONSE', 'response_chunk 0 at byte 0: length 18446744073709551615 runs past the body (5 bytes left)'],
    ['a length without payload', cat(lengthPrefix(4n), digestOf('deneb')), 'BAD_RESPONSE', 'response_chunk 0 at byte 0: length 4 leaves no payload after the 4-byte context'],
    ['a length shorter than the context', cat(lengthPrefix(2n), Uint8Array.of(1, 2)), 'BAD_RESPONSE', 'response_chunk 0 at byte 0: length 2 leaves no payload after the 4-byte context'],
    ['an unknown digest', frame([{ digest: Uint8Array.of(0xde, 0xad, 0xbe, 0xef), payload: utf8('x') }]), 'UNKNOWN_FORK', 'response_chunk 0 at byte 0: unknown fork digest 0xdeadbeef'],
    ['trailing bytes', cat(one, Uint8Array.of(0, 0, 0)), 'BAD_RESPONSE', 'response_chunk 1 at byte 19: trailing bytes after the last chunk (3 bytes, a length prefix takes 8)'],
    ['a second chunk running past the body', cat(one, lengthPrefix(5n), digestOf('deneb')), 'BAD_RESPONSE', 'response_chunk 1 at byte 19: length 5 runs past the body (4 bytes left)'],
    ['more chunks than asked', cat(one, one, one), 'BAD_RESPONSE', 'the updates response has more than the 2 items requested'],
  ])('refuses updates framing with %s', async (_name, body, code, message) => {
    const s = await serve((_req, res) => sendBytes(res, body));
    const err = await transportError(api([s.url], { encoding: 'ssz', retries: 3 }).beacon.getUpdates(0, 2));
    expect(err.code).toBe('ALL_ENDPOINTS_FAILED');
    expect(err.errors[0]!.code).toBe(code);
    expect(err.errors[0]!.shortMessage).toBe(message);
    // Malformed framing may be a passing fault and is asked again; an unknown digest is not.
    expect(s.requests.length).toBe(code === 'UNKNOWN_FORK' ? 1 : 4);
  });

  it('refuses a payload larger than maxBytes as TOO_LARGE', async () => {
    const s = await serve((_req, res) => sendBytes(res, frame([{ digest: digestOf('deneb'), payload: new Uint8Array(2000) }])));
    const err = await transportError(api([s.url], { encoding: 'ssz', maxBytes: 1000 }).beacon.getUpdates(0, 1));
    expect(err.errors[0]!.code).toBe('TOO_LARGE');
  });

  it('needs Eth-Consensus-Version on single SSZ answers, and a body', async () => {
    const noHeader = await serve((_req, res) => sendBytes(res, utf8('ssz')));
    const e1 = await transportError(api([noHeader.url], { encoding: 'ssz' }).beacon.getBootstrap(checkpoint));
    expect(e1.errors[0]!.shortMessage).toBe('an SSZ response without an Eth-Consensus-Version header');
    const empty = await serve((_req, res) => sendBytes(res, new Uint8Array(0), { 'eth-consensus-version': 'deneb' }));
    const e2 = await transportError(api([empty.url], { encoding: 'ssz' }).beacon.getBootstrap(checkpoint));
    expect(e2.errors[0]!.shortMessage).toBe('an empty SSZ response');
  });

  it('takes JSON from a server that only speaks JSON, and refuses SSZ it did not ask for', async () => {
    const jsonOnly = await serve(fixtureNode('json'));
    expect(await api([jsonOnly.url], { encoding: 'ssz' }).beacon.getFinalityUpdate()).toEqual({
      fork: 'capella',
      json: finality.data,
      endpoint: jsonOnly.url,
    });
    const sszOnly = await serve(fixtureNode('ssz'));
    const err = await transportError(api([sszOnly.url], { encoding: 'json' }).beacon.getFinalityUpdate());
    expect(err.errors[0]!.shortMessage).toBe('unexpected Content-Type "application/octet-stream"');
    const html = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>');
    });
    const err2 = await transportError(api([html.url], { encoding: 'ssz' }).beacon.getFinalityUpdate());
    expect(err2.errors[0]!.shortMessage).toBe('unexpected Content-Type "text/html"');
  });
});

describe('RestBeaconApi, updates requests', () => {
  /** Serves SSZ updates for periods [0, last], payload = the period as text. */
  const periodsNode = (last: number) => (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url!, 'http://x');
    const start = Number(u.searchParams.get('start_period'));
    const count = Number(u.searchParams.get('count'));
    const items = [];
    for (let p = start; p < start + count && p <= last; p++) items.push({ digest: digestOf('deneb'), payload: utf8(String(p)) });
    sendBytes(res, frame(items));
  };
  const periods = (rs: LightClientResponse[]) => rs.map((r) => Number(new TextDecoder().decode(r.ssz)));

  it('splits a count over 128 into requests of at most 128', async () => {
    const s = await serve(periodsNode(10_000));
    const got = await api([s.url], { encoding: 'ssz' }).beacon.getUpdates(100, 300);
    expect(s.requests).toEqual([
      `GET ${LC}/updates?start_period=100&count=128`,
      `GET ${LC}/updates?start_period=228&count=128`,
      `GET ${LC}/updates?start_period=356&count=44`,
    ]);
    expect(periods(got)).toEqual(Array.from({ length: 300 }, (_, i) => 100 + i));
  });

  it('stops at a short batch (the server reached its head period)', async () => {
    const s = await serve(periodsNode(150));
    const got = await api([s.url], { encoding: 'ssz' }).beacon.getUpdates(100, 300);
    expect(s.requests).toEqual([`GET ${LC}/updates?start_period=100&count=128`]);
    expect(periods(got)).toEqual(Array.from({ length: 51 }, (_, i) => 100 + i));
  });

  it('asks nothing for count 0, once for count 128', async () => {
    const s = await serve(periodsNode(10_000));
    const { beacon } = api([s.url], { encoding: 'ssz' });
    expect(await beacon.getUpdates(7, 0)).toEqual([]);
    expect((await beacon.getUpdates(0, 128)).length).toBe(128);
    expect(s.requests).toEqual([`GET ${LC}/updates?start_period=0&count=128`]);
  });

  it('tags each update with the endpoint that served it when a split fails over midway', async () => {
    let servedA = 0;
    const inner = periodsNode(10_000);
    const a = await serve((req, res) => (servedA++ === 0 ? inner(req, res) : sendJson(res, {}, 500)));
    const b = await serve(periodsNode(10_000));
    const got = await api([a.url, b.url], { encoding: 'ssz' }).beacon.getUpdates(0, 200);
    expect(periods(got)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(got.slice(0, 128).every((r) => r.endpoint === a.url)).toBe(true);
    expect(got.slice(128).every((r) => r.endpoint === b.url)).toBe(true);
  });
});

describe('RestBeaconApi, failover', () => {
  it('moves past a dead, a 500, a slow and a garbage endpoint to a good one', async () => {
    const dead = await deadUrl();
    const error500 = await serve((_req, res) => sendJson(res, { code: 500, message: 'internal' }, 500));
    const slow = await serve(() => {});
    const garbage = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"version": "capella", "data": {');
    });
    const good = await serve(fixtureNode('json'));
    // The silent endpoint costs the whole bound; the good one must answer within it, also under load.
    const { beacon, sleeps } = api([dead, error500.url, slow.url, garbage.url, good.url], { timeoutMs: 3_000 });
    const r = await beacon.getFinalityUpdate();
    expect(r).toEqual({ fork: 'capella', json: finality.data, endpoint: good.url });
    expect([error500, slow, garbage, good].map((s) => s.requests.length)).toEqual([1, 1, 1, 1]);
    expect(sleeps).toEqual([]);
    // The failed endpoints went to the back: the next request starts at the good one.
    expect(beacon.endpoints).toEqual([good.url, dead, error500.url, slow.url, garbage.url]);
    await beacon.getOptimisticUpdate();
    expect(good.requests.length).toBe(2);
    expect(error500.requests.length).toBe(1);
  });

  it('reports every attempt when all endpoints fail', async () => {
    const dead = await deadUrl();
    const error503 = await serve((_req, res) => sendJson(res, {}, 503));
    const err = await transportError(api([dead, error503.url]).beacon.getFinalityUpdate());
    expect(err.code).toBe('ALL_ENDPOINTS_FAILED');
    expect(err.shortMessage).toBe(`${LC}/finality_update: every endpoint failed (2 attempts)`);
    expect(err.errors.map((e) => [e.code, e.url, e.status])).toEqual([
      ['NETWORK', `${dead}${LC}/finality_update`, undefined],
      ['HTTP_STATUS', `${error503.url}${LC}/finality_update`, 503],
    ]);
    expect(err.cause).toBe(err.errors[1]);
  });

  it('retries with doubling backoff, capped', async () => {
    let n = 0;
    const flaky = await serve((req, res) => (++n <= 2 ? sendJson(res, {}, 503) : fixtureNode('json')(req, res)));
    const { beacon, sleeps } = api([flaky.url], { retries: 2, backoffMs: 100 });
    expect((await beacon.getFinalityUpdate()).fork).toBe('capella');
    expect(sleeps).toEqual([100, 200]);

    const down = await serve((_req, res) => sendJson(res, {}, 502));
    const capped = api([down.url], { retries: 4, backoffMs: 100, maxBackoffMs: 250 });
    const err = await transportError(capped.beacon.getFinalityUpdate());
    expect(err.errors.length).toBe(5);
    expect(capped.sleeps).toEqual([100, 200, 250, 250]);
    expect(down.requests.length).toBe(5);
  });

  it('uses real timers by default', async () => {
    let n = 0;
    const flaky = await serve((req, res) => (++n === 1 ? sendJson(res, {}, 503) : fixtureNode('json')(req, res)));
    const beacon = new RestBeaconApi({ endpoints: [flaky.url], encoding: 'json', forkFromDigest, retries: 1, backoffMs: 20 });
    const t0 = Date.now();
    await beacon.getFinalityUpdate();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });

  it('demote() makes the next request prefer another endpoint', async () => {
    const a = await serve(fixtureNode('json'));
    const b = await serve(fixtureNode('json'));
    const { beacon } = api([a.url, b.url]);
    expect((await beacon.getFinalityUpdate()).endpoint).toBe(a.url);
    beacon.demote(a.url);
    expect(beacon.endpoints).toEqual([b.url, a.url]);
    expect((await beacon.getFinalityUpdate()).endpoint).toBe(b.url);
    beacon.demote('http://unknown.invalid');
    expect(beacon.endpoints).toEqual([b.url, a.url]);
    beacon.demote(b.url);
    expect((await beacon.getFinalityUpdate()).endpoint).toBe(a.url);
  });

  it('a 404 on finality/optimistic update is NOT_AVAILABLE, asked once per endpoint, without waiting', async () => {
    const a = await serve((_req, res) => sendJson(res, { code: 404, message: 'LC finality update unavailable' }, 404));
    const b = await serve((_req, res) => sendJson(res, { code: 404, message: 'LC optimistic update unavailable' }, 404));
    const { beacon, sleeps } = api([a.url, b.url], { retries: 3 });
    const err = await transportError(beacon.getFinalityUpdate());
    expect(err.code).toBe('NOT_AVAILABLE');
    expect(err.status).toBe(404);
    expect(err.errors.length).toBe(2);
    expect((await transportError(beacon.getOptimisticUpdate())).code).toBe('NOT_AVAILABLE');
    expect([a.requests.length, b.requests.length]).toEqual([2, 2]);
    expect(sleeps).toEqual([]);
    // "Not found" is an answer, not a fault: the order stays.
    expect(beacon.endpoints).toEqual([a.url, b.url]);
  });

  it('one endpoint without the object and one failing: ALL_ENDPOINTS_FAILED, retrying only the failing one', async () => {
    const missing = await serve((_req, res) => sendJson(res, {}, 404));
    const failing = await serve((_req, res) => sendJson(res, {}, 500));
    const { beacon, sleeps } = api([missing.url, failing.url], { retries: 1 });
    const err = await transportError(beacon.getFinalityUpdate());
    expect(err.code).toBe('ALL_ENDPOINTS_FAILED');
    expect([missing.requests.length, failing.requests.length]).toEqual([1, 2]);
    expect(sleeps).toEqual([500]);
  });

  it('does not ask again an endpoint that answered 400', async () => {
    const bad = await serve((_req, res) => sendJson(res, { code: 400, message: 'Invalid count requested' }, 400));
    const { beacon, sleeps } = api([bad.url], { retries: 3 });
    const err = await transportError(beacon.getUpdates(1, 1));
    expect(err.errors.map((e) => e.status)).toEqual([400]);
    expect(sleeps).toEqual([]);
  });

  it('stops at once, with the reason, when its signal aborts', async () => {
    const slow = await serve(() => {});
    const other = await serve(fixtureNode('json'));
    const controller = new AbortController();
    const reason = new Error('service worker stopping');
    const { beacon } = api([slow.url, other.url], { signal: controller.signal, timeoutMs: 5_000 });
    setTimeout(() => controller.abort(reason), 50);
    await expect(beacon.getFinalityUpdate()).rejects.toBe(reason);
    expect(other.requests.length).toBe(0);
  });
});

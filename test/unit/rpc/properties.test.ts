/**
 * Whatever a server sends, the transport yields either well-formed, fork-tagged objects from one
 * endpoint, or a TransportError — never another exception, never a half-parsed value.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORK_NAMES, type LightClientResponse, RestBeaconApi } from '../../../src/rpc/beacon.ts';
import { parseUpdatesJson, parseUpdatesSsz, parseVersionedJson } from '../../../src/rpc/beacon-parse.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { DIGESTS, forkFromDigest } from './fixtures.ts';
import { startServer, type TestServer } from './server.ts';

const URL_ = 'http://127.0.0.1:1/x';
const ENDPOINT = 'http://127.0.0.1:1';

function expectWellFormed(r: LightClientResponse, endpoint: string): void {
  expect(FORK_NAMES).toContain(r.fork);
  expect(r.endpoint).toBe(endpoint);
  expect((r.json === undefined) !== (r.ssz === undefined)).toBe(true);
  if (r.ssz !== undefined) {
    expect(r.ssz).toBeInstanceOf(Uint8Array);
    expect(r.ssz.length).toBeGreaterThan(0);
  } else {
    expect(typeof r.json === 'object' && r.json !== null && !Array.isArray(r.json)).toBe(true);
  }
}

/** Runs `fn`; a TransportError is fine, anything else fails the property. */
function typedOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TransportError) return undefined;
    throw err;
  }
}

const knownDigest = fc.constantFrom(...Object.keys(DIGESTS)).map((h) => Uint8Array.from(Buffer.from(h.slice(2), 'hex')));
const digest = fc.oneof({ weight: 4, arbitrary: knownDigest }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 4 }) });

/** Chunks whose length prefix is usually right and sometimes off, then maybe stray bytes. */
const framedBody = fc
  .record({
    chunks: fc.array(
      fc.record({
        digest,
        payload: fc.uint8Array({ maxLength: 40 }),
        lengthDelta: fc.oneof({ weight: 12, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt(-20n, 20n) }, { weight: 1, arbitrary: fc.bigInt(0n, 2n ** 64n - 1n) }),
      }),
      { maxLength: 6 },
    ),
    tail: fc.oneof({ weight: 5, arbitrary: fc.constant(new Uint8Array(0)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }) }),
  })
  .map(({ chunks, tail }) => {
    const parts: number[] = [];
    for (const c of chunks) {
      const head = new Uint8Array(8);
      let len = BigInt(4 + c.payload.length) + c.lengthDelta;
      if (len < 0n) len = 0n;
      if (len >= 2n ** 64n) len = 2n ** 64n - 1n;
      new DataView(head.buffer).setBigUint64(0, len, true);
      parts.push(...head, ...c.digest, ...c.payload);
    }
    parts.push(...tail);
    return Uint8Array.from(parts);
  });

const anyBody = fc.oneof(fc.uint8Array({ maxLength: 200 }), framedBody);

describe('SSZ updates framing, properties', () => {
  it('any body: typed error, or items that exactly tile the body', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(anyBody, fc.integer({ min: 0, max: 8 }), (body, maxItems) => {
        const items = typedOr(() => parseUpdatesSsz(body, URL_, ENDPOINT, maxItems, forkFromDigest, 1 << 20));
        if (items === undefined) return;
        expect(items.length).toBeLessThanOrEqual(maxItems);
        expect(items.reduce((n, r) => n + 12 + r.ssz!.length, 0)).toBe(body.length);
        for (const r of items) expectWellFormed(r, ENDPOINT);
        if (items.length > 0) nonEmpty++;
      }),
      { numRuns: 2000 },
    );
    expect(nonEmpty).toBeGreaterThan(50); // the generator reaches the success path
  });

  it('well-framed items round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ digest: knownDigest, payload: fc.uint8Array({ minLength: 1, maxLength: 64 }) }), { maxLength: 8 }), (chunks) => {
        const body = Uint8Array.from(
          chunks.flatMap((c) => {
            const head = new Uint8Array(8);
            new DataView(head.buffer).setBigUint64(0, BigInt(4 + c.payload.length), true);
            return [...head, ...c.digest, ...c.payload];
          }),
        );
        const items = parseUpdatesSsz(body, URL_, ENDPOINT, chunks.length, forkFromDigest, 1 << 20);
        expect(items.map((r) => [r.fork, r.ssz])).toEqual(chunks.map((c) => [forkFromDigest(c.digest), c.payload]));
      }),
    );
  });
});

const envelope = fc.record(
  {
    version: fc.oneof(fc.constantFrom<unknown>(...FORK_NAMES, 'phase0', 'heze', 'CAPELLA'), fc.jsonValue()),
    data: fc.oneof(fc.object(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const anyJson = fc.oneof(fc.jsonValue(), envelope, fc.array(envelope, { maxLength: 5 }), fc.anything());

describe('JSON envelopes, properties', () => {
  it('any value: typed error, or well-formed objects', () => {
    let parsed = 0;
    fc.assert(
      fc.property(anyJson, fc.integer({ min: 0, max: 6 }), (value, maxItems) => {
        const one = typedOr(() => parseVersionedJson(value, URL_, ENDPOINT));
        if (one) {
          expectWellFormed(one, ENDPOINT);
          parsed++;
        }
        const many = typedOr(() => parseUpdatesJson(value, URL_, ENDPOINT, maxItems));
        if (many) {
          expect(many.length).toBeLessThanOrEqual(maxItems);
          for (const r of many) expectWellFormed(r, ENDPOINT);
        }
      }),
      { numRuns: 2000 },
    );
    expect(parsed).toBeGreaterThan(50);
  });
});

describe('RestBeaconApi over HTTP, properties', () => {
  interface Reply {
    status: number;
    contentType: string | null;
    version: string | null;
    body: Uint8Array;
  }
  /** The reply for each path, so one run can be valid for updates and not for the rest. */
  let replies: { single: Reply; updates: Reply; genesis: Reply };
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const reply = req.url!.includes('/updates') ? replies.updates : req.url!.includes('/genesis') ? replies.genesis : replies.single;
      const headers: Record<string, string> = {};
      if (reply.contentType !== null) headers['content-type'] = reply.contentType;
      if (reply.version !== null) headers['eth-consensus-version'] = reply.version;
      res.writeHead(reply.status, headers);
      res.end(Buffer.from(reply.body));
    });
  });
  afterAll(() => server.close());

  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v) ?? 'undefined');
  const fork = fc.constantFrom(...FORK_NAMES);
  const anything: fc.Arbitrary<Reply> = fc.record({
    status: fc.constantFrom(200, 200, 200, 200, 204, 400, 404, 500, 503),
    contentType: fc.option(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/octet-stream', 'APPLICATION/OCTET-STREAM', 'text/html'),
    ),
    version: fc.option(fc.oneof(fork, fc.constantFrom('phase0', 'heze'), fc.stringMatching(/^[A-Za-z0-9]{0,8}$/))),
    body: fc.oneof(anyBody, anyJson.map(encode)),
  });
  const ok = (contentType: string, version: string | null, body: Uint8Array): Reply => ({ status: 200, contentType, version, body });
  const plausibleSingle = fc.oneof(
    fc.tuple(fork, fc.uint8Array({ maxLength: 64 })).map(([f, b]) => ok('application/octet-stream', f, b)),
    fc.tuple(fork, fc.option(fork), fc.object()).map(([f, h, data]) => ok('application/json', h, encode({ version: f, data }))),
  );
  const plausibleUpdates = fc.oneof(
    framedBody.map((b) => ok('application/octet-stream', null, b)),
    fc.array(fc.record({ version: fork, data: fc.object() }), { maxLength: 6 }).map((a) => ok('application/json', null, encode(a))),
  );
  const plausibleGenesis = fc
    .record({ genesis_time: fc.oneof(fc.nat().map(String), fc.jsonValue()), genesis_validators_root: fc.constant('0x' + '11'.repeat(32)), genesis_fork_version: fc.constantFrom('0x00000000', '0x1') })
    .map((data) => ok('application/json', null, encode({ data })));
  const repliesArb = fc.record({
    single: fc.oneof(plausibleSingle, anything),
    updates: fc.oneof(plausibleUpdates, anything),
    genesis: fc.oneof(plausibleGenesis, anything),
  });

  it('any answer: typed error, or well-formed objects from that one endpoint', async () => {
    const successes = { single: 0, many: 0, genesis: 0 };
    await fc.assert(
      fc.asyncProperty(repliesArb, fc.constantFrom<'json' | 'ssz'>('json', 'ssz'), fc.integer({ min: 0, max: 8 }), async (r, encoding, count) => {
        replies = r;
        const api = new RestBeaconApi({
          endpoints: [server.url],
          encoding,
          forkFromDigest,
          timeoutMs: 2_000,
          maxBytes: 4096,
          retries: 0,
        });
        const settle = async <T>(p: Promise<T>): Promise<T | undefined> => {
          try {
            return await p;
          } catch (err) {
            expect(err).toBeInstanceOf(TransportError);
            for (const e of (err as TransportError).errors) expect(e).toBeInstanceOf(TransportError);
            return undefined;
          }
        };
        const single = await settle(api.getFinalityUpdate());
        if (single) {
          expectWellFormed(single, server.url);
          successes.single++;
        }
        const many = await settle(api.getUpdates(3, count));
        if (many) {
          expect(many.length).toBeLessThanOrEqual(count);
          for (const x of many) expectWellFormed(x, server.url);
          if (many.length > 0) successes.many++;
        }
        const genesis = await settle(api.getGenesis());
        if (genesis) {
          expect(Number.isSafeInteger(genesis.genesisTime)).toBe(true);
          expect(genesis.genesisValidatorsRoot).toMatch(/^0x[0-9a-f]{64}$/);
          expect(genesis.genesisForkVersion).toMatch(/^0x[0-9a-f]{8}$/);
          successes.genesis++;
        }
      }),
      { numRuns: 150 },
    );
    expect(successes.single).toBeGreaterThan(0);
    expect(successes.many).toBeGreaterThan(0);
    expect(successes.genesis).toBeGreaterThan(0);
  });
});

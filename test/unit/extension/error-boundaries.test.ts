/**
 * Every VigilError subclass of src/ thrown across every context boundary, through each boundary's
 * own code: a worker's postMessage (structured clone: serveTasks → WorkerPool), Chrome's offscreen
 * pool (runtime messages, JSON: servePool → OffscreenRunner), the link to the app host (JSON, in one
 * page and over runtime messages), the popup's replies (JSON: backgroundApi), and the page's
 * provider (EIP-1193 JSON: toProviderError → VigilProvider). Each comes out as its class with its
 * code, message, fields and cause; on the page's path, as the ProviderRpcError the page reads.
 *
 * The table of samples must name every class: a new subclass anywhere in src/ fails the first test
 * until it is registered (src/core/error-wire.ts) and listed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { registeredErrorNames } from '../../../src/core/error-registry.ts';
import { errorToWire } from '../../../src/core/error-wire.ts';
import { InputError, TransportError, VerificationError, VigilError } from '../../../src/core/errors.ts';
import { QueryError } from '../../../src/client/verified/chain.ts';
import { SimulateRequestError } from '../../../src/client/verified/simulate-v1.ts';
import { inPageLink, runtimeLink, type AppRequest, type LinkRequest } from '../../../src/extension/link.ts';
import { servePool } from '../../../src/extension/offscreen-pool.ts';
import { OffscreenRunner } from '../../../src/extension/offscreen-runner.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { type InpageTransport, VigilProvider } from '../../../src/provider/inpage.ts';
import { type BridgeMessage, PAGE_CHANNEL } from '../../../src/provider/page-protocol.ts';
import { QuotaError } from '../../../src/provider/quotas.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { backgroundApi } from '../../../src/ui/api.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { MnemonicError } from '../../../src/wallet/mnemonic.ts';
import { NameError } from '../../../src/wallet/ens/errors.ts';
import { PoolError } from '../../../src/workers/errors.ts';
import { WorkerPool, type WorkerFactory } from '../../../src/workers/pool.ts';
import { serveTasks } from '../../../src/workers/serve.ts';
import type { TaskRunner } from '../../../src/workers/runner.ts';

/** `err` with `cause` set as the Error constructor sets it (for classes whose constructor takes none). */
function caused<E extends Error>(err: E, cause: unknown): E {
  Object.defineProperty(err, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return err;
}

interface Sample {
  cls: abstract new (...args: never[]) => VigilError;
  make: () => VigilError;
  /** Its class's own fields, compared after the crossing. */
  own: string[];
}

/** One instance of each class, with its own fields and a cause (a foreign error at the bottom of some). */
const SAMPLES: Record<string, Sample> = {
  VigilError: { cls: VigilError, make: () => new VigilError('a plain Vigil error', { details: 'why it happened', cause: new TypeError('x is not a function') }), own: [] },
  VerificationError: {
    cls: VerificationError,
    make: () => new VerificationError('PROOF_VALUE_MISMATCH', 'the proof does not answer what was asked', { expected: '0x01', got: '0x02', cause: new InputError('"proof" is not hex') }),
    own: [],
  },
  InputError: { cls: InputError, make: () => new InputError('"address" expected 20 bytes', { got: '19 bytes', details: 'from eth_getProof' }), own: [] },
  TransportError: {
    cls: TransportError,
    make: () =>
      new TransportError('ALL_ENDPOINTS_FAILED', 'every endpoint failed', {
        url: 'eth_getProof',
        status: 502,
        rpcCode: -32000,
        rpcData: { reason: 'busy', at: [1, 2] },
        errors: [new TransportError('TIMEOUT', 'no answer in 5 s', { url: 'https://a.example' }), new TransportError('HTTP_STATUS', '503', { url: 'https://b.example', status: 503 })],
        cause: new VerificationError('STALE_HEAD', 'the head is old'),
      }),
    own: ['url', 'status', 'rpcCode', 'rpcData'],
  },
  PoolError: { cls: PoolError, make: () => new PoolError('TASK_TIMEOUT', 'the task ran past its deadline', { task: 'bls.verifyUpdate', cause: new StorageError('DB_ERROR', 'write failed') }), own: ['task'] },
  WalletError: {
    cls: WalletError,
    make: () => new WalletError('PASSWORD_BACKOFF', 'too many wrong passwords', { retryAt: 1_800_000_000_000, expected: 'a try at or after 1800000000000', cause: new WalletError('WRONG_PASSWORD', 'wrong password') }),
    own: ['retryAt'],
  },
  MnemonicError: { cls: MnemonicError, make: () => caused(new MnemonicError('UNKNOWN_WORD', 'words 2 and 5 are not BIP-39 words', { positions: [2, 5] }), new InputError('under')), own: ['problem', 'positions'] },
  StorageError: { cls: StorageError, make: () => new StorageError('FINALIZED_REGRESSION', 'the stored header is newer', { expected: 'slot >= 100', got: 'slot 99', cause: new Error('constraint') }), own: [] },
  QuotaError: { cls: QuotaError, make: () => caused(new QuotaError('logBlocks', 20_000, 16_384, 2500), new VerificationError('BLOCK_NOT_VERIFIED', 'not verified')), own: ['resource', 'retryAfterMs'] },
  NameError: { cls: NameError, make: () => new NameError('GATEWAY_NOT_ALLOWED', 'the name is served by an offchain gateway, which would see the name', { got: 'https://gw.example' }), own: [] },
  QueryError: { cls: QueryError, make: () => new QueryError('QUERY_LIMIT_EXCEEDED', 'the range spans too many blocks', { expected: '<= 10000', got: '20000' }), own: [] },
  SimulateRequestError: { cls: SimulateRequestError, make: () => caused(new SimulateRequestError(-38020, 'block numbers out of order'), new InputError('block 5 after 6')), own: ['rpcCode'] },
  ProviderRpcError: {
    cls: ProviderRpcError,
    make: () => caused(new ProviderRpcError(4001, 'rejected in the Vigil window', { code: 'USER_REJECTED', retryAt: 5 }), new WalletError('USER_REJECTED', 'the user said no')),
    own: ['data'],
  },
};

/** Each `class X extends Y` of src/ whose chain reaches VigilError. */
function vigilErrorClassesInSrc(): string[] {
  const parents = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bclass\s+(\w+)(?:<[^>{]*>)?\s+extends\s+(\w+)/g)) parents.set(m[1]!, m[2]!);
      }
    }
  };
  walk(new URL('../../../src', import.meta.url).pathname);
  const isVigil = (name: string, depth = 0): boolean => name === 'VigilError' || (depth < 16 && parents.has(name) && isVigil(parents.get(name)!, depth + 1));
  return ['VigilError', ...[...parents.keys()].filter((n) => n !== 'VigilError' && isVigil(n))].sort();
}

/** `out` is `sent` rebuilt: same class, code, sentence, expected / got / details, own fields and causes. */
function expectSame(out: unknown, sent: unknown, own: readonly string[], path = 'error'): void {
  if (!(sent instanceof VigilError)) {
    // A foreign error under a Vigil one: a VigilError INTERNAL naming it.
    expect(out, path).toBeInstanceOf(VigilError);
    expect((out as VigilError).code, path).toBe('INTERNAL');
    expect((out as VigilError).shortMessage, path).toBe(`${(sent as Error).name}: ${(sent as Error).message}`);
    return;
  }
  expect(out, path).toBeInstanceOf(sent.constructor);
  const o = out as VigilError & Record<string, unknown>;
  expect(o.constructor, path).toBe(sent.constructor);
  expect(o.wireName, path).toBeUndefined();
  expect({ name: o.name, code: o.code, shortMessage: o.shortMessage, message: o.message, expected: o.expected, got: o.got, details: o.details }, path).toEqual({
    name: sent.name,
    code: sent.code,
    shortMessage: sent.shortMessage,
    message: sent.message,
    expected: sent.expected,
    got: sent.got,
    details: sent.details,
  });
  for (const field of own) expect(o[field], `${path}.${field}`).toEqual((sent as unknown as Record<string, unknown>)[field]);
  if (sent instanceof TransportError) {
    expect((o as unknown as TransportError).errors, path).toHaveLength(sent.errors.length);
    sent.errors.forEach((e, i) => expectSame((o as unknown as TransportError).errors[i], e, SAMPLES.TransportError!.own, `${path}.errors[${i}]`));
  }
  if (sent.cause === undefined) expect(o.cause, path).toBeUndefined();
  else expectSame(o.cause, sent.cause, SAMPLES[(sent.cause as Error).name]?.own ?? [], `${path}.cause`);
}

type Crossing = (err: VigilError) => Promise<unknown>;
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A worker in this thread: the pool and serveTasks talk as through postMessage (structured clone, a turn later). */
const acrossWorker: Crossing = async (err) => {
  const factory: WorkerFactory = () => {
    let toPool: (m: unknown) => void = () => {};
    let toWorker: (m: unknown) => void = () => {};
    serveTasks<{ fail: { params: null; result: never } }>(
      {
        fail: () => {
          throw err;
        },
      },
      { post: (m) => void setTimeout(() => toPool(structuredClone(m))), listen: (fn) => (toWorker = fn) },
    );
    return { postMessage: (m) => void setTimeout(() => toWorker(structuredClone(m))), onMessage: (l) => (toPool = l), onExit: () => {}, terminate: () => {} };
  };
  const pool = new WorkerPool<{ fail: { params: null; result: never } }>({ factory, size: 1 });
  try {
    return await pool.run('fail', null).catch((e: unknown) => e);
  } finally {
    pool.close();
  }
};

type Listener = (m: unknown, sender: unknown) => Promise<unknown> | undefined;
const SERVICE_WORKER = { id: 'vigil', url: 'chrome-extension://vigil/background.js' };
const OFFSCREEN = { id: 'vigil', url: 'chrome-extension://vigil/offscreen.html' };

/** Chrome's runtime messages between the service worker and the offscreen document: JSON both ways. */
function runtimes() {
  const listeners: { self: object; listener: Listener }[] = [];
  const context = (self: object) => ({
    id: 'vigil',
    getURL: (p: string) => `chrome-extension://vigil/${p}`,
    onMessage: { addListener: (listener: Listener) => void listeners.push({ self, listener }) },
    sendMessage: async (m: unknown) => {
      for (const l of listeners) {
        if (l.self === self) continue;
        const r = l.listener(json(m), self);
        if (r !== undefined) return json(await r);
      }
      return undefined;
    },
  });
  return { sw: context(SERVICE_WORKER), offscreen: context(OFFSCREEN) };
}

/** The service worker's task sent to the offscreen document's pool, which fails it. */
const acrossOffscreenPool: Crossing = async (err) => {
  const { sw, offscreen } = runtimes();
  const failing: TaskRunner<never> = { run: async () => Promise.reject(err) };
  servePool(offscreen as never, failing as never);
  const runner = new OffscreenRunner(sw as never, { createDocument: async () => {} }, async () => true);
  return runner.run('fail' as never, null as never).catch((e: unknown) => e);
};

/** Firefox (and Node): both ends of the link in one page, JSON on the way. */
const acrossLinkInPage: Crossing = async (err) => {
  const { background, app } = inPageLink();
  app.serve(async () => Promise.reject(err));
  return background.request({ type: 'app:canRead' }).catch((e: unknown) => e);
};

/** Chrome: the service worker asks the app host in the offscreen document over runtime messages; and back. */
const acrossLinkRuntime: Crossing = async (err) => {
  const { sw, offscreen } = runtimes();
  const background = runtimeLink<AppRequest, LinkRequest>(sw as never, 'background');
  const app = runtimeLink<LinkRequest, AppRequest>(offscreen as never, 'app');
  app.serve(async () => Promise.reject(err));
  return background.request({ type: 'app:canRead' }).catch((e: unknown) => e);
};

/** The popup's ask refused by the background (background.ts answers `{ ok: false, error: errorToWire(err) }`). */
const acrossPopup: Crossing = async (err) => {
  const api = backgroundApi(async () => json({ ok: false, error: errorToWire(err) }));
  return api.getStatus().catch((e: unknown) => e);
};

const CROSSINGS: Record<string, Crossing> = {
  'a worker (structured clone)': acrossWorker,
  "the offscreen document's pool (runtime messages)": acrossOffscreenPool,
  'the link in one page (JSON)': acrossLinkInPage,
  'the link over runtime messages': acrossLinkRuntime,
  "the popup's replies": acrossPopup,
};

describe('the error wire', () => {
  it('lists, and registers, every VigilError subclass of src/', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(vigilErrorClassesInSrc());
    for (const [name, sample] of Object.entries(SAMPLES)) {
      expect(registeredErrorNames(), name).toContain(name);
      const err = sample.make();
      expect(err.constructor, name).toBe(sample.cls);
      expect(err.name, name).toBe(name);
      expect(errorToWire(err).name, name).toBe(name);
    }
  });

  for (const [boundary, cross] of Object.entries(CROSSINGS)) {
    it(`brings each class back as itself across ${boundary}: code, fields and cause`, async () => {
      for (const [name, sample] of Object.entries(SAMPLES)) {
        const sent = sample.make();
        expectSame(await cross(sent), sent, sample.own, name);
      }
    });
  }

  it("brings each class to the page as the EIP-1193 error it maps to: a ProviderRpcError (a VigilError) with its number, message and data", async () => {
    let deliver: (m: BridgeMessage) => void = () => {};
    const sentIds: number[] = [];
    const transport: InpageTransport = { send: (m) => void sentIds.push(m.id), listen: (fn) => (deliver = fn) };
    const provider = new VigilProvider(transport);
    for (const [name, sample] of Object.entries(SAMPLES)) {
      const sent = sample.make();
      const asked = provider.request({ method: 'eth_chainId', params: [] }).catch((e: unknown) => e);
      // background.ts: the port's reply (JSON); content-bridge.ts passes `error` on; window.postMessage clones it.
      const portReply = json({ error: toProviderError(sent).toJSON() });
      const id = sentIds.at(-1)!;
      deliver(structuredClone({ channel: PAGE_CHANNEL, dir: 'to-page', id, error: portReply.error }) as BridgeMessage);
      const out = (await asked) as ProviderRpcError;
      const expected = toProviderError(sent);
      expect(out, name).toBeInstanceOf(ProviderRpcError);
      expect(out, name).toBeInstanceOf(VigilError);
      expect(typeof out.code, name).toBe('number');
      expect({ code: out.code, message: out.message, data: out.data }, name).toEqual({ code: expected.code, message: expected.message, data: expected.data });
      if (sent instanceof ProviderRpcError) expect(out.data, name).toEqual(sent.data);
      else expect((out.data as { code?: unknown } | undefined)?.code, name).toBe(sent.code);
    }
  });
});

describe("Firefox's background page: background.js and app.js, each with its own copy of every class", () => {
  it("writes an error of either copy by its name, and app.js gets what background.js's link and pool throw as its own classes", async () => {
    // This file's modules stand for background.js; a fresh load of the same modules for app.js.
    const { background, app } = inPageLink();
    const pool: TaskRunner<never> = { run: async () => Promise.reject(new VerificationError('STALE_HEAD', 'the head is old', { expected: 'a', got: 'b' })) };
    vi.resetModules();
    const appJs = {
      core: await import('../../../src/core/errors.ts'),
      wallet: await import('../../../src/wallet/errors.ts'),
      rendezvous: await import('../../../src/extension/app-rendezvous.ts'),
    };
    expect(appJs.wallet.WalletError).not.toBe(WalletError);
    const offer = appJs.rendezvous.withOwnErrors({ link: app, runner: pool as never });

    // app.js's refusal crosses background.js's link as background.js's WalletError.
    offer.link.serve(async () => Promise.reject(new appJs.wallet.WalletError('TOKEN_METADATA_MISMATCH', "not the token's own", { expected: '"USDC"', got: '"USDT"', retryAt: 7 })));
    const refused = await background.request({ type: 'app:canRead' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WalletError);
    expect(refused).toMatchObject({ code: 'TOKEN_METADATA_MISMATCH', expected: '"USDC"', got: '"USDT"', retryAt: 7 });

    // background.js's errors reach app.js's code as app.js's classes.
    background.serve(async () => Promise.reject(new TransportError('TIMEOUT', 'no answer', { url: 'https://rpc.example' })));
    const fromLink = await offer.link.request({ type: 'link:spent', spends: [] }).catch((e: unknown) => e);
    expect(fromLink).toBeInstanceOf(appJs.core.TransportError);
    expect(fromLink).not.toBeInstanceOf(TransportError);
    expect(fromLink).toMatchObject({ code: 'TIMEOUT', url: 'https://rpc.example' });
    const fromPool = await offer.runner.run('bls.verify' as never, null as never).catch((e: unknown) => e);
    expect(fromPool).toBeInstanceOf(appJs.core.VerificationError);
    expect(fromPool).toMatchObject({ code: 'STALE_HEAD', expected: 'a', got: 'b' });
  });
});

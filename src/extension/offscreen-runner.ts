/**
 * Chrome's service worker cannot start Web Workers: its verification tasks go to the pool in
 * the offscreen document (created on first use, with reason WORKERS) as runtime messages.
 * Same interface as the pool; the pool in the offscreen document enforces deadlines and
 * replaces crashed workers, and a cancelled task is cancelled there too.
 * @module
 */
import type Browser from 'webextension-polyfill';
import { errorFromWire, PoolError } from '../workers/errors.ts';
import type { RunOptions } from '../workers/pool.ts';
import type { ParamsOf, ResultOf, TaskMap, TaskName } from '../workers/protocol.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { ChromeOffscreen } from './chrome.ts';
import type { OffscreenRequest, Reply } from './messages.ts';
import { sleep } from '../core/sleep.ts';
import { OFFSCREEN_PATH } from './link.ts';

export class OffscreenRunner<T extends TaskMap> implements TaskRunner<T> {
  private nextId = 1;
  private creating: Promise<void> | undefined;

  constructor(
    private readonly runtime: Browser.Runtime.Static,
    private readonly offscreen: ChromeOffscreen,
    private readonly hasDocument: () => Promise<boolean>,
    private readonly defaultTimeoutMs = 30_000,
  ) {}

  async run<K extends TaskName<T>>(task: K, params: ParamsOf<T, K>, options: RunOptions = {}): Promise<ResultOf<T, K>> {
    options.signal?.throwIfAborted();
    await this.ensureDocument();
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const request: OffscreenRequest = { target: 'vigil-offscreen', type: 'pool-run', id, task, params, timeoutMs };
    const onAbort = () => {
      void this.runtime.sendMessage({ target: 'vigil-offscreen', type: 'pool-cancel', id } satisfies OffscreenRequest).catch(() => {});
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await this.send(request, options.signal);
      if (reply.ok) return reply.result as ResultOf<T, K>;
      throw errorFromWire(reply.error, task);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async send(request: OffscreenRequest, signal: AbortSignal | undefined): Promise<Reply> {
    // The document's listener may not be installed yet right after creation: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = (await this.runtime.sendMessage(request)) as Reply | undefined;
        if (reply === undefined) throw new Error('no reply');
        return reply;
      } catch (cause) {
        signal?.throwIfAborted();
        if (attempt >= 20) {
          throw new PoolError('WORKER_CRASHED', 'the offscreen document hosting the workers does not answer', { cause, task: request.type });
        }
        await sleep(100, signal);
        await this.ensureDocument();
      }
    }
  }

  /** Creates the offscreen document unless it exists (it also hosts the app host: ./app-host.ts). */
  async ensureDocument(): Promise<void> {
    if (await this.hasDocument()) return;
    this.creating ??= this.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['WORKERS'],
        justification: 'Verify BLS signatures, Merkle and validity proofs in Web Workers, and follow rollups, off the service worker',
      })
      .catch((err: unknown) => {
        // Another call created it first: fine.
        if (!String(err).includes('single offscreen')) throw err;
      })
      .finally(() => {
        this.creating = undefined;
      });
    await this.creating;
  }
}

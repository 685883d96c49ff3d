/**
 * Who goes first at an execution endpoint: the wallet's own work (the proofs a signature rests on,
 * an exit's steps, the activity's receipts) or a page's reads. Pages' requests wait in one queue
 * per endpoint and at most {@link SchedulerOptions.pageSlots} of them are in flight there (one
 * while the wallet has a request of its own in flight there, none new while a piece of the
 * wallet's work runs as {@link EndpointScheduler.first}: a transaction prepared, checked again);
 * the wallet's requests never wait here. A page that fires ten maximum-range eth_getLogs therefore
 * holds at most two requests ahead of the wallet's at the endpoint (a node answers in arrival
 * order, and a browser opens six connections per host), never the dozens its walks and receipts
 * would otherwise send at once.
 *
 * No timers and no I/O: tasks are functions the caller's transport runs; a task that fails frees
 * its slot as one that succeeds does.
 * @module
 */

/** Whose request it is: the wallet's own work, or a page's read (EIP-1193). */
export type Lane = 'wallet' | 'page';

export interface SchedulerOptions {
  /** Pages' requests in flight at one endpoint. Default 2. */
  pageSlots?: number;
  /** Pages' requests in flight at one endpoint while the wallet has one of its own in flight there. Default 1. */
  pageSlotsWhileWalletBusy?: number;
}

interface EndpointState {
  wallet: number;
  page: number;
  queue: (() => void)[];
}

/**
 * @example
 * const scheduler = new EndpointScheduler();
 * const json = await scheduler.run(url, 'page', () => transport.call(url, 'eth_getBlockByNumber', ['0x1', false], options));
 */
export class EndpointScheduler {
  private readonly slots: number;
  private readonly busySlots: number;
  private readonly endpoints = new Map<string, EndpointState>();
  /** Pieces of the wallet's work under way ({@link first}): no page request starts meanwhile. */
  private sections = 0;

  constructor(options: SchedulerOptions = {}) {
    this.slots = Math.max(1, Math.floor(options.pageSlots ?? 2));
    this.busySlots = Math.max(1, Math.min(this.slots, Math.floor(options.pageSlotsWhileWalletBusy ?? 1)));
  }

  /** Runs `task` for `endpoint` in `lane`: at once for the wallet, in the endpoint's page queue for a page. */
  run<T>(endpoint: string, lane: Lane, task: () => Promise<T>): Promise<T> {
    const state = this.state(endpoint);
    if (lane === 'wallet') {
      state.wallet++;
      return this.settle(endpoint, state, 'wallet', task);
    }
    return new Promise<T>((resolve, reject) => {
      state.queue.push(() => void this.settle(endpoint, state, 'page', task).then(resolve, reject));
      this.pump(endpoint, state);
    });
  }

  /**
   * Runs a piece of the wallet's own work (several requests and the checks between them) with the
   * endpoints to itself: pages' requests already out finish, no other starts until it is done.
   * @example const prepared = await scheduler.first(() => prepareTransaction(chain, request, options));
   */
  async first<T>(work: () => Promise<T>): Promise<T> {
    this.sections++;
    try {
      return await work();
    } finally {
      this.sections--;
      if (this.sections === 0) for (const [endpoint, state] of [...this.endpoints]) this.pump(endpoint, state);
    }
  }

  private state(endpoint: string): EndpointState {
    let s = this.endpoints.get(endpoint);
    if (s === undefined) {
      s = { wallet: 0, page: 0, queue: [] };
      this.endpoints.set(endpoint, s);
    }
    return s;
  }

  private async settle<T>(endpoint: string, state: EndpointState, lane: Lane, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      state[lane]--;
      this.pump(endpoint, state);
    }
  }

  /** Starts queued page requests while the endpoint has room for them. */
  private pump(endpoint: string, state: EndpointState): void {
    const room = this.sections > 0 ? 0 : state.wallet > 0 ? this.busySlots : this.slots;
    while (state.queue.length > 0 && state.page < room) {
      state.page++;
      state.queue.shift()!();
    }
    if (state.wallet === 0 && state.page === 0 && state.queue.length === 0) this.endpoints.delete(endpoint);
  }
}

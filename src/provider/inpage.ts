/**
 * The EIP-1193 provider a page sees (`window.ethereum`, and through EIP-6963). It holds nothing
 * and verifies nothing: each request goes to the bridge content script and on to the
 * background, where it is answered with a verified value or an error. A subscription's pushes
 * come as EIP-1193 `message` events, `{ type: 'eth_subscription', data: { subscription, result } }`.
 * @module
 */
import { ProviderRpcError, RpcErrorCode } from './errors.ts';
import { APPROVAL_METHODS } from './wallet-methods.ts';
import { type BridgeMessage, isBridgeMessage, PAGE_CHANNEL, type PageRequest } from './page-protocol.ts';

export interface RequestArguments {
  method: string;
  params?: readonly unknown[] | object;
}

/** How the provider talks to the bridge: window.postMessage in a page, anything in tests. */
export interface InpageTransport {
  send(message: PageRequest): void;
  listen(onMessage: (message: BridgeMessage) => void): void;
}

type Listener = (...args: unknown[]) => void;

const REQUEST_TIMEOUT_MS = 120_000;
/** Requests that wait on the user (an approval window) get as long as the wallet gives them. */
const APPROVAL_TIMEOUT_MS = 31 * 60_000;
export class VigilProvider {
  readonly isVigil = true;
  /** The chain id last announced (hex), or null before the first `connect`. */
  chainId: string | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  private nextId = 1;
  private onConfig: ((config: { overrideWindowEthereum: boolean }) => void) | undefined;
  /** eth_subscribe requests in flight, and the ids they returned. */
  private subscribing = 0;
  private readonly subscriptions = new Set<string>();
  /** Pushes that came before the page could know their id (the reply to eth_subscribe still on its way). */
  private held: { data?: { subscription?: unknown } }[] = [];

  constructor(private readonly transport: InpageTransport) {
    transport.listen((m) => this.receive(m));
    // Methods keep their `this` when a dApp passes them around (`const { request } = ethereum`).
    this.request = this.request.bind(this);
    this.on = this.on.bind(this);
    this.removeListener = this.removeListener.bind(this);
  }

  /** EIP-1193 `request`. Rejects with an Error carrying `code` (and `data` for -32099). */
  request(args: RequestArguments): Promise<unknown> {
    if (typeof args !== 'object' || args === null || typeof args.method !== 'string' || args.method.length === 0) {
      return Promise.reject(new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'request() expected { method: string, params?: array }'));
    }
    if (args.params !== undefined && (typeof args.params !== 'object' || args.params === null)) {
      return Promise.reject(new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'params expected an array or an object'));
    }
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ProviderRpcError(RpcErrorCode.DISCONNECTED, `Vigil did not answer ${args.method} in time`));
      }, APPROVAL_METHODS.has(args.method) ? APPROVAL_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      const message: PageRequest = { channel: PAGE_CHANNEL, dir: 'to-bridge', id, method: args.method };
      if (args.params !== undefined) message.params = JSON.parse(JSON.stringify(args.params));
      this.transport.send(message);
    });
    if (args.method === 'eth_subscribe') this.subscribe(answer);
    if (args.method === 'eth_unsubscribe' && Array.isArray(args.params)) this.subscriptions.delete(String(args.params[0]));
    return answer;
  }

  /**
   * A push may overtake the reply to its eth_subscribe: pushes for ids not known yet are held while
   * one is in flight, and emitted after the page's code has had the reply (a task later).
   */
  private subscribe(answer: Promise<unknown>): void {
    this.subscribing++;
    void answer
      .then((id) => void (typeof id === 'string' && this.subscriptions.add(id)), () => {})
      .finally(() => {
        this.subscribing--;
        setTimeout(() => this.release());
      });
  }

  private pushed(message: { data?: { subscription?: unknown } }): void {
    const id = message?.data?.subscription;
    const unknown = this.subscribing > 0 && !(typeof id === 'string' && this.subscriptions.has(id));
    // Behind a held push of the same subscription: its order kept.
    if (unknown || this.held.some((h) => h.data?.subscription === id)) this.held.push(message);
    else this.emit('message', message);
  }

  /** Emits the held pushes whose id is known now (all of them once no eth_subscribe is in flight), in order. */
  private release(): void {
    const held = this.held;
    this.held = [];
    for (const message of held) this.pushed(message);
  }

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  removeAllListeners(event?: string): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  /** Called with the bridge's injection settings (used by the MAIN-world entry). */
  onInjectionConfig(fn: (config: { overrideWindowEthereum: boolean }) => void): void {
    this.onConfig = fn;
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (err) {
        // A dApp's listener that throws must not stop the others.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }

  private receive(m: BridgeMessage): void {
    if (!isBridgeMessage(m)) return;
    if ('config' in m) {
      this.onConfig?.(m.config);
      return;
    }
    if ('event' in m) {
      if (m.event === 'message') {
        this.pushed(m.data as { data?: { subscription?: unknown } });
        return;
      }
      if (m.event === 'chainChanged' && typeof m.data === 'string') {
        if (m.data === this.chainId) return;
        this.chainId = m.data;
      }
      if (m.event === 'connect' && typeof m.data === 'object' && m.data !== null) {
        const id = (m.data as { chainId?: unknown }).chainId;
        if (typeof id === 'string') this.chainId = id;
      }
      this.emit(m.event, m.data);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if ('error' in m) p.reject(ProviderRpcError.fromJson(m.error));
    else p.resolve(m.result);
  }
}

/** The transport of a real page: window.postMessage to the bridge in the isolated world. */
export function windowTransport(win: Window): InpageTransport {
  return {
    // The document's origin, not its URL's: a sandboxed page at an http URL is "null" (then only "*" reaches it, and it is this same window).
    send: (message) => win.postMessage(message, win.origin === 'null' ? '*' : win.origin),
    listen: (fn) =>
      win.addEventListener('message', (e: MessageEvent) => {
        if (e.source !== win || !isBridgeMessage(e.data)) return;
        fn(e.data);
      }),
  };
}

/**
 * Isolated-world content script: carries the page provider's requests to the background over a
 * runtime port and the answers back; tells the page when the chain changes (from storage, so it
 * works while the service worker sleeps). A request in flight when the background is stopped is
 * sent again on a new port with the same key: a read is simply answered again, a signing
 * request joins the approval it already has (it is never signed twice). A subscription's pushes
 * come as runtime messages for this bridge's session (the service worker needs no port to send
 * them, so they come after its restart too) and go on to the page as EIP-1193 `message` events.
 * @module
 */
import browser from 'webextension-polyfill';
import type Browser from 'webextension-polyfill';
import { isPageRequest, PAGE_CHANNEL, type BridgeMessage, type PageRequest, type PortEvent, type PortReply, PROVIDER_PORT } from '../provider/page-protocol.ts';
import { type ChainAnnouncement, CHAIN_KEY, INJECTION_KEY } from './messages.ts';
import { pushListener } from './page-push.ts';

// The document's origin, not its URL's (a sandboxed page at an http URL is "null"): the page is this same window.
const targetOrigin = self.origin === 'null' ? '*' : self.origin;
/** Names this page's requests across resends (an approval survives a restarted background), and the page its subscriptions push to. */
const session = crypto.randomUUID();
const inFlight = new Map<number, PageRequest>();
let port: Browser.Runtime.Port | undefined;
let chainId: string | null | undefined;

function toPage(message: Omit<BridgeMessage, 'channel' | 'dir'>): void {
  window.postMessage({ channel: PAGE_CHANNEL, dir: 'to-page', ...message }, targetOrigin);
}

function connect(): Browser.Runtime.Port {
  if (port) return port;
  const p = browser.runtime.connect({ name: PROVIDER_PORT });
  port = p;
  p.onMessage.addListener((message: unknown) => {
    const m = message as PortReply | PortEvent;
    if ('event' in m) {
      if (m.event === 'chainChanged') announceChain(m.data as string);
      else toPage({ event: m.event, data: m.data } as never);
      return;
    }
    if (typeof m.id !== 'number' || !inFlight.has(m.id)) return;
    inFlight.delete(m.id);
    toPage(('error' in m ? { id: m.id, error: m.error } : { id: m.id, result: m.result }) as never);
  });
  p.onDisconnect.addListener(() => {
    port = undefined;
    if (inFlight.size === 0) return;
    // The background went away mid-request: ask again on a new port.
    setTimeout(() => {
      const again = connect();
      for (const r of inFlight.values()) again.postMessage({ id: r.id, method: r.method, params: r.params, key: `${session}:${r.id}`, session });
    }, 50);
  });
  return p;
}

function announceChain(next: string | null): void {
  if (next === chainId) return;
  const first = chainId === undefined;
  chainId = next;
  if (next === null) return;
  toPage({ event: first ? 'connect' : 'chainChanged', data: first ? { chainId: next } : next } as never);
}

window.addEventListener('message', (e: MessageEvent) => {
  if (e.source !== window || !isPageRequest(e.data)) return;
  const r = e.data;
  inFlight.set(r.id, r);
  const message = { id: r.id, method: r.method, params: r.params, key: `${session}:${r.id}`, session };
  try {
    connect().postMessage(message);
  } catch {
    port = undefined;
    connect().postMessage(message);
  }
});

browser.runtime.onMessage.addListener(pushListener(session, browser.runtime.id, (data) => toPage({ event: 'message', data: { type: 'eth_subscription', data } } as never)));

browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  const chain = changes[CHAIN_KEY]?.newValue as ChainAnnouncement | undefined;
  if (chain) announceChain(chain.chainId);
  const injection = changes[INJECTION_KEY]?.newValue as { overrideWindowEthereum?: boolean } | undefined;
  if (injection) toPage({ config: { overrideWindowEthereum: injection.overrideWindowEthereum === true } } as never);
});

void browser.storage.local.get([CHAIN_KEY, INJECTION_KEY]).then((stored) => {
  const injection = stored[INJECTION_KEY] as { overrideWindowEthereum?: boolean } | undefined;
  toPage({ config: { overrideWindowEthereum: injection?.overrideWindowEthereum === true } } as never);
  const chain = stored[CHAIN_KEY] as ChainAnnouncement | undefined;
  if (chain) announceChain(chain.chainId);
});

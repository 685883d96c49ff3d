/**
 * A raw EIP-1193 page, no library: `window.ethereum.request` for eth_subscribe / eth_unsubscribe
 * and `ethereum.on('message')` for the pushes. Each push the page hears lands in `heard`, with
 * the time it came.
 */
type Push = { subscription: string; result: any; at: number };
type Ethereum = {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  on(event: 'message', listener: (message: { type: string; data: { subscription: string; result: unknown } }) => void): void;
};

const ethereum = (window as unknown as { ethereum: Ethereum }).ethereum;
const heard: Push[] = [];
ethereum.on('message', (message) => {
  if (message.type === 'eth_subscription') heard.push({ ...message.data, at: Date.now() });
});

const settle = (p: Promise<unknown>) => p.then((result) => ({ result }), (e: { code?: number; message?: string }) => ({ error: { code: e.code, message: e.message } }));

(window as unknown as { subs: unknown }).subs = {
  heard,
  subscribe: (params: unknown[]) => settle(ethereum.request({ method: 'eth_subscribe', params })),
  unsubscribe: (id: string) => settle(ethereum.request({ method: 'eth_unsubscribe', params: [id] })),
};
document.title = 'subscriptions ready';

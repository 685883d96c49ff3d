/** The page-side EIP-1193 provider and the EIP-6963 announcement, over a fake bridge. */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { announceProvider, VIGIL_ICON_DATA_URI, VIGIL_RDNS } from '../../../src/provider/eip6963.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { type InpageTransport, VigilProvider } from '../../../src/provider/inpage.ts';
import { type BridgeMessage, PAGE_CHANNEL, type PageRequest } from '../../../src/provider/page-protocol.ts';

function fakeBridge() {
  const sent: PageRequest[] = [];
  let deliver: (m: BridgeMessage) => void = () => {};
  const transport: InpageTransport = { send: (m) => sent.push(m), listen: (fn) => (deliver = fn) };
  const reply = (m: Record<string, unknown>) => deliver({ channel: PAGE_CHANNEL, dir: 'to-page', ...m } as BridgeMessage);
  return { sent, transport, reply };
}

describe('the in-page provider', () => {
  it('sends requests to the bridge and resolves with its answer', async () => {
    const bridge = fakeBridge();
    const provider = new VigilProvider(bridge.transport);
    const p = provider.request({ method: 'eth_getBalance', params: ['0xabc', 'latest'] });
    expect(bridge.sent).toEqual([{ channel: PAGE_CHANNEL, dir: 'to-bridge', id: 1, method: 'eth_getBalance', params: ['0xabc', 'latest'] }]);
    bridge.reply({ id: 1, result: '0x10' });
    expect(await p).toBe('0x10');
  });

  it('rejects with code and data, as EIP-1193 errors carry them', async () => {
    const bridge = fakeBridge();
    const { request } = new VigilProvider(bridge.transport); // detached methods keep working
    const p = request({ method: 'eth_getBalance', params: [] });
    bridge.reply({ id: 1, error: { code: -32099, message: 'no', data: { code: 'PROOF_VALUE_MISMATCH' } } });
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(ProviderRpcError);
    expect(err).toMatchObject({ code: -32099, data: { code: 'PROOF_VALUE_MISMATCH' } });
    await expect(request({} as never)).rejects.toMatchObject({ code: -32602 });
    await expect(request({ method: 'x', params: 5 as never })).rejects.toMatchObject({ code: -32602 });
  });

  it('emits connect and chainChanged (once per change) to its listeners, and removes them', () => {
    const bridge = fakeBridge();
    const provider = new VigilProvider(bridge.transport);
    const seen: unknown[] = [];
    const listener = (id: unknown) => seen.push(id);
    provider.on('chainChanged', listener);
    provider.on('connect', (info) => seen.push(info));
    bridge.reply({ event: 'connect', data: { chainId: '0x539' } });
    bridge.reply({ event: 'chainChanged', data: '0x539' }); // no change
    bridge.reply({ event: 'chainChanged', data: '0x1' });
    expect(seen).toEqual([{ chainId: '0x539' }, '0x1']);
    expect(provider.chainId).toBe('0x1');
    provider.removeListener('chainChanged', listener);
    bridge.reply({ event: 'chainChanged', data: '0x5' });
    expect(seen).toHaveLength(2);
  });

  it("emits a subscription's pushes as EIP-1193 message events, in order", () => {
    const bridge = fakeBridge();
    const provider = new VigilProvider(bridge.transport);
    const seen: unknown[] = [];
    provider.on('message', (m) => seen.push(m));
    const push = (subscription: string, result: unknown) => bridge.reply({ event: 'message', data: { type: 'eth_subscription', data: { subscription, result } } });
    push('0xs1', { number: '0x1' });
    push('0xs1', { number: '0x2' });
    expect(seen).toEqual([
      { type: 'eth_subscription', data: { subscription: '0xs1', result: { number: '0x1' } } },
      { type: 'eth_subscription', data: { subscription: '0xs1', result: { number: '0x2' } } },
    ]);
  });

  it('holds a push that overtook the reply to its eth_subscribe until the page has the id; others go on at once', async () => {
    const bridge = fakeBridge();
    const provider = new VigilProvider(bridge.transport);
    const push = (subscription: string, result: unknown) => bridge.reply({ event: 'message', data: { type: 'eth_subscription', data: { subscription, result } } });
    // A page as pages are written: the id from the reply, then its pushes picked by it.
    const heard: Record<string, unknown[]> = {};
    const ids: string[] = [];
    provider.on('message', (m: any) => {
      if (ids.includes(m.data.subscription)) (heard[m.data.subscription] ??= []).push(m.data.result);
    });
    const first = provider.request({ method: 'eth_subscribe', params: ['newHeads'] }).then((id) => ids.push(id as string));
    bridge.reply({ id: 1, result: '0xs1' });
    await first;
    // Through a library's wrapper: the id reaches the page's code a few microtasks after the reply.
    const second = provider
      .request({ method: 'eth_subscribe', params: ['logs', {}] })
      .then((id) => id)
      .then((id) => id)
      .then((id) => ids.push(id as string));
    push('0xs2', 'log 1');
    push('0xs1', 'head 1'); // known already: not held behind the other's reply
    expect(heard['0xs1']).toEqual(['head 1']);
    bridge.reply({ id: 2, result: '0xs2' });
    await second;
    // Known now, and still behind the held one.
    push('0xs2', 'log 2');
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toEqual({ '0xs1': ['head 1'], '0xs2': ['log 1', 'log 2'] });
  });

  it('ignores answers to requests it did not make', () => {
    const bridge = fakeBridge();
    new VigilProvider(bridge.transport);
    expect(() => bridge.reply({ id: 99, result: 1 })).not.toThrow();
  });

  it('announces itself through EIP-6963, again on each request', () => {
    const win = new Window({ url: 'http://127.0.0.1:8080/' });
    const provider = new VigilProvider(fakeBridge().transport);
    const announced: any[] = [];
    win.addEventListener('eip6963:announceProvider', (e: any) => announced.push(e.detail));
    announceProvider(win as never, { uuid: '350670db-19fa-4704-a166-e52e178b59d2', name: 'Vigil', icon: VIGIL_ICON_DATA_URI, rdns: VIGIL_RDNS }, provider);
    win.dispatchEvent(new win.Event('eip6963:requestProvider'));
    expect(announced).toHaveLength(2);
    expect(announced[1].provider).toBe(provider);
    expect(announced[1].info).toEqual({ uuid: '350670db-19fa-4704-a166-e52e178b59d2', name: 'Vigil', icon: VIGIL_ICON_DATA_URI, rdns: 'dev.vigil' });
    expect(Object.isFrozen(announced[1].info)).toBe(true);
    expect(atob(VIGIL_ICON_DATA_URI.split(',')[1]!)).toContain('width="96"');
  });
});

/**
 * The wallet's own requests are not queued behind a page's (src/client/verified/endpoint-scheduler.ts,
 * through ExecutionRpc's lanes): a page's burst of batches waits in its queue with at most two in
 * flight at the endpoint (one while the wallet has a request there), and the wallet's request
 * reaches the endpoint at once, before any of the page's has come back.
 */
import { describe, expect, it } from 'vitest';
import { EndpointScheduler } from '../../../../src/client/verified/endpoint-scheduler.ts';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import type { JsonRpcTransport } from '../../../../src/rpc/http.ts';

const URL_A = 'http://a.example';
const URL_B = 'http://b.example';

/** A transport whose answers wait until the test releases them, recording what reached the endpoint. */
function heldTransport() {
  const reached: string[] = [];
  const held: { what: string; release: () => void }[] = [];
  const hold = <T>(what: string, value: T) =>
    new Promise<T>((resolve) => {
      reached.push(what);
      held.push({ what, release: () => resolve(value) });
    });
  const transport: JsonRpcTransport = {
    call: (url, method, params) => hold(`${url} ${method} ${String(params[0])}`, '0x1'),
    batch: (url, requests) => hold(`${url} batch ${requests[0]!.method} ${String(requests[0]!.params[0])}`, requests.map(() => ({ ok: true as const, result: '0x1' }))),
  };
  const release = (what: string) => {
    const i = held.findIndex((h) => h.what.includes(what));
    if (i < 0) throw new Error(`nothing held like ${what}`);
    held.splice(i, 1)[0]!.release();
  };
  return { transport, reached, held, release };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('EndpointScheduler', () => {
  it("never queues the wallet's request behind a page's: ten page batches wait, the wallet's goes out at once", async () => {
    const t = heldTransport();
    const wallet = new ExecutionRpc({ endpoints: [URL_A], transport: t.transport, maxBatch: 2 });
    const page = wallet.forPages();
    // A page's ten maximum-range reads, each a batch of header fetches.
    const pageReads = Array.from({ length: 10 }, (_, i) => page.batchAt(URL_A, [{ method: 'eth_getBlockByNumber', params: [`page-${i}`, false] }, { method: 'eth_getBlockByNumber', params: [`page-${i}b`, false] }]));
    await tick();
    expect(t.reached).toEqual([`${URL_A} batch eth_getBlockByNumber page-0`, `${URL_A} batch eth_getBlockByNumber page-1`]);
    // The wallet's proof reaches the endpoint now, before any page read came back.
    const proof = wallet.callAt(URL_A, 'eth_getProof', ['wallet']);
    await tick();
    expect(t.reached.at(-1)).toBe(`${URL_A} eth_getProof wallet`);
    expect(t.reached).toHaveLength(3);
    // While the wallet's request is out, pages get one slot: a page read that ends starts no other.
    t.release('page-0');
    await tick();
    expect(t.reached).toHaveLength(3);
    t.release('wallet');
    expect(await proof).toBe('0x1');
    await tick();
    // The wallet done: the pages' two slots again.
    expect(t.reached.slice(3)).toEqual([`${URL_A} batch eth_getBlockByNumber page-2`]);
    while (t.held.length > 0) {
      t.release('page');
      await tick();
    }
    expect((await Promise.all(pageReads)).flat()).toHaveLength(20);
    expect(t.reached.filter((r) => r.includes('page'))).toHaveLength(10);
  });

  it("gives the endpoints to a piece of the wallet's work: pages' requests already out finish, no other starts until it is done", async () => {
    const t = heldTransport();
    const wallet = new ExecutionRpc({ endpoints: [URL_A, URL_B], transport: t.transport });
    const page = wallet.forPages();
    for (let i = 0; i < 4; i++) void page.callAt(URL_A, 'eth_getBlockByNumber', [`a${i}`]);
    await tick();
    let finish!: () => void;
    const work = wallet.first(async () => {
      await new Promise<void>((r) => (finish = r));
      return wallet.callAt(URL_B, 'eth_getProof', ['wallet']);
    });
    t.release('a0');
    t.release('a1');
    void page.callAt(URL_B, 'eth_getBlockByNumber', ['b0']);
    await tick();
    expect(t.reached).toEqual([`${URL_A} eth_getBlockByNumber a0`, `${URL_A} eth_getBlockByNumber a1`]);
    finish();
    await tick();
    expect(t.reached.at(-1)).toBe(`${URL_B} eth_getProof wallet`);
    t.release('wallet');
    expect(await work).toBe('0x1');
    await tick();
    expect(t.reached.slice(3).sort()).toEqual([`${URL_A} eth_getBlockByNumber a2`, `${URL_A} eth_getBlockByNumber a3`, `${URL_B} eth_getBlockByNumber b0`]);
  });

  it('queues per endpoint: a page busy at one endpoint does not hold back another', async () => {
    const t = heldTransport();
    const page = new ExecutionRpc({ endpoints: [URL_A, URL_B], transport: t.transport }).forPages();
    for (let i = 0; i < 4; i++) void page.callAt(URL_A, 'eth_getBlockByNumber', [`a${i}`]);
    void page.callAt(URL_B, 'eth_getBlockByNumber', ['b0']);
    await tick();
    expect(t.reached).toEqual([`${URL_A} eth_getBlockByNumber a0`, `${URL_A} eth_getBlockByNumber a1`, `${URL_B} eth_getBlockByNumber b0`]);
  });

  it('frees a slot when a request fails, and shares preference order and scheduler across lanes', async () => {
    const scheduler = new EndpointScheduler({ pageSlots: 1 });
    let fail = true;
    const transport: JsonRpcTransport = {
      call: async () => {
        if (fail) throw new Error('down');
        return '0x2';
      },
      batch: async () => [],
    };
    const wallet = new ExecutionRpc({ endpoints: [URL_A, URL_B], transport, scheduler });
    const page = wallet.forPages();
    await expect(page.callAt(URL_A, 'm', [])).rejects.toThrow('down');
    fail = false;
    // The failed request's one slot is free again: the next goes out.
    expect(await page.callAt(URL_A, 'm', [])).toBe('0x2');
    page.demote(URL_A);
    expect(wallet.endpoints).toEqual([URL_B, URL_A]);
    expect(page.lane).toBe('page');
    expect(wallet.lane).toBe('wallet');
  });
});

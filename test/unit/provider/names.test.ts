/**
 * vigil_getVerifiedBalance takes an ENS name: resolved by the backend (verified call, no gateway;
 * src/provider/page-name.ts turns its refusals into the page's errors),
 * the balance proven at the address, the name and its provenance beside it. A name ENSIP-15 refuses
 * is the page's mistake (-32602, never a failed verification); a name with no address likewise; an
 * offchain name is not resolved for a page (its gateway would see the name).
 */
import { describe, expect, it } from 'vitest';
import { InputError, VigilError } from '../../../src/core/errors.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { createRequestHandler, type PageName, type ProviderBackend } from '../../../src/provider/handler.ts';
import { pageName } from '../../../src/provider/page-name.ts';
import { PooledAccountReader } from '../../../src/client/verified/reads.ts';
import { fakeRpc, HEAD, inThreadRunner, mainnetProof } from './helpers.ts';

const ADDRESS = mainnetProof.address as string;
const NOW = (HEAD.timestamp + 30) * 1000;

function setup(resolveName?: (name: string) => Promise<PageName>) {
  const rpc = fakeRpc({
    'http://rpc.test': (method) => {
      if (method === 'eth_getProof') return { ...structuredClone(mainnetProof), storageProof: [] };
      throw new Error(method);
    },
  });
  const reader = new PooledAccountReader(rpc as never, inThreadRunner);
  const asked: string[] = [];
  const backend: ProviderBackend = {
    chainId: () => 1,
    verifiedHeads: () => ({ optimistic: HEAD, finalized: undefined, recent: [] }),
    readAccount: (r) => reader.read(r),
    now: () => NOW,
    ...(resolveName
      ? {
          // As the extension wires it: the app host's pageName over the names.
          resolveName: (name: string) => {
            asked.push(name);
            return pageName(resolveName, name);
          },
        }
      : {}),
  };
  return { handle: createRequestHandler(backend), asked };
}

const rpcError = (p: Promise<unknown>) => p.then(() => undefined, (e) => e as ProviderRpcError);
const at = { blockNumber: String(HEAD.blockNumber), blockHash: HEAD.blockHash };

describe('vigil_getVerifiedBalance with an ENS name', () => {
  it('proves the balance of the address the name resolves to, the name and its provenance beside it', async () => {
    const { handle, asked } = setup(async (name) => ({ name: name.toLowerCase(), address: ADDRESS, provenance: { kind: 'proven' }, at }));
    const answer = (await handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: ['Vitalik.eth'] })) as Record<string, unknown>;
    expect(asked).toEqual(['Vitalik.eth']);
    expect(answer).toMatchObject({ balance: mainnetProof.balance, name: 'vitalik.eth', nameProvenance: { kind: 'proven' }, nameBlockNumber: HEAD.blockNumber, blockNumber: HEAD.blockNumber });
  });

  it("answers a name ENSIP-15 refuses, or one with no address, as the page's mistake (-32602)", async () => {
    const refused = setup(async () => {
      throw new InputError('"a_b.eth" is not a valid ENS name (ENSIP-15): underscore allowed only at start');
    });
    expect((await rpcError(refused.handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: ['a_b.eth'] })))?.code).toBe(-32602);
    const none = setup(async (name) => ({ name, address: null, provenance: { kind: 'proven' }, at }));
    expect((await rpcError(none.handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: ['nobody.eth'] })))?.toJSON()).toMatchObject({ code: -32602, data: { code: 'NAME_HAS_NO_ADDRESS' } });
  });

  it('resolves no offchain name for a page', async () => {
    const { handle } = setup(async () => {
      throw Object.assign(new VigilError('the name is served by an offchain gateway'), { code: 'GATEWAY_NOT_ALLOWED' });
    });
    expect((await rpcError(handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: ['off.eth'] })))?.toJSON()).toMatchObject({ code: 4200, data: { code: 'GATEWAY_NOT_ALLOWED' } });
  });

  it('takes no name where no resolver is wired, and asks none for an address', async () => {
    const { handle } = setup();
    // Read as an address, which it is not: the page's mistake.
    expect((await rpcError(handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: ['vitalik.eth'] })))?.code).toBe(-32602);
    const named = setup(async () => {
      throw new Error('not asked');
    });
    await named.handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: [ADDRESS] });
    expect(named.asked).toEqual([]);
  });
});

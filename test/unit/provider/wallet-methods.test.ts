import { describe, expect, it } from 'vitest';
import { createRequestHandler, type ProviderBackend } from '../../../src/provider/handler.ts';
import { L1_SIGNING_METHODS } from '../../../src/provider/l2-methods.ts';
import { APPROVAL_METHODS, type WalletBackend, walletProviderError } from '../../../src/provider/wallet-methods.ts';
import { WalletError } from '../../../src/wallet/errors.ts';

const ADDRESS = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

function handler() {
  const calls: unknown[][] = [];
  const wallet: WalletBackend = {
    accounts: async (origin) => (origin === 'https://a.example' ? [ADDRESS] : []),
    requestAccounts: async (ctx, options) => (calls.push(['requestAccounts', ctx, ...(options ? [options] : [])]), [ADDRESS]),
    getPermissions: async () => [{ invoker: 'https://a.example', parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: [ADDRESS] }], date: 1 }],
    revokePermissions: async (origin, caps) => void calls.push(['revoke', origin, caps]),
    sendTransaction: async (ctx, tx) => (calls.push(['send', ctx, tx]), '0x' + '11'.repeat(32)),
    personalSign: async (_ctx, message, address) => (calls.push(['personal', message, address]), '0xsig'),
    signTypedData: async (_ctx, address, data, version) => (calls.push(['typed', address, data, version]), '0xsig'),
    switchChain: async (_ctx, id) => void calls.push(['switch', id]),
    addChain: async (_ctx, p) => void calls.push(['add', p]),
    watchAsset: async (_ctx, p) => (calls.push(['watch', p]), true),
    getCapabilities: async (origin, address, chainIds) => (calls.push(['capabilities', origin, address, chainIds]), { '0x7a69': { atomic: { status: 'unsupported' } } }),
    sendCalls: async (ctx, p) => (calls.push(['sendCalls', ctx, p]), { id: '0x' + 'ab'.repeat(16) }),
    getCallsStatus: async (origin, id) => {
      calls.push(['callsStatus', origin, id]);
      throw new WalletError('BATCH_NOT_FOUND', 'no such batch');
    },
  };
  const backend: ProviderBackend = {
    chainId: () => 31337,
    verifiedHeads: () => ({ recent: [] }),
    readAccount: async () => {
      throw new Error('no reads here');
    },
    now: () => 0,
    wallet: () => wallet,
  };
  return { handle: createRequestHandler(backend), calls };
}

describe('the provider write side', () => {
  it('hands each method to the wallet with the request key, the origin and the checked params', async () => {
    const { handle, calls } = handler();
    expect(await handle('https://a.example', { method: 'eth_accounts' })).toEqual([ADDRESS]);
    expect(await handle('https://b.example', { method: 'eth_accounts' })).toEqual([]);
    await handle('https://a.example', { method: 'eth_requestAccounts' }, 'page:1');
    expect(calls.at(-1)).toEqual(['requestAccounts', { origin: 'https://a.example', requestKey: 'page:1' }]);
    await handle('https://a.example', { method: 'eth_sendTransaction', params: [{ to: ADDRESS, value: '0x1' }] });
    expect(calls.at(-1)?.[0]).toBe('send');
    await handle('https://a.example', { method: 'personal_sign', params: ['0x68', ADDRESS] });
    await handle('https://a.example', { method: 'eth_signTypedData_v4', params: [ADDRESS, '{"types":{}}'] });
    expect(calls.at(-1)).toEqual(['typed', ADDRESS, '{"types":{}}', 'v4']);
    await handle('https://a.example', { method: 'wallet_switchEthereumChain', params: [{ chainId: '0x7a69' }] });
    expect(calls.at(-1)).toEqual(['switch', 31337n]);
    expect(await handle('https://a.example', { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: ADDRESS } } })).toBe(true);
    expect(await handle('https://a.example', { method: 'wallet_requestPermissions', params: [{ eth_accounts: {} }] })).toMatchObject([{ parentCapability: 'eth_accounts' }]);
    // EIP-2255 from a site already connected: the window opens to change its accounts.
    expect(calls.at(-1)).toEqual(['requestAccounts', { origin: 'https://a.example' }, { change: true }]);
    expect(await handle('https://a.example', { method: 'wallet_revokePermissions', params: [{ eth_accounts: {} }] })).toBeNull();
  });

  it('refuses malformed params with -32602 before the wallet sees them', async () => {
    const { handle, calls } = handler();
    const bad = [
      { method: 'personal_sign', params: ['0x68', 'not an address'] },
      { method: 'personal_sign', params: [{}, ADDRESS] },
      { method: 'eth_sendTransaction', params: ['0x1'] },
      { method: 'eth_signTypedData_v4', params: [ADDRESS, 5] },
      { method: 'wallet_switchEthereumChain', params: [{ chainId: '0x01' }] },
      { method: 'wallet_switchEthereumChain', params: [{ chainId: 1 }] },
      { method: 'wallet_requestPermissions', params: [{ eth_coinbase: {} }] },
      { method: 'wallet_requestPermissions', params: [{}] },
      { method: 'wallet_watchAsset', params: { type: 'ERC721', options: { address: ADDRESS } } },
      { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: '0x12' } } },
      { method: 'wallet_watchAsset', params: { type: 'ERC20' } },
    ];
    for (const request of bad) {
      await expect(handle('https://a.example', request), JSON.stringify(request)).rejects.toMatchObject({ code: -32602 });
    }
    expect(calls).toEqual([]);
  });
});

describe('wallet_watchAsset decimals', () => {
  // MetaMask's own test dApp sends its input's value, "4"; MetaMask reads it as 4.
  it('reads decimals given as a string of decimal digits as that number, as MetaMask does', async () => {
    const { handle, calls } = handler();
    const options = { address: ADDRESS, symbol: 'TST', decimals: '4', image: 'https://x.example/i.svg' };
    expect(await handle('https://a.example', { method: 'wallet_watchAsset', params: { type: 'ERC20', options } })).toBe(true);
    expect(calls.at(-1)).toEqual(['watch', { type: 'ERC20', options: { ...options, decimals: 4 } }]);
    expect(options.decimals).toBe('4'); // the page's object is left as it was
  });

  it('hands any other decimals on as given, for the token rule to judge (TOKEN_METADATA_INVALID)', async () => {
    const { handle, calls } = handler();
    for (const decimals of ['4.5', '-1', '0x4', '', ' 4', '1e1', '12345', 4, null]) {
      await handle('https://a.example', { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: ADDRESS, decimals } } });
      expect((calls.at(-1)![1] as { options: { decimals: unknown } }).options.decimals, JSON.stringify(decimals)).toBe(decimals);
    }
  });
});

describe('eth_signTypedData_v3', () => {
  it('goes to the wallet as v4 does, marked v3 (arrays refused there), and waits on one window per request; v1 stays refused', async () => {
    const { handle, calls } = handler();
    const typed = { types: {}, primaryType: 'M', domain: {}, message: {} };
    expect(await handle('https://a.example', { method: 'eth_signTypedData_v3', params: [ADDRESS, JSON.stringify(typed)] })).toBe('0xsig');
    expect(calls.at(-1)).toEqual(['typed', ADDRESS, JSON.stringify(typed), 'v3']);
    expect(APPROVAL_METHODS.has('eth_signTypedData_v3')).toBe(true);
    expect(L1_SIGNING_METHODS.has('eth_signTypedData_v3')).toBe(true);
    await expect(handle('https://a.example', { method: 'eth_signTypedData_v3', params: [ADDRESS, 5] })).rejects.toMatchObject({ code: -32602 });
    await expect(handle('https://a.example', { method: 'eth_signTypedData_v3', params: ['nope', '{}'] })).rejects.toMatchObject({ code: -32602 });
    await expect(handle('https://a.example', { method: 'eth_signTypedData', params: [[], ADDRESS] })).rejects.toMatchObject({ code: 4200, message: expect.stringContaining('eth_signTypedData') });
    expect(calls).toHaveLength(1);
  });
});

describe("the wallet's typed errors as EIP-1193 errors", () => {
  it('maps each code to the number dApps branch on, with the code in data', () => {
    const cases: [ConstructorParameters<typeof WalletError>[0], number][] = [
      ['USER_REJECTED', 4001],
      ['NOT_PERMITTED', 4100],
      ['LOCKED', 4100],
      ['UNKNOWN_ACCOUNT', 4100],
      ['DISCONNECTED', 4900],
      ['UNKNOWN_CHAIN', 4902],
      ['INVALID_TRANSACTION', -32602],
      ['INVALID_TYPED_DATA', -32602],
      ['STALE_HEAD', -32003],
      ['RESERVED_MESSAGE', -32003],
    ];
    for (const [code, number] of cases) {
      expect(walletProviderError(new WalletError(code, 'x')).toJSON(), code).toMatchObject({ code: number, data: { code } });
    }
    expect(walletProviderError(new WalletError('WOULD_REVERT', 'reverts', { details: '0x08c379a0' })).toJSON()).toMatchObject({ code: 3, data: '0x08c379a0' });
  });
});

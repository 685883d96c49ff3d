/**
 * The provider's request handling: chain id, block tags resolved against verified heads only,
 * every read proven (through the same task code the pool runs), -32099 with data.code for any
 * verification failure, EIP-1193 codes for the rest.
 */
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { blockEnvFromJson } from '../../../src/execution/block-env.ts';
import { ProviderRpcError, RpcErrorCode } from '../../../src/provider/errors.ts';
import { createRequestHandler, type ProviderBackend, resolveBlock, SUPPORTED_METHODS, type VerificationFailure, type VerifiedHeadInfo } from '../../../src/provider/handler.ts';
import { OriginRegistry } from '../../../src/provider/origins.ts';
import { PooledAccountReader } from '../../../src/client/verified/reads.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { parsePersonalMessage, signPersonalMessage } from '../../../src/wallet/personal-message.ts';
import { fakeRpc, HEAD, inThreadRunner, mainnetProof } from './helpers.ts';

const ADDRESS = mainnetProof.address as string;
const NOW = (HEAD.timestamp + 30) * 1000;
/** The proof as an honest server answers a read of no storage keys. */
const noSlots = { ...mainnetProof, storageProof: [] };
const FINALIZED: VerifiedHeadInfo = { ...HEAD, blockNumber: HEAD.blockNumber - 64, blockHash: '0x' + '01'.repeat(32), stateRoot: '0x' + '02'.repeat(32), slot: HEAD.slot - 64, finalized: true };

function setup(options: { lie?: (p: any) => any; heads?: Partial<ReturnType<ProviderBackend['verifiedHeads']>>; chainId?: number | undefined } = {}) {
  const rpc = fakeRpc({
    'http://rpc.test': (method, params) => {
      if (method === 'eth_getProof') {
        const copy = structuredClone(mainnetProof);
        copy.storageProof = (params[1] as string[]).length === 0 ? [] : copy.storageProof;
        return options.lie ? options.lie(copy) : copy;
      }
      if (method === 'eth_getCode') return '0x6001';
      throw new Error(method);
    },
  });
  const failures: VerificationFailure[] = [];
  const reader = new PooledAccountReader(rpc as never, inThreadRunner);
  const backend: ProviderBackend = {
    chainId: () => ('chainId' in options ? options.chainId : 1),
    verifiedHeads: () => ({ optimistic: HEAD, finalized: FINALIZED, recent: [], ...options.heads }),
    readAccount: (r) => reader.read(r),
    now: () => NOW,
    onVerificationFailure: (f) => failures.push(f),
  };
  const origins = new OriginRegistry(() => NOW);
  return { handle: createRequestHandler(backend, origins), rpc, failures, origins };
}

const rpcError = (p: Promise<unknown>) => p.then(() => undefined, (e) => e as ProviderRpcError);

describe('provider request handling', () => {
  it('answers the chain id and the newest verified block', async () => {
    const { handle } = setup();
    expect(await handle('https://app.test', { method: 'eth_chainId' })).toBe('0x1');
    expect(await handle('https://app.test', { method: 'net_version' })).toBe('1');
    expect(await handle('https://app.test', { method: 'eth_blockNumber' })).toBe('0x' + HEAD.blockNumber.toString(16));
    expect(await handle('https://app.test', { method: 'eth_accounts' })).toEqual([]);
  });

  it('proves eth_getBalance, eth_getTransactionCount and eth_getStorageAt at the verified head', async () => {
    const { handle, rpc } = setup();
    expect(await handle('https://app.test', { method: 'eth_getBalance', params: [ADDRESS, 'latest'] })).toBe(mainnetProof.balance);
    expect(rpc.calls).toEqual([`http://rpc.test eth_getProof`]);
    expect(await handle('https://app.test', { method: 'eth_getTransactionCount', params: [ADDRESS] })).toBe(mainnetProof.nonce);
    const value = await handle('https://app.test', { method: 'eth_getStorageAt', params: [ADDRESS, '0x1', 'latest'] });
    expect(BigInt(value as string)).toBe(BigInt(mainnetProof.storageProof[0].value));
    expect(value).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('returns vigil_getVerifiedBalance with its provenance', async () => {
    const { handle } = setup();
    expect(await handle('https://app.test', { method: 'vigil_getVerifiedBalance', params: [ADDRESS] })).toEqual({
      balance: mainnetProof.balance,
      blockNumber: HEAD.blockNumber,
      blockHash: HEAD.blockHash,
      stateRoot: HEAD.stateRoot,
      beaconSlot: HEAD.slot,
      finalized: false,
      chainId: '0x1',
      verifiedAt: NOW,
      headAgeSeconds: 30,
    });
  });

  it('turns every lie into -32099 with the verification code, never a value', async () => {
    const lies: [string, (p: any) => any, string][] = [
      ['balance', (p) => ({ ...p, balance: '0x' + (BigInt(p.balance) + 1n).toString(16) }), 'PROOF_VALUE_MISMATCH'],
      ['nonce', (p) => ({ ...p, nonce: '0x' + (BigInt(p.nonce) + 1n).toString(16) }), 'PROOF_VALUE_MISMATCH'],
      ['proof node', (p) => ({ ...p, accountProof: p.accountProof.slice(0, -1) }), 'PROOF_MISSING_NODE'],
      ['another address', (p) => ({ ...p, address: '0x' + '22'.repeat(20) }), 'PROOF_ADDRESS_MISMATCH'],
      ['malformed', () => ({ nonsense: true }), 'INVALID_INPUT'],
    ];
    for (const [what, lie, code] of lies) {
      const { handle, failures } = setup({ lie });
      const err = await rpcError(handle('https://app.test', { method: 'eth_getBalance', params: [ADDRESS, 'latest'] }));
      expect(err, what).toBeInstanceOf(ProviderRpcError);
      expect(err!.code, what).toBe(RpcErrorCode.VERIFICATION_FAILED);
      expect(err!.data, what).toEqual({ code });
      expect(failures, what).toEqual([expect.objectContaining({ origin: 'https://app.test', method: 'eth_getBalance', code })]);
    }
  });

  it('checks eth_getCode against the proven code hash', async () => {
    const { handle } = setup();
    const err = await rpcError(handle('https://app.test', { method: 'eth_getCode', params: [ADDRESS, 'latest'] }));
    expect(err!.code).toBe(-32099);
    expect(err!.data).toMatchObject({ code: 'CODE_HASH_MISMATCH' });
  });

  it('resolves block tags against verified heads only', () => {
    const backend = { verifiedHeads: () => ({ optimistic: HEAD, finalized: FINALIZED, recent: [] }) };
    expect(resolveBlock(backend, 'latest')).toBe(HEAD);
    expect(resolveBlock(backend, 'pending')).toBe(HEAD);
    expect(resolveBlock(backend, 'finalized')).toBe(FINALIZED);
    expect(resolveBlock(backend, 'safe')).toBe(FINALIZED);
    expect(resolveBlock(backend, '0x' + FINALIZED.blockNumber.toString(16))).toBe(FINALIZED);
    expect(resolveBlock(backend, { blockHash: HEAD.blockHash })).toBe(HEAD);
    expect(resolveBlock(backend, { blockNumber: '0x' + HEAD.blockNumber.toString(16) })).toBe(HEAD);
    expect(() => resolveBlock(backend, '0x1')).toThrow(expect.objectContaining({ code: 'BLOCK_NOT_VERIFIED' }));
    expect(() => resolveBlock(backend, 'earliest')).toThrow(VerificationError);
    expect(() => resolveBlock({ verifiedHeads: () => ({ recent: [] }) }, 'latest')).toThrow(expect.objectContaining({ code: 'NO_VERIFIED_HEAD' }));
    expect(() => resolveBlock(backend, 'newest')).toThrow(ProviderRpcError);
  });

  it('answers an unverified block or no head with -32099 and the code', async () => {
    const { handle } = setup({ heads: { optimistic: undefined, finalized: undefined } });
    const err = await rpcError(handle('https://app.test', { method: 'eth_blockNumber' }));
    expect(err!.toJSON()).toEqual({ code: -32099, message: expect.any(String), data: { code: 'NO_VERIFIED_HEAD' } });
    const { handle: h2 } = setup();
    const err2 = await rpcError(h2('https://app.test', { method: 'eth_getBalance', params: [ADDRESS, '0x10'] }));
    expect(err2!.data).toEqual({ code: 'BLOCK_NOT_VERIFIED' });
  });

  it('fails over to the next execution RPC when one lies, and says which lied', async () => {
    const rejected: string[] = [];
    const rpc = fakeRpc({
      'http://liar.test': () => ({ ...noSlots, balance: '0x1' }),
      'http://down.test': () => new TransportError('NETWORK', 'refused', { url: 'http://down.test' }),
      'http://honest.test': () => noSlots,
    });
    const reader = new PooledAccountReader(rpc as never, inThreadRunner, { onRejected: (e, ep) => rejected.push(`${ep} ${e.code}`) });
    const out = await reader.read({ head: HEAD, address: ADDRESS, storageKeys: [], code: false });
    expect(out.balance).toBe(mainnetProof.balance);
    expect(out.endpoint).toBe('http://honest.test');
    expect(rejected).toEqual(['http://liar.test PROOF_VALUE_MISMATCH']);
    expect(rpc.endpoints[0]).toBe('http://honest.test');
    // All lie or fail: the lie wins over the transport failure.
    const bad = new PooledAccountReader(
      fakeRpc({ a: () => new TransportError('TIMEOUT', 'slow'), b: () => ({ ...noSlots, nonce: '0x99' }) }) as never,
      inThreadRunner,
    );
    await expect(bad.read({ head: HEAD, address: ADDRESS, storageKeys: [], code: false })).rejects.toMatchObject({ code: 'PROOF_VALUE_MISMATCH' });
    const down = new PooledAccountReader(fakeRpc({ a: () => new TransportError('TIMEOUT', 'slow') }) as never, inThreadRunner);
    const { toProviderError } = await import('../../../src/provider/handler.ts');
    const err = await down.read({ head: HEAD, address: ADDRESS, storageKeys: [], code: false }).then(() => undefined, toProviderError);
    expect(err!.toJSON()).toMatchObject({ code: -32603, data: { code: 'TIMEOUT' } });
  });

  it('uses EIP-1193 codes for what is not a read', async () => {
    const { handle, origins } = setup();
    expect((await rpcError(handle('https://app.test', { method: 'eth_requestAccounts' })))!.code).toBe(4100);
    expect((await rpcError(handle('https://app.test', { method: 'eth_sendTransaction', params: [{}] })))!.code).toBe(4200);
    expect((await rpcError(handle('https://app.test', { method: 'eth_getBalance', params: ['0x12'] })))!.code).toBe(-32602);
    expect((await rpcError(handle('https://app.test', { method: 'eth_getBalance', params: [ADDRESS, 'latest', 3] })))!.code).toBe(-32602);
    expect((await rpcError(handle('https://app.test', { method: 'eth_getStorageAt', params: [ADDRESS, 'zz'] })))!.code).toBe(-32602);
    expect((await rpcError(handle('https://app.test', { method: 'eth_chainId', params: {} as never })))!.code).toBe(-32602);
    const none = setup({ chainId: undefined });
    expect((await rpcError(none.handle('https://app.test', { method: 'eth_chainId' })))!.code).toBe(4900);
    expect(origins.get('https://app.test')).toMatchObject({ requests: 6, accounts: [] });
    expect(SUPPORTED_METHODS).toContain('vigil_getVerifiedBalance');
  });

  it("reads a page's malformed block number as the page's mistake (-32602), never as a failed verification (fuzz finding)", async () => {
    const { handle, failures } = setup();
    for (const request of [
      { method: 'eth_getBalance', params: [ADDRESS, '0x'] },
      { method: 'eth_getTransactionCount', params: [ADDRESS, { blockNumber: '0x' }] },
      { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x1', blockTag: '0x' }] },
    ]) {
      const err = await rpcError(handle('https://app.test', request));
      expect(err?.toJSON(), JSON.stringify(request)).toMatchObject({ code: -32602 });
    }
    expect(failures).toEqual([]);
  });
});

describe('execution methods through the handler', () => {
  const env = {
    chainId: '0x1', fork: 'osaka' as const, number: '0x63', hash: '0x' + '0a'.repeat(32), parentHash: '0x' + '0b'.repeat(32),
    stateRoot: '0x' + '0c'.repeat(32), timestamp: '0x1', coinbase: '0x' + '00'.repeat(20), prevRandao: '0x' + '00'.repeat(32),
    gasLimit: '0x1c9c380', baseFeePerGas: '0x7', excessBlobGas: '0x0',
  };
  function withExecution(older?: boolean) {
    const ran: bigint[] = [];
    const backend: ProviderBackend = {
      chainId: () => 1,
      verifiedHeads: () => ({ optimistic: { ...HEAD, env: { ...env, number: '0x' + HEAD.blockNumber.toString(16) } }, finalized: undefined, recent: [] }),
      readAccount: () => Promise.reject(new Error('unused')),
      now: () => NOW,
      execution: () => ({
        async run({ env: e }) {
          ran.push(e.number);
          return { outcome: { status: 'success', returnData: '0x01', gasUsed: '0x0' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
        },
        sendRawTransaction: () => Promise.reject(new Error('unused')),
        suggestedTip: async () => 0n,
        feeHistory: async () => ({}),
        ...(older ? { envOfBlock: async (ref: { number: bigint } | { hash: Uint8Array }) => ({ ...blockEnvFromJson(env), number: 'number' in ref ? ref.number : 0n }) } : {}),
      }),
    };
    return { handle: createRequestHandler(backend), ran };
  }

  it('runs eth_call at the newest verified head, and at an older block only through a header linked to it', async () => {
    const { handle, ran } = withExecution(true);
    expect(await handle('https://app.test', { method: 'eth_call', params: [{ to: ADDRESS }] })).toBe('0x01');
    expect(await handle('https://app.test', { method: 'eth_call', params: [{ to: ADDRESS }, '0x63'] })).toBe('0x01');
    expect(ran).toEqual([BigInt(HEAD.blockNumber), 0x63n]);
    const noWalk = withExecution(false);
    const err = await rpcError(noWalk.handle('https://app.test', { method: 'eth_call', params: [{ to: ADDRESS }, '0x63'] }));
    expect(err?.toJSON()).toMatchObject({ code: -32099, data: { code: 'BLOCK_NOT_VERIFIED' } });
    // A block parameter that is no quantity is the page's mistake (-32602), not a failed verification (found by the fuzz campaign).
    for (const method of ['eth_call', 'eth_simulateV1']) {
      const params = method === 'eth_call' ? [{ to: ADDRESS }, '0x'] : [{ blockStateCalls: [{ calls: [] }] }, '0x'];
      expect((await rpcError(handle('https://app.test', { method, params })))?.code, method).toBe(-32602);
    }
  });

  it('says 4900 when the network has no execution RPC', async () => {
    const { handle } = setup();
    expect((await rpcError(handle('https://app.test', { method: 'eth_call', params: [{ to: ADDRESS }] })))?.code).toBe(4900);
    expect((await rpcError(handle('https://app.test', { method: 'eth_getLogs', params: [{}] })))?.code).toBe(4900);
  });
});

describe('personal_ecRecover', () => {
  // MetaMask's test dApp checks a personal_sign signature with it; it needs no key and no chain.
  const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  const SIGNER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
  const message = '0x' + Buffer.from('Example `personal_sign` message', 'utf8').toString('hex');
  const signature = signPersonalMessage(parsePersonalMessage(message), KEY);

  it("answers the signer's address, lowercase as MetaMask and geth answer it, with no network set up", async () => {
    const { handle } = setup({ chainId: undefined });
    expect(await handle('https://app.test', { method: 'personal_ecRecover', params: [message, signature] })).toBe(SIGNER);
    expect(await handle('https://app.test', { method: 'personal_ecRecover', params: ['Example `personal_sign` message', signature] })).toBe(SIGNER);
    expect(SUPPORTED_METHODS).toContain('personal_ecRecover');
  });

  it("refuses a malformed signature or message as the page's mistake (-32602)", async () => {
    const { handle } = setup();
    for (const params of [[message], [message, '0x1234'], [message, signature.slice(0, -2) + '1d'], [42, signature], [message, 7]]) {
      expect((await rpcError(handle('https://app.test', { method: 'personal_ecRecover', params })))?.code, JSON.stringify(params)).toBe(RpcErrorCode.INVALID_PARAMS);
    }
  });
});

/**
 * The provider with followed rollups: pages that switched to a rollup get its chain id, its
 * proven balances and nonces, the accepted batch as the block number, and refusals for the rest
 * (nothing signed for L1 there); from the network itself, vigil_getVerifiedBalance with
 * `{ chainId }` reads a followed rollup.
 */
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { ETHER } from '../../../src/l2/adapter.ts';
import { tierJson } from '../../../src/l2/tier.ts';
import { ProviderRpcError, RpcErrorCode } from '../../../src/provider/errors.ts';
import { createRequestHandler, type L2Backend, type L2VerifiedBalance, type ProviderBackend, type VerificationFailure, type VerifiedHeadInfo } from '../../../src/provider/handler.ts';
import { chainOption } from '../../../src/provider/l2-methods.ts';
import type { WalletBackend } from '../../../src/provider/wallet-methods.ts';
import type { AccountReadResult } from '../../../src/client/verified/reads.ts';

const ADDRESS = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const L1 = 31337;
const L2 = 31339; // 0x7a6b
const APP = 'https://app.example';
const HEAD: VerifiedHeadInfo = { slot: 640, beaconRoot: '0x' + 'ab'.repeat(32), blockNumber: 500, blockHash: '0x' + 'cd'.repeat(32), stateRoot: '0x' + 'ef'.repeat(32), timestamp: 1_800_000_000, finalized: false };
const NOW = 1_800_000_006_000;

function proven(chainId: number): L2VerifiedBalance {
  return {
    balance: '0x3e8',
    nonce: '0x4',
    chainId: '0x' + chainId.toString(16),
    index: 3,
    l2: { name: 'Vigil devnet rollup', batch: 7, root: '0x1234', acceptedAt: 1_799_999_988, batchAgeSeconds: 12, liveness: 'healthy', proof: 'verified', tier: tierJson({ tier: 'reverified', steps: { verified: 7, wanted: 1, anchored: true }, system: 'groth16' }), nativeCurrency: ETHER },
    l1: { chainId: '0x7a69', blockNumber: HEAD.blockNumber, blockHash: HEAD.blockHash, stateRoot: HEAD.stateRoot, beaconSlot: HEAD.slot, finalized: false },
    verifiedAt: NOW,
  };
}

function setup(options: { active?: number | undefined; rollups?: number[]; balance?: (chainId: number, address: string) => Promise<L2VerifiedBalance>; noL2?: boolean } = {}) {
  const calls: unknown[][] = [];
  const wallet: WalletBackend = {
    accounts: async () => (calls.push(['wallet', 'accounts']), [ADDRESS]),
    requestAccounts: async () => (calls.push(['wallet', 'requestAccounts']), [ADDRESS]),
    getPermissions: async () => [],
    revokePermissions: async () => void calls.push(['wallet', 'revoke']),
    sendTransaction: async () => (calls.push(['wallet', 'send']), '0x' + '11'.repeat(32)),
    personalSign: async () => (calls.push(['wallet', 'personal']), '0xsig'),
    signTypedData: async () => (calls.push(['wallet', 'typed']), '0xsig'),
    switchChain: async (_ctx, id) => void calls.push(['wallet', 'switch', id]),
    addChain: async () => void calls.push(['wallet', 'add']),
    watchAsset: async () => (calls.push(['wallet', 'watch']), true),
    getCapabilities: async () => (calls.push(['wallet', 'capabilities']), {}),
    sendCalls: async () => (calls.push(['wallet', 'sendCalls']), { id: '0x01' }),
    getCallsStatus: async () => (calls.push(['wallet', 'callsStatus']), {}),
  };
  const rollups = options.rollups ?? [L2];
  const l2: L2Backend = {
    active: options.active,
    has: (chainId) => rollups.includes(chainId),
    balance: async (chainId, address) => (calls.push(['l2', 'balance', chainId, address]), options.balance ? options.balance(chainId, address) : proven(chainId)),
    acceptedBatch: async (chainId) => (calls.push(['l2', 'acceptedBatch', chainId]), 7),
    exits: async (owners) => (calls.push(['l2', 'exits', ...owners]), owners.map((owner) => ({ owner, step: 'waiting' }))),
  };
  const failures: VerificationFailure[] = [];
  const backend: ProviderBackend = {
    chainId: () => L1,
    verifiedHeads: () => ({ optimistic: HEAD, recent: [] }),
    readAccount: async (r): Promise<AccountReadResult> => {
      calls.push(['l1', 'readAccount', r.address, r.head.blockNumber]);
      return { address: r.address, exists: true, balance: '0x2a', nonce: '0x9', codeHash: '0x' + '00'.repeat(32), storageHash: '0x' + '00'.repeat(32), storage: [], endpoint: 'http://rpc.test' };
    },
    now: () => NOW,
    onVerificationFailure: (f) => failures.push(f),
    wallet: () => wallet,
    ...(options.noL2 ? {} : { l2: () => l2 }),
  };
  return { handle: createRequestHandler(backend), calls, failures };
}

const rpcError = (p: Promise<unknown>) =>
  p.then(
    (v) => expect.fail(`expected an error, got ${JSON.stringify(v)}`),
    (e: unknown) => {
      expect(e).toBeInstanceOf(ProviderRpcError);
      return e as ProviderRpcError;
    },
  );

describe('a page that switched to a followed rollup', () => {
  it("sees the L2's chain id and its accepted batch as the block number", async () => {
    const { handle, calls } = setup({ active: L2 });
    expect(await handle(APP, { method: 'eth_chainId' })).toBe('0x7a6b');
    expect(await handle(APP, { method: 'net_version' })).toBe('31339');
    expect(await handle(APP, { method: 'eth_blockNumber' })).toBe('0x7');
    expect(calls).toEqual([['l2', 'acceptedBatch', L2]]);
  });

  it('gets proven balances and nonces (latest-like tags only), never an L1 read', async () => {
    const { handle, calls } = setup({ active: L2 });
    expect(await handle(APP, { method: 'eth_getBalance', params: [ADDRESS.toUpperCase().replace('0X', '0x'), 'latest'] })).toBe('0x3e8');
    expect(await handle(APP, { method: 'eth_getBalance', params: [ADDRESS] })).toBe('0x3e8');
    expect(await handle(APP, { method: 'eth_getTransactionCount', params: [ADDRESS, 'pending'] })).toBe('0x4');
    expect(await handle(APP, { method: 'eth_getTransactionCount', params: [ADDRESS, 'finalized'] })).toBe('0x4');
    expect(await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS] })).toEqual(proven(L2));
    expect(calls.every((c) => c[0] === 'l2' && c[2] === L2 && c[3] === ADDRESS)).toBe(true);
    expect(calls).toHaveLength(5);
  });

  it('refuses a block number or hash with -32602: Vigil proves the accepted state only', async () => {
    const { handle, calls } = setup({ active: L2 });
    for (const tag of ['0x1f4', 'earliest', { blockHash: HEAD.blockHash }, { blockNumber: '0x1' }]) {
      expect((await rpcError(handle(APP, { method: 'eth_getBalance', params: [ADDRESS, tag] }))).code).toBe(RpcErrorCode.INVALID_PARAMS);
      expect((await rpcError(handle(APP, { method: 'eth_getTransactionCount', params: [ADDRESS, tag] }))).code).toBe(RpcErrorCode.INVALID_PARAMS);
    }
    expect((await rpcError(handle(APP, { method: 'eth_getBalance', params: ['0x1234', 'latest'] }))).code).toBe(RpcErrorCode.INVALID_PARAMS);
    expect(calls).toEqual([]);
  });

  it('answers 4200 to what it cannot prove there (no EVM)', async () => {
    const { handle, calls } = setup({ active: L2 });
    for (const method of ['eth_call', 'eth_estimateGas', 'eth_getCode', 'eth_getStorageAt', 'eth_getBlockByNumber', 'eth_getLogs', 'eth_signTransaction']) {
      const err = await rpcError(handle(APP, { method, params: [] }));
      expect(err.code, method).toBe(RpcErrorCode.UNSUPPORTED_METHOD);
    }
    expect(calls).toEqual([]);
  });

  it('refuses to sign for L1 there: the wallet never sees eth_sendTransaction, eth_signTypedData_v4 or wallet_watchAsset', async () => {
    const { handle, calls } = setup({ active: L2 });
    const send = await rpcError(handle(APP, { method: 'eth_sendTransaction', params: [{ from: ADDRESS, to: ADDRESS, value: '0x1' }] }));
    expect(send.code).toBe(RpcErrorCode.UNSUPPORTED_METHOD);
    const typed = await rpcError(handle(APP, { method: 'eth_signTypedData_v4', params: [ADDRESS, '{"types":{}}'] }));
    expect(typed.code).toBe(RpcErrorCode.UNSUPPORTED_METHOD);
    const watch = await rpcError(handle(APP, { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: ADDRESS } } }));
    expect(watch.code).toBe(RpcErrorCode.UNSUPPORTED_METHOD);
    expect(calls).toEqual([]);
  });

  it('still hands accounts and chain switches to the wallet', async () => {
    const { handle, calls } = setup({ active: L2 });
    expect(await handle(APP, { method: 'eth_accounts' })).toEqual([ADDRESS]);
    await handle(APP, { method: 'wallet_switchEthereumChain', params: [{ chainId: '0x7a69' }] });
    expect(calls).toEqual([
      ['wallet', 'accounts'],
      ['wallet', 'switch', 31337n],
    ]);
  });

  it("reads another followed rollup when vigil_getVerifiedBalance names it, never the active one's under another chain id", async () => {
    const { handle, calls } = setup({ active: L2, rollups: [L2, 31340] });
    expect(await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a6c' }] })).toMatchObject({ chainId: '0x7a6c' });
    expect(calls).toEqual([['l2', 'balance', 31340, ADDRESS]]);
    expect(await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: L2 }] })).toMatchObject({ chainId: '0x7a6b' });
    // A chain it cannot read from here is refused, not answered with the rollup's balance.
    expect((await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x1' }] }))).code).toBe(RpcErrorCode.CHAIN_DISCONNECTED);
    expect((await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a69' }] }))).code).toBe(RpcErrorCode.CHAIN_DISCONNECTED);
    expect((await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: 'seven' }] }))).code).toBe(RpcErrorCode.INVALID_PARAMS);
    expect(calls).toHaveLength(2);
  });

  it('maps a proof that does not verify to -32099 with its code', async () => {
    const { handle, failures } = setup({
      active: L2,
      balance: async () => {
        throw new VerificationError('L2_PROOF_ROOT_MISMATCH', 'the L2 RPC proved account 4, not 3');
      },
    });
    const err = await rpcError(handle(APP, { method: 'eth_getBalance', params: [ADDRESS, 'latest'] }));
    expect(err.toJSON()).toMatchObject({ code: RpcErrorCode.VERIFICATION_FAILED, data: { code: 'L2_PROOF_ROOT_MISMATCH' } });
    expect(failures).toMatchObject([{ origin: APP, method: 'eth_getBalance', code: 'L2_PROOF_ROOT_MISMATCH' }]);
  });
});

describe('vigil_getVerifiedBalance with { chainId } from the network itself', () => {
  it('reads a followed rollup by its chain id (hex or number), proven from L1', async () => {
    const { handle, calls } = setup();
    expect(await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a6b' }] })).toEqual(proven(L2));
    expect(await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: L2 }] })).toMatchObject({ chainId: '0x7a6b', index: 3 });
    expect(calls).toEqual([
      ['l2', 'balance', L2, ADDRESS],
      ['l2', 'balance', L2, ADDRESS],
    ]);
    // The network's own chain id stays on L1.
    expect(await handle(APP, { method: 'eth_chainId' })).toBe('0x7a69');
  });

  it('answers 4901 for a chain id it follows no rollup of (or when the network follows none)', async () => {
    const { handle, calls } = setup();
    const err = await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a6c' }] }));
    expect(err.code).toBe(RpcErrorCode.CHAIN_DISCONNECTED);
    const none = setup({ noL2: true });
    expect((await rpcError(none.handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a6b' }] }))).code).toBe(RpcErrorCode.CHAIN_DISCONNECTED);
    expect([...calls, ...none.calls]).toEqual([]);
  });

  it("takes the network's own chain id with its blockTag down the L1 path", async () => {
    const { handle, calls } = setup();
    const answer = await handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a69', blockTag: 'latest' }] });
    expect(answer).toMatchObject({ balance: '0x2a', blockNumber: HEAD.blockNumber, chainId: '0x7a69', headAgeSeconds: 6 });
    expect(calls).toEqual([['l1', 'readAccount', ADDRESS, HEAD.blockNumber]]);
    // Its blockTag is resolved as any tag: an unverified block is -32099, not the L2.
    const err = await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: L1, blockTag: '0x1' }] }));
    expect(err.toJSON()).toMatchObject({ code: RpcErrorCode.VERIFICATION_FAILED, data: { code: 'BLOCK_NOT_VERIFIED' } });
  });

  it('refuses a malformed chain id with -32602', async () => {
    const { handle, calls } = setup();
    for (const chainId of ['0x', 'latest', -1, 0, 1.5, '0x' + 'f'.repeat(20), null]) {
      const err = await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId }] }));
      expect(err.code, JSON.stringify(chainId)).toBe(RpcErrorCode.INVALID_PARAMS);
    }
    expect(calls).toEqual([]);
  });

  it("maps the rollup's VerificationError to -32099 with its code, and reports it", async () => {
    const { handle, failures } = setup({
      balance: async (_c, address) => {
        throw new VerificationError('L2_ACCOUNT_MISSING', `${address} has no L2 account`);
      },
    });
    const err = await rpcError(handle(APP, { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x7a6b' }] }));
    expect(err.toJSON()).toEqual({ code: RpcErrorCode.VERIFICATION_FAILED, message: `Vigil could not verify the answer: ${ADDRESS} has no L2 account`, data: { code: 'L2_ACCOUNT_MISSING' } });
    expect(failures).toEqual([{ origin: APP, method: 'vigil_getVerifiedBalance', code: 'L2_ACCOUNT_MISSING', message: err.message }]);
  });
});

describe('chainOption', () => {
  it('reads a chain id from { chainId }, and nothing from what is not such an object', () => {
    expect(chainOption({ chainId: '0x7a6b' })).toBe(L2);
    expect(chainOption({ chainId: '31339' })).toBe(L2);
    expect(chainOption({ chainId: L2, blockTag: 'latest' })).toBe(L2);
    expect(chainOption('latest')).toBeUndefined();
    expect(chainOption(undefined)).toBeUndefined();
    expect(chainOption({ blockHash: HEAD.blockHash })).toBeUndefined();
    expect(() => chainOption({ chainId: '7a6b' })).toThrow(ProviderRpcError);
  });
});

describe('vigil_getExitStatus', () => {
  it("answers the exits of the asking page's own accounts, on L1 and on a rollup alike", async () => {
    for (const active of [undefined, L2]) {
      const { handle, calls } = setup({ active });
      expect(await handle(APP, { method: 'vigil_getExitStatus' })).toEqual([{ owner: ADDRESS, step: 'waiting' }]);
      expect(calls).toEqual([['wallet', 'accounts'], ['l2', 'exits', ADDRESS]]);
    }
  });

  it('answers nothing without a wallet or without followed rollups', async () => {
    const { handle, calls } = setup({ noL2: true });
    expect(await handle(APP, { method: 'vigil_getExitStatus' })).toEqual([]);
    expect(calls.some((c) => c[0] === 'l2')).toBe(false);
  });
});

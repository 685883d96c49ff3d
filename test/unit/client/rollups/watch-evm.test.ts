/**
 * RollupWatch.evmAccount (the L2 balance a real rollup's forced exit starts from): the L2 RPC's
 * eth_getProof asked at the accepted block and checked by the adapter against the accepted root,
 * and the proven account must be the one asked for (a proof of another, richer address is
 * refused). The follow it reads at keeps the L1 storage it was read from (exit plans' `followed`).
 */
import { describe, expect, it } from 'vitest';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { ETHER, type L2AccountModel, type RollupAdapter } from '../../../../src/l2/adapter.ts';
import { evmAccountRequest } from '../../../../src/l2/evm-account.ts';
import type { ParsedRollup } from '../../../../src/l2/registry.ts';
import { storageKey } from '../../../../src/l2/slots.ts';

const CONTRACT = '0x' + 'ab'.repeat(20);
const ME = '0x' + '11'.repeat(20);
const RICH = '0x' + '99'.repeat(20);
const head: L1HeadRef = { blockNumber: 7n, blockHash: '0x' + '07'.repeat(32), stateRoot: '0x' + '22'.repeat(32), timestamp: 1_800_000_000n };

/** A rollup whose root is slot 0, its accounts EVM accounts (or, `indexed`, the devnet rollup's numbered ones). */
function adapterOf(accounts: L2AccountModel): RollupAdapter<{ contract: string }, unknown> {
  return {
    kind: accounts === 'evm' ? 'toy-evm' : 'toy-indexed',
    followEveryMs: 0,
    accounts,
    words: { unit: 'L2 block', lastBatch: 'newest claim', frozen: 'paused' },
    parseConfig: (json) => json as { contract: string },
    identity: () => ({ chainId: 10, name: 'evm', l1ChainId: 1, l2Rpc: 'http://l2', nativeCurrency: ETHER, liveness: { delayedAfterSeconds: 10, stalledAfterSeconds: 20 } }),
    l1Slots: (c) => [{ address: c.contract, slots: [{ slot: 0n }] }],
    acceptedState: (c, p) => ({ root: p.accounts.get(c.contract)!.storage.get(storageKey({ slot: 0n }))!, batch: 55n, acceptedAt: 1n, status: 'claimed' }),
    liveness: () => ({ lastBatchAgeSeconds: 1, oldestQueuedAgeSeconds: null, frozen: false }),
    l2AccountRequest: (_c, accepted, query) => evmAccountRequest(query, '0x' + accepted.batch.toString(16)),
    verifyAccount: (_c, root, proof, query) => {
      const p = proof as { address: string; balance: bigint; root: bigint };
      if (p.root !== root) throw new VerificationError('L2_PROOF_ROOT_MISMATCH', 'root');
      // As the EVM adapters do (verifyEvmAccount): the proof must be of the address the query names.
      if ((query as { address: string }).address !== p.address.toLowerCase()) throw new VerificationError('PROOF_ADDRESS_MISMATCH', 'another address');
      return { address: hexToBytes(p.address, 20), account: { exists: true, nonce: 0n, balance: p.balance, storageHash: new Uint8Array(32), codeHash: new Uint8Array(32) }, storage: [] };
    },
  };
}

function watchOf(accounts: L2AccountModel, answer: (params: unknown[], method: string) => unknown, words?: RollupAdapter['words'], now: () => number = () => 0) {
  const adapter = { ...adapterOf(accounts), ...(words ? { words } : {}) };
  const rollup: ParsedRollup = { adapter, config: { contract: CONTRACT }, identity: adapter.identity({ contract: CONTRACT }) };
  const calls: [string, unknown[]][] = [];
  const watch = new RollupWatch({
    rollups: [rollup],
    now,
    sources: () => ({
      readStorage: async (_h, _a, keys) => ({ codeHash: '0x' + '00'.repeat(32), storage: new Map(keys.map((k) => [k, 4242n])) }),
      transaction: async () => null,
      receipt: async () => null,
      commitTxOf: async () => null,
      verifyProof: async () => true,
      accountProof: async () => ({}),
      l2Call: async (method, params) => {
        calls.push([method, params]);
        return answer(params, method);
      },
    }),
  });
  return { watch, calls };
}

describe('RollupWatch.evmAccount', () => {
  it("proves the account at the accepted block against the accepted root, and keeps the follow's proven storage", async () => {
    const { watch, calls } = watchOf('evm', (params) => ({ address: params[0], balance: 5n, root: 4242n }));
    const { followed, account } = await watch.evmAccount(10, head, ME.toUpperCase().replace('0X', '0x'));
    expect(account.account.balance).toBe(5n);
    expect(calls).toEqual([['eth_getProof', [ME, [], '0x37']]]);
    expect(followed.proven?.accounts.get(CONTRACT)?.storage.get(storageKey({ slot: 0n }))).toBe(4242n);
  });

  it('hands the adapter the question with the proof: the proof of another address is refused', async () => {
    const { watch } = watchOf('evm', () => ({ address: RICH, balance: 10n ** 24n, root: 4242n }));
    const err = await watch.evmAccount(10, head, ME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('PROOF_ADDRESS_MISMATCH');
  });

  it('refuses a proof against another root', async () => {
    const { watch } = watchOf('evm', (params) => ({ address: params[0], balance: 5n, root: 1n }));
    await expect(watch.evmAccount(10, head, ME)).rejects.toMatchObject({ code: 'L2_PROOF_ROOT_MISMATCH' });
  });

  it("is not the devnet rollup's way (its accounts are read by index or owner)", async () => {
    const { watch } = watchOf('indexed', () => null);
    await expect(watch.evmAccount(10, head, ME)).rejects.toBeInstanceOf(InputError);
  });
});

describe('RollupWatch.unprovenAccount (Linea: accounts Vigil does not prove)', () => {
  const quantity = (params: unknown[], value: string) => (params[1] === '0x37' ? value : '0xbad');
  const WORDS = { unit: 'L2 block' as const, lastBatch: 'last finalization', frozen: 'paused', accountNotProven: "account not proven (Linea's trie)" };
  function unproven(answer: (method: string, params: unknown[]) => unknown, now?: () => number) {
    const { watch, calls } = watchOf('unproven', (params, method) => answer(method, params), WORDS, now);
    return { watch, methods: () => calls.map(([method]) => method) };
  }

  it("reads the balance and nonce at the accepted block, labelled with the adapter's words, once per root", async () => {
    const { watch, methods } = unproven((m, p) => quantity(p, m === 'eth_getBalance' ? '0x2a' : '0x7'));
    const { followed, account } = await watch.unprovenAccount(10, head, ME);
    expect(account).toEqual({ address: ME, balance: 42n, nonce: 7n, l2Block: 55n, notProven: "account not proven (Linea's trie)" });
    expect(followed.accepted.root).toBe(4242n);
    await watch.unprovenAccount(10, head, ME);
    expect(methods().sort()).toEqual(['eth_getBalance', 'eth_getTransactionCount']);
  });

  it("reads at the L2 RPC's latest block when it keeps no state of the finalized one, and says so", async () => {
    const { watch, methods } = unproven((m, p) => {
      if (p[1] !== 'latest') throw new TransportError('RPC_ERROR', 'missing trie node', { url: 'l2', rpcCode: -32000 });
      return m === 'eth_getBalance' ? '0x2b' : '0x8';
    });
    const { account } = await watch.unprovenAccount(10, head, ME);
    expect(account).toEqual({ address: ME, balance: 43n, nonce: 8n, l2Block: 'latest', notProven: "account not proven (Linea's trie)" });
    expect(methods()).toHaveLength(4);
    // Its latest block moves: read again after a minute, not at every poll before.
    let t = 0;
    const clocked = unproven((m, p) => {
      if (p[1] !== 'latest') throw new TransportError('RPC_ERROR', 'missing trie node', { url: 'l2', rpcCode: -32000 });
      return m === 'eth_getBalance' ? '0x2b' : '0x8';
    }, () => t);
    await clocked.watch.unprovenAccount(10, head, ME);
    t = 30_000;
    await clocked.watch.unprovenAccount(10, head, ME);
    expect(clocked.methods()).toHaveLength(4);
    t = 61_000;
    await clocked.watch.unprovenAccount(10, head, ME);
    expect(clocked.methods()).toHaveLength(8);
    // A transport that fails outright is not answered from `latest`.
    const down = unproven(() => {
      throw new TransportError('TIMEOUT', 'no answer', { url: 'l2' });
    });
    await expect(down.watch.unprovenAccount(10, head, ME)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('bounds what the L2 RPC says: a balance past 2^256, a nonce past 2^64 or a non-quantity is refused', async () => {
    for (const [balance, nonce] of [['0x1' + '0'.repeat(64), '0x1'], ['0x1', '0x1' + '0'.repeat(16)], ['12', '0x1'], ['0x01', '0x1']]) {
      const { watch } = unproven((m) => (m === 'eth_getBalance' ? balance : nonce));
      await expect(watch.unprovenAccount(10, head, ME)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    }
  });

  it('is no way to read a proven rollup, nor the other way', async () => {
    const { watch } = unproven(() => '0x1');
    await expect(watch.evmAccount(10, head, ME)).rejects.toBeInstanceOf(InputError);
    const evm = watchOf('evm', () => null).watch;
    await expect(evm.unprovenAccount(10, head, ME)).rejects.toBeInstanceOf(InputError);
  });
});

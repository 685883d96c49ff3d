/**
 * A block's access list fetched for a verified header: used only when it hashes to the header's
 * blockAccessListHash; a liar is demoted and the next endpoint asked; error 4444 is said as a
 * pruned history (HISTORY_PRUNED), never as a lie; a header before Amsterdam asks nothing.
 */
import { describe, expect, it } from 'vitest';
import { TransportError, type VigilError } from '../../../../src/core/errors.ts';
import { blockAccessListHash, parseBlockAccessList } from '../../../../src/execution/block/access-list.ts';
import type { BlockHeader } from '../../../../src/execution/header.ts';
import { fetchBlockAccessList, PRUNED_HISTORY_CODE } from '../../../../src/client/verified/block-access-lists.ts';
import { fakeRpc } from '../../provider/helpers.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const BAL = [{ address: ALICE, storageChanges: [], storageReads: [], balanceChanges: [{ index: '0x1', value: '0xde0b6b3a7640000' }], nonceChanges: [{ index: '0x1', value: '0x3' }], codeChanges: [] }];
const HASH = new Uint8Array(32).fill(7);
const verified = { hash: HASH, header: { number: 100n, blockAccessListHash: blockAccessListHash(parseBlockAccessList(BAL)) } as BlockHeader };

type Answer = () => unknown;
const pruned = () => new TransportError('RPC_ERROR', 'eth_getBlockAccessList: JSON-RPC error 4444: pruned history unavailable', { rpcCode: PRUNED_HISTORY_CODE });
const lie = () => [{ ...BAL[0]!, balanceChanges: [{ index: '0x1', value: '0xde0b6b3a7640001' }] }];

/** The provider tests' stand-in, each endpoint answering whatever is asked with its answer; `params` keeps what each call asked. */
function rpcOf(answers: Record<string, Answer>) {
  const params: unknown[] = [];
  const rpc = fakeRpc(Object.fromEntries(Object.entries(answers).map(([endpoint, answer]) => [endpoint, (_method: string, p: readonly unknown[]) => (params.push(p), answer())])));
  // The list is asked of one endpoint at a time: a batch would be a mistake.
  return Object.assign(rpc, { params, batchAt: (): Promise<never> => Promise.reject(new Error('not used')) });
}

async function failure(p: Promise<unknown>): Promise<VigilError> {
  try {
    await p;
  } catch (err) {
    return err as VigilError;
  }
  throw new Error('expected a failure');
}

describe('fetchBlockAccessList', () => {
  it('asks by the verified hash and returns the list that hashes to the header', async () => {
    const rpc = rpcOf({ 'http://a.test': () => BAL });
    const bal = await fetchBlockAccessList(rpc, verified);
    expect(bal.blockNumber).toBe(100n);
    expect(bal.byAddress.get(ALICE)?.nonceChanges).toEqual([{ index: 1, value: 3n }]);
    expect(rpc.calls).toEqual(['http://a.test eth_getBlockAccessList']);
    expect(rpc.params).toEqual([[`0x${'07'.repeat(32)}`]]);
  });

  it('demotes a liar, tells it, and answers from the next endpoint', async () => {
    const rpc = rpcOf({ 'http://liar.test': lie, 'http://honest.test': () => BAL });
    const told: string[] = [];
    const bal = await fetchBlockAccessList(rpc, verified, { onRejected: (e, endpoint) => told.push(`${endpoint} ${e.code}`) });
    expect(bal.accounts).toHaveLength(1);
    expect(told).toEqual(['http://liar.test BLOCK_ACCESS_LIST_HASH_MISMATCH']);
    expect(rpc.endpoints).toEqual(['http://honest.test', 'http://liar.test']);
  });

  it('refuses a tampered answer when no endpoint gives the true one: the lie, not a transport failure', async () => {
    const err = await failure(fetchBlockAccessList(rpcOf({ 'http://liar.test': lie, 'http://pruned.test': pruned }), verified));
    expect(err.code).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(await failure(fetchBlockAccessList(rpcOf({ 'http://a.test': () => ({ not: 'a list' }) }), verified))).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says a pruned list as such (HISTORY_PRUNED, error 4444), without demoting the endpoint', async () => {
    const rpc = rpcOf({ 'http://a.test': pruned, 'http://b.test': pruned });
    const err = await failure(fetchBlockAccessList(rpc, verified));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('HISTORY_PRUNED');
    expect(err.message).toBe('the RPC has pruned the block access list of block 100 (error 4444)');
    expect((err as TransportError).rpcCode).toBe(4444);
    expect(rpc.endpoints).toEqual(['http://a.test', 'http://b.test']);
    // One endpoint pruned it, another still has it.
    expect((await fetchBlockAccessList(rpcOf({ 'http://a.test': pruned, 'http://b.test': () => BAL }), verified)).accounts).toHaveLength(1);
  });

  it('an endpoint without the block (null) is NOT_AVAILABLE; another RPC error stays RPC_ERROR', async () => {
    expect((await failure(fetchBlockAccessList(rpcOf({ 'http://a.test': () => null }), verified))).code).toBe('NOT_AVAILABLE');
    const other = () => new TransportError('RPC_ERROR', 'eth_getBlockAccessList: JSON-RPC error -32601: method not found', { rpcCode: -32601 });
    expect((await failure(fetchBlockAccessList(rpcOf({ 'http://a.test': other }), verified))).code).toBe('RPC_ERROR');
  });

  it('asks nothing for a block before Amsterdam (no blockAccessListHash): InputError', async () => {
    const rpc = rpcOf({ 'http://a.test': () => BAL });
    const err = await failure(fetchBlockAccessList(rpc, { hash: HASH, header: { number: 99n } as BlockHeader }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('block 99 has no blockAccessListHash: it is before Amsterdam, and has no block access list');
    expect(rpc.calls).toEqual([]);
  });
});

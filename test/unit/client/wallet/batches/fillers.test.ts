/**
 * Fillers (src/client/wallet/batches/fillers.ts): a filler costs at most its call, and is due only
 * for a nonce a stopped (or expired) batch left unused with a transaction of the wallet waiting above it.
 */
import { describe, expect, it } from 'vitest';
import { fillersOf, fillerTx } from '../../../../../src/client/wallet/batches/fillers.ts';
import type { CallBatchRow } from '../../../../../src/storage/call-batches.ts';
import { maxCost, type UnsignedTransaction } from '../../../../../src/wallet/transaction.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const NOW = 1_800_000_000_000;

const call = (nonce: number, filler = true) => ({ hash: `0x${nonce}`, nonce: String(nonce), tx: {}, summary: 'call', ...(filler ? { filler: { hash: `0xf${nonce}`, raw: `0xr${nonce}` } } : {}) });
const batchOf = (nonces: number[], sent: number, extra: Partial<CallBatchRow> = {}): CallBatchRow => ({
  key: `app ${nonces[0]}`, id: String(nonces[0]), approval: 'a', origin: 'app', chainId: 1, networkId: 'n', from: FROM,
  calls: nonces.map((n, k) => call(n, k >= sent)), sent, expiresAt: NOW + 60_000, createdAt: NOW - 1000, updatedAt: NOW, ...extra,
});
const due = (batches: CallBatchRow[], rows: { nonce: string; status: 'pending' | 'included' }[]) => {
  const r = fillersOf(batches, rows, NOW);
  return { due: r.due.map((f) => f.batch.calls[f.call]!.nonce), obsolete: r.obsolete.map((f) => f.batch.calls[f.call]!.nonce) };
};

describe('fillers', () => {
  it('a filler is 0 to the sender at the call\'s nonce, with its fee caps and 21,000 gas: never dearer than the call', () => {
    const tx: UnsignedTransaction = { type: 2, chainId: 1n, nonce: 6n, gasLimit: 60_000n, to: '0x' + '7a'.repeat(20) as `0x${string}`, value: 5n, data: new Uint8Array([1, 2]), maxFeePerGas: 30n, maxPriorityFeePerGas: 2n, accessList: [] };
    const f = fillerTx(tx, FROM);
    expect(f).toMatchObject({ type: 2, chainId: 1n, nonce: 6n, gasLimit: 21_000n, value: 0n, maxFeePerGas: 30n, maxPriorityFeePerGas: 2n, accessList: [] });
    expect(f.to?.toLowerCase()).toBe(FROM);
    expect(f.data).toEqual(new Uint8Array());
    expect(maxCost(f) <= maxCost(tx)).toBe(true);
  });

  it('due only for unused nonces of a stopped or expired batch below a waiting transaction; obsolete once a settled one is at or above', () => {
    const stopped = batchOf([5, 6, 7], 1, { stopped: { call: 1, reason: 'x' } });
    // Nothing above: nothing to fill, the nonces are free.
    expect(due([stopped], [{ nonce: '5', status: 'included' }])).toEqual({ due: [], obsolete: [] });
    // A send waits at 8: 6 and 7 are due.
    expect(due([stopped], [{ nonce: '5', status: 'included' }, { nonce: '8', status: 'pending' }])).toEqual({ due: ['6', '7'], obsolete: [] });
    // The next send took 6: only 7 (and only below what waits).
    expect(due([stopped], [{ nonce: '6', status: 'pending' }, { nonce: '8', status: 'pending' }]).due).toEqual(['7']);
    expect(due([stopped], [{ nonce: '6', status: 'pending' }]).due).toEqual([]);
    // The account's nonce passed them: obsolete.
    expect(due([stopped], [{ nonce: '7', status: 'included' }])).toEqual({ due: [], obsolete: ['6', '7'] });
    // Open and sendable: its calls go, no filler; expired before they were sent: their fillers.
    const open = batchOf([5, 6, 7], 1);
    expect(due([open], [{ nonce: '8', status: 'pending' }]).due).toEqual([]);
    expect(fillersOf([{ ...open, expiresAt: NOW }], [{ nonce: '8', status: 'pending' }], NOW).due.map((f) => f.call)).toEqual([1, 2]);
  });

  it('a later batch\'s calls still to send hold their nonces, and two stopped batches never fill one nonce twice', () => {
    const first = batchOf([5, 6, 7], 1, { stopped: { call: 1, reason: 'x' } });
    const second = batchOf([6, 7, 8], 1, { key: 'app second', createdAt: NOW });
    expect(due([first, second], [{ nonce: '6', status: 'pending' }]).due).toEqual([]);
    const both = batchOf([6, 7, 8], 1, { key: 'app second', createdAt: NOW, stopped: { call: 1, reason: 'y' } });
    expect(due([first, both], [{ nonce: '6', status: 'pending' }, { nonce: '9', status: 'pending' }]).due).toEqual(['7', '8']);
  });
});

/**
 * The devnet chain's pool and reorgs: a block takes each sender's transactions in nonce order and
 * the best tip first across senders; a same-nonce transaction replaces only for 10% more; what
 * does not fit the block's gas waits for the next block; what the builder refuses is dropped and
 * said; go-ethereum's refusals at entry; snapshot and revert drop the later blocks, the pool
 * keeping what is pending at the revert.
 */
import { createFeeMarket1559Tx, createLegacyTx } from '@ethereumjs/tx';
import { Address } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';
import { chainAt, mineNext } from './helpers.ts';

const GWEI = 10n ** 9n;

function transfer(chain: DevChain, from: number, nonce: bigint, fees: { tip: bigint; cap?: bigint; gas?: bigint; value?: bigint }) {
  const common = chain.head().common;
  return createFeeMarket1559Tx(
    { nonce, to: chain.accounts[8]!.address, value: fees.value ?? 1n, gasLimit: fees.gas ?? 21_000n, maxPriorityFeePerGas: fees.tip, maxFeePerGas: fees.cap ?? 100n * GWEI, chainId: chain.chainId },
    { common },
  ).sign(chain.accounts[from]!.privateKey);
}

const hex = (b: Uint8Array) => bytesToHex(b);

describe('devnet chain pool', () => {
  it('orders by nonce per sender and by tip across senders', async () => {
    const chain = await chainAt('osaka');
    const a0 = await chain.sendRawTransaction(transfer(chain, 0, 0n, { tip: 1n * GWEI }).serialize());
    const a1 = await chain.sendRawTransaction(transfer(chain, 0, 1n, { tip: 5n * GWEI }).serialize());
    const b0 = await chain.sendRawTransaction(transfer(chain, 1, 0n, { tip: 3n * GWEI }).serialize());
    const c1 = await chain.sendRawTransaction(transfer(chain, 2, 1n, { tip: 9n * GWEI }).serialize()); // nonce gap: waits
    expect(chain.pending().map((t) => hex(t.hash()))).toEqual([b0, a0, a1].map(hex));
    const block = await mineNext(chain);
    expect(block.transactions.map((t) => hex(t.hash()))).toEqual([b0, a0, a1].map(hex));
    expect(chain.pendingTransaction(c1)).toBeDefined();
    expect(chain.locate(a1)).toEqual({ blockHash: block.hash(), index: 2 });
  });

  it('replaces a waiting transaction only for 10% more tip and fee cap', async () => {
    const chain = await chainAt('osaka');
    await chain.sendRawTransaction(transfer(chain, 0, 0n, { tip: 10n * GWEI, cap: 100n * GWEI }).serialize());
    await expect(chain.sendRawTransaction(transfer(chain, 0, 0n, { tip: 10n * GWEI + 1n, cap: 109n * GWEI }).serialize())).rejects.toThrow('replacement transaction underpriced');
    const better = transfer(chain, 0, 0n, { tip: 11n * GWEI, cap: 110n * GWEI });
    await chain.sendRawTransaction(better.serialize());
    await expect(chain.sendRawTransaction(better.serialize())).rejects.toThrow('already known');
    const block = await mineNext(chain);
    expect(block.transactions.map((t) => hex(t.hash()))).toEqual([hex(better.hash())]);
    await expect(chain.sendRawTransaction(transfer(chain, 0, 0n, { tip: 20n * GWEI }).serialize())).rejects.toThrow('nonce too low: next nonce 1, tx nonce 0');
  });

  it('leaves for the next block what does not fit this one\'s gas', async () => {
    const chain = await chainAt('prague', { gasLimit: 100_000n });
    const hashes = [];
    for (let n = 0n; n < 5n; n++) hashes.push(await chain.sendRawTransaction(transfer(chain, 0, n, { tip: GWEI, gas: 30_000n }).serialize()));
    // pending() counts gas limits (3 × 30000); the builder counts gas used: after 4 × 21000, 16000 is left.
    expect(chain.pending().length).toBe(3);
    const first = await mineNext(chain);
    expect(first.transactions.length).toBe(4);
    const second = await mineNext(chain);
    expect(second.transactions.map((t) => hex(t.hash()))).toEqual(hashes.slice(4).map(hex));
  });

  it('drops what the builder refuses, says why, and goes on with the slot', async () => {
    const said: string[] = [];
    const chain = await chainAt('osaka', { accountBalance: 10n ** 18n, debug: (m) => said.push(m) });
    // Each is affordable alone at entry; after the first, the second is not.
    const first = await chain.sendRawTransaction(transfer(chain, 0, 0n, { tip: GWEI, value: 9n * 10n ** 17n }).serialize());
    const second = await chain.sendRawTransaction(transfer(chain, 0, 1n, { tip: GWEI, value: 9n * 10n ** 17n }).serialize());
    const other = await chain.sendRawTransaction(transfer(chain, 1, 0n, { tip: GWEI }).serialize());
    const block = await mineNext(chain);
    expect(block.transactions.map((t) => hex(t.hash())).sort()).toEqual([first, other].map(hex).sort());
    expect(chain.pendingTransaction(second)).toBeUndefined();
    expect(said.length).toBe(1);
    expect(said[0]).toContain(hex(second));
  });

  it('refuses at entry as go-ethereum does', async () => {
    const chain = await chainAt('osaka');
    const common = chain.head().common;
    const stranger = hexToBytes('0x' + '42'.repeat(32));
    const poor = createFeeMarket1559Tx({ nonce: 0n, to: chain.accounts[1]!.address, value: 1n, gasLimit: 21_000n, maxFeePerGas: GWEI * 10n, maxPriorityFeePerGas: GWEI, chainId: chain.chainId }, { common }).sign(stranger);
    await expect(chain.sendRawTransaction(poor.serialize())).rejects.toThrow(/^insufficient funds for gas \* price \+ value: balance 0, tx cost 210000000000001, overshot 210000000000001$/);
    const low = transfer(chain, 0, 0n, { tip: GWEI, gas: 20_000n });
    await expect(chain.sendRawTransaction(low.serialize())).rejects.toThrow('intrinsic gas too low: gas 20000, minimum needed 21000');
    const otherChain = createLegacyTx({ nonce: 0n, to: chain.accounts[1]!.address, gasLimit: 21_000n, gasPrice: 10n * GWEI }, { common: (await chainAt('osaka', { chainId: 5n })).head().common }).sign(chain.accounts[0]!.privateKey);
    await expect(chain.sendRawTransaction(otherChain.serialize())).rejects.toThrow(/^invalid sender/);
    await expect(chain.sendTransaction({ from: hexToBytes('0x' + '42'.repeat(20)), to: chain.accounts[1]!.address })).rejects.toThrow('unknown account');
  });

  it('fills eth_sendTransaction\'s nonce from the pool', async () => {
    const chain = await chainAt('cancun');
    const [dev, other] = chain.accounts;
    const hashes = [];
    for (let i = 0; i < 3; i++) hashes.push(await chain.sendTransaction({ from: dev!.address, to: other!.address, value: 1n }));
    expect(hashes.map((h) => chain.pendingTransaction(h)!.nonce)).toEqual([0n, 1n, 2n]);
    await mineNext(chain);
    const state = await chain.stateAt(chain.head());
    expect((await state.getAccount(new Address(dev!.address)))!.nonce).toBe(3n);
  });
});

describe('devnet chain snapshot and revert', () => {
  it('drops the later blocks, their state and transactions; the pool keeps what is pending now, not what was then', async () => {
    const chain = await chainAt('prague');
    const [dev, other, third] = chain.accounts;
    await chain.sendTransaction({ from: dev!.address, to: other!.address, value: 1n });
    const kept = await mineNext(chain);
    const id = chain.snapshot();
    const later = chain.snapshot();
    // Pending when the snapshot was taken, mined in a block the revert drops: not back by itself.
    const waiting = await chain.sendTransaction({ from: dev!.address, to: other!.address, value: 2n });
    const dropped = [await mineNext(chain)];
    const droppedTx = await chain.sendTransaction({ from: dev!.address, to: other!.address, value: 3n });
    dropped.push(await mineNext(chain));
    expect(chain.locate(waiting)).toBeDefined();
    // Pending at the revert: still pending after it.
    const stillPending = await chain.sendTransaction({ from: third!.address, to: other!.address, value: 4n });

    expect(await chain.revert(id)).toBe(true);
    expect(hex(chain.head().hash())).toBe(hex(kept.hash()));
    for (const block of dropped) expect(chain.blockByHash(block.hash())).toBeUndefined();
    expect(chain.blockByNumber(kept.header.number + 1n)).toBeUndefined();
    expect(chain.locate(waiting)).toBeUndefined();
    expect(chain.locate(droppedTx)).toBeUndefined();
    expect(chain.pending().map((t) => hex(t.hash()))).toEqual([hex(stillPending)]);
    const state = await chain.stateAt(chain.head());
    expect((await state.getAccount(new Address(dev!.address)))!.nonce).toBe(1n);
    // Used up, with every later one.
    expect(await chain.revert(id)).toBe(false);
    expect(await chain.revert(later)).toBe(false);

    // A new branch from the kept block: another slot, the pending transaction in it; the dropped one
    // only if sent again.
    await chain.sendRawTransaction(dropped[0]!.transactions[0]!.serialize());
    const branch = await mineNext(chain, 3n);
    expect(branch.header.number).toBe(kept.header.number + 1n);
    expect(hex(branch.header.parentHash)).toBe(hex(kept.hash()));
    expect(chain.locate(stillPending)?.blockHash).toEqual(branch.hash());
    expect(chain.locate(waiting)?.blockHash).toEqual(branch.hash());
    expect(chain.locate(droppedTx)).toBeUndefined();
  });
});

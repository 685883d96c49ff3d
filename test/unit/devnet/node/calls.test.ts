/**
 * eth_call, eth_estimateGas and eth_createAccessList on the devnet chain, with go-ethereum's
 * eth_call semantics as Vigil's own EVM has them (src/execution/call.ts): no fee fields, no fee
 * and BASEFEE 0; fees named, the header's base fee; value beyond the balance refused; a revert
 * answered with its data; a binary-search estimate at which the transaction succeeds.
 */
import type { Block } from '@ethereumjs/block';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { type DevChain, NodeRequestError } from '../../../../src/devnet/execution/node/types.ts';
import { chainAt, initCode, mineNext } from './helpers.ts';

/** Returns BASEFEE. */
const BASEFEE_RUNTIME = '485f5260205ff3';
/** Returns BLOBBASEFEE. */
const BLOBBASEFEE_RUNTIME = '4a5f5260205ff3';
/** Reverts with the 4 bytes 0xdeadbeef. */
const REVERT_RUNTIME = '63deadbeef5f526004601cfd';
/** SSTORE(CALLVALUE, NUMBER) then SLOAD(1): touches two slots (an estimate must cover a new slot's 20000). */
const STORE_RUNTIME = '433455' + '60015450' + '00';

describe.each(['prague', 'amsterdam'] as const)('devnet chain calls at %s', (fork) => {
  let chain: DevChain;
  let head: Block;
  const contracts: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    chain = await chainAt(fork);
    const [dev] = chain.accounts;
    const names = { basefee: BASEFEE_RUNTIME, blobbasefee: BLOBBASEFEE_RUNTIME, revert: REVERT_RUNTIME, store: STORE_RUNTIME };
    const hashes: [string, Uint8Array][] = [];
    for (const [name, runtime] of Object.entries(names)) hashes.push([name, await chain.sendTransaction({ from: dev!.address, data: initCode(runtime) })]);
    head = await mineNext(chain);
    for (const [name, hash] of hashes) {
      const where = chain.locate(hash)!;
      contracts[name] = chain.receipts(where.blockHash)![where.index]!.contractAddress!;
    }
    head = await mineNext(chain);
  });

  it('reads BASEFEE as 0 in a call that names no fee, as the header has it when a fee is named', async () => {
    const free = await chain.call(head, { to: contracts.basefee! });
    expect(bytesToBigInt(free.returnValue)).toBe(0n);
    const paid = await chain.call(head, { from: chain.accounts[1]!.address, to: contracts.basefee!, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 0n });
    expect(bytesToBigInt(paid.returnValue)).toBe(head.header.baseFeePerGas);
  });

  it('reads BLOBBASEFEE as the header has it, whatever the gas price: go-ethereum zeroes it only for a blob fee cap of 0', async () => {
    const blobBaseFee = head.header.getBlobGasPrice();
    expect(blobBaseFee).toBeGreaterThan(0n);
    const free = await chain.call(head, { to: contracts.blobbasefee! });
    expect(bytesToBigInt(free.returnValue)).toBe(blobBaseFee);
    const paid = await chain.call(head, { from: chain.accounts[1]!.address, to: contracts.blobbasefee!, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 0n });
    expect(bytesToBigInt(paid.returnValue)).toBe(blobBaseFee);
  });

  it('answers a reverting call with its revert data', async () => {
    const out = await chain.call(head, { to: contracts.revert! });
    expect(out.error?.kind).toBe('revert');
    expect(out.error?.message).toBe('execution reverted');
    expect(bytesToHex(out.returnValue)).toBe('0xdeadbeef');
  });

  it('refuses value the sender does not have, and a fee cap under the base fee', async () => {
    const poor = hexToBytes('0x' + '11'.repeat(20));
    await expect(chain.call(head, { from: poor, to: contracts.basefee!, value: 1n })).rejects.toThrow(/^insufficient funds for gas \* price \+ value/);
    await expect(chain.call(head, { from: chain.accounts[0]!.address, to: contracts.basefee!, maxFeePerGas: 1n })).rejects.toThrow(/^max fee per gas less than block base fee/);
  });

  it('estimates 21000 for a transfer, and a gas at which the transaction succeeds', async () => {
    const [dev, other] = chain.accounts;
    expect(await chain.estimateGas(head, { from: dev!.address, to: other!.address, value: 1n })).toBe(21_000n);
    const request = { from: dev!.address, to: contracts.store!, value: 7n };
    const estimate = await chain.estimateGas(head, request);
    const hash = await chain.sendTransaction({ ...request, gas: estimate });
    const block = await mineNext(chain);
    const receipt = chain.receipts(block.hash())![chain.locate(hash)!.index]!;
    expect(receipt.status).toBe(1);
    expect(receipt.gasUsed).toBeLessThanOrEqual(estimate);
    // Within go-ethereum's 1.5% of the least that works (the refund-free call uses all but the stipend slack).
    expect(Number(estimate - receipt.gasUsed) / Number(estimate)).toBeLessThan(0.1);
    head = block;
  });

  it('refuses to estimate a call that reverts: code 3 with the revert data', async () => {
    const err = await chain.estimateGas(head, { from: chain.accounts[0]!.address, to: contracts.revert! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRequestError);
    expect((err as NodeRequestError).rpcCode).toBe(3);
    expect(bytesToHex((err as NodeRequestError).data!)).toBe('0xdeadbeef');
  });

  it('lists the slots a call touches, the target\'s among them', async () => {
    const out = await chain.createAccessList(head, { from: chain.accounts[0]!.address, to: contracts.store!, value: 9n });
    expect(out.error).toBeUndefined();
    expect(out.accessList.map((e) => bytesToHex(e.address))).toEqual([bytesToHex(contracts.store!)]);
    expect(out.accessList[0]!.storageKeys.map((k) => bytesToBigInt(k)).sort()).toEqual([1n, 9n]);
    expect(out.gasUsed).toBeGreaterThan(21_000n);
  });
});

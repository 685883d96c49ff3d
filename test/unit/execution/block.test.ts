import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { VigilError } from '../../../src/core/errors.ts';
import { blockToJson, verifyBlockBody, verifyOmmers } from '../../../src/execution/block-body.ts';
import { blockReceiptsToJson, receiptToJson, verifyBlockReceipts } from '../../../src/execution/block-receipts.ts';
import { fakeExponential } from '../../../src/execution/block-env.ts';
import { parseRpcHeader } from '../../../src/execution/header.ts';
import { parseRpcWithdrawals, verifyWithdrawals, withdrawalsRoot, withdrawalToJson } from '../../../src/execution/withdrawals.ts';
import { parseRpcReceipt } from '../../../src/proofs/receipts.ts';
import { errorCode, fixture, io, testChain } from './helpers.ts';

const headerOf = (json: any) => {
  const { header, hash } = parseRpcHeader(json);
  return { header, hash: hash! };
};

describe('withdrawals', () => {
  it.each([
    ['mainnet 21,925,176', fixture('mainnet-proofs/block.json')],
    ['goerli 8,705,029', fixture('ethereumjs-blocks/goerli-8705029.json')],
    ['sepolia 3,445,383', fixture('sepolia-proofs/eth_getBalance_eoa.json').execution.block],
  ])('%s: the withdrawals rebuild withdrawalsRoot and print back unchanged', (_, block) => {
    const withdrawals = parseRpcWithdrawals(block.withdrawals);
    expect(bytesToHex(withdrawalsRoot(withdrawals))).toBe(block.withdrawalsRoot);
    expect(withdrawals.map(withdrawalToJson)).toEqual(block.withdrawals);
    const root = hexToBytes(block.withdrawalsRoot);
    expect(errorCode(() => verifyWithdrawals(root, withdrawals.slice(1)))).toBe('WITHDRAWALS_ROOT_MISMATCH');
    expect(errorCode(() => verifyWithdrawals(root, [{ ...withdrawals[0]!, amount: withdrawals[0]!.amount + 1n }, ...withdrawals.slice(1)]))).toBe(
      'WITHDRAWALS_ROOT_MISMATCH',
    );
  });
});

describe('block body', () => {
  it.each([
    ['mainnet 2,000,004', fixture('ethereumjs-blocks/mainnet-2000004.json')],
    ['mainnet 14,151,203', fixture('ethereumjs-blocks/mainnet-14151203.json')],
    ['mainnet 15,571,241', fixture('ethereumjs-blocks/mainnet-15571241.json')],
    ['sepolia 3,445,383', fixture('sepolia-proofs/eth_getBalance_eoa.json').execution.block],
  ])('%s: verified, with the size the node printed', (_, json) => {
    const { header, hash } = headerOf(json);
    const block = verifyBlockBody(header, hash, json);
    expect(block.size).toBe(Number(json.size));
    const printed = blockToJson(block, false);
    expect(printed.transactions).toEqual(json.transactions.map((t: any) => t.hash));
    expect(printed.uncles).toEqual([]);
    expect(printed).not.toHaveProperty('totalDifficulty');
  });

  it('prints blocks of the execution-apis chain exactly as geth does (block 1, full)', () => {
    const json = io('eth_getBlockByHash/get-block-by-hash.io').response.result;
    const { header, hash } = headerOf(json);
    expect(blockToJson(verifyBlockBody(header, hash, json), true)).toEqual(json);
  });

  it('verifies the ommers of a pre-merge block against sha3Uncles, and its size with them', () => {
    const withOmmers = testChain().find((b) => b.ommers.length > 0)!;
    expect(verifyOmmers(withOmmers.header, withOmmers.ommers).map(bytesToHex)).toEqual(withOmmers.uncles!.map(bytesToHex));
    expect(errorCode(() => verifyOmmers(withOmmers.header, []))).toBe('HEADER_HASH_MISMATCH');
    const json = blockToJson(withOmmers, true);
    const verified = verifyBlockBody(withOmmers.header, withOmmers.hash, json, { ommers: withOmmers.ommers });
    expect(verified.size).toBe(withOmmers.size);
    // Without the ommer headers, what depends on them is left out.
    const bare = blockToJson(verifyBlockBody(withOmmers.header, withOmmers.hash, json), false);
    expect(bare).not.toHaveProperty('uncles');
    expect(bare).not.toHaveProperty('size');
  });

  it('refuses a forged, dropped, added or reordered transaction, forged withdrawals, and hash-only bodies', () => {
    const json = fixture('sepolia-proofs/eth_getBalance_eoa.json').execution.block;
    const { header, hash } = headerOf(json);
    const body = (change: (b: any) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return errorCode(() => verifyBlockBody(header, hash, copy));
    };
    expect(body(() => undefined)).toBeUndefined();
    expect(body((b) => (b.transactions[7].value = '0x1'))).toBe('TRANSACTIONS_ROOT_MISMATCH');
    expect(body((b) => b.transactions.pop())).toBe('TRANSACTIONS_ROOT_MISMATCH');
    expect(body((b) => b.transactions.push(b.transactions[0]))).toBe('TRANSACTIONS_ROOT_MISMATCH');
    expect(body((b) => b.transactions.reverse())).toBe('TRANSACTIONS_ROOT_MISMATCH');
    expect(body((b) => (b.withdrawals[0].amount = '0x1'))).toBe('WITHDRAWALS_ROOT_MISMATCH');
    expect(body((b) => delete b.withdrawals)).toBe('INVALID_INPUT');
    expect(body((b) => (b.transactions = b.transactions.map((t: any) => t.hash)))).toBe('INVALID_INPUT');
    // A node's own claims are never used: a wrong `from` or `hash` changes nothing Vigil prints.
    const lying = structuredClone(json);
    lying.transactions[3].from = '0x' + '11'.repeat(20);
    lying.transactions[3].hash = '0x' + '22'.repeat(32);
    expect(blockToJson(verifyBlockBody(header, hash, lying), true)).toEqual(blockToJson(verifyBlockBody(header, hash, json), true));
  });
});

describe('receipts of a verified block', () => {
  it.each([
    ['block 1 (pre-Byzantium roots, contract creations)', 'eth_getBlockReceipts/get-block-receipts-by-hash.io', 0],
    ['block 54 (Osaka/BPO2: logs, a call)', 'eth_getBlockReceipts/get-block-receipts-latest.io', 53],
  ])('%s print exactly as geth prints them', (_, file, index) => {
    const expected = io(file).response.result;
    const block = testChain()[index]!;
    const receipts = expected.map((r: any) => parseRpcReceipt(r));
    verifyBlockReceipts(block, receipts);
    expect(JSON.stringify(blockReceiptsToJson(block, receipts))).toBe(JSON.stringify(expected));
  });

  it.each(['get-legacy-contract', 'get-legacy-input'])('eth_getTransactionReceipt %s prints as geth prints it', (name) => {
    const expected = io(`eth_getTransactionReceipt/${name}.io`).response.result;
    const block = testChain()[0]!;
    const receipts = io('eth_getBlockReceipts/get-block-receipts-by-hash.io').response.result.map((r: any) => parseRpcReceipt(r));
    expect(JSON.stringify(receiptToJson(block, receipts, Number(expected.transactionIndex)))).toBe(JSON.stringify(expected));
  });

  it('derives the blob fields: blobGasUsed from the blob hashes, blobGasPrice from excessBlobGas and the fork fraction', () => {
    const expected = io('eth_getTransactionReceipt/get-blob-tx.io').response.result;
    const block = testChain()[Number(expected.blockNumber) - 1]!;
    expect(block.transactions[0]!.tx.type).toBe(3);
    // The test chain's Cancun fraction (forkenv.json): this block's excess blob gas is 0, so 1 wei.
    const price = fakeExponential(1n, block.header.excessBlobGas!, BigInt(fixture('execution-apis/forkenv.json').HIVE_CANCUN_BLOB_BASE_FEE_UPDATE_FRACTION));
    expect(price).toBe(BigInt(expected.blobGasPrice));
    const receipt = parseRpcReceipt(expected);
    const printed = receiptToJson(block, [receipt], 0, 0, { blobGasPrice: price });
    const { logs: _, ...rest } = printed;
    const { logs: __, ...expectedRest } = expected;
    expect(rest).toEqual(expectedRest);
    // helios' BPO2 mainnet block 26,050,794: excessBlobGas 193,034,043 at BPO2's fraction 11,684,671.
    expect(fakeExponential(1n, 193_034_043n, 11_684_671n)).toBe(14_950_877n);
  });

  it('refuses forged, dropped or missing receipts and logs', () => {
    const block = testChain()[53]!;
    const json = io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result;
    const verify = (change: (rs: any[]) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return errorCode(() => verifyBlockReceipts(block, copy.map((r: any) => parseRpcReceipt(r))));
    };
    expect(verify(() => undefined)).toBeUndefined();
    expect(verify((rs) => rs[1].logs.splice(4, 1))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(verify((rs) => (rs[1].logs[0].data = '0x01'))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(verify((rs) => (rs[3].status = '0x0'))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(verify((rs) => (rs[2].cumulativeGasUsed = '0x1'))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(verify((rs) => (rs[3].logsBloom = '0x' + '00'.repeat(256)))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(verify((rs) => rs.pop())).toBe('RECEIPTS_ROOT_MISMATCH');
    // The receipt's claims (gasUsed, from, effectiveGasPrice, contractAddress) are never used.
    const claims = structuredClone(json);
    Object.assign(claims[0], { gasUsed: '0x1', from: '0x' + '00'.repeat(20), effectiveGasPrice: '0x99', contractAddress: null });
    expect(blockReceiptsToJson(block, claims.map((r: any) => parseRpcReceipt(r)))).toEqual(json);
  });

  it('never holds the header\'s gasUsed against the receipts: equal before Amsterdam, apart from it (EIP-7778), accepted both ways', () => {
    const block = testChain()[53]!;
    const json = io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result;
    const receipts = json.map((r: any) => parseRpcReceipt(r));
    // Before Amsterdam the last receipt's cumulative gas is the header's gasUsed (a consensus rule, never needed here).
    expect(receipts.at(-1)!.cumulativeGasUsed).toBe(block.header.gasUsed);
    // Amsterdam: the header's gasUsed is before refunds, the receipts' cumulative gas after them.
    const amsterdam = { ...block, header: { ...block.header, gasUsed: block.header.gasUsed + 19_800n, blockAccessListHash: new Uint8Array(32) } };
    expect(() => verifyBlockReceipts(amsterdam, receipts)).not.toThrow();
    // Each transaction's gas is the difference of cumulative gas, which stays after refunds.
    const printed = blockReceiptsToJson(amsterdam, receipts);
    expect(printed.map((r) => r.gasUsed)).toEqual(json.map((r: any) => r.gasUsed));
  });

  it('never crashes on malformed receipt JSON (property)', () => {
    const json = io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result[3];
    const block = testChain()[53]!;
    const rest = io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result.slice(0, 3).map((r: any) => parseRpcReceipt(r));
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(json)), fc.anything(), (key, junk) => {
        try {
          verifyBlockReceipts(block, [...rest, parseRpcReceipt({ ...json, [key]: junk })]);
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
    );
  });
});

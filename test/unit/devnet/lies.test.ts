/**
 * The execution-API lies (src/devnet/faults/lies.ts) as pure rewrites: each changes exactly what
 * its description says, keeps the answer well-formed (what parsed before parses now), leaves
 * its input alone, and does nothing while its fault is off.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToHex, hexToBigInt, hexToBytes } from '../../../src/core/bytes.ts';
import { ESTIMATE_EXTRA, FAULTS_BY_METHOD, INFLATED_TIP, lieAbout, ONE_ETHER } from '../../../src/devnet/faults/lies.ts';
import { EXECUTION_API_FAULTS, type ExecutionLayerFault } from '../../../src/devnet/faults/names.ts';

const only = (fault: ExecutionLayerFault) => (f: ExecutionLayerFault) => f === fault;
const none = () => false;
const hexOf = (bytes: number, min = 0) => fc.uint8Array({ minLength: min, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const word = hexOf(32, 32).filter((h) => h.length === 66);
const address = hexOf(20, 20).filter((h) => h.length === 42);
const quantity = fc.bigInt({ min: 0n, max: 2n ** 128n }).map(bigIntToHex);
const accessList = fc.array(fc.record({ address, storageKeys: fc.array(word, { maxLength: 4 }) }), { maxLength: 6 });
const log = (logIndex: fc.Arbitrary<string>) =>
  fc.record({ address, topics: fc.array(word, { maxLength: 4 }), data: hexOf(96), logIndex, blockHash: word, transactionHash: word });
const receipt = fc.record({
  transactionHash: word,
  status: fc.constantFrom('0x1', '0x0'),
  cumulativeGasUsed: quantity,
  logs: fc.array(log(fc.nat(6).map(bigIntToHex)), { maxLength: 4 }),
});
const tx = fc.record({ hash: word, value: quantity, r: word, s: word, nonce: quantity, input: hexOf(40) });
const header = fc.record({ hash: word, parentHash: word, stateRoot: word, number: quantity, timestamp: quantity });
const frozen = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const differingBits = (a: string, b: string) => {
  const [x, y] = [hexToBytes(a), hexToBytes(b)];
  let bits = 0;
  for (let i = 0; i < x.length; i++) for (let v = x[i]! ^ y[i]!; v; v >>= 1) bits += v & 1;
  return bits;
};

describe('execution-API lies', () => {
  it('each new fault rewrites at least one method, and nothing while it is off', () => {
    const rewritten = new Set(Object.values(FAULTS_BY_METHOD).flat());
    for (const fault of Object.keys(EXECUTION_API_FAULTS)) expect(rewritten.has(fault as ExecutionLayerFault), fault).toBe(true);
    const anyResult = fc.oneof(accessList.map((a) => ({ accessList: a, gasUsed: '0x5208' })), receipt, header, tx, word, fc.array(receipt));
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(FAULTS_BY_METHOD)), anyResult, (method, result) => {
        expect(lieAbout(method, result, none)).toEqual(result);
      }),
    );
  });

  it('access-list-omit: the last address gone, no storage key left, gasUsed kept', () => {
    fc.assert(
      fc.property(accessList, (list) => {
        const honest = { accessList: list, gasUsed: '0x6a2b' };
        const kept = frozen(honest);
        const lied = lieAbout('eth_createAccessList', honest, only('access-list-omit')) as typeof honest;
        expect(honest).toEqual(kept);
        expect(lied.gasUsed).toBe('0x6a2b');
        expect(lied.accessList.map((t) => t.address)).toEqual(list.slice(0, -1).map((t) => t.address));
        expect(lied.accessList.every((t) => t.storageKeys.length === 0)).toBe(true);
      }),
    );
  });

  it('header-unlinked: one bit of stateRoot, the claimed hash and every other field kept', () => {
    fc.assert(
      fc.property(header, fc.constantFrom('eth_getBlockByNumber', 'eth_getBlockByHash'), (honest, method) => {
        const lied = lieAbout(method, honest, only('header-unlinked')) as typeof honest;
        expect(differingBits(lied.stateRoot, honest.stateRoot)).toBe(1);
        expect({ ...lied, stateRoot: honest.stateRoot }).toEqual(honest);
      }),
    );
    expect(lieAbout('eth_getBlockByNumber', null, only('header-unlinked'))).toBe(null);
  });

  it('tx-forge: value + 1 ether under the same hash and signature, alone and in full blocks', () => {
    fc.assert(
      fc.property(tx, fc.array(tx, { maxLength: 4 }), fc.array(word, { maxLength: 3 }), (honest, txs, hashes) => {
        for (const method of ['eth_getTransactionByHash', 'eth_getTransactionByBlockHashAndIndex', 'eth_getTransactionByBlockNumberAndIndex']) {
          const lied = lieAbout(method, honest, only('tx-forge')) as typeof honest;
          expect(hexToBigInt(lied.value)).toBe(hexToBigInt(honest.value) + ONE_ETHER);
          expect({ ...lied, value: honest.value }).toEqual(honest);
        }
        const full = lieAbout('eth_getBlockByNumber', { hash: hashes[0] ?? '0x', transactions: txs }, only('tx-forge')) as { transactions: typeof txs };
        expect(full.transactions.map((t) => hexToBigInt(t.value))).toEqual(txs.map((t) => hexToBigInt(t.value) + ONE_ETHER));
        // A block of hashes only carries no value to change.
        expect(lieAbout('eth_getBlockByHash', { transactions: hashes }, only('tx-forge'))).toEqual({ transactions: hashes });
      }),
    );
  });

  it('receipt-forge: one bit of the first log data byte, or cumulativeGasUsed + 1 without log data', () => {
    fc.assert(
      fc.property(fc.array(receipt, { maxLength: 4 }), (receipts) => {
        const kept = frozen(receipts);
        const lied = lieAbout('eth_getBlockReceipts', receipts, only('receipt-forge')) as typeof receipts;
        expect(receipts).toEqual(kept);
        lied.forEach((r, i) => {
          const honest = receipts[i]!;
          const k = honest.logs.findIndex((l) => l.data.length > 2);
          if (k < 0) {
            expect(hexToBigInt(r.cumulativeGasUsed)).toBe(hexToBigInt(honest.cumulativeGasUsed) + 1n);
            expect(r.logs).toEqual(honest.logs);
          } else {
            expect(hexToBytes(r.logs[k]!.data)[0]).toBe(hexToBytes(honest.logs[k]!.data)[0]! ^ 1);
            expect(differingBits(r.logs[k]!.data, honest.logs[k]!.data)).toBe(1);
            expect(r.logs.filter((_, j) => j !== k)).toEqual(honest.logs.filter((_, j) => j !== k));
          }
          expect(lieAbout('eth_getTransactionReceipt', honest, only('receipt-forge'))).toEqual(r);
        });
      }),
    );
  });

  it('logs-drop: each block\'s first log leaves eth_getLogs and the receipts alike', () => {
    fc.assert(
      fc.property(fc.array(log(fc.nat(5).map(bigIntToHex)), { maxLength: 8 }), receipt, (logs, r) => {
        const lied = lieAbout('eth_getLogs', logs, only('logs-drop')) as typeof logs;
        const firsts = logs.filter((l) => l.logIndex === '0x0');
        if (logs.length === 0) expect(lied).toEqual([]);
        else if (firsts.length > 0) expect(lied).toEqual(logs.filter((l) => l.logIndex !== '0x0'));
        else expect(lied).toEqual(logs.slice(1));
        const liedReceipt = lieAbout('eth_getTransactionReceipt', r, only('logs-drop')) as typeof r;
        expect(liedReceipt.logs).toEqual(r.logs.filter((l) => l.logIndex !== '0x0'));
      }),
    );
  });

  it('logs-omit: every log of the highest block the answer names leaves eth_getLogs; receipts untouched', () => {
    const numbered = fc.record({ address, topics: fc.array(word, { maxLength: 4 }), data: hexOf(64), logIndex: fc.nat(5).map(bigIntToHex), blockNumber: fc.nat(4).map(bigIntToHex) });
    fc.assert(
      fc.property(fc.array(numbered, { maxLength: 10 }), receipt, (logs, r) => {
        const kept = frozen(logs);
        const lied = lieAbout('eth_getLogs', logs, only('logs-omit')) as typeof logs;
        expect(logs).toEqual(kept);
        const last = logs.reduce((m, l) => (hexToBigInt(l.blockNumber) > m ? hexToBigInt(l.blockNumber) : m), -1n);
        expect(lied).toEqual(logs.filter((l) => hexToBigInt(l.blockNumber) !== last));
        if (logs.length > 0) expect(lied.length).toBeLessThan(logs.length);
        expect(lieAbout('eth_getTransactionReceipt', r, only('logs-omit'))).toEqual(r);
        expect(lieAbout('eth_getBlockReceipts', [r], only('logs-omit'))).toEqual([r]);
      }),
    );
  });

  it('receipts-withhold: both receipt methods answer null; logs are untouched', () => {
    fc.assert(
      fc.property(receipt, fc.array(log(fc.nat(5).map(bigIntToHex)), { maxLength: 6 }), (r, logs) => {
        expect(lieAbout('eth_getTransactionReceipt', r, only('receipts-withhold'))).toBeNull();
        expect(lieAbout('eth_getBlockReceipts', [r, r], only('receipts-withhold'))).toBeNull();
        expect(lieAbout('eth_getLogs', logs, only('receipts-withhold'))).toEqual(logs);
      }),
    );
  });

  it('call-result: other bytes of the same length (0x00 for an empty result); estimate-gas: + 1000', () => {
    fc.assert(
      fc.property(hexOf(200), quantity, (result, gas) => {
        const lied = lieAbout('eth_call', result, only('call-result')) as string;
        expect(lied).not.toBe(result);
        expect(lied.length).toBe(result === '0x' ? 4 : result.length);
        expect(hexToBigInt(lieAbout('eth_estimateGas', gas, only('estimate-gas')))).toBe(hexToBigInt(gas) + ESTIMATE_EXTRA);
      }),
    );
  });

  it('fee-inflate: a 5000 gwei tip, the gas price raised by it, every fee-history reward at it; nothing else touched', () => {
    fc.assert(
      fc.property(quantity, (honest) => {
        expect(lieAbout('eth_maxPriorityFeePerGas', honest, only('fee-inflate'))).toBe(bigIntToHex(INFLATED_TIP));
        expect(hexToBigInt(lieAbout('eth_gasPrice', honest, only('fee-inflate')) as string)).toBe(hexToBigInt(honest) + INFLATED_TIP);
        const history = { oldestBlock: '0x1', baseFeePerGas: [honest, honest], gasUsedRatio: [0.5], reward: [[honest, '0x0']] };
        expect(lieAbout('eth_feeHistory', history, only('fee-inflate'))).toEqual({ ...history, reward: [[bigIntToHex(INFLATED_TIP), bigIntToHex(INFLATED_TIP)]] });
        expect(lieAbout('eth_maxPriorityFeePerGas', honest, only('estimate-gas'))).toBe(honest);
      }),
    );
  });
});

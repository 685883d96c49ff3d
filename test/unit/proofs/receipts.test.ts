import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { decodeRlp } from '../../../src/core/rlp.ts';
import { encodeReceipt, parseRpcReceipt, receiptsRoot, verifyReceipts, type Receipt } from '../../../src/proofs/receipts.ts';
import { errorCode, fixture } from './helpers.ts';

const block = fixture('mainnet-proofs/block.json');
const rpcReceipts: any[] = fixture('mainnet-proofs/receipts.json');

describe('receipts', () => {
  it("rebuild mainnet block 21,925,176's receiptsRoot from its 202 receipts", () => {
    const receipts = rpcReceipts.map((r, i) => parseRpcReceipt(r, `receipts[${i}]`));
    expect(receipts).toHaveLength(202);
    expect(bytesToHex(verifyReceipts(hexToBytes(block.receiptsRoot), receipts))).toBe(block.receiptsRoot);
  });

  it('reject any change to a receipt, its order, or the set', () => {
    const root = hexToBytes(block.receiptsRoot);
    const receipts = rpcReceipts.map((r) => parseRpcReceipt(r));
    const tamper = (fn: (rs: Receipt[]) => void) => {
      const copy = receipts.map((r) => ({ ...r, logs: r.logs.map((l) => ({ ...l })) }));
      fn(copy);
      return errorCode(() => verifyReceipts(root, copy));
    };
    expect(tamper((rs) => (rs[5]!.cumulativeGasUsed += 1n))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper((rs) => (rs[0]!.status = !rs[0]!.status))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper((rs) => rs[0]!.logs.pop())).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper((rs) => rs.reverse())).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper((rs) => rs.pop())).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper((rs) => (rs[3]!.type = rs[3]!.type === 2 ? 0 : 2))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(tamper(() => undefined)).toBeUndefined();
  });

  it('encode every transaction type as its EIP-2718 envelope', () => {
    const base = parseRpcReceipt(rpcReceipts.find((r) => r.type === '0x0'));
    const legacy = encodeReceipt({ ...base, type: 0 });
    // Legacy: the bare RLP list [status, cumulativeGasUsed, logsBloom, logs].
    const fields = decodeRlp(legacy) as any[];
    expect(fields).toHaveLength(4);
    expect(bytesToHex(fields[2])).toBe(bytesToHex(base.logsBloom));
    for (const type of [1, 2, 3, 4]) {
      const typed = encodeReceipt({ ...base, type });
      expect(typed[0]).toBe(type);
      expect(bytesToHex(typed.subarray(1))).toBe(bytesToHex(legacy));
    }
    // Pre-Byzantium receipts carry the intermediate state root instead of a status.
    const withRoot = encodeReceipt({ ...base, status: undefined, root: new Uint8Array(32).fill(7) });
    expect(bytesToHex((decodeRlp(withRoot) as any[])[0])).toBe('0x' + '07'.repeat(32));
    // A failed transaction's status is the empty string, a successful one 0x01.
    expect(bytesToHex((decodeRlp(encodeReceipt({ ...base, status: false })) as any[])[0])).toBe('0x');
    expect(bytesToHex((decodeRlp(encodeReceipt({ ...base, status: true })) as any[])[0])).toBe('0x01');
    expect(errorCode(() => encodeReceipt({ ...base, type: 5 }))).toBe('INVALID_INPUT');
    expect(errorCode(() => encodeReceipt({ ...base, type: 0x7e }))).toBe('INVALID_INPUT');
  });

  it('parse JSON-RPC receipts strictly', () => {
    const good = rpcReceipts[0];
    expect(errorCode(() => parseRpcReceipt({ ...good, logsBloom: '0x00' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcReceipt({ ...good, status: '0x2' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcReceipt({ ...good, status: undefined }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcReceipt({ ...good, logs: 'x' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcReceipt({ ...good, cumulativeGasUsed: 'zz' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcReceipt(null))).toBe('INVALID_INPUT');
    const { type: _t, ...untyped } = good;
    expect(parseRpcReceipt(untyped).type).toBe(0);
  });

  it('property: parsing arbitrary JSON throws only InputError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          parseRpcReceipt(json);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the root changes when any receipt changes', () => {
    const receipts = rpcReceipts.slice(0, 20).map((r) => parseRpcReceipt(r));
    const root = bytesToHex(receiptsRoot(receipts));
    fc.assert(
      fc.property(fc.nat(19), fc.bigInt({ min: 1n, max: 1n << 40n }), (i, delta) => {
        const copy = receipts.slice();
        copy[i] = { ...copy[i]!, cumulativeGasUsed: copy[i]!.cumulativeGasUsed + delta };
        expect(bytesToHex(receiptsRoot(copy))).not.toBe(root);
      }),
      { numRuns: 100 },
    );
  });
});

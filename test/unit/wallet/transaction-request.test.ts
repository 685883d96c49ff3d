import fc from 'fast-check';
import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { checksumAddress, parseAddress, parseTransactionRequest } from '../../../src/wallet/transaction-request.ts';

const FROM = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
const TO = '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359';

function refusal(params: unknown): WalletError {
  try {
    parseTransactionRequest(params);
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('addresses (EIP-55)', () => {
  it("checksums the EIP's examples and equals viem's getAddress on random addresses", () => {
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      expect(parseAddress(a.toLowerCase())).toBe(a);
      expect(parseAddress(a)).toBe(a);
      expect(parseAddress('0x' + a.slice(2).toUpperCase())).toBe(a);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        expect(checksumAddress(bytes)).toBe(getAddress(bytesToHex(bytes)));
      }),
    );
  });

  it('refuses a mixed-case address whose checksum is wrong', () => {
    expect(() => parseAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toThrow(InputError);
    expect(() => parseAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea')).toThrow(InputError);
  });
});

describe('parseTransactionRequest', () => {
  it('normalizes: checksummed addresses, bigints, bytes; [tx] or tx', () => {
    const tx = { from: FROM, to: TO, value: '0xde0b6b3a7640000', data: '0xa9059cbb', gas: '0x5208', nonce: '0x7', chainId: '0x1' };
    for (const params of [[tx], tx]) {
      const req = parseTransactionRequest(params);
      expect(req).toMatchObject({
        type: 2, from: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', to: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
        value: 10n ** 18n, gasLimit: 21000n, nonce: 7n, chainId: 1n, gasPrice: undefined, maxFeePerGas: undefined, accessList: [],
      });
      expect(bytesToHex(req.data)).toBe('0xa9059cbb');
      expect(req.fixed).toEqual(['to', 'value', 'data', 'gasLimit', 'nonce', 'chainId']);
      expect(req.toFill).toEqual(['maxFeePerGas', 'maxPriorityFeePerGas']);
    }
  });

  it('a bare transfer leaves nonce, gas, fees and chain id to the wallet; defaults value 0 and empty data', () => {
    const req = parseTransactionRequest([{ from: FROM, to: TO }]);
    expect(req.value).toBe(0n);
    expect(req.data).toEqual(new Uint8Array(0));
    expect(req.fixed).toEqual(['to']);
    expect(req.toFill).toEqual(['nonce', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId']);
  });

  it('infers the type as wallets do', () => {
    const key = '0x' + '11'.repeat(32);
    const list = [{ address: TO, storageKeys: [key] }];
    const cases: [Record<string, unknown>, number, string[]][] = [
      [{}, 2, ['nonce', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId']],
      [{ maxFeePerGas: '0x10' }, 2, ['nonce', 'gasLimit', 'maxPriorityFeePerGas', 'chainId']],
      [{ maxPriorityFeePerGas: '0x1' }, 2, ['nonce', 'gasLimit', 'maxFeePerGas', 'chainId']],
      [{ gasPrice: '0x10' }, 0, ['nonce', 'gasLimit', 'chainId']],
      [{ gasPrice: '0x10', accessList: list }, 1, ['nonce', 'gasLimit', 'chainId']],
      [{ accessList: list }, 2, ['nonce', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId']],
      [{ type: '0x0' }, 0, ['nonce', 'gasLimit', 'gasPrice', 'chainId']],
      [{ type: '0x1' }, 1, ['nonce', 'gasLimit', 'gasPrice', 'chainId']],
      [{ type: '0x01', gasPrice: '0x1' }, 1, ['nonce', 'gasLimit', 'chainId']],
      [{ type: '0x2', accessList: [] }, 2, ['nonce', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId']],
      [{ type: '0x0', gasPrice: '0x1', accessList: [] }, 0, ['nonce', 'gasLimit', 'chainId']],
    ];
    for (const [fields, type, toFill] of cases) {
      const req = parseTransactionRequest({ from: FROM, to: TO, ...fields });
      expect(req.type, JSON.stringify(fields)).toBe(type);
      expect(req.toFill, JSON.stringify(fields)).toEqual(toFill);
    }
    const withList = parseTransactionRequest({ from: FROM, to: TO, gasPrice: '0x1', accessList: list });
    expect(withList.accessList).toEqual([{ address: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', storageKeys: [new Uint8Array(32).fill(0x11)] }]);
  });

  it('refuses conflicting fee fields and types', () => {
    const conflicting: Record<string, unknown>[] = [
      { gasPrice: '0x1', maxFeePerGas: '0x2' },
      { gasPrice: '0x1', maxPriorityFeePerGas: '0x1' },
      { maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' },
      { type: '0x0', maxFeePerGas: '0x2' },
      { type: '0x1', maxPriorityFeePerGas: '0x2' },
      { type: '0x2', gasPrice: '0x2' },
      { type: '0x0', accessList: [{ address: TO, storageKeys: [] }] },
    ];
    for (const fields of conflicting) expect(refusal({ from: FROM, to: TO, ...fields }).code, JSON.stringify(fields)).toBe('INVALID_TRANSACTION');
  });

  it('data and input are one field (both different refused), as are gas and gasLimit', () => {
    expect(bytesToHex(parseTransactionRequest({ from: FROM, to: TO, input: '0xAB', data: '0xab' }).data)).toBe('0xab');
    expect(bytesToHex(parseTransactionRequest({ from: FROM, to: TO, input: '0xab' }).data)).toBe('0xab');
    expect(refusal({ from: FROM, to: TO, input: '0xab', data: '0xac' }).shortMessage).toBe('both "input" and "data" are set and not equal');
    expect(parseTransactionRequest({ from: FROM, to: TO, gas: '0x5208', gasLimit: '0x005208' }).gasLimit).toBe(21000n);
    expect(parseTransactionRequest({ from: FROM, to: TO, gasLimit: '0x5208' }).gasLimit).toBe(21000n);
    expect(refusal({ from: FROM, to: TO, gas: '0x5208', gasLimit: '0x5209' }).code).toBe('INVALID_TRANSACTION');
  });

  it('refuses blob and set-code transactions, saying so', () => {
    for (const [fields, eip] of [
      [{ blobs: ['0x00'] }, 'EIP-4844'],
      [{ blobVersionedHashes: ['0x01' + '00'.repeat(31)] }, 'EIP-4844'],
      [{ maxFeePerBlobGas: '0x1' }, 'EIP-4844'],
      [{ type: '0x3' }, 'EIP-4844'],
      [{ authorizationList: [] }, 'EIP-7702'],
      [{ type: '0x4' }, 'EIP-7702'],
    ] as const) {
      const err = refusal({ from: FROM, to: TO, ...fields });
      expect(err.code).toBe('INVALID_TRANSACTION');
      expect(err.message).toContain(eip);
    }
    expect(refusal({ from: FROM, to: TO, type: '0x5' }).code).toBe('INVALID_TRANSACTION');
  });

  it('bounds every quantity by its width', () => {
    const max256 = '0x' + 'f'.repeat(64);
    expect(parseTransactionRequest({ from: FROM, to: TO, value: max256 }).value).toBe((1n << 256n) - 1n);
    expect(parseTransactionRequest({ from: FROM, to: TO, nonce: '0xfffffffffffffffe' }).nonce).toBe((1n << 64n) - 2n);
    expect(parseTransactionRequest({ from: FROM, to: TO, gas: '0xffffffffffffffff' }).gasLimit).toBe((1n << 64n) - 1n);
    const outOfRange: Record<string, unknown>[] = [
      { value: '0x1' + '0'.repeat(64) },
      { maxFeePerGas: '0x1' + '0'.repeat(64) },
      { gasPrice: '0x1' + '0'.repeat(64) },
      { gas: '0x10000000000000000' },
      { nonce: '0xffffffffffffffff' },
      { chainId: '0x10000000000000000' },
      { chainId: '0x0' },
      { value: '0x' + '0'.repeat(10_000_000) },
      { data: '0x' + '00'.repeat(128 * 1024 + 1) },
    ];
    for (const fields of outOfRange) expect(refusal({ from: FROM, to: TO, ...fields }).code, Object.keys(fields)[0]).toBe('INVALID_TRANSACTION');
  });

  it('refuses what is not strictly hex or not an address', () => {
    const malformed: Record<string, unknown>[] = [
      { value: 1 },
      { value: '1000' },
      { value: '0x' },
      { value: '0xg' },
      { value: ' 0x1' },
      { nonce: 1n },
      { data: '0xabc' },
      { data: 'hello' },
      { to: '0x1234' },
      { to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' },
      { to: '' },
      { accessList: {} },
      { accessList: [{ address: TO, storageKeys: ['0x01'] }] },
      { accessList: [{ address: '0x00', storageKeys: [] }] },
      { accessList: [null] },
    ];
    for (const fields of malformed) expect(refusal({ from: FROM, to: TO, ...fields }).code, JSON.stringify(fields, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).toBe('INVALID_TRANSACTION');
    expect(refusal({ to: TO }).message).toContain('"from" is required');
    expect(refusal({ from: FROM }).message).toContain('contract creation');
    expect(refusal({ from: FROM, to: null, data: '0x' }).code).toBe('INVALID_TRANSACTION');
    for (const params of [null, 'tx', [], [{}, {}], 5, [null]]) expect(refusal(params).code).toBe('INVALID_TRANSACTION');
  });

  it('a creation carries its code; to is not fixed', () => {
    const req = parseTransactionRequest({ from: FROM, data: '0x6000', gasPrice: '0x1' });
    expect(req.to).toBeNull();
    expect(req.fixed).toEqual(['data', 'gasPrice']);
  });

  it('ignores unknown fields and reads only own properties', () => {
    const req = parseTransactionRequest({ from: FROM, to: TO, id: 5, chain: { id: 1 }, jsonrpc: '2.0' });
    expect(req.fixed).toEqual(['to']);
    const inherited = Object.create({ value: '0x5' }) as Record<string, unknown>;
    Object.assign(inherited, { from: FROM, to: TO });
    expect(parseTransactionRequest(inherited).value).toBe(0n);
  });

  it('property: any JSON gives a request or a WalletError INVALID_TRANSACTION, never another throw', () => {
    const hexish = fc.oneof(
      fc.constantFrom('0x', '0x0', '0x00', '0x1', FROM, TO, '0x' + 'f'.repeat(64), '0x' + 'f'.repeat(65), '0xabc', ''),
      fc.bigInt({ min: 0n, max: 1n << 260n }).map((v) => '0x' + v.toString(16)),
      fc.uint8Array({ maxLength: 40 }).map(bytesToHex),
    );
    const value = fc.oneof(hexish, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    const fields = ['from', 'to', 'value', 'data', 'input', 'gas', 'gasLimit', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'nonce', 'chainId', 'type', 'accessList', 'blobs', 'authorizationList'];
    const accessListValue = fc.array(fc.record({ address: fc.oneof(hexish, fc.jsonValue()), storageKeys: fc.oneof(fc.array(hexish, { maxLength: 3 }), fc.jsonValue()) }, { requiredKeys: [] }), { maxLength: 3 });
    const request = fc.dictionary(fc.constantFrom(...fields), fc.oneof(value, accessListValue), { maxKeys: 10 });
    fc.assert(
      fc.property(fc.oneof(request, fc.jsonValue(), fc.anything(), request.map((r) => [r])), (params) => {
        try {
          const req = parseTransactionRequest(params);
          expect([0, 1, 2]).toContain(req.type);
        } catch (err) {
          if (!(err instanceof WalletError) || err.code !== 'INVALID_TRANSACTION') throw err;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

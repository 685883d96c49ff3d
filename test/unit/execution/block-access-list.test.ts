import { createBlockLevelAccessList } from '@ethereumjs/util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import {
  accountChangeIn,
  blockAccessListHash,
  encodeBlockAccessList,
  parseBlockAccessList,
  verifyBlockAccessList,
} from '../../../src/execution/block/access-list.ts';
import type { BlockHeader } from '../../../src/execution/header.ts';
import { blockAccessListJson } from '../../../src/devnet/execution/node/bal-json.ts';
import { errorCode } from './helpers.ts';

const A = `0x${'11'.repeat(20)}` as const;
const B = `0x${'fe'.repeat(19)}ff` as const;
const word = (n: bigint) => bytesToHex(hexToBytes('0x' + n.toString(16).padStart(64, '0')));

/** A list with one of everything: A's balance and nonce changed twice, a slot written twice, one read; B only touched. */
function sample() {
  return [
    {
      address: A,
      storageChanges: [{ key: word(0n), changes: [{ index: '0x1', value: word(7n) }, { index: '0x3', value: word(0n) }] }, { key: word(5n), changes: [{ index: '0x2', value: word(9n) }] }],
      storageReads: [word(1n)],
      balanceChanges: [{ index: '0x1', value: '0x64' }, { index: '0x2', value: '0x32' }],
      nonceChanges: [{ index: '0x1', value: '0x1' }],
      codeChanges: [{ index: '0x1', code: '0x6000' }],
    },
    { address: B, storageChanges: [], storageReads: [], balanceChanges: [], nonceChanges: [], codeChanges: [] },
  ];
}

function header(hash: Uint8Array | undefined): BlockHeader {
  return { number: 42n, ...(hash ? { blockAccessListHash: hash } : {}) } as BlockHeader;
}

describe('block access list (EIP-7928)', () => {
  it('encodes to the RLP ethereumjs encodes, integers minimal (keys and values as integers)', () => {
    const bal = createBlockLevelAccessList();
    bal.addBalanceChange(A, 100n, 1);
    bal.addBalanceChange(A, 50n, 2);
    bal.addNonceChange(A, 1n, 1);
    bal.addStorageWrite(A, hexToBytes(word(0n)), bigIntToBytes(7n), 1, new Uint8Array(0));
    bal.addStorageWrite(A, hexToBytes(word(5n)), bigIntToBytes(9n), 2, new Uint8Array(0));
    bal.addStorageRead(A, hexToBytes(word(1n)));
    bal.addCodeChange(A, hexToBytes('0x6000'), 1);
    bal.addAddress(B);
    const ours = parseBlockAccessList(blockAccessListJson(bal));
    expect(bytesToHex(encodeBlockAccessList(ours))).toBe(bytesToHex(bal.serialize()));
    expect(bytesToHex(blockAccessListHash(ours))).toBe(bytesToHex(bal.hash()));
  });

  it('the empty list is rlp([]) = 0xc0, its hash keccak256(0xc0)', () => {
    expect(bytesToHex(encodeBlockAccessList([]))).toBe('0xc0');
    expect(bytesToHex(blockAccessListHash([]))).toBe(bytesToHex(keccak256(Uint8Array.of(0xc0))));
    expect(bytesToHex(blockAccessListHash([]))).toBe(bytesToHex(createBlockLevelAccessList().hash()));
  });

  it('hashes as ethereumjs does for any list ethereumjs builds (property, 200 lists)', () => {
    const address = fc.constantFrom<`0x${string}`>(A, B, `0x${'00'.repeat(19)}01`, `0x${'ab'.repeat(20)}`);
    const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('balance' as const), address, value: u256, index: fc.nat(300) }),
      fc.record({ kind: fc.constant('nonce' as const), address, value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), index: fc.nat(300) }),
      fc.record({ kind: fc.constant('write' as const), address, key: u256, value: fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), index: fc.nat(300) }),
      fc.record({ kind: fc.constant('read' as const), address, key: u256 }),
      fc.record({ kind: fc.constant('code' as const), address, code: fc.uint8Array({ maxLength: 64 }), index: fc.nat(300) }),
      fc.record({ kind: fc.constant('touch' as const), address }),
    );
    const key = (k: bigint) => hexToBytes(word(k));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 24 }), (ops) => {
        const bal = createBlockLevelAccessList();
        for (const o of ops) {
          if (o.kind === 'balance') bal.addBalanceChange(o.address, o.value, o.index);
          else if (o.kind === 'nonce') bal.addNonceChange(o.address, o.value, o.index);
          else if (o.kind === 'write') bal.addStorageWrite(o.address, key(o.key), bigIntToBytes(o.value), o.index, new Uint8Array(0));
          else if (o.kind === 'read') bal.addStorageRead(o.address, key(o.key));
          else if (o.kind === 'code') bal.addCodeChange(o.address, o.code, o.index);
          else bal.addAddress(o.address);
        }
        const json = JSON.parse(JSON.stringify(blockAccessListJson(bal)));
        expect(bytesToHex(blockAccessListHash(parseBlockAccessList(json)))).toBe(bytesToHex(bal.hash()));
      }),
      { numRuns: 200, seed: 7928 },
    );
  });

  it('verifies against the header, and refuses any change to the answer with BLOCK_ACCESS_LIST_HASH_MISMATCH', () => {
    const h = header(blockAccessListHash(parseBlockAccessList(sample())));
    expect(verifyBlockAccessList(h, new Uint8Array(32), sample()).accounts).toHaveLength(2);
    const tamper = (fn: (json: ReturnType<typeof sample>) => void) => {
      const json = sample();
      fn(json);
      try {
        verifyBlockAccessList(h, new Uint8Array(32), json);
        return 'accepted';
      } catch (err) {
        return err instanceof VerificationError ? err.code : String(err);
      }
    };
    expect(tamper((j) => (j[0]!.balanceChanges[1]!.value = '0x33'))).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => (j[0]!.storageChanges[0]!.changes[1]!.index = '0x2'))).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => j[0]!.storageReads.pop())).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => j.pop())).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => j.reverse())).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => (j[0]!.codeChanges[0]!.code = '0x6001'))).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    expect(tamper((j) => (j[1]!.address = `0x${'fe'.repeat(20)}`))).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
    const err = (() => {
      try {
        verifyBlockAccessList(header(new Uint8Array(32)), new Uint8Array(32), sample());
      } catch (e) {
        return e as VerificationError;
      }
    })();
    expect(err?.message).toBe(
      `the block access list of block 42 does not hash to its header's blockAccessListHash: expected 0x${'00'.repeat(32)}, got ${bytesToHex(blockAccessListHash(parseBlockAccessList(sample())))}`,
    );
  });

  it('a header without blockAccessListHash (before Amsterdam) has no list: InputError', () => {
    expect(() => verifyBlockAccessList(header(undefined), new Uint8Array(32), [])).toThrow(InputError);
    expect(() => verifyBlockAccessList(header(undefined), new Uint8Array(32), [])).toThrow('block 42 has no blockAccessListHash');
  });

  it('refuses malformed answers with InputError, naming the member', () => {
    const bad = (fn: (json: any) => void) => {
      const json: any = sample();
      fn(json);
      return errorCode(() => parseBlockAccessList(json));
    };
    expect(errorCode(() => parseBlockAccessList({}))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseBlockAccessList(null))).toBe('INVALID_INPUT');
    expect(bad((j) => delete j[1].storageReads)).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].address = '0x1234'))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].storageChanges[0].key = '0x01'))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].storageChanges[0].changes[0].value = 7))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].balanceChanges[0].value = '0x'))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].balanceChanges[0].value = '0x1' + '0'.repeat(64)))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].nonceChanges[0].value = '0x1' + '0'.repeat(16)))).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].nonceChanges[0].index = '0x100000000'))).toBe('INVALID_INPUT');
    expect(bad((j) => delete j[0].codeChanges[0].code)).toBe('INVALID_INPUT');
    expect(bad((j) => (j[0].codeChanges[0].code = '0x600'))).toBe('INVALID_INPUT');
    expect(() => parseBlockAccessList([{ address: A }])).toThrow('"blockAccessList[0].storageChanges" expected an array');
  });

  it('answers whether an account (and which slots) changed, and to what', () => {
    const bal = verifyBlockAccessList(header(blockAccessListHash(parseBlockAccessList(sample()))), new Uint8Array(32), sample());
    const a = accountChangeIn(bal, A.toUpperCase().replace('0X', '0x'));
    expect(a).toMatchObject({ accessed: true, changed: true, balance: 0x32n, nonce: 1n });
    expect(bytesToHex(a.code!)).toBe('0x6000');
    expect([...a.storage]).toEqual([[0n, 0n], [5n, 9n]]);
    expect([...accountChangeIn(bal, A, [5n, 1n]).storage]).toEqual([[5n, 9n]]);
    // Touched only: listed, nothing changed.
    expect(accountChangeIn(bal, hexToBytes(B))).toEqual({ accessed: true, changed: false, storage: new Map() });
    // Not listed: the block did not change it.
    expect(accountChangeIn(bal, '0x' + '22'.repeat(20))).toEqual({ accessed: false, changed: false, storage: new Map() });
    expect(errorCode(() => accountChangeIn(bal, '0x1234'))).toBe('INVALID_INPUT');
  });
});

import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { VigilError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import {
  decodeTransaction,
  encodeRawTransaction,
  encodeTransaction,
  parseRpcTransaction,
  recoverSender,
  signingHash,
  type Transaction,
  transactionHash,
  transactionsRoot,
  transactionToJson,
  verifyTransactionsRoot,
} from '../../../src/execution/transactions.ts';
import { errorCode, fixture, io, testChain } from './helpers.ts';

const sepolia = [fixture('sepolia-proofs/eth_getBlock_with_no_accessList.json'), fixture('sepolia-proofs/eth_getBalance_eoa.json')];
/** Real blocks with full transactions: mainnet (Homestead, London, Paris) and sepolia (Shanghai). */
const FULL_BLOCKS: [string, any][] = [
  ['mainnet 2,000,004', fixture('ethereumjs-blocks/mainnet-2000004.json')],
  ['mainnet 14,151,203', fixture('ethereumjs-blocks/mainnet-14151203.json')],
  ['mainnet 15,571,241', fixture('ethereumjs-blocks/mainnet-15571241.json')],
  ['sepolia 3,287,882', sepolia[0].execution.block],
  ['sepolia 3,445,383', sepolia[1].execution.block],
];

describe('transactions', () => {
  it.each(FULL_BLOCKS)("%s: every transaction re-encodes to its hash and the block's transactionsRoot; every sender is the node's from", (_, block) => {
    const encoded = block.transactions.map((json: any) => {
      const { tx, claims } = parseRpcTransaction(json);
      const bytes = encodeTransaction(tx);
      expect(bytesToHex(keccak256(bytes))).toBe(json.hash);
      expect(bytesToHex(claims.hash!)).toBe(json.hash);
      expect(bytesToHex(recoverSender(tx))).toBe(json.from.toLowerCase());
      expect(decodeTransaction(bytes)).toEqual(tx);
      return bytes;
    });
    expect(bytesToHex(transactionsRoot(encoded))).toBe(block.transactionsRoot);
    verifyTransactionsRoot(hexToBytes(block.transactionsRoot), encoded);
  });

  it("decodes the beacon payload's raw transactions to the fields the execution node printed", () => {
    for (const fx of sepolia) {
      const payload: string[] = fx.beacon.executionPayload.transactions;
      expect(payload).toHaveLength(fx.execution.block.transactions.length);
      payload.forEach((raw, i) => {
        const tx = decodeTransaction(hexToBytes(raw));
        expect(tx).toEqual(parseRpcTransaction(fx.execution.block.transactions[i]).tx);
        expect(bytesToHex(encodeTransaction(tx))).toBe(raw);
      });
    }
  });

  it('the execution-apis chain: all five types re-encode, root and recover', () => {
    const types = new Set<number>();
    for (const block of testChain()) {
      verifyTransactionsRoot(block.header.transactionsRoot, block.transactions.map((t) => t.encoded));
      for (const t of block.transactions) {
        types.add(t.tx.type);
        expect(bytesToHex(encodeTransaction(t.tx))).toBe(bytesToHex(t.encoded));
      }
    }
    expect([...types].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    'get-legacy-tx', 'get-legacy-create', 'get-legacy-input', 'get-access-list', 'get-dynamic-fee', 'get-blob-tx', 'get-setcode-tx',
  ])('prints %s exactly as geth does', (name) => {
    const expected = io(`eth_getTransactionByHash/${name}.io`).response.result;
    const block = testChain()[Number(expected.blockNumber) - 1]!;
    const index = Number(expected.transactionIndex);
    const t = block.transactions[index]!;
    expect(bytesToHex(t.hash)).toBe(expected.hash);
    const printed = transactionToJson(t.tx, t.hash, t.from!, {
      blockHash: block.hash,
      blockNumber: block.header.number,
      blockTimestamp: block.header.timestamp,
      transactionIndex: index,
      baseFeePerGas: block.header.baseFeePerGas,
    });
    expect(JSON.stringify(printed)).toBe(JSON.stringify(expected));
    // What Vigil prints, it reads back to the same transaction.
    expect(parseRpcTransaction(printed).tx).toEqual(t.tx);
  });

  it('reads debug_getRawTransaction bytes', () => {
    const { request, response } = io('debug_getRawTransaction/get-tx.io');
    const tx = decodeTransaction(hexToBytes(response.result));
    expect(bytesToHex(transactionHash(tx))).toBe(request.params[0]);
    expect(bytesToHex(encodeTransaction(tx))).toBe(response.result);
  });

  it("passes the EIP-155 test vectors (ethereum/tests' Vitalik vectors, as ethereumjs carries them)", () => {
    const vectors: any[] = fixture('ethereumjs-blocks/eip155-vitalik-tests.json');
    expect(vectors.length).toBeGreaterThan(10);
    for (const v of vectors) {
      // `hash` there is the signing hash (EIP-155: chainId, 0, 0 appended).
      const tx = decodeTransaction(hexToBytes(v.rlp));
      expect(bytesToHex(signingHash(tx))).toBe('0x' + v.hash);
      expect(bytesToHex(encodeTransaction(tx))).toBe(v.rlp);
      expect(bytesToHex(recoverSender(tx))).toBe('0x' + v.sender);
    }
  });

  it('refuses signatures without a sender: high s (EIP-2), r or s out of range, bad v or y-parity', () => {
    const { tx } = parseRpcTransaction(FULL_BLOCKS[2]![1].transactions.find((t: any) => t.type === '0x2'));
    const legacy = parseRpcTransaction(FULL_BLOCKS[2]![1].transactions.find((t: any) => t.type === '0x0')).tx;
    const n = secp256k1.Point.CURVE().n;
    const refused = (t: Transaction) => errorCode(() => recoverSender(t));
    expect(refused({ ...tx, s: n - tx.s })).toBe('TRANSACTION_SIGNATURE_INVALID');
    expect(refused({ ...tx, r: 0n })).toBe('TRANSACTION_SIGNATURE_INVALID');
    expect(refused({ ...tx, r: n })).toBe('TRANSACTION_SIGNATURE_INVALID');
    expect(refused({ ...tx, s: 0n })).toBe('TRANSACTION_SIGNATURE_INVALID');
    expect(refused({ ...tx, yParity: 2 } as Transaction)).toBe('TRANSACTION_SIGNATURE_INVALID');
    expect(refused({ ...legacy, v: 29n } as Transaction)).toBe('TRANSACTION_SIGNATURE_INVALID');
    // A signature over other fields recovers someone else: never the claimed sender.
    expect(bytesToHex(recoverSender({ ...tx, value: tx.value + 1n }))).not.toBe(bytesToHex(recoverSender(tx)));
  });

  it('refuses malformed JSON and unknown types', () => {
    const json = FULL_BLOCKS[2]![1].transactions[0];
    expect(errorCode(() => parseRpcTransaction({ ...json, type: '0x7f' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcTransaction({ ...json, nonce: '0x' + 'f'.repeat(17) }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcTransaction({ ...json, to: '0x1234' }))).toBe('INVALID_INPUT');
    const typed = FULL_BLOCKS[2]![1].transactions.find((t: any) => t.type === '0x2');
    expect(errorCode(() => parseRpcTransaction({ ...typed, yParity: '0x1', v: '0x0' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcTransaction({ ...typed, v: '0x1c' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcTransaction({ ...json, type: '0x3', to: null, maxFeePerBlobGas: '0x1', blobVersionedHashes: [] }))).toBe('INVALID_INPUT');
    expect(errorCode(() => decodeTransaction(Uint8Array.of(0x05, 0xc0)))).toBe('INVALID_INPUT');
    expect(errorCode(() => decodeTransaction(Uint8Array.of(0x02, 0x80)))).toBe('RLP_UNEXPECTED_TYPE');
    expect(errorCode(() => decodeTransaction(new Uint8Array()))).toBe('INVALID_INPUT');
    // The devnet's encoder is this one.
    expect(bytesToHex(encodeRawTransaction(json))).toBe(bytesToHex(encodeTransaction(parseRpcTransaction(json).tx)));
  });
});

describe('transactions (properties)', () => {
  const u = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
  const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
  const accessList = fc.array(fc.record({ address: bytes(20), storageKeys: fc.array(bytes(32), { maxLength: 3 }) }), { maxLength: 3 });
  const common = {
    nonce: u(64), gas: u(64), value: u(256), input: fc.uint8Array({ maxLength: 100 }), chainId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  };
  /** Unsigned transactions of every type (signature filled in by `sign`). */
  const arbUnsigned: fc.Arbitrary<Transaction> = fc.oneof(
    fc.record({ ...common, protected: fc.boolean(), gasPrice: u(256), to: fc.option(bytes(20), { nil: null }) }).map(({ chainId, protected: p, ...f }) => ({
      type: 0 as const, ...f, v: p ? chainId * 2n + 35n : 27n, r: 0n, s: 0n,
    })),
    fc.record({ ...common, gasPrice: u(256), to: fc.option(bytes(20), { nil: null }), accessList }).map((f) => ({ type: 1 as const, ...f, yParity: 0, r: 0n, s: 0n })),
    fc.record({ ...common, maxPriorityFeePerGas: u(256), maxFeePerGas: u(256), to: fc.option(bytes(20), { nil: null }), accessList }).map((f) => ({
      type: 2 as const, ...f, yParity: 0, r: 0n, s: 0n,
    })),
    fc.record({ ...common, maxPriorityFeePerGas: u(256), maxFeePerGas: u(256), to: bytes(20), accessList, maxFeePerBlobGas: u(256), blobVersionedHashes: fc.array(bytes(32), { maxLength: 6 }) }).map((f) => ({
      type: 3 as const, ...f, yParity: 0, r: 0n, s: 0n,
    })),
    fc.record({
      ...common, maxPriorityFeePerGas: u(256), maxFeePerGas: u(256), to: bytes(20), accessList,
      authorizationList: fc.array(fc.record({ chainId: u(256), address: bytes(20), nonce: u(64), yParity: fc.nat(255), r: u(256), s: u(256) }), { maxLength: 3 }),
    }).map((f) => ({ type: 4 as const, ...f, yParity: 0, r: 0n, s: 0n })),
  );

  function sign(tx: Transaction, key: Uint8Array): Transaction {
    const sig = secp256k1.Signature.fromBytes(secp256k1.sign(signingHash(tx), key, { prehash: false, format: 'recovered' }), 'recovered');
    const recovery = sig.recovery!;
    if (tx.type === 0) return { ...tx, v: tx.v === 27n ? 27n + BigInt(recovery) : tx.v + BigInt(recovery), r: sig.r, s: sig.s };
    return { ...tx, yParity: recovery, r: sig.r, s: sig.s };
  }
  const arbKey = bytes(32).filter((k) => {
    try {
      secp256k1.getPublicKey(k);
      return true;
    } catch {
      return false;
    }
  });

  it('round-trip every type through bytes and JSON, and recover the signer', () => {
    fc.assert(
      fc.property(arbUnsigned, arbKey, (unsigned, key) => {
        const tx = sign(unsigned, key);
        const encoded = encodeTransaction(tx);
        expect(decodeTransaction(encoded)).toEqual(tx);
        const signer = keccak256(secp256k1.getPublicKey(key, false).subarray(1)).slice(12);
        expect(bytesToHex(recoverSender(tx))).toBe(bytesToHex(signer));
        const json = transactionToJson(tx, keccak256(encoded), signer);
        expect(parseRpcTransaction(json).tx).toEqual(tx);
      }),
      { numRuns: 200 },
    );
  });

  it('refuse or re-read exactly any changed byte; the sender of a changed transaction is never the signer', () => {
    const real = testChain().flatMap((b) => b.transactions);
    fc.assert(
      fc.property(fc.nat(real.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, delta) => {
        const { encoded, from } = real[which]!;
        const changed = encoded.slice();
        changed[at % changed.length] = changed[at % changed.length]! ^ delta;
        let tx: Transaction;
        try {
          tx = decodeTransaction(changed);
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
          return;
        }
        expect(bytesToHex(encodeTransaction(tx))).toBe(bytesToHex(changed));
        try {
          expect(bytesToHex(recoverSender(tx))).not.toBe(bytesToHex(from!));
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never crash on arbitrary bytes or JSON', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 5 }), (body, type) => {
        const input = type === 0 ? body : Uint8Array.of(type, ...body);
        try {
          const tx = decodeTransaction(input);
          expect(bytesToHex(encodeTransaction(tx))).toBe(bytesToHex(input));
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
    );
    const json = io('eth_getTransactionByHash/get-setcode-tx.io').response.result;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(json)), fc.anything(), (key, junk) => {
        try {
          parseRpcTransaction({ ...json, [key]: junk });
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
    );
  });
});

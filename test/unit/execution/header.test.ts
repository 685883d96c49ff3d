import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { VigilError } from '../../../src/core/errors.ts';
import {
  type BlockHeader,
  decodeHeader,
  EMPTY_OMMERS_HASH,
  encodeHeader,
  headerHash,
  headerToJson,
  parseRpcHeader,
  verifyHeaderHash,
} from '../../../src/execution/header.ts';
import { errorCode, fixture, io, TEST_CHAIN_HEAD, testChain } from './helpers.ts';

/** Real block objects, one per header shape: Frontier to Osaka/BPO2. */
const REAL_BLOCKS: [string, any][] = [
  ['mainnet 2,000,004 (Homestead)', fixture('ethereumjs-blocks/mainnet-2000004.json')],
  ['mainnet 14,151,203 (London)', fixture('ethereumjs-blocks/mainnet-14151203.json')],
  ['mainnet 15,571,241 (Paris)', fixture('ethereumjs-blocks/mainnet-15571241.json')],
  ['goerli 8,705,029 (Shanghai)', fixture('ethereumjs-blocks/goerli-8705029.json')],
  ['sepolia 3,287,882 (Shanghai)', fixture('sepolia-proofs/eth_getBlock_with_no_accessList.json').execution.block],
  ['sepolia 3,445,383 (Shanghai)', fixture('sepolia-proofs/eth_getBalance_eoa.json').execution.block],
  ['mainnet 21,925,176 (Cancun)', fixture('mainnet-proofs/block.json')],
  ['test chain genesis', io('eth_getBlockByNumber/get-genesis.io').response.result],
  ['test chain London', io('eth_getBlockByNumber/get-block-london-fork.io').response.result],
  ['test chain merge', io('eth_getBlockByNumber/get-block-merge-fork.io').response.result],
  ['test chain Shanghai', io('eth_getBlockByNumber/get-block-shanghai-fork.io').response.result],
  ['test chain Cancun', io('eth_getBlockByNumber/get-block-cancun-fork.io').response.result],
  ['test chain Prague', io('eth_getBlockByNumber/get-block-prague-fork.io').response.result],
  ['test chain Osaka/BPO2 head', io('eth_getBlockByNumber/get-latest.io').response.result],
];

const HEADER_KEYS = [
  'parentHash', 'sha3Uncles', 'miner', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'logsBloom', 'difficulty', 'number', 'gasLimit',
  'gasUsed', 'timestamp', 'extraData', 'mixHash', 'nonce', 'baseFeePerGas', 'withdrawalsRoot', 'blobGasUsed', 'excessBlobGas',
  'parentBeaconBlockRoot', 'requestsHash', 'blockAccessListHash', 'slotNumber',
] as const;

describe('execution header', () => {
  it.each(REAL_BLOCKS)('%s hashes to its block hash and prints back as the node printed it', (_, block) => {
    const { header, hash } = parseRpcHeader(block);
    expect(bytesToHex(headerHash(header))).toBe(block.hash);
    expect(bytesToHex(verifyHeaderHash(header, hash!))).toBe(block.hash);
    const printed = headerToJson(header, hash!);
    const expected = Object.fromEntries(['hash', ...HEADER_KEYS].filter((k) => block[k] !== undefined).map((k) => [k, block[k]]));
    expect(printed).toEqual(expected);
    expect(bytesToHex(encodeHeader(decodeHeader(encodeHeader(header))))).toBe(bytesToHex(encodeHeader(header)));
  });

  it('decodes the 54 headers of the execution-apis chain, each linking to its parent, up to the head the chain names', () => {
    const blocks = testChain();
    expect(blocks).toHaveLength(54);
    const genesis = io('eth_getBlockByNumber/get-genesis.io').response.result.hash;
    blocks.forEach((b, i) => {
      expect(b.header.number).toBe(BigInt(i + 1));
      expect(bytesToHex(b.header.parentHash)).toBe(i === 0 ? genesis : bytesToHex(blocks[i - 1]!.hash));
    });
    expect(bytesToHex(blocks.at(-1)!.hash)).toBe(TEST_CHAIN_HEAD);
    // Fork fields appear in order: 15 (Frontier), 16 (London), 17 (Shanghai), 20 (Cancun), 21 (Prague).
    expect(new Set(blocks.map((b) => Object.keys(b.header).length))).toEqual(new Set([15, 16, 17, 20, 21]));
  });

  it('reads debug_getRawHeader bytes and re-encodes them unchanged', () => {
    const { request, response } = io('debug_getRawHeader/get-block-n.io');
    const raw = hexToBytes(response.result);
    const header = decodeHeader(raw);
    expect(header.number).toBe(BigInt(request.params[0]));
    expect(bytesToHex(encodeHeader(header))).toBe(response.result);
    expect(bytesToHex(headerHash(header))).toBe(bytesToHex(testChain()[Number(header.number) - 1]!.hash));
  });

  it('knows the empty ommers hash every post-merge header carries', () => {
    expect(bytesToHex(EMPTY_OMMERS_HASH)).toBe('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347');
  });

  it('refuses fork fields out of fork order, and malformed fields', () => {
    const cancun = io('eth_getBlockByNumber/get-block-cancun-fork.io').response.result;
    const { withdrawalsRoot: _, ...noWithdrawals } = cancun;
    expect(errorCode(() => parseRpcHeader(noWithdrawals))).toBe('INVALID_INPUT');
    const prague = io('eth_getBlockByNumber/get-block-prague-fork.io').response.result;
    expect(errorCode(() => parseRpcHeader({ ...prague, parentBeaconBlockRoot: null }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader({ ...prague, logsBloom: '0x00' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader({ ...prague, number: '0x' + '1'.repeat(17) }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader({ ...prague, nonce: '0x00' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader({ ...prague, extraData: '0x' + '00'.repeat(2000) }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseRpcHeader(null))).toBe('INVALID_INPUT');
    const { header } = parseRpcHeader(prague);
    expect(errorCode(() => encodeHeader({ ...header, parentBeaconBlockRoot: undefined } as BlockHeader))).toBe('INVALID_INPUT');
  });

  it('refuses any changed field (property)', () => {
    const headers = REAL_BLOCKS.map(([, b]) => parseRpcHeader(b));
    fc.assert(
      fc.property(fc.nat(headers.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, fieldPick, delta) => {
        const { header, hash } = headers[which]!;
        const keys = HEADER_KEYS.filter((k) => header[k] !== undefined);
        const key = keys[fieldPick % keys.length]!;
        const value = header[key]!;
        const changed =
          typeof value === 'bigint'
            ? value + BigInt(delta)
            : value.length === 0
              ? Uint8Array.of(delta)
              : value.map((b, i) => (i === fieldPick % value.length ? b ^ delta : b));
        expect(errorCode(() => verifyHeaderHash({ ...header, [key]: changed }, hash!))).toBe('HEADER_HASH_MISMATCH');
      }),
    );
  });

  it('round-trips any header of any fork through its RLP (property)', () => {
    const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    const arbHeader = fc
      .record({
        parentHash: bytes(32), sha3Uncles: bytes(32), miner: bytes(20), stateRoot: bytes(32), transactionsRoot: bytes(32),
        receiptsRoot: bytes(32), logsBloom: bytes(256), difficulty: u256, number: u64, gasLimit: u64, gasUsed: u64, timestamp: u64,
        extraData: fc.uint8Array({ maxLength: 32 }), mixHash: bytes(32), nonce: bytes(8), baseFeePerGas: u256, withdrawalsRoot: bytes(32),
        blobGasUsed: u64, excessBlobGas: u64, parentBeaconBlockRoot: bytes(32), requestsHash: bytes(32),
        blockAccessListHash: bytes(32), slotNumber: u64,
      })
      .chain((full) =>
        fc.integer({ min: 15, max: 23 }).map((fields) => {
          const h: Record<string, unknown> = {};
          HEADER_KEYS.slice(0, fields).forEach((k) => (h[k] = full[k]));
          return h as unknown as BlockHeader;
        }),
      );
    fc.assert(
      fc.property(arbHeader, (header) => {
        const encoded = encodeHeader(header);
        const decoded = decodeHeader(encoded);
        expect(decoded).toEqual(header);
        expect(bytesToHex(encodeHeader(decoded))).toBe(bytesToHex(encoded));
        expect(parseRpcHeader(headerToJson(header, headerHash(header))).header).toEqual(header);
      }),
    );
  });

  it('never crashes on malformed RLP or JSON (property)', () => {
    const real = encodeHeader(parseRpcHeader(REAL_BLOCKS.at(-1)![1]).header);
    fc.assert(
      fc.property(fc.nat(real.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(real.length), (at, delta, cut) => {
        const changed = real.slice(0, Math.max(1, cut));
        if (at < changed.length) changed[at] = changed[at]! ^ delta;
        try {
          const header = decodeHeader(changed);
          expect(bytesToHex(encodeHeader(header))).toBe(bytesToHex(changed));
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
    );
    const block = REAL_BLOCKS.at(-1)![1];
    fc.assert(
      fc.property(fc.constantFrom(...HEADER_KEYS, 'hash'), fc.anything(), (key, junk) => {
        try {
          parseRpcHeader({ ...block, [key]: junk });
        } catch (err) {
          expect(err).toBeInstanceOf(VigilError);
        }
      }),
    );
  });
});

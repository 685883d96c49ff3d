/**
 * The chain methods' block and log parameters, read as nodes read them; a malformed one is an
 * InputError in the nodes' words (the provider answers it -32602; test/unit/provider covers that).
 */
import { describe, expect, it } from 'vitest';
import { blockRefParam, blockTagParam, logQueryParam, uint64Param } from '../../../../src/client/verified/chain-params.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError } from '../../../../src/core/errors.ts';

const HASH = '0x' + 'ab'.repeat(32);
const inputError = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.shortMessage;
    throw err;
  }
  throw new Error('accepted');
};

describe('block parameters', () => {
  it('reads tags, 0x numbers, hashes and EIP-1898 objects', () => {
    expect(blockTagParam('finalized')).toBe('finalized');
    expect(blockTagParam('0x00a')).toEqual({ number: 10n });
    expect(blockRefParam({ blockNumber: '0x1' })).toEqual({ number: 1n });
    expect(bytesToHex((blockRefParam({ blockHash: HASH }) as { hash: Uint8Array }).hash)).toBe(HASH);
    expect(bytesToHex((blockRefParam(HASH) as { hash: Uint8Array }).hash)).toBe(HASH);
    expect(uint64Param('0x' + '0'.repeat(10) + 'f'.repeat(16), 'index')).toBe(2n ** 64n - 1n);
  });

  it('refuses what nodes refuse, naming it', () => {
    expect(inputError(() => blockTagParam('next'))).toMatch(/^block expected a block number or one of latest/);
    expect(inputError(() => uint64Param('0x1' + '0'.repeat(16), 'index'))).toMatch(/^index expected a 0x-hex quantity/);
    expect(inputError(() => blockRefParam({ blockHash: HASH, blockNumber: '0x1' }))).toBe('expected exactly one of blockNumber and blockHash');
  });
});

describe('logQueryParam', () => {
  it('reads a range (tags or numbers) or a block hash, with the filter', () => {
    const query = logQueryParam({ fromBlock: '0x1', toBlock: 'latest', address: '0x' + '11'.repeat(20) });
    expect(query).toMatchObject({ fromBlock: 1n, toBlock: 'latest' });
    expect(query.filter.addresses.map(bytesToHex)).toEqual(['0x' + '11'.repeat(20)]);
    expect(bytesToHex(logQueryParam({ blockHash: HASH, fromBlock: null }).blockHash!)).toBe(HASH);
    expect(logQueryParam({})).toEqual({ filter: { addresses: [], topics: [] } });
  });

  it('refuses a filter that is not an object, both a hash and a range, a reversed range, a bad filter member', () => {
    expect(inputError(() => logQueryParam('latest'))).toMatch(/^eth_getLogs: filter expected an object/);
    expect(inputError(() => logQueryParam({ blockHash: HASH, toBlock: '0x1' }))).toMatch(/cannot specify both BlockHash and FromBlock\/ToBlock/);
    expect(inputError(() => logQueryParam({ fromBlock: '0x5', toBlock: '0x4' }))).toBe('invalid block range params');
    expect(inputError(() => logQueryParam({ topics: [null, null, null, null, null] }))).toMatch(/^eth_getLogs: "topics" expected at most 4/);
  });
});

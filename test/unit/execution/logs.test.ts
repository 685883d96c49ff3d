import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { bloomContains, logsBloom } from '../../../src/execution/bloom.ts';
import { bloomMayMatch, type LogFilter, logFilterToJson, logMatches, logToJson, parseLogFilter } from '../../../src/execution/logs.ts';
import { type Log, parseRpcReceipt } from '../../../src/proofs/receipts.ts';
import { errorCode, fixture, io, testChain } from './helpers.ts';

const mainnetBlock = fixture('mainnet-proofs/block.json');
const mainnetReceipts = fixture('mainnet-proofs/receipts.json').map((r: any) => parseRpcReceipt(r));

const orBlooms = (blooms: Uint8Array[]) => blooms.reduce((acc, b) => acc.map((x, i) => x | b[i]!), new Uint8Array(256));

describe('logs bloom', () => {
  it("rebuilds each of mainnet block 21,925,176's 202 receipt blooms, and the block's from them", () => {
    for (const r of mainnetReceipts) expect(bytesToHex(logsBloom(r.logs))).toBe(bytesToHex(r.logsBloom));
    expect(bytesToHex(logsBloom(mainnetReceipts.flatMap((r: any) => r.logs)))).toBe(mainnetBlock.logsBloom);
    expect(bytesToHex(orBlooms(mainnetReceipts.map((r: any) => r.logsBloom)))).toBe(mainnetBlock.logsBloom);
  });

  it("rebuilds the execution-apis head block's bloom from its receipts", () => {
    const receipts = io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result.map((r: any) => parseRpcReceipt(r));
    expect(bytesToHex(logsBloom(receipts.flatMap((r: any) => r.logs)))).toBe(bytesToHex(testChain()[53]!.header.logsBloom));
  });
});

describe('log filters', () => {
  it.each(['contract-addr', 'topic-exact-match', 'topic-null-wildcard', 'topic-wildcard', 'filter-with-blockHash-and-topics'])(
    "%s: every log geth returned matches the filter, and its block's verified bloom lets it through",
    (name) => {
      const { request, response } = io(`eth_getLogs/${name}.io`);
      const filter = parseLogFilter(request.params[0]);
      expect(response.result.length).toBeGreaterThan(0);
      for (const json of response.result) {
        const log: Log = { address: hexToBytes(json.address), topics: json.topics.map((t: string) => hexToBytes(t)), data: hexToBytes(json.data) };
        expect(logMatches(log, filter)).toBe(true);
        const block = testChain()[Number(json.blockNumber) - 1]!;
        expect(bytesToHex(block.hash)).toBe(json.blockHash);
        expect(bloomMayMatch(block.header.logsBloom, filter)).toBe(true);
        // Printed from verified positions, exactly as geth prints it.
        const printed = logToJson(log, {
          blockHash: block.hash,
          blockNumber: block.header.number,
          blockTimestamp: block.header.timestamp,
          transactionHash: block.transactions[Number(json.transactionIndex)]!.hash,
          transactionIndex: Number(json.transactionIndex),
          logIndex: Number(json.logIndex),
        });
        expect(printed).toEqual(json);
      }
    },
  );

  it('skips the blocks whose bloom cannot match (the contract-addr range has logs in two of four blocks)', () => {
    const filter = parseLogFilter(io('eth_getLogs/contract-addr.io').request.params[0]);
    const candidates = testChain()
      .slice(0, 4)
      .filter((b) => bloomMayMatch(b.header.logsBloom, filter))
      .map((b) => Number(b.header.number));
    expect(candidates).toEqual(expect.arrayContaining([2, 4]));
    expect(candidates).not.toContain(1);
  });

  it('reads filters as geth does: one address or a list; null, [] or a null entry as a wildcard position', () => {
    const a = '0x' + '11'.repeat(20);
    const t = '0x' + '22'.repeat(32);
    expect(parseLogFilter({ address: a }).addresses.map(bytesToHex)).toEqual([a]);
    expect(parseLogFilter({ address: [a, a] }).addresses).toHaveLength(2);
    expect(parseLogFilter({ topics: [null, [], [t, null], t] }).topics).toEqual([null, null, null, [hexToBytes(t)]]);
    expect(parseLogFilter({}).topics).toEqual([]);
    expect(errorCode(() => parseLogFilter({ topics: [t, t, t, t, t] }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseLogFilter({ address: '0x12' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseLogFilter({ topics: ['0x12'] }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseLogFilter({ topics: 'x' }))).toBe('INVALID_INPUT');
    expect(errorCode(() => parseLogFilter({ address: Array(1001).fill(a) }))).toBe('INVALID_INPUT');
    // More positions than a log has topics: no match, even with wildcards.
    const log: Log = { address: hexToBytes(a), topics: [hexToBytes(t)], data: new Uint8Array() };
    expect(logMatches(log, { addresses: [], topics: [null] })).toBe(true);
    expect(logMatches(log, { addresses: [], topics: [null, null] })).toBe(false);
  });

  it('never misses a log: whatever matches a log passes the bloom of its block (property)', () => {
    const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    const pool = fc.constantFrom(...Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: 32 }, () => i + 1)));
    const arbLog = fc.record({ address: bytes(20), topics: fc.array(pool, { maxLength: 4 }), data: fc.uint8Array({ maxLength: 8 }) });
    const arbFilter: fc.Arbitrary<LogFilter> = fc.record({
      addresses: fc.array(bytes(20), { maxLength: 2 }),
      topics: fc.array(fc.option(fc.array(pool, { minLength: 1, maxLength: 3 }), { nil: null }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(arbLog, { minLength: 1, maxLength: 5 }), arbFilter, fc.boolean(), (logs, filter, useLogAddress) => {
        const f = useLogAddress ? { ...filter, addresses: [...filter.addresses, logs[0]!.address] } : filter;
        const bloom = logsBloom(logs);
        for (const log of logs) {
          expect(bloomContains(bloom, log.address)).toBe(true);
          for (const topic of log.topics) expect(bloomContains(bloom, topic)).toBe(true);
          if (logMatches(log, f)) expect(bloomMayMatch(bloom, f)).toBe(true);
        }
        // The reference reading of the filter semantics.
        for (const log of logs) {
          const addressOk = f.addresses.length === 0 || f.addresses.some((a) => bytesToHex(a) === bytesToHex(log.address));
          const topicsOk = f.topics.length <= log.topics.length && f.topics.every((alts, i) => alts === null || alts.some((x) => bytesToHex(x) === bytesToHex(log.topics[i]!)));
          expect(logMatches(log, f)).toBe(addressOk && topicsOk);
        }
      }),
    );
  });
});

describe('logFilterToJson', () => {
  it('gives back what parseLogFilter reads: addresses (none: no member), topics by position, null wildcards', () => {
    const a = '0x' + 'ab'.repeat(20);
    const t = '0x' + '12'.repeat(32);
    const u = '0x' + '34'.repeat(32);
    for (const json of [{ address: [a], topics: [[t, u], null, [u]] }, { topics: [] }, { topics: [null, [t]] }]) {
      expect(logFilterToJson(parseLogFilter(json))).toEqual(json);
    }
    expect(logFilterToJson(parseLogFilter({ address: a.toUpperCase().replace('0X', '0x'), topics: [t] }))).toEqual({ address: [a], topics: [[t]] });
  });
});

/**
 * Transfers read from proven logs (src/wallet/transfers/decode.ts) and the filters that find them
 * (filters.ts): every standard, EIP-7708's ether Transfer and Burn, wrong shapes yielding nothing,
 * a random log never throwing, and every decoded transfer's log matched by a filter and its bloom.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeAbi, eventTopic } from '../../../../src/execution/abi.ts';
import { logsBloom } from '../../../../src/execution/bloom.ts';
import { EIP7708_EMITTER, ZERO_ADDRESS } from '../../../../src/execution/effects.ts';
import { bloomMayMatch, logMatches } from '../../../../src/execution/logs.ts';
import { EIP7708_BURN_TOPIC, type PlacedLog, placedLog, transfersOfLogs } from '../../../../src/wallet/transfers/decode.ts';
import { transferFilters } from '../../../../src/wallet/transfers/filters.ts';

const ME = '0x' + 'a1'.repeat(20);
const OTHER = '0x' + 'b2'.repeat(20);
const THIRD = '0x' + 'c3'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');
const HASH = '0x' + '11'.repeat(32);
const TX = '0x' + '22'.repeat(32);

let index = 0;
const at = (address: string, signature: string, topics: string[], data = '0x', block = 7n): PlacedLog => ({
  address,
  topics: [signature.startsWith('0x') ? signature : eventTopic(signature), ...topics],
  data,
  block,
  blockHash: HASH,
  transactionHash: TX,
  transactionIndex: 2,
  logIndex: index++,
  timestamp: 1_700_000_000,
});
const place = (t: Partial<PlacedLog>) => ({ block: 7n, blockHash: HASH, transactionHash: TX, transactionIndex: 2, timestamp: 1_700_000_000, ...t });

describe('transfersOfLogs', () => {
  it('reads every standard touching the accounts, with its place; others left out', () => {
    index = 0;
    const batch = bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n, 2n], [10n, 20n]]));
    const logs = [
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME)], word(5n)),
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(ME), topic(OTHER), word(77n)]),
      at(TOKEN, 'TransferSingle(address,address,address,uint256,uint256)', [topic(THIRD), topic(OTHER), topic(ME)], word(9n) + word(3n).slice(2)),
      at(TOKEN, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(THIRD), topic(ME), topic(OTHER)], batch),
      at(TOKEN, 'Deposit(address,uint256)', [topic(ME)], word(4n)),
      at(TOKEN, 'Withdrawal(address,uint256)', [topic(ME)], word(4n)),
      at(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME)], word(10n ** 18n)),
      at(EIP7708_EMITTER, 'Burn(address,uint256)', [topic(ME)], word(3n)),
      // Neither side is an account: left out.
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(THIRD)], word(5n)),
      at(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(OTHER), topic(THIRD)], word(1n)),
    ];
    const where = { block: 7n, blockHash: HASH, transactionHash: TX, transactionIndex: 2, timestamp: 1_700_000_000, found: 'bloom-scan' };
    expect(transfersOfLogs(logs, [ME.toUpperCase().replace('0X', '0x')], 'bloom-scan')).toEqual([
      { asset: TOKEN, standard: 'erc20', from: OTHER, to: ME, amount: 5n, logIndex: 0, ...where },
      { asset: TOKEN, standard: 'erc721', from: ME, to: OTHER, amount: 1n, tokenId: 77n, logIndex: 1, ...where },
      { asset: TOKEN, standard: 'erc1155', from: OTHER, to: ME, amount: 3n, tokenId: 9n, logIndex: 2, ...where },
      { asset: TOKEN, standard: 'erc1155', from: ME, to: OTHER, amount: 10n, tokenId: 1n, logIndex: 3, ...where },
      { asset: TOKEN, standard: 'erc1155', from: ME, to: OTHER, amount: 20n, tokenId: 2n, logIndex: 3, ...where },
      { asset: TOKEN, standard: 'erc20', from: ZERO_ADDRESS, to: ME, amount: 4n, logIndex: 4, ...where },
      { asset: TOKEN, standard: 'erc20', from: ME, to: ZERO_ADDRESS, amount: 4n, logIndex: 5, ...where },
      { asset: 'native', standard: 'native', from: OTHER, to: ME, amount: 10n ** 18n, logIndex: 6, ...where },
      { asset: 'native', standard: 'native', from: ME, to: ZERO_ADDRESS, amount: 3n, logIndex: 7, ...where },
    ]);
    expect(transfersOfLogs(logs, [ME], 'endpoint-logs').every((t) => t.found === 'endpoint-logs')).toBe(true);
    expect(transfersOfLogs(logs, [], 'bloom-scan')).toEqual([]);
  });

  it('a log whose shape does not fit its topic is no transfer', () => {
    index = 0;
    const wrong = [
      // ERC-20 with a short amount, ERC-721 with data, a topic that is no address.
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME)], '0x05'),
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME), word(1n)], word(1n)),
      at(TOKEN, 'Transfer(address,address,uint256)', [word(2n ** 200n), topic(ME)], word(1n)),
      // A batch whose arrays differ in length; a single with one word.
      at(TOKEN, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(THIRD), topic(ME), topic(OTHER)], bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n], [10n, 20n]]))),
      at(TOKEN, 'TransferSingle(address,address,address,uint256,uint256)', [topic(THIRD), topic(OTHER), topic(ME)], word(9n)),
      // A batch whose data is no whole number of words (a hostile contract's: once a RangeError out of effects.ts).
      at(TOKEN, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(THIRD), topic(OTHER), topic(ME)], word(64n) + word(96n).slice(2) + word(1n).slice(2) + '00'.repeat(4)),
      // EIP-7708: a Transfer with 4 topics or a short amount, a Burn with 3 topics, another event of the emitter.
      at(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME), word(1n)], word(1n)),
      at(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME)], '0x01'),
      at(EIP7708_EMITTER, 'Burn(address,uint256)', [topic(ME), topic(OTHER)], word(1n)),
      at(EIP7708_EMITTER, 'Deposit(address,uint256)', [topic(ME)], word(1n)),
      // Not hex at all, five topics.
      { ...at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME)], word(5n)), data: '0xzz' },
      { ...at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME), word(1n)]), topics: [eventTopic('Transfer(address,address,uint256)'), topic(OTHER), topic(ME), 'nope'] },
      at(TOKEN, 'Transfer(address,address,uint256)', [topic(OTHER), topic(ME), word(1n), word(2n)]),
    ];
    expect(transfersOfLogs(wrong, [ME, OTHER], 'bloom-scan')).toEqual([]);
    expect(EIP7708_BURN_TOPIC).toBe('0xcc16f5dbb4873280815c1ee09dbd06736cffcc184412cf7a71a0fdb75d397ca5');
  });

  it('a random log never throws: it yields transfers or nothing (fast-check)', () => {
    const hex = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map(bytesToHex);
    const known = ['Transfer(address,address,uint256)', 'TransferSingle(address,address,address,uint256,uint256)', 'TransferBatch(address,address,address,uint256[],uint256[])', 'Deposit(address,uint256)', 'Withdrawal(address,uint256)', 'Burn(address,uint256)'].map((s) => eventTopic(s));
    const topicArb = fc.oneof(fc.constantFrom(...known), fc.constantFrom(topic(ME), topic(OTHER)), hex(32, 32), fc.string());
    const logArb = fc.record({
      address: fc.oneof(fc.constantFrom(EIP7708_EMITTER, TOKEN), hex(20, 20), fc.string()),
      topics: fc.array(topicArb, { maxLength: 6 }),
      data: fc.oneof(hex(0, 200), fc.constantFrom('0x', '0x0', 'zz'), fc.array(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), { maxLength: 8 }).map((ws) => '0x' + ws.map((w) => word(w).slice(2)).join(''))),
      logIndex: fc.nat({ max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(logArb, { maxLength: 6 }), (raw) => {
        const logs = raw.map((l) => place(l) as PlacedLog);
        const out = transfersOfLogs(logs, [ME, OTHER], 'bloom-scan');
        for (const t of out) expect(t.from === ME || t.to === ME || t.from === OTHER || t.to === OTHER).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('transferFilters', () => {
  it('asks for the account in each event position that holds it; none for no accounts; refuses a bad address', () => {
    const filters = transferFilters([ME]);
    expect(filters).toHaveLength(4);
    for (const f of filters) expect(f.addresses).toEqual([]);
    expect(filters.map((f) => f.topics.map((p) => (p === null ? null : p.length)))).toEqual([[4, 1], [1, null, 1], [2, null, 1], [2, null, null, 1]]);
    expect(transferFilters([])).toEqual([]);
    expect(() => transferFilters(['0x12'])).toThrow(/0x-addresses/);
    // A log from another account's transfer matches none.
    const theirs = { address: hexToBytes(TOKEN), topics: [eventTopic('Transfer(address,address,uint256)'), topic(OTHER), topic(THIRD)].map((t) => hexToBytes(t)), data: hexToBytes(word(1n)) };
    expect(filters.some((f) => logMatches(theirs, f))).toBe(false);
  });

  it("every decoded transfer's log matches a filter, and its bloom passes that filter (fast-check)", () => {
    const who = fc.constantFrom(ME, OTHER, THIRD, ZERO_ADDRESS);
    const amount = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
    const logArb = fc.oneof(
      fc.tuple(who, who, amount).map(([a, b, v]) => at(TOKEN, 'Transfer(address,address,uint256)', [topic(a), topic(b)], word(v))),
      fc.tuple(who, who, amount).map(([a, b, v]) => at(TOKEN, 'Transfer(address,address,uint256)', [topic(a), topic(b), word(v)])),
      fc.tuple(who, who, who, amount, amount).map(([o, a, b, id, v]) => at(TOKEN, 'TransferSingle(address,address,address,uint256,uint256)', [topic(o), topic(a), topic(b)], word(id) + word(v).slice(2))),
      fc.tuple(who, who, who, fc.array(amount, { maxLength: 3 })).map(([o, a, b, ids]) => at(TOKEN, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(o), topic(a), topic(b)], bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [ids, ids])))),
      fc.tuple(who, amount).map(([a, v]) => at(TOKEN, 'Deposit(address,uint256)', [topic(a)], word(v))),
      fc.tuple(who, amount).map(([a, v]) => at(TOKEN, 'Withdrawal(address,uint256)', [topic(a)], word(v))),
      fc.tuple(who, who, amount).map(([a, b, v]) => at(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(a), topic(b)], word(v))),
      fc.tuple(who, amount).map(([a, v]) => at(EIP7708_EMITTER, 'Burn(address,uint256)', [topic(a)], word(v))),
    );
    const accounts = fc.subarray([ME, OTHER], { minLength: 1 });
    fc.assert(
      fc.property(logArb, accounts, (log, mine) => {
        const filters = transferFilters(mine);
        const proven = { address: hexToBytes(log.address), topics: log.topics.map((t) => hexToBytes(t)), data: hexToBytes(log.data) };
        const bloom = logsBloom([proven]);
        const decoded = transfersOfLogs([log], mine, 'bloom-scan');
        if (decoded.length > 0) expect(filters.some((f) => logMatches(proven, f) && bloomMayMatch(bloom, f))).toBe(true);
        // And the other way: a log the filters match whose transfer is well-shaped names an account.
        if (!filters.some((f) => logMatches(proven, f))) expect(decoded).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('placedLog: a proven log at its verified place, as hex', () => {
    const proven = { address: hexToBytes(TOKEN), topics: [hexToBytes(topic(ME))], data: new Uint8Array([1, 2]) };
    expect(placedLog(proven, { blockHash: hexToBytes(HASH), blockNumber: 9n, blockTimestamp: 12n, transactionHash: hexToBytes(TX), transactionIndex: 3, logIndex: 4 })).toEqual({
      address: TOKEN,
      topics: [topic(ME)],
      data: '0x0102',
      block: 9n,
      blockHash: HASH,
      transactionHash: TX,
      transactionIndex: 3,
      logIndex: 4,
      timestamp: 12,
    });
  });
});

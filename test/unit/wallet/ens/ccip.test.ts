/**
 * EIP-3668 on the client side (src/wallet/ens/ccip.ts): an OffchainLookup decoded and its sender
 * checked, gateway URL templates, the batch gateway's query and answer against viem's encoding of
 * the same ABI, and who judges a gateway's answer; the provenance built on it.
 */
import { describe, expect, it } from 'vitest';
import { decodeFunctionResult, encodeErrorResult, encodeFunctionData, offchainLookupAbiItem, parseAbi } from 'viem';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi, functionSelector } from '../../../../src/execution/abi.ts';
import { answerJudges, BATCH_QUERY_SELECTOR, callbackCalldata, encodeBatchAnswers, gatewayOrigin, gatewayRequest, isOffchainLookup, MAX_BATCH_QUERIES, OFFCHAIN_LOOKUP_SELECTOR, readBatchQuery, readOffchainLookup } from '../../../../src/wallet/ens/ccip.ts';
import { NameError } from '../../../../src/wallet/ens/errors.ts';
import { PROVENANCE_WORDS, provenanceOf, weakerProvenance } from '../../../../src/wallet/ens/provenance.ts';

/** As viem 2.57.20 declares it (node_modules/viem/_esm/constants/abis.js batchGatewayAbi). */
const batchGatewayAbi = parseAbi(['function query((address sender, string[] urls, bytes data)[] queries) view returns (bool[] failures, bytes[] responses)']);

const UR = '0xeeeeeeee14d718c2b47d9923deab1335e144eeee';
const RESOLVER = '0x' + 'ab'.repeat(20);

function lookupRevert(sender: string, urls: string[], callData: string, callback = '0x12345678', extraData = '0xbeef'): string {
  return encodeErrorResult({ abi: [offchainLookupAbiItem], errorName: 'OffchainLookup', args: [sender as `0x${string}`, urls, callData as `0x${string}`, callback as `0x${string}`, extraData as `0x${string}`] });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof NameError ? err.code : `not a NameError: ${String(err)}`;
  }
  return undefined;
}

describe('OffchainLookup', () => {
  it('has the selector EIP-3668 and viem name (0x556f1830)', () => {
    expect(OFFCHAIN_LOOKUP_SELECTOR).toBe('0x556f1830');
  });

  it('decodes a lookup raised by the contract called', () => {
    const data = lookupRevert(UR, ['x-batch-gateway:true'], '0xa780bab6', '0x11223344', '0x0102');
    expect(isOffchainLookup(data)).toBe(true);
    expect(readOffchainLookup(data, UR.toUpperCase().replace('0X', '0x'))).toEqual({ sender: UR, urls: ['x-batch-gateway:true'], callData: '0xa780bab6', callbackFunction: '0x11223344', extraData: '0x0102' });
  });

  it('refuses a lookup whose sender is another contract (EIP-3668 sender check)', () => {
    const data = lookupRevert(RESOLVER, ['https://gw.example/{sender}/{data}'], '0x');
    expect(codeOf(() => readOffchainLookup(data, UR))).toBe('OFFCHAIN_SENDER_MISMATCH');
  });

  it('refuses revert data that has the selector and does not decode', () => {
    expect(codeOf(() => readOffchainLookup(OFFCHAIN_LOOKUP_SELECTOR + '00'.repeat(31), UR))).toBe('OFFCHAIN_LOOKUP_MALFORMED');
    expect(codeOf(() => readOffchainLookup('0x08c379a0', UR))).toBe('OFFCHAIN_LOOKUP_MALFORMED');
  });

  it('builds the callback as callbackFunction ‖ abi.encode(response, extraData)', () => {
    const lookup = readOffchainLookup(lookupRevert(UR, [], '0x', '0xaabbccdd', '0x0102'), UR);
    expect(callbackCalldata(lookup, '0x99')).toBe('0xaabbccdd' + bytesToHex(encodeAbi(['bytes', 'bytes'], ['0x99', '0x0102'])).slice(2));
  });
});

describe('gateway requests', () => {
  const sender = '0xABcdEF0000000000000000000000000000000001';
  it('fills {sender} and {data} lower-case and GETs; POSTs {data, sender} without {data}', () => {
    expect(gatewayRequest('https://gw.example/{sender}/{data}.json', sender, '0xAB12')).toEqual({ url: `https://gw.example/${sender.toLowerCase()}/0xab12.json`, method: 'GET' });
    expect(gatewayRequest('http://127.0.0.1:8000/lookup', sender, '0xab')).toEqual({ url: 'http://127.0.0.1:8000/lookup', method: 'POST', body: JSON.stringify({ data: '0xab', sender: sender.toLowerCase() }) });
  });

  it('asks no URL that is not http(s), or too long', () => {
    expect(gatewayRequest('file:///etc/passwd', sender, '0x')).toBeUndefined();
    expect(gatewayRequest('javascript:alert(1)//{data}', sender, '0x')).toBeUndefined();
    expect(gatewayRequest('not a url', sender, '0x')).toBeUndefined();
    expect(gatewayRequest('https://gw.example/{data}', sender, '0x' + 'ab'.repeat(2000))).toBeUndefined();
    expect(gatewayOrigin('https://gw.example:8443/{sender}/{data}.json')).toBe('https://gw.example:8443');
    expect(gatewayOrigin('ipfs://x')).toBeUndefined();
  });
});

describe('the batch gateway', () => {
  const queries = [
    { sender: RESOLVER, urls: ['https://a.example/{data}'], data: '0x1234' },
    { sender: '0x' + 'cd'.repeat(20), urls: ['https://b.example/'], data: '0x' },
  ];

  it("reads viem's encoding of query((address,string[],bytes)[])", () => {
    const callData = encodeFunctionData({ abi: batchGatewayAbi, functionName: 'query', args: [queries.map((q) => ({ sender: q.sender as `0x${string}`, urls: q.urls, data: q.data as `0x${string}` }))] });
    expect(callData.slice(0, 10)).toBe(BATCH_QUERY_SELECTOR);
    expect(readBatchQuery(callData)).toEqual(queries);
  });

  it('answers (bool[] failures, bytes[] responses) as viem decodes it, a failure as HttpError or Error(string)', () => {
    const encoded = bytesToHex(encodeBatchAnswers([{ ok: true, data: Uint8Array.of(1, 2) }, { ok: false, status: 404, message: 'not found' }, { ok: false, message: 'refused' }]));
    const [failures, responses] = decodeFunctionResult({ abi: batchGatewayAbi, functionName: 'query', data: encoded as `0x${string}` });
    expect(failures).toEqual([false, true, true]);
    expect(responses[0]).toBe('0x0102');
    expect(responses[1]!.slice(0, 10)).toBe(functionSelector('HttpError(uint16,string)'));
    expect(responses[2]!.slice(0, 10)).toBe('0x08c379a0');
  });

  it('refuses another call, and more queries than one batch may ask', () => {
    expect(codeOf(() => readBatchQuery('0x12345678'))).toBe('OFFCHAIN_LOOKUP_MALFORMED');
    const many = Array.from({ length: MAX_BATCH_QUERIES + 1 }, () => ({ sender: RESOLVER as `0x${string}`, urls: [], data: '0x' as const }));
    expect(codeOf(() => readBatchQuery(encodeFunctionData({ abi: batchGatewayAbi, functionName: 'query', args: [many] })))).toBe('OFFCHAIN_LIMIT');
  });

  it("names the judges: each query's sender; a forwarded lookup's resolver; else the sender", () => {
    const lookup = readOffchainLookup(lookupRevert(UR, ['x-batch-gateway:true'], '0x'), UR);
    expect(answerJudges(lookup, queries)).toEqual([RESOLVER, '0x' + 'cd'.repeat(20)]);
    const context = bytesToHex(encodeAbi(['(address,bytes4,bytes,bytes4,bytes4,bytes)'], [[RESOLVER, '0x11111111', '0x', '0x00000000', '0x00000000', '0x']]));
    const forwarded = readOffchainLookup(lookupRevert(UR, ['https://gw.example/{data}'], '0x', functionSelector('ccipReadCallback(bytes,bytes)'), context), UR);
    expect(answerJudges(forwarded, undefined)).toEqual([RESOLVER]);
    expect(answerJudges(readOffchainLookup(lookupRevert(UR, ['https://gw.example/'], '0x'), UR), undefined)).toEqual([UR]);
  });
});

describe('provenance', () => {
  const pins = [{ name: 'Pinned resolver', codeHash: '0x' + '77'.repeat(32), checks: 'a signature' }];
  it('is proven with no gateway, checked only when every judge is pinned, else the gateway\'s word', () => {
    expect(provenanceOf([], [], pins)).toEqual({ kind: 'proven' });
    expect(provenanceOf(['https://gw.example'], [{ address: RESOLVER, codeHash: '0x' + '77'.repeat(32) }], pins).kind).toBe('resolver-checked');
    expect(provenanceOf(['https://gw.example'], [{ address: RESOLVER, codeHash: '0x' + '77'.repeat(32) }, { address: UR, codeHash: '0x' + '88'.repeat(32) }], pins)).toEqual({ kind: 'gateway', gateways: ['https://gw.example'], unpinned: [UR] });
    expect(provenanceOf(['https://gw.example'], [], pins).kind).toBe('gateway');
    expect(PROVENANCE_WORDS.gateway).toBe("the gateway's word");
    expect(PROVENANCE_WORDS['resolver-checked']).toBe('checked by the resolver contract');
  });

  it('takes the weaker half of a reverse name and its forward check', () => {
    const checked = provenanceOf(['https://a.example'], [{ address: RESOLVER, codeHash: '0x' + '77'.repeat(32) }], pins);
    const word = provenanceOf(['https://b.example'], [{ address: UR, codeHash: '0x00' }], pins);
    expect(weakerProvenance({ kind: 'proven' }, checked)).toEqual(checked);
    expect(weakerProvenance(checked, word)).toEqual({ kind: 'gateway', gateways: ['https://b.example', 'https://a.example'], unpinned: [UR] });
    expect(weakerProvenance({ kind: 'proven' }, { kind: 'proven' })).toEqual({ kind: 'proven' });
  });
});

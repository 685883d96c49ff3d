/**
 * Names resolved through the UniversalResolver (src/client/wallet/ens/names.ts), over a scripted chain:
 * the calls it makes and what it makes of the answers, offchain lookups through the batch gateway
 * Vigil plays, the gateway allowed or not, the provenance of each answer, and the hostile cases: a
 * lookup whose sender is not the contract called, a gateway lying to a verifying resolver (its
 * callback reverts: refused), a name ENSIP-15 refuses (nothing is asked), a reverse record whose
 * forward address is another (no name), a lie in the proofs (thrown, never an answer).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { decodeAbi, encodeAbi, encodeFunctionCall, functionSelector } from '../../../../src/execution/abi.ts';
import type { BlockEnv } from '../../../../src/execution/block-env.ts';
import type { ExecutionOutcome } from '../../../../src/execution/engine.ts';
import { lookupAddress, type NameDeps, resolveName } from '../../../../src/client/wallet/ens/names.ts';
import { BATCH_QUERY_SELECTOR, type GatewayRequest } from '../../../../src/wallet/ens/ccip.ts';
import { NameError } from '../../../../src/wallet/ens/errors.ts';
import { dnsEncode } from '../../../../src/wallet/ens/namehash.ts';
import { resolveAddrCalldata, reverseCalldata } from '../../../../src/wallet/ens/universal-resolver.ts';

const UR = '0x' + 'ee'.repeat(20);
const RESOLVER = '0x' + 'ab'.repeat(20);
const ALICE = '0x' + '11'.repeat(20);
const BOB = '0x' + '22'.repeat(20);
const PINNED_HASH = '0x' + '77'.repeat(32);
const OTHER_HASH = '0x' + '88'.repeat(32);
const CALLBACK = functionSelector('resolveBatchCallback(bytes,bytes)');
const GATEWAY = 'https://gw.example/{sender}/{data}.json';

const success = (returnData: string): ExecutionOutcome => ({ status: 'success', returnData, gasUsed: '0x1' });
const revert = (returnData: string): ExecutionOutcome => ({ status: 'reverted', returnData, gasUsed: '0x1' });
const resolved = (address: string) => bytesToHex(encodeAbi(['bytes', 'address'], [bytesToHex(encodeAbi(['address'], [address])), RESOLVER]));
const urError = (signature: string, types: string[], args: unknown[]) => functionSelector(signature) + bytesToHex(encodeAbi(types, args as never)).slice(2);

/** An OffchainLookup as the UniversalResolver raises it for the batch gateway: one query to RESOLVER's gateway. */
function batchLookup(sender = UR, urls = ['x-batch-gateway:true']): string {
  const query = encodeFunctionCall('query((address,string[],bytes)[])', [[[RESOLVER, [GATEWAY], '0xcafe']]]);
  return functionSelector('OffchainLookup(address,string[],bytes,bytes4,bytes)') + bytesToHex(encodeAbi(['address', 'string[]', 'bytes', 'bytes4', 'bytes'], [sender, urls, query, CALLBACK, '0x0102'])).slice(2);
}

interface Script {
  /** The outcome of each call to the UniversalResolver, by its calldata (the first match wins). */
  answer(data: string): ExecutionOutcome;
  codeHashes?: Record<string, string>;
  gateway?: (request: GatewayRequest) => Uint8Array;
  allowed?: readonly string[] | 'any';
  pins?: NameDeps['pins'];
}

function deps(script: Script) {
  const calls: string[] = [];
  const asked: GatewayRequest[] = [];
  const head = { head: { blockNumber: 100n, blockHash: '0x' + '99'.repeat(32) }, env: {} as BlockEnv, nextBaseFee: 1n };
  const d: NameDeps = {
    chain: {
      network: { chainId: 1n, name: 'Testnet', maxHeadAgeSeconds: 60, secondsPerSlot: 12 },
      signingHead: () => head as never,
      proveAccount: async (address) => ({ address, nonce: 0n, balance: 0n, codeHash: script.codeHashes?.[address] ?? OTHER_HASH, blockNumber: 100n, blockHash: head.head.blockHash }),
      execution: {
        run: async ({ call }: { call: unknown }) => {
          const { to, data } = call as { to: string; data: string };
          expect(to).toBe(UR);
          calls.push(data);
          return { outcome: script.answer(data), steps: 1, proven: { accounts: 1, slots: 1 }, endpoints: [] };
        },
      } as never,
    },
    universalResolver: UR,
    askGateway: async (request) => {
      asked.push(request);
      if (!script.gateway) throw new Error('no gateway in this script');
      return script.gateway(request);
    },
    ...(script.allowed !== undefined ? { allowedGateways: script.allowed } : {}),
    pins: script.pins ?? [{ name: 'Test verifying resolver', codeHash: PINNED_HASH, checks: 'a signature' }],
  };
  return { d, calls, asked };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err instanceof NameError || err instanceof VerificationError ? String(err.code) : err instanceof InputError ? 'InputError' : `other: ${String(err)}`;
  }
}

/** The batch answer the callback was given (its first response). */
function batchAnswerOf(callbackData: string): { failures: boolean[]; responses: string[] } {
  expect(callbackData.slice(0, 10)).toBe(CALLBACK);
  const [response, extra] = decodeAbi(['bytes', 'bytes'], '0x' + callbackData.slice(10)) as [string, string];
  expect(extra).toBe('0x0102');
  const [failures, responses] = decodeAbi(['bool[]', 'bytes[]'], response) as [boolean[], string[]];
  return { failures, responses };
}

describe('resolveName', () => {
  it('normalizes, asks the UniversalResolver once, and gives the checksummed address, proven', async () => {
    const { d, calls } = deps({ answer: () => success(resolved(ALICE)) });
    const r = await resolveName(d, 'Alice.ETH');
    expect(calls).toEqual([resolveAddrCalldata('alice.eth')]);
    expect(r).toMatchObject({ name: 'alice.eth', address: '0x1111111111111111111111111111111111111111', resolver: RESOLVER, provenance: { kind: 'proven' }, at: { blockNumber: '100' } });
  });

  it('answers no address for a name with no resolver, and throws for a resolver that reverted', async () => {
    const none = deps({ answer: () => revert(urError('ResolverNotFound(bytes)', ['bytes'], [dnsEncode('x.eth')])) });
    expect((await resolveName(none.d, 'x.eth')).address).toBeNull();
    const refused = deps({ answer: () => revert(urError('ResolverError(bytes)', ['bytes'], ['0x08c379a0'])) });
    expect(await codeOf(resolveName(refused.d, 'x.eth'))).toBe('RESOLVER_REFUSED');
  });

  it('refuses a name ENSIP-15 refuses before anything is asked', async () => {
    const { d, calls } = deps({ answer: () => success(resolved(ALICE)) });
    expect(await codeOf(resolveName(d, 'a_b.eth'))).toBe('InputError');
    expect(await codeOf(resolveName(d, 'vit\u0430lik.eth'))).toBe('InputError');
    expect(calls).toEqual([]);
  });

  it('asks no gateway the caller did not allow, and names it', async () => {
    const { d, asked } = deps({ answer: () => revert(batchLookup()), gateway: () => new Uint8Array() });
    const err = await resolveName(d, 'off.eth').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NameError);
    expect((err as NameError).code).toBe('GATEWAY_NOT_ALLOWED');
    expect((err as NameError).got).toBe('https://gw.example');
    expect(asked).toEqual([]);
  });

  it("plays the batch gateway: asks the resolver's gateway, calls back at the same head, and says who checked it", async () => {
    const answer = bytesToHex(encodeAbi(['bytes'], [bytesToHex(encodeAbi(['address'], [BOB]))]));
    const script = (hash: string) => ({
      answer: (data: string) => (data.slice(0, 10) === CALLBACK ? success(resolved(BOB)) : revert(batchLookup())),
      gateway: () => Uint8Array.from(Buffer.from(answer.slice(2), 'hex')),
      allowed: ['https://gw.example'],
      codeHashes: { [RESOLVER]: hash },
    });
    const pinned = deps(script(PINNED_HASH));
    const r = await resolveName(pinned.d, 'off.eth');
    expect(pinned.asked).toEqual([{ url: `https://gw.example/${RESOLVER}/0xcafe.json`, method: 'GET' }]);
    expect(pinned.calls).toHaveLength(2);
    expect(batchAnswerOf(pinned.calls[1]!)).toEqual({ failures: [false], responses: [answer] });
    expect(r.address).toBe('0x2222222222222222222222222222222222222222');
    expect(r.provenance).toEqual({ kind: 'resolver-checked', gateways: ['https://gw.example'], resolvers: [{ address: RESOLVER, name: 'Test verifying resolver' }] });

    const unpinned = deps(script(OTHER_HASH));
    expect((await resolveName(unpinned.d, 'off.eth')).provenance).toEqual({ kind: 'gateway', gateways: ['https://gw.example'], unpinned: [RESOLVER] });
  });

  it('tells the contract of a gateway that failed, as an HttpError in the batch answer', async () => {
    const { TransportError } = await import('../../../../src/core/errors.ts');
    const { d, calls } = deps({
      answer: (data) => (data.slice(0, 10) === CALLBACK ? revert(urError('HttpError(uint16,string)', ['uint16', 'string'], [503n, 'down'])) : revert(batchLookup())),
      gateway: () => {
        throw new TransportError('HTTP_STATUS', 'the gateway answered HTTP 503', { status: 503, url: 'x' });
      },
      allowed: 'any',
    });
    expect(await codeOf(resolveName(d, 'off.eth'))).toBe('GATEWAY_FAILED');
    const { failures, responses } = batchAnswerOf(calls[1]!);
    expect(failures).toEqual([true]);
    expect(responses[0]!.slice(0, 10)).toBe(functionSelector('HttpError(uint16,string)'));
  });

  it('refuses a gateway that lies to a verifying resolver: its callback reverts, no answer', async () => {
    const { d } = deps({
      // The resolver's callback refuses the lying answer: the UniversalResolver reverts ResolverError.
      answer: (data) => (data.slice(0, 10) === CALLBACK ? revert(urError('ResolverError(bytes)', ['bytes'], [functionSelector('InvalidSignature()')])) : revert(batchLookup())),
      gateway: () => Uint8Array.of(0xde, 0xad),
      allowed: 'any',
      codeHashes: { [RESOLVER]: PINNED_HASH },
    });
    expect(await codeOf(resolveName(d, 'off.eth'))).toBe('RESOLVER_REFUSED');
  });

  it('refuses an OffchainLookup whose sender is not the UniversalResolver (EIP-3668)', async () => {
    const { d, asked } = deps({ answer: () => revert(batchLookup(RESOLVER)), gateway: () => new Uint8Array(), allowed: 'any' });
    expect(await codeOf(resolveName(d, 'off.eth'))).toBe('OFFCHAIN_SENDER_MISMATCH');
    expect(asked).toEqual([]);
  });

  it('stops a resolver that keeps asking gateways', async () => {
    const { d } = deps({ answer: () => revert(batchLookup()), gateway: () => new Uint8Array(), allowed: 'any' });
    expect(await codeOf(resolveName(d, 'loop.eth'))).toBe('OFFCHAIN_LIMIT');
  });

  it('gives no answer when a proof lies: the error, never an address', async () => {
    const { d } = deps({
      answer: () => {
        throw new VerificationError('PROOF_ROOT_MISMATCH', 'the proof does not lead to the state root');
      },
    });
    expect(await codeOf(resolveName(d, 'alice.eth'))).toBe('PROOF_ROOT_MISMATCH');
  });

  it('batch selector as the contract encodes it', () => {
    expect(batchLookup().includes(BATCH_QUERY_SELECTOR.slice(2))).toBe(true);
  });
});

describe('lookupAddress', () => {
  const reverseAnswer = (name: string) => success(bytesToHex(encodeAbi(['string', 'address', 'address'], [name, RESOLVER, RESOLVER])));

  it('gives the primary name when its forward address is the address, checked again by Vigil', async () => {
    const { d, calls } = deps({ answer: (data) => (data === reverseCalldata(ALICE) ? reverseAnswer('alice.eth') : success(resolved(ALICE))) });
    const r = await lookupAddress(d, ALICE);
    expect(r).toMatchObject({ name: 'alice.eth', provenance: { kind: 'proven' } });
    expect(calls).toEqual([reverseCalldata(ALICE), resolveAddrCalldata('alice.eth')]);
  });

  it('gives no name when the name resolves forward to another address', async () => {
    const { d } = deps({ answer: (data) => (data === reverseCalldata(ALICE) ? reverseAnswer('bob.eth') : success(resolved(BOB))) });
    expect(await lookupAddress(d, ALICE)).toMatchObject({ name: null, why: 'forward-mismatch' });
  });

  it('gives no name for a record that is not normalized, or none', async () => {
    const odd = deps({ answer: () => reverseAnswer('Alice.eth') });
    expect(await lookupAddress(odd.d, ALICE)).toMatchObject({ name: null, why: 'not-normalized' });
    expect(odd.calls).toHaveLength(1);
    const none = deps({ answer: () => reverseAnswer('') });
    expect(await lookupAddress(none.d, ALICE)).toMatchObject({ name: null, why: 'no-record' });
    const mismatch = deps({ answer: () => revert(urError('ReverseAddressMismatch(string,bytes)', ['string', 'bytes'], ['bob.eth', BOB])) });
    expect(await lookupAddress(mismatch.d, ALICE)).toMatchObject({ name: null, why: 'forward-mismatch' });
  });
});

describe('lookupAddress and gateways', () => {
  it('gives no name, and asks no gateway, when the reverse record is served offchain and no gateway is allowed', async () => {
    const { d, asked } = deps({ answer: () => revert(batchLookup()), gateway: () => new Uint8Array() });
    expect(await lookupAddress(d, ALICE)).toMatchObject({ name: null, why: 'offchain' });
    expect(asked).toEqual([]);
  });
});

describe('a lookup the UniversalResolver forwards from one resolver (no batch gateway)', () => {
  const CCIP_READ_CALLBACK = functionSelector('ccipReadCallback(bytes,bytes)');
  const context = bytesToHex(encodeAbi(['(address,bytes4,bytes,bytes4,bytes4,bytes)'], [[RESOLVER, '0x11111111', '0x', '0x00000000', '0x00000000', '0x']]));
  const forwarded = functionSelector('OffchainLookup(address,string[],bytes,bytes4,bytes)') + bytesToHex(encodeAbi(['address', 'string[]', 'bytes', 'bytes4', 'bytes'], [UR, [GATEWAY], '0xcafe', CCIP_READ_CALLBACK, context])).slice(2);

  it("asks the resolver's gateway once, calls back with its bytes, and judges by the forwarded resolver", async () => {
    const { d, calls, asked } = deps({
      answer: (data) => (data.slice(0, 10) === CCIP_READ_CALLBACK ? success(resolved(BOB)) : revert(forwarded)),
      gateway: () => Uint8Array.of(0xab, 0xcd),
      allowed: ['https://gw.example'],
      codeHashes: { [RESOLVER]: PINNED_HASH },
    });
    const r = await resolveName(d, 'direct.eth');
    expect(asked).toEqual([{ url: `https://gw.example/${UR}/0xcafe.json`, method: 'GET' }]);
    const [response, extra] = decodeAbi(['bytes', 'bytes'], '0x' + calls[1]!.slice(10)) as [string, string];
    expect([response, extra]).toEqual(['0xabcd', context]);
    expect(r.provenance).toEqual({ kind: 'resolver-checked', gateways: ['https://gw.example'], resolvers: [{ address: RESOLVER, name: 'Test verifying resolver' }] });
  });

  it('fails with the gateway when it does not answer', async () => {
    const { TransportError } = await import('../../../../src/core/errors.ts');
    const { d } = deps({
      answer: () => revert(forwarded),
      gateway: () => {
        throw new TransportError('TIMEOUT', 'no complete response within 10000 ms', { url: 'x' });
      },
      allowed: 'any',
    });
    expect(await codeOf(resolveName(d, 'direct.eth'))).toBe('GATEWAY_FAILED');
  });
});

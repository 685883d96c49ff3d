/**
 * The preview's words (src/client/wallet/transaction-preview.ts with ./clear-signing.ts): the one
 * transaction's call said by the ERC-7730 descriptor bound to its contract on the chain (the
 * network's own router, its listed tokens), each amount with the token facts proven at the head
 * (what a token answers by verified call, never a list's), and held against the simulation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { wordsOfCall, wordsOfTypedData } from '../../../../src/client/wallet/clear-signing.ts';
import { ownNames } from '../../../../src/client/wallet/names/own-names.ts';
import { type PreviewChain, type PreviewOptions, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi, encodeFunctionCall } from '../../../../src/execution/abi.ts';
import type { ClearWords } from '../../../../src/wallet/clear-signing/types.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import { freshWorld } from './wallet-world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const PAIR = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const TOKEN = '0x7070707070707070707070707070707070707070';
const WETH = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const ROUTER = '0x5151515151515151515151515151515151515151';
const COPY = '0x5252525252525252525252525252525252525252';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const ETH = 10n ** 18n;
const word = (v: string | bigint) => '0x' + (typeof v === 'bigint' ? v.toString(16) : v.replace(/^0x/, '')).padStart(64, '0');
const head: WalletHead = freshWorld().head!;
const now = Number(head.env.timestamp) + 6;

/** A chain whose simulation takes `value` from Alice and pays her `out` of TOKEN (none when undefined); TOKEN answers `symbol` and `decimals`. */
function chain(value: bigint, out: bigint | undefined, token: { symbol: string; decimals: bigint } = { symbol: 'VTA', decimals: 18n }): PreviewChain {
  const run: ExecutionReader['run'] = async ({ mode, call }) => {
    if (mode === 'simulate') {
      const logs = out === undefined ? [] : [{ address: TOKEN, topics: [TRANSFER_TOPIC, word(PAIR), word(ALICE)], data: word(out) }];
      const calls = [{ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs, fee: '0x0' }];
      const balances = [{ address: ALICE, before: '0x' + (10n * ETH).toString(16), after: '0x' + (10n * ETH - value).toString(16) }];
      const holdings = { holder: ALICE, read: out === undefined ? [] : [{ token: TOKEN, standard: 'erc20' as const, before: '0x0', after: '0x' + out.toString(16) }], notRead: 0 };
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls, blocks: [calls], balances, created: [], holdings } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    }
    const { to, data } = call as { to: string; data: string };
    if (to.toLowerCase() !== TOKEN) return { outcome: { status: 'reverted', returnData: '0x', gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    const answer = bytesToHex(data === '0x95d89b41' ? encodeAbi(['string'], [token.symbol]) : data === '0x313ce567' ? encodeAbi(['uint8'], [token.decimals]) : encodeAbi(['uint256'], [10n ** 30n]));
    return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
  };
  return { network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 }, signingHead: () => head, newestHead: () => head.head, execution: { run } };
}

const swapData = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1940n * ETH, [WETH, TOKEN], ALICE, 1893456000n]);
const swapTo = (to: string) => parseTransactionRequest({ from: ALICE, to, value: '0x' + ETH.toString(16), data: swapData });
const sentence = (w: ClearWords) => (w.sentence ?? []).map((p) => (typeof p === 'string' ? p : w.fields[p.field]!.value)).join('');

describe('the preview says the call in words', () => {
  it("a swap through the network's own router, held against the effects", async () => {
    const effects = await previewTransactions(chain(ETH, 1950n * ETH), [swapTo(ROUTER)], { now, routers: new Set([ROUTER]) });
    expect(sentence(effects.words!)).toBe('Swap 1 ETH for at least 1940 VTA. Expires at Tue, 01 Jan 2030 00:00:00 GMT');
    expect(effects.words!.boundTo).toEqual({ chainId: 31337, address: ROUTER });
    expect(effects.words!.disagreements).toEqual([]);
  });

  it('none for the same calldata to a copy of the router at another address, or with no router known', async () => {
    expect((await previewTransactions(chain(ETH, 1950n * ETH), [swapTo(COPY)], { now, routers: new Set([ROUTER]) })).words).toBeUndefined();
    expect((await previewTransactions(chain(ETH, 1950n * ETH), [swapTo(ROUTER)], { now })).words).toBeUndefined();
  });

  it('a token the simulation did not touch is proven for the words, and the promise it does not keep is flagged', async () => {
    const effects = await previewTransactions(chain(ETH, undefined), [swapTo(ROUTER)], { now, routers: new Set([ROUTER]) });
    const minimum = effects.words!.fields.find((f) => f.label === 'Minimum to Receive')!;
    expect(minimum.value).toBe('1940 VTA');
    expect(minimum.flag).toBe('the simulation gives you none of ' + TOKEN + ', the words say 1940 VTA');
  });

  it('a hostile token is shown only as it answers by verified call: its symbol as answered, decimals the token rule refuses left raw', async () => {
    const impersonating = await previewTransactions(chain(ETH, 1950n * 10n ** 6n, { symbol: 'USDC', decimals: 6n }), [swapTo(ROUTER)], { now, routers: new Set([ROUTER]) });
    expect(impersonating.words!.fields.find((f) => f.label === 'Minimum to Receive')!.value).toBe('1940000000000000 USDC');
    expect(impersonating.tokens[TOKEN]).toEqual({ symbol: 'USDC', decimals: 6 });
    const absurd = await previewTransactions(chain(ETH, 1950n * ETH, { symbol: 'VTA', decimals: 200n }), [swapTo(ROUTER)], { now, routers: new Set([ROUTER]) });
    expect(absurd.tokens[TOKEN]?.decimals).toBeUndefined();
    expect(absurd.words!.fields.find((f) => f.label === 'Minimum to Receive')!.value).not.toContain('VTA');
  });

  it("an ERC-20 transfer in words only to a token the network lists", async () => {
    const transfer = parseTransactionRequest({ from: ALICE, to: TOKEN, value: '0x0', data: encodeFunctionCall('transfer(address,uint256)', [PAIR, 5n * ETH]) });
    const listed = await previewTransactions(chain(0n, undefined), [transfer], { now, knownTokens: { listed: [{ address: TOKEN, symbol: 'VTA' }] } });
    expect(listed.words?.intent).toBe('Send');
    expect(listed.words?.fields[0]).toMatchObject({ value: '5 VTA', asset: TOKEN });
    expect((await previewTransactions(chain(0n, undefined), [transfer], { now })).words).toBeUndefined();
  });
});

describe("the words name the user's own accounts, and the recipient's proven name", () => {
  const transferTo = (to: string) => parseTransactionRequest({ from: ALICE, to: TOKEN, value: '0x0', data: encodeFunctionCall('transfer(address,uint256)', [to, 5n * ETH]) });
  const listed = { listed: [{ address: TOKEN, symbol: 'VTA' }] };
  const own = ownNames({ locked: false, accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: PAIR, kind: 'hd', index: 1, phrase: 0, name: 'Savings' }] });
  const to = async (recipient: string, options: Partial<PreviewOptions>) => (await previewTransactions(chain(0n, undefined), [transferTo(recipient)], { now, knownTokens: listed, ...options })).words!.fields.find((f) => f.label === 'To')!;

  it('a transfer to the user’s own account reads with the name they gave it, marked as theirs', async () => {
    expect(await to(PAIR, { names: own })).toMatchObject({ value: 'Savings (yours)', address: PAIR });
    expect((await to(PAIR, {})).value).toBe(PAIR);
  });

  it("a swap's beneficiary that is the user's account says so", async () => {
    const effects = await previewTransactions(chain(ETH, 1950n * ETH), [swapTo(ROUTER)], { now, routers: new Set([ROUTER]), names: own });
    expect(effects.words!.fields.find((f) => f.label === 'Beneficiary')).toMatchObject({ value: 'Account 1 (yours)', address: ALICE });
    expect(effects.words!.disagreements).toEqual([]);
  });

  it('an address that is not the user’s stays an address', async () => {
    expect((await to(COPY, { names: own })).value).toBe(COPY);
  });

  it('a proven recipient name names the address paid, no other', async () => {
    expect((await to(COPY, { recipientName: { name: 'bob.vigil.eth', address: COPY } })).value).toBe('bob.vigil.eth');
    // Proven for another address than the call pays: the words keep the address.
    expect((await to(COPY, { recipientName: { name: 'bob.vigil.eth', address: ROUTER } })).value).toBe(COPY);
    // The user's own account keeps its label.
    expect((await to(PAIR, { names: own, recipientName: { name: 'bob.vigil.eth', address: PAIR } })).value).toBe('Savings (yours)');
  });
});

describe('the words never break what they describe', () => {
  const effects = { at: { blockNumber: '1', blockHash: '0x' }, ok: true, own: [], approvals: [], others: [], created: [], tokens: {} } as TransactionEffects;
  const bindings = { chainId: 31337, chain: { name: 'Devnet', ticker: 'ETH' }, routers: [ROUTER], listed: [TOKEN] };

  it('a token proof that fails leaves its amounts in raw units, never throws', async () => {
    const failing = async () => {
      throw new Error('the endpoint lied');
    };
    const raw = await wordsOfCall({ from: ALICE, to: ROUTER, value: ETH, data: swapData }, effects, bindings, failing);
    expect(raw!.fields.find((f) => f.label === 'Minimum to Receive')!.value).toBe(`${1940n * ETH} ???`);
    const proven = await wordsOfCall({ from: ALICE, to: ROUTER, value: ETH, data: swapData }, effects, bindings, async () => new Map([[TOKEN, { symbol: 'VTA', decimals: 18 }]]));
    expect(proven!.fields.find((f) => f.label === 'Minimum to Receive')!.value).toBe('1940 VTA');
  });

  it('random calldata to a bound contract, random typed data to a bound verifying contract: words or none, never a throw', async () => {
    const selectors = ['0x7ff36ab5', '0x18cbafe5', '0x38ed1739', '0xa9059cbb', '0x095ea7b3', '0x23b872dd'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...selectors), fc.uint8Array({ maxLength: 400 }), fc.constantFrom(ROUTER, TOKEN), fc.bigInt({ min: 0n, max: 2n ** 96n }), async (selector, body, to, value) => {
        const words = await wordsOfCall({ from: ALICE, to, value, data: selector + bytesToHex(body).slice(2) }, effects, bindings, async () => new Map());
        expect(words === undefined || typeof words.intent === 'string').toBe(true);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (message, domainName) => {
        const typed = { types: { EIP712Domain: [{ name: 'name', type: 'string' }], Permit: [{ name: 'owner', type: 'address' }] }, primaryType: 'Permit', domain: { name: domainName }, message };
        const words = await wordsOfTypedData(typed, { chainId: 31337n, verifyingContract: TOKEN }, [], new Map(), bindings);
        expect(words === undefined || typeof words.intent === 'string').toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

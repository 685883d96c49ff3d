import { describe, expect, it } from 'vitest';
import { CLEARSIG_REPO_FULL } from 'micro-eth-signer/clearsig/repo-full.js';
import { callWords, type ProvenFacts, typedWords } from '../../../../src/wallet/clear-signing/render.ts';
import { descriptorFiles } from '../../../../src/wallet/clear-signing/registry.ts';
import { parseTypedData } from '../../../../src/wallet/typed-data.ts';
import type { ClearWords } from '../../../../src/wallet/clear-signing/types.ts';

const DEVNET = 1337;
const router = '0x1111111111111111111111111111111111111111';
const vta = '0x2222222222222222222222222222222222222222';
const weth = '0x3333333333333333333333333333333333333333';
const vusd = '0x4444444444444444444444444444444444444444';
const user = '0xaaaa000000000000000000000000000000000001';
const pad = (h: string | bigint) => (typeof h === 'bigint' ? h.toString(16) : h.replace(/^0x/, '')).padStart(64, '0');
const files = descriptorFiles(CLEARSIG_REPO_FULL, { chainId: DEVNET, tokens: [vta, vusd], routers: [router] });
const facts = (tokens: [string, { symbol?: string; decimals?: number }][] = [[vta, { symbol: 'VTA', decimals: 18 }], [vusd, { symbol: 'VUSD', decimals: 6 }]], chainId = DEVNET): ProvenFacts => ({
  chainId,
  chain: { name: 'Devnet', ticker: 'ETH' },
  tokens: new Map(tokens),
  names: new Map([[router, "Uniswap V2's router"]]),
});
/** swapExactETHForTokens(amountOutMin, [weth, vta], to, deadline) */
const swap = (to = user) => `0x7ff36ab5${pad(1940n * 10n ** 18n)}${pad('80')}${pad(to)}${pad(1893456000n)}${pad('2')}${pad(weth)}${pad(vta)}`;
const sentence = (w: ClearWords) => (w.sentence ?? []).map((p) => (typeof p === 'string' ? p : w.fields[p.field]!.value)).join('');

describe('callWords', () => {
  it('says a swap on the devnet router in words, each field with its asset', async () => {
    const w = (await callWords(files, { from: user, to: router, value: 10n ** 18n, data: swap() }, facts()))!;
    expect(sentence(w)).toBe('Swap 1 ETH for at least 1940 VTA. Expires at Tue, 01 Jan 2030 00:00:00 GMT');
    expect(w.intent).toBe('Swap');
    expect(w.boundTo).toEqual({ chainId: DEVNET, address: router });
    expect(w.fields.find((f) => f.label === 'Minimum to Receive')).toMatchObject({ asset: vta, raw: (1940n * 10n ** 18n).toString(), format: 'tokenAmount' });
    expect(w.fields.find((f) => f.label === 'Amount to Send')).toMatchObject({ asset: 'native', raw: (10n ** 18n).toString() });
    expect(w.fields.find((f) => f.label === 'Beneficiary')).toMatchObject({ address: user });
    expect(w.descriptor.owner).toBe('Uniswap');
  });
  it('renders nothing for the same calldata to another address, or on another chain', async () => {
    expect(await callWords(files, { from: user, to: '0x5555555555555555555555555555555555555555', value: 10n ** 18n, data: swap() }, facts())).toBeUndefined();
    const mainnet = descriptorFiles(CLEARSIG_REPO_FULL, { chainId: 1, tokens: [], routers: [] });
    expect(await callWords(mainnet, { from: user, to: router, value: 10n ** 18n, data: swap() }, facts(undefined, 1))).toBeUndefined();
  });
  it('shows an unproven token in raw units, never a symbol from elsewhere', async () => {
    const w = (await callWords(files, { from: user, to: router, value: 10n ** 18n, data: swap() }, facts([])))!;
    expect(w.fields.find((f) => f.label === 'Minimum to Receive')!.value).not.toContain('VTA');
  });
});

describe('typedWords', () => {
  it('says an ERC-2612 permit of a listed token in words', async () => {
    const typed = parseTypedData(
      {
        types: {
          EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
          Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
        },
        primaryType: 'Permit',
        domain: { name: 'Vigil Dollar', version: '1', chainId: DEVNET, verifyingContract: vusd },
        message: { owner: user, spender: router, value: '25000000', nonce: '0', deadline: '1893456000' },
      },
      BigInt(DEVNET),
    ).typedData;
    const w = (await typedWords(files, typed, { chainId: DEVNET, verifyingContract: vusd }, facts()))!;
    expect(w.intent).toBe('Authorize spending of tokens');
    expect(w.fields.map((f) => [f.label, f.value])).toEqual([
      ['Spender', router],
      ['Max spending amount', '25 VUSD'],
      ['Valid until', 'Tue, 01 Jan 2030 00:00:00 GMT'],
    ]);
    expect(w.fields[1]!.asset).toBe(vusd);
  });
});

import { describe, expect, it } from 'vitest';
import { REGISTRY_FILES as CLEARSIG_REPO_FULL } from '../../../../src/wallet/clear-signing/registry.generated.ts';
import { encodeFunctionCall } from '../../../../src/execution/abi.ts';
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
  it('renders nothing from calldata that is not the canonical encoding (the renderer reads none that the contract could read otherwise)', async () => {
    const canonical = swap();
    const body = canonical.slice(10);
    const words = (i: number) => body.slice(i * 64, (i + 1) * 64);
    // The path array moved one word on (a gap a lenient decoder would skip), and a second array after the first.
    const gap = `0x7ff36ab5${words(0)}${pad('a0')}${words(2)}${words(3)}${pad('0')}${body.slice(4 * 64)}`;
    const extra = `${canonical}${pad('2')}${pad(vta)}${pad(weth)}`;
    const dirty = `0x7ff36ab5${words(0)}${words(1)}${'ff'.repeat(12)}${words(2).slice(24)}${body.slice(3 * 64)}`;
    for (const data of [gap, extra, dirty]) await expect(callWords(files, { from: user, to: router, value: 10n ** 18n, data }, facts()).catch(() => undefined)).resolves.toBeUndefined();
  });

  it('shows an unproven token in raw units, never a symbol from elsewhere', async () => {
    const w = (await callWords(files, { from: user, to: router, value: 10n ** 18n, data: swap() }, facts([])))!;
    expect(w.fields.find((f) => f.label === 'Minimum to Receive')!.value).not.toContain('VTA');
  });
});

describe('generic ERC descriptors', () => {
  it('say an ERC-20 transfer to a listed token, and nothing of the same call to a token Vigil does not list', async () => {
    const data = encodeFunctionCall('transfer(address,uint256)', ['0xbbbb000000000000000000000000000000000002', 100n * 10n ** 18n]);
    const w = (await callWords(files, { from: user, to: vta, value: 0n, data }, facts()))!;
    expect(sentence(w) || `${w.intent}: ${w.fields.map((f) => f.value).join(', ')}`).toBe('Send: 100 VTA, 0xbbbb000000000000000000000000000000000002');
    expect(w.fields[0]).toMatchObject({ asset: vta, format: 'tokenAmount' });
    expect(await callWords(files, { from: user, to: weth, value: 0n, data }, facts([[weth, { symbol: 'VTA', decimals: 18 }]]))).toBeUndefined();
  });
});

const MAINNET = { chainId: 1, chain: { name: 'Ethereum', ticker: 'ETH' }, names: new Map<string, string>() };
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const mainnetFiles = descriptorFiles(CLEARSIG_REPO_FULL, { chainId: 1, tokens: [USDC], routers: [] });
const domain712 = [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }];

describe('registry descriptors on mainnet', () => {
  it("says Permit2's PermitSingle from Uniswap's registry file", async () => {
    const permit2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
    const typed = parseTypedData(
      {
        types: {
          EIP712Domain: domain712,
          PermitSingle: [{ name: 'details', type: 'PermitDetails' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }],
          PermitDetails: [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }],
        },
        primaryType: 'PermitSingle',
        domain: { name: 'Permit2', chainId: 1, verifyingContract: permit2 },
        message: { details: { token: USDC, amount: '100000000', expiration: '1893456000', nonce: '0' }, spender: '0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad', sigDeadline: '1893456000' },
      },
      1n,
    ).typedData;
    const w = (await typedWords(mainnetFiles, typed, { chainId: 1, verifyingContract: permit2 }, { ...MAINNET, tokens: new Map([[USDC, { symbol: 'USDC', decimals: 6 }]]) }))!;
    expect(w.intent).toBe('Authorize spending of token');
    expect(w.fields.map((f) => [f.label, f.value])).toEqual([
      ['Spender', '0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad'],
      ['Amount allowance', '100 USDC'],
      ['Approval expires', 'Tue, 01 Jan 2030 00:00:00 GMT'],
    ]);
    expect(w.descriptor).toMatchObject({ owner: 'Uniswap Labs' });
    // The same message to a Permit2 on another chain: no words.
    expect(await typedWords(mainnetFiles, typed, { chainId: 1, verifyingContract: permit2 }, { ...MAINNET, chainId: 5, tokens: new Map() })).toBeUndefined();
  });

  it('says a Seaport 1.6 order, an item of ether and one of a token each as proven, with no token guessed for a repeated label', async () => {
    const seaport = '0x0000000000000068F116a894984e2DB1123eB395';
    const bayc = '0xbc4ca0eda7647a8ab7c2061c2e118a18a936f13d';
    const typed = parseTypedData(
      {
        types: {
          EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, ...domain712.slice(1)],
          OrderComponents: [
            { name: 'offerer', type: 'address' }, { name: 'zone', type: 'address' }, { name: 'offer', type: 'OfferItem[]' }, { name: 'consideration', type: 'ConsiderationItem[]' }, { name: 'orderType', type: 'uint8' }, { name: 'startTime', type: 'uint256' },
            { name: 'endTime', type: 'uint256' }, { name: 'zoneHash', type: 'bytes32' }, { name: 'salt', type: 'uint256' }, { name: 'conduitKey', type: 'bytes32' }, { name: 'counter', type: 'uint256' },
          ],
          OfferItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }],
          ConsiderationItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }, { name: 'recipient', type: 'address' }],
        },
        primaryType: 'OrderComponents',
        domain: { name: 'Seaport', version: '1.6', chainId: 1, verifyingContract: seaport },
        message: {
          offerer: user, zone: '0x0000000000000000000000000000000000000000',
          offer: [{ itemType: '2', token: bayc, identifierOrCriteria: '1234', startAmount: '1', endAmount: '1' }],
          consideration: [
            { itemType: '0', token: '0x0000000000000000000000000000000000000000', identifierOrCriteria: '0', startAmount: '9750000000000000000', endAmount: '9750000000000000000', recipient: user },
            { itemType: '1', token: USDC, identifierOrCriteria: '0', startAmount: '250000000', endAmount: '250000000', recipient: '0x0000a26b00c1f0df003000390027140000faa719' },
          ],
          orderType: '0', startTime: '1700000000', endTime: '1893456000', zoneHash: `0x${'00'.repeat(32)}`, salt: '1', conduitKey: `0x${'00'.repeat(32)}`, counter: '0',
        },
      },
      1n,
    ).typedData;
    const w = (await typedWords(mainnetFiles, typed, { chainId: 1, verifyingContract: seaport }, { ...MAINNET, tokens: new Map([[USDC, { symbol: 'USDC', decimals: 6 }]]) }))!;
    expect(w.intent).toBe('Sign a Seaport order');
    const byLabel = Object.fromEntries(w.fields.map((f) => [f.label, f]));
    expect(byLabel['You give']).toMatchObject({ value: '1 ???', asset: bayc });
    expect(byLabel['Token id given']!.value).toBe('1234');
    expect(byLabel['In return, paid']!.value).toBe('9.75 ETH');
    expect(byLabel['In return, paid 2']!.value).toBe('250 USDC');
    expect(byLabel['In return, paid']!.asset).toBeUndefined();
    expect(byLabel['In return, paid 2']!.asset).toBeUndefined();
    expect(w.descriptor.source).toMatch(/^written in Vigil from https:\/\/github.com\/ProjectOpenSea\/seaport/);
  });

  it("says ENS's register in words, from the descriptor written here", async () => {
    const controller = '0x253553366da8546fc250f225fe3d25d0c782303b';
    const data = encodeFunctionCall('register(string,address,uint256,bytes32,address,bytes[],bool,uint16)', ['vigil', user, 31536000n, `0x${'11'.repeat(32)}`, '0x231b0ee14048e9dccd1d247744d114a4eb5e8e63', [], true, 0n]);
    const w = (await callWords(mainnetFiles, { from: user, to: controller, value: 10n ** 16n, data }, { ...MAINNET, tokens: new Map() }))!;
    expect(sentence(w)).toBe('Register vigil.eth for 8760:00:00, paying at most 0.01 ETH');
    expect(w.descriptor).toMatchObject({ owner: 'ENS', contractName: 'ETHRegistrarController' });
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

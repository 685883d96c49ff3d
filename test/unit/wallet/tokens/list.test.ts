/**
 * The token list Vigil ships (src/wallet/tokens/list.generated.ts): exactly what scripts/token-list.mjs
 * derives from the pinned @eth-optimism/tokenlist (a devDependency: this test needs it installed),
 * every row one the token rule keeps, and the lookups src/wallet/tokens/identity.ts compares with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenDecimalsProblem, tokenSymbolProblem } from '../../../../src/core/token-rules.ts';
import { NATIVE_SYMBOL, shippedTokens, tokenNaming } from '../../../../src/wallet/tokens/shipped.ts';
import { TOKEN_LIST_ROWS, TOKEN_LIST_SOURCE } from '../../../../src/wallet/tokens/list.generated.ts';
// @ts-expect-error: a plain .mjs script, no types
import { CHAINS, PACKAGE, readPackage, render } from '../../../../scripts/token-list.mjs';

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';

describe('the shipped token list', () => {
  it('is what scripts/token-list.mjs derives from the installed package, whose version its header names', async () => {
    const { version, list } = (await readPackage()) as { version: string; list: unknown };
    expect(TOKEN_LIST_SOURCE).toMatchObject({ package: PACKAGE, version });
    expect(readFileSync(new URL('../../../../src/wallet/tokens/list.generated.ts', import.meta.url), 'utf8')).toBe(render(version, list));
  });

  it('holds mainnet, Sepolia and Hoodi, each row a lower-case address once, in order, with a symbol and decimals the token rule keeps', () => {
    expect(Object.keys(TOKEN_LIST_ROWS).map(Number).sort()).toEqual([...(CHAINS as number[])].sort());
    for (const [chainId, rows] of Object.entries(TOKEN_LIST_ROWS)) {
      const addresses = rows.map((r) => r[0]);
      expect(addresses, chainId).toEqual([...new Set(addresses)].sort());
      for (const [address, symbol, decimals] of rows) {
        expect(address, `${chainId} ${symbol}`).toMatch(/^[0-9a-f]{40}$/);
        expect(address).not.toBe('0'.repeat(40));
        expect(tokenSymbolProblem(symbol), `${chainId} ${address}`).toBeUndefined();
        expect(tokenDecimalsProblem(decimals), `${chainId} ${address}`).toBeUndefined();
        expect(rows.find((r) => r[0] === address)).toHaveLength(3);
      }
    }
    expect(TOKEN_LIST_ROWS[1]!.length).toBeGreaterThan(300);
    expect(TOKEN_LIST_ROWS[11155111]!.length).toBeGreaterThan(10);
  });

  it('answers by lower-case address per chain; a chain it has no list for has none', () => {
    expect(shippedTokens(1).get(USDC)).toEqual({ address: USDC, symbol: 'USDC', decimals: 6 });
    expect(shippedTokens(1).get(WETH)?.symbol).toBe('WETH');
    expect(shippedTokens(1).has('0x' + '0'.repeat(40))).toBe(false);
    expect(shippedTokens(560048).size).toBe(0);
    expect(shippedTokens(31337).size).toBe(0);
    expect(shippedTokens(1)).toBe(shippedTokens(1));
  });

  it("a network's naming: ether, the followed tokens and the list with the network's own (a devnet's) added", () => {
    const VTA = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const naming = tokenNaming(31337, [{ address: '0x' + 'AB'.repeat(20), symbol: 'MINE' }], [{ address: VTA, symbol: 'VTA' }]);
    expect(naming.nativeSymbol).toBe(NATIVE_SYMBOL);
    expect(naming.followed).toEqual([{ address: '0x' + 'ab'.repeat(20), symbol: 'MINE' }]);
    expect([...naming.listed.entries()]).toEqual([[VTA.toLowerCase(), { address: VTA.toLowerCase(), symbol: 'VTA' }]]);
    expect(tokenNaming(1).listed).toBe(shippedTokens(1));
  });
});

/**
 * The descriptors Vigil renders with (src/wallet/clear-signing/registry.ts): the registry's files
 * for its networks exactly as scripts/clear-signing-registry.mjs derives them from the installed
 * micro-eth-signer, the main protocols bound on mainnet, and the generic ERC descriptors bound to
 * listed tokens only.
 */
import { readFileSync } from 'node:fs';
import { CLEARSIG_REPO_FULL } from 'micro-eth-signer/clearsig/repo-full.js';
import { describe, expect, it } from 'vitest';
import { boundFiles, descriptorFiles } from '../../../../src/wallet/clear-signing/registry.ts';
import { REGISTRY_FILES } from '../../../../src/wallet/clear-signing/registry.generated.ts';
// @ts-expect-error: a plain .mjs script, no types
import { readPackage, render } from '../../../../scripts/clear-signing-registry.mjs';

describe('the registry Vigil ships', () => {
  it('is what scripts/clear-signing-registry.mjs derives from the installed package', async () => {
    const { version, registry } = (await readPackage()) as { version: string; registry: unknown };
    expect(version).toBe('0.20.1');
    expect(readFileSync(new URL('../../../../src/wallet/clear-signing/registry.generated.ts', import.meta.url), 'utf8')).toBe(render(version, registry));
    expect(Object.keys(REGISTRY_FILES).length).toBeLessThan(Object.keys(CLEARSIG_REPO_FULL).length);
  });

  it("binds the main protocols' contracts on mainnet", () => {
    const files = descriptorFiles(REGISTRY_FILES, { chainId: 1, tokens: [], routers: [] });
    const bound = (address: string, kind: 'contract' | 'eip712' = 'contract') => Object.keys(boundFiles(files, 1, address, kind));
    expect(bound('0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45')).toContain('registry/uniswap/calldata-UniswapV3Router02.json');
    expect(bound('0x7a250d5630b4cf539739df2c5dacb4c659f2488d')).toContain('local/legacy-uniswap-v2-router02.json');
    expect(bound('0x111111125421ca6dc452d289314280a0f8842a65')).toContain('registry/1inch/calldata-AggregationRouterV6.json');
    expect(bound('0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2')).toContain('registry/aave/calldata-lpv3.json');
    expect(bound('0xae7ab96520DE3A18E5e111B5EaAb095312D7fE84')).toContain('registry/lido/calldata-stETH.json');
    expect(bound('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2')).toContain('registry/weth/calldata-weth.json');
    expect(bound('0x000000000022D473030F116dDEE9F6B43aC78BA3', 'eip712')).toContain('registry/uniswap/eip712-uniswap-permit2.json');
    expect(bound('0x253553366da8546fc250f225fe3d25d0c782303b')).toEqual(['vigil/ens/calldata-ETHRegistrarController.json']);
    expect(bound('0x0000000000000068F116a894984e2DB1123eB395', 'eip712')).toEqual(['vigil/opensea/eip712-seaport-1.6.json']);
  });

  it('binds the generic ERC-20 and ERC-2612 descriptors to the listed tokens only, and a router only where given', () => {
    const token = '0x4444444444444444444444444444444444444444';
    const router = '0x1111111111111111111111111111111111111111';
    const files = descriptorFiles(REGISTRY_FILES, { chainId: 1337, tokens: [token], routers: [router] });
    expect(Object.keys(files).sort()).toEqual([`bound/1337/${router}/legacy-uniswap-v2-router02.json`, `tokens/1337/${token}/calldata-erc20-tokens.json`, `tokens/1337/${token}/eip712-erc2612-permit.json`]);
    expect(Object.keys(boundFiles(files, 1, token, 'contract'))).toEqual([]);
    expect(Object.keys(boundFiles(files, 1337, '0x5555555555555555555555555555555555555555', 'contract'))).toEqual([]);
  });
});

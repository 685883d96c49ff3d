/**
 * The committed artifacts (src/devnet/contracts/artifacts.ts) are what the committed sources
 * compile to: each source's sha256 matches the one recorded at compile time, every contract in
 * them has code, and the settings are the ones every devnet fork can run. Nothing is compiled
 * here; `node scripts/compile-contracts.mjs --check` recompiles and compares byte for byte.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, SOLC_SETTINGS, SOLC_VERSION, SOURCE_SHA256 } from '../../../src/devnet/contracts/artifacts.ts';

const dir = fileURLToPath(new URL('../../../src/devnet/contracts/', import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.sol')).sort();

describe('demo contract artifacts', () => {
  it('record the sha256 of every source, and only of those', () => {
    const actual = Object.fromEntries(sources.map((f) => [f, createHash('sha256').update(readFileSync(dir + f)).digest('hex')]));
    expect(SOURCE_SHA256).toEqual(actual);
  });

  it('come from the pinned solc with cancun and the optimizer', () => {
    const pinned = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).devDependencies.solc as string;
    expect(SOLC_VERSION.startsWith(`${pinned}+commit.`)).toBe(true);
    expect(SOLC_SETTINGS).toEqual({ evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 } });
  });

  it('hold init and runtime code for each contract a source defines', () => {
    const defined = sources.flatMap((f) => [...readFileSync(dir + f, 'utf8').matchAll(/^contract (\w+)/gm)].map((m) => m[1]!)).sort();
    expect(Object.keys(ARTIFACTS).sort()).toEqual(defined);
    for (const [name, a] of Object.entries(ARTIFACTS)) {
      expect(a.bytecode, name).toMatch(/^0x(?:[0-9a-f]{2})+$/);
      expect(a.deployedBytecode, name).toMatch(/^0x(?:[0-9a-f]{2})+$/);
      // The runtime code is the tail of what the init code returns (immutables aside: zeroed in both).
      expect(a.bytecode.length, name).toBeGreaterThan(a.deployedBytecode.length);
    }
  });

  it('lay out storage as the contracts document it', () => {
    const slots = (name: keyof typeof ARTIFACTS) => Object.fromEntries(ARTIFACTS[name].storageLayout.map((v) => [v.label, v.slot]));
    expect(slots('VigilToken')).toEqual({ name: 0, symbol: 1, totalSupply: 2, balanceOf: 3, allowance: 4 });
    expect(slots('VigilPair')).toEqual({ reserve0: 0, reserve1: 0, blockTimestampLast: 0, totalSupply: 1, balanceOf: 2 });
    expect(slots('VigilQuoter')).toEqual({ pairFor: 0 });
    expect(slots('VigilInspector')).toEqual({ stored: 0 });
  });
});

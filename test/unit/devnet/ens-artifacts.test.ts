/**
 * The committed ENS artifacts (src/devnet/ens/artifacts.ts) are what the committed sources compile
 * to: the sha256 of every vendored and own source matches the one recorded at compile time, and
 * the UniversalResolver has the functions viem calls. Nothing is compiled here;
 * `node scripts/compile-ens-contracts.mjs --check` recompiles and compares byte for byte.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENS_ARTIFACTS, SOLC_SETTINGS, SOLC_VERSION, SOURCE_SHA256 } from '../../../src/devnet/ens/artifacts.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ens = join(root, 'src', 'devnet', 'ens');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const sources = [...walk(join(ens, 'vendor')), ...walk(join(ens, 'contracts'))].filter((f) => f.endsWith('.sol'));

describe('ENS contract artifacts', () => {
  it('record the sha256 of every source, and only of those', () => {
    const actual = Object.fromEntries(sources.map((f) => [relative(root, f).split(sep).join('/'), createHash('sha256').update(readFileSync(f)).digest('hex')]));
    expect(SOURCE_SHA256).toEqual(actual);
  });

  it('come from the pinned solc with cancun and the optimizer', () => {
    const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.solc as string;
    expect(SOLC_VERSION.startsWith(`${pinned}+commit.`)).toBe(true);
    expect(SOLC_SETTINGS).toEqual({ evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 } });
  });

  it('hold the UniversalResolver functions and errors viem 2.57 calls and decodes (its constants/abis.js)', () => {
    const signatures = new Set(
      ENS_ARTIFACTS.UniversalResolver.abi
        .filter((e) => e.type === 'function' || e.type === 'error')
        .map((e) => `${e.type} ${e.name}(${e.inputs.map((i) => i.type).join(',')})`),
    );
    for (const s of [
      'function resolveWithGateways(bytes,bytes,string[])',
      'function reverseWithGateways(bytes,uint256,string[])',
      'error ResolverNotFound(bytes)',
      'error ResolverNotContract(bytes,address)',
      'error ResolverError(bytes)',
      'error HttpError(uint16,string)',
      'error ReverseAddressMismatch(string,bytes)',
      'error UnsupportedResolverProfile(bytes4)',
    ]) {
      expect(signatures.has(s), s).toBe(true);
    }
  });
});

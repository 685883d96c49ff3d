/**
 * The committed OP Stack artifacts (src/devnet/op-stack/artifacts.generated.ts) are op-contracts/v7.0.0 as
 * released: every contract the release records is byte for byte the init code the release built
 * (its snapshots/semver-lock.json `initCodeHash`, vendored with the sources), and the sources are
 * the ones compiled. Nothing is compiled here; `node scripts/compile-op-contracts.mjs --check`
 * recompiles and compares.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { OP_ARTIFACTS, SOLC_JOBS, SOURCE_SHA256 } from '../../../../src/devnet/op-stack/artifacts.generated.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const bedrock = join(root, 'src', 'devnet', 'op-stack', 'vendor', 'contracts-bedrock');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const lock = JSON.parse(readFileSync(join(bedrock, 'snapshots', 'semver-lock.json'), 'utf8')) as Record<string, { initCodeHash: string; sourceCodeHash: string }>;

describe('OP Stack contract artifacts (op-contracts/v7.0.0)', () => {
  it('are the release\'s init code, byte for byte, for every contract its semver lock records', () => {
    const recorded = Object.keys(OP_ARTIFACTS).filter((name) => lock[`src/${OP_ARTIFACTS[name as keyof typeof OP_ARTIFACTS].source.split('/src/').pop()}:${name}`]);
    // Proxy and ProxyAdmin carry no semver, so the lock has no entry for them.
    expect(Object.keys(OP_ARTIFACTS).filter((n) => !recorded.includes(n)).sort()).toEqual(['Proxy', 'ProxyAdmin']);
    for (const name of recorded) {
      const a = OP_ARTIFACTS[name as keyof typeof OP_ARTIFACTS];
      const key = `src/${a.source.split('/src/').pop()}:${name}`;
      expect(bytesToHex(keccak256(hexToBytes(a.bytecode))), name).toBe(lock[key]!.initCodeHash);
    }
  });

  it('record the sha256 of every vendored source, and only of those', () => {
    const sources = walk(bedrock).filter((f) => f.endsWith('.sol'));
    const actual = Object.fromEntries(sources.map((f) => [relative(root, f).split(sep).join('/'), createHash('sha256').update(readFileSync(f)).digest('hex')]));
    expect(SOURCE_SHA256).toEqual(actual);
  });

  it('come from the solc versions package.json pins, with the release\'s settings', () => {
    const dev = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies as Record<string, string>;
    for (const job of SOLC_JOBS) {
      const alias = job.solc.startsWith('0.8.15+') ? 'solc-0.8.15' : 'solc-0.8.25';
      expect(dev[alias], alias).toBe(`npm:solc@${job.solc.split('+')[0]}`);
      expect(job.metadata).toEqual({ bytecodeHash: 'none' });
      expect(job.evmVersion).toBe(job.solc.startsWith('0.8.15+') ? 'london' : 'cancun');
    }
    expect(SOLC_JOBS.flatMap((j) => j.contracts).sort()).toEqual(Object.keys(OP_ARTIFACTS).sort());
  });

  it('fit under EIP-170, as the release\'s size check holds them', () => {
    for (const [name, a] of Object.entries(OP_ARTIFACTS)) expect((a.deployedBytecode.length - 2) / 2, name).toBeLessThanOrEqual(24_576);
  });
});

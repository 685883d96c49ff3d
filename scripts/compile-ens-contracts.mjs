#!/usr/bin/env node
/**
 * Compiles the devnet's ENS contracts with solc-js, offline (the `solc` npm package's own
 * soljson.js; nothing is downloaded): ENS's registry, PublicResolver, ReverseRegistrar,
 * UniversalResolver, GatewayProvider and .eth registration (BaseRegistrarImplementation,
 * ETHRegistrarController, ExponentialPremiumPriceOracle over a DummyOracle, DefaultReverseRegistrar) from the vendored sources in src/devnet/ens/vendor (their
 * README records the repositories and commits; OpenZeppelin 4.9.3 and 5.1.0 and ENS's buffer are
 * vendored beside them, as ens-contracts' package.json pins them), and our own resolvers in
 * src/devnet/ens/contracts. Writes src/devnet/ens/artifacts.ts (ABI, init and runtime code of each
 * contract the devnet deploys, the compiler version, the settings, the sha256 of every source);
 * a unit test checks the recorded hashes against the sources.
 *
 * Import paths are ens-contracts' own: `@openzeppelin/contracts/` maps to the vendored 4.9.3,
 * `@openzeppelin/contracts-v5/` to 5.1.0, `@ensdomains/buffer/` to the vendored buffer; every
 * source is given to solc up front, so an import outside the vendored tree fails the build.
 *
 * Settings: ens-contracts builds with solc 0.8.26 (hardhat.config.ts), the version installed here;
 * evmVersion `cancun` as the other devnet contracts (scripts/compile-contracts.mjs), optimizer 200 runs.
 *
 * Usage: node scripts/compile-ens-contracts.mjs [--check]
 *   --check  compile and compare with the committed artifacts; exit 1 if they differ
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatArtifacts, writeOrCheck } from './solc-artifacts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ensDir = join(root, 'src', 'devnet', 'ens');
const vendor = join(ensDir, 'vendor');
const out = join(ensDir, 'artifacts.ts');
const solc = createRequire(import.meta.url)('solc');

export const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

/** Each vendored tree and the import prefix its files go by. */
const TREES = [
  { dir: join(vendor, 'ens-contracts'), prefix: '' },
  { dir: join(vendor, 'openzeppelin-contracts-4.9.3', 'contracts'), prefix: '@openzeppelin/contracts/' },
  { dir: join(vendor, 'openzeppelin-contracts-5.1.0', 'contracts'), prefix: '@openzeppelin/contracts-v5/' },
  { dir: join(vendor, 'buffer'), prefix: '@ensdomains/buffer/' },
  { dir: join(ensDir, 'contracts'), prefix: 'vigil/' },
];
/** The contracts the devnet deploys, by source unit. */
const DEPLOYED = {
  'contracts/registry/ENSRegistry.sol': 'ENSRegistry',
  'contracts/resolvers/PublicResolver.sol': 'PublicResolver',
  'contracts/reverseRegistrar/ReverseRegistrar.sol': 'ReverseRegistrar',
  'contracts/universalResolver/UniversalResolver.sol': 'UniversalResolver',
  'contracts/ccipRead/GatewayProvider.sol': 'GatewayProvider',
  'contracts/ethregistrar/BaseRegistrarImplementation.sol': 'BaseRegistrarImplementation',
  'contracts/ethregistrar/ETHRegistrarController.sol': 'ETHRegistrarController',
  'contracts/ethregistrar/ExponentialPremiumPriceOracle.sol': 'ExponentialPremiumPriceOracle',
  'contracts/ethregistrar/DummyOracle.sol': 'DummyOracle',
  'contracts/reverseRegistrar/DefaultReverseRegistrar.sol': 'DefaultReverseRegistrar',
  'vigil/VigilWildcardResolver.sol': 'VigilWildcardResolver',
  'vigil/VigilOffchainResolver.sol': 'VigilOffchainResolver',
  'vigil/VigilSignedOffchainResolver.sol': 'VigilSignedOffchainResolver',
};

function walk(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}
/** Source unit name → { content, path relative to the repository root }. */
const units = {};
for (const { dir, prefix } of TREES) {
  for (const file of walk(dir).filter((f) => f.endsWith('.sol')).sort()) {
    units[prefix + relative(dir, file).split(sep).join('/')] = { content: readFileSync(file, 'utf8'), path: relative(root, file).split(sep).join('/') };
  }
}
const sources = Object.fromEntries(Object.entries(units).map(([u, { content }]) => [u, { content }]));
const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS }), { import: (p) => ({ error: `not vendored: ${p}` }) }));
// ENS's sources are theirs, unchanged: their warnings (e.g. ENSRegistry's `constructor() public`)
// are not ours to fix. Ours must compile cleanly.
const problems = (output.errors ?? []).filter((e) => e.severity === 'error' || (e.type === 'Warning' && e.sourceLocation?.file?.startsWith('vigil/')));
if (problems.length > 0) {
  for (const p of problems) console.error(p.formattedMessage ?? p.message);
  process.exit(1);
}

const contracts = {};
for (const [unit, name] of Object.entries(DEPLOYED)) {
  const c = output.contracts[unit]?.[name];
  if (!c) throw new Error(`${unit} has no contract ${name}`);
  contracts[name] = { source: units[unit].path, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, deployedBytecode: `0x${c.evm.deployedBytecode.object}`, storageLayout: [] };
}
const hashes = Object.fromEntries(Object.values(units).map(({ content, path }) => [path, createHash('sha256').update(content).digest('hex')]));
const { outputSelection: _, ...recorded } = SETTINGS;

const text = `/**
 * Generated by scripts/compile-ens-contracts.mjs from the vendored ENS sources (./vendor, see its
 * README) and our resolvers (./contracts): do not edit; change a source, then run
 * \`node scripts/compile-ens-contracts.mjs\`. solc ${solc.version()}, settings below.
 * @module
 */

export const SOLC_VERSION = ${JSON.stringify(solc.version())};

export const SOLC_SETTINGS = ${JSON.stringify(recorded)} as const;

/** sha256 (hex) of each source file compiled (paths from the repository root). */
export const SOURCE_SHA256: Record<string, string> = ${JSON.stringify(hashes, null, 2)};

export const ENS_ARTIFACTS = ${formatArtifacts(contracts)} as const;

export type EnsContractName = keyof typeof ENS_ARTIFACTS;
`;

writeOrCheck(out, text, 'scripts/compile-ens-contracts.mjs', Object.keys(contracts).length, `${Object.entries(contracts).map(([n, c]) => `${n} ${(c.deployedBytecode.length - 2) / 2} B`).join(', ')} (solc ${solc.version()})`);

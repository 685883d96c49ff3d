#!/usr/bin/env node
/**
 * Compiles the OP Stack contracts the devnet's OP chain deploys (op-contracts/v7.0.0, vendored
 * unchanged in src/devnet/op-stack/vendor: its README records the commits) with solc-js, offline,
 * as the release builds them (packages/contracts-bedrock/foundry.toml at that commit): the legacy
 * pipeline, no metadata hash, foundry's remappings, and the compiler each root pins: solc 0.8.15
 * (EVM london, which forge caps 0.8.15's "cancun" to) for all but the L2 fee vaults, solc 0.8.25
 * (cancun) for those; the optimizer at 999,999 runs but for the three files foundry.toml's
 * compilation_restrictions give 5,000 (OptimismPortal2, FaultDisputeGame, PermissionedDisputeGame).
 * The two compilers are the `solc` npm package at those versions, installed as aliases.
 *
 * Writes src/devnet/op-stack/artifacts.generated.ts: each contract's ABI, init and runtime code and storage
 * layout, the compilers and settings, and the sha256 of every source. A unit test holds each init
 * code's keccak to the release's own record of it (snapshots/semver-lock.json, vendored too).
 *
 * Usage: node scripts/compile-op-contracts.mjs [--check]
 *   --check  compile and compare with the committed artifacts; exit 1 if they differ
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractArtifacts, formatArtifacts, writeOrCheck } from './solc-artifacts.mjs';
import { closure, REMAPPINGS } from './op-contracts-layout.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const opDir = join(root, 'src', 'devnet', 'op-stack');
const bedrock = join(opDir, 'vendor', 'contracts-bedrock');
const out = join(opDir, 'artifacts.generated.ts');
const require = createRequire(import.meta.url);

const SELECTION = { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object', 'storageLayout'] } };
/** One solc run: a compiler, its settings, and the source units whose contracts it gives. */
const JOBS = [
  {
    solc: 'solc-0.8.15',
    settings: { evmVersion: 'london', optimizer: { enabled: true, runs: 999999 } },
    roots: {
      'src/universal/ProxyAdmin.sol': ['ProxyAdmin'],
      'src/universal/Proxy.sol': ['Proxy'],
      'src/L1/SuperchainConfig.sol': ['SuperchainConfig'],
      'src/L1/SystemConfig.sol': ['SystemConfig'],
      'src/L1/ETHLockbox.sol': ['ETHLockbox'],
      'src/dispute/DisputeGameFactory.sol': ['DisputeGameFactory'],
      'src/dispute/AnchorStateRegistry.sol': ['AnchorStateRegistry'],
      'src/dispute/DelayedWETH.sol': ['DelayedWETH'],
      'src/cannon/MIPS64.sol': ['MIPS64'],
      'src/cannon/PreimageOracle.sol': ['PreimageOracle'],
      'src/L2/L1Block.sol': ['L1Block'],
      'src/L2/GasPriceOracle.sol': ['GasPriceOracle'],
      'src/L2/L2ToL1MessagePasser.sol': ['L2ToL1MessagePasser'],
      'src/L2/L2ProxyAdmin.sol': ['L2ProxyAdmin'],
    },
  },
  {
    solc: 'solc-0.8.15',
    settings: { evmVersion: 'london', optimizer: { enabled: true, runs: 5000 } },
    roots: {
      'src/L1/OptimismPortal2.sol': ['OptimismPortal2'],
      'src/dispute/PermissionedDisputeGame.sol': ['PermissionedDisputeGame'],
    },
  },
  {
    solc: 'solc-0.8.25',
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 999999 } },
    roots: {
      'src/L2/BaseFeeVault.sol': ['BaseFeeVault'],
      'src/L2/L1FeeVault.sol': ['L1FeeVault'],
      'src/L2/SequencerFeeVault.sol': ['SequencerFeeVault'],
      'src/L2/OperatorFeeVault.sol': ['OperatorFeeVault'],
    },
  },
];
/** What every job shares with foundry.toml: no metadata hash (the CBOR trailer with the version stays), its remappings. */
const COMMON = { metadata: { bytecodeHash: 'none' }, remappings: REMAPPINGS.map(([from, to]) => `${from}=${to}`) };

function walk(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}
const files = walk(bedrock).filter((f) => f.endsWith('.sol')).sort();
/** Source unit name (the path in contracts-bedrock, as forge names it) → content. */
const units = Object.fromEntries(files.map((f) => [relative(bedrock, f).split(sep).join('/'), readFileSync(f, 'utf8')]));
const contracts = {};
const compilers = {};
for (const job of JOBS) {
  const solc = require(job.solc);
  compilers[job.solc] = solc.version();
  const read = (unit) => {
    if (units[unit] === undefined) throw new Error(`not vendored: ${unit}`);
    return units[unit];
  };
  const sources = Object.fromEntries([...closure(Object.keys(job.roots), read)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([u, content]) => [u, { content }]));
  const settings = { ...job.settings, ...COMMON, outputSelection: SELECTION };
  const started = Date.now();
  const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings }), { import: (p) => ({ error: `not vendored: ${p}` }) }));
  // The release's sources are theirs, unchanged: their warnings are not ours to fix.
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    for (const e of errors) console.error(e.formattedMessage ?? e.message);
    process.exit(1);
  }
  const built = contractArtifacts(output, Object.keys(job.roots));
  for (const [unit, names] of Object.entries(job.roots)) {
    for (const name of names) {
      if (!built[name] || built[name].source !== unit) throw new Error(`${unit} has no contract ${name}`);
      contracts[name] = { ...built[name], source: `src/devnet/op-stack/vendor/contracts-bedrock/${unit}` };
    }
  }
  console.log(`${job.solc} (${job.settings.optimizer.runs} runs): ${Object.values(job.roots).flat().join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const hashes = Object.fromEntries(files.map((f) => [relative(root, f).split(sep).join('/'), createHash('sha256').update(units[relative(bedrock, f).split(sep).join('/')]).digest('hex')]));
const jobs = JOBS.map((j) => ({ solc: compilers[j.solc], ...j.settings, ...COMMON, contracts: Object.values(j.roots).flat() }));
const sorted = Object.fromEntries(Object.keys(contracts).sort().map((n) => [n, contracts[n]]));

const text = `/**
 * Generated by scripts/compile-op-contracts.mjs from op-contracts/v7.0.0's sources (./vendor, see
 * its README): do not edit; to move to another release, vendor it and run the script again.
 * @module
 */

/** Each solc run: the compiler, its settings as foundry.toml gives them, the contracts it built. */
export const SOLC_JOBS = ${JSON.stringify(jobs, null, 2)} as const;

/** sha256 (hex) of each source file compiled (paths from the repository root). */
export const SOURCE_SHA256: Record<string, string> = ${JSON.stringify(hashes, null, 2)};

export const OP_ARTIFACTS = ${formatArtifacts(sorted)} as const;

export type OpContractName = keyof typeof OP_ARTIFACTS;
`;

writeOrCheck(out, text, 'scripts/compile-op-contracts.mjs', Object.keys(contracts).length, Object.entries(sorted).map(([n, c]) => `${n} ${(c.deployedBytecode.length - 2) / 2} B`).join(', '));

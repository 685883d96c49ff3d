#!/usr/bin/env node
/**
 * Copies, unchanged, the OP Stack contracts the devnet's OP chain deploys (op-contracts/v7.0.0) and
 * everything they import, from git directories holding the commits src/devnet/op-stack/vendor/README.md
 * records, into src/devnet/op-stack/vendor/contracts-bedrock: the layout of the release's
 * packages/contracts-bedrock (src/, interfaces/, scripts/, and each dependency under lib/ at the
 * path its git submodule has), so the compile script resolves imports with foundry.toml's own
 * remappings. Each repository's license is copied beside its files. Run again only to move to
 * another release (then update the README and run scripts/compile-op-contracts.mjs); the build
 * and the tests use the committed copy.
 *
 * Usage: node scripts/vendor-op-contracts.mjs <dir>
 *   <dir> holds one git directory per repository, named owner+name/repo (as the mirrors here are).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closure } from './op-contracts-layout.mjs';

const [mirrors] = process.argv.slice(2);
if (!mirrors) throw new Error('usage: vendor-op-contracts.mjs <dir of owner+name/repo git directories>');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'devnet', 'op-stack', 'vendor', 'contracts-bedrock');

/** A repository at a commit, the directory of it that lands at `to` in the vendored tree. */
const repo = (name, rev, from, to, licenses) => ({ git: join(mirrors, name, 'repo'), rev, from, to, licenses });
// op-contracts/v7.0.0 (the signed tag's commit) and its submodules' gitlinks at that commit.
const OPTIMISM = repo('okx+optimism', 'a7c88c8d636ceb9944ea0edaf7d033da258778ab', 'packages/contracts-bedrock/', '', ['../../LICENSE']);
const LIBS = {
  'lib/openzeppelin-contracts/': repo('OpenZeppelin+openzeppelin-contracts', 'ecd2ca2cd7cac116f7a37d0e474bbb3d7d5e1c4d', '', 'lib/openzeppelin-contracts/', ['LICENSE']),
  'lib/openzeppelin-contracts-upgradeable/': repo('OpenZeppelin+openzeppelin-contracts-upgradeable', '0a2cb9a445c365870ed7a8ab461b12acf3e27d63', '', 'lib/openzeppelin-contracts-upgradeable/', ['LICENSE']),
  'lib/openzeppelin-contracts-v5/': repo('OpenZeppelin+openzeppelin-contracts', 'dbb6104ce834628e473d2173bbc9d47f81a9eec3', '', 'lib/openzeppelin-contracts-v5/', ['LICENSE']),
  'lib/solady/': repo('Vectorized+solady', '502cc1ea718e6fa73b380635ee0868b0740595f0', '', 'lib/solady/', ['LICENSE.txt']),
  'lib/solmate/': repo('transmissions11+solmate', '8f9b23f8838670afda0fd8983f2c41e8037ae6bc', '', 'lib/solmate/', ['LICENSE']),
  'lib/lib-keccak/': repo('ethereum-optimism+lib-keccak', '3b1e7bbb4cc23e9228097cfebe42aedaf3b8f2b9', '', 'lib/lib-keccak/', ['LICENSE.md']),
  'lib/forge-std/': repo('foundry-rs+forge-std', '6853b9ec7df5dc0c213b05ae67785ad4f4baa0ea', '', 'lib/forge-std/', ['LICENSE-MIT', 'LICENSE-APACHE']),
};
/** The contracts the devnet deploys (L1) or puts in the L2's genesis; the rest follows from their imports. */
const ROOTS = [
  'src/universal/ProxyAdmin.sol',
  'src/universal/Proxy.sol',
  'src/L1/SuperchainConfig.sol',
  'src/L1/SystemConfig.sol',
  'src/L1/OptimismPortal2.sol',
  'src/L1/ETHLockbox.sol',
  'src/dispute/DisputeGameFactory.sol',
  'src/dispute/AnchorStateRegistry.sol',
  'src/dispute/DelayedWETH.sol',
  'src/dispute/PermissionedDisputeGame.sol',
  'src/cannon/MIPS64.sol',
  'src/cannon/PreimageOracle.sol',
  'src/L2/L1Block.sol',
  'src/L2/GasPriceOracle.sol',
  'src/L2/L2ToL1MessagePasser.sol',
  'src/L2/L2ProxyAdmin.sol',
  'src/L2/BaseFeeVault.sol',
  'src/L2/L1FeeVault.sol',
  'src/L2/SequencerFeeVault.sol',
  'src/L2/OperatorFeeVault.sol',
];

/** The repository and its path for a path of the vendored tree. */
function locate(path) {
  for (const [prefix, lib] of Object.entries(LIBS)) {
    if (path.startsWith(prefix)) return [lib, lib.from + path.slice(prefix.length)];
  }
  return [OPTIMISM, OPTIMISM.from + path];
}

const show = (r, path) => execFileSync('git', [`--git-dir=${r.git}`, 'show', `${r.rev}:${posix.normalize(path)}`], { encoding: 'utf8', maxBuffer: 1 << 26 });

rmSync(out, { recursive: true, force: true });
const files = closure(ROOTS, (path) => show(...locate(path)));
for (const [path, text] of files) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}
// The release's record of each contract's init code hash, against which the compiled artifacts are held.
mkdirSync(join(out, 'snapshots'), { recursive: true });
writeFileSync(join(out, 'snapshots', 'semver-lock.json'), show(OPTIMISM, `${OPTIMISM.from}snapshots/semver-lock.json`));
for (const r of [OPTIMISM, ...Object.values(LIBS)]) {
  for (const license of r.licenses) writeFileSync(join(out, r.to, posix.basename(license)), show(r, r.from + license));
}
console.log(`vendored ${files.size} files into ${out}`);

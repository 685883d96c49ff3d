#!/usr/bin/env node
/**
 * Copies, unchanged, the ENS contracts the devnet deploys and everything they import from git
 * checkouts of their repositories at the commits src/devnet/ens/vendor/README.md records, into
 * src/devnet/ens/vendor (one directory per repository, paths as in the repository, with its
 * license). Run again only to move to other commits (then update the README and recompile with
 * scripts/compile-ens-contracts.mjs); the build and the tests use the committed copy.
 *
 * Usage: node scripts/vendor-ens-contracts.mjs <ens-contracts.git> <openzeppelin-contracts.git> <buffer.git>
 *   (each a git directory holding the recorded commit)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const [ensGit, ozGit, bufferGit] = process.argv.slice(2);
if (!ensGit || !ozGit || !bufferGit) throw new Error('usage: vendor-ens-contracts.mjs <ens-contracts.git> <openzeppelin-contracts.git> <buffer.git>');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'devnet', 'ens', 'vendor');
const ENS = { git: ensGit, rev: '3b1cc225ccdf64581d5fdc81db574f51ba5c8c09', to: 'ens-contracts' };
const OZ4 = { git: ozGit, rev: 'fd81a96f01cc42ef1c9a5399364968d0e07e9e90', to: 'openzeppelin-contracts-4.9.3' }; // tag v4.9.3
const OZ5 = { git: ozGit, rev: '69c8def5f222ff96f2b5beff05dfba996368aa79', to: 'openzeppelin-contracts-5.1.0' }; // tag v5.1.0
const BUFFER = { git: bufferGit, rev: '82cc81935de1d1a82e021cf1030d902c5248982b', to: 'buffer' };
/** The contracts the devnet deploys; the rest follows from their imports. */
const ROOTS = [
  'contracts/registry/ENSRegistry.sol',
  'contracts/resolvers/PublicResolver.sol',
  'contracts/reverseRegistrar/ReverseRegistrar.sol',
  'contracts/universalResolver/UniversalResolver.sol',
  'contracts/ccipRead/GatewayProvider.sol',
  // .eth registration as the ENS app does it (issue 68: a registration previewed plainly).
  'contracts/ethregistrar/ETHRegistrarController.sol',
  'contracts/ethregistrar/ExponentialPremiumPriceOracle.sol',
  'contracts/ethregistrar/DummyOracle.sol',
  'contracts/reverseRegistrar/DefaultReverseRegistrar.sol',
];

const show = (repo, path) => execFileSync('git', [`--git-dir=${repo.git}`, 'show', `${repo.rev}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
/** ens-contracts' package imports, as its package.json maps them. */
function locate(spec) {
  if (spec.startsWith('@openzeppelin/contracts-v5/')) return [OZ5, `contracts/${spec.slice('@openzeppelin/contracts-v5/'.length)}`];
  if (spec.startsWith('@openzeppelin/contracts/')) return [OZ4, `contracts/${spec.slice('@openzeppelin/contracts/'.length)}`];
  if (spec.startsWith('@ensdomains/buffer/')) return [BUFFER, spec.slice('@ensdomains/buffer/'.length)];
  throw new Error(`no repository for ${spec}`);
}

rmSync(out, { recursive: true, force: true });
const seen = new Set();
const queue = ROOTS.map((p) => [ENS, p]);
while (queue.length > 0) {
  const [repo, path] = queue.pop();
  if (seen.has(`${repo.to}/${path}`)) continue;
  seen.add(`${repo.to}/${path}`);
  const text = show(repo, path);
  mkdirSync(dirname(join(out, repo.to, path)), { recursive: true });
  writeFileSync(join(out, repo.to, path), text);
  for (const [, spec] of text.matchAll(/import\s+(?:[^"';]*from\s+)?["']([^"']+)["']/g)) {
    queue.push(spec.startsWith('@') ? locate(spec) : [repo, posix.normalize(posix.join(posix.dirname(path), spec))]);
  }
}
for (const [repo, license] of [[ENS, 'LICENSE.txt'], [OZ4, 'LICENSE'], [OZ5, 'LICENSE'], [BUFFER, 'LICENSE']]) {
  writeFileSync(join(out, repo.to, license), show(repo, license));
}
console.log(`vendored ${seen.size} files into ${out}`);

#!/usr/bin/env node
/**
 * Compiles the devnet rollup's contracts with solc-js, offline (the `solc` npm package's own
 * soljson.js: nothing is downloaded), as scripts/compile-contracts.mjs does for the demo
 * contracts, and writes the artifacts the devnet imports, so that neither the build nor the tests
 * compile Solidity:
 *
 * - ./artifacts.ts: VigilRollup.sol, Groth16Verifier.sol once the circuit's ceremony exported it,
 *   and how the Poseidon libraries are deployed (below);
 * - ./test/artifacts.ts: the test-only contracts in ./test (MockVerifier, RollupAccountOwner),
 *   which the devnet never imports.
 *
 * The Poseidon hashes are poseidon-solidity's libraries (PoseidonT3/T4/T6: public functions,
 * called by DELEGATECALL). As the package intends, they live at fixed addresses on every chain:
 * its deploy/ files hold the init code and salt for Arachnid's deterministic-deployment proxy,
 * itself deployed by a pre-signed keyless transaction (Nick's method). VigilRollup is linked to
 * those addresses here, at compile time, so its code (and code hash) is the same on every devnet;
 * deploy.ts puts the proxy and the libraries there when they are missing. The libraries' sources
 * are compiled with the rollup (their ABI), their sha256 recorded with the deploy data.
 *
 * evmVersion `cancun`: the oldest fork a devnet runs (deneb); the reentrancy lock uses TSTORE.
 *
 * Usage: node src/devnet/rollup/contracts/compile.mjs [--check]
 *   --check  compile and compare with the committed artifacts; exit 1 if they differ
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const dir = dirname(fileURLToPath(import.meta.url));
const testDir = join(dir, 'test');
const poseidonDir = dirname(require.resolve('poseidon-solidity/package.json'));
const poseidonVersion = JSON.parse(readFileSync(join(poseidonDir, 'package.json'), 'utf8')).version;

/** The libraries VigilRollup calls, by the import path its source uses. */
const LIBRARIES = ['PoseidonT3', 'PoseidonT4', 'PoseidonT6'];
const libraryDeploy = Object.fromEntries(LIBRARIES.map((name) => [name, require(`poseidon-solidity/deploy/${name}.js`)]));
const { proxy } = require('poseidon-solidity');

const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  libraries: Object.fromEntries(LIBRARIES.map((name) => [`poseidon-solidity/${name}.sol`, { [name]: libraryDeploy[name].address }])),
};
const SELECT = ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object', 'storageLayout'];

const mainFiles = readdirSync(dir).filter((f) => f.endsWith('.sol')).sort();
const testFiles = readdirSync(testDir).filter((f) => f.endsWith('.sol')).sort().map((f) => `test/${f}`);
const libraryFiles = LIBRARIES.map((name) => `poseidon-solidity/${name}.sol`);
const read = (file) => readFileSync(file.startsWith('poseidon-solidity/') ? join(poseidonDir, file.slice('poseidon-solidity/'.length)) : join(dir, file), 'utf8');
const sources = Object.fromEntries([...mainFiles, ...testFiles, ...libraryFiles].map((f) => [f, { content: read(f) }]));
const outputSelection = Object.fromEntries([...mainFiles, ...testFiles].map((f) => [f, { '*': SELECT }]));
const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: { ...SETTINGS, outputSelection } })));

// solc warns at every TSTORE, however it is used; the reentrancy lock uses it on purpose.
const TSTORE_WARNING = 'Transient storage as defined by EIP-1153';
// Groth16Verifier.sol is snarkjs's export, not ours: its warnings are shown, not fatal.
const fatal = (e) => e.severity === 'error' || (e.type === 'Warning' && !e.message.startsWith(TSTORE_WARNING) && e.sourceLocation?.file !== 'Groth16Verifier.sol');
for (const e of output.errors ?? []) if (!fatal(e) && !e.message.startsWith(TSTORE_WARNING)) console.error(e.formattedMessage ?? e.message);
const problems = (output.errors ?? []).filter(fatal);
if (problems.length > 0) {
  for (const p of problems) console.error(p.formattedMessage ?? p.message);
  process.exit(1);
}

function artifactsOf(files) {
  const contracts = {};
  for (const file of files) {
    for (const [name, c] of Object.entries(output.contracts[file] ?? {})) {
      if (c.evm.bytecode.object === '') continue; // an interface
      if (Object.keys(c.evm.bytecode.linkReferences ?? {}).length > 0) throw new Error(`${name} has unlinked libraries`);
      contracts[name] = {
        source: file,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        storageLayout: c.storageLayout.storage.map(({ label, slot, offset, type }) => ({
          label,
          slot: Number(slot),
          offset,
          type: c.storageLayout.types[type]?.label ?? type,
        })),
      };
    }
  }
  return contracts;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const hashesOf = (files) => Object.fromEntries(files.map((f) => [f, sha256(sources[f].content)]));

/** One ABI entry or storage variable per line: readable diffs. */
function formatArtifacts(all) {
  const lines = ['{'];
  for (const [name, c] of Object.entries(all)) {
    lines.push(`  ${JSON.stringify(name)}: {`, `    "source": ${JSON.stringify(c.source)},`, '    "abi": [');
    for (const entry of c.abi) lines.push(`      ${JSON.stringify(entry)},`);
    lines.push('    ],', `    "bytecode": ${JSON.stringify(c.bytecode)},`, `    "deployedBytecode": ${JSON.stringify(c.deployedBytecode)},`, '    "storageLayout": [');
    for (const v of c.storageLayout) lines.push(`      ${JSON.stringify(v)},`);
    lines.push('    ],', '  },');
  }
  lines.push('}');
  return lines.join('\n');
}

const mainArtifacts = artifactsOf(mainFiles);
const testArtifacts = artifactsOf(testFiles);
const header = (what) => `/**
 * Generated by src/devnet/rollup/contracts/compile.mjs from ${what}: do not edit; change a
 * contract, then run \`node src/devnet/rollup/contracts/compile.mjs\`. solc ${solc.version()}, settings below.
 * @module
 */
`;

const poseidon = {
  package: `poseidon-solidity@${poseidonVersion}`,
  proxy: { address: proxy.address.toLowerCase(), from: proxy.from.toLowerCase(), gas: proxy.gas, tx: proxy.tx },
  libraries: Object.fromEntries(
    LIBRARIES.map((name) => {
      const d = libraryDeploy[name];
      if (d.proxyAddress.toLowerCase() !== proxy.address.toLowerCase()) throw new Error(`${name} names another proxy: ${d.proxyAddress}`);
      if (d.data.toLowerCase() !== `${d.salt}${d.bytecode.slice(2)}`.toLowerCase()) throw new Error(`${name}: data is not salt ‖ init code`);
      return [name, { address: d.address.toLowerCase(), inputs: Number(name.slice('PoseidonT'.length)) - 1, data: d.data.toLowerCase() }];
    }),
  ),
};

const mainText = `${header('the .sol files beside it (and poseidon-solidity\'s PoseidonT3/T4/T6)')}
export const SOLC_VERSION = ${JSON.stringify(solc.version())};

/** The compiler settings; \`libraries\` links VigilRollup to the Poseidon libraries' fixed addresses. */
export const SOLC_SETTINGS = ${JSON.stringify(SETTINGS)} as const;

/** sha256 (hex) of each source file, as compiled. */
export const SOURCE_SHA256: Record<string, string> = ${JSON.stringify({ ...hashesOf(mainFiles), ...hashesOf(libraryFiles) }, null, 2)};

/**
 * How the Poseidon libraries reach their fixed addresses (from poseidon-solidity's index.js and
 * deploy/): fund \`proxy.from\` with \`proxy.gas\` wei, send the pre-signed \`proxy.tx\` (Arachnid's
 * deterministic-deployment proxy at \`proxy.address\`), then send each library's \`data\` (salt ‖
 * init code) to the proxy, which CREATE2s it at \`address\`.
 */
export const POSEIDON = ${JSON.stringify(poseidon, null, 2)} as const;

export const ARTIFACTS = ${formatArtifacts(mainArtifacts)} as const;

export type RollupContractName = keyof typeof ARTIFACTS;
`;

const testText = `${header('the .sol files beside it, for tests only')}
export const SOLC_VERSION = ${JSON.stringify(solc.version())};

/** sha256 (hex) of each source file, as compiled. */
export const SOURCE_SHA256: Record<string, string> = ${JSON.stringify(Object.fromEntries(testFiles.map((f) => [f.slice('test/'.length), sha256(sources[f].content)])), null, 2)};

export const TEST_ARTIFACTS = ${formatArtifacts(Object.fromEntries(Object.entries(testArtifacts).map(([n, c]) => [n, { ...c, source: c.source.slice('test/'.length) }])))} as const;
`;

const outputs = [
  [join(dir, 'artifacts.ts'), mainText],
  [join(testDir, 'artifacts.ts'), testText],
];
if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, text] of outputs) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      console.error(`${file} differs from what the sources compile to: run node src/devnet/rollup/contracts/compile.mjs`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log(`rollup artifacts are up to date (${[...Object.keys(mainArtifacts), ...Object.keys(testArtifacts)].join(', ')})`);
} else {
  for (const [file, text] of outputs) writeFileSync(file, text);
  console.log(`wrote ${outputs.map(([f]) => f).join(', ')}: ${[...Object.keys(mainArtifacts), ...Object.keys(testArtifacts)].join(', ')} (solc ${solc.version()})`);
}

/**
 * What the contract compile scripts share (scripts/compile-contracts.mjs for the demo contracts,
 * compile-ens-contracts.mjs and compile-op-contracts.mjs, src/devnet/rollup/contracts/compile.mjs
 * for the rollup's): the artifact of each compiled contract as the committed artifacts files hold
 * it, their one-entry-per-line format, and writing them or checking them (`--check`).
 */

import { readFileSync, writeFileSync } from 'node:fs';

/** solc warns at every TSTORE, however it is used; our locks use it on purpose. */
export const TSTORE_WARNING = 'Transient storage as defined by EIP-1153';

/**
 * The deployable contracts of `files` in solc's standard-JSON `output` (interfaces left out):
 * source, ABI, bytecode, deployed bytecode and the storage layout with type labels. A contract
 * with unlinked libraries is an error: artifacts must deploy as they are.
 */
export function contractArtifacts(output, files) {
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

/** One ABI entry or storage variable per line: readable diffs, a file a third the size of indented JSON. */
export function formatArtifacts(all) {
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

/**
 * Writes the generated `text` to `out`, or with `--check` on the command line compares it with the
 * committed file and exits 1 naming `script` when they differ. `written` says what was written.
 */
export function writeOrCheck(out, text, script, count, written) {
  if (process.argv.includes('--check')) {
    if (readFileSync(out, 'utf8') !== text) {
      console.error(`${out} differs from what the sources compile to: run node ${script}`);
      process.exit(1);
    }
    console.log(`${out} is up to date (${count} contracts)`);
  } else {
    writeFileSync(out, text);
    console.log(`wrote ${out}: ${written}`);
  }
}

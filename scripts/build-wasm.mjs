#!/usr/bin/env node
/**
 * Compiles the AssemblyScript kernels in wasm/ with the local asc and embeds each binary as
 * base64 in src/crypto/wasm/<name>.generated.ts, so bundles need no extra fetch.
 *
 * Offline and quick: a module is recompiled only when its source, its flags or the compiler
 * version changed (the generated file records a fingerprint of all three). A module may name a
 * generator (`generate`, run first: it writes AssemblyScript sources such as BN254's unrolled
 * field code) and source folders (`sources`, fingerprinted as a whole).
 *
 * Usage: node scripts/build-wasm.mjs [--force] [--wat]
 *   --force  recompile everything
 *   --wat    also write build/wasm/<name>.wasm and .wat for inspection
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const wantWat = process.argv.includes('--wat');

// Shared flags: fastest code, no GC runtime (kernels never allocate), no assertion traps.
const COMMON = ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort='];

const MODULES = [
  {
    // Scalar keccak256 + SHA-256; owns the memory. Deliberately without SIMD: it must run
    // wherever WebAssembly runs.
    name: 'hash',
    entry: 'wasm/hash.ts',
    constant: 'HASH_WASM_BASE64',
    flags: ['--initialMemory', '2'],
    imports: [],
  },
  {
    // 4-lane SIMD SHA-256 of 64-byte pairs. Imports the memory of `hash` (and therefore must
    // not carry data segments of its own), so one copy of the input serves both.
    name: 'sha256x4',
    entry: 'wasm/sha256x4.ts',
    constant: 'SHA256X4_WASM_BASE64',
    flags: ['--enable', 'simd', '--importMemory', '--noExportMemory'],
    imports: ['env.memory'],
  },
  {
    // BN254 field, tower, G1/G2, MSM and pairing (src/crypto/bn254). `generate` writes the
    // field code and constants first; `sources` puts the whole folder into the fingerprint.
    name: 'bn254',
    entry: 'wasm/bn254.ts',
    constant: 'BN254_WASM_BASE64',
    flags: [],
    imports: [],
    generate: 'wasm/bn254/gen/bn254.mjs',
    sources: ['wasm/engine', 'wasm/bn254'],
  },
  {
    // BLS12-381: the same engine configured for the other curve, plus its point encodings,
    // subgroup checks and hash to G2 (src/crypto/bls).
    name: 'bls12381',
    entry: 'wasm/bls12381.ts',
    constant: 'BLS12381_WASM_BASE64',
    flags: [],
    imports: [],
    generate: 'wasm/bls12381/gen/bls12381.mjs',
    sources: ['wasm/engine', 'wasm/bls12381'],
  },
];

const ascVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/assemblyscript/package.json'), 'utf8'),
).version;
const selfSource = readFileSync(fileURLToPath(import.meta.url), 'utf8');

/** Files under `dir` (relative to root), recursively, sorted. */
function listFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function fingerprint(mod) {
  const hash = createHash('sha256');
  for (const file of (mod.sources ?? []).flatMap(listFiles)) hash.update(file).update(readFileSync(join(root, file)));
  return hash
    .update(readFileSync(join(root, mod.entry)))
    .update(JSON.stringify([COMMON, mod.flags, ascVersion]))
    .update(selfSource)
    .digest('hex')
    .slice(0, 32);
}

async function compile(mod) {
  const outputs = {};
  const args = [mod.entry, '-o', `${mod.name}.wasm`, ...COMMON, ...mod.flags];
  if (wantWat) args.push('-t', `${mod.name}.wat`);
  let diagnostics = '';
  const { error } = await asc.main(args, {
    stdout: { write: (s) => void (diagnostics += s) },
    stderr: { write: (s) => void (diagnostics += s) },
    // Keep outputs in memory; only the generated module (and --wat extras) reach the disk.
    writeFile: (name, contents) => void (outputs[name] = contents),
  });
  if (error) throw new Error(`asc failed on ${mod.entry}: ${error.message}\n${diagnostics}`);
  if (diagnostics.trim()) process.stderr.write(diagnostics);
  const wasm = outputs[`${mod.name}.wasm`];
  if (!(wasm instanceof Uint8Array)) throw new Error(`asc produced no binary for ${mod.entry}`);
  return { wasm, wat: outputs[`${mod.name}.wat`] };
}

/** Checks the contract the loader in src/crypto/wasm/kernel.ts relies on. */
function check(mod, wasm) {
  const module = new WebAssembly.Module(wasm);
  const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
  if (JSON.stringify(imports) !== JSON.stringify(mod.imports)) {
    throw new Error(`${mod.name}.wasm imports ${imports.join(', ') || 'nothing'}, expected ${mod.imports.join(', ') || 'nothing'}`);
  }
  if (mod.imports.includes('env.memory') && hasDataSection(wasm)) {
    throw new Error(`${mod.name}.wasm has data segments but shares another module's memory`);
  }
}

/** True when the binary contains a data section (id 11). */
function hasDataSection(bytes) {
  let pos = 8; // magic + version
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    if (id === 11) return true;
    pos += size;
  }
  return false;
}

function render(mod, wasm, print) {
  const b64 = Buffer.from(wasm).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [''];
  return `// Generated by scripts/build-wasm.mjs from ${mod.entry}. Do not edit; run \`npm run build:wasm\`.
// fingerprint: ${print}
/** ${mod.name}.wasm, ${wasm.length} bytes, base64. */
export const ${mod.constant} =
  '${lines.join("' +\n  '")}';
`;
}

const started = performance.now();
mkdirSync(join(root, 'src/crypto/wasm'), { recursive: true });
const results = await Promise.all(
  MODULES.map(async (mod) => {
    const target = join(root, 'src/crypto/wasm', `${mod.name}.generated.ts`);
    if (mod.generate) await (await import(pathToFileURL(join(root, mod.generate)).href)).generate();
    const print = fingerprint(mod);
    if (!force && !wantWat && existsSync(target) && readFileSync(target, 'utf8').includes(`// fingerprint: ${print}\n`)) {
      return `${mod.name}: up to date`;
    }
    const { wasm, wat } = await compile(mod);
    check(mod, wasm);
    writeFileSync(target, render(mod, wasm, print));
    if (wantWat) {
      mkdirSync(join(root, 'build/wasm'), { recursive: true });
      writeFileSync(join(root, 'build/wasm', `${mod.name}.wasm`), wasm);
      if (typeof wat === 'string') writeFileSync(join(root, 'build/wasm', `${mod.name}.wat`), wat);
    }
    return `${mod.name}: ${wasm.length} bytes -> ${relative(root, target)}`;
  }),
);
console.log(`build:wasm ${results.join('; ')} (${Math.round(performance.now() - started)} ms)`);

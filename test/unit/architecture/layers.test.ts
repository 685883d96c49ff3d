/**
 * The layer table of DESIGN.md, enforced: every import of src/ (type-only ones too, re-exports
 * followed to the module that declares the name) goes along an arrow the table allows, no import
 * cycle exists (type-only cycles included), and no tracked source file is over 600 lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, moduleInfo, reachedModules } from './imports.ts';
import { LAYERS, layerOf, layerViolations, srcImportCycles } from './layers.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAX_LINES = 600;

describe('src/ layers', () => {
  it('imports only along the arrows of the table', () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(srcImportCycles(ROOT)).toEqual([]);
  });

  it('has every folder of src/ in the table', () => {
    const folders = new Set(execFileSync('git', ['ls-files', 'src'], { cwd: ROOT, encoding: 'utf8' }).split('\n').map(layerOf).filter((l) => l !== undefined));
    expect([...folders].filter((f) => LAYERS[f!] === undefined)).toEqual([]);
  });

  it('imports @noble/* only in src/crypto: one front door per primitive (secp256k1, scrypt and AES-GCM included)', () => {
    const files = execFileSync('git', ['ls-files', 'src'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.tsx?$/.test(f) && !f.startsWith('src/crypto/'));
    const specifier = /(?:\bfrom|\bimport)\s*\(?\s*['"](@noble\/[^'"]+)['"]/g;
    const around = files.flatMap((f) => [...readFileSync(`${ROOT}/${f}`, 'utf8').matchAll(specifier)].map((m) => `${f}: ${m[1]}`));
    expect(around).toEqual([]);
    // The rule sees what it is for: a static, a dynamic and a type-only import of @noble.
    const sample = `import { a } from '@noble/curves/secp256k1.js';\nconst b = await import("@noble/hashes/scrypt.js");\nimport type { C } from '@noble/ciphers/aes.js';`;
    expect([...sample.matchAll(specifier)].map((m) => m[1])).toEqual(['@noble/curves/secp256k1.js', '@noble/hashes/scrypt.js', '@noble/ciphers/aes.js']);
  });

  it(`keeps every tracked source file under ${MAX_LINES} lines (generated files aside)`, () => {
    const files = execFileSync('git', ['ls-files', 'src'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.tsx?$/.test(f) && !f.includes('.generated.'));
    const long = files.map((f) => [f, readFileSync(`${ROOT}/${f}`, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });
});

// The checker itself: each rule it applies, on small inline graphs and on real files.
describe('the import checker', () => {
  it('finds cycles, type-only ones included, and nothing in a tree', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(importCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reads type-only imports as imports, and marks them', () => {
    const edges = moduleInfo(ROOT, 'src/ui/api.ts').edges;
    const messages = edges.find((e) => e.to === 'src/extension/messages.ts');
    expect(messages?.typeOnly).toBe(true);
  });

  it('follows a re-export to the module that declares the name', () => {
    // src/rpc/errors.ts re-exports TransportError from src/core/errors.ts.
    const edge = { from: 'src/x/y.ts', to: 'src/rpc/errors.ts', typeOnly: false, line: 1, names: ['TransportError'], reexport: false, local: true };
    expect(reachedModules(ROOT, edge)).toContain('src/core/errors.ts');
  });

  it('refuses an arrow the table lacks, a type-only one where only run-time ones are barred, and one laundered through a re-export', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-layers-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      write('src/l2/plan.ts', 'export interface Plan { step: string }\nexport const STEPS = 1;\n');
      write('src/extension/messages.ts', "export type { Plan } from '../l2/plan.ts';\nexport interface Reply { ok: boolean }\n");
      write('src/ui/ok.ts', "import type { Reply } from '../extension/messages.ts';\nexport const r: Reply | undefined = undefined;\n");
      write('src/ui/laundered.ts', "import type { Plan } from '../extension/messages.ts';\nexport const p: Plan | undefined = undefined;\n");
      write('src/ui/typed.ts', "import type { Plan } from '../l2/plan.ts';\nexport const q: Plan | undefined = undefined;\n");
      write('src/core/bad.ts', "import { STEPS } from '../l2/plan.ts';\nexport const n = STEPS;\n");
      const found = layerViolations(root);
      expect(found.filter((l) => l.includes('src/ui/ok.ts'))).toEqual([]);
      expect(found.some((l) => l.startsWith('ui -> l2 (types): src/ui/laundered.ts:1 -> src/l2/plan.ts (re-exported by src/extension/messages.ts)'))).toBe(true);
      expect(found.some((l) => l.startsWith('ui -> l2 (types): src/ui/typed.ts:1'))).toBe(true);
      expect(found.some((l) => l.startsWith('core -> l2: src/core/bad.ts:1'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

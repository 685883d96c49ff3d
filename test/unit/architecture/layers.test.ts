/**
 * The layer table of DESIGN.md, enforced: every import of src/ (type-only ones too, re-exports
 * followed to the module that declares the name) goes along an arrow the table allows, no import
 * cycle exists (type-only cycles included), no layer imports a package or uses a global it refuses
 * (the pure layers: no I/O, no clock; src/client: no browser API; @noble: src/crypto's alone), no
 * file an extension entry reaches imports a Node builtin, the popup and the approval window run
 * only src/ui and src/core, no tracked source file is over 600 lines and no folder of src/ holds
 * more than 30 files directly. Each rule is also shown refusing a violation planted in a temp tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ENTRIES } from '../../../vite.config.ts';
import { globalUses } from './globals.ts';
import { importCycles, moduleInfo, reachedModules } from './imports.ts';
import { bundleViolations, CLIENT_VIEW_TYPES, LAYERS, layerOf, layerViolations, refusalViolations, srcImportCycles } from './layers.ts';
import { runtimeReach } from './reach.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAX_LINES = 600;
const MAX_FILES_PER_FOLDER = 30;
const ENTRIES = Object.values(EXTENSION_ENTRIES);
/** What the popup and the approval window may run besides src/ui and src/core. */
const UI_PACKAGES = ['preact', 'preact/hooks', 'webextension-polyfill', 'tldts', 'uqr'];

const tracked = () => execFileSync('git', ['ls-files', 'src'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f !== '');

/** Folders holding more than `max` files directly, with their counts. */
function crowdedFolders(files: readonly string[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(dirname(f), (counts.get(dirname(f)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > max).map(([d, n]) => `${d}: ${n} files`).sort();
}

describe('src/ layers', () => {
  it('imports only along the arrows of the table', () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(srcImportCycles(ROOT)).toEqual([]);
  });

  it('has every folder of src/ in the table', () => {
    const folders = new Set(tracked().map(layerOf).filter((l) => l !== undefined));
    expect([...folders].filter((f) => LAYERS[f!] === undefined)).toEqual([]);
  });

  it('imports no package and uses no global its layer refuses (@noble outside src/crypto included), and no computed dynamic import', () => {
    expect(refusalViolations(ROOT)).toEqual([]);
  });

  it('bundles no Node builtin into the extension: the CLI alone imports node:*', () => {
    expect(bundleViolations(ROOT, ENTRIES)).toEqual([]);
    // The reach sees what it is for: the CLI's entry does reach node:fs (rpc/execution-record.ts among others).
    const cli = bundleViolations(ROOT, ['src/cli/main.ts']);
    expect(cli.some((l) => l.includes('node:fs: src/rpc/execution-record.ts'))).toBe(true);
    expect(runtimeReach(ROOT, ENTRIES).parent.has('src/workers/web.ts')).toBe(true);
  });

  it("starts the bundle reach from every script the extension loads (manifest, pages, runtime.getURL)", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.json'), 'utf8'));
    const pages = readdirSync(join(ROOT, 'extension')).filter((f) => f.endsWith('.html'));
    const loaded = [
      manifest.background.service_worker as string,
      ...(manifest.content_scripts as { js: string[] }[]).flatMap((c) => c.js),
      ...pages.flatMap((p) => [...readFileSync(join(ROOT, 'extension', p), 'utf8').matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!)),
      ...tracked().flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/getURL\(\s*['"`]([^'"`?]+\.js)['"`]/g)].map((m) => m[1]!)),
    ];
    expect(loaded.length).toBeGreaterThan(5);
    expect([...new Set(loaded)].filter((s) => EXTENSION_ENTRIES[s.replace(/\.js$/, '')] === undefined)).toEqual([]);
  });

  it('runs only src/ui, src/core and their packages in the popup and the approval window (the layers they name, types only)', () => {
    for (const entry of [EXTENSION_ENTRIES.popup!, EXTENSION_ENTRIES.approval!]) {
      const reach = runtimeReach(ROOT, [entry]);
      expect([...reach.parent.keys()].filter((f) => !f.startsWith('src/ui/') && !f.startsWith('src/core/')), entry).toEqual([]);
      expect([...reach.packages.keys()].filter((p) => !UI_PACKAGES.includes(p)), entry).toEqual([]);
    }
    // The UI does name types of the pure layers and the client: the check above is not vacuous.
    const named = tracked().filter((f) => f.startsWith('src/ui/')).flatMap((f) => moduleInfo(ROOT, f).edges.filter((e) => e.typeOnly).map((e) => layerOf(e.to)));
    expect(named).toContain('wallet');
    expect(named).toContain('client');
  });

  it(`keeps every tracked source file under ${MAX_LINES} lines (generated files aside)`, () => {
    const files = tracked().filter((f) => /\.tsx?$/.test(f) && !f.includes('.generated.'));
    const long = files.map((f) => [f, readFileSync(`${ROOT}/${f}`, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it(`keeps at most ${MAX_FILES_PER_FOLDER} files directly in each folder of src/`, () => {
    expect(crowdedFolders(tracked(), MAX_FILES_PER_FOLDER)).toEqual([]);
  });
});

// The checker itself: each rule it applies, on small inline graphs, on real files, and refusing
// violations planted in a temp tree.
describe('the import checker', () => {
  const planted = (files: Record<string, string>, check: (root: string) => void) => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-layers-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      check(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

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

  it('reads globals with the parser: a use, not a comment, a string, a property, a type or a local of that name', () => {
    // src/wallet/siwe.ts makes a Date from a value (allowed) and names none of the refused ones.
    expect(globalUses(ROOT, ['src/wallet/siwe.ts'], new Set(['Date'])).get('src/wallet/siwe.ts')!.map((u) => u.use)).toContain('new Date(…)');
  });

  it('refuses an arrow the table lacks, a type-only one where only run-time ones are barred, and one laundered through a re-export', () => {
    const view = CLIENT_VIEW_TYPES[0]!.endsWith('/') ? `${CLIENT_VIEW_TYPES[0]}view.ts` : CLIENT_VIEW_TYPES[0]!;
    planted(
      {
        'src/l2/plan.ts': 'export interface Plan { step: string }\nexport const STEPS = 1;\n',
        'src/storage/row.ts': 'export interface Row { id: string }\n',
        'src/client/other.ts': 'export interface Other { id: string }\n',
        [view]: 'export interface View { id: string }\n',
        'src/extension/messages.ts': "export type { Row } from '../storage/row.ts';\nexport interface Reply { ok: boolean }\n",
        'src/ui/ok.ts': "import type { Reply } from '../extension/messages.ts';\nexport const r: Reply | undefined = undefined;\n",
        'src/ui/pure-types.ts': "import type { Plan } from '../l2/plan.ts';\nexport const q: Plan | undefined = undefined;\n",
        'src/ui/view-types.ts': `import type { View } from '../${view.slice(4)}';\nexport const v: View | undefined = undefined;\n`,
        'src/ui/laundered.ts': "import type { Row } from '../extension/messages.ts';\nexport const p: Row | undefined = undefined;\n",
        'src/ui/client-types.ts': "import type { Other } from '../client/other.ts';\nexport const o: Other | undefined = undefined;\n",
        'src/ui/run-time.ts': "import { STEPS } from '../l2/plan.ts';\nexport const s = STEPS;\n",
        'src/core/bad.ts': "import { STEPS } from '../l2/plan.ts';\nexport const n = STEPS;\n",
      },
      (root) => {
        const found = layerViolations(root);
        for (const ok of ['src/ui/ok.ts', 'src/ui/pure-types.ts', 'src/ui/view-types.ts']) expect(found.filter((l) => l.includes(ok))).toEqual([]);
        expect(found.some((l) => l.startsWith('ui -> storage (types): src/ui/laundered.ts:1 -> src/storage/row.ts (re-exported by src/extension/messages.ts)'))).toBe(true);
        expect(found.some((l) => l.startsWith('ui -> client (types): src/ui/client-types.ts:1'))).toBe(true);
        expect(found.some((l) => l.startsWith('ui -> l2: src/ui/run-time.ts:1'))).toBe(true);
        expect(found.some((l) => l.startsWith('core -> l2: src/core/bad.ts:1'))).toBe(true);
        expect(found).toHaveLength(4);
      },
    );
  });

  it('refuses I/O packages in the pure layers, the polyfill in the client, @noble outside src/crypto, and a computed dynamic import', () => {
    planted(
      {
        'src/l1/store.ts': "import Dexie from 'dexie';\nexport const d = Dexie;\n",
        'src/zk/types.ts': "import type { Table } from 'dexie';\nexport type T = Table;\n",
        'src/execution/page.ts': "export const b = () => import('webextension-polyfill');\n",
        'src/client/page.ts': "import browser from 'webextension-polyfill';\nexport const b = browser;\n",
        'src/wallet/keys.ts': "import { secp256k1 } from '@noble/curves/secp256k1.js';\nexport const c = secp256k1;\n",
        'src/crypto/secp.ts': "import { secp256k1 } from '@noble/curves/secp256k1.js';\nexport const c = secp256k1;\n",
        'src/storage/db.ts': "import Dexie from 'dexie';\nexport const d = Dexie;\n",
        'src/cli/load.ts': "export const load = (name: string) => import(`./commands/${name}.ts`);\nexport const one = () => import(`./commands/one.ts`);\n",
        'src/cli/commands/one.ts': 'export const one = 1;\n',
      },
      (root) => {
        expect(refusalViolations(root)).toEqual([
          'cli imports a computed specifier: src/cli/load.ts:1 import(`./commands/${name}.ts`)',
          'client imports webextension-polyfill: src/client/page.ts:1 -> webextension-polyfill',
          'execution imports webextension-polyfill: src/execution/page.ts:1 -> webextension-polyfill',
          'l1 imports dexie: src/l1/store.ts:1 -> dexie',
          'wallet imports @noble/*: src/wallet/keys.ts:1 -> @noble/curves/secp256k1.js',
          'zk imports dexie: src/zk/types.ts:1 -> dexie',
        ]);
        // A template without substitutions is an edge like a string.
        expect(moduleInfo(root, 'src/cli/load.ts').edges.map((e) => e.to)).toEqual(['src/cli/commands/one.ts']);
      },
    );
  });

  it('refuses the clock, timers and fetch in the pure layers and the browser in the client, read from code alone', () => {
    const clock = [
      '// Date.now() and setTimeout in a comment, fetch(url) too',
      "const words = 'new Date() performance.now()';",
      'export function at(seconds: number, fetch: (u: string) => void, rpc: { fetch(): void; setTimeout: number }): string {',
      "  fetch('a'); rpc.fetch(); rpc.setTimeout;",
      '  type Timer = ReturnType<typeof setTimeout>;',
      '  return new Date(seconds * 1000).toISOString() + words;',
      '}',
      'export async function bad(): Promise<number> {',
      "  await fetch('https://x');",
      '  const d = new Date();',
      '  globalThis.setInterval(() => {}, 1);',
      '  setTimeout(() => {}, 1);',
      '  return Date.now() + performance.now() + d.getTime() + Date().length;',
      '}',
      '',
    ].join('\n');
    const page = [
      'export function reads(browser: { tabs: number }): number {',
      '  return browser.tabs;',
      '}',
      'export const id = () => chrome.runtime.id;',
      'export const tabs = () => browser.tabs;',
      '',
    ].join('\n');
    // A room of src/client (a subfolder) is src/client all the same.
    planted({ 'src/l2/clock.ts': clock, 'src/client/page.ts': page, 'src/client/room/deep.ts': 'export const s = () => chrome.storage;\n', 'src/rpc/timer.ts': 'export const t = setTimeout;\n' }, (root) => {
      expect(refusalViolations(root)).toEqual([
        'client uses browser.*: src/client/page.ts:5 browser.tabs',
        'client uses chrome.*: src/client/page.ts:4 chrome.runtime',
        'client uses chrome.*: src/client/room/deep.ts:1 chrome.storage',
        'l2 uses Date(): src/l2/clock.ts:13 Date()',
        'l2 uses Date.now: src/l2/clock.ts:13 Date.now',
        'l2 uses fetch: src/l2/clock.ts:9 fetch(…)',
        'l2 uses new Date(): src/l2/clock.ts:10 new Date()',
        'l2 uses performance.*: src/l2/clock.ts:13 performance.now',
        'l2 uses setInterval: src/l2/clock.ts:11 setInterval(…)',
        'l2 uses setTimeout: src/l2/clock.ts:12 setTimeout(…)',
      ]);
    });
  });

  it('sees a refused global read through the global object however it is spelled (globalThis, self, window; cast, indexed, destructured, aliased)', () => {
    const sneaky = [
      'export const a = () => (globalThis as any).chrome.tabs.query({});',
      "export const b = () => globalThis['chrome'];",
      'export const c = () => self.browser.runtime;',
      'export const d = () => window.document.title;',
      'export const e = () => (<any>window).localStorage;',
      'export const f = () => (globalThis!.self as any).browser;',
      'const { chrome: c2, document } = globalThis as any;',
      'export const g = () => [c2, document];',
      "const key = 'chrome';",
      'export const h = () => (globalThis as any)[key];',
      'const g2: any = globalThis;',
      'export const i = () => g2.chrome;',
      '// Not reads of a refused global: another name, and questions about the global object.',
      "export const ok = () => (globalThis as { name?: string }).name + typeof globalThis + String('chrome' in globalThis);",
      '',
    ].join('\n');
    const clock = "export const n = () => (globalThis as any).Date.now() + (self as any)['fetch'].length + (window as any).setTimeout.length;\n";
    planted({ 'src/client/sneaky.ts': sneaky, 'src/l2/clock.ts': clock }, (root) => {
      expect(refusalViolations(root)).toEqual([
        'client uses browser.*: src/client/sneaky.ts:3 browser.runtime',
        'client uses browser.*: src/client/sneaky.ts:6 browser',
        'client uses chrome.*: src/client/sneaky.ts:1 chrome.tabs',
        'client uses chrome.*: src/client/sneaky.ts:10 globalThis[…]',
        'client uses chrome.*: src/client/sneaky.ts:11 globalThis',
        'client uses chrome.*: src/client/sneaky.ts:2 chrome',
        'client uses chrome.*: src/client/sneaky.ts:7 chrome',
        'client uses document.*: src/client/sneaky.ts:4 document.title',
        'client uses document.*: src/client/sneaky.ts:7 document',
        'client uses localStorage: src/client/sneaky.ts:5 localStorage',
        'l2 uses Date.now: src/l2/clock.ts:1 Date.now',
        'l2 uses fetch: src/l2/clock.ts:1 fetch.length',
        'l2 uses setTimeout: src/l2/clock.ts:1 setTimeout.length',
      ]);
    });
  });

  it("refuses a Node builtin in a file an extension entry reaches, through static, dynamic and worker-URL imports; not through types, not in the CLI", () => {
    planted(
      {
        'src/extension/background.ts': "import { go } from './helper.ts';\nimport type { Saved } from '../cli/save.ts';\nexport const s: Saved | undefined = undefined;\ngo();\n",
        'src/extension/helper.ts': 'export const go = () => import(`../rpc/record.ts`);\n',
        'src/rpc/record.ts': "import { writeFileSync } from 'node:fs';\nexport const w = writeFileSync;\n",
        'src/extension/offscreen.ts': "export const w = new Worker(new URL('../workers/entry.ts', import.meta.url));\n",
        'src/workers/entry.ts': "import { join } from 'path';\nexport const j = join;\n",
        'src/cli/save.ts': "import { writeFileSync } from 'node:fs';\nexport interface Saved { path: string }\nexport const w = writeFileSync;\n",
      },
      (root) => {
        expect(bundleViolations(root, ['src/extension/background.ts', 'src/extension/offscreen.ts'])).toEqual([
          'src/extension/background.ts bundles node:fs: src/rpc/record.ts:1 (src/extension/background.ts → src/extension/helper.ts → src/rpc/record.ts)',
          'src/extension/offscreen.ts bundles path: src/workers/entry.ts:1 (src/extension/offscreen.ts → src/workers/entry.ts)',
        ]);
      },
    );
  });

  it('finds a folder holding more files directly than the limit, and counts no subfolder in it', () => {
    const files = [...Array.from({ length: 31 }, (_, i) => `src/a/f${i}.ts`), ...Array.from({ length: 30 }, (_, i) => `src/b/f${i}.ts`), ...Array.from({ length: 20 }, (_, i) => `src/b/c/f${i}.ts`)];
    expect(crowdedFolders(files, 30)).toEqual(['src/a: 31 files']);
  });
});

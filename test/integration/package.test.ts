/**
 * The store packages as a release is checked (docs/release.md): the committed tree (HEAD) copied
 * into two temporary directories, `npm run package` in each (the WASM kernels compiled, the
 * extension built, both zips written), and the zips compared byte for byte. Then what the packages
 * hold: each browser's files and nothing else (Chrome without Firefox's app.js, Firefox without
 * Chrome's offscreen document), the manifest as shipped (no local host), no absolute path of
 * either build directory in any file, Chrome's zip within its budget (scripts/package.mjs PACKAGE_BUDGET_BYTES), and Mozilla's linter (web-ext
 * lint, offline) with no error and no warning on the Firefox package as unzipped.
 *
 * Slow (two builds): about 75 s of two processors, most of it the kernels' AssemblyScript.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { BUILDS as BUILT, PACKAGE_BUDGET_BYTES, packagePath } from '../../scripts/package.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const BROWSERS = ['chrome', 'firefox'] as const;
type Browser = (typeof BROWSERS)[number];
const BUILDS = BUILT as Record<Browser, string>;

/** What the code opens by name, beyond the manifest and the pages (src/extension/background.ts, offscreen.ts, link.ts). */
const OPENED: Record<Browser, string[]> = {
  chrome: ['approval.html', 'worker.js', 'offscreen.html'],
  firefox: ['approval.html', 'worker.js', 'app.js'],
};

const COMMON = [
  'approval.html', 'approval.js', 'background.js', 'content-bridge.js', 'content-main.js',
  'icons/icon-128.png', 'icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-48.png',
  'manifest.json', 'popup.css', 'popup.html', 'popup.js', 'worker.js',
];
const EXPECTED: Record<Browser, string[]> = {
  chrome: [...COMMON, 'offscreen.html', 'offscreen.js'].sort(),
  firefox: [...COMMON, 'app.js'].sort(),
};

const copies: string[] = [];
const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
const zips: Record<Browser, Buffer>[] = [];
let unzipped: Record<Browser, Record<string, Uint8Array>>;

/** HEAD's tree in a new temporary directory, node_modules linked (as `npm ci` would install them). */
function copyOfHead(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-release-'));
  copies.push(dir);
  const repo = join(dir, 'vigil');
  mkdirSync(repo);
  const tar = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: REPO, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', repo], { input: tar });
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(repo, 'node_modules'));
  return repo;
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const repo = copyOfHead();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' };
    delete env.SOURCE_DATE_EPOCH;
    await run('npm', ['run', '--silent', 'package'], { cwd: repo, env, maxBuffer: 64 << 20 });
    zips.push(Object.fromEntries(BROWSERS.map((b) => [b, readFileSync(join(repo, packagePath(b, version)))])) as Record<Browser, Buffer>);
  }
  unzipped = Object.fromEntries(BROWSERS.map((b) => [b, unzipSync(zips[0]![b])])) as typeof unzipped;
}, 600_000);

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** The files a manifest and the pages it and the code open name (extension-relative). */
function named(browser: Browser, files: Record<string, Uint8Array>): Set<string> {
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  const out = new Set<string>(['manifest.json', ...OPENED[browser]]);
  for (const icon of [...Object.values(manifest.icons ?? {}), ...Object.values(manifest.action?.default_icon ?? {})]) out.add(icon as string);
  out.add(manifest.action.default_popup);
  for (const script of manifest.background.scripts ?? [manifest.background.service_worker]) out.add(script);
  for (const cs of manifest.content_scripts) for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) out.add(f);
  for (const page of [...out].filter((f) => f.endsWith('.html'))) {
    const html = new TextDecoder().decode(files[page] ?? new Uint8Array());
    for (const m of html.matchAll(/\b(?:src|href)="([^":?#]+)"/g)) out.add(m[1]!);
  }
  return out;
}

describe('npm run package', () => {
  it('two builds of the same commit in two directories give byte-identical zips', () => {
    for (const b of BROWSERS) expect(sha256(zips[1]![b]), b).toBe(sha256(zips[0]![b]));
    expect(copies[0]).not.toBe(copies[1]);
  });

  it('leaves no absolute path of the build (nor of node_modules) in any built file', () => {
    const needles = [...copies, realpathSync(join(REPO, 'node_modules')), REPO.replace(/\/$/, '')];
    for (const dir of copies) {
      for (const build of Object.values(BUILDS)) {
        for (const file of filesUnder(join(dir, 'vigil', build))) {
          const text = readFileSync(file, 'latin1');
          for (const needle of needles) expect(text.includes(needle), `${file} holds ${needle}`).toBe(false);
        }
      }
    }
  });

  it('each package holds what its browser loads and nothing else, the files as built', () => {
    for (const b of BROWSERS) {
      const files = unzipped[b];
      expect(Object.keys(files).sort(), b).toEqual(EXPECTED[b]);
      expect([...named(b, files)].sort(), b).toEqual(EXPECTED[b]);
      for (const [name, bytes] of Object.entries(files)) {
        expect(Buffer.from(bytes).equals(readFileSync(join(copies[0]!, 'vigil', BUILDS[b], name))), `${b} ${name}`).toBe(true);
      }
    }
    // Firefox's app host is ~340 KiB gzipped that Chrome never loads (it runs offscreen.js).
    expect(unzipped.chrome['app.js']).toBeUndefined();
    expect(unzipped.firefox['offscreen.js']).toBeUndefined();
  });

  it('ships the manifest as users get it: the version of package.json, no local host granted up front', () => {
    for (const b of BROWSERS) {
      const manifest = JSON.parse(new TextDecoder().decode(unzipped[b]['manifest.json']));
      expect(manifest.version).toBe(version);
      expect((manifest.host_permissions as string[]).filter((p) => /127\.0\.0\.1|localhost|\[::1\]/.test(p)), b).toEqual([]);
      expect(manifest.optional_host_permissions).toContain('http://*/*');
    }
  });

  it('keeps the Chrome package within its budget (PACKAGE_BUDGET_BYTES)', () => {
    expect(zips[0]!.chrome.length).toBeLessThanOrEqual(PACKAGE_BUDGET_BYTES);
  });

  it('passes web-ext lint (offline) on the Firefox package: no error, no warning', async () => {
    const dir = join(copies[0]!, 'firefox-package');
    for (const [name, bytes] of Object.entries(unzipped.firefox)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const bin = join(REPO, 'node_modules/web-ext/bin/web-ext.js');
    // No config discovery, no update check: nothing leaves the machine.
    const { stdout } = await run(process.execPath, [bin, 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
      cwd: dir,
      maxBuffer: 16 << 20,
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', WEB_EXT_TELEMETRY: 'false' },
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(stdout) as { summary: { errors: number; warnings: number }; errors: { code: string; message: string }[]; warnings: { code: string; file?: string; message: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.warnings.map((w) => `${w.code} ${w.file}: ${w.message}`)).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    // A bound against a hang, not a pace: the lint took 115 s of a loaded clean clone's run, and once past 120 s.
  }, 300_000);
});

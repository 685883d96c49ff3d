/**
 * The store packages' rules (scripts/package.mjs, vite.config.ts): the version every manifest
 * repeats, the files a package may hold, and zips whose bytes depend on the files alone (not on
 * the time, the time zone or the directory of the build). Building two clean copies of a commit
 * and comparing their zips is test/integration/package.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { entryTime, packageFiles, releaseVersion, zipDirectory, zipEntries } from '../../../scripts/package.mjs';
import { LOCAL_HOST_PERMISSIONS, noInnerHtml, PREACT_INNER_HTML } from '../../../vite.config.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

/** The central directory's records: what an unzip tool and a store read of each entry. */
function centralDirectory(zip: Uint8Array): { name: string; madeBy: number; method: number; time: number; date: number; attrs: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    out.push({
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      madeBy: view.getUint8(at + 5),
      method: view.getUint16(at + 10, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      attrs: view.getUint32(at + 38, true),
    });
    at += 46 + skip;
  }
  return out;
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-package-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small build directory: a script, a page, an icon (incompressible) in a subfolder. */
function fakeBuild(dir: string): void {
  mkdirSync(join(dir, 'icons'), { recursive: true });
  writeFileSync(join(dir, 'popup.js'), 'console.log("vigil");\n'.repeat(200));
  writeFileSync(join(dir, 'popup.html'), '<script src="popup.js"></script>\n');
  writeFileSync(join(dir, 'icons/icon-16.png'), createHash('sha512').update('png').digest());
}

describe('the version', () => {
  it('extension/manifest.json says package.json\'s version (the packages are named by it)', () => {
    expect(read('extension/manifest.json').version).toBe(read('package.json').version);
  });

  it('refuses to package when a manifest disagrees with package.json, or a shipped one grants a local host', () => {
    const repo = tempDir();
    const manifest = { version: '1.2.3', host_permissions: ['https://example.org/*'] };
    mkdirSync(join(repo, 'extension'));
    mkdirSync(join(repo, 'dist/extension'), { recursive: true });
    mkdirSync(join(repo, 'dist/extension-firefox'), { recursive: true });
    const write = (path: string, value: unknown) => writeFileSync(join(repo, path), JSON.stringify(value));
    write('package.json', { version: '1.2.3' });
    write('extension/manifest.json', manifest);
    write('dist/extension/manifest.json', manifest);
    write('dist/extension-firefox/manifest.json', manifest);
    expect(releaseVersion(repo)).toBe('1.2.3');
    write('dist/extension-firefox/manifest.json', { ...manifest, version: '1.2.4' });
    expect(() => releaseVersion(repo)).toThrow('dist/extension-firefox/manifest.json has version 1.2.4, package.json 1.2.3');
    write('dist/extension-firefox/manifest.json', manifest);
    write('extension/manifest.json', { ...manifest, version: '1.2.2' });
    expect(() => releaseVersion(repo)).toThrow('extension/manifest.json has version 1.2.2');
    write('extension/manifest.json', manifest);
    for (const host of [...LOCAL_HOST_PERMISSIONS, 'http://127.0.0.1:8545/*', 'http://[::1]/*']) {
      write('dist/extension/manifest.json', { ...manifest, host_permissions: [host, ...manifest.host_permissions] });
      expect(() => releaseVersion(repo), host).toThrow(`grants ${host} up front`);
    }
  });

  it('the shipped manifest can still ask for a local devnet: its optional hosts cover 127.0.0.1 and localhost', () => {
    const optional = read('extension/manifest.json').optional_host_permissions as string[];
    // A match pattern `scheme://*/*` covers every host of its scheme (the popup's add-network and
    // devnet offer request `http://127.0.0.1/*` through permissions.request: src/ui/api.ts).
    const covers = (p: string, want: string) => p === want || (p.endsWith('://*/*') && want.startsWith(p.slice(0, -3)));
    for (const host of LOCAL_HOST_PERMISSIONS) expect(optional.some((p) => covers(p, host)), host).toBe(true);
  });
});

describe('what a package holds', () => {
  it('every file of the build, in path order; no source map, hidden file or link', () => {
    const dir = tempDir();
    fakeBuild(dir);
    writeFileSync(join(dir, 'a.css'), 'a{}');
    expect(packageFiles(dir)).toEqual(['a.css', 'icons/icon-16.png', 'popup.html', 'popup.js']);
    writeFileSync(join(dir, 'popup.js.map'), '{}');
    expect(() => packageFiles(dir)).toThrow('source map popup.js.map');
    rmSync(join(dir, 'popup.js.map'));
    writeFileSync(join(dir, 'icons/.DS_Store'), '');
    expect(() => packageFiles(dir)).toThrow('hidden file icons/.DS_Store');
    rmSync(join(dir, 'icons/.DS_Store'));
    symlinkSync('/etc/hostname', join(dir, 'host.txt'));
    expect(() => packageFiles(dir)).toThrow('host.txt is not a regular file');
  });

  it('nothing in src/ uses dangerouslySetInnerHTML: the build makes Preact throw on it', () => {
    // git grep: status 1 when nothing matches, 0 with the files that do.
    const grep = spawnSync('git', ['grep', '-l', 'dangerouslySetInnerHTML', '--', 'src'], { cwd: ROOT, encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });
});

describe("Preact's innerHTML assignment", () => {
  const preact = join(ROOT, 'node_modules/preact/dist/preact.mjs');
  const transform = (code: string, id: string) => {
    const hook = noInnerHtml().transform as { filter: { id: RegExp }; handler: (code: string, id: string) => { code: string } };
    expect(hook.filter.id.test(id)).toBe(true);
    return hook.handler(code, id).code;
  };

  it('becomes a thrown error in the bundles: no HTML string reaches the page (web-ext lint: no UNSAFE_VAR_ASSIGNMENT)', () => {
    const code = readFileSync(preact, 'utf8');
    expect(code.match(PREACT_INNER_HTML)).toHaveLength(1);
    const out = transform(code, preact);
    expect(out).not.toMatch(/\.innerHTML\s*=/);
    expect(out).toContain('dangerouslySetInnerHTML is not supported');
  });

  it('a Preact whose code moved fails the build instead of shipping the assignment unnoticed', () => {
    expect(() => transform('function x(t,h){t.innerHTML = h.__html}', preact)).toThrow("expected Preact's one innerHTML assignment");
    expect(() => transform('(t.innerHTML=h.__html);(u.innerHTML=g.__html)', preact)).toThrow('found 2');
  });
});

describe('the zip', () => {
  it('one fixed time (1980-01-01 00:00:00, or SOURCE_DATE_EPOCH), plain rw-r--r-- files made on Unix, icons stored, the rest deflated', () => {
    const dir = tempDir();
    fakeBuild(dir);
    const zip = zipDirectory(dir, entryTime(undefined));
    const dos = (y: number, mo: number, d: number) => ((y - 1980) << 9) | (mo << 5) | d;
    const entries = centralDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual(['icons/icon-16.png', 'popup.html', 'popup.js']);
    for (const e of entries) {
      expect(e).toMatchObject({ madeBy: 3, time: 0, date: dos(1980, 1, 1), attrs: 0o100644 * 0x10000 });
      expect(e.method, e.name).toBe(e.name.endsWith('.png') ? 0 : 8);
    }
    // 2026-11-26T10:30:14Z: the fields of that UTC instant (DOS time keeps even seconds).
    const later = centralDirectory(zipDirectory(dir, entryTime('1795689014')));
    expect(later[0]).toMatchObject({ date: dos(2026, 11, 26), time: (10 << 11) | (30 << 5) | 7 });
    // What unzips is what was built.
    const files = unzipSync(zip);
    for (const name of packageFiles(dir)) expect(Buffer.from(files[name]!).equals(readFileSync(join(dir, name))), name).toBe(true);
  });

  it('SOURCE_DATE_EPOCH: whole seconds only, before 1980 held at 1980', () => {
    expect(() => entryTime('1.5e9')).toThrow('SOURCE_DATE_EPOCH expected whole seconds');
    expect(() => entryTime('-1')).toThrow('SOURCE_DATE_EPOCH expected whole seconds');
    expect(entryTime('0').getTime()).toBe(entryTime(undefined).getTime());
    expect(entryTime('').getTime()).toBe(entryTime(undefined).getTime());
    expect(() => entryTime('4102444800')).toThrow('after 2099');
  });

  it('the same bytes from the same files whatever the directory, the clock or the time zone', () => {
    const [a, b] = [tempDir(), tempDir()];
    fakeBuild(a);
    fakeBuild(b);
    expect(zipDirectory(a).equals(zipDirectory(b))).toBe(true);
    // Each zone in its own process (a zip stores local date fields: the zone must not reach them).
    const script = `import { zipDirectory } from ${JSON.stringify(join(ROOT, 'scripts/package.mjs'))};
      process.stdout.write((await import('node:crypto')).createHash('sha256').update(zipDirectory(${JSON.stringify(a)})).digest('hex'));`;
    const hashes = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kathmandu'].map((TZ) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ, SOURCE_DATE_EPOCH: '' }, encoding: 'utf8' }),
    );
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toBe(createHash('sha256').update(zipDirectory(a)).digest('hex'));
  });

  it('entries in the order given (packageFiles sorts): another order is another zip', () => {
    const one = { name: 'a.js', bytes: Buffer.from('a') };
    const two = { name: 'b.js', bytes: Buffer.from('b') };
    const t = entryTime(undefined);
    expect(centralDirectory(zipEntries([one, two], t)).map((e) => e.name)).toEqual(['a.js', 'b.js']);
    expect(zipEntries([one, two], t).equals(zipEntries([two, one], t))).toBe(false);
  });
});

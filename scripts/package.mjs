#!/usr/bin/env node
/**
 * `npm run package`: the store packages, dist/vigil-chrome-<version>.zip and
 * dist/vigil-firefox-<version>.zip, from the shipped builds dist/extension and
 * dist/extension-firefox (vite.config.ts; `npm run package` builds them first). Each zip holds its
 * build directory as it is: what that browser loads, with the manifest as shipped to users.
 *
 * The same commit gives the same bytes wherever it is built (docs/release.md says how to check a
 * release): the files in a fixed order (by path), one fixed time for every entry (1980-01-01
 * 00:00:00, the first a zip can hold, or SOURCE_DATE_EPOCH when set), fixed permissions (a plain
 * file, rw-r--r--, written as by a Unix zip), and DEFLATE at level 9 by pako (pinned exactly in
 * package.json), framed by fflate: pure JavaScript, the same output on any machine and Node release
 * (node:zlib's bundled zlib changes with Node and may hash with CPU instructions). pako's DEFLATE
 * is zlib's algorithm and comes within 0.1% of it; fflate's own was 4% larger (the Chrome zip
 * 1,022 KiB instead of 984 on 2026-11-26, against its 1 MiB budget). PNG files are stored: they are compressed already.
 *
 * Refused before anything is written: versions that disagree (package.json, extension/manifest.json
 * and both built manifests), a source map or a hidden file in a build, a non-regular file, and a
 * shipped manifest granting a local host up front (the development builds do that, never a package).
 *
 * Usage: node scripts/package.mjs   (after npm run build:extension; prints each zip's size and sha256)
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { Zip } from 'fflate';
import pako from 'pako';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The shipped builds, by browser (vite.config.ts writes them). */
export const BUILDS = { chrome: 'dist/extension', firefox: 'dist/extension-firefox' };

/**
 * The Chrome package's budget: test/integration/package.test.ts holds it there. Issue 40 set 1 MiB
 * (the package was 983.5 KiB); issue 41's ENS normalization (@adraffy/ens-normalize, ENSIP-15's
 * Unicode tables: 24 KiB gzipped in the app host) took it to 1024.7 KiB, and the budget to 1088 for
 * a while. Back to 1 MiB since the two workers are one script (worker.js): their shared crypto and
 * WASM kernels were packaged twice. 947.7 KiB on 2026-11-26. Issue 57 (2026-11-28): calls in words
 * (ERC-7730: micro-eth-signer's renderer and the public registry's files for Vigil's networks, in
 * the app host: +85 KiB gzipped) took it from about 1022 to 1106.8 KiB; the budget to 1136 KiB.
 */
export const PACKAGE_BUDGET_BYTES = 1136 * 1024;

/** A package's path under the repository. */
export const packagePath = (browser, version) => `dist/vigil-${browser}-${version}.zip`;

/** Local hosts a shipped manifest must not grant up front (vite.config.ts LOCAL_HOST_PERMISSIONS and the like). */
const LOCAL_HOST = /^[a-z*]+:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//i;

/** External attributes of every entry: a regular file, rw-r--r--, in the Unix form (made by: 3). */
const UNIX = 3;
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * The one time every entry carries. A zip stores local date and time fields (fflate reads them from
 * a Date's local getters), so the Date is made with the UTC fields of the instant: the same fields
 * in any time zone. Before 1980 a zip cannot say: clamped to 1980-01-01.
 */
export function entryTime(sourceDateEpoch = process.env.SOURCE_DATE_EPOCH) {
  let seconds = 315532800; // 1980-01-01T00:00:00Z
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== '') {
    if (!/^\d+$/.test(sourceDateEpoch)) throw new Error(`SOURCE_DATE_EPOCH expected whole seconds since 1970, got "${sourceDateEpoch}"`);
    seconds = Math.max(seconds, Number(sourceDateEpoch));
  }
  const utc = new Date(seconds * 1000);
  if (utc.getUTCFullYear() > 2099) throw new Error(`SOURCE_DATE_EPOCH ${sourceDateEpoch} is after 2099, the last year fflate writes`);
  const local = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
  // A local time skipped by a daylight-saving change moves by the change: then the fields differ.
  if (local.getHours() !== utc.getUTCHours() || local.getDate() !== utc.getUTCDate()) {
    throw new Error(`SOURCE_DATE_EPOCH ${sourceDateEpoch} falls in this time zone's daylight-saving gap: run with TZ=UTC`);
  }
  return local;
}

/** Every file under `dir`, as zip paths (forward slashes), sorted; refuses what no package may hold. */
export function packageFiles(dir) {
  const walk = (at) =>
    readdirSync(at).flatMap((name) => {
      const path = join(at, name);
      const rel = relative(dir, path).split(sep).join('/');
      if (name.startsWith('.')) throw new Error(`${dir}: hidden file ${rel} does not belong in a package`);
      const stat = lstatSync(path);
      if (stat.isDirectory()) return walk(path);
      if (!stat.isFile()) throw new Error(`${dir}: ${rel} is not a regular file`);
      if (name.endsWith('.map')) throw new Error(`${dir}: source map ${rel} does not belong in a package (no page loads it)`);
      return [rel];
    });
  // Code-unit order: byte order for these ASCII names, whatever the locale.
  return walk(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Files in a compressed format already: stored, since DEFLATE would only add its framing. */
const STORED = /\.png$/;

/** The zip of `files` ({ name, bytes } in the order given), every entry with the time `mtime`. */
export function zipEntries(files, mtime) {
  const chunks = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  const seen = new Set();
  for (const { name, bytes } of files) {
    if (seen.has(name)) throw new Error(`${name} twice in one package`);
    seen.add(name);
    const stored = STORED.test(name);
    // fflate frames the entry (a custom-compression ZipInputFile); pako deflates it.
    const entry = { filename: name, size: bytes.length, crc: crc32(bytes), compression: stored ? 0 : 8, mtime, os: UNIX, attrs: FILE_ATTRS };
    zip.add(entry);
    entry.ondata(null, stored ? bytes : pako.deflateRaw(bytes, { level: 9 }), true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/** The package of one build directory. */
export function zipDirectory(dir, mtime = entryTime()) {
  return zipEntries(packageFiles(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) })), mtime);
}

/** The version the packages carry: package.json's, which every manifest must repeat. */
export function releaseVersion(repo = root, builds = BUILDS) {
  const read = (path) => JSON.parse(readFileSync(join(repo, path), 'utf8'));
  const { version } = read('package.json');
  for (const path of ['extension/manifest.json', ...Object.values(builds).map((d) => `${d}/manifest.json`)]) {
    const manifest = read(path);
    if (manifest.version !== version) throw new Error(`${path} has version ${manifest.version}, package.json ${version}`);
    if (path !== 'extension/manifest.json') {
      const local = (manifest.host_permissions ?? []).filter((p) => LOCAL_HOST.test(p));
      if (local.length > 0) throw new Error(`${path} grants ${local.join(', ')} up front: a package holds the shipped manifest, not the development one`);
    }
  }
  return version;
}

/** Writes both packages; returns each one's path, size and sha256. */
export function packageAll(repo = root) {
  const version = releaseVersion(repo);
  const mtime = entryTime();
  // Both zipped before either is written: a refusal leaves no package behind.
  const zips = Object.entries(BUILDS).map(([browser, dir]) => ({ browser, path: packagePath(browser, version), zip: zipDirectory(join(repo, dir), mtime) }));
  return zips.map(({ browser, path, zip }) => {
    writeFileSync(join(repo, path), zip);
    return { browser, path, bytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const p of packageAll()) console.log(`${p.path}  ${(p.bytes / 1024).toFixed(1)} KiB  sha256 ${p.sha256}`);
}

#!/usr/bin/env node
// The built extension's size: every file of dist/extension (Chrome) and dist/extension-firefox,
// raw and gzipped (level 9, file by file, as a store package compresses them), with the total, and
// the packages (dist/vigil-<browser>-<version>.zip, npm run package) when they are there. The
// Chrome package is held to PACKAGE_BUDGET_BYTES (scripts/package.mjs) (test/integration/package.test.ts); each bundle's own budget is
// in test/unit/extension/bundle-budget.test.ts. Exit 1 when Chrome's is over (its zip, or without
// one its files gzipped).
// Usage: node scripts/extension-size.mjs [--json]   (after npm run build:extension or npm run package)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILDS, PACKAGE_BUDGET_BYTES, packagePath } from './package.mjs';

const root = new URL('..', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function measure(dir) {
  const rows = files(dir).map((path) => {
    const bytes = readFileSync(path);
    return { file: relative(dir, path), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  return { rows, bytes: rows.reduce((n, r) => n + r.bytes, 0), gzip: rows.reduce((n, r) => n + r.gzip, 0) };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = {};
for (const [name, dir] of Object.entries(BUILDS)) {
  try {
    out[name] = measure(join(root, dir));
  } catch {
    console.error(`${dir} is missing: run npm run build:extension`);
    process.exit(2);
  }
  const zip = join(root, packagePath(name, version));
  if (existsSync(zip)) out[name].zip = statSync(zip).size;
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(out, null, 2));
} else {
  for (const [name, m] of Object.entries(out)) {
    const zip = m.zip === undefined ? 'no package (npm run package)' : `${packagePath(name, version)} ${kib(m.zip)}`;
    const budget = name === 'chrome' ? ` (budget ${kib(PACKAGE_BUDGET_BYTES)})` : '';
    console.log(`\n${name} (${BUILDS[name]}): ${kib(m.bytes)} total, ${kib(m.gzip)} gzipped; ${zip}${budget}`);
    console.log('| file | size | gzipped |\n|---|---:|---:|');
    for (const r of m.rows) console.log(`| ${r.file} | ${kib(r.bytes)} | ${kib(r.gzip)} |`);
  }
}
process.exit((out.chrome.zip ?? out.chrome.gzip) > PACKAGE_BUDGET_BYTES ? 1 : 0);

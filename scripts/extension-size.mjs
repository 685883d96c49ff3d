#!/usr/bin/env node
// The built extension's size: every file of dist/extension (and dist/extension-firefox), raw and
// gzipped (level 9, file by file, as a store package compresses them), with the total.
// Usage: node scripts/extension-size.mjs [--json]   (after npm run build:extension)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const BUDGET_GZIP = 1024 * 1024;

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
const builds = { chrome: 'dist/extension', firefox: 'dist/extension-firefox' };
const out = {};
for (const [name, dir] of Object.entries(builds)) {
  try {
    out[name] = measure(join(root, dir));
  } catch {
    console.error(`${dir} is missing: run npm run build:extension`);
    process.exit(2);
  }
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(out, null, 2));
} else {
  for (const [name, m] of Object.entries(out)) {
    console.log(`\n${name} (${builds[name]}): ${kib(m.bytes)} total, ${kib(m.gzip)} gzipped (budget ${kib(BUDGET_GZIP)} gzipped)`);
    console.log('| file | size | gzipped |\n|---|---:|---:|');
    for (const r of m.rows) console.log(`| ${r.file} | ${kib(r.bytes)} | ${kib(r.gzip)} |`);
  }
}
const over = Object.values(out).some((m) => m.gzip > BUDGET_GZIP);
process.exit(over ? 1 : 0);

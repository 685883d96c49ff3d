/**
 * What each extension bundle is made of: every entry of vite.config.ts built again as the extension
 * build does (minified, not written, with a source map), each byte of the minified bundle
 * attributed through the source map to the module it came from, grouped by src/ folder (and by
 * package for node_modules). Minified sizes are exact per group (bytes no mapping covers, the
 * bundle's wrapper, are "(unmapped)"); gzipped sizes are estimates: each group's minified text
 * gzipped alone, scaled so the groups add up to the bundle's real gzipped size.
 *
 * Usage: `node --import tsx scripts/bundle-modules.ts [entry …] [--top N] [--files]` (default:
 * background; `--files`: one row per source file instead of per folder)
 */
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';
import { build, type Rolldown } from 'vite';
import { entryConfig, EXTENSION_ENTRIES } from '../vite.config.ts';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const byFile = args.includes('--files');
if (byFile) args.splice(args.indexOf('--files'), 1);
const entries = args.length > 0 ? args : ['background'];
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function groupOf(source: string | undefined): string {
  if (source === undefined) return '(unmapped)';
  if (byFile) return source.replace(/^(\.\.\/)+/, '/').replace(root + '/', '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const at = source.lastIndexOf('src/');
  const rel = at >= 0 ? source.slice(at) : source.replace(/^(\.\.\/)+/, '');
  const parts = rel.split('/');
  // src/<layer>/<sub>/…: the layer and its sub-folder (src/l2/op-stack), else the layer.
  return parts[0] === 'src' && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, Math.min(2, parts.length)).join('/');
}

/** The minified text of each group: every segment's bytes, up to the next segment, go to its source. */
function attribute(code: string, map: { sources: (string | null)[]; mappings: string }): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  const add = (group: string, text: string) => {
    if (text.length > 0) texts.set(group, [...(texts.get(group) ?? []), text]);
  };
  const lines = code.split('\n');
  decode(map.mappings).forEach((segments, i) => {
    const line = lines[i] ?? '';
    let at = 0;
    let group = '(unmapped)';
    for (const segment of segments) {
      add(group, line.slice(at, segment[0]));
      at = segment[0];
      group = segment.length >= 4 ? groupOf(map.sources[segment[1]!] ?? undefined) : '(unmapped)';
    }
    add(group, line.slice(at) + '\n');
  });
  return texts;
}

for (const name of entries) {
  const source = EXTENSION_ENTRIES[name];
  if (source === undefined) throw new Error(`no entry ${name} (entries: ${Object.keys(EXTENSION_ENTRIES).join(', ')})`);
  const config = entryConfig(name, source, '/tmp/vigil-bundle-modules');
  const output = (await build({ ...config, logLevel: 'error', build: { ...config.build, write: false, sourcemap: true } })) as Rolldown.RolldownOutput;
  const chunk = output.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  if (chunk?.map == null) throw new Error(`${name}: the build gave no chunk with a source map`);
  // The build appends a sourceMappingURL comment the extension build does not have.
  const code = chunk.code.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '');
  const texts = attribute(code, chunk.map);
  const bytes = Buffer.byteLength(code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const rows = [...texts].map(([group, t]) => ({ group, bytes: Buffer.byteLength(t.join('')), alone: gzipSync(t.join(''), { level: 9 }).length }));
  const gzScale = gzip / rows.reduce((a, r) => a + r.alone, 0);
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log(`\n${name}.js: ${kib(bytes)}, ${kib(gzip)} gzipped`);
  console.log('| modules | share of the code | minified | ≈ gzipped |\n|---|---:|---:|---:|');
  const line = (label: string, n: number, alone: number) =>
    console.log(`| ${label} | ${((n / bytes) * 100).toFixed(1)}% | ${kib(n)} | ${kib(alone * gzScale)} |`);
  for (const r of rows.slice(0, top)) line(r.group, r.bytes, r.alone);
  const rest = rows.slice(top);
  if (rest.length > 0) line(`${rest.length} more`, rest.reduce((a, r) => a + r.bytes, 0), rest.reduce((a, r) => a + r.alone, 0));
}

/**
 * What each extension bundle is made of: every entry of vite.config.ts built again as the extension
 * build does (minified, not written), its modules grouped by src/ folder (and by package for
 * node_modules), with each group's share. Rollup reports a module's rendered code before the
 * bundle is minified, so a group's sizes are estimates: its share of the rendered code applied to
 * the bundle's minified size, and its own code gzipped alone, scaled so the groups add up to the
 * bundle's real gzipped size (inlined WebAssembly compresses far less than JavaScript). Exact per
 * bundle, estimated per group.
 *
 * Usage: `node --import tsx scripts/bundle-modules.ts [entry …] [--top N]` (default: background)
 */
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';
import { entryConfig, EXTENSION_ENTRIES } from '../vite.config.ts';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const entries = args.length > 0 ? args : ['background'];
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function groupOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  const rel = id.startsWith(root) ? id.slice(root.length + 1) : id;
  const parts = rel.split('/');
  // src/<layer>/<sub>/…: the layer and its sub-folder (src/l2/op-stack), else the layer.
  return parts[0] === 'src' && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, Math.min(2, parts.length)).join('/');
}

for (const name of entries) {
  const source = EXTENSION_ENTRIES[name];
  if (source === undefined) throw new Error(`no entry ${name} (entries: ${Object.keys(EXTENSION_ENTRIES).join(', ')})`);
  const groups = new Map<string, number>();
  const texts = new Map<string, string[]>();
  let code = '';
  const collect: Plugin = {
    name: 'vigil-bundle-modules',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        code += chunk.code;
        for (const [id, m] of Object.entries(chunk.modules)) {
          const g = groupOf(id);
          groups.set(g, (groups.get(g) ?? 0) + m.renderedLength);
          texts.set(g, [...(texts.get(g) ?? []), m.code ?? '']);
        }
      }
    },
  };
  const config = entryConfig(name, source, '/tmp/vigil-bundle-modules');
  await build({ ...config, logLevel: 'error', build: { ...config.build, write: false }, plugins: [collect] });
  const bytes = Buffer.byteLength(code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const rendered = [...groups.values()].reduce((a, b) => a + b, 0);
  const alone = new Map([...texts].map(([g, t]) => [g, gzipSync(t.join('\n'), { level: 9 }).length]));
  const gzScale = gzip / [...alone.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${name}.js: ${kib(bytes)}, ${kib(gzip)} gzipped`);
  console.log('| modules | share of the code | ≈ minified | ≈ gzipped |\n|---|---:|---:|---:|');
  const rows = [...groups].sort((a, b) => b[1] - a[1]);
  for (const [group, n] of rows.slice(0, top)) {
    const share = n / rendered;
    console.log(`| ${group} | ${(share * 100).toFixed(1)}% | ${kib(share * bytes)} | ${kib(alone.get(group)! * gzScale)} |`);
  }
  if (rows.length > top) {
    const rest = rows.slice(top).reduce((a, [, n]) => a + n, 0) / rendered;
    const restGzip = rows.slice(top).reduce((a, [g]) => a + alone.get(g)!, 0) * gzScale;
    console.log(`| ${rows.length - top} more | ${(rest * 100).toFixed(1)}% | ${kib(rest * bytes)} | ${kib(restGzip)} |`);
  }
}

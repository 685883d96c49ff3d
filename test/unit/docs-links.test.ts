/**
 * Every relative link of README.md and docs/ resolves: the file or folder it names exists, and a
 * `#fragment` names a heading of the Markdown file it points to (by GitHub's heading anchors). Links
 * inside code (fenced blocks, `spans`) are not links. A link that leaves the repository
 * (`../shared/DESIGN.md`) is not checked: a clone does not carry its target.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The text outside fenced code blocks, line by line (fenced lines blanked, so numbers hold). */
function prose(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const open = /^\s*(```|~~~)/.exec(line);
    if (open !== null) {
      if (fence === undefined) fence = open[1];
      else if (fence === open[1]) fence = undefined;
      return '';
    }
    return fence === undefined ? line : '';
  });
}

/** GitHub's anchor of a heading: lower case, markup and punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown file's headings give, repeated ones numbered as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const base = headingAnchor(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative link targets of a Markdown text with their line numbers (images included). */
function relativeLinks(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  prose(markdown).forEach((text, i) => {
    const code = text.replace(/`[^`]*`/g, '');
    for (const m of code.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      links.push({ line: i + 1, target });
    }
  });
  return links;
}

/** What is wrong with each relative link of `file` (repository-relative), as readable lines. */
function brokenLinks(root: string, file: string, read: (path: string) => string | undefined): string[] {
  const text = read(file);
  if (text === undefined) return [`${file}: cannot be read`];
  const broken: string[] = [];
  for (const { line, target } of relativeLinks(text)) {
    const [path, fragment] = target.split('#', 2) as [string, string | undefined];
    const absolute = path === '' ? join(root, file) : resolve(join(root, dirname(file)), decodeURI(path));
    const inRepo = relative(root, absolute);
    if (inRepo.startsWith('..')) continue;
    if (!existsSync(absolute)) {
      broken.push(`${file}:${line}: ${target}: no such file`);
      continue;
    }
    if (fragment === undefined || !absolute.endsWith('.md')) continue;
    const body = read(inRepo);
    if (body === undefined || !anchorsOf(body).has(fragment)) broken.push(`${file}:${line}: ${target}: no heading #${fragment}`);
  }
  return broken;
}

const readInRoot = (path: string): string | undefined => {
  const full = join(ROOT, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
};

describe('documentation links', () => {
  const docs = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];

  it('covers README.md and docs/', () => {
    expect(docs).toContain('README.md');
    expect(docs.filter((f) => f.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it('every relative link of README.md and docs/ resolves, fragments included', () => {
    expect(docs.flatMap((f) => brokenLinks(ROOT, f, readInRoot))).toEqual([]);
  });

  it('a missing file, a missing heading and a link that leaves the repository are told apart', () => {
    const files: Record<string, string> = {
      'README.md': [
        '# Top',
        '## What a transaction does: `vigil simulate`',
        'See [a](docs/architecture.md#layers-folders-of-src), [b](docs/nope.md), [c](docs/architecture.md#nope),',
        '[d](#what-a-transaction-does-vigil-simulate), [e](#top-1), [f](../outside/x.md), [g](https://x.example/#y),',
        '`[h](not-a-link.md)`',
        '```',
        '[i](inside-a-fence.md)',
        '```',
      ].join('\n'),
    };
    const read = (p: string) => files[p] ?? readInRoot(p);
    expect(brokenLinks(ROOT, 'README.md', read)).toEqual([
      'README.md:3: docs/nope.md: no such file',
      'README.md:3: docs/architecture.md#nope: no heading #nope',
      'README.md:4: #top-1: no heading #top-1',
    ]);
  });

  it('anchors follow GitHub: punctuation dropped, repeats numbered', () => {
    expect([...anchorsOf("# src/client's rooms\n## Rollups: `vigil l2-balance`\n## Tiers\n## Tiers")]).toEqual([
      'srcclients-rooms',
      'rollups-vigil-l2-balance',
      'tiers',
      'tiers-1',
    ]);
  });
});

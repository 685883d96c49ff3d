/** The architecture tests' AST walk (./walk.ts): deep expressions, as generated modules hold, in source order. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { moduleInfo } from './imports.ts';
import { walk } from './walk.ts';

describe('walk', () => {
  it('reads a module whose one expression is 50,000 `+` deep (a recursive walk runs out of stack), its import found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-walk-'));
    try {
      writeFileSync(join(dir, 'deep.ts'), `import { x } from './x.ts';\nexport const s = ${Array.from({ length: 50_000 }, (_, i) => `'${i}'`).join(' +\n  ')} + (await import('./y.ts')).y;\n`);
      const edges = moduleInfo(dir, 'deep.ts').edges.map((e) => e.to);
      expect(edges).toEqual(['x.ts', 'y.ts'].map((f) => join(dir, f).slice(dir.length + 1)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('visits in source order and skips the children of a node it is told to', () => {
    const sf = ts.createSourceFile('a.ts', 'const a = f(1, g(2)); let b: T = 3;', ts.ScriptTarget.Latest, true);
    const seen: string[] = [];
    walk(sf, (n) => {
      if (ts.isNumericLiteral(n)) seen.push(n.text);
      return !ts.isCallExpression(n) || n.expression.getText(sf) !== 'g';
    });
    expect(seen).toEqual(['1', '3']);
  });
});

/**
 * One head type (src/l1/heads.ts VerifiedHead): the signing policy (src/wallet) reads it and its
 * SyncParticipation as types, never l1's code, and no other folder declares them again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layerViolations } from './layers.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('the head type', () => {
  it('is declared once: SyncParticipation and VerifiedHead only in src/l1/heads.ts', () => {
    const files = execFileSync('git', ['ls-files', 'src'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.tsx?$/.test(f));
    const declares = /^\s*(?:export\s+)?(?:interface|type|class)\s+(SyncParticipation|VerifiedHead|HeaderAnchor|ActivityHeads)\b/gm;
    const found = files.flatMap((f) => [...readFileSync(`${ROOT}/${f}`, 'utf8').matchAll(declares)].map((m) => `${f}: ${m[1]}`));
    expect(found.sort()).toEqual(['src/l1/heads.ts: SyncParticipation', 'src/l1/heads.ts: VerifiedHead']);
  });

  it('reaches src/wallet as a type: a type-only import of l1 passes, a run-time one is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-heads-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      write('src/l1/heads.ts', 'export interface VerifiedHead { slot: bigint }\nexport const ZERO = 0n;\n');
      write('src/wallet/typed.ts', "import type { VerifiedHead } from '../l1/heads.ts';\nexport const h: VerifiedHead | undefined = undefined;\n");
      write('src/wallet/run-time.ts', "import { ZERO } from '../l1/heads.ts';\nexport const z = ZERO;\n");
      const found = layerViolations(root);
      expect(found.filter((l) => l.includes('src/wallet/typed.ts'))).toEqual([]);
      expect(found.filter((l) => l.includes('src/wallet/run-time.ts'))).toEqual(['wallet -> l1: src/wallet/run-time.ts:1 -> src/l1/heads.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

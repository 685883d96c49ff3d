/**
 * src/client's rooms, enforced: an import from one room to another goes along an arrow of
 * CLIENT_ROOMS (docs/architecture.md), and the test folders mirror the rooms.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_ROOMS, roomOf, roomViolations, TOP } from './rooms.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const tracked = (dir: string) => execFileSync('git', ['ls-files', dir], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.tsx?$/.test(f));

describe("src/client's rooms", () => {
  it('imports between rooms only along the arrows of the table', () => {
    expect(roomViolations(ROOT)).toEqual([]);
  });

  it('has every folder of src/client in the table, and only the composition at the top', () => {
    const rooms = new Set(tracked('src/client').map(roomOf));
    expect([...rooms].filter((r) => r === undefined || CLIENT_ROOMS[r] === undefined)).toEqual([]);
    expect(tracked('src/client').filter((f) => roomOf(f) === TOP)).toEqual(['src/client/l1-session.ts']);
  });

  it('has the unit tests of src/client in folders that mirror the rooms', () => {
    const rooms = new Set(Object.keys(CLIENT_ROOMS));
    const stray = tracked('test/unit/client').map((f) => f.replace(/^test\/unit\//, 'src/')).filter((f) => !rooms.has(roomOf(f)!));
    expect(stray).toEqual([]);
  });

  it('refuses an arrow the table lacks, and a run-time import where only types may cross', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rooms-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      write('src/client/wallet/plan.ts', 'export interface Plan { step: string }\nexport const STEPS = 1;\n');
      write('src/client/verified/bad.ts', "import type { Plan } from '../wallet/plan.ts';\nexport const p: Plan | undefined = undefined;\n");
      write('src/client/exits/typed.ts', "import type { Plan } from '../wallet/plan.ts';\nexport const q: Plan | undefined = undefined;\n");
      write('src/client/exits/run-time.ts', "import { STEPS } from '../wallet/plan.ts';\nexport const n = STEPS;\n");
      write('src/client/top.ts', "import { STEPS } from './wallet/plan.ts';\nexport const m = STEPS;\n");
      const found = roomViolations(root);
      expect(found).toEqual([
        'exits -> wallet: src/client/exits/run-time.ts:1 -> src/client/wallet/plan.ts',
        'verified -> wallet (types): src/client/verified/bad.ts:1 -> src/client/wallet/plan.ts',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

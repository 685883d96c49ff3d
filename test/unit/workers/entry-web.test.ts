/**
 * worker.js (src/workers/entry-web.ts) serves the role its pool names it with: a worker started
 * without a known name refuses at once (its pool counts the throw as a crash) rather than serving
 * one pool's tasks to the other.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WORKER_ROLES } from '../../../src/workers/web.ts';

const scope = globalThis as { name?: unknown };

afterEach(() => {
  delete scope.name;
  vi.resetModules();
});

describe('worker.js roles', () => {
  it('names two distinct roles', () => {
    expect(new Set(Object.values(WORKER_ROLES)).size).toBe(2);
  });

  for (const name of [undefined, '', 'verifier', 'vigil-verifier ', 7]) {
    it(`refuses to start as ${JSON.stringify(name)}`, async () => {
      if (name !== undefined) scope.name = name;
      vi.resetModules();
      await expect(import('../../../src/workers/entry-web.ts')).rejects.toThrow(/worker\.js: started as/);
    });
  }
});

/**
 * The e2e files' shared slots (test/e2e/slots.ts): no more holders than slots across processes, a
 * waiter served when one is given back, a dead holder's slot taken over, a wait that ends naming the
 * holders; and the browser slot counted per process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserSlots, holdSlot } from '../../e2e/slots.ts';

const name = `unit-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
const releases: (() => void)[] = [];
afterEach(() => void releases.splice(0).forEach((r) => r()));

describe('holdSlot', () => {
  it('gives out no more than its slots; a waiter gets the one given back', async () => {
    releases.push(await holdSlot(name, 2, 1_000), await holdSlot(name, 2, 1_000));
    // A bound of 0: one look at every slot, none free.
    await expect(holdSlot(name, 2, 0)).rejects.toThrow(`no ${name} slot of 2 free`);
    const waiting = holdSlot(name, 2, 60_000);
    releases.shift()!();
    releases.push(await waiting);
    await expect(holdSlot(name, 2, 0)).rejects.toThrow(`no ${name} slot of 2 free`);
  });

  it('takes over the slot of a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const lock = join(tmpdir(), `vigil-e2e-${name}-dead.lock`);
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), dead);
    releases.push(await holdSlot(`${name}-dead`, 1, 1_000));
  });

  it('ends a wait past its bound naming the holders', async () => {
    releases.push(await holdSlot(name, 1, 1_000));
    await expect(holdSlot(name, 1, 300)).rejects.toThrow(`no ${name} slot of 1 free within 0.3 s (held by ${process.pid})`);
  });
});

describe('browserSlots', () => {
  it('one per processor, at least two; VIGIL_TEST_BROWSERS sets it, checked', () => {
    const before = process.env.VIGIL_TEST_BROWSERS;
    try {
      delete process.env.VIGIL_TEST_BROWSERS;
      expect(browserSlots()).toBeGreaterThanOrEqual(2);
      process.env.VIGIL_TEST_BROWSERS = '3';
      expect(browserSlots()).toBe(3);
      process.env.VIGIL_TEST_BROWSERS = '0';
      expect(() => browserSlots()).toThrow('VIGIL_TEST_BROWSERS expected a positive integer, got 0');
    } finally {
      if (before === undefined) delete process.env.VIGIL_TEST_BROWSERS;
      else process.env.VIGIL_TEST_BROWSERS = before;
    }
  });
});

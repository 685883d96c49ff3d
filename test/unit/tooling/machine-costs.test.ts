/**
 * scripts/machine-costs.mjs: the kernel's costs `npm test` prints before its lanes, each a figure
 * of its own (a page fault is not a system call), and the line says each one with its unit.
 */
import { describe, expect, it } from 'vitest';
import { measureMachineCosts } from '../../../scripts/machine-costs.mjs';

describe("the machine's costs", () => {
  it('measures a first-touched page, a system call, a process start and arithmetic, and says each', () => {
    const costs = measureMachineCosts();
    for (const key of ['pageUs', 'syscallUs', 'spawnMs', 'loopMs'] as const) {
      expect(Number.isFinite(costs[key]), key).toBe(true);
      expect(costs[key], key).toBeGreaterThanOrEqual(0);
    }
    // A process start is a fork, an exec and a Node start-up: never free.
    expect(costs.spawnMs).toBeGreaterThan(0);
    expect(costs.line).toBe(
      `a first-touched page ${costs.pageUs.toFixed(2)} µs, a system call ${costs.syscallUs.toFixed(2)} µs, ` +
        `a Node process started and gone ${costs.spawnMs.toFixed(0)} ms, 20 million loop steps ${costs.loopMs.toFixed(0)} ms`,
    );
  });
});

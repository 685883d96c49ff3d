/**
 * The devnet's and the rollup's stop (src/devnet/stoppers.ts): newest first, every part stopped
 * even when one throws, once however often it is asked.
 */
import { describe, expect, it } from 'vitest';
import { Stoppers } from '../../../src/devnet/stoppers.ts';

describe('Stoppers', () => {
  it('stops newest first, logs a stop that throws and still stops the rest, then runs `after` once', async () => {
    const order: string[] = [];
    const lines: string[] = [];
    let after = 0;
    const s = new Stoppers((line) => lines.push(line), () => void after++);
    s.push(async () => void order.push('execution'));
    s.push(async () => {
      order.push('beacon');
      throw new Error('port already closed');
    });
    s.push(async () => void order.push('proxy'));
    const first = s.stop();
    const second = s.stop();
    expect(second).toBe(first);
    await first;
    await s.stop();
    expect(order).toEqual(['proxy', 'beacon', 'execution']);
    expect(lines).toEqual(['stop: port already closed']);
    expect(after).toBe(1);
  });

  it('is a bound function, handed out as a part’s own stop()', async () => {
    const order: string[] = [];
    const s = new Stoppers(() => {});
    s.push(async () => void order.push('prover'));
    const { stop } = s;
    await stop();
    expect(order).toEqual(['prover']);
  });
});

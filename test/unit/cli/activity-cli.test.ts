/**
 * `vigil activity`'s input, refused before any sync or request (src/cli/commands/activity.ts); its
 * runs against the devnet are test/integration/cli-activity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { activityCommand } from '../../../src/cli/commands/activity.ts';
import { InputError } from '../../../src/core/errors.ts';

const ADDRESS = '0x' + 'aa'.repeat(20);
// An endpoint nothing listens on: a refusal must come before anything is asked of it.
const net = ['--network', 'mainnet', '--beacon-api', 'http://127.0.0.1:9', '--execution-rpc', 'http://127.0.0.1:9'];

describe('vigil activity input', () => {
  it.each([
    [[ADDRESS, '--from-block', '0'], /--from-block expected at least 1/],
    [[ADDRESS, '--from-block', '20', '--to-block', '10'], /--from-block 20 is after --to-block 10/],
    [[ADDRESS, '--from-block', 'latest'], /--from-block expected a block number/],
    [[ADDRESS, '--bloom-window', '0'], /--bloom-window expected a positive integer/],
    [['0x1234'], /address/],
    [[], /missing <address\|name>/],
    [[ADDRESS, '--token', '0x12'], /--token/],
  ])('refuses %j', async (args, message) => {
    const lines: string[] = [];
    const run = activityCommand([...net, ...args], (l) => lines.push(l));
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(message);
    expect(lines).toEqual([]);
  });
});

/**
 * `vigil l2-balance` on a rollup whose L1 contracts changed under Vigil: OP Mainnet's
 * AnchorStateRegistry respecting game type 42, which no shipped config pins
 * (test/support/rollup-world.ts builds L1 as the config expects, then the type is moved). It exits
 * 1 with the words ("Vigil needs an update to follow OP Mainnet: its dispute games changed to type
 * 42 by L1 block N"), prints the change as JSON, and no balance; the same world with the config's
 * type proves the balance as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { l2BalanceCommand } from '../../../src/cli/commands/l2-balance.ts';
import { errorLine, exitCodeFor } from '../../../src/cli/io.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { at, finish, opStackParts, type RollupWorld } from '../../support/rollup-world.ts';
import { L1_HEAD_NUMBER, L1_HEAD_TIME } from '../../support/rpc-world.ts';
import { serveJsonRpc } from '../../support/rpc-world.ts';

interface Outcome {
  code: number;
  lines: string[];
  stderr: string;
}

async function l2Balance(args: string[]): Promise<Outcome> {
  const lines: string[] = [];
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await l2BalanceCommand(args, (l) => lines.push(l)), lines, stderr };
  } catch (err) {
    // As main reports it: the error's line on stderr, its exit code.
    return { code: exitCodeFor(err), lines, stderr: stderr + errorLine(err) };
  } finally {
    spy.mockRestore();
  }
}

/** OP Mainnet's world, its registry respecting `gameType`. */
async function worldWith(gameType: number | undefined): Promise<RollupWorld> {
  const parts = await opStackParts('op-mainnet');
  if (gameType !== undefined) {
    const asr = parts.config.anchorStateRegistry;
    parts.l1.slot(asr.address, storageKey({ slot: asr.respectedGameTypeSlot }), at(BigInt(gameType), asr.respectedGameTypeOffset) | at(L1_HEAD_TIME - 400n * 86_400n, asr.retirementTimestampOffset));
  }
  return finish(parts);
}

async function run(world: RollupWorld, dir: string): Promise<Outcome> {
  const head = join(dir, `head-${Math.random()}.json`);
  writeFileSync(head, JSON.stringify(world.head));
  const [l1, l2] = await Promise.all([serveJsonRpc(world.l1), serveJsonRpc(world.l2)]);
  try {
    return await l2Balance(['--network', 'mainnet', '--rollup-config', 'op-mainnet', '--header', head, '--execution-rpc', l1.url, '--l2-rpc', l2.url, world.address]);
  } finally {
    await Promise.all([l1.close(), l2.close()]);
  }
}

describe('vigil l2-balance on a rollup that changed under Vigil', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-l2-change-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 with the words and prints the change, no balance', async () => {
    const out = await run(await worldWith(42), dir);
    expect(out.code).toBe(1);
    const words = `Vigil needs an update to follow OP Mainnet: its dispute games changed to type 42 by L1 block ${L1_HEAD_NUMBER}`;
    expect(out.stderr).toContain(`OP_RESPECTED_GAME_TYPE_CHANGED: ${words}`);
    expect(out.lines).toHaveLength(1);
    const json = JSON.parse(out.lines[0]!);
    expect(json).toEqual({
      l2ChainId: '0xa',
      change: { kind: 'game-type', code: 'OP_RESPECTED_GAME_TYPE_CHANGED', rollup: { name: 'OP Mainnet', chainId: 10 }, expected: expect.any(String), got: '42', l1Block: { number: Number(L1_HEAD_NUMBER), exact: false } },
      words,
    });
    expect(json).not.toHaveProperty('balance');
  });

  it("proves the balance as before when L1 respects the config's game type", async () => {
    const world = await worldWith(undefined);
    const out = await run(world, dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.lines.join('\n'))).toEqual(world.expected);
  });
});

/**
 * The Hardhat node (test/support/hardhat-node.ts): no longer the devnet's, it is the reference
 * EVM some tests compare Vigil's with (EDR, an implementation independent of @ethereumjs). Its
 * lifetime: a taken port refused, stop() ends its process, and the process ends by itself when
 * its parent is killed outright.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startExecutionNode } from '../../support/hardhat-node.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-hardhat-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('execution node lifetime', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waitDead = async (pid: number, ms: number) => {
    const deadline = Date.now() + ms;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return !alive(pid);
  };

  it('refuses a port that is taken instead of talking to whatever listens there', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startExecutionNode({ dir: join(dir, 'el-taken'), port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is not free/);
    } finally {
      taken.close();
    }
  });

  it('stop() ends the hardhat process', async () => {
    const node = await startExecutionNode({ dir: join(dir, 'el-stop') });
    expect(alive(node.pid)).toBe(true);
    await node.stop();
    expect(alive(node.pid)).toBe(false);
    await node.stop(); // idempotent
  });

  it('the hardhat process exits by itself when its parent is killed with SIGKILL', async () => {
    const script = `
      import { startExecutionNode } from ${JSON.stringify(new URL('../../support/hardhat-node.ts', import.meta.url).href)};
      const node = await startExecutionNode({ dir: ${JSON.stringify(join(dir, 'el-orphan'))} });
      process.stdout.write(String(node.pid) + '\\n');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      parent.once('exit', () => reject(new Error('parent exited before starting the node')));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitDead(pid, 10_000)).toBe(true);
  });
});


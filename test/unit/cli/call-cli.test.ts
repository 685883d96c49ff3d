import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mainnet-call/${name}`, import.meta.url));

function vigil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 240_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const TO = '0xade2a9c8b033d60ffcdb8cfc974dd87b2a9c1f27';
/** safeAdd(4, 5) on a mainnet contract. */
const DATA = '0xe6cb901300000000000000000000000000000000000000000000000000000000000000040000000000000000000000000000000000000000000000000000000000000005';
const offline = (replay = fixture('eth_call.json'), header = fixture('header.json')) => ['call', '--network', 'mainnet', '--header', header, '--rpc-replay', replay];

describe('vigil call offline, on a real mainnet recording', () => {
  it('runs the call on the local EVM over proven state and prints the result', async () => {
    const r = await vigil([...offline(), '--to', TO, '--data', DATA]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      result: '0x0000000000000000000000000000000000000000000000000000000000000009',
      // what the node reported for the same call with eth_createAccessList
      gasUsed: '0x55e2',
      blockNumber: 17463226,
      stateRoot: '0x48b1c9de2c29aad34db18bac2d2000244793d4c009092c96cf098da47de2a3d6',
    });
  });

  it('fails as a transport error (exit 2) when the recording lacks a proof the call needs', async () => {
    const r = await vigil([...offline(), '--to', '0x' + '12'.repeat(20), '--data', DATA]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_RECORDED/);
  });

  it('refuses a header whose fields do not hash to its hash (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-call-'));
    const header = JSON.parse(readFileSync(fixture('header.json'), 'utf8'));
    header.stateRoot = '0x' + '00'.repeat(32);
    writeFileSync(join(dir, 'header.json'), JSON.stringify(header));
    const r = await vigil([...offline(undefined, join(dir, 'header.json')), '--to', TO, '--data', DATA]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HASH/);
  });

  it('refuses a recording whose proof was tampered with (exit 1), never printing a result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-call-'));
    const exchanges = JSON.parse(readFileSync(fixture('eth_call.json'), 'utf8'));
    for (const e of exchanges) {
      if (e.request.method === 'eth_getCode' && e.request.params[0] === TO) e.response.result = e.response.result.slice(0, -2) + '00';
    }
    writeFileSync(join(dir, 'replay.json'), JSON.stringify(exchanges));
    const r = await vigil([...offline(join(dir, 'replay.json')), '--to', TO, '--data', DATA]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/CODE_HASH_MISMATCH/);
  });

  it('checks its flags', async () => {
    expect((await vigil(['call', '--network', 'mainnet', '--header', fixture('header.json'), '--rpc-replay', fixture('eth_call.json')])).code).toBe(2);
    expect((await vigil([...offline(), '--to', TO, '--block', 'yesterday'])).code).toBe(2);
  });
});

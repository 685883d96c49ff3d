/** `vigil devnet` refuses unusable flags before starting anything (the built CLI). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { devnetRun, offerLine } from '../../../src/cli/commands/devnet.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const vigil = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('vigil devnet: input', () => {
  it('exits 2 naming the flag on unusable input', () => {
    for (const [args, message] of [
      [['--fork', 'capella'], /--fork expected deneb or electra or fulu, got capella/],
      [['--preset', 'tiny'], /--preset expected minimal or mainnet/],
      [['--slot-seconds', '0'], /--slot-seconds expected an integer from 1 to 60/],
      [['--slot-seconds', '1.5'], /--slot-seconds expected an integer/],
      [['--port-base', '80'], /--port-base expected an integer from 1024 to 65532/],
      [['--history', 'ten'], /--history expected an integer from 0 to 8192, got ten/],
      [['--history', '9000'], /--history expected an integer from 0 to 8192/],
      [['--nope'], /Unknown option '--nope'/],
      [['extra'], /unexpected argument extra/],
    ] as const) {
      const r = vigil('devnet', ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('--gloas-epoch N maps to startDevnet\'s gloasEpoch, after fulu only', () => {
    expect(devnetRun({ 'gloas-epoch': '3', 'no-discovery': true }).options).toMatchObject({ fork: 'fulu', gloasEpoch: 3 });
    expect(devnetRun({ 'no-discovery': true }).options).not.toHaveProperty('gloasEpoch');
    expect(() => devnetRun({ 'gloas-epoch': '0' })).toThrow(/--gloas-epoch expected an integer from 1/);
    expect(() => devnetRun({ 'gloas-epoch': '2', fork: 'electra' })).toThrow(/--gloas-epoch follows the fulu fork/);
  });

  it('--rollup posts batches in blobs; --rollup-calldata keeps calldata, a setting of --rollup only', () => {
    expect(devnetRun({ rollup: true, 'no-discovery': true }).options.rollup).toEqual({});
    expect(devnetRun({ rollup: true, 'rollup-calldata': true, heartbeat: '5', 'no-discovery': true }).options.rollup).toEqual({ heartbeatSeconds: 5, posting: 'calldata' });
    expect(() => devnetRun({ 'rollup-calldata': true, 'no-discovery': true })).toThrow(/--rollup-calldata are settings of --rollup/);
  });

  it('documents itself and balance in --help', () => {
    const r = vigil('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('vigil devnet [--fork deneb|electra|fulu]');
    expect(r.stdout).toContain('vigil balance --network');
  });
});

describe('vigil devnet: what to do in the popup', () => {
  it('on the well-known port: the offer is there; on another: exactly what to type where; none served: Add network', () => {
    expect(offerLine('http://127.0.0.1:8590/.well-known/vigil-devnet.json')).toBe('  then in its popup: Settings → "Use this devnet" (found at http://127.0.0.1:8590/.well-known/vigil-devnet.json), or Add network with');
    expect(offerLine('http://127.0.0.1:8591/.well-known/vigil-devnet.json')).toBe('  then in its popup: Settings → "Find a Vigil devnet on this computer" → type 8591 → Look → "Use this devnet", or Add network with');
    expect(offerLine(undefined)).toBe('  then in its popup: Settings → Add network, with');
  });
});

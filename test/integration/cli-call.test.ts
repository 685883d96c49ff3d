/**
 * `vigil call` live, as a user runs it: the built CLI syncs the light client from the devnet's
 * checkpoint, proves what the call touches and prints what the node's own eth_call gives.
 */
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';

const VigilTokenAbi = ARTIFACTS.VigilToken.abi;
import { rpc, type RunningDevnet, startDevnetProcess, vigil } from './helpers.ts';

let devnet: RunningDevnet;
beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--faults']);
}, 120_000);
afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
});

const base = () => {
  const { info } = devnet;
  return ['call', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint];
};

describe('vigil call against the devnet', () => {
  it('prints the verified result of a token balanceOf, equal to the node\'s eth_call at that block', async () => {
    const { info } = devnet;
    const data = encodeFunctionData({ abi: VigilTokenAbi, functionName: 'balanceOf', args: [info.accounts[1] as `0x${string}`] });
    const r = await vigil([...base(), '--to', info.contracts!.token, '--data', data, '--from', info.accounts[0]!]);
    expect(r.stderr).not.toMatch(/rejected/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { result: string; gasUsed: string; blockNumber: number; stateRoot: string };
    const node = await rpc(info.nodeRpc, 'eth_call', [{ from: info.accounts[0], to: info.contracts!.token, data }, '0x' + out.blockNumber.toString(16)]);
    expect(out.result).toBe(node);
    const block = (await rpc(info.nodeRpc, 'eth_getBlockByNumber', ['0x' + out.blockNumber.toString(16), false])) as { stateRoot: string };
    expect(out.stateRoot).toBe(block.stateRoot);
  });

  it('prints a revert with its data and exits 1', async () => {
    const { info } = devnet;
    const data = encodeFunctionData({ abi: VigilTokenAbi, functionName: 'transfer', args: [info.accounts[2] as `0x${string}`, 10n ** 40n] });
    const r = await vigil([...base(), '--to', info.contracts!.token, '--data', data, '--from', info.accounts[3]!]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { error: { code: number; message: string; data: string } };
    expect(out.error.code).toBe(3);
    expect(out.error.data.length).toBeGreaterThan(10);
  });

  it('refuses a lying proof (exit 1), never printing a result', async () => {
    const { info } = devnet;
    await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'proof-storage-value', on: true }) });
    try {
      const data = encodeFunctionData({ abi: VigilTokenAbi, functionName: 'balanceOf', args: [info.accounts[5] as `0x${string}`] });
      const r = await vigil([...base(), '--to', info.contracts!.token, '--data', data, '--from', info.accounts[0]!]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/PROOF_VALUE_MISMATCH/);
    } finally {
      await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'proof-storage-value', on: false }) });
    }
  });
});

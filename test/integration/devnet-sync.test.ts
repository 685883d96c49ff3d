/**
 * `vigil devnet` (1 s slots, minimal preset), then the light client against it over HTTP:
 * `vigil sync` prints verified heads that advance, whose execution state roots are the node's;
 * `vigil balance` proves dev accounts' balances before and after transfers, equal to what the
 * node reports. Finally the devnet stops on SIGTERM and leaves no process behind.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBigInt } from '../../src/core/bytes.ts';
import { sendTransfer, waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { bin, childrenOf, isAlive, processesMentioning, rpc, type RunningDevnet, startDevnetProcess, vigil } from './helpers.ts';

let devnet: RunningDevnet;

beforeAll(async () => {
  devnet = await startDevnetProcess();
}, 90_000);

afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
});

describe('vigil devnet', () => {
  it('prints one JSON object with everything a client needs', async () => {
    const { info } = devnet;
    expect(Object.keys(info)).toEqual(['executionRpc', 'nodeRpc', 'beaconApi', 'beaconMirror', 'chainId', 'checkpoint', 'networkConfig', 'network', 'mnemonic', 'accounts']);
    expect(info.executionRpc).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.beaconApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(info.checkpoint).toMatch(/^0x[0-9a-f]{64}$/);
    // Right after start, before any finality: the genesis block's root.
    const genesis = (await (await fetch(`${info.beaconApi}/eth/v1/beacon/headers/genesis`)).json()) as { data: { root: string } };
    expect(info.checkpoint).toBe(genesis.data.root);
    // The mirror: another port, the same chain.
    expect(info.beaconMirror).not.toBe(info.beaconApi);
    expect(await (await fetch(`${info.beaconMirror}/eth/v1/beacon/headers/genesis`)).json()).toEqual(genesis);
    expect(devnet.stderr()).toContain(`beacon mirror   ${info.beaconMirror}`);
    expect(info.mnemonic.split(' ')).toHaveLength(12);
    expect(info.accounts.length).toBeGreaterThanOrEqual(3);
    expect(info.network).toMatchObject({ PRESET_BASE: 'minimal' });
    expect(devnet.stderr()).toContain('vigil sync --network-config');
  });
});

describe('vigil sync against the devnet', () => {
  it('prints verified heads that advance; their state roots are the node’s', async () => {
    const { info } = devnet;
    const p = spawn(
      process.execPath,
      [bin, 'sync', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--checkpoint', info.checkpoint, '--data-dir', `${devnet.dataDir}/sync`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    const heads = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; slot: number; root: string; signedBy: unknown; execution: { blockNumber: number; blockHash: string; stateRoot: string } });
    // A head is announced again when its signers change (the checkpoint's header, then signed by an update): one per root.
    const distinct = (kind: string) => heads().filter((h, i, all) => h.kind === kind && all.slice(0, i).every((e) => e.kind !== kind || e.root !== h.root));
    const deadline = Date.now() + 30_000;
    while (distinct('optimistic').length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    p.kill('SIGTERM');
    const code = await new Promise((r) => p.once('exit', r));
    expect(code, err).toBe(0);
    const optimistic = distinct('optimistic');
    expect(optimistic.length, err).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < optimistic.length; i++) {
      expect(optimistic[i]!.slot).toBeGreaterThan(optimistic[i - 1]!.slot);
      expect(optimistic[i]!.execution.blockNumber).toBeGreaterThan(optimistic[i - 1]!.execution.blockNumber);
    }
    for (const h of heads()) {
      const block = (await rpc(info.executionRpc, 'eth_getBlockByNumber', ['0x' + h.execution.blockNumber.toString(16), false])) as { hash: string; stateRoot: string };
      expect(h.execution.stateRoot).toBe(block.stateRoot);
      expect(h.execution.blockHash).toBe(block.hash);
    }
  }, 60_000);
});

describe('vigil balance against the devnet', () => {
  const balanceOf = async (address: string) => {
    const { info } = devnet;
    const r = await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, address]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { address: string; balance: string; blockNumber: number; blockHash: string; stateRoot: string; beaconSlot: number; finalized: boolean };
  };
  const nodeBalance = async (address: string, blockNumber: number) =>
    hexToBigInt(await rpc(devnet.info.executionRpc, 'eth_getBalance', [address, '0x' + blockNumber.toString(16)]));

  it('proves 3 dev accounts’ balances before and after 3 transfers, equal to the node’s', async () => {
    const [a, b, c] = devnet.info.accounts as [string, string, string];
    const before = await Promise.all([a, b, c].map(balanceOf));
    for (const r of before) expect(hexToBigInt(r.balance)).toBe(await nodeBalance(r.address, r.blockNumber));

    const ether = 10n ** 18n;
    const hashes = [await sendTransfer(devnet.info.executionRpc, a, b, 3n * ether), await sendTransfer(devnet.info.executionRpc, b, c, 2n * ether), await sendTransfer(devnet.info.executionRpc, c, a, 1n * ether)];
    const receipts = await Promise.all(hashes.map((h) => waitForReceipt(devnet.info.executionRpc, h, 20_000)));
    const minedIn = Math.max(...receipts.map((r) => r.blockNumber));

    const after = await Promise.all([a, b, c].map(balanceOf));
    for (const r of after) {
      expect(r.blockNumber).toBeGreaterThanOrEqual(minedIn);
      expect(r.finalized).toBe(false);
      expect(hexToBigInt(r.balance)).toBe(await nodeBalance(r.address, r.blockNumber));
      const block = (await rpc(devnet.info.executionRpc, 'eth_getBlockByNumber', ['0x' + r.blockNumber.toString(16), false])) as { hash: string; stateRoot: string };
      expect([r.blockHash, r.stateRoot]).toEqual([block.hash, block.stateRoot]);
    }
    // b received 3 and sent 2 (plus gas): it gained between 0.99 and 1 ether.
    const gained = hexToBigInt(after[1]!.balance) - hexToBigInt(before[1]!.balance);
    expect(gained).toBeGreaterThan(ether - ether / 100n);
    expect(gained).toBeLessThan(ether);
  }, 90_000);

  it('proves at the finalized head with --block finalized', async () => {
    const { info } = devnet;
    const r = await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, '--block', 'finalized', info.accounts[4]!]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.finalized).toBe(true);
    expect(hexToBigInt(out.balance)).toBe(await nodeBalance(info.accounts[4]!, out.blockNumber));
  }, 60_000);

  it('exits 2 on unusable input', async () => {
    const { info } = devnet;
    const base = ['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc];
    expect((await vigil([...base, '0x1234'])).code).toBe(2);
    expect((await vigil([...base])).code).toBe(2);
    expect((await vigil([...base, '--block', 'safe', info.accounts[0]!])).code).toBe(2);
    expect((await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, info.accounts[0]!])).code).toBe(2);
  });
});

describe('stopping the devnet', () => {
  it('SIGTERM stops everything: the process, its children if any, every server (the execution node is a thread of it)', async () => {
    const pid = devnet.proc.pid!;
    const children = childrenOf(pid);
    expect(processesMentioning(devnet.dataDir).length).toBeGreaterThanOrEqual(1);
    const code = await devnet.stop('SIGTERM');
    expect(code).toBe(0);
    expect(devnet.stderr()).toContain('devnet stopped');
    for (const child of children) expect(isAlive(child)).toBe(false);
    expect(processesMentioning(devnet.dataDir)).toEqual([]);
    for (const url of [devnet.info.executionRpc, devnet.info.nodeRpc, devnet.info.beaconApi]) await expect(rpc(url, 'eth_chainId')).rejects.toThrow();
  }, 30_000);
});

/**
 * `vigil devnet --faults`: every lie of the switchboard, switched on through the admin API, is
 * rejected by the client with a typed error (execution lies), or rejected / stalls while the
 * light client keeps its last verified state (beacon faults). Then Ctrl-C (SIGINT) stops it all.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { getVerifiedAccount, getVerifiedBalance } from '../../src/client/verified/reads.ts';
import { bytesToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { VerificationError } from '../../src/core/errors.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { sendDeployment, sendTransfer, storageContractInitCode, waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { EXECUTION_FAULTS, type ExecutionFault, FAULT_NAMES } from '../../src/devnet/faults/names.ts';
import type { VerifiedHead } from '../../src/l1/heads.ts';
import { type Follower, follow, freePortBase, processesMentioning, rpc, type RunningDevnet, sleep, startDevnetProcess, stepUntil, vigil } from './helpers.ts';

let devnet: RunningDevnet;
let f: Follower;
let contract: string;
let portBase: number;

const setFault = async (fault: string, on: boolean, extra: Record<string, unknown> = {}) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on, ...extra }) });
  expect(res.status, await res.clone().text()).toBe(200);
};
const rootOf = (h: VerifiedHead | undefined) => (h ? bytesToHex(h.root) : '');
const rejectedCodes = (from: number) =>
  f.events.slice(from).flatMap((e) => (e.type === 'rejected' ? [(e.error as { code?: string }).code ?? ''] : []));
const headsAfter = (from: number) => f.events.slice(from).filter((e) => e.type === 'head');

beforeAll(async () => {
  await cryptoReady();
  portBase = await freePortBase();
  devnet = await startDevnetProcess(['--faults', '--port-base', String(portBase)]);
  f = await follow(devnet.info, { staleAfterSlots: 3 });
  const deploy = await sendDeployment(devnet.info.executionRpc, devnet.info.accounts[0]!, storageContractInitCode([[0n, 42n], [1n, 7n], [5n, 99n]]));
  contract = (await waitForReceipt(devnet.info.executionRpc, deploy, 20_000)).contractAddress!;
}, 90_000);

afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
});

/** Steps until the verified optimistic head includes `blockNumber`. */
async function headIncluding(blockNumber: number): Promise<VerifiedHead> {
  const ok = await stepUntil(f, () => (f.sync.optimistic?.execution.blockNumber ?? 0n) >= BigInt(blockNumber), 20_000, 300);
  expect(ok).toBe(true);
  return f.sync.optimistic!;
}

describe('the switchboard', () => {
  it('lists every fault, all off; executionRpc is the proxy', async () => {
    const listed = (await (await fetch(`${devnet.info.admin}/faults`)).json()) as { faults: { name: string; on: boolean }[] };
    expect(listed.faults.map((x) => x.name)).toEqual(FAULT_NAMES);
    expect(listed.faults.some((x) => x.on)).toBe(false);
    // --port-base: execution node, beacon API, proxy, admin on base .. base+3.
    expect(devnet.info.beaconApi).toBe(`http://127.0.0.1:${portBase + 1}`);
    expect(devnet.info.executionRpc).toBe(`http://127.0.0.1:${portBase + 2}`);
    expect(devnet.info.admin).toBe(`http://127.0.0.1:${portBase + 3}`);
    expect(Number(await rpc(`http://127.0.0.1:${portBase}`, 'eth_chainId'))).toBe(devnet.info.chainId);
  });
});

describe('execution lies are rejected with a typed error', () => {
  const expected: Record<Exclude<ExecutionFault, 'rpc-balance'>, string[]> = {
    'proof-balance': ['PROOF_VALUE_MISMATCH'],
    'proof-nonce': ['PROOF_VALUE_MISMATCH'],
    'proof-storage-value': ['PROOF_VALUE_MISMATCH'],
    'proof-account-node': ['PROOF_NODE_HASH_MISMATCH', 'PROOF_ROOT_MISMATCH'],
    'proof-storage-node': ['PROOF_NODE_HASH_MISMATCH', 'PROOF_ROOT_MISMATCH'],
    'proof-other-block': ['PROOF_ROOT_MISMATCH'],
    'rpc-code': ['CODE_HASH_MISMATCH'],
  };
  const read = (head: VerifiedHead) =>
    getVerifiedAccount({ rpc: new ExecutionRpc({ endpoints: [devnet.info.executionRpc] }), head, address: contract, storageKeys: ['0x0', '0x1', '0x5'], code: true });

  it('every execution fault is covered', () => {
    expect(Object.keys(expected).concat('rpc-balance').sort()).toEqual(Object.keys(EXECUTION_FAULTS).sort());
  });

  for (const [fault, codes] of Object.entries(expected) as [ExecutionFault, string[]][]) {
    it(`${fault} → ${codes.join(' | ')}; the light client is untouched`, async () => {
      // A transfer after which the state differs from every older block's (for proof-other-block).
      const r = await waitForReceipt(devnet.info.executionRpc, await sendTransfer(devnet.info.executionRpc, devnet.info.accounts[5]!, devnet.info.accounts[6]!, 1n), 20_000);
      const head = await headIncluding(r.blockNumber);
      const honest = await read(head);
      expect(honest.storage.map((s) => s.value)).toEqual([42n, 7n, 99n]);
      const before = [rootOf(f.sync.optimistic), rootOf(f.sync.finalized)];
      await setFault(fault, true);
      try {
        const err = await read(head).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(VerificationError);
        expect(codes).toContain((err as VerificationError).code);
      } finally {
        await setFault(fault, false);
      }
      expect([rootOf(f.sync.optimistic), rootOf(f.sync.finalized)]).toEqual(before);
      expect((await read(head)).account).toEqual(honest.account);
    }, 40_000);
  }

  it('rpc-balance: plain eth_getBalance lies; the proven balance is the true one', async () => {
    const who = devnet.info.accounts[2]!;
    const head = await headIncluding(0);
    const tag = '0x' + head.execution.blockNumber.toString(16);
    const honest = hexToBigInt(await rpc(devnet.info.executionRpc, 'eth_getBalance', [who, tag]));
    await setFault('rpc-balance', true);
    try {
      expect(hexToBigInt(await rpc(devnet.info.executionRpc, 'eth_getBalance', [who, tag]))).toBe(honest + 10n ** 18n);
      const proven = await getVerifiedBalance({ rpc: new ExecutionRpc({ endpoints: [devnet.info.executionRpc] }), head, address: who });
      expect(proven.value).toBe(honest);
    } finally {
      await setFault('rpc-balance', false);
    }
  });

  it('vigil balance exits 1 naming the code while the proxy lies', async () => {
    const { info } = devnet;
    await setFault('proof-balance', true);
    try {
      const r = await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, info.accounts[1]!]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^PROOF_VALUE_MISMATCH: balance differs from what the proof proves/);
    } finally {
      await setFault('proof-balance', false);
    }
  }, 60_000);
});

describe('beacon faults: rejected or stalled, the last verified state kept', () => {
  beforeAll(async () => {
    expect(await stepUntil(f, () => f.sync.optimistic !== undefined && f.sync.finalized !== undefined, 20_000)).toBe(true);
  }, 30_000);

  it('beacon-invalid-signature: updates rejected with SYNC_SIGNATURE_INVALID, head kept; recovers when off', async () => {
    await stepUntil(f, () => false, 0); // settle on the newest head
    const kept = [rootOf(f.sync.optimistic), rootOf(f.sync.finalized)];
    const from = f.events.length;
    await setFault('beacon-invalid-signature', true);
    try {
      for (let i = 0; i < 4; i++) {
        await sleep(700);
        await f.step();
      }
      expect(rejectedCodes(from)).toContain('SYNC_SIGNATURE_INVALID');
      expect(headsAfter(from)).toEqual([]);
      expect([rootOf(f.sync.optimistic), rootOf(f.sync.finalized)]).toEqual(kept);
    } finally {
      await setFault('beacon-invalid-signature', false);
    }
    expect(await stepUntil(f, () => rootOf(f.sync.optimistic) !== kept[0], 10_000)).toBe(true);
  }, 40_000);

  it('vigil balance exits 1 with SYNC_SIGNATURE_INVALID when no signed head can be verified', async () => {
    const { info } = devnet;
    await setFault('beacon-invalid-signature', true);
    try {
      const r = await vigil(['balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, '--timeout', '4', info.accounts[1]!]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^SYNC_SIGNATURE_INVALID/);
    } finally {
      await setFault('beacon-invalid-signature', false);
    }
  }, 30_000);

  it('beacon-withhold-updates: no new head, STALE_HEAD reported, state kept; recovers when off', async () => {
    await f.step();
    const kept = [rootOf(f.sync.optimistic), rootOf(f.sync.finalized)];
    const from = f.events.length;
    await setFault('beacon-withhold-updates', true);
    try {
      for (let i = 0; i < 6; i++) {
        await sleep(800);
        await f.step();
      }
      expect(headsAfter(from)).toEqual([]);
      expect(f.events.slice(from).some((e) => e.type === 'stale')).toBe(true);
      expect([rootOf(f.sync.optimistic), rootOf(f.sync.finalized)]).toEqual(kept);
    } finally {
      await setFault('beacon-withhold-updates', false);
    }
    expect(await stepUntil(f, () => rootOf(f.sync.optimistic) !== kept[0], 10_000)).toBe(true);
  }, 40_000);

  it('beacon-delay-updates: answers come late, heads lag but only verified ones are taken', async () => {
    await setFault('beacon-delay-updates', true, { ms: 1500 });
    const from = f.events.length;
    try {
      const t0 = Date.now();
      await f.step();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
      const before = f.sync.optimistic!.slot;
      await f.step();
      expect(f.sync.optimistic!.slot).toBeGreaterThanOrEqual(before);
      // Whatever was rejected was rejected for being late or old, never for being invalid.
      for (const code of rejectedCodes(from)) expect(['LC_IRRELEVANT_UPDATE', 'LC_SIGNATURE_SLOT_IN_FUTURE', 'TIMEOUT']).toContain(code);
    } finally {
      await setFault('beacon-delay-updates', false);
    }
    const head = f.sync.optimistic!;
    const block = (await rpc(devnet.info.executionRpc, 'eth_getBlockByNumber', ['0x' + head.execution.blockNumber.toString(16), false])) as { stateRoot: string };
    expect(bytesToHex(head.execution.stateRoot)).toBe(block.stateRoot);
  }, 30_000);

  it('beacon-finality-stall: the finalized head stays put while optimistic heads go on; resumes when off', async () => {
    await f.step();
    const slotsPerEpoch = Number(f.config.preset.SLOTS_PER_EPOCH);
    await setFault('beacon-finality-stall', true);
    let stalledAt: string;
    try {
      // Let whatever was finalized before the switch arrive, then watch more than an epoch.
      await sleep(1500);
      await f.step();
      stalledAt = rootOf(f.sync.finalized);
      const optimisticBefore = f.sync.optimistic!.slot;
      const until = Date.now() + (slotsPerEpoch + 2) * 1000;
      while (Date.now() < until) {
        await sleep(700);
        await f.step();
        expect(rootOf(f.sync.finalized)).toBe(stalledAt);
      }
      expect(f.sync.optimistic!.slot).toBeGreaterThan(optimisticBefore);
    } finally {
      await setFault('beacon-finality-stall', false);
    }
    expect(await stepUntil(f, () => rootOf(f.sync.finalized) !== stalledAt, (3 * slotsPerEpoch + 4) * 1000, 700)).toBe(true);
  }, 90_000);
});

describe('stopping the devnet', () => {
  it('Ctrl-C (SIGINT) stops everything: no process, no server left (the execution node is a thread of the devnet)', async () => {
    expect(processesMentioning(devnet.dataDir).length).toBeGreaterThanOrEqual(1);
    expect(await devnet.stop('SIGINT')).toBe(0);
    expect(processesMentioning(devnet.dataDir)).toEqual([]);
    for (const url of [devnet.info.executionRpc, devnet.info.nodeRpc, devnet.info.beaconApi, devnet.info.admin!]) {
      await expect(fetch(url)).rejects.toThrow();
    }
  }, 30_000);
});

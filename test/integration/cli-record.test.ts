/**
 * Record once live, replay offline: `vigil l2-balance` on the devnet rollup and `vigil balance`,
 * each run against the devnet (light client synced from its beacon API) with --rpc-record (and
 * --l2-rpc-record), then again with no server at all from the recordings and the recorded head
 * (--header <x.head.json> --rpc-replay <x.json> --l2-rpc-replay …): the same proven output. The
 * built CLI, as a user runs it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedHeadPath } from '../../src/cli/verified-head.ts';
import { derivePublicKey } from '../../src/crypto/babyjub.ts';
import { ARTIFACTS as ROLLUP_ARTIFACTS } from '../../src/devnet/rollup/contracts/artifacts.ts';
import { awaitingBlobChild, rollupQueueProcessed, rpc, type RunningDevnet, sleep, startDevnetProcess, until, vigil } from './helpers.ts';

let devnet: RunningDevnet;
let dir: string;
let owner: string;
const ONE_ETHER = 10n ** 18n;
const file = (f: string) => join(dir, f);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-record-'));
  // Its batches come from the deposit; an empty heartbeat batch would only cost a proof.
  devnet = await startDevnetProcess(['--rollup', '--heartbeat', '600'], 180_000);
  const info = devnet.info;
  owner = info.accounts[5]!.toLowerCase();
  const { ax, ay } = derivePublicKey(new Uint8Array(32).fill(9));
  const data = encodeFunctionData({ abi: ROLLUP_ARTIFACTS.VigilRollup.abi, functionName: 'deposit', args: [(1n << 256n) - 1n, ax, ay] });
  await rpc(info.nodeRpc, 'eth_sendTransaction', [{ from: owner, to: info.rollup!.contract, data, value: '0x' + ONE_ETHER.toString(16), gas: '0x200000' }]);
}, 240_000);

afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const live = () => {
  const { info } = devnet;
  return ['--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint];
};
const offline = (recording: string) => ['--network-config', devnet.info.networkConfig, '--header', recordedHeadPath(recording), '--rpc-replay', recording];

/**
 * A replay's output is the live run's, but for what only a live run can say: offline there is no
 * beacon API, so the batch's blobs are not sampled (sampling checks the network now, not a recording).
 */
function expectReplayed(replayedStdout: string, liveStdout: string): void {
  const live = JSON.parse(liveStdout);
  const again = JSON.parse(replayedStdout);
  expect(live.data.availability).toMatchObject({ status: 'verified' });
  expect(again.data.availability ?? null).toBeNull();
  expect(again.data.words).toMatch(/; not sampled \(no beacon API to ask\); nodes keep blobs about 18 days$/);
  const { availability: _a, words: _w, ...liveData } = live.data;
  const { availability: _b, words: _x, ...againData } = again.data;
  expect({ ...again, data: againData }).toEqual({ ...live, data: liveData });
}

describe('--rpc-record, then --rpc-replay of the recording', () => {
  it('vigil l2-balance on the devnet rollup: the recorded run replays offline to the same output', async () => {
    const rollup = ['--rollup-config', devnet.info.rollup!.config];
    // The deposit's account index (an owner's lookup is not recorded: the index is what a recording replays).
    const index = await until('the deposit\'s account index', async () => {
      const i: unknown = await rpc(devnet.info.rollup!.l2Rpc, 'vigil_getAccountIndex', [owner]);
      return typeof i === 'number' ? { i } : undefined;
    }, 120_000).then((r) => r.i);
    // Its batch committed on L1 first; then the CLI (until its verified head has that block too).
    await rollupQueueProcessed(devnet.info, 1);
    let recorded: any;
    let stdout = '';
    for (let i = 0; i < 60; i++) {
      const r = await vigil(['l2-balance', ...live(), ...rollup, '--rpc-record', file('l1.json'), '--l2-rpc-record', file('l2.json'), String(index)], 120_000);
      if (r.code === 0) {
        stdout = r.stdout;
        recorded = JSON.parse(r.stdout);
        if (BigInt(recorded.balance) === ONE_ETHER && recorded.batch >= 1 && !awaitingBlobChild(recorded)) break;
      }
      await sleep(2000);
    }
    expect(recorded).toMatchObject({ index, owner, balance: '0xde0b6b3a7640000', proof: 'verified' });
    expect(recorded.batch).toBeGreaterThanOrEqual(1);
    const l2Methods = new Set(JSON.parse(readFileSync(file('l2.json'), 'utf8')).map((e: any) => e.request.method));
    expect(l2Methods).toEqual(new Set(['vigil_getBatch', 'vigil_getAccountProof']));

    const replayed = await vigil(['l2-balance', ...offline(file('l1.json')), ...rollup, '--l2-rpc-replay', file('l2.json'), String(index)], 120_000);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expectReplayed(replayed.stdout, stdout);

    // By its L1 owner: the index lookup is recorded with the rest, and the replay finds it there.
    const byOwner = await vigil(['l2-balance', ...live(), ...rollup, '--rpc-record', file('l1-owner.json'), '--l2-rpc-record', file('l2-owner.json'), owner], 120_000);
    expect(byOwner.code).toBe(0);
    expect(JSON.parse(byOwner.stdout)).toMatchObject({ index, owner, balance: '0xde0b6b3a7640000', proof: 'verified' });
    const ownerMethods = new Set(JSON.parse(readFileSync(file('l2-owner.json'), 'utf8')).map((e: any) => e.request.method));
    expect(ownerMethods).toEqual(new Set(['vigil_getBatch', 'vigil_getAccountIndex', 'vigil_getAccountProof']));
    const ownerReplayed = await vigil(['l2-balance', ...offline(file('l1-owner.json')), ...rollup, '--l2-rpc-replay', file('l2-owner.json'), owner], 120_000);
    expect(ownerReplayed.stderr).toBe('');
    expectReplayed(ownerReplayed.stdout, byOwner.stdout);
  }, 300_000);

  it('vigil balance: the recorded run replays offline to the same proven balance at the same block', async () => {
    const r = await vigil(['balance', ...live(), '--rpc-record', file('balance.json'), owner], 120_000);
    expect(r.code).toBe(0);
    expect(existsSync(recordedHeadPath(file('balance.json')))).toBe(true);
    const recorded = JSON.parse(r.stdout);
    const replayed = await vigil(['balance', ...offline(file('balance.json')), owner], 60_000);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    // Offline there is no beacon block: the head's beacon root is unknown (zero), and no sync
    // aggregate says who signed it (the recorded head is the user's word); all else is the same.
    const offlineOut = JSON.parse(replayed.stdout);
    expect(offlineOut.signedBy).toBe('user');
    expect(recorded.signedBy).toMatchObject({ participants: expect.any(Number), committeeSize: expect.any(Number) });
    expect({ ...offlineOut, beaconRoot: recorded.beaconRoot, signedBy: recorded.signedBy }).toEqual(recorded);
  }, 180_000);

  it('records live runs only', async () => {
    const r = await vigil(['balance', ...offline(file('balance.json')), '--rpc-record', file('again.json'), owner], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rpc-record records a live run/);
  }, 60_000);
});

/**
 * `vigil exit` on the devnet's validity rollup, as a user runs it (the built CLI): three L1
 * accounts (fresh keys in one vault) deposit, a batch proves the deposits, the sequencer stalls.
 * Then: alice's exit, killed after its request went out, its state file rewritten in the format
 * before exit plans (as the CLI of then kept the same exit), and run again with it until done
 * (request → waiting → freeze → escape → escaped, one request only, the L1 balance up by exactly
 * the L2 balance minus the exit's gas); a second exit of alice refused (escaped already); bob's
 * escape with the L2 RPC down (the proof rebuilt from L1 alone: the devnet's batches are in blobs,
 * read from the beacon API's column 0 and verified against the commitments tied through the
 * beacon blocks), first stopped while the beacon API withholds its columns (the escape proof
 * cannot be rebuilt from Ethereum alone: ESCAPE_BLOB_UNAVAILABLE, nothing sent); carol's with an L2 RPC whose
 * account proof lies (refused before anything is signed with it, the proof rebuilt from L1).
 * The forced deadline is a wait with a time: a run stops there (exit 3) and the exit is run again
 * with the same --state until it ends. One devnet for the file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWalletClient, defineChain, encodeFunctionData, type Hex, http, keccak256, pad, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePublicKey } from '../../src/crypto/babyjub.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { ARTIFACTS } from '../../src/devnet/rollup/contracts/artifacts.ts';
import { bin, rpc, sleep, vigil } from './helpers.ts';

const ETH = 10n ** 18n;
// Long enough for a batch to process a request before it (dave's case): ≈ 5 s to form and ≈ 8 s to
// prove on free processors, but past 30 s beside the unit lane (a clean-clone run of e97ff4a saw dave's
// request frozen at 30). Only alice's exit waits the deadline out: the rollup stays frozen after it.
const FORCED_DEADLINE = 75;
const R = ARTIFACTS.VigilRollup.abi;
/** The longest a wait for one of the devnet rollup's batches may take (each is proven before L1 takes it). */
const BATCH_WAIT_MS = 300_000;
const PASSWORD = 'exit tests correct horse battery staple';

let devnet: Devnet;
let dir: string;
let vault: string;
let contract: string;
const hex = (n: bigint | number) => `0x${n.toString(16)}`;
const node = (method: string, params: unknown[] = []) => rpc(devnet.info.nodeRpc, method, params);
const l2 = (method: string, params: unknown[] = []) => rpc(devnet.info.rollup!.l2Rpc, method, params);
const slot = async (n: number) => BigInt((await node('eth_getStorageAt', [contract, hex(n), 'latest'])) as string);
const balanceAt = async (address: string, block: string | number = 'latest') => BigInt((await node('eth_getBalance', [address, typeof block === 'number' ? hex(block) : block])) as string);
const setFault = async (fault: string, on: boolean) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
  expect(res.status, await res.clone().text()).toBe(200);
};

interface User {
  key: Hex;
  address: string;
  amount: bigint;
  index: number;
}
const users: Record<'alice' | 'bob' | 'carol' | 'dave', User> = {} as never;

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The gas an L1 transaction cost its sender (from its receipt). */
async function feeOf(hash: string): Promise<bigint> {
  const r = (await node('eth_getTransactionReceipt', [hash])) as { gasUsed: string; effectiveGasPrice: string; status: string };
  expect(r.status, hash).toBe('0x1');
  return BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice);
}

/**
 * Each exit's checkpoint: the devnet's finalized block when that exit first ran, as a person takes
 * a recent one. The devnet keeps 8 sync-committee periods (512 s at one-second slots), fewer than
 * this file can take on a loaded machine: its start's checkpoint was no longer served to the last
 * exits (NOT_AVAILABLE, bootstrap HTTP 404). Kept per state file: a run again resumes from it.
 */
const checkpoints = new Map<string, string>();
const network = (state: string) => {
  const { info } = devnet;
  if (!checkpoints.has(state)) checkpoints.set(state, devnet.beacon.checkpoint());
  return ['--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', checkpoints.get(state)!];
};
// Each exit's light client kept beside its state file: a run again resumes it rather than syncing anew.
const exitArgs = (u: User, state: string, extra: string[] = []) => [
  'exit', ...network(state), '--rollup-config', devnet.info.rollup!.config, '--vault', vault, '--account', u.address,
  '--state', join(dir, state), '--data-dir', join(dir, `${state}.light-client`), '--poll', '1', ...extra,
];

/**
 * Runs the exit until it ends: again with the same --state each time it stops at a wait with a
 * time (exit 3, the forced deadline); its output is every run's, in order.
 */
async function runToEnd(args: string[], timeoutMs = 150_000): Promise<{ code: number | null; stdout: string; stderr: string; runs: number }> {
  const deadline = Date.now() + timeoutMs;
  let stdout = '';
  let stderr = '';
  for (let runs = 1; ; runs++) {
    const r = await vigil(args, Math.max(1000, deadline - Date.now()));
    stdout += r.stdout;
    stderr += r.stderr;
    if (r.code !== 3 || Date.now() > deadline) return { code: r.code, stdout, stderr, runs };
    // A wait with a time names it (the deadline, seconds away on the devnet): run again then.
    const until = lines(r.stdout).filter((l) => l.action === 'wait').at(-1)?.untilSeconds as number | undefined;
    expect(until, r.stdout).toBeGreaterThan(0);
    await sleep(Math.max(0, until! * 1000 - Date.now()));
  }
}

/**
 * The exit kept in a state file of the format before exit plans, as the CLI of then wrote it for
 * the same exit (`{kind: 'vigil-exit', record: ExitRecord, raw: {hash: bytes}}`): the request sent,
 * its bytes, its queue entry once known.
 */
function asOldState(saved: { record: Record<string, any>; signed?: { hash: string; raw: string } }): unknown {
  const r = saved.record;
  const sent = r.sent as Record<string, { hash: string; at: number }>;
  return {
    kind: 'vigil-exit',
    record: {
      id: `${r.rollupChainId}:${r.facts.index}`,
      rollupChainId: r.rollupChainId,
      contract: r.facts.contract,
      index: Number(r.facts.index),
      owner: r.owner,
      step: r.step,
      startBalance: r.amount,
      ...(sent.request ? { request: { ...sent.request, ...(r.facts.queueIndex !== undefined ? { queueIndex: r.facts.queueIndex } : {}) } } : {}),
      ...(r.facts.deadline !== undefined ? { deadline: Number(r.facts.deadline) } : {}),
      reverts: r.reverts,
      history: r.history,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    },
    raw: saved.signed ? { [saved.signed.hash]: saved.signed.raw } : {},
  };
}
/** A run's end in one line (a CI summary keeps a failure's first line only): its code, runs, last words. */
const outcome = (r: { code: number | null; stdout: string; stderr: string; runs: number }) => {
  const last = (text: string) => text.trim().split('\n').slice(-2).join(' / ').slice(-400);
  return `exit ${r.code} after ${r.runs} run(s); stderr ends: ${last(r.stderr) || '-'}; stdout ends: ${last(r.stdout) || '-'}`;
};
const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** ForcedWithdrawalRequested logs of account `index`. */
async function requestLogsOf(index: number): Promise<{ blockNumber: string; blockHash: string }[]> {
  const topic = keccak256(toHex('ForcedWithdrawalRequested(uint256,uint256,address)'));
  return (await node('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [topic, null, pad(toHex(BigInt(index)), { size: 32 })] }])) as { blockNumber: string; blockHash: string }[];
}

/**
 * The devnet's reorg fault dropping the blocks from `block` on. The depth is counted from the
 * node's head as just read: should a block be mined between that read and the fault, the fault's
 * report shows `block` still on the chain, and it is asked again from the new head.
 */
async function reorgFrom(block: number, drop: boolean): Promise<{ dropped: { blockNumber: number }[] }> {
  for (let attempt = 0; ; attempt++) {
    const head = Number(BigInt((await node('eth_blockNumber')) as string));
    const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'reorg', depth: head - block + 1, drop }) });
    const body = (await res.json()) as { reorg: { dropped: { blockNumber: number }[] } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    if (body.reorg.dropped.some((b) => b.blockNumber === block) || attempt >= 2) return body.reorg;
  }
}

/** Escaped logs of account `index`. */
async function escapeLogsOf(index: number): Promise<{ blockNumber: string; blockHash: string; transactionHash: string }[]> {
  const topic = keccak256(toHex('Escaped(uint256,address,uint256)'));
  return (await node('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [topic, pad(toHex(BigInt(index)), { size: 32 })] }])) as { blockNumber: string; blockHash: string; transactionHash: string }[];
}

async function requestsOf(index: number): Promise<number> {
  return (await requestLogsOf(index)).length;
}

describe('vigil exit on the devnet rollup', () => {
  beforeAll(async () => {
    process.env.VIGIL_PASSWORD = PASSWORD;
    dir = mkdtempSync(join(tmpdir(), 'vigil-it-exit-'));
    vault = join(dir, 'vault.json');
    devnet = await startDevnet({ secondsPerSlot: 1, faults: true, rollup: { forcedDeadline: FORCED_DEADLINE, heartbeatSeconds: 5 } });
    contract = devnet.info.rollup!.contract;
    const chain = defineChain({ id: devnet.info.chainId, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [devnet.info.nodeRpc] } } });
    const amounts = { alice: ETH, bob: ETH / 2n, carol: ETH / 4n, dave: ETH / 5n };
    let fill = 0x40;
    for (const name of ['alice', 'bob', 'carol', 'dave'] as const) {
      const key = ('0x' + randomBytes(32).toString('hex')) as Hex;
      const account = privateKeyToAccount(key);
      users[name] = { key, address: account.address.toLowerCase(), amount: amounts[name], index: -1 };
      // Funded from a dev account, then imported into the one vault.
      const funded = (await node('eth_sendTransaction', [{ from: devnet.info.accounts[0], to: account.address, value: hex(3n * ETH) }])) as string;
      await waitForReceipt(devnet.info.nodeRpc, funded);
      const keyFile = join(dir, `${name}.key`);
      writeFileSync(keyFile, key.slice(2) + '\n', { mode: 0o600 });
      const imported = await vigil(['wallet', 'import', '--vault', vault, '--private-key-file', keyFile]);
      expect(imported.code, imported.stderr).toBe(0);
      // The deposit opens the L2 account; its owner is the sender.
      const { ax, ay } = derivePublicKey(new Uint8Array(32).fill(fill++));
      const wallet = createWalletClient({ account, chain, transport: http(devnet.info.nodeRpc) });
      const hash = await wallet.sendTransaction({ to: contract as Hex, data: encodeFunctionData({ abi: R, functionName: 'deposit', args: [2n ** 256n - 1n, ax, ay] }), value: amounts[name], gas: 1_000_000n });
      expect((await waitForReceipt(devnet.info.nodeRpc, hash)).status).toBe(1);
    }
    // The batch that takes them is proven by the devnet's prover: several seconds of every core
    // when the machine is free, minutes when it is not.
    const queued = await slot(4);
    await until('the deposits processed', async () => (await slot(3)) >= queued, BATCH_WAIT_MS);
    for (const u of Object.values(users)) u.index = (await until('the index', async () => l2('vigil_getAccountIndex', [u.address]))) as number;
  }, BATCH_WAIT_MS + 180_000);

  afterAll(async () => {
    await devnet?.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ends dave's exit as a withdrawal when the sequencer processes the request before the deadline, across a reorg of the request's block", async () => {
    const dave = users.dave;
    const before = await balanceAt(dave.address);
    // Bounds against a hang, not a pace: a loaded clean clone's run went past 200 s, still waiting on the batch.
    const running = runToEnd(exitArgs(dave, 'dave.json'), 420_000);
    // Once the request is mined, its block (and the ones after) are dropped and mined again on a
    // new branch (the devnet's reorg fault): the exit follows its request into its new block.
    const mined = await until('the request mined', async () => (await requestLogsOf(dave.index))[0], 90_000, 200);
    const requestBlock = mined.blockNumber;
    const reorg = await reorgFrom(Number(requestBlock), false);
    expect(reorg.dropped.map((b) => b.blockNumber)).toContain(Number(requestBlock));
    const r = await running;
    expect(r.code, outcome(r)).toBe(0);
    // One request, in a block of the new branch.
    expect(await requestsOf(dave.index)).toBe(1);
    expect((await requestLogsOf(dave.index))[0]!.blockHash).not.toBe(mined.blockHash);
    const all = lines(r.stdout);
    const last = all.at(-1)!;
    expect(last).toMatchObject({ step: 'withdrawn', index: dave.index, owner: dave.address });
    expect(all.filter((l) => l.action === 'sent').map((l) => l.label)).toEqual(['request']);
    // The batch paid the whole L2 balance; the exit cost one L1 transaction; nothing froze.
    expect((await balanceAt(dave.address)) - before).toBe(dave.amount - (await feeOf(last.txs.request)));
    expect(await slot(9)).toBe(0n);
  }, 480_000);

  it('exits alice: killed after the request, the request dropped by a reorg, resumed from --state, escaped with one request, the L1 balance up by the L2 balance minus the gas', async () => {
    await setFault('sequencer-stall', true);
    await until('the prover idle', async () => {
      const s = (await l2('vigil_status')) as { formed: number; batchCount: number };
      return s.formed === s.batchCount && BigInt(s.batchCount) === (await slot(1));
    }, BATCH_WAIT_MS);
    const alice = users.alice;
    const state = join(dir, 'alice.json');
    const tail = await slot(4);
    const before = await balanceAt(alice.address);

    // First run: killed as soon as it reports the request sent.
    const first: ChildProcess = spawn(process.execPath, [bin, ...exitArgs(alice, 'alice.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out1 = '';
    let err1 = '';
    first.stderr!.on('data', (c) => (err1 += c));
    const killed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no request within 90 s:\n${out1}\n${err1}`)), 90_000);
      first.stdout!.on('data', (c) => {
        out1 += c;
        if (/"step":"(requesting|waiting)"/.test(out1)) {
          clearTimeout(timer);
          first.kill('SIGKILL');
          resolve();
        }
      });
      first.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await killed;
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { record: { step: string; sent: { request?: { hash: string } } }; signed?: { hash: string; raw: string } };
    expect(['requesting', 'waiting']).toContain(saved.record.step);
    expect(saved.record.sent.request?.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(saved.signed?.hash).toBe(saved.record.sent.request?.hash);

    // The request's block is dropped and its transaction left out (the reorg fault, drop: true):
    // only the bytes the exit saved can bring it back.
    const mined = await until('the request mined', async () => (await requestLogsOf(alice.index))[0], 60_000, 200);
    await reorgFrom(Number(mined.blockNumber), true);
    expect(await requestsOf(alice.index)).toBe(0);

    // The same exit as the CLI before exit plans kept it: the next runs read that format.
    writeFileSync(state, JSON.stringify(asOldState(saved as never)) + '\n');

    // Next runs: the same state file; they complete.
    const r = await runToEnd(exitArgs(alice, 'alice.json'), 230_000);
    expect(r.code, outcome(r)).toBe(0);
    const all = [...lines(out1), ...lines(r.stdout)];
    const steps = all.map((l) => l.step);
    console.log(`alice's exit: ${all.map((l) => `${l.step}${l.action === 'sent' ? `(sent ${l.label})` : ''}`).join(' → ')}`);
    for (const [a, b] of [['request', 'waiting'], ['waiting', 'freeze'], ['freeze', 'escape'], ['escape', 'escaped']]) {
      expect(steps.indexOf(a!), steps.join(' ')).toBeLessThan(steps.lastIndexOf(b!));
    }
    expect(lines(r.stdout)[0]).toMatchObject({ action: 'resume', index: alice.index });
    expect(all.filter((l) => l.action === 'sent').map((l) => l.label)).toEqual(['request', 'freeze', 'escape']);
    const waiting = all.find((l) => l.step === 'waiting' && l.action === 'wait' && l.untilSeconds !== undefined)!;
    expect(waiting.untilSeconds).toBeGreaterThan(0);
    // Converted on the first save: the new format, the request's bytes kept.
    const converted = JSON.parse(readFileSync(state, 'utf8'));
    expect(converted.kind).toBe('vigil-exit-plan');
    expect(converted.record.sent.request.hash).toBe(saved.record.sent.request!.hash);
    const last = all.at(-1)!;
    expect(last).toMatchObject({ step: 'escaped', recovered: alice.amount.toString(), index: alice.index, owner: alice.address });
    // One request only: the queue grew by one, and one ForcedWithdrawalRequested names alice's account.
    expect(await slot(4)).toBe(tail + 1n);
    expect(await requestsOf(alice.index)).toBe(1);
    expect(await slot(9)).toBe(1n); // frozen
    // Exactly the L2 balance, minus what the exit's three transactions cost.
    const fees = (await feeOf(last.txs.request)) + (await feeOf(last.txs.freeze)) + (await feeOf(last.txs.escape));
    const after = await balanceAt(alice.address);
    expect(after - before).toBe(alice.amount - fees);
    expect(BigInt(last.l1Balance)).toBe(await balanceAt(alice.address, last.l1.blockNumber));
  }, BATCH_WAIT_MS + 420_000);

  it('refuses a second exit of alice: failed, escaped already (exit 1)', async () => {
    const r = await vigil(exitArgs(users.alice, 'alice-again.json'), 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const last = lines(r.stdout).at(-1)!;
    console.log(`alice again: ${r.stdout.trim()}`);
    expect(last).toMatchObject({ step: 'failed' });
    expect(last.reason).toMatch(/escaped already/);
    expect(last.txs).toEqual({});
  }, 150_000);

  it("stops bob's escape with the L2 RPC down while the beacon API withholds the blobs' columns: ESCAPE_BLOB_UNAVAILABLE, nothing sent", async () => {
    const bob = users.bob;
    await setFault('beacon-withhold-columns', true);
    try {
      const r = await vigil(exitArgs(bob, 'bob-withheld.json', ['--l2-rpc', `http://127.0.0.1:${await closedPort()}`]), 120_000);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(/ESCAPE_BLOB_UNAVAILABLE/);
      expect(r.stderr).toMatch(/cannot be rebuilt from Ethereum alone: the blob data of batch \d+ .*is not available from the endpoints/);
      expect(lines(r.stdout).filter((l) => l.action === 'sent')).toEqual([]);
      expect(await escapeLogsOf(bob.index)).toEqual([]);
    } finally {
      await setFault('beacon-withhold-columns', false);
    }
  }, 150_000);

  it('escapes bob with the L2 RPC down: index, balance and proof rebuilt from L1 alone (the batches from their blobs); the escape, dropped by a reorg before it was final, sent again and final on the new branch', async () => {
    const bob = users.bob;
    const before = await balanceAt(bob.address);
    const running = runToEnd(exitArgs(bob, 'bob.json', ['--l2-rpc', `http://127.0.0.1:${await closedPort()}`]));
    // Once the escape is mined, its block is dropped and its transaction left out (the reorg
    // fault, drop: true): the exit, not final yet, goes back a step and sends its saved bytes again.
    // Taken for the exit's end by the CLI (kept with its head until that block is final), then reorganised away.
    await until('the escape taken for the end, not final', async () => {
      try {
        return (JSON.parse(readFileSync(join(dir, 'bob.json'), 'utf8')) as { record: { step: string; ending?: unknown } }).record.ending !== undefined;
      } catch {
        return false;
      }
    }, 120_000, 100);
    const escaped = (await escapeLogsOf(bob.index))[0]!;
    const reorg = await reorgFrom(Number(escaped.blockNumber), true);
    expect(reorg.dropped.map((b) => b.blockNumber)).toContain(Number(escaped.blockNumber));
    // The escape's block is off the chain. The exit may already have sent its saved bytes again
    // (a round under way sees the receipt gone at once), so a new escape in a new block can be there.
    expect((await escapeLogsOf(bob.index)).map((l) => l.blockHash)).not.toContain(escaped.blockHash);
    const r = await running;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.some((l) => l.action === 'step' && l.step === 'escaping' && /left the chain/.test(l.note ?? '')), r.stdout).toBe(true);
    expect(out.some((l) => l.action === 'step' && /^final: block \d+ is finalized$/.test(l.note ?? '')), r.stdout).toBe(true);
    const final = await escapeLogsOf(bob.index);
    expect(final).toHaveLength(1);
    expect(final[0]!.blockHash).not.toBe(escaped.blockHash);
    expect(out[0]).toMatchObject({ step: 'request', action: 'start', index: bob.index, amount: bob.amount.toString(), source: 'l1-rebuild' });
    const sent = out.filter((l) => l.action === 'sent');
    // Frozen already: no request, no freeze; straight to the escape.
    expect(sent.map((l) => l.label)).toEqual(['escape']);
    expect(sent[0]).toMatchObject({ proofSource: 'l1-rebuild', amount: bob.amount.toString() });
    const last = out.at(-1)!;
    expect(last).toMatchObject({ step: 'escaped', recovered: bob.amount.toString() });
    expect((await balanceAt(bob.address)) - before).toBe(bob.amount - (await feeOf(last.txs.escape)));
  }, 150_000);

  it("refuses carol's lying L2 RPC proof before signing with it, and escapes with the proof rebuilt from L1", async () => {
    const carol = users.carol;
    const before = await balanceAt(carol.address);
    const state = join(dir, 'carol.json');
    await setFault('l2-proof-balance', true);
    let r;
    try {
      r = await runToEnd(exitArgs(carol, 'carol.json'));
    } finally {
      await setFault('l2-proof-balance', false);
    }
    expect(r.code, outcome(r)).toBe(0);
    const out = lines(r.stdout);
    // The start: the L2 RPC's account (1 ether more) does not hash to L1's root; the balance is the rebuilt one.
    expect(out[0]).toMatchObject({ step: 'request', action: 'start', amount: carol.amount.toString(), source: 'l1-rebuild' });
    const sent = out.filter((l) => l.action === 'sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ label: 'escape', proofSource: 'l1-rebuild', amount: carol.amount.toString(), rejected: { code: 'L2_PROOF_ROOT_MISMATCH' } });
    expect(r.stderr).toMatch(/refused the L2 RPC's account proof.*L2_PROOF_ROOT_MISMATCH/);
    const last = out.at(-1)!;
    expect(last).toMatchObject({ step: 'escaped', recovered: carol.amount.toString() });
    // No escape reverted: the lie never reached a signature.
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { record: { reverts: number; sent: Record<string, { hash: string }> }; signed: { hash: string } };
    expect(saved.record.reverts).toBe(0);
    // Signed once: the escape (every signed transaction is in `sent` before it is broadcast).
    expect(Object.keys(saved.record.sent)).toEqual(['escape']);
    expect(saved.signed.hash).toBe(last.txs.escape);
    expect((await balanceAt(carol.address)) - before).toBe(carol.amount - (await feeOf(last.txs.escape)));
  }, 150_000);
});

/**
 * The devnet's execution side without the beacon chain: its node (@ethereumjs/vm in a worker
 * thread, as the devnet starts it), verified reads against its blocks (the head taken from the
 * node itself, as the light client would hand it over), the lying proxy and the admin
 * switchboard, and the node's lifetime. Blocks are mined here with evm_mine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { getVerifiedAccount, getVerifiedBalance } from '../../../src/client/verified/reads.ts';
import { bigIntToHex, hexToBigInt, hexToBytes } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { sendDeployment, sendTransfer, STORAGE_RUNTIME, storageContractInitCode, waitForReceipt } from '../../../src/devnet/execution/dev-tx.ts';
import { type ExecutionNode, startExecutionNode } from '../../../src/devnet/execution/node/start.ts';
import { startAdminServer, type AdminServer } from '../../../src/devnet/faults/admin.ts';
import { EXECUTION_API_FAULTS, EXECUTION_FAULTS, type ExecutionFault, FAULT_NAMES } from '../../../src/devnet/faults/names.ts';
import { type ExecutionProxy, startExecutionProxy } from '../../../src/devnet/faults/proxy.ts';
import type { BeaconFaults } from '../../../src/devnet/beacon/server.ts';
import { FaultSwitchboard } from '../../../src/devnet/faults/switchboard.ts';
import type { VerifiedHead } from '../../../src/l1/heads.ts';
import { defaultExecutionHeader } from '../../../src/l1/containers.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../src/proofs/eip1186.ts';
import { jsonRpcCall } from '../../../src/rpc/http.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { listen } from '../../../src/devnet/http-util.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-el-test-'));
let el: ExecutionNode;
let proxy: ExecutionProxy;
let admin: AdminServer;
const beaconFlags: BeaconFaults = { withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off', badCell: 'off' };
const switchboard = new FaultSwitchboard(beaconFlags);
let contract: string;
const SLOTS: [bigint, bigint][] = [
  [0n, 42n],
  [1n, 7n],
  [2n, 0x1234n],
  [0xabcdefn, 2n ** 200n + 5n],
];

const call = (url: string, method: string, params: unknown[] = []) => jsonRpcCall(url, method, params, { timeoutMs: 30_000, maxBytes: 1 << 24 });
const mine = () => call(el.url, 'evm_mine');
type Block = { number: string; hash: string; stateRoot: string; receiptsRoot: string; timestamp: string };
const block = async (tag: string | number) => (await call(el.url, 'eth_getBlockByNumber', [typeof tag === 'number' ? bigIntToHex(tag) : tag, false])) as Block;

/** What the light client would hand over for this block (trusted here: the node is honest). */
async function headAt(tag: string | number): Promise<VerifiedHead> {
  const b = await block(tag);
  return {
    slot: hexToBigInt(b.number) + 1000n,
    root: new Uint8Array(32).fill(0xbe),
    nextParentBeaconRoot: new Uint8Array(32).fill(0xbe),
    execution: {
      ...defaultExecutionHeader(),
      blockNumber: hexToBigInt(b.number),
      blockHash: hexToBytes(b.hash),
      stateRoot: hexToBytes(b.stateRoot),
      receiptsRoot: hexToBytes(b.receiptsRoot),
      timestamp: hexToBigInt(b.timestamp),
    },
  };
}

async function mined(hash: Promise<string>): Promise<void> {
  const h = await hash;
  await mine();
  expect((await waitForReceipt(el.url, h, 5_000)).status).toBe(1);
}

beforeAll(async () => {
  await cryptoReady();
  el = await startExecutionNode({ dir: join(dir, 'el'), chainId: 31337, fork: 'osaka', logRequests: true });
  proxy = await startExecutionProxy({ upstream: el.url, switchboard });
  admin = await startAdminServer({ switchboard });
  const deploy = await sendDeployment(el.url, el.accounts[0]!, storageContractInitCode(SLOTS));
  await mine();
  contract = (await waitForReceipt(el.url, deploy, 5_000)).contractAddress!;
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), admin?.stop()]);
  await el?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('execution node (ethereumjs, worker thread)', () => {
  it('serves chain id and funded, unlocked dev accounts on 127.0.0.1 only', async () => {
    expect(el.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(await call(el.url, 'eth_chainId'))).toBe(31337);
    expect(await call(el.url, 'net_version')).toBe('31337');
    expect(el.accounts).toHaveLength(10);
    expect(el.accounts[0]).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    expect(await call(el.url, 'eth_accounts')).toEqual(el.accounts);
    expect(hexToBigInt(await call(el.url, 'eth_getBalance', [el.accounts[5], 'latest']))).toBe(10n ** 24n);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await expect(call(`http://${external.address}:${el.port}`, 'eth_chainId')).rejects.toBeInstanceOf(TransportError);
    }
  });

  it('mines only on evm_mine: a pending transfer waits for the next block, and the pending nonce counts it', async () => {
    const before = Number(await call(el.url, 'eth_blockNumber'));
    const nonce = await call(el.url, 'eth_getTransactionCount', [el.accounts[1], 'latest']);
    const hash = await sendTransfer(el.url, el.accounts[1]!, el.accounts[2]!, 1n);
    expect(Number(await call(el.url, 'eth_blockNumber'))).toBe(before);
    expect(await call(el.url, 'eth_getTransactionReceipt', [hash])).toBeNull();
    expect(await call(el.url, 'eth_getTransactionByHash', [hash])).toMatchObject({ hash, blockHash: null, blockNumber: null, transactionIndex: null });
    expect(hexToBigInt(await call(el.url, 'eth_getTransactionCount', [el.accounts[1], 'pending']))).toBe(hexToBigInt(nonce) + 1n);
    const timestamp = Number(hexToBigInt((await block('latest')).timestamp)) + 12;
    expect(await call(el.url, 'evm_mine', [timestamp])).toBe('0x0');
    expect((await waitForReceipt(el.url, hash, 5_000)).blockNumber).toBe(before + 1);
    expect(Number(hexToBigInt((await block('latest')).timestamp))).toBe(timestamp);
  });

  it('serves eth_getProof at recent historical blocks, each verifying against its own state root', async () => {
    const from = el.accounts[3]!;
    const first = Number(await call(el.url, 'eth_blockNumber'));
    for (let i = 0; i < 5; i++) await mined(sendTransfer(el.url, from, el.accounts[4]!, 10n ** 18n));
    const balances = new Set<bigint>();
    for (let n = first; n <= first + 5; n++) {
      const b = await block(n);
      const raw = await call(el.url, 'eth_getProof', [from, [], bigIntToHex(n)]);
      const proven = verifyGetProofResponse(hexToBytes(b.stateRoot), parseGetProofResponse(raw));
      balances.add(proven.account.balance);
      expect(proven.account.balance).toBe(hexToBigInt(await call(el.url, 'eth_getBalance', [from, bigIntToHex(n)])));
    }
    expect(balances.size).toBe(6);
    const raw = await call(el.url, 'eth_getProof', [from, [], bigIntToHex(first)]);
    const latestRoot = hexToBytes((await block('latest')).stateRoot);
    expect(() => verifyGetProofResponse(latestRoot, parseGetProofResponse(raw))).toThrow(expect.objectContaining({ code: 'PROOF_ROOT_MISMATCH' }));
  });

  it('writes each call to its log file when asked to', () => {
    const log = readFileSync(el.logFile, 'utf8');
    expect(log).toMatch(/serving http:\/\/127\.0\.0\.1:\d+: fork osaka, chain id 31337/);
    expect(log).toMatch(/eth_sendTransaction \[\{.*\}\] -> ok/);
    expect(log).toMatch(/evm_mine \[\] -> ok/);
  });
});

describe('verified reads', () => {
  const rpc = () => new ExecutionRpc({ endpoints: [el.url] });

  it('proves balance, nonce, storage and code at a head, with provenance', async () => {
    const head = await headAt('latest');
    const r = await getVerifiedAccount({ rpc: rpc(), head, address: contract, storageKeys: SLOTS.map(([s]) => bigIntToHex(s)).concat('0x99'), code: true, now: () => 1234 });
    expect(r.account.exists).toBe(true);
    expect(r.account.nonce).toBe(1n);
    expect(r.storage.map((s) => s.value)).toEqual([...SLOTS.map(([, v]) => v), 0n]);
    expect(Buffer.from(r.code!).toString('hex')).toBe(STORAGE_RUNTIME.slice(2));
    expect(r.provenance).toEqual({
      blockNumber: head.execution.blockNumber,
      blockHash: (await block('latest')).hash,
      stateRoot: (await block('latest')).stateRoot,
      beaconSlot: head.slot,
      beaconRoot: '0x' + 'be'.repeat(32),
      finalized: false,
      verifiedAt: 1234,
      endpoint: el.url,
    });
    const eoa = await getVerifiedBalance({ rpc: rpc(), head, address: el.accounts[6]!, finalized: true });
    expect(eoa.value).toBe(hexToBigInt(await call(el.url, 'eth_getBalance', [el.accounts[6], bigIntToHex(head.execution.blockNumber)])));
    expect(eoa.provenance.finalized).toBe(true);
    const absent = await getVerifiedAccount({ rpc: rpc(), head, address: '0x' + '00'.repeat(19) + '77', code: true });
    expect(absent.account.exists).toBe(false);
    expect(absent.code).toEqual(new Uint8Array(0));
  });

  it('proves at the head given, not at the node latest block', async () => {
    const head = await headAt('latest');
    await mined(sendTransfer(el.url, el.accounts[7]!, el.accounts[8]!, 5n * 10n ** 18n));
    const atHead = await getVerifiedBalance({ rpc: rpc(), head, address: el.accounts[7]! });
    const now = await getVerifiedBalance({ rpc: rpc(), head: await headAt('latest'), address: el.accounts[7]! });
    expect(atHead.value - now.value).toBeGreaterThan(5n * 10n ** 18n);
  });

  it('refuses a valid proof of another address', async () => {
    const other = await call(el.url, 'eth_getProof', [el.accounts[1], [], 'latest']);
    // Answers every call with a valid proof of another account (echoing the request id).
    const liar = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: JSON.parse(body).id, result: other }));
      });
    });
    await listen(liar, 0);
    const port = (liar.address() as { port: number }).port;
    try {
      const err = await getVerifiedBalance({
        rpc: new ExecutionRpc({ endpoints: [`http://127.0.0.1:${port}`] }),
        head: await headAt('latest'),
        address: el.accounts[2]!,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VerificationError);
      expect(err).toMatchObject({ code: 'PROOF_ADDRESS_MISMATCH', expected: el.accounts[2], got: el.accounts[1] });
    } finally {
      await new Promise((r) => liar.close(r));
    }
  });

  it('fails over: a lying endpoint is reported and demoted, the honest one answers', async () => {
    switchboard.set('proof-balance', true);
    try {
      const multi = new ExecutionRpc({ endpoints: [proxy.url, el.url] });
      const rejected: string[] = [];
      const r = await getVerifiedBalance({
        rpc: multi,
        head: await headAt('latest'),
        address: el.accounts[1]!,
        onRejected: (e, endpoint) => rejected.push(`${(e as VerificationError).code}@${endpoint}`),
      });
      expect(r.provenance.endpoint).toBe(el.url);
      expect(rejected).toEqual([`PROOF_VALUE_MISMATCH@${proxy.url}`]);
      expect(multi.endpoints).toEqual([el.url, proxy.url]);
      // An endpoint that does not answer at all is skipped too.
      const down = new ExecutionRpc({ endpoints: ['http://127.0.0.1:1', el.url] });
      expect((await getVerifiedBalance({ rpc: down, head: await headAt('latest'), address: el.accounts[1]! })).provenance.endpoint).toBe(el.url);
    } finally {
      switchboard.set('all', false);
    }
  });
});

describe('lying proxy', () => {
  const viaProxy = () => new ExecutionRpc({ endpoints: [proxy.url] });
  const read = async () =>
    getVerifiedAccount({ rpc: viaProxy(), head: await headAt('latest'), address: contract, storageKeys: ['0x0', '0x1', '0xabcdef'], code: true });

  it('is honest while no fault is on', async () => {
    const direct = await getVerifiedAccount({ rpc: new ExecutionRpc({ endpoints: [el.url] }), head: await headAt('latest'), address: contract, storageKeys: ['0x0', '0x1', '0xabcdef'], code: true });
    const proxied = await read();
    expect(proxied.account).toEqual(direct.account);
    expect(proxied.storage).toEqual(direct.storage);
    expect(await call(proxy.url, 'eth_getBalance', [el.accounts[1], 'latest'])).toBe(await call(el.url, 'eth_getBalance', [el.accounts[1], 'latest']));
  });

  const expected: Record<Exclude<ExecutionFault, 'rpc-balance'>, string[]> = {
    'proof-balance': ['PROOF_VALUE_MISMATCH'],
    'proof-nonce': ['PROOF_VALUE_MISMATCH'],
    'proof-storage-value': ['PROOF_VALUE_MISMATCH'],
    'proof-account-node': ['PROOF_NODE_HASH_MISMATCH', 'PROOF_ROOT_MISMATCH'],
    'proof-storage-node': ['PROOF_NODE_HASH_MISMATCH', 'PROOF_ROOT_MISMATCH'],
    'proof-other-block': ['PROOF_ROOT_MISMATCH'],
    'rpc-code': ['CODE_HASH_MISMATCH'],
  };
  for (const [fault, codes] of Object.entries(expected) as [ExecutionFault, string[]][]) {
    it(`${fault}: rejected with ${codes.join(' or ')}`, async () => {
      // A fresh transfer, so that an older block's state differs from the head's.
      await mined(sendTransfer(el.url, el.accounts[9]!, el.accounts[8]!, 1n));
      switchboard.set(fault, true);
      try {
        const err = await read().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(VerificationError);
        expect(codes).toContain((err as VerificationError).code);
      } finally {
        switchboard.set(fault, false);
      }
      await expect(read()).resolves.toBeDefined();
    });
  }

  it('rpc-balance: the plain eth_getBalance lies, the proven balance does not', async () => {
    const honest = hexToBigInt(await call(el.url, 'eth_getBalance', [el.accounts[1], 'latest']));
    switchboard.set('rpc-balance', true);
    try {
      expect(hexToBigInt(await call(proxy.url, 'eth_getBalance', [el.accounts[1], 'latest']))).toBe(honest + 10n ** 18n);
      const proven = await getVerifiedBalance({ rpc: viaProxy(), head: await headAt('latest'), address: el.accounts[1]! });
      expect(proven.value).toBe(honest);
    } finally {
      switchboard.set('rpc-balance', false);
    }
  });

  it('passes batches through, lying in each entry', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [el.accounts[1], 'latest'] },
      { jsonrpc: '2.0', id: 2, method: 'eth_chainId', params: [] },
    ];
    const post = async () => (await (await fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) })).json()) as { id: number; result: string }[];
    const honest = await post();
    switchboard.set('rpc-balance', true);
    try {
      const lied = await post();
      expect(lied.map((r) => r.id)).toEqual([1, 2]);
      expect(hexToBigInt(lied[0]!.result)).toBe(hexToBigInt(honest[0]!.result) + 10n ** 18n);
      expect(lied[1]!.result).toBe('0x7a69');
    } finally {
      switchboard.set('rpc-balance', false);
    }
  });
});

describe('admin switchboard', () => {
  const post = (body: unknown) => fetch(`${admin.url}/faults`, { method: 'POST', body: JSON.stringify(body) });

  it('lists every fault, switches them, and flips the beacon flags', async () => {
    const listed = (await (await fetch(`${admin.url}/faults`)).json()) as { faults: { name: string; on: boolean; layer: string }[] };
    expect(listed.faults.map((f) => f.name)).toEqual(FAULT_NAMES);
    expect(listed.faults.every((f) => !f.on)).toBe(true);
    expect(listed.faults.filter((f) => f.layer === 'execution').map((f) => f.name)).toEqual([...Object.keys(EXECUTION_FAULTS), ...Object.keys(EXECUTION_API_FAULTS)]);

    let r = await post({ fault: 'proof-nonce', on: true });
    expect(r.status).toBe(200);
    expect(switchboard.isOn('proof-nonce')).toBe(true);
    for (const [fault, key] of [
      ['beacon-withhold-updates', 'withholdUpdates'],
      ['beacon-invalid-signature', 'invalidSignature'],
      ['beacon-finality-stall', 'finalityStall'],
      ['beacon-forged-branch', 'forgedBranch'],
      ['beacon-withhold-payload', 'withholdPayload'],
    ] as const) {
      expect((await post({ fault, on: true })).status).toBe(200);
      expect(beaconFlags[key]).toBe(true);
    }
    expect((await post({ fault: 'beacon-delay-updates', on: true, ms: 1500 })).status).toBe(200);
    expect(beaconFlags.delayUpdatesMs).toBe(1500);
    // The participation setting: the fraction given (listed with it), half by default, all when off.
    r = await post({ fault: 'beacon-participation', on: true, fraction: 0.7 });
    expect(r.status).toBe(200);
    expect(beaconFlags.participation).toBe(0.7);
    expect(((await r.json()) as { faults: { name: string; fraction?: number }[] }).faults.find((f) => f.name === 'beacon-participation')).toMatchObject({ on: true, fraction: 0.7 });
    expect((await post({ fault: 'beacon-participation', on: false })).status).toBe(200);
    expect(beaconFlags.participation).toBe(1);
    expect((await post({ fault: 'beacon-participation', on: true })).status).toBe(200);
    expect(beaconFlags.participation).toBe(0.7); // the last fraction given is kept
    // The blob faults: both endpoints by default, one when `endpoint` names it (listed with it).
    expect((await post({ fault: 'beacon-withhold-columns', on: true })).status).toBe(200);
    expect(beaconFlags.withholdColumns).toBe('both');
    r = await post({ fault: 'beacon-bad-cell', on: true, endpoint: 'mirror' });
    expect(r.status).toBe(200);
    expect(beaconFlags.badCell).toBe('mirror');
    expect(((await r.json()) as { faults: { name: string; endpoint?: string }[] }).faults.find((f) => f.name === 'beacon-bad-cell')).toMatchObject({ on: true, endpoint: 'mirror' });
    expect((await post({ fault: 'beacon-bad-cell', on: true, endpoint: 'elsewhere' })).status).toBe(400);
    expect(beaconFlags.badCell).toBe('mirror');
    r = await post({ fault: 'all', on: false });
    expect(r.status).toBe(200);
    expect(beaconFlags).toEqual({ withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off', badCell: 'off' });
    expect(switchboard.anyExecutionFault()).toBe(false);
  });

  it('refuses bad requests with 400', async () => {
    expect((await post({ fault: 'no-such-fault', on: true })).status).toBe(400);
    expect((await post({ fault: 'proof-nonce', on: 'yes' })).status).toBe(400);
    expect((await post({ fault: 'all', on: true })).status).toBe(400);
    expect((await post({ fault: 'beacon-delay-updates', on: true, ms: -1 })).status).toBe(400);
    for (const fraction of [-0.1, 1.5, '0.5', null]) expect((await post({ fault: 'beacon-participation', on: true, fraction })).status, String(fraction)).toBe(400);
    expect((await fetch(`${admin.url}/faults`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(`${admin.url}/nowhere`)).status).toBe(404);
    const noBeacon = new FaultSwitchboard();
    expect(() => noBeacon.set('beacon-finality-stall', true)).toThrow(/needs the beacon devnet/);
  });
});

describe('execution node lifetime', () => {
  it('refuses a port that is taken instead of talking to whatever listens there', async () => {
    await expect(startExecutionNode({ dir: join(dir, 'el-taken'), port: el.port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is not free/);
  });

  it('stop() ends the worker and its server; stop() again is a no-op', async () => {
    const node = await startExecutionNode({ dir: join(dir, 'el-stop') });
    expect(await call(node.url, 'eth_blockNumber')).toBe('0x0');
    await node.stop();
    await node.exited;
    await expect(call(node.url, 'eth_chainId')).rejects.toBeInstanceOf(TransportError);
    await node.stop();
  });

  it('the worker ends with its process: killed with SIGKILL, nothing serves on its port', async () => {
    const script = `
      import { startExecutionNode } from ${JSON.stringify(new URL('../../../src/devnet/execution/node/start.ts', import.meta.url).href)};
      const node = await startExecutionNode({ dir: ${JSON.stringify(join(dir, 'el-orphan'))} });
      process.stdout.write(node.url + '\\n');
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(out.trim());
      });
      parent.once('exit', () => reject(new Error('parent exited before starting the node')));
    });
    // The thread keeps its process alive (as Hardhat's child did): it serves until stopped or killed.
    expect(await call(url, 'eth_chainId')).toBe('0x539');
    const gone = new Promise((r) => parent.once('exit', r));
    parent.kill('SIGKILL');
    await gone;
    await expect(call(url, 'eth_chainId')).rejects.toBeInstanceOf(TransportError);
  });
});

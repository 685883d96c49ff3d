/**
 * The devnet's execution node on @ethereumjs/vm, started as the devnet starts it (a worker thread
 * serving JSON-RPC on 127.0.0.1), under the JSON-RPC cases test/unit/devnet/execution.test.ts
 * runs against Hardhat: accounts and chain id, mining only on evm_mine, eth_getProof at past
 * blocks verified by Vigil, verified reads against its blocks, the lying proxy in front of it,
 * and the node's lifetime. Also: its start-to-ready time beside Hardhat's, measured in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { getVerifiedAccount, getVerifiedBalance } from '../../../../src/client/verified/reads.ts';
import { bigIntToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { sendDeployment, sendTransfer, STORAGE_RUNTIME, storageContractInitCode, waitForReceipt } from '../../../../src/devnet/execution/dev-tx.ts';
import { type ExecutionNode, startExecutionNode } from '../../../../src/devnet/execution/node/start.ts';
import { startExecutionNode as startHardhat } from '../../../../src/devnet/execution/hardhat.ts';
import { type ExecutionFault } from '../../../../src/devnet/faults/names.ts';
import { type ExecutionProxy, startExecutionProxy } from '../../../../src/devnet/faults/proxy.ts';
import { FaultSwitchboard } from '../../../../src/devnet/faults/switchboard.ts';
import type { VerifiedHead } from '../../../../src/l1/heads.ts';
import { defaultExecutionHeader } from '../../../../src/l1/containers.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { jsonRpcCall } from '../../../../src/rpc/http.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-ejs-node-test-'));
let el: ExecutionNode;
let proxy: ExecutionProxy;
const switchboard = new FaultSwitchboard();
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

/** Start-to-ready of each node, measured here once, side by side (reported by the last test). */
const readyMs: Record<string, number> = {};

beforeAll(async () => {
  await cryptoReady();
  const t0 = performance.now();
  el = await startExecutionNode({ dir: join(dir, 'el'), chainId: 31337, fork: 'osaka', logRequests: true });
  readyMs.ethereumjs = performance.now() - t0;
  proxy = await startExecutionProxy({ upstream: el.url, switchboard });
  const deploy = await sendDeployment(el.url, el.accounts[0]!, storageContractInitCode(SLOTS));
  await mine();
  contract = (await waitForReceipt(el.url, deploy, 5_000)).contractAddress!;
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
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

describe('verified reads against its blocks', () => {
  const rpc = () => new ExecutionRpc({ endpoints: [el.url] });

  it('proves balance, nonce, storage and code at a head', async () => {
    const head = await headAt('latest');
    const r = await getVerifiedAccount({ rpc: rpc(), head, address: contract, storageKeys: SLOTS.map(([s]) => bigIntToHex(s)).concat('0x99'), code: true });
    expect(r.account.exists).toBe(true);
    expect(r.account.nonce).toBe(1n);
    expect(r.storage.map((s) => s.value)).toEqual([...SLOTS.map(([, v]) => v), 0n]);
    expect(Buffer.from(r.code!).toString('hex')).toBe(STORAGE_RUNTIME.slice(2));
    const eoa = await getVerifiedBalance({ rpc: rpc(), head, address: el.accounts[6]! });
    expect(eoa.value).toBe(10n ** 24n);
    const absent = await getVerifiedAccount({ rpc: rpc(), head, address: '0x' + '00'.repeat(19) + '77', storageKeys: ['0x1'], code: true });
    expect(absent.account.exists).toBe(false);
    expect(absent.storage.map((s) => s.value)).toEqual([0n]);
    expect(absent.code).toEqual(new Uint8Array(0));
  });

  it('proves at the head given, not at the node latest block', async () => {
    const head = await headAt('latest');
    await mined(sendTransfer(el.url, el.accounts[7]!, el.accounts[8]!, 5n * 10n ** 18n));
    const atHead = await getVerifiedBalance({ rpc: rpc(), head, address: el.accounts[7]! });
    const now = await getVerifiedBalance({ rpc: rpc(), head: await headAt('latest'), address: el.accounts[7]! });
    expect(atHead.value - now.value).toBeGreaterThan(5n * 10n ** 18n);
  });
});

describe('lying proxy in front of it', () => {
  const viaProxy = () => new ExecutionRpc({ endpoints: [proxy.url] });
  const read = async () => getVerifiedAccount({ rpc: viaProxy(), head: await headAt('latest'), address: contract, storageKeys: ['0x0', '0x1', '0xabcdef'], code: true });

  it('is honest while no fault is on', async () => {
    const direct = await getVerifiedAccount({ rpc: new ExecutionRpc({ endpoints: [el.url] }), head: await headAt('latest'), address: contract, storageKeys: ['0x0', '0x1', '0xabcdef'], code: true });
    const proxied = await read();
    expect(proxied.account).toEqual(direct.account);
    expect(proxied.storage).toEqual(direct.storage);
  });

  const expected: Partial<Record<ExecutionFault, string[]>> = {
    'proof-balance': ['PROOF_VALUE_MISMATCH'],
    'proof-storage-value': ['PROOF_VALUE_MISMATCH'],
    'proof-account-node': ['PROOF_NODE_HASH_MISMATCH', 'PROOF_ROOT_MISMATCH'],
    'proof-other-block': ['PROOF_ROOT_MISMATCH'],
    'rpc-code': ['CODE_HASH_MISMATCH'],
  };
  for (const [fault, codes] of Object.entries(expected) as [ExecutionFault, string[]][]) {
    it(`${fault}: rejected with ${codes.join(' or ')}`, async () => {
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
      import { startExecutionNode } from ${JSON.stringify(new URL('../../../../src/devnet/execution/node/start.ts', import.meta.url).href)};
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

  it('starts in a fraction of the Hardhat node time (both measured in this run)', async () => {
    const t0 = performance.now();
    const hardhat = await startHardhat({ dir: join(dir, 'hardhat'), chainId: 31337, hardfork: 'osaka' });
    readyMs.hardhat = performance.now() - t0;
    await hardhat.stop();
    const t1 = performance.now();
    const again = await startExecutionNode({ dir: join(dir, 'el-again'), chainId: 31337, fork: 'osaka' });
    readyMs.ethereumjsWarm = performance.now() - t1;
    await again.stop();
    console.log(`start to ready: ethereumjs ${readyMs.ethereumjs!.toFixed(0)} ms (first, cold imports in the thread), ${readyMs.ethereumjsWarm!.toFixed(0)} ms (second); hardhat ${readyMs.hardhat.toFixed(0)} ms`);
    expect(readyMs.ethereumjsWarm).toBeGreaterThan(0);
  }, 90_000);
});

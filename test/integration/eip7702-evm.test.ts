/**
 * Type-4 (EIP-7702) transactions in the local EVM against the devnet's own node (Hardhat / EDR, at
 * prague and at osaka): transactions signed by viem (an independent implementation of the signing side) are
 * mined on the node, and the same request run by Vigil's runCall over the parent block's state
 * (proven by eth_getProof against the parent's state root) must give the receipt's status, gas
 * used and fee, and leave the authorities' code, nonces and storage and the sender's balance and
 * nonce as the node left them. One node per fork: a sponsored transaction with good and bad tuples (an
 * existing authority, a fresh one, another chain's, a nonce mismatch), then a self-sponsored
 * revocation (address 0).
 */
import { Address } from '@ethereumjs/util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Hex, type SignedAuthorization } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { SECP256K1_N } from '../../src/crypto/secp256k1.ts';
import { DEV_MNEMONIC } from '../../src/devnet/execution/forks.ts';
import { type ExecutionNode, startExecutionNode } from '../support/hardhat-node.ts';
import type { Authorization } from '../../src/execution/authorizations.ts';
import type { BlockEnv } from '../../src/execution/block-env.ts';
import { type ExecutedCall, runCall } from '../../src/execution/call.ts';
import { estimateGas, NeedsState } from '../../src/execution/estimate.ts';
import type { CallRequest } from '../../src/execution/call-request.ts';
import { ProvenStateManager, StateMisses } from '../../src/execution/evm-state.ts';
import { ProvenState } from '../../src/execution/state.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eip7702-'));
let el: ExecutionNode;
let fork: 'prague' | 'osaka';
const rpc = (method: string, params: unknown[] = []) => jsonRpcCall(el.url, method, params, { timeoutMs: 30_000, maxBytes: 1 << 22 });

/** The delegate: slot 0 of whoever runs it += 1, a log with CALLER as its topic, returns ADDRESS. */
const RUNTIME = '0x5f546001015f55335f5fa1305f5260205ff3';
const SLOT0 = '0x' + '0'.repeat(64);
const sponsor = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 1 });
const existing = privateKeyToAccount(generatePrivateKey());
const fresh = privateKeyToAccount(generatePrivateKey());
const mismatched = privateKeyToAccount(generatePrivateKey());
const highS = privateKeyToAccount(generatePrivateKey());
let delegate: Hex;
let chainId: number;

async function mine(hash: string): Promise<Record<string, string>> {
  await rpc('evm_mine');
  const receipt = (await rpc('eth_getTransactionReceipt', [hash])) as Record<string, string> | null;
  if (receipt === null) throw new Error(`${hash} not mined`);
  return receipt;
}

/** The same signature as (r, n − s) with the parity flipped: valid but for EIP-2's low-s rule. */
const flipS = (a: SignedAuthorization): SignedAuthorization => ({ ...a, s: bigIntToHex(SECP256K1_N - hexToBigInt(a.s)) as Hex, yParity: 1 - a.yParity!, v: undefined });

const ours = (a: SignedAuthorization): Authorization => ({
  chainId: BigInt(a.chainId),
  address: hexToBytes(a.address, 20),
  nonce: BigInt(a.nonce),
  yParity: a.yParity!,
  r: hexToBigInt(a.r),
  s: hexToBigInt(a.s),
});

/** The env of block `tag` run over the state of `stateTag`, and a ProvenState that proves what it is asked for at `stateTag`. */
async function provenAt(tag: string, stateTag: string) {
  const block = (await rpc('eth_getBlockByNumber', [tag, false])) as Record<string, string>;
  const root = ((await rpc('eth_getBlockByNumber', [stateTag, false])) as Record<string, string>).stateRoot;
  const env: BlockEnv = {
    chainId: BigInt(chainId),
    fork,
    number: hexToBigInt(block.number),
    hash: hexToBytes(block.hash, 32),
    parentHash: hexToBytes(block.parentHash, 32),
    stateRoot: hexToBytes(root, 32),
    timestamp: hexToBigInt(block.timestamp),
    coinbase: hexToBytes(block.miner, 20),
    prevRandao: hexToBytes(block.mixHash, 32),
    gasLimit: hexToBigInt(block.gasLimit),
    baseFeePerGas: hexToBigInt(block.baseFeePerGas),
    excessBlobGas: hexToBigInt(block.excessBlobGas ?? '0x0'),
  };
  const state = new ProvenState(env.stateRoot);
  const prove = async (address: string, slots: string[]) => {
    state.addProof({ address, slots }, await rpc('eth_getProof', [address, slots, stateTag]));
    const code = hexToBytes((await rpc('eth_getCode', [address, stateTag])) as string);
    if (code.length > 0) state.addCode(address, code);
  };
  const proveMisses = async (misses: StateMisses) => {
    expect(misses.blockHashes.size).toBe(0);
    for (const address of new Set([...misses.accounts, ...misses.codes, ...misses.slots.keys()])) {
      await prove(address, [...(misses.slots.get(address) ?? [])]);
    }
  };
  return { env, state, prove, proveMisses };
}

/**
 * Vigil's run of the mined transaction of `receipt` (the first of its block) over its parent's
 * state, every account and slot it reads proven against the parent's state root first (and slot 0
 * of `accounts`, which the comparison reads afterwards).
 */
async function runLocally(receipt: Record<string, string>, request: CallRequest, accounts: string[]): Promise<{ result: ExecutedCall; manager: ProvenStateManager }> {
  expect(receipt.transactionIndex).toBe('0x0');
  const { env, state, prove, proveMisses } = await provenAt(receipt.blockNumber!, bigIntToHex(hexToBigInt(receipt.blockNumber) - 1n));
  for (const address of accounts) await prove(address.toLowerCase(), [SLOT0]);
  // What the run reads, proven as it asks (each round re-runs from the start on a fresh overlay).
  for (let round = 0; round < 8; round++) {
    const manager = new ProvenStateManager(state, new StateMisses());
    const result = await runCall(env, request, state, { manager, validate: { nonce: true } });
    if (result.kind === 'executed') return { result, manager };
    if (result.kind === 'invalid') throw new Error(`Vigil refused the node's transaction: ${result.message}`);
    await proveMisses(result.misses);
  }
  throw new Error('the run kept missing state');
}

/** Vigil's eth_estimateGas (Hardhat's policy) over the latest block's state. */
async function estimateLocally(request: CallRequest): Promise<bigint> {
  const { env, state, proveMisses } = await provenAt('latest', 'latest');
  for (let round = 0; round < 8; round++) {
    try {
      const outcome = await estimateGas(env, request, state, 'hardhat');
      if (outcome.kind !== 'estimate') throw new Error(`Vigil's estimate failed: ${outcome.message}`);
      return outcome.gas;
    } catch (err) {
      if (!(err instanceof NeedsState)) throw err;
      await proveMisses(err.misses);
    }
  }
  throw new Error('the estimate kept missing state');
}

/** The node's account after the block, beside Vigil's. */
async function expectSameAccount(manager: ProvenStateManager, address: string, blockTag: string): Promise<void> {
  const a = new Address(hexToBytes(address, 20));
  const account = await manager.getAccount(a);
  expect(bytesToHex(await manager.getCode(a)), `code of ${address}`).toBe(await rpc('eth_getCode', [address, blockTag]));
  expect(bigIntToHex(account?.nonce ?? 0n), `nonce of ${address}`).toBe(await rpc('eth_getTransactionCount', [address, blockTag]));
  expect(bigIntToHex(account?.balance ?? 0n), `balance of ${address}`).toBe(await rpc('eth_getBalance', [address, blockTag]));
  const slot = await manager.getStorage(a, hexToBytes(SLOT0, 32));
  expect(hexToBigInt(bytesToHex(slot.length === 0 ? Uint8Array.of(0) : slot)), `slot 0 of ${address}`).toBe(hexToBigInt(await rpc('eth_getStorageAt', [address, SLOT0, blockTag])));
}

function requestOf(from: Hex, to: Hex, nonce: number, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }, list: SignedAuthorization[]): CallRequest {
  return {
    from: hexToBytes(from, 20),
    to: hexToBytes(to, 20),
    gas: 300_000n,
    nonce: BigInt(nonce),
    ...fees,
    value: 0n,
    data: new Uint8Array(0),
    accessList: [],
    blobVersionedHashes: [],
    authorizationList: list.map(ours),
  };
}

async function compare(hash: Hex, request: CallRequest, accounts: string[]): Promise<ExecutedCall> {
  const receipt = await mine(hash);
  const { result, manager } = await runLocally(receipt, request, accounts);
  expect(result.success).toBe(receipt.status === '0x1');
  expect(bigIntToHex(result.gasUsed)).toBe(receipt.gasUsed);
  expect(bigIntToHex(result.fee)).toBe(bigIntToHex(hexToBigInt(receipt.gasUsed) * hexToBigInt(receipt.effectiveGasPrice)));
  expect(result.logs.length).toBe((receipt.logs as unknown as unknown[]).length);
  for (const address of accounts) await expectSameAccount(manager, address.toLowerCase(), receipt.blockNumber!);
  expect(manager.misses.empty).toBe(true);
  return result;
}

async function setUp(): Promise<void> {
  await cryptoReady();
  el = await startExecutionNode({ dir: join(dir, fork), hardfork: fork });
  chainId = el.chainId;
  const length = (RUNTIME.length - 2) / 2;
  // PUSH1 len PUSH1 10 PUSH0 CODECOPY PUSH1 len PUSH0 RETURN, then the runtime.
  const init = `0x60${length.toString(16).padStart(2, '0')}600a5f3960${length.toString(16).padStart(2, '0')}5ff3${RUNTIME.slice(2)}`;
  const deployed = await mine((await rpc('eth_sendTransaction', [{ from: el.accounts[0], data: init, gas: '0x30000' }])) as string);
  delegate = deployed.contractAddress as Hex;
  const funded = (await rpc('eth_sendTransaction', [{ from: el.accounts[0], to: existing.address, value: '0xde0b6b3a7640000', gas: '0x5208' }])) as string;
  const funded2 = (await rpc('eth_sendTransaction', [{ from: el.accounts[0], to: mismatched.address, value: '0x1', gas: '0x5208' }])) as string;
  await mine(funded);
  expect(await rpc('eth_getTransactionReceipt', [funded2])).not.toBeNull();
  expect(await rpc('eth_getCode', [delegate, 'latest'])).toBe(RUNTIME);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['prague', 'osaka'] as const)('a type-4 transaction at %s, run by Vigil and mined by the node', (f) => {
  beforeAll(async () => {
    fork = f;
    await setUp();
  }, 90_000);
  afterAll(async () => {
    await el?.stop();
  });

  it('sponsored: an existing and a fresh authority delegated; another chain\'s, a mismatched nonce and a high s skipped', async () => {
    const fees = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n };
    const list = [
      await existing.signAuthorization({ address: delegate, chainId, nonce: 0 }),
      await fresh.signAuthorization({ address: delegate, chainId: 0, nonce: 0 }),
      await existing.signAuthorization({ address: delegate, chainId: chainId + 1, nonce: 1 }),
      await mismatched.signAuthorization({ address: delegate, chainId, nonce: 5 }),
      flipS(await highS.signAuthorization({ address: delegate, chainId, nonce: 0 })),
    ];
    const nonce = Number(await rpc('eth_getTransactionCount', [sponsor.address, 'latest']));
    const request = requestOf(sponsor.address, existing.address, nonce, fees, list);
    // eth_estimateGas of the same call: the node's and Vigil's (Hardhat's policy), both over the latest state.
    const wire = list.map((a) => ({ chainId: bigIntToHex(BigInt(a.chainId)), address: a.address, nonce: bigIntToHex(BigInt(a.nonce)), yParity: bigIntToHex(BigInt(a.yParity!)), r: a.r, s: a.s }));
    const theirs = (await rpc('eth_estimateGas', [{ from: sponsor.address, to: existing.address, authorizationList: wire }, 'latest'])) as string;
    const { gas: _gas, nonce: _nonce, ...unbounded } = request;
    expect(bigIntToHex(await estimateLocally({ ...unbounded, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }))).toBe(theirs);
    const raw = await sponsor.signTransaction({ type: 'eip7702', chainId, nonce, to: existing.address, gas: 300_000n, ...fees, authorizationList: list });
    const hash = (await rpc('eth_sendRawTransaction', [raw])) as Hex;
    const result = await compare(hash, request, [sponsor.address, existing.address, fresh.address, mismatched.address, highS.address, delegate]);
    expect(await rpc('eth_getCode', [highS.address, 'latest'])).toBe('0x');
    // The delegate ran at the authority: its ADDRESS came back.
    expect(bytesToHex(result.returnData)).toBe('0x' + existing.address.slice(2).toLowerCase().padStart(64, '0'));
    expect(await rpc('eth_getCode', [existing.address, 'latest'])).toBe('0xef0100' + delegate.slice(2).toLowerCase());
  }, 60_000);

  it('self-sponsored: the authority revokes with address 0, signing the nonce after its transaction\'s', async () => {
    const fees = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n };
    const nonce = Number(await rpc('eth_getTransactionCount', [existing.address, 'latest']));
    const list = [await existing.signAuthorization({ address: '0x0000000000000000000000000000000000000000', chainId, nonce: nonce + 1 })];
    const raw = await existing.signTransaction({ type: 'eip7702', chainId, nonce, to: existing.address, gas: 300_000n, ...fees, authorizationList: list });
    const hash = (await rpc('eth_sendRawTransaction', [raw])) as Hex;
    await compare(hash, requestOf(existing.address, existing.address, nonce, fees, list), [existing.address, delegate]);
    expect(await rpc('eth_getCode', [existing.address, 'latest'])).toBe('0x');
  }, 60_000);
});

/**
 * eth_simulateV1 from the local EVM over proven state (src/client/verified/simulate-v1.ts through the
 * provider's execution methods): blocks in order, each call on what came before; default block
 * numbers and times (+1, +12 s) and overrides the code reads; logs placed in their block; ether
 * transfers traced in order with the contracts' logs; a revert as geth answers it; and every field
 * Vigil does not take refused with -32602 naming it, blocks out of order with geth's codes. With
 * validation on, as the specification and geth run it: the base fee from the parent, the fee cap,
 * nonce and funds checked, and a call that fails them failing the whole request with its code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { callBlockOf, type ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { encodeFunctionCall, eventTopic } from '../../../../src/execution/abi.ts';
import { nextBaseFee } from '../../../../src/execution/fees.ts';
import { blockEnvToJson, type BlockEnv } from '../../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionTask, type FetchedAccount } from '../../../../src/execution/engine.ts';
import { ETHER_TRANSFER_ADDRESS } from '../../../../src/execution/transfer-trace.ts';
import { handleExecutionMethod } from '../../../../src/provider/execution-methods.ts';
import { returnsWord } from '../../execution/asm.ts';
import { buildWorld, envFor, type World } from '../../execution/world.ts';

const WETH9 = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('canonical-weth/build/contracts/WETH9.json'), 'utf8')) as { deployedBytecode: string };
const ALICE = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const WETH = '0x' + '9e'.repeat(20);
const CLOCK = '0x' + 'c1'.repeat(20);
const BASEFEE = '0x' + 'bf'.repeat(20);
const ETH = 10n ** 18n;

let world: World;
let env: BlockEnv;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ETH },
    [WETH]: { code: WETH9.deployedBytecode },
    // Returns NUMBER * 2^128 + TIMESTAMP.
    [CLOCK]: { code: returnsWord('NUMBER PUSH17 0x0100000000000000000000000000000000 MUL TIMESTAMP ADD') },
    [BASEFEE]: { code: returnsWord('BASEFEE') },
  });
  env = envFor(world);
});

/** An ExecutionReader over the world: the engine, fed the world's proofs (honest). */
function reader(): ExecutionReader {
  const engine = new ExecutionEngine();
  return {
    run: async (params) => {
      let fetched: FetchedAccount[] = [];
      for (let step = 1; step < 32; step++) {
        const task: ExecutionTask = { env: blockEnvToJson(params.env), mode: params.mode, call: params.call, ...(params.simulateV1 !== undefined ? { simulateV1: params.simulateV1 } : {}), fetched };
        const reply = await engine.step(task);
        if (reply.done) return { outcome: reply.outcome, steps: step, proven: { accounts: 0, slots: 0 }, endpoints: [] };
        fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
      }
      throw new Error('no outcome');
    },
    sendRawTransaction: async () => ({ hash: '0x' }),
    suggestedTip: async () => 0n,
    feeHistory: async () => ({}),
  };
}

const simulate = (options: unknown, at: BlockEnv = env) => handleExecutionMethod(reader(), () => callBlockOf(at), 'eth_simulateV1', [options, 'latest']) as Promise<any[]>;
const code = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: number }) => e.code);

describe('eth_simulateV1', () => {
  it('runs blocks in order on what came before, numbered and timed after the base block, its logs placed in their block', async () => {
    const blocks = await simulate({
      blockStateCalls: [
        { calls: [{ from: ALICE, to: WETH, value: '0x' + ETH.toString(16), data: encodeFunctionCall('deposit()', []) }] },
        { calls: [{ from: ALICE, to: WETH, data: encodeFunctionCall('transfer(address,uint256)', [BOB, ETH]) }, { from: ALICE, to: WETH, data: encodeFunctionCall('transfer(address,uint256)', [BOB, 1n]) }] },
      ],
    });
    expect(blocks.map((b) => [BigInt(b.number), BigInt(b.timestamp)])).toEqual([
      [env.number + 1n, env.timestamp + 12n],
      [env.number + 2n, env.timestamp + 24n],
    ]);
    expect(blocks[0].parentHash).toBe(bytesToHex(env.hash));
    expect(blocks[1].parentHash).toBe(blocks[0].hash);
    // The second block's first transfer spends what the first block deposited; its second has nothing left.
    expect(blocks[1].calls.map((c: { status: string }) => c.status)).toEqual(['0x1', '0x0']);
    expect(blocks[1].calls[1].error).toMatchObject({ code: 3, message: 'execution reverted', data: '0x' });
    const log = blocks[1].calls[0].logs[0];
    expect(log).toMatchObject({ address: WETH, topics: [eventTopic('Transfer(address,address,uint256)'), '0x' + ALICE.slice(2).padStart(64, '0'), '0x' + BOB.slice(2).padStart(64, '0')], blockNumber: blocks[1].number, blockHash: blocks[1].hash, transactionHash: blocks[1].transactions[0], logIndex: '0x0', removed: false });
  });

  it('traces ether transfers as Transfer logs of 0xEeee…EEeE, before the logs their call then emits', async () => {
    const [block] = await simulate({ traceTransfers: true, blockStateCalls: [{ calls: [{ from: ALICE, to: WETH, value: '0x5', data: encodeFunctionCall('deposit()', []) }] }] });
    const logs = block.calls[0].logs;
    expect(logs.map((l: { address: string }) => l.address)).toEqual([ETHER_TRANSFER_ADDRESS, WETH]);
    expect(logs[0].topics).toEqual([eventTopic('Transfer(address,address,uint256)'), '0x' + ALICE.slice(2).padStart(64, '0'), '0x' + WETH.slice(2).padStart(64, '0')]);
    expect(BigInt(logs[0].data)).toBe(5n);
    expect(logs.map((l: { logIndex: string }) => l.logIndex)).toEqual(['0x0', '0x1']);
  });

  it('applies block overrides the code reads, and a state override from its block on', async () => {
    const read = { from: ALICE, to: CLOCK };
    const blocks = await simulate({
      blockStateCalls: [
        { blockOverrides: { number: '0x' + (env.number + 5n).toString(16), time: '0x77359400' }, calls: [read] },
        { stateOverrides: { [BOB]: { balance: '0x64' } }, calls: [{ from: BOB, to: ALICE, value: '0x64' }] },
      ],
    });
    // Numbers 1 to 4 after the base are empty blocks between.
    const [a, b] = blocks.slice(-2);
    expect(blocks).toHaveLength(6);
    expect(BigInt(a.calls[0].returnData)).toBe(((env.number + 5n) << 128n) + 2_000_000_000n);
    expect(BigInt(b.number)).toBe(env.number + 6n);
    expect(b.calls[0].status).toBe('0x1');
  });

  it('fills the numbers an override skips with empty blocks, as a node does', async () => {
    const blocks = await simulate({ blockStateCalls: [{ blockOverrides: { number: '0x' + (env.number + 3n).toString(16) }, calls: [] }] });
    expect(blocks.map((b) => BigInt(b.number) - env.number)).toEqual([1n, 2n, 3n]);
    expect(blocks.map((b) => b.calls.length)).toEqual([0, 0, 0]);
  });

  it('refuses what Vigil does not take, naming it, and blocks out of order with geth\'s codes', async () => {
    const one = { calls: [] };
    expect(await code(simulate({ blockStateCalls: [one], validation: 'yes' }))).toBe(-32602);
    expect(await code(simulate({ blockStateCalls: [one], returnFullTransactions: true }))).toBe(-32602);
    await expect(simulate({ blockStateCalls: [one], somethingElse: 1 })).rejects.toThrow(/somethingElse/);
    await expect(simulate({ blockStateCalls: [{ blockOverrides: { blobBaseFee: '0x1' } }] })).rejects.toThrow(/blobBaseFee/);
    await expect(simulate({ blockStateCalls: [{ calls: [], extra: true }] })).rejects.toThrow(/extra/);
    expect(await code(simulate({ blockStateCalls: [] }))).toBe(-32602);
    expect(await code(simulate({ blockStateCalls: [{ blockOverrides: { number: '0x' + env.number.toString(16) } }] }))).toBe(-38020);
    expect(await code(simulate({ blockStateCalls: [{ blockOverrides: { time: '0x1' } }] }))).toBe(-38021);
    expect(await code(simulate({ blockStateCalls: [{ calls: [{ from: ALICE, to: WETH, value: 'nope' }] }] }))).toBe(-32602);
  });

  it('validation off (the default): a block\'s base fee is 0 unless overridden, what BASEFEE reads; no fee given pays nothing, a wrong nonce is not checked', async () => {
    const [plain, set] = await simulate({ blockStateCalls: [{ calls: [{ from: ALICE, to: BASEFEE, nonce: '0x7' }] }, { blockOverrides: { baseFeePerGas: '0x2a' }, calls: [{ from: ALICE, to: BASEFEE }] }] });
    expect([plain.baseFeePerGas, BigInt(plain.calls[0].returnData)]).toEqual(['0x0', 0n]);
    expect([set.baseFeePerGas, BigInt(set.calls[0].returnData)]).toEqual(['0x2a', 42n]);
  });

  it('validation on: the base fee is EIP-1559\'s after the base block (then after each simulated one), and a call that covers it with the right nonce runs', async () => {
    const at = { ...env, gasUsed: 20_000_000n, baseFeePerGas: 1_000n };
    const first = nextBaseFee({ gasUsed: 20_000_000n, gasLimit: at.gasLimit, baseFeePerGas: 1_000n });
    const fee = { maxFeePerGas: '0x' + (10n * first).toString(16), maxPriorityFeePerGas: '0x1' };
    const blocks = await simulate({ validation: true, blockStateCalls: [{ calls: [{ from: ALICE, to: BASEFEE, nonce: '0x0', ...fee }] }, { calls: [{ from: ALICE, to: BASEFEE, ...fee }] }] }, at);
    expect(BigInt(blocks[0].baseFeePerGas)).toBe(first);
    expect(BigInt(blocks[0].calls[0].returnData)).toBe(first);
    // The second block's parent is the first: one call's gas used of a 30M limit lowers it.
    const second = nextBaseFee({ gasUsed: BigInt(blocks[0].gasUsed), gasLimit: at.gasLimit, baseFeePerGas: first });
    expect(BigInt(blocks[1].baseFeePerGas)).toBe(second);
    expect(second).toBeLessThan(first);
    expect(blocks[1].calls[0].status).toBe('0x1');
  });

  it('validation on: no fee below the base fee (-38012), a nonce too low or too high (-38010, -38011), funds short of gas × fee cap (-38014): the whole request fails', async () => {
    const at = { ...env, gasUsed: 15_000_000n, baseFeePerGas: 1_000n };
    const call = { from: ALICE, to: BOB, maxFeePerGas: '0x3e8', maxPriorityFeePerGas: '0x0' };
    expect(await code(simulate({ validation: true, blockStateCalls: [{ calls: [{ from: ALICE, to: BOB }] }] }, at))).toBe(-38012);
    expect(await code(simulate({ validation: true, blockStateCalls: [{ calls: [{ ...call, nonce: '0x1' }] }] }, at))).toBe(-38011);
    expect(await code(simulate({ validation: true, blockStateCalls: [{ calls: [call, { ...call, nonce: '0x0' }] }] }, at))).toBe(-38010);
    expect(await code(simulate({ validation: true, blockStateCalls: [{ calls: [{ ...call, value: '0x' + (5n * ETH).toString(16) }] }] }, at))).toBe(-38014);
    await expect(simulate({ validation: true, blockStateCalls: [{ calls: [{ ...call, nonce: '0x1' }] }] }, at)).rejects.toThrow(/^nonce too high: address 0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1, tx: 1 state: 0$/);
    // An overridden base fee of 0 lets a call without fees run, as the specification's own example.
    const [free] = await simulate({ validation: true, blockStateCalls: [{ blockOverrides: { baseFeePerGas: '0x0' }, calls: [{ from: ALICE, to: BOB, nonce: '0x0' }] }] }, at);
    expect(free.calls[0].status).toBe('0x1');
  });
});

/**
 * Simulation over proven state (src/execution/simulate.ts through the engine's `simulate` mode):
 * a batch on real WETH9 bytecode (canonical-weth's published build) runs in order, each call on
 * what the ones before wrote; the native balances it changes, the tokens it moves and the
 * approvals it sets come out of the run, and what it reads is proven first like any call's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { encodeFunctionCall } from '../../../src/execution/abi.ts';
import { blockEnvToJson, type BlockEnv } from '../../../src/execution/block-env.ts';
import { decodeEffects, ZERO_ADDRESS } from '../../../src/execution/effects.ts';
import { ExecutionEngine, type ExecutionOutcome, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { decodeRevert } from '../../../src/execution/revert.ts';
import { buildWorld, envFor, type World } from './world.ts';

const WETH9 = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('canonical-weth/build/contracts/WETH9.json'), 'utf8')) as { deployedBytecode: string };
const ALICE = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const WETH = '0x' + '9e'.repeat(20);
const ETH = 10n ** 18n;
const MAX = (1n << 256n) - 1n;

/** WETH9's balanceOf is its fourth variable (name, symbol, decimals, balanceOf, allowance). */
const balanceSlot = (owner: string) => bytesToHex(keccak256(hexToBytes('0x' + owner.slice(2).padStart(64, '0') + '3'.padStart(64, '0'))));

let world: World;
let env: BlockEnv;

beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 5n * ETH, nonce: 3n },
    [BOB]: { balance: 1n },
    [WETH]: { balance: 2n * ETH, code: WETH9.deployedBytecode, storage: { [balanceSlot(ALICE)]: 2n * ETH } },
  });
  env = envFor(world);
});

async function simulate(calls: Record<string, unknown>[], world_ = world): Promise<ExecutionOutcome> {
  const engine = new ExecutionEngine();
  let fetched: FetchedAccount[] = [];
  for (let step = 0; step < 32; step++) {
    const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'simulate', call: calls[0], calls, fetched };
    const reply = await engine.step(task);
    if (reply.done) return reply.outcome;
    fetched = await Promise.all(
      reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world_.getProof(a.address, a.slots), ...(a.code ? { code: world_.getCode(a.address) } : {}) })),
    );
  }
  throw new Error('no outcome');
}

const tx = (data: string, value = 0n, from = ALICE, to = WETH) => ({ from, to, data, value: '0x' + value.toString(16), maxFeePerGas: '0x3b9aca00', gas: '0x30d40' });

describe('simulate: a batch over proven state', () => {
  it('deposit, approve, transfer: each call on the last one\'s state; balances, movements and approvals from the run', async () => {
    const out = await simulate([
      tx(encodeFunctionCall('deposit()', []), ETH),
      tx(encodeFunctionCall('approve(address,uint256)', [BOB, MAX])),
      tx(encodeFunctionCall('transfer(address,uint256)', [BOB, 3n * ETH])),
    ]);
    const sim = out.simulation!;
    expect(sim.calls.map((c) => c.status)).toEqual(['success', 'success', 'success']);
    // Fees are not in the run: Alice's ETH moves by the deposit alone.
    expect(sim.balances).toEqual([
      { address: ALICE, before: '0x' + (5n * ETH).toString(16), after: '0x' + (4n * ETH).toString(16) },
      { address: WETH, before: '0x' + (2n * ETH).toString(16), after: '0x' + (3n * ETH).toString(16) },
    ]);
    const effects = decodeEffects(sim.calls.flatMap((c) => c.logs));
    expect(effects.movements).toEqual([
      { standard: 'erc20', token: WETH, from: ZERO_ADDRESS, to: ALICE, amount: ETH, logIndex: 0 },
      // 3 WETH: the 2 Alice held (proven) and the 1 the first call deposited.
      { standard: 'erc20', token: WETH, from: ALICE, to: BOB, amount: 3n * ETH, logIndex: 2 },
    ]);
    expect(effects.approvals).toEqual([{ kind: 'erc20', token: WETH, owner: ALICE, spender: BOB, amount: MAX, logIndex: 1 }]);
    expect(effects.unknown).toEqual([]);
  });

  it('a reverting call reports its revert and moves nothing; the batch goes on from the state before it', async () => {
    const out = await simulate([tx(encodeFunctionCall('withdraw(uint256)', [3n * ETH])), tx(encodeFunctionCall('withdraw(uint256)', [ETH]))]);
    const [failed, ok] = out.simulation!.calls;
    expect(failed!.status).toBe('reverted');
    expect(decodeRevert(failed!.returnData)).toEqual({ kind: 'empty' });
    expect(failed!.logs).toEqual([]);
    expect(ok!.status).toBe('success');
    // The sender first: the reverted call used its nonce.
    expect(out.simulation!.balances).toEqual([
      { address: ALICE, before: '0x' + (5n * ETH).toString(16), after: '0x' + (6n * ETH).toString(16) },
      { address: WETH, before: '0x' + (2n * ETH).toString(16), after: '0x' + ETH.toString(16) },
    ]);
    expect(decodeEffects(ok!.logs).movements).toEqual([{ standard: 'erc20', token: WETH, from: ALICE, to: ZERO_ADDRESS, amount: ETH, logIndex: 0 }]);
  });

  it('creations in a batch land at the sender\'s successive nonces', async () => {
    // Init code returning one STOP byte as the runtime code.
    const init = '0x600160005360016000f3';
    const out = await simulate([{ from: ALICE, data: init }, { from: ALICE, data: init }]);
    const created = out.simulation!.calls.map((c) => c.createdAddress);
    const at = (nonce: number) => bytesToHex(keccak256(hexToBytes(`0xd694${ALICE.slice(2)}${nonce.toString(16).padStart(2, '0')}`)).slice(12));
    expect(created).toEqual([at(3), at(4)]);
    expect(out.simulation!.created).toEqual([at(3), at(4)]);
  });

  it('a lying proof stops the simulation: the engine refuses it as it refuses any call\'s', async () => {
    const liar: World = { ...world, getProof: async (a, s) => ({ ...((await world.getProof(a, s)) as object), balance: '0x' + (100n * ETH).toString(16) }) };
    await expect(simulate([tx(encodeFunctionCall('deposit()', []), ETH)], liar)).rejects.toMatchObject({ name: 'VerificationError' });
  });
});

/**
 * The devnet with its demo contracts (`startDevnet({ contracts: true, faults: true })`, what
 * `vigil devnet --contracts --faults` runs): the contracts are deployed and answer, every
 * precompile answers the fixture's vectors, the proxy's eth_createAccessList names the slots the
 * calls really read, batches pass through the proxy, and each execution-API fault changes what
 * its description says and nothing else (the node's own answers are the reference).
 */
import { readFileSync } from 'node:fs';
import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, keccak256, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBigInt } from '../../src/core/bytes.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { ONE_ETHER } from '../../src/devnet/faults/lies.ts';
import { EXECUTION_API_FAULTS } from '../../src/devnet/faults/names.ts';
import { SIMPLE_7702_ACCOUNT } from '../../src/wallet/eip7702-pin.ts';
import { rpc } from './helpers.ts';

let devnet: Devnet;
let C: NonNullable<Devnet['info']['contracts']>;
const proxy = (method: string, params: unknown[] = []) => rpc(devnet.info.executionRpc, method, params);
const node = (method: string, params: unknown[] = []) => rpc(devnet.info.nodeRpc, method, params);
const tag = (n: number) => `0x${n.toString(16)}`;
const word = (v: Hex | bigint) => encodeAbiParameters([{ type: typeof v === 'bigint' ? 'uint256' : 'address' }], [v]);
const mappingSlot = (key: Hex, slot: bigint) => keccak256(`0x${word(key).slice(2)}${word(slot).slice(2)}`);
const T = ARTIFACTS.VigilToken.abi;
const Q = ARTIFACTS.VigilQuoter.abi;

const setFault = async (fault: string, on: boolean) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
  expect(res.status, await res.clone().text()).toBe(200);
};
/** Runs `check` with `fault` on, and makes sure the proxy is honest again afterwards. */
async function withFault(fault: keyof typeof EXECUTION_API_FAULTS, check: () => Promise<void>): Promise<void> {
  await setFault(fault, true);
  try {
    await check();
  } finally {
    await setFault(fault, false);
  }
}

beforeAll(async () => {
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, faults: true });
  C = devnet.info.contracts!;
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
});

describe('the demo contracts', () => {
  it('are deployed by deployedAt, seeded by seededAt, and answer', async () => {
    expect(C.deployedAt).toBeGreaterThan(0);
    expect(C.seededAt).toBeGreaterThan(C.deployedAt);
    for (const a of [C.token, C.tokenB, C.tokenC, C.pair, C.pairBC, C.quoter, C.precompiles, C.inspector]) {
      expect((await proxy('eth_getCode', [a, tag(C.deployedAt)])) as string, a).not.toBe('0x');
      expect(await node('eth_getCode', [a, tag(C.deployedAt - 1)]), a).toBe('0x');
    }
    const call = async (to: string, abi: typeof T, functionName: string, args: readonly unknown[] = []) =>
      decodeFunctionResult({ abi, functionName, data: (await proxy('eth_call', [{ to, data: encodeFunctionData({ abi, functionName, args } as never) }, 'latest'])) as Hex } as never);
    expect(await call(C.token, T, 'symbol')).toBe('VTA');
    expect(await call(C.tokenB, T, 'decimals')).toBe(18);
    // The holdings less the activity: alice sent 1,000 VTA to bob.
    expect(await call(C.token, T, 'balanceOf', [devnet.info.accounts[1]])).toBe(999_000n * ONE_ETHER);
    const receipt = (await proxy('eth_getTransactionReceipt', [C.revertedTx])) as { status: string; blockNumber: string };
    expect([receipt.status, Number(receipt.blockNumber)]).toEqual(['0x0', C.seededAt]);
  });

  it('include the pinned EIP-7702 delegate, its code hashing to the pin, also named in the ready object', async () => {
    expect(devnet.info.delegator).toBe(C.delegator);
    expect(keccak256((await node('eth_getCode', [C.delegator, tag(C.deployedAt)])) as Hex)).toBe(SIMPLE_7702_ACCOUNT.codeHash);
    expect(await node('eth_getCode', [C.delegator, tag(C.deployedAt - 1)])).toBe('0x');
  });

  it('quote along token → tokenB → tokenC from both pairs\' reserves', async () => {
    const reserves = async (pair: string) =>
      decodeFunctionResult({ abi: ARTIFACTS.VigilPair.abi, functionName: 'getReserves', data: (await proxy('eth_call', [{ to: pair, data: encodeFunctionData({ abi: ARTIFACTS.VigilPair.abi, functionName: 'getReserves' }) }, 'latest'])) as Hex });
    const out = (amount: bigint, rIn: bigint, rOut: bigint) => (amount * 997n * rOut) / (rIn * 1000n + amount * 997n);
    const [ab0, ab1] = await reserves(C.pair);
    const [bc0, bc1] = await reserves(C.pairBC);
    const [rA, rB1] = C.token < C.tokenB ? [ab0, ab1] : [ab1, ab0];
    const [rB2, rC] = C.tokenB < C.tokenC ? [bc0, bc1] : [bc1, bc0];
    const data = encodeFunctionData({ abi: Q, functionName: 'getAmountsOut', args: [ONE_ETHER, [C.token, C.tokenB, C.tokenC] as Hex[]] });
    const amounts = decodeFunctionResult({ abi: Q, functionName: 'getAmountsOut', data: (await proxy('eth_call', [{ to: C.quoter, data }, 'latest'])) as Hex });
    const b = out(ONE_ETHER, rA, rB1);
    expect(amounts).toEqual([ONE_ETHER, b, out(b, rB2, rC)]);
  });

  it('reach every precompile of the fork, answering as the fixture\'s vectors say', async () => {
    type Case = { name: string; input: Hex; output?: Hex; error?: string };
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/precompiles/precompiles.json', import.meta.url), 'utf8')) as {
      precompiles: { address: Hex; name: string; valid: Case[]; invalid: Case[] }[];
    };
    const abi = ARTIFACTS.VigilPrecompiles.abi;
    let checked = 0;
    for (const p of fixture.precompiles) {
      for (const c of [...p.valid, ...p.invalid]) {
        // Osaka (EIP-7825) caps a transaction's gas at 2^24.
        const data = encodeFunctionData({ abi, functionName: 'callPrecompile', args: [p.address, c.input] });
        const [ok, output] = decodeFunctionResult({ abi, functionName: 'callPrecompile', data: (await node('eth_call', [{ to: C.precompiles, data, gas: '0xf00000' }, 'latest'])) as Hex });
        if (c.error !== undefined) expect(ok, `${p.name} ${c.name}`).toBe(false);
        else expect([ok, output], `${p.name} ${c.name}`).toEqual([true, c.output]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2 * 18 - 3);
  }, 60_000);
});

describe('eth_createAccessList through the proxy', () => {
  it('names the balance slot a balanceOf reads, with the gas it uses', async () => {
    const holder = devnet.info.accounts[3] as Hex;
    const call = { from: devnet.info.accounts[0], to: C.token, data: encodeFunctionData({ abi: T, functionName: 'balanceOf', args: [holder] }) };
    const result = (await proxy('eth_createAccessList', [call, 'latest'])) as { accessList: unknown; gasUsed: string; error?: string };
    expect(result).toEqual({ accessList: [{ address: C.token, storageKeys: [mappingSlot(holder, 3n)] }], gasUsed: expect.stringMatching(/^0x[0-9a-f]+$/) });
    // The node's own estimate with that list applied is the gas the call used, to go-ethereum's
    // search tolerance (it stops once the bounds are within 1.5 % and answers the upper one).
    const estimate = BigInt((await node('eth_estimateGas', [{ ...call, accessList: result.accessList }, 'latest'])) as string);
    const used = BigInt(result.gasUsed);
    expect(estimate >= used && (estimate - used) * 1000n < used * 15n, `estimate ${estimate}, used ${used}`).toBe(true);
  });

  it('names the quoter\'s pair registrations and both pairs\' reserves for getAmountsOut, and nothing else', async () => {
    const path = [C.token, C.tokenB, C.tokenC] as Hex[];
    const data = encodeFunctionData({ abi: Q, functionName: 'getAmountsOut', args: [ONE_ETHER, path] });
    const result = (await proxy('eth_createAccessList', [{ to: C.quoter, data }, tag(C.seededAt)])) as { accessList: { address: string; storageKeys: string[] }[] };
    const pairFor = (a: Hex, b: Hex) => keccak256(`0x${word(b).slice(2)}${mappingSlot(a, 0n).slice(2)}`);
    const reservesSlot = `0x${'0'.repeat(64)}`;
    const expected = [
      { address: C.quoter, storageKeys: [pairFor(path[0]!, path[1]!), pairFor(path[1]!, path[2]!)].sort() },
      { address: C.pair, storageKeys: [reservesSlot] },
      { address: C.pairBC, storageKeys: [reservesSlot] },
    ].sort((x, y) => (x.address < y.address ? -1 : 1));
    expect(result.accessList).toEqual(expected);
  });

  it('says a reverting call failed, as go-ethereum does', async () => {
    const data = encodeFunctionData({ abi: ARTIFACTS.VigilInspector.abi, functionName: 'fail', args: [1, 0n] });
    expect(await proxy('eth_createAccessList', [{ to: C.inspector, data }, 'latest'])).toMatchObject({ error: 'execution reverted' });
  });
});

describe('the proxy', () => {
  it('answers a batch element by element, in order, under the ids given', async () => {
    const balanceOf = encodeFunctionData({ abi: T, functionName: 'balanceOf', args: [devnet.info.accounts[2] as Hex] });
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 7, method: 'eth_createAccessList', params: [{ to: C.token, data: balanceOf }, 'latest'] },
      { jsonrpc: '2.0', id: 7, method: 'no_such_method', params: [] },
      { jsonrpc: '2.0', id: null, method: 'eth_call', params: [{ to: C.token, data: balanceOf }, 'latest'] },
      { jsonrpc: '2.0', id: 9, method: 'eth_getBlockReceipts', params: [tag(C.seededAt)] },
    ];
    const answers = (await (await fetch(devnet.info.executionRpc, { method: 'POST', body: JSON.stringify(batch) })).json()) as Record<string, unknown>[];
    expect(answers.map((a) => a.id)).toEqual(['a', 7, 7, null, 9]);
    expect(answers[0]!.result).toBe(tag(devnet.info.chainId));
    expect(answers[1]!.result).toMatchObject({ accessList: [{ address: C.token }] });
    expect(answers[2]!.error).toMatchObject({ code: expect.any(Number) });
    expect(answers[3]!.result).toBe(await node('eth_call', [{ to: C.token, data: balanceOf }, 'latest']));
    const block = (await node('eth_getBlockByNumber', [tag(C.seededAt), false])) as { transactions: string[] };
    expect((answers[4]!.result as { transactionHash: string }[]).map((r) => r.transactionHash)).toEqual(block.transactions);
  });
});

describe('execution-API faults change what they say, and only that', () => {
  const seeded = () => tag(C.seededAt);

  it('access-list-omit: the last address and every storage key hidden', async () => {
    const data = encodeFunctionData({ abi: Q, functionName: 'getAmountsOut', args: [ONE_ETHER, [C.token, C.tokenB, C.tokenC] as Hex[]] });
    const honest = (await proxy('eth_createAccessList', [{ to: C.quoter, data }, seeded()])) as { accessList: { address: string }[]; gasUsed: string };
    await withFault('access-list-omit', async () => {
      const lied = await proxy('eth_createAccessList', [{ to: C.quoter, data }, seeded()]);
      expect(lied).toEqual({ ...honest, accessList: honest.accessList.slice(0, -1).map((t) => ({ ...t, storageKeys: [] })) });
    });
  });

  it('header-unlinked: another stateRoot under the same hash, by number and by hash', async () => {
    const honest = (await node('eth_getBlockByNumber', [seeded(), false])) as Record<string, string>;
    await withFault('header-unlinked', async () => {
      for (const lied of [await proxy('eth_getBlockByNumber', [seeded(), false]), await proxy('eth_getBlockByHash', [honest.hash, true])] as Record<string, string>[]) {
        expect(lied.hash).toBe(honest.hash);
        expect(lied.stateRoot).not.toBe(honest.stateRoot);
        expect({ ...lied, stateRoot: honest.stateRoot, transactions: honest.transactions }).toEqual(honest);
      }
    });
  });

  it('tx-forge: value + 1 ether under the same hash, alone and in a full block', async () => {
    const honest = (await node('eth_getTransactionByHash', [C.revertedTx])) as Record<string, string>;
    await withFault('tx-forge', async () => {
      const lied = (await proxy('eth_getTransactionByHash', [C.revertedTx])) as Record<string, string>;
      expect(hexToBigInt(lied.value)).toBe(hexToBigInt(honest.value) + ONE_ETHER);
      expect({ ...lied, value: honest.value }).toEqual(honest);
      const block = (await proxy('eth_getBlockByNumber', [seeded(), true])) as { transactions: Record<string, string>[] };
      expect(block.transactions.find((t) => t.hash === C.revertedTx)!.value).toBe(lied.value);
    });
  });

  it('receipt-forge: one log data byte changed, in eth_getTransactionReceipt and eth_getBlockReceipts alike', async () => {
    const block = (await node('eth_getBlockByNumber', [seeded(), false])) as { transactions: string[] };
    const first = block.transactions[0]!; // alice's transfer: one Transfer log
    const honest = (await node('eth_getTransactionReceipt', [first])) as { logs: { data: string }[] };
    await withFault('receipt-forge', async () => {
      const lied = (await proxy('eth_getTransactionReceipt', [first])) as typeof honest;
      expect(lied.logs[0]!.data).not.toBe(honest.logs[0]!.data);
      expect({ ...lied, logs: honest.logs }).toEqual(honest);
      const all = (await proxy('eth_getBlockReceipts', [seeded()])) as (typeof honest)[];
      expect(all[0]).toEqual(lied);
    });
  });

  it('logs-drop: each block\'s first log gone from eth_getLogs and from its receipt', async () => {
    const filter = { fromBlock: tag(C.deployedAt), toBlock: seeded() };
    const honest = (await node('eth_getLogs', [filter])) as { logIndex: string; blockNumber: string }[];
    const block = (await node('eth_getBlockByNumber', [seeded(), false])) as { transactions: string[] };
    await withFault('logs-drop', async () => {
      expect(await proxy('eth_getLogs', [filter])).toEqual(honest.filter((l) => l.logIndex !== '0x0'));
      const receipt = (await proxy('eth_getTransactionReceipt', [block.transactions[0]])) as { logs: unknown[] };
      expect(receipt.logs).toEqual([]);
    });
    expect(new Set(honest.filter((l) => l.logIndex === '0x0').map((l) => l.blockNumber)).size).toBeGreaterThanOrEqual(2);
  });

  it('call-result and estimate-gas: other bytes, 1000 more gas', async () => {
    const call = { to: C.token, data: encodeFunctionData({ abi: T, functionName: 'balanceOf', args: [devnet.info.accounts[4] as Hex] }) };
    const [result, gas] = [await node('eth_call', [call, 'latest']), await node('eth_estimateGas', [call, 'latest'])];
    await withFault('call-result', async () => {
      const lied = (await proxy('eth_call', [call, 'latest'])) as string;
      expect([lied.length, lied === result]).toEqual([(result as string).length, false]);
    });
    await withFault('estimate-gas', async () => {
      expect(hexToBigInt(await proxy('eth_estimateGas', [call, 'latest']))).toBe(hexToBigInt(gas) + 1000n);
    });
    expect(await proxy('eth_call', [call, 'latest'])).toBe(result);
  });
});

describe('the devnet\'s servers', () => {
  it('leave idle keep-alive connections to the client: no server advertises or enforces an idle close (the node, the proxy, the beacon API, the admin)', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });
    const answers = [
      await fetch(devnet.info.nodeRpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      await fetch(devnet.info.executionRpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/genesis`),
      await fetch(`${devnet.info.admin}/faults`),
    ];
    for (const res of answers) {
      await res.arrayBuffer();
      expect(res.headers.get('connection'), res.url).toBe('keep-alive');
      expect(res.headers.get('keep-alive'), res.url).toBeNull();
    }
  });
});

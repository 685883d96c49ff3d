import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockEnvOfHeader } from '../../../src/client/verified/execution-env.ts';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { verifiedCall } from '../../../src/client/verified/call.ts';
import { bigIntToHex, hexToBigInt } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import type { BlockEnv } from '../../../src/execution/block-env.ts';
import { ExecutionEngine } from '../../../src/execution/engine.ts';
import { headerHash, parseRpcHeader } from '../../../src/execution/header.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { ReplayJsonRpc } from '../../../src/rpc/execution-replay.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/mainnet-call/${name}`, import.meta.url), 'utf8'));
let env: BlockEnv;

beforeAll(async () => {
  await cryptoReady();
  const { header } = parseRpcHeader(fixture('header.json'));
  env = blockEnvOfHeader(header, headerHash(header), networkConfig('mainnet'));
});

/** One recording: its first exchange is the original request and the node's answer. */
function recording(name: string) {
  const exchanges = fixture(name);
  const rpc = new ExecutionRpc({ endpoints: ['http://replay.invalid'], transport: new ReplayJsonRpc(exchanges) });
  return { rpc, request: exchanges[0].request, answer: exchanges[0].response.result as string };
}

describe('eth_estimateGas on real mainnet recordings (block 17463226)', () => {
  for (const name of ['eth_estimateGas_contract_call.json', 'eth_estimateGas_simple_transfer.json']) {
    it(`${name}: the exact search gives the node's answer of 2023; geth's current search stays within 1.5% above it`, async () => {
      const { rpc, request, answer } = recording(name);
      const run = (estimator: 'geth' | 'hardhat') =>
        verifiedCall({ rpc, executor: new ExecutionEngine(), env, mode: 'estimateGas', call: request.params[0], estimator });
      // That node searched to the exact minimum, as Hardhat's search does when the gas used suffices.
      expect((await run('hardhat')).outcome.gas).toBe(answer);
      const geth = hexToBigInt((await run('geth')).outcome.gas);
      expect(geth).toBeGreaterThanOrEqual(hexToBigInt(answer));
      expect(Number(geth - hexToBigInt(answer)) / Number(geth)).toBeLessThan(0.015);
      // The minimum is a minimum: one gas less and the call fails.
      const at = async (gas: bigint) =>
        (await verifiedCall({ rpc, executor: new ExecutionEngine(), env, mode: 'call', call: { ...request.params[0], gas: bigIntToHex(gas) } })).outcome.status;
      expect(await at(hexToBigInt(answer))).toBe('success');
      expect(await at(hexToBigInt(answer) - 1n)).not.toBe('success');
    });
  }
});

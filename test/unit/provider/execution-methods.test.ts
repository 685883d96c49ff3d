import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import type { ExecutionOutcome } from '../../../src/execution/engine.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { callBlockOf, type CallBlock, type ExecutionReader } from '../../../src/client/verified/execution-reader.ts';
import { handleExecutionMethod } from '../../../src/provider/execution-methods.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { CALL_ENV } from './helpers.ts';

const ENV = CALL_ENV;

function reader(outcome: Partial<ExecutionOutcome>, extra: Partial<ExecutionReader> = {}) {
  const seen: unknown[] = [];
  const r: ExecutionReader = {
    async run(params) {
      seen.push(params);
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0x5208', ...outcome }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    },
    async sendRawTransaction() {
      return { hash: '0x' + 'ab'.repeat(32) };
    },
    async suggestedTip() {
      return 2_000n;
    },
    async feeHistory(count) {
      return { oldestBlock: '0x' + (100 - count + 1).toString(16) };
    },
    ...extra,
  };
  return { r, seen };
}

const heads = (tag: unknown): CallBlock => {
  if (tag === 'latest' || tag === '0x64') return callBlockOf(ENV);
  throw new VerificationError('BLOCK_NOT_VERIFIED', 'not a verified head');
};
const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof ProviderRpcError ? e : toProviderError(e)));

describe('eth_call through the provider', () => {
  it('returns the return data of a successful call at the block named (latest by default)', async () => {
    const { r, seen } = reader({ returnData: '0x2a' });
    expect(await handleExecutionMethod(r, heads, 'eth_call', [{ to: '0x' + '11'.repeat(20) }])).toBe('0x2a');
    expect(await handleExecutionMethod(r, heads, 'eth_call', [{ to: '0x' + '11'.repeat(20) }, '0x64', { ['0x' + '11'.repeat(20)]: { balance: '0x1' } }])).toBe('0x2a');
    expect(seen[1]).toMatchObject({ mode: 'call', stateOverride: { ['0x' + '11'.repeat(20)]: { balance: '0x1' } } });
  });

  it('turns a revert into code 3 with the revert data, as geth does', async () => {
    const data = '0x08c379a0' + '20'.padStart(64, '0') + '2'.padStart(64, '0') + '6e6f'.padEnd(64, '0');
    const e = await err(handleExecutionMethod(reader({ status: 'reverted', returnData: data, message: 'execution reverted: no' }).r, heads, 'eth_call', [{}]));
    expect(e?.toJSON()).toEqual({ code: 3, message: 'execution reverted: no', data });
  });

  it('turns a halt or a refusal into -32000 with the node-like message', async () => {
    const halted = await err(handleExecutionMethod(reader({ status: 'halted', message: 'out of gas' }).r, heads, 'eth_call', [{}]));
    expect(halted?.toJSON()).toEqual({ code: -32000, message: 'out of gas' });
    const invalid = await err(handleExecutionMethod(reader({ status: 'invalid', message: 'intrinsic gas too low: have 1, want 21000' }).r, heads, 'eth_estimateGas', [{}]));
    expect(invalid?.code).toBe(-32000);
  });

  it('refuses a block Vigil did not verify, and block overrides', async () => {
    const { r } = reader({});
    expect((await err(handleExecutionMethod(r, heads, 'eth_call', [{}, '0x63'])))?.toJSON()).toMatchObject({ code: -32099, data: { code: 'BLOCK_NOT_VERIFIED' } });
    expect((await err(handleExecutionMethod(r, heads, 'eth_call', [{}, 'latest', null, { number: '0x1' }])))?.code).toBe(-32602);
    expect((await err(handleExecutionMethod(r, heads, 'eth_call', [])))?.code).toBe(-32602);
  });

  it('answers eth_estimateGas and eth_createAccessList in the nodes\' shapes', async () => {
    expect(await handleExecutionMethod(reader({ gas: '0x5208' }).r, heads, 'eth_estimateGas', [{}])).toBe('0x5208');
    const list = [{ address: '0x' + '22'.repeat(20), storageKeys: ['0x' + '00'.repeat(32)] }];
    expect(await handleExecutionMethod(reader({ accessList: list, gasUsed: '0x6000' }).r, heads, 'eth_createAccessList', [{}])).toEqual({ accessList: list, gasUsed: '0x6000' });
    // A failing call still gets its list, with the reason in `error` (geth's form).
    expect(await handleExecutionMethod(reader({ status: 'reverted', accessList: [], gasUsed: '0x6000', message: 'execution reverted' }).r, heads, 'eth_createAccessList', [{}])).toEqual({
      accessList: [],
      gasUsed: '0x6000',
      error: 'execution reverted',
    });
  });
});

describe('fees', () => {
  it('prices gas from the verified head: base fee + the endpoints\' tip', async () => {
    const { r } = reader({});
    expect(await handleExecutionMethod(r, heads, 'eth_gasPrice', [])).toBe('0xbb8');
    expect(await handleExecutionMethod(r, heads, 'eth_maxPriorityFeePerGas', [])).toBe('0x7d0');
    // excess = 2·fraction: fake_exponential(1, 2F, F) = 7.
    expect(await handleExecutionMethod(r, heads, 'eth_blobBaseFee', [])).toBe('0x7');
  });

  it('checks eth_feeHistory parameters as nodes do', async () => {
    const { r } = reader({});
    expect(await handleExecutionMethod(r, heads, 'eth_feeHistory', ['0x4', 'latest', [10, 50]])).toEqual({ oldestBlock: '0x61' });
    for (const params of [['0x0', 'latest'], ['0x401', 'latest'], ['0x4', 'latest', [50, 10]], ['0x4', 'latest', [101]]]) {
      expect((await err(handleExecutionMethod(r, heads, 'eth_feeHistory', params)))?.code).toBe(-32602);
    }
  });
});

describe('eth_sendRawTransaction', () => {
  it('returns the hash, and passes on the nodes\' refusal in their words', async () => {
    expect(await handleExecutionMethod(reader({}).r, heads, 'eth_sendRawTransaction', ['0x02'])).toBe('0x' + 'ab'.repeat(32));
    const refusing = reader({}, {
      async sendRawTransaction() {
        throw new TransportError('RPC_ERROR', 'eth_sendRawTransaction: JSON-RPC error -32000: nonce too low', { rpcCode: -32000 });
      },
    }).r;
    expect((await err(handleExecutionMethod(refusing, heads, 'eth_sendRawTransaction', ['0x02'])))?.toJSON()).toEqual({ code: -32000, message: 'nonce too low' });
  });
});

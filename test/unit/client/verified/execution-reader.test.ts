/**
 * The block a call runs in, as the provider holds it, and the words of a failed call: what the
 * provider's execution methods take from the client.
 */
import { describe, expect, it } from 'vitest';
import { callBlockAt, callBlockOf, callFailure } from '../../../../src/client/verified/execution-reader.ts';
import { type BlockEnv, blockEnvToJson } from '../../../../src/execution/block-env.ts';
import { CALL_ENV } from '../../provider/helpers.ts';

const ENV: BlockEnv = { ...CALL_ENV, fork: 'cancun', baseFeePerGas: 7n, excessBlobGas: 0n };

describe('callBlockAt / callBlockOf', () => {
  it('reads a verified head\'s environment, with its base fee and blob base fee', () => {
    const block = callBlockAt({ slot: 5, env: blockEnvToJson(ENV) });
    expect(block.env).toEqual(ENV);
    expect(block.baseFeePerGas).toBe(7n);
    expect(block.blobBaseFee()).toBe(1n); // no excess blob gas: the minimum
  });

  it('refuses a head with no execution block, and a blob base fee before Cancun', () => {
    expect(() => callBlockAt({ slot: 5 })).toThrow(expect.objectContaining({ code: 'EXECUTION_UNSUPPORTED' }));
    expect(() => callBlockOf({ ...ENV, fork: 'shanghai' }).blobBaseFee()).toThrow(expect.objectContaining({ code: 'EXECUTION_UNSUPPORTED' }));
  });
});

describe('callFailure', () => {
  const outcome = (o: object) => ({ status: 'success' as const, returnData: '0x', gasUsed: '0x0', ...o });
  it('is undefined for a success; a revert keeps its data and the words the engine gave it; a halt gives its message', () => {
    expect(callFailure(outcome({}))).toBeUndefined();
    const data = '0x4e487b71' + '11'.padStart(64, '0');
    expect(callFailure(outcome({ status: 'reverted', returnData: data, message: 'execution reverted: arithmetic underflow or overflow' }))).toEqual({ reverted: true, message: 'execution reverted: arithmetic underflow or overflow', data });
    expect(callFailure(outcome({ status: 'reverted', returnData: data }))).toEqual({ reverted: true, message: 'execution reverted', data });
    expect(callFailure(outcome({ status: 'halted', message: 'out of gas' }))).toEqual({ reverted: false, message: 'out of gas' });
    expect(callFailure(outcome({ status: 'invalid' }))).toEqual({ reverted: false, message: 'execution failed' });
  });
});

/**
 * The recorder keeps each JSON-RPC exchange of a live run in the replay's format: what it kept
 * replays to the same answers (results and JSON-RPC errors), calls that got no answer are left
 * out, and batches are kept call by call.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/rpc/errors.ts';
import { RecordingJsonRpc } from '../../../src/rpc/execution-record.ts';
import { ReplayJsonRpc } from '../../../src/rpc/execution-replay.ts';
import { callEach, type JsonRpcTransport } from '../../../src/rpc/http.ts';

const OPTIONS = { timeoutMs: 1000, maxBytes: 1 << 20 };
const URL_ = 'http://127.0.0.1:1';

/** A server: a result per method, an RPC error for `eth_fails`, no answer at all for `eth_times_out`. */
function server(results: Record<string, unknown>): JsonRpcTransport {
  const call = async (_url: string, method: string, params: readonly unknown[]) => {
    if (method === 'eth_fails') throw new TransportError('RPC_ERROR', `${method}: JSON-RPC error -32000: header not found`, { url: URL_, rpcCode: -32000, rpcData: '0xab' });
    if (method === 'eth_times_out') throw new TransportError('TIMEOUT', 'no complete response within 1000 ms', { url: URL_ });
    return { method, params, answer: results[method] ?? null };
  };
  return { call, batch: async (url, requests) => callEach(requests, (r) => call(url, r.method, r.params)) };
}

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return { result: await p };
  } catch (err) {
    return { code: (err as TransportError).code, rpcCode: (err as TransportError).rpcCode, rpcData: (err as TransportError).rpcData };
  }
}

describe('RecordingJsonRpc', () => {
  it('replays what it recorded: results, JSON-RPC errors, batch items; not calls that got no answer', async () => {
    const recorder = new RecordingJsonRpc(server({ eth_blockNumber: '0x10' }));
    const calls: [string, unknown[]][] = [
      ['eth_blockNumber', []],
      ['eth_getProof', ['0xAB', ['0x01'], '0x10']],
      ['eth_fails', ['0x1']],
    ];
    const live = [];
    for (const [m, p] of calls) live.push(await outcome(recorder.call(URL_, m, p, OPTIONS)));
    const batch = await recorder.batch(URL_, [{ method: 'eth_getBlockByNumber', params: ['0x1', false] }, { method: 'eth_times_out', params: [] }], OPTIONS);
    expect(batch.map((o) => o.ok)).toEqual([true, false]);
    await expect(recorder.call(URL_, 'eth_times_out', [], OPTIONS)).rejects.toMatchObject({ code: 'TIMEOUT' });

    const dir = mkdtempSync(join(tmpdir(), 'vigil-record-'));
    recorder.write(join(dir, 'r.json'));
    const exchanges = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(exchanges.map((e: { request: { method: string } }) => e.request.method)).toEqual(['eth_blockNumber', 'eth_getProof', 'eth_fails', 'eth_getBlockByNumber']);
    expect(exchanges[2].response).toEqual({ error: { code: -32000, message: 'header not found', data: '0xab' } });

    const replay = new ReplayJsonRpc(exchanges);
    const replayed = [];
    for (const [m, p] of calls) replayed.push(await outcome(replay.call(URL_, m, p, OPTIONS)));
    expect(replayed).toEqual(live);
    expect(await outcome(replay.call(URL_, 'eth_getBlockByNumber', ['0x1', false], OPTIONS))).toEqual({ result: (batch[0] as { result: unknown }).result });
    expect(await outcome(replay.call(URL_, 'eth_times_out', [], OPTIONS))).toMatchObject({ code: 'NOT_RECORDED' });
  });

  it('replays any JSON result it recorded as it was, the same request kept once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.array(fc.string(), { maxLength: 3 }), async (value, params) => {
        const recorder = new RecordingJsonRpc({ call: async () => value, batch: async () => [] });
        await recorder.call(URL_, 'eth_x', params, OPTIONS);
        await recorder.call(URL_, 'eth_x', params, OPTIONS);
        const exchanges = JSON.parse(JSON.stringify(recorder.exchanges()));
        expect(exchanges).toHaveLength(1);
        expect(await new ReplayJsonRpc(exchanges).call(URL_, 'eth_x', params, OPTIONS)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a path it cannot write, as bad input', () => {
    expect(() => new RecordingJsonRpc().write('/nonexistent-dir/x/y.json')).toThrow(/cannot write the RPC recording/);
  });
});

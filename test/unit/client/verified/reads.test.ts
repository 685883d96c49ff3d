/**
 * One verified account read with endpoint failover, run two ways (in this thread, and with the
 * check in the worker pool's task code): both ask the same question with the same size limits,
 * demote an endpoint that lies or does not answer, tell only the lies, and throw the first lie
 * over a silence.
 */
import { describe, expect, it } from 'vitest';
import { getVerifiedAccount, PooledAccountReader } from '../../../../src/client/verified/reads.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import type { VigilError } from '../../../../src/core/errors.ts';
import type { VerifiedHead } from '../../../../src/l1/heads.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { HEAD, inThreadRunner, mainnetBlock, mainnetProof } from '../../provider/helpers.ts';

const ADDRESS = (mainnetProof.address as string).toLowerCase();
const KEY = mainnetProof.storageProof[0].key as string;
const head = { slot: 7_000_000n, root: new Uint8Array(32).fill(0xab), execution: { blockNumber: BigInt(mainnetBlock.number), blockHash: hexToBytes(mainnetBlock.hash), stateRoot: hexToBytes(mainnetBlock.stateRoot) } } as unknown as VerifiedHead;

type Answer = (method: string, params: readonly unknown[]) => unknown;
/** The proof as an honest server answers: the storage proofs of the keys asked. */
const honest: Answer = (method, params) => {
  if (method === 'eth_getCode') return '0x6001';
  return { ...mainnetProof, storageProof: (params[1] as string[]).length === 0 ? [] : mainnetProof.storageProof };
};

/** An ExecutionRpc stand-in that records each call with the size limit it was given. */
function rpcOf(answers: Record<string, Answer>) {
  const order = Object.keys(answers);
  const calls: string[] = [];
  const limits: number[] = [];
  return {
    calls,
    limits,
    get endpoints() {
      return [...order];
    },
    demote(endpoint: string) {
      order.splice(order.indexOf(endpoint), 1);
      order.push(endpoint);
    },
    async callAt(endpoint: string, method: string, params: readonly unknown[], maxBytes: number) {
      calls.push(`${endpoint} ${method} ${JSON.stringify(params)}`);
      if (method === 'eth_getProof') limits.push(maxBytes);
      const answer = answers[endpoint]!(method, params);
      if (answer instanceof TransportError) throw answer;
      return answer;
    },
  };
}

const ways = {
  'in this thread': async (rpc: ReturnType<typeof rpcOf>, keys: string[], onRejected?: (e: VigilError, endpoint: string) => void) => {
    const read = await getVerifiedAccount({ rpc: rpc as never, head, address: ADDRESS, storageKeys: keys, ...(onRejected ? { onRejected } : {}) });
    return { balance: '0x' + read.account.balance.toString(16), storage: read.storage.map((s) => s.value), endpoint: read.provenance.endpoint };
  },
  'in the pool': async (rpc: ReturnType<typeof rpcOf>, keys: string[], onRejected?: (e: VigilError, endpoint: string) => void) => {
    const reader = new PooledAccountReader(rpc as never, inThreadRunner, onRejected ? { onRejected } : {});
    const read = await reader.read({ head: HEAD, address: ADDRESS, storageKeys: keys, code: false });
    return { balance: read.balance, storage: read.storage.map((s) => BigInt(s.value)), endpoint: read.endpoint };
  },
};

describe.each(Object.entries(ways))('one verified account read, %s', (_, read) => {
  it('asks for 32-byte keys at the head\'s block, with the proof limit of 64 KiB plus 16 KiB a key (every verified read)', async () => {
    const rpc = rpcOf({ 'http://a.test': honest });
    const out = await read(rpc, ['0x1']);
    expect(out).toEqual({ balance: mainnetProof.balance, storage: [BigInt(mainnetProof.storageProof[0].value)], endpoint: 'http://a.test' });
    expect(rpc.calls).toEqual([`http://a.test eth_getProof ${JSON.stringify([ADDRESS, [KEY], '0x' + BigInt(mainnetBlock.number).toString(16)])}`]);
    expect(rpc.limits).toEqual([64 * 1024 + 16 * 1024]);
  });

  it('demotes a liar and a silent endpoint, tells only the lie, and answers from the next', async () => {
    const rejected: string[] = [];
    const rpc = rpcOf({
      'http://liar.test': (m, p) => ({ ...(honest(m, p) as object), nonce: '0x99' }),
      'http://down.test': () => new TransportError('NETWORK', 'refused'),
      'http://honest.test': honest,
    });
    const out = await read(rpc, [], (e, endpoint) => rejected.push(`${endpoint} ${e.code}`));
    expect(out.endpoint).toBe('http://honest.test');
    expect(rejected).toEqual(['http://liar.test PROOF_VALUE_MISMATCH']);
    expect(rpc.endpoints).toEqual(['http://honest.test', 'http://liar.test', 'http://down.test']);
  });

  it('refuses a valid proof of another address or of other keys, and a lie outranks a silence', async () => {
    const other = rpcOf({ a: () => new TransportError('TIMEOUT', 'slow'), b: (m, p) => ({ ...(honest(m, p) as object), address: '0x' + '22'.repeat(20) }) });
    await expect(read(other, [])).rejects.toMatchObject({ code: 'PROOF_ADDRESS_MISMATCH', expected: ADDRESS });
    const keys = rpcOf({ a: () => mainnetProof });
    await expect(read(keys, [])).rejects.toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: '0', got: '1' });
    const silent = rpcOf({ a: () => new TransportError('TIMEOUT', 'slow'), b: () => new TransportError('NETWORK', 'refused') });
    await expect(read(silent, [])).rejects.toMatchObject({ code: 'ALL_ENDPOINTS_FAILED' });
  });

  it('refuses a malformed question before asking anyone', async () => {
    const rpc = rpcOf({ a: honest });
    await expect(read(rpc, ['0x' + '1'.repeat(65)])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(rpc.calls).toEqual([]);
  });
});

it('fetches the code with the proof and checks it against the proven code hash', async () => {
  const rpc = rpcOf({ a: honest });
  await expect(getVerifiedAccount({ rpc: rpc as never, head, address: ADDRESS, code: true })).rejects.toMatchObject({ code: 'CODE_HASH_MISMATCH' });
  expect(rpc.calls.map((c) => c.split(' ')[1])).toEqual(['eth_getProof', 'eth_getCode']);
  const pooled = new PooledAccountReader(rpcOf({ a: honest }) as never, inThreadRunner);
  await expect(pooled.read({ head: HEAD, address: ADDRESS, storageKeys: [], code: true })).rejects.toMatchObject({ code: 'CODE_HASH_MISMATCH' });
  expect(bytesToHex(head.execution.stateRoot)).toBe(HEAD.stateRoot);
});

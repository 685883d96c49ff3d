import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { verifiedCall } from '../../../../src/client/verified/call.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { authorizationDigest } from '../../../../src/execution/authorizations.ts';
import { secp256k1PublicKey, secp256k1Sign } from '../../../../src/crypto/secp256k1.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import type { BlockEnv } from '../../../../src/execution/block-env.ts';
import { ExecutionEngine } from '../../../../src/execution/engine.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { asm, returnsWord } from '../../execution/asm.ts';
import { buildWorld, envFor, type World } from '../../execution/world.ts';
import { sendJson, startServer, type TestServer } from '../../rpc/server.ts';
import { sendRawTransaction } from '../../../../src/client/verified/broadcast.ts';

const STORE = '0x' + '5a'.repeat(20);
const READER = '0x' + '7e'.repeat(20);
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');
const AUTHORITY_KEY = hexToBytes('0x' + 'a1'.repeat(32));
const addressOf = (key: Uint8Array) => keccak256(secp256k1PublicKey(key).subarray(1)).slice(12);

let world: World;
let env: BlockEnv;
beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [STORE]: { code: returnsWord('PUSH1 0x01 SLOAD PUSH0 SLOAD ADD'), storage: { '0x0': 40n, '0x1': 2n } },
    [READER]: { code: asm(`PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH20 ${STORE} GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN`) },
  });
  env = envFor(world);
});

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Call = { id: number; method: string; params: any[] };
interface NodeOptions {
  batches?: boolean;
  /** Rewrites an honest result. */
  lie?: (method: string, params: any[], result: any) => any;
  accessList?: { address: string; storageKeys: string[] }[] | 'unsupported';
}

/** A JSON-RPC node over the test world, honest unless told to lie; it logs every method asked. */
async function node(options: NodeOptions = {}) {
  const methods: string[] = [];
  const bodies: string[] = [];
  const answer = async (c: Call) => {
    methods.push(c.method);
    bodies.push(JSON.stringify(c));
    let result: unknown;
    switch (c.method) {
      case 'eth_getProof':
        result = await world.getProof(c.params[0], c.params[1]);
        break;
      case 'eth_getCode':
        result = world.getCode(c.params[0]);
        break;
      case 'eth_createAccessList':
        if (options.accessList === 'unsupported' || options.accessList === undefined) {
          return { jsonrpc: '2.0', id: c.id, error: { code: -32601, message: 'the method eth_createAccessList does not exist' } };
        }
        result = { accessList: options.accessList, gasUsed: '0x0' };
        break;
      default:
        return { jsonrpc: '2.0', id: c.id, error: { code: -32601, message: 'no such method' } };
    }
    return { jsonrpc: '2.0', id: c.id, result: options.lie ? options.lie(c.method, c.params, structuredClone(result)) : result };
  };
  const s = await startServer(async (_req, res, body) => {
    const json = JSON.parse(body) as Call | Call[];
    if (Array.isArray(json)) {
      if (options.batches === false) return sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batches disabled' } });
      return sendJson(res, await Promise.all(json.map(answer)));
    }
    sendJson(res, await answer(json));
  });
  servers.push(s);
  return { url: s.url, methods, bodies, requests: s.requests };
}

const callReader = { to: READER };

describe('verifiedCall against JSON-RPC endpoints', () => {
  it('fetches in batches and answers a repeated call from proven state without a request', async () => {
    const n = await node({ accessList: [{ address: STORE, storageKeys: [word(0n), word(1n)] }] });
    const rpc = new ExecutionRpc({ endpoints: [n.url] });
    const engine = new ExecutionEngine();
    const first = await verifiedCall({ rpc, executor: engine, env, mode: 'call', call: callReader });
    expect(first.outcome.returnData).toBe(word(42n));
    // Three requests, two in sequence: the sender and READER (with code) in one batch, beside it
    // the hint and then at once what it named beyond them (STORE, its code, its slots). Two engine
    // steps in the loop (the hint's own turn into a request list is not counted): the second runs
    // on all of it.
    expect(first.steps).toBe(2);
    expect(n.requests.length).toBe(3);
    const before = n.requests.length;
    const again = await verifiedCall({ rpc, executor: engine, env, mode: 'call', call: callReader });
    expect(again).toMatchObject({ steps: 1, outcome: { returnData: word(42n) } });
    expect(n.requests.length).toBe(before);
  });

  it('does not fetch again code it holds from another block: only the account is proven', async () => {
    const n = await node({ accessList: [{ address: STORE, storageKeys: [word(0n), word(1n)] }] });
    const rpc = new ExecutionRpc({ endpoints: [n.url] });
    const engine = new ExecutionEngine();
    await verifiedCall({ rpc, executor: engine, env, mode: 'call', call: callReader });
    const codesBefore = n.methods.filter((m) => m === 'eth_getCode').length;
    // The same state under another block (another hash, same root) counts as a new block.
    const next = { ...env, number: env.number + 1n, hash: new Uint8Array(32).fill(0xcc), stateRoot: env.stateRoot.slice() };
    const other = new ExecutionEngine();
    await verifiedCall({ rpc, executor: other, env: next, mode: 'call', call: callReader });
    const coldCodes = n.methods.filter((m) => m === 'eth_getCode').length - codesBefore;
    expect(coldCodes).toBe(3);
    const before = n.methods.filter((m) => m === 'eth_getCode').length;
    const hintsBefore = n.methods.filter((m) => m === 'eth_createAccessList').length;
    const newer = await buildWorld({
      [STORE]: { code: returnsWord('PUSH1 0x01 SLOAD PUSH0 SLOAD ADD'), storage: { '0x0': 50n, '0x1': 2n } },
      [READER]: { code: asm(`PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH20 ${STORE} GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN`) },
    });
    const saved = world;
    world = newer;
    try {
      const r = await verifiedCall({ rpc, executor: engine, env: envFor(newer), mode: 'call', call: callReader });
      expect(r.outcome.returnData).toBe(word(52n));
      // READER and STORE have their code from the first block, and the sender its empty code.
      expect(n.methods.filter((m) => m === 'eth_getCode').length - before).toBe(0);
      // The run on the first block's state named every account and slot: one round, no hint asked.
      expect(r.steps).toBe(2);
      expect(n.methods.filter((m) => m === 'eth_createAccessList').length).toBe(hintsBefore);
    } finally {
      world = saved;
    }
  });

  it("never sends the wallet's own set-code call (its authorizations, signed or not) to an endpoint: no hint is asked for it", async () => {
    const n = await node({ accessList: [{ address: STORE, storageKeys: [word(0n), word(1n)] }] });
    const rpc = new ExecutionRpc({ endpoints: [n.url] });
    const authority = bytesToHex(addressOf(AUTHORITY_KEY));
    const tuple = { chainId: '0x1', address: STORE, nonce: '0x0' };
    const sig = secp256k1Sign(authorizationDigest({ chainId: 1n, address: hexToBytes(STORE), nonce: 0n }), AUTHORITY_KEY);
    const signed = { ...tuple, yParity: `0x${sig.recovery}`, r: `0x${sig.r.toString(16)}`, s: `0x${sig.s.toString(16)}` };
    for (const list of [[{ ...tuple, authority }], [signed]]) {
      const { outcome } = await verifiedCall({ rpc, executor: new ExecutionEngine(), env, mode: 'call', call: { ...callReader, authorizationList: list }, ownAuthorizations: true });
      expect(outcome.returnData).toBe(word(42n));
    }
    expect(n.methods).not.toContain('eth_createAccessList');
    expect(n.bodies.filter((b) => /authorizationList/i.test(b))).toEqual([]);
  });

  it('gets the right answer when the hint hides what the call reads', async () => {
    const n = await node({ accessList: [] });
    const { outcome } = await verifiedCall({ rpc: new ExecutionRpc({ endpoints: [n.url] }), executor: new ExecutionEngine(), env, mode: 'call', call: callReader });
    expect(outcome.returnData).toBe(word(42n));
  });

  it('asks call by call an endpoint that takes no batches', async () => {
    const n = await node({ batches: false, accessList: 'unsupported' });
    const { outcome } = await verifiedCall({ rpc: new ExecutionRpc({ endpoints: [n.url] }), executor: new ExecutionEngine(), env, mode: 'call', call: callReader });
    expect(outcome.returnData).toBe(word(42n));
    expect(n.methods.filter((m) => m === 'eth_getProof').length).toBeGreaterThan(1);
  });

  it('demotes an endpoint whose proof lies and takes the same data from the next', async () => {
    const liar = await node({
      lie: (method, _params, result) => {
        if (method === 'eth_getProof') for (const s of result.storageProof) s.value = '0x63';
        return result;
      },
    });
    const honest = await node();
    const rejected: string[] = [];
    const rpc = new ExecutionRpc({ endpoints: [liar.url, honest.url] });
    const { outcome, endpoints } = await verifiedCall({
      rpc,
      executor: new ExecutionEngine(),
      env,
      mode: 'call',
      call: callReader,
      onRejected: (e, endpoint) => rejected.push(`${e.code} ${endpoint}`),
    });
    expect(outcome.returnData).toBe(word(42n));
    expect(rejected).toEqual([`PROOF_VALUE_MISMATCH ${liar.url}`]);
    expect(endpoints).toContain(honest.url);
    expect(rpc.endpoints[0]).toBe(honest.url);
  });

  it('throws the lie when every endpoint lies, never a value', async () => {
    const liar = await node({ lie: (method, _p, result) => (method === 'eth_getCode' && result !== '0x' ? result + '00' : result) });
    const err = await verifiedCall({ rpc: new ExecutionRpc({ endpoints: [liar.url] }), executor: new ExecutionEngine(), env, mode: 'call', call: callReader }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('CODE_HASH_MISMATCH');
  });

  it('needs a verified header chain for BLOCKHASH of older blocks', async () => {
    const w = await buildWorld({ [STORE]: { code: returnsWord('PUSH1 0x05 NUMBER SUB BLOCKHASH') } });
    world = w;
    try {
      const n = await node();
      const e = envFor(w);
      const rpc = new ExecutionRpc({ endpoints: [n.url] });
      const err = await verifiedCall({ rpc, executor: new ExecutionEngine(), env: e, mode: 'call', call: { to: STORE } }).catch((x: unknown) => x);
      expect((err as VerificationError).code).toBe('BLOCKHASH_NOT_VERIFIED');
      const hash = new Uint8Array(32).fill(9);
      const { outcome } = await verifiedCall({ rpc, executor: new ExecutionEngine(), env: e, mode: 'call', call: { to: STORE }, blockHash: async () => hash });
      expect(outcome.returnData).toBe(bytesToHex(hash));
    } finally {
      world = await buildWorld({
        [STORE]: { code: returnsWord('PUSH1 0x01 SLOAD PUSH0 SLOAD ADD'), storage: { '0x0': 40n, '0x1': 2n } },
        [READER]: { code: asm(`PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH20 ${STORE} GAS STATICCALL POP PUSH1 0x20 PUSH0 RETURN`) },
      });
    }
  });
});

describe('sendRawTransaction (src/client/verified/broadcast.ts)', () => {
  it('sends to every endpoint and returns keccak256 of the bytes, whatever the servers say the hash is', async () => {
    const seen: string[] = [];
    const serve = async (answer: (id: number) => unknown) => {
      const s = await startServer((_req, res, body) => {
        const c = JSON.parse(body) as Call;
        seen.push(`${s.url} ${c.method} ${c.params[0]}`);
        sendJson(res, answer(c.id));
      });
      servers.push(s);
      return s;
    };
    const a = await serve((id) => ({ jsonrpc: '2.0', id, result: '0x' + '00'.repeat(32) }));
    const b = await serve((id) => ({ jsonrpc: '2.0', id, error: { code: -32000, message: 'already known' } }));
    const rpc = new ExecutionRpc({ endpoints: [a.url, b.url] });
    const raw = '0x02f86b0180843b9aca00850df8475800825208940000000000000000000000000000000000000000808000c001a0' + '11'.repeat(32) + 'a0' + '22'.repeat(32);
    const sent = await sendRawTransaction(rpc, raw);
    expect(sent).toEqual({ hash: bytesToHex(keccak256(Buffer.from(raw.slice(2), 'hex'))), acceptedBy: [a.url] });
    expect(seen.length).toBe(2);
    const err = await sendRawTransaction(new ExecutionRpc({ endpoints: [b.url] }), raw).catch((e: unknown) => e);
    expect((err as TransportError).code).toBe('RPC_ERROR');
    expect((err as TransportError).message).toMatch(/already known/);
  });
});

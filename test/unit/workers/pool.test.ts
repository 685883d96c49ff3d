/**
 * The worker pool under Node's worker_threads, running the same verifier tasks as the
 * extension's Web Workers: typed results and errors, real light-client and proof verification
 * (mainnet data), deadlines, cancellation, crashed workers replaced.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../../src/core/errors.ts';
import { aggregateSignatures, getPublicKey, keygen, sign } from '../../../src/crypto/bls.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeUpdate } from '../../../src/l1/decode.ts';
import { networkConfig, NETWORKS } from '../../../src/l1/networks.ts';
import { createLightClientContext } from '../../../src/l1/spec/helpers.ts';
import { initializeLightClientStore } from '../../../src/l1/spec/initializeLightClientStore.ts';
import { processLightClientFinalityUpdate, processLightClientUpdate } from '../../../src/l1/spec/processLightClientUpdate.ts';
import { committeeKeyId, createLightClientContext as contextOf } from '../../../src/l1/spec/helpers.ts';
import { type AnyLightClientStore, serializeLightClientStore } from '../../../src/l1/store.ts';
import type { CommitteeKeys } from '../../../src/l1/processor.ts';
import type { WireCommitteeKeys } from '../../../src/workers/committee-wire.ts';
import { PoolError } from '../../../src/workers/errors.ts';
import { PooledUpdateProcessor } from '../../../src/workers/lc-processor.ts';
import { nodeWorkerFactory } from '../../../src/workers/node.ts';
import { WorkerPool } from '../../../src/workers/pool.ts';
import { CHECKPOINT, mainnetJson } from '../l1/helpers.ts';
import type { TestTasks } from './test-worker.ts';

const WORKER = new URL('./worker.mjs', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));
const mainnetProof = json('mainnet-proofs/proof.json');
const mainnetBlock = json('mainnet-proofs/block.json');
const MAINNET = NETWORKS.mainnet;

let pool: WorkerPool<TestTasks>;
const replaced: string[] = [];

beforeAll(async () => {
  pool = new WorkerPool<TestTasks>({ factory: nodeWorkerFactory(WORKER), size: 2, timeoutMs: 60_000, onReplace: (r) => replaced.push(r) });
  // Both workers up (tsx compiles the task modules once per worker: past 60 s at the unit lane's
  // niceness on a clean clone at load 10). A bound against a hang, not a pace.
  const start = { timeoutMs: 240_000 };
  await Promise.all([pool.run('ping', null, start), pool.run('ping', null, start)]);
});

afterAll(() => pool.close());

describe('verifier tasks in worker_threads', () => {
  it('runs on the WASM hash and BLS kernels', async () => {
    expect(await pool.run('ping', null)).toEqual({ hash: 'wasm', bls: 'wasm' });
  });

  it('verifies a real mainnet eth_getProof against its block state root', async () => {
    const storageKeys = [mainnetProof.storageProof[0].key];
    const proven = await pool.run('proof.account', { stateRoot: mainnetBlock.stateRoot, address: mainnetProof.address, storageKeys, proof: mainnetProof });
    expect(proven.address).toBe(mainnetProof.address.toLowerCase());
    expect(proven.exists).toBe(true);
    expect(proven.balance).toBe(mainnetProof.balance);
    expect(proven.storage).toEqual([{ key: storageKeys[0], value: expect.stringMatching(/^0x[0-9a-f]{64}$/) }]);
    expect(BigInt(proven.storage[0]!.value)).toBe(BigInt(mainnetProof.storageProof[0].value));
  });

  it('returns a lie as the VerificationError it is, with its code', async () => {
    const lie = { ...mainnetProof, balance: '0x' + (BigInt(mainnetProof.balance) + 1n).toString(16) };
    // The keys asked are the ones the proof answers: only the balance differs.
    const storageKeys = [mainnetProof.storageProof[0].key];
    const err = await pool.run('proof.account', { stateRoot: mainnetBlock.stateRoot, address: lie.address, storageKeys, proof: lie }).catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('PROOF_VALUE_MISMATCH');
    expect(err.expected).toBe(mainnetProof.balance);
    expect(err.shortMessage).toContain('balance differs');
  });

  it('refuses a proof of another address than the one asked', async () => {
    const err = await pool
      .run('proof.account', { stateRoot: mainnetBlock.stateRoot, address: '0x' + '11'.repeat(20), storageKeys: [], proof: mainnetProof })
      .catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('PROOF_ADDRESS_MISMATCH');
  });

  it('checks code against the proven code hash', async () => {
    const err = await pool
      .run('proof.account', { stateRoot: mainnetBlock.stateRoot, address: mainnetProof.address, storageKeys: [mainnetProof.storageProof[0].key], proof: mainnetProof, code: '0x6001' })
      .catch((e) => e);
    expect(err.code).toBe('CODE_HASH_MISMATCH');
  });

  it('refuses an answer with storage proofs of other keys than asked, or another number of them', async () => {
    const asked = (storageKeys: string[]) =>
      pool.run('proof.account', { stateRoot: mainnetBlock.stateRoot, address: mainnetProof.address, storageKeys, proof: mainnetProof }).catch((e) => e);
    expect(await asked([])).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: '0', got: '1' });
    expect(await asked(['0x2'])).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', got: mainnetProof.storageProof[0].key });
    // A short key names the same slot as its 32-byte form.
    expect((await asked(['0x1'])).storage).toEqual([{ key: '0x1', value: expect.stringMatching(/^0x[0-9a-f]{64}$/) }]);
  });

  it('returns malformed input as an InputError', async () => {
    const err = await pool.run('proof.account', { stateRoot: '0x12', address: mainnetProof.address, storageKeys: [], proof: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
  });

  it('runs the light client (bootstrap, update, finality) in a worker with the same result as in-thread', async () => {
    const b = mainnetJson('bootstrap.json');
    const u = (mainnetJson('updates.json') as any[])[0];
    const f = mainnetJson('finality.json');
    const ctx = createLightClientContext(networkConfig('mainnet'));
    const local0 = initializeLightClientStore(ctx, CHECKPOINT, decodeBootstrap(ctx.types, b.version, { json: b.data }));
    const slot = 7109433n;
    const local1 = processLightClientUpdate(ctx, local0, decodeUpdate(ctx.types, u.version, { json: u.data }), slot);

    const processor = new PooledUpdateProcessor(pool, MAINNET);
    const remote0 = await processor.bootstrap(CHECKPOINT, { fork: b.version, json: b.data, endpoint: 'replay:' });
    const serialize = (s: AnyLightClientStore) => bytesToHex(serializeLightClientStore(ctx.types, 'mainnet', s));
    expect(serialize(remote0)).toBe(serialize(local0));
    const processed = await processor.process('update', remote0, { fork: u.version, json: u.data, endpoint: 'replay:' }, slot);
    const remote1 = processed.store;
    expect(serialize(remote1)).toBe(serialize(local1));
    // What signed it crossed too: the attested header and the aggregate's participation.
    const update = decodeUpdate(ctx.types, u.version, { json: u.data });
    expect(processed.attested.slot).toBe(update.attestedHeader.beacon.slot);
    expect(bytesToHex(processed.attested.root)).toBe(bytesToHex(BeaconBlockHeader.hashTreeRoot(update.attestedHeader.beacon)));
    expect(processed.participation).toEqual({ participants: update.syncAggregate.syncCommitteeBits.filter(Boolean).length, committeeSize: 512 });
    expect(serialize(remote1)).not.toBe(serialize(remote0)); // the update changed the store (next committee, best update)

    // A finality update of a later period is not verifiable from this store: the spec's code comes back.
    const err = await processor.process('finality', remote0, { fork: f.version, json: f.data, endpoint: 'replay:' }, slot).catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(() => processLightClientFinalityUpdate(ctx, local0, decodeFinalityUpdate(ctx.types, f.version, { json: f.data }), slot)).toThrow(
      expect.objectContaining({ code: err.code }),
    );
  });

  it('rejects an update whose sync-committee signature was tampered with (SYNC_SIGNATURE_INVALID)', async () => {
    const b = mainnetJson('bootstrap.json');
    const u = structuredClone((mainnetJson('updates.json') as any[])[0]);
    const sig: string = u.data.sync_aggregate.sync_committee_signature;
    const other = (mainnetJson('updates.json') as any[])[1].data.sync_aggregate.sync_committee_signature;
    expect(other).not.toBe(sig);
    u.data.sync_aggregate.sync_committee_signature = other;
    const processor = new PooledUpdateProcessor(pool, MAINNET);
    const store = await processor.bootstrap(CHECKPOINT, { fork: b.version, json: b.data, endpoint: 'replay:' });
    const err = await processor.process('update', store, { fork: u.version, json: u.data, endpoint: 'replay:' }, 7109433n).catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('SYNC_SIGNATURE_INVALID');
  });

  it('checks one sync aggregate with bls.fastAggregateVerify', async () => {
    const sks = [1, 2, 3, 4].map((i) => keygen(new Uint8Array(32).fill(i)));
    const pubkeys = sks.map((sk) => bytesToHex(getPublicKey(sk)));
    const message = new Uint8Array(32).fill(7);
    const signature = bytesToHex(aggregateSignatures(sks.slice(0, 3).map((sk) => sign(sk, message))));
    const base = { pubkeys, message: bytesToHex(message), signature };
    expect(await pool.run('bls.fastAggregateVerify', { ...base, bits: [true, true, true, false] })).toBe(true);
    expect(await pool.run('bls.fastAggregateVerify', { ...base, bits: [true, true, false, true] })).toBe(false);
  });
});

describe('committee keys through the light-client tasks', () => {
  const b = mainnetJson('bootstrap.json');
  const u = (mainnetJson('updates.json') as any[])[0];
  const bootstrapResponse = { fork: b.version, json: b.data, endpoint: 'replay:' };
  const updateResponse = { fork: u.version, json: u.data, endpoint: 'replay:' };
  const slot = 7109433n;
  const ctx = contextOf(networkConfig('mainnet'));
  const store0 = initializeLightClientStore(ctx, CHECKPOINT, decodeBootstrap(ctx.types, b.version, { json: b.data }));
  const store1 = processLightClientUpdate(ctx, store0, decodeUpdate(ctx.types, u.version, { json: u.data }), slot);
  const serialize = (s: typeof store0) => bytesToHex(serializeLightClientStore(ctx.types, 'mainnet', s));
  /** Period 862's committee, which signed the update; one member was absent. */
  const id862 = committeeKeyId(store0.currentSyncCommittee);
  const absent = decodeUpdate(ctx.types, u.version, { json: u.data }).syncAggregate.syncCommitteeBits.flatMap((bit, i) => (bit ? [] : [i]));
  /** The same network under another name: a context, and so a key cache, no worker has used yet. */
  let fresh = 0;
  const freshConfig = () => ({ ...MAINNET, CONFIG_NAME: `fresh-${++fresh}` });
  const processParams = (config: unknown, committees?: unknown) => ({
    config,
    kind: 'update' as const,
    store: serialize(store0),
    response: updateResponse,
    currentSlot: slot.toString(),
    ...(committees !== undefined ? { committees: committees as WireCommitteeKeys[] } : {}),
  });
  const flip = (hex: string, at: number) => hex.slice(0, 2 + 2 * at) + (hex[2 + 2 * at] === '0' ? '1' : '0') + hex.slice(3 + 2 * at);

  /** What a worker with a cold cache decodes for the update: the aggregate and the absent member. */
  let decoded: WireCommitteeKeys;
  beforeAll(async () => {
    expect(absent).toHaveLength(1);
    const config = freshConfig();
    const booted = await pool.run('lc.bootstrap', { config, checkpoint: bytesToHex(CHECKPOINT), response: bootstrapResponse });
    expect(booted.committees).toBeUndefined(); // a bootstrap checks no signature
    const result = await pool.run('lc.process', processParams(config));
    expect(result.store).toBe(serialize(store1));
    expect(result.committees).toHaveLength(1);
    decoded = result.committees![0]!;
  });

  it('a task hands back the keys its worker decoded', () => {
    expect(decoded).toEqual({ id: id862, aggregate: expect.stringMatching(/^0x[0-9a-f]{192}$/), keys: [[absent[0], expect.stringMatching(/^0x[0-9a-f]{192}$/)]] });
  });

  it('workers sent the keys decode nothing (each of the two, with its own cache)', async () => {
    const config = freshConfig();
    const results = await Promise.all([pool.run('lc.process', processParams(config, [decoded])), pool.run('lc.process', processParams(config, [decoded]))]);
    for (const r of results) {
      expect(r.store).toBe(serialize(store1));
      expect(r.committees).toBeUndefined();
    }
  });

  it('damaged keys cost a decompression, never a wrong key: the task verifies and returns the right points', async () => {
    const config = freshConfig();
    const damaged: WireCommitteeKeys = { id: decoded.id, aggregate: flip(decoded.aggregate!, 30), keys: [[absent[0]!, flip(decoded.keys[0]![1], 60)]] };
    const results = await Promise.all([pool.run('lc.process', processParams(config, [damaged])), pool.run('lc.process', processParams(config, [damaged]))]);
    for (const r of results) {
      expect(r.store).toBe(serialize(store1));
      expect(r.committees).toEqual([decoded]);
    }
  });

  const point = '0x' + '11'.repeat(96);
  it.each<[string, unknown]>([
    ['not an array', 'x'],
    ['a null committee', [null]],
    ['a short id', [{ id: '0x12', keys: [] }]],
    ['keys that are not an array', [{ id: id862, keys: {} }]],
    ['a 48-byte point', [{ id: id862, keys: [[1, '0x' + '11'.repeat(48)]] }]],
    ['a point that is not hex', [{ id: id862, keys: [[1, '0x' + 'zz'.repeat(96)]] }]],
    ['a negative index', [{ id: id862, keys: [[-1, point]] }]],
    ['a fractional index', [{ id: id862, keys: [[1.5, point]] }]],
    ['an index past the largest committee', [{ id: id862, keys: [[512, point]] }]],
    ['an entry of three', [{ id: id862, keys: [[1, point, point]] }]],
    ['a short aggregate', [{ id: id862, aggregate: '0x00', keys: [] }]],
    ['too many committees', Array.from({ length: 9 }, () => ({ id: id862, keys: [] }))],
    ['too many keys', [{ id: id862, keys: Array.from({ length: 513 }, (_, i) => [i, point]) }]],
  ])('refuses committees with %s as an InputError', async (_name, committees) => {
    const err = await pool.run('lc.process', processParams(freshConfig(), committees)).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const boot = await pool
      .run('lc.bootstrap', { config: MAINNET, checkpoint: bytesToHex(CHECKPOINT), response: bootstrapResponse, committees: committees as WireCommitteeKeys[] })
      .catch((e) => e);
    expect(boot).toBeInstanceOf(InputError);
  });

  it('PooledUpdateProcessor: queues what the workers decoded, sends what it knows with every task', async () => {
    const sent: unknown[] = [];
    const spy = { run: ((task: any, params: any, options: any) => (sent.push(params.committees), pool.run(task, params, options))) as typeof pool.run };
    const processor = new PooledUpdateProcessor(spy, freshConfig());
    const booted = await processor.bootstrap(CHECKPOINT, bootstrapResponse);
    await processor.process('update', booted, updateResponse, slot);
    expect(sent).toEqual([undefined, undefined]); // nothing known yet
    const taken = processor.takeCommitteeKeys();
    expect(taken).toEqual([
      { id: id862, snapshot: { aggregate: expect.any(Uint8Array), keys: [[absent[0], expect.any(Uint8Array)]] } },
    ]);
    expect(bytesToHex(taken[0]!.snapshot.keys[0]![1])).toBe(decoded.keys[0]![1]);
    expect(processor.takeCommitteeKeys()).toEqual([]);
    // The next task carries them (whichever worker gets it).
    await processor.process('update', booted, updateResponse, slot);
    expect(sent.at(-1)).toEqual([decoded]);

    // A new processor (a woken background) over workers that never saw this committee.
    const woken = new PooledUpdateProcessor(spy, freshConfig());
    const other: CommitteeKeys = { id: '0x' + '22'.repeat(48), snapshot: { keys: [[3, new Uint8Array(96).fill(3)]] } };
    const bad = { id: '0x' + '33'.repeat(48), snapshot: { keys: [[3, new Uint8Array(5)]] } } as CommitteeKeys;
    woken.restoreCommitteeKeys([{ ...taken[0]!, snapshot: { keys: taken[0]!.snapshot.keys } }, bad, other]);
    woken.restoreCommitteeKeys([{ id: id862.toUpperCase().replace('0X', '0x'), snapshot: { aggregate: taken[0]!.snapshot.aggregate!, keys: [] } }]);
    // The union of both restores, the malformed record left out.
    const store = await woken.bootstrap(CHECKPOINT, bootstrapResponse);
    expect(sent.at(-1)).toEqual([{ id: other.id, keys: [[3, '0x' + '03'.repeat(96)]] }, decoded]);
    await Promise.all([woken.process('update', store, updateResponse, slot), woken.process('update', store, updateResponse, slot)]);
    expect(woken.takeCommitteeKeys()).toEqual([]); // neither worker decoded anything

    // At most four committees are kept (the most recently changed).
    const ids = [0x40, 0x41, 0x42, 0x43, 0x44].map((n) => '0x' + n.toString(16).repeat(48));
    woken.restoreCommitteeKeys(ids.map((id) => ({ id, snapshot: { keys: [] } })));
    await woken.bootstrap(CHECKPOINT, bootstrapResponse);
    expect((sent.at(-1) as WireCommitteeKeys[]).map((c) => c.id)).toEqual(ids.slice(1));
  });
});

describe('the pool', () => {
  it('runs tasks on both workers at once', async () => {
    const a = pool.run('spin', { ms: 300 });
    const b = pool.run('spin', { ms: 300 });
    expect(pool.stats.busy).toBe(2);
    const c = pool.run('echo', { value: 'queued' });
    expect(pool.stats.queued).toBe(1);
    expect(await Promise.all([a, b, c])).toEqual([300, 300, 'queued']);
    expect(new Set(await Promise.all([pool.run('threadId', null), pool.run('threadId', null)])).size).toBe(2);
  });

  it('times a task out, terminates its worker and replaces it', async () => {
    const before = pool.stats.replaced;
    // Ten minutes of spinning, past the project's bound on a test: only the timeout can end it in time.
    const err = await pool.run('spin', { ms: 600_000 }, { timeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(PoolError);
    expect(err.code).toBe('TASK_TIMEOUT');
    expect(pool.stats.replaced).toBe(before + 1);
    expect(replaced.at(-1)).toContain('timeout');
    expect(await pool.run('echo', { value: 1 })).toBe(1);
  });

  it('cancels a running task (its worker is replaced) and a queued one (no worker harmed)', async () => {
    const running = new AbortController();
    const p = pool.run('spin', { ms: 20_000 }, { signal: running.signal });
    const other = pool.run('spin', { ms: 200 });
    const queued = new AbortController();
    const q = pool.run('echo', { value: 'never' }, { signal: queued.signal });
    expect(pool.stats.queued).toBe(1);
    const before = pool.stats.replaced;
    queued.abort(new Error('not needed'));
    await expect(q).rejects.toThrow('not needed');
    expect(pool.stats.replaced).toBe(before);
    running.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.stats.replaced).toBe(before + 1);
    expect(await other).toBe(200);
    const already = new AbortController();
    already.abort(new Error('too late'));
    await expect(pool.run('echo', { value: 0 }, { signal: already.signal })).rejects.toThrow('too late');
  });

  it('replaces a worker that crashes (uncaught error, process.exit) and fails only its task', async () => {
    const before = pool.stats.crashed;
    const crash = await pool.run('crash', null).catch((e) => e);
    expect(crash).toBeInstanceOf(PoolError);
    expect(crash.code).toBe('WORKER_CRASHED');
    expect(crash.shortMessage).toContain('boom');
    const exit = await pool.run('exit', null).catch((e) => e);
    expect(exit.code).toBe('WORKER_CRASHED');
    expect(pool.stats.crashed).toBe(before + 2);
    expect(await Promise.all([pool.run('echo', { value: 'a' }), pool.run('echo', { value: 'b' })])).toEqual(['a', 'b']);
  });

  it('keeps typed errors typed, and reports unknown tasks and bugs', async () => {
    const lie = await pool.run('lie', null).catch((e) => e);
    expect(lie).toBeInstanceOf(VerificationError);
    expect(lie.code).toBe('PROOF_VALUE_MISMATCH');
    expect(lie.expected).toBe('0x1');
    expect(lie.got).toBe('0x2');
    const unknown = await (pool as unknown as WorkerPool<any>).run('nope', null).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PoolError);
    expect((unknown as PoolError).code).toBe('UNKNOWN_TASK');
    const bug = await pool.run('bug', null).catch((e) => e);
    expect(bug).toBeInstanceOf(PoolError);
    expect(bug.code).toBe('TASK_FAILED');
    expect(bug.message).toContain('TypeError: x is not a function');
  });

  it('fails every task, waiting or running, when closed', async () => {
    const small = new WorkerPool<TestTasks>({ factory: nodeWorkerFactory(WORKER), size: 1 });
    await small.run('echo', { value: 0 });
    const running = small.run('spin', { ms: 10_000 });
    const waiting = small.run('echo', { value: 1 });
    small.close();
    for (const p of [running, waiting] as Promise<unknown>[]) {
      const err = (await p.catch((e: unknown) => e)) as VigilError;
      expect(err).toBeInstanceOf(VigilError);
      expect(err.code).toBe('POOL_CLOSED');
    }
    await expect(small.run('echo', { value: 2 })).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });
});

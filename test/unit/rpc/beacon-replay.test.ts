import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { RestBeaconApi } from '../../../src/rpc/beacon.ts';
import { ReplayBeaconApi } from '../../../src/rpc/beacon-replay.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { bootstrap, checkpoint, finality, forkFromDigest, optimistic, updates } from './fixtures.ts';
import { sendJson, startServer, type TestServer } from './server.ts';

const recording = () =>
  new ReplayBeaconApi({
    bootstraps: { [checkpoint.toUpperCase().replace('0X', '0x')]: bootstrap },
    updates: [...updates].reverse(), // any order
    finality,
    optimistic,
    genesis: {
      genesisTime: 1606824023,
      genesisValidatorsRoot: '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
      genesisForkVersion: '0x00000000',
    },
  });

async function code(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof TransportError || err instanceof InputError) return err.code;
  throw new Error(`expected a typed error, got ${String(err)}`);
}

describe('ReplayBeaconApi on the mainnet fixtures', () => {
  it('serves the bootstrap by block root, in any case', async () => {
    const api = recording();
    expect(await api.getBootstrap(checkpoint)).toEqual({ fork: 'capella', json: bootstrap.data, endpoint: 'replay:' });
    expect(await code(api.getBootstrap('0x' + '00'.repeat(32)))).toBe('NOT_AVAILABLE');
    expect(await code(api.getBootstrap('0x00'))).toBe('INVALID_INPUT');
  });

  it('serves updates by sync-committee period (862…867), consecutive, from the first one it has', async () => {
    const api = recording();
    expect((await api.getUpdates(862, 6)).map((r) => r.json)).toEqual(updates.map((u) => u.data));
    expect((await api.getUpdates(864, 2)).map((r) => r.json)).toEqual([updates[2]!.data, updates[3]!.data]);
    expect((await api.getUpdates(860, 3)).map((r) => r.json)).toEqual([updates[0]!.data]);
    expect(await api.getUpdates(868, 10)).toEqual([]);
    expect(await api.getUpdates(862, 0)).toEqual([]);
    expect((await api.getUpdates(0, 1000)).length).toBe(6);
  });

  it('skips nothing silently: a gap ends the answer, as a server would', async () => {
    const api = new ReplayBeaconApi({ updates: [updates[0], updates[2]] });
    expect((await api.getUpdates(862, 3)).length).toBe(1);
  });

  it('serves finality and optimistic updates; absent ones are NOT_AVAILABLE', async () => {
    const api = recording();
    expect(await api.getFinalityUpdate()).toEqual({ fork: 'capella', json: finality.data, endpoint: 'replay:' });
    expect(await api.getOptimisticUpdate()).toEqual({ fork: 'capella', json: optimistic.data, endpoint: 'replay:' });
    const empty = new ReplayBeaconApi({});
    expect(await code(empty.getFinalityUpdate())).toBe('NOT_AVAILABLE');
    expect(await code(empty.getOptimisticUpdate())).toBe('NOT_AVAILABLE');
    expect(await code(empty.getGenesis())).toBe('NOT_AVAILABLE');
    expect(await code(empty.getFinalizedRoot())).toBe('NOT_AVAILABLE');
    expect(await code(empty.getBootstrap(checkpoint))).toBe('NOT_AVAILABLE');
  });

  it('hands out copies, and lets a test change the recording between calls', async () => {
    const api = recording();
    const first = await api.getFinalityUpdate();
    (first.json as Record<string, unknown>).signature_slot = 'tampered';
    expect(await api.getFinalityUpdate()).toEqual({ fork: 'capella', json: finality.data, endpoint: 'replay:' });
    api.data.finality = { version: 'deneb', data: { x: 1 } };
    expect((await api.getFinalityUpdate()).fork).toBe('deneb');
    api.demote('replay:');
    expect(api.calls).toEqual(['getFinalityUpdate()', 'getFinalityUpdate()', 'getFinalityUpdate()', 'demote(replay:)']);
  });

  it('fails on a malformed recording the way a malformed server answer fails', async () => {
    expect(await code(new ReplayBeaconApi({ finality: { version: 'phase0', data: {} } }).getFinalityUpdate())).toBe('UNKNOWN_FORK');
    expect(await code(new ReplayBeaconApi({ optimistic: { data: {} } }).getOptimisticUpdate())).toBe('BAD_RESPONSE');
    expect(await code(new ReplayBeaconApi({ updates: [{ version: 'capella', data: {} }] }).getUpdates(0, 1))).toBe('BAD_RESPONSE');
  });

  it('uses the period length it is given (minimal preset: 64 slots)', async () => {
    const at = (slot: number) => ({ version: 'deneb', data: { attested_header: { beacon: { slot: String(slot) } } } });
    const api = new ReplayBeaconApi({ updates: [at(63), at(64), at(130)] }, { slotsPerPeriod: 64 });
    expect((await api.getUpdates(0, 3)).length).toBe(3);
    expect((await api.getUpdates(1, 1)).map((r) => r.json)).toEqual([at(64).data]);
    expect(() => new ReplayBeaconApi({}, { slotsPerPeriod: 0 })).toThrow(InputError);
  });
});

describe('ReplayBeaconApi and RestBeaconApi agree', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('on the same recording served over HTTP', async () => {
    const replay = recording();
    server = await startServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const lc = '/eth/v1/beacon/light_client';
      if (u.pathname === `${lc}/bootstrap/${checkpoint}`) return sendJson(res, bootstrap);
      if (u.pathname === `${lc}/finality_update`) return sendJson(res, finality);
      if (u.pathname === `${lc}/optimistic_update`) return sendJson(res, optimistic);
      if (u.pathname === `${lc}/updates`) {
        const start = Number(u.searchParams.get('start_period'));
        return sendJson(res, updates.slice(Math.max(0, start - 862), start - 862 + Number(u.searchParams.get('count'))));
      }
      sendJson(res, {}, 404);
    });
    const rest = new RestBeaconApi({ endpoints: [server.url], encoding: 'json', forkFromDigest, retries: 0 });
    const strip = (r: { endpoint: string }) => ({ ...r, endpoint: '' });
    expect(strip(await rest.getBootstrap(checkpoint))).toEqual(strip(await replay.getBootstrap(checkpoint)));
    expect((await rest.getUpdates(863, 3)).map(strip)).toEqual((await replay.getUpdates(863, 3)).map(strip));
    expect(strip(await rest.getFinalityUpdate())).toEqual(strip(await replay.getFinalityUpdate()));
    expect(strip(await rest.getOptimisticUpdate())).toEqual(strip(await replay.getOptimisticUpdate()));
  });
});

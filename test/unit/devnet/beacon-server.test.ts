/**
 * The beacon devnet's Beacon API as a client sees it (genesis, headers, config, light-client
 * endpoints in JSON and SSZ with their framing and fork digests, errors), its memory bound,
 * its real-time slot timer and its options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { computeForkDigest, parseNetworkConfig } from '../../../src/l1/config.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { decodeBootstrap, decodeUpdate } from '../../../src/l1/decode.ts';
import { createLightClientContext } from '../../../src/l1/spec/helpers.ts';
import { startBeaconDevnet } from '../../../src/devnet/beacon/index.ts';
import { wantsSsz } from '../../../src/devnet/beacon/server.ts';
import { startFakeEl } from './beacon/fake-el.ts';
import { type Harness, startHarness } from './beacon/harness.ts';

const JSON_ACCEPT = { accept: 'application/json' };
const SSZ_ACCEPT = { accept: 'application/octet-stream' };

let h: Harness;
const get = (path: string, headers: Record<string, string> = JSON_ACCEPT) => fetch(h.devnet.url + path, { headers });
const getJson = async (path: string): Promise<any> => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.json();
};

beforeAll(async () => {
  h = await startHarness({ fork: 'fulu' });
  await h.advanceTo(2 * 64 + 5); // period 2: three best updates, two fork digests (BPO at epoch 8)
});
afterAll(() => h.close());

describe('beacon devnet API', () => {
  it('genesis, headers, config/spec, node version/health/syncing', async () => {
    const genesis = await getJson('/eth/v1/beacon/genesis');
    expect(genesis.data).toEqual({
      genesis_time: String(h.config.genesisTime),
      genesis_validators_root: bytesToHex(h.config.genesisValidatorsRoot),
      genesis_fork_version: '0x00000064',
    });

    const finalized = await getJson('/eth/v1/beacon/headers/finalized');
    expect(finalized.data.root).toBe(h.devnet.checkpoint());
    expect(finalized.finalized).toBe(true);
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(BeaconBlockHeader.fromJson(finalized.data.header.message)))).toBe(finalized.data.root);
    const head = await getJson('/eth/v1/beacon/headers/head');
    expect(head.data.root).toBe(h.devnet.head().root);
    expect(head.data.header.message.slot).toBe(String(h.devnet.head().slot));
    expect((await getJson(`/eth/v1/beacon/headers/${head.data.root}`)).data.root).toBe(head.data.root);
    expect((await getJson('/eth/v1/beacon/headers/genesis')).data.root).toBe(h.genesisRoot);
    expect((await getJson('/eth/v1/beacon/headers/0')).data.root).toBe(h.genesisRoot);
    expect((await get('/eth/v1/beacon/headers/nonsense')).status).toBe(400);
    expect((await get(`/eth/v1/beacon/headers/0x${'11'.repeat(32)}`)).status).toBe(404);

    const spec = (await getJson('/eth/v1/config/spec')).data;
    expect(spec.SLOTS_PER_EPOCH).toBe('8');
    expect(spec.SYNC_COMMITTEE_SIZE).toBe('32');
    expect(spec.FULU_FORK_EPOCH).toBe('0');
    expect(spec.BLOB_SCHEDULE).toEqual([{ EPOCH: '8', MAX_BLOBS_PER_BLOCK: '15' }]);
    const fromSpec = parseNetworkConfig(spec);
    expect(fromSpec.genesisValidatorsRoot).toEqual(h.config.genesisValidatorsRoot);
    expect(fromSpec.forks).toEqual(h.config.forks);

    expect((await getJson('/eth/v1/node/version')).data.version).toMatch(/^Vigil-devnet\//);
    expect((await get('/eth/v1/node/health')).status).toBe(200);
    expect((await getJson('/eth/v1/node/syncing')).data.head_slot).toBe(String(h.devnet.head().slot));
    expect((await get('/eth/v1/nothing')).status).toBe(404);
    expect((await fetch(h.devnet.url + '/eth/v1/node/version', { method: 'POST' })).status).toBe(405);
  });

  it('updates: JSON list and SSZ response_chunks with each update\'s fork digest; count capped at 128; stops at the head period', async () => {
    const json = await getJson('/eth/v1/beacon/light_client/updates?start_period=0&count=200');
    expect(json).toHaveLength(3);
    expect(json.map((u: any) => u.version)).toEqual(['fulu', 'fulu', 'fulu']);
    expect(await getJson('/eth/v1/beacon/light_client/updates?start_period=7&count=2')).toEqual([]);
    expect((await get('/eth/v1/beacon/light_client/updates?start_period=x&count=1')).status).toBe(400);

    const res = await get('/eth/v1/beacon/light_client/updates?start_period=0&count=3', SSZ_ACCEPT);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = new Uint8Array(await res.arrayBuffer());
    const view = new DataView(body.buffer);
    const ctx = createLightClientContext(h.config);
    const digests: string[] = [];
    let offset = 0;
    for (let i = 0; i < 3; i++) {
      const length = Number(view.getBigUint64(offset, true));
      const digest = body.slice(offset + 8, offset + 12);
      const update = decodeUpdate(ctx.types, 'fulu', { ssz: body.slice(offset + 12, offset + 8 + length) });
      const epoch = update.attestedHeader.beacon.slot / 8n;
      expect(bytesToHex(digest)).toBe(bytesToHex(computeForkDigest(h.config, epoch)));
      expect(update.attestedHeader.beacon.slot / 64n).toBe(BigInt(i)); // the best update of period i
      expect(bytesToHex(decodeUpdate(ctx.types, 'fulu', { json: json[i].data }).attestedHeader.beacon.bodyRoot)).toBe(
        bytesToHex(update.attestedHeader.beacon.bodyRoot),
      );
      digests.push(bytesToHex(digest));
      offset += 8 + length;
    }
    expect(offset).toBe(body.length);
    // Period 0's update is signed before the blob-parameter fork at epoch 8, the others after.
    expect(new Set(digests).size).toBe(2);
  });

  it('bootstrap, finality and optimistic updates: JSON or SSZ by Accept, Eth-Consensus-Version on both; 404 and 400', async () => {
    const root = h.devnet.checkpoint();
    const json = await get(`/eth/v1/beacon/light_client/bootstrap/${root}`);
    expect(json.headers.get('eth-consensus-version')).toBe('fulu');
    const jsonBody = (await json.json()) as any;
    expect(jsonBody.version).toBe('fulu');
    const ssz = await get(`/eth/v1/beacon/light_client/bootstrap/${root}`, { accept: 'application/octet-stream;q=1.0,application/json;q=0.9' });
    expect(ssz.headers.get('eth-consensus-version')).toBe('fulu');
    const ctx = createLightClientContext(h.config);
    const a = decodeBootstrap(ctx.types, 'fulu', { ssz: new Uint8Array(await ssz.arrayBuffer()) });
    const b = decodeBootstrap(ctx.types, 'fulu', { json: jsonBody.data });
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(a.header.beacon))).toBe(root);
    expect(ctx.types.SyncCommittee.equals(a.currentSyncCommittee, b.currentSyncCommittee)).toBe(true);
    expect(a.currentSyncCommitteeBranch).toHaveLength(6); // Electra's depth

    expect((await get(`/eth/v1/beacon/light_client/bootstrap/0x${'ab'.repeat(32)}`)).status).toBe(404);
    expect((await get('/eth/v1/beacon/light_client/bootstrap/0x1234')).status).toBe(400);
    for (const path of ['finality_update', 'optimistic_update']) {
      const res = await get(`/eth/v1/beacon/light_client/${path}`, SSZ_ACCEPT);
      expect(res.status).toBe(200);
      expect(res.headers.get('eth-consensus-version')).toBe('fulu');
      expect((await getJson(`/eth/v1/beacon/light_client/${path}`)).data.signature_slot).toBe(String(h.devnet.head().slot));
    }
  });

  it('reads Accept q-values', () => {
    expect(wantsSsz(undefined)).toBe(false);
    expect(wantsSsz('application/json')).toBe(false);
    expect(wantsSsz('application/octet-stream')).toBe(true);
    expect(wantsSsz('application/octet-stream;q=1.0,application/json;q=0.9')).toBe(true);
    expect(wantsSsz('application/octet-stream;q=0.5,application/json')).toBe(false);
    expect(wantsSsz('*/*')).toBe(false);
  });

  it('the switchboard checks what it is given and shows the values set', () => {
    const f = h.devnet.faults;
    expect(() => {
      (f as any).delayUpdatesMs = -1;
    }).toThrow(/delayUpdatesMs/);
    expect(() => {
      (f as any).invalidSignature = 'yes';
    }).toThrow(/invalidSignature/);
    expect(() => {
      (f as any).participation = 1.5;
    }).toThrow(/participation/);
    expect(() => {
      (f as any).badCell = true;
    }).toThrow(/badCell expected one of off, primary, mirror, both/);
    expect({ ...f }).toEqual({ withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off', badCell: 'off' });
  });
});

describe('beacon devnet lifecycle', () => {
  it('keeps bounded history: old periods\' updates and blocks are dropped', async () => {
    const small = await startHarness({ fork: 'electra', historyPeriods: 1 });
    try {
      await small.advanceTo(3 * 64 + 2);
      const res = await fetch(`${small.devnet.url}/eth/v1/beacon/light_client/updates?start_period=0&count=4`);
      expect(await res.json()).toEqual([]);
      const recent = await fetch(`${small.devnet.url}/eth/v1/beacon/light_client/updates?start_period=3&count=1`);
      expect(await recent.json()).toHaveLength(1);
      expect((await fetch(`${small.devnet.url}/eth/v1/beacon/light_client/bootstrap/${small.genesisRoot}`)).status).toBe(404);
      expect((await fetch(`${small.devnet.url}/eth/v1/beacon/light_client/bootstrap/${small.devnet.checkpoint()}`)).status).toBe(200);
      expect((await fetch(`${small.devnet.url}/eth/v1/beacon/headers/10`)).status).toBe(404);
    } finally {
      await small.close();
    }
  });

  it('runs on the wall clock: one EL block per slot at the slot\'s time, waitForSlot, stop leaves the EL alone', async () => {
    const el = await startFakeEl();
    const lines: string[] = [];
    const devnet = await startBeaconDevnet({ executionRpc: el.url, secondsPerSlot: 1, fork: 'deneb', log: (l) => lines.push(l) });
    try {
      const config = parseNetworkConfig(devnet.networkConfig);
      expect(devnet.head().slot).toBe(0);
      await devnet.waitForSlot(2);
      const head = devnet.head();
      expect(head.slot).toBeGreaterThanOrEqual(2);
      expect(head.executionBlockNumber).toBe(head.slot);
      expect(Number(BigInt(el.blocks[2]!.timestamp as string))).toBe(config.genesisTime + 2);
      expect(lines[0]).toMatch(/^beacon devnet: deneb\/minimal, 32-member sync committee/);
      const pending = devnet.waitForSlot(1000);
      await devnet.stop();
      await expect(pending).rejects.toThrow(/stopped/);
      const calls = el.calls.length;
      await new Promise((r) => setTimeout(r, 1200));
      expect(el.calls.length).toBe(calls);
      await expect(fetch(`${devnet.url}/eth/v1/node/health`)).rejects.toThrow();
    } finally {
      await devnet.stop();
      await el.close();
    }
  });

  it('starts with history when genesis is in the past: every slot since mined at its own time before it returns', async () => {
    const genesis = Math.floor(Date.now() / 1000) - 40;
    const el = await startFakeEl({ genesisTimestamp: genesis });
    const lines: string[] = [];
    const devnet = await startBeaconDevnet({ executionRpc: el.url, secondsPerSlot: 1, genesisTime: genesis, log: (l) => lines.push(l) });
    try {
      const config = parseNetworkConfig(devnet.networkConfig);
      expect(config.genesisTime).toBe(genesis);
      const head = devnet.head();
      expect(head.slot).toBeGreaterThanOrEqual(40);
      expect(head.executionBlockNumber).toBe(head.slot);
      for (const n of [1, 20, 40]) expect(Number(BigInt(el.blocks[n]!.timestamp as string))).toBe(genesis + n);
      // Finality is there at once: the checkpoint is a later block than genesis.
      const genesisRoot = ((await (await fetch(`${devnet.url}/eth/v1/beacon/headers/genesis`)).json()) as any).data.root;
      expect(devnet.checkpoint()).not.toBe(genesisRoot);
      expect(lines.some((l) => /^history: slots 1\.\.\d+ produced in \d+ ms/.test(l))).toBe(true);
    } finally {
      await devnet.stop();
      await el.close();
    }
  });

  it('holds its slots while a caller sends what must land in one block, then makes them up at their own times', async () => {
    const el = await startFakeEl();
    const devnet = await startBeaconDevnet({ executionRpc: el.url, secondsPerSlot: 1 });
    try {
      const config = parseNetworkConfig(devnet.networkConfig);
      await devnet.waitForSlot(1);
      const { held, minedMeanwhile } = await devnet.holdSlots(async () => {
        const before = el.blocks.length;
        const slot = devnet.head().slot;
        await new Promise((r) => setTimeout(r, 2_500));
        return { held: slot, minedMeanwhile: el.blocks.length - before };
      });
      expect(minedMeanwhile).toBe(0);
      await devnet.waitForSlot(held + 2);
      for (let n = 1; n <= held + 2; n++) expect(Number(BigInt(el.blocks[n]!.timestamp as string)), `block ${n}`).toBe(config.genesisTime + n);
    } finally {
      await devnet.stop();
      await el.close();
    }
  });

  it('refuses a genesis before the EL head it wraps', async () => {
    const el = await startFakeEl({ genesisTimestamp: 2_000_000_000 });
    try {
      await expect(startBeaconDevnet({ executionRpc: el.url, genesisTime: 1_999_999_999 })).rejects.toThrow(/"genesisTime" expected whole seconds at or after the EL head's timestamp 2000000000/);
    } finally {
      await el.close();
    }
  });

  it('refuses bad options', async () => {
    const base = { executionRpc: 'http://127.0.0.1:1' };
    await expect(startBeaconDevnet({ ...base, fork: 'capella' as never })).rejects.toThrow(/fork/);
    await expect(startBeaconDevnet({ ...base, preset: 'gnosis' as never })).rejects.toThrow(/preset/);
    await expect(startBeaconDevnet({ ...base, secondsPerSlot: 0.5 })).rejects.toThrow(/secondsPerSlot/);
  });
});

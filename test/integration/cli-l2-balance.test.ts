/**
 * `vigil l2-balance` against the devnet's validity rollup, with real proofs, after the devnet's
 * Gloas fork (its L1 heads prove execution block hashes, their headers fetched and checked): a deposit on L1, a
 * batch, then the L2 balance proven from L1 alone (the contract's slots by storage proof, the
 * batch's Groth16 proof re-verified here, the account's Merkle proof). Then a lie at each link —
 * an L2 RPC that forges the account proof or points at another transaction, a config whose pinned
 * key or verifier differs from what L1 holds, a forged L1 storage proof — each refused with its
 * code (exit 1) and no balance printed.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS as ROLLUP_ARTIFACTS } from '../../src/devnet/rollup/contracts/artifacts.ts';
import { derivePublicKey } from '../../src/crypto/babyjub.ts';
import { verificationKeyHash } from '../../src/l2/vigil-zk/config.ts';
import { awaitingBlobChild, rollupQueueProcessed, rpc, type RunningDevnet, sleep, startDevnetProcess, until, vigil } from './helpers.ts';
import { listen } from '../../src/devnet/http-util.ts';

/** The fork's first slot: epoch 3 of 8-slot epochs. */
const GLOAS_SLOT = 24;
let devnet: RunningDevnet;
let dir: string;
let owner: string;
const ONE_ETHER = 10n ** 18n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-l2-'));
  // Its batches come from the deposit; an empty heartbeat batch would only cost a proof. Gloas
  // from epoch 3 (slot 24): every balance here is proven from L1 heads after the fork, and the
  // rollup deploys before it even on a busy machine (one took past slot 8, 2026-11-27).
  devnet = await startDevnetProcess(['--rollup', '--faults', '--heartbeat', '600', '--gloas-epoch', '3'], 180_000);
  const info = devnet.info;
  owner = info.accounts[4]!.toLowerCase();
  const { ax, ay } = derivePublicKey(new Uint8Array(32).fill(7));
  const data = encodeFunctionData({ abi: ROLLUP_ARTIFACTS.VigilRollup.abi, functionName: 'deposit', args: [(1n << 256n) - 1n, ax, ay] });
  await rpc(info.nodeRpc, 'eth_sendTransaction', [{ from: owner, to: info.rollup!.contract, data, value: '0x' + ONE_ETHER.toString(16), gas: '0x200000' }]);
}, 240_000);

afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const base = (rollupConfig = devnet.info.rollup!.config) => {
  const { info } = devnet;
  return ['l2-balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, '--rollup-config', rollupConfig];
};

/** An L2 RPC in front of the devnet's that rewrites some answers. */
async function lyingL2(rewrite: (method: string, result: any) => any): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = devnet.info.rollup!.l2Rpc;
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body) as { id: number; method: string; params: unknown[] };
    const answer = (await (await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { result?: unknown };
    if ('result' in answer) answer.result = rewrite(request.method, structuredClone(answer.result));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await listen(server, 0);
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('vigil l2-balance on the devnet rollup', () => {
  it('proves the deposit on L2 from L1 alone, the batch proof re-verified', async () => {
    // Its batch committed on L1 first; then the CLI (until its verified head has that block too).
    await rollupQueueProcessed(devnet.info, 1);
    // A head past the fork (slot 24) before the CLI reads.
    await until('a head past the Gloas fork', async () => {
      const head = (await (await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/head`)).json()) as { data: { header: { message: { slot: string } } } };
      return Number(head.data.header.message.slot) > GLOAS_SLOT;
    }, 120_000);
    let out: any;
    for (let i = 0; i < 60; i++) {
      const r = await vigil([...base(), owner], 120_000);
      if (r.code === 0) {
        out = JSON.parse(r.stdout);
        if (BigInt(out.balance) === ONE_ETHER && !awaitingBlobChild(out)) break;
      }
      await sleep(2000);
    }
    expect(out).toMatchObject({ owner, balance: '0xde0b6b3a7640000', nonce: '0x0', proof: 'verified', l2ChainId: '0x' + devnet.info.rollup!.chainId.toString(16) });
    expect(out.batch).toBeGreaterThanOrEqual(1);
    // Where the batch's data lives: the devnet commits it in a blob (issue 54), its commit transaction
    // named by the L2 RPC and checked against its BatchCommitted in a verified block; the blob tied to
    // its beacon block through the beacon API and 16 random columns' cells KZG-verified.
    expect(out.data).toMatchObject({ where: 'blobs', tie: 'root', batch: `batch ${out.batch}` });
    expect(out.data.l1.block).toBeLessThanOrEqual(out.l1.blockNumber);
    expect(out.data.versionedHashes).toHaveLength(1);
    expect(out.data.availability.status, `${out.data.availability.code}: ${out.data.availability.reason}`).toBe('verified');
    expect(out.data.availability).toMatchObject({ blobs: 1, columns: { asked: 16, verified: 16, total: 128 } });
    expect(out.data.availability.endpoints).toEqual([{ url: devnet.info.beaconApi, asked: 16, served: 16, verified: 16, bad: 0, demoted: false }]);
    expect(out.data.availability.words).toBe(`16 of 128 columns sampled from 1 endpoint, all verified, at slot ${out.data.availability.slot}`);
    expect(out.data.words).toContain(out.data.availability.words);
    expect(out.data.availability.expiresAt).toBeGreaterThan(out.data.availability.checkedAt);
    // Read at a Gloas head (the beacon chain was past the fork before the CLI ran), its L1 block
    // brought by the proven hash: the node's own.
    expect(((await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', ['0x' + out.l1.blockNumber.toString(16), false])) as { hash: string }).hash).toBe(out.l1.blockHash);
    // The root is the contract's own stateRoot (slot 0) at that L1 block.
    const slot0 = await rpc(devnet.info.nodeRpc, 'eth_getStorageAt', [devnet.info.rollup!.contract, '0x0', '0x' + out.l1.blockNumber.toString(16)]);
    expect(BigInt(slot0 as string)).toBe(BigInt(out.root));
  }, 240_000);

  it('samples the batch\'s blob from two beacon APIs: one withholding is never called unavailable, one serving a bad cell is demoted', async () => {
    const { info } = devnet;
    const args = ['l2-balance', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--beacon-api', info.beaconMirror, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, '--rollup-config', info.rollup!.config, owner];
    const run = async () => {
      const r = await vigil(args, 120_000);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).data.availability;
    };
    /** A beacon fault on one endpoint ("primary", "mirror") or both. */
    const fault = async (name: string, on: boolean, endpoint = 'both') => {
      const res = await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: name, on, endpoint }) });
      expect(res.status).toBe(200);
    };
    const both = await run();
    expect(both).toMatchObject({ status: 'verified', columns: { asked: 16, verified: 16 } });
    expect(both.words).toMatch(/^16 of 128 columns sampled from 2 endpoints, all verified, at slot \d+$/);

    await fault('beacon-withhold-columns', true, 'primary');
    try {
      const one = await run();
      expect(one).toMatchObject({ status: 'verified', columns: { verified: 16 } });
      expect(one.endpoints[0]).toMatchObject({ url: info.beaconApi, served: 0, demoted: false });
      expect(one.endpoints[1]).toMatchObject({ url: info.beaconMirror, asked: 16, verified: 16 });
      await fault('beacon-withhold-columns', true);
      // Both withhold: nothing sampled, said so, never "unavailable".
      const none = await run();
      expect(['unsampled', 'untied']).toContain(none.status);
      expect(none.words).not.toMatch(/unavailable|withheld/);
      if (none.status === 'unsampled') expect(none.words).toBe('could not be sampled: the endpoints served no columns');
    } finally {
      await fault('beacon-withhold-columns', false);
    }

    await fault('beacon-bad-cell', true, 'mirror');
    try {
      const bad = await run();
      expect(bad.status).toBe('verified');
      expect(bad.endpoints[1]).toMatchObject({ url: info.beaconMirror, demoted: true, verified: 0 });
      expect(bad.endpoints[0]).toMatchObject({ url: info.beaconApi, asked: 16, verified: 16 });
      expect(bad.words).toBe(`16 of 128 columns sampled from 1 endpoint, all verified, at slot ${bad.slot}; ${info.beaconMirror} demoted: a cell it served did not verify`);
    } finally {
      await fault('beacon-bad-cell', false);
    }
  }, 360_000);

  it('refuses an L2 RPC that forges the account proof', async () => {
    const liar = await lyingL2((method, result) => {
      if (method === 'vigil_getAccountProof' && result?.leaf) result.leaf.balance = '0x' + (100n * ONE_ETHER).toString(16);
      return result;
    });
    try {
      const r = await vigil([...base(), '--l2-rpc', liar.url, owner], 120_000);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(/balance/);
      expect(r.stderr + r.stdout).toMatch(/L2_PROOF_ROOT_MISMATCH/);
    } finally {
      await liar.close();
    }
  }, 180_000);

  it('refuses an L2 RPC that points at another transaction as the batch commit', async () => {
    const liar = await lyingL2((method, result) => {
      if (method === 'vigil_getBatch' && result?.l1TxHash) result.l1TxHash = '0x' + '00'.repeat(31) + '01';
      return result;
    });
    try {
      const r = await vigil([...base(), '--l2-rpc', liar.url, owner], 120_000);
      expect(r.code).toBe(1);
      expect(r.stderr + r.stdout).toMatch(/L2_BATCH_NOT_FOUND|L2_COMMIT_MISMATCH/);
    } finally {
      await liar.close();
    }
  }, 180_000);

  it('refuses a pinned key the batch proofs do not verify under, and a verifier other than the pinned one', async () => {
    const config = JSON.parse(readFileSync(devnet.info.rollup!.config, 'utf8'));
    const wrongKey = structuredClone(config);
    wrongKey.verificationKey.vk_delta_2 = wrongKey.verificationKey.vk_gamma_2;
    wrongKey.verificationKeyHash = verificationKeyHash(wrongKey.verificationKey);
    writeFileSync(join(dir, 'wrong-key.json'), JSON.stringify(wrongKey));
    const r1 = await vigil([...base(join(dir, 'wrong-key.json')), owner], 120_000);
    expect(r1.code).toBe(1);
    expect(r1.stderr + r1.stdout).toMatch(/L2_BATCH_PROOF_INVALID/);

    const otherVerifier = structuredClone(config);
    otherVerifier.verifier.codeHash = '0x' + 'ab'.repeat(32);
    writeFileSync(join(dir, 'other-verifier.json'), JSON.stringify(otherVerifier));
    const r2 = await vigil([...base(join(dir, 'other-verifier.json')), owner], 120_000);
    expect(r2.code).toBe(1);
    expect(r2.stderr + r2.stdout).toMatch(/L2_VERIFIER_CHANGED/);
  }, 240_000);

  it('refuses a forged L1 storage proof', async () => {
    const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'proof-storage-value', on: true }) });
    expect(res.ok).toBe(true);
    try {
      const r = await vigil([...base(), owner], 120_000);
      expect(r.code).toBe(1);
      expect(r.stderr + r.stdout).toMatch(/PROOF_VALUE_MISMATCH/);
    } finally {
      await fetch(`${devnet.info.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'proof-storage-value', on: false }) });
    }
  }, 180_000);
});

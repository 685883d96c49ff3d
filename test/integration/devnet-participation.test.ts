/**
 * Signing on thin signatures, on the devnet (`vigil devnet --faults`, the beacon-participation
 * fault): the wallet as the extension runs it signs while the whole committee signs and at 70%
 * (22 of 32: two thirds); at 50% it signs nothing. A wallet that followed the chain before takes
 * no 16-of-32 head where the spec's safety threshold refuses it, and refuses once its last head two
 * thirds signed is too old; a wallet and the CLI started inside a 50% period follow the 16-of-32
 * heads (the spec lets them), mark them thinly signed, and refuse with HEAD_THINLY_SIGNED naming
 * the head a signature needs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import { WalletError } from '../../src/wallet/errors.ts';
import { rpc, type RunningDevnet, sleep, startDevnetProcess, vigil } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const SLOTS_PER_PERIOD = 64;
const EPOCH = 8;

let devnet: RunningDevnet;
let w: DevnetWallet;
let late: DevnetWallet | undefined;
let dir: string;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--faults']);
  w = await walletOnDevnet(devnet.info);
  dir = mkdtempSync(join(tmpdir(), 'vigil-it-participation-'));
}, 120_000);
afterAll(async () => {
  await late?.stop();
  await w?.stop();
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const setParticipation = async (fraction: number) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'beacon-participation', on: fraction < 1, fraction }) });
  expect(res.status, await res.clone().text()).toBe(200);
};
/** The devnet's head or finalized block: its slot and root. */
const beaconBlock = async (id: 'head' | 'finalized') => {
  const json = (await (await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/${id}`)).json()) as { data: { root: string; header: { message: { slot: string } } } };
  return { slot: Number(json.data.header.message.slot), root: json.data.root };
};

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** A 1-wei send from account 0, approved in its window: the hash, or the refusal. */
async function send(wallet: DevnetWallet): Promise<string> {
  const p = wallet.wallet.requests.send({ from: ACCOUNT0, to: bytesToHex(randomBytes(20)), value: '0x1' });
  await wallet.approveNext();
  return p;
}

describe('beacon-participation on the devnet', () => {
  it('100%: the whole committee signs; the wallet signs against the newest head', async () => {
    const status = await until('a signing head', () => {
      const s = w.session.status();
      return s.signing && s.optimistic && s.signing.blockHash === s.optimistic.blockHash && s;
    });
    expect(status.signing!.signedBy).toEqual({ participants: 32, committeeSize: 32 });
    const hash = await send(w);
    expect((await w.repo.getActivity(hash))?.status).toMatch(/signed|pending|included|final/);
  }, 90_000);

  it('70%: 22 of 32 sign, two thirds: heads are signed against as before', async () => {
    await setParticipation(0.7);
    const status = await until('a head 22 of 32 signed', () => {
      const s = w.session.status();
      return s.signing && typeof s.signing.signedBy === 'object' && s.signing.signedBy?.participants === 22 && s;
    });
    expect(status.optimistic!.thinlySigned).toBe(false);
    const hash = await send(w);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await until('its receipt', () => rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [hash]))).toMatchObject({ status: '0x1' });
  }, 90_000);

  it('50%: nothing is signed; a client started in a 50% period follows thin heads and refuses with HEAD_THINLY_SIGNED, naming the head it needs', async () => {
    const signedBefore = w.session.status().signing!;
    await setParticipation(0.5);
    const switchedAt = await beaconBlock('head');
    // Until the devnet's finalized checkpoint is a block of a period signed by half from its start.
    const periodStart = Math.ceil((switchedAt.slot + 1) / SLOTS_PER_PERIOD) * SLOTS_PER_PERIOD;
    const checkpoint = await until('a finalized block in a 50% period', async () => {
      const f = await beaconBlock('finalized');
      return f.slot >= periodStart + EPOCH && f;
    }, 240_000);

    // The wallet that followed the chain: no head two thirds signed came since, none of 16 of 32
    // is signed against, and by now its last one is too old: refused, nothing signed.
    const before = w.session.status();
    expect(before.signing!.signedBy).not.toEqual({ participants: 16, committeeSize: 32 });
    expect(before.signing!.slot).toBeLessThanOrEqual(Math.max(signedBefore.slot, switchedAt.slot + 1));
    if (before.optimistic!.slot > before.signing!.slot) expect(before.optimistic!.thinlySigned).toBe(true);
    const err = await w.wallet.requests.send({ from: ACCOUNT0, to: bytesToHex(randomBytes(20)), value: '0x1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect(['HEAD_THINLY_SIGNED', 'STALE_HEAD']).toContain((err as WalletError).code);
    if (w.session.status().optimistic!.thinlySigned) expect((err as WalletError).code).toBe('HEAD_THINLY_SIGNED');

    // A wallet started now bootstraps from that checkpoint and follows the 16-of-32 heads.
    late = await walletOnDevnet(devnet.info);
    const status = await until('a thinly signed head', () => {
      const s = late!.session.status();
      return s.optimistic && s.optimistic.slot > checkpoint.slot && s;
    });
    expect(status.checkpoint?.root).toBe(checkpoint.root);
    expect(status.optimistic).toMatchObject({ signedBy: { participants: 16, committeeSize: 32 }, thinlySigned: true });
    expect(status.signing).toBeNull();
    const refused = await late.wallet.requests.send({ from: ACCOUNT0, to: bytesToHex(randomBytes(20)), value: '0x1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WalletError);
    expect((refused as WalletError).code).toBe('HEAD_THINLY_SIGNED');
    expect((refused as WalletError).shortMessage).toMatch(/signed by fewer than two thirds of its sync committee \(16 of 32\), and no block two thirds signed is verified yet/);
    expect((refused as WalletError).expected).toBe('a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old');

    // The CLI from the same checkpoint: the head it reads at is printed marked; it signs nothing.
    const { info } = devnet;
    const network = ['--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', checkpoint.root];
    const balance = await vigil(['balance', ...network, ACCOUNT0]);
    expect(balance.code, balance.stderr).toBe(0);
    expect(JSON.parse(balance.stdout)).toMatchObject({ signedBy: { participants: 16, committeeSize: 32 }, thinlySigned: true });
    const vault = join(dir, 'vault.json');
    const password = join(dir, 'password');
    const mnemonic = join(dir, 'mnemonic');
    writeFileSync(password, 'correct horse battery\n', { mode: 0o600 });
    writeFileSync(mnemonic, info.mnemonic + '\n', { mode: 0o600 });
    expect((await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', mnemonic, '--password-file', password])).code).toBe(0);
    const sent = await vigil(['wallet', 'send', '--vault', vault, '--password-file', password, '--from', ACCOUNT0, '--to', ACCOUNT0, '--value', '1', '--timeout', '6', '--no-wait', ...network]);
    expect(sent.code, sent.stderr).toBe(1);
    const { error } = JSON.parse(sent.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('HEAD_THINLY_SIGNED');
    expect(error.message).toContain('it signs only against a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old');
  }, 420_000);
});

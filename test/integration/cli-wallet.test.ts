/**
 * `vigil wallet` live, as a user runs it: the Hardhat phrase imported into a vault, 0.5 ETH sent
 * from account 0 on the devnet (nonce and balance proven, gas estimated over proven state, fees
 * from the verified base fee), its receipt proven through a verified block, and the recipient's
 * balance proven by `vigil balance`; with a lying eth_getProof, a refusal and nothing sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import { toChecksumAddress } from '../../src/wallet/keys.ts';
import { cliNetwork, rpc, type RunningDevnet, startDevnetProcess, switchFault, vigil } from './helpers.ts';

let devnet: RunningDevnet;
let dir: string;
let vault: string;
let passwordFile: string;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--faults']);
  dir = mkdtempSync(join(tmpdir(), 'vigil-it-wallet-'));
  vault = join(dir, 'vault.json');
  passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, 'correct horse battery\n', { mode: 0o600 });
}, 120_000);
afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const network = () => cliNetwork(devnet.info);
const setFault = (fault: string, on: boolean) => switchFault(devnet.info, fault, on);
const HALF_ETHER = 5n * 10n ** 17n;

describe('vigil wallet against the devnet', () => {
  it('imports the devnet\'s (Hardhat\'s) phrase: account 0 is the funded 0xf39F…2266', async () => {
    const { info } = devnet;
    const mnemonicFile = join(dir, 'mnemonic');
    writeFileSync(mnemonicFile, info.mnemonic + '\n', { mode: 0o600 });
    const r = await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', mnemonicFile, '--password-file', passwordFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ accounts: ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'] });
    expect(toChecksumAddress(info.accounts[0]!)).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });

  it('sends 0.5 ETH to a fresh address: a verified receipt with status 1, and exactly 0.5 ETH proven there', async () => {
    const { info } = devnet;
    const from = toChecksumAddress(info.accounts[0]!);
    const to = toChecksumAddress(bytesToHex(randomBytes(20)));
    const started = Date.now();
    const r = await vigil(['wallet', 'send', '--vault', vault, '--password-file', passwordFile, '--from', from, '--to', to, '--value', '0.5eth', ...network()]);
    const took = Date.now() - started;
    expect(r.stderr).not.toMatch(/rejected/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      hash: string; from: string; to: string; value: string; nonce: string; gasLimit: string; maxFeePerGas: string;
      provenAt: { blockNumber: number; balance: string; nonce: string };
      receipt: { blockNumber: number; blockHash: string; status: number; gasUsed: string };
    };
    expect(out).toMatchObject({ from, to, value: '0x' + HALF_ETHER.toString(16) });
    expect(out.receipt.status).toBe(1);
    expect(out.receipt.blockNumber).toBeGreaterThan(out.provenAt.blockNumber);
    expect(out.receipt.gasUsed).toBe('0x5208');

    // The node agrees on everything Vigil proved: the nonce and balance at provenAt, the receipt.
    const at = '0x' + out.provenAt.blockNumber.toString(16);
    expect(await rpc(info.nodeRpc, 'eth_getTransactionCount', [from, at])).toBe(out.provenAt.nonce);
    expect(BigInt((await rpc(info.nodeRpc, 'eth_getBalance', [from, at])) as string)).toBe(BigInt(out.provenAt.balance));
    const node = (await rpc(info.nodeRpc, 'eth_getTransactionReceipt', [out.hash])) as { blockNumber: string; blockHash: string; status: string; gasUsed: string };
    expect(node).toMatchObject({ blockNumber: '0x' + out.receipt.blockNumber.toString(16), blockHash: out.receipt.blockHash, status: '0x1', gasUsed: out.receipt.gasUsed });
    const tx = (await rpc(info.nodeRpc, 'eth_getTransactionByHash', [out.hash])) as { nonce: string; gas: string; maxFeePerGas: string; type: string };
    expect(tx).toMatchObject({ nonce: out.nonce, gas: out.gasLimit, maxFeePerGas: out.maxFeePerGas, type: '0x2' });

    const balance = await vigil(['balance', ...network(), to]);
    expect(balance.code).toBe(0);
    expect(BigInt(JSON.parse(balance.stdout).balance)).toBe(HALF_ETHER);
    process.stderr.write(`wallet send 0.5 ETH to a verified receipt: ${took} ms\n`);
  });

  it('refuses with STALE_HEAD when the beacon API withholds updates (no fresh verified head), and sends nothing', async () => {
    const { info } = devnet;
    const from = toChecksumAddress(info.accounts[0]!);
    const pendingBefore = await rpc(info.nodeRpc, 'eth_getTransactionCount', [from, 'pending']);
    await setFault('beacon-withhold-updates', true);
    try {
      const r = await vigil(['wallet', 'send', '--vault', vault, '--password-file', passwordFile, '--from', from, '--to', from, '--value', '1', '--timeout', '3', ...network()]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).error.code).toBe('STALE_HEAD');
      expect(r.stderr).not.toMatch(/signed|sending/);
    } finally {
      await setFault('beacon-withhold-updates', false);
    }
    expect(await rpc(info.nodeRpc, 'eth_getTransactionCount', [from, 'pending'])).toBe(pendingBefore);
  });

  for (const fault of ['proof-nonce', 'proof-balance']) {
    it(`refuses with NONCE_NOT_VERIFIED under the devnet's ${fault} lie, and sends nothing`, async () => {
      const { info } = devnet;
      const from = toChecksumAddress(info.accounts[0]!);
      const pendingBefore = await rpc(info.nodeRpc, 'eth_getTransactionCount', [from, 'pending']);
      await setFault(fault, true);
      try {
        const r = await vigil(['wallet', 'send', '--vault', vault, '--password-file', passwordFile, '--from', from, '--to', toChecksumAddress(bytesToHex(randomBytes(20))), '--value', '0.5eth', ...network()]);
        expect(r.code).toBe(1);
        const { error } = JSON.parse(r.stdout) as { error: { code: string; refusals: { code: string }[]; cause: string } };
        expect(error.code).toBe('NONCE_NOT_VERIFIED');
        expect(error.refusals.map((x) => x.code)).toEqual(['NONCE_NOT_VERIFIED']);
        expect(error.cause).toMatch(/PROOF_VALUE_MISMATCH/);
        expect(r.stderr).not.toMatch(/signed|sending/);
      } finally {
        await setFault(fault, false);
      }
      expect(await rpc(info.nodeRpc, 'eth_getTransactionCount', [from, 'pending'])).toBe(pendingBefore);
    });
  }
});

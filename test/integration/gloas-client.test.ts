/**
 * Vigil's own client across the Gloas fork, on `vigil devnet --gloas-epoch 4` (Fulu, then Gloas
 * from slot 32; Amsterdam underneath from the same time, its block hashes what the Gloas headers prove): a light client
 * synced before the fork keeps following after it with no restart (its store upgraded in place),
 * each head carrying the execution block its proven hash names and the beacon slot that proved
 * it; `vigil balance` catches up from the pre-fork checkpoint and proves a balance at a Gloas
 * head; `vigil wallet send` after the fork, where the execution side runs Amsterdam, estimates,
 * simulates and sends by Amsterdam's rules, and `vigil simulate` and `vigil call` run there (issue 52); a withheld payload keeps the
 * head's block; a lying header under a proven hash and a forged branch are refused by code.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import { isGloasStore } from '../../src/l1/store.ts';
import { toChecksumAddress } from '../../src/wallet/keys.ts';
import { cliNetwork, type Follower, follow, rpc, type RunningDevnet, startDevnetProcess, stepUntil, switchFault, vigil } from './helpers.ts';

const GLOAS_SLOT = 32n;
let devnet: RunningDevnet;
let f: Follower;
let dir: string;

beforeAll(async () => {
  // Twenty slots in at start: twelve before the fork to sync on.
  devnet = await startDevnetProcess(['--gloas-epoch', '4', '--history', '20', '--faults']);
  dir = mkdtempSync(join(tmpdir(), 'vigil-it-gloas-'));
  // Synced before the fork: the devnet starts at Fulu.
  f = await follow(devnet.info);
}, 120_000);
afterAll(async () => {
  await devnet?.stop('SIGKILL');
  if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const network = () => cliNetwork(devnet.info);
const setFault = (fault: string, on: boolean) => switchFault(devnet.info, fault, on);
const executionHash = async (n: bigint) => ((await rpc(devnet.info.executionRpc, 'eth_getBlockByNumber', ['0x' + n.toString(16), false])) as { hash: string }).hash;
const rejectedCodes = () => f.events.flatMap((e) => (e.type === 'rejected' ? [e.error.code] : []));

describe('Vigil across the Gloas fork on the devnet', () => {
  it('a light client synced before the fork keeps following after it: no restart, its store upgraded, each head the block its hash proves', async () => {
    expect(await stepUntil(f, () => (f.sync.optimistic?.slot ?? 0n) > 0n, 20_000)).toBe(true);
    const before = f.sync.optimistic!;
    expect(before.slot).toBeLessThan(GLOAS_SLOT);
    // Through Fulu the block is the beacon block's own payload (the devnet mines block s at slot s).
    expect(before.execution.blockNumber).toBe(before.slot);
    expect(await stepUntil(f, () => (f.sync.optimistic?.slot ?? 0n) >= GLOAS_SLOT + 2n, 90_000)).toBe(true);
    expect(isGloasStore(f.sync.lightClientStore!)).toBe(true);
    for (const head of [f.sync.optimistic!, f.sync.signing!]) {
      // From Gloas on the block is the one delivered before the beacon block: the slot before's.
      expect(head.execution.blockNumber).toBe(head.slot - 1n);
      expect(bytesToHex(head.execution.blockHash)).toBe(await executionHash(head.execution.blockNumber));
    }
    expect(rejectedCodes()).toEqual([]);
  }, 90_000);

  it('vigil balance catches up from the pre-fork checkpoint and proves a balance at a Gloas head', async () => {
    const address = devnet.info.accounts[1]!;
    const r = await vigil(['balance', ...network(), address]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { balance: string; blockNumber: number; blockHash: string; beaconSlot: number };
    expect(BigInt(out.beaconSlot)).toBeGreaterThanOrEqual(GLOAS_SLOT);
    expect(out.blockNumber).toBe(out.beaconSlot - 1);
    expect(out.blockHash).toBe(await executionHash(BigInt(out.blockNumber)));
    expect(out.balance).toBe(await rpc(devnet.info.executionRpc, 'eth_getBalance', [address, '0x' + out.blockNumber.toString(16)]));
  }, 90_000);

  it('vigil wallet send after the fork, on Amsterdam blocks: estimated and simulated by Amsterdam\'s rules, sent, and its receipt verified; the new account\'s state gas paid (EIP-8037) and its EIP-7708 log proven', async () => {
    const { info } = devnet;
    const vault = join(dir, 'vault.json');
    const passwordFile = join(dir, 'password');
    const mnemonicFile = join(dir, 'mnemonic');
    writeFileSync(passwordFile, 'correct horse battery\n', { mode: 0o600 });
    writeFileSync(mnemonicFile, info.mnemonic + '\n', { mode: 0o600 });
    expect((await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', mnemonicFile, '--password-file', passwordFile])).code).toBe(0);
    const from = toChecksumAddress(info.accounts[0]!);
    const to = toChecksumAddress(bytesToHex(randomBytes(20)));
    const sent = await vigil(['wallet', 'send', '--vault', vault, '--password-file', passwordFile, '--from', from, '--to', to, '--value', '0.5eth', ...network()], 120_000);
    expect(sent.code, sent.stderr).toBe(0);
    const out = JSON.parse(sent.stdout) as { hash: string; gasLimit: string; provenAt: { blockNumber: number }; receipt: { blockNumber: number; status: number; gasUsed: string } };
    expect(out.receipt.status).toBe(1);
    // EIP-2780 (12,000 + 3,000 + 6,000) and a new account's 120 state bytes at 1,530 gas (EIP-8037).
    expect(BigInt(out.receipt.gasUsed)).toBe(21_000n + 120n * 1_530n);
    // The wallet's estimate covered both dimensions, and not grossly.
    expect(BigInt(out.gasLimit)).toBeGreaterThanOrEqual(BigInt(out.receipt.gasUsed));
    expect(BigInt(out.gasLimit)).toBeLessThan((BigInt(out.receipt.gasUsed) * 11n) / 10n);
    const node = (await rpc(info.nodeRpc, 'eth_getTransactionReceipt', [out.hash])) as { gasUsed: string; logs: { address: string }[] };
    expect(node.gasUsed).toBe(out.receipt.gasUsed);
    expect(node.logs.map((l) => l.address)).toEqual(['0xfffffffffffffffffffffffffffffffffffffffe']);
    const b = await vigil(['balance', ...network(), to]);
    expect(b.code, b.stderr).toBe(0);
    expect(BigInt(JSON.parse(b.stdout).balance)).toBe(5n * 10n ** 17n);
  }, 180_000);

  it('vigil simulate and vigil call on Amsterdam blocks: a send to a new address says the new account it creates and its state gas; EIP-2935\'s history contract answers a proven block hash', async () => {
    const from = toChecksumAddress(devnet.info.accounts[2]!);
    const to = toChecksumAddress(bytesToHex(randomBytes(20)));
    const sim = await vigil(['simulate', ...network(), '--from', from, '--to', to, '--value', '1000'], 120_000);
    expect(sim.code, sim.stderr).toBe(0);
    const effects = JSON.parse(sim.stdout) as { ok: boolean; own: { asset: string; amount: string }[]; newState?: { accounts: number; slots: number; stateGas: string } };
    expect(effects.ok).toBe(true);
    expect(effects.own).toEqual([expect.objectContaining({ asset: 'native', amount: '-1000' })]);
    expect(effects.newState).toMatchObject({ accounts: 1, slots: 0, stateGas: String(120n * 1_530n) });
    const n = BigInt(((await rpc(devnet.info.executionRpc, 'eth_blockNumber', [])) as string)) - 3n;
    const call = await vigil(['call', ...network(), '--to', '0x0000F90827F1C53a10cb7A02335B175320002935', '--data', '0x' + n.toString(16).padStart(64, '0')], 120_000);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain(await executionHash(n));
  }, 180_000);

  it('a withheld payload: beacon slots go on, the head keeps the last delivered block, then moves again', async () => {
    await setFault('beacon-withhold-payload', true);
    try {
      // Two newer beacon heads proving one block: the payloads between them were withheld.
      let first: { slot: bigint; hash: string } | undefined;
      const held = await stepUntil(
        f,
        () => {
          const h = f.sync.optimistic!;
          const now = { slot: h.slot, hash: bytesToHex(h.execution.blockHash) };
          if (first === undefined || now.hash !== first.hash) first = now;
          return now.slot >= first.slot + 2n;
        },
        30_000,
      );
      expect(held).toBe(true);
    } finally {
      await setFault('beacon-withhold-payload', false);
    }
    const at = f.sync.optimistic!.execution.blockNumber;
    expect(await stepUntil(f, () => f.sync.optimistic!.execution.blockNumber > at, 20_000)).toBe(true);
  }, 60_000);

  it('a header that does not hash to the proven value, and a forged branch, are refused by code; the head stays', async () => {
    await setFault('header-unlinked', true);
    try {
      const at = f.sync.optimistic!;
      await stepUntil(f, () => rejectedCodes().includes('HEADER_HASH_MISMATCH'), 20_000);
      expect(rejectedCodes()).toContain('HEADER_HASH_MISMATCH');
      expect(f.sync.optimistic!.execution.blockHash).toEqual(at.execution.blockHash);
    } finally {
      await setFault('header-unlinked', false);
    }
    await setFault('beacon-forged-branch', true);
    try {
      await stepUntil(f, () => rejectedCodes().includes('LC_INVALID_HEADER'), 20_000);
      expect(rejectedCodes()).toContain('LC_INVALID_HEADER');
    } finally {
      await setFault('beacon-forged-branch', false);
    }
    const before = f.sync.optimistic!.slot;
    expect(await stepUntil(f, () => f.sync.optimistic!.slot > before, 20_000)).toBe(true);
    // By now the chain finalized past the fork: the finalized head too is a Gloas head's block.
    expect(await stepUntil(f, () => (f.sync.finalized?.slot ?? 0n) >= GLOAS_SLOT, 30_000)).toBe(true);
    const finalized = f.sync.finalized!;
    expect(finalized.execution.blockNumber).toBe(finalized.slot - 1n);
    expect(bytesToHex(finalized.execution.blockHash)).toBe(await executionHash(finalized.execution.blockNumber));
  }, 90_000);
});

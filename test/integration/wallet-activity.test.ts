/**
 * The wallet's activity on the devnet, as the extension runs it (in Node): a send is "included"
 * on a verified receipt and "final" once its block is finalized; a reorg sends it back to pending,
 * and the new branch settles it again (the devnet's `reorg` fault, with the dropped transaction
 * mined again, or left out and sent again from the stored bytes).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import type { ActivityRow } from '../../src/storage/wallet.ts';
import { type RunningDevnet, startDevnetProcess } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

let devnet: RunningDevnet;
let w: DevnetWallet;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--faults']);
  w = await walletOnDevnet(devnet.info);
}, 120_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop('SIGKILL');
});

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const row = (hash: string) => w.repo.getActivity(hash) as Promise<ActivityRow | undefined>;

async function send(): Promise<string> {
  await until('a verified head', async () => w.session.walletChain()?.newestHead());
  const p = w.wallet.requests.send({ from: ACCOUNT0, to: bytesToHex(randomBytes(20)), value: '0x1' });
  await w.approveNext();
  return p;
}

describe('activity on the devnet', () => {
  it('a send is included on a verified receipt, then final once its block is finalized', async () => {
    const hash = await send();
    const included = await until('included', async () => {
      const r = await row(hash);
      return (r?.status === 'included' || r?.status === 'final') && r;
    });
    expect(included.settledIn).toMatchObject({ blockNumber: included.receipt!.blockNumber, blockHash: included.receipt!.blockHash });
    const final = await until('final', async () => {
      const r = await row(hash);
      return r?.status === 'final' && r;
    }, 90_000);
    expect(final.settledIn).toMatchObject({ blockNumber: included.receipt!.blockNumber, blockHash: included.receipt!.blockHash, final: true });
  }, 180_000);
});

/**
 * Starts the app host (./app-host.ts) with the browser's adapters: the exits and L2 transfers in
 * Dexie, the L2 RPC over HTTP. Chrome's offscreen document and Firefox's app.js both call it.
 * @module
 */
import { jsonRpcCall } from '../rpc/http.ts';
import { openVigilDb } from '../storage/db.ts';
import { ExitRepo } from '../storage/exits.ts';
import { L2TransferRepo } from '../storage/l2-transfers.ts';
import { WalletRepo } from '../storage/wallet.ts';
import { CallBatchStore } from '../storage/call-batches.ts';
import { SettingsRepo } from '../storage/settings.ts';
import { DataCheckRepo } from '../storage/data-checks.ts';
import { TransferRepo } from '../storage/transfers.ts';
import { AppHost } from './app-host.ts';
import type { AppHostOffer } from './app-rendezvous.ts';
import { sleep } from '../core/sleep.ts';

export async function startAppHost({ link, runner }: AppHostOffer): Promise<AppHost> {
  const db = await openVigilDb();
  const host = new AppHost({
    link,
    runner,
    exits: new ExitRepo(db),
    l2Transfers: new L2TransferRepo(db),
    wallet: new WalletRepo(db),
    batches: new CallBatchStore(db),
    settings: new SettingsRepo(db),
    dataChecks: new DataCheckRepo(db),
    transfers: new TransferRepo(db),
    l2Call: (url, method, params) => jsonRpcCall(url, method, params, { timeoutMs: 15_000, maxBytes: 1 << 20 }),
  });
  // The service worker may be starting too: asked again until it answers (it also pushes each new head).
  for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      await host.start();
      return host;
    } catch {
      await sleep(delayMs);
    }
  }
}

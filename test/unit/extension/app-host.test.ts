/**
 * The app host (src/extension/app-host.ts) over the in-page link, as Firefox's background page and
 * Node run it: what it answers before it has adopted the service worker's network and heads.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, profileFromReady } from '../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../src/l1/networks.ts';
import { KNOWN_ROUTERS } from '../../../src/wallet/transaction-effects.ts';
import { AppHost } from '../../../src/extension/app-host.ts';
import { inPageLink, type LinkRequest } from '../../../src/extension/link.ts';
import type { ExitView } from '../../../src/extension/messages.ts';
import { newExitRecord } from '../../../src/l2/exit-plan.ts';
import { openVigilDb, type VigilDb } from '../../../src/storage/db.ts';
import { ExitRepo } from '../../../src/storage/exits.ts';
import { WalletRepo } from '../../../src/storage/wallet.ts';
import { CallBatchStore } from '../../../src/storage/call-batches.ts';
import { L2TransferRepo } from '../../../src/storage/l2-transfers.ts';
import { TransferRepo } from '../../../src/storage/transfers.ts';
import type { TransfersView } from '../../../src/extension/messages.ts';

const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const refuse = async (): Promise<never> => Promise.reject(new Error('not asked here'));

describe('AppHost', () => {
  it('answers the popup after a browser restart from the network it asks for first, not as if it had none', async () => {
    const db = await openVigilDb({ name: 'app-host-restart', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const exits = new ExitRepo(db);
    const record = newExitRecord({ kind: 'vigil-zk-v1', rollupChainId: 31337, owner: '0x' + 'aa'.repeat(20), amount: 5n, step: 'waiting', now: 1_800_000_000 });
    await exits.put({ ...record, networkId: 'mainnet' });
    const { background, app } = inPageLink();
    const asked: string[] = [];
    background.serve(async (m: LinkRequest) => {
      asked.push(m.type);
      if (m.type !== 'link:snapshot') throw new Error(`unexpected ${m.type}`);
      return { profile: { ...defaultSettings().profiles.mainnet!, shippedRollups: [] }, heads: { finalized: undefined, optimistic: undefined, recent: [] } };
    });
    new AppHost({ link: app, runner: { run: refuse } as never, exits, l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse });
    // The popup's first request after the restart reaches a host that adopted nothing yet.
    const listed = (await background.request({ type: 'app:popup', request: { type: 'vigil:exit:list' } })) as ExitView[];
    expect(listed.map((e) => e.id)).toEqual([record.id]);
    expect(asked).toEqual(['link:snapshot']);
    // Adopted once: later requests do not ask again.
    await background.request({ type: 'app:exitsOf', owners: [record.owner] });
    expect(asked).toEqual(['link:snapshot']);
  });

  it('refuses, with the service worker’s error, what it cannot answer without the network when the snapshot fails', async () => {
    const db = await openVigilDb({ name: 'app-host-no-snapshot', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const { background, app } = inPageLink();
    background.serve(async () => Promise.reject(new Error('the service worker is gone')));
    new AppHost({ link: app, runner: { run: refuse } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse });
    await expect(background.request({ type: 'app:popup', request: { type: 'vigil:exit:list' } })).rejects.toThrow('the service worker is gone');
  });

  it('reads a page\'s wallet_sendCalls for the service worker, its refusal crossing the link with its code; a batch status for an unknown id is BATCH_NOT_FOUND', async () => {
    const db = await openVigilDb({ name: 'app-host-calls', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const { background, app } = inPageLink();
    background.serve(async () => ({ profile: { ...defaultSettings().profiles.mainnet!, shippedRollups: [] }, heads: { finalized: undefined, optimistic: undefined, recent: [] } }));
    new AppHost({ link: app, runner: { run: refuse } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse });
    const to = '0x' + '11'.repeat(20);
    expect(await background.request({ type: 'app:readCalls', params: { version: '2.0.0', chainId: '0x1', atomicRequired: false, calls: [{ to, value: '0x2' }] } })).toEqual({ chainId: 1n, atomicRequired: false, calls: [{ to, data: '0x', value: 2n }] });
    await expect(background.request({ type: 'app:readCalls', params: { version: '2.0.0', chainId: '0x1', atomicRequired: false, calls: [{ to }], capabilities: { paymasterService: {} } } })).rejects.toMatchObject({ name: 'WalletError', code: 'CAPABILITY_NOT_SUPPORTED' });
    await expect(background.request({ type: 'app:callsStatus', origin: 'https://app.example', id: '0x01' })).rejects.toMatchObject({ name: 'WalletError', code: 'BATCH_NOT_FOUND' });
  });

  it("previews against the network's own routers beside Vigil's: a devnet's from its profile, a shipped network's own list only", async () => {
    const db = await openVigilDb({ name: 'app-host-routers', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const router = '0x68B1D87F95878fE05B998F19b66F4baba5De1aed';
    const devnet = profileFromReady({ beaconApi: 'http://127.0.0.1:5052', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, routers: [router] });
    const { app } = inPageLink();
    const host = new AppHost({ link: app, runner: { run: refuse } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse });
    const heads = { finalized: undefined, optimistic: undefined, recent: [] };
    expect([...host.routers()]).toEqual([]);
    await host.handle({ type: 'app:adopt', snapshot: { profile: devnet, heads }, newHead: false });
    expect([...host.routers()]).toEqual([router.toLowerCase()]);
    await host.handle({ type: 'app:adopt', snapshot: { profile: { ...defaultSettings().profiles.mainnet!, shippedRollups: [] }, heads }, newHead: false });
    expect([...host.routers()]).toEqual([...KNOWN_ROUTERS[1]!]);
  });

  it("previews with the network's own listed tokens: a devnet's from its profile, none on a shipped network", async () => {
    const db = await openVigilDb({ name: 'app-host-tokens', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const vta = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const devnet = profileFromReady({ beaconApi: 'http://127.0.0.1:5052', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, tokens: [{ address: vta, symbol: 'VTA' }] });
    const { app } = inPageLink();
    const host = new AppHost({ link: app, runner: { run: refuse } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse });
    const heads = { finalized: undefined, optimistic: undefined, recent: [] };
    expect(await host.knownTokens()).toEqual({});
    await host.handle({ type: 'app:adopt', snapshot: { profile: devnet, heads }, newHead: false });
    expect(await host.knownTokens()).toEqual({ followed: [], listed: [{ address: vta.toLowerCase(), symbol: 'VTA' }] });
    await host.handle({ type: 'app:adopt', snapshot: { profile: { ...defaultSettings().profiles.mainnet!, shippedRollups: [] }, heads }, newHead: false });
    expect(await host.knownTokens()).toEqual({ followed: [] });
  });

  it("answers the popup's transfers from the stored rows and cursors of the network's chain, for the vault's accounts", async () => {
    const db = await openVigilDb({ name: 'app-host-transfers', indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const me = '0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1';
    const sender = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    await new WalletRepo(db).putVault({ id: 'main', record: {}, addresses: [me], names: {}, createdAt: 1, updatedAt: 1 });
    const transfers = new TransferRepo(db);
    const row = { chainId: 1, asset: '0x' + 'ee'.repeat(20), standard: 'erc20' as const, from: sender.toLowerCase(), to: me.toLowerCase(), amount: '5', block: 900, blockHash: '0x' + 'cc'.repeat(32), transactionHash: '0x' + 'dd'.repeat(32), transactionIndex: 0, logIndex: 1, timestamp: 1, found: 'bloom-scan' as const, final: true };
    await transfers.put([{ ...row, key: 'a' }, { ...row, key: 'b', chainId: 5 }]);
    await transfers.putCursor({ key: `1:${me.toLowerCase()}`, chainId: 1, account: me.toLowerCase(), fromBlock: 100, toBlock: 1123, toHash: '0x' + '01'.repeat(32) });
    const { background, app } = inPageLink();
    background.serve(async () => ({ profile: { ...defaultSettings().profiles.mainnet!, shippedRollups: [] }, heads: { finalized: undefined, optimistic: undefined, recent: [] } }));
    new AppHost({ link: app, runner: { run: refuse } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: refuse, transfers });
    const view = (await background.request({ type: 'app:popup', request: { type: 'vigil:wallet:transfers' } })) as TransfersView;
    expect(view.transfers.map((t) => [t.key, t.direction, t.from])).toEqual([['a', 'in', sender]]);
    expect(view.coverage).toEqual([{ account: me.toLowerCase(), fromBlock: 100, toBlock: 1123 }]);
  });
});

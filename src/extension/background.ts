/**
 * Background entry: Chrome's service worker, Firefox's background script. Registers every
 * listener synchronously (a stopped service worker is woken by the event that needs it), then
 * wires the application's services (./services.ts) with the browser's adapters (storage, ports,
 * windows, notifications, storage.session) and the link to the app host (./app-host.ts: the
 * rollups, the L2 wallet, forced exits), and starts them: the L1 session resumes the light
 * client from Dexie. An alarm every 30 s wakes a stopped worker so the light client keeps
 * following the chain.
 * @module
 */
import browser from 'webextension-polyfill';
import type Browser from 'webextension-polyfill';
import { dexieCommitteeKeys } from '../client/light-client/committee-keys.ts';
import { dexiePersistence } from '../client/light-client/store-persistence.ts';
import { BlsCommitteeRepo } from '../storage/bls-committees.ts';
import { openVigilDb } from '../storage/db.ts';
import { LightClientStoreRepo } from '../storage/light-client-stores.ts';
import { SettingsRepo } from '../storage/settings.ts';
import { WalletRepo } from '../storage/wallet.ts';
import type { ProviderRpcError } from '../provider/errors.ts';
import { toProviderError } from '../provider/handler.ts';
import { pageOrigin } from '../provider/page-origin.ts';
import { type PortEvent, type PortReply, PROVIDER_PORT, PUSH_CHANNEL } from '../provider/page-protocol.ts';
import type { PageTarget } from '../provider/filter-methods.ts';
import { errorToWire } from '../workers/errors.ts';
import { WorkerPool } from '../workers/pool.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { type ExecutionTasks, isExecutionTask } from '../workers/execution-task-names.ts';
import { SplitRunner } from '../workers/split-runner.ts';
import { WORKER_ROLES, webWorkerFactory } from '../workers/web.ts';
import { chromeApi, needsOffscreenWorkers } from './chrome.ts';
import { accountsRequest, BackgroundServices, type Counters } from './services.ts';
import {
  type ActivityView,
  type ApprovalQueueView,
  type ApprovalView,
  type BackgroundRequest,
  CHAIN_KEY,
  INJECTION_KEY,
  isAccountsRequest,
  isBackgroundRequest,
  isOffscreenRequest,
  type PermissionView,
  type Reply,
  type WalletState,
} from './messages.ts';
import { offerAppHost } from './app-rendezvous.ts';
import { ApprovalWindows } from './approval-windows.ts';
import { type AppRequest, type BackgroundEnd, inPageLink, isAppPopupRequest, type LinkRequest, runtimeLink } from './link.ts';
import { OffscreenRunner } from './offscreen-runner.ts';
import { asView } from './views.ts';
import { checkSettings, SETTINGS_KEY } from '../client/network/settings.ts';

const KEEPALIVE_ALARM = 'vigil-keepalive';
const COUNTERS_KEY = 'vigil.counters';
/** A page's request unanswered this long is said in the console (ms). */
const SLOW_MESSAGE_MS = 10_000;

/** Connected pages and their origins (events such as accountsChanged go to one origin only). */
const ports = new Map<Browser.Runtime.Port, string | undefined>();

type Tasks = VerifierTasks & ExecutionTasks;

/**
 * The worker pool and the link to the app host. Chrome: both in the offscreen document (a
 * service worker cannot start workers). Firefox: the background page starts the workers itself
 * (the execution worker only when first needed) and its second script, app.js, is the app host:
 * it finds the pool and its end of the link on the page (./app-rendezvous.ts).
 */
function makeRunner(): { runner: TaskRunner<Tasks>; app: BackgroundEnd } {
  const chrome = chromeApi();
  if (needsOffscreenWorkers() && chrome?.offscreen) {
    const hasDocument = async () => {
      if (chrome.runtime?.getContexts) return (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0;
      return (await chrome.offscreen?.hasDocument?.()) ?? false;
    };
    const runner = new OffscreenRunner<Tasks>(browser.runtime, chrome.offscreen, hasDocument);
    return { runner, app: runtimeLink<AppRequest, LinkRequest>(browser.runtime, 'background', () => runner.ensureDocument()) };
  }
  const runner = new SplitRunner<VerifierTasks, ExecutionTasks>(
    new WorkerPool<VerifierTasks>({ factory: webWorkerFactory(browser.runtime.getURL('worker.js'), { name: WORKER_ROLES.verifier }), size: 2 }),
    () => new WorkerPool<ExecutionTasks>({ factory: webWorkerFactory(browser.runtime.getURL('worker.js'), { name: WORKER_ROLES.execution }), size: 1 }),
    isExecutionTask,
  );
  const link = inPageLink(loadAppScript);
  offerAppHost({ link: link.app, runner });
  return { runner, app: link.background };
}

/**
 * Firefox: puts app.js on the background page, once, when the app host is first asked for (a
 * head to follow rollups at, the popup's rollup views, an exit): a wake that needs none of it
 * parses background.js alone, as Chrome's service worker does.
 */
function loadAppScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = browser.runtime.getURL('app.js');
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error('app.js did not load on the background page'));
    };
    document.head.append(script);
  });
}

// Made before any await: Firefox's app.js, loaded later on the same page, takes this offer.
const { runner, app } = makeRunner();

/** One approval window per origin, remembered in storage.session across service-worker restarts. */
const approvalWindows = new ApprovalWindows({
  windows: {
    create: async (url) => (await browser.windows.create({ url, type: 'popup', width: 400, height: 640, focused: true })).id,
    exists: async (windowId) => {
      try {
        await browser.windows.get(windowId);
        return true;
      } catch {
        return false;
      }
    },
    focus: async (windowId) => void (await browser.windows.update(windowId, { focused: true })),
  },
  session: sessionStore(),
  url: (id) => browser.runtime.getURL(`approval.html?id=${encodeURIComponent(id)}`),
});

const services = (async () => {
  const db = await openVigilDb();
  const settings = new SettingsRepo(db);
  let lastBeat = 0;
  return new BackgroundServices({
    loadSettings: async () => checkSettings(await settings.get(SETTINGS_KEY)),
    saveSettings: (s) => settings.set(SETTINGS_KEY, s),
    loadCounters: async () => {
      const c = (await settings.get(COUNTERS_KEY)) as Partial<Counters> | undefined;
      return { bootstraps: Number(c?.bootstraps ?? 0) || 0, resumes: Number(c?.resumes ?? 0) || 0 };
    },
    saveCounters: (c) => settings.set(COUNTERS_KEY, c),
    persistence: dexiePersistence(new LightClientStoreRepo(db)),
    committeeKeys: dexieCommitteeKeys(new BlsCommitteeRepo(db)),
    runner,
    app,
    announceChain: (a) => browser.storage.local.set({ [CHAIN_KEY]: a }),
    announceInjection: (c) => browser.storage.local.set({ [INJECTION_KEY]: c }),
    broadcast: (event: PortEvent, origin?: string) => {
      for (const [port, portOrigin] of ports) {
        if (origin !== undefined && portOrigin !== origin) continue;
        try {
          port.postMessage(event);
        } catch {
          ports.delete(port);
        }
      }
    },
    wallet: {
      repo: new WalletRepo(db),
      session: sessionStore(),
      random: (n) => crypto.getRandomValues(new Uint8Array(n)),
      openApproval: (id, origin) => approvalWindows.open(id, origin),
    },
    notify: (id, title, message) => {
      void browser.notifications?.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message }).catch(() => {});
    },
    // A subscription's pushes go to its page's own frame and document; no bridge of that session there: not delivered.
    push: async (page, messages) => {
      const to = { frameId: page.frameId, ...(page.documentId !== undefined ? { documentId: page.documentId } : {}) };
      return (await browser.tabs.sendMessage(page.tabId, { channel: PUSH_CHANNEL, session: page.session, messages }, to).catch(() => false)) === true;
    },
    onActivity: () => {
      // Any extension API call keeps Chrome's service worker alive while it syncs.
      const now = Date.now();
      if (now - lastBeat < 20_000) return;
      lastBeat = now;
      void browser.storage.session?.set({ 'vigil.heartbeat': now }).catch(() => {});
    },
  });
})();

/** The services, started (a failed start is tried again on the next event). */
async function ready(): Promise<BackgroundServices> {
  const c = await services;
  await c.start();
  return c;
}
void ready().catch(() => {});

/** storage.session: cleared when the browser closes, readable only by extension contexts. */
function sessionStore() {
  const area = browser.storage.session;
  return {
    get: async (key: string) => (await area.get(key))[key],
    set: (key: string, value: unknown) => area.set({ [key]: value }),
    remove: (key: string) => area.remove(key),
  };
}

async function handle(request: BackgroundRequest, sender?: Browser.Runtime.MessageSender): Promise<unknown> {
  const c = await ready();
  // The L2 wallet and forced exits: the app host's (./app-host.ts).
  if (isAppPopupRequest(request)) return c.forward(request);
  if (request.type.startsWith('vigil:wallet:') || request.type.startsWith('vigil:approval:') || request.type.startsWith('vigil:exit:')) return handleWallet(c, request, sender);
  switch (request.type) {
    case 'vigil:getStatus':
      return c.status();
    case 'vigil:getSettings':
      return c.getSettings();
    case 'vigil:setNetwork':
      return c.setNetwork(request.network);
    case 'vigil:discoverNetwork':
      return c.discoverNetwork(request);
    case 'vigil:findLocalDevnet':
      return c.findLocalDevnet(typeof request.at === 'string' ? request.at : undefined);
    case 'vigil:addNetwork':
      return c.addNetwork(request.preview);
    case 'vigil:saveProfile':
      return c.saveProfile(request.edit);
    case 'vigil:setOverrideWindowEthereum':
      return c.setOverrideWindowEthereum(request.value);
    case 'vigil:setMaxUnattendedCost':
      return c.setMaxUnattendedCost(request.wei ?? undefined);
    case 'vigil:setIncomingTolerance':
      return c.setIncomingTolerance(request.bps ?? undefined);
    case 'vigil:setBatchExpiry':
      return c.setBatchExpiry(request.minutes ?? undefined);
    case 'vigil:poolPing':
      return c.pingVerifier();
    default:
      throw new Error(`unknown message ${(request as { type: string }).type}`);
  }
}

async function handleWallet(c: BackgroundServices, request: BackgroundRequest, sender?: Browser.Runtime.MessageSender): Promise<unknown> {
  const w = c.wallet!;
  if (isAccountsRequest(request)) return asView<WalletState>(await accountsRequest(w, request));
  switch (request.type) {
    case 'vigil:wallet:getState':
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:newMnemonic':
      return w.keyring.newMnemonic();
    case 'vigil:wallet:create':
      await w.keyring.create(request);
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:unlock':
      // Requests that waited for the unlock go on: their windows poll the state.
      await w.keyring.unlock(request.password);
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:lock':
      await w.keyring.lock();
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:reveal':
      return w.keyring.revealMnemonic(request.password, request.phrase);
    case 'vigil:wallet:changePassword':
      return w.keyring.changePassword(request.password, request.newPassword);
    case 'vigil:wallet:addAccount':
      await w.keyring.addAccount(request.password, request.phrase);
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:importKey':
      await w.keyring.importKey(request.privateKey, request.password);
      return asView<WalletState>(await w.state());
    case 'vigil:wallet:setAutoLock':
      return w.keyring.setAutoLock(request.minutes);
    case 'vigil:wallet:activity':
      return asView<ActivityView[]>(await w.activity.list());
    case 'vigil:wallet:permissions':
      return asView<PermissionView[]>(await w.permissions.list());
    case 'vigil:wallet:revoke':
      return w.permissions.revokeOrigin(request.origin);
    case 'vigil:wallet:send':
      return w.requests.send(request);
    case 'vigil:wallet:delegate':
      return w.delegations.request({ from: request.from, action: request.action });
    case 'vigil:wallet:replace':
      return w.requests.replace(request.hash, request.kind);
    case 'vigil:approval:get':
      return asView<ApprovalView>(await w.approvals.get(request.id));
    case 'vigil:approval:queue': {
      const queue = await w.approvals.queue(request.id);
      // What the window has shown is what closing it rejects.
      await approvalWindows.saw(queue.origin, queue.pending);
      return asView<ApprovalQueueView>(queue);
    }
    case 'vigil:approval:closing': {
      // Forgotten as the site's window first: its closing rejects nothing, and a request that came
      // while it decided to close (it polls) gets a window of its own.
      const windowId = sender?.tab?.windowId;
      const closed = windowId === undefined ? undefined : await approvalWindows.closed(windowId);
      if (closed !== undefined) await w.approvals.windowClosed(closed.origin, []);
      return null;
    }
    case 'vigil:approval:resolve':
      // A page's answer: a yes is checked again against the window's gates, whichever page sent it.
      return asView<ApprovalView>(
        await w.approvals.resolveFromWindow(request.id, request.approve, { ...(request.accounts ? { accounts: request.accounts } : {}), ...(request.acknowledged ? { acknowledged: request.acknowledged } : {}) }),
      );
    default:
      throw new Error(`unknown message ${(request as { type: string }).type}`);
  }
}

browser.runtime.onMessage.addListener((message: unknown, sender: Browser.Runtime.MessageSender): Promise<Reply> | undefined => {
  if (isOffscreenRequest(message) || !isBackgroundRequest(message)) return undefined;
  // Only Vigil's own pages may steer it; content scripts speak through the provider port.
  if (!sender.url?.startsWith(browser.runtime.getURL(''))) {
    return Promise.resolve({ ok: false, error: { name: 'VigilError', code: 'FORBIDDEN', message: 'only extension pages may send this' } });
  }
  // A request still unanswered after a while is said in the service worker's console: a page waiting on it is otherwise silent.
  const slow = setTimeout(() => console.warn(`Vigil: ${message.type} from ${sender.url?.replace(/^.*\//, '') ?? 'a page'} still unanswered after ${SLOW_MESSAGE_MS / 1000} s`), SLOW_MESSAGE_MS);
  return handle(message, sender).then(
    (result): Reply => ({ ok: true, result: result ?? null }),
    (err: unknown): Reply => ({ ok: false, error: errorToWire(err) }),
  ).finally(() => clearTimeout(slow));
});

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== PROVIDER_PORT) return;
  // The frame's origin as the browser knows it, never its URL: a sandboxed page (origin "null") is no site.
  let site: string | ProviderRpcError;
  try {
    site = pageOrigin(port.sender);
  } catch (err) {
    site = toProviderError(err);
  }
  const origin = typeof site === 'string' ? site : undefined;
  const sender = port.sender as (Browser.Runtime.MessageSender & { documentId?: string }) | undefined;
  ports.set(port, origin);
  port.onDisconnect.addListener(() => ports.delete(port));
  port.onMessage.addListener(async (message: unknown) => {
    const m = message as { id?: unknown; method?: unknown; params?: unknown; key?: unknown; session?: unknown };
    if (typeof m !== 'object' || m === null || typeof m.id !== 'number') return;
    let reply: PortReply;
    try {
      if (origin === undefined) throw site;
      const c = await ready();
      // The bridge's key names this request across resends (a restarted background joins its approval).
      const key = typeof m.key === 'string' && m.key.length <= 100 ? `${origin}|${m.key}` : undefined;
      // Where its subscriptions push: the frame the browser names, the bridge's session in it.
      const tabId = sender?.tab?.id;
      const page: PageTarget | undefined =
        tabId !== undefined && sender?.frameId !== undefined && typeof m.session === 'string' && m.session.length <= 100
          ? { tabId, frameId: sender.frameId, ...(sender.documentId !== undefined ? { documentId: sender.documentId } : {}), session: m.session }
          : undefined;
      const result = await c.handleRequest(origin, { method: m.method as string, params: m.params }, key, page);
      reply = { id: m.id, result: result ?? null };
    } catch (err) {
      reply = { id: m.id, error: toProviderError(err).toJSON() };
    }
    try {
      port.postMessage(reply);
    } catch {
      ports.delete(port);
    }
  });
});

// Closing an approval window is the user's no to what it showed (a later request gets a window of its own).
// (Firefox for Android has no windows API.)
(browser.windows as typeof browser.windows | undefined)?.onRemoved.addListener((windowId) => {
  void approvalWindows
    .closed(windowId)
    .then(async (closed) => {
      if (closed === undefined) return;
      await (await ready()).wallet?.approvals.windowClosed(closed.origin, closed.seen);
    })
    .catch(() => {});
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== KEEPALIVE_ALARM) return;
  void ready().then(async (c) => {
    await c.ensureRunning();
    await c.wallet?.keyring.checkAutoLock();
    await c.wallet?.activity.track();
    await c.tick();
  });
});
// Approvals a stopped background left approved are carried to their end (sent, never signed again).
void ready().then((c) => c.wallet?.approvals.resume()).catch(() => {});
browser.runtime.onStartup.addListener(() => {
  // Requests the last session's pages left waiting expire: those pages are gone.
  void ready().then(async (c) => {
    await c.wallet?.approvals.browserStarted().catch(() => {});
    await c.ensureRunning();
  });
});
browser.runtime.onInstalled.addListener(() => void ready().then((c) => c.ensureRunning()));
void browser.alarms.get(KEEPALIVE_ALARM).then((a) => {
  if (!a) void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
});

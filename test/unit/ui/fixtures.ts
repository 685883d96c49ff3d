/** A status, settings, wallet state and approvals as the background sends them, for the UI tests. */
import type { RollupDataView, Settings } from '../../../src/extension/messages.ts';
import { defaultSettings } from '../../../src/client/network/settings.ts';
import type { Status } from '../../../src/extension/messages.ts';
import { livenessSignals } from '../../../src/extension/rollup-views.ts';
import { ROLLUP_ADAPTERS } from '../../../src/l2/registry.ts';
import { vi } from 'vitest';
import type { AccountBalances, ActivityView, ApprovalView, ExitRouteView, ExitView, L2AccountView, L2TransferView, LocalDevnet, NetworkPreview, PermissionView, PopupApi, RollupView, WalletState } from '../../../src/ui/api.ts';
import { ROLLUP_SLOTS, type VigilZkConfig } from '../../../src/l2/vigil-zk/config.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { vigilZkExitPlan } from '../../../src/l2/vigil-zk/exit.ts';
import { optimisticTier, tierJson } from '../../../src/l2/tier.ts';
import { ETHER } from '../../../src/l2/adapter.ts';
import { BackgroundError } from '../../../src/ui/api.ts';

export const NOW = 1_800_000_000_000;

export function status(overrides: Partial<Status> = {}): Status {
  const head = (blockNumber: number, slot: number, finalized: boolean) => ({
    slot,
    beaconRoot: '0x' + '11'.repeat(32),
    blockNumber,
    blockHash: '0x' + '22'.repeat(32),
    stateRoot: '0x' + '33'.repeat(32),
    timestamp: NOW / 1000 - 12,
    finalized,
    verifiedAt: NOW - 3000,
  });
  return {
    network: { id: 'devnet', label: 'Devnet', chainId: 1337, preset: 'minimal', secondsPerSlot: 1, beaconApis: ['http://127.0.0.1:5052'], executionRpcs: ['http://127.0.0.1:8545'], checkpoint: '0x' + '44'.repeat(32), weakSubjectivity: { seconds: 14 * 24 * 3600, gloas: false } },
    state: 'synced',
    period: { current: 3, head: 3, start: 3, catchingUp: false, updatesVerified: 0 },
    finalized: head(1200, 1210, true),
    optimistic: head(1234, 1244, false),
    currentSlot: 1245,
    stale: null,
    errors: [],
    checkpoint: { root: '0x' + '44'.repeat(32), source: 'user', at: NOW - 60_000 },
    lifecycle: { instanceStartedAt: NOW - 60_000, bootstraps: 1, resumes: 0, lastInit: 'bootstrap' },
    rollups: [],
    overrideWindowEthereum: false,
    now: NOW,
    ...overrides,
  };
}

export function settings(): Settings {
  const s = defaultSettings();
  s.profiles.devnet = {
    id: 'devnet',
    label: 'Devnet',
    chainId: 1337,
    config: s.profiles.mainnet!.config,
    beaconApis: ['http://127.0.0.1:5052'],
    executionRpcs: ['http://127.0.0.1:8545', 'http://127.0.0.1:8546'],
    checkpoint: '0x' + '44'.repeat(32),
  };
  s.current = 'devnet';
  return s;
}

// ------------------------------------------------------------------ adding a network

/**
 * What "Add network" previews for a local kurtosis-like devnet: chain 1337, minimal preset, two
 * forks active, one scheduled, one unscheduled, and one Vigil does not know.
 */
export function networkPreview(overrides: Partial<NetworkPreview> = {}): NetworkPreview {
  return {
    id: 'kurtosis',
    label: 'Kurtosis devnet',
    chainId: 1337,
    preset: 'minimal',
    secondsPerSlot: 6,
    genesisTime: 1_800_000_000,
    genesisValidatorsRoot: '0x' + '66'.repeat(32),
    forks: [
      { name: 'capella', epoch: 0, active: true },
      { name: 'deneb', epoch: 0, active: true },
      { name: 'electra', epoch: 100, active: false },
      { name: 'fulu', epoch: null, active: false },
      { name: 'gloas', epoch: 200, active: false },
    ],
    unknownForks: ['gloas'],
    checkpoint: { root: '0x' + 'ab'.repeat(31) + 'cd', slot: 1024, source: 'beacon-api', agreedBy: ['127.0.0.1:5052'] },
    beaconApi: 'http://127.0.0.1:5052',
    moreBeaconApis: [],
    executionRpc: null,
    network: { CONFIG_NAME: 'kurtosis', PRESET_BASE: 'minimal', DEPOSIT_CHAIN_ID: '1337' },
    rollups: [],
    routers: [],
    tokens: [],
    warnings: ['No execution RPC: Vigil can follow the chain but cannot read balances on it until you add one.', 'The checkpoint comes from this one beacon API.'],
    ...overrides,
  };
}

// ------------------------------------------------------------------ the wallet


export const ALICE = '0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1';
export const BOB = '0xFFcf8FDEE72ac11b5c542428B35EEF5769C409f0';
export const CAROL = '0x22d491Bde2303f2f43325b2108D26f1eAbA1e32b';
/** The account a key imported in the fake wallet gets, and a second phrase's account 0. */
export const IMPORTED_KEY_ADDRESS = '0xE11BA2b4D45Eaed5996Cd0823791E0C93114882d';
export const SECOND_PHRASE_ADDRESS = '0xd03ea8624C8C5987235048901fB614fDcA89b117';
export const WORDS = 'abandon ability able about above absent absorb abstract absurd abuse access accident'.split(' ');

export function walletState(overrides: Partial<WalletState> = {}): WalletState {
  return {
    exists: true,
    locked: false,
    accounts: [
      { address: ALICE, kind: 'hd', index: 0, phrase: 0 },
      { address: BOB, kind: 'hd', index: 1, phrase: 0, name: 'Savings' },
    ],
    hasMnemonic: true,
    autoLockMinutes: 15,
    pendingApprovals: [],
    retryAt: null,
    ...overrides,
  };
}

export function balances(): AccountBalances {
  return {
    at: { blockNumber: 1234, blockHash: '0x' + 'ab'.repeat(32), timestamp: NOW / 1000 - 12 },
    accounts: [
      { address: ALICE, balance: '2000000000000000000', nonce: '3', tokens: [{ token: CAROL, balance: '1500000' }], delegation: { kind: 'none' } },
      { address: BOB, error: 'PROOF_VALUE_MISMATCH: the proof says otherwise' },
    ],
    tokens: [{ address: CAROL, symbol: 'USDC', decimals: 6 }],
  };
}

/**
 * The fake wallet's ENS names: bob.eth proven (and BOB's primary name), off.eth served by a gateway
 * that must be allowed (its answer the gateway's word), nobody.eth with no address.
 */
export const FAKE_NAMES: Record<string, { address: string | null; gateway?: string; reverse?: boolean }> = {
  'bob.eth': { address: BOB, reverse: true },
  'off.eth': { address: CAROL, gateway: 'https://gw.example' },
  'nobody.eth': { address: null },
};

function resolveFakeName(raw: string, allowed: string[]) {
  const name = raw.trim().toLowerCase();
  if (/[_\s]/.test(name) || !name.includes('.')) throw new BackgroundError('INVALID_INPUT', `"${raw}" is not a valid ENS name (ENSIP-15): disallowed character`);
  const entry = FAKE_NAMES[name];
  const at = { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) };
  if (entry === undefined) return { name, address: null, resolver: null, provenance: { kind: 'proven' as const }, at };
  if (entry.gateway !== undefined && !allowed.includes(entry.gateway)) {
    throw new BackgroundError('GATEWAY_NOT_ALLOWED', 'the name is served by an offchain gateway, which would see the name: allow it to ask', undefined, entry.gateway);
  }
  const provenance = entry.gateway !== undefined ? { kind: 'gateway' as const, gateways: [entry.gateway], unpinned: ['0x' + '12'.repeat(20)] } : { kind: 'proven' as const };
  return { name, address: entry.address, resolver: '0x' + '12'.repeat(20), provenance, at };
}

/** What the background keeps of the wallet, behind the popup's wallet methods. */
export function fakeWallet(initial: WalletState = walletState()) {
  const calls: { method: string; args: unknown[] }[] = [];
  let state = initial;
  let password = 'correct horse';
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });
  const wrong = () => new BackgroundError('WRONG_PASSWORD', 'the password does not open the vault');
  const wallet: Omit<PopupApi, 'getStatus' | 'getSettings' | 'setNetwork' | 'saveProfile' | 'setOverrideWindowEthereum' | 'setMaxUnattendedCost' | 'setIncomingTolerance' | 'setBatchExpiry' | 'requestHosts'> & {
    calls: typeof calls;
    setState(s: WalletState): void;
    sendResult: Promise<string>;
    approval: ApprovalView | null;
    /** More approvals the background holds (the same site's queue, or another site's). */
    queued: ApprovalView[];
    activityRows: ActivityView[];
    sites: PermissionView[];
    l2Rows: L2AccountView[];
    l2TransferRows: L2TransferView[];
    l2DepositResult: Promise<string>;
    /** What the next l2Transfer throws (then it is cleared), or nothing: it is tracked as submitted. */
    l2TransferError: Error | null;
    /** The exits of every rollup, newest first. */
    exitRows: ExitView[];
    /**
     * What the next startExit throws (then it is cleared), or nothing: without an amount the devnet's
     * exit of the account (a new one at 'request', or the one under way or escaped, answered); with one,
     * a new exit at 'initiate'. Either is listed first.
     */
    startExitError: Error | null;
    /** What discoverNetwork answers (a copy, with the URLs it was given), unless discoverError is set. */
    discoverResult: NetworkPreview;
    /** What every discoverNetwork throws while set. */
    discoverError: Error | null;
    /** What every addNetwork throws while set; otherwise it answers status(). */
    addNetworkError: Error | null;
    /** What findLocalDevnet answers (null: no devnet runs). */
    localDevnet: LocalDevnet | null;
    /** What findLocalDevnet(at) answers for a place the user typed (default: nothing answers there). */
    localDevnetAt: (at: string) => Promise<LocalDevnet | null>;
    /** The followed rollups' exit routes, and the L2 balance exitBalance proves. */
    routeRows: ExitRouteView[];
    provenExitBalance: string;
  } = {
    calls,
    setState: (s) => (state = s),
    sendResult: new Promise<string>(() => {}),
    approval: null,
    queued: [],
    activityRows: [],
    sites: [],
    l2Rows: [],
    l2TransferRows: [],
    l2DepositResult: new Promise<string>(() => {}),
    l2TransferError: null,
    exitRows: [],
    startExitError: null,
    discoverResult: networkPreview(),
    discoverError: null,
    addNetworkError: null,
    localDevnet: null,
    localDevnetAt: async () => null,
    routeRows: [],
    provenExitBalance: '2500000000000000000',
    exitRoutes: vi.fn(async () => wallet.routeRows),
    exitBalance: vi.fn(async (params: { rollupChainId: number; address: string }) => ({ rollupChainId: params.rollupChainId, address: params.address.toLowerCase(), balance: wallet.provenExitBalance, l2Block: 123456, l1BlockNumber: 1234 })),
    async discoverNetwork(params) {
      record('discoverNetwork', params);
      if (wallet.discoverError) throw wallet.discoverError;
      return { ...structuredClone(wallet.discoverResult), beaconApi: params.beaconApi, moreBeaconApis: params.moreBeaconApis ?? [], executionRpc: params.executionRpc ?? null };
    },
    async findLocalDevnet(at) {
      if (at === undefined) record('findLocalDevnet');
      else record('findLocalDevnet', at);
      return at === undefined ? wallet.localDevnet : wallet.localDevnetAt(at);
    },
    async addNetwork(preview) {
      record('addNetwork', preview);
      if (wallet.addNetworkError) throw wallet.addNetworkError;
      return status({ network: { id: preview.id, label: preview.label, chainId: preview.chainId, preset: preview.preset, secondsPerSlot: preview.secondsPerSlot, beaconApis: [preview.beaconApi], executionRpcs: preview.executionRpc ? [preview.executionRpc] : [], checkpoint: preview.checkpoint?.root ?? null } });
    },
    getWalletState: vi.fn(async () => state),
    newMnemonic: vi.fn(async () => WORDS.join(' ')),
    async createWallet(params) {
      record('createWallet', params);
      password = params.password;
      state = walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0 }] });
      return state;
    },
    async unlock(p) {
      record('unlock', p);
      if (p !== password) throw wrong();
      state = { ...state, locked: false };
      return state;
    },
    async lock() {
      record('lock');
      state = { ...state, locked: true };
      return state;
    },
    async revealMnemonic(p) {
      record('revealMnemonic', p);
      if (p !== password) throw wrong();
      return WORDS.join(' ');
    },
    async addAccount(p) {
      record('addAccount', p);
      if (p !== password) throw wrong();
      state = { ...state, accounts: [...state.accounts, { address: CAROL, kind: 'hd', index: state.accounts.length }] };
      return state;
    },
    async importKey(k, p) {
      record('importKey', k, p);
      return state;
    },
    // Account management as the background does it: the password checked first, then the address.
    async importSecret(secret, p) {
      record('importSecret', secret, p);
      if (p !== password) throw wrong();
      const words = secret.trim().split(/\s+/);
      if (words.length === 1) {
        state = { ...state, accounts: [...state.accounts, { address: IMPORTED_KEY_ADDRESS, kind: 'imported' }] };
        return state;
      }
      if (words.join(' ') === WORDS.join(' ')) throw new BackgroundError('DUPLICATE_PHRASE', 'this recovery phrase is in the wallet already');
      const phrase = Math.max(0, ...state.accounts.map((a) => a.phrase ?? 0)) + 1;
      state = { ...state, accounts: [...state.accounts, { address: SECOND_PHRASE_ADDRESS, kind: 'hd', index: 0, phrase }] };
      return state;
    },
    async renameAccount(address, name, p) {
      record('renameAccount', address, name, p);
      if (p !== password) throw wrong();
      if (!state.accounts.some((a) => a.address === address)) throw new BackgroundError('UNKNOWN_ACCOUNT', 'the wallet holds no account with this address');
      state = { ...state, accounts: state.accounts.map((a) => (a.address !== address ? a : name.trim() === '' ? { address: a.address, kind: a.kind, ...(a.index !== undefined ? { index: a.index } : {}), ...(a.phrase !== undefined ? { phrase: a.phrase } : {}) } : { ...a, name: name.trim() })) };
      return state;
    },
    async removeImportedKey(address, p) {
      record('removeImportedKey', address, p);
      if (p !== password) throw wrong();
      if (!state.accounts.some((a) => a.address === address && a.kind === 'imported')) throw new BackgroundError('UNKNOWN_ACCOUNT', 'the wallet holds no imported key with this address');
      state = { ...state, accounts: state.accounts.filter((a) => a.address !== address) };
      return state;
    },
    async removePhrase(address, p) {
      record('removePhrase', address, p);
      if (p !== password) throw wrong();
      const phrase = state.accounts.find((a) => a.address === address && a.kind === 'hd')?.phrase;
      if (phrase === undefined) throw new BackgroundError('UNKNOWN_ACCOUNT', 'no such account');
      if (phrase === 0) throw new BackgroundError('INVALID_INPUT', "the wallet's own recovery phrase (the first) cannot be removed");
      state = { ...state, accounts: state.accounts.filter((a) => a.kind !== 'hd' || a.phrase !== phrase) };
      return state;
    },
    async forgetWallet(confirm) {
      record('forgetWallet', confirm);
      if (confirm.trim().toLowerCase() !== 'forget') throw new BackgroundError('INVALID_INPUT', 'type "forget" to confirm that the wallet is forgotten');
      if (state.locked) throw new BackgroundError('LOCKED', 'the wallet is locked: unlock it first');
      state = { ...state, exists: false, locked: true, accounts: [], hasMnemonic: false };
      return state;
    },
    async setAutoLock(m) {
      record('setAutoLock', m);
      state = { ...state, autoLockMinutes: m };
    },
    balances: vi.fn(async () => balances()),
    activity: vi.fn(async () => wallet.activityRows),
    permissions: vi.fn(async () => wallet.sites),
    async revoke(origin) {
      record('revoke', origin);
      wallet.sites = wallet.sites.filter((s) => s.origin !== origin);
    },
    send(params) {
      record('send', params);
      return wallet.sendResult;
    },
    replaceTransaction(hash, kind) {
      record('replaceTransaction', hash, kind);
      return wallet.sendResult;
    },
    async addToken(t) {
      record('addToken', t);
    },
    async removeToken(address) {
      record('removeToken', address);
    },
    async resolveName(name, allowedGateways) {
      record('resolveName', name, allowedGateways);
      return resolveFakeName(name, allowedGateways ?? []);
    },
    async lookupAddress(address) {
      record('lookupAddress', address);
      const name = Object.entries(FAKE_NAMES).find(([, v]) => v.address === address && v.reverse)?.[0] ?? null;
      return { address, name, ...(name === null ? { why: 'no-record' } : {}), provenance: { kind: 'proven' }, at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32) } };
    },
    async changePassword(p, next) {
      record('changePassword', p, next);
      if (p !== password) throw wrong();
      if (next.length < 8) throw new BackgroundError('WEAK_PASSWORD', 'the new password is too short');
      password = next;
    },
    l2Accounts: vi.fn(async () => wallet.l2Rows),
    l2Transfers: vi.fn(async () => wallet.l2TransferRows),
    l2Deposit(params) {
      record('l2Deposit', params);
      return wallet.l2DepositResult;
    },
    async l2Transfer(params) {
      record('l2Transfer', params);
      const error = wallet.l2TransferError;
      if (error) {
        wallet.l2TransferError = null;
        throw error;
      }
      const t = l2Transfer({ rollupChainId: params.rollupChainId, from: params.from, to: /^\d+$/.test(params.to) ? null : params.to, amount: BigInt(params.value).toString() });
      wallet.l2TransferRows = [...wallet.l2TransferRows, t];
      return t;
    },
    async allowExitFee(id) {
      record('allowExitFee', [id]);
      const i = wallet.exitRows.findIndex((e) => e.id === id);
      if (i < 0 || wallet.exitRows[i]!.feeAsked === undefined) throw new Error(`no exit ${id} asking for a fee`);
      wallet.exitRows[i] = { ...wallet.exitRows[i]!, feeAllowance: wallet.exitRows[i]!.feeAsked! };
      return wallet.exitRows[i]!;
    },
    async abandonExit(id) {
      record('abandonExit', [id]);
      const i = wallet.exitRows.findIndex((e) => e.id === id);
      if (i < 0 || wallet.exitRows[i]!.terminal || wallet.exitRows[i]!.archivedAt !== undefined) throw new BackgroundError('INVALID_INPUT', `no exit ${id} to abandon`);
      wallet.exitRows[i] = { ...wallet.exitRows[i]!, archivedAt: NOW, abandonedAt: NOW };
      return wallet.exitRows[i]!;
    },
    async startExit(params) {
      record('startExit', params);
      const error = wallet.startExitError;
      if (error) {
        wallet.startExitError = null;
        throw error;
      }
      const owner = params.address.toLowerCase();
      if (params.amount !== undefined) {
        const e = rollupExitView({ rollupChainId: params.rollupChainId, owner, amount: params.amount, id: `new:${wallet.exitRows.length}`, step: 'initiate', sent: {} });
        wallet.exitRows = [e, ...wallet.exitRows];
        return e;
      }
      const row = wallet.l2Rows.find((r) => r.rollupChainId === params.rollupChainId && r.address.toLowerCase() === owner);
      // Like the background: the devnet exit of this account under way (or escaped) is answered as it is.
      const existing = wallet.exitRows.find((e) => e.rollupChainId === params.rollupChainId && e.owner === owner && e.archivedAt === undefined && (!e.terminal || e.step === 'escaped'));
      if (existing) return existing;
      const e = exitView({ rollupChainId: params.rollupChainId, owner, amount: row?.balance ?? '0', facts: { index: String(row?.index ?? 0), contract: EXIT_CONTRACT } });
      wallet.exitRows = [e, ...wallet.exitRows];
      return e;
    },
    exits: vi.fn(async () => wallet.exitRows),
    async getApproval(id) {
      const a = approvalById(id);
      return { ...a, locked: state.locked };
    },
    async approvalQueue(id) {
      const a = approvalById(id);
      return { origin: a.origin, pending: allApprovals().filter((x) => x.origin === a.origin && x.status === 'pending').map((x) => x.id) };
    },
    async approvalClosing(id) {
      record('approvalClosing', id);
      return null;
    },
    async resolveApproval(id, approve, accounts, acknowledged) {
      // The boxes ticked only when some were (the background checks them again).
      record('resolveApproval', id, approve, accounts, ...(acknowledged ? [acknowledged] : []));
      const a = approvalById(id);
      const answered: ApprovalView = approve
        ? { ...a, status: 'done', result: a.kind === 'transaction' ? '0x' + 'cd'.repeat(32) : a.kind === 'connect' ? (accounts ?? []).map((x) => x.toLowerCase()) : '0x' + '11'.repeat(65) }
        : { ...a, status: 'rejected', error: { code: 'USER_REJECTED', message: 'rejected in the approval window' } };
      if (wallet.approval?.id === id) wallet.approval = answered;
      else wallet.queued = wallet.queued.map((x) => (x.id === id ? answered : x));
      return { ...answered, locked: state.locked };
    },
  };
  function allApprovals(): ApprovalView[] {
    return [...(wallet.approval ? [wallet.approval] : []), ...wallet.queued];
  }
  function approvalById(id: string): ApprovalView {
    const a = allApprovals().find((x) => x.id === id);
    if (!a) throw new BackgroundError('INVALID_INPUT', `no approval ${id}`);
    return a;
  }
  return wallet;
}

const network = { id: 'devnet', chainId: 1337, name: 'Devnet' };

/** A plain 1.5 ETH send as src/client/wallet/transaction-details.ts transactionDetails writes it. */
export function transactionApproval(overrides: Partial<ApprovalView> = {}, details: Record<string, unknown> = {}): ApprovalView {
  return {
    id: 'a1',
    kind: 'transaction',
    origin: 'http://127.0.0.1:3000',
    status: 'pending',
    locked: false,
    network,
    details: {
      from: ALICE,
      tx: { type: 2, chainId: '1337', nonce: '3', gasLimit: '21000', to: BOB, value: '1500000000000000000', data: '0x', maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', accessList: [] },
      maxCost: '1500042000000000000',
      gasSource: 'verified-estimate',
      tipSource: 'verified',
      at: { blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32), timestamp: String(NOW / 1000 - 4) },
      verdict: {
        ok: true,
        facts: {
          network: 'Devnet',
          chainId: '1337',
          blockNumber: '1234',
          blockHash: '0x' + 'ab'.repeat(32),
          headAgeSeconds: 4,
          nonce: '3',
          balance: '2000000000000000000',
          pendingCount: 0,
          pendingMaxCost: '0',
          maxCost: '1500042000000000000',
          balanceAfter: '499958000000000000',
        },
        warnings: [],
      },
      decoded: null,
      summary: 'Send 1.5 ETH',
      preparedAt: NOW,
      ...details,
    },
    ...overrides,
  };
}

/** What the window gets for a transaction the signing policy refused (stored as failed at once). */
export function refusedApproval(): ApprovalView {
  const refusals = [
    { code: 'STALE_HEAD', severity: 'refusal', message: 'The newest verified head is 95 s old; Vigil signs only on a head at most 36 s old.' },
    { code: 'INSUFFICIENT_VERIFIED_BALANCE', severity: 'refusal', message: 'The proven balance 1 ETH does not cover value + max fee × gas = 1.500042 ETH.' },
  ];
  return transactionApproval(
    { status: 'failed', error: { code: 'STALE_HEAD', message: refusals[0]!.message } },
    {
      verdict: {
        ok: false,
        refusals,
        warnings: [],
        facts: { network: 'Devnet', chainId: '1337', blockNumber: '1234', blockHash: '0x' + 'ab'.repeat(32), headAgeSeconds: 95, nonce: '3', balance: '1000000000000000000' },
      },
    },
  );
}

// ------------------------------------------------------------------ rollups

export const ROLLUP_ROOT = '0x' + '5a'.repeat(32);

/** A followed rollup, healthy, its batch 12's proof re-verified at L1 block 1234. */
export function rollupView(overrides: Partial<RollupView> = {}): RollupView {
  const view: RollupView = {
    chainId: 901,
    name: 'Vigil ZK devnet',
    kind: 'vigil-zk-v1',
    unit: 'batch',
    evm: false,
    signals: [],
    claim: null,
    state: 'following',
    liveness: 'healthy',
    facts: { lastBatchAgeSeconds: 12, oldestQueuedAgeSeconds: null, frozen: false },
    batch: 12,
    root: ROLLUP_ROOT,
    acceptedAt: NOW / 1000 - 12,
    status: 'finalized',
    proof: 'verified',
    tier: tierJson({ tier: 'reverified', steps: { verified: 12, wanted: 1, anchored: true }, system: 'groth16' }),
    nativeCurrency: ETHER,
    exit: { available: true },
    l1: { blockNumber: 1234, blockHash: '0x' + 'ab'.repeat(32) },
    error: null,
    checkedAt: NOW - 2000,
    data: null,
    ...overrides,
  };
  // A root not re-verified has the tier its adapter gives: none without a read, else optimistic (OP Stack, Arbitrum).
  if (overrides.proof !== undefined && overrides.proof !== 'verified' && overrides.tier === undefined) {
    view.tier = overrides.proof === null ? null : tierJson(optimisticTier(view.status ?? 'claimed', view.claim?.until ?? null));
  }
  // The facts in the kind's words (its adapter's), as the background derives them (unless a test gives its own).
  if (overrides.signals === undefined && view.facts) view.signals = livenessSignals(ROLLUP_ADAPTERS[view.kind]!.words, view.facts);
  return view;
}

// ------------------------------------------------------------------ a rollup's data (issue 54)

export const BATCH_TX = '0x' + 'b7'.repeat(32);
export const BEACON_ROOT = '0x' + 'be'.repeat(32);
/** Two beacon APIs: the devnet's and a mirror. */
export const BEACON_A = 'http://127.0.0.1:5052';
export const BEACON_B = 'http://127.0.0.1:5053';

type Availability = NonNullable<RollupDataView['availability']>;
type Endpoint = Availability['endpoints'][number];
const endpoint = (url: string, over: Partial<Endpoint> = {}): Endpoint => ({ url, asked: 8, served: 8, verified: 8, bad: 0, demoted: false, ...over });
const DAY = 86_400;

/**
 * What sampling batch 12's two blobs found, by status (src/l2/data/availability.ts): verified (16
 * of 128 columns from two endpoints at slot 1234), partial (10 of 16), unsampled (the endpoints
 * served no columns), expired-checked (checked 20 days ago), expired-unchecked, untied. Overrides win.
 */
export function availability(status: Availability['status'], overrides: Partial<Availability> = {}): Availability {
  const nowS = NOW / 1000;
  const base: Availability = {
    status,
    slot: 1234,
    beaconRoot: BEACON_ROOT,
    blobs: 2,
    columns: { asked: 16, verified: 16, total: 128 },
    endpoints: [endpoint(BEACON_A), endpoint(BEACON_B)],
    checkedAt: nowS - 30,
    expiresAt: nowS + 18 * DAY,
    words: '',
  };
  switch (status) {
    case 'partial':
      Object.assign(base, { columns: { asked: 16, verified: 10, total: 128 }, endpoints: [endpoint(BEACON_A, { asked: 16, served: 10, verified: 10 }), endpoint(BEACON_B, { asked: 16, served: 0, verified: 0 })] });
      break;
    case 'unsampled':
      Object.assign(base, { columns: { asked: 16, verified: 0, total: 128 }, endpoints: [endpoint(BEACON_A, { served: 0, verified: 0 }), endpoint(BEACON_B, { served: 0, verified: 0 })] });
      break;
    case 'expired-checked':
      Object.assign(base, { checkedAt: nowS - 20 * DAY, expiresAt: nowS - DAY });
      break;
    case 'expired-unchecked':
      Object.assign(base, { columns: { asked: 0, verified: 0, total: 128 }, endpoints: [], checkedAt: null, expiresAt: nowS - DAY });
      break;
    case 'untied':
      Object.assign(base, { slot: null, beaconRoot: null, columns: { asked: 0, verified: 0, total: 128 }, endpoints: [], checkedAt: null, expiresAt: null, code: 'BLOB_TIE_UNPROVEN', reason: "the block's beacon root is in no verified header yet" });
      break;
  }
  return { ...base, ...overrides };
}

/** Batch 12's data, in two blobs of L1 tx BATCH_TX (block 1230) tied to the root; sampled and verified unless overridden. */
export function rollupData(overrides: Partial<RollupDataView> = {}): RollupDataView {
  return {
    where: 'blobs',
    batch: 'batch 12',
    tie: 'root',
    l1: { tx: BATCH_TX, block: 1230 },
    words: 'data in Ethereum blobs: 2 versioned hashes',
    scope: "the batch behind the accepted root, named by the rollup contract's proven storage",
    availability: availability('verified'),
    ...overrides,
  };
}

/** Alice's L2 account #3 on rollup 901: 1.25 ETH proven at batch 12. */
export function l2Account(overrides: Partial<L2AccountView> = {}): L2AccountView {
  return {
    rollupChainId: 901,
    rollupName: 'Vigil ZK devnet',
    nativeCurrency: ETHER,
    address: ALICE,
    index: 3,
    balance: '1250000000000000000',
    nonce: '2',
    publicKey: { ax: '1', ay: '2' },
    batch: 12,
    batchAgeSeconds: 12,
    proof: 'verified',
    tier: tierJson({ tier: 'reverified', steps: { verified: 12, wanted: 1, anchored: true }, system: 'groth16' }),
    l1BlockNumber: 1234,
    error: null,
    ...overrides,
  };
}

let transferCount = 0;

export function l2Transfer(overrides: Partial<L2TransferView> = {}): L2TransferView {
  transferCount++;
  return {
    id: '0x' + transferCount.toString(16).padStart(64, '0'),
    rollupChainId: 901,
    from: ALICE,
    to: BOB,
    fromIndex: 3,
    toIndex: 4,
    amount: '500000000000000000',
    nonce: '2',
    status: 'submitted',
    createdAt: NOW - 5000 + transferCount,
    updatedAt: NOW - 5000 + transferCount,
    ...overrides,
  };
}

// ------------------------------------------------------------------ forced exits

export const EXIT_CONTRACT = '0x' + 'c0'.repeat(20);
export const REQUEST_TX = '0x12' + '34'.repeat(31);
export const FREEZE_TX = '0x56' + '78'.repeat(31);
export const ESCAPE_TX = '0x9a' + 'bc'.repeat(31);

/** The L1 head clock of the exit fixtures (seconds): the status' now less 12 s. */
const T = NOW / 1000 - 12;
/** The forced deadline of the devnet exit fixture: 42 s after the status' now. */
export const EXIT_DEADLINE = NOW / 1000 + 42;

const ETHER_VIEW = { name: 'Ether', symbol: 'ETH', decimals: 18 };

/** The devnet rollup's exit route, as its plan gives it (src/l2/vigil-zk/exit.ts), with the forced deadline (s) proven on L1 when given. */
export function devnetRoute(overrides: Partial<ExitRouteView> = {}, forcedDeadline?: number): ExitRouteView {
  const config = { name: 'Vigil ZK devnet', chainId: 901, contract: EXIT_CONTRACT } as unknown as VigilZkConfig;
  const storage = new Map([[storageKey({ slot: ROLLUP_SLOTS.forcedDeadline }), BigInt(forcedDeadline ?? 0)]]);
  const l1 = forcedDeadline === undefined ? undefined : { blockNumber: 1234n, blockHash: '0x' + '12'.repeat(32), timestamp: BigInt(NOW / 1000), accounts: new Map([[EXIT_CONTRACT.toLowerCase(), { codeHash: '0x' + '34'.repeat(32), storage }]]) };
  return { chainId: 901, name: 'Vigil ZK devnet', kind: 'vigil-zk-v1', liveness: 'stalled', l1BlockNumber: 1234, partial: false, nativeCurrency: ETHER_VIEW, route: vigilZkExitPlan.route(config, l1 as never), ...overrides };
}

/** What the devnet plan says it waits for at each waiting step of the fixture. */
const DEVNET_WAITS: Partial<Record<string, NonNullable<ExitView['waiting']>>> = {
  requesting: { reason: 'The forced withdrawal request is not in a verified L1 block yet.' },
  waiting: { reason: 'Queued on L1 as entry #7: the sequencer may still process it; else anyone may freeze the rollup once the forced deadline passed.', until: EXIT_DEADLINE + 1 },
  freezing: { reason: 'The freeze is not in a verified L1 block yet.' },
  escaping: { reason: 'The escape is not in a verified L1 block yet.' },
};

/**
 * Alice's forced exit of L2 account #3 on the devnet rollup 901 (1.25 ETH), at `step` with what
 * the record holds by then: the sent transactions, the queue entry, the deadline (42 s after the
 * status' now), what it waits for, and a history of every step on the way. Overrides win.
 */
export function exitView(overrides: Partial<ExitView> = {}): ExitView {
  const step = overrides.step ?? 'request';
  const path = ['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped'];
  const upto = path.indexOf(step);
  const reached = (s: string) => upto >= path.indexOf(s);
  const history = (upto >= 0 ? path.slice(0, upto + 1) : ['request', step]).map((s, i) => ({ step: s, at: T - 600 + i * 60 }));
  const sent: ExitView['sent'] = {
    ...(reached('requesting') ? { request: { hash: REQUEST_TX, at: T - 540 } } : {}),
    ...(reached('freezing') ? { freeze: { hash: FREEZE_TX, at: T - 300 } } : {}),
    ...(reached('escaping') ? { escape: { hash: ESCAPE_TX, at: T - 180 } } : {}),
  };
  const facts: ExitView['facts'] = {
    index: '3',
    contract: EXIT_CONTRACT,
    ...(reached('waiting') ? { queueIndex: '7', queuedAt: String(T - 480), deadline: String(EXIT_DEADLINE) } : {}),
    ...(reached('escape') ? { escapeAmount: '1250000000000000000' } : {}),
    ...(step === 'escaped' ? { recovered: '1250000000000000000' } : {}),
  };
  const waiting = DEVNET_WAITS[step];
  return {
    id: '901:3',
    kind: 'vigil-zk-v1',
    networkId: 'devnet',
    rollupChainId: 901,
    owner: ALICE.toLowerCase(),
    amount: '1250000000000000000',
    step,
    terminal: ['withdrawn', 'escaped', 'failed'].includes(step),
    sent,
    facts,
    ...(waiting ? { waiting } : {}),
    reverts: 0,
    history,
    createdAt: T - 600,
    updatedAt: T,
    ...overrides,
  };
}

// ------------------------------------------------------------------ real rollups' exits

/** An OP-like route with real delays (the plans' own come from their configs). */
export function exitRoute(overrides: Partial<ExitRouteView> = {}): ExitRouteView {
  return {
    chainId: 10,
    name: 'OP Mainnet',
    kind: 'op-stack-v1',
    liveness: 'healthy',
    nativeCurrency: ETHER_VIEW,
    l1BlockNumber: 1234,
    partial: true,
    route: [
      { step: 'initiate', title: 'Force the withdrawal in through L1', who: 'you', delaySeconds: 12 * 3600, detail: 'a deposit transaction on L1 that the sequencer must include' },
      { step: 'prove', title: 'Prove the withdrawal', who: 'you', delaySeconds: 7 * 86_400, detail: 'against an output root in a dispute game' },
      { step: 'finalize', title: 'Finalize on L1', who: 'you', detail: 'the portal pays you' },
    ],
    ...overrides,
  };
}

export function rollupExitView(overrides: Partial<ExitView> = {}): ExitView {
  return {
    id: 'op-stack-v1:10:0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1:1800000000',
    kind: 'op-stack-v1',
    rollupChainId: 10,
    owner: ALICE.toLowerCase(),
    amount: '1500000000000000000',
    step: 'prove',
    sent: { initiate: { hash: '0x' + 'ab'.repeat(32), at: NOW / 1000 - 600 } },
    facts: {},
    reverts: 0,
    history: [{ step: 'initiate', at: NOW / 1000 - 700 }],
    createdAt: NOW / 1000 - 700,
    updatedAt: NOW / 1000 - 600,
    networkId: 'mainnet',
    terminal: false,
    ...overrides,
  };
}

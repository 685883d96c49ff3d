// @vitest-environment happy-dom
/**
 * Settings → "Add network": the URLs in (trimmed, host access asked first), the preview of what
 * the beacon API says (chain, preset, forks, the checkpoint and whose word it is, warnings), and
 * nothing saved until "Add and switch".
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../src/extension/messages.ts';
import { BackgroundError, backgroundApi, type NetworkPreview, type PopupApi } from '../../../src/ui/api.ts';
import { SettingsView } from '../../../src/ui/components/settings-view.ts';
import { explainNetworkError, formatUtc } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { fakeWallet, networkPreview, settings, status } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(cleanup);

/** The fake wallet (its switches and recorded calls) and the popup api around it. */
function setup() {
  const wallet = fakeWallet();
  let saved = settings();
  const hosts: string[][] = [];
  let grantHosts = true;
  const api: PopupApi = {
    ...wallet,
    getStatus: vi.fn(async () => status()),
    getSettings: vi.fn(async () => saved),
    setNetwork: vi.fn(async () => status()),
    saveProfile: vi.fn(async () => status()),
    setOverrideWindowEthereum: vi.fn(async () => status()),
    setMaxUnattendedCost: vi.fn(async () => status()),
    setIncomingTolerance: vi.fn(async () => status()),
    setBatchExpiry: vi.fn(async () => status()),
    async requestHosts(urls) {
      hosts.push(urls);
      return grantHosts;
    },
    // What the background does on save: a profile more, and it is the current one.
    async addNetwork(preview) {
      const answer = await wallet.addNetwork(preview);
      saved = {
        ...saved,
        current: preview.id,
        profiles: {
          ...saved.profiles,
          [preview.id]: { id: preview.id, label: preview.label, chainId: preview.chainId, beaconApis: [preview.beaconApi], executionRpcs: [] },
        },
      };
      return answer;
    },
  };
  const onSaved = vi.fn<(s: Settings) => void>();
  const el = root();
  function Host(): ComponentChild {
    const [s, setS] = useState(settings());
    return h(SettingsView, { api, settings: s, onSaved: (next: Settings) => (onSaved(next), setS(next)) });
  }
  return {
    wallet,
    api,
    hosts,
    onSaved,
    el,
    refuseHosts: () => (grantHosts = false),
    calls: (method: string) => wallet.calls.filter((c) => c.method === method).map((c) => c.args),
    async open() {
      await act(async () => render(h(Host, null), el));
      await act(async () => (byTestId(el, 'add-network-open') as HTMLButtonElement).click());
    },
    async type(testid: string, value: string) {
      await act(async () => {
        const input = byTestId(el, testid) as HTMLInputElement;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    },
    async click(testid: string) {
      await act(async () => (byTestId(el, testid) as HTMLButtonElement).click());
      await flush();
    },
  };
}

describe('add network: the form', () => {
  it('is closed until "Add network" is clicked', async () => {
    const t = setup();
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    expect(byTestId(t.el, 'add-network-beacon')).toBeNull();
    await t.click('add-network-open');
    expect(byTestId(t.el, 'add-network-beacon')).not.toBeNull();
    expect(byTestId(t.el, 'add-network-rpc')).not.toBeNull();
  });

  it('asks for host access, then reads the network with the trimmed URLs', async () => {
    const t = setup();
    await t.open();
    await t.type('add-network-beacon', '  https://beacon.example:5052/  ');
    await t.type('add-network-rpc', ' https://rpc.example \n');
    await t.click('add-network-read');
    expect(t.hosts).toEqual([['https://beacon.example:5052/', 'https://rpc.example']]);
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'https://beacon.example:5052/', executionRpc: 'https://rpc.example' }]]);
    expect(byTestId(t.el, 'add-network-preview')).not.toBeNull();
  });

  it('sends no executionRpc key when the RPC field is empty or blank', async () => {
    const t = setup();
    await t.open();
    await t.type('add-network-beacon', 'http://127.0.0.1:5052');
    await t.type('add-network-rpc', '   ');
    await t.click('add-network-read');
    const [[params]] = t.calls('discoverNetwork') as [[Record<string, unknown>]];
    expect(params).toStrictEqual({ beaconApi: 'http://127.0.0.1:5052' });
    expect('executionRpc' in params).toBe(false);
    expect(t.hosts).toEqual([['http://127.0.0.1:5052']]);
  });

  it('does not read the network when host access is refused', async () => {
    const t = setup();
    t.refuseHosts();
    await t.open();
    await t.type('add-network-beacon', 'https://beacon.example');
    await t.click('add-network-read');
    expect(t.hosts).toEqual([['https://beacon.example']]);
    expect(t.calls('discoverNetwork')).toEqual([]);
    expect(byTestId(t.el, 'add-network-preview')).toBeNull();
    const error = byTestId(t.el, 'add-network-error')!;
    expect(error.textContent).toContain('needs access');
    expect(error.textContent).toContain('Nothing was saved');
    // Still the form, with the URL kept.
    expect((byTestId(t.el, 'add-network-beacon') as HTMLInputElement).value).toBe('https://beacon.example');
  });

  it('asks for a beacon API URL before anything else', async () => {
    const t = setup();
    await t.open();
    await t.click('add-network-read');
    expect(t.hosts).toEqual([]);
    expect(t.calls('discoverNetwork')).toEqual([]);
    expect(byTestId(t.el, 'add-network-error')!.textContent).toContain('enter the URL of a beacon API');
  });

  it('disables the button and says what it reads while reading', async () => {
    const t = setup();
    let answer: (p: NetworkPreview) => void = () => {};
    t.api.discoverNetwork = () => new Promise<NetworkPreview>((r) => (answer = r));
    await t.open();
    await t.type('add-network-beacon', 'https://beacon.example');
    await t.click('add-network-read');
    const button = byTestId(t.el, 'add-network-read') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect((byTestId(t.el, 'add-network-beacon') as HTMLInputElement).disabled).toBe(true);
    expect(byTestId(t.el, 'add-network-reading')!.textContent).toBe('Reading the network from https://beacon.example…');
    await act(async () => answer(networkPreview()));
    await flush();
    expect(byTestId(t.el, 'add-network-reading')).toBeNull();
    expect(byTestId(t.el, 'add-network-preview')).not.toBeNull();
  });

  it('reads on Enter in a field instead of saving the settings form around it', async () => {
    const t = setup();
    await t.open();
    await t.type('add-network-beacon', 'http://127.0.0.1:5052');
    await act(async () => {
      const input = byTestId(t.el, 'add-network-beacon') as HTMLInputElement;
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await flush();
    expect(t.calls('discoverNetwork')).toHaveLength(1);
    expect(t.api.saveProfile).not.toHaveBeenCalled();
  });
});

describe('add network: the preview', () => {
  async function previewed(overrides: Partial<NetworkPreview> = {}) {
    const t = setup();
    t.wallet.discoverResult = networkPreview(overrides);
    await t.open();
    await t.type('add-network-beacon', 'http://127.0.0.1:5052');
    await t.click('add-network-read');
    return t;
  }

  it('shows the chain, label, preset, genesis, forks, checkpoint and warnings', async () => {
    const t = await previewed();
    const preview = byTestId(t.el, 'add-network-preview')!;
    expect(byTestId(preview, 'add-network-chain')!.textContent).toBe('chain 1337 (0x539)');
    expect(byTestId(preview, 'add-network-label')!.textContent).toBe('Kurtosis devnet (id kurtosis)');
    expect(byTestId(preview, 'add-network-preset')!.textContent).toBe('minimal · 6 s per slot');
    expect(byTestId(preview, 'add-network-genesis')!.textContent).toBe('2027-01-15 08:00:00 UTC');

    const forks = [...byTestId(preview, 'add-network-forks')!.querySelectorAll('[data-fork]')];
    expect(forks.map((f) => [f.getAttribute('data-fork'), f.getAttribute('data-state')])).toEqual([
      ['capella', 'active'],
      ['deneb', 'active'],
      ['electra', 'scheduled'],
      ['fulu', 'unscheduled'],
      ['gloas', 'unknown'],
    ]);
    expect(forks[0]!.textContent).toContain('active since epoch 0');
    expect(forks[2]!.textContent).toContain('scheduled at epoch 100');
    expect(forks[3]!.textContent).toContain('not scheduled');
    expect(forks[4]!.textContent).toContain('unknown to Vigil');
    expect(forks[4]!.textContent).toContain('scheduled at epoch 200');
    expect(forks[2]!.textContent).not.toContain('unknown');

    const checkpoint = byTestId(preview, 'add-network-checkpoint')!;
    expect(checkpoint.textContent).toContain('0xababab…ababcd');
    expect(checkpoint.textContent).toContain('at slot 1,024');
    expect(checkpoint.textContent).toContain('From this beacon API only: replace it in Settings if you have one you trust');
    expect(checkpoint.querySelector('code')!.getAttribute('title')).toBe('0x' + 'ab'.repeat(31) + 'cd');

    const warnings = [...byTestId(preview, 'add-network-warnings')!.querySelectorAll('[data-testid="add-network-warning"]')].map((w) => w.textContent);
    expect(warnings).toEqual(networkPreview().warnings);
    expect((byTestId(preview, 'add-network-save') as HTMLButtonElement).textContent).toBe('Add and switch');
    expect(byTestId(preview, 'add-network-cancel')).not.toBeNull();
    expect(t.calls('addNetwork')).toEqual([]);
  });

  it('lists an unknown fork the schedule leaves out, and says when there is no checkpoint', async () => {
    const t = await previewed({ unknownForks: ['heze'], checkpoint: null, warnings: [] });
    const forks = [...byTestId(t.el, 'add-network-forks')!.querySelectorAll('[data-fork]')];
    expect(forks.at(-1)!.getAttribute('data-fork')).toBe('heze');
    expect(forks.at(-1)!.getAttribute('data-state')).toBe('unknown');
    expect(byTestId(t.el, 'add-network-checkpoint')!.textContent).toContain('no finalized checkpoint');
    expect(byTestId(t.el, 'add-network-warnings')).toBeNull();
  });

  it('adds the network on "Add and switch" and refreshes the settings', async () => {
    const t = await previewed();
    await t.click('add-network-save');
    expect(t.calls('addNetwork')).toEqual([[{ ...networkPreview(), beaconApi: 'http://127.0.0.1:5052', executionRpc: null }]]);
    expect(t.api.getSettings).toHaveBeenCalledTimes(1);
    expect(t.onSaved).toHaveBeenCalledTimes(1);
    expect(t.onSaved.mock.calls[0]![0].current).toBe('kurtosis');
    expect(byTestId(t.el, 'add-network-saved')!.textContent).toBe('Added Kurtosis devnet: following it now.');
    expect(byTestId(t.el, 'add-network-preview')).toBeNull();
    // The chooser above follows the new current network.
    expect((byTestId(t.el, 'network-select') as HTMLSelectElement).value).toBe('kurtosis');
    expect(t.api.saveProfile).not.toHaveBeenCalled();
  });

  it('goes back to the form on Cancel, saving nothing', async () => {
    const t = await previewed();
    await t.click('add-network-cancel');
    expect(byTestId(t.el, 'add-network-preview')).toBeNull();
    expect((byTestId(t.el, 'add-network-beacon') as HTMLInputElement).value).toBe('http://127.0.0.1:5052');
    expect(t.calls('addNetwork')).toEqual([]);
    expect(t.onSaved).not.toHaveBeenCalled();
  });

  it('keeps the preview and says so when saving fails', async () => {
    const t = await previewed();
    t.wallet.addNetworkError = new BackgroundError('INVALID_INPUT', 'a network with chain id 1337 exists already');
    await t.click('add-network-save');
    expect(t.calls('addNetwork')).toHaveLength(1);
    expect(t.onSaved).not.toHaveBeenCalled();
    const error = byTestId(t.el, 'add-network-error')!;
    expect(error.getAttribute('data-code')).toBe('INVALID_INPUT');
    expect(error.textContent).toContain('a network with chain id 1337 exists already');
    expect(error.textContent).toContain('was not added');
    expect(byTestId(t.el, 'add-network-preview')).not.toBeNull();
    expect(byTestId(t.el, 'add-network-saved')).toBeNull();
  });
});

describe('add network: errors', () => {
  it('shows the code and the reason in words, and saves nothing', async () => {
    const t = setup();
    t.wallet.discoverError = new BackgroundError('HTTP_STATUS', 'GET https://beacon.example/eth/v1/config/spec: 404 Not Found');
    await t.open();
    await t.type('add-network-beacon', 'https://beacon.example');
    await t.click('add-network-read');
    const error = byTestId(t.el, 'add-network-error')!;
    expect(error.getAttribute('data-code')).toBe('HTTP_STATUS');
    expect(error.textContent).toContain('answered with an error status');
    expect(error.textContent).toContain('404 Not Found');
    expect(error.textContent).toContain('Nothing was saved');
    expect(byTestId(t.el, 'add-network-preview')).toBeNull();
    expect(byTestId(t.el, 'add-network-save')).toBeNull();
    expect(t.calls('addNetwork')).toEqual([]);
    expect(t.onSaved).not.toHaveBeenCalled();
    // The form is back, ready for another try.
    expect((byTestId(t.el, 'add-network-read') as HTMLButtonElement).disabled).toBe(false);
  });

  it('has words for the codes reading a network meets, the message otherwise', () => {
    const e = (code: string, message = 'the detail') => explainNetworkError({ code, message });
    expect(e('NETWORK')).toContain('could not reach the server');
    expect(e('TIMEOUT')).toContain('did not answer in time');
    expect(e('BAD_RESPONSE')).toContain('not what a beacon API');
    expect(e('INVALID_INPUT', 'SECONDS_PER_SLOT must be a number')).toBe('Something is malformed: SECONDS_PER_SLOT must be a number');
    expect(e('HTTP_STATUS', '500')).toContain('(500)');
    expect(e('SOMETHING_NEW', 'what the background said')).toBe('what the background said');
    expect(formatUtc(0)).toBe('1970-01-01 00:00:00 UTC');
    expect(e('NETWORK_CHECKPOINT_DISAGREEMENT')).toContain('disagree on the finalized checkpoint (the detail)');
    expect(e('NETWORK_GENESIS_MISMATCH')).toContain('do not describe one network');
    expect(e('NETWORK_CHAIN_ID_MISMATCH')).toContain('another chain');
  });
});

describe('add network: several beacon APIs', () => {
  it('reads the first and has the others confirm it, host access asked for all', async () => {
    const t = setup();
    await t.open();
    await t.type('add-network-beacon', ' https://a.example, https://b.example  https://c.example ');
    await t.click('add-network-read');
    expect(t.hosts).toEqual([['https://a.example', 'https://b.example', 'https://c.example']]);
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'https://a.example', moreBeaconApis: ['https://b.example', 'https://c.example'] }]]);
    expect(byTestId(t.el, 'add-network-beacons')!.textContent).toBe('https://a.example · https://b.example · https://c.example');
  });

  it('says who agreed on the checkpoint, and lists the rollups it would follow', async () => {
    const t = setup();
    t.wallet.discoverResult = networkPreview({
      checkpoint: { root: '0x' + 'ab'.repeat(32), slot: 7, source: 'beacon-apis', agreedBy: ['a.example', 'b.example'] },
      rollups: [{ kind: 'vigil-zk-v1', chainId: 31339, label: 'Vigil devnet rollup', config: {} }],
      warnings: [],
    });
    await t.open();
    await t.type('add-network-beacon', 'https://a.example');
    await t.click('add-network-read');
    expect(byTestId(t.el, 'add-network-agreed')!.textContent).toBe('Agreed by beacon APIs on 2 hosts: a.example, b.example.');
    expect(byTestId(t.el, 'add-network-rollups')!.textContent).toBe('Vigil devnet rollup · chain 31339 (vigil-zk-v1)');
  });
});

describe('the local devnet offer', () => {
  const devnet = { kind: 'vigil-devnet-v1' as const, label: 'Vigil devnet', chainId: 31337, beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002', rollups: [{ kind: 'vigil-zk-v1' }], routers: [] as string[], tokens: [] as { address: string; symbol: string }[] };

  it('is not shown when no devnet answers', async () => {
    const t = setup();
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    expect(t.calls('findLocalDevnet')).toHaveLength(1);
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
  });

  it('offers a running devnet; one click reads it with its URLs and rollups, and saves only on "Add and switch"', async () => {
    const t = setup();
    t.wallet.localDevnet = devnet;
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    expect(byTestId(t.el, 'devnet-offer')!.textContent).toContain('chain 31337');
    expect(byTestId(t.el, 'devnet-offer')!.textContent).toContain('1 rollup');
    await t.click('devnet-offer-use');
    await flush();
    // Asked in the click (the shipped extension grants no local host), then again as the network is read (granted: no prompt).
    expect(t.hosts).toEqual([['http://127.0.0.1:7001', 'http://127.0.0.1:7002'], ['http://127.0.0.1:7001', 'http://127.0.0.1:7002']]);
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002', rollups: devnet.rollups }]]);
    expect(byTestId(t.el, 'add-network-preview')).not.toBeNull();
    expect(t.calls('addNetwork')).toEqual([]);
    await t.click('add-network-save');
    expect(t.calls('addNetwork')).toHaveLength(1);
  });

  it("passes the devnet's Uniswap V2 routers to the read, and the preview names them", async () => {
    const t = setup();
    const router = '0x68b1d87f95878fe05b998f19b66f4baba5de1aed';
    t.wallet.localDevnet = { ...devnet, routers: [router] };
    t.wallet.discoverResult = networkPreview({ routers: [router] });
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    await t.click('devnet-offer-use');
    await flush();
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002', rollups: devnet.rollups, routers: [router] }]]);
    expect(byTestId(t.el, 'add-network-routers')!.textContent).toBe(`Uniswap V2 ${router}`);
  });

  it("passes the devnet's own tokens to the read, and the preview lists them", async () => {
    const t = setup();
    const tokens = [{ address: '0x5fbdb2315678afecb367f032d93f642f64180aa3', symbol: 'VTA' }, { address: '0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9', symbol: 'WETH' }];
    t.wallet.localDevnet = { ...devnet, tokens };
    t.wallet.discoverResult = networkPreview({ tokens });
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    await t.click('devnet-offer-use');
    await flush();
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002', rollups: devnet.rollups, tokens }]]);
    expect(byTestId(t.el, 'add-network-tokens')!.textContent).toBe(`VTA ${tokens[0]!.address} · WETH ${tokens[1]!.address}`);
  });

  it("passes the devnet's ENS UniversalResolver to the read", async () => {
    const t = setup();
    const ur = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
    t.wallet.localDevnet = { ...devnet, ensUniversalResolver: ur };
    t.wallet.discoverResult = networkPreview({ ensUniversalResolver: ur });
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    await t.click('devnet-offer-use');
    await flush();
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002', rollups: devnet.rollups, ensUniversalResolver: ur }]]);
  });

  it('asks for the local hosts in the click; refused, nothing is read and it says why', async () => {
    const t = setup();
    t.wallet.localDevnet = devnet;
    t.refuseHosts();
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    await t.click('devnet-offer-use');
    await flush();
    expect(t.hosts).toEqual([['http://127.0.0.1:7001', 'http://127.0.0.1:7002']]);
    expect(byTestId(t.el, 'devnet-offer-hosts')!.textContent).toContain('needs access');
    expect(t.calls('discoverNetwork')).toEqual([]);
    expect(byTestId(t.el, 'add-network')).toBeNull();
  });

  it('is not offered again once a profile follows its beacon API', async () => {
    const t = setup();
    t.wallet.localDevnet = { ...devnet, beaconApi: settings().profiles.devnet!.beaconApis[0]! };
    await act(async () => render(h(SettingsView, { api: t.api, settings: settings(), onSaved: t.onSaved }), t.el));
    await flush();
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
  });
});

describe("the popup's host access (browser.permissions)", () => {
  /** The browser's optional host permissions: granted ones, prompts shown, and whether a click is under way. */
  function browserPermissions(granted: string[], options: { inClick: boolean; answer: boolean }) {
    const prompts: string[][] = [];
    return {
      prompts,
      granted,
      permissions: {
        request: async ({ origins }: { origins: string[] }) => {
          if (!options.inClick) throw new Error('permissions.request may only be called from a user input handler');
          if (origins.every((o) => granted.includes(o))) return true;
          prompts.push(origins);
          if (options.answer) granted.push(...origins);
          return options.answer;
        },
        contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o)),
      },
    };
  }
  const send = async () => ({ ok: true, result: null });

  it('asks for a local network like any other URL: the shipped extension grants no 127.0.0.1 or localhost', async () => {
    const b = browserPermissions([], { inClick: true, answer: true });
    const api = backgroundApi(send, b.permissions);
    expect(await api.requestHosts(['http://127.0.0.1:5052', 'http://localhost:8545/rpc', 'https://beacon.example:5052/x'])).toBe(true);
    expect(b.prompts).toEqual([['http://127.0.0.1/*', 'http://localhost/*', 'https://beacon.example/*']]);
    // Granted once, asked again without a prompt.
    expect(await api.requestHosts(['http://127.0.0.1:6000'])).toBe(true);
    expect(b.prompts).toHaveLength(1);
  });

  it('refused by the user: false; outside a click (no prompt possible): what is granted already decides', async () => {
    expect(await backgroundApi(send, browserPermissions([], { inClick: true, answer: false }).permissions).requestHosts(['http://127.0.0.1:5052'])).toBe(false);
    expect(await backgroundApi(send, browserPermissions([], { inClick: false, answer: true }).permissions).requestHosts(['http://127.0.0.1:5052'])).toBe(false);
    expect(await backgroundApi(send, browserPermissions(['http://127.0.0.1/*'], { inClick: false, answer: true }).permissions).requestHosts(['http://127.0.0.1:5052'])).toBe(true);
  });
});

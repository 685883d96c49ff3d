// @vitest-environment happy-dom
/**
 * Settings finds a Vigil devnet wherever it describes itself: the port or local URL the user types
 * (a refusal in words for anything else, a note when nothing answers), the offer then as for the
 * well-known port; a devnet on the chain id of a saved one is said to be another, and what using it
 * does; "Add network" says what it carried from a devnet's description, or what the network lacks.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../src/extension/messages.ts';
import { BackgroundError, type LocalDevnet, type PopupApi } from '../../../src/ui/api.ts';
import { AddNetwork, lacksText } from '../../../src/ui/components/add-network.ts';
import { DevnetOffer, devnetRelation } from '../../../src/ui/components/devnet-offer.ts';
import { cleanup, render } from './dom.ts';
import { fakeWallet, networkPreview, settings, status } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(cleanup);

const ROOT_A = '0x' + 'aa'.repeat(32);
const ROOT_B = '0x' + 'bb'.repeat(32);
const devnet: LocalDevnet = {
  kind: 'vigil-devnet-v1',
  label: 'Vigil devnet',
  chainId: 1337,
  beaconApi: 'http://127.0.0.1:7001',
  executionRpc: 'http://127.0.0.1:7002',
  rollups: [],
  routers: [],
  tokens: [],
  genesisValidatorsRoot: ROOT_B,
  genesisTime: 1_800_000_000,
  configName: 'devnet',
};

/** The fixture's settings, its "devnet" profile on genesis ROOT_A (chain 1337, beacon API :5052). */
function saved(): Settings {
  const s = settings();
  s.profiles.devnet = { ...s.profiles.devnet!, config: { GENESIS_VALIDATORS_ROOT: ROOT_A, GENESIS_TIME: '1700000000', CONFIG_NAME: 'devnet' } };
  return s;
}

function setup(s: Settings = settings()) {
  const wallet = fakeWallet();
  const api: PopupApi = { ...wallet, getSettings: vi.fn(async () => s), requestHosts: async () => true } as unknown as PopupApi;
  const submitted = vi.fn((e: Event) => e.preventDefault());
  const el = document.body.appendChild(document.createElement('div'));
  return {
    wallet,
    el,
    submitted,
    calls: (method: string) => wallet.calls.filter((c) => c.method === method).map((c) => c.args),
    async render() {
      // Inside a form, as in Settings: Enter in its field must look, not submit the settings.
      await act(async () => render(h('form', { onSubmit: submitted }, h(DevnetOffer, { api, settings: s, onSaved: () => {} })), el));
      await flush();
    },
    async type(value: string) {
      await act(async () => {
        const input = byTestId(el, 'devnet-find-at') as HTMLInputElement;
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

describe('a devnet on another port', () => {
  it('nothing on the well-known port: no offer; the port typed finds it, and the offer reads it with one click', async () => {
    const t = setup();
    t.wallet.localDevnetAt = async (at) => (at === '8591' ? { ...devnet, chainId: 4242 } : null);
    await t.render();
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
    expect(byTestId(t.el, 'devnet-find')!.textContent).toContain('Find a Vigil devnet on this computer');
    await t.type(' 8591 ');
    await t.click('devnet-find-look');
    expect(t.calls('findLocalDevnet')).toEqual([[], ['8591']]);
    expect(byTestId(t.el, 'devnet-offer')!.textContent).toContain('chain 4242');
    await t.click('devnet-offer-use');
    await flush();
    expect(t.calls('discoverNetwork')).toStrictEqual([[{ beaconApi: 'http://127.0.0.1:7001', executionRpc: 'http://127.0.0.1:7002' }]]);
    expect(byTestId(t.el, 'add-network-preview')).not.toBeNull();
  });

  it('Enter in the field looks and does not submit the settings', async () => {
    const t = setup();
    await t.render();
    await t.type('8591');
    await act(async () => {
      byTestId(t.el, 'devnet-find-at')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await flush();
    expect(t.calls('findLocalDevnet')).toEqual([[], ['8591']]);
    expect(t.submitted).not.toHaveBeenCalled();
  });

  it('nothing answers there: says so, with the place typed', async () => {
    const t = setup();
    await t.render();
    await t.type('localhost:8599');
    await t.click('devnet-find-look');
    expect(byTestId(t.el, 'devnet-find-none')!.textContent).toBe('No Vigil devnet answers at localhost:8599: is it running, and is that the port it printed?');
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
  });

  it('a place not on this computer: the refusal in words, with its code, and no offer', async () => {
    const t = setup();
    t.wallet.localDevnetAt = async (at) => {
      throw new BackgroundError('INVALID_INPUT', `"${at}" is not on this computer: Vigil looks for a devnet only at 127.0.0.1 or localhost (a port (8591), or a URL on 127.0.0.1 or localhost)`);
    };
    await t.render();
    await t.type('http://192.168.1.5:8591');
    await t.click('devnet-find-look');
    const error = byTestId(t.el, 'devnet-find-error')!;
    expect(error.textContent).toContain('is not on this computer: Vigil looks for a devnet only at 127.0.0.1 or localhost');
    expect(error.getAttribute('data-code')).toBe('INVALID_INPUT');
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
  });

  it('found where typed but already saved: says so rather than nothing', async () => {
    const s = saved();
    const t = setup(s);
    t.wallet.localDevnetAt = async () => ({ ...devnet, genesisValidatorsRoot: ROOT_A });
    await t.render();
    await t.type('8591');
    await t.click('devnet-find-look');
    expect(byTestId(t.el, 'devnet-offer')).toBeNull();
    expect(byTestId(t.el, 'devnet-find-followed')!.textContent).toBe('That devnet is already saved: Devnet.');
  });
});

describe('another devnet on a followed chain id', () => {
  it('says it is not the one followed, by genesis, and that using it replaces the saved one of its name', async () => {
    const t = setup(saved());
    t.wallet.localDevnet = devnet;
    await t.render();
    const offer = byTestId(t.el, 'devnet-offer')!;
    expect(offer.textContent).toContain('Another Vigil devnet runs on this computer');
    const other = byTestId(t.el, 'devnet-offer-other')!.textContent!;
    expect(other).toContain('Not the devnet you follow: Devnet is chain 1337 too, but its genesis is 0xbbbbbb…bbbbbb (2027-01-15 08:00:00 UTC), Devnet\'s is 0xaaaaaa…aaaaaa (2023-11-14 22:13:20 UTC).');
    expect(other).toContain('Using this one replaces Devnet in Vigil (its servers, checkpoint and rollups); your accounts stay.');
  });

  it('under another name on another genesis: says Vigil cannot add it beside the saved one (one chain id, one chain)', async () => {
    const t = setup(saved());
    t.wallet.localDevnet = { ...devnet, configName: 'otherdevnet' };
    await t.render();
    expect(byTestId(t.el, 'devnet-offer-other')!.textContent).toContain('Vigil cannot add it beside Devnet: a transaction signed on one would be valid on the other.');
  });

  it('a devnet restarted on the same ports is another one (by genesis); the same genesis on another port is the one followed', () => {
    const s = saved();
    expect(devnetRelation({ ...devnet, beaconApi: 'http://127.0.0.1:5052' }, s).kind).toBe('other');
    expect(devnetRelation({ ...devnet, genesisValidatorsRoot: ROOT_A }, s).kind).toBe('followed');
    expect(devnetRelation({ ...devnet, chainId: 4242 }, s).kind).toBe('new');
  });

  it('an older object without genesis is compared by beacon API; added beside only if it is the same chain', async () => {
    const { genesisValidatorsRoot: _r, genesisTime: _t, configName: _n, ...older } = devnet;
    const s = saved();
    expect(devnetRelation({ ...older, beaconApi: 'http://127.0.0.1:5052' }, s).kind).toBe('followed');
    const relation = devnetRelation(older, s);
    expect(relation).toMatchObject({ kind: 'other', why: "its beacon API is http://127.0.0.1:7001, not Devnet's" });
    const t = setup(s);
    t.wallet.localDevnet = older;
    await t.render();
    expect(byTestId(t.el, 'devnet-offer-other')!.textContent).toContain('Vigil adds it beside Devnet only if it is the same chain: on another genesis it is refused, since a transaction signed on one would be valid on the other.');
  });
});

describe('"Add network" says what a network has and lacks', () => {
  async function preview(over: Parameters<typeof networkPreview>[0]) {
    const wallet = fakeWallet();
    wallet.discoverResult = networkPreview(over);
    const api = { ...wallet, requestHosts: async () => true, getStatus: async () => status() } as unknown as PopupApi;
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(AddNetwork, { api, onSaved: () => {}, from: devnet }), el));
    await flush();
    return el;
  }

  it('given only servers: what the network will lack, and where a devnet says what it has', async () => {
    const el = await preview({ lacks: ['rollups', 'ens', 'routers', 'delegator'] });
    expect(byTestId(el, 'add-network-lacks')!.textContent).toBe(
      'Given only its servers, this network will have no rollups followed, no ENS names (no resolver), no swaps named (no Uniswap router), no smart-account delegate. A Vigil devnet describes them: use Settings → Find a Vigil devnet on this computer, or give its beacon API from vigil devnet\'s output.',
    );
    expect(byTestId(el, 'add-network-described')).toBeNull();
  });

  it("carried from a devnet's description: says so, and lacks only what it names none of", async () => {
    const el = await preview({ describedBy: 'http://127.0.0.1:7001/.well-known/vigil-devnet.json', lacks: ['rollups'], routers: ['0x' + '12'.repeat(20)] });
    expect(byTestId(el, 'add-network-described')!.textContent).toContain('A Vigil devnet: what it has comes from its description (http://127.0.0.1:7001/.well-known/vigil-devnet.json)');
    expect(byTestId(el, 'add-network-lacks')!.textContent).toBe('This network will have no rollups followed: its description names none.');
  });

  it('nothing lacking, or a network Vigil ships (no lacks): no note', async () => {
    expect(byTestId(await preview({ lacks: [] }), 'add-network-lacks')).toBeNull();
    expect(byTestId(await preview({}), 'add-network-lacks')).toBeNull();
    expect(lacksText(['ens'], true)).toBe('This network will have no ENS names (no resolver): its description names none.');
  });
});

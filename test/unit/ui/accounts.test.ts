// @vitest-environment happy-dom
/**
 * Account management in the popup (happy-dom): a second recovery phrase imported after onboarding
 * (the import field once took keys only), accounts added from a chosen phrase, an account renamed
 * inline, its address copied, an imported key and an imported phrase removed after a warning, the
 * wallet forgotten (the backup reminder first, then the typed word), the unlock field focused, and
 * the first screen of a fresh install that cannot reach its endpoints saying so.
 */
import { type ComponentChild, h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Status } from '../../../src/extension/messages.ts';
import { AccountsCard } from '../../../src/ui/components/accounts-card.ts';
import { endpointTrouble } from '../../../src/ui/components/onboarding/endpoint-notice.ts';
import { SecurityCard } from '../../../src/ui/components/security-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, fakeWallet, IMPORTED_KEY_ADDRESS, NOW, SECOND_PHRASE_ADDRESS, status, walletState, WORDS } from './fixtures.ts';

const SECOND = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = async (el: Element, id: string) => {
  await act(async () => (byTestId(el, id) as HTMLElement).click());
  await flush();
};
async function type(el: Element, id: string, value: string) {
  await act(async () => {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
/** What `find` finds once the renders after a few reads have run. */
async function until<T>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = find();
    if (found) return found;
    await flush();
  }
  throw new Error('never rendered');
}
const rowOf = (el: Element, address: string) => el.querySelector(`[data-testid="wallet-account"][data-address="${address}"]`)!;

async function mount(vnode: ComponentChild) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(vnode, el));
  await flush();
  return el;
}
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

type Api = ReturnType<typeof fakeWallet>;
const wallet = (api: Api, props: Record<string, unknown> = {}) => mount(h(WalletView, { api: api as never, pollMs: 60_000, ...props }));
/** The wallet view with its accounts open (the home header's Manage), as the user reaches them. */
async function accounts(api: Api) {
  const el = await wallet(api);
  await click(el, 'home-manage');
  return el;
}

describe('importing at any time', () => {
  it('imports a second recovery phrase from the popup: its account shows, named for its wallet', async () => {
    const api = fakeWallet();
    const el = await accounts(api);
    await click(el, 'wallet-import-key');
    await type(el, 'wallet-import-secret', `  ${SECOND}  `);
    await type(el, 'wallet-import-password', 'correct horse');
    await click(el, 'wallet-import-submit');
    expect(api.calls.filter((c) => c.method === 'importSecret').map((c) => c.args)).toEqual([[SECOND, 'correct horse']]);
    expect(allByTestId(el, 'wallet-account')).toHaveLength(3);
    expect(byTestId(rowOf(el, SECOND_PHRASE_ADDRESS), 'account-name')!.textContent).toBe('Wallet 2 · Account 1');
    // An imported phrase can be removed again (from its first account); the wallet's own cannot.
    expect(byTestId(rowOf(el, SECOND_PHRASE_ADDRESS), 'account-remove-phrase')).not.toBeNull();
    expect(byTestId(rowOf(el, ALICE), 'account-remove-phrase')).toBeNull();
    expect(byTestId(el, 'wallet-import-secret')).toBeNull();
  });

  it('says why an import is refused: the same phrase again, a wrong password, something that is neither a phrase nor a key', async () => {
    const api = fakeWallet();
    const el = await accounts(api);
    await click(el, 'wallet-import-key');
    await type(el, 'wallet-import-secret', WORDS.join(' '));
    await type(el, 'wallet-import-password', 'correct horse');
    await click(el, 'wallet-import-submit');
    expect(byTestId(el, 'wallet-import-error')!.textContent).toBe('That recovery phrase is in the wallet already.');
    expect(byTestId(el, 'wallet-import-error')!.getAttribute('data-code')).toBe('DUPLICATE_PHRASE');
    await type(el, 'wallet-import-secret', SECOND);
    await type(el, 'wallet-import-password', 'wrong one');
    await click(el, 'wallet-import-submit');
    expect(byTestId(el, 'wallet-import-error')!.textContent).toBe('Wrong password');
    const calls = api.calls.length;
    await type(el, 'wallet-import-secret', 'one two three');
    await type(el, 'wallet-import-password', 'correct horse');
    await click(el, 'wallet-import-submit');
    expect(byTestId(el, 'wallet-import-error')!.textContent).toContain('12, 15, 18, 21 or 24 words');
    expect(api.calls.length).toBe(calls);
    expect(allByTestId(el, 'wallet-account')).toHaveLength(2);
  });

  it('imports a private key through the same field', async () => {
    const api = fakeWallet();
    const el = await accounts(api);
    await click(el, 'wallet-import-key');
    await type(el, 'wallet-import-secret', 'ab'.repeat(32));
    await type(el, 'wallet-import-password', 'correct horse');
    await click(el, 'wallet-import-submit');
    expect(api.calls.find((c) => c.method === 'importKey')!.args).toEqual(['0x' + 'ab'.repeat(32), 'correct horse']);
  });

  it('adds an account from the phrase chosen when the wallet holds several', async () => {
    const api = fakeWallet(walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: SECOND_PHRASE_ADDRESS, kind: 'hd', index: 0, phrase: 1 }] }));
    const spy = vi.spyOn(api, 'addAccount');
    const el = await accounts(api);
    await click(el, 'wallet-add-account');
    const select = byTestId(el, 'wallet-add-phrase') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['This wallet (Account 1)', 'Wallet 2 (Wallet 2 · Account 1)']);
    await act(async () => {
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await type(el, 'wallet-add-password', 'correct horse');
    await click(el, 'wallet-add-submit');
    expect(spy).toHaveBeenCalledWith('correct horse', 1);
  });

  it('offers no phrase to choose from while the wallet holds one', async () => {
    const api = fakeWallet();
    const spy = vi.spyOn(api, 'addAccount');
    const el = await accounts(api);
    await click(el, 'wallet-add-account');
    expect(byTestId(el, 'wallet-add-phrase')).toBeNull();
    await type(el, 'wallet-add-password', 'correct horse');
    await click(el, 'wallet-add-submit');
    expect(spy).toHaveBeenCalledWith('correct horse');
  });
});

describe('each account', () => {
  it('is renamed inline with the password; a wrong one says so and names nothing', async () => {
    const api = fakeWallet();
    const el = await accounts(api);
    await click(rowOf(el, BOB), 'account-rename');
    const input = byTestId(el, 'account-rename-input') as HTMLInputElement;
    expect(input.value).toBe('Savings');
    expect(document.activeElement).toBe(input);
    await type(el, 'account-rename-input', 'Rainy day');
    await type(el, 'account-rename-password', 'not it');
    await click(el, 'account-rename-submit');
    expect(byTestId(el, 'account-rename-error')!.textContent).toBe('Wrong password');
    expect(byTestId(rowOf(el, BOB), 'account-name')!.textContent).toBe('Savings');
    await type(el, 'account-rename-password', 'correct horse');
    await click(el, 'account-rename-submit');
    expect(byTestId(rowOf(el, BOB), 'account-name')!.textContent).toBe('Rainy day');
    expect(byTestId(el, 'account-rename-input')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'renameAccount').at(-1)!.args).toEqual([BOB, 'Rainy day', 'correct horse']);
  });

  it('copies its address, and says so', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const el = await accounts(fakeWallet());
    await click(rowOf(el, BOB), 'account-copy');
    expect(writeText).toHaveBeenCalledWith(BOB);
    expect(byTestId(rowOf(el, BOB), 'account-copy')!.textContent).toBe('Copied');
    writeText.mockRejectedValueOnce(new Error('denied'));
    await click(rowOf(el, ALICE), 'account-copy');
    expect(byTestId(rowOf(el, ALICE), 'account-copy')!.textContent).toBe('Select it to copy');
  });

  it('removes an imported key after saying only the key brings it back; HD accounts offer no removal', async () => {
    const api = fakeWallet(walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: IMPORTED_KEY_ADDRESS, kind: 'imported' }] }));
    const el = await accounts(api);
    expect(byTestId(rowOf(el, ALICE), 'account-remove')).toBeNull();
    await click(rowOf(el, IMPORTED_KEY_ADDRESS), 'account-remove');
    expect(rowOf(el, IMPORTED_KEY_ADDRESS).querySelector('.warning')!.textContent).toContain('Only that key brings the account back');
    await type(el, 'account-remove-password', 'wrong');
    await click(el, 'account-remove-submit');
    expect(byTestId(el, 'account-remove-error')!.textContent).toBe('Wrong password');
    await type(el, 'account-remove-password', 'correct horse');
    await click(el, 'account-remove-submit');
    expect(allByTestId(el, 'wallet-account').map((r) => r.getAttribute('data-address'))).toEqual([ALICE]);
  });

  it('removes an imported phrase with all its accounts, naming them first', async () => {
    const api = fakeWallet(walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: SECOND_PHRASE_ADDRESS, kind: 'hd', index: 0, phrase: 1 }, { address: BOB, kind: 'hd', index: 1, phrase: 1, name: 'Old savings' }] }));
    const el = await accounts(api);
    expect(byTestId(rowOf(el, BOB), 'account-remove-phrase')).toBeNull();
    await click(rowOf(el, SECOND_PHRASE_ADDRESS), 'account-remove-phrase');
    const warning = rowOf(el, SECOND_PHRASE_ADDRESS).querySelector('.warning')!.textContent!;
    expect(warning).toContain('its 2 accounts (Wallet 2 · Account 1, Old savings)');
    expect(warning).toContain('Only the phrase brings them back');
    expect(byTestId(el, 'account-remove-phrase-submit')!.textContent).toBe('Remove 2 accounts');
    await type(el, 'account-remove-phrase-password', 'correct horse');
    await click(el, 'account-remove-phrase-submit');
    expect(allByTestId(el, 'wallet-account').map((r) => r.getAttribute('data-address'))).toEqual([ALICE]);
  });

  it('keeps working with the props and api it had before (an api without the new methods)', async () => {
    const api = fakeWallet();
    const el = await mount(h(AccountsCard, { api: { addAccount: api.addAccount, importKey: api.importKey }, state: walletState(), balances: null, onState: () => {} }));
    expect(allByTestId(el, 'wallet-account')).toHaveLength(2);
    expect(byTestId(el, 'account-rename')).toBeNull();
    expect(byTestId(el, 'wallet-import-key')!.textContent).toBe('Import a key');
  });
});

describe('the recovery phrase shown again', () => {
  it('asks which phrase when the wallet holds several, and asks for that one', async () => {
    const api = fakeWallet();
    const spy = vi.spyOn(api, 'revealMnemonic');
    const state = walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: SECOND_PHRASE_ADDRESS, kind: 'hd', index: 0, phrase: 1 }] });
    const el = await mount(h(SecurityCard, { api: api as never, state }));
    await click(el, 'reveal-open');
    const select = byTestId(el, 'reveal-phrase') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['This wallet (Account 1)', 'Wallet 2 (Wallet 2 · Account 1)']);
    await act(async () => {
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await type(el, 'reveal-password', 'correct horse');
    await click(el, 'reveal-submit');
    expect(spy).toHaveBeenCalledWith('correct horse', 1);
    expect(allByTestId(el, 'reveal-word').length).toBe(WORDS.length);
  });

  it('asks no question while the wallet holds one phrase', async () => {
    const api = fakeWallet();
    const spy = vi.spyOn(api, 'revealMnemonic');
    const el = await mount(h(SecurityCard, { api: api as never, state: walletState() }));
    await click(el, 'reveal-open');
    expect(byTestId(el, 'reveal-phrase')).toBeNull();
    await type(el, 'reveal-password', 'correct horse');
    await click(el, 'reveal-submit');
    expect(spy).toHaveBeenCalledWith('correct horse');
  });
});

describe('forgetting the wallet', () => {
  async function security(api: Api, state = walletState()) {
    const onForgotten = vi.fn();
    const el = await mount(h(SecurityCard, { api: api as never, state, tokens: [], onTokensChanged: () => {}, onForgotten }));
    return { el, onForgotten };
  }

  it('reminds first that the phrase is the only way back, then asks the word typed, then forgets', async () => {
    const api = fakeWallet();
    const { el, onForgotten } = await security(api);
    await click(el, 'forget-open');
    expect(byTestId(el, 'forget-reminder')!.textContent).toContain('Only your recovery phrase can bring the accounts back');
    expect(byTestId(el, 'forget-confirm-input')).toBeNull();
    await click(el, 'forget-continue');
    const submit = byTestId(el, 'forget-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await type(el, 'forget-confirm-input', 'forge');
    expect((byTestId(el, 'forget-submit') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => (byTestId(el, 'forget-submit')!.closest('form') as HTMLFormElement).requestSubmit());
    expect(api.calls.filter((c) => c.method === 'forgetWallet')).toEqual([]);
    await type(el, 'forget-confirm-input', 'forget');
    await click(el, 'forget-submit');
    expect(api.calls.filter((c) => c.method === 'forgetWallet').map((c) => c.args)).toEqual([['forget']]);
    expect(onForgotten).toHaveBeenCalledWith(expect.objectContaining({ exists: false }));
    expect(byTestId(el, 'forget-done')).not.toBeNull();
  });

  it('names the imported phrases and keys that must be kept too', async () => {
    const { el } = await security(fakeWallet(), walletState({ accounts: [{ address: ALICE, kind: 'hd', index: 0, phrase: 0 }, { address: BOB, kind: 'hd', index: 0, phrase: 1 }, { address: IMPORTED_KEY_ADDRESS, kind: 'imported' }] }));
    await click(el, 'forget-open');
    expect(byTestId(el, 'forget-reminder')!.textContent).toContain('Only your recovery phrase, the recovery phrase you imported and the private key you imported can bring the accounts back');
  });

  it('says why the background refused (the wallet locked meanwhile), and forgets nothing', async () => {
    const api = fakeWallet();
    const { el, onForgotten } = await security(api);
    api.setState(walletState({ locked: true }));
    await click(el, 'forget-open');
    await click(el, 'forget-continue');
    await type(el, 'forget-confirm-input', 'forget');
    await click(el, 'forget-submit');
    expect(byTestId(el, 'forget-error')!.textContent).toBe('The wallet is locked: unlock it first.');
    expect(onForgotten).not.toHaveBeenCalled();
  });

  it('is followed by onboarding in the wallet view', async () => {
    const api = fakeWallet();
    // Settings holds the wallet's security; the Wallet tab shows onboarding once the state says there is no wallet.
    const settings = await wallet(api, { pollMs: 30, view: 'settings' });
    await click(settings, 'forget-open');
    await click(settings, 'forget-continue');
    await type(settings, 'forget-confirm-input', 'forget');
    await click(settings, 'forget-submit');
    expect(await until(() => byTestId(settings, 'wallet-away'))).not.toBeNull();
    const home = await wallet(api);
    expect(await until(() => byTestId(home, 'onboard-create'))).not.toBeNull();
  });
});

describe('unlocking', () => {
  it('puts the focus in the password field when the unlock form shows', async () => {
    const el = await wallet(fakeWallet(walletState({ locked: true })));
    expect(document.activeElement).toBe(byTestId(el, 'unlock-password'));
  });
});

describe("a fresh install's first screen", () => {
  const unreachable = (): Status =>
    status({
      network: { ...status().network, id: 'mainnet', label: 'Ethereum mainnet' },
      state: 'bootstrapping',
      optimistic: null,
      finalized: null,
      period: null,
      errors: [
        { source: 'sync', code: 'NETWORK', message: 'fetch failed', severity: 'warning', endpoint: 'https://beacon.example.org/eth/v1/beacon/light_client/bootstrap/0x11', at: NOW - 2000 },
        { source: 'sync', code: 'TIMEOUT', message: 'no answer in 10 s', severity: 'warning', endpoint: 'https://other-beacon.example.net', at: NOW - 1000 },
      ],
    });

  it('says the endpoints cannot be reached, in words, with what to do, above the choice to create a wallet', async () => {
    const api = { ...fakeWallet(walletState({ exists: false, locked: true, accounts: [] })), getStatus: vi.fn(async () => unreachable()) };
    const el = await wallet(api as never);
    const notice = await until(() => byTestId(el, 'endpoint-notice'));
    expect(notice.textContent).toContain('Vigil cannot reach the Ethereum endpoints of Ethereum mainnet: you can create your wallet now; balances will be proven once it connects. Check your connection, or choose other endpoints in Settings.');
    expect(notice.textContent).toContain('Not answering: beacon.example.org, other-beacon.example.net');
    expect(notice.getAttribute('role')).toBe('status');
    // Creating the wallet stays offered.
    expect(byTestId(el, 'onboard-create')).not.toBeNull();
    expect(notice.compareDocumentPosition(byTestId(el, 'onboard-create')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says nothing once a head is verified, or before any failure; says when no endpoint is set', () => {
    expect(endpointTrouble(status())).toBeNull();
    expect(endpointTrouble(status({ state: 'starting', optimistic: null, finalized: null, errors: [] }))).toBeNull();
    // A verified head: they answered, whatever errors came before.
    expect(endpointTrouble({ ...unreachable(), optimistic: status().optimistic })).toBeNull();
    // A lying server is not an unreachable one.
    expect(endpointTrouble(status({ optimistic: null, finalized: null, errors: [{ source: 'sync', code: 'SYNC_SIGNATURE_INVALID', message: 'x', severity: 'error', at: NOW }] }))).toBeNull();
    expect(endpointTrouble(status({ state: 'unconfigured', optimistic: null, finalized: null }))).toMatchObject({ kind: 'unconfigured', text: expect.stringContaining('Add a beacon API and an execution RPC in Settings') });
  });

  it('shows no notice when the status is fine', async () => {
    const api = { ...fakeWallet(walletState({ exists: false, locked: true, accounts: [] })), getStatus: vi.fn(async () => status()) };
    const el = await wallet(api as never);
    expect(api.getStatus).toHaveBeenCalled();
    expect(byTestId(el, 'endpoint-notice')).toBeNull();
  });
});

/**
 * The popup's account management end to end but for the browser: src/ui/api.ts methods → the
 * runtime messages of src/extension/messages.ts → services.ts accountsRequest on the whole wallet
 * (fake-indexeddb) → the reply as background.ts sends it (JSON, errors through the wire), the
 * vault work done as in the extension: sent to the app host over the link (JSON) and checked when
 * it comes back. Each answers the wallet's state; a wrong password, a locked wallet, an unknown
 * address and a duplicate come back to the popup as errors with their codes, and an app host whose
 * answer is not its keys' has nothing stored. The unlock, a phrase shown again and a new phrase's
 * words are vault work too: the keys an unlock brings back are held only when they are the vault's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { errorToWire } from '../../../src/core/error-wire.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import type { Wallet } from '../../../src/client/wallet/wallet.ts';
import { type BackgroundRequest, isAccountsRequest, type Reply } from '../../../src/extension/messages.ts';
import { accountsRequest, appVaultWork } from '../../../src/extension/services.ts';
import { vaultWork } from '../../../src/extension/app-host.ts';
import type { AppRequest } from '../../../src/extension/link.ts';
import { errorFromWire } from '../../../src/core/error-wire.ts';
import type { VaultWork } from '../../../src/wallet/keyring-changes.ts';
import { backgroundApi } from '../../../src/ui/api.ts';
import { deriveAccount } from '../../../src/wallet/hd.ts';
import { mnemonicToSeedSync } from '../../../src/wallet/mnemonic.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { createKeyring } from '../../../src/wallet/keyring.ts';
import { encodeUnlockedKeys, unlockKeys } from '../../../src/wallet/keyring-keys.ts';
import { ACCOUNT0, freshWorld, MNEMONIC, RECIPIENT, setup } from '../client/wallet/wallet-world.ts';

const PASSWORD = 'correct horse';
const SECOND = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const SECOND0 = deriveAccount(mnemonicToSeedSync(SECOND), 0).address;
const KEY2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ACCOUNT2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

beforeAll(cryptoReady);

/** The app host at the other end of the link: requests and answers as JSON, refusals through the wire. */
function linkedVaultWork(tamper: (answer: Record<string, unknown>, request: AppRequest & { type: 'app:vault' }) => unknown = (a) => a): { work: VaultWork; sent: string[] } {
  const sent: string[] = [];
  const app = {
    request: async (request: AppRequest) => {
      const text = JSON.stringify(request);
      sent.push(text);
      const r = JSON.parse(text) as AppRequest & { type: 'app:vault' };
      try {
        return JSON.parse(JSON.stringify(tamper((await vaultWork(r)) as Record<string, unknown>, r)));
      } catch (err) {
        throw errorFromWire(JSON.parse(JSON.stringify(errorToWire(err))));
      }
    },
  };
  return { work: appVaultWork(app as never), sent };
}

/** As background.ts answers a runtime message: the account ops through accountsRequest, and the few others this test needs. */
function background(wallet: Wallet) {
  const sent: BackgroundRequest[] = [];
  const send = async (message: BackgroundRequest): Promise<Reply> => {
    sent.push(message);
    try {
      let result: unknown;
      if (isAccountsRequest(message)) result = await accountsRequest(wallet, message);
      else if (message.type === 'vigil:wallet:addAccount') result = (await wallet.keyring.addAccount(message.password, message.phrase), await wallet.state());
      else if (message.type === 'vigil:wallet:lock') result = (await wallet.keyring.lock(), await wallet.state());
      else if (message.type === 'vigil:wallet:unlock') result = (await wallet.keyring.unlock(message.password), await wallet.state());
      else throw new Error(`unknown message ${message.type}`);
      // Chrome carries extension messages as JSON.
      return JSON.parse(JSON.stringify({ ok: true, result }));
    } catch (err) {
      return JSON.parse(JSON.stringify({ ok: false, error: errorToWire(err) }));
    }
  };
  return { api: backgroundApi(send), sent };
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );
}

describe('account messages', () => {
  it('import, add from a phrase, rename, remove: each answers the new state', async () => {
    const link = linkedVaultWork();
    const { wallet } = await setup(freshWorld(), undefined, { vaultWork: link.work });
    await wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const { api, sent } = background(wallet);
    let state = await api.importSecret(SECOND, PASSWORD);
    expect(state.accounts.map((a) => [a.address, a.phrase])).toEqual([[ACCOUNT0, 0], [SECOND0, 1]]);
    state = await api.addAccount(PASSWORD, 1);
    expect(state.accounts).toHaveLength(3);
    expect(sent.at(-1)).toEqual({ type: 'vigil:wallet:addAccount', password: PASSWORD, phrase: 1 });
    state = await api.importSecret(KEY2.slice(2), PASSWORD);
    expect(state.accounts.at(-1)).toEqual({ address: ACCOUNT2, kind: 'imported' });
    state = await api.renameAccount(SECOND0, 'Old wallet', PASSWORD);
    expect(state.accounts.find((a) => a.address === SECOND0)!.name).toBe('Old wallet');
    state = await api.removeImportedKey(ACCOUNT2, PASSWORD);
    expect(state.accounts.map((a) => a.address)).not.toContain(ACCOUNT2);
    state = await api.removePhrase(SECOND0, PASSWORD);
    expect(state.accounts.map((a) => a.address)).toEqual([ACCOUNT0]);
    // Every vault work went to the app host, the password with it, the nonce as hex.
    expect(link.sent.map((t) => (JSON.parse(t) as { work: string }).work)).toEqual(['seal', 'reseal', 'reseal', 'reseal', 'reseal', 'reseal', 'reseal']);
    expect(JSON.parse(link.sent[1]!)).toMatchObject({ type: 'app:vault', work: 'reseal', password: PASSWORD, change: { kind: 'importPhrase' }, nonce: expect.stringMatching(/^0x[0-9a-f]{24}$/) });
    expect(sent.map((m) => m.type)).toEqual([
      'vigil:wallet:importSecret',
      'vigil:wallet:addAccount',
      'vigil:wallet:importSecret',
      'vigil:wallet:renameAccount',
      'vigil:wallet:removeKey',
      'vigil:wallet:removePhrase',
    ]);
  });

  it('refusals reach the popup with their codes: a wrong password, an unknown address, a duplicate, a locked wallet', async () => {
    const { wallet, repo } = await setup(freshWorld(), undefined, { vaultWork: linkedVaultWork().work });
    await wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const { api } = background(wallet);
    expect(await code(api.importSecret(SECOND, 'wrong password'))).toBe('WRONG_PASSWORD');
    expect(await code(api.importSecret(MNEMONIC, PASSWORD))).toBe('DUPLICATE_PHRASE');
    expect(await code(api.renameAccount(RECIPIENT, 'x', PASSWORD))).toBe('UNKNOWN_ACCOUNT');
    expect(await code(api.removeImportedKey(ACCOUNT0, PASSWORD))).toBe('UNKNOWN_ACCOUNT');
    expect(await code(api.removePhrase(ACCOUNT0, PASSWORD))).toBe('INVALID_INPUT');
    expect(await code(api.forgetWallet('no'))).toBe('INVALID_INPUT');
    await api.lock();
    expect(await code(api.forgetWallet('forget'))).toBe('LOCKED');
    expect(await repo.getVault()).toBeDefined();
    await api.unlock(PASSWORD);
    const state = await api.forgetWallet('forget');
    expect(state).toMatchObject({ exists: false, locked: true, accounts: [] });
    expect(await repo.getVault()).toBeUndefined();
  });

  it('stores nothing an app host answers that is not what it was asked: a record whose addresses are not its keys\' (VAULT_INVALID)', async () => {
    let lie = false;
    const link = linkedVaultWork((answer) => (lie ? { ...answer, record: { ...(answer.record as object), addresses: [RECIPIENT] } } : answer));
    const { wallet, repo } = await setup(freshWorld(), undefined, { vaultWork: link.work });
    await wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const before = JSON.stringify(await repo.getVault());
    lie = true;
    expect(await code(wallet.accounts.import(SECOND, PASSWORD))).toBe('VAULT_INVALID');
    expect(JSON.stringify(await repo.getVault())).toBe(before);
    expect(wallet.keyring.addresses()).toEqual([ACCOUNT0]);
    // Another answer that is no vault record at all.
    const garbage = linkedVaultWork(() => ({ record: { version: 9 }, keys: '0x00', names: {} }));
    const other = await setup(freshWorld(), undefined, { vaultWork: garbage.work });
    expect(await code(other.wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC }))).toBe('VAULT_INVALID');
    expect(await other.repo.getVault()).toBeUndefined();
  });

  it('unlocks, shows a phrase again and words a new phrase in the app host; holds keys an unlock brings back only when they are the vault\'s', async () => {
    let lie: 'keys' | 'words' | undefined;
    const otherKeys = bytesToHex(encodeUnlockedKeys(unlockKeys(createKeyring({ mnemonic: SECOND }))));
    const link = linkedVaultWork((answer, request) => (lie === 'keys' && request.work === 'open' ? otherKeys : lie === 'words' && request.work === 'newMnemonic' ? 'abandon abandon' : answer));
    const { wallet } = await setup(freshWorld(), undefined, { vaultWork: link.work });
    await wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const { api } = background(wallet);
    await api.lock();
    expect(await code(api.unlock('wrong password'))).toBe('WRONG_PASSWORD');
    expect((await api.unlock(PASSWORD)).accounts.map((a) => a.address)).toEqual([ACCOUNT0]);
    expect(wallet.keyring.isUnlocked()).toBe(true);
    expect(await wallet.keyring.revealMnemonic(PASSWORD)).toBe(MNEMONIC);
    expect(await code(wallet.keyring.revealMnemonic(PASSWORD, 1))).toBe('INVALID_INPUT');
    const words = await wallet.keyring.newMnemonic(24);
    expect(words.split(' ')).toHaveLength(24);
    const works = link.sent.map((t) => JSON.parse(t) as { work: string; password?: string; entropy?: string });
    expect(works.map((w) => w.work)).toEqual(['seal', 'open', 'open', 'reveal', 'reveal', 'newMnemonic']);
    expect(works[2]).toMatchObject({ type: 'app:vault', work: 'open', password: PASSWORD });
    expect(works[5]!.entropy).toMatch(/^0x[0-9a-f]{64}$/);
    // An unlock answered with another wallet's keys: nothing held, still locked.
    await api.lock();
    lie = 'keys';
    expect(await code(api.unlock(PASSWORD))).toBe('VAULT_INVALID');
    expect(wallet.keyring.isUnlocked()).toBe(false);
    lie = 'words';
    expect(await code(wallet.keyring.newMnemonic())).toBe('INVALID_MNEMONIC');
  });
});

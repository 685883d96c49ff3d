/**
 * The popup's account management end to end but for the browser: src/ui/api.ts methods → the
 * runtime messages of src/extension/messages.ts → services.ts accountsRequest on the whole wallet
 * (fake-indexeddb) → the reply as background.ts sends it (JSON, errors through the wire). Each
 * answers the wallet's state; a wrong password, a locked wallet, an unknown address and a
 * duplicate come back to the popup as errors with their codes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { errorToWire } from '../../../src/core/error-wire.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import type { Wallet } from '../../../src/client/wallet/wallet.ts';
import { type BackgroundRequest, isAccountsRequest, type Reply } from '../../../src/extension/messages.ts';
import { accountsRequest } from '../../../src/extension/services.ts';
import { backgroundApi } from '../../../src/ui/api.ts';
import { deriveAccount } from '../../../src/wallet/hd.ts';
import { mnemonicToSeedSync } from '../../../src/wallet/mnemonic.ts';
import { ACCOUNT0, freshWorld, MNEMONIC, RECIPIENT, setup } from '../client/wallet/wallet-world.ts';

const PASSWORD = 'correct horse';
const SECOND = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const SECOND0 = deriveAccount(mnemonicToSeedSync(SECOND), 0).address;
const KEY2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ACCOUNT2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

beforeAll(cryptoReady);

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
    const { wallet } = await setup(freshWorld());
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
    const { wallet, repo } = await setup(freshWorld());
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
});

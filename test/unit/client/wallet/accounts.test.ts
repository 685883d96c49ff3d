/**
 * The popup's account management (src/client/wallet/accounts.ts) on the whole wallet over
 * fake-indexeddb: a second phrase or a key imported after onboarding, accounts added from a chosen
 * phrase, renamed (kept across a lock), removed with what sites were granted, and the wallet
 * forgotten with everything kept of its accounts. Each refusal is typed (a wrong password, a locked
 * wallet, an unknown address, a duplicate) and changes nothing stored.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { deriveAccount } from '../../../../src/wallet/hd.ts';
import { mnemonicToSeedSync } from '../../../../src/wallet/mnemonic.ts';
import { ACCOUNT0, APP, connected, freshWorld, MNEMONIC, RECIPIENT, setup, type World } from './wallet-world.ts';

const PASSWORD = 'correct horse';
const SECOND = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const second = (i: number) => deriveAccount(mnemonicToSeedSync(SECOND), i).address;
/** Hardhat's account #2 key (not one of the wallet's HD accounts until index 2 is added). */
const KEY2 = '5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ACCOUNT2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

beforeAll(cryptoReady);

async function rejection(p: Promise<unknown>): Promise<{ name?: string; code?: string }> {
  return p.then(
    () => ({ name: 'none' }),
    (e: { name?: string; code?: string }) => ({ name: e.name, code: e.code }),
  );
}

describe('account management', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('imports a second recovery phrase after onboarding (the import field took only keys before), then adds accounts from it', async () => {
    const { wallet } = await connected(world);
    const added = await wallet.accounts.import(`  ${SECOND}\n`, PASSWORD);
    expect(added).toEqual({ address: second(0), kind: 'hd', index: 0, phrase: 1 });
    expect((await wallet.accounts.add(PASSWORD, 1)).address).toBe(second(1));
    expect((await wallet.accounts.add(PASSWORD)).address).toBe(RECIPIENT);
    expect((await wallet.state()).accounts.map((a) => [a.address, a.phrase])).toEqual([
      [ACCOUNT0, 0],
      [RECIPIENT, 0],
      [second(0), 1],
      [second(1), 1],
    ]);
    // A key pasted into the same field, with or without 0x.
    expect(await wallet.accounts.import(KEY2, PASSWORD)).toEqual({ address: ACCOUNT2, kind: 'imported' });
    // It signs with the imported phrase's account at once.
    expect(wallet.keyring.addresses()).toContain(second(1));
  });

  it("shows each phrase again by its place (the wallet's own by default), and refuses a place it does not hold", async () => {
    const { wallet } = await connected(world);
    await wallet.accounts.import(SECOND, PASSWORD);
    expect(await wallet.keyring.revealMnemonic(PASSWORD)).toBe(MNEMONIC);
    expect(await wallet.keyring.revealMnemonic(PASSWORD, 1)).toBe(SECOND);
    for (const bad of [2, -1, 0.5, Number.NaN]) expect(await rejection(wallet.keyring.revealMnemonic(PASSWORD, bad))).toEqual({ name: 'InputError', code: 'INVALID_INPUT' });
    expect(await rejection(wallet.keyring.revealMnemonic('wrong password', 1))).toEqual({ name: 'WalletError', code: 'WRONG_PASSWORD' });
  });

  it('refuses, typed, and stores nothing: the same phrase again, its key again, a wrong password, a phrase that is not one (before the password is tried), no such phrase', async () => {
    const { wallet, repo } = await connected(world);
    await wallet.accounts.import(SECOND, PASSWORD);
    const before = JSON.stringify(await repo.getVault());
    expect(await rejection(wallet.accounts.import(SECOND.toUpperCase(), PASSWORD))).toEqual({ name: 'WalletError', code: 'DUPLICATE_PHRASE' });
    expect(await rejection(wallet.accounts.import(MNEMONIC, PASSWORD))).toEqual({ name: 'WalletError', code: 'DUPLICATE_PHRASE' });
    const key0 = Buffer.from(deriveAccount(mnemonicToSeedSync(SECOND), 0).privateKey).toString('hex');
    expect(await rejection(wallet.accounts.import(key0, PASSWORD))).toEqual({ name: 'WalletError', code: 'DUPLICATE_ACCOUNT' });
    expect(await rejection(wallet.accounts.import(KEY2, 'wrong password'))).toEqual({ name: 'WalletError', code: 'WRONG_PASSWORD' });
    expect(await rejection(wallet.accounts.import('twelve words that are not a phrase at all in any way here ok', 'wrong password'))).toEqual({ name: 'MnemonicError', code: 'INVALID_MNEMONIC' });
    expect(await rejection(wallet.accounts.add(PASSWORD, 5))).toEqual({ name: 'InputError', code: 'INVALID_INPUT' });
    expect(JSON.stringify(await repo.getVault())).toBe(before);
  });

  it('renames an account: kept across a lock and shown while locked; a wrong password or an unknown address changes nothing', async () => {
    const { wallet, repo } = await connected(world);
    await wallet.accounts.rename(ACCOUNT0, '  Daily  ', PASSWORD);
    expect((await wallet.state()).accounts[0]).toMatchObject({ address: ACCOUNT0, name: 'Daily' });
    await wallet.keyring.lock();
    expect((await wallet.state()).accounts).toEqual([{ address: ACCOUNT0, kind: 'hd', name: 'Daily' }]);
    await wallet.keyring.unlock(PASSWORD);
    expect((await wallet.state()).accounts[0]!.name).toBe('Daily');
    const before = JSON.stringify(await repo.getVault());
    expect(await rejection(wallet.accounts.rename(ACCOUNT0, 'Other', 'wrong password'))).toEqual({ name: 'WalletError', code: 'WRONG_PASSWORD' });
    expect(await rejection(wallet.accounts.rename(RECIPIENT, 'Other', PASSWORD))).toEqual({ name: 'WalletError', code: 'UNKNOWN_ACCOUNT' });
    expect(await rejection(wallet.accounts.rename(ACCOUNT0, 'x'.repeat(65), PASSWORD))).toEqual({ name: 'InputError', code: 'INVALID_INPUT' });
    expect(JSON.stringify(await repo.getVault())).toBe(before);
    // '' takes the name away, in clear too.
    await wallet.accounts.rename(ACCOUNT0, '', PASSWORD);
    expect((await repo.getVault())!.names).toEqual({});
  });

  it('removes an imported key, and the sites that had it lose it; not an HD account, not with a wrong password', async () => {
    const { wallet, repo } = await connected(world);
    await wallet.accounts.import(KEY2, PASSWORD);
    await repo.putPermission({ origin: APP, accounts: [ACCOUNT0, ACCOUNT2], grantedAt: 1, lastUsedAt: 1 });
    await repo.putPermission({ origin: 'https://only-two.example', accounts: [ACCOUNT2], grantedAt: 1, lastUsedAt: 1 });
    expect(await rejection(wallet.accounts.removeKey(ACCOUNT0, PASSWORD))).toEqual({ name: 'WalletError', code: 'UNKNOWN_ACCOUNT' });
    expect(await rejection(wallet.accounts.removeKey(ACCOUNT2, 'wrong password'))).toEqual({ name: 'WalletError', code: 'WRONG_PASSWORD' });
    expect(wallet.keyring.addresses()).toContain(ACCOUNT2);
    world.events = [];
    await wallet.accounts.removeKey(ACCOUNT2.toLowerCase(), PASSWORD);
    expect(wallet.keyring.addresses()).toEqual([ACCOUNT0]);
    expect((await repo.getVault())!.addresses).toEqual([ACCOUNT0]);
    expect(await repo.getPermission(APP)).toMatchObject({ accounts: [ACCOUNT0] });
    expect(await repo.getPermission('https://only-two.example')).toBeUndefined();
    expect(world.events).toContainEqual({ event: { event: 'accountsChanged', data: [ACCOUNT0] }, origin: APP });
    await expect(wallet.keyring.signPersonalMessage(ACCOUNT2, { bytes: new Uint8Array([1]), preview: '' } as never)).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT' });
  });

  it('removes an imported phrase with all its accounts, never the wallet\'s own', async () => {
    const { wallet, repo } = await connected(world);
    await wallet.accounts.import(SECOND, PASSWORD);
    await wallet.accounts.add(PASSWORD, 1);
    await wallet.accounts.rename(second(1), 'Old wallet', PASSWORD);
    expect(await rejection(wallet.accounts.removePhrase(ACCOUNT0, PASSWORD))).toEqual({ name: 'InputError', code: 'INVALID_INPUT' });
    expect(await rejection(wallet.accounts.removePhrase(RECIPIENT, PASSWORD))).toEqual({ name: 'WalletError', code: 'UNKNOWN_ACCOUNT' });
    expect(await rejection(wallet.accounts.removePhrase(second(0), 'wrong password'))).toEqual({ name: 'WalletError', code: 'WRONG_PASSWORD' });
    expect(await wallet.accounts.removePhrase(second(1), PASSWORD)).toEqual([second(0), second(1)]);
    expect((await wallet.state()).accounts.map((a) => a.address)).toEqual([ACCOUNT0]);
    expect((await repo.getVault())!.names).toEqual({});
  });

  it('forgets the wallet only unlocked and with the word typed; then nothing of it is left and onboarding starts over', async () => {
    const { wallet, repo } = await connected(world);
    await repo.addToken(31337, { address: RECIPIENT, symbol: 'TKN', decimals: 18 });
    await repo.putActivity({ hash: '0x' + '11'.repeat(32), chainId: 31337, networkId: 'devnet', from: ACCOUNT0, to: RECIPIENT, nonce: '5', value: '1', maxCost: '1', raw: '0x', origin: APP, summary: 'Send', status: 'pending', createdAt: 1, updatedAt: 1 });
    await repo.setPasswordFailures({ failures: 2, lastFailureAt: 1 });
    // A site's request waiting in its window when the wallet goes.
    const waiting = wallet.requests.personalSign({ origin: APP }, '0x68656c6c6f', ACCOUNT0).catch((e: { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 20));
    expect(await rejection(wallet.accounts.forget('yes'))).toEqual({ name: 'InputError', code: 'INVALID_INPUT' });
    await wallet.keyring.lock();
    expect(await rejection(wallet.accounts.forget('forget'))).toEqual({ name: 'WalletError', code: 'LOCKED' });
    expect(await repo.getVault()).toBeDefined();
    await wallet.keyring.unlock(PASSWORD);
    world.events = [];
    await wallet.accounts.forget(' Forget ');
    expect(await waiting).toBe('APPROVAL_EXPIRED');
    expect(world.events).toContainEqual({ event: { event: 'accountsChanged', data: [] }, origin: APP });
    expect(await repo.getVault()).toBeUndefined();
    expect(await repo.listPermissions()).toEqual([]);
    expect(await repo.listApprovals()).toEqual([]);
    expect(await repo.listActivity()).toEqual([]);
    expect(await repo.tokens(31337)).toEqual([]);
    expect(await repo.passwordFailures()).toBeUndefined();
    expect(wallet.keyring.isUnlocked()).toBe(false);
    expect(await wallet.state()).toMatchObject({ exists: false, locked: true, accounts: [], pendingApprovals: [] });
    // Onboarding again: a new wallet from another phrase.
    await wallet.keyring.create({ password: 'another password', mnemonic: SECOND });
    expect((await wallet.state()).accounts.map((a) => a.address)).toEqual([second(0)]);
  });

  it('a locked wallet is changed with the password (the session stays locked), a forgotten one is not there to change', async () => {
    const { wallet } = await setup(world);
    expect(await rejection(wallet.accounts.import(SECOND, PASSWORD))).toEqual({ name: 'WalletError', code: 'VAULT_INVALID' });
    await wallet.keyring.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await wallet.keyring.lock();
    await wallet.accounts.import(SECOND, PASSWORD);
    expect(wallet.keyring.isUnlocked()).toBe(false);
    expect((await wallet.state()).accounts.map((a) => a.address)).toEqual([ACCOUNT0, second(0)]);
  });
});

/**
 * The keyring session on an in-memory vault: create, lock and unlock (the keyring restored from
 * the session store by a new instance, as a woken service worker), the password backoff (one
 * counter for every prompt, kept in Dexie across a browser restart), the password changed, the
 * auto-lock, and vault changes that an unlocked session follows and a locked one does not hold.
 * Unlocked, it keeps derived keys only: neither the phrase nor the seed reaches the session store,
 * and locking overwrites the keys it held.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyringSession, memoryAttemptStore, memorySessionStore, repoAttemptStore, repoVaultStore, type SessionStore, type StoredVault, type VaultStore } from '../../../../src/client/wallet/keyring-session.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { openVigilDb } from '../../../../src/storage/db.ts';
import { WalletRepo } from '../../../../src/storage/wallet.ts';
import { parseVaultRecord, type VaultRecord } from '../../../../src/wallet/vault.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { deriveAccount } from '../../../../src/wallet/hd.ts';
import { deriveL2Secret } from '../../../../src/wallet/l2-keys.ts';
import { mnemonicToSeedSync } from '../../../../src/wallet/mnemonic.ts';
import { decodeUnlockedKeys, encodeUnlockedKeys } from '../../../../src/wallet/keyring-keys.ts';
import { localVaultWork } from '../../../../src/wallet/keyring-changes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { parsePersonalMessage, recoverPersonalMessageAddress } from '../../../../src/wallet/personal-message.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const KEY2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ACCOUNT2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const PASSWORD = 'correct horse';

function memoryVault(): VaultStore & { stored: StoredVault | undefined; writes: number } {
  const v = {
    stored: undefined as StoredVault | undefined,
    writes: 0,
    get: async () => v.stored,
    put: async (record: VaultRecord, fresh: boolean) => {
      if (fresh && v.stored) throw new Error('a fresh vault over another');
      v.writes++;
      v.stored = { record: JSON.parse(JSON.stringify(record)), addresses: record.addresses ?? [], names: {} };
    },
  };
  return v;
}

/** A session store whose every value the test can read (what storage.session would hold). */
function inspectableSession(): SessionStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: async (k) => values.get(k), set: async (k, v) => void values.set(k, structuredClone(v)), remove: async (k) => void values.delete(k) };
}

/** Everything in the session store, as text and as the bytes any hex string in it stands for (lower-case hex). */
function sessionDump(session: { values: Map<string, unknown> }): string {
  const text = JSON.stringify([...session.values]);
  const hexes = [...text.matchAll(/0x([0-9a-fA-F]{2,})|"([0-9a-fA-F]{64,})"/g)].map((m) => (m[1] ?? m[2]!).toLowerCase());
  const decoded = hexes.filter((h) => h.length % 2 === 0).map((h) => new TextDecoder().decode(hexToBytes('0x' + h)));
  return [text.toLowerCase(), ...hexes, ...decoded.map((d) => d.toLowerCase())].join('\n');
}

function world() {
  const vault = memoryVault();
  const session = inspectableSession();
  const attempts = memoryAttemptStore();
  const clock = { now: 1_000_000 };
  const changes: boolean[] = [];
  let seed = 7;
  const make = (s: SessionStore = session) => {
    const k: KeyringSession = new KeyringSession({
      vault,
      session: s,
      attempts,
      random: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0xff)),
      now: () => clock.now,
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
      ...localVaultWork,
      onLockChange: async () => void changes.push(k.isUnlocked()),
    });
    return k;
  };
  return { vault, session, clock, changes, make };
}

beforeAll(cryptoReady);

describe('KeyringSession', () => {
  it('creates an unlocked vault once; a new instance wakes up unlocked from the session store', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    expect(await k.state()).toMatchObject({ exists: true, locked: false, hasMnemonic: true, accounts: [{ address: ACCOUNT0, kind: 'hd', index: 0 }], retryAt: null });
    expect(w.changes).toEqual([true]);
    await expect(k.create({ password: PASSWORD, mnemonic: MNEMONIC })).rejects.toThrow('exists already');
    const woken = w.make();
    expect((await woken.state()).locked).toBe(false);
    expect(await woken.shownAddresses()).toEqual([ACCOUNT0]);
  });

  it('locks (keys gone, addresses still shown from the vault), unlocks, and backs off wrong passwords', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await k.lock();
    expect(await k.state()).toMatchObject({ locked: true, accounts: [{ address: ACCOUNT0 }] });
    await expect(k.signPersonalMessage(ACCOUNT0, undefined as never)).rejects.toMatchObject({ code: 'LOCKED' });
    for (let i = 0; i < 4; i++) await expect(k.unlock('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await k.state()).retryAt).toBe(w.clock.now + 1000);
    await expect(k.unlock(PASSWORD)).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    w.clock.now += 1000;
    await k.unlock(PASSWORD);
    expect(await k.state()).toMatchObject({ locked: false, retryAt: null });
    expect(w.changes).toEqual([true, false, true]);
  });

  it('signs nothing while the signing bar answers an error (the followed network has another chain\'s chain id), and again once it answers none', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    let bar: Error | undefined = new VerificationError('NETWORK_CHAIN_ID_TAKEN', 'chain id 1 belongs to Ethereum Mainnet, …');
    k.refuseSigningWhile(() => bar);
    const message = parsePersonalMessage('hello');
    await expect(k.signPersonalMessage(ACCOUNT0, message)).rejects.toBe(bar);
    await expect(k.signTypedDataDigest(ACCOUNT0, '0x' + '22'.repeat(32))).rejects.toBe(bar);
    await expect(k.signTransaction(ACCOUNT0, undefined as never)).rejects.toBe(bar);
    await expect(k.signAuthorization(ACCOUNT0, undefined as never)).rejects.toBe(bar);
    bar = undefined;
    expect(recoverPersonalMessageAddress('hello', await k.signPersonalMessage(ACCOUNT0, message))).toBe(ACCOUNT0);
  });

  it('adds accounts and imports keys through the one re-seal: an unlocked session holds them, a locked one stays locked', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await expect(k.addAccount('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await k.addAccount(PASSWORD)).address).toBe(ACCOUNT1);
    expect(k.addresses()).toEqual([ACCOUNT0, ACCOUNT1]);
    await k.lock();
    expect((await k.importKey(KEY2, PASSWORD)).address).toBe(ACCOUNT2);
    expect(k.isUnlocked()).toBe(false);
    expect(await k.shownAddresses()).toEqual([ACCOUNT0, ACCOUNT1, ACCOUNT2]);
    await expect(k.importKey(KEY2, PASSWORD)).rejects.toMatchObject({ code: 'DUPLICATE_ACCOUNT' });
    await k.unlock(PASSWORD);
    expect(k.addresses()).toEqual([ACCOUNT0, ACCOUNT1, ACCOUNT2]);
    expect(await k.revealMnemonic(PASSWORD)).toBe(MNEMONIC);
  });

  it('keeps derived keys only: after unlock (and on a woken instance) nothing in the session store holds the phrase or the seed', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await k.addAccount(PASSWORD);
    await k.lock();
    await k.unlock(PASSWORD);
    const seed = mnemonicToSeedSync(MNEMONIC, '');
    const forbidden = [MNEMONIC, bytesToHex(new TextEncoder().encode(MNEMONIC)).slice(2), bytesToHex(seed).slice(2), 'test test', 'junk'];
    const dump = sessionDump(w.session);
    expect(w.session.values.size).toBeGreaterThan(0);
    for (const f of forbidden) expect(dump.includes(f.toLowerCase()), `the session store holds ${f.slice(0, 20)}…`).toBe(false);
    // What it does hold: each account's key, which signs as that account.
    expect(dump).toContain(bytesToHex(deriveAccount(seed, 1).privateKey).slice(2));
    const woken = w.make();
    expect(await woken.unlockedAddresses()).toEqual([ACCOUNT0, ACCOUNT1]);
    expect((await woken.state()).hasMnemonic).toBe(true);
    // The L2 secret comes from the kept key as from the seed's.
    expect(bytesToHex(await woken.l2Secret(ACCOUNT1, 31339))).toBe(bytesToHex(deriveL2Secret(deriveAccount(seed, 1).privateKey, 31339n)));
    // What needs the phrase asks for the password and opens the vault.
    await expect(woken.revealMnemonic('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await woken.revealMnemonic(PASSWORD)).toBe(MNEMONIC);
    expect((await woken.addAccount(PASSWORD)).index).toBe(2);
    for (const f of forbidden) expect(sessionDump(w.session).includes(f.toLowerCase())).toBe(false);
  });

  it('overwrites every key it held when it locks', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await k.importKey(KEY2, PASSWORD);
    await k.signPersonalMessage(ACCOUNT2, { bytes: new Uint8Array([1]) } as never).catch(() => {});
    const held = (k as unknown as { keys: { accounts: { privateKey: Uint8Array }[] } }).keys.accounts.map((a) => a.privateKey);
    expect(held).toHaveLength(2);
    expect(held.every((key) => key.some((b) => b !== 0))).toBe(true);
    await k.lock();
    expect(held.every((key) => key.every((b) => b === 0))).toBe(true);
    expect(w.session.values.has('vigil.wallet.keyring')).toBe(false);
    await expect(k.l2Secret(ACCOUNT0, 1)).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('a session store holding an older keyring (its phrase in it) or keys that are not their accounts is not read: locked', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const seed = mnemonicToSeedSync(MNEMONIC, '');
    const key0 = deriveAccount(seed, 0).privateKey;
    const key1 = deriveAccount(seed, 1).privateKey;
    // Account 0's address with account 1's key.
    const swapped = encodeUnlockedKeys({ hasMnemonic: true, accounts: [{ info: { address: ACCOUNT0, kind: 'hd', index: 0 }, privateKey: key1 }] });
    expect(() => decodeUnlockedKeys(swapped)).toThrow(/another account's/);
    expect(decodeUnlockedKeys(encodeUnlockedKeys({ hasMnemonic: true, accounts: [{ info: { address: ACCOUNT0, kind: 'hd', index: 0 }, privateKey: key0 }] })).accounts[0]!.info.address).toBe(ACCOUNT0);
    const older = bytesToHex(new TextEncoder().encode(JSON.stringify({ version: 1, mnemonic: MNEMONIC, passphrase: '', hdAccounts: [0], imported: [] })));
    for (const stored of [older, bytesToHex(swapped), '0xzz']) {
      await w.session.set('vigil.wallet.keyring', stored);
      const woken = w.make();
      expect(await woken.unlockedAddresses()).toEqual([]);
      expect(w.session.values.has('vigil.wallet.keyring')).toBe(false);
    }
  });

  it('auto-locks after the idle time, counted from the last touch', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await k.setAutoLock(5);
    await expect(k.setAutoLock(0)).rejects.toThrow('auto-lock');
    w.clock.now += 4 * 60_000;
    await k.touch();
    w.clock.now += 4 * 60_000;
    await k.checkAutoLock();
    expect(k.isUnlocked()).toBe(true);
    w.clock.now += 2 * 60_000;
    await k.checkAutoLock();
    expect(k.isUnlocked()).toBe(false);
  });

  it('gives a fresh mnemonic of 12 or 24 words and stores nothing for it', async () => {
    const w = world();
    const k = w.make();
    expect((await k.newMnemonic()).split(' ')).toHaveLength(12);
    expect((await k.newMnemonic(24)).split(' ')).toHaveLength(24);
    expect(w.vault.writes).toBe(0);
  });

  it('counts wrong passwords of every prompt in one counter: the phrase, an account, a key, a new password, the unlock', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const wrong = 'wrong password';
    await expect(k.revealMnemonic(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(k.addAccount(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(k.importKey(KEY2, wrong)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(k.changePassword(wrong, 'a new good password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    // Four in a row: every prompt waits, the right password too, even while unlocked.
    expect((await k.state()).retryAt).toBe(w.clock.now + 1000);
    for (const p of [k.revealMnemonic(PASSWORD), k.addAccount(PASSWORD), k.importKey(KEY2, PASSWORD), k.changePassword(PASSWORD, 'a new good password')]) {
      await expect(p).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    }
    await k.lock();
    await expect(k.unlock(PASSWORD)).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    w.clock.now += 1000;
    await expect(k.unlock(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await k.state()).retryAt).toBe(w.clock.now + 2000);
    w.clock.now += 2000;
    // The right one clears the count.
    expect(await k.revealMnemonic(PASSWORD)).toBe(MNEMONIC);
    expect((await k.state()).retryAt).toBeNull();
    expect(w.vault.writes).toBe(1);
  });

  it('counts tries made at once one by one (no two read the same count)', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const tries = await Promise.allSettled([k.revealMnemonic('wrong 1'), k.addAccount('wrong 2'), k.importKey(KEY2, 'wrong 3'), k.revealMnemonic('wrong 4')]);
    expect(tries.map((t) => (t.status === 'rejected' ? (t.reason as { code: string }).code : 'ok'))).toEqual(Array(4).fill('WRONG_PASSWORD'));
    // Four counted (not one each from the same zero): the fourth brings the first wait.
    expect((await k.state()).retryAt).toBe(w.clock.now + 1000);
  });

  it('changes the password: the vault re-sealed with a fresh salt and nonce, the old password no longer opens it', async () => {
    const w = world();
    const k = w.make();
    await k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    const before = parseVaultRecord(w.vault.stored!.record);
    await expect(k.changePassword(PASSWORD, 'short')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(w.vault.writes).toBe(1);
    await k.changePassword(PASSWORD, 'a new good password');
    const after = parseVaultRecord(w.vault.stored!.record);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.nonce).not.toBe(before.nonce);
    expect(after.addresses).toEqual([ACCOUNT0]);
    expect(k.isUnlocked()).toBe(true);
    await k.lock();
    await expect(k.unlock(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await k.unlock('a new good password');
    expect(k.addresses()).toEqual([ACCOUNT0]);
  });

  it('keeps the backoff in Dexie: a browser restart (new database handle, empty session store) still waits', async () => {
    const idb = new IDBFactory();
    const clock = { now: 5_000_000 };
    let seed = 3;
    const open = async () => {
      const db = await openVigilDb({ name: 'restart', indexedDB: idb, IDBKeyRange });
      const repo = new WalletRepo(db);
      const k = new KeyringSession({
        vault: repoVaultStore(repo, () => clock.now),
        session: memorySessionStore(),
        attempts: repoAttemptStore(repo),
        random: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0xff)),
        now: () => clock.now,
        scrypt: { N: 2 ** 10, r: 8, p: 1 },
        ...localVaultWork,
      });
      return { db, k };
    };
    const first = await open();
    await first.k.create({ password: PASSWORD, mnemonic: MNEMONIC });
    await first.k.lock();
    for (let i = 0; i < 6; i++) {
      await expect(first.k.unlock('wrong password')).rejects.toMatchObject({ code: /WRONG_PASSWORD|PASSWORD_BACKOFF/ });
      clock.now += 60_000;
    }
    clock.now -= 60_000;
    first.db.close();
    const second = await open();
    const state = await second.k.state();
    expect(state.locked).toBe(true);
    expect(state.retryAt).toBe(clock.now + 4000);
    await expect(second.k.unlock(PASSWORD)).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    clock.now += 4000;
    await second.k.unlock(PASSWORD);
    expect((await second.k.state()).retryAt).toBeNull();
    second.db.close();
  });
});

/**
 * The keyring session on an in-memory vault: create, lock and unlock (the keyring restored from
 * the session store by a new instance, as a woken service worker), the password backoff, the
 * auto-lock, and vault changes that an unlocked session follows and a locked one does not hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyringSession, memorySessionStore, type SessionStore, type StoredVault, type VaultStore } from '../../../src/client/keyring-session.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import type { VaultRecord } from '../../../src/wallet/vault.ts';

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

function world() {
  const vault = memoryVault();
  const session = memorySessionStore();
  const clock = { now: 1_000_000 };
  const changes: boolean[] = [];
  let seed = 7;
  const make = (s: SessionStore = session) => {
    const k: KeyringSession = new KeyringSession({
      vault,
      session: s,
      random: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0xff)),
      now: () => clock.now,
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
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
    expect(k.newMnemonic().split(' ')).toHaveLength(12);
    expect(k.newMnemonic(24).split(' ')).toHaveLength(24);
    expect(w.vault.writes).toBe(0);
  });
});

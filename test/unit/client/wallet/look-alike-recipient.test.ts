/**
 * Address poisoning in the approval window (src/client/wallet/names/recipient-name.ts markLookAlike,
 * src/client/wallet/requests.ts sendTransaction): a transaction whose recipient — the address a
 * plain send pays, or an ERC-20 transfer's recipient — looks like one this network's own activity
 * sent to, but is another address, comes to the window marked with the address it mimics and when
 * it was sent to; the page's words play no part.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { markLookAlike } from '../../../../src/client/wallet/names/recipient-name.ts';
import { sentToOf } from '../../../../src/core/look-alike.ts';
import type { ActivityRow } from '../../../../src/storage/wallet.ts';
import { ACCOUNT0, APP, connected, freshWorld, opened, RECIPIENT, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

/** RECIPIENT's look-alike: 0x7099…79C8 at both ends, another middle. */
const MALLORY = '0x7099' + '1'.repeat(32) + '79c8';
const TOKEN = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const SENT_AT = Date.UTC(2026, 10, 12, 15);
const word = (hex: string) => hex.replace(/^0x/, '').toLowerCase().padStart(64, '0');
const transferTo = (to: string, amount: bigint) => '0xa9059cbb' + word(to) + word(amount.toString(16));

function row(over: Partial<ActivityRow>): ActivityRow {
  return { hash: '0x' + '11'.repeat(32), chainId: 31337, networkId: 'devnet', from: ACCOUNT0, to: RECIPIENT, nonce: '1', value: '1', maxCost: '1', raw: '0x', origin: 'vigil', summary: 'Send', status: 'final', createdAt: SENT_AT, updatedAt: SENT_AT, ...over };
}

describe('markLookAlike', () => {
  const sentTo = sentToOf([row({})]);
  it('marks a plain send and a token transfer call to a look-alike, naming what it mimics and when', () => {
    expect(markLookAlike({ tx: { to: MALLORY }, decoded: null }, sentTo).lookAlike).toEqual({ recipient: MALLORY, looksLike: RECIPIENT, at: SENT_AT });
    expect(markLookAlike({ tx: { to: TOKEN }, decoded: { kind: 'erc20-transfer', token: TOKEN, recipient: MALLORY, amount: '5' } }, sentTo).lookAlike).toEqual({ recipient: MALLORY, looksLike: RECIPIENT, at: SENT_AT });
  });

  it('leaves alone the address sent to before, a stranger, an approval and a plain call', () => {
    const alone: Record<string, unknown>[] = [
      { tx: { to: RECIPIENT.toLowerCase() }, decoded: null },
      { tx: { to: '0x' + '42'.repeat(20) }, decoded: null },
      { tx: { to: TOKEN }, decoded: { kind: 'erc20-approve', token: TOKEN, spender: MALLORY, amount: '1', unlimited: false } },
      { tx: { to: MALLORY }, decoded: { kind: 'call', selector: '0x12345678', bytes: 4 } },
    ];
    for (const d of alone) expect(markLookAlike(d, sentTo)).toBe(d);
  });
});

describe("a site's transaction to a look-alike", () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('the window is marked from the wallet’s own activity on this network: a plain send, then an ERC-20 transfer', async () => {
    const { wallet, repo } = await connected(world);
    await repo.putActivity(row({}));
    void wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-1' }, { from: ACCOUNT0, to: MALLORY, value: '0x1' }).catch(() => {});
    const plain = await wallet.approvals.get(await opened(world, 1));
    expect(plain.details.lookAlike).toEqual({ recipient: expect.stringMatching(new RegExp(`^${MALLORY}$`, 'i')), looksLike: RECIPIENT, at: SENT_AT });
    void wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-2' }, { from: ACCOUNT0, to: TOKEN, data: transferTo(MALLORY, 5n) }).catch(() => {});
    const token = await wallet.approvals.get(await opened(world, 2));
    expect((token.details.decoded as { kind: string }).kind).toBe('erc20-transfer');
    expect(token.details.lookAlike).toEqual({ recipient: expect.stringMatching(new RegExp(`^${MALLORY}$`, 'i')), looksLike: RECIPIENT, at: SENT_AT });
  });

  it('another network’s row is no one this network sent to; the address itself is no look-alike', async () => {
    const { wallet, repo } = await connected(world);
    await repo.putActivity(row({ chainId: 1, networkId: 'mainnet' }));
    void wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-1' }, { from: ACCOUNT0, to: MALLORY, value: '0x1' }).catch(() => {});
    expect((await wallet.approvals.get(await opened(world, 1))).details.lookAlike).toBeUndefined();
    await repo.putActivity(row({ hash: '0x' + '22'.repeat(32) }));
    void wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-2' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch(() => {});
    expect((await wallet.approvals.get(await opened(world, 2))).details.lookAlike).toBeUndefined();
  });
});

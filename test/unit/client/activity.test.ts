/**
 * The activity (src/client/activity.ts): settled only by verified receipts and proven nonces.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { ACCOUNT0, answer, APP, connected, freshWorld, RECIPIENT, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

describe('Activity', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('turns a transaction confirmed only on a verified receipt, and dropped when the proven nonce passed it without one', async () => {
    const { wallet, repo } = await connected(world);
    const send = () => {
      const p = wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
      return answer(world, wallet, true).then(() => p);
    };
    const first = await send();
    const second = await send();
    await wallet.activity.track();
    expect((await repo.getActivity(first))?.status).toBe('pending');
    world.receipts.set(first, { blockNumber: '0x65', blockHash: '0x' + 'cd'.repeat(32), gasUsed: '0x5208', status: '0x1' });
    world.nonce = 7n; // both nonces used; the second one's receipt never comes
    await wallet.activity.track();
    expect(await repo.getActivity(first)).toMatchObject({ status: 'confirmed', receipt: { blockNumber: 101, status: 1 } });
    expect((await repo.getActivity(second))?.status).toBe('dropped');
    expect((await wallet.activity.list()).map((r) => r.status).sort()).toEqual(['confirmed', 'dropped']);
  });
});

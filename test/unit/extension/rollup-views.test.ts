/**
 * A deposit on its way (depositOnTheWay): while an L2 row has no proven account, the newest L1
 * deposit the wallet sent from that address into the rollup's bridge on this network, with the
 * block that included it once a verified receipt did; nothing for any other row or transaction.
 */
import { describe, expect, it } from 'vitest';
import { depositOnTheWay } from '../../../src/extension/rollup-views.ts';
import type { L2AccountRead } from '../../../src/client/rollups/l2-wallet.ts';
import { vigilZkAdapter } from '../../../src/l2/vigil-zk/adapter.ts';
import type { ActivityRow } from '../../../src/storage/wallet.ts';

const ALICE = '0x' + 'a1'.repeat(20);
const CONTRACT = '0x' + 'c0'.repeat(20);
const rollup = { adapter: vigilZkAdapter, config: { contract: CONTRACT }, identity: { chainId: 901, name: 'Vigil ZK devnet' } } as unknown as L2AccountRead['rollup'];
const read = (overrides: Partial<L2AccountRead> = {}) => ({ rollup, address: ALICE, account: null, error: null, ...overrides });

let n = 0;
function tx(overrides: Partial<ActivityRow> = {}): ActivityRow {
  n++;
  return {
    hash: '0x' + n.toString(16).padStart(64, '0'),
    chainId: 1337,
    networkId: 'devnet',
    from: ALICE.toUpperCase().replace('0X', '0x'),
    to: CONTRACT,
    nonce: String(n),
    value: '1500000000000000000',
    maxCost: '0',
    raw: '0x',
    origin: 'vigil',
    summary: 'Deposit',
    status: 'pending',
    createdAt: 1000 + n,
    updatedAt: 1000 + n,
    ...overrides,
  };
}

describe('depositOnTheWay', () => {
  it('the newest deposit to the bridge, sent: its hash and value, no block yet', () => {
    const older = tx({ value: '1' });
    const newest = tx();
    expect(depositOnTheWay(read(), [newest, older], 'devnet')).toEqual({ hash: newest.hash, value: '1500000000000000000' });
  });

  it('included: the block of its verified receipt; also while the index is not in an accepted batch yet', () => {
    const included = tx({ status: 'included', receipt: { blockNumber: 1234, blockHash: '0x' + '11'.repeat(32), gasUsed: '1', status: 1 } });
    const missing = read({ error: { code: 'L2_ACCOUNT_MISSING', message: 'account 3 is proven empty at batch 12' } });
    expect(depositOnTheWay(missing, [included], 'devnet')).toEqual({ hash: included.hash, value: '1500000000000000000', blockNumber: 1234 });
  });

  it('nothing for a proven account, another error, another network, sender or contract, or a deposit that failed or was dropped', () => {
    const sent = tx();
    expect(depositOnTheWay(read({ account: { index: 3, balance: 1n, nonce: 0n } }), [sent], 'devnet')).toBeUndefined();
    expect(depositOnTheWay(read({ error: { code: 'L2_PROOF_ROOT_MISMATCH', message: 'x' } }), [sent], 'devnet')).toBeUndefined();
    expect(depositOnTheWay(read(), [sent], 'mainnet')).toBeUndefined();
    expect(depositOnTheWay(read(), [sent], undefined)).toBeUndefined();
    expect(depositOnTheWay(read(), [tx({ from: '0x' + 'b2'.repeat(20) }), tx({ to: '0x' + 'd0'.repeat(20) }), tx({ to: null })], 'devnet')).toBeUndefined();
    expect(depositOnTheWay(read(), [tx({ status: 'failed' }), tx({ status: 'dropped' }), tx({ status: 'replaced' })], 'devnet')).toBeUndefined();
  });
});

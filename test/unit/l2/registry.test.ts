/**
 * Every rollup adapter carries what the follower and the views need of it, so that neither names
 * a kind: how often it is followed, how its L2 accounts are asked for and proven, and its words.
 */
import { describe, expect, it } from 'vitest';
import { claimedUntil, type RollupAdapter } from '../../../src/l2/adapter.ts';
import { ROLLUP_ADAPTERS } from '../../../src/l2/registry.ts';

const MIN = 60_000;
const adapters = Object.values(ROLLUP_ADAPTERS) as RollupAdapter<unknown, unknown>[];

describe('rollup adapters', () => {
  it('follow at their own cadence: the devnet rollup at every head, the real ones every 10 or 15 minutes', () => {
    expect(Object.fromEntries(adapters.map((a) => [a.kind, a.followEveryMs]))).toEqual({
      'vigil-zk-v1': 0,
      'op-stack-fault-proofs-v1': 10 * MIN,
      'arbitrum-nitro-v1': 15 * MIN,
      'scroll-v1': 15 * MIN,
      'op-succinct-l2oo-v1': 10 * MIN,
      'taiko-shasta-v1': 10 * MIN,
      'linea-v1': 10 * MIN,
    });
  });

  it('name their account model, and the EVM ones the L2 request their proofs answer', () => {
    expect(Object.fromEntries(adapters.map((a) => [a.kind, a.accounts]))).toEqual({
      'vigil-zk-v1': 'indexed',
      'op-stack-fault-proofs-v1': 'evm',
      'arbitrum-nitro-v1': 'evm',
      'scroll-v1': 'evm',
      'op-succinct-l2oo-v1': 'evm',
      'taiko-shasta-v1': 'evm',
      // Linea's trie is not proven here: its balances are the L2 RPC's, labelled.
      'linea-v1': 'unproven',
    });
    // An EVM rollup's account is asked for by eth_getProof the adapter names; an indexed one's through the caller's own request; an unproven one's is never proven.
    for (const a of adapters) expect([a.kind, a.l2AccountRequest !== undefined]).toEqual([a.kind, a.accounts === 'evm']);
  });

  it('say what a batch counts and what their liveness facts are, in their own contracts\' words', () => {
    expect(Object.fromEntries(adapters.map((a) => [a.kind, a.words]))).toEqual({
      'vigil-zk-v1': {
        unit: 'batch',
        lastBatch: 'last batch',
        queue: { empty: 'L1 queue empty', waiting: 'oldest queued L1 request waited', waitProven: true },
        frozen: 'frozen: escape hatch open',
      },
      'op-stack-fault-proofs-v1': { unit: 'L2 block', lastBatch: 'newest dispute game', frozen: 'paused on L1' },
      'arbitrum-nitro-v1': {
        unit: 'L2 block',
        lastBatch: 'latest confirmed assertion created',
        queue: { empty: 'delayed inbox: every message read', waiting: 'delayed inbox: messages waiting (their age is not proven)', waitProven: false },
        frozen: 'paused on L1: nothing is confirmed',
      },
      'scroll-v1': {
        unit: 'batch',
        lastBatch: 'last finalization',
        queue: { empty: 'L1 message queue empty', waiting: 'oldest L1 message waited', waitProven: true },
        frozen: 'frozen on L1',
      },
      'op-succinct-l2oo-v1': { unit: 'L2 block', lastBatch: 'newest output', frozen: 'paused on L1' },
      'taiko-shasta-v1': { unit: 'L2 block', lastBatch: 'last finalization', frozen: 'paused on L1' },
      'linea-v1': { unit: 'L2 block', lastBatch: 'last finalization', frozen: 'paused on L1', accountNotProven: "account not proven (Linea's trie)" },
    });
  });

  it('a claimed root stands until L1 finalizes it, unless the adapter says until when (OP Stack: its dispute game; OP Succinct: the finalization period of an optimistic output)', () => {
    const own = adapters.filter((a) => a.claimedUntil !== undefined).map((a) => a.kind);
    expect(own).toEqual(['op-stack-fault-proofs-v1', 'op-succinct-l2oo-v1']);
    for (const a of adapters.filter((x) => x.claimedUntil === undefined)) expect(claimedUntil(a, {}, undefined)).toEqual({ until: null, note: 'L1 finalizes it' });
  });
});

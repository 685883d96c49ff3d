/**
 * A toy forced-exit plan for the runner's and the controller's tests (no rollup's: written here
 * from the ExitPlan types alone).
 */
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { type ExitInputs, type ExitPlan, type ExitPlanRecord, MAX_EXIT_REVERTS, moveExit, newExitRecord } from '../../../../src/l2/exit-plan.ts';
import { storageKey } from '../../../../src/l2/slots.ts';

export const PORTAL = '0x' + 'a1'.repeat(20);
export const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
export const T0 = 1_800_000_000n;
export const DELAY = 7n * 86_400n;
export const CODE = new Uint8Array([0x60, 0x80, 0x60, 0x40, 0x52]);
export const CODE_HASH = bytesToHex(keccak256(CODE));
export const SLOT0 = storageKey({ slot: 0n });

export interface Toy {
  portal: string;
  l2ChainId: number;
}
export const CONFIG: Toy = { portal: PORTAL, l2ChainId: 10 };

/**
 * A toy forced exit: prove (the portal's delay slot and its code, and the L2 RPC's hint of the
 * amount, at once) → an L2 transaction signed → 'initiate' sent carrying its bytes → its receipt
 * → wait the proven delay → 'finalize' → done. A reverted receipt is a retry (failed after
 * MAX_EXIT_REVERTS). `seen` records every inputs object it was handed.
 */
export function toyPlan(seen: ExitInputs[] = []): ExitPlan<Toy> {
  const receiptOf = (r: ExitPlanRecord, label: string, i: ExitInputs) => (r.sent[label] ? i.receipts.get(r.sent[label]!.hash) : undefined);
  const reverted = (r: ExitPlanRecord, retry: string, now: number) => {
    const reverts = r.reverts + 1;
    const moved = moveExit(r, reverts >= MAX_EXIT_REVERTS ? 'failed' : retry, now, 'reverted');
    return { ...moved, reverts, error: { code: 'EXIT_TX_REVERTED', message: 'reverted on L1' } };
  };
  return {
    kind: 'toy-v1',
    terminal: new Set(['done', 'failed']),
    accounts: 'evm',
    partial: true,
    route: () => [{ step: 'prove', title: 'Prove', who: 'you', delaySeconds: Number(DELAY), detail: 'toy' }],
    start: (_c, p) => newExitRecord({ kind: 'toy-v1', rollupChainId: 10, owner: p.owner, amount: p.amount, step: 'prove', now: p.now }),
    advance(c, r, i) {
      seen.push(i);
      switch (r.step) {
        case 'prove': {
          const portal = i.l1.accounts.get(c.portal);
          if (portal?.code === undefined) {
            return { record: r, action: { kind: 'need', l1: [{ address: c.portal, slots: [{ slot: 0n }], code: true }], l2: [{ key: 'hint', method: 'toy_amount', params: [r.owner] }] } };
          }
          const hint = i.l2.get('hint');
          if (hint === undefined) return { record: r, action: { kind: 'wait', reason: 'the L2 RPC did not say where the withdrawal is' } };
          if (hint !== r.amount) return { record: { ...r, error: { code: 'HINT_REFUSED', message: 'lying hint' } }, action: { kind: 'wait', reason: 'lying hint' } };
          const l2tx = i.signedL2.get('withdraw');
          if (l2tx === undefined) {
            return {
              record: r,
              action: {
                kind: 'need',
                signL2: { label: 'withdraw', chainId: c.l2ChainId, nonce: 0n, to: '0x' + '00'.repeat(19) + '64', value: BigInt(r.amount), data: '0x', gasLimit: 100_000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n },
              },
            };
          }
          const delay = portal.storage.get(SLOT0)!;
          const next = moveExit(r, 'initiating', i.now, undefined, { delay: delay.toString(), l2Hash: l2tx.hash });
          return { record: next, action: { kind: 'send', label: 'initiate', to: c.portal, value: 0n, data: l2tx.raw, summary: 'Force the withdrawal in through L1' } };
        }
        case 'initiating': {
          // Its transaction forgotten by the runner (dropped or replaced): the step is planned again.
          if (r.sent.initiate === undefined) return this.advance(c, moveExit(r, 'prove', i.now, 'planned again'), i);
          const receipt = receiptOf(r, 'initiate', i);
          if (!receipt) return { record: r, action: { kind: 'wait', reason: 'waiting for the receipt' } };
          if (receipt.status !== '0x1') return { record: reverted(r, 'prove', i.now), action: { kind: 'wait', reason: 'reverted' } };
          const readyAt = i.now + Number(r.facts.delay);
          return { record: moveExit(r, 'waiting', i.now, undefined, { readyAt: String(readyAt) }), action: { kind: 'wait', reason: 'the challenge period', until: readyAt } };
        }
        case 'waiting': {
          const readyAt = Number(r.facts.readyAt);
          if (i.now < readyAt) return { record: r, action: { kind: 'wait', reason: 'the challenge period', until: readyAt } };
          return { record: moveExit(r, 'finalizing', i.now), action: { kind: 'send', label: 'finalize', to: c.portal, value: 0n, data: '0xf1', summary: 'Finalize the withdrawal' } };
        }
        case 'finalizing': {
          const receipt = receiptOf(r, 'finalize', i);
          if (!receipt) return { record: r, action: { kind: 'wait', reason: 'waiting for the receipt' } };
          return { record: moveExit(r, 'done', i.now), action: { kind: 'done' } };
        }
        default:
          return { record: r, action: { kind: 'done' } };
      }
    },
  };
}


/**
 * A fake devnet rollup contract for the exit runner's and the exit service's tests: its exit slots
 * as eth_getProof proves them (unset slots read 0), the receipts the chain has verified, and the
 * account's proof as the L2 RPC's vigil_getAccountProof serves it.
 */
import { encodeEventTopics, type Hex } from 'viem';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { bigIntToHex } from '../../../../src/core/bytes.ts';
import { ARTIFACTS } from '../../../../src/devnet/rollup/contracts/artifacts.ts';
import type { ExitReceiptFacts } from '../../../../src/l2/exit-plan.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { ROLLUP_SLOTS, type VigilZkConfig } from '../../../../src/l2/vigil-zk/config.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import type { Account } from '../../../../src/l2/vigil-zk/tree.ts';

export const ABI = ARTIFACTS.VigilRollup.abi;
export const L2 = 424242;
export const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const INDEX = 3;
export const T0 = 1_700_000_000n;
export const ETHER = 10n ** 18n;
/** The batch count proven beside the state root. */
export const BATCHES = 9n;
export const CONFIG = { kind: 'vigil-zk-v1', name: 'Vigil ZK devnet', chainId: L2, contract: CONTRACT.toLowerCase(), depth: 6, batchSize: 2 } as unknown as VigilZkConfig;
export const mine: Account = { owner: BigInt(OWNER), ax: 11n, ay: 12n, balance: 2n * ETHER, nonce: 4n };
export const STATE = RollupState.empty().withAccounts([[INDEX, mine]]);
/** The forced deadline of the oldest queue entry (5, queued at T0 - 100). */
export const DEADLINE = T0 - 100n + 3600n;

const S = ROLLUP_SLOTS;
export const slot = (s: bigint) => storageKey({ slot: s });
export const entry = (mapping: bigint, key: bigint) => storageKey({ mapping, key });

export const headAt = (timestamp: bigint, n = 1n): L1HeadRef => ({ blockNumber: n, blockHash: `0x${n.toString(16).padStart(64, '0')}`, stateRoot: '0x' + '22'.repeat(32), timestamp });

/** The account's proof as vigil_getAccountProof serves it (its balance `lie` wei more, when given). */
export function rpcProof(index: number, lie = 0n) {
  const account = STATE.account(index)!;
  const leaf = Object.fromEntries(Object.entries({ ...account, balance: account.balance + lie }).map(([k, v]) => [k, bigIntToHex(v as bigint)]));
  return { index, leaf, siblings: STATE.siblings(index).map((s) => bigIntToHex(s)) };
}

export class FakeRollup {
  stateRoot = STATE.root;
  queueHead = 5n;
  queueTail = 7n;
  queuedAt = new Map<bigint, bigint>([
    [5n, T0 - 100n],
    [6n, T0 - 50n],
  ]);
  frozen = false;
  forcedDeadline = 3600n;
  escaped = new Set<bigint>();
  receipts = new Map<string, ExitReceiptFacts>();

  value(key: string): bigint {
    const fixed: [bigint, bigint][] = [
      [S.stateRoot, this.stateRoot],
      [S.batchCount, BATCHES],
      [S.queueHead, this.queueHead],
      [S.queueTail, this.queueTail],
      [S.frozen, this.frozen ? 1n : 0n],
      [S.forcedDeadline, this.forcedDeadline],
    ];
    for (const [s, v] of fixed) if (key === slot(s)) return v;
    for (const [i, at] of this.queuedAt) if (key === entry(S.queuedAt, i)) return at;
    for (const i of this.escaped) if (key === entry(S.escaped, i)) return 1n;
    return 0n; // eth_getProof proves an unset slot as 0
  }

  /** requestForcedWithdrawal mined: the entry queued and its receipt with the event. */
  mineRequest(hash: string, at: bigint): void {
    const queueIndex = this.queueTail++;
    this.queuedAt.set(queueIndex, at);
    const topics = encodeEventTopics({ abi: ABI, eventName: 'ForcedWithdrawalRequested', args: { queueIndex, from: BigInt(INDEX), owner: OWNER as Hex } });
    this.receipts.set(hash, { status: '0x1', blockNumber: '0x10', logs: [{ address: CONTRACT, topics: topics as string[], data: '0x' }] });
  }

  mineFreeze(hash: string): void {
    this.frozen = true;
    this.receipts.set(hash, { status: '0x1', blockNumber: '0x11', logs: [] });
  }

  mineEscape(hash: string, amount: bigint): void {
    this.escaped.add(BigInt(INDEX));
    const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index: BigInt(INDEX), owner: OWNER as Hex } });
    this.receipts.set(hash, { status: '0x1', blockNumber: '0x12', logs: [{ address: CONTRACT, topics: topics as string[], data: `0x${amount.toString(16).padStart(64, '0')}` }] });
  }
}

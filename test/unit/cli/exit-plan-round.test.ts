/**
 * `vigil exit`'s runner deps at one head (src/cli/commands/exit-plan-round.ts), on the cases the
 * end-to-end worlds do not reach: a refused receipt fails the round (one too far below the head
 * too: the runner falls back on the receipt it kept); the session's finalized block reaches the
 * runner; an L2
 * transaction outside the exit is refused before the vault is opened.
 */
import { describe, expect, it } from 'vitest';
import { type Round, roundDeps } from '../../../src/cli/commands/exit-plan-round.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { asyncErrorCode } from '../execution/helpers.ts';

const HASH = '0x' + 'ab'.repeat(32);
const HEAD = { blockNumber: 100n, blockHash: '0x' + '11'.repeat(32), stateRoot: '0x' + '22'.repeat(32), timestamp: 1_760_000_000n };

function round(getTransactionReceipt: () => Promise<unknown>, warnings: string[] = []): Round {
  return {
    session: { head: { execution: { baseFeePerGas: 7n } }, warn: (l: string) => warnings.push(l) },
    ref: HEAD,
    sources: {},
    chain: { getTransactionReceipt },
  } as unknown as Round;
}

const followed = { at: HEAD, accepted: { root: 1n, batch: 2n, acceptedAt: 3n, status: 'finalized' as const }, liveness: { lastBatchAgeSeconds: 0, oldestQueuedAgeSeconds: null, frozen: false }, proof: 'not-applicable' as const, tier: { tier: 'optimistic-final' as const } };
const signer = { owner: '0x' + '0c'.repeat(20), vault: {} as never, password: 'unused', l2ChainId: 10, maxCost: 5n * 10n ** 16n, amount: () => 5n };
const l2 = { url: undefined, transport: { call: async () => null } };

describe('vigil exit: the runner deps at one head', () => {
  it('passes on a refused receipt, a block too far below the head included (the runner decides on a kept one)', async () => {
    for (const code of ['RECEIPTS_ROOT_MISMATCH', 'HEADER_TOO_FAR'] as const) {
      const r = round(async () => {
        throw new VerificationError(code, 'refused');
      });
      expect(await asyncErrorCode(roundDeps(r, l2, followed, signer).receipt(HASH))).toBe(code);
    }
  });

  it("hands the runner the session's finalized block", () => {
    const r = round(async () => null);
    (r.session as { finalizedBlockNumber?: bigint }).finalizedBlockNumber = 77n;
    expect(roundDeps(r, l2, followed, signer).finalizedBlockNumber!()).toBe(77n);
  });

  it('gives a verified receipt with its block; null while in no verified block', async () => {
    const receipt = { status: '0x1', blockNumber: '0x5', blockHash: '0x' + '33'.repeat(32), logs: [{ address: '0x' + '44'.repeat(20), topics: [], data: '0x', logIndex: '0x0' }], gasUsed: '0x1' };
    const found = round(async () => receipt);
    expect(await roundDeps(found, l2, followed, signer).receipt(HASH)).toEqual({ status: '0x1', blockNumber: '0x5', blockHash: receipt.blockHash, logs: receipt.logs });
    const pending = round(async () => null);
    expect(await roundDeps(pending, l2, followed, signer).receipt(HASH)).toBeNull();
  });

  it('refuses an L2 transaction from another account, on another chain or moving more than the exit', async () => {
    const deps = roundDeps(round(async () => null), l2, followed, signer);
    const tx = { label: 'withdraw', chainId: 10, nonce: 0n, to: '0x' + '64'.padStart(40, '0'), value: 5n, data: '0x', gasLimit: 21_000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 0n };
    expect(await asyncErrorCode(deps.signL2!('0x' + '0d'.repeat(20), tx))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(deps.signL2!(signer.owner, { ...tx, chainId: 11 }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(deps.signL2!(signer.owner, { ...tx, value: 6n }))).toBe('INVALID_INPUT');
  });

  it('gives the base fee of its own head only, and the rollup as followed there only', async () => {
    const deps = roundDeps(round(async () => null), l2, followed, signer);
    expect(deps.baseFeePerGas!(HEAD)).toBe(7n);
    expect(deps.baseFeePerGas!({ ...HEAD, blockHash: '0x' + '99'.repeat(32) })).toBeUndefined();
    expect(await deps.followed!({ ...HEAD, blockHash: '0x' + '99'.repeat(32) })).toBeUndefined();
    expect(await deps.followed!(HEAD)).toBeUndefined(); // followed, but with no proven storage to hand on
    const proven = { blockNumber: 100n, blockHash: HEAD.blockHash, timestamp: HEAD.timestamp, accounts: new Map() };
    expect(await roundDeps(round(async () => null), l2, { ...followed, proven }, signer).followed!(HEAD)).toEqual({ accepted: followed.accepted, proven });
  });
});

/**
 * The rollups one network follows, read at its verified L1 heads: one follower per rollup
 * config, each rollup followed at most once per head (concurrent asks share the read), the last
 * outcome kept for the popup, and L2 accounts proven against the accepted root.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { errorSummary, InputError, VerificationError } from '../core/errors.ts';
import type { ParsedRollup } from '../l2/registry.ts';
import { ROLLUP_KIND } from '../l2/vigil-zk/config.ts';
import type { ProvenAccount } from '../l2/vigil-zk/tree.ts';
import type { EvmAccount } from '../l2/evm-account.ts';
import { type L2AccountQuery, type ProvenL2Account, provenL2Account } from './l2-accounts.ts';
import { type FollowedRollup, type L1HeadRef, RollupFollower, type RollupFollowerDeps } from './rollup-follower.ts';

export interface RollupWatchOptions {
  rollups: readonly ParsedRollup[];
  /** One rollup's data sources (L1 proofs, the commit's chain data, its L2 RPC, the proof worker). */
  sources(rollup: ParsedRollup): Omit<RollupFollowerDeps<unknown, unknown>, 'adapter' | 'config'>;
  now(): number;
}

/** One rollup's last verified read and, when the newest read failed, why. */
export interface RollupSnapshot {
  rollup: ParsedRollup;
  last: { followed: FollowedRollup; checkedAt: number } | undefined;
  /** Cleared by a verified read at the same or a newer head. */
  error: { code: string; message: string; at: number; blockNumber: bigint } | undefined;
}

interface Entry extends RollupSnapshot {
  follower: RollupFollower<unknown, ProvenAccount>;
  inflight?: { blockHash: string; promise: Promise<FollowedRollup> };
}

export class RollupWatch {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly options: RollupWatchOptions) {
    for (const rollup of options.rollups) {
      const follower = new RollupFollower<unknown, ProvenAccount>({ adapter: rollup.adapter, config: rollup.config, ...options.sources(rollup) });
      this.entries.set(rollup.identity.chainId, { rollup, follower, last: undefined, error: undefined });
    }
  }

  /** The followed rollups' identities (chain id, name, L2 RPC, thresholds). */
  identities(): ParsedRollup['identity'][] {
    return [...this.entries.values()].map((e) => e.rollup.identity);
  }

  has(chainId: number): boolean {
    return this.entries.has(chainId);
  }

  /**
   * The rollup at `head` (read once per head).
   * @throws InputError for a chain id not followed; the follower's VerificationError / TransportError.
   */
  at(chainId: number, head: L1HeadRef): Promise<FollowedRollup> {
    const entry = this.entry(chainId);
    if (entry.last?.followed.at.blockHash === head.blockHash) return Promise.resolve(entry.last.followed);
    if (entry.inflight?.blockHash === head.blockHash) return entry.inflight.promise;
    const promise = entry.follower.follow(head).then(
      (followed) => {
        // A read at an older head finishing late never replaces a newer one.
        if (!entry.last || entry.last.followed.at.blockNumber <= head.blockNumber) entry.last = { followed, checkedAt: this.options.now() };
        if (entry.error && entry.error.blockNumber <= head.blockNumber) entry.error = undefined;
        return followed;
      },
      (err: unknown) => {
        // Nor does a late failure at an older head replace a newer one (a read of that head would then clear it).
        const newest = (!entry.last || entry.last.followed.at.blockNumber <= head.blockNumber) && (!entry.error || entry.error.blockNumber <= head.blockNumber);
        if (newest) entry.error = { ...errorSummary(err), at: this.options.now(), blockNumber: head.blockNumber };
        throw err;
      },
    );
    entry.inflight = { blockHash: head.blockHash, promise };
    void promise.finally(() => {
      if (entry.inflight?.promise === promise) delete entry.inflight;
    }).catch(() => {});
    return promise;
  }

  /** Reads every rollup at `head`; failures are kept for the views, never thrown. */
  async refresh(head: L1HeadRef): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.at(id, head).catch(() => undefined)));
  }

  /**
   * An L2 account proven at `head`: by index, or by its L1 owner (null when the L2 RPC knows no
   * account of that owner: an absence it asserts, not one Vigil proved).
   */
  async account(chainId: number, head: L1HeadRef, query: L2AccountQuery): Promise<{ followed: FollowedRollup; proven: ProvenL2Account | null }> {
    const entry = this.entry(chainId);
    if (entry.rollup.adapter.kind !== ROLLUP_KIND) throw new InputError(`L2 accounts of ${entry.rollup.adapter.kind} rollups are not read yet`);
    const followed = await this.at(chainId, head);
    return { followed, proven: await provenL2Account(entry.follower, followed, entry.rollup.identity.l2Rpc, query) };
  }

  /**
   * An EVM rollup's L2 account (OP Stack, Arbitrum, Scroll: eth_getProof from the L2 RPC) proven
   * at `head` against the state root L1 accepted.
   * @throws InputError for a rollup whose accounts are not Ethereum's (the devnet's: {@link account}); the adapter's VerificationError.
   */
  async evmAccount(chainId: number, head: L1HeadRef, address: string): Promise<{ followed: FollowedRollup; account: EvmAccount }> {
    const entry = this.entry(chainId);
    if (entry.rollup.adapter.kind === ROLLUP_KIND) throw new InputError(`L2 accounts of ${entry.rollup.adapter.kind} rollups are read by index or owner, not as EVM accounts`);
    const followed = await this.at(chainId, head);
    const account = (await entry.follower.account(followed, { address: address.toLowerCase() })) as unknown as EvmAccount;
    // The proof is checked against the root, not against the question: another address's account is refused here.
    if (bytesToHex(account.address) !== address.toLowerCase()) {
      throw new VerificationError('L2_OWNER_MISMATCH', `the L2 RPC proved the account of ${bytesToHex(account.address)}, not ${address.toLowerCase()}`);
    }
    return { followed, account };
  }

  snapshots(): RollupSnapshot[] {
    return [...this.entries.values()].map(({ rollup, last, error }) => ({ rollup, last, error }));
  }

  private entry(chainId: number): Entry {
    const entry = this.entries.get(chainId);
    if (!entry) throw new InputError(`Vigil follows no rollup with chain id ${chainId}`);
    return entry;
  }
}


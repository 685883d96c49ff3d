/**
 * The wallet on the rollups Vigil follows: each account's L2 account proven against the root L1
 * accepted (and whose batch proof Vigil re-verified), deposits into the rollup's L1 contract
 * (an L1 transaction under the usual signing policy and approval window), and L2 transfers signed
 * with the seed-derived L2 key, sent to the L2 RPC, and shown confirmed only when a verified
 * batch moved the sender's proven nonce past them.
 * @module
 */
import { bigIntToHex, hexToBigInt } from '../../core/bytes.ts';
import { errorSummary, InputError, VerificationError } from '../../core/errors.ts';
import { encodeDeposit, NEW_ACCOUNT } from '../../l2/vigil-zk/abi.ts';
import type { BabyJubPublicKey } from '../../crypto/babyjub.ts';
import { livenessState } from '../../l2/adapter.ts';
import { ROLLUP_CHANGE_CODES } from '../../l2/rollup-change.ts';
import { signTransaction, type Transaction, transaction, TX_TYPE } from '../../l2/vigil-zk/transactions.ts';
import type { L2TransferRepo, L2TransferRow } from '../../storage/l2-transfers.ts';
import { TransportError } from '../../rpc/errors.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { ParsedRollup } from '../../l2/registry.ts';
import type { ProvenL2Account } from './l2-accounts.ts';
import type { FollowedRollup, L1HeadRef } from './follower.ts';
import type { RollupWatch, StaleL2Account } from './watch.ts';
import { blockStanding, type L1BlockFinality } from '../verified/block-finality.ts';

/**
 * One wallet account on one followed rollup, as proven at the newest verified head: on the devnet
 * rollup its L2 account (none yet: `account` null without an error), on an EVM rollup the same
 * address's account at the accepted root. What failed leaves the rest null, with `error`.
 */
export interface L2AccountRead {
  rollup: ParsedRollup;
  /** The wallet's L1 address (lower case), the account's owner. */
  address: string;
  /** The rollup as followed when the account was read; null when that read failed. */
  followed: FollowedRollup | null;
  /**
   * The L2 account: index (null on an EVM rollup), wei and nonce, proven; on a rollup whose
   * accounts Vigil does not prove (Linea's), the L2 RPC's word with `notProven` saying so.
   */
  account: { index: number | null; balance: bigint; nonce: bigint; notProven?: string; readLatest?: boolean } | null;
  /** The devnet rollup's L2 public key derived from the wallet's seed. */
  publicKey: BabyJubPublicKey | null;
  error: { code: string; message: string } | null;
  /**
   * Set when the rollup's L1 contracts changed under Vigil (`followed` null then): `account` holds
   * the last balance proven before, never the current one, and this says when and why.
   */
  stale?: StaleL2Account;
}

export interface L2WalletDeps {
  /** The current network's followed rollups (undefined: none, or nothing can be proven yet). */
  rollups(): RollupWatch | undefined;
  /** The newest verified L1 head. */
  newestHead(): L1HeadRef | undefined;
  /** The unlocked wallet's addresses (none when locked). */
  addresses(): Promise<string[]>;
  /** The L2 key of an account on a rollup (WalletError LOCKED / UNKNOWN_ACCOUNT). */
  l2Key(address: string, rollupChainId: number): Promise<{ secret: Uint8Array; publicKey: BabyJubPublicKey }>;
  /** The wallet's own L1 send: the approval window, the signing policy, the broadcast. */
  send(params: { from: string; to: string; value: string; data: string }): Promise<string>;
  /** A JSON-RPC call to an L2 RPC. */
  l2Call(url: string, method: string, params: unknown[]): Promise<unknown>;
  transfers: L2TransferRepo;
  /** The light client's word on L1 blocks: a transfer confirmed at a head not yet finalized is checked until it is. */
  l1: L1BlockFinality;
  now(): number;
}

export class L2Wallet {
  /** Public keys by address and rollup (not secret; the secrets are derived again when signing). */
  private readonly publicKeys = new Map<string, BabyJubPublicKey>();
  private tracking = false;
  /** The transfer being prepared and sent, if any. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: L2WalletDeps) {}

  /**
   * Each unlocked account on each followed rollup, proven at the newest verified head: on the
   * devnet rollup its L2 account (found by owner), on an EVM rollup the same address's account
   * at the accepted root (proven once per root: RollupWatch.evmAccount).
   */
  async accounts(): Promise<L2AccountRead[]> {
    const watch = this.deps.rollups();
    const head = this.deps.newestHead();
    if (!watch) return [];
    const addresses = await this.deps.addresses();
    const rows: Promise<L2AccountRead>[] = [];
    for (const { rollup } of watch.snapshots()) {
      for (const address of addresses) {
        const { accounts } = rollup.adapter;
        rows.push(accounts === 'evm' ? this.evmAccount(watch, head, rollup, address) : accounts === 'unproven' ? this.unprovenAccount(watch, head, rollup, address) : this.devnetAccount(watch, head, rollup, address));
      }
    }
    return Promise.all(rows);
  }

  private async evmAccount(watch: RollupWatch, head: L1HeadRef | undefined, rollup: ParsedRollup, address: string): Promise<L2AccountRead> {
    const row = emptyRead(rollup, address);
    try {
      if (!head) throw new VerificationError('NO_VERIFIED_HEAD', 'no verified L1 head yet');
      const { followed, account } = await watch.evmAccount(rollup.identity.chainId, head, address);
      Object.assign(row, { followed, account: { index: null, balance: account.account.balance, nonce: account.account.nonce } });
    } catch (err) {
      row.error = errorSummary(err);
      await staleRead(watch, row);
    }
    return row;
  }

  private async unprovenAccount(watch: RollupWatch, head: L1HeadRef | undefined, rollup: ParsedRollup, address: string): Promise<L2AccountRead> {
    const row = emptyRead(rollup, address);
    try {
      if (!head) throw new VerificationError('NO_VERIFIED_HEAD', 'no verified L1 head yet');
      const { followed, account } = await watch.unprovenAccount(rollup.identity.chainId, head, address);
      Object.assign(row, { followed, account: { index: null, balance: account.balance, nonce: account.nonce, notProven: account.notProven, ...(account.l2Block === 'latest' ? { readLatest: true } : {}) } });
    } catch (err) {
      row.error = errorSummary(err);
    }
    return row;
  }

  private async devnetAccount(watch: RollupWatch, head: L1HeadRef | undefined, rollup: ParsedRollup, address: string): Promise<L2AccountRead> {
    const row = emptyRead(rollup, address);
    try {
      row.publicKey = await this.publicKey(address, rollup.identity.chainId);
      if (!head) throw new VerificationError('NO_VERIFIED_HEAD', 'no verified L1 head yet');
      const { followed, proven } = await watch.account(rollup.identity.chainId, head, { owner: address.toLowerCase() });
      row.followed = followed;
      if (proven) row.account = { index: proven.index, balance: proven.account.balance, nonce: proven.account.nonce };
    } catch (err) {
      row.error = errorSummary(err);
      await staleRead(watch, row);
    }
    return row;
  }

  /**
   * A deposit of `value` wei from `from` into the rollup: a top-up of its L2 account when one
   * proven with this wallet's key exists, else a new account with that key. Resolves with the
   * L1 hash once approved and sent (the approval window shows the facts as for any send).
   */
  async deposit(params: { from: string; rollupChainId: number; value: string }): Promise<string> {
    const { watch, head, followed } = await this.followed(params.rollupChainId);
    const rollup = watch.snapshots().find((s) => s.rollup.identity.chainId === params.rollupChainId)!.rollup;
    if (isEvmRollup(rollup)) throw new InputError(`deposits into ${rollup.identity.name} are not made from this form: it takes the devnet rollup's only`);
    const contract = (rollup.config as { contract: string }).contract;
    if (followed.liveness.frozen) throw new WalletError('ROLLUP_FROZEN', `${rollup.identity.name} is frozen on L1: it accepts no deposits`);
    // A deposit waits in the L1 queue for the sequencer; a stalled one may never take it, and a
    // deposit still queued when the rollup freezes can be neither processed nor escaped.
    if (livenessState(followed.liveness, rollup.identity.liveness) === 'stalled') {
      throw new WalletError('ROLLUP_STALLED', `${rollup.identity.name} is stalled (proven on L1): a deposit now could be locked in its queue`);
    }
    const key = await this.publicKey(params.from, params.rollupChainId);
    const { proven } = await watch.account(params.rollupChainId, head, { owner: params.from.toLowerCase() });
    // A proven account with this key is topped up; a queued deposit not yet batched opens another.
    const data = proven && proven.account.ax === key.ax && proven.account.ay === key.ay ? encodeDeposit(BigInt(proven.index), 0n, 0n) : encodeDeposit(NEW_ACCOUNT, key.ax, key.ay);
    return this.deps.send({ from: params.from, to: contract, value: params.value, data });
  }

  /**
   * An L2 transfer: the sender's balance and nonce proven at the accepted root (less this
   * wallet's transfers not yet in a verified batch), the recipient proven to exist, signed with
   * the sender's L2 key, sent to the L2 RPC, and kept to be confirmed.
   */
  transfer(params: { from: string; rollupChainId: number; to: string; value: string }): Promise<L2TransferRow> {
    // One at a time: each reads the transfers kept before it (its nonce, what is already owed).
    const run = this.sending.then(() => this.transferNow(params));
    this.sending = run.catch(() => {});
    return run;
  }

  private async transferNow(params: { from: string; rollupChainId: number; to: string; value: string }): Promise<L2TransferRow> {
    const amount = parseAmount(params.value);
    const { watch, head, followed } = await this.followed(params.rollupChainId);
    const identity = watch.identities().find((i) => i.chainId === params.rollupChainId)!;
    if (watch.snapshots().some((s) => s.rollup.identity.chainId === params.rollupChainId && isEvmRollup(s.rollup))) {
      throw new InputError(`transfers on ${identity.name} are not signed from this form: it takes the devnet rollup's only`);
    }
    if (followed.liveness.frozen) throw new WalletError('ROLLUP_FROZEN', `${identity.name} is frozen on L1: no transfer can be included any more (use the exit)`);
    if (identity.l2Rpc === undefined) throw new WalletError('ROLLUP_NOT_FOLLOWED', `${identity.name} has no L2 RPC to send to`);
    const from = params.from.toLowerCase();
    const sender = (await watch.account(params.rollupChainId, head, { owner: from })).proven;
    if (!sender) throw new WalletError('L2_NO_ACCOUNT', `${params.from} has no L2 account on ${identity.name}: deposit first`);
    const recipient = await this.recipient(watch, head, params.rollupChainId, params.to);
    if (recipient.index === sender.index) throw new InputError('"to": that is the sending account itself');
    const key = await this.deps.l2Key(params.from, params.rollupChainId);
    let nonce: bigint;
    let signed: Transaction;
    // The secret is wiped whatever the outcome: a refusal below must not leave it in memory.
    try {
      if (key.publicKey.ax !== sender.account.ax || key.publicKey.ay !== sender.account.ay) {
        throw new WalletError('L2_KEY_MISMATCH', `L2 account ${sender.index} holds another key than the one this wallet derives for ${params.from}`);
      }
      const waiting = (await this.deps.transfers.submitted()).filter(
        (r) => r.rollupChainId === params.rollupChainId && r.fromIndex === sender.index && BigInt(r.nonce) >= sender.account.nonce,
      );
      nonce = sender.account.nonce + BigInt(waiting.length);
      const owed = waiting.reduce((sum, r) => sum + BigInt(r.amount), amount);
      if (owed > sender.account.balance) {
        throw new WalletError('L2_INSUFFICIENT_BALANCE', `${amount} wei (with ${waiting.length} transfer(s) not yet in a verified batch) is more than the proven L2 balance`, {
          expected: `≤ ${sender.account.balance}`,
          got: owed.toString(),
        });
      }
      signed = signTransaction(key.secret, transaction({ type: TX_TYPE.TRANSFER, from: BigInt(sender.index), to: BigInt(recipient.index), amount }), nonce);
    } finally {
      key.secret.fill(0);
    }
    const sig = signed.signature!;
    const id = await this.deps.l2Call(identity.l2Rpc, 'vigil_sendTransfer', [
      { from: sender.index, to: recipient.index, amount: bigIntToHex(amount), nonce: bigIntToHex(nonce), signature: { R8x: bigIntToHex(sig.R8x), R8y: bigIntToHex(sig.R8y), S: bigIntToHex(sig.S) } },
    ]);
    if (typeof id !== 'string' || !/^0x[0-9a-f]{64}$/.test(id)) throw new TransportError('BAD_RESPONSE', 'the L2 RPC answered the transfer without an id', { url: identity.l2Rpc });
    const now = this.deps.now();
    const row: L2TransferRow = {
      id,
      rollupChainId: params.rollupChainId,
      from,
      to: /^0x[0-9a-fA-F]{40}$/.test(params.to.trim()) ? params.to.trim().toLowerCase() : null,
      fromIndex: sender.index,
      toIndex: recipient.index,
      amount: amount.toString(),
      nonce: nonce.toString(),
      status: 'submitted',
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.transfers.put(row);
    void this.track().catch(() => {});
    return row;
  }

  /** The transfers of the current network's rollups, newest first. */
  async transfers(): Promise<L2TransferRow[]> {
    const watch = this.deps.rollups();
    return watch ? this.deps.transfers.list(watch.identities().map((i) => i.chainId)) : [];
  }

  /**
   * Confirms submitted transfers: one is confirmed when the sender's nonce, proven at a root
   * whose batch proof Vigil re-verified, has passed it. The L2 RPC's "dropped" is its word only,
   * kept with its reason; a later proof still confirms. A confirmation at a head above the
   * finalized block keeps that head and is checked at every head: final once it is finalized,
   * back to 'submitted' when its block left the chain (the root L1 accepted there may be undone).
   */
  async track(): Promise<void> {
    const watch = this.deps.rollups();
    const head = this.deps.newestHead();
    if (!watch || !head || this.tracking) return;
    this.tracking = true;
    try {
      for (const row of await this.deps.transfers.confirmedNotFinal()) {
        try {
          await this.settle(row);
        } catch {
          // Asked again at the next head.
        }
      }
      const rows = (await this.deps.transfers.submitted()).filter((r) => watch.has(r.rollupChainId));
      for (const row of rows) {
        try {
          const { followed, proven } = await watch.account(row.rollupChainId, head, { index: row.fromIndex });
          if (proven && proven.account.nonce > BigInt(row.nonce) && followed.proof === 'verified') {
            const finalized = this.deps.l1.finalizedBlockNumber();
            const final = finalized !== undefined && head.blockNumber <= finalized;
            const { confirmedAt: _old, ...rest } = row;
            await this.deps.transfers.put({
              ...rest,
              status: 'confirmed',
              batch: Number(followed.accepted.batch),
              ...(final ? {} : { confirmedAt: { blockNumber: head.blockNumber.toString(), blockHash: head.blockHash.toLowerCase() } }),
              updatedAt: this.deps.now(),
            });
            continue;
          }
          const l2Rpc = watch.identities().find((i) => i.chainId === row.rollupChainId)?.l2Rpc;
          if (l2Rpc === undefined) continue;
          const said = (await this.deps.l2Call(l2Rpc, 'vigil_getTransaction', [row.id])) as { status?: unknown; code?: unknown } | null;
          if (said?.status === 'dropped') await this.deps.transfers.put({ ...row, status: 'dropped', reason: String(said.code ?? 'dropped by the sequencer'), updatedAt: this.deps.now() });
        } catch {
          // Tried again at the next head.
        }
      }
    } finally {
      this.tracking = false;
    }
  }

  /** A transfer confirmed at a head not yet finalized: final, kept, or back to 'submitted'. */
  private async settle(row: L2TransferRow): Promise<void> {
    const at = row.confirmedAt!;
    const standing = await blockStanding(this.deps.l1, { blockNumber: BigInt(at.blockNumber), blockHash: at.blockHash });
    if (standing.standing === 'held') return;
    const { confirmedAt: _at, batch: _batch, ...rest } = row;
    await this.deps.transfers.put(standing.standing === 'final' ? { ...rest, batch: row.batch!, updatedAt: this.deps.now() } : { ...rest, status: 'submitted', updatedAt: this.deps.now() });
  }

  private async followed(chainId: number): Promise<{ watch: RollupWatch; head: L1HeadRef; followed: FollowedRollup }> {
    const watch = this.deps.rollups();
    if (!watch?.has(chainId)) throw new WalletError('ROLLUP_NOT_FOLLOWED', `Vigil follows no rollup with chain id ${chainId} on this network`);
    const head = this.deps.newestHead();
    if (!head) throw new WalletError('STALE_HEAD', 'no verified L1 head yet: the rollup cannot be read');
    return { watch, head, followed: await watch.at(chainId, head) };
  }

  private async recipient(watch: RollupWatch, head: L1HeadRef, chainId: number, to: string): Promise<ProvenL2Account> {
    const t = to.trim();
    const query = /^0x[0-9a-fA-F]{40}$/.test(t) ? { owner: t.toLowerCase() } : /^\d{1,6}$/.test(t) ? { index: Number(t) } : undefined;
    if (query === undefined) throw new InputError(`"to" expected an L1 address or an L2 account index, got ${t.slice(0, 60)}`);
    try {
      const { proven } = await watch.account(chainId, head, query);
      if (proven) return proven;
    } catch (err) {
      if (!(err instanceof VerificationError && err.code === 'L2_ACCOUNT_MISSING')) throw err;
    }
    throw new WalletError('L2_RECIPIENT_MISSING', `${t} has no L2 account proven at the accepted root: a transfer to it could not be applied`);
  }

  private async publicKey(address: string, chainId: number): Promise<BabyJubPublicKey> {
    const id = `${address.toLowerCase()}:${chainId}`;
    let key = this.publicKeys.get(id);
    if (key === undefined) {
      const derived = await this.deps.l2Key(address, chainId);
      derived.secret.fill(0);
      key = derived.publicKey;
      this.publicKeys.set(id, key);
    }
    return key;
  }
}

function parseAmount(value: string): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,32}$/.test(value)) throw new InputError(`"value" expected wei as a 0x quantity, got ${String(value).slice(0, 40)}`);
  const amount = hexToBigInt(value, 'value');
  if (amount === 0n || amount >= 1n << 128n) throw new InputError('"value" must be more than 0 and less than 2^128 wei');
  return amount;
}

/** Rollups whose L2 accounts are Ethereum's: asked by address, proven by eth_getProof (the adapter names the request). */
export function isEvmRollup(rollup: ParsedRollup): boolean {
  return rollup.adapter.accounts === 'evm';
}

/** Rollups whose L2 accounts are Ethereum's addresses, proven or not (Linea's): the wallet shows the same address there. */
export function isAddressRollup(rollup: ParsedRollup): boolean {
  return rollup.adapter.accounts === 'evm' || rollup.adapter.accounts === 'unproven';
}

/**
 * A row whose rollup changed under Vigil: its last proven balance, marked stale, in place of the
 * error (the change says why); the error stays when nothing was proven of it before.
 */
async function staleRead(watch: RollupWatch, row: L2AccountRead): Promise<void> {
  if (row.error === null || ROLLUP_CHANGE_CODES[row.error.code] === undefined) return;
  const stale = await watch.staleAccount(row.rollup.identity.chainId, row.address).catch(() => undefined);
  if (stale === undefined) return;
  const { balance } = stale;
  row.account = { index: balance.index, balance: BigInt(balance.balance), nonce: BigInt(balance.nonce) };
  row.stale = stale;
  row.error = null;
}

/** A row with nothing proven yet: each read fills what it proves, or its error. */
function emptyRead(rollup: ParsedRollup, address: string): L2AccountRead {
  return { rollup, address: address.toLowerCase(), followed: null, account: null, publicKey: null, error: null };
}

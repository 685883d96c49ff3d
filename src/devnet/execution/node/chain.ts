/**
 * The devnet's execution chain on @ethereumjs/vm: blocks built as a client builds them (buildBlock:
 * the EIP-4788 and EIP-2935 system calls, the pool's transactions, withdrawals, the EIP-7685
 * requests, from Amsterdam the EIP-7928 block access list and the EIP-7843 slot), one per beacon
 * slot, with their receipts, transaction locations, access lists and blob sidecars kept beside
 * them; every past state readable (the trie is never pruned); a pool; snapshots to reorg back to.
 * The JSON-RPC face (rpc.ts) speaks to it through {@link DevChain} (./types.ts).
 * @module
 */
import type { Block } from '@ethereumjs/block';
import type { BlockchainInterface } from '@ethereumjs/blockchain';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { Address } from '@ethereumjs/util';
import { buildBlock, createVM, type VM } from '@ethereumjs/vm';
import { bytesToHex, equalBytes, hexToBytes } from '../../../core/bytes.ts';
import { VerificationError } from '../../../core/errors.ts';
import { encodeRlp } from '../../../core/rlp.ts';
import { cryptoReady } from '../../../crypto/backend.ts';
import { keccak256 } from '../../../crypto/keccak.ts';
import { DEV_MNEMONIC } from '../forks.ts';
import { checkFunds, checkStateless, decodeRawTransaction, poolEntry, signRequest } from './admit.ts';
import { blockAccessListJson } from './bal-json.ts';
import * as execute from './execute.ts';
import { createGenesis, DEFAULT_GAS_LIMIT, type DevAccount, devAccounts, devCommon, type DevFork, type GenesisAccount } from './genesis.ts';
import { type BlobSidecar, type PoolEntry, TxPool } from './pool.ts';
import { type BlobsBundle, type CallRequest, type DevChain, type MineOptions, NodeRequestError, type StoredReceipt } from './types.ts';
import { blockRecord, type BlockRecord } from './receipts.ts';

export interface DevChainOptions {
  fork: DevFork;
  /** Amsterdam from this timestamp on (the beacon devnet's Gloas fork). */
  amsterdamTime?: bigint;
  /** BPO1's blob parameters from this timestamp on (the beacon devnet's blob schedule). */
  bpo1Time?: bigint;
  genesisTimestamp: bigint;
  /** Default 1337. */
  chainId?: bigint;
  /** Default 10. */
  accountCount?: number;
  /** Wei per dev account; default 1,000,000 ether. */
  accountBalance?: bigint;
  /** Genesis accounts besides the dev accounts, whose keys (if any) the node does not hold: an OP chain's operators on L1 (../../op-stack/roles.ts). */
  alloc?: readonly GenesisAccount[];
  /** Default: DEV_MNEMONIC (./config.ts). */
  mnemonic?: string;
  /** Default 30,000,000 (Hardhat's). */
  gasLimit?: bigint;
  /** Told why a pooled transaction was left out of a block for good (the builder refused it). */
  debug?: (message: string) => void;
}

/** The devnet's execution chain at genesis. */
export async function createDevChain(options: DevChainOptions): Promise<DevChain> {
  // The WASM keccak kernel (src/crypto) for the trie's hashing: a block is mostly keccak.
  await cryptoReady();
  const chainId = options.chainId ?? 1337n;
  const common = devCommon({
    fork: options.fork,
    chainId,
    ...(options.amsterdamTime !== undefined ? { amsterdamTime: options.amsterdamTime } : {}),
    ...(options.bpo1Time !== undefined ? { bpo1Time: options.bpo1Time } : {}),
  });
  const accounts = devAccounts(options.mnemonic ?? DEV_MNEMONIC, options.accountCount ?? 10);
  const genesis = await createGenesis(common, {
    timestamp: options.genesisTimestamp,
    accounts,
    ...(options.alloc !== undefined ? { alloc: options.alloc } : {}),
    balance: options.accountBalance ?? 10n ** 24n,
    gasLimit: options.gasLimit ?? DEFAULT_GAS_LIMIT,
  });
  const canonical = [genesis.block];
  const vm = await createVM({ common, blockchain: canonicalBlocks(canonical), stateManager: genesis.stateManager });
  return new EjsDevChain(vm, genesis.stateManager, canonical, accounts, options.debug ?? (() => {}));
}

/**
 * What the VM asks of a blockchain, answered from the chain's own canonical list: BLOCKHASH's
 * blocks by number (the EVM's one question) and nothing to store or check, as the chain keeps
 * its blocks itself and builds only on its head. @ethereumjs/blockchain kept a second copy in a
 * database and read headers back from it at every block: a fifth of a block's time.
 */
function canonicalBlocks(canonical: readonly Block[]): BlockchainInterface {
  const chain = {
    consensus: undefined,
    getBlock: async (id: number | bigint | Uint8Array) => {
      const block = typeof id === 'object' ? canonical.find((b) => equalBytes(b.hash(), id)) : canonical[Number(id)];
      if (block === undefined) throw new Error(`no block ${typeof id === 'object' ? bytesToHex(id) : id} on the canonical chain`);
      return block;
    },
    putBlock: async () => {},
    delBlock: async () => {},
    validateHeader: async () => {},
    shallowCopy: () => chain,
  };
  return chain as unknown as BlockchainInterface;
}

/**
 * A block to come back to. Its pool is not kept: after a revert the pool holds what is pending
 * then, as a node's mempool does across a reorganisation (Hardhat's evm_revert brings back the
 * snapshot's pool, in which the reorg fault's dropped transactions could come back by themselves).
 */
interface Snapshot {
  head: Block;
}

class EjsDevChain implements DevChain {
  readonly chainId: bigint;
  private readonly records = new Map<string, BlockRecord>();
  private readonly txIndex = new Map<string, { blockHash: Uint8Array; index: number }>();
  private pool = new TxPool();
  private readonly snapshots = new Map<string, Snapshot>();
  private snapshotCounter = 0;
  /** Mutations (mine, revert, pool entry) one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly vm: VM,
    private readonly stateManager: MerkleStateManager,
    /** Canonical blocks by number, genesis first: the VM's BLOCKHASH reads the same list. */
    private readonly canonical: Block[],
    readonly accounts: readonly DevAccount[],
    private readonly debug: (message: string) => void,
  ) {
    this.chainId = vm.common.chainId();
    const genesis = canonical[0]!;
    this.records.set(bytesToHex(genesis.hash()), { block: genesis, receipts: [], sidecars: [] });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  head(): Block {
    return this.canonical[this.canonical.length - 1]!;
  }

  blockByNumber(n: bigint): Block | undefined {
    return n >= 0n && n < BigInt(this.canonical.length) ? this.canonical[Number(n)] : undefined;
  }

  blockByHash(hash: Uint8Array): Block | undefined {
    return this.records.get(bytesToHex(hash))?.block;
  }

  receipts(blockHash: Uint8Array): StoredReceipt[] | undefined {
    return this.records.get(bytesToHex(blockHash))?.receipts;
  }

  locate(txHash: Uint8Array): { blockHash: Uint8Array; index: number } | undefined {
    return this.txIndex.get(bytesToHex(txHash));
  }

  pendingTransaction(txHash: Uint8Array) {
    return this.pool.get(bytesToHex(txHash))?.tx;
  }

  /** Conservative: counts each transaction's gas limit against the block's (the builder counts the gas used). */
  pending() {
    const head = this.head();
    const cursor = this.pool.cursor(head.header.calcNextBaseFee());
    let gasLeft = head.header.gasLimit;
    const out = [];
    for (let entry = cursor.next(); entry !== undefined; entry = cursor.next()) {
      if (entry.tx.gasLimit > gasLeft) {
        cursor.skipSender(entry.sender);
        continue;
      }
      gasLeft -= entry.tx.gasLimit;
      out.push(entry.tx);
    }
    return out;
  }

  async stateAt(block: Block): Promise<MerkleStateManager> {
    const copy = this.stateManager.shallowCopy(false);
    await copy.setStateRoot(block.header.stateRoot);
    return copy;
  }

  /** A VM over a copy of the state at `block`'s root, at `block`'s hardfork. */
  private readonly vmAt = async (block: Block): Promise<VM> => {
    const copy = await this.vm.shallowCopy(false);
    copy.common.setHardforkBy({ blockNumber: block.header.number, timestamp: block.header.timestamp });
    await copy.stateManager.setStateRoot(block.header.stateRoot);
    return copy;
  };

  call(block: Block, request: CallRequest) {
    return execute.call(this.vmAt, block, request);
  }

  estimateGas(block: Block, request: CallRequest) {
    return execute.estimateGas(this.vmAt, block, request);
  }

  createAccessList(block: Block, request: CallRequest) {
    return execute.createAccessList(this.vmAt, block, request);
  }

  async sendRawTransaction(raw: Uint8Array): Promise<Uint8Array> {
    // Decoding (KZG checks of a blob transaction: seconds) needs no lock.
    const { tx, sidecar } = decodeRawTransaction(raw, this.vm.common);
    return this.exclusive(() => this.admit(tx, sidecar));
  }

  sendTransaction(request: CallRequest): Promise<Uint8Array> {
    const from = request.from;
    const account = from === undefined ? undefined : this.accounts.find((a) => equalBytes(a.address, from));
    if (account === undefined) return Promise.reject(new NodeRequestError(from === undefined ? 'missing from: eth_sendTransaction needs an unlocked account' : 'unknown account'));
    return this.exclusive(async () => {
      const head = this.head();
      const sender = bytesToHex(account.address);
      const stateNonce = (await this.stateManager.getAccount(new Address(account.address)))?.nonce ?? 0n;
      const nonce = request.nonce ?? this.pool.pendingNonce(sender, stateNonce);
      const gas = request.gas ?? (await execute.estimateGas(this.vmAt, head, { ...request, nonce }));
      const tx = signRequest(request, { nonce, gas, nextBaseFee: head.header.calcNextBaseFee() }, account.privateKey, this.vm.common);
      return this.admit(tx, undefined);
    });
  }

  /** Pool entry: the stateless checks, then nonce and funds at the head. Runs inside {@link exclusive}. */
  private async admit(tx: PoolEntry['tx'], sidecar: BlobSidecar | undefined): Promise<Uint8Array> {
    const sender = checkStateless(tx, this.head().header.gasLimit);
    const account = await this.stateManager.getAccount(new Address(sender));
    checkFunds(tx, account?.balance ?? 0n);
    this.pool.add(poolEntry(tx, sender, sidecar), account?.nonce ?? 0n);
    return tx.hash();
  }

  mine(options: MineOptions): Promise<Block> {
    return this.exclusive(() => this.build(options));
  }

  private async build(options: MineOptions): Promise<Block> {
    const vm = this.vm;
    const parent = this.head();
    const number = parent.header.number + 1n;
    vm.common.setHardforkBy({ blockNumber: number, timestamp: options.timestamp });
    const builder = await buildBlock(vm, {
      parentBlock: parent,
      withdrawals: (options.withdrawals ?? []).map((w) => ({ index: w.index, validatorIndex: w.validatorIndex, address: w.address, amount: w.amount })),
      headerData: {
        timestamp: options.timestamp,
        parentBeaconBlockRoot: options.parentBeaconBlockRoot,
        coinbase: options.feeRecipient,
        mixHash: options.prevRandao,
        gasLimit: parent.header.gasLimit,
        ...(vm.common.isActivatedEIP(7843) && options.slotNumber !== undefined ? { slotNumber: options.slotNumber } : {}),
      },
      blockOpts: { calcDifficultyFromHeader: parent.header, putBlockIntoBlockchain: false },
    });
    const cursor = this.pool.cursor(parent.header.calcNextBaseFee());
    const included: { entry: PoolEntry; result: Awaited<ReturnType<typeof builder.addTransaction>> }[] = [];
    let receiptGas = 0n;
    for (let entry = cursor.next(); entry !== undefined; entry = cursor.next()) {
      try {
        const result = await builder.addTransaction(entry.tx);
        // A receipt's cumulative gas is what the block's transactions paid so far, after refunds. @ethereumjs/vm
        // 10.1.3 adds this one's to the header's gas used, which from Amsterdam counts before refunds and by
        // dimension (EIP-7778, EIP-8037): set it right before the receipts trie is built from it.
        receiptGas += result.totalGasSpent;
        result.receipt.cumulativeBlockGasUsed = receiptGas;
        included.push({ entry, result });
      } catch (err) {
        cursor.skipSender(entry.sender);
        const message = err instanceof Error ? err.message : String(err);
        // Full for this block (gas or blobs): it waits for the next.
        if (/remaining gas in the block|blob gas limit reached/.test(message)) continue;
        this.pool.remove(entry.hash);
        this.debug(`dropped ${entry.hash} from ${entry.sender} (nonce ${entry.tx.nonce}): ${message}`);
      }
    }
    let built: Awaited<ReturnType<typeof builder.build>>;
    try {
      built = await builder.build();
    } catch (err) {
      // Leave the chain at its head: no half-built state behind a failed block.
      await builder.revert();
      await this.stateManager.setStateRoot(parent.header.stateRoot);
      throw err;
    }
    const { block, blockLevelAccessList } = built;
    const hash = block.hash();
    // The hash clients compute: keccak of the header's RLP, with the repo's own RLP.
    if (!equalBytes(keccak256(encodeRlp(block.header.raw())), hash)) {
      throw new VerificationError('HEADER_HASH_MISMATCH', `block ${number}: keccak(rlp(header)) is not the builder's hash`);
    }
    const record = blockRecord(block, included, blockLevelAccessList === undefined ? undefined : blockAccessListJson(blockLevelAccessList));
    this.records.set(bytesToHex(hash), record);
    this.canonical.push(block);
    block.transactions.forEach((tx, index) => this.txIndex.set(bytesToHex(tx.hash()), { blockHash: hash, index }));
    for (const { entry } of included) this.pool.remove(entry.hash);
    await this.refreshPoolNonces();
    return block;
  }

  /** Tells the pool each waiting sender's nonce at the head (drops what can no longer be mined). */
  private async refreshPoolNonces(): Promise<void> {
    for (const sender of this.pool.senders()) {
      const account = await this.stateManager.getAccount(new Address(hexToBytes(sender)));
      this.pool.setStateNonce(sender, account?.nonce ?? 0n);
    }
  }

  snapshot(): string {
    const id = `0x${(++this.snapshotCounter).toString(16)}`;
    this.snapshots.set(id, { head: this.head() });
    return id;
  }

  revert(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const snapshot = this.snapshots.get(id);
      if (snapshot === undefined) return false;
      // This snapshot and every later one are used up.
      const counter = Number(id);
      for (const key of [...this.snapshots.keys()]) if (Number(key) >= counter) this.snapshots.delete(key);
      const keep = snapshot.head.header.number;
      const dropped = this.canonical.splice(Number(keep) + 1);
      for (const block of dropped) {
        this.records.delete(bytesToHex(block.hash()));
        for (const tx of block.transactions) this.txIndex.delete(bytesToHex(tx.hash()));
      }
      await this.stateManager.setStateRoot(snapshot.head.header.stateRoot);
      this.vm.common.setHardforkBy({ blockNumber: keep, timestamp: snapshot.head.header.timestamp });
      return true;
    });
  }

  blockAccessList(blockHash: Uint8Array): unknown {
    return this.records.get(bytesToHex(blockHash))?.accessList;
  }

  blobsBundle(blockHash: Uint8Array): BlobsBundle | undefined {
    const record = this.records.get(bytesToHex(blockHash));
    if (record === undefined) return undefined;
    const bundle: BlobsBundle = { commitments: [], blobs: [], proofs: [], wrapperVersion: record.block.common.isActivatedEIP(7594) ? 1 : 0 };
    for (const sidecar of record.sidecars) {
      if (sidecar === undefined) continue;
      bundle.commitments.push(...sidecar.commitments);
      bundle.blobs.push(...sidecar.blobs);
      bundle.proofs.push(...sidecar.proofs);
    }
    return bundle;
  }
}

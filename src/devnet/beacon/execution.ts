/**
 * The execution side of the devnet's beacon chain: mines one EL block per slot over JSON-RPC
 * (`devnet_mine`, the devnet node's form of the engine API's payload attributes: timestamp, the
 * parent beacon block root EIP-4788 writes, the slot, fee recipient, prevRandao) and turns the
 * block into the ExecutionPayload a beacon block carries, with every field the EL's own.
 *
 * Each block gets its own fee recipient and prevRandao, derived from its time and the branch, as on
 * a real chain where each block has its proposer's: a contract that reads the head's in a
 * simulation sees values the next block will not have (src/execution/next-block/landing.ts), and a
 * branch made after a reorganisation differs from the one it replaces even where it holds the same
 * transactions.
 * @module
 */
import { bytesToHex, concatBytes, describe, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import type { ExecutionPayloadHeader } from '../../l1/containers.ts';
import type { BlobsBundle } from '../execution/node/types.ts';
import { TransportError } from '../../rpc/errors.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import type { ValueOf } from '../../ssz/index.ts';
import type { executionPayloadType } from './containers.ts';

export type ExecutionPayloadValue = ValueOf<ReturnType<typeof executionPayloadType>>;

export interface ExecutionBlock {
  /** What the beacon block body carries. */
  payload: ExecutionPayloadValue;
  /** The same with transactions and withdrawals as their SSZ roots: the light client's view. */
  header: ExecutionPayloadHeader;
  lastWithdrawalIndex?: bigint;
  /** The blobs of its blob transactions, with commitments and proofs (absent: none, or an EL that keeps none). */
  blobs?: BlobsBundle;
}

/** The fee recipient and prevRandao of the block at `timestamp` on branch `branch`: different in every block and branch. */
export function blockValues(branch: number, timestamp: bigint): { feeRecipient: string; prevRandao: string } {
  const seed = (what: string) => keccak256(concatBytes(new TextEncoder().encode(`vigil devnet ${what}`), hexToBytes('0x' + branch.toString(16).padStart(8, '0') + timestamp.toString(16).padStart(16, '0'), 12)));
  return { feeRecipient: bytesToHex(seed('fee recipient').slice(12)), prevRandao: bytesToHex(seed('prevRandao')) };
}

/** What a block takes from the beacon side besides its time. */
export interface MineAttributes {
  /** EIP-4788: the root of the beacon block before the one this payload belongs to. */
  parentBeaconBlockRoot: Uint8Array;
  /** EIP-7843: the payload's beacon slot (an EL before Amsterdam ignores it). */
  slot: bigint;
}

/** EIP-4844: blob gas per blob; EIP-7594: cell proofs per blob (CELLS_PER_EXT_BLOB). */
const GAS_PER_BLOB = 131_072n;
const CELLS_PER_EXT_BLOB = 128;

export class ExecutionClient {
  /** Which branch blocks are mined on (a reorganisation starts the next): part of every block's fee recipient and prevRandao. */
  private branchNumber = 0;

  constructor(
    readonly url: string,
    private readonly payloadType: ReturnType<typeof executionPayloadType>,
    private readonly timeoutMs = 15_000,
  ) {}

  async chainId(): Promise<bigint> {
    return hexToBigInt(await this.call('eth_chainId', []), 'eth_chainId');
  }

  /** The EL's latest block (slot 0 wraps it). */
  async latest(): Promise<ExecutionBlock> {
    return this.block('latest');
  }

  /**
   * Mines one block at `timestamp` (pending transactions go in it) and returns it. A slot retried
   * after its block was mined but not read gets that block back; a request whose connection was
   * lost is sent again only when the EL did not mine it. If another client already mined
   * past that time, the block is mined a second after the EL's head instead; the caller sees the
   * timestamp differ.
   */
  async mine(timestamp: bigint, attributes: MineAttributes): Promise<ExecutionBlock> {
    try {
      await this.mineAt(timestamp, attributes);
    } catch (err) {
      // A refusal, or a connection lost before the answer (ECONNRESET on a loaded machine): the EL's head says whether it mined.
      const lost = err instanceof TransportError && err.code === 'NETWORK';
      if (!(err instanceof TransportError && (err.code === 'RPC_ERROR' || lost))) throw err;
      const latest = await this.block('latest');
      if (latest.payload.timestamp === timestamp) return latest;
      if (latest.payload.timestamp < timestamp) {
        // Not mined: a lost request is sent once more, a refusal stands.
        if (!lost) throw err;
        await this.mineAt(timestamp, attributes);
      } else {
        await this.mineAt(latest.payload.timestamp + 1n, attributes);
      }
    }
    return this.block('latest');
  }

  private async mineAt(timestamp: bigint, attributes: MineAttributes): Promise<void> {
    const { feeRecipient, prevRandao } = blockValues(this.branchNumber, timestamp);
    const quantity = (n: bigint) => '0x' + n.toString(16);
    await this.call('devnet_mine', [
      { timestamp: quantity(timestamp), parentBeaconBlockRoot: bytesToHex(attributes.parentBeaconBlockRoot), slotNumber: quantity(attributes.slot), feeRecipient, prevRandao },
    ]);
  }

  /** `evm_snapshot`: an id to come back to this block with {@link revert} (the reorg fault). */
  async snapshot(): Promise<string> {
    const id = await this.call('evm_snapshot', []);
    if (typeof id !== 'string') throw new InputError('evm_snapshot returned no id');
    return id;
  }

  /** `evm_revert`: back to the block (and pending transactions) of a snapshot, which is used up with every later one. */
  async revert(id: string): Promise<void> {
    if ((await this.call('evm_revert', [id])) !== true) throw new InputError(`evm_revert(${id}) refused: no such snapshot`);
  }

  /** Blocks mined from now on are of branch `n` (their fee recipients and prevRandao differ from every other branch's). */
  branch(n: number): void {
    this.branchNumber = n;
  }

  /** The network bytes of the transactions of block `tag` (a number, or `pending`), in order. */
  async rawTransactions(tag: bigint | 'pending'): Promise<Uint8Array[]> {
    const json = await this.call('eth_getBlockByNumber', [typeof tag === 'bigint' ? '0x' + tag.toString(16) : tag, true]);
    if (!isObject(json)) return [];
    const out: Uint8Array[] = [];
    for (const tx of Array.isArray(json.transactions) ? json.transactions : []) out.push(await this.rawTransaction(tx));
    return out;
  }

  /** eth_sendRawTransaction; the node's refusal is thrown. */
  async sendRawTransaction(raw: Uint8Array): Promise<void> {
    await this.call('eth_sendRawTransaction', [bytesToHex(raw)]);
  }

  private async block(tag: string): Promise<ExecutionBlock> {
    const json = await this.call('eth_getBlockByNumber', [tag, true]);
    if (!isObject(json)) throw new InputError(`eth_getBlockByNumber(${tag}) returned no block`);
    return this.withBlobs(await this.toExecutionBlock(json));
  }

  /** The block with its blobs bundle, asked for only when it used blob gas. */
  private async withBlobs(block: ExecutionBlock): Promise<ExecutionBlock> {
    const { blobGasUsed, blockHash } = block.payload;
    if (blobGasUsed === 0n) return block;
    const blobs = await this.blobsBundle(blockHash);
    if (!blobs) return block;
    if (BigInt(blobs.blobs.length) * GAS_PER_BLOB !== blobGasUsed) {
      throw new InputError(`block ${bytesToHex(blockHash)} used ${blobGasUsed} blob gas, its bundle holds ${blobs.blobs.length} blobs`);
    }
    return { ...block, blobs };
  }

  /**
   * `devnet_getBlobsBundle [blockHash]`: what the block's blob transactions carried in their network
   * form. Undefined for a block without blobs.
   * @throws InputError for a malformed bundle
   */
  async blobsBundle(blockHash: Uint8Array): Promise<BlobsBundle | undefined> {
    const json = await this.call('devnet_getBlobsBundle', [bytesToHex(blockHash)]);
    if (json === null) return undefined;
    if (!isObject(json)) throw new InputError('devnet_getBlobsBundle expected an object');
    const list = (key: string, length: number): Uint8Array[] => {
      const items = json[key];
      if (!Array.isArray(items)) throw new InputError(`devnet_getBlobsBundle: "${key}" expected an array`);
      return items.map((x, i) => hexToBytes(x, length, `bundle.${key}[${i}]`));
    };
    // A JSON-RPC quantity, as the node prints every number.
    const version = json.wrapperVersion === '0x0' ? 0 : json.wrapperVersion === '0x1' ? 1 : undefined;
    if (version === undefined) throw new InputError(`devnet_getBlobsBundle: "wrapperVersion" expected 0x0 or 0x1, got ${describe(json.wrapperVersion)}`);
    const wrapperVersion: 0 | 1 = version;
    const bundle: BlobsBundle = { commitments: list('commitments', 48), proofs: list('proofs', 48), blobs: list('blobs', 131_072), wrapperVersion };
    const proofsPerBlob = wrapperVersion === 0 ? 1 : CELLS_PER_EXT_BLOB;
    if (bundle.commitments.length !== bundle.blobs.length || bundle.proofs.length !== bundle.blobs.length * proofsPerBlob) {
      throw new InputError(
        `devnet_getBlobsBundle: ${bundle.blobs.length} blobs expected as many commitments and ${proofsPerBlob} proofs each, got ${bundle.commitments.length} and ${bundle.proofs.length}`,
      );
    }
    return bundle.blobs.length === 0 ? undefined : bundle;
  }

  private async toExecutionBlock(b: Record<string, unknown>): Promise<ExecutionBlock> {
    const txs = Array.isArray(b.transactions) ? b.transactions : [];
    const transactions: Uint8Array[] = [];
    for (const tx of txs) transactions.push(await this.rawTransaction(tx));
    const withdrawals = (Array.isArray(b.withdrawals) ? b.withdrawals : []).map((w, i) => {
      if (!isObject(w)) throw new InputError(`block.withdrawals[${i}] expected an object`);
      return {
        index: hexToBigInt(w.index, 'withdrawal.index'),
        validatorIndex: hexToBigInt(w.validatorIndex, 'withdrawal.validatorIndex'),
        address: hexToBytes(w.address, 20, 'withdrawal.address'),
        amount: hexToBigInt(w.amount, 'withdrawal.amount'),
      };
    });
    const quantity = (key: string, fallback?: bigint): bigint =>
      (b[key] === undefined || b[key] === null) && fallback !== undefined ? fallback : hexToBigInt(b[key], `block.${key}`);
    const payload: ExecutionPayloadValue = {
      parentHash: hexToBytes(b.parentHash, 32, 'block.parentHash'),
      feeRecipient: hexToBytes(b.miner, 20, 'block.miner'),
      stateRoot: hexToBytes(b.stateRoot, 32, 'block.stateRoot'),
      receiptsRoot: hexToBytes(b.receiptsRoot, 32, 'block.receiptsRoot'),
      logsBloom: hexToBytes(b.logsBloom, 256, 'block.logsBloom'),
      // After the merge the header's mixHash field is prevRandao.
      prevRandao: hexToBytes(b.prevRandao ?? b.mixHash, 32, 'block.mixHash'),
      blockNumber: quantity('number'),
      gasLimit: quantity('gasLimit'),
      gasUsed: quantity('gasUsed'),
      timestamp: quantity('timestamp'),
      extraData: hexToBytes(b.extraData, undefined, 'block.extraData'),
      baseFeePerGas: quantity('baseFeePerGas', 0n),
      blockHash: hexToBytes(b.hash, 32, 'block.hash'),
      transactions,
      withdrawals,
      blobGasUsed: quantity('blobGasUsed', 0n),
      excessBlobGas: quantity('excessBlobGas', 0n),
    };
    if (payload.extraData.length > 32) throw new InputError(`block.extraData has ${payload.extraData.length} bytes, at most 32 fit a payload`);
    const { transactions: _t, withdrawals: _w, ...rest } = payload;
    const header: ExecutionPayloadHeader = {
      ...rest,
      transactionsRoot: this.payloadType.fields.transactions.hashTreeRoot(transactions),
      withdrawalsRoot: this.payloadType.fields.withdrawals.hashTreeRoot(withdrawals),
    };
    const last = withdrawals[withdrawals.length - 1];
    return last ? { payload, header, lastWithdrawalIndex: last.index } : { payload, header };
  }

  /** The transaction's network bytes (`eth_getRawTransactionByHash`), whose keccak256 must be the EL's transaction hash. */
  private async rawTransaction(tx: unknown): Promise<Uint8Array> {
    if (!isObject(tx)) throw new InputError('block.transactions expected full transaction objects');
    const hash = hexToBytes(tx.hash, 32, 'transaction.hash');
    const raw = hexToBytes(await this.call('eth_getRawTransactionByHash', [bytesToHex(hash)]), undefined, 'raw transaction');
    if (!equalBytes(keccak256(raw), hash)) {
      throw new InputError(`transaction ${bytesToHex(hash)}: its raw bytes hash to ${bytesToHex(keccak256(raw))}`);
    }
    return raw;
  }

  private async call(method: string, params: unknown[]): Promise<unknown> {
    const once = () => jsonRpcCall(this.url, method, params, { timeoutMs: this.timeoutMs, maxBytes: 256 * 1024 * 1024 });
    try {
      return await once();
    } catch (err) {
      // A read whose connection was reset is asked again, once: a loaded 2-core CI run had the node's
      // socket reset under eth_getBlockByNumber mid-production. Writes (mining, sending) are not.
      if (!READS.has(method) || !resetConnection(err)) throw err;
      return once();
    }
  }
}

/** The node's methods that change nothing: safe to ask again. */
const READS = new Set(['eth_chainId', 'eth_getBlockByNumber', 'eth_getRawTransactionByHash', 'devnet_getBlobsBundle']);

/** Whether `err`, or what caused it, is a connection reset by the peer. */
function resetConnection(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNRESET') return true;
  }
  return false;
}

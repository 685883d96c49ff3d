/**
 * Worlds that move, for `vigil exit` run head by head: an L1 chain that grows (each new head with
 * its state built anew, the transactions the CLI broadcast mined with the receipts the script gives
 * them, the clock moved as the script says) and an L2 with a state per block; both answer JSON-RPC
 * as rpc-world.ts's do (every eth_getProof a real proof against the state root of its block).
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { blockToJson, blockTransactionToJson, type VerifiedBlock } from '../../src/execution/block-body.ts';
import { blockReceiptsToJson } from '../../src/execution/block-receipts.ts';
import { logsBloom } from '../../src/execution/bloom.ts';
import { type BlockHeader, headerHash, headerToJson } from '../../src/execution/header.ts';
import { decodeTransaction, recoverSender, transactionsRoot } from '../../src/execution/transactions.ts';
import { EMPTY_TRIE_ROOT } from '../../src/proofs/constants.ts';
import { type Log, type Receipt, receiptsRoot } from '../../src/proofs/receipts.ts';
import { signTransaction } from '../../src/wallet/transaction.ts';
import { TIP_BLOCKS } from '../../src/execution/fee-oracle.ts';
import { type AccountsSpec, buildWorld, type L1Chain, l1Chain, l1Header, L1_SECONDS_PER_BLOCK, type Responder, RpcFault, unknownMethod, type World } from './rpc-world.ts';

/** Where the next block lands. */
export interface BlockAt {
  number: bigint;
  timestamp: bigint;
}

/** A broadcast transaction as the script sees it. */
export interface SentTx {
  raw: string;
  hash: string;
  from: string;
  to: string | null;
  value: bigint;
  /** Calldata, 0x-hex. */
  data: string;
  nonce: bigint;
}

/** How a mined transaction went: its status (default success) and the logs its receipt holds. */
export interface MinedTx {
  tx: SentTx;
  status?: boolean;
  logs?: Log[];
  gasUsed?: bigint;
}

/** The base fee of every block (rpc-world's l1Header). */
const BASE_FEE = 1_000_000_000n;
/** The key of the world's other actors (validators, proposers, relayers): their transactions carry the events a script emits. */
const ACTOR_KEY = new Uint8Array(32).fill(0x24);

export class ScriptedL1 {
  /** Broadcast and not mined yet, in arrival order. */
  private readonly pool = new Map<string, SentTx>();
  /** Mined transactions by hash: their block and index. */
  private readonly mined = new Map<string, { block: VerifiedBlock; index: number }>();
  private actorNonce = 0n;

  private constructor(
    /** The state of the next head: scripts change it in `mine`. */
    readonly spec: AccountsSpec,
    private state: World,
    readonly chain: L1Chain,
  ) {}

  static async create(spec: AccountsSpec, shape: Parameters<typeof l1Chain>[1] = {}): Promise<ScriptedL1> {
    const state = await buildWorld(spec.accounts);
    // At least the blocks a wallet prices a tip from (src/execution/fee-oracle.ts TIP_BLOCKS) below the head.
    return new ScriptedL1(spec, state, l1Chain(state.stateRoot, { ...shape, depth: Math.max(shape.depth ?? 0, TIP_BLOCKS - 1) }));
  }

  get head(): VerifiedBlock {
    return this.chain.head;
  }

  /** The head as eth_getBlockByNumber prints it (`--header`). */
  headJson(): Record<string, unknown> {
    return headerToJson(this.head.header, this.head.hash);
  }

  /** What was broadcast and not mined yet. */
  pending(): SentTx[] {
    return [...this.pool.values()];
  }

  /** The one pending transaction (the test's script sends one at a time). */
  onlyPending(): SentTx {
    const all = this.pending();
    if (all.length !== 1) throw new Error(`expected one broadcast transaction, got ${all.length}`);
    return all[0]!;
  }

  /**
   * Grows the chain by `blocks` (default 1) over `seconds` (default 12 a block): empty blocks,
   * then the new head holding `txs` (built once its number and time are known). Each mined
   * transaction's sender pays its gas and value; `change` edits the state the new head has.
   */
  async mine(
    o: {
      blocks?: bigint;
      seconds?: bigint;
      txs?: (at: BlockAt) => MinedTx[];
      /** Logs of other actors' transactions in the new head (a validator confirming, a proposer posting). */
      events?: (at: BlockAt) => { to: string; logs: Log[]; data?: string }[];
      change?: (spec: AccountsSpec, at: BlockAt) => void;
    } = {},
  ): Promise<VerifiedBlock> {
    const blocks = o.blocks ?? 1n;
    if (blocks < 1n) throw new Error('mine expected at least one block');
    const start = this.head.header;
    const seconds = o.seconds ?? blocks * L1_SECONDS_PER_BLOCK;
    const at: BlockAt = { number: start.number + blocks, timestamp: start.timestamp + seconds };
    for (let i = 1n; i < blocks; i++) {
      const empty = { txRoot: EMPTY_TRIE_ROOT, receiptRoot: EMPTY_TRIE_ROOT, bloom: logsBloom([]), gasUsed: 0n };
      this.append(l1Header(start.number + i, this.head.hash, this.head.header.stateRoot, empty, start.timestamp + (seconds * i) / blocks), [], []);
    }
    const txs: (MinedTx & { actor?: true })[] = [...(o.txs?.(at) ?? []), ...(o.events?.(at) ?? []).map((e) => ({ tx: this.actorTx(e.to, e.data), logs: e.logs, actor: true as const }))];
    const receipts: Receipt[] = [];
    let cumulative = 0n;
    for (const m of txs) {
      const gasUsed = m.gasUsed ?? 100_000n;
      cumulative += gasUsed;
      const logs = m.logs ?? [];
      receipts.push({ type: 2, status: m.status ?? true, cumulativeGasUsed: cumulative, logsBloom: logsBloom(logs), logs });
      if (m.actor !== true) this.pay(m, gasUsed);
      this.pool.delete(m.tx.hash);
    }
    o.change?.(this.spec, at);
    this.state = await buildWorld(this.spec.accounts);
    const encoded = txs.map((m) => hexToBytes(m.tx.raw));
    const body = { txRoot: encoded.length > 0 ? transactionsRoot(encoded) : EMPTY_TRIE_ROOT, receiptRoot: receipts.length > 0 ? receiptsRoot(receipts) : EMPTY_TRIE_ROOT, bloom: logsBloom(receipts.flatMap((r) => r.logs)), gasUsed: cumulative };
    const header = l1Header(at.number, this.head.hash, this.state.stateRoot, body, at.timestamp);
    const transactions = txs.map((m, i) => ({ tx: decodeTransaction(encoded[i]!), encoded: encoded[i]!, hash: hexToBytes(m.tx.hash), from: hexToBytes(m.tx.from) }));
    return this.append(header, transactions, receipts);
  }

  /** A transaction of the world's actors to `to` (each its own nonce, so its own hash). */
  private actorTx(to: string, data = '0x'): SentTx {
    const signed = signTransaction(
      { type: 2, chainId: 1n, nonce: this.actorNonce++, gasLimit: 300_000n, to: to as `0x${string}`, value: 0n, data: hexToBytes(data), maxFeePerGas: 3n * BASE_FEE, maxPriorityFeePerGas: BASE_FEE, accessList: [] },
      ACTOR_KEY,
    );
    return { raw: signed.raw, hash: signed.hash, from: signed.from.toLowerCase(), to: to.toLowerCase(), value: 0n, data, nonce: this.actorNonce - 1n };
  }

  private append(header: BlockHeader, transactions: VerifiedBlock['transactions'], receipts: Receipt[]): VerifiedBlock {
    const hash = headerHash(header);
    const block: VerifiedBlock = { header, hash, transactions, withdrawals: [], uncles: [] };
    this.chain.byNumber.set(header.number, block);
    this.chain.byHash.set(bytesToHex(hash), block);
    this.chain.receipts.set(bytesToHex(hash), receipts);
    transactions.forEach((t, index) => this.mined.set(bytesToHex(t.hash), { block, index }));
    this.chain.head = block;
    return block;
  }

  /** The sender pays value and gas at the effective price (base fee plus tip, at most the cap). */
  private pay(m: MinedTx, gasUsed: bigint): void {
    const tx = decodeTransaction(hexToBytes(m.tx.raw));
    const price = tx.type === 2 ? (tx.maxFeePerGas < BASE_FEE + tx.maxPriorityFeePerGas ? tx.maxFeePerGas : BASE_FEE + tx.maxPriorityFeePerGas) : (tx as { gasPrice: bigint }).gasPrice;
    const account = this.spec.accounts[m.tx.from];
    if (account === undefined) throw new Error(`the world holds no account ${m.tx.from}`);
    account.nonce = (account.nonce ?? 0n) + 1n;
    account.balance = (account.balance ?? 0n) - gasUsed * price - (m.status === false ? 0n : m.tx.value);
  }

  /** An L1 node: proofs and code at the head only, blocks, receipts, and a pool the CLI broadcasts into. */
  responder(): Responder {
    const atHead = (tag: unknown) => {
      if (tag !== bigIntToHex(this.head.header.number) && tag !== bytesToHex(this.head.hash)) throw new RpcFault(-32000, `this node keeps the state of the head only, not of ${String(tag)}`);
    };
    const byHash = (hash: unknown) => this.chain.byHash.get(String(hash).toLowerCase());
    return (method, params) => {
      switch (method) {
        case 'eth_getProof':
          atHead(params[2]);
          return this.state.getProof(params[0], params[1]);
        case 'eth_getCode':
          atHead(params[1]);
          return this.state.getCode(params[0]);
        case 'eth_getBlockByNumber': {
          const block = this.chain.byNumber.get(BigInt(params[0]));
          return block ? blockToJson(block, params[1] === true) : null;
        }
        case 'eth_getBlockByHash': {
          const block = byHash(params[0]);
          return block ? blockToJson(block, params[1] === true) : null;
        }
        case 'eth_getBlockReceipts': {
          const block = byHash(params[0]);
          return block ? blockReceiptsToJson(block, this.chain.receipts.get(bytesToHex(block.hash))!) : null;
        }
        case 'eth_getTransactionReceipt': {
          const at = this.mined.get(String(params[0]).toLowerCase());
          return at ? blockReceiptsToJson(at.block, this.chain.receipts.get(bytesToHex(at.block.hash))!)[at.index] : null;
        }
        case 'eth_getTransactionByHash': {
          const at = this.mined.get(String(params[0]).toLowerCase());
          return at ? blockTransactionToJson(at.block, at.index) : null;
        }
        case 'eth_maxPriorityFeePerGas':
          return bigIntToHex(1_000_000_000n);
        case 'eth_sendRawTransaction':
          return this.receive(String(params[0]));
        default:
          throw unknownMethod(method);
      }
    };
  }

  private receive(raw: string): string {
    const bytes = hexToBytes(raw);
    const hash = bytesToHex(keccak256(bytes));
    if (this.mined.has(hash)) throw new RpcFault(-32000, 'nonce too low');
    if (this.pool.has(hash)) throw new RpcFault(-32000, 'already known');
    const tx = decodeTransaction(bytes);
    const from = bytesToHex(recoverSender(tx));
    // A node's pool keeps one transaction per sender and nonce: a replacement must raise both fees by 10% (geth's PriceBump).
    const taken = [...this.pool.values()].find((p) => p.from === from && p.nonce === tx.nonce);
    if (taken !== undefined) {
      const old = decodeTransaction(hexToBytes(taken.raw));
      const fees = (t: typeof tx) => (t.type === 2 ? [t.maxFeePerGas, t.maxPriorityFeePerGas] : [(t as { gasPrice: bigint }).gasPrice, (t as { gasPrice: bigint }).gasPrice]);
      const [a, b] = [fees(old), fees(tx)];
      if (b[0]! * 10n < a[0]! * 11n || b[1]! * 10n < a[1]! * 11n) throw new RpcFault(-32000, 'replacement transaction underpriced');
      this.pool.delete(taken.hash);
    }
    this.pool.set(hash, {
      raw: raw.toLowerCase(),
      hash,
      from,
      to: tx.to === null ? null : bytesToHex(tx.to),
      value: tx.value,
      data: bytesToHex(tx.input),
      nonce: tx.nonce,
    });
    return hash;
  }
}

/** An L2 node with a state per block: headers by number, hash or tag; proofs at a block; receipts and other answers as the script sets them. */
export class ScriptedL2 {
  private readonly blocks: { header: BlockHeader; hash: string; state: World }[] = [];
  /** Named blocks (`finalized`, `latest`) by number. */
  readonly tags: Record<string, bigint> = {};
  /** Transaction receipts by lower-case hash (an unknown hash: null). */
  readonly receipts = new Map<string, unknown>();
  /** Other methods the script answers. */
  readonly methods: Record<string, (params: any[]) => unknown> = {};
  /** Blocks with transactions: eth_getBlockByNumber's answer (full transactions) and eth_getBlockReceipts', by number. */
  readonly bodies = new Map<bigint, { json: Record<string, unknown>; receipts: unknown[] }>();

  add(header: BlockHeader, state: World): this {
    this.blocks.push({ header, hash: bytesToHex(headerHash(header)), state });
    return this;
  }

  private byTag(tag: unknown): { header: BlockHeader; state: World } | undefined {
    const t = String(tag);
    const number = this.tags[t] ?? (/^0x[0-9a-f]+$/i.test(t) ? BigInt(t) : undefined);
    return this.blocks.find((b) => b.header.number === number);
  }

  responder(): Responder {
    const json = (b: { header: BlockHeader } | undefined) => (b === undefined ? null : (this.bodies.get(b.header.number)?.json ?? { ...headerToJson(b.header, headerHash(b.header)), transactions: [], uncles: [] }));
    return (method, params) => {
      switch (method) {
        case 'eth_getBlockByNumber':
          return json(this.byTag(params[0]));
        case 'eth_getBlockByHash':
          return json(this.blocks.find((b) => b.hash === String(params[0]).toLowerCase()));
        case 'eth_getProof': {
          const block = this.byTag(params[2]);
          if (block === undefined) throw new RpcFault(-32000, `unknown block ${String(params[2])}`);
          return block.state.getProof(params[0], params[1]);
        }
        case 'eth_getTransactionReceipt':
          return this.receipts.get(String(params[0]).toLowerCase()) ?? null;
        case 'eth_getBlockReceipts': {
          const block = this.byTag(params[0]);
          return block === undefined ? null : (this.bodies.get(block.header.number)?.receipts ?? []);
        }
        default: {
          const answer = this.methods[method];
          if (answer === undefined) throw unknownMethod(method);
          return answer(params);
        }
      }
    };
  }
}

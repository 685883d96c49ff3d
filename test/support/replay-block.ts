/**
 * Re-execution of a mined block on Vigil's EVM (issue 52's replay check): the block's transactions
 * run in order on one overlay (src/execution/call.ts runCall with `manager` and a transaction's
 * checks, nonce included) over state proven at the parent's state root, in the block's own env
 * (its verified header, and EIP-7843's slot number from it), after the pre-block system writes
 * (EIP-4788, EIP-2935) as a client makes them. Whatever a run reads that is not proven yet is
 * proven with eth_getProof at the parent block and the whole block runs again, until a round
 * needs nothing new (the loop verifiedCall drives for one call, src/client/verified/call.ts).
 *
 * What the chain says is checked before it is compared: the header hashes to the block's hash and
 * links to its parent, the body rebuilds transactionsRoot (senders recovered), the receipts
 * rebuild receiptsRoot, the block access list hashes to blockAccessListHash (EIP-7928), and the
 * balances after the block are proven against the block's own state root.
 *
 * Compared, per transaction: the receipt's status, gasUsed, cumulativeGasUsed (EIP-7778: still the
 * sum of the gas used after refunds), logs (address, topics, data), and each balance, nonce, code
 * and slot the block access list records at its index (a balance gap once, where it opens), and every account Vigil changed that the
 * list does not record (a receipt the node cannot print is reported, and the gas its sender paid
 * for is read from the access list instead); per
 * block: the header's gasUsed (up to Osaka the sum of the transactions'; from Amsterdam
 * (EIP-7778, EIP-8037) max(Σ regular, Σ state) of the runs' `blockGas`), and the proven balances
 * and nonces after the block of every sender, recipient and created contract, and of the fee
 * recipient. Vigil credits no tip to the fee recipient (src/execution/call.ts, DIFF FROM geth):
 * the replay adds it after each transaction, as a block does. Withdrawals are credited after the
 * transactions; the post-block system calls (EIP-7002, EIP-7251 queues) are not run, so changes
 * at the list's last index are not compared.
 */
import { Account as EvmAccount, Address } from '@ethereumjs/util';
import { bigIntToHex, bytesToHex, equalBytes, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { blockEnvOfHeader } from '../../src/client/verified/execution-env.ts';
import type { ChainConfig } from '../../src/l1/config.ts';
import { type VerifiedBlock, verifyBlockBody } from '../../src/execution/block-body.ts';
import { type BlockEnv, blockEnvOfForkHeader, type ExecutionFork } from '../../src/execution/block-env.ts';
import { verifyBlockReceipts } from '../../src/execution/block-receipts.ts';
import { type ExecutedCall, runCall } from '../../src/execution/call.ts';
import type { CallRequest } from '../../src/execution/call-request.ts';
import { ProvenStateManager, StateMisses } from '../../src/execution/evm-state.ts';
import { type BlockHeader, headerHash, parseRpcHeader } from '../../src/execution/header.ts';
import { applySystemWrites, preBlockSystemWrites } from '../../src/execution/next-block/system-contracts.ts';
import { ProvenState } from '../../src/execution/state.ts';
import { createAddress, effectiveGasPrice, type Transaction } from '../../src/execution/transactions.ts';
import type { AccountAccessJson } from '../../src/devnet/execution/node/bal-json.ts';
import { parseRpcReceipt, type Receipt } from '../../src/proofs/receipts.ts';
import { TransportError } from '../../src/rpc/errors.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { blockAccessListHash, parseBlockAccessList } from '../../src/execution/block/access-list.ts';

/** A field of a transaction, or of the block (`tx` undefined), where Vigil and the chain differ. */
export interface Mismatch {
  block: bigint;
  /** The transaction's index in the block; undefined for the block's own fields. */
  tx?: number;
  field: string;
  chain: string;
  vigil: string;
}

export interface ReplayedBlock {
  number: bigint;
  /** The rules it ran by. */
  fork: ExecutionFork;
  transactions: number;
  /** Rounds of proofs the block needed (a block whose runs read nothing unproven: 0). */
  rounds: number;
  /** Accounts and slots proven at the parent. */
  proven: { accounts: number; slots: number };
  /** Wall time of the runs of the last round, the one compared (ms). */
  runMs: number;
  mismatches: Mismatch[];
  /** Each transaction's run as Vigil ended it (for assertions on particular cases). */
  runs: { hash: string; status: string; gasUsed: bigint; logs: number; blockGas?: ExecutedCall['blockGas'] }[];
}

export interface ReplayOptions {
  url: string;
  chainId: bigint;
  /** The execution fork to run the block by, or the network whose fork table says it (Vigil's own choice, as for a verified head). */
  fork: ExecutionFork | ChainConfig;
  /** Most proof rounds before giving up (each runs the whole block). */
  maxRounds?: number;
}

const RPC = { timeoutMs: 30_000, maxBytes: 1 << 25 };
const hexOf = (n: bigint) => bigIntToHex(n);

/** Block `number` of the chain at `url`, re-executed and compared. */
export async function replayBlock(number: bigint, options: ReplayOptions): Promise<ReplayedBlock> {
  const { url } = options;
  const call = (method: string, params: unknown[]) => jsonRpcCall(url, method, params, RPC);
  const [blockJson, parentJson] = await Promise.all([call('eth_getBlockByNumber', [hexOf(number), true]), call('eth_getBlockByNumber', [hexOf(number - 1n), false])]);
  const parent = checkedHeader(parentJson);
  const { header, hash } = checkedHeader(blockJson);
  if (!equalBytes(header.parentHash, parent.hash)) throw new Error(`block ${number} does not link to its parent`);
  const block = verifyBlockBody(header, hash, blockJson);
  const receipts = await chainReceipts(call, block);
  const bal = header.blockAccessListHash === undefined ? undefined : await accessList(call, hash, header.blockAccessListHash);
  const env = typeof options.fork === 'string' ? blockEnvOfForkHeader(header, hash, options.chainId, options.fork) : blockEnvOfHeader(header, hash, options.fork, options.chainId);

  const state = new ProvenState(parent.header.stateRoot);
  const hashes = new Map<bigint, Uint8Array>();
  const maxRounds = options.maxRounds ?? 12;
  for (let round = 0; ; round++) {
    const t0 = performance.now();
    const run = await runBlock(env, block, receipts, bal, state, hashes);
    const runMs = performance.now() - t0;
    if (run.misses.empty) {
      const mismatches = [...run.mismatches, ...(await afterBlock(call, block, run.manager))].map((m) => ({ ...m, block: number }));
      return { number, fork: env.fork, transactions: block.transactions.length, rounds: round, proven: state.size, runMs, mismatches, runs: run.runs };
    }
    if (round >= maxRounds) throw new Error(`block ${number}: still reading unproven state after ${maxRounds} rounds`);
    await prove(call, state, hashes, run.misses, number - 1n);
  }
}

function checkedHeader(json: unknown): { header: BlockHeader; hash: Uint8Array } {
  const { header, hash } = parseRpcHeader(json, 'block', { unknown: 'ignore' });
  const computed = headerHash(header);
  if (hash === undefined || !equalBytes(hash, computed)) throw new Error(`block ${header.number}'s header does not hash to its hash`);
  return { header, hash: computed };
}

/** The block's EIP-7928 access list, checked against the header's hash of it. */
async function accessList(call: (m: string, p: unknown[]) => Promise<unknown>, hash: Uint8Array, expected: Uint8Array): Promise<AccountAccessJson[]> {
  const bal = (await call('eth_getBlockAccessList', [bytesToHex(hash)])) as AccountAccessJson[];
  if (!equalBytes(blockAccessListHash(parseBlockAccessList(bal)), expected)) throw new Error(`the access list served for ${bytesToHex(hash)} does not hash to blockAccessListHash`);
  return bal;
}


/** A mined transaction as the call request runCall takes, every field its own (nonce checked). */
export function requestOf(tx: Transaction, from: Uint8Array): CallRequest {
  const request: CallRequest = {
    from,
    to: tx.to,
    gas: tx.gas,
    nonce: tx.nonce,
    value: tx.value,
    data: tx.input,
    accessList: tx.type === 0 ? [] : tx.accessList,
    blobVersionedHashes: tx.type === 3 ? tx.blobVersionedHashes : [],
  };
  if (tx.type === 0 || tx.type === 1) request.gasPrice = tx.gasPrice;
  else {
    request.maxFeePerGas = tx.maxFeePerGas;
    request.maxPriorityFeePerGas = tx.maxPriorityFeePerGas;
  }
  if (tx.type === 3) request.maxFeePerBlobGas = tx.maxFeePerBlobGas;
  if (tx.type === 4) request.authorizationList = tx.authorizationList;
  return request;
}

interface BlockRun {
  misses: StateMisses;
  manager: ProvenStateManager;
  mismatches: Omit<Mismatch, 'block'>[];
  runs: ReplayedBlock['runs'];
}

/** One round: the system writes, then every transaction in order, each compared with its receipt and its access-list entries. */
async function runBlock(env: BlockEnv, block: VerifiedBlock, receipts: readonly ChainReceipt[], bal: AccountAccessJson[] | undefined, state: ProvenState, hashes: Map<bigint, Uint8Array>): Promise<BlockRun> {
  const manager = new ProvenStateManager(state, new StateMisses());
  const mismatches: BlockRun['mismatches'] = [];
  const runs: BlockRun['runs'] = [];
  const header = block.header;
  if (header.parentBeaconBlockRoot !== undefined) await applySystemWrites(manager, preBlockSystemWrites(env, header.parentBeaconBlockRoot));
  manager.commitAll();
  const seen = new Map<string, { balance: bigint; nonce: bigint }>();
  /** Per account, how far Vigil's balance is from the list's after the last step that recorded it. */
  const gaps = new Map<string, bigint>();
  if (bal !== undefined) mismatches.push(...(await compareAccessList(manager, state, bal, 0, undefined, gaps)));
  let regular = 0n;
  let stateGas = 0n;
  let summed = 0n;
  let complete = true;
  for (const [i, t] of block.transactions.entries()) {
    const out = (field: string, chain: unknown, vigil: unknown) => {
      if (String(chain) !== String(vigil)) mismatches.push({ tx: i, field, chain: String(chain), vigil: String(vigil) });
    };
    const receipt = receipts[i]!;
    const r = await runCall(env, requestOf(t.tx, t.from!), state, { manager, validate: { nonce: true }, blockHashes: hashes });
    if (r.kind === 'missing') {
      // Speculative from here: the round only gathers what to prove.
      manager.commitAll();
      continue;
    }
    manager.commitAll();
    if ('error' in receipt) mismatches.push({ tx: i, field: 'receipt', chain: `the node cannot print it: ${receipt.error}`, vigil: '-' });
    const chainStatus = 'error' in receipt ? '?' : receipt.status === true ? 'success' : 'failed';
    if (r.kind === 'invalid') {
      out('status', chainStatus, `invalid: ${r.message}`);
      runs.push({ hash: bytesToHex(t.hash), status: 'invalid', gasUsed: 0n, logs: 0 });
      complete = false;
      continue;
    }
    runs.push({ hash: bytesToHex(t.hash), status: r.success ? 'success' : r.reverted ? 'reverted' : 'halted', gasUsed: r.gasUsed, logs: r.logs.length, blockGas: r.blockGas });
    summed += r.gasUsed;
    if ('error' in receipt && bal !== undefined) {
      // No receipt: the gas the sender paid for, from its balances in the access list.
      const paid = paidGas(bal, state, t.tx, t.from!, i, header.baseFeePerGas!, header.miner);
      if (paid !== undefined) out('gasUsed (paid, from the access list)', paid, r.gasUsed);
    }
    if (!('error' in receipt)) {
      out('status', chainStatus, r.success ? 'success' : 'failed');
      out('gasUsed', receipt.gasUsed, r.gasUsed);
      // EIP-7778 keeps receipts counting gas after refunds: the cumulative gas is the sum of the gas used so far.
      out('cumulativeGasUsed (EIP-7778: Σ gasUsed)', receipt.cumulativeGasUsed, summed);
      out('logs', receipt.logs.length, r.logs.length);
      for (let k = 0; k < Math.max(receipt.logs.length, r.logs.length); k++) {
        const c = receipt.logs[k];
        const v = r.logs[k];
        out(`log[${k}].address`, c ? bytesToHex(c.address) : '-', v ? bytesToHex(v.address) : '-');
        out(`log[${k}].topics`, c ? c.topics.map(bytesToHex).join(',') : '-', v ? v.topics.map(bytesToHex).join(',') : '-');
        out(`log[${k}].data`, c ? bytesToHex(c.data) : '-', v ? bytesToHex(v.data) : '-');
      }
    }
    regular += r.blockGas.regular;
    stateGas += r.blockGas.state;
    // The fee recipient's tip, which runCall leaves out.
    const tip = r.gasUsed * (effectiveGasPrice(t.tx, header.baseFeePerGas) - header.baseFeePerGas!);
    if (tip > 0n) {
      const coinbase = new Address(header.miner);
      const account = (await manager.getAccount(coinbase)) ?? new EvmAccount();
      account.balance += tip;
      await manager.putAccount(coinbase, account);
      manager.commitAll();
    }
    if (bal !== undefined) mismatches.push(...(await compareAccessList(manager, state, bal, i + 1, seen, gaps)));
  }
  // Up to Osaka the header counts what the receipts do; from Amsterdam (EIP-7778, EIP-8037) the larger of the block's two dimensions.
  const headerGas = header.blockAccessListHash === undefined ? summed : regular > stateGas ? regular : stateGas;
  if (header.gasUsed !== headerGas) {
    const detail = header.blockAccessListHash === undefined ? '' : ` (Σ regular ${regular}, Σ state ${stateGas}, Σ gasUsed ${summed})`;
    mismatches.push({ field: 'header gasUsed', chain: String(header.gasUsed), vigil: `${complete ? '' : 'a transaction invalid: '}${headerGas}${detail}` });
  }
  for (const w of block.withdrawals ?? []) {
    const address = new Address(w.address);
    const account = (await manager.getAccount(address)) ?? new EvmAccount();
    account.balance += w.amount * 1_000_000_000n;
    await manager.putAccount(address, account);
  }
  manager.commitAll();
  return { misses: manager.misses, manager, mismatches, runs };
}

/**
 * The gas a transaction's sender paid for, read from the access list: its balance before (its
 * last change at an earlier index, else its proven balance) less after, less the value, over the
 * price. Undefined where that is no measure: a sender that is the fee recipient or pays itself.
 */
function paidGas(bal: readonly AccountAccessJson[], state: ProvenState, tx: Transaction, from: Uint8Array, i: number, baseFee: bigint, coinbase: Uint8Array): bigint | undefined {
  const sender = bytesToHex(from);
  if (sender === bytesToHex(coinbase) || (tx.to !== null && bytesToHex(tx.to) === sender)) return undefined;
  const changes = bal.find((a) => a.address === sender)?.balanceChanges ?? [];
  const after = changes.find((c) => BigInt(c.index) === BigInt(i + 1));
  const earlier = changes.filter((c) => BigInt(c.index) <= BigInt(i)).at(-1);
  const proven = state.account(sender);
  const before = earlier !== undefined ? BigInt(earlier.value) : proven?.exists === true ? proven.balance : undefined;
  if (after === undefined || before === undefined) return undefined;
  return (before - BigInt(after.value) - tx.value) / effectiveGasPrice(tx, baseFee);
}

/**
 * The access list's changes at `index` against Vigil's overlay after that step: each balance,
 * nonce, code and slot it records; with `seen` (Vigil's values after the step before), every
 * account whose balance or nonce Vigil changed in this step and the list does not.
 */
async function compareAccessList(
  manager: ProvenStateManager,
  state: ProvenState,
  bal: readonly AccountAccessJson[],
  index: number,
  seen: Map<string, { balance: bigint; nonce: bigint }> | undefined,
  gaps: Map<string, bigint>,
): Promise<Omit<Mismatch, 'block'>[]> {
  const out: Omit<Mismatch, 'block'>[] = [];
  const tx = index === 0 ? undefined : index - 1;
  const at = hexOf(BigInt(index));
  const push = (field: string, chain: string, vigil: string) => {
    if (chain !== vigil) out.push({ ...(tx !== undefined ? { tx } : {}), field, chain, vigil });
  };
  const recorded = new Set<string>();
  for (const a of bal) {
    const address = new Address(hexToBytes(a.address, 20));
    const balance = a.balanceChanges.find((c) => c.index === at);
    const nonce = a.nonceChanges.find((c) => c.index === at);
    if (balance !== undefined || nonce !== undefined) recorded.add(a.address);
    const account = balance !== undefined || nonce !== undefined ? await manager.getAccount(address) : undefined;
    if (balance !== undefined) {
      // A gap carried from an earlier step is said once, where it opened.
      const gap = BigInt(balance.value) - (account?.balance ?? 0n);
      if (gap !== (gaps.get(a.address) ?? 0n)) push(`balance ${a.address}`, String(BigInt(balance.value)), String(account?.balance ?? 0n));
      gaps.set(a.address, gap);
    }
    if (nonce !== undefined) push(`nonce ${a.address}`, String(BigInt(nonce.value)), String(account?.nonce ?? 0n));
    const code = a.codeChanges.find((c) => c.index === at);
    if (code !== undefined) push(`code ${a.address}`, short(code.code), short(bytesToHex(await manager.getCode(address))));
    for (const s of a.storageChanges) {
      const change = s.changes.find((c) => c.index === at);
      if (change === undefined) continue;
      const value = await manager.getStorage(address, hexToBytes(s.key, 32));
      push(`slot ${a.address} ${short(s.key)}`, String(BigInt(change.value)), String(value.length === 0 ? 0n : BigInt(bytesToHex(value))));
    }
  }
  if (seen !== undefined) {
    for (const a of manager.writtenAccounts()) {
      const account = await manager.getAccount(new Address(hexToBytes(a, 20)));
      const now = { balance: account?.balance ?? 0n, nonce: account?.nonce ?? 0n };
      const proven = state.account(a);
      const before = seen.get(a) ?? (proven?.exists === true ? { balance: proven.balance, nonce: proven.nonce } : { balance: 0n, nonce: 0n });
      if (!recorded.has(a) && (now.balance !== before.balance || now.nonce !== before.nonce)) {
        push(`unrecorded change ${a}`, 'none', `balance ${before.balance}→${now.balance}, nonce ${before.nonce}→${now.nonce}`);
      }
      seen.set(a, now);
    }
  }
  return out;
}

/** The proven balances and nonces after the block of its senders, recipients, created contracts and fee recipient, against Vigil's. */
async function afterBlock(call: (m: string, p: unknown[]) => Promise<unknown>, block: VerifiedBlock, manager: ProvenStateManager): Promise<Omit<Mismatch, 'block'>[]> {
  const addresses = new Set<string>([bytesToHex(block.header.miner)]);
  for (const t of block.transactions) {
    addresses.add(bytesToHex(t.from!));
    addresses.add(bytesToHex(t.tx.to ?? createAddress(t.from!, t.tx.nonce)));
  }
  const after = new ProvenState(block.header.stateRoot);
  const tag = hexOf(block.header.number);
  await Promise.all([...addresses].map(async (a) => after.addProof({ address: a, slots: [] }, await call('eth_getProof', [a, [], tag]))));
  const out: Omit<Mismatch, 'block'>[] = [];
  for (const a of addresses) {
    const proven = after.account(a)!;
    const mine = await manager.getAccount(new Address(hexToBytes(a, 20)));
    const fields: [string, bigint, bigint][] = [
      ['balance', proven.exists ? proven.balance : 0n, mine?.balance ?? 0n],
      ['nonce', proven.exists ? proven.nonce : 0n, mine?.nonce ?? 0n],
    ];
    for (const [name, chain, vigil] of fields) if (chain !== vigil) out.push({ field: `${name} after block ${a}`, chain: String(chain), vigil: String(vigil) });
  }
  return out;
}

/** Proves what a round missed at the parent block (`at`): accounts with their code, slots, ancestors' hashes. */
async function prove(call: (m: string, p: unknown[]) => Promise<unknown>, state: ProvenState, hashes: Map<bigint, Uint8Array>, misses: StateMisses, at: bigint): Promise<void> {
  const tag = hexOf(at);
  const wanted = new Map<string, { slots: Set<string>; code: boolean }>();
  const entry = (a: string) => {
    let e = wanted.get(a);
    if (e === undefined) wanted.set(a, (e = { slots: new Set(), code: false }));
    return e;
  };
  for (const a of misses.accounts) entry(a).code = true;
  for (const a of misses.codes) entry(a).code = true;
  for (const [a, slots] of misses.slots) for (const s of slots) if (!state.hasStorage(a, s)) entry(a).slots.add(s);
  await Promise.all(
    [...wanted].map(async ([address, w]) => {
      const slots = [...w.slots];
      const [proof, code] = await Promise.all([call('eth_getProof', [address, slots, tag]), w.code ? call('eth_getCode', [address, tag]) : undefined]);
      state.addProof({ address, slots }, proof);
      if (typeof code === 'string') state.addCode(address, hexToBytes(code));
    }),
  );
  await Promise.all(
    [...misses.blockHashes].map(async (n) => {
      hashes.set(n, checkedHeader(await call('eth_getBlockByNumber', [hexOf(n), false])).hash);
    }),
  );
}

/** A receipt as the node printed it (its `gasUsed` the node's own figure), or the error it gave instead. */
type ChainReceipt = (Receipt & { gasUsed: bigint }) | { error: string };

/**
 * The block's receipts, checked against its receiptsRoot when the node prints them all; else each
 * one it prints, and the error of each it cannot (the devnet's node fails on a receipt whose
 * cumulative gas is below the one before it).
 */
async function chainReceipts(call: (m: string, p: unknown[]) => Promise<unknown>, block: VerifiedBlock): Promise<ChainReceipt[]> {
  const parse = (json: unknown, i: number): ChainReceipt => ({ ...parseRpcReceipt(json, `receipts[${i}]`), gasUsed: hexToBigInt((json as { gasUsed?: unknown }).gasUsed, `receipts[${i}].gasUsed`) });
  try {
    const receipts = (await call('eth_getBlockReceipts', [hexOf(block.header.number)])) as unknown[];
    const parsed = receipts.map(parse) as (Receipt & { gasUsed: bigint })[];
    verifyBlockReceipts(block, parsed);
    return parsed;
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
  }
  return Promise.all(
    block.transactions.map(async (t, i) => {
      try {
        return parse(await call('eth_getTransactionReceipt', [bytesToHex(t.hash)]), i);
      } catch (err) {
        if (err instanceof TransportError) return { error: err.shortMessage };
        throw err;
      }
    }),
  );
}

const short = (hex: string) => (hex.length > 74 ? `${hex.slice(0, 18)}…(${(hex.length - 2) / 2} bytes, keccak ${bytesToHex(keccak256(hexToBytes(hex))).slice(0, 18)}…)` : hex);

/**
 * The gas a mined transaction used by the chain's account: its receipt's `gasUsed`, or where the
 * node cannot print the receipt, what its sender paid for by the block access list.
 */
export async function chainGasUsed(url: string, txHash: string): Promise<bigint> {
  const call = (method: string, params: unknown[]) => jsonRpcCall(url, method, params, RPC);
  try {
    return hexToBigInt(((await call('eth_getTransactionReceipt', [txHash])) as { gasUsed: unknown }).gasUsed, 'gasUsed');
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
  }
  const { blockNumber, transactionIndex } = (await call('eth_getTransactionByHash', [txHash])) as { blockNumber: string; transactionIndex: string };
  const blockJson = await call('eth_getBlockByNumber', [blockNumber, true]);
  const { header, hash } = checkedHeader(blockJson);
  const block = verifyBlockBody(header, hash, blockJson);
  const i = Number(transactionIndex);
  const t = block.transactions[i]!;
  const bal = await accessList(call, hash, header.blockAccessListHash!);
  const parent = await call('eth_getProof', [bytesToHex(t.from!), [], hexOf(header.number - 1n)]);
  const state = new ProvenState(checkedHeader(await call('eth_getBlockByNumber', [hexOf(header.number - 1n), false])).header.stateRoot);
  state.addProof({ address: bytesToHex(t.from!), slots: [] }, parent);
  const paid = paidGas(bal, state, t.tx, t.from!, i, header.baseFeePerGas!, header.miner);
  if (paid === undefined) throw new Error(`${txHash}: no receipt, and its gas cannot be read from the access list`);
  return paid;
}

/** The mismatches as a table, one row per differing field. */
export function mismatchTable(mismatches: readonly Mismatch[]): string {
  const rows = [['block', 'tx', 'field', 'chain', 'vigil'], ...mismatches.map((m) => [String(m.block), m.tx === undefined ? '-' : String(m.tx), m.field, m.chain, m.vigil])];
  const widths = rows[0]!.map((_, c) => Math.min(90, Math.max(...rows.map((r) => r[c]!.length))));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')).join('\n');
}

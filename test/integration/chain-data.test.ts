/**
 * Chain data on the devnet with its demo contracts: blocks, transactions, receipts and logs that
 * Vigil proves through the heads its light client verified come out as the node gives them, and
 * the switchboard's lies about them (header-unlinked, tx-forge, receipt-forge, logs-drop) are
 * refused, or answered from an honest endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { ChainExecutionService } from '../../src/client/verified/chain-execution.ts';
import { ExecutionEngine } from '../../src/execution/engine.ts';
import { INFLATED_TIP } from '../../src/devnet/faults/lies.ts';
import { blobBaseFeeOn, VerifiedChain } from '../../src/client/verified/chain.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { hexToBytes } from '../../src/core/bytes.ts';
import { VigilError } from '../../src/core/errors.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import type { EXECUTION_API_FAULTS } from '../../src/devnet/faults/names.ts';
import { parseLogFilter } from '../../src/execution/logs.ts';
import { type Follower, follow, rpc, stepUntil } from './helpers.ts';
import { localCalls } from '../../src/client/verified/execution.ts';

let devnet: Devnet;
let f: Follower;
let C: NonNullable<Devnet['info']['contracts']>;
const node = (method: string, params: unknown[] = []) => rpc(devnet.info.nodeRpc, method, params);
const tag = (n: number) => `0x${n.toString(16)}`;

function chainOn(endpoints: string[]) {
  const rpcClient = new ExecutionRpc({ endpoints, timeoutMs: 10_000 });
  const rejected: string[] = [];
  const onRejected = (err: VigilError, endpoint: string) => rejected.push(`${endpoint === devnet.info.nodeRpc ? 'node' : 'proxy'} ${err.code}`);
  const anchors = () => ({ latest: f.sync.optimistic?.execution, finalized: f.sync.finalized?.execution });
  const headers = new VerifiedHeaders({ rpc: rpcClient, anchors, onRejected });
  return { chain: new VerifiedChain({ rpc: rpcClient, headers, onRejected, blobBaseFee: blobBaseFeeOn(f.config) }), rpc: rpcClient, rejected };
}

/**
 * Every field Vigil returns equals the node's, except the ones it adds as current geth prints
 * them (blockTimestamp; a typed transaction's yParity) and a block's `size`: Hardhat 2 counts a
 * typed transaction without its RLP string header, Vigil counts rlp(block) as geth does (the
 * unit tests check it against geth's and other nodes' sizes of real blocks). Fields only the
 * node gives (an unverifiable totalDifficulty, say) are left out, never passed through.
 */
function expectAsNode(ours: unknown, theirs: unknown, path = ''): void {
  if (Array.isArray(ours)) {
    expect(Array.isArray(theirs), path).toBe(true);
    expect(ours.length, path).toBe((theirs as unknown[]).length);
    ours.forEach((x, i) => expectAsNode(x, (theirs as unknown[])[i], `${path}[${i}]`));
  } else if (ours !== null && typeof ours === 'object') {
    for (const [k, v] of Object.entries(ours)) {
      const t = (theirs as Record<string, unknown>)[k];
      if ((t === undefined && ['blockTimestamp', 'yParity'].includes(k)) || k === 'size') continue;
      expectAsNode(v, t, `${path}.${k}`);
    }
  } else {
    expect(typeof ours === 'string' ? ours.toLowerCase() : ours, path).toBe(typeof theirs === 'string' ? theirs.toLowerCase() : theirs);
  }
}

beforeAll(async () => {
  await cryptoReady();
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, faults: true });
  C = devnet.info.contracts!;
  f = await follow(devnet.info);
  expect(await stepUntil(f, () => (f.sync.optimistic?.execution.blockNumber ?? 0n) >= BigInt(C.seededAt), 60_000, 300)).toBe(true);
}, 180_000);

afterAll(async () => {
  await devnet?.stop();
});

describe('chain data on the devnet, proven', () => {
  it('blocks, with hashes and with full transactions, as the node gives them', async () => {
    const { chain, rejected } = chainOn([devnet.info.executionRpc]);
    for (let n = C.deployedAt; n <= C.seededAt; n++) {
      for (const full of [false, true]) expectAsNode(await chain.getBlock({ number: BigInt(n) }, full), await node('eth_getBlockByNumber', [tag(n), full]), `block ${n}`);
    }
    expect(rejected).toEqual([]);
  });

  it('every transaction and receipt of the seeded block, the reverted one included', async () => {
    const { chain } = chainOn([devnet.info.executionRpc]);
    const block = (await node('eth_getBlockByNumber', [tag(C.seededAt), false])) as { transactions: string[] };
    expect(block.transactions).toContain(C.revertedTx);
    for (const hash of block.transactions) {
      expectAsNode(await chain.getTransactionByHash(hexToBytes(hash)), await node('eth_getTransactionByHash', [hash]), hash);
      expectAsNode(await chain.getTransactionReceipt(hexToBytes(hash)), await node('eth_getTransactionReceipt', [hash]), hash);
    }
    expect((await chain.getTransactionReceipt(hexToBytes(C.revertedTx)))!.status).toBe('0x0');
  });

  it('eth_getLogs over the contracts\' blocks: the token\'s Transfer logs, and everything', async () => {
    const { chain } = chainOn([devnet.info.executionRpc]);
    const range = { fromBlock: BigInt(C.deployedAt), toBlock: BigInt(C.seededAt) };
    const transfer = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
    for (const filter of [{ address: C.token, topics: [transfer] }, {}]) {
      const theirs = (await node('eth_getLogs', [{ fromBlock: tag(C.deployedAt), toBlock: tag(C.seededAt), ...filter }])) as unknown[];
      expect(theirs.length).toBeGreaterThan(0);
      expectAsNode(await chain.getLogs({ ...range, filter: parseLogFilter(filter) }), theirs, 'logs');
    }
  });
});

describe('the switchboard\'s chain-data lies', () => {
  const setFault = async (fault: keyof typeof EXECUTION_API_FAULTS, on: boolean) => {
    const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
    expect(res.status).toBe(200);
  };

  it.each([
    ['header-unlinked', 'HEADER_HASH_MISMATCH'],
    ['tx-forge', 'TRANSACTIONS_ROOT_MISMATCH'],
    ['receipt-forge', 'RECEIPTS_ROOT_MISMATCH'],
    ['logs-drop', 'RECEIPTS_ROOT_MISMATCH'],
  ] as const)('%s: refused alone (%s); with the node as a second endpoint, the node\'s answer', async (fault, code) => {
    const block = (await node('eth_getBlockByNumber', [tag(C.seededAt), false])) as { transactions: string[] };
    const tx = hexToBytes(block.transactions[0]!);
    const logs = { fromBlock: BigInt(C.seededAt), toBlock: BigInt(C.seededAt), filter: parseLogFilter({}) };
    await setFault(fault, true);
    try {
      const alone = chainOn([devnet.info.executionRpc]).chain;
      const codes = await Promise.all(
        [alone.getTransactionReceipt(tx), alone.getLogs(logs), alone.getBlock({ number: BigInt(C.seededAt) }, true)].map((p) =>
          p.then(
            () => undefined,
            (err: unknown) => (err instanceof VigilError ? err.code : String(err)),
          ),
        ),
      );
      expect(codes).toContain(code);
      for (const c of codes) expect([code, undefined]).toContain(c);
      const { chain, rpc: client, rejected } = chainOn([devnet.info.executionRpc, devnet.info.nodeRpc]);
      expectAsNode(await chain.getTransactionReceipt(tx), await node('eth_getTransactionReceipt', [block.transactions[0]]));
      expectAsNode(await chain.getLogs(logs), await node('eth_getLogs', [{ fromBlock: tag(C.seededAt), toBlock: tag(C.seededAt) }]));
      expect(rejected).toContain(`proxy ${code}`);
      expect(client.endpoints[0]).toBe(devnet.info.nodeRpc);
    } finally {
      await setFault(fault, false);
    }
  });
});

describe('fees from verified blocks, whatever an endpoint advises (fee-inflate)', () => {
  const GWEI = 10n ** 9n;
  const setFault = async (on: boolean) => {
    const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'fee-inflate', on }) });
    expect(res.status).toBe(200);
  };
  const serviceOn = (endpoints: string[]) =>
    new ChainExecutionService({
      config: f.config,
      rpc: new ExecutionRpc({ endpoints, timeoutMs: 10_000 }),
      calls: localCalls(new ExecutionEngine()),
      anchors: () => ({ latest: f.sync.optimistic?.execution, finalized: f.sync.finalized?.execution }),
    });

  /** geth's SuggestTipCap from the node's own JSON (its `from` fields, not recovered senders): the reference. */
  async function nodeOracle(newest: bigint, lastPrice: bigint): Promise<bigint> {
    const samples: bigint[] = [];
    for (let n = newest; n > newest - 5n && n > 0n; n--) {
      const b = (await node('eth_getBlockByNumber', [tag(Number(n)), true])) as { baseFeePerGas: string; miner: string; transactions: Record<string, string>[] };
      const base = BigInt(b.baseFeePerGas);
      const tips = b.transactions
        .filter((t) => t.from!.toLowerCase() !== b.miner.toLowerCase())
        .map((t) => (t.maxFeePerGas === undefined ? BigInt(t.gasPrice!) - base : min(BigInt(t.maxPriorityFeePerGas!), BigInt(t.maxFeePerGas) - base)))
        .filter((tip) => tip >= 2n)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, 3);
      samples.push(...(tips.length === 0 ? [lastPrice] : tips));
    }
    samples.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return samples[Math.floor(((samples.length - 1) * 60) / 100)]!;
  }
  const min = (a: bigint, b: bigint) => (a < b ? a : b);

  /** geth's feehistory processBlock over the node's JSON: tips sorted (stable), gas from the receipts, the first tip at which the gas reaches p%. */
  async function gethRewards(n: bigint, percentiles: number[]): Promise<bigint[]> {
    const b = (await node('eth_getBlockByNumber', [tag(Number(n)), true])) as { baseFeePerGas: string; gasUsed: string; transactions: Record<string, string>[] };
    if (b.transactions.length === 0) return percentiles.map(() => 0n);
    const base = BigInt(b.baseFeePerGas);
    const rows: { tip: bigint; gas: bigint }[] = [];
    for (const t of b.transactions) {
      const r = (await node('eth_getTransactionReceipt', [t.hash])) as { gasUsed: string };
      const tip = t.maxFeePerGas === undefined ? BigInt(t.gasPrice!) - base : min(BigInt(t.maxPriorityFeePerGas!), BigInt(t.maxFeePerGas) - base);
      rows.push({ tip, gas: BigInt(r.gasUsed) });
    }
    rows.sort((x, y) => (x.tip < y.tip ? -1 : x.tip > y.tip ? 1 : 0));
    let i = 0;
    let sum = rows[0]!.gas;
    return percentiles.map((p) => {
      const threshold = BigInt(Math.floor((Number(BigInt(b.gasUsed)) * p) / 100));
      while (sum < threshold && i < rows.length - 1) sum += rows[++i]!.gas;
      return rows[i]!.tip;
    });
  }

  it('the tip is geth\'s oracle over the last five verified blocks; a 5000 gwei advice changes nothing, a lower one lowers it', async () => {
    // Transactions tipping 1, 2 and 3 gwei, in the blocks the oracle reads.
    const [a, b] = devnet.info.accounts;
    const hashes: string[] = [];
    for (const tip of [1n, 2n, 3n]) {
      hashes.push((await node('eth_sendTransaction', [{ from: tip === 2n ? b : a, to: b, value: '0x1', maxPriorityFeePerGas: tag(Number(tip * GWEI)), maxFeePerGas: tag(Number(200n * GWEI)) }])) as string);
    }
    let mined = 0n;
    for (const h of hashes) {
      const r = await waitForReceipt(h);
      if (BigInt(r.blockNumber) > mined) mined = BigInt(r.blockNumber);
    }
    expect(await stepUntil(f, () => (f.sync.optimistic?.execution.blockNumber ?? 0n) >= mined, 60_000, 300)).toBe(true);
    const newest = f.sync.optimistic!.execution.blockNumber;

    await setFault(true);
    try {
      const tip = await serviceOn([devnet.info.executionRpc]).suggestedTip();
      expect(tip).toBe(await nodeOracle(newest, 10n ** 6n));
      expect(tip <= 3n * GWEI).toBe(true);
      // The lie it ignored: what the endpoint advises.
      expect(BigInt((await rpc(devnet.info.executionRpc, 'eth_maxPriorityFeePerGas')) as string)).toBe(INFLATED_TIP);
    } finally {
      await setFault(false);
    }
    // Honest advice below the verified tip lowers it (Hardhat advises 1 gwei).
    const advised = BigInt((await node('eth_maxPriorityFeePerGas')) as string);
    const honest = await serviceOn([devnet.info.nodeRpc]).suggestedTip();
    expect(honest).toBe(min(advised, await nodeOracle(newest, 10n ** 6n)));
  });

  it('eth_feeHistory: the newest five blocks\' rewards from verified bodies and receipts, older rows the endpoint\'s advice, marked', async () => {
    // Eight blocks after genesis, so that three rows are older than the verified five.
    expect(await stepUntil(f, () => (f.sync.optimistic?.execution.blockNumber ?? 0n) >= 9n, 60_000, 300)).toBe(true);
    const newest = f.sync.optimistic!.execution;
    const env = await serviceOn([devnet.info.nodeRpc]).envOfBlock({ number: newest.blockNumber });
    await setFault(true);
    try {
      const history = (await serviceOn([devnet.info.executionRpc]).feeHistory(8, env, [10, 50, 90])) as { reward: string[][]; vigil: Record<string, unknown> };
      expect(history.reward).toHaveLength(8);
      // Verified rows are geth's rewards of those blocks (Hardhat's own eth_feeHistory weighs a
      // block of several transactions otherwise: geth is the reference); advised rows are the lie, marked so.
      const reference: bigint[][] = [];
      for (let n = newest.blockNumber - 4n; n <= newest.blockNumber; n++) reference.push(await gethRewards(n, [10, 50, 90]));
      expect(history.reward.slice(3).map((row) => row.map((x) => BigInt(x)))).toEqual(reference);
      expect(history.reward.slice(0, 3).flat().every((x) => BigInt(x) === INFLATED_TIP)).toBe(true);
      expect(history.vigil).toMatchObject({ advice: ['reward'], rewardVerifiedFrom: tag(Number(newest.blockNumber - 4n)) });
      const short = (await serviceOn([devnet.info.executionRpc]).feeHistory(3, env, [50])) as { reward: string[][]; vigil: { verified: string[]; advice: string[] } };
      expect(short.vigil.verified).toContain('reward');
      expect(short.vigil.advice).toEqual([]);
    } finally {
      await setFault(false);
    }
  });
});

async function waitForReceipt(hash: string): Promise<{ blockNumber: string }> {
  for (let i = 0; i < 200; i++) {
    const r = (await node('eth_getTransactionReceipt', [hash])) as { blockNumber: string } | null;
    if (r) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no receipt for ${hash}`);
}

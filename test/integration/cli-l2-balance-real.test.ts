/**
 * `vigil l2-balance --rollup-config <op-mainnet | op-sepolia (super-root games) | base | arbitrum-one | scroll | mantle | taiko | linea>` end to end, in process
 * (as the other CLI tests run commands), on worlds built as each shipped config expects L1 to hold
 * the rollup (test/support/rollup-world.ts): first live against JSON-RPC servers answering from
 * those worlds, recording what the command asks (--rpc-record, --l2-rpc-record); then offline
 * from the recordings and the recorded head (--header, --rpc-replay, --l2-rpc-replay), printing
 * the same proven balance; then a one-byte lie in each kind of recorded answer (an L1 storage
 * proof, a game proxy's code, an L1 log, the L2 header, the L2 account proof) makes it exit 1 with
 * the lie's code and print nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { l2BalanceCommand } from '../../src/cli/commands/l2-balance.ts';
import { exitCodeFor } from '../../src/cli/io.ts';
import { recordedHeadPath } from '../../src/cli/verified-head.ts';
import { VigilError } from '../../src/core/errors.ts';
import type { RpcExchange } from '../../src/rpc/execution-replay.ts';
import { L2_ADDRESS, lineaWorld, opSepoliaZkConfig, opStackZkWorld, opSuccinctWorld, ROLLUP_WORLDS, type RollupWorld, scrollWorld, taikoWorld } from '../support/rollup-world.ts';
import { serveJsonRpc } from '../support/rpc-world.ts';

interface Outcome {
  code: number;
  lines: string[];
  stderr: string;
  error?: string;
}

/** The command in process: its exit code (main's mapping of what it threw), stdout lines, stderr. */
async function l2Balance(args: string[]): Promise<Outcome> {
  const lines: string[] = [];
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await l2BalanceCommand(args, (l) => lines.push(l)), lines, stderr };
  } catch (err) {
    return { code: exitCodeFor(err), lines, stderr, error: err instanceof VigilError ? String(err.code) : String(err) };
  } finally {
    spy.mockRestore();
  }
}

/** `hex` with its byte `index` (from the end when negative) changed. */
function oneByte(hex: string, index = -1): string {
  const bytes = (hex.length - 2) / 2;
  const i = index < 0 ? bytes + index : index;
  const at = 2 + 2 * i;
  const flipped = (parseInt(hex.slice(at, at + 2), 16) ^ 0x01).toString(16).padStart(2, '0');
  return hex.slice(0, at) + flipped + hex.slice(at + 2);
}

interface Lie {
  what: string;
  side: 'l1' | 'l2';
  /** The exchange to change (the first that matches). */
  pick: (e: RpcExchange) => boolean;
  change: (result: any) => void;
  /** For an answer that is a hex string (eth_getCode): the byte to change. */
  at?: number;
  /** An answer put in place of the recorded one. */
  replace?: unknown;
  /** The exit code (default 1: a lie that does not verify). */
  exit?: number;
  code: string;
}

const method = (m: string) => (e: RpcExchange) => e.request.method === m;
const proofOf = (address: string) => (e: RpcExchange) => e.request.method === 'eth_getProof' && String((e.request.params as unknown[])[0]).toLowerCase() === address.toLowerCase();

/** An L1 storage proof's leaf node, a byte changed. */
const storageProofLie = (address: string): Lie => ({
  what: `an L1 storage proof of ${address}`,
  side: 'l1',
  pick: proofOf(address),
  change: (r) => {
    const proof = r.storageProof[0].proof;
    proof[proof.length - 1] = oneByte(proof[proof.length - 1], 40);
  },
  code: 'PROOF_NODE_HASH_MISMATCH',
});
const l2ProofLies: Lie[] = [
  { what: 'the L2 account proof (its balance)', side: 'l2', pick: method('eth_getProof'), change: (r) => (r.balance = oneByte(r.balance)), code: 'PROOF_VALUE_MISMATCH' },
  {
    what: 'the L2 account proof (its leaf node)',
    side: 'l2',
    pick: method('eth_getProof'),
    change: (r) => (r.accountProof[r.accountProof.length - 1] = oneByte(r.accountProof.at(-1), -3)),
    code: 'PROOF_NODE_HASH_MISMATCH',
  },
];
const l2HeaderLie = (m: string, code: string): Lie => ({ what: 'the L2 header', side: 'l2', pick: method(m), change: (r) => (r.stateRoot = oneByte(r.stateRoot, 7)), code });

const LIES: Record<string, Lie[]> = {
  'op-mainnet': [
    storageProofLie('0xe5965Ab5962eDc7477C8520243A95517CD252fA9'),
    // A byte of the root claim: the clone's args start at 0x62, the claim at the layout's offset 20.
    { what: "the anchor game proxy's code (its root claim)", side: 'l1', pick: (e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20), change: () => {}, at: 0x62 + 20 + 5, code: 'CODE_HASH_MISMATCH' },
    l2HeaderLie('eth_getBlockByNumber', 'OP_OUTPUT_ROOT_MISMATCH'),
    ...l2ProofLies,
  ],
  // Type 9: the anchor game's args carry the super-root preimage (from 0x62 + 88); its claim is the preimage's hash.
  'op-sepolia': [
    storageProofLie('0x05F9613aDB30026FFd634f38e5C4dFd30a197Fa1'),
    { what: "the anchor game proxy's code (its super-root preimage)", side: 'l1', pick: (e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20), change: () => {}, at: 0x62 + 88 + 9 + 40, code: 'CODE_HASH_MISMATCH' },
    l2HeaderLie('eth_getBlockByNumber', 'OP_OUTPUT_ROOT_MISMATCH'),
    ...l2ProofLies,
  ],
  base: [
    storageProofLie('0x43edB88C4B80fDD2AdFF2412A7BebF9dF42cB40e'),
    { what: "the anchor game proxy's code (its root claim)", side: 'l1', pick: (e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20), change: () => {}, at: 0x62 + 20 + 5, code: 'CODE_HASH_MISMATCH' },
    l2HeaderLie('eth_getBlockByNumber', 'OP_OUTPUT_ROOT_MISMATCH'),
    ...l2ProofLies,
  ],
  'arbitrum-one': [
    storageProofLie('0x0B9857ae2D4A3DBe74ffE1d7DF045bb7F96E4840'),
    { what: 'the AssertionConfirmed log', side: 'l1', pick: method('eth_getBlockReceipts'), change: (r) => (r[0].logs[0].data = oneByte(r[0].logs[0].data, 40)), code: 'RECEIPTS_ROOT_MISMATCH' },
    l2HeaderLie('eth_getBlockByHash', 'L2_HEADER_MISMATCH'),
    ...l2ProofLies,
  ],
  scroll: [
    storageProofLie('0xa13BAF47339d63B743e7Da8741db5456DAc1E556'),
    // ScrollChain's implementation code (the router it carries): it no longer hashes to the proven code hash.
    { what: "ScrollChain's implementation code", side: 'l1', pick: method('eth_getCode'), change: () => {}, at: 5, code: 'CODE_HASH_MISMATCH' },
    // The last FinalizeBatch log: the receipts no longer give the block's root.
    { what: 'the FinalizeBatch log', side: 'l1', pick: method('eth_getBlockReceipts'), change: (r) => (r[0].logs[0].data = oneByte(r[0].logs[0].data)), code: 'RECEIPTS_ROOT_MISMATCH' },
    ...l2ProofLies,
  ],
  taiko: [
    storageProofLie('0x6f21C543a4aF5189eBdb0723827577e1EF57ef1f'),
    storageProofLie('0x9e0a24964e5397B566c1ed39258e21aB5E35C77C'),
    l2HeaderLie('eth_getBlockByHash', 'L2_HEADER_MISMATCH'),
    ...l2ProofLies,
  ],
  linea: [
    storageProofLie('0xd19d4B5d358258f05D7B411E21A1460D11B0876F'),
    // The verifier's code (a byte of its key): it no longer hashes to the proven code hash.
    { what: "the verifier's code", side: 'l1', pick: (e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '41'.repeat(20), change: () => {}, at: 1000, code: 'CODE_HASH_MISMATCH' },
    // The finalization's DataFinalizedV3 log: the receipts no longer give the block's root.
    { what: 'the DataFinalizedV3 log', side: 'l1', pick: method('eth_getBlockReceipts'), change: (r) => (r[0].logs[0].data = oneByte(r[0].logs[0].data)), code: 'RECEIPTS_ROOT_MISMATCH' },
    // What the L2 RPC says of the account is not proven: a lie there is bounded, never a pass for proven.
    // An endpoint's malformed answer: exit 2, as every transport failure.
    { what: 'the L2 balance (not a quantity)', side: 'l2', pick: method('eth_getBalance'), change: () => {}, replace: '0x1' + '0'.repeat(64), code: 'BAD_RESPONSE', exit: 2 },
  ],
  mantle: [
    storageProofLie('0x31d543e7BE1dA6eFDc2206Ef7822879045B9f481'),
    // The proposal's OutputProposed log (its l1Timestamp word): the receipts no longer give the block's root.
    { what: 'the OutputProposed log', side: 'l1', pick: method('eth_getBlockReceipts'), change: (r) => (r[0].logs[0].data = oneByte(r[0].logs[0].data)), code: 'RECEIPTS_ROOT_MISMATCH' },
    // The header's state root is checked first by the message passer's account proof against it.
    l2HeaderLie('eth_getBlockByNumber', 'PROOF_ROOT_MISMATCH'),
    // The L2 RPC proves the message passer first (the output root's storage root): the lies go to the account's proof.
    ...l2ProofLies.map((lie) => ({ ...lie, pick: proofOf(L2_ADDRESS) })),
  ],
};

/** The methods each run asks its RPCs (eth_getBlockByHash of L1: the recorded head). */
const ASKED: Record<string, { l1: string[]; l2: string[] }> = {
  // OP Stack: the batcher's postings looked for in the newest verified block bodies (by number).
  'op-mainnet': { l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getCode', 'eth_getProof'], l2: ['eth_getBlockByNumber', 'eth_getProof'] },
  'op-sepolia': { l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getCode', 'eth_getProof'], l2: ['eth_getBlockByNumber', 'eth_getProof'] },
  base: { l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getCode', 'eth_getProof'], l2: ['eth_getBlockByNumber', 'eth_getProof'] },
  // The newest delivered batch's transaction and receipt proven through their block (where its data went).
  'arbitrum-one': { l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getBlockReceipts', 'eth_getProof', 'eth_getTransactionByHash', 'eth_getTransactionReceipt'], l2: ['eth_getBlockByHash', 'eth_getProof'] },
  // The last bundle's finalize transaction found through its log (and the one before it), proven through their blocks, ScrollChain's implementation code.
  scroll: { l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getBlockReceipts', 'eth_getCode', 'eth_getProof', 'eth_getTransactionByHash', 'eth_getTransactionReceipt'], l2: ['eth_getProof'] },
  taiko: {
    l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getBlockReceipts', 'eth_getProof', 'eth_getTransactionByHash', 'eth_getTransactionReceipt'],
    l2: ['eth_getBlockByHash', 'eth_getProof'],
  },
  // The finalization found through its log (and the one before it), its transaction and receipt proven through their block, the verifier's code; the account read, not proven.
  linea: {
    l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getBlockReceipts', 'eth_getCode', 'eth_getProof', 'eth_getTransactionByHash', 'eth_getTransactionReceipt'],
    l2: ['eth_getBalance', 'eth_getTransactionCount'],
  },
  // The output's proposal: found through its log, then its transaction and receipt proven through their block.
  mantle: {
    l1: ['eth_getBlockByHash', 'eth_getBlockByNumber', 'eth_getBlockReceipts', 'eth_getProof', 'eth_getTransactionByHash', 'eth_getTransactionReceipt'],
    l2: ['eth_getBlockByNumber', 'eth_getProof'],
  },
};

/** eth_getCode's answer is the code itself: its byte `lie.at` is changed. */
function applyLie(exchanges: RpcExchange[], lie: Lie): RpcExchange[] {
  const copy = structuredClone(exchanges);
  const target = copy.find(lie.pick);
  if (target === undefined) throw new Error(`the recording holds no answer for ${lie.what}`);
  const response = target.response as { result: any };
  if (lie.replace !== undefined) response.result = lie.replace;
  else if (typeof response.result === 'string') response.result = oneByte(response.result, lie.at);
  else lie.change(response.result);
  return copy;
}

describe.each(Object.keys(ROLLUP_WORLDS))('vigil l2-balance --rollup-config %s, end to end', (name) => {
  let world: RollupWorld;
  let dir: string;
  let live: Outcome;
  const file = (f: string) => join(dir, f);
  const offline = (l1 = file('l1.json'), l2 = file('l2.json')) => [
    '--network', 'mainnet', '--rollup-config', name, '--header', recordedHeadPath(file('l1.json')), '--rpc-replay', l1, '--l2-rpc-replay', l2, world.address,
  ];

  beforeAll(async () => {
    world = await ROLLUP_WORLDS[name]!();
    dir = mkdtempSync(join(tmpdir(), `vigil-l2-${name}-`));
    writeFileSync(file('head.json'), JSON.stringify(world.head));
    const [l1, l2] = await Promise.all([serveJsonRpc(world.l1), serveJsonRpc(world.l2)]);
    try {
      live = await l2Balance([
        '--network', 'mainnet', '--rollup-config', name, '--header', file('head.json'), '--execution-rpc', l1.url, '--rpc-record', file('l1.json'),
        '--l2-rpc', l2.url, '--l2-rpc-record', file('l2.json'), world.address,
      ]);
    } finally {
      await Promise.all([l1.close(), l2.close()]);
    }
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('proves the L2 account from the rollup contracts on L1, live and again from the recording', async () => {
    expect(live.error).toBeUndefined();
    expect(live.code).toBe(0);
    expect(JSON.parse(live.lines.join('\n'))).toEqual(world.expected);
    // The recorded head is the head it was given.
    expect(JSON.parse(readFileSync(recordedHeadPath(file('l1.json')), 'utf8')).hash).toBe(world.head.hash);
    // What it asked, and of whom: L1 proofs at the head (and the code, the blocks and receipts its adapter reads), L2 headers and proofs.
    const methods = (f: string) => [...new Set((JSON.parse(readFileSync(file(f), 'utf8')) as RpcExchange[]).map((e) => e.request.method))].sort();
    expect({ l1: methods('l1.json'), l2: methods('l2.json') }).toEqual(ASKED[name]);
    if (name === 'op-sepolia') {
      // Its games are type 9: the anchor game's clone carries a one-chain super-root preimage (88 + 73 + 124 bytes of args).
      const anchorCode = (JSON.parse(readFileSync(file('l1.json'), 'utf8')) as RpcExchange[]).find((e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20));
      expect(((anchorCode!.response as { result: string }).result.length - 2) / 2).toBe(0x62 + 88 + 73 + 124 + 2);
    }
    const replayed = await l2Balance(offline());
    expect(replayed.error).toBeUndefined();
    expect(replayed.lines).toEqual(live.lines);
  });

  it('does not believe a batch transaction its verified block does not hold: its data unknown, the balance still proven', async () => {
    const out = JSON.parse(live.lines.join('\n'));
    const tx = out.data.l1?.tx as string;
    expect(tx).toMatch(/^0x[0-9a-f]{64}$/);
    // The block body that carries it, as an endpoint would forge it: the same hash, another nonce.
    const l1 = JSON.parse(readFileSync(file('l1.json'), 'utf8')) as RpcExchange[];
    let forged = 0;
    for (const e of l1) {
      if (e.request.method !== 'eth_getBlockByHash' || (e.request.params as unknown[])[1] !== true) continue;
      for (const t of ((e.response as { result: { transactions?: { hash: string; nonce: string }[] } | null }).result?.transactions ?? [])) if (t.hash === tx) (t.nonce = '0x1'), forged++;
    }
    expect(forged).toBeGreaterThan(0);
    writeFileSync(file('forged-batch.json'), JSON.stringify(l1));
    const r = await l2Balance(offline(file('forged-batch.json')));
    expect(r.error).toBeUndefined();
    const got = JSON.parse(r.lines.join('\n'));
    expect(got.balance).toBe(out.balance);
    expect(got.data).toMatchObject({ where: 'unknown', l1: null });
  });

  it.each(LIES[name]!.map((lie) => [lie.what, lie] as const))('refuses a lie in %s (nothing printed)', async (_what, lie) => {
    const l1 = JSON.parse(readFileSync(file('l1.json'), 'utf8')) as RpcExchange[];
    const l2 = JSON.parse(readFileSync(file('l2.json'), 'utf8')) as RpcExchange[];
    writeFileSync(file('lie.json'), JSON.stringify(applyLie(lie.side === 'l1' ? l1 : l2, lie)));
    const r = await l2Balance(lie.side === 'l1' ? offline(file('lie.json')) : offline(undefined, file('lie.json')));
    expect(r.lines).toEqual([]);
    expect(r.code).toBe(lie.exit ?? 1);
    expect(r.error).toBe(lie.code);
  });
});

describe.each([
  ['mantle', 'a proposal whose SP1 proof does not verify', () => opSuccinctWorld('mantle', 'proof')],
  ['taiko', "a finalization whose RISC Zero leg does not verify", () => taikoWorld('taiko', 'risc0-forged')],
  ['linea', 'a finalization whose aggregation proof does not verify', () => lineaWorld('linea', 'forged')],
  ['scroll', 'a bundle whose proof the pinned Feynman verifier, run here, refuses', () => scrollWorld('scroll', 'feynman')],
] as const)('vigil l2-balance --rollup-config %s: %s', (name, _what, build) => {
  it('exits 1 with L2_BATCH_PROOF_INVALID and prints nothing: the proof is checked here, not taken from L1', async () => {
    const world = await build();
    const dir = mkdtempSync(join(tmpdir(), `vigil-l2-${name}-proof-`));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(world.head));
    const [l1, l2] = await Promise.all([serveJsonRpc(world.l1), serveJsonRpc(world.l2)]);
    try {
      const r = await l2Balance(['--network', 'mainnet', '--rollup-config', name, '--header', join(dir, 'head.json'), '--execution-rpc', l1.url, '--l2-rpc', l2.url, world.address]);
      expect(r.lines).toEqual([]);
      expect([r.code, r.error]).toEqual([1, 'L2_BATCH_PROOF_INVALID']);
    } finally {
      await Promise.all([l1.close(), l2.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('vigil l2-balance --rollup-config linea: the account is the L2 RPC\'s word', () => {
  it('another balance from the L2 RPC is printed as it says, always labelled not proven, beside the proven root and tier', async () => {
    const world = await lineaWorld('linea');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-l2-linea-word-'));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(world.head));
    const l2: typeof world.l2 = (m, p) => (m === 'eth_getBalance' ? '0x2a' : world.l2(m, p));
    const [l1, rpc] = await Promise.all([serveJsonRpc(world.l1), serveJsonRpc(l2)]);
    try {
      const r = await l2Balance(['--network', 'mainnet', '--rollup-config', 'linea', '--header', join(dir, 'head.json'), '--execution-rpc', l1.url, '--l2-rpc', rpc.url, world.address]);
      expect(r.error).toBeUndefined();
      const printed = JSON.parse(r.lines.join('\n'));
      expect(printed).toEqual({ ...world.expected, balance: '0x2a' });
      expect(printed.account).toBe("account not proven (Linea's trie)");
      expect(printed).not.toHaveProperty('codeHash');
    } finally {
      await Promise.all([l1.close(), rpc.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('vigil l2-balance --rollup-config <a file: OP Sepolia with ZKDisputeGames, type 10, shipped by no network>', () => {
  it('proves the account through a ZK game\'s super root, and refuses a byte changed in its preimage', async () => {
    const world = await opStackZkWorld();
    const dir = mkdtempSync(join(tmpdir(), 'vigil-l2-zk-'));
    try {
      const file = (f: string) => join(dir, f);
      writeFileSync(file('head.json'), JSON.stringify(world.head));
      writeFileSync(file('rollup.json'), JSON.stringify(opSepoliaZkConfig()));
      const [l1, l2] = await Promise.all([serveJsonRpc(world.l1), serveJsonRpc(world.l2)]);
      let live: Outcome;
      try {
        live = await l2Balance([
          '--network', 'mainnet', '--rollup-config', file('rollup.json'), '--header', file('head.json'), '--execution-rpc', l1.url, '--rpc-record', file('l1.json'),
          '--l2-rpc', l2.url, '--l2-rpc-record', file('l2.json'), world.address,
        ]);
      } finally {
        await Promise.all([l1.close(), l2.close()]);
      }
      expect(live.error).toBeUndefined();
      expect(JSON.parse(live.lines.join('\n'))).toEqual(world.expected);
      // A ZKDisputeGame's clone: parentIndex and a one-chain preimage after the 88-byte head, 140 bytes of game args.
      const anchorCode = (JSON.parse(readFileSync(file('l1.json'), 'utf8')) as RpcExchange[]).find((e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20));
      expect(((anchorCode!.response as { result: string }).result.length - 2) / 2).toBe(0x62 + 92 + 73 + 140 + 2);
      const lie = applyLie(JSON.parse(readFileSync(file('l1.json'), 'utf8')) as RpcExchange[], {
        what: "the anchor ZK game's preimage", side: 'l1', pick: (e) => e.request.method === 'eth_getCode' && (e.request.params as string[])[0] === '0x' + '61'.repeat(20), change: () => {}, at: 0x62 + 92 + 9 + 40, code: 'CODE_HASH_MISMATCH',
      });
      writeFileSync(file('lie.json'), JSON.stringify(lie));
      const r = await l2Balance(['--network', 'mainnet', '--rollup-config', file('rollup.json'), '--header', recordedHeadPath(file('l1.json')), '--rpc-replay', file('lie.json'), '--l2-rpc-replay', file('l2.json'), world.address]);
      expect(r).toMatchObject({ code: 1, lines: [], error: 'CODE_HASH_MISMATCH' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

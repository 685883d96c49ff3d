/**
 * What a rollup follower reads, as one world per adapter: the L1 accounts (storage, code) the
 * rollup's contracts hold, the L2 headers and account proofs the L2 RPC gives, the L1 logs and
 * commit evidence. OP Stack, Arbitrum, Scroll, OP Succinct (Mantle) and Taiko come from
 * test/support/rollup-world.ts's worlds of the shipped configs (Mantle's newest output carrying an
 * SP1 proof, Taiko's last finalization a RISC Zero leg, each found through its L1 log); vigil-zk-v1 from the model's first scenario batch
 * (test/unit/l2/vigil-zk/scenario.ts). `followerDeps` serves a world to src/client/rollups/follower.ts
 * as its sources would, each read passing through `tap` (the campaign mutates it there).
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { TransportError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { type BlockHeader, encodeHeader, headerHash } from '../../../src/execution/header.ts';
import type { L2HeaderQuery, L2Hints, RollupAdapter } from '../../../src/l2/adapter.ts';
import { ROLLUP_ADAPTERS } from '../../../src/l2/registry.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { encodeCommitBatch } from '../../../src/l2/vigil-zk/calldata.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, type VigilZkConfig } from '../../../src/l2/vigil-zk/config.ts';
import { transaction, txDataHash } from '../../../src/l2/vigil-zk/transactions.ts';
import type { RollupState } from '../../../src/l2/vigil-zk/state.ts';
import { EMPTY_CODE_HASH } from '../../../src/proofs/constants.ts';
import type { Log } from '../../../src/proofs/receipts.ts';
import type { L1HeadRef, RollupFollowerDeps } from '../../../src/client/rollups/follower.ts';
import { arbitrumParts, opStackParts, opSuccinctParts, type RollupParts, scrollParts, taikoParts } from '../../support/rollup-world.ts';
import { L1_HEAD_NUMBER, L1_HEAD_TIME, type World, type WorldAccount } from '../../support/rpc-world.ts';
import { scenario } from '../../unit/l2/vigil-zk/scenario.ts';

/** One read of the follower: what it is (for picking a mutation) and its value. */
export type Fact =
  | { kind: 'slot'; address: string; key: string; value: bigint }
  | { kind: 'codeHash'; address: string; value: string }
  | { kind: 'code'; address: string; value: Uint8Array }
  | { kind: 'header'; value: Uint8Array }
  | { kind: 'l1Log'; value: NonNullable<L2Hints['l1Log']> }
  | { kind: 'accountProof'; value: unknown }
  | { kind: 'commitTxHash'; value: string }
  | { kind: 'commitTx'; value: { to: string | null; input: string; hash: string; blockNumber: string } }
  | { kind: 'commitReceipt'; value: { status: string; logs: { address: string; topics: string[]; data: string }[] } };

/** Sees every fact as it is read and returns what the follower gets instead. */
export type Tap = <F extends Fact>(fact: F) => F['value'];

export interface FactsWorld {
  name: string;
  adapter: RollupAdapter<any, any>;
  config: any;
  head: L1HeadRef;
  accounts: Record<string, WorldAccount>;
  headers: BlockHeader[];
  tags: Record<string, BlockHeader>;
  /** L1 logs (an l1Event query's answer), newest last. */
  logs: Log[];
  /** The L2 account asked for. */
  query: unknown;
  l2?: World;
  /** OP Succinct, Taiko: the L1 transaction a proof step rides on (found through its log), and its receipt. */
  step?: { hash: string; tx: { to: string | null; input: string; hash: string; blockNumber: string }; receipt: { status: string; logs: { address: string; topics: string[]; data: string }[] } };
  /** vigil-zk: the commit of the accepted batch, its receipt, and the L2 state. */
  commit?: { hash: string; tx: { to: string | null; input: string; hash: string; blockNumber: string }; receipt: { status: string; logs: { address: string; topics: string[]; data: string }[] }; state: RollupState };
}

const HEAD: L1HeadRef = { blockNumber: L1_HEAD_NUMBER, blockHash: '0x' + '4e'.repeat(32), stateRoot: '0x' + '5e'.repeat(32), timestamp: L1_HEAD_TIME };

function fromParts(parts: RollupParts<any>, logs: Log[] = []): FactsWorld {
  const event = parts.chain?.event;
  const hash = '0x' + '5c'.repeat(32);
  const step =
    event?.data === undefined
      ? undefined
      : {
          hash,
          tx: { to: event.to.toLowerCase(), input: bytesToHex(event.data), hash, blockNumber: bigIntToHex(event.number) },
          receipt: { status: '0x1', logs: event.logs.map((l) => ({ address: bytesToHex(l.address), topics: l.topics.map((t) => bytesToHex(t)), data: bytesToHex(l.data) })) },
        };
  return {
    ...(step !== undefined ? { step } : {}),
    name: parts.name,
    adapter: ROLLUP_ADAPTERS[parts.config.kind]!,
    config: parts.config,
    head: HEAD,
    accounts: parts.l1.accounts,
    headers: parts.l2.headers,
    tags: parts.l2.tags ?? {},
    logs,
    query: { address: parts.owner },
    l2: parts.l2.state,
  };
}

/** vigil-zk-v1 after the scenario's first batch (two deposits), committed with its event and a (modelled) valid proof. */
function vigilZkWorld(): FactsWorld {
  const [first] = scenario();
  const batch = first!;
  const contract = '0x' + 'c0'.repeat(20);
  const verifier = { address: '0x' + 'fe'.repeat(20), codeHash: bytesToHex(keccak256(hexToBytes('0x6080'))) };
  const config = {
    kind: ROLLUP_KIND,
    name: 'vigil-zk fuzz',
    chainId: 1001,
    l1ChainId: 1,
    contract,
    slots: ROLLUP_SLOTS,
    verifier,
    verificationKey: { pinned: true },
    verificationKeyHash: '0x' + '00'.repeat(32),
    depth: batch.before.depth,
    batchSize: batch.txs.length,
    liveness: { delayedAfterSeconds: 600, stalledAfterSeconds: 3600 },
  } as unknown as VigilZkConfig;
  const after = batch.witness.state;
  const proof = { pi_a: ['1', '2', '1'], pi_b: [['3', '4'], ['5', '6'], ['1', '0']], pi_c: ['7', '8', '1'], protocol: 'groth16', curve: 'bn128' };
  const input = bytesToHex(encodeCommitBatch({ txs: [...batch.txs, ...Array(Math.max(0, config.batchSize - batch.txs.length)).fill(transaction({ type: 0n }))], newRoot: after.root, queueEnd: batch.queue.queueEnd, proof }));
  const word = (x: bigint) => x.toString(16).padStart(64, '0');
  const topic = bytesToHex(keccak256(new TextEncoder().encode('BatchCommitted(uint256,uint256,uint256,uint256,uint256,uint256)')));
  const data = '0x' + [batch.before.root, after.root, txDataHash(batch.txs, config.batchSize), batch.queue.queueStart, batch.queue.queueEnd].map(word).join('');
  const accTopic = bytesToHex(keccak256(new TextEncoder().encode('BatchQueueAcc(uint256,uint256,uint256)')));
  const hash = '0x' + 'c1'.repeat(32);
  const slot = (s: bigint) => storageKey({ slot: s });
  const storage: Record<string, bigint> = {
    [slot(ROLLUP_SLOTS.stateRoot)]: after.root,
    [slot(ROLLUP_SLOTS.batchCount)]: 1n,
    [slot(ROLLUP_SLOTS.lastBatchAt)]: L1_HEAD_TIME - 120n,
    [slot(ROLLUP_SLOTS.queueHead)]: batch.queue.queueEnd,
    [slot(ROLLUP_SLOTS.queueTail)]: batch.queue.queueEnd + 1n,
    [storageKey({ mapping: ROLLUP_SLOTS.queuedAt, key: batch.queue.queueEnd })]: L1_HEAD_TIME - 300n,
    [slot(ROLLUP_SLOTS.verifier)]: BigInt(verifier.address),
  };
  return {
    name: 'vigil-zk',
    adapter: ROLLUP_ADAPTERS[ROLLUP_KIND]!,
    config,
    head: HEAD,
    accounts: { [contract]: { storage, code: '0x6000' }, [verifier.address]: { code: '0x6080' } },
    headers: [],
    tags: {},
    logs: [],
    query: { index: 0 },
    commit: {
      hash,
      tx: { to: contract, input, hash, blockNumber: bigIntToHex(L1_HEAD_NUMBER - 30n) },
      receipt: {
        status: '0x1',
        logs: [
          { address: contract, topics: [topic, '0x' + word(1n)], data },
          // BatchQueueAcc (SPEC "Batches in blobs"): the accumulators the proof was verified on.
          { address: contract, topics: [accTopic, '0x' + word(1n)], data: '0x' + [batch.queue.queueAccStart, batch.witness.publicInputs[6]!].map(word).join('') },
        ],
      },
      state: after,
    },
  };
}

/** The worlds (OP Mainnet, Arbitrum One, Scroll, Mantle, Taiko, vigil-zk-v1), by adapter kind. */
export async function factsWorlds(): Promise<Record<string, FactsWorld>> {
  const arbitrum = await arbitrumParts();
  return {
    'op-stack': fromParts(await opStackParts()),
    arbitrum: fromParts(arbitrum, arbitrum.chain?.event?.logs ?? []),
    scroll: fromParts(await scrollParts()),
    'op-succinct': fromParts(await opSuccinctParts('mantle', undefined, 'proof')),
    taiko: fromParts(await taikoParts('taiko', undefined, 'risc0-forged')),
    'vigil-zk': vigilZkWorld(),
  };
}

function headerFor(world: FactsWorld, query: L2HeaderQuery): { header?: BlockHeader; l1Log?: L2Hints['l1Log'] } {
  if ('blockNumber' in query) return { header: world.headers.find((h) => h.number === query.blockNumber) };
  if ('blockHash' in query) return { header: world.headers.find((h) => bytesToHex(headerHash(h)) === query.blockHash.toLowerCase()) };
  if ('l1Log' in query) return {};
  const e = query.l1Event;
  const log = world.logs.filter((l) => bytesToHex(l.address) === e.address.toLowerCase() && bytesToHex(l.topics[0]!) === e.topic0.toLowerCase() && (e.topic1 === undefined || bytesToHex(l.topics[1]!) === e.topic1.toLowerCase())).at(-1);
  if (log === undefined) return {};
  const l1Log = { address: bytesToHex(log.address), topics: log.topics.map((t) => bytesToHex(t)), data: bytesToHex(log.data) };
  const hash = '0x' + l1Log.data.slice(2 + 64 * e.word, 2 + 64 * (e.word + 1));
  return { header: world.headers.find((h) => bytesToHex(headerHash(h)) === hash), l1Log };
}

/** The follower's sources over `world`, every read passing through `tap`. */
export function followerDeps(world: FactsWorld, tap: Tap): RollupFollowerDeps<any, any> {
  const account = (address: string) => world.accounts[address.toLowerCase()];
  const unavailable = (what: string) => new TransportError('NOT_AVAILABLE', `the world holds no ${what}`);
  return {
    adapter: world.adapter,
    config: world.config,
    async readStorage(_head, address, keys) {
      const a = account(address);
      const codeHash = tap({ kind: 'codeHash', address, value: a?.code !== undefined ? bytesToHex(keccak256(hexToBytes(a.code))) : bytesToHex(EMPTY_CODE_HASH) });
      return { codeHash, storage: new Map(keys.map((key) => [key, tap({ kind: 'slot', address, key, value: a?.storage?.[key] ?? 0n })])) };
    },
    async readCode(_head, address) {
      return tap({ kind: 'code', address, value: hexToBytes(account(address)?.code ?? '0x') });
    },
    async l2Header(query) {
      const found = headerFor(world, query);
      if (found.header === undefined) return null;
      const header = tap({ kind: 'header', value: encodeHeader(found.header) });
      return found.l1Log === undefined ? { header } : { header, l1Log: tap({ kind: 'l1Log', value: found.l1Log }) };
    },
    async l2Call(method, params) {
      if (method !== 'eth_getProof' || world.l2 === undefined) throw unavailable(method);
      return tap({ kind: 'accountProof', value: await world.l2.getProof(String(params[0]), (params[1] as string[]) ?? []) });
    },
    async transaction(hash) {
      if (world.step && hash === world.step.hash) return tap({ kind: 'commitTx', value: world.step.tx });
      return world.commit && hash === world.commit.hash ? tap({ kind: 'commitTx', value: world.commit.tx }) : null;
    },
    async receipt(hash) {
      if (world.step && hash === world.step.hash) return tap({ kind: 'commitReceipt', value: world.step.receipt });
      return world.commit && hash === world.commit.hash ? tap({ kind: 'commitReceipt', value: world.commit.receipt }) : null;
    },
    async stepTxOf() {
      return world.step ? tap({ kind: 'commitTxHash', value: world.step.hash }) : null;
    },
    async commitTxOf() {
      return world.commit ? tap({ kind: 'commitTxHash', value: world.commit.hash }) : null;
    },
    async verifyProof() {
      // The proof itself is the zk targets' matter: here a proof check verifies when it is the real batch's (set by the caller).
      throw unavailable('proof verifier');
    },
    async accountProof(query) {
      const index = (query as { index?: unknown }).index;
      if (world.commit === undefined || typeof index !== 'number') throw unavailable('account proof');
      const p = world.commit.state.proof(index);
      const leaf = world.commit.state.account(index)!;
      return tap({
        kind: 'accountProof',
        value: { index, leaf: { owner: bigIntToHex(leaf.owner), ax: bigIntToHex(leaf.ax), ay: bigIntToHex(leaf.ay), balance: bigIntToHex(leaf.balance), nonce: bigIntToHex(leaf.nonce) }, siblings: p.siblings.map(bigIntToHex) },
      });
    },
  };
}

/**
 * The devnet with Gloas from epoch 2 (`startDevnet({ gloasEpoch: 2 })`, what `vigil devnet
 * --gloas-epoch 2` runs) on the devnet node (Amsterdam from the fork), 44 slots of history so the first Gloas finality is there at
 * start: a client on src/l1 alone (tests' GloasTestClient) bootstraps from a Fulu checkpoint,
 * follows across the fork in JSON and SSZ, and every block hash it proves is an execution block whose
 * header, fetched by that hash, hashes to it (keccak256(RLP), as the wallet checks). The
 * switchboard's withheld payload keeps the proven hash for a slot; its forged branch is refused;
 * after its reorg the light client follows the new branch's Gloas headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { VerificationError, type VigilError } from '../../src/core/errors.ts';
import { fetchBlockAccessList } from '../../src/client/verified/block-access-lists.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { type HeaderRpc, VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { sendDeployment, storageContractInitCode, waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { accountChangeIn } from '../../src/execution/block/access-list.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import type { AccountAccessJson } from '../../src/devnet/execution/node/bal-json.ts';
import { headerHash, parseRpcHeader, verifyRpcHeader } from '../../src/execution/header.ts';
import { type ChainConfig, parseNetworkConfig } from '../../src/l1/config.ts';
import { BeaconBlockHeader, isGloasHeader } from '../../src/l1/containers.ts';
import { isGloasStore } from '../../src/l1/store.ts';
import { GloasTestClient, provenBlockHash } from '../unit/devnet/beacon/gloas-client.ts';
import { blockAccessListHash, parseBlockAccessList } from '../../src/execution/block/access-list.ts';
import { rpc } from './helpers.ts';

const GLOAS_EPOCH = 2;
const HISTORY = 44;

let devnet: Devnet;
let config: ChainConfig;

beforeAll(async () => {
  devnet = await startDevnet({ secondsPerSlot: 1, gloasEpoch: GLOAS_EPOCH, historySlots: HISTORY, faults: true });
  config = parseNetworkConfig(devnet.info.network);
}, 120_000);
afterAll(async () => {
  await devnet?.stop();
});

const currentSlot = () => BigInt(Math.floor(Date.now() / 1000 - config.genesisTime)) + 1n;
const rootAt = async (slot: number | bigint) =>
  ((await (await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/${slot}`)).json()) as { data: { root: string } }).data.root;
/** The execution block a proven hash names, its header checked against the hash. */
const executionBlock = async (hash: string) => {
  const block = (await rpc(devnet.info.executionRpc, 'eth_getBlockByHash', [hash, false])) as { number: string; parentHash: string };
  expect(block, `no execution block ${hash}`).not.toBeNull();
  verifyRpcHeader(block, hexToBytes(hash, 32));
  return { number: Number(block.number), parentHash: block.parentHash };
};
/** The hash a block's (bootstrap) header proves: the root taken from the devnet's headers endpoint. */
const provenAt = async (slot: bigint) => provenBlockHash((await new GloasTestClient(devnet.info.beaconApi, config, 'ssz').bootstrap(await rootAt(slot))).finalizedHeader);

describe('devnet, fulu then gloas from epoch 2, on the ethereumjs node, Amsterdam from the fork', () => {
  it('a client bootstrapped before the fork follows across it; each proven hash is an execution block\'s', async () => {
    expect(devnet.info.network).toMatchObject({ GLOAS_FORK_EPOCH: GLOAS_EPOCH });
    // The first Gloas finality is at start: epoch 3's first block, finalized at epoch 5.
    const finalized = (await (await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/finalized`)).json()) as { data: { header: { message: { slot: string } } } };
    expect(Number(finalized.data.header.message.slot)).toBeGreaterThanOrEqual(GLOAS_EPOCH * 8);
    for (const encoding of ['json', 'ssz'] as const) {
      const c = new GloasTestClient(devnet.info.beaconApi, config, encoding);
      expect(isGloasStore(await c.bootstrap(await rootAt(8)))).toBe(false);
      await c.follow('updates', currentSlot(), 0n, 1);
      const [f] = await c.follow('finality_update', currentSlot());
      await c.follow('optimistic_update', currentSlot());
      expect(f!.fork).toBe('gloas');
      const store = c.store!;
      expect(isGloasStore(store) && isGloasHeader(store.finalizedHeader)).toBe(true);
      expect(store.finalizedHeader.beacon.slot).toBeGreaterThanOrEqual(BigInt(GLOAS_EPOCH * 8));
      for (const header of [store.finalizedHeader, store.optimisticHeader]) {
        const block = await executionBlock(provenBlockHash(header));
        // Slot s mines execution block s (genesis at slot 0); a Gloas header proves the one before it.
        expect(block.number).toBe(Number(header.beacon.slot) - 1);
      }
    }
  }, 60_000);

  it('the execution side is Amsterdam from the fork\'s time: 23-field headers with the slot and the hash of the access list served for the block', async () => {
    const forkSlot = GLOAS_EPOCH * 8;
    for (const n of [forkSlot - 2, forkSlot - 1, forkSlot, forkSlot + 1, HISTORY - 1]) {
      const json = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', ['0x' + n.toString(16), false])) as Record<string, string>;
      const { header, hash } = parseRpcHeader(json);
      expect(bytesToHex(headerHash(header))).toBe(bytesToHex(hash!));
      const amsterdam = n >= forkSlot;
      // Block n is slot n's (the history mines one a slot from genesis).
      expect(Object.keys(header).length, `block ${n}`).toBe(amsterdam ? 23 : 21);
      if (!amsterdam) continue;
      expect(header.slotNumber).toBe(BigInt(n));
      const bal = (await rpc(devnet.info.nodeRpc, 'eth_getBlockAccessList', [json.hash])) as AccountAccessJson[];
      // At least the system calls' writes: the beacon-roots and history contracts.
      expect(bal.length).toBeGreaterThanOrEqual(2);
      expect(bytesToHex(blockAccessListHash(parseBlockAccessList(bal)))).toBe(bytesToHex(header.blockAccessListHash!));
    }
  }, 60_000);

  it('the client fetches each Amsterdam block\'s access list for the header it verified, checks it (ethereumjs built the commitment) and reads it; a tampered one is refused', async () => {
    const [from, deployer] = devnet.info.accounts as [string, string];
    const fresh = '0x' + 'be'.repeat(20);
    // Varied changes: ether to a new account (its 120 state bytes cost 183,600 state gas: EIP-8037), a contract created with a slot written.
    const sent = [
      (await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from, to: fresh, value: '0xde0b6b3a7640000', gas: '0x60000' }])) as string,
      await sendDeployment(devnet.info.nodeRpc, deployer, storageContractInitCode([[1n, 42n]])),
    ];
    const receipts = await Promise.all(sent.map((h) => waitForReceipt(devnet.info.nodeRpc, h, 60_000)));
    expect(receipts.map((r) => r.status)).toEqual([1, 1]);
    const newest = Math.max(...receipts.map((r) => r.blockNumber));
    // A Gloas header proves the block before its slot's: wait until one proves the transactions' blocks
    // (two blocks on; by blocks, not slots: a devnet late on a loaded machine misses slots).
    while (devnet.beacon.head().executionBlockNumber < newest + 2) await devnet.beacon.waitForSlot(devnet.beacon.head().slot + 1);
    const c = new GloasTestClient(devnet.info.beaconApi, config, 'ssz');
    await c.bootstrap(devnet.beacon.checkpoint());
    // By then the chain may be a period past the checkpoint (a loaded run waits long for its blocks): catch up first.
    await c.follow('updates', currentSlot(), 0n, 8);
    await c.follow('optimistic_update', currentSlot());
    const provenHash = provenBlockHash(c.store!.optimisticHeader);
    const anchor = await executionBlock(provenHash);
    expect(anchor.number).toBeGreaterThanOrEqual(newest);
    const execution = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], timeoutMs: 30_000 });
    const headers = new VerifiedHeaders({ rpc: execution, anchors: () => ({ latest: { blockNumber: BigInt(anchor.number), blockHash: hexToBytes(provenHash, 32) } }) });

    // Every Amsterdam block from the fork to the proven head: each list hashes to its verified header's commitment.
    const verified = await headers.range(BigInt(GLOAS_EPOCH * 8), BigInt(anchor.number));
    const lists = await Promise.all(verified.map((h) => fetchBlockAccessList(execution, h)));
    expect(lists.length).toBeGreaterThanOrEqual(anchor.number - GLOAS_EPOCH * 8 + 1);
    const byNumber = new Map(lists.map((l) => [Number(l.blockNumber), l]));
    const transfer = accountChangeIn(byNumber.get(receipts[0]!.blockNumber)!, fresh);
    expect(transfer).toMatchObject({ accessed: true, changed: true, balance: 10n ** 18n });
    expect(accountChangeIn(byNumber.get(receipts[0]!.blockNumber)!, from)).toMatchObject({ changed: true, nonce: BigInt((await rpc(devnet.info.nodeRpc, 'eth_getTransactionCount', [from, '0x' + receipts[0]!.blockNumber.toString(16)])) as string) });
    const created = accountChangeIn(byNumber.get(receipts[1]!.blockNumber)!, receipts[1]!.contractAddress!, [1n]);
    expect(created).toMatchObject({ changed: true, nonce: 1n });
    expect(created.code!.length).toBeGreaterThan(0);
    expect([...created.storage]).toEqual([[1n, 42n]]);
    // A block without either transaction did not change the new account.
    const quiet = lists.find((l) => l.blockNumber < BigInt(receipts[0]!.blockNumber))!;
    expect(accountChangeIn(quiet, fresh)).toEqual({ accessed: false, changed: false, storage: new Map() });

    // The same answer with one balance changed, from a first endpoint: refused and demoted; the honest one answers.
    const target = verified.find((h) => h.header.number === BigInt(receipts[0]!.blockNumber))!;
    const liar: HeaderRpc = {
      endpoints: ['liar', devnet.info.executionRpc],
      demote: () => undefined,
      batchAt: (...args) => execution.batchAt(...args),
      callAt: async (endpoint, method, params, maxBytes) => {
        const honest = (await execution.callAt(devnet.info.executionRpc, method, params, maxBytes)) as AccountAccessJson[];
        if (endpoint !== 'liar') return honest;
        return honest.map((a) => (a.address === fresh ? { ...a, balanceChanges: a.balanceChanges.map((b) => ({ ...b, value: '0x1' })) } : a));
      },
    };
    const refused: string[] = [];
    const bal = await fetchBlockAccessList(liar, target, { onRejected: (e: VigilError, endpoint) => refused.push(`${endpoint} ${e.code}`) });
    expect(refused).toEqual(['liar BLOCK_ACCESS_LIST_HASH_MISMATCH']);
    expect(accountChangeIn(bal, fresh).balance).toBe(10n ** 18n);
    const alone = { ...liar, endpoints: ['liar'] };
    const err = await fetchBlockAccessList(alone, target).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('BLOCK_ACCESS_LIST_HASH_MISMATCH');
  }, 90_000);

  it('a withheld payload (the switchboard) keeps the proven block hash for the next slot', async () => {
    const beacon = devnet.beacon;
    // No slot is produced between the switch and reading the head: the next slot is the withheld one.
    const w = await beacon.holdSlots(async () => {
      devnet.switchboard.set('beacon-withhold-payload', true);
      return beacon.head().slot + 1;
    });
    await beacon.waitForSlot(w);
    devnet.switchboard.set('beacon-withhold-payload', false);
    // A devnet behind the clock produces two slots at once: the one after w may be withheld too.
    await beacon.waitForSlot(w + 4);
    const proven = await Promise.all([0, 1, 2, 3, 4].map((i) => provenAt(BigInt(w + i))));
    expect(proven[1]).toBe(proven[0]);
    const delivered = proven.findIndex((p, i) => i > 0 && proven[i + 1] !== undefined && proven[i + 1] !== p);
    expect(delivered).toBeGreaterThan(0);
    // The first block mined after the withheld slots sits on the last delivered one: nothing was mined for them.
    const [before, mined] = await Promise.all([executionBlock(proven[0]!), executionBlock(proven[delivered + 1]!)]);
    expect(mined.parentHash).toBe(proven[0]);
    expect(mined.number).toBe(before.number + 1);
  }, 30_000);

  it('a forged Gloas execution branch (the switchboard) is refused with LC_INVALID_HEADER', async () => {
    const c = new GloasTestClient(devnet.info.beaconApi, config, 'ssz');
    await c.bootstrap(devnet.beacon.checkpoint());
    // Caught up to the head's committee first: on a busy machine the chain is a period past the checkpoint by now.
    await c.follow('updates', currentSlot(), 0n, 8);
    devnet.switchboard.set('beacon-forged-branch', true);
    try {
      for (const what of ['finality_update', 'optimistic_update'] as const) {
        const err = await c.follow(what, currentSlot()).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(VerificationError);
        expect((err as VerificationError).code).toBe('LC_INVALID_HEADER');
      }
    } finally {
      devnet.switchboard.set('beacon-forged-branch', false);
    }
    const [o] = await c.follow('optimistic_update', currentSlot());
    expect(o!.fork).toBe('gloas');
    expect(bytesToHex(c.store!.optimisticHeader.beacon.bodyRoot)).toMatch(/^0x[0-9a-f]{64}$/);
  }, 30_000);

  it('the reorg fault on Gloas blocks: the light client follows the new branch, proving its execution blocks', async () => {
    const c = new GloasTestClient(devnet.info.beaconApi, config, 'json');
    await c.bootstrap(devnet.beacon.checkpoint());
    await c.follow('updates', currentSlot(), 0n, 8);
    const report = await devnet.beacon.reorg(2, false);
    expect(report.dropped).toHaveLength(2);
    await devnet.beacon.waitForSlot(report.head.slot + 1);
    await c.follow('optimistic_update', currentSlot());
    const header = c.store!.optimisticHeader;
    // The new branch's blocks may sit at the dropped slots: what counts is that it is the canonical block now.
    expect(header.beacon.slot).toBeGreaterThanOrEqual(BigInt(report.dropped[0]!.slot));
    expect(await rootAt(header.beacon.slot)).toBe(bytesToHex(BeaconBlockHeader.hashTreeRoot(header.beacon)));
    // The proven block is on the node's new branch: none of the dropped blocks.
    const block = await executionBlock(provenBlockHash(header));
    expect(report.dropped.map((d) => d.blockHash)).not.toContain(provenBlockHash(header));
    expect(block.number).toBeGreaterThanOrEqual(report.dropped[0]!.blockNumber);
  }, 30_000);
});

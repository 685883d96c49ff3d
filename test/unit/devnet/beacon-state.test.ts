/**
 * The beacon devnet's pieces: the state's layout, roots and branches against the spec's
 * containers and gindices; Casper FFG's finality schedule; the one-signature committee; the
 * execution payload built from the EL's block, raw transactions re-encoded from hardhat's JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { aggregatePublicKeys, aggregateSignatures, getPublicKey, sign } from '../../../src/crypto/bls.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { BeaconChain } from '../../../src/devnet/beacon/chain.ts';
import { ValidatorRegistry } from '../../../src/devnet/beacon/committee.ts';
import { type DevnetFork, devnetTypes, executionPayloadType } from '../../../src/devnet/beacon/containers.ts';
import { ExecutionClient } from '../../../src/devnet/beacon/execution.ts';
import { IncrementalVectorTree } from '../../../src/devnet/beacon/incremental-tree.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import { encodeRawTransaction } from '../../../src/execution/transactions.ts';
import { FAR_FUTURE_EPOCH, parseNetworkConfig } from '../../../src/l1/config.ts';
import { BeaconBlockHeader, EXECUTION_PAYLOAD_GINDEX, ExecutionPayloadHeaderDeneb } from '../../../src/l1/containers.ts';
import { Bytes32, floorLog2, getGeneralizedIndex, getSubtreeIndex, isValidMerkleBranch, merkleize, Vector } from '../../../src/ssz/index.ts';
import { type FakeEl, startFakeEl } from './beacon/fake-el.ts';
import { HARDHAT_TRANSACTIONS } from './beacon/hardhat-transactions.ts';

const minimal = DEVNET_PRESETS.minimal;

async function chainOn(el: FakeEl, fork: DevnetFork, preset = minimal, log: (line: string) => void = () => {}) {
  return BeaconChain.create({
    log,
    fork,
    preset,
    secondsPerSlot: 1,
    now: Date.now,
    seed: 'test',
    el: new ExecutionClient(el.url, executionPayloadType(preset)),
    historyPeriods: 8,
  });
}

async function produce(chain: BeaconChain, to: number) {
  while (chain.head.slot < BigInt(to)) await chain.produce(chain.head.slot + 1n);
}

const GINDICES = {
  deneb: { fields: 28, finalized: 105, current: 54, next: 55 },
  electra: { fields: 37, finalized: 169, current: 86, next: 87 },
  fulu: { fields: 38, finalized: 169, current: 86, next: 87 },
};

describe('devnet BeaconState', () => {
  let el: FakeEl;
  beforeAll(async () => {
    el = await startFakeEl();
  });
  afterAll(() => el.close());

  for (const fork of ['deneb', 'electra', 'fulu'] as const) {
    it(`${fork}: the spec's field count and gindices; the cached root and branches equal the full container's`, async () => {
      const types = devnetTypes(minimal, fork);
      const want = GINDICES[fork];
      expect(types.BeaconState.fieldNames).toHaveLength(want.fields);
      expect(getGeneralizedIndex(types.BeaconState, 'finalized_checkpoint', 'root')).toBe(want.finalized);
      expect(getGeneralizedIndex(types.BeaconState, 'current_sync_committee')).toBe(want.current);
      expect(getGeneralizedIndex(types.BeaconState, 'next_sync_committee')).toBe(want.next);
      expect(getGeneralizedIndex(types.BeaconBlockBody, 'execution_payload')).toBe(EXECUTION_PAYLOAD_GINDEX);

      const fresh = await startFakeEl();
      const chain = await chainOn(fresh, fork);
      await produce(chain, 70); // past finality (epoch 4) and a committee rotation (slot 64)
      await fresh.close();
      const state = chain.state;
      const full = types.BeaconState.hashTreeRoot(state.toValue());
      expect(bytesToHex(state.root())).toBe(bytesToHex(full));
      const head = chain.head;
      expect(bytesToHex(head.header.stateRoot)).toBe(bytesToHex(full));
      expect(bytesToHex(head.root)).toBe(bytesToHex(BeaconBlockHeader.hashTreeRoot(head.header)));

      const proves = (leaf: Uint8Array, branch: Uint8Array[], gindex: number, root: Uint8Array) =>
        isValidMerkleBranch(leaf, branch, floorLog2(gindex), getSubtreeIndex(gindex), root);
      expect(proves(head.currentCommittee.root, head.currentCommitteeBranch, want.current, full)).toBe(true);
      expect(proves(head.nextCommittee.root, head.nextCommitteeBranch, want.next, full)).toBe(true);
      expect(proves(head.finalizedCheckpoint.root, head.finalityBranch, want.finalized, full)).toBe(true);
      expect(head.finalizedCheckpoint.epoch).toBe(6n);
      expect(bytesToHex(head.finalizedCheckpoint.root)).toBe(chain.data.bySlot(48n)!.rootHex);
      const executionRoot = ExecutionPayloadHeaderDeneb.hashTreeRoot(head.lcHeader.execution!);
      expect(proves(executionRoot, head.lcHeader.executionBranch, EXECUTION_PAYLOAD_GINDEX, head.header.bodyRoot)).toBe(true);
      // The committee rotated at slot 64: period 1's is current, period 2's next.
      expect(head.currentCommittee.period).toBe(1n);
      expect(head.nextCommittee.period).toBe(2n);
      // block_roots caches every block root of the last SLOTS_PER_HISTORICAL_ROOT slots.
      expect(bytesToHex(state.blockRootAtSlot(69n))).toBe(chain.data.bySlot(69n)!.rootHex);
    });
  }

  it('mainnet preset: 8192/65536-entry vectors kept incrementally give the full container root', async () => {
    const chain = await chainOn(el, 'fulu', DEVNET_PRESETS.mainnet);
    await produce(chain, Number(chain.head.slot) + 3);
    const full = chain.types.BeaconState.hashTreeRoot(chain.state.toValue());
    expect(bytesToHex(chain.state.root())).toBe(bytesToHex(full));
  });

  it('finality follows Casper FFG with full participation: epoch − 2 from epoch 4, frozen by a stall, back two epochs later', async () => {
    const fresh = await startFakeEl();
    const chain = await chainOn(fresh, 'electra');
    const finalizedAt: bigint[] = [];
    for (let epoch = 1; epoch <= 12; epoch++) {
      if (epoch === 7) chain.state.finalityStalled = true;
      if (epoch === 9) chain.state.finalityStalled = false;
      await produce(chain, epoch * 8);
      finalizedAt.push(chain.state.finalizedCheckpoint.epoch);
    }
    await fresh.close();
    // Stalled from the transition into epoch 7 to the one into epoch 9.
    expect(finalizedAt).toEqual([0n, 0n, 0n, 2n, 3n, 4n, 4n, 4n, 4n, 8n, 9n, 10n]);
    expect(chain.state.finalizedCheckpoint.root).toEqual(chain.data.bySlot(80n)!.root);
  });

  it('a state snapshot comes back whole (the reorg fault): the root, finality and the branches of the slot it was taken at, again and again', async () => {
    const fresh = await startFakeEl();
    const chain = await chainOn(fresh, 'electra');
    await produce(chain, 37);
    const snap = chain.state.snapshot();
    const at37 = { root: bytesToHex(chain.state.root()), finalized: chain.state.finalizedCheckpoint, branch: chain.state.finalityBranch().map(bytesToHex), next: chain.state.nextSyncCommitteeBranch().map(bytesToHex) };
    // Across epoch transitions (finality moves, trees change), then back.
    await produce(chain, 58);
    expect(bytesToHex(chain.state.root())).not.toBe(at37.root);
    expect(chain.state.finalizedCheckpoint.epoch).toBeGreaterThan(at37.finalized.epoch);
    for (let round = 0; round < 2; round++) {
      chain.state.restore(snap);
      expect(bytesToHex(chain.state.root())).toBe(at37.root);
      expect(chain.state.slot).toBe(37n);
      expect(chain.state.finalizedCheckpoint).toEqual(at37.finalized);
      expect(chain.state.finalityBranch().map(bytesToHex)).toEqual(at37.branch);
      expect(chain.state.nextSyncCommitteeBranch().map(bytesToHex)).toEqual(at37.next);
      // The restored state moves on like any other (the snapshot is not touched by it).
      chain.state.processSlots(45n);
      expect(chain.state.slot).toBe(45n);
    }
    await fresh.close();
  });

  it('a chain without kept states refuses a reorg', async () => {
    const fresh = await startFakeEl();
    const chain = await chainOn(fresh, 'electra');
    await produce(chain, 3);
    await expect(chain.reorg(1)).rejects.toThrow(/keeps no states/);
    await fresh.close();
  });

  it('the incremental vector tree agrees with merkleization', () => {
    const tree = new IncrementalVectorTree(16);
    const leaves: Uint8Array[] = Array.from({ length: 16 }, () => new Uint8Array(32));
    expect(tree.root()).toEqual(Vector(Bytes32, 16).hashTreeRoot(leaves));
    for (const i of [0, 5, 15, 5]) {
      leaves[i] = sha256(Uint8Array.of(i, leaves[i]![0]!));
      tree.set(i, leaves[i]!);
      expect(tree.root()).toEqual(merkleize(Uint8Array.from(leaves.flatMap((l) => [...l]))));
    }
    tree.fill(leaves[5]!);
    expect(tree.root()).toEqual(Vector(Bytes32, 16).hashTreeRoot(leaves.map(() => leaves[5]!)));
    expect(() => new IncrementalVectorTree(12)).toThrow(/power of two/);
  });
});

describe('devnet sync committee', () => {
  const registry = new ValidatorRegistry(minimal, 'test');

  it('one signature with the summed secret keys is the aggregate of every member\'s signature', () => {
    const c = registry.committee(3n);
    const message = sha256(Uint8Array.of(1, 2, 3));
    const each = c.indices.map((i) => sign(registry.secretKeys[i]!, message));
    expect(bytesToHex(sign(c.aggregateSecretKey, message))).toBe(bytesToHex(aggregateSignatures(each)));
    expect(bytesToHex(c.value.aggregatePubkey)).toBe(bytesToHex(aggregatePublicKeys(c.value.pubkeys)));
    expect(bytesToHex(getPublicKey(c.aggregateSecretKey))).toBe(bytesToHex(c.value.aggregatePubkey));
  });

  it('is deterministic from the seed and differs every period', () => {
    const again = new ValidatorRegistry(minimal, 'test');
    const other = new ValidatorRegistry(minimal, 'other');
    expect(again.committee(0n).root).toEqual(registry.committee(0n).root);
    expect(other.committee(0n).root).not.toEqual(registry.committee(0n).root);
    const roots = new Set([0n, 1n, 2n, 3n].map((p) => bytesToHex(registry.committee(p).root)));
    expect(roots.size).toBe(4);
    expect(registry.committee(0n).value.pubkeys).toHaveLength(32);
  });
});

describe('devnet execution payloads', () => {
  it('re-encodes hardhat\'s transactions of types 0, 1, 2 (and contract creation) and 4 to their hashes', () => {
    for (const tx of HARDHAT_TRANSACTIONS) {
      expect(bytesToHex(keccak256(encodeRawTransaction(tx)))).toBe(tx.hash);
    }
    expect(() => encodeRawTransaction({ ...HARDHAT_TRANSACTIONS[0], type: '0x7f' })).toThrow(/type 127/);
  });

  it('wraps the EL block: its raw transactions from eth_getRawTransactionByHash', async () => {
    {
      const el = await startFakeEl();
      try {
        const chain = await chainOn(el, 'fulu');
        const raws = HARDHAT_TRANSACTIONS.map((tx) => encodeRawTransaction(tx));
        for (const [i, tx] of HARDHAT_TRANSACTIONS.entries()) el.pending.push({ json: tx, raw: bytesToHex(raws[i]!) });
        const block = await chain.produce(1n);
        const exec = block.lcHeader.execution!;
        const elBlock = el.blocks[1]!;
        expect(exec.blockNumber).toBe(1n);
        expect(bytesToHex(exec.blockHash)).toBe(elBlock.hash);
        expect(bytesToHex(exec.parentHash)).toBe(el.blocks[0]!.hash);
        expect(bytesToHex(exec.stateRoot)).toBe(elBlock.stateRoot);
        expect(bytesToHex(exec.prevRandao)).toBe(elBlock.mixHash);
        expect(exec.timestamp).toBe(BigInt(chain.genesisTime + 1));
        expect(bytesToHex(exec.transactionsRoot)).toBe(bytesToHex(chain.types.ExecutionPayload.fields.transactions.hashTreeRoot(raws)));
        expect(bytesToHex(exec.withdrawalsRoot)).toBe(bytesToHex(chain.types.ExecutionPayload.fields.withdrawals.hashTreeRoot([])));
        expect(el.calls.filter((c) => c === 'eth_getRawTransactionByHash')).toHaveLength(raws.length);
      } finally {
        await el.close();
      }
    }
  });

  it('gives each EL block the root of the beacon block before it (EIP-4788), its slot, and its own fee recipient and prevRandao', async () => {
    const el = await startFakeEl();
    try {
      const chain = await chainOn(el, 'electra');
      for (const slot of [1n, 2n, 3n]) {
        const parent = chain.head;
        await chain.produce(slot);
        const block = el.blocks[Number(slot)]!;
        expect(block.parentBeaconBlockRoot).toBe(bytesToHex(parent.root));
        expect(block.timestamp).toBe('0x' + chain.timestampAt(slot).toString(16));
      }
      const miners = new Set(el.blocks.slice(1).map((b) => b.miner));
      const randaos = new Set(el.blocks.slice(1).map((b) => b.mixHash));
      expect([miners.size, randaos.size]).toEqual([3, 3]);
    } finally {
      await el.close();
    }
  });

  it('refuses raw bytes that do not hash to the transaction', async () => {
    const el = await startFakeEl();
    try {
      const chain = await chainOn(el, 'deneb');
      el.pending.push({ json: { hash: bytesToHex(keccak256(Uint8Array.of(1))) }, raw: '0x02' });
      await expect(chain.produce(1n)).rejects.toThrow(/hash to/);
      expect(chain.head.slot).toBe(0n);
      // The slot is retried with the block the EL already mined for it.
      el.blocks[1]!.transactions = [];
      await chain.produce(1n);
      expect(chain.head.slot).toBe(1n);
    } finally {
      await el.close();
    }
  });

  it('carries on when someone else mines on the EL, and says so', async () => {
    const el = await startFakeEl();
    const lines: string[] = [];
    try {
      const chain = await chainOn(el, 'electra', minimal, (l) => lines.push(l));
      await chain.produce(1n);
      // Another client mines two blocks, the second far past slot 2's time.
      const future = chain.genesisTime + 100;
      for (const ts of [chain.genesisTime + 2, future + 1]) {
        await fetch(el.url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_mine', params: [ts] }) });
      }
      const block = await chain.produce(2n);
      expect(block.lcHeader.execution!.blockNumber).toBe(4n);
      expect(block.lcHeader.execution!.timestamp).toBe(BigInt(future + 2));
      expect(lines).toEqual([
        'slot 2: EL blocks #2..#3 were mined outside the beacon devnet',
        `slot 2: EL block #4 has timestamp ${future + 2}, the slot's is ${chain.genesisTime + 2}`,
      ]);
    } finally {
      await el.close();
    }
  });
  it('mines each slot once when the connection to the EL is lost before or after it mined (ECONNRESET on a loaded machine)', async () => {
    const el = await startFakeEl();
    try {
      const chain = await chainOn(el, 'electra');
      // Lost before the EL mined: sent again.
      el.dropMine.push('before');
      const first = await chain.produce(1n);
      expect(first.lcHeader.execution!.blockNumber).toBe(1n);
      expect(first.lcHeader.execution!.timestamp).toBe(BigInt(chain.genesisTime + 1));
      // Lost after it mined: the mined block is read, none mined twice.
      el.dropMine.push('after');
      const second = await chain.produce(2n);
      expect(second.lcHeader.execution!.blockNumber).toBe(2n);
      expect(el.blocks).toHaveLength(3);
      // The one dropped before was never handled: two mines reached the EL, one per slot.
      expect(el.calls.filter((c) => c === 'devnet_mine')).toHaveLength(2);
    } finally {
      await el.close();
    }
  });
});

describe('devnet network config', () => {
  for (const fork of ['deneb', 'electra', 'fulu'] as const) {
    it(`${fork}: parseNetworkConfig reads it; forks up to ${fork} at epoch 0, later ones far in the future`, async () => {
      const el = await startFakeEl();
      try {
        const chain = await chainOn(el, fork);
        const config = parseNetworkConfig(chain.networkConfig);
        expect(config.name).toBe('devnet');
        expect(config.preset.name).toBe('minimal');
        expect(config.genesisTime).toBe(chain.genesisTime);
        expect(bytesToHex(config.genesisValidatorsRoot)).toBe(bytesToHex(chain.state.genesisValidatorsRoot));
        const last = ['altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu'].indexOf(fork);
        config.forks.slice(1).forEach((f, i) => expect(f.epoch).toBe(i <= last ? 0n : FAR_FUTURE_EPOCH));
        // Seven versions the devnet sets, and Gloas's unset one (0xffffffff: unscheduled).
        expect(new Set(config.forks.map((f) => bytesToHex(f.version))).size).toBe(8);
        expect(config.blobSchedule).toEqual(fork === 'fulu' ? [{ epoch: 8n, maxBlobsPerBlock: 15n }] : []);
        expect(hexToBytes(chain.networkConfig.GENESIS_FORK_VERSION, 4)).toEqual(config.forks[0]!.version);
      } finally {
        await el.close();
      }
    });
  }
});

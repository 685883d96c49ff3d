/**
 * A verified head's block environment carries what the block after it takes from it: its beacon
 * root (the next block's parent beacon block root, EIP-4788) and the next block's excess blob gas
 * (EIP-4844 / EIP-7691 / EIP-7918 by the next slot's blob parameters), so a run in that block reads
 * its BLOBBASEFEE and beacon root as the block will hold them.
 */
import { describe, expect, it } from 'vitest';
import { AMSTERDAM_TIMES, blobParamsAt, blockEnvAt, executionForkOfBlock } from '../../../../src/client/verified/execution-env.ts';
import { headAtBlock } from '../../../../src/l1/heads.ts';
import { forkingConfig } from '../../l1/gloas-builders.ts';
import { blockEnvFromJson, blockEnvToJson, nextBlockEnv } from '../../../../src/execution/block-env.ts';
import { GAS_PER_BLOB } from '../../../../src/execution/block-receipts.ts';
import { defaultExecutionHeader } from '../../../../src/l1/containers.ts';
import type { VerifiedHead } from '../../../../src/l1/heads.ts';
import { slotAtTime } from '../../../../src/l1/config.ts';
import { NETWORKS, networkConfig } from '../../../../src/l1/networks.ts';
import { parseNetworkConfig } from '../../../../src/l1/config.ts';

const mainnet = networkConfig('mainnet');
const ROOT = new Uint8Array(32).fill(0x3b);

function headAt(timestamp: bigint, blob: { excessBlobGas: bigint; blobGasUsed: bigint }, baseFeePerGas = 10n ** 9n): VerifiedHead {
  return {
    slot: slotAtTime(mainnet, Number(timestamp)),
    root: ROOT,
    nextParentBeaconRoot: ROOT,
    execution: { ...defaultExecutionHeader(), blockNumber: 22_600_000n, timestamp, gasLimit: 36_000_000n, gasUsed: 18_000_000n, baseFeePerGas, ...blob },
  };
}

describe('the block environment of a verified head', () => {
  // 2025-06-01: Prague, 6 blobs target, 9 max, no reserve price.
  const PRAGUE = 1_748_736_011n;

  it("carries the head's beacon root, which the block after it gets as its parent beacon block root", () => {
    const env = blockEnvAt(headAt(PRAGUE, { excessBlobGas: 0n, blobGasUsed: 0n }), mainnet);
    expect(env.beaconRoot).toEqual(ROOT);
    expect(nextBlockEnv(env, 1n, 12n).upcoming?.parentBeaconRoot).toEqual(ROOT);
    expect(blockEnvFromJson(blockEnvToJson(env))).toEqual(env);
  });

  it('gives the next block the excess blob gas it will have: above the target it grows by what the head used past it', () => {
    expect(blobParamsAt(mainnet, PRAGUE)).toMatchObject({ targetBlobs: 6n, maxBlobs: 9n, reservePrice: false });
    const env = blockEnvAt(headAt(PRAGUE, { excessBlobGas: 1_000_000n, blobGasUsed: 8n * GAS_PER_BLOB }), mainnet);
    expect(env.excessBlobGas).toBe(1_000_000n);
    expect(env.nextExcessBlobGas).toBe(1_000_000n + 2n * GAS_PER_BLOB);
    expect(nextBlockEnv(env, 1n, 12n).excessBlobGas).toBe(1_000_000n + 2n * GAS_PER_BLOB);
    // Below the target it falls, to zero at the floor.
    expect(blockEnvAt(headAt(PRAGUE, { excessBlobGas: 1_000_000n, blobGasUsed: 0n }), mainnet).nextExcessBlobGas).toBe(1_000_000n - 6n * GAS_PER_BLOB);
    expect(blockEnvAt(headAt(PRAGUE, { excessBlobGas: 100n, blobGasUsed: 0n }), mainnet).nextExcessBlobGas).toBe(0n);
  });

  it('has no next excess before Cancun: no blob fee to carry', () => {
    // 2023-09-01: Capella.
    const env = blockEnvAt(headAt(1_693_526_411n, { excessBlobGas: 0n, blobGasUsed: 0n }), mainnet);
    expect(env.nextExcessBlobGas).toBeUndefined();
    expect(nextBlockEnv(env, 1n, 12n).excessBlobGas).toBe(0n);
  });

  describe('from Gloas on', () => {
    // Minimal preset, Gloas at epoch 16 (slot 128), 6-second slots, genesis at 0.
    const gloas = forkingConfig();
    const PARENT = new Uint8Array(32).fill(0x9a);
    const at = (timestamp: bigint, extra: { blockAccessListHash?: Uint8Array; slotNumber?: bigint } = {}) => {
      const execution = { ...defaultExecutionHeader(), blockNumber: 200n, timestamp, gasLimit: 30_000_000n, gasUsed: 1n, baseFeePerGas: 7n, ...extra };
      return headAtBlock({ slot: timestamp / 6n + 1n, root: ROOT, parentRoot: PARENT, executionBlockHash: execution.blockHash }, execution);
    };

    it("the block's own time picks its fork (Gloas: Amsterdam), with its slot number, the BPO fork's blob parameters, and the next block carries the beacon block's parent root", () => {
      // The block of slot 130 proven by the header of slot 131: Amsterdam's rules under Gloas's beacon chain.
      const env = blockEnvAt(at(130n * 6n, { blockAccessListHash: new Uint8Array(32), slotNumber: 130n }), gloas, 1337n);
      expect(env.fork).toBe('amsterdam');
      expect(env.slotNumber).toBe(130n);
      expect(env.blobFork).toBe(blockEnvAt(at(100n * 6n), gloas, 1337n).fork);
      // The next block's BLOBBASEFEE follows from this one's blob gas by its BPO fork's parameters.
      expect(env.nextExcessBlobGas).toBeDefined();
      expect(env.beaconRoot).toEqual(PARENT);
      const next = nextBlockEnv(env, 1n, 6n);
      expect(next.upcoming?.parentBeaconRoot).toEqual(PARENT);
      expect(next.slotNumber).toBe(131n);
      expect(blockEnvFromJson(blockEnvToJson(env))).toEqual(env);
      // The blob parameters go on by the schedule across the fork.
      expect(blobParamsAt(gloas, 130n * 6n)).toEqual(blobParamsAt(gloas, 100n * 6n));
    });

    it('the last block before the fork: the block after it is previewed by Amsterdam\'s rules, with its slot number', () => {
      const execution = { ...defaultExecutionHeader(), blockNumber: 127n, timestamp: 127n * 6n, gasLimit: 30_000_000n, gasUsed: 1n, baseFeePerGas: 7n };
      const env = blockEnvAt({ slot: 127n, root: ROOT, nextParentBeaconRoot: ROOT, execution }, gloas, 1337n);
      expect(env.fork).not.toBe('amsterdam');
      expect(env.nextRules).toEqual({ fork: 'amsterdam', blobFork: env.fork, slotNumber: 128n });
      expect(blockEnvFromJson(blockEnvToJson(env))).toEqual(env);
      const next = nextBlockEnv(env, 7n, 6n);
      expect([next.fork, next.blobFork, next.slotNumber, next.nextRules]).toEqual(['amsterdam', env.fork, 128n, undefined]);
      // A block whose next one keeps its rules carries none.
      expect(blockEnvAt(at(130n * 6n, { blockAccessListHash: new Uint8Array(32), slotNumber: 130n }), gloas, 1337n).nextRules).toBeUndefined();
    });

    it('a proven header that disagrees with the schedule is refused by name, either way', () => {
      expect(() => executionForkOfBlock(gloas, { timestamp: 130n * 6n })).toThrow(expect.objectContaining({ code: 'EXECUTION_FORK_MISMATCH', message: expect.stringMatching(/past .*Amsterdam fork .* no block access list hash/) }));
      expect(() => blockEnvAt(at(130n * 6n), gloas, 1337n)).toThrow(expect.objectContaining({ code: 'EXECUTION_FORK_MISMATCH' }));
      expect(() => executionForkOfBlock(gloas, { timestamp: 100n * 6n, blockAccessListHash: new Uint8Array(32) })).toThrow(expect.objectContaining({ code: 'EXECUTION_FORK_MISMATCH', message: expect.stringMatching(/before .*Amsterdam fork/) }));
      expect(executionForkOfBlock(gloas, { timestamp: 100n * 6n })).not.toBe('amsterdam');
      expect(executionForkOfBlock(gloas, { timestamp: 130n * 6n, blockAccessListHash: new Uint8Array(32) })).toBe('amsterdam');
    });

    it("Sepolia: Amsterdam from its first block's time (1791294816, Gloas epoch 353024), and a config whose Gloas moved is refused", () => {
      const sepolia = networkConfig('sepolia');
      const bal = { blockAccessListHash: new Uint8Array(32) };
      expect(executionForkOfBlock(sepolia, { timestamp: 1_791_294_816n, ...bal })).toBe('amsterdam');
      expect(executionForkOfBlock(sepolia, { timestamp: 1_791_294_804n })).toBe('bpo2');
      expect(AMSTERDAM_TIMES.get(11155111n)).toBe(1_791_294_816n);
      const moved = parseNetworkConfig({ ...NETWORKS.sepolia, GLOAS_FORK_EPOCH: 353_025 });
      expect(() => executionForkOfBlock(moved, { timestamp: 1_800_000_000n, ...bal })).toThrow(expect.objectContaining({ code: 'EXECUTION_FORK_MISMATCH', message: expect.stringMatching(/1791294816/) }));
    });

    it('a head is the block its proven hash names, or nothing', () => {
      const head = at(130n * 6n);
      expect(() => headAtBlock({ slot: 131n, root: ROOT, parentRoot: PARENT, executionBlockHash: new Uint8Array(32).fill(1) }, head.execution)).toThrow(
        expect.objectContaining({ code: 'HEADER_HASH_MISMATCH' }),
      );
    });
  });
});

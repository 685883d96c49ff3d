/**
 * The Taiko adapter (src/l2/taiko) on plain proven values laid out as taiko-mono b9c5bb2a's
 * generated layouts say (Inbox `_coreState` at 252, SignalService `_checkpoints` at 254); the
 * chain of trust end to end through real storage proofs is in test/integration/cli-l2-balance-real.test.ts.
 */
import { encodeAbiParameters, keccak256 as viemKeccak } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeHeader, headerHash } from '../../../../src/execution/header.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { EIP1967_IMPLEMENTATION_SLOT, storageKey } from '../../../../src/l2/slots.ts';
import { taikoAdapter } from '../../../../src/l2/taiko/adapter.ts';
import { parseTaikoConfig } from '../../../../src/l2/taiko/config.ts';
import { checkpointKeys } from '../../../../src/l2/taiko/follow.ts';
import { tierWords } from '../../../../src/l2/tier.ts';
import { isthmusHeader } from '../op-stack/l2-header.ts';

const config = parseTaikoConfig(requireKnownRollup('taiko'));
const INBOX = config.inbox.address;
const SIGNALS = config.signalService.address;
const NOW = 1_800_000_000n;
const header = isthmusHeader(2_000_000n);
const hash = bytesToBigInt(headerHash(header));
const root = bytesToBigInt(header.stateRoot);

/** An independent reading of `_checkpoints[1][n]` (Solidity: keccak(key ‖ slot), nested). */
function viemCheckpointKey(n: bigint): bigint {
  const inner = viemKeccak(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [1n, 254n]));
  return BigInt(viemKeccak(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [n, inner])));
}

function proven(o: { impl?: string; finalized?: bigint; checkpoint?: [bigint, bigint] } = {}): ProvenL1Storage {
  const packed = 9001n | ((NOW - 700n) << 48n) | (8990n << 96n) | ((NOW - 600n) << 144n) | ((NOW - 600n) << 192n);
  const inbox = new Map<string, bigint>([
    [storageKey({ slot: 252n }), packed],
    [storageKey({ slot: 253n }), o.finalized ?? hash],
    [EIP1967_IMPLEMENTATION_SLOT, BigInt(o.impl ?? config.inbox.implementation)],
  ]);
  const [k0, k1] = checkpointKeys(config, header.number);
  const signals = new Map<string, bigint>([
    [k0, o.checkpoint?.[0] ?? hash],
    [k1, o.checkpoint?.[1] ?? root],
  ]);
  return { blockNumber: 1n, blockHash: '0x' + '00'.repeat(32), timestamp: NOW, accounts: new Map([[INBOX, { codeHash: '0x', storage: inbox }], [SIGNALS, { codeHash: '0x', storage: signals }]]) };
}

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
};
const hints = { header: encodeHeader(header) };

describe('taiko-shasta-v1', () => {
  it("ships Taiko Alethia's Inbox, its Unzen implementation and SignalService, from taiko-mono's own records", () => {
    expect([config.chainId, config.l1ChainId, config.inbox.address, config.inbox.implementation, config.signalService.address]).toEqual([
      167000,
      1,
      '0x6f21c543a4af5189ebdb0723827577e1ef57ef1f',
      '0x5253d4c91e80b880ddb54b78e74082abe066f6b9',
      '0x9e0a24964e5397b566c1ed39258e21ab5e35c77c',
    ]);
    expect(() => parseTaikoConfig({ ...requireKnownRollup('taiko'), inbox: { address: INBOX, coreStateSlot: 252 } })).toThrow(/"inbox.implementation"/);
  });

  it('the checkpoint of block n sits where Solidity puts _checkpoints[1][n] (viem, independently)', () => {
    const [k0, k1] = checkpointKeys(config, 123_456n);
    expect([BigInt(k0), BigInt(k1)]).toEqual([viemCheckpointKey(123_456n), viemCheckpointKey(123_456n) + 1n]);
    // Named only once the header (its number) is in hand.
    expect(taikoAdapter.l1Slots(config, undefined).map((r) => r.address)).toEqual([INBOX]);
    expect(taikoAdapter.l1Slots(config, undefined, hints).map((r) => r.address)).toEqual([INBOX, SIGNALS]);
  });

  it('the finalized block: its header by hash, its state root as the checkpoint repeats it; finalized, its age the last finalization', () => {
    const p = proven();
    expect(taikoAdapter.l2Header!(config, p)).toEqual({ blockHash: bytesToHex(headerHash(header)) });
    expect(taikoAdapter.acceptedState(config, p, hints)).toEqual({ root, batch: 2_000_000n, acceptedAt: NOW - 600n, status: 'finalized' });
    expect(taikoAdapter.liveness(config, p)).toEqual({ lastBatchAgeSeconds: 600, oldestQueuedAgeSeconds: null, frozen: false });
    const tier = taikoAdapter.tier!(config, p, taikoAdapter.acceptedState(config, p, hints));
    expect(tierWords(tier)).toBe("accepted by L1's verifier, not re-verified");
    expect(tier.reason).toMatch(/ZK leg is not re-verified here yet/);
  });

  it('refuses another implementation, another header, a checkpoint that disagrees, and a chain with nothing finalized', () => {
    expect(code(() => taikoAdapter.l2Header!(config, proven({ impl: '0x' + '12'.repeat(20) })))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(code(() => taikoAdapter.acceptedState(config, proven(), { header: encodeHeader(isthmusHeader(2_000_000n, { gasUsed: 1n })) }))).toBe('L2_HEADER_MISMATCH');
    expect(code(() => taikoAdapter.acceptedState(config, proven({ checkpoint: [hash, root + 1n] }), hints))).toBe('L2_COMMIT_MISMATCH');
    expect(code(() => taikoAdapter.acceptedState(config, proven({ checkpoint: [0n, 0n] }), hints))).toBe('L2_COMMIT_MISMATCH');
    expect(code(() => taikoAdapter.l2Header!(config, proven({ finalized: 0n })))).toBe('L2_BATCH_NOT_FOUND');
    expect(code(() => taikoAdapter.acceptedState(config, proven()))).toBe('INPUT');
  });
});

/**
 * The Taiko adapter (src/l2/taiko) on plain proven values laid out as taiko-mono b9c5bb2a's
 * generated layouts say (Inbox `_coreState` at 252, SignalService `_checkpoints` at 254); the
 * chain of trust end to end through real storage proofs is in test/integration/cli-l2-balance-real.test.ts.
 */
import { encodeAbiParameters, encodePacked, keccak256 as viemKeccak, sha256 as viemSha256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeHeader, headerHash } from '../../../../src/execution/header.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { EIP1967_IMPLEMENTATION_SLOT, storageKey } from '../../../../src/l2/slots.ts';
import { taikoAdapter } from '../../../../src/l2/taiko/adapter.ts';
import { parseTaikoConfig } from '../../../../src/l2/taiko/config.ts';
import { checkpointKeys, decodeProveInput, hashCommitment, PROVED_TOPIC } from '../../../../src/l2/taiko/follow.ts';
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
    // One step: the last finalization, named by the Inbox's Proved log at its time.
    expect(taikoAdapter.proofSteps!(config, p, taikoAdapter.acceptedState(config, p, hints))).toEqual({
      steps: [{ id: '8990', root: hash, log: { address: INBOX, topics: [PROVED_TOPIC] }, l1Timestamp: NOW - 600n }],
      wanted: 1,
      anchored: false,
    });
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

/** prove(data, proof) as a prover sends it, built with viem (independently of src/). */
function proveCalldata(o: { risc0?: { block: string; aggregation: string; seal: string }; sp1?: string; sgxOnly?: boolean; endHash?: bigint }) {
  const data = encodePacked(
    ['uint48', 'bytes32', 'bytes32', 'address', 'uint48', 'bytes32', 'uint16', 'address', 'uint48', 'bytes32'],
    [8990, '0x' + '11'.repeat(32), '0x' + '22'.repeat(32), '0x' + 'ab'.repeat(20), Number(header.number), bytesToHex(header.stateRoot), 1, '0x' + 'cd'.repeat(20), 1_700_000_000, '0x' + (o.endHash ?? hash).toString(16).padStart(64, '0')] as never,
  );
  const legs: { verifierId: number; proof: `0x${string}` }[] = [{ verifierId: 4, proof: '0x0101' }];
  if (o.risc0) legs.push({ verifierId: 5, proof: encodeAbiParameters([{ type: 'bytes' }, { type: 'bytes32' }, { type: 'bytes32' }], [o.risc0.seal as `0x${string}`, o.risc0.block as `0x${string}`, o.risc0.aggregation as `0x${string}`]) });
  if (o.sp1) legs.push({ verifierId: 6, proof: o.sp1 as `0x${string}` });
  const proof = encodeAbiParameters([{ type: 'tuple[]', components: [{ type: 'uint8', name: 'verifierId' }, { type: 'bytes', name: 'proof' }] }], [legs]);
  return { data, input: '0xea191743' + encodeAbiParameters([{ type: 'bytes' }, { type: 'bytes' }], [data, proof]).slice(2) };
}

/** The commitment hash and a ZK leg's public input, as the contracts compute them (viem). */
function expectedPublicInput(verifier: string): `0x${string}` {
  const commitment = viemKeccak(
    encodeAbiParameters(
      [{ type: 'tuple', components: [{ type: 'uint48' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }, { type: 'uint48' }, { type: 'bytes32' }, { type: 'tuple[]', components: [{ type: 'address' }, { type: 'uint48' }, { type: 'bytes32' }] }] }],
      [[8990, '0x' + '11'.repeat(32), '0x' + '22'.repeat(32), '0x' + 'ab'.repeat(20), Number(header.number), bytesToHex(header.stateRoot), [['0x' + 'cd'.repeat(20), 1_700_000_000, bytesToHex(headerHash(header))]]]] as never,
    ),
  );
  const tag = ('0x' + Buffer.from('VERIFY_PROOF').toString('hex').padEnd(64, '0')) as `0x${string}`;
  return viemKeccak(encodePacked(['bytes32', 'uint256', 'uint256', 'bytes32', 'uint256'], [tag, 167000n, BigInt(verifier), commitment, 0n]));
}

describe("the last finalization's ZK leg, its public input rebuilt", () => {
  const p = proven();
  const step = taikoAdapter.proofSteps!(config, p, taikoAdapter.acceptedState(config, p, hints)).steps[0]!;
  const evidence = (input: string) => ({ tx: { to: INBOX, input, hash: '0x' + 'ee'.repeat(32), blockNumber: '0x1' }, receipt: { status: '0x1', logs: [{ address: INBOX, topics: [PROVED_TOPIC], data: '0x' }] } });
  const [block, aggregation] = [config.zk.risc0ImageIds[0]!, config.zk.risc0ImageIds[1]!];
  const seal = '0x73c457ba' + '07'.repeat(256);

  it('LibCodec and LibHashOptimized read as the contracts do (viem, independently)', () => {
    const { data } = proveCalldata({});
    const c = decodeProveInput(Buffer.from(data.slice(2), 'hex'));
    expect([c.firstProposalId, c.endBlockNumber, c.transitions.length, c.transitions[0]!.blockHash]).toEqual([8990n, header.number, 1, hash]);
    expect(decodeProveInput.bind(null, Buffer.from(data.slice(2) + '00', 'hex'))).toThrow(InputError);
    expect(bytesToHex(hashCommitment(c))).toBe(
      viemKeccak(
        encodeAbiParameters(
          [{ type: 'tuple', components: [{ type: 'uint48' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }, { type: 'uint48' }, { type: 'bytes32' }, { type: 'tuple[]', components: [{ type: 'address' }, { type: 'uint48' }, { type: 'bytes32' }] }] }],
          [[8990, '0x' + '11'.repeat(32), '0x' + '22'.repeat(32), '0x' + 'ab'.repeat(20), Number(header.number), bytesToHex(header.stateRoot), [['0x' + 'cd'.repeat(20), 1_700_000_000, bytesToHex(headerHash(header))]]]] as never,
        ),
      ),
    );
  });

  it('a RISC Zero leg: the seal against the aggregation image, the journal digest sha256(keccak(block image ‖ public input))', () => {
    const found = taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({ risc0: { block, aggregation, seal } }).input));
    const journal = viemSha256(viemKeccak(encodePacked(['bytes32', 'bytes32'], [block as `0x${string}`, expectedPublicInput(config.zk.risc0Verifier)])));
    expect(found).toEqual({ kind: 'proof', check: { system: 'risc0', vkey: { release: 'v3.0', imageId: aggregation }, proof: seal, publicSignals: [journal] }, trusted: true, system: 'risc0-groth16', release: 'v3.0', keyId: aggregation });
  });

  it('an SP1 leg of a shipped release: public values keccak(block program ‖ public input); of another release: unchecked, saying so', () => {
    const [agg, prog] = [config.zk.sp1ProgramVkeys[2]!, config.zk.sp1ProgramVkeys[1]!];
    const body = '5a093a2f' + '07'.repeat(96);
    const found = taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({ sp1: agg + prog.slice(2) + body }).input));
    expect(found).toMatchObject({ kind: 'proof', check: { system: 'sp1', vkey: { release: 'plonk-v6.1.0', programVKey: agg }, proof: '0x' + body, publicSignals: [viemKeccak(encodePacked(['bytes32', 'bytes32'], [prog as `0x${string}`, expectedPublicInput(config.zk.sp1Verifier)]))] }, trusted: true });
    const other = taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({ sp1: agg + prog.slice(2) + '63000000' + '07'.repeat(96) }).input));
    expect(other).toEqual({ kind: 'unchecked', why: expect.stringContaining('a release Vigil does not ship (selector 0x63000000') });
  });

  it('SGX alone is TEE only; an unpinned program id stops the rollup; a proof of another block is refused', () => {
    expect(taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({}).input))).toEqual({ kind: 'tee', why: 'finalization 8990 carries no ZK proof: SGX attested it alone' });
    expect(code(() => taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({ risc0: { block: '0x' + '99'.repeat(32), aggregation, seal } }).input)))).toBe('L2_VERIFIER_CHANGED');
    expect(code(() => taikoAdapter.stepProof!(config, p, step, evidence(proveCalldata({ risc0: { block, aggregation, seal }, endHash: hash + 1n }).input)))).toBe('L2_COMMIT_MISMATCH');
    expect(code(() => taikoAdapter.stepProof!(config, p, step, { ...evidence(proveCalldata({ risc0: { block, aggregation, seal } }).input), tx: { to: '0x' + '12'.repeat(20), input: '0x', hash: '0x', blockNumber: '0x1' } }))).toBe('L2_COMMIT_MISMATCH');
  });

  it('every one-byte change of the calldata is refused, or gives a check that is not the recorded one (the SGX leg aside: it never counts)', () => {
    const { input } = proveCalldata({ risc0: { block, aggregation, seal } });
    // The SGX sub-proof: its id, offset and length words, then its two proof bytes (it never counts, so changing it changes nothing here).
    const sgx = (input.indexOf('0'.repeat(63) + '2' + '0101') - 2) / 2 + 32;
    const inSgxLeg = (at: number) => at >= sgx - 96 && at < sgx + 2;
    const recorded = JSON.stringify(taikoAdapter.stepProof!(config, p, step, evidence(input)));
    const bytes = Buffer.from(input.slice(2), 'hex');
    let refused = 0;
    for (let at = 0; at < bytes.length; at++) {
      const changed = Buffer.from(bytes);
      changed[at]! ^= 0x01;
      let out: unknown;
      const c = code(() => (out = taikoAdapter.stepProof!(config, p, step, evidence('0x' + changed.toString('hex')))));
      if (c !== 'none') {
        expect(['L2_COMMIT_MISMATCH', 'L2_VERIFIER_CHANGED', 'INPUT']).toContain(c);
        refused++;
      } else if (!inSgxLeg(at)) expect(JSON.stringify(out), `byte ${at}`).not.toBe(recorded);
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('Taiko followed: the tier of the last finalized root', () => {
  const HEAD = { blockNumber: 900n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '98'.repeat(32), timestamp: NOW };
  const [block, aggregation] = [config.zk.risc0ImageIds[0]!, config.zk.risc0ImageIds[1]!];
  const seal = '0x73c457ba' + '07'.repeat(256);

  async function follow(input: string, accept = true) {
    const { RollupFollower } = await import('../../../../src/client/rollups/follower.ts');
    const storage = proven().accounts;
    const calls = { proofs: 0 };
    const follower = new RollupFollower({
      adapter: taikoAdapter as never,
      config,
      readStorage: async (_h, address, keys) => ({ codeHash: '0x', storage: new Map(keys.map((k) => [k, storage.get(address)?.storage.get(k) ?? 0n])) }),
      l2Header: async () => hints,
      stepTxOf: async (log, l1Timestamp) => (log.topics[0] === PROVED_TOPIC && l1Timestamp === NOW - 600n ? '0x' + 'ee'.repeat(32) : null),
      transaction: async (h) => ({ to: INBOX, input, hash: h, blockNumber: '0x1' }),
      receipt: async () => ({ status: '0x1', logs: [{ address: INBOX, topics: [PROVED_TOPIC], data: '0x' }] }),
      commitTxOf: async () => null,
      verifyProof: async (check) => (calls.proofs++, accept && check.system === 'risc0'),
      accountProof: async () => null,
    });
    return { followed: await follower.follow(HEAD), calls };
  }

  it('a RISC Zero leg verified: "validity proof re-verified here"; SGX alone: TEE only; a leg that fails: the rollup stops', async () => {
    const { followed, calls } = await follow(proveCalldata({ risc0: { block, aggregation, seal } }).input);
    expect(followed.tier).toEqual({ tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false }, system: 'risc0-groth16', release: 'v3.0', keyId: aggregation });
    expect(followed.proof).toBe('verified');
    expect(calls.proofs).toBe(1);
    const tee = await follow(proveCalldata({}).input);
    expect(tee.followed.tier).toEqual({ tier: 'tee', reason: 'finalization 8990 carries no ZK proof: SGX attested it alone' });
    expect(tee.followed.proof).toBe('not-applicable');
    await expect(follow(proveCalldata({ risc0: { block, aggregation, seal } }).input, false)).rejects.toMatchObject({ code: 'L2_BATCH_PROOF_INVALID' });
  });
});

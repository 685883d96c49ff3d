/**
 * The OP Succinct adapter (src/l2/op-succinct) on constructed L1 worlds laid out as the oracle
 * keeps its storage (research zk-rollups-2026-11 §1.1): outputs, keys, the verifier and its
 * gateway routes, checkpointed L1 hashes; proposals as Mantle's v2.0.1 and upstream v3 encode them.
 *
 * No real Mantle or Phala proposal (calldata with its SP1 proof and the L1 data its public values
 * commit to) exists in any source this project can read offline (test/fixtures/sp1/NOTICE.md), as
 * op-succinct's own contract tests use SP1MockVerifier. So the worlds' proofs are recorded
 * triples: the verifier here answers valid for exactly the (key, public values, proof) the test
 * recorded, built independently with viem, and the real SP1 verifier behind verifyZkProof('sp1')
 * is tested on real proofs in test/unit/zk/sp1-shipped.test.ts.
 */
import fc from 'fast-check';
import { toHex, keccak256 as viemKeccak } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, hexToBytes, bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeHeader } from '../../../../src/execution/header.ts';
import type { ProofCheck } from '../../../../src/l2/adapter.ts';
import { parseRollupKindConfig } from '../../../../src/l2/configs.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { opSuccinctAdapter } from '../../../../src/l2/op-succinct/adapter.ts';
import { PHALA } from '../../../../src/l2/op-succinct/networks.ts';
import { parseOpSuccinctConfig } from '../../../../src/l2/op-succinct/config.ts';
import { decodeProposal, opSuccinctStepSlots, OUTPUT_PROPOSED_TOPIC } from '../../../../src/l2/op-succinct/follow.ts';
import { tierWords } from '../../../../src/l2/tier.ts';
import { SP1_SHIPPED_RELEASES } from '../../../../src/zk/sp1-shipped.ts';
import { isthmusHeader } from '../op-stack/l2-header.ts';
import { AGG, configJson, evidence, follower, GATEWAY, HEAD, NAME, NOW, output, P50, PERIOD, proposal, prove, recordedCheck, rootOf, stepOf, stepProof, V2, V3, V61, world } from './world.ts';


function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
}

const THREE = [output(0, 5n * 3600n), output(1, 3n * 3600n), output(2, 3600n)];

describe('op-succinct configs', () => {
  it('ships Mantle (v2, MNT); writes out Phala (v3, its genesis config name), their pins named unconfirmed and their program keys not pinned', () => {
    const mantle = parseRollupKindConfig(requireKnownRollup('mantle'));
    expect(mantle.identity).toMatchObject({ chainId: 5000, l1ChainId: 1, nativeCurrency: { symbol: 'MNT', decimals: 18 } });
    const m = parseOpSuccinctConfig(requireKnownRollup('mantle'));
    expect([m.layout, m.oracle.address, m.verifier.address, m.verifier.releases.map((r) => r.id)]).toEqual([
      'v2',
      '0x31d543e7be1da6efdc2206ef7822879045b9f481',
      GATEWAY,
      ['plonk-v5.0.0', 'plonk-v6.0.0', 'plonk-v6.1.0'],
    ]);
    expect(m.program).toEqual({});
    expect(m.unconfirmed).toContain('verifier.address');
    const p = parseOpSuccinctConfig(PHALA);
    expect([p.layout, p.chainId, p.program.configName]).toEqual(['v3', 2035, NAME]);
    // Every pinned release is one Vigil ships.
    for (const c of [m, p]) for (const r of c.verifier.releases) expect(SP1_SHIPPED_RELEASES[r.id]).toBeDefined();
  });

  it.each([
    ['a layout that is not v2 or v3', { layout: 'v4' }, /"layout"/],
    ['v3 without a config name', { layout: 'v3' }, /"program.configName"/],
    ['v2 with a config name', { program: { configName: NAME } }, /"program.configName"/],
    ['a key that is not 32 bytes', { program: { aggregationVkey: '0x1234' } }, /"program.aggregationVkey"/],
    ['no release', { verifier: { address: GATEWAY, gateway: true, releases: [] } }, /"verifier.releases"/],
    ['a direct verifier that is not its release\'s', { verifier: { address: GATEWAY, gateway: false, releases: [{ id: 'plonk-v6.1.0', verifier: V61 }] } }, /"verifier.address"/],
    ['verifySteps 0', { verifySteps: 0 }, /"verifySteps"/],
    ['an unknown field', { extra: 1 }, /extra/],
  ])('refuses %s', (_what, over, message) => {
    expect(() => parseOpSuccinctConfig(configJson('v2', over))).toThrow(message);
  });

  it('a release Vigil does not ship is refused when the follow names its route', () => {
    const c = parseOpSuccinctConfig(configJson('v2', { verifier: { address: GATEWAY, gateway: true, releases: [{ id: 'plonk-v9.0.0', verifier: V61 }] } }));
    expect(() => opSuccinctAdapter.l1Slots(c, undefined)).toThrow(/ships no SP1 release "plonk-v9.0.0"/);
  });
});

describe('op-succinct: the newest output from proven storage', () => {
  it('its L2 header gives back the output root; the state root is accepted, claimed until the period passes', () => {
    const w = world(V2, THREE);
    const proven = prove(V2, w);
    expect(opSuccinctAdapter.l2Header!(V2, proven)).toEqual({ blockNumber: 3000n, account: '0x4200000000000000000000000000000000000016' });
    const header = { header: encodeHeader(isthmusHeader(3000n)) };
    expect(opSuccinctAdapter.acceptedState(V2, proven, header)).toEqual({ root: 0xba5e0000n + 3000n, batch: 3000n, acceptedAt: NOW - 3600n, status: 'claimed' });
    expect(opSuccinctAdapter.acceptedState(V2, prove(V2, w, NOW - 3600n + PERIOD), header).status).toBe('finalized');
    expect(opSuccinctAdapter.liveness(V2, proven)).toEqual({ lastBatchAgeSeconds: 3600, oldestQueuedAgeSeconds: null, frozen: false });
    expect(opSuccinctAdapter.claimedUntil!(V2, proven).until).toBe(Number(NOW - 3600n + PERIOD));
    // Another block's header, or a changed one: refused.
    expect(codeOf(() => opSuccinctAdapter.acceptedState(V2, proven, { header: encodeHeader(isthmusHeader(2000n)) }))).toBe('OP_HEADER_MISMATCH');
    expect(codeOf(() => opSuccinctAdapter.acceptedState(V2, proven, { header: encodeHeader(isthmusHeader(3000n, { gasUsed: 1n })) }))).toBe('OP_OUTPUT_ROOT_MISMATCH');
  });

  it.each([
    ['the aggregation key', { keys: { agg: '0x' + '01'.repeat(32) } }, 'aggregationVkey'],
    ['the range key commitment', { keys: { range: '0x' + '02'.repeat(32) } }, 'rangeVkeyCommitment'],
    ['the rollup config hash', { keys: { rch: '0x' + '03'.repeat(32) } }, 'rollupConfigHash'],
    ['the implementation', { impl: '0x' + '0d'.repeat(20) }, 'implementation'],
    ['the verifier', { verifier: '0x397a5f7f3dbd538f23de225b51f532c34448da9b' }, 'verifier'],
  ] as const)('a swapped %s stops the rollup (L2_VERIFIER_CHANGED)', (_what, over, named) => {
    for (const config of [V2, V3]) {
      const proven = prove(config, world(config, THREE, over));
      let error: unknown;
      try {
        opSuccinctAdapter.acceptedState(config, proven, { header: encodeHeader(isthmusHeader(3000n)) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(VerificationError);
      expect((error as VerificationError).code).toBe('L2_VERIFIER_CHANGED');
      expect((error as VerificationError).message).toContain(named);
    }
  });

  it('the steps: the newest verifySteps outputs, newest first, each named by its OutputProposed log; anchored when they reach the pinned anchor', () => {
    const proven = prove(V2, world(V2, THREE));
    const { steps, wanted, anchored } = opSuccinctAdapter.proofSteps!(V2, proven, { root: 0n, batch: 0n, acceptedAt: 0n, status: 'claimed' });
    expect([steps.map((s) => s.id), wanted, anchored]).toEqual([['2', '1'], 2, false]);
    expect(steps[0]!.log.topics).toEqual([OUTPUT_PROPOSED_TOPIC, toHex(rootOf(THREE[2]!), { size: 32 }), toHex(2n, { size: 32 }), toHex(3000n, { size: 32 })]);
    expect(OUTPUT_PROPOSED_TOPIC).toBe(viemKeccak(new TextEncoder().encode('OutputProposed(bytes32,uint256,uint256,uint256)')));
    const anchoredConfig = parseOpSuccinctConfig(configJson('v2', { verifySteps: 5, anchor: { index: 0, outputRoot: toHex(rootOf(THREE[0]!), { size: 32 }) } }));
    const a = opSuccinctAdapter.proofSteps!(anchoredConfig, prove(anchoredConfig, world(anchoredConfig, THREE)), { root: 0n, batch: 0n, acceptedAt: 0n, status: 'claimed' });
    expect([a.steps.map((s) => s.id), a.anchored]).toEqual([['2', '1'], true]);
    const wrongAnchor = parseOpSuccinctConfig(configJson('v2', { verifySteps: 5, anchor: { index: 0, outputRoot: '0x' + '00'.repeat(32) } }));
    expect(codeOf(() => opSuccinctAdapter.proofSteps!(wrongAnchor, prove(wrongAnchor, world(wrongAnchor, THREE)), { root: 0n, batch: 0n, acceptedAt: 0n, status: 'claimed' }))).toBe('L2_VERIFIER_CHANGED');
  });
});

describe("op-succinct: a step's proof, its public values rebuilt word by word", () => {
  it.each([V2, V3])('layout $layout: the check is the oracle\'s (key, public values of 6 or 7 words, proof), the release its selector names', (config) => {
    const input = proposal(config, THREE, 2);
    const found = stepProof(config, world(config, THREE), THREE, 2, input);
    expect(found).toEqual({ kind: 'proof', check: recordedCheck(config, THREE, 2), trusted: true, system: 'sp1-plonk', release: 'v6.1.0', keyId: AGG });
    const values = hexToBytes((found as { check: ProofCheck }).check.publicSignals[0]!);
    expect(values.length).toBe(config.layout === 'v2' ? 192 : 224);
    // Word 1 is l2PreRoot: the output before, as proven; word 0 the checkpointed L1 hash.
    expect(bytesToBigInt(values.subarray(32, 64))).toBe(rootOf(THREE[1]!));
    expect(bytesToBigInt(values.subarray(0, 32))).toBe(THREE[2]!.l1Hash);
  });

  it('an optimistic proposal has no proof: its step is optimistic', () => {
    const outputs = [THREE[0]!, THREE[1]!, { ...THREE[2]!, mode: 'optimistic' as const }];
    expect(stepProof(V2, world(V2, outputs), outputs, 2)).toEqual({ kind: 'optimistic' });
  });

  it('a proof of an unpinned release, or a gateway routing the release elsewhere, stops the rollup', () => {
    const g16 = [THREE[0]!, THREE[1]!, { ...THREE[2]!, release: SP1_SHIPPED_RELEASES['groth16-v6.1.0']! }];
    expect(codeOf(() => stepProof(V2, world(V2, g16), g16, 2))).toBe('L2_VERIFIER_CHANGED');
    expect(codeOf(() => stepProof(V2, world(V2, THREE, { route: '0x' + 'ba'.repeat(20) }), THREE, 2))).toBe('L2_VERIFIER_CHANGED');
    // A v5.0.0 proof is pinned and routed: accepted as that release.
    const v5 = [THREE[0]!, THREE[1]!, { ...THREE[2]!, release: P50 }];
    expect(stepProof(V2, world(V2, v5), v5, 2)).toMatchObject({ kind: 'proof', release: 'v5.0.0', trusted: true });
  });

  it('a v3 proposal under another config name stops the rollup', () => {
    const input = proposal(V3, THREE, 2).replace(NAME.slice(2), 'ab'.repeat(32));
    expect(codeOf(() => stepProof(V3, world(V3, THREE), THREE, 2, input))).toBe('L2_VERIFIER_CHANGED');
  });

  it('a key the config does not pin: verified against the key L1 holds, and says it does not count', () => {
    const unpinned = parseOpSuccinctConfig(configJson('v2', { program: {} }));
    const found = stepProof(unpinned, world(unpinned, THREE), THREE, 2);
    expect(found).toMatchObject({ kind: 'proof', trusted: false, why: expect.stringContaining('aggregationVkey, rangeVkeyCommitment, rollupConfigHash L1 holds') });
  });

  it('the transaction must be the oracle\'s, succeed and carry the output\'s log', () => {
    const proven = prove(V2, world(V2, THREE));
    const step = stepOf(V2, proven, 2);
    const input = proposal(V2, THREE, 2);
    const good = evidence(step, input);
    const more = prove(V2, world(V2, THREE), NOW, opSuccinctStepSlots(V2, step, good));
    expect(codeOf(() => opSuccinctAdapter.stepProof!(V2, more, step, evidence(step, input, { to: '0x' + '12'.repeat(20) })))).toBe('L2_COMMIT_MISMATCH');
    expect(codeOf(() => opSuccinctAdapter.stepProof!(V2, more, step, { ...good, receipt: { ...good.receipt, status: '0x0' } }))).toBe('L2_COMMIT_MISMATCH');
    expect(codeOf(() => opSuccinctAdapter.stepProof!(V2, more, step, { ...good, receipt: { ...good.receipt, logs: [] } }))).toBe('L2_COMMIT_MISMATCH');
    // Output 1's proposal handed as output 2's.
    expect(codeOf(() => opSuccinctAdapter.stepProof!(V2, more, step, evidence(step, proposal(V2, THREE, 1))))).toBe('L2_COMMIT_MISMATCH');
  });

  it.each([V2, V3])('layout $layout: every one-byte change of the proposal calldata is refused or gives a check the verifier refuses', (config) => {
    const w = world(config, THREE);
    const input = proposal(config, THREE, 2);
    const recorded = JSON.stringify(recordedCheck(config, THREE, 2));
    const bytes = hexToBytes(input);
    let refused = 0;
    for (let at = 0; at < bytes.length; at++) {
      const changed = bytes.slice();
      changed[at]! ^= 0x01;
      let found: ReturnType<typeof stepProof> | undefined;
      const code = codeOf(() => (found = stepProof(config, w, THREE, 2, bytesToHex(changed))));
      if (code !== 'none') {
        expect(['L2_COMMIT_MISMATCH', 'L2_VERIFIER_CHANGED', 'L2_STORAGE_NOT_PROVEN']).toContain(code);
        refused++;
        continue;
      }
      // Never read as optimistic (no proof), never the recorded check.
      expect((found as { kind: string }).kind).toBe('proof');
      expect(JSON.stringify((found as { check: ProofCheck }).check)).not.toBe(recorded);
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('op-succinct followed: the tier of the newest root', () => {
  it('every wanted step re-verified: "validity proof re-verified here", each proof verified once', async () => {
    const { follower: f, calls } = follower(V2, THREE);
    const followed = await f.follow(HEAD);
    expect(followed.proof).toBe('verified');
    expect(followed.tier).toEqual({ tier: 'reverified', steps: { verified: 2, wanted: 2, anchored: false }, system: 'sp1-plonk', release: 'v6.1.0', keyId: AGG });
    expect(tierWords(followed.tier)).toBe('validity proof re-verified here');
    await f.follow(HEAD);
    expect(calls.proofs).toBe(2);
  });

  it('an older step proposed optimistically: "latest step re-verified here (1 of 2)"', async () => {
    const outputs = [THREE[0]!, { ...THREE[1]!, mode: 'optimistic' as const }, THREE[2]!];
    const followed = await follower(V2, outputs).follower.follow(HEAD);
    expect(followed.tier).toMatchObject({ tier: 'reverified', steps: { verified: 1, wanted: 2 } });
    expect(tierWords(followed.tier)).toBe('latest step re-verified here (1 of 2)');
  });

  it('the newest output proposed optimistically is never shown as proven: open until its period passes, then finalized', async () => {
    const outputs = [THREE[0]!, THREE[1]!, { ...THREE[2]!, mode: 'optimistic' as const }];
    const open = await follower(V2, outputs).follower.follow(HEAD);
    expect([open.proof, open.tier]).toEqual(['not-applicable', { tier: 'optimistic-open', until: Number(THREE[2]!.timestamp + PERIOD) }]);
    expect(tierWords(open.tier)).toMatch(/^optimistic, challenge window open until 20\d\d-/);
    const later = { ...HEAD, timestamp: THREE[2]!.timestamp + PERIOD };
    const final = await follower(V2, outputs).follower.follow(later);
    expect([final.proof, final.tier]).toEqual(['not-applicable', { tier: 'optimistic-final' }]);
  });

  it("a proof the verifier refuses stops the rollup (L2_BATCH_PROOF_INVALID)", async () => {
    await expect(follower(V2, THREE, { accept: (_c, i) => i !== 1 }).follower.follow(HEAD)).rejects.toMatchObject({ code: 'L2_BATCH_PROOF_INVALID' });
  });

  it("the newest proposal not found on L1: \"accepted by L1's verifier\", saying why", async () => {
    const followed = await follower(V2, THREE, { missing: [2] }).follower.follow(HEAD);
    expect(followed.tier).toEqual({ tier: 'l1-verifier', reason: 'the L1 transaction of step 2 was not found in a verified block' });
    expect(tierWords(followed.tier)).toBe("accepted by L1's verifier, not re-verified");
  });

  it("program keys the config does not pin: verified, yet only \"accepted by L1's verifier\"", async () => {
    const unpinned = parseOpSuccinctConfig(configJson('v2', { program: {} }));
    const { follower: f, calls } = follower(unpinned, THREE, { w: world(unpinned, THREE) });
    const followed = await f.follow(HEAD);
    expect(calls.proofs).toBe(1);
    expect(followed.tier).toMatchObject({ tier: 'l1-verifier', system: 'sp1-plonk', reason: expect.stringContaining('does not pin') });
  });

  it('a swapped key stops the rollup before any step is looked up', async () => {
    const { follower: f, calls } = follower(V3, THREE, { w: world(V3, THREE, { keys: { agg: '0x' + '01'.repeat(32) } }) });
    await expect(f.follow(HEAD)).rejects.toMatchObject({ code: 'L2_VERIFIER_CHANGED' });
    expect(calls.lookups).toBe(0);
  });
});

describe('decodeProposal (fast-check)', () => {
  it('any bytes after any of the four selectors: a proposal, null (optimistic), or InputError; never another error', () => {
    const selectors = ['0x9ad84880', '0x59c3e00a', '0xa4ee9d7b', '0x9aaab648', '0x12345678'];
    fc.assert(
      fc.property(fc.constantFrom(...selectors), fc.uint8Array({ maxLength: 700 }), (selector, body) => {
        try {
          const p = decodeProposal(selector + bytesToHex(body).slice(2));
          if (p !== null) expect(p.proof).toBeInstanceOf(Uint8Array);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 2000, seed: 24 },
    );
  });
});

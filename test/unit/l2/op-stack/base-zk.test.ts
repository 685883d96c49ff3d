/**
 * Base's AggregateVerifier ZK leg re-verified here (src/l2/op-stack/aggregate-zk.ts) on constructed
 * L1 data (./base-zk-world.ts): the proof found in top-level calldata through the game's logs, the
 * journal rebuilt word by word and compared with one built independently (viem encodePacked), the
 * pinned immutables, release and route enforced, and the tier the follower gives. Real SP1 proofs
 * (of Succinct's fibonacci program, test/fixtures/sp1) run the verifier path: no real
 * AggregateVerifier proof vector was found in base/contracts or base/contract-deployments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { aggregateJournal, aggregateResolution, zkProofTime } from '../../../../src/l2/op-stack/aggregate-zk.ts';
import { parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { BASE_MAINNET, BASE_SEPOLIA, OP_MAINNET } from '../../../../src/l2/op-stack/networks.ts';
import { tierWords, fullyReverified } from '../../../../src/l2/tier.ts';
import { verifySp1Shipped } from '../../../../src/zk/sp1-shipped.ts';
import type { ProofCheck } from '../../../../src/l2/adapter.ts';
import {
  baseConfig,
  CONFIG,
  CREATOR,
  DAY,
  follower,
  gameSpec,
  GROTH16,
  HEAD,
  implOf,
  NOW,
  PLONK,
  proofTx,
  prove,
  recordedCheck,
  runViewOf,
  stepOf,
  stepProofOf,
  world,
} from './base-zk-world.ts';

const codeOf = async (p: Promise<unknown> | (() => unknown)): Promise<string | undefined> => {
  try {
    await (typeof p === 'function' ? p() : p);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

const chain = (config = CONFIG, o: Parameters<typeof gameSpec>[2] = {}) => [gameSpec(config, 0, o), gameSpec(config, 1, o)];

describe('Base configs pin the ZK leg', () => {
  it('every mainnet AggregateVerifier carries its ZK immutables; the gateways route PLONK and Groth16 v6.1.0 to their pinned verifiers', () => {
    const c = parseOpStackConfig(BASE_MAINNET);
    expect(c.games.every((g) => g.zk !== undefined)).toBe(true);
    const current = c.games.at(-1)!;
    expect(current.implementation).toBe('0xee303ba054c5f1e14a8ef87f1c7e285af45a1ba2');
    expect(current.zk).toEqual({
      aggregateHash: '0x00a147f0c69da81e3d530cca91310f9605f980dc155726bb33fbde0e493a3836',
      rangeHash: '0x5fd09a2f4338ca7063bc37b02f9411645d0ef2784fe644cc71ab48ae64200beb',
      configHash: '0x1607709d90d40904f790574404e2ad614eac858f6162faa0ec34c6bf5e5f3c57',
      zkVerifier: '0xb88d95bdf6972508942d184866890c1834219b75',
      gateway: '0xdc32e228636273285befa5f001dbb5142517c106',
      scheduleId: false,
    });
    expect(c.zkGateways?.[0]?.releases.map((r) => r.id)).toEqual(['plonk-v6.1.0', 'groth16-v6.1.0']);
    expect(c.zkVerifySteps).toBe(2);
    // Sepolia's first implementation had ZK_VERIFIER 0: no ZK pins.
    const s = parseOpStackConfig(BASE_SEPOLIA);
    expect(s.games[0]!.zk).toBeUndefined();
    expect(s.games.slice(1).every((g) => g.zk !== undefined)).toBe(true);
  });

  it('refuses a ZK gateway not listed, an unknown key, a scheduleId not boolean, too many steps, a ZK-leg slot missing', () => {
    const bad = (edit: (j: Record<string, any>) => void) => codeOf(() => baseConfig(edit));
    return Promise.all([
      expect(bad((j) => (j.games[0].zk.gateway = '0x' + '99'.repeat(20)))).resolves.toBe('INVALID_INPUT'),
      expect(bad((j) => (j.games[0].zk.extra = 1))).resolves.toBe('INVALID_INPUT'),
      expect(bad((j) => (j.games[0].zk.scheduleId = 'no'))).resolves.toBe('INVALID_INPUT'),
      expect(bad((j) => (j.zkVerifySteps = 9))).resolves.toBe('INVALID_INPUT'),
      expect(bad((j) => delete j.games[2].aggregate.proofTypeToProverSlot)).resolves.toBe('INVALID_INPUT'),
      expect(bad((j) => (j.games.at(-1).zk.scheduleId = true))).resolves.toBe('INVALID_INPUT'),
    ]);
  });

  it("the gateway routes as Base's recorded state diffs show them (base/contract-deployments 2026-06-01 and 2026-07-2{1,2} tasks' validations)", async () => {
    const { mappingKey } = await import('../../../../src/l2/slots.ts');
    // Recorded: Groth16 route added then frozen (byte 20 = 1), PLONK route added, on both networks' own gateways.
    expect(mappingKey(1n, BigInt(GROTH16.selector) << 224n)).toBe('0x601647bc9d853ef009027ff58015c6988f1fc1ce39301670b10970ca5bde07c6');
    expect(mappingKey(1n, BigInt(PLONK.selector) << 224n)).toBe('0x8040770227d7756062c0cbdd9a7c3ccbf601f81daea9444755991f1b03d83954');
    for (const c of [parseOpStackConfig(BASE_MAINNET), parseOpStackConfig(BASE_SEPOLIA)]) {
      const own = c.zkGateways![0]!;
      expect(own.releases).toEqual([
        { id: 'plonk-v6.1.0', verifier: '0xc3c6dddac8829b233dc6536ec024775a57b0af2a' },
        { id: 'groth16-v6.1.0', verifier: '0xb69f2584cbcff99a58c4e7002e8b89af54a6f4e2' },
      ]);
    }
    // A frozen route keeps its verifier: a Groth16 proof verified before the freeze still re-verifies.
    const games = chain(CONFIG, { release: GROTH16, proof: hexToBytes(GROTH16.selector + '22'.repeat(356)) });
    const w = world(CONFIG, games);
    const gw = w.storage.get(implOf(CONFIG).zk!.gateway)!;
    const key = mappingKey(1n, BigInt(GROTH16.selector) << 224n);
    gw.set(key, BigInt('0x000000000000000000000001b69f2584cbcff99a58c4e7002e8b89af54a6f4e2'));
    expect(await stepProofOf(CONFIG, w, games[0]!)).toMatchObject({ kind: 'proof', release: 'v6.1.0' });
  });

  it("OP Mainnet's fault games have no proof steps: their tier stays the optimistic one", () => {
    expect(opStackAdapter.hasProofSteps!(parseOpStackConfig(OP_MAINNET))).toBe(false);
    expect(opStackAdapter.hasProofSteps!(CONFIG)).toBe(true);
  });
});

describe('the ZK leg of an AggregateVerifier game', () => {
  it('found through the Proved(zkProver, ZK) log of verifyProposalProof (1 day before expectedResolution); the journal is the one viem builds', async () => {
    const games = chain();
    const w = world(CONFIG, games);
    const proven = prove(CONFIG, w);
    const named = opStackAdapter.proofSteps!(CONFIG, proven, { root: 0n, batch: 0n, acceptedAt: 0n, status: 'finalized' });
    expect(named.steps.map((s) => [s.id, s.l1Timestamp])).toEqual(games.map((g) => [g.proxy, g.zkAt]));
    expect(named).toMatchObject({ wanted: 2, anchored: false });
    const found = await stepProofOf(CONFIG, w, games[0]!);
    expect(found).toMatchObject({ kind: 'proof', trusted: true, system: 'sp1-plonk', release: 'v6.1.0', keyId: implOf(CONFIG).zk!.aggregateHash });
    expect((found as { check: ProofCheck }).check).toEqual(recordedCheck(CONFIG, games[0]!));
  });

  it('given at creation (createWithInitData, type 1): the creator is the proposer and the init data names the L1 origin', async () => {
    const games = chain(CONFIG, { mode: 'zk-at-creation' });
    const w = world(CONFIG, games);
    expect(stepOf(CONFIG, prove(CONFIG, w), games[0]!.proxy).l1Timestamp).toBe(games[0]!.createdAt);
    const found = await stepProofOf(CONFIG, w, games[0]!);
    expect((found as { check: ProofCheck }).check).toEqual(recordedCheck(CONFIG, games[0]!));
  });

  it('implementations after base/contracts 681d04c7 end the journal with the game’s scheduleId (slot 8)', async () => {
    const config = baseConfig((j) => {
      j.games.at(-1).zk.scheduleId = true;
      j.games.at(-1).aggregate = { ...j.games.at(-1).aggregate, scheduleIdSlot: 8 };
    });
    const games = chain(config);
    const found = await stepProofOf(config, world(config, games), games[0]!);
    expect((found as { check: ProofCheck }).check).toEqual(recordedCheck(config, games[0]!, { scheduleId: true }));
    expect((found as { check: ProofCheck }).check).not.toEqual(recordedCheck(config, games[0]!));
  });

  it('a journal with one intermediate root (any byte of any of the 20) changed is another journal', () => {
    const g = gameSpec(CONFIG, 0);
    const zk = implOf(CONFIG).zk!;
    const journal = (roots: Uint8Array) =>
      bytesToHex(aggregateJournal({ proposer: CREATOR, l1OriginHash: hexToBytes('0x' + '1d'.repeat(32)), startingRoot: g.startingRoot, startingBlock: g.startingBlock, endingRoot: g.roots[19]!, endingBlock: g.l2Block, intermediateRoots: roots, configHash: zk.configHash, rangeHash: zk.rangeHash }));
    const all = new Uint8Array(g.roots.flatMap((r) => [...r]));
    const base = journal(all);
    for (let i = 0; i < all.length; i += 7) {
      const changed = all.slice();
      changed[i]! ^= 0x01;
      expect(journal(changed)).not.toBe(base);
    }
  });

  it('a game whose intermediate root differs from the one the proof was made over is refused by the verifier (L2_BATCH_PROOF_INVALID)', async () => {
    const games = chain();
    const altered = games.map((g, k) => (k === 0 ? { ...g, roots: g.roots.map((r, i) => (i === 7 ? r.map((b) => b ^ 0x55) : r)) } : g));
    // The world holds the altered game; the recorded verifier knows the proof of the original one.
    const { follower: f } = follower(CONFIG, games, { w: world(CONFIG, altered) });
    expect(await codeOf(f.follow(HEAD))).toBe('L2_BATCH_PROOF_INVALID');
  });

  it('every one-byte change of the proof in the calldata changes the check (or, in its selector, names a release not pinned)', async () => {
    const g = gameSpec(CONFIG, 0);
    const w = world(CONFIG, [g, gameSpec(CONFIG, 1)]);
    const recorded = JSON.stringify(recordedCheck(CONFIG, g));
    const ev = proofTx(CONFIG, g);
    const input = hexToBytes(ev.tx.input);
    const proofAt = input.length - 32 * Math.ceil((g.proof.length + 1) / 32) + 1; // after the type byte, inside the padded bytes
    for (let i = 0; i < g.proof.length; i += 3) {
      const changed = input.slice();
      changed[proofAt + i]! ^= 0x80;
      let outcome: string;
      try {
        const found = await stepProofOf(CONFIG, w, g, { evidence: { ...ev, tx: { ...ev.tx, input: bytesToHex(changed) } } });
        outcome = found.kind === 'proof' && JSON.stringify(found.check) !== recorded ? 'other check' : 'same';
      } catch (err) {
        outcome = (err as { code: string }).code;
      }
      expect(outcome, `byte ${i}`).toMatch(i < 4 ? /L2_VERIFIER_CHANGED/ : /other check/);
    }
  });

  it('a swapped program key, range hash, config hash, ZK verifier or gateway stops the rollup: L2_VERIFIER_CHANGED', async () => {
    const games = chain();
    for (const swap of [{ aggregateHash: '0x' + '01'.repeat(32) }, { rangeHash: '0x' + '02'.repeat(32) }, { configHash: '0x' + '03'.repeat(32) }, { zkVerifier: '0x' + '04'.repeat(20) }, { gateway: '0x' + '05'.repeat(20) }]) {
      const { follower: f } = follower(CONFIG, games, { runView: runViewOf(CONFIG, swap) });
      expect(await codeOf(f.follow(HEAD)), JSON.stringify(swap)).toBe('L2_VERIFIER_CHANGED');
    }
  });

  it('a release the config does not pin (Groth16 v6.0.0) or a gateway route swapped stops the rollup: L2_VERIFIER_CHANGED', async () => {
    const v600 = { ...GROTH16, selector: '0x0e78f4db', id: 'groth16-v6.0.0' } as typeof PLONK;
    const other = chain(CONFIG, { proof: hexToBytes('0x0e78f4db' + '11'.repeat(300)), release: v600 });
    expect(await codeOf(follower(CONFIG, other).follower.follow(HEAD))).toBe('L2_VERIFIER_CHANGED');
    const games = chain();
    const rerouted = follower(CONFIG, games, { w: world(CONFIG, games, { route: '0x' + '66'.repeat(20) }) });
    expect(await codeOf(rerouted.follower.follow(HEAD))).toBe('L2_VERIFIER_CHANGED');
  });

  it('a Groth16 v6.1.0 proof (before Base froze Groth16) verifies with that release', async () => {
    const games = chain(CONFIG, { release: GROTH16, proof: hexToBytes(GROTH16.selector + '22'.repeat(356)) });
    const found = await stepProofOf(CONFIG, world(CONFIG, games), games[0]!);
    expect(found).toMatchObject({ kind: 'proof', system: 'sp1-groth16', release: 'v6.1.0' });
    expect((found as { check: ProofCheck }).check).toEqual(recordedCheck(CONFIG, games[0]!));
  });

  it('a transaction that is not the game’s proof is refused: L2_COMMIT_MISMATCH', async () => {
    const g = gameSpec(CONFIG, 0, { mode: 'zk-at-creation' });
    const w = world(CONFIG, [g, gameSpec(CONFIG, 1, { mode: 'zk-at-creation' })]);
    const ev = proofTx(CONFIG, g);
    const other = gameSpec(CONFIG, 0, { mode: 'zk-at-creation', l2Block: g.l2Block + 1n });
    const wrong = [
      { ...ev, receipt: { ...ev.receipt, status: '0x0' } },
      { ...ev, receipt: { ...ev.receipt, logs: ev.receipt.logs.slice(1) } }, // no Proved log of the step
      { ...ev, tx: { ...ev.tx, input: proofTx(CONFIG, other).tx.input } }, // another game's creation
      { ...ev, tx: { ...ev.tx, input: proofTx(CONFIG, { ...g, mode: 'tee-only' }).tx.input } }, // a TEE proof
    ];
    for (const evidence of wrong) expect(await codeOf(stepProofOf(CONFIG, w, g, { evidence }))).toBe('L2_COMMIT_MISMATCH');
  });
});

describe('the tier the follower gives Base', () => {
  it('both steps re-verified: "validity proof re-verified here" (2 of 2), PLONK v6.1.0 against ZK_AGGREGATE_HASH', async () => {
    const { follower: f, calls } = follower(CONFIG, chain());
    const followed = await f.follow(HEAD);
    expect(followed.tier).toEqual({ tier: 'reverified', steps: { verified: 2, wanted: 2, anchored: false }, system: 'sp1-plonk', release: 'v6.1.0', keyId: implOf(CONFIG).zk!.aggregateHash });
    expect(fullyReverified(followed.tier)).toBe(true);
    expect(followed.proof).toBe('verified');
    expect(calls.proofs).toBe(2);
    await f.follow(HEAD); // verdicts are kept by game and root
    expect(calls.proofs).toBe(2);
  });

  it('a game with only its TEE proof: "TEE only", from storage alone (no transaction looked up, so none missing can lift it to l1-verifier)', async () => {
    const { follower: f, calls } = follower(CONFIG, chain(CONFIG, { mode: 'tee-only' }));
    const followed = await f.follow(HEAD);
    expect(followed.tier).toMatchObject({ tier: 'tee', reason: expect.stringMatching(/only its TEE proof/) });
    expect(tierWords(followed.tier)).toBe('TEE only');
    expect(calls).toEqual({ proofs: 0, lookups: 0 });
    // stepProof says the same of its creation transaction.
    const g = gameSpec(CONFIG, 0, { mode: 'tee-only' });
    expect(await stepProofOf(CONFIG, world(CONFIG, [g, gameSpec(CONFIG, 1, { mode: 'tee-only' })]), g)).toMatchObject({ kind: 'tee' });
  });

  it("a ZK proof sent through another contract (not top-level calldata): L1's verifier's word, said so", async () => {
    const followed = await follower(CONFIG, chain(CONFIG, { mode: 'zk-via-contract' })).follower.follow(HEAD);
    expect(followed.tier).toMatchObject({ tier: 'l1-verifier', reason: expect.stringMatching(/through another contract .* not in top-level calldata/) });
  });

  it('the proof transaction not found in a verified block: l1-verifier, said so; a parent step not found leaves the newest re-verified (1 of 2)', async () => {
    const games = chain();
    const late = games.map((g) => ({ ...g, zkAt: g.zkAt + 12n })); // the world's logs are 12 s later than storage says
    const none = await follower(CONFIG, games, { w: world(CONFIG, late) }).follower.follow(HEAD);
    expect(none.tier).toMatchObject({ tier: 'l1-verifier', reason: expect.stringMatching(/not found in a verified block/) });
    const parentLate = [games[0]!, late[1]!];
    const one = await follower(CONFIG, games, { w: world(CONFIG, parentLate) }).follower.follow(HEAD);
    expect(one.tier).toMatchObject({ tier: 'reverified', steps: { verified: 1, wanted: 2, anchored: false } });
    expect(tierWords(one.tier)).toBe('latest step re-verified here (1 of 2)');
  });

  it('where the ZK proof was given is told from storage: at creation, 1 day before expectedResolution, or not at all', () => {
    const g = { createdAt: 1000n, creator: CREATOR, proxy: '0x' + '71'.repeat(20) };
    expect(zkProofTime({ ...g, zkProver: CREATOR, teeProver: '0x' + '00'.repeat(20), proofCount: 1, expectedResolution: 1000n + 5n * DAY } as never)).toEqual({ at: 1000n });
    expect(zkProofTime({ ...g, zkProver: '0x' + 'c2'.repeat(20), teeProver: CREATOR, proofCount: 2, expectedResolution: 5000n + DAY } as never)).toEqual({ at: 5000n });
    expect(zkProofTime({ ...g, zkProver: '0x' + 'c2'.repeat(20), teeProver: CREATOR, proofCount: 2, expectedResolution: 1000n + 5n * DAY } as never)).toMatchObject({ reason: expect.stringMatching(/cannot be told/) });
  });
});

describe("Base's finality: 1 day with both proofs, 5 with one", () => {
  it('claimedUntil of an open game is its expectedResolution, with the rule in words', async () => {
    const config = baseConfig((j) => (j.accept = 'newest'));
    const g = gameSpec(config, 0);
    const w = world(config, [g, gameSpec(config, 1)]);
    // Open: not resolved yet.
    w.storage.get(g.proxy)!.set('0x' + '00'.repeat(32), g.createdAt | (1n << 144n));
    const proven = prove(config, w);
    const until = opStackAdapter.claimedUntil!(config, proven);
    expect(until).toEqual({ until: Number(g.zkAt + DAY), note: 'its game resolves (both its proofs stand: 1 day after the second)' });
    expect(aggregateResolution(g.createdAt + 5n * DAY, 1)).toEqual({ until: Number(g.createdAt + 5n * DAY), note: 'its game resolves (one proof stands: 5 days after it (1 day once both do))' });
    expect(aggregateResolution((1n << 64n) - 1n, 0)?.until).toBeNull();
    expect(NOW > g.createdAt).toBe(true);
  });
});

describe('the verifier path with real SP1 proofs (Succinct fibonacci, test/fixtures/sp1/v6.0.0)', () => {
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/sp1/v6.0.0/${name}`, import.meta.url), 'utf8')) as { vkey: string; publicValues: string; proof: string };
  const verify = (check: ProofCheck) => {
    try {
      const { release, programVKey } = check.vkey as { release: string; programVKey: string };
      verifySp1Shipped(release, hexToBytes(programVKey), hexToBytes(check.publicSignals[0]!), hexToBytes(check.proof as string));
      return true;
    } catch {
      return false;
    }
  };
  /** Pins of the fixture's program and release: the check stepProof builds goes to the real verifier. */
  const fixtureConfig = (id: string, vkey: string) =>
    baseConfig((j) => {
      j.games.at(-1).zk.aggregateHash = vkey;
      j.zkGateways[0].releases = [{ id, verifier: '0x' + '0f'.repeat(20) }];
    });

  for (const [name, id] of [
    ['fibonacci-plonk-fixture.json', 'plonk-v6.0.0'],
    ['fibonacci-groth16-fixture.json', 'groth16-v6.0.0'],
  ] as const) {
    it(`${id}: the real proof verifies over its own public values, and is refused over a game's journal`, async () => {
      const fx = fixture(name);
      const config = fixtureConfig(id, fx.vkey);
      const games = chain(config, { proof: hexToBytes(fx.proof) });
      const w = world(config, games);
      w.storage.get(implOf(config).zk!.gateway)!.set((await import('../../../../src/l2/slots.ts')).mappingKey(1n, BigInt(fx.proof.slice(0, 10)) << 224n), 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0fn);
      const found = await stepProofOf(config, w, games[0]!, { runView: runViewOf(config) });
      expect(found.kind).toBe('proof');
      const check = (found as { check: ProofCheck }).check;
      expect(verify({ ...check, publicSignals: [fx.publicValues] })).toBe(true);
      expect(verify(check)).toBe(false);
      const { follower: f } = follower(config, games, { w, runView: runViewOf(config), verify });
      expect(await codeOf(f.follow(HEAD))).toBe('L2_BATCH_PROOF_INVALID');
    });
  }

  it('every one-byte change of a real Groth16 proof is refused by the verifier', () => {
    const fx = fixture('fibonacci-groth16-fixture.json');
    const proof = hexToBytes(fx.proof);
    const check = (p: Uint8Array): ProofCheck => ({ system: 'sp1', vkey: { release: 'groth16-v6.0.0', programVKey: fx.vkey }, proof: bytesToHex(p), publicSignals: [fx.publicValues] });
    expect(verify(check(proof))).toBe(true);
    for (let i = 0; i < proof.length; i++) {
      const changed = proof.slice();
      changed[i]! ^= 0x01;
      expect(verify(check(changed)), `byte ${i}`).toBe(false);
    }
  });
});

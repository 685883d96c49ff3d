/**
 * Base's AggregateVerifier ZK leg (src/l2/op-stack/aggregate-zk.ts through the rollup follower):
 * two chained games whose ZK proofs came by verifyProposalProof or at creation
 * (test/unit/l2/op-stack/base-zk-world.ts), one fact mutated: the proof transaction's calldata or
 * recipient, its receipt's logs, a proven slot or the code of the accepted game, a getter of the
 * implementation or ZKVerifier (its immutables), the gateway's route.
 *
 * Reference: the recorded verifier accepts exactly the (key, journal, proof) each game's proof was
 * made for (the journal built independently with viem); and, independently decoded with viem, the
 * mutated transaction is still the game's proof (to the game or factory, the same selector and
 * arguments, the Proved log the step names) or it is not.
 *
 * Oracles: only typed errors; the accepted game's step is never counted re-verified when the
 * mutated transaction is not its proof, nor when a journal word, the pinned immutables, the key's
 * route or the game's args changed (each would make the L1 verifier see another statement).
 */
import { decodeAbiParameters } from 'viem';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import type { CommitEvidence, RunView } from '../../../src/l2/adapter.ts';
import { mappingKey, storageKey } from '../../../src/l2/slots.ts';
import { CREATE_WITH_INIT_DATA, VERIFY_PROPOSAL_PROOF } from '../../../src/l2/op-stack/aggregate-zk.ts';
import { CONFIG, follower, gameSpec, type GameSpec, HEAD, implOf, type Mode, PLONK, proofTx, runViewOf, world, type World } from '../../unit/l2/op-stack/base-zk-world.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { attemptAsync, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

interface Seed {
  mode: Mode;
  games: GameSpec[];
  world: World;
  evidence: CommitEvidence;
}

type Fact = 'calldata' | 'to' | 'logs' | 'slot' | 'args' | 'getter' | 'route';
const FACTS: readonly (readonly [number, Fact])[] = [
  [30, 'calldata'],
  [5, 'to'],
  [10, 'logs'],
  [20, 'slot'],
  [20, 'args'],
  [10, 'getter'],
  [5, 'route'],
];

const clone = (w: World): World => ({ storage: new Map([...w.storage].map(([a, m]) => [a, new Map(m)])), code: new Map([...w.code].map(([a, c]) => [a, c.slice()])) });
const json = (v: unknown) => JSON.stringify(v);

/** Whether `ev` is still game `g`'s proof transaction, decoded with viem (not Vigil's ABI code). */
function isTheProof(seed: Seed, ev: CommitEvidence): boolean {
  const real = seed.evidence;
  const g = seed.games[0]!;
  if (ev.receipt.status !== '0x1') return false;
  const proved = real.receipt.logs.find((l) => l.address === g.proxy)!;
  if (!ev.receipt.logs.some((l) => l.address.toLowerCase() === proved.address && json(l.topics.map((t) => t.toLowerCase())) === json(proved.topics))) return false;
  if (ev.tx.to?.toLowerCase() !== real.tx.to) return false;
  const sel = ev.tx.input.slice(0, 10).toLowerCase();
  try {
    if (seed.mode === 'tee-then-zk') {
      if (sel !== VERIFY_PROPOSAL_PROOF) return false;
      const [a] = decodeAbiParameters([{ type: 'bytes' }], `0x${ev.tx.input.slice(10)}`);
      const [b] = decodeAbiParameters([{ type: 'bytes' }], `0x${real.tx.input.slice(10)}`);
      return a.toLowerCase() === b.toLowerCase();
    }
    if (sel !== CREATE_WITH_INIT_DATA) return false;
    const types = [{ type: 'uint32' }, { type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }] as const;
    // initData [33, 65) is l1OriginNumber: L1 checks blockhash(l1OriginNumber) = l1OriginHash; the journal holds only the hash.
    const statement = (input: string) => {
      const [gameType, rootClaim, extraData, initData] = decodeAbiParameters(types, `0x${input.slice(10)}`);
      const init = initData.toLowerCase();
      return json([String(gameType), rootClaim.toLowerCase(), extraData.toLowerCase(), init.slice(0, 2 + 2 * 33), init.slice(2 + 2 * 65)]);
    };
    return statement(ev.tx.input) === statement(real.tx.input);
  } catch {
    return false;
  }
}

/** The journal words and pins a world mutation can touch: each changed means another statement. */
function mutateWorld(rng: Rng, seed: Seed, fact: Fact): { w: World; runView: RunView; op: string; changed: boolean; input: unknown } {
  const w = clone(seed.world);
  const g = seed.games[0]!;
  const impl = implOf(CONFIG);
  let runView = runViewOf(CONFIG);
  switch (fact) {
    case 'slot': {
      const keys = [storageKey({ slot: 0n }), storageKey({ slot: 1n }), storageKey({ slot: 2n }), storageKey({ slot: 7n }), mappingKey(6n, 0n), mappingKey(6n, 1n)];
      const key = rng.pick(keys);
      const old = w.storage.get(g.proxy)!.get(key) ?? 0n;
      const value = rng.chance(0.5) ? old ^ (1n << BigInt(rng.int(256))) : rng.bigint(256);
      w.storage.get(g.proxy)!.set(key, value);
      // Journal words: the starting root and block (slots 1, 2).
      const journalWord = key === storageKey({ slot: 1n }) || key === storageKey({ slot: 2n });
      return { w, runView, op: `slot:${key.slice(-4)}`, changed: journalWord && value !== old, input: { key, value: `0x${value.toString(16)}` } };
    }
    case 'args': {
      const code = w.code.get(g.proxy)!;
      const m = mutateBytes(rng, code.subarray(0x62, code.length - 2));
      const args = m.value;
      const next = new Uint8Array(code.length);
      next.set(code.subarray(0, 0x62));
      next.set(args.subarray(0, code.length - 0x64), 0x62);
      next.set(code.subarray(code.length - 2), code.length - 2);
      w.code.set(g.proxy, next);
      const before = code.subarray(0x62, code.length - 2);
      const after = next.subarray(0x62, next.length - 2);
      // The journal reads the root claim, l1Head (verifyProposalProof), the block and the roots; the creator at creation.
      const ranges = seed.mode === 'tee-then-zk' ? [[0x14, 0x74], [0x88, before.length]] : [[0x00, 0x34], [0x54, 0x74], [0x88, before.length]];
      const changed = ranges.some(([a, b]) => bytesToHex(before.subarray(a, b)) !== bytesToHex(after.subarray(a, b)));
      return { w, runView, op: `args:${m.op}`, changed, input: bytesToHex(after) };
    }
    case 'getter': {
      const which = rng.pick(['aggregateHash', 'rangeHash', 'configHash', 'zkVerifier', 'gateway'] as const);
      const base = which === 'zkVerifier' || which === 'gateway' ? impl.zk![which] : impl.zk![which];
      const bytes = hexToBytes(base);
      bytes[rng.int(bytes.length)]! ^= 1 << rng.int(8);
      runView = runViewOf(CONFIG, { [which]: bytesToHex(bytes) });
      return { w, runView, op: `getter:${which}`, changed: true, input: { [which]: bytesToHex(bytes) } };
    }
    default: {
      const key = mappingKey(1n, BigInt(PLONK.selector) << 224n);
      const gw = w.storage.get(impl.zk!.gateway)!;
      const old = gw.get(key)!;
      const value = old ^ (1n << BigInt(rng.int(256)));
      gw.set(key, value);
      const mask = (1n << 160n) - 1n;
      return { w, runView, op: 'route', changed: (value & mask) !== (old & mask), input: `0x${value.toString(16)}` };
    }
  }
}

function mutateEvidence(rng: Rng, seed: Seed, fact: Fact): { ev: CommitEvidence; op: string } {
  const ev = structuredClone(seed.evidence);
  if (fact === 'calldata') {
    const m = mutateBytes(rng, hexToBytes(ev.tx.input));
    ev.tx.input = bytesToHex(m.value);
    return { ev, op: `calldata:${m.op}` };
  }
  if (fact === 'to') {
    ev.tx.to = rng.pick([CONFIG.disputeGameFactory.address, seed.games[0]!.proxy, seed.games[1]!.proxy, '0x' + 'c3'.repeat(20)]);
    return { ev, op: 'to' };
  }
  const m = mutateJson(rng, ev.receipt, { keepShape: true });
  ev.receipt = m.value as CommitEvidence['receipt'];
  return { ev, op: `logs:${m.op}` };
}

export const baseZkLegTarget = defineTarget<{ seeds: Seed[] }>({
  name: 'base-zk-leg',
  subject: "Base's AggregateVerifier ZK leg through the rollup follower (src/l2/op-stack/aggregate-zk.ts): the proof transaction, its receipt, the accepted game's slots and args, the implementation's immutables and the gateway's route, one mutated",
  reference: "the recorded verifier (the (key, journal, proof) each game's proof was made for, the journal built with viem's encodePacked) and viem's decoding of the mutated transaction: the accepted game's step is never re-verified over another statement or another transaction",
  seeds: 'test/unit/l2/op-stack/base-zk-world.ts: two chained games of the shipped Base mainnet config, ZK proofs by verifyProposalProof and at creation (PLONK v6.1.0)',
  slice: 200,
  async load() {
    const seeds: Seed[] = [];
    for (const mode of ['tee-then-zk', 'zk-at-creation'] as const) {
      const games = [gameSpec(CONFIG, 0, { mode }), gameSpec(CONFIG, 1, { mode })];
      const w = world(CONFIG, games);
      const followed = await follower(CONFIG, games, { w }).follower.follow(HEAD);
      if (followed.tier.tier !== 'reverified' || followed.tier.steps?.verified !== 2) throw new Error(`the ${mode} seed is not re-verified: ${JSON.stringify(followed.tier)}`);
      seeds.push({ mode, games, world: w, evidence: proofTx(CONFIG, games[0]!) });
    }
    return { seeds };
  },
  async run(ctx, rng) {
    const seed = rng.pick(ctx.seeds);
    const fact = rng.weighted(FACTS);
    const g0 = seed.games[0]!;
    let op: string;
    let input: unknown;
    let statementChanged: boolean;
    let w = seed.world;
    let runView = runViewOf(CONFIG);
    let evidence: ((g: GameSpec, ev: CommitEvidence) => CommitEvidence) | undefined;
    if (fact === 'calldata' || fact === 'to' || fact === 'logs') {
      const m = mutateEvidence(rng, seed, fact);
      op = m.op;
      input = m.ev;
      statementChanged = !isTheProof(seed, m.ev);
      evidence = (g, ev) => (g.proxy === g0.proxy ? m.ev : ev);
    } else {
      const m = mutateWorld(rng, seed, fact);
      ({ w, runView, op, input } = m);
      statementChanged = m.changed;
    }
    const ours = await attemptAsync(() => follower(CONFIG, seed.games, { w, runView, ...(evidence ? { evidence } : {}) }).follower.follow(HEAD));
    const out: Outcome = { op: `${seed.mode}:${op}`, ...verdictOf(ours), input };
    if (!ours.ok || out.wrong) return out;
    const tier = ours.value.tier;
    if (statementChanged && tier.tier === 'reverified') return { ...out, verdict: 'accepted', wrong: `the accepted game's step counted re-verified (${JSON.stringify(tier.steps)}) over another statement or transaction` };
    return { ...out, verdict: tier.tier === 'reverified' ? 'accepted' : `tier:${tier.tier}` };
  },
});

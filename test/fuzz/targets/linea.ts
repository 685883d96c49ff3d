/**
 * Linea's adapter (src/l2/linea/adapter.ts, follow.ts, public-input.ts) through the rollup
 * follower, over the real mainnet finalization of L2 blocks 24288348–24288678
 * (test/unit/l2/linea/world.ts): one of the facts it reads mutated as it is read — a proven slot
 * of LineaRollup (currentL2BlockNumber, stateRootHashes, verifiers[1], its implementation), a code
 * hash or the verifier's code, the DataFinalizedV3 log found for the finalized block, the previous
 * finalization's log, the finalizeBlocks transaction (its calldata as ABI bytes, or its fields),
 * its receipt, its hash, or the "no verifier change / no upgrade since" answers.
 *
 * Oracles: only typed errors; a mutated hint or piece of L1 evidence the adapter must tie to proven
 * storage (the logs, the transaction, its receipt and calldata) never yields another accepted
 * state, a stronger tier, or another proof check that counts; with a mutated slot or code, what is
 * accepted is well-formed, and a root counted as re-verified is the finalization's own (block and
 * root), its check the real one. Proof checks verify only when they are the real finalization's
 * (the gnark PLONK verifier is the gnark targets' matter).
 */
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import type { AcceptedState, FoundL1Log, L1LogQuery } from '../../../src/l2/adapter.ts';
import { lineaAdapter } from '../../../src/l2/linea/adapter.ts';
import { DATA_FINALIZED_V3, VERIFIER_ADDRESS_CHANGED } from '../../../src/l2/linea/follow.ts';
import { EIP1967_UPGRADED_TOPIC } from '../../../src/l2/slots.ts';
import { ROOT_TIERS, type TierVerdict } from '../../../src/l2/tier.ts';
import { type L1HeadRef, RollupFollower, type RollupFollowerDeps } from '../../../src/client/rollups/follower.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { attemptAsync, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

type Log = { address: string; topics: string[]; data: string };

/** One read of the follower: what it is and its value. */
type Fact =
  | { kind: 'slot'; address: string; key: string; value: bigint }
  | { kind: 'codeHash'; address: string; value: string }
  | { kind: 'code'; address: string; value: Uint8Array }
  | { kind: 'foundLog'; value: FoundL1Log }
  | { kind: 'previousLog'; value: FoundL1Log }
  | { kind: 'changedSince'; value: FoundL1Log | null }
  | { kind: 'txHash'; value: string }
  | { kind: 'tx'; value: { to: string | null; input: string; hash: string; blockNumber: string } }
  | { kind: 'receipt'; value: { status: string; logs: Log[] } };

type Tap = <F extends Fact>(fact: F) => F['value'];

/** L1 evidence the adapter must tie to proven storage: never another root, tier or counted check. */
const HINTS = new Set<Fact['kind']>(['foundLog', 'previousLog', 'changedSince', 'txHash', 'tx', 'receipt']);

type LineaWorld = typeof import('../../unit/l2/linea/world.ts');

interface Read {
  accepted: AcceptedState;
  tier: TierVerdict;
  liveness: unknown;
  provenance: string | undefined;
  checks: string[];
}

interface Ctx {
  w: LineaWorld;
  head: L1HeadRef;
  facts: Fact[];
  base: Read;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? bytesToHex(x) : x));

/** The follower's sources over Linea's world, every read passing through `tap`. */
function deps(w: LineaWorld, tap: Tap, realCheck: string | undefined, checks: string[]): RollupFollowerDeps<any, any> {
  const storage = w.storage();
  const codes = new Map([[w.VERIFIER, w.verifierCode()]]);
  const evidence = w.evidence();
  const codeOf = (address: string) => codes.get(address.toLowerCase()) ?? new Uint8Array(0);
  return {
    adapter: lineaAdapter,
    config: w.config,
    async readStorage(_head, address, keys) {
      const a = address.toLowerCase();
      const codeHash = tap({ kind: 'codeHash', address: a, value: bytesToHex(keccak256(codeOf(a))) });
      return { codeHash, storage: new Map(keys.map((key) => [key, tap({ kind: 'slot', address: a, key, value: storage.get(a)?.get(key) ?? 0n })])) };
    },
    async readCode(_head, address) {
      return tap({ kind: 'code', address: address.toLowerCase(), value: codeOf(address) });
    },
    async l2Header(query) {
      if (!('l1Log' in query)) return null;
      const t = query.l1Log.topics;
      // The finalization of the block the proven slot names: the world's one, when it is asked for.
      if (t[0] !== DATA_FINALIZED_V3 || BigInt(t[2] ?? '0x0') !== w.END) return { searched: { fromBlock: w.TX_BLOCK - 50_000n, fromTimestamp: w.FINALIZED_AT - 600_000n } };
      return { found: tap({ kind: 'foundLog', value: w.FOUND }) };
    },
    async stepTxOf() {
      return tap({ kind: 'txHash', value: w.TX_HASH });
    },
    async transaction(hash) {
      return hash === w.TX_HASH ? tap({ kind: 'tx', value: evidence.tx }) : null;
    },
    async receipt(hash) {
      return hash === w.TX_HASH ? tap({ kind: 'receipt', value: evidence.receipt }) : null;
    },
    async newestLog(query: L1LogQuery) {
      const t0 = query.topics[0];
      if (t0 === DATA_FINALIZED_V3) return BigInt(query.topics[2] ?? '0x0') === w.START - 1n ? tap({ kind: 'previousLog', value: w.PREVIOUS_LOG }) : null;
      if (t0 === VERIFIER_ADDRESS_CHANGED || t0 === EIP1967_UPGRADED_TOPIC) return tap({ kind: 'changedSince', value: null });
      return null;
    },
    async commitTxOf() {
      return null;
    },
    async verifyProof(check) {
      checks.push(json(check));
      return realCheck === undefined || json(check) === realCheck;
    },
    async runView() {
      // The v3 layout LineaRollup 6.0 ran reads no chain configuration: a mutated implementation asking for it gets none.
      return null;
    },
    async accountProof() {
      throw new Error('Linea accounts are not proven');
    },
  };
}

async function follow(ctx: Pick<Ctx, 'w' | 'head'>, tap: Tap, realCheck: string | undefined): Promise<Read> {
  const checks: string[] = [];
  const follower = new RollupFollower(deps(ctx.w, tap, realCheck, checks));
  const followed = await follower.follow(ctx.head);
  return { accepted: followed.accepted, tier: followed.tier, liveness: followed.liveness, provenance: followed.provenance, checks };
}

function mutateFact(rng: Rng, fact: Fact, all: readonly Fact[]): { value: unknown; op: string } {
  switch (fact.kind) {
    case 'slot': {
      const others = all.filter((f): f is Extract<Fact, { kind: 'slot' }> => f.kind === 'slot' && f !== fact);
      if (others.length > 0 && rng.chance(0.2)) return { value: rng.pick(others).value, op: 'slot:swap' };
      if (rng.chance(0.15)) return { value: fact.value + (rng.chance(0.5) ? 1n : (1n << 256n) - 1n), op: 'slot:off-by-one' };
      // Storage is a uint256: one bit of it, or another word.
      const v = rng.chance(0.7) ? fact.value ^ (1n << BigInt(rng.int(256))) : BigInt(bytesToHex(rng.bytes(32)));
      return { value: ((v % (1n << 256n)) + (1n << 256n)) % (1n << 256n), op: 'slot:bits' };
    }
    case 'code':
      return { value: mutateBytes(rng, fact.value).value, op: 'code' };
    case 'tx': {
      // The finalizeBlocks calldata as ABI bytes (a field of FinalizationDataV3, the proof, an offset), or the transaction's other fields.
      if (rng.chance(0.7)) {
        const m = mutateBytes(rng, hexToBytes(fact.value.input));
        return { value: { ...fact.value, input: bytesToHex(m.value) }, op: `calldata:${m.op}` };
      }
      const m = mutateJson(rng, fact.value, { keepShape: true });
      return { value: m.value, op: `tx:${m.op}` };
    }
    case 'changedSince': {
      // "Nothing changed since" turned into a change: the log of one, at a block after the finalization.
      const log = { address: rollupOf(all), topics: [VERIFIER_ADDRESS_CHANGED], data: '0x', blockNumber: 23_500_100n, timestamp: 1_759_925_000n, transactionHash: '0x' + 'cc'.repeat(32) };
      return { value: log, op: 'changed-since' };
    }
    default: {
      // Verified L1 data as Vigil's own JSON shapes it (logs, the receipt, the hash): other values,
      // never another shape. A found log's block number and time are its verified block's (the
      // source proves the log through that block's receipts): another log, not another clock.
      const frozen = (path: (string | number)[]) => (fact.kind === 'foundLog' || fact.kind === 'previousLog') && (path[0] === 'timestamp' || path[0] === 'blockNumber');
      const m = mutateJson(rng, fact.value, { keepShape: true, frozen });
      return { value: m.value, op: `${fact.kind}:${m.op}` };
    }
  }
}

/** LineaRollup's address: the account of the first slot the follower reads. */
const rollupOf = (all: readonly Fact[]): string => (all.find((f) => f.kind === 'slot') as { address: string } | undefined)?.address ?? '0x';

function stronger(a: TierVerdict, b: TierVerdict): boolean {
  const rank = (t: TierVerdict) => ROOT_TIERS.indexOf(t.tier);
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  return a.tier === 'reverified' && (a.steps?.verified ?? 0) > (b.steps?.verified ?? 0);
}

function sane(read: Read): string | undefined {
  const { root, batch, acceptedAt, status } = read.accepted;
  if (typeof root !== 'bigint' || root <= 0n || root >= 1n << 256n) return 'an accepted root that is no non-zero 256-bit word';
  if (typeof batch !== 'bigint' || batch < 0n || typeof acceptedAt !== 'bigint' || acceptedAt < 0n) return 'a negative block or time';
  if (status !== 'finalized') return `status ${String(status)}: Linea's roots are finalized only`;
  const l = read.liveness as Record<string, unknown>;
  const age = l.lastBatchAgeSeconds;
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0) return `liveness lastBatchAgeSeconds = ${String(age)}`;
  if (l.frozen !== false || l.oldestQueuedAgeSeconds !== null) return 'liveness claims facts Linea does not read';
  return undefined;
}

export const lineaAdapterTarget = defineTarget<Ctx>({
  name: 'adapter-linea',
  subject: "the Linea adapter through the rollup follower: LineaRollup's proven slots and code, the DataFinalizedV3 logs, the finalizeBlocks transaction (calldata), its receipt, the verifier-change and upgrade searches; one fact mutated",
  reference:
    "the unmutated world's answer: a mutated log, transaction, calldata or receipt never yields another accepted state, a stronger tier or a counted proof check other than the real one; a root counted as re-verified is the finalization's own; accepted states are well-formed",
  seeds: 'test/unit/l2/linea/world.ts: the real mainnet finalization of L2 blocks 24288348–24288678 (test/fixtures/linea, prover 6.0.4), LineaRollup 6.0 at the shipped config\'s slots, its verifier compiled from PlonkVerifierMainnetFull.sol (paris)',
  async load() {
    const w = await import('../../unit/l2/linea/world.ts');
    const head: L1HeadRef = { blockNumber: w.TX_BLOCK + 600n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '5e'.repeat(32), timestamp: w.NOW };
    const facts: Fact[] = [];
    const base = await follow({ w, head }, (fact) => (facts.push(fact), fact.value), undefined);
    if (base.tier.tier !== 'reverified' || base.checks.length !== 1) throw new Error(`the Linea seed is not re-verified here: ${json(base.tier)}`);
    return { w, head, facts, base };
  },
  async run(ctx, rng) {
    // The finalizeBlocks transaction is one read among a dozen: its calldata is picked more often (a quarter of the runs).
    const tx = ctx.facts.findIndex((f) => f.kind === 'tx');
    const target = tx >= 0 && rng.chance(0.25) ? tx : rng.int(ctx.facts.length);
    const fact = ctx.facts[target]!;
    const m = mutateFact(rng, fact, ctx.facts);
    let seen = 0;
    const tap: Tap = (f) => (seen++ === target ? (m.value as typeof f.value) : f.value);
    const realCheck = ctx.base.checks[0]!;
    const ours = await attemptAsync(() => follow(ctx, tap, realCheck));
    const out: Outcome = { op: m.op, ...verdictOf(ours), input: { fact: fact.kind, value: json(m.value).slice(0, 2000) } };
    if (!ours.ok || out.wrong) return out;
    const read = ours.value;
    const wrongShape = sane(read);
    if (wrongShape) return { ...out, wrong: wrongShape };
    // Counted as re-verified: only the real finalization's check, of its own block and root.
    if (read.tier.tier === 'reverified') {
      if (read.checks.some((c) => c !== realCheck)) return { ...out, wrong: 'a root counted as re-verified with a proof check that is not the real one' };
      if (read.accepted.root !== ctx.base.accepted.root || read.accepted.batch !== ctx.base.accepted.batch) return { ...out, wrong: `another root counted as re-verified: ${json(read.accepted)}` };
    }
    if (HINTS.has(fact.kind)) {
      if (json(read.accepted) !== json(ctx.base.accepted)) return { ...out, wrong: `a mutated ${fact.kind} gave another accepted state: ${json(read.accepted)}` };
      if (stronger(read.tier, ctx.base.tier)) return { ...out, wrong: `a mutated ${fact.kind} gave a stronger tier: ${json(read.tier)}` };
    }
    return out;
  },
});

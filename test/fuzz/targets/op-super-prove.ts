/**
 * The OP Stack exit's prove step against a super-root game (src/l2/op-stack/portal-proof.ts
 * proveCall), one input mutated: the game's super-root preimage (as its args carry it, decoded
 * as the follower decodes it), its root claim, the output root proof, a withdrawal proof node, the
 * chain the config follows. Both portal forms: OptimismPortal2's 4-argument call (the portal reads
 * the chain's entry itself) and the interop portal's super-root call.
 *
 * Reference: the portal's own checks written again here from the contracts (OptimismPortal2
 * `proveWithdrawalTransaction` with SuperFaultDisputeGame `rootClaimByChainId`; the interop
 * portal's `_proveWithdrawalTransaction`), with viem's keccak and ABI encoder and
 * @ethereumjs/trie's proof verifier: the preimage must hash to the claim, hold the followed
 * chain, the output root proof must hash to that chain's entry, the withdrawal's sentMessages
 * slot must be 1 under its storage root; then the calldata, encoded by viem. Oracle: Vigil never
 * builds a call the reference would not, nor another call than the reference's.
 */
import { Trie } from '@ethereumjs/trie';
import { concatHex, encodeAbiParameters, encodeFunctionData, keccak256 as viemKeccak, parseAbi, type Hex } from 'viem';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { encodeRlp } from '../../../src/core/rlp.ts';
import { exitWithdrawal, type OutputRootProof, sentMessagesKey, withdrawalHash } from '../../../src/l2/op-stack/bridge.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../src/l2/op-stack/config.ts';
import { outputRoot } from '../../../src/l2/op-stack/follow.ts';
import { OP_SEPOLIA } from '../../../src/l2/op-stack/networks.ts';
import { type PortalMode, proveCall, type ProveGame } from '../../../src/l2/op-stack/portal-proof.ts';
import { decodeSuperRoot, encodeSuperRoot, type SuperRoot, superRootHash } from '../../../src/l2/op-stack/super-root.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateRlp } from '../mutators/rlp.ts';
import { againstReference, attempt, reference } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const ABI = parseAbi([
  'struct WithdrawalTransaction { uint256 nonce; address sender; address target; uint256 value; uint256 gasLimit; bytes data; }',
  'struct OutputRootProof { bytes32 version; bytes32 stateRoot; bytes32 messagePasserStorageRoot; bytes32 latestBlockhash; }',
  'struct OutputRootWithChainId { uint256 chainId; bytes32 root; }',
  'struct SuperRootProof { bytes1 version; uint64 timestamp; OutputRootWithChainId[] outputRoots; }',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, address _disputeGameProxy, uint256 _outputRootIndex, SuperRootProof _superRootProof, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, uint256 _disputeGameIndex, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
]);

/** One prove step's inputs, as Vigil takes them (the preimage as bytes, decoded on the way in). */
interface Inputs {
  chainId: number;
  mode: PortalMode;
  preimage: Uint8Array;
  rootClaim: Uint8Array;
  proof: OutputRootProof;
  withdrawalProof: string[];
}

interface Seed extends Inputs {
  owner: string;
  nonce: bigint;
}

interface Ctx {
  seeds: Seed[];
  configs: Map<number, OpStackConfig>;
}

const GAME = { proxy: '0x' + '63'.repeat(20), index: 41n, gameType: 9 };
const CHAIN = 11_155_420;
const OTHER_CHAIN = 11_155_421;

function configFor(ctx: Ctx, chainId: number): OpStackConfig {
  let c = ctx.configs.get(chainId);
  if (c === undefined) {
    c = parseOpStackConfig({ ...OP_SEPOLIA, chainId });
    ctx.configs.set(chainId, c);
  }
  return c;
}

/** Vigil: the preimage decoded as the follower decodes it, then the prove call. */
function ours(ctx: Ctx, seed: Seed, i: Inputs): string {
  const superRoot = decodeSuperRoot(i.preimage, 16);
  const game: ProveGame = { ...GAME, rootClaim: i.rootClaim, superRoot };
  const tx = exitWithdrawal(seed.owner, 10n ** 18n, seed.nonce);
  return proveCall(configFor(ctx, i.chainId), i.mode, tx, game, i.proof, withdrawalHash(tx), i.withdrawalProof).data;
}

/** The portal's checks, written again from the contracts. */
async function theirs(seed: Seed, i: Inputs): Promise<string> {
  const p = i.preimage;
  // SuperFaultDisputeGame.initialize: keccak256(extraData) == rootClaim.
  if (viemKeccak(p) !== bytesToHex(i.rootClaim)) throw new Error('the preimage is not the claim');
  // Encoding.decodeSuperRootProof: version 1, a timestamp, whole (chainId, root) entries, at least one.
  if (p[0] !== 1 || p.length < 9 + 64 || (p.length - 9) % 64 !== 0) throw new Error('not a super root proof');
  const entries: { chainId: bigint; root: Hex }[] = [];
  for (let at = 9; at < p.length; at += 64) entries.push({ chainId: BigInt(bytesToHex(p.subarray(at, at + 32))), root: bytesToHex(p.subarray(at + 32, at + 64)) as Hex });
  for (let k = 1; k < entries.length; k++) if (entries[k]!.chainId <= entries[k - 1]!.chainId) throw new Error('OutputRootsNotSorted');
  const index = entries.findIndex((e) => e.chainId === BigInt(i.chainId));
  if (index < 0) throw new Error('UnknownChainId');
  const words = [i.proof.version, i.proof.stateRoot, i.proof.messagePasserStorageRoot, i.proof.latestBlockhash] as Hex[];
  if (viemKeccak(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }], words as [Hex, Hex, Hex, Hex])) !== entries[index]!.root) throw new Error('InvalidOutputRootProof');
  const tx = exitWithdrawal(seed.owner, 10n ** 18n, seed.nonce);
  const hash = withdrawalHash(tx);
  const key = viemKeccak(concatHex([hash as Hex, ('0x' + '00'.repeat(32)) as Hex]));
  // SecureMerkleTrie.verifyInclusionProof: the proof from the storage root to the hashed key's leaf.
  const verifier = await Trie.create({ useKeyHashing: true });
  const value = await verifier.verifyProof(hexToBytes(i.proof.messagePasserStorageRoot), hexToBytes(key), i.withdrawalProof.map((n) => hexToBytes(n)));
  if (value === null || bytesToHex(value) !== '0x01') throw new Error('InvalidMerkleProof');
  const txArg = { nonce: tx.nonce, sender: tx.sender as Hex, target: tx.target as Hex, value: tx.value, gasLimit: tx.gasLimit, data: '0x' as Hex };
  const proofArg = { version: words[0]!, stateRoot: words[1]!, messagePasserStorageRoot: words[2]!, latestBlockhash: words[3]! };
  if (i.mode.form === 'output-root') {
    if (!i.mode.superGameTypes.includes(GAME.gameType)) throw new Error('the portal reads the root claim');
    return encodeFunctionData({ abi: ABI, functionName: 'proveWithdrawalTransaction', args: [txArg, GAME.index, proofArg, i.withdrawalProof as Hex[]] });
  }
  const superRootProof = { version: '0x01' as Hex, timestamp: BigInt(bytesToHex(p.subarray(1, 9))), outputRoots: entries.map((e) => ({ chainId: e.chainId, root: e.root })) };
  return encodeFunctionData({ abi: ABI, functionName: 'proveWithdrawalTransaction', args: [txArg, GAME.proxy as Hex, BigInt(index), superRootProof, proofArg, i.withdrawalProof as Hex[]] });
}

function mutate(rng: Rng, seed: Seed): { inputs: Inputs; op: string } {
  const base: Inputs = { chainId: seed.chainId, mode: seed.mode, preimage: seed.preimage, rootClaim: seed.rootClaim, proof: seed.proof, withdrawalProof: seed.withdrawalProof };
  const field = rng.int(6);
  if (field === 0) {
    const m = mutateBytes(rng, seed.preimage, { maxBytes: 9 + 64 * 20, wordBase: 9 });
    return { inputs: { ...base, preimage: m.value }, op: `preimage:${m.op}` };
  }
  if (field === 1) {
    const m = mutateBytes(rng, seed.rootClaim, { maxBytes: 64 });
    return { inputs: { ...base, rootClaim: m.value }, op: `claim:${m.op}` };
  }
  if (field === 2) {
    const key = (['version', 'stateRoot', 'messagePasserStorageRoot', 'latestBlockhash'] as const)[rng.int(4)]!;
    const m = mutateBytes(rng, hexToBytes(seed.proof[key]), { maxBytes: 64 });
    return { inputs: { ...base, proof: { ...seed.proof, [key]: bytesToHex(m.value) } }, op: `output-proof.${key}:${m.op}` };
  }
  if (field === 3 || field === 4) {
    const n = rng.int(seed.withdrawalProof.length);
    const nodes = seed.withdrawalProof.map((x) => hexToBytes(x));
    const m = field === 3 ? mutateRlp(rng, nodes[n]!, { donors: nodes }) : mutateBytes(rng, nodes[n]!, { donors: nodes });
    return { inputs: { ...base, withdrawalProof: seed.withdrawalProof.map((x, j) => (j === n ? bytesToHex(m.value) : x)) }, op: `withdrawal-proof:${m.op}` };
  }
  // Another chain's view: the config follows a chain the preimage may not hold.
  return { inputs: { ...base, chainId: rng.pick([OTHER_CHAIN, 10, 84_532, CHAIN + 1]) }, op: 'chain-id' };
}

/** A message passer holding the withdrawal among `others`, and a super root holding its output root among other chains'. */
async function buildSeed(owner: string, nonce: bigint, others: number, chains: bigint[], mode: PortalMode): Promise<Seed> {
  const tx = exitWithdrawal(owner, 10n ** 18n, nonce);
  const hash = withdrawalHash(tx);
  const trie = await Trie.create({ useKeyHashing: true });
  await trie.put(hexToBytes(sentMessagesKey(hash), 32), encodeRlp(1n));
  for (let k = 0; k < others; k++) await trie.put(hexToBytes(sentMessagesKey(bytesToHex(new Uint8Array(32).fill(k + 1))), 32), encodeRlp(1n));
  const proof: OutputRootProof = { version: '0x' + '00'.repeat(32), stateRoot: '0x' + '5a'.repeat(32), messagePasserStorageRoot: bytesToHex(trie.root()), latestBlockhash: '0x' + '6b'.repeat(32) };
  const ours = outputRoot(hexToBytes(proof.stateRoot), trie.root(), hexToBytes(proof.latestBlockhash));
  const superRoot: SuperRoot = { timestamp: 1_790_000_000n, entries: chains.map((c, k) => ({ chainId: c, outputRoot: c === BigInt(CHAIN) ? ours : new Uint8Array(32).fill(0x40 + k) })) };
  const preimage = encodeSuperRoot(superRoot);
  return { owner, nonce, chainId: CHAIN, mode, preimage, rootClaim: superRootHash(preimage), proof, withdrawalProof: (await trie.createProof(hexToBytes(sentMessagesKey(hash), 32))).map(bytesToHex) };
}

export const opSuperProveTarget = defineTarget<Ctx>({
  name: 'op-super-prove',
  subject: "the OP Stack exit's prove calldata against a super-root game (portal-proof.ts proveCall, both portal forms), one input mutated: the game's preimage, its claim, the output root proof, a withdrawal proof node, the followed chain",
  reference: "the portals' checks written again from OptimismPortal2 (rootClaimByChainId) and the interop portal (hashSuperRootProof, the entry's chainId, hashOutputRootProof, SecureMerkleTrie inclusion of 0x01), with viem's keccak and ABI encoder and @ethereumjs/trie's verifyProof",
  seeds: 'constructed: message passer tries (1 to 40 other withdrawals) and super roots of 1 to 3 chains, the followed chain first, middle or alone, in each portal form',
  async load() {
    const owner = '0x' + 'ab'.repeat(20);
    const outputMode: PortalMode = { form: 'output-root', implementation: '0xe89f13c5ee4033b2d3cd76c9d6958efbfe26d3c2', superGameTypes: [4, 5, 7, 9] };
    const superMode: PortalMode = { form: 'super-root', implementation: '0x' + '17'.repeat(20) };
    const seeds: Seed[] = [];
    for (const mode of [outputMode, superMode]) {
      seeds.push(await buildSeed(owner, (1n << 240n) | 7n, 0, [BigInt(CHAIN)], mode));
      seeds.push(await buildSeed(owner, (1n << 240n) | 8n, 12, [10n, BigInt(CHAIN), BigInt(OTHER_CHAIN)], mode));
      seeds.push(await buildSeed(owner, (1n << 240n) | 9n, 40, [BigInt(CHAIN), BigInt(OTHER_CHAIN)], mode));
    }
    const ctx: Ctx = { seeds, configs: new Map() };
    for (const s of seeds) {
      const a = attempt(() => ours(ctx, s, s));
      const b = await reference(() => theirs(s, s));
      if (!a.ok || !b.ok || a.value !== b.value) throw new Error('a seed is not accepted alike by Vigil and the reference');
    }
    return ctx;
  },
  async run(ctx, rng): Promise<Outcome> {
    const seed = rng.pick(ctx.seeds);
    const m = mutate(rng, seed);
    const mine = attempt(() => ours(ctx, seed, m.inputs));
    const ref = await reference(() => theirs(seed, m.inputs));
    return { ...againstReference(m.op, mine, ref), input: { ...m.inputs, preimage: bytesToHex(m.inputs.preimage), rootClaim: bytesToHex(m.inputs.rootClaim) } };
  },
});

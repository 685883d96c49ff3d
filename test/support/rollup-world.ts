/**
 * Consistent worlds of the real rollups, as their shipped configs (src/l2/known-rollups.ts)
 * expect L1 to hold them, for `vigil l2-balance` run end to end offline: an L1 state whose rollup
 * contracts run the pinned implementations and hold, at the config's slots, a state L2 headers
 * and an L2 state trie agree with; L1 receipts with the events the adapter looks for. Each value
 * is placed where the config says (its slots, offsets, CWIA layout); the contracts' own layouts
 * that configs do not carry cite their source. Every builder returns the RPCs (L1, L2) and what
 * `vigil l2-balance` must print.
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { type BlockHeader, headerHash, headerToJson } from '../../src/execution/header.ts';
import type { ArbitrumConfig } from '../../src/l2/arbitrum/config.ts';
import { requireKnownRollup } from '../../src/l2/known-rollups.ts';
import type { OpStackConfig } from '../../src/l2/op-stack/config.ts';
import { parseRollup } from '../../src/l2/registry.ts';
import type { ScrollConfig } from '../../src/l2/scroll/config.ts';
import type { OpSuccinctConfig } from '../../src/l2/op-succinct/config.ts';
import type { TaikoConfig } from '../../src/l2/taiko/config.ts';
import type { LineaConfig } from '../../src/l2/linea/config.ts';
import { PROVED_TOPIC } from '../../src/l2/taiko/follow.ts';
import { encodeSuperRoot } from '../../src/l2/op-stack/super-root.ts';
import { OP_SEPOLIA, zkDisputeGame } from '../../src/l2/op-stack/networks.ts';
import { encodeAbi } from '../../src/execution/abi.ts';
import { SP1_SHIPPED_RELEASES } from '../../src/zk/sp1-shipped.ts';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { SHIPPED_BATCHERS } from '../../src/l2/data/batchers.ts';
import { SEQUENCER_BATCH_DELIVERED } from '../../src/l2/data/arbitrum.ts';
import { LINEA_DATA_SUBMITTED_V3, SCROLL_COMMIT_BATCH, TAIKO_PROPOSED } from '../../src/l2/data/commits.ts';
import { type TierVerdict, tierJson } from '../../src/l2/tier.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, storageKey } from '../../src/l2/slots.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../src/proofs/constants.ts';
import { AccountsSpec, buildWorld, L1_HEAD_NUMBER, L1_SENDER, L1_HEAD_TIME, L1_SECONDS_PER_BLOCK, type L1Chain, l1Chain, l1Responder, l2Responder, type Responder, RpcFault, type World } from './rpc-world.ts';

export interface RollupWorld {
  /** The shipped config's name (`--rollup-config`). */
  name: string;
  l1: Responder;
  l2: Responder;
  /** The L1 head as eth_getBlockByNumber prints it (`--header`). */
  head: Record<string, unknown>;
  /** The L2 account asked for. */
  address: string;
  /** What `vigil l2-balance` prints for it. */
  expected: Record<string, unknown>;
}

/** The L2 account every world proves: 1.5 ether, nonce 7. */
export const L2_ADDRESS = '0x8d12a197cb00d4747a1fe03395095ce2a5cc6819';
export const L2_BALANCE = 1_500_000_000_000_000_000n;
export const L2_NONCE = 7n;

const word = (x: bigint, n = 32) => bigIntToBytesPadded(x, n);
const asBig = (hex: string) => BigInt(hex);
export const tag = (text: string) => keccak256(new TextEncoder().encode(text));
/** `value` at byte `offset` of a storage word (Solidity packs from the least significant byte). */
export const at = (value: bigint, offset: number) => value << BigInt(8 * offset);

/** An L2 state's accounts: `owner` (1.5 ether, nonce 7) beside a contract with storage (so the trie branches), plus `extra`'s. */
export function l2Accounts(owner: string, extra: AccountsSpec = new AccountsSpec()): AccountsSpec {
  return extra
    .account(owner, { balance: L2_BALANCE, nonce: L2_NONCE })
    .code('0x4200000000000000000000000000000000000006', hexToBytes('0x6080604052'))
    .slot('0x4200000000000000000000000000000000000006', storageKey({ slot: 3n }), 12345n);
}

/**
 * What a world is made of before its L1 state is built: the parsed config, L1 accounts, the
 * chain's shape, the L2 (its accounts, state, headers), and what l2-balance must print of it.
 * The exit worlds (test/support/exit-*.ts) start from these and move them.
 */
export interface RollupParts<C> {
  name: string;
  config: C;
  owner: string;
  l1: AccountsSpec;
  chain: Parameters<typeof l1Chain>[1];
  l2: { accounts: AccountsSpec; state: World; headers: BlockHeader[]; tags?: Record<string, BlockHeader> };
  accepted: Parameters<typeof expected>[2];
}

/** An L2 header over `stateRoot`; forks' fields as the rollup's headers carry them. */
export function l2Header(number: bigint, stateRoot: Uint8Array, over: Partial<BlockHeader>): BlockHeader {
  return {
    parentHash: tag(`L2 block ${number - 1n}`),
    sha3Uncles: hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'),
    miner: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number,
    gasLimit: 60_000_000n,
    gasUsed: 0n,
    timestamp: L1_HEAD_TIME - 4000n,
    extraData: new Uint8Array(0),
    mixHash: tag(`L2 randao ${number}`),
    nonce: new Uint8Array(8),
    baseFeePerGas: 1_000_000n,
    ...over,
  };
}

function expected(
  config: { chainId: number },
  l2: World,
  o: { l2Block: bigint; status: string; acceptedAt: bigint; liveness?: string; provenance: string; tier: TierVerdict; currency?: string; data: Record<string, unknown> },
  head: L1Chain['head'],
  owner: string,
) {
  return {
    address: owner,
    balance: bigIntToHex(L2_BALANCE),
    nonce: bigIntToHex(L2_NONCE),
    codeHash: bytesToHex(EMPTY_CODE_HASH),
    storageHash: bytesToHex(EMPTY_TRIE_ROOT),
    l2ChainId: bigIntToHex(BigInt(config.chainId)),
    root: bigIntToHex(bytesToBigInt(l2.stateRoot)),
    l2Block: Number(o.l2Block),
    status: o.status,
    acceptedAt: Number(o.acceptedAt),
    liveness: o.liveness ?? 'healthy',
    proof: 'not-applicable',
    tier: tierJson(o.tier),
    currency: o.currency ?? 'ETH',
    provenance: o.provenance,
    data: o.data,
    l1: { blockNumber: Number(head.header.number), blockHash: bytesToHex(head.hash) },
  };
}

/** A versioned hash for a world's blob (EIP-4844 version 0x01). */
export const versionedHash = (text: string) => bytesToHex(concatBytes(Uint8Array.of(1), tag(text).subarray(1)));

/**
 * What l2-balance prints as `data` for a world: where, which batch, how it was tied and the L1
 * block exactly; the transaction, the facts checked and the words by their shape.
 */
export function dataExpected(o: { where: string; batch: string; tie: 'root' | 'recent'; block?: bigint; versionedHashes?: string[]; layer?: string; words: RegExp; scope: RegExp }): Record<string, unknown> {
  return {
    where: o.where,
    batch: o.batch,
    tie: o.tie,
    l1: o.block === undefined ? null : { tx: expect.stringMatching(/^0x[0-9a-f]{64}$/), block: Number(o.block) },
    ...(o.versionedHashes !== undefined ? { versionedHashes: o.versionedHashes } : {}),
    ...(o.layer !== undefined ? { layer: o.layer } : {}),
    checked: o.block === undefined ? expect.any(Array) : expect.arrayContaining([expect.stringContaining(`block ${o.block}`)]),
    words: expect.stringMatching(o.words),
    scope: expect.stringMatching(o.scope),
  };
}

/**
 * OP Stack and OP Succinct worlds: the chain's SystemConfig names the world's sender as its batcher
 * (`batcherHash`, slot 103; the batch inbox at its slot where the release has one), and the
 * batcher posted `kind` to the inbox `number` blocks below the head: in blobs, calldata frames
 * (version byte 0x00) or an EigenDA commitment (0x01 0x01 0x00: calldata-looking, off Ethereum).
 */
function batcherPosting(chainId: number, l1: AccountsSpec, kind: 'blobs' | 'calldata' | 'eigenda', number: bigint): { event: { number: bigint; to: string; logs: never[]; data: Uint8Array; blobs?: string[] }; data: Record<string, unknown> } {
  const facts = SHIPPED_BATCHERS[chainId]!;
  const sc = facts.systemConfig!;
  l1.slot(sc.address, storageKey({ slot: sc.batcherHashSlot }), asBig(L1_SENDER));
  if (sc.batchInboxSlot !== undefined) l1.slot(sc.address, sc.batchInboxSlot, asBig(facts.inbox));
  const blobs = [versionedHash(`${chainId} frames`)];
  const input = kind === 'calldata' ? '0x00' + 'ab'.repeat(64) : kind === 'eigenda' ? '0x010100' + 'e1'.repeat(64) : '0x';
  const scope = /the batcher's newest postings in L1 blocks \d+–\d+, not the data behind this root/;
  const data =
    kind === 'blobs'
      ? dataExpected({ where: 'blobs', batch: 'posting', tie: 'recent', block: number, versionedHashes: blobs, words: /^data in Ethereum blobs: 1 versioned hash /, scope })
      : kind === 'calldata'
        ? dataExpected({ where: 'calldata', batch: 'posting', tie: 'recent', block: number, words: /^data in Ethereum calldata .*anyone can rebuild/, scope })
        : dataExpected({ where: 'off-ethereum', batch: 'posting', tie: 'recent', block: number, layer: 'EigenDA', words: /^data off Ethereum \(EigenDA\).*Ethereum alone cannot rebuild this rollup's state; a forced exit depends on it$/, scope });
  return { event: { number, to: facts.inbox, logs: [], data: hexToBytes(input), ...(kind === 'blobs' ? { blobs } : {}) }, data };
}
/** What each shipped OP chain's world posted last. */
const OP_POSTINGS: Record<string, 'blobs' | 'calldata' | 'eigenda'> = { 'op-mainnet': 'calldata', 'op-sepolia': 'eigenda', base: 'blobs', 'base-sepolia': 'blobs' };

/** A world from its parts (a test may change the parts first: another respected game type, a pin). */
export async function finish(p: RollupParts<{ chainId: number }>): Promise<RollupWorld> {
  const state = await buildWorld(p.l1.accounts);
  const chain = l1Chain(state.stateRoot, p.chain);
  return {
    name: p.name,
    l1: l1Responder(state, chain),
    l2: l2Responder(p.l2.state, p.l2.headers, p.l2.tags),
    head: headerToJson(chain.head.header, chain.head.hash),
    address: p.owner,
    expected: expected(p.config, p.l2.state, p.accepted, chain.head, p.owner),
  };
}

// ---- OP Stack -------------------------------------------------------------------------------

/**
 * The solady clone-with-immutable-args runtime around `args` (solady src/utils/LibClone.sol @
 * 502cc1ea718e6fa73b380635ee0868b0740595f0, `clone(address, bytes)`): its 0x62-byte prologue
 * (receive() emits ReceiveETH(uint256); the extra length is args + 2), the args, their length again.
 */
export function cloneWithArgs(implementation: string, args: Uint8Array): Uint8Array {
  const extra = Uint8Array.of((args.length + 2) >> 8, (args.length + 2) & 0xff);
  return concatBytes(
    hexToBytes('0x36602c57343d527f'),
    tag('ReceiveETH(uint256)'),
    hexToBytes('0x593da1005b363d3d373d3d3d3d61'),
    extra,
    hexToBytes('0x806062363936013d73'),
    hexToBytes(implementation, 20),
    hexToBytes('0x5af43d3d93803e606057fd5bf3'),
    args,
    extra,
  );
}

/** GameStatus (optimism src/dispute/lib/Types.sol). */
export const IN_PROGRESS = 0n;
export const DEFENDER_WINS = 2n;

export interface GameSpec {
  proxy: string;
  /** The chain's output root: the root claim of an output-root game; a super-root game claims the hash of a one-chain super root holding it. */
  rootClaim: Uint8Array;
  /** The chain's L2 block (a super-root game names it by its timestamp: see superTimeOf). */
  l2BlockNumber: bigint;
  /** The game type (its newest implementation in the config); the respected type by default. */
  gameType?: number;
  createdAt: bigint;
  resolvedAt: bigint;
  status: bigint;
}

/**
 * A game proxy of the newest implementation the config knows for the respected game type: its
 * code (that implementation's args layout; an AggregateVerifier's last intermediate root is the
 * claim) and its storage by that implementation's map (created while its type was respected; an
 * AggregateVerifier with one proof standing, none countered).
 */
export function placeGame(c: OpStackConfig, l1: AccountsSpec, g: GameSpec): void {
  const impl = c.games.filter((x) => x.gameType === (g.gameType ?? c.respectedGameType)).at(-1)!;
  const { layout, storage: gs } = impl;
  let args: Uint8Array;
  if (layout.superRoot !== undefined) {
    // A super-root game (SuperFaultDisputeGame, ZKDisputeGame): the one-chain preimage after the
    // fixed head (its type, a root parent index), the implementation args after it; it claims the preimage's hash.
    const preimage = encodeSuperRoot({ timestamp: superTimeOf(c, g.l2BlockNumber), entries: [{ chainId: BigInt(c.chainId), outputRoot: g.rootClaim }] });
    const head = new Uint8Array(layout.superRoot).fill(0x5a);
    head.set(keccak256(preimage), layout.rootClaim);
    head.set(word(BigInt(impl.gameType), 4), layout.gameType!);
    if (layout.parentIndex !== undefined) head.set(word(0xffffffffn, 4), layout.parentIndex);
    args = concatBytes(head, preimage, new Uint8Array(layout.implArgsLength!).fill(0x3c));
  } else {
    args = new Uint8Array(layout.argsLength).fill(0x5a);
    args.set(g.rootClaim, layout.rootClaim);
    args.set(word(g.l2BlockNumber), layout.l2BlockNumber!);
    if (layout.gameType !== undefined) args.set(word(BigInt(impl.gameType), 4), layout.gameType);
    if (layout.l2ChainId !== undefined) args.set(word(BigInt(c.chainId)), layout.l2ChainId);
    if (layout.intermediateRoots !== undefined) args.set(g.rootClaim, layout.argsLength - 32);
  }
  l1.code(g.proxy, cloneWithArgs(impl.implementation, args));
  const respected = gs.wasRespectedGameTypeWhenCreatedOffset === undefined ? 0n : at(1n, gs.wasRespectedGameTypeWhenCreatedOffset);
  l1.slot(g.proxy, storageKey({ slot: gs.slot }), at(g.createdAt, gs.createdAtOffset) | at(g.resolvedAt, gs.resolvedAtOffset) | at(g.status, gs.statusOffset) | respected);
  if (impl.wasRespectedGameTypeWhenCreatedSlot !== undefined) l1.slot(g.proxy, storageKey({ slot: impl.wasRespectedGameTypeWhenCreatedSlot }), at(1n, impl.wasRespectedGameTypeWhenCreatedOffset ?? 0));
  const a = impl.aggregate;
  if (a !== undefined) {
    l1.slot(g.proxy, storageKey({ slot: a.proofsSlot }), at(g.createdAt + 5n * 86_400n, a.expectedResolutionOffset) | at(1n, a.proofCountOffset));
    // Its one proof: the creator's TEE proof (proofTypeToProver[TEE], mapping slot 6; base/contracts snapshots/storageLayout/AggregateVerifier.json).
    l1.slot(g.proxy, mappingKey(6n, 0n), bytesToBigInt(args.subarray(0, 20)));
  }
}

/** The L2 time of block `n` of a chain whose config knows its genesis and block time (super roots name times, not blocks). */
export function l2TimeOf(c: OpStackConfig, n: bigint): bigint | undefined {
  return c.superRoots === undefined ? undefined : superTimeOf(c, n);
}
/** The L2 time of block `n` under a super-root config's genesis and block time (what its games' preimages carry). */
export const superTimeOf = (c: OpStackConfig, n: bigint): bigint => c.superRoots!.l2GenesisTime + (n - c.superRoots!.l2GenesisBlock) * c.superRoots!.l2BlockTime;
/** Whether the games a config respects claim super roots. */
const respectsSuperRoots = (c: OpStackConfig): boolean => c.games.some((g) => g.gameType === c.respectedGameType && g.layout.superRoot !== undefined);

/** The proxies a config pins, running their pinned implementations (EIP-1967 slot). */
function placePins(c: OpStackConfig, l1: AccountsSpec): void {
  for (const proxy of [c.disputeGameFactory, c.anchorStateRegistry, c.optimismPortal]) {
    if (proxy.implementation !== undefined) l1.slot(proxy.address, EIP1967_IMPLEMENTATION_SLOT, asBig(proxy.implementation));
  }
  // The portal implementations an exit proves through: the first (Base pins the same one twice).
  const portalImpl = c.optimismPortal.implementation ?? c.optimismPortal.implementations?.[0]?.address;
  if (portalImpl !== undefined) l1.slot(c.optimismPortal.address, EIP1967_IMPLEMENTATION_SLOT, asBig(portalImpl));
}

/** keccak256(version 0 ‖ stateRoot ‖ messagePasserStorageRoot ‖ blockHash) (optimism Hashing.hashOutputRootProof, OutputRootProof version 0). */
export const outputRootOf = (h: BlockHeader) => keccak256(concatBytes(new Uint8Array(32), h.stateRoot, h.withdrawalsRoot!, headerHash(h)));

/**
 * An OP Stack chain (OP Mainnet's fault games, Base's AggregateVerifier games): the anchor game (DEFENDER_WINS, resolved past the finality delay) claims
 * an Isthmus L2 header's output root; a newer game, an hour old, is in progress (the liveness).
 */
export async function opStackWorld(name = 'op-mainnet'): Promise<RollupWorld> {
  return finish(await opStackParts(name));
}

/**
 * A config of OP Sepolia whose registry respects ZKDisputeGame (type 10) games, pinning one at
 * `implementation`: no shipped network lists a ZK game (none is deployed where a shipped config
 * points), so this config is the user's file, and its world tests the adapter's type-10 path.
 */
export function opSepoliaZkConfig(implementation = '0x' + '2b'.repeat(20)): Record<string, unknown> {
  return { ...OP_SEPOLIA, name: 'OP Sepolia (ZK games)', respectedGameType: 10, games: [...OP_SEPOLIA.games, zkDisputeGame(implementation)] };
}

/** {@link opStackWorld} of {@link opSepoliaZkConfig}: its anchor and newest games ZKDisputeGames. */
export async function opStackZkWorld(): Promise<RollupWorld> {
  return finish(await opStackParts('op-sepolia', L2_ADDRESS, opSepoliaZkConfig()));
}

/** The message passer (its storage root is an Isthmus header's withdrawalsRoot). */
export const MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';

/** An Isthmus L2 header over `state`: withdrawalsRoot is the message passer's storage root; no withdrawals, no blobs, no requests. */
export async function opL2Header(number: bigint, state: World, over: Partial<BlockHeader> = {}): Promise<BlockHeader> {
  const passerRoot = hexToBytes(((await state.getProof(MESSAGE_PASSER, [])) as { storageHash: string }).storageHash);
  return l2Header(number, state.stateRoot, {
    withdrawalsRoot: passerRoot,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: tag('beacon'),
    requestsHash: hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    ...over,
  });
}

/** {@link opStackWorld}'s parts, `owner` the L2 account (and the exit's). */
export async function opStackParts(name = 'op-mainnet', owner = L2_ADDRESS, configJson?: unknown, o: { respected?: number } = {}): Promise<RollupParts<OpStackConfig> & { games: GameSpec[] }> {
  const shipped = parseRollup(configJson ?? requireKnownRollup(name)).config as OpStackConfig;
  // `respected`: the registry respects another type the config knows at first (before a switch, e.g. to super roots).
  const c: OpStackConfig = o.respected === undefined ? shipped : { ...shipped, respectedGameType: o.respected };
  const passer = MESSAGE_PASSER;
  // One withdrawal sent before, and the message passer's nonce counting 41 (msgNonce, slot 1).
  const accounts = l2Accounts(owner, new AccountsSpec().code(passer, hexToBytes('0x60806040')).slot(passer, mappingKey(0n, asBig(bytesToHex(tag('withdrawal 1')))), 1n).slot(passer, storageKey({ slot: 1n }), 41n));
  const l2 = await buildWorld(accounts.accounts);
  // A super-root chain (OP Sepolia, type 9) names its block by time: a block ten days before the L1 head, its header of that time.
  const superRoots = respectsSuperRoots(c);
  const l2Block = superRoots ? c.superRoots!.l2GenesisBlock + (L1_HEAD_TIME - 10n * 86_400n - c.superRoots!.l2GenesisTime) / c.superRoots!.l2BlockTime : 142_000_000n;
  const header = await opL2Header(l2Block, l2, superRoots ? { timestamp: superTimeOf(c, l2Block) } : {});
  const delay = BigInt(c.delays.disputeGameFinalityDelaySeconds);
  const resolvedAt = L1_HEAD_TIME - delay - 3600n;
  const anchor: GameSpec = { proxy: '0x' + '61'.repeat(20), rootClaim: outputRootOf(header), l2BlockNumber: l2Block, createdAt: resolvedAt - delay - 600n, resolvedAt, status: DEFENDER_WINS };
  const newest: GameSpec = { proxy: '0x' + '62'.repeat(20), rootClaim: tag('a later claim'), l2BlockNumber: l2Block + 600_000n, createdAt: L1_HEAD_TIME - 3600n, resolvedAt: 0n, status: IN_PROGRESS };

  const l1 = new AccountsSpec();
  placePins(c, l1);
  const f = c.disputeGameFactory;
  const games = [anchor, newest];
  l1.slot(f.address, storageKey({ slot: f.disputeGameListSlot }), BigInt(games.length));
  games.forEach((g, i) => {
    // LibGameId.pack: gameType (32 bits) ‖ timestamp (64) ‖ proxy (160).
    l1.slot(f.address, arrayElementKey(f.disputeGameListSlot, BigInt(i)), (BigInt(c.respectedGameType) << 224n) | (g.createdAt << 160n) | asBig(g.proxy));
    placeGame(c, l1, g);
  });
  const posting = batcherPosting(shipped.chainId, l1, OP_POSTINGS[name] ?? 'blobs', L1_HEAD_NUMBER - 3n);
  const asr = c.anchorStateRegistry;
  // Base: its games' one proof is their creator's TEE proof (no ZK prover): "TEE only", from storage alone.
  const aggregate = c.games.find((x) => x.gameType === c.respectedGameType)?.kind === 'aggregate-verifier';
  l1.slot(asr.address, storageKey({ slot: asr.anchorGameSlot }), asBig(anchor.proxy));
  l1.slot(asr.address, storageKey({ slot: asr.respectedGameTypeSlot }), at(BigInt(c.respectedGameType), asr.respectedGameTypeOffset) | at(L1_HEAD_TIME - 400n * 86_400n, asr.retirementTimestampOffset));
  return {
    name,
    config: shipped,
    owner,
    l1,
    chain: { depth: 20, events: [posting.event] },
    l2: { accounts, state: l2, headers: [header] },
    accepted: {
      data: posting.data,
      l2Block,
      status: 'finalized',
      acceptedAt: resolvedAt,
      provenance: `output root of a dispute game L1 resolved for its defender and finalized (L2 block ${l2Block}), checked against the L2 header here`,
      tier: aggregate ? { tier: 'tee', reason: `game ${anchor.proxy} carries only its TEE proof (no ZK proof: zkProver() is 0)` } : { tier: 'optimistic-final' },
    },
    games,
  };
}

// ---- Arbitrum --------------------------------------------------------------------------------

/** AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot) (nitro-contracts src/rollup/IRollupCore.sol). */
export const ASSERTION_CONFIRMED = tag('AssertionConfirmed(bytes32,bytes32,bytes32)');

/**
 * An AssertionNode word (nitro-contracts src/rollup/Assertion.sol: uint64 firstChildBlock,
 * uint64 secondChildBlock, uint64 createdAtBlock, bool isFirstChild, AssertionStatus status
 * (Confirmed = 2), packed from the least significant byte).
 */
export const confirmedNode = (createdAtBlock: bigint) => at(createdAtBlock, 16) | at(1n, 24) | at(2n, 25);

/**
 * A Nitro L2 header: difficulty 1, extraData the send root, mixHash sendCount ‖ L1 block ‖ ArbOS
 * version (go-ethereum core/types/arb_types.go), nonce the delayed messages read (nitro
 * arbos/block_processor.go).
 */
export function nitroHeader(number: bigint, stateRoot: Uint8Array, o: { sendRoot: Uint8Array; sendCount: bigint; l1Block: bigint; delayedRead: bigint; timestamp?: bigint }): BlockHeader {
  const mixHash = concatBytes(word(o.sendCount, 8), word(o.l1Block, 8), word(40n, 8), new Uint8Array(8));
  return l2Header(number, stateRoot, { difficulty: 1n, extraData: o.sendRoot, mixHash, nonce: word(o.delayedRead, 8), baseFeePerGas: 10_000_000n, ...(o.timestamp !== undefined ? { timestamp: o.timestamp } : {}) });
}

/**
 * Arbitrum One: the latest confirmed assertion (created ~6.4 days of blocks ago) and its
 * AssertionConfirmed log ten blocks below the head name a Nitro L2 header whose send root the
 * Outbox maps to that header's hash.
 */
export async function arbitrumWorld(name = 'arbitrum-one'): Promise<RollupWorld> {
  return finish(await arbitrumParts(name));
}

/** {@link arbitrumWorld}'s parts, `owner` the L2 account (and the exit's). */
export async function arbitrumParts(name = 'arbitrum-one', owner = L2_ADDRESS): Promise<RollupParts<ArbitrumConfig> & { assertion: Uint8Array; sendRoot: Uint8Array }> {
  const c = parseRollup(requireKnownRollup(name)).config as ArbitrumConfig;
  const accounts = l2Accounts(owner);
  const l2 = await buildWorld(accounts.accounts);
  const l2Block = 390_123_456n;
  const sendRoot = tag('send root');
  const header = nitroHeader(l2Block, l2.stateRoot, { sendRoot, sendCount: 2_000_000n, l1Block: L1_HEAD_NUMBER - 20n, delayedRead: 1_900_000n });
  const l2Hash = headerHash(header);
  const assertion = tag('assertion');

  const k = c.contracts;
  const l1 = new AccountsSpec();
  const impl = (address: string, pinned: readonly string[], slot = c.implementationSlot) => l1.slot(address, slot, asBig(pinned[0]!));
  impl(k.rollup, c.implementations.rollupAdmin);
  impl(k.rollup, c.implementations.rollupUser, c.secondaryImplementationSlot);
  l1.slot(k.rollup, storageKey({ slot: c.slots.rollupLatestConfirmed }), bytesToBigInt(assertion));
  l1.slot(k.rollup, mappingKey(c.slots.rollupAssertions, bytesToBigInt(assertion)), confirmedNode(L1_HEAD_NUMBER - 46_000n));
  impl(k.outbox, c.implementations.outbox);
  l1.slot(k.outbox, storageKey({ slot: c.slots.outboxRollup }), asBig(k.rollup));
  l1.slot(k.outbox, mappingKey(c.slots.outboxRoots, bytesToBigInt(sendRoot)), bytesToBigInt(l2Hash));
  impl(k.bridge, c.implementations.bridge);
  l1.slot(k.bridge, storageKey({ slot: c.slots.bridgeDelayedInboxAccs }), 1_900_000n);
  impl(k.sequencerInbox, c.implementations.sequencerInbox);
  l1.slot(k.sequencerInbox, storageKey({ slot: c.slots.sequencerInboxTotalDelayedMessagesRead }), 1_900_000n);
  l1.slot(k.sequencerInbox, storageKey({ slot: c.slots.sequencerInboxBridge }), asBig(k.bridge));

  const log = { address: hexToBytes(k.rollup), topics: [ASSERTION_CONFIRMED, assertion], data: concatBytes(l2Hash, sendRoot) };
  // Deep enough for the first window of eth_getLogs the follower walks back from the head (1024 blocks).
  // The newest batch the SequencerInbox delivered, in blobs (dataLocation Blob = 3; nitro-contracts IBridge.sol).
  const seq = 1_000_001n;
  const delivered = {
    address: hexToBytes(k.sequencerInbox),
    topics: [hexToBytes(SEQUENCER_BATCH_DELIVERED), word(seq), tag('before acc'), tag('after acc')],
    data: encodeAbi(['bytes32', 'uint256', 'uint64', 'uint64', 'uint64', 'uint64', 'uint8'], [tag('delayed acc'), 1_900_000n, 1n, 2n, 3n, 4n, 3n]),
  };
  const blobs = [versionedHash('arbitrum blob 0'), versionedHash('arbitrum blob 1')];
  const batchBlock = L1_HEAD_NUMBER - 30n;
  const chain = {
    depth: 1023,
    event: { number: L1_HEAD_NUMBER - 10n, to: k.rollup, logs: [log] },
    events: [{ number: batchBlock, to: k.sequencerInbox, logs: [delivered], data: hexToBytes('0x3e5aa082'), blobs }],
  };
  return {
    name,
    config: c,
    owner,
    l1,
    chain,
    l2: { accounts, state: l2, headers: [header] },
    accepted: {
      l2Block,
      status: 'finalized',
      acceptedAt: header.timestamp,
      provenance: `send root of the newest assertion L1 confirmed (L2 block ${l2Block}), its L2 header checked against it here`,
      tier: { tier: 'optimistic-final' },
      data: dataExpected({ where: 'blobs', batch: `batch ${seq}`, tie: 'recent', block: batchBlock, versionedHashes: blobs, words: /^data in Ethereum blobs: 2 versioned hashes/, scope: /ties the sequencer's newest batch, not the data behind this root/ }),
    },
    assertion,
    sendRoot,
  };
}

// ---- Scroll ----------------------------------------------------------------------------------

/**
 * Scroll: the last finalized batch (half an hour ago, after Euclid) maps to the L2 state root in
 * `finalizedStateRoots`; one L1 message waits, ten minutes old. The L2 RPC's `finalized` block is
 * at that root.
 */
export async function scrollWorld(name = 'scroll', route: 'unregistered' | 'feynman' = 'unregistered'): Promise<RollupWorld> {
  return finish(await scrollParts(name, L2_ADDRESS, route));
}

/**
 * {@link scrollWorld}'s parts, `owner` the L2 account (and the exit's). The last bundle's finalize
 * transaction sits in the L1 block of its time, the FinalizeBatch before it 300 blocks earlier,
 * and ScrollChain's implementation carries the pinned router: with `route` 'unregistered' the
 * router holds no verifier for the bundle's version (its proof is then L1's word, said so); with
 * 'feynman' the whole route is laid out, a PostFeynman wrapper in front of the pinned Feynman
 * plonk verifier, and the proof (a real Feynman bundle proof, of another bundle) fails here.
 */
export async function scrollParts(name = 'scroll', owner = L2_ADDRESS, route: 'unregistered' | 'feynman' = 'unregistered'): Promise<RollupParts<ScrollConfig> & { batch: bigint }> {
  const c = parseRollup(requireKnownRollup(name)).config as ScrollConfig;
  // L2MessageQueue (0x5300…00) has counted five L2→L1 messages (nextMessageIndex, slot 1).
  const accounts = l2Accounts(owner, new AccountsSpec().code('0x5300000000000000000000000000000000000000', hexToBytes('0x6080604052')).slot('0x5300000000000000000000000000000000000000', storageKey({ slot: 1n }), 5n));
  const l2 = await buildWorld(accounts.accounts);
  const batch = 480_321n;
  const finalizedAt = L1_HEAD_TIME - 1800n;
  const s = c.slots;
  const m = s.miscData;
  const l1 = new AccountsSpec();
  const chainAddress = c.contracts.scrollChain.address;
  for (const proxy of [c.contracts.scrollChain, c.contracts.messageQueue, c.contracts.systemConfig]) l1.slot(proxy.address, s.implementation, asBig(proxy.implementations[0]!));
  l1.slot(chainAddress, storageKey({ slot: s.scrollChain.miscData }), at(batch + 4n, m.lastCommittedBatchIndex.offset) | at(batch, m.lastFinalizedBatchIndex.offset) | at(finalizedAt, m.lastFinalizeTimestamp.offset));
  l1.slot(chainAddress, storageKey({ slot: s.scrollChain.initialEuclidBatchIndex }), batch - 20_000n);
  l1.slot(chainAddress, storageKey({ mapping: s.scrollChain.finalizedStateRoots, key: batch }), bytesToBigInt(l2.stateRoot));
  const q = s.messageQueue;
  const queue = c.contracts.messageQueue.address;
  l1.slot(queue, storageKey({ slot: q.nextUnfinalizedQueueIndex }), 1_000_000n);
  l1.slot(queue, storageKey({ slot: q.nextCrossDomainMessageIndex }), 1_000_001n);
  // A rolling hash whose low bits hold the enqueue time (L1MessageQueueV2._encodeRollingHash).
  const rolling = (bytesToBigInt(tag('rolling hash')) >> BigInt(8 * q.enqueueTime.bytes)) << BigInt(8 * q.enqueueTime.bytes);
  l1.slot(queue, storageKey({ mapping: q.messageRollingHashes, key: 1_000_000n }), rolling | at(L1_HEAD_TIME - 600n, q.enqueueTime.offset));
  const sc = s.systemConfig;
  l1.slot(c.contracts.systemConfig.address, storageKey({ slot: sc.enforcedBatchParameters }), at(7n * 86_400n, sc.maxDelayEnterEnforcedMode.offset) | at(86_400n, sc.maxDelayMessageQueue.offset));
  const header = l2Header(22_000_000n, l2.stateRoot, {});
  const proofs = c.proofs!;
  // The bundle's batch header (codec v8) and what ScrollChain keeps of it; its implementation carries the router (PUSH32).
  const batchHeader = concatBytes(Uint8Array.of(8), word(batch, 8), tag('blob'), tag('parent batch'));
  l1.slot(chainAddress, storageKey({ mapping: proofs.committedBatchesSlot, key: batch }), bytesToBigInt(keccak256(batchHeader)));
  l1.code(c.contracts.scrollChain.implementations[0]!, concatBytes(Uint8Array.of(0x7f), word(asBig(proofs.router)), Uint8Array.of(0x50, 0x00)));
  l1.slot(queue, storageKey({ mapping: q.messageRollingHashes, key: 999_999n }), rolling | at(L1_HEAD_TIME - 700n, q.enqueueTime.offset));
  const feynmanProof = JSON.parse(readFileSync(new URL('../fixtures/verifier-contracts/scroll-openvm/bundle-proof-feynman.json', import.meta.url), 'utf8')) as { proof: string; instances: string };
  const instances = new Uint8Array(Buffer.from(feynmanProof.instances, 'base64'));
  const aggrProof = concatBytes(instances.subarray(0, 0x180), new Uint8Array(Buffer.from(feynmanProof.proof, 'base64')));
  if (route === 'feynman') {
    const { deployedCode } = await import('../unit/zk/solidity-evm.ts');
    const dir = new URL('../fixtures/verifier-contracts/scroll-openvm/', import.meta.url);
    const sol = (f: string) => readFileSync(new URL(f, dir), 'utf8');
    const [wrapper, plonk] = ['0x' + 'a8'.repeat(20), '0x' + '39'.repeat(20)];
    const args = encodeAbi(['address', 'bytes32', 'bytes32', 'uint256'], [plonk, instances.subarray(0x180, 0x1a0), instances.subarray(0x1a0, 0x1c0), 8n]);
    l1.code(wrapper, await deployedCode({ 'ZkEvmVerifierPostFeynman.sol': sol('ZkEvmVerifierPostFeynman.sol'), 'IZkEvmVerifier.sol': sol('IZkEvmVerifier.sol') }, 'ZkEvmVerifierPostFeynman.sol', 'ZkEvmVerifierPostFeynman', args));
    l1.code(plonk, await runtimeOf(new Uint8Array(readFileSync(new URL('verifier-feynman.bin', dir)))));
    l1.slot(proofs.router, storageKey({ mapping: proofs.latestVerifierSlot, key: 8n }), (asBig(wrapper) << 64n) | 400_000n);
  }
  const finalizeBatch = (index: bigint, hash: bigint, root: bigint) => ({
    address: hexToBytes(chainAddress),
    topics: [tag('FinalizeBatch(uint256,bytes32,bytes32,bytes32)'), word(index), word(hash)],
    data: concatBytes(word(root), word(0n)),
  });
  const finalizeCall = concatBytes(hexToBytes('0xc1aa4e19'), encodeAbi(['bytes', 'uint256', 'bytes32', 'bytes32', 'bytes'], [batchHeader, 1_000_000n, l2.stateRoot, word(0n), aggrProof]));
  const finalizedBlock = L1_HEAD_NUMBER - 150n;
  // The batch was committed with the one before it, one blob each (codec v7: blobhash(i) for the i-th batch).
  const commitBlock = finalizedBlock - 450n;
  const commitBatch = (index: bigint) => ({ address: hexToBytes(chainAddress), topics: [hexToBytes(SCROLL_COMMIT_BATCH), word(index), tag(`batch hash ${index}`)], data: new Uint8Array() });
  const blobs = [versionedHash('scroll blob of the batch before'), versionedHash('scroll blob of the batch')];
  return {
    name,
    config: c,
    owner,
    l1,
    chain: {
      depth: 1200,
      events: [
        { number: commitBlock, to: chainAddress, logs: [commitBatch(batch - 1n), commitBatch(batch)], data: hexToBytes('0x9bbaa2ba'), blobs },
        { number: finalizedBlock - 300n, to: chainAddress, logs: [finalizeBatch(batch - 3n, bytesToBigInt(tag('batch before')), bytesToBigInt(tag('root before')))] },
        { number: finalizedBlock, to: chainAddress, logs: [finalizeBatch(batch, bytesToBigInt(keccak256(batchHeader)), bytesToBigInt(l2.stateRoot))], data: finalizeCall },
      ],
    },
    l2: { accounts, state: l2, headers: [header], tags: { finalized: header } },
    accepted: {
      l2Block: batch,
      status: 'finalized',
      acceptedAt: finalizedAt,
      provenance: `root accepted by ScrollChain's L1 verifier (router ${proofs.router}); its bundle proof is re-verified here when the plonk verifier it routes to is one this config pins (the tier says whether it was)`,
      tier: { tier: 'l1-verifier', reason: `batch ${batch}'s bundle proof: the router has no verifier for version 8` },
      data: dataExpected({ where: 'blobs', batch: `batch ${batch}`, tie: 'root', block: commitBlock, versionedHashes: [blobs[1]!], words: /^data in Ethereum blobs: 1 versioned hash /, scope: /last finalized batch/ }),
    },
    batch,
  };
}

/** The runtime code `creation` leaves when deployed on a bare EVM. */
async function runtimeOf(creation: Uint8Array): Promise<Uint8Array> {
  const { createEVM } = await import('@ethereumjs/evm');
  const { Address } = await import('@ethereumjs/util');
  const evm = await createEVM();
  const r = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(0xaa)), data: creation, gasLimit: 30_000_000n });
  if (!r.createdAddress) throw new Error('deployment failed');
  return evm.stateManager.getCode(r.createdAddress);
}

// ---- OP Succinct ----------------------------------------------------------------------------

/** OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp) (OPSuccinctL2OutputOracle). */
export const OUTPUT_PROPOSED = tag('OutputProposed(bytes32,uint256,uint256,uint256)');

/**
 * SP1's real v6.0.0 PLONK proof of its Fibonacci template (test/fixtures/sp1), relabelled as a
 * v6.1.0 proof (selector and vk root): it parses, carries the right header words, and fails the
 * pairing check, as a forged proof would.
 */
function relabelledPlonkProof(): Uint8Array {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/sp1/v6.0.0/fibonacci-plonk-fixture.json', import.meta.url), 'utf8')) as { proof: string };
  const proof = hexToBytes(fixture.proof);
  const release = SP1_SHIPPED_RELEASES['plonk-v6.1.0']!;
  proof.set(hexToBytes(release.selector), 0);
  proof.set(hexToBytes(release.vkRoot!), 4 + 32);
  return proof;
}

/**
 * An OP Succinct chain (Mantle's shipped config, oracle layout v2): two outputs, the newest two
 * minutes old (its finalization period of 12 h still running) over an Isthmus L2 header of the
 * account's state, proposed by a transaction whose OutputProposed log sits in a verified L1 block.
 * `proposal`: through the optimistic entry point (no proof), or with an SP1 proof that does not verify.
 */
export async function opSuccinctWorld(name = 'mantle', proposal: 'optimistic' | 'proof' = 'optimistic'): Promise<RollupWorld> {
  return finish(await opSuccinctParts(name, L2_ADDRESS, proposal));
}

export async function opSuccinctParts(name = 'mantle', owner = L2_ADDRESS, proposal: 'optimistic' | 'proof' = 'optimistic'): Promise<RollupParts<OpSuccinctConfig>> {
  const c = parseRollup(requireKnownRollup(name)).config as OpSuccinctConfig;
  const passer = MESSAGE_PASSER;
  const accounts = l2Accounts(owner, new AccountsSpec().code(passer, hexToBytes('0x60806040')).slot(passer, storageKey({ slot: 1n }), 3n));
  const l2 = await buildWorld(accounts.accounts);
  const l2Block = 90_000_000n;
  const header = await opL2Header(l2Block, l2);
  const root = outputRootOf(header);
  const eventBlock = L1_HEAD_NUMBER - 10n;
  const proposedAt = L1_HEAD_TIME - 10n * L1_SECONDS_PER_BLOCK;
  const checkpointed = eventBlock - 5n;
  const period = 43_200n;

  const oracle = c.oracle.address;
  const l1 = new AccountsSpec();
  const outputs = [
    { root: tag('output 0'), timestamp: proposedAt - 3600n, l2Block: l2Block - 1800n },
    { root, timestamp: proposedAt, l2Block },
  ];
  l1.slot(oracle, storageKey({ slot: 3n }), BigInt(outputs.length));
  outputs.forEach((o, i) => {
    l1.slot(oracle, arrayElementKey(3n, 2n * BigInt(i)), bytesToBigInt(o.root));
    l1.slot(oracle, arrayElementKey(3n, 2n * BigInt(i) + 1n), o.timestamp | (o.l2Block << 128n));
  });
  l1.slot(oracle, storageKey({ slot: 8n }), period);
  // The keys (not pinned by the shipped config): an aggregation key below the scalar field, as SP1's are.
  l1.slot(oracle, storageKey({ slot: 9n }), bytesToBigInt(tag('aggregation vkey')) >> 8n);
  l1.slot(oracle, storageKey({ slot: 10n }), bytesToBigInt(tag('range vkey commitment')));
  l1.slot(oracle, storageKey({ slot: 12n }), bytesToBigInt(tag('rollup config hash')));
  l1.slot(oracle, storageKey({ slot: 11n }), asBig(c.verifier.address));
  l1.slot(oracle, mappingKey(15n, checkpointed), bytesToBigInt(tag('checkpointed L1 block')));
  if (c.oracle.implementation !== undefined) l1.slot(oracle, EIP1967_IMPLEMENTATION_SLOT, asBig(c.oracle.implementation));
  // SP1VerifierGateway.routes (slot 1): selector (left-aligned) ⇒ {verifier, frozen}.
  for (const pin of c.verifier.releases) l1.slot(c.verifier.address, mappingKey(1n, BigInt(SP1_SHIPPED_RELEASES[pin.id]!.selector) << 224n), asBig(pin.verifier));

  const data =
    proposal === 'optimistic'
      ? concatBytes(hexToBytes('0x9aaab648'), encodeAbi(['bytes32', 'uint256', 'bytes32', 'uint256'], [root, l2Block, tag('checkpointed L1 block'), checkpointed]))
      : concatBytes(hexToBytes('0x9ad84880'), encodeAbi(['bytes32', 'uint256', 'uint256', 'bytes'], [root, l2Block, checkpointed, relabelledPlonkProof()]));
  const log = { address: hexToBytes(oracle), topics: [OUTPUT_PROPOSED, root, word(1n), word(l2Block)], data: word(proposedAt) };
  const posting = batcherPosting(c.chainId, l1, 'blobs', L1_HEAD_NUMBER - 2n);
  return {
    name,
    config: c,
    owner,
    l1,
    chain: { depth: 40, event: { number: eventBlock, to: oracle, logs: [log], data }, events: [posting.event] },
    l2: { accounts, state: l2, headers: [header] },
    accepted: {
      l2Block,
      status: 'claimed',
      acceptedAt: proposedAt,
      provenance: `output root of L2 block ${l2Block} in Mantle's OP Succinct oracle, checked against the L2 header here; pins not confirmed from a primary source: ${c.unconfirmed.join(', ')}`,
      tier: { tier: 'optimistic-open', until: Number(proposedAt + period) },
      currency: 'MNT',
      data: { ...posting.data, scope: expect.stringMatching(/not the data behind this root\. Mantle posted its data to EigenDA until its Arsia upgrade/) },
    },
  };
}

// ---- Taiko -----------------------------------------------------------------------------------

/**
 * Taiko Alethia: the Inbox (its pinned implementation) finalized the L2 block of the account's
 * state 40 minutes ago; the SignalService holds that block's checkpoint.
 */
export async function taikoWorld(name = 'taiko', leg: 'sp1-unshipped' | 'risc0-forged' = 'sp1-unshipped'): Promise<RollupWorld> {
  return finish(await taikoParts(name, L2_ADDRESS, leg));
}

/**
 * The `prove(data, proof)` calldata of a finalization ending at `end`: LibCodec's packed commitment
 * (one transition) and the ComposeVerifier sub-proofs, an SGX-reth one and a ZK one. The ZK leg:
 * an SP1 proof of a release whose key Vigil does not ship (selector 0x63000000, standing for
 * SP1 6.3), or a RISC Zero v3.0 seal that fails the pairing check.
 */
export function taikoProveCalldata(c: TaikoConfig, end: { endBlockNumber: bigint; endStateRoot: Uint8Array; blockHash: Uint8Array }, leg: 'sp1-unshipped' | 'risc0-forged'): Uint8Array {
  const u48 = (x: bigint) => bigIntToBytesPadded(x, 6);
  const data = concatBytes(
    u48(8990n), tag('parent block'), tag('last proposal'), hexToBytes('0x' + 'ab'.repeat(20)), u48(end.endBlockNumber), end.endStateRoot,
    Uint8Array.of(0, 1), hexToBytes('0x' + 'cd'.repeat(20)), u48(L1_HEAD_TIME - 5000n), end.blockHash,
  );
  const zk =
    leg === 'sp1-unshipped'
      ? [6n, concatBytes(hexToBytes(c.zk.sp1ProgramVkeys[2]!), hexToBytes(c.zk.sp1ProgramVkeys[1]!), hexToBytes('0x63000000'), new Uint8Array(96).fill(7))]
      : [5n, encodeAbi(['bytes', 'bytes32', 'bytes32'], [concatBytes(hexToBytes('0x73c457ba'), relabelledRisc0Seal()), hexToBytes(c.zk.risc0ImageIds[0]!), hexToBytes(c.zk.risc0ImageIds[1]!)])];
  const proof = encodeAbi(['(uint8,bytes)[]'], [[[4n, new Uint8Array(89).fill(1)], zk]]);
  return concatBytes(hexToBytes('0xea191743'), encodeAbi(['bytes', 'bytes'], [data, proof]));
}

/** The 256 proof bytes of risc0-ethereum's real v3.0 test receipt (test/fixtures/risc0/TestReceiptV3_0.sol): valid points, a pairing that fails for another claim. */
function relabelledRisc0Seal(): Uint8Array {
  const source = readFileSync(new URL('../fixtures/risc0/TestReceiptV3_0.sol', import.meta.url), 'utf8');
  const seal = /hex"73c457ba([0-9a-f]{512})"/.exec(source);
  if (seal === null) throw new Error('no v3.0 seal in test/fixtures/risc0/TestReceiptV3_0.sol');
  return hexToBytes('0x' + seal[1]);
}

export async function taikoParts(name = 'taiko', owner = L2_ADDRESS, leg: 'sp1-unshipped' | 'risc0-forged' = 'sp1-unshipped'): Promise<RollupParts<TaikoConfig>> {
  const c = parseRollup(requireKnownRollup(name)).config as TaikoConfig;
  const accounts = l2Accounts(owner);
  const l2 = await buildWorld(accounts.accounts);
  const l2Block = 2_345_678n;
  const header = l2Header(l2Block, l2.stateRoot, { withdrawalsRoot: EMPTY_TRIE_ROOT, blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: tag('beacon') });
  const hash = headerHash(header);
  const provedBlock = L1_HEAD_NUMBER - 200n;
  const finalizedAt = L1_HEAD_TIME - 200n * L1_SECONDS_PER_BLOCK;
  const l1 = new AccountsSpec();
  const inbox = c.inbox.address;
  l1.slot(inbox, EIP1967_IMPLEMENTATION_SLOT, asBig(c.inbox.implementation));
  // CoreState: nextProposalId 9001, lastProposalBlockId, lastFinalizedProposalId 8990, lastFinalizedTimestamp, lastCheckpointTimestamp (6 bytes each), then the hash.
  l1.slot(inbox, storageKey({ slot: c.inbox.coreStateSlot }), at(9001n, 0) | at(L1_HEAD_NUMBER - 3n, 6) | at(8990n, 12) | at(finalizedAt, 18) | at(finalizedAt, 24));
  l1.slot(inbox, storageKey({ slot: c.inbox.coreStateSlot + 1n }), bytesToBigInt(hash));
  // SignalService._checkpoints[1][l2Block] = {blockHash, stateRoot}: keccak(l2Block ‖ keccak(1 ‖ 254)), then the next slot.
  const base = bytesToBigInt(keccak256(concatBytes(word(l2Block), keccak256(concatBytes(word(c.signalService.checkpointVersion), word(c.signalService.checkpointsSlot))))));
  l1.slot(c.signalService.address, bytesToHex(word(base)), bytesToBigInt(hash));
  l1.slot(c.signalService.address, bytesToHex(word(base + 1n)), bytesToBigInt(l2.stateRoot));
  const data = taikoProveCalldata(c, { endBlockNumber: l2Block, endStateRoot: l2.stateRoot, blockHash: hash }, leg);
  const proved = { address: hexToBytes(inbox), topics: [hexToBytes(PROVED_TOPIC), word(bytesToBigInt(tag('prover')) >> 96n)], data: concatBytes(word(8980n), word(8985n), word(8990n)) };
  // The finalized proposal 8990, proposed with two blobs of its own transaction (IInbox.Proposed, one regular source).
  const proposedBlock = L1_HEAD_NUMBER - 205n;
  const proposalBlobs = [versionedHash('taiko blob 0'), versionedHash('taiko blob 1')];
  const proposed = {
    address: hexToBytes(inbox),
    topics: [hexToBytes(TAIKO_PROPOSED), word(8990n), word(bytesToBigInt(tag('proposer')) >> 96n)],
    data: encodeAbi(['bytes32', 'uint48', 'uint8', '(bool,(bytes32[],uint24,uint48))[]'], [tag('parent proposal'), 1_700_000_000n, 75n, [[false, [proposalBlobs.map((h) => hexToBytes(h)), 0n, 1_700_000_000n]]]]),
  };
  return {
    name,
    config: c,
    owner,
    l1,
    chain: {
      // Deep enough for the first window of eth_getLogs the data rule walks back from the head (1024 blocks).
      depth: 1023,
      event: { number: provedBlock, to: inbox, logs: [proved], data },
      events: [{ number: proposedBlock, to: inbox, logs: [proposed], data: hexToBytes('0x9791e644'), blobs: proposalBlobs }],
    },
    l2: { accounts, state: l2, headers: [header] },
    accepted: {
      l2Block,
      status: 'finalized',
      acceptedAt: finalizedAt,
      provenance: `state root of L2 block ${l2Block}, finalized by Taiko Alethia's Inbox (pinned implementation ${c.inbox.implementation}) and checkpointed in its SignalService, checked against the L2 header here (${bigIntToHex(bytesToBigInt(l2.stateRoot))})`,
      tier: {
        tier: 'l1-verifier',
        reason: "finalization 8990's SP1 proof is of a release Vigil does not ship (selector 0x63000000; sp1-contracts d3629729 publishes none past v6.1.0)",
      },
      data: dataExpected({ where: 'blobs', batch: 'proposal 8990', tie: 'root', block: proposedBlock, versionedHashes: proposalBlobs, words: /^data in Ethereum blobs: 2 versioned hashes/, scope: /last finalized proposal 8990/ }),
    },
  };
}

/** The worlds by the shipped configs' names. */
export const ROLLUP_WORLDS: Record<string, () => Promise<RollupWorld>> = {
  'op-mainnet': () => opStackWorld('op-mainnet'),
  // SuperFaultDisputeGame (type 9) since September 2026.
  'op-sepolia': () => opStackWorld('op-sepolia'),
  base: () => opStackWorld('base'),
  'arbitrum-one': () => arbitrumWorld('arbitrum-one'),
  scroll: () => scrollWorld('scroll'),
  mantle: () => opSuccinctWorld('mantle'),
  taiko: () => taikoWorld('taiko'),
  linea: () => lineaWorld('linea'),
};

// ---- Linea -----------------------------------------------------------------------------------

/**
 * Linea as the shipped `linea` config expects L1 to hold it, around the real mainnet finalization
 * of L2 blocks 24288348–24288678 (test/unit/l2/linea/world.ts): LineaRollup 6.0 at the proxy,
 * currentL2BlockNumber and stateRootHashes, verifiers[1] holding the paris verifier's compiled
 * code; the finalizeBlocks transaction (the real proof; `forged`: a byte of it changed) and the
 * previous finalization's DataFinalizedV3 log in verified blocks. Linea's accounts are not proven:
 * the L2 RPC answers eth_getBalance and eth_getTransactionCount at the finalized block.
 */
export async function lineaWorld(name = 'linea', proof: 'real' | 'forged' = 'real'): Promise<RollupWorld> {
  const linea = await import('../unit/l2/linea/world.ts');
  const c = parseRollup(requireKnownRollup(name)).config as LineaConfig;
  const rollup = c.rollup.address;
  const verifier = '0x' + '41'.repeat(20);
  const l1 = new AccountsSpec();
  l1.slot(rollup, EIP1967_IMPLEMENTATION_SLOT, asBig(linea.V6));
  l1.slot(rollup, storageKey({ slot: c.rollup.currentL2BlockNumberSlot }), linea.END);
  l1.slot(rollup, mappingKey(c.rollup.stateRootHashesSlot, linea.END), linea.FINAL_ROOT);
  l1.slot(rollup, mappingKey(c.rollup.verifiersSlot, 1n), asBig(verifier));
  l1.code(verifier, linea.verifierCode());
  const toLog = (l: { address: string; topics: string[]; data: string }) => ({ address: hexToBytes(l.address), topics: l.topics.map((t) => hexToBytes(t)), data: hexToBytes(l.data) });
  const finalizedBlock = L1_HEAD_NUMBER - 100n;
  const forged = hexToBytes(linea.AGGREGATION.aggregatedProof);
  forged[300]! ^= 1;
  const input = linea.finalizeCalldata(proof === 'forged' ? { proof: bytesToHex(forged) } : {});
  const submittedBlock = finalizedBlock - 40n;
  const submitted = { address: rollup, topics: [LINEA_DATA_SUBMITTED_V3, linea.AGGREGATION.finalShnarf as string], data: bytesToHex(encodeAbi(['bytes32', 'bytes32'], [hexToBytes(linea.BLOB.prevShnarf!), hexToBytes(linea.BLOB.finalStateRootHash!)])) };
  const previous = linea.finalizedLog(linea.START - 331n, linea.START - 1n, linea.AGGREGATION.parentAggregationFinalShnarf, 0x1234n, linea.PARENT_ROOT);
  const state = await buildWorld(l1.accounts);
  const chain = l1Chain(state.stateRoot, {
    depth: 1124,
    events: [
      { number: finalizedBlock - 700n, to: rollup, logs: [toLog(previous)], data: hexToBytes('0x5603c65f') },
      { number: finalizedBlock, to: rollup, logs: [toLog(linea.FINAL_LOG)], data: hexToBytes(input) },
      // The finalization's last submission: the real blob of those L2 blocks (its versioned hash the prover's dataHash).
      { number: submittedBlock, to: rollup, logs: [toLog(submitted)], data: hexToBytes('0x99467a35'), blobs: [linea.BLOB.dataHash!] },
    ],
  });
  const atFinalized = (tag: unknown) => {
    if (tag !== bigIntToHex(linea.END)) throw new RpcFault(-32000, `this node answers at L2 block ${linea.END} only, not ${String(tag)}`);
  };
  const l2: Responder = (method, params) => {
    if (method === 'eth_getBalance') return atFinalized(params[1]), bigIntToHex(params[0].toLowerCase() === L2_ADDRESS ? L2_BALANCE : 0n);
    if (method === 'eth_getTransactionCount') return atFinalized(params[1]), bigIntToHex(params[0].toLowerCase() === L2_ADDRESS ? L2_NONCE : 0n);
    throw new RpcFault(-32601, `the method ${method} does not exist/is not available`);
  };
  const finalizedAt = L1_HEAD_TIME - 100n * L1_SECONDS_PER_BLOCK;
  return {
    name,
    l1: l1Responder(state, chain),
    l2,
    head: headerToJson(chain.head.header, chain.head.hash),
    address: L2_ADDRESS,
    expected: {
      address: L2_ADDRESS,
      balance: bigIntToHex(L2_BALANCE),
      nonce: bigIntToHex(L2_NONCE),
      account: "account not proven (Linea's trie)",
      readAt: 'finalized',
      l2ChainId: bigIntToHex(BigInt(c.chainId)),
      root: bigIntToHex(linea.FINAL_ROOT),
      l2Block: Number(linea.END),
      status: 'finalized',
      acceptedAt: Number(finalizedAt),
      liveness: 'healthy',
      proof: 'verified',
      tier: tierJson({ tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false }, system: 'gnark-plonk', release: 'proof type 1, v3 input', keyId: 'linea-mainnet-full-paris' }),
      currency: 'ETH',
      provenance: `state root of L2 block ${linea.END}, finalized by Linea's LineaRollup ${rollup} after its verifier accepted the aggregation proof (${bigIntToHex(linea.FINAL_ROOT)}); Linea's accounts are in its own sparse Merkle trie, not proven here`,
      data: dataExpected({ where: 'blobs', batch: `submission ${(linea.AGGREGATION.finalShnarf as string).slice(0, 10)}…`, tie: 'root', block: submittedBlock, versionedHashes: [linea.BLOB.dataHash!], words: /^data in Ethereum blobs: 1 versioned hash /, scope: /last submission of the finalization/ }),
      l1: { blockNumber: Number(chain.head.header.number), blockHash: bytesToHex(chain.head.hash) },
    },
  };
}

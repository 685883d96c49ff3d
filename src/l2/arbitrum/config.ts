/**
 * The `arbitrum-nitro-v1` rollup config: an Arbitrum Nitro chain with BoLD (Arbitrum One, Arbitrum
 * Sepolia, an Orbit chain of the same contracts) followed from proven L1 storage. Read strictly,
 * each problem an InputError naming the field.
 *
 * It names the five L1 contracts (proxies), the storage slots the adapter reads in them (layouts of
 * OffchainLabs/nitro-contracts `test/storage/*`, docs/research/real-rollups.md §3.2), the
 * implementations it accepts behind each proxy it reads (any other is an upgrade: refused), the
 * liveness thresholds, and `sources`: where each address, slot and implementation came from.
 * @module
 */
import type { NativeCurrency } from '../adapter.ts';
import { bytesToHex, describe, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import { aaddress, ainteger, astring, identityFields } from '../config-fields.ts';
import { EIP1967_IMPLEMENTATION_SLOT } from '../slots.ts';
import { ARBITRUM_KIND } from '../kinds.ts';

export { ARBITRUM_KIND };

/** keccak256("eip1967.proxy.implementation") − 1 (EIP-1967). */
export { EIP1967_IMPLEMENTATION_SLOT };
/**
 * keccak256("eip1967.proxy.implementation.secondary") − 1: the rollup's user logic
 * (nitro-contracts `src/libraries/AdminFallbackProxy.sol`); its EIP-1967 slot holds the admin logic.
 */
export const SECONDARY_IMPLEMENTATION_SLOT = '0x2b1dbce74324248c222f0ec2d5ed7bd323cfc425b336f0253c5ccfda7265546d';

/** The contracts' storage slots the adapter reads, by the names of their declarations. */
export interface ArbitrumSlots {
  /** Outbox `rollup` (address): only that contract writes `roots`. */
  readonly outboxRollup: bigint;
  /** Outbox `roots`: mapping(bytes32 sendRoot ⇒ bytes32 l2BlockHash), written on assertion confirmation only. */
  readonly outboxRoots: bigint;
  /** RollupCore `_paused` (OpenZeppelin Pausable, 1 byte at offset 0). */
  readonly rollupPaused: bigint;
  /** RollupCore `_latestConfirmed` (bytes32 assertion hash). */
  readonly rollupLatestConfirmed: bigint;
  /** RollupCore `_assertions`: mapping(bytes32 ⇒ AssertionNode); word 0 packs createdAtBlock (offset 16) and status (offset 25). */
  readonly rollupAssertions: bigint;
  /** Bridge `delayedInboxAccs` (bytes32[]): its length is the number of delayed messages sent. */
  readonly bridgeDelayedInboxAccs: bigint;
  /** SequencerInbox `totalDelayedMessagesRead`. */
  readonly sequencerInboxTotalDelayedMessagesRead: bigint;
  /** SequencerInbox `bridge` (address). */
  readonly sequencerInboxBridge: bigint;
  // The forced exit's slots (src/l2/arbitrum/exit.ts): optional, a config without them offers no exit.
  /** Outbox `spent`: mapping(uint256 ⇒ bytes32), bit `index % 255` of `spent[index / 255]` marks an executed withdrawal. */
  readonly outboxSpent?: bigint;
  /** SequencerInbox `delayBlocks` (offset 0), `futureBlocks`, `delaySeconds`, `futureSeconds` (uint64 each). */
  readonly sequencerInboxMaxTimeVariation?: bigint;
  /** SequencerInbox `buffer` (BufferData): this word packs bufferBlocks, max, threshold, prevBlockNumber; the next one replenishRateInBasis, prevSequencedBlockNumber. */
  readonly sequencerInboxBuffer?: bigint;
  /** RollupCore `confirmPeriodBlocks` (uint64 at offset 0). */
  readonly rollupConfirmPeriodBlocks?: bigint;
}

export const SLOT_NAMES = [
  'outboxRollup',
  'outboxRoots',
  'rollupPaused',
  'rollupLatestConfirmed',
  'rollupAssertions',
  'bridgeDelayedInboxAccs',
  'sequencerInboxTotalDelayedMessagesRead',
  'sequencerInboxBridge',
] as const satisfies readonly (keyof ArbitrumSlots)[];

/** The forced exit's slots: read when present (the shipped configs have them), else the config offers no exit. */
export const EXIT_SLOT_NAMES = ['outboxSpent', 'sequencerInboxMaxTimeVariation', 'sequencerInboxBuffer', 'rollupConfirmPeriodBlocks'] as const satisfies readonly (keyof ArbitrumSlots)[];

export const CONTRACT_NAMES = ['rollup', 'outbox', 'bridge', 'sequencerInbox', 'inbox'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** The implementations the adapter accepts behind each proxy it reads (lower-case addresses). */
export const IMPLEMENTATION_NAMES = ['rollupAdmin', 'rollupUser', 'outbox', 'bridge', 'sequencerInbox'] as const;
export type ImplementationName = (typeof IMPLEMENTATION_NAMES)[number];

/** The keys `sources` must cite (more are welcome: one per address, slot or value). */
export const REQUIRED_SOURCES = ['contracts', 'slots', 'implementations', 'liveness'] as const;

export interface ArbitrumConfig {
  readonly kind: typeof ARBITRUM_KIND;
  readonly name: string;
  /** The L2's chain id. */
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  /** The L2 native currency; absent: Ether. */
  readonly nativeCurrency?: NativeCurrency;
  /** The L1 proxies (lower-case 0x-hex). The Inbox is not read here: exits send to it. */
  readonly contracts: Readonly<Record<ContractName, string>>;
  readonly slots: ArbitrumSlots;
  readonly implementationSlot: string;
  readonly secondaryImplementationSlot: string;
  readonly implementations: Readonly<Record<ImplementationName, readonly string[]>>;
  readonly liveness: {
    readonly delayedAfterSeconds: number;
    readonly stalledAfterSeconds: number;
    /** The least time between two L1 blocks (12 on a post-merge chain: one block per slot at most). */
    readonly l1SecondsPerBlock: number;
  };
  /**
   * The delays the exit route shows when no proven storage is at hand (L1 blocks; each cited in
   * `sources.exit`): proven storage replaces them whenever the route is read at a head.
   */
  readonly exit?: { readonly forceInclusionDelayBlocks?: number; readonly confirmPeriodBlocks?: number };
  /** Where each address, slot and implementation came from (key → citation). */
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
}

/** A slot: a JSON integer, or 0x-hex of at most 32 bytes. */
function aslot(value: unknown, title: string): bigint {
  if (typeof value === 'number') return BigInt(ainteger(value, title, 0));
  if (isHex(value) && value.length > 2 && value.length <= 66) return BigInt(value);
  throw new InputError(`"${title}" expected a slot (an integer ≥ 0 or 0x-hex of at most 32 bytes), got ${describe(value)}`);
}

function fixedSlot(json: Record<string, unknown>, name: string, expected: string): string {
  const got = bytesToHex(hexToBytes(field(json, name), 32, name));
  if (got !== expected) throw new InputError(`"${name}" expected ${expected} (EIP-1967), got ${got}`);
  return got;
}

function onlyKnown(json: Record<string, unknown>, known: readonly string[], title: string): void {
  for (const key of Object.keys(json)) if (!known.includes(key)) throw new InputError(`"${title}.${key}" is not a field of ${ARBITRUM_KIND} ${title}`);
}

/**
 * Reads an `arbitrum-nitro-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseArbitrumConfig(ARBITRUM_ONE).contracts.outbox // '0x0b9857ae2d4a3dbe74ffe1d7df045bb7f96e4840'
 */
export function parseArbitrumConfig(json: unknown): ArbitrumConfig {
  const c = aobject(json, 'config');
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, ARBITRUM_KIND);

  const contractsJson = aobject(field(c, 'contracts'), 'contracts');
  onlyKnown(contractsJson, CONTRACT_NAMES, 'contracts');
  const contracts = {} as Record<ContractName, string>;
  for (const key of CONTRACT_NAMES) contracts[key] = aaddress(field(contractsJson, key, 'contracts'), `contracts.${key}`);
  const distinct = new Set(Object.values(contracts));
  if (distinct.size !== CONTRACT_NAMES.length) throw new InputError(`"contracts" expected ${CONTRACT_NAMES.length} distinct addresses, got ${distinct.size}`);

  const slotsJson = aobject(field(c, 'slots'), 'slots');
  onlyKnown(slotsJson, [...SLOT_NAMES, ...EXIT_SLOT_NAMES], 'slots');
  const slots = {} as Record<keyof ArbitrumSlots, bigint>;
  for (const key of SLOT_NAMES) slots[key] = aslot(field(slotsJson, key, 'slots'), `slots.${key}`);
  for (const key of EXIT_SLOT_NAMES) if (slotsJson[key] !== undefined) slots[key] = aslot(slotsJson[key], `slots.${key}`);

  const implementationSlot = fixedSlot(c, 'implementationSlot', EIP1967_IMPLEMENTATION_SLOT);
  const secondaryImplementationSlot = fixedSlot(c, 'secondaryImplementationSlot', SECONDARY_IMPLEMENTATION_SLOT);

  const implJson = aobject(field(c, 'implementations'), 'implementations');
  onlyKnown(implJson, IMPLEMENTATION_NAMES, 'implementations');
  const implementations = {} as Record<ImplementationName, readonly string[]>;
  for (const key of IMPLEMENTATION_NAMES) {
    const title = `implementations.${key}`;
    const list = aarray(field(implJson, key, 'implementations'), title, 64).map((a, i) => aaddress(a, `${title}[${i}]`));
    if (list.length === 0) throw new InputError(`"${title}" expected at least one pinned implementation, got none`);
    implementations[key] = list;
  }

  const livenessJson = aobject(field(c, 'liveness'), 'liveness');
  onlyKnown(livenessJson, ['delayedAfterSeconds', 'stalledAfterSeconds', 'l1SecondsPerBlock'], 'liveness');
  const delayedAfterSeconds = ainteger(field(livenessJson, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(livenessJson, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', 0);
  if (stalledAfterSeconds < delayedAfterSeconds) {
    throw new InputError(`"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds (${delayedAfterSeconds}), got ${stalledAfterSeconds}`);
  }
  const l1SecondsPerBlock = ainteger(field(livenessJson, 'l1SecondsPerBlock', 'liveness'), 'liveness.l1SecondsPerBlock', 1);

  let exit: { forceInclusionDelayBlocks?: number; confirmPeriodBlocks?: number } | undefined;
  if (c.exit !== undefined) {
    const exitJson = aobject(c.exit, 'exit');
    onlyKnown(exitJson, ['forceInclusionDelayBlocks', 'confirmPeriodBlocks'], 'exit');
    exit = {};
    for (const key of ['forceInclusionDelayBlocks', 'confirmPeriodBlocks'] as const) {
      if (exitJson[key] !== undefined) exit[key] = ainteger(exitJson[key], `exit.${key}`, 1);
    }
  }

  const sourcesJson = aobject(field(c, 'sources'), 'sources');
  const sources: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(sourcesJson)) {
    const title = `sources.${key}`;
    sources[key] = Array.isArray(value) ? aarray(value, title, 64).map((s, i) => astring(s, `${title}[${i}]`)) : astring(value, title);
    if (Array.isArray(value) && value.length === 0) throw new InputError(`"${title}" expected at least one citation, got none`);
  }
  for (const key of REQUIRED_SOURCES) if (!(key in sources)) throw new InputError(`missing field "sources.${key}" (where the ${key} came from)`);
  if (exit !== undefined && !('exit' in sources)) throw new InputError('missing field "sources.exit" (where the exit delays came from)');

  return {
    kind: ARBITRUM_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    contracts,
    slots,
    implementationSlot,
    secondaryImplementationSlot,
    implementations,
    liveness: { delayedAfterSeconds, stalledAfterSeconds, l1SecondsPerBlock },
    ...(exit !== undefined ? { exit } : {}),
    sources,
  };
}

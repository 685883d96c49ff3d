/**
 * The `scroll-v1` rollup config: a Scroll deployment (ScrollChain, L1MessageQueueV2, SystemConfig
 * since EuclidV2) as JSON, read strictly, each problem an InputError naming the field.
 *
 * The storage layout is not part of the kind: it belongs to the contracts' implementations, so the
 * config carries both: the slots it reads and the implementation addresses those slots were
 * compiled from. A proxy proven to run any other implementation is refused (an upgrade may move
 * the slots). Every address and slot group must name its source in `sources`.
 * Layouts: scroll-tech/scroll-contracts at dfbd661 compiled with solc `storageLayout`
 * (docs/research/real-rollups.md §4.2).
 * @module
 */
import type { NativeCurrency } from '../adapter.ts';
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aobject, field } from '../../core/json.ts';
import { aaddress, ainteger, astring, identityFields, onlyKeys as onlyKeysOf } from '../config-fields.ts';
import { SCROLL_KIND } from '../kinds.ts';

export { SCROLL_KIND };

/** `bytes` bytes at byte `offset` from the least significant end of a storage word. */
export interface PackedField {
  readonly offset: number;
  readonly bytes: number;
}

/** An L1 proxy: its address and the implementations whose layout this config's slots describe. */
export interface ScrollProxy {
  /** Lower-case 0x-hex. */
  readonly address: string;
  /** Lower-case 0x-hex; empty when none is pinned yet (then the adapter follows nothing it reads). */
  readonly implementations: readonly string[];
}

export interface ScrollSlots {
  /** The EIP-1967 implementation slot every proxy is read at (32-byte 0x-hex). */
  readonly implementation: string;
  readonly scrollChain: {
    /** PausableUpgradeable `_paused` (a bool at offset 0). */
    readonly paused: bigint;
    /** `mapping(uint256 batchIndex ⇒ bytes32 stateRoot)`. */
    readonly finalizedStateRoots: bigint;
    /** The first batch with an MPT state root (Euclid). */
    readonly initialEuclidBatchIndex: bigint;
    /** `ScrollChainMiscData`, one packed word. */
    readonly miscData: bigint;
  };
  readonly miscData: {
    readonly lastCommittedBatchIndex: PackedField;
    readonly lastFinalizedBatchIndex: PackedField;
    readonly lastFinalizeTimestamp: PackedField;
    readonly flags: PackedField;
    /** Bit of `flags` set while enforced (permissionless) batch mode is on. */
    readonly enforcedModeBit: number;
  };
  readonly messageQueue: {
    /** `mapping(uint256 queueIndex ⇒ bytes32)`: the rolling hash with the enqueue time in its low bits. */
    readonly messageRollingHashes: bigint;
    /** The queue's length (the next index to enqueue at). */
    readonly nextCrossDomainMessageIndex: bigint;
    /** The first message not yet in a finalized batch. */
    readonly nextUnfinalizedQueueIndex: bigint;
    /** Where the enqueue timestamp sits in a rolling-hash word. */
    readonly enqueueTime: PackedField;
  };
  readonly systemConfig: {
    /** `EnforcedBatchParameters`, one packed word. */
    readonly enforcedBatchParameters: bigint;
    readonly maxDelayEnterEnforcedMode: PackedField;
    readonly maxDelayMessageQueue: PackedField;
  };
}

/** The forced exit's contracts and slots (docs/research/real-rollups.md §4.5). */
export interface ScrollExitConfig {
  /** L1ScrollMessenger (a proxy): relayMessageWithProof pays the withdrawal out. */
  readonly l1Messenger: ScrollProxy;
  /** L2ScrollMessenger: the forced L2 transaction calls its sendMessage (checked against the L1 messenger's `counterpart` immutable in proven code). */
  readonly l2Messenger: string;
  /** Scroll's bridge-history API (its `/l2/unclaimed/withdrawals` gives withdraw-trie proofs): hints only. */
  readonly bridgeApi?: string;
  /** L2 gas of the forced transaction (paid for on L1 at the queue's L2 base fee). */
  readonly l2GasLimit: number;
  readonly slots: {
    /** ScrollChain `withdrawRoots` mapping(uint256 batchIndex ⇒ bytes32). */
    readonly withdrawRoots: bigint;
    /** L1ScrollMessenger PausableUpgradeable `_paused`. */
    readonly messengerPaused: bigint;
    /** L1ScrollMessenger `isL2MessageExecuted` mapping(bytes32 ⇒ bool). */
    readonly isL2MessageExecuted: bigint;
    /** EnforcedTxGateway PausableUpgradeable `_paused`. */
    readonly gatewayPaused: bigint;
    /** SystemConfig `messageQueueParameters`, one packed word. */
    readonly messageQueueParameters: bigint;
    readonly maxGasLimit: PackedField;
    readonly baseFeeOverhead: PackedField;
    readonly baseFeeScalar: PackedField;
  };
}

/** The rollup verifier pinned: ScrollChain's immutable `verifier` (a MultipleVersionRollupVerifier) and its per-version verifiers, by code hash. */
export interface ScrollVerifierPin {
  /** The MultipleVersionRollupVerifier (not a proxy): lower-case 0x-hex. */
  readonly router: string;
  readonly routerCodeHash: string;
  /** Its `latestVerifier` mapping(uint256 version ⇒ Verifier { uint64 startBatchIndex; address verifier }) slot. */
  readonly latestVerifierSlot: bigint;
  /** The verifiers by proof version, highest last; a version above them registered means the verifier changed. */
  readonly versions: readonly { readonly version: number; readonly address: string; readonly codeHash: string }[];
}

/**
 * What re-verifies Scroll's bundle proofs here (./bundle-proof.ts): the router ScrollChain's code
 * carries, its `latestVerifier` slot, and the plonk verifier contracts (halo2-KZG, OpenVM's
 * aggregation) Vigil runs on its local EVM, pinned by code hash. The wrappers between the router
 * and those (ZkEvmVerifierPostEuclid, PostFeynman) are read, not pinned: their immutables
 * (plonk verifier, digests, protocol version) by running their proven code's getters.
 */
export interface ScrollProofPin {
  /** ScrollChain `committedBatches` mapping(uint256 ⇒ bytes32). */
  readonly committedBatchesSlot: bigint;
  /** The MultipleVersionRollupVerifier (not a proxy): lower-case 0x-hex. */
  readonly router: string;
  /** Its `latestVerifier` mapping(uint256 version ⇒ { uint64 startBatchIndex; address verifier }). */
  readonly latestVerifierSlot: bigint;
  /** The plonk verifiers run here, by runtime code hash (lower-case 0x-hex) and a name. */
  readonly plonkVerifiers: readonly { readonly codeHash: string; readonly name: string }[];
  /**
   * The bundle programs a proof may be of: OpenVM's root verifier is generic, the wrapper's two
   * digests (the bundle program's executable and config commitments) say which program it proved.
   */
  readonly programs: readonly { readonly digest1: string; readonly digest2: string; readonly name: string }[];
  /** How many L1 blocks back the finalization before the last one is looked for. */
  readonly finalizationSearchBlocks: number;
}

export interface ScrollConfig {
  readonly kind: typeof SCROLL_KIND;
  readonly name: string;
  /** The L2's chain id. */
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  /** The L2 native currency; absent: Ether. */
  readonly nativeCurrency?: NativeCurrency;
  readonly contracts: {
    readonly scrollChain: ScrollProxy;
    readonly messageQueue: ScrollProxy;
    readonly systemConfig: ScrollProxy;
    /**
     * Where forced L2 transactions start (exits); not read by the adapter. Its implementations, when
     * listed, are checked before its `_paused` flag is read (the exit's `exit.slots.gatewayPaused`).
     */
    readonly enforcedTxGateway?: { readonly address: string; readonly implementations?: readonly string[] };
  };
  readonly slots: ScrollSlots;
  /** What the forced exit needs beyond the adapter (exit.ts); absent: no exit is offered. */
  readonly exit?: ScrollExitConfig;
  /** The proof verifier pinned by code hash (follow.ts `scrollProvenance`); absent: not pinned. */
  readonly verifier?: ScrollVerifierPin;
  /** What re-verifies the bundle proofs here (./bundle-proof.ts); absent: L1's verdict only. */
  readonly proofs?: ScrollProofPin;
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  /** Field path (e.g. `contracts.scrollChain`, `slots.miscData`) → where its values come from. */
  readonly sources: Readonly<Record<string, string>>;
}

/** The sources a config must give: every contract and every slot group it reads. */
export const REQUIRED_SOURCES = [
  'contracts.scrollChain',
  'contracts.messageQueue',
  'contracts.systemConfig',
  'slots.implementation',
  'slots.scrollChain',
  'slots.miscData',
  'slots.messageQueue',
  'slots.systemConfig',
] as const;

const onlyKeys = (obj: Record<string, unknown>, allowed: readonly string[], title: string) => onlyKeysOf(obj, allowed, title, SCROLL_KIND);

const address = aaddress;

function readSlot(obj: Record<string, unknown>, name: string, title: string): bigint {
  return BigInt(ainteger(field(obj, name, title), `${title}.${name}`, 0));
}

function readPacked(obj: Record<string, unknown>, name: string, title: string): PackedField {
  const path = `${title}.${name}`;
  const f = aobject(field(obj, name, title), path);
  onlyKeys(f, ['offset', 'bytes'], path);
  const offset = ainteger(field(f, 'offset', path), `${path}.offset`, 0, 31);
  const bytes = ainteger(field(f, 'bytes', path), `${path}.bytes`, 1, 32 - offset);
  return { offset, bytes };
}

function readGroup<K extends string>(slots: Record<string, unknown>, group: string, names: readonly K[], packed: readonly string[] = []): Record<string, unknown> {
  const title = `slots.${group}`;
  const obj = aobject(field(slots, group, 'slots'), title);
  onlyKeys(obj, [...names, ...packed], title);
  return obj;
}

function readProxy(contracts: Record<string, unknown>, name: string, parent = 'contracts'): ScrollProxy {
  const title = `${parent}.${name}`;
  const obj = aobject(field(contracts, name, parent), title);
  onlyKeys(obj, ['address', 'implementations'], title);
  const list = field(obj, 'implementations', title);
  if (!Array.isArray(list)) throw new InputError(`"${title}.implementations" expected an array of addresses, got ${describe(list)}`);
  const implementations = list.map((a, i) => address(a, `${title}.implementations[${i}]`));
  if (new Set(implementations).size !== implementations.length) throw new InputError(`"${title}.implementations" lists an address twice`);
  return { address: address(field(obj, 'address', title), `${title}.address`), implementations };
}

/**
 * Reads a `scroll-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseScrollConfig(scrollMainnet).contracts.scrollChain.address // '0xa13baf47…e556'
 */
export function parseScrollConfig(json: unknown): ScrollConfig {
  const c = aobject(json, 'config');
  onlyKeys(c, ['kind', 'name', 'chainId', 'l1ChainId', 'l2Rpc', 'nativeCurrency', 'contracts', 'slots', 'liveness', 'sources', 'exit', 'verifier', 'proofs'], 'config');
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, SCROLL_KIND);

  const contractsJson = aobject(field(c, 'contracts'), 'contracts');
  onlyKeys(contractsJson, ['scrollChain', 'messageQueue', 'systemConfig', 'enforcedTxGateway'], 'contracts');
  let enforcedTxGateway: { address: string; implementations?: string[] } | undefined;
  if (contractsJson.enforcedTxGateway !== undefined && contractsJson.enforcedTxGateway !== null) {
    const g = aobject(contractsJson.enforcedTxGateway, 'contracts.enforcedTxGateway');
    onlyKeys(g, ['address', 'implementations'], 'contracts.enforcedTxGateway');
    enforcedTxGateway = {
      address: address(field(g, 'address', 'contracts.enforcedTxGateway'), 'contracts.enforcedTxGateway.address'),
      ...(g.implementations !== undefined ? { implementations: addressList(g.implementations, 'contracts.enforcedTxGateway.implementations') } : {}),
    };
  }
  const contracts = {
    scrollChain: readProxy(contractsJson, 'scrollChain'),
    messageQueue: readProxy(contractsJson, 'messageQueue'),
    systemConfig: readProxy(contractsJson, 'systemConfig'),
    ...(enforcedTxGateway !== undefined ? { enforcedTxGateway } : {}),
  };

  const s = aobject(field(c, 'slots'), 'slots');
  onlyKeys(s, ['implementation', 'scrollChain', 'miscData', 'messageQueue', 'systemConfig'], 'slots');
  const chain = readGroup(s, 'scrollChain', ['paused', 'finalizedStateRoots', 'initialEuclidBatchIndex', 'miscData']);
  const misc = readGroup(s, 'miscData', ['enforcedModeBit'], ['lastCommittedBatchIndex', 'lastFinalizedBatchIndex', 'lastFinalizeTimestamp', 'flags']);
  const queue = readGroup(s, 'messageQueue', ['messageRollingHashes', 'nextCrossDomainMessageIndex', 'nextUnfinalizedQueueIndex'], ['enqueueTime']);
  const sys = readGroup(s, 'systemConfig', ['enforcedBatchParameters'], ['maxDelayEnterEnforcedMode', 'maxDelayMessageQueue']);
  const flags = readPacked(misc, 'flags', 'slots.miscData');
  const slots: ScrollSlots = {
    implementation: bytesToHex(hexToBytes(field(s, 'implementation', 'slots'), 32, 'slots.implementation')),
    scrollChain: {
      paused: readSlot(chain, 'paused', 'slots.scrollChain'),
      finalizedStateRoots: readSlot(chain, 'finalizedStateRoots', 'slots.scrollChain'),
      initialEuclidBatchIndex: readSlot(chain, 'initialEuclidBatchIndex', 'slots.scrollChain'),
      miscData: readSlot(chain, 'miscData', 'slots.scrollChain'),
    },
    miscData: {
      lastCommittedBatchIndex: readPacked(misc, 'lastCommittedBatchIndex', 'slots.miscData'),
      lastFinalizedBatchIndex: readPacked(misc, 'lastFinalizedBatchIndex', 'slots.miscData'),
      lastFinalizeTimestamp: readPacked(misc, 'lastFinalizeTimestamp', 'slots.miscData'),
      flags,
      enforcedModeBit: ainteger(field(misc, 'enforcedModeBit', 'slots.miscData'), 'slots.miscData.enforcedModeBit', 0, 8 * flags.bytes - 1),
    },
    messageQueue: {
      messageRollingHashes: readSlot(queue, 'messageRollingHashes', 'slots.messageQueue'),
      nextCrossDomainMessageIndex: readSlot(queue, 'nextCrossDomainMessageIndex', 'slots.messageQueue'),
      nextUnfinalizedQueueIndex: readSlot(queue, 'nextUnfinalizedQueueIndex', 'slots.messageQueue'),
      enqueueTime: readPacked(queue, 'enqueueTime', 'slots.messageQueue'),
    },
    systemConfig: {
      enforcedBatchParameters: readSlot(sys, 'enforcedBatchParameters', 'slots.systemConfig'),
      maxDelayEnterEnforcedMode: readPacked(sys, 'maxDelayEnterEnforcedMode', 'slots.systemConfig'),
      maxDelayMessageQueue: readPacked(sys, 'maxDelayMessageQueue', 'slots.systemConfig'),
    },
  };

  const livenessJson = aobject(field(c, 'liveness'), 'liveness');
  onlyKeys(livenessJson, ['delayedAfterSeconds', 'stalledAfterSeconds'], 'liveness');
  const delayedAfterSeconds = ainteger(field(livenessJson, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(livenessJson, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', 0);
  if (stalledAfterSeconds < delayedAfterSeconds) {
    throw new InputError(`"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds (${delayedAfterSeconds}), got ${stalledAfterSeconds}`);
  }

  const exit = c.exit === undefined || c.exit === null ? undefined : readExit(c.exit);
  const verifier = c.verifier === undefined || c.verifier === null ? undefined : readVerifier(c.verifier);
  const proofs = c.proofs === undefined || c.proofs === null ? undefined : readProofs(c.proofs);

  const sourcesJson = aobject(field(c, 'sources'), 'sources');
  const sources: Record<string, string> = {};
  for (const [key, value] of Object.entries(sourcesJson)) sources[key] = astring(value, `sources.${key}`);
  const required = [
    ...REQUIRED_SOURCES,
    ...(enforcedTxGateway !== undefined ? ['contracts.enforcedTxGateway'] : []),
    ...(exit !== undefined ? ['exit.l1Messenger', 'exit.l2Messenger', 'exit.slots'] : []),
    ...(verifier !== undefined ? ['verifier'] : []),
    ...(proofs !== undefined ? ['proofs'] : []),
  ];
  for (const key of required) {
    if (sources[key] === undefined) throw new InputError(`missing field "sources.${key}": every contract and slot group must cite where it comes from`);
  }

  return {
    kind: SCROLL_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    contracts,
    slots,
    liveness: { delayedAfterSeconds, stalledAfterSeconds },
    ...(exit !== undefined ? { exit } : {}),
    ...(verifier !== undefined ? { verifier } : {}),
    ...(proofs !== undefined ? { proofs } : {}),
    sources,
  };
}

function readProofs(json: unknown): ScrollProofPin {
  const p = aobject(json, 'proofs');
  onlyKeys(p, ['committedBatchesSlot', 'router', 'latestVerifierSlot', 'plonkVerifiers', 'programs', 'finalizationSearchBlocks'], 'proofs');
  const list = field(p, 'plonkVerifiers', 'proofs');
  if (!Array.isArray(list) || list.length === 0 || list.length > 16) throw new InputError(`"proofs.plonkVerifiers" expected 1 to 16 pinned verifiers, got ${describe(list)}`);
  const plonkVerifiers = list.map((v, i) => {
    const title = `proofs.plonkVerifiers[${i}]`;
    const o = aobject(v, title);
    onlyKeys(o, ['codeHash', 'name'], title);
    return { codeHash: hash32(field(o, 'codeHash', title), `${title}.codeHash`), name: astring(field(o, 'name', title), `${title}.name`) };
  });
  if (new Set(plonkVerifiers.map((v) => v.codeHash)).size !== plonkVerifiers.length) throw new InputError('"proofs.plonkVerifiers" pins a code hash twice');
  const programList = field(p, 'programs', 'proofs');
  if (!Array.isArray(programList) || programList.length === 0 || programList.length > 16) throw new InputError(`"proofs.programs" expected 1 to 16 pinned bundle programs, got ${describe(programList)}`);
  const programs = programList.map((v, i) => {
    const title = `proofs.programs[${i}]`;
    const o = aobject(v, title);
    onlyKeys(o, ['digest1', 'digest2', 'name'], title);
    return { digest1: hash32(field(o, 'digest1', title), `${title}.digest1`), digest2: hash32(field(o, 'digest2', title), `${title}.digest2`), name: astring(field(o, 'name', title), `${title}.name`) };
  });
  return {
    committedBatchesSlot: readSlot(p, 'committedBatchesSlot', 'proofs'),
    router: address(field(p, 'router', 'proofs'), 'proofs.router'),
    latestVerifierSlot: readSlot(p, 'latestVerifierSlot', 'proofs'),
    plonkVerifiers,
    programs,
    finalizationSearchBlocks: ainteger(field(p, 'finalizationSearchBlocks', 'proofs'), 'proofs.finalizationSearchBlocks', 1, 7_200),
  };
}

function addressList(list: unknown, title: string): string[] {
  if (!Array.isArray(list)) throw new InputError(`"${title}" expected an array of addresses, got ${describe(list)}`);
  const out = list.map((a, i) => address(a, `${title}[${i}]`));
  if (new Set(out).size !== out.length) throw new InputError(`"${title}" lists an address twice`);
  return out;
}

const hash32 = (value: unknown, title: string): string => bytesToHex(hexToBytes(value, 32, title));

function readExit(json: unknown): ScrollExitConfig {
  const e = aobject(json, 'exit');
  onlyKeys(e, ['l1Messenger', 'l2Messenger', 'bridgeApi', 'l2GasLimit', 'slots'], 'exit');
  const bridgeApi = e.bridgeApi === undefined ? undefined : astring(e.bridgeApi, 'exit.bridgeApi');
  if (bridgeApi !== undefined && !/^https?:\/\/[^\s]+[^/\s]$/.test(bridgeApi)) throw new InputError(`"exit.bridgeApi" expected an http(s) URL without a trailing slash, got ${JSON.stringify(bridgeApi)}`);
  const slots = aobject(field(e, 'slots', 'exit'), 'exit.slots');
  const plain = ['withdrawRoots', 'messengerPaused', 'isL2MessageExecuted', 'gatewayPaused', 'messageQueueParameters'] as const;
  const packed = ['maxGasLimit', 'baseFeeOverhead', 'baseFeeScalar'] as const;
  onlyKeys(slots, [...plain, ...packed], 'exit.slots');
  return {
    l1Messenger: readProxy(e, 'l1Messenger', 'exit'),
    l2Messenger: address(field(e, 'l2Messenger', 'exit'), 'exit.l2Messenger'),
    ...(bridgeApi !== undefined ? { bridgeApi } : {}),
    l2GasLimit: ainteger(field(e, 'l2GasLimit', 'exit'), 'exit.l2GasLimit', 21_000, 2 ** 32 - 1),
    slots: {
      withdrawRoots: readSlot(slots, 'withdrawRoots', 'exit.slots'),
      messengerPaused: readSlot(slots, 'messengerPaused', 'exit.slots'),
      isL2MessageExecuted: readSlot(slots, 'isL2MessageExecuted', 'exit.slots'),
      gatewayPaused: readSlot(slots, 'gatewayPaused', 'exit.slots'),
      messageQueueParameters: readSlot(slots, 'messageQueueParameters', 'exit.slots'),
      maxGasLimit: readPacked(slots, 'maxGasLimit', 'exit.slots'),
      baseFeeOverhead: readPacked(slots, 'baseFeeOverhead', 'exit.slots'),
      baseFeeScalar: readPacked(slots, 'baseFeeScalar', 'exit.slots'),
    },
  };
}

function readVerifier(json: unknown): ScrollVerifierPin {
  const v = aobject(json, 'verifier');
  onlyKeys(v, ['router', 'routerCodeHash', 'latestVerifierSlot', 'versions'], 'verifier');
  const list = field(v, 'versions', 'verifier');
  if (!Array.isArray(list) || list.length === 0) throw new InputError(`"verifier.versions" expected a non-empty array, got ${describe(list)}`);
  const versions = list.map((item, i) => {
    const title = `verifier.versions[${i}]`;
    const o = aobject(item, title);
    onlyKeys(o, ['version', 'address', 'codeHash'], title);
    return {
      version: ainteger(field(o, 'version', title), `${title}.version`, 0, 255),
      address: address(field(o, 'address', title), `${title}.address`),
      codeHash: hash32(field(o, 'codeHash', title), `${title}.codeHash`),
    };
  });
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.version <= versions[i - 1]!.version) throw new InputError(`"verifier.versions" expected increasing versions, got ${versions[i - 1]!.version} then ${versions[i]!.version}`);
  }
  return {
    router: address(field(v, 'router', 'verifier'), 'verifier.router'),
    routerCodeHash: hash32(field(v, 'routerCodeHash', 'verifier'), 'verifier.routerCodeHash'),
    latestVerifierSlot: readSlot(v, 'latestVerifierSlot', 'verifier'),
    versions,
  };
}

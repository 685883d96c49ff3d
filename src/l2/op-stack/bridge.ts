/**
 * The OP Stack bridge as the forced exit speaks it (OptimismPortal2 5.6.1 and
 * L2ToL1MessagePasser 1.2.0 at ethereum-optimism/optimism op-contracts/v7.0.0 =
 * a7c88c8d636ceb9944ea0edaf7d033da258778ab; specs deposits.md and withdrawals.md): the
 * withdrawal's hash and storage key, the calldata of the portal's calls, a deposit's L2
 * transaction hash, the checks proveWithdrawalTransaction makes, and the portal's and a dispute
 * game's state read from proven storage as isGameClaimValid judges it. Pure; the plan is exit.ts.
 * @module
 */
import { decodeAbi, encodeAbi, encodeFunctionCall, eventTopic, functionSelector } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { encodeRlp } from '../../core/rlp.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { verifyStorageProof } from '../../proofs/account.ts';
import type { L1AccountRequest, ProvenL1Storage, SlotRef } from '../adapter.ts';
import { missingL1 } from '../exit-plan.ts';
import { addressOfWord, mappingKey, packedField, storageKey } from '../slots.ts';
import type { OpStackConfig } from './config.ts';
import { GAME_STATUS, gameImplementationOf, gameSlot0, outputRoot } from './follow.ts';

const lowerCase = (a: string) => a.toLowerCase();

/** L2ToL1MessagePasser, the predeploy on every OP Stack chain (specs predeploys.md). */
export const L2_TO_L1_MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';

/**
 * OptimismPortal2 5.6.1 storage (packages/contracts-bedrock/snapshots/storageLayout/
 * OptimismPortal2.json @ op-contracts/v7.0.0): `finalizedWithdrawals` mapping(bytes32 ⇒ bool) at
 * 51, `provenWithdrawals` mapping(bytes32 ⇒ mapping(address ⇒ ProvenWithdrawal)) at 57, the
 * struct packed in one word: disputeGameProxy (20 bytes, offset 0), timestamp (uint64, offset 20).
 */
export const PORTAL_SLOTS = { finalizedWithdrawals: 51n, provenWithdrawals: 57n } as const;

/**
 * L2ToL1MessagePasser 1.2.0 storage (snapshots/storageLayout/L2ToL1MessagePasser.json @ v7.0.0):
 * `sentMessages` mapping(bytes32 ⇒ bool) at 0, `msgNonce` (uint240) at 1; the withdrawal nonce
 * is msgNonce with MESSAGE_VERSION 1 in its top two bytes (Encoding.encodeVersionedNonce).
 */
const SENT_MESSAGES_SLOT = 0n;
export const MSG_NONCE_SLOT = 1n;
export const NONCE_MASK = (1n << 240n) - 1n;
export const MESSAGE_VERSION = 1n;

/**
 * L2 gas the deposit buys for initiateWithdrawal(owner, 100000, 0x). It uses about 54k: 21 000
 * + ~870 calldata (132 bytes), a cold SLOAD of msgNonce (2 100), the new sentMessages slot
 * (22 100), msgNonce rewritten (2 900), the 4-topic MessagePassed log of 160 data bytes (~3 200)
 * and hashing/memory (~1 000). 150 000 leaves ×2.8 for an upgraded message passer: a deposit
 * that runs out of gas withdraws nothing and costs the 12 h wait again. Within the portal's
 * limits: at least minimumGasLimit(132) = 21 000 + 40·132 = 26 280, far below the resource
 * market's 20 000 000 per L1 block (Constants.DEFAULT_RESOURCE_CONFIG). The portal burns L1 gas
 * for it: gasLimit × the deposit base fee / max(L1 base fee, 1 gwei) (ResourceMetering._metered),
 * about 150 000 L1 gas at the market's 1 gwei floor.
 */
export const FORCED_DEPOSIT_GAS_LIMIT = 150_000n;

/**
 * The withdrawal's gas limit on L1 (the portal calls the owner with at least this much gas):
 * 100 000, the message passer's own default for ETH sent to it (RECEIVE_DEFAULT_GAS_LIMIT in
 * L2ToL1MessagePasser.sol 1.2.0), enough for an EOA or a delegated (EIP-7702) account's receive.
 * A payout call that fails still marks the withdrawal finalized (no retry): it must not be low.
 */
export const WITHDRAWAL_MIN_GAS_LIMIT = 100_000n;

const WITHDRAWAL_TUPLE = '(uint256,address,address,uint256,uint256,bytes)';
const WITHDRAWAL_TYPES = ['uint256', 'address', 'address', 'uint256', 'uint256', 'bytes'] as const;
/** Selectors (research §1.8, recomputed): 0xe9e05c42, 0xc2b3e5ac, 0x4870496f, 0x8c3152e9. */
const DEPOSIT_TRANSACTION = 'depositTransaction(address,uint256,uint64,bool,bytes)';
const INITIATE_WITHDRAWAL = 'initiateWithdrawal(address,uint256,bytes)';
const PROVE_WITHDRAWAL = `proveWithdrawalTransaction(${WITHDRAWAL_TUPLE},uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])`;
const FINALIZE_WITHDRAWAL = `finalizeWithdrawalTransaction(${WITHDRAWAL_TUPLE})`;
export const TRANSACTION_DEPOSITED = /* @__PURE__ */ eventTopic('TransactionDeposited(address,address,uint256,bytes)');
export const MESSAGE_PASSED = /* @__PURE__ */ eventTopic('MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)');
export const WITHDRAWAL_PROVEN = /* @__PURE__ */ eventTopic('WithdrawalProven(bytes32,address,address)');
export const WITHDRAWAL_FINALIZED = /* @__PURE__ */ eventTopic('WithdrawalFinalized(bytes32,bool)');

const DEPOSIT_TRANSACTION_TYPES = ['address', 'uint256', 'uint64', 'bool', 'bytes'] as const;

/**
 * What a call to the OptimismPortal deposits when it is a plain deposit of the sender's ETH to
 * their own L2 address: ETH sent with no data (the portal's receive() deposits it to the sender),
 * or depositTransaction(sender, value, gas, false, 0x) carrying exactly that value, encoded as
 * the ABI encodes it and nothing after. Anything else (another recipient or amount on L2, a call
 * or a creation there, trailing bytes) is undefined: it is more than a deposit.
 */
export function portalDeposit(tx: { from: string; value: bigint; data: string }): { amount: bigint } | undefined {
  if (tx.value === 0n) return undefined;
  if (tx.data === '0x') return { amount: tx.value };
  if (tx.data.slice(0, 10) !== functionSelector(DEPOSIT_TRANSACTION)) return undefined;
  let args;
  try {
    args = decodeAbi(DEPOSIT_TRANSACTION_TYPES, '0x' + tx.data.slice(10));
  } catch {
    return undefined;
  }
  if (encodeFunctionCall(DEPOSIT_TRANSACTION, args).toLowerCase() !== tx.data.toLowerCase()) return undefined;
  const [to, value, , isCreation, data] = args as [string, bigint, bigint, boolean, string];
  return to === tx.from.toLowerCase() && value === tx.value && !isCreation && data === '0x' ? { amount: tx.value } : undefined;
}

/** Types.WithdrawalTransaction. */
export interface WithdrawalTransaction {
  nonce: bigint;
  sender: string;
  target: string;
  value: bigint;
  gasLimit: bigint;
  data: string;
}

/** Types.OutputRootProof (32-byte 0x-hex words). */
export interface OutputRootProof {
  version: string;
  stateRoot: string;
  messagePasserStorageRoot: string;
  latestBlockhash: string;
}

/** Hashing.hashWithdrawal: keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)). */
export function withdrawalHash(tx: WithdrawalTransaction): string {
  return bytesToHex(keccak256(encodeAbi(WITHDRAWAL_TYPES, [tx.nonce, tx.sender, tx.target, tx.value, tx.gasLimit, tx.data])));
}

/** The message passer's storage key of sentMessages[hash]: keccak256(hash ‖ pad32(0)), as the portal proves it. */
export function sentMessagesKey(hash: string): string {
  return mappingKey(SENT_MESSAGES_SLOT, hexToBigInt(hash, 'withdrawalHash'));
}

/** The withdrawal this exit makes: the owner to itself, `amount`, no data. */
export function exitWithdrawal(owner: string, amount: bigint, nonce: bigint): WithdrawalTransaction {
  return { nonce, sender: owner, target: owner, value: amount, gasLimit: WITHDRAWAL_MIN_GAS_LIMIT, data: '0x' };
}

/** The L2 call the deposit makes: initiateWithdrawal(owner, WITHDRAWAL_MIN_GAS_LIMIT, 0x). */
export function encodeInitiateWithdrawal(owner: string): string {
  return encodeFunctionCall(INITIATE_WITHDRAWAL, [owner, WITHDRAWAL_MIN_GAS_LIMIT, '0x']);
}

/** depositTransaction(0x4200…0016, amount, FORCED_DEPOSIT_GAS_LIMIT, false, initiateWithdrawal(owner, …)): the force tx's calldata. */
export function encodeForcedWithdrawal(owner: string, amount: bigint): string {
  return encodeFunctionCall(DEPOSIT_TRANSACTION, [L2_TO_L1_MESSAGE_PASSER, amount, FORCED_DEPOSIT_GAS_LIMIT, false, encodeInitiateWithdrawal(owner)]);
}

const txArg = (tx: WithdrawalTransaction) => [tx.nonce, tx.sender, tx.target, tx.value, tx.gasLimit, tx.data] as const;

export function encodeProveWithdrawal(tx: WithdrawalTransaction, disputeGameIndex: bigint, proof: OutputRootProof, withdrawalProof: readonly string[]): string {
  return encodeFunctionCall(PROVE_WITHDRAWAL, [
    txArg(tx),
    disputeGameIndex,
    [proof.version, proof.stateRoot, proof.messagePasserStorageRoot, proof.latestBlockhash],
    withdrawalProof,
  ]);
}

export function encodeFinalizeWithdrawal(tx: WithdrawalTransaction): string {
  return encodeFunctionCall(FINALIZE_WITHDRAWAL, [txArg(tx)]);
}

/**
 * A user deposit's source hash (specs deposits.md "Source hash computation"; op-node
 * rollup/derive/deposit_source.go): keccak256(pad32(0) ‖ keccak256(l1BlockHash ‖ pad32(logIndex))),
 * logIndex being the log's index in its L1 block.
 */
export function depositSourceHash(l1BlockHash: string, logIndex: bigint): Uint8Array {
  const depositId = keccak256(concatBytes(hexToBytes(l1BlockHash, 32, 'l1BlockHash'), bigIntToBytesPadded(logIndex, 32)));
  return keccak256(concatBytes(new Uint8Array(32), depositId));
}

/** The deposit transaction type (and its receipt's): deposits.md "The Deposited Transaction Type". */
export const DEPOSIT_TX_TYPE = 0x7e;

/** A deposit transaction's fields (deposits.md; op-geth core/types/deposit_tx.go); `to` undefined for a creation. */
export interface DepositTx {
  sourceHash: Uint8Array;
  from: Uint8Array;
  to: Uint8Array | undefined;
  mint: bigint;
  value: bigint;
  gas: bigint;
  isSystemTx: boolean;
  data: Uint8Array;
}

/** A deposit as an L2 block's transactions trie holds it (and hashes it): 0x7e ‖ rlp([sourceHash, from, to, mint, value, gas, isSystemTx, data]). */
export function encodeDepositTx(tx: DepositTx): Uint8Array {
  const fields = [tx.sourceHash, tx.from, tx.to ?? new Uint8Array(0), tx.mint, tx.value, tx.gas, tx.isSystemTx ? 1 : 0, tx.data];
  return concatBytes(Uint8Array.of(DEPOSIT_TX_TYPE), encodeRlp(fields));
}

/**
 * The L2 hash of the deposit a TransactionDeposited log (version 0) makes: keccak256(0x7e ‖
 * rlp([sourceHash, from, to, mint, value, gas, isSystemTx = false, data])) (deposits.md "The
 * Deposited Transaction Type"; op-node rollup/derive/deposit_log.go reads the opaque data as
 * mint (32) ‖ value (32) ‖ gas (8) ‖ isCreation (1) ‖ data).
 * @throws VerificationError ABI_MALFORMED when the log is not a version-0 TransactionDeposited.
 */
export function depositL2TransactionHash(log: { topics: readonly string[]; data: string }, l1BlockHash: string, logIndex: bigint): string {
  if (log.topics.length !== 4 || log.topics[0]?.toLowerCase() !== TRANSACTION_DEPOSITED || hexToBigInt(log.topics[3], 'version') !== 0n) {
    throw new VerificationError('ABI_MALFORMED', 'not a version-0 TransactionDeposited log');
  }
  const opaque = hexToBytes(decodeAbi(['bytes'], log.data)[0] as string);
  if (opaque.length < 73) throw new VerificationError('ABI_MALFORMED', `TransactionDeposited opaque data of ${opaque.length} bytes (at least 73)`);
  const creation = opaque[72] !== 0;
  return bytesToHex(
    keccak256(
      encodeDepositTx({
        sourceHash: depositSourceHash(l1BlockHash, logIndex),
        from: hexToBytes(log.topics[1], 32, 'from').subarray(12),
        to: creation ? undefined : hexToBytes(log.topics[2], 32, 'to').subarray(12),
        mint: bytesToBigInt(opaque.subarray(0, 32)),
        value: bytesToBigInt(opaque.subarray(32, 64)),
        gas: bytesToBigInt(opaque.subarray(64, 72)),
        isSystemTx: false,
        data: opaque.slice(73),
      }),
    ),
  );
}

/**
 * What proveWithdrawalTransaction checks, checked before it is signed: the output root preimage
 * (version 0) hashes to the game's root claim, and sentMessages[withdrawalHash] is proven 1 under
 * its message passer storage root.
 * @throws VerificationError OP_OUTPUT_ROOT_MISMATCH, PROOF_* (the storage proof), PROOF_VALUE_MISMATCH (not sent).
 */
export function checkWithdrawalProof(rootClaim: Uint8Array, proof: OutputRootProof, hash: string, withdrawalProof: readonly string[]): void {
  const word = (x: string, title: string) => hexToBytes(x, 32, title);
  if (!equalBytes(word(proof.version, 'version'), new Uint8Array(32))) {
    throw new VerificationError('OP_OUTPUT_ROOT_MISMATCH', 'the output root proof is not of version 0', { expected: '0x' + '00'.repeat(32), got: proof.version });
  }
  const root = outputRoot(word(proof.stateRoot, 'stateRoot'), word(proof.messagePasserStorageRoot, 'messagePasserStorageRoot'), word(proof.latestBlockhash, 'latestBlockhash'));
  if (!equalBytes(root, rootClaim)) {
    throw new VerificationError('OP_OUTPUT_ROOT_MISMATCH', "the L2 block's output root is not the game's root claim", { expected: bytesToHex(rootClaim), got: bytesToHex(root) });
  }
  const value = verifyStorageProof(word(proof.messagePasserStorageRoot, 'messagePasserStorageRoot'), hexToBytes(sentMessagesKey(hash), 32), withdrawalProof.map((n, i) => hexToBytes(n, undefined, `withdrawalProof[${i}]`)));
  if (value !== 1n) {
    throw new VerificationError('PROOF_VALUE_MISMATCH', `withdrawal ${hash} is not in the message passer's sentMessages`, { expected: '1', got: String(value) });
  }
}

/** The portal's two entries of withdrawal `withdrawal` (its hash) proven by `owner`, at the head (undefined: not proven yet). */
export function portalState(config: OpStackConfig, withdrawal: string, owner: string, m: ProvenL1Storage) {
  const hash = hexToBigInt(withdrawal, 'withdrawalHash');
  const finalizedRef: SlotRef = { storageKey: mappingKey(PORTAL_SLOTS.finalizedWithdrawals, hash) };
  const provenRef: SlotRef = { storageKey: mappingKey(mappingKey(PORTAL_SLOTS.provenWithdrawals, hash), BigInt(owner)) };
  const request: L1AccountRequest = { address: config.optimismPortal.address, slots: [finalizedRef, provenRef] };
  const held = m.accounts.get(lowerCase(config.optimismPortal.address))?.storage;
  const finalized = held?.get(storageKey(finalizedRef));
  const proven = held?.get(storageKey(provenRef));
  if (finalized === undefined || proven === undefined) return { request, state: undefined };
  return {
    request,
    state: { finalized: finalized !== 0n, game: addressOfWord(proven), provenAt: Number(packedField(proven, 20, 8)) },
  };
}

/** A proven game judged as isGameClaimValid would, from storage (but its registration and the pause). */
export interface ProvenGame {
  createdAt: number;
  resolvedAt: number;
  status: number;
  /** Fault game: its L2 block number challenged. AggregateVerifier: an intermediate root countered. Either way it can only lose. */
  countered: boolean;
  /** AggregateVerifier in progress with no proof standing: it cannot resolve (follow.ts passes over it too). */
  unbacked: boolean;
  /** AggregateVerifier: when it may resolve (a lower bound on resolvedAt). */
  expectedResolution?: number;
  wasRespected: boolean;
  blacklisted: boolean;
  retired: boolean;
  /** Its implementation's game type, and the type the registry respects now (a switch, e.g. to super-root games, shows here). */
  gameType: number;
  respectedGameType: number;
}

/** AggregateVerifier.PROOF_THRESHOLD (1; follow.ts cites the base/contracts commits). */
const AGGREGATE_PROOF_THRESHOLD = 1;

/**
 * A game the portal holds a proof against, read through its implementation (its code names it:
 * each implementation has its own slot-0 map): slot 0, the respected-when-created flag, an
 * AggregateVerifier's counter and proofs, the blacklist entry and the registry's retirement time.
 */
export function gameState(config: OpStackConfig, game: string, m: ProvenL1Storage): { todo: L1AccountRequest[]; state?: ProvenGame; unknown?: string } {
  const asr = config.anchorStateRegistry;
  const blacklistRef: SlotRef = { storageKey: mappingKey(asr.blacklistSlot, BigInt(game)) };
  const registryReq: L1AccountRequest = { address: asr.address, slots: [blacklistRef, { slot: asr.respectedGameTypeSlot }] };
  const code = m.accounts.get(lowerCase(game))?.code;
  if (code === undefined) return { todo: missingL1(m, [{ address: game, slots: [], code: true }, registryReq]) };
  const impl = gameImplementationOf(config, code);
  if (impl === undefined) return { todo: [], unknown: `game ${game} is not a clone of an implementation the config knows (an upgrade?)` };
  const slots: SlotRef[] = [{ slot: impl.storage.slot }];
  if (impl.wasRespectedGameTypeWhenCreatedSlot !== undefined) slots.push({ slot: impl.wasRespectedGameTypeWhenCreatedSlot });
  if (impl.aggregate !== undefined) slots.push({ slot: impl.aggregate.counteredSlot }, { slot: impl.aggregate.proofsSlot });
  const todo = missingL1(m, [{ address: game, slots }, registryReq]);
  if (todo.length > 0) return { todo };
  const held = m.accounts.get(lowerCase(game))!.storage;
  const read = (slot: bigint) => held.get(storageKey({ slot }))!;
  const registry = m.accounts.get(lowerCase(asr.address))!.storage;
  const s0 = gameSlot0(impl.storage, read(impl.storage.slot));
  const createdAt = Number(s0.createdAt);
  const registryWord = registry.get(storageKey({ slot: asr.respectedGameTypeSlot }))!;
  const retirement = Number(packedField(registryWord, asr.retirementTimestampOffset, 8));
  let countered = s0.challenged;
  let unbacked = false;
  let expectedResolution: number | undefined;
  if (impl.aggregate !== undefined) {
    const proofs = read(impl.aggregate.proofsSlot);
    countered ||= read(impl.aggregate.counteredSlot) !== 0n;
    unbacked = s0.status === GAME_STATUS.IN_PROGRESS && Number(packedField(proofs, impl.aggregate.proofCountOffset, 1)) < AGGREGATE_PROOF_THRESHOLD;
    const er = packedField(proofs, impl.aggregate.expectedResolutionOffset, 8);
    if (er < (1n << 64n) - 1n) expectedResolution = Number(er);
  }
  return {
    todo,
    state: {
      createdAt,
      resolvedAt: Number(s0.resolvedAt),
      status: s0.status,
      countered: countered && s0.status === GAME_STATUS.IN_PROGRESS,
      unbacked,
      ...(expectedResolution !== undefined ? { expectedResolution } : {}),
      wasRespected: s0.wasRespected ?? (impl.wasRespectedGameTypeWhenCreatedSlot === undefined || respectedByte(read(impl.wasRespectedGameTypeWhenCreatedSlot), impl.wasRespectedGameTypeWhenCreatedOffset)),
      blacklisted: registry.get(storageKey(blacklistRef))! !== 0n,
      retired: createdAt <= retirement,
      gameType: impl.gameType,
      respectedGameType: Number(packedField(registryWord, asr.respectedGameTypeOffset, 4)),
    },
  };
}

/** The respected-when-created flag: the whole word, or its byte where it shares the word (ZKDisputeGame). */
const respectedByte = (word: bigint, offset: number | undefined): boolean => (offset === undefined ? word : packedField(word, offset, 1)) !== 0n;

/** Why a game can no longer make a withdrawal final (lost, bound to lose, blacklisted, retired, …), or undefined. */
export function invalidity(game: ProvenGame): string | undefined {
  if (game.status === GAME_STATUS.CHALLENGER_WINS) return 'was lost';
  if (game.countered) return 'was countered (it can only lose)';
  if (game.unbacked) return 'has no proof standing (it cannot resolve)';
  if (game.blacklisted) return 'was blacklisted';
  if (game.retired) return 'was retired';
  if (!game.wasRespected) return 'was not of the respected game type when created';
  return undefined;
}

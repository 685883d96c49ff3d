/**
 * Which proof an OptimismPortal accepts, read from its proven implementation, and the prove call
 * built in that form. Pure; the plan that uses it is exit.ts.
 *
 * Two forms exist in ethereum-optimism/optimism packages/contracts-bedrock:
 *
 * - 'output-root': `proveWithdrawalTransaction(Types.WithdrawalTransaction, uint256
 *   _disputeGameIndex, Types.OutputRootProof, bytes[])` (selector 0x4870496f), the game picked by
 *   its index in the DisputeGameFactory (`gameAtIndex`). The output root proof must hash to the
 *   game's `rootClaim()`, or, for a super-root game (`GameTypes.isSuperGame`: SUPER_CANNON 4,
 *   SUPER_PERMISSIONED_CANNON 5, SUPER_ASTERISC_KONA 7, SUPER_CANNON_KONA 9; not ZK_DISPUTE_GAME
 *   10), to `rootClaimByChainId(systemConfig.l2ChainId())`, which SuperFaultDisputeGame answers
 *   from its extraData (the super-root preimage: `Encoding.decodeSuperRootProof`, the entry whose
 *   chainId matches, else UnknownChainId). This is OptimismPortal2 since 5.6.1 (op-contracts
 *   v7.0.0: src/L1/OptimismPortal2.sol `proveWithdrawalTransaction`, the `isSuperGame` branch;
 *   ethereum-optimism/optimism#20924 and #19816 describe it at 5.6.1; it is unchanged in the
 *   5.11.0 source indexed here), the portal OP chains upgrade to super roots with
 *   (docs/public-docs/chain-operators/tutorials/upgrade-chain-to-super-roots.mdx @ 0d6825f3:
 *   `opcm.upgrade`, the portal keeps its proof method). No storage flag chooses it: in
 *   OptimismPortal2 5.6.1+ the old `superRootsActive` slot is a spacer (`spacer_63_20_1`).
 * - 'super-root': the interop portal's `proveWithdrawalTransaction(Types.WithdrawalTransaction,
 *   IDisputeGame _disputeGameProxy, uint256 _outputRootIndex, Types.SuperRootProof,
 *   Types.OutputRootProof, bytes[])`, the game picked by its proxy address (which must be a
 *   proper game of the registry), allowed only while `superRootsActive` (a bool in storage,
 *   slot 63 offset 20, after `ethLockbox`), and the 4-argument form only while it is false
 *   (OptimismPortal_WrongProofMethod) (OptimismPortal2 4.5.0 and OptimismPortalInterop
 *   5.x+interop, src/L1/OptimismPortal2.sol `_proveWithdrawalTransaction`: the super root proof
 *   must hash (Hashing.hashSuperRootProof) to the game's rootClaim, the index must be in range,
 *   the entry's chainId must be systemConfig.l2ChainId(), the output root proof must hash to the
 *   entry's root). Types.SuperRootProof is (bytes1 version, uint64 timestamp,
 *   (uint256 chainId, bytes32 root)[] outputRoots) (src/libraries/Types.sol).
 *
 * A portal implementation the config does not pin stops the exit (L2_IMPLEMENTATION_UNKNOWN):
 * Vigil never guesses which form a portal takes.
 * @module
 */
import { VerificationError } from '../../core/errors.ts';
import { encodeFunctionCall } from '../../execution/abi.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../adapter.ts';
import { missingL1 } from '../exit-plan.ts';
import { addressOfWord, EIP1967_IMPLEMENTATION_SLOT, packedField, storageKey } from '../slots.ts';
import { checkWithdrawalProof, encodeProveWithdrawal, type OutputRootProof, type WithdrawalTransaction } from './bridge.ts';
import type { OpStackConfig, PortalImplementation } from './config.ts';
import { checkSuperRootClaim, encodeSuperRoot, type SuperRoot, superRootEntry } from './super-root.ts';

const WITHDRAWAL_TUPLE = '(uint256,address,address,uint256,uint256,bytes)';
/** The interop portal's super-root prove (OptimismPortal2 4.5.0 / OptimismPortalInterop). */
export const PROVE_WITHDRAWAL_SUPER_ROOT = `proveWithdrawalTransaction(${WITHDRAWAL_TUPLE},address,uint256,(bytes1,uint64,(uint256,bytes32)[]),(bytes32,bytes32,bytes32,bytes32),bytes[])`;

/** What the portal proves against, as its proven implementation (and flag) say. */
export type PortalMode =
  | { readonly form: 'output-root'; readonly implementation: string; readonly superGameTypes: readonly number[] }
  | { readonly form: 'super-root'; readonly implementation: string };


/**
 * The portal's mode from proven storage: its EIP-1967 implementation must be one the config pins;
 * an implementation with a `superRootsActive` flag is read at its slot.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN when the config pins none, or another runs.
 * @example portalMode(config, proven).mode?.form // 'output-root'
 */
export function portalMode(config: OpStackConfig, m: ProvenL1Storage): { todo: L1AccountRequest[]; mode?: PortalMode } {
  const portal = config.optimismPortal;
  const pinned = portal.implementations ?? [];
  if (pinned.length === 0) {
    throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the config pins no OptimismPortal implementation (nor the proof it accepts): Vigil does not guess how ${portal.address} proves a withdrawal`);
  }
  const implRef = { storageKey: EIP1967_IMPLEMENTATION_SLOT };
  const flags = pinned.flatMap((p) => (p.superRootsActive !== undefined ? [{ slot: p.superRootsActive.slot }] : []));
  const todo = missingL1(m, [{ address: portal.address, slots: [implRef, ...flags] }]);
  if (todo.length > 0) return { todo };
  const held = m.accounts.get(portal.address.toLowerCase())!.storage;
  const running = addressOfWord(held.get(storageKey(implRef))!);
  const impl: PortalImplementation | undefined = pinned.find((p) => p.address === running);
  if (impl === undefined) {
    throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the OptimismPortal ${portal.address} runs an implementation this config does not pin: Vigil does not know which proof it accepts`, {
      expected: pinned.map((p) => p.address).join(' | '),
      got: running,
    });
  }
  if (impl.proofForm === 'super-root') {
    const flag = impl.superRootsActive!;
    const active = packedField(held.get(storageKey({ slot: flag.slot }))!, flag.offset, 1) !== 0n;
    // superRootsActive false: the 4-argument call, against the game's rootClaim only.
    return { todo: [], mode: active ? { form: 'super-root', implementation: impl.address } : { form: 'output-root', implementation: impl.address, superGameTypes: [] } };
  }
  return { todo: [], mode: { form: 'output-root', implementation: impl.address, superGameTypes: impl.superGameTypes } };
}

/** The game a withdrawal is proven against, as follow.ts reads it (a super-root game with its preimage). */
export interface ProveGame {
  readonly proxy: string;
  readonly index: bigint | null;
  readonly gameType: number;
  readonly rootClaim: Uint8Array;
  readonly superRoot?: SuperRoot;
}

/**
 * The output root of the followed chain that a game commits to: its root claim, or, for a
 * super-root game, its chain's entry of the preimage, which must hash to the root claim.
 * @throws VerificationError OP_SUPER_ROOT_INVALID (the preimage is not the claim's), OP_SUPER_ROOT_CHAIN_MISSING.
 */
export function chainOutputRoot(config: OpStackConfig, game: ProveGame): { outputRoot: Uint8Array; entryIndex?: number } {
  const sr = game.superRoot;
  if (sr === undefined) return { outputRoot: game.rootClaim };
  checkSuperRootClaim(encodeSuperRoot(sr), game.rootClaim, game.proxy);
  const entry = superRootEntry(sr, BigInt(config.chainId));
  return { outputRoot: entry.outputRoot, entryIndex: entry.index };
}

/** The prove call in the portal's form, after the checks the portal makes (all before signing). */
export interface ProveCall {
  readonly form: PortalMode['form'];
  readonly data: string;
  /** The followed chain's output root the proof hashes to. */
  readonly outputRoot: Uint8Array;
  /** 'super-root': the index of that output root in the super root. */
  readonly outputRootIndex?: number;
}

function refused(game: ProveGame, mode: PortalMode, why: string): VerificationError {
  return new VerificationError('OP_PORTAL_PROOF_FORM', `the OptimismPortal (implementation ${mode.implementation}, ${mode.form} proofs) cannot prove a withdrawal against game ${game.proxy} of type ${game.gameType}: ${why}`);
}

/**
 * Checks everything the portal checks of the proof and builds its calldata: the output root proof
 * hashes to the chain's output root the game commits to (the claim, or the chain's entry of the
 * claimed super root), and sentMessages[withdrawal] is 1 under its message passer storage root.
 * @throws VerificationError OP_PORTAL_PROOF_FORM (the portal cannot take this game), OP_SUPER_ROOT_*, OP_OUTPUT_ROOT_MISMATCH, PROOF_*.
 * @example proveCall(config, mode, tx, game, outputProof, hash, proof).data
 */
export function proveCall(config: OpStackConfig, mode: PortalMode, tx: WithdrawalTransaction, game: ProveGame, outputProof: OutputRootProof, hash: string, withdrawalProof: readonly string[]): ProveCall {
  const isSuper = game.superRoot !== undefined;
  if (mode.form === 'output-root' && isSuper && !mode.superGameTypes.includes(game.gameType)) {
    throw refused(game, mode, 'it compares the proof with the root claim, a super root, and never with the chain’s entry (its super game types do not include this one)');
  }
  if (mode.form === 'super-root' && !isSuper) throw refused(game, mode, 'while superRootsActive it takes only super-root games (the claim must hash a super root proof)');
  const { outputRoot, entryIndex } = chainOutputRoot(config, game);
  checkWithdrawalProof(outputRoot, outputProof, hash, withdrawalProof);
  if (mode.form === 'output-root') {
    if (game.index === null) throw refused(game, mode, 'it takes a game by its index in the factory, and this one has none');
    return { form: mode.form, data: encodeProveWithdrawal(tx, game.index, outputProof, withdrawalProof), outputRoot };
  }
  return { form: mode.form, data: encodeProveWithdrawalSuperRoot(tx, game.proxy, BigInt(entryIndex!), game.superRoot!, outputProof, withdrawalProof), outputRoot, outputRootIndex: entryIndex! };
}

/** The interop portal's super-root prove calldata (selector of PROVE_WITHDRAWAL_SUPER_ROOT). */
export function encodeProveWithdrawalSuperRoot(tx: WithdrawalTransaction, gameProxy: string, outputRootIndex: bigint, superRoot: SuperRoot, proof: OutputRootProof, withdrawalProof: readonly string[]): string {
  return encodeFunctionCall(PROVE_WITHDRAWAL_SUPER_ROOT, [
    [tx.nonce, tx.sender, tx.target, tx.value, tx.gasLimit, tx.data],
    gameProxy,
    outputRootIndex,
    [Uint8Array.of(0x01), superRoot.timestamp, superRoot.entries.map((e) => [e.chainId, e.outputRoot])],
    [proof.version, proof.stateRoot, proof.messagePasserStorageRoot, proof.latestBlockhash],
    withdrawalProof,
  ]);
}

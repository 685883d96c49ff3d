/**
 * The OP Stack forced exit (OP Mainnet, OP Sepolia; any chain whose portal is OptimismPortal2 of
 * op-contracts v7), as an ExitPlan (src/l2/exit-plan.ts): the way out a user takes alone when the
 * sequencer ignores their L2 transactions (docs/research/real-rollups.md §1.7–§1.8; specs
 * deposits.md and withdrawals.md; OptimismPortal2.sol 5.6.1 and L2ToL1MessagePasser.sol 1.2.0 at
 * ethereum-optimism/optimism op-contracts/v7.0.0 = a7c88c8d636ceb9944ea0edaf7d033da258778ab).
 *
 * 1. `force`: an L1 transaction OptimismPortal2.depositTransaction(0x4200…0016, amount, gas,
 *    false, initiateWithdrawal(owner, minGas, 0x)) with no ETH: the L2 must run it (the
 *    sequencing window bounds the wait), and it spends `amount` from the owner's L2 balance (an
 *    EOA keeps its address on L2) into a withdrawal to the owner on L1.
 * 2. `inclusion`: the deposit's L2 transaction hash comes from the verified receipt's
 *    TransactionDeposited log (source hash from the L1 block hash and log index); the L2 RPC's
 *    receipt of it names the withdrawal's nonce and L2 block (a hint: nothing moves on it until
 *    the proofs below check it). Until the receipt's block is finalized the deposit is named again
 *    at each head (exit-deposit.ts).
 * 3. `prove`: the newest dispute game the adapter would accept (follow.ts: respected type, not
 *    lost, challenged, blacklisted or retired) that covers the withdrawal's L2 block; the output
 *    root preimage (L2 RPC hints) must hash to the game's proven root claim, the withdrawal's
 *    `sentMessages` entry must be proven 1 under its message passer storage root, and the
 *    deposit's own L2 receipt, proven in its block linked to the game's (l2-receipt.ts), must make
 *    this very withdrawal (its MessagePassed; another of the same owner and amount the L2 RPC
 *    named is replaced by it), before proveWithdrawalTransaction is signed. For a super-root game
 *    (OP Sepolia's type 9) the output root is the chain's entry of the super root the game's args
 *    carry (hashing to its claim). The call is in the form the portal's proven implementation
 *    accepts (portal-proof.ts: the config pins each implementation with its form; an unpinned
 *    one stops the exit): OptimismPortal2's 4-argument call by factory index, which reads a super
 *    game's entry itself, or the interop portal's super-root call while its flag is set. A withdrawal the portal
 *    shows finalized already ends the exit only once that receipt is proven under the anchor game
 *    (finalized): never on a substituted one, never on an unresolved claim.
 * 4. `mature`: the portal's provenWithdrawals[hash][owner] (proven L1 storage) gives the proof
 *    time and the game; the proof must be older than the maturity delay (7 days) and the game
 *    resolved DEFENDER_WINS more than the finality delay (3.5 days) ago, from the game's proven
 *    slot 0 — never from the wallet's clock. A game that lost (or was blacklisted or retired)
 *    sends the exit back to `prove` against another game. A switch of the respected game type
 *    (to super-root games) leaves a proof standing unless it retires the older games: the portal's
 *    finalize asks isGameClaimValid (respected when created, not retired), not the type now; when
 *    it does retire them, the exit proves again against a game of the new type, in its form.
 * 5. `finalize`: finalizeWithdrawalTransaction; done on its receipt's WithdrawalFinalized(hash,
 *    true), or on finalizedWithdrawals[hash] proven true.
 *
 * Not checked (as in follow.ts): the SuperchainConfig pause, and that the game is registered in
 * the factory under its UUID (the factory's list is written by the factory only).
 * @module
 */
import { decodeAbi } from '../../execution/abi.ts';
import { bigIntToBytesPadded, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { errorSummary, InputError } from '../../core/errors.ts';
import { aboutDuration, formatEth } from '../../core/units.ts';
import type { L1AccountRequest } from '../adapter.ts';
import {
  dropFacts,
  dropSent,
  type ExitInputs,
  type ExitPlan,
  type ExitPlanRecord,
  type ExitRouteStep,
  type ExitStepOut,
  exitStorage as storageAt,
  exitWait,
  followSent,
  missingL1 as missing,
  moveExit,
  settleExit,
  startExitRecord,
  withExitError,
} from '../exit-plan.ts';
import {
  depositL2TransactionHash,
  encodeFinalizeWithdrawal,
  encodeForcedWithdrawal,
  encodeInitiateWithdrawal,
  exitWithdrawal,
  FORCED_DEPOSIT_GAS_LIMIT,
  gameState,
  invalidity,
  portalState,
  WITHDRAWAL_FINALIZED,
  WITHDRAWAL_MIN_GAS_LIMIT,
  withdrawalHash,
  type WithdrawalTransaction,
} from './bridge.ts';
import { isSuperRootKind, OP_STACK_KIND, type OpStackConfig } from './config.ts';
import { type ForcedDeposit, followProveSent, L1_SLOT_SECONDS, portalExitStep, provenDepositWithdrawal, withdrawalProofAt } from './exit-deposit.ts';
import { opStackAdapter } from './adapter.ts';
import { GAME_STATUS, opStackGames } from './follow.ts';
import { chainOutputRoot, portalMode, type ProveCall, proveCall } from './portal-proof.ts';

/** The sequencing window: a deposit is on L2 within 3600 L1 blocks (superchain-registry configs/{mainnet,sepolia}/op.toml seq_window_size). */
export const SEQUENCING_WINDOW_L1_BLOCKS = 3600;
/** Proposers post a game about hourly (research §1.7: an operational cadence, not a protocol rule). */
const GAME_CADENCE_SECONDS = 3600;

// ---------------------------------------------------------------------------------------------
// The plan

export type OpExitStep = 'force' | 'inclusion' | 'prove' | 'mature' | 'finalize' | 'done' | 'failed';
const TERMINAL: ReadonlySet<string> = new Set<OpExitStep>(['done', 'failed']);

const lower = (a: string) => a.toLowerCase();

type Out = ExitStepOut;

const needL1 = (record: ExitPlanRecord, l1: L1AccountRequest[]): Out => ({ record, action: { kind: 'need', l1 } });

/** The withdrawal this record makes, once its nonce is known. */
function recordWithdrawal(record: ExitPlanRecord): WithdrawalTransaction {
  return exitWithdrawal(record.owner, BigInt(record.amount), BigInt(record.facts.withdrawalNonce!));
}

/** OptimismPortal2's forced deposit and the message passer's withdrawals (bridge.ts), for the shared first half (exit-deposit.ts). */
export function opStackDeposits(config: OpStackConfig): ForcedDeposit {
  return {
    portal: config.optimismPortal.address,
    sequencingWindowL1Blocks: SEQUENCING_WINDOW_L1_BLOCKS,
    force: (owner, amount) => ({
      data: encodeForcedWithdrawal(owner, amount),
      summary: `Force a withdrawal of ${formatEth(amount)} out of ${config.name} through L1: OptimismPortal.depositTransaction makes the L2 move it from your L2 balance to a withdrawal to your own L1 address (no ETH is sent with this transaction; the portal burns some L1 gas for the L2 gas it buys).`,
    }),
    depositVersion: 0n,
    depositOpaque: (owner, amount) =>
      concatBytes(bigIntToBytesPadded(0n, 32), bigIntToBytesPadded(amount, 32), bigIntToBytesPadded(FORCED_DEPOSIT_GAS_LIMIT, 8), Uint8Array.of(0), hexToBytes(encodeInitiateWithdrawal(owner))),
    depositL2Hash: depositL2TransactionHash,
    // No finalizedPasser: the deposit's own receipt, proven under the game's L2 block (EIP-2935 history since Isthmus), names the withdrawal.
    withdrawalOf(log, owner, amount, nonce) {
      const [value, gasLimit, data, hash] = decodeAbi(['uint256', 'uint256', 'bytes', 'bytes32'], log.data);
      const tx = exitWithdrawal(owner, amount, nonce);
      if (value !== tx.value || gasLimit !== tx.gasLimit || data !== '0x') throw new InputError('its withdrawal is not of this exit’s amount and gas limit');
      if (hash !== withdrawalHash(tx)) throw new InputError('its withdrawal hash is not the hash of its fields');
      return hash as string;
    },
  };
}

export const opStackExitPlan: ExitPlan<OpStackConfig> = {
  kind: OP_STACK_KIND,
  terminal: TERMINAL,
  accounts: 'evm',
  partial: true,

  route(config): ExitRouteStep[] {
    const window = SEQUENCING_WINDOW_L1_BLOCKS * L1_SLOT_SECONDS;
    const { proofMaturityDelaySeconds: maturity, disputeGameFinalityDelaySeconds: finality } = config.delays;
    return [
      {
        step: 'force',
        title: 'Force the withdrawal in through L1',
        who: 'you',
        delaySeconds: window,
        detail: `Your wallet sends one L1 transaction to ${config.name}'s OptimismPortal (depositTransaction, no ETH attached). The L2 must run it within its sequencing window (${SEQUENCING_WINDOW_L1_BLOCKS} L1 blocks, about ${window / 3600} hours) even if the sequencer ignores you: it moves the amount from your L2 balance into a withdrawal to your own address on L1.`,
      },
      {
        step: 'inclusion',
        title: 'The L2 runs the forced transaction',
        who: 'rollup',
        delaySeconds: GAME_CADENCE_SECONDS,
        detail: `Vigil finds the withdrawal it made and waits for a dispute game on L1 that covers that L2 block: proposers post one about every hour (their habit, not a rule).`,
      },
      {
        step: 'prove',
        title: 'Prove the withdrawal on L1',
        who: 'you',
        delaySeconds: maturity,
        detail: `Vigil checks the game's L2 state against what L1 holds and that your withdrawal is in it, then your wallet sends proveWithdrawalTransaction. From the block that proves it, the portal makes you wait ${aboutDuration(maturity)}.`,
      },
      {
        step: 'mature',
        title: 'Wait out the challenge period',
        who: 'rollup',
        delaySeconds: finality,
        detail: `Meanwhile the dispute game must be resolved in favour of its claim (its challengers' clocks run out) and then ${aboutDuration(finality)} more must pass. If the game is lost instead, Vigil proves the withdrawal again against another game and the ${aboutDuration(maturity)} start over.`,
      },
      {
        step: 'finalize',
        title: 'Finalize: the ETH is paid on L1',
        who: 'you',
        detail: 'Your wallet sends finalizeWithdrawalTransaction; the portal pays the amount to your address on L1.',
      },
    ];
  },

  start: (config, params) => startExitRecord({ kind: OP_STACK_KIND, rollupChainId: config.chainId, step: 'force' }, params),
  advance: (config, record, inputs) => settleExit(record, (r) => step(config, r, inputs)),
};

function step(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  return portalExitStep(opStackDeposits(config), { prove: (r, inputs) => prove(config, r, inputs), mature: (r, inputs) => mature(config, r, inputs) }, r, inputs);
}

// -- prove ------------------------------------------------------------------------------------

function prove(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  if (r.sent.prove !== undefined) return followProveSent(opStackDeposits(config), r, inputs);

  const m = storageAt(inputs);
  const portal = portalState(config, r.facts.withdrawalHash!, r.owner, m);
  let adapterWants: L1AccountRequest[];
  try {
    adapterWants = missing(m, opStackAdapter.l1Slots(config, m));
  } catch (err) {
    // Storage contradicts the config (an upgraded contract, another respected game type): no game can be trusted.
    const e = errorSummary(err);
    return exitWait(withExitError(r, e.code, e.message, now), `The rollup's L1 contracts cannot be read as the config says: ${e.message}`);
  }
  // The portal's proof form, from its proven implementation (and flag): never assumed.
  let form: ReturnType<typeof portalMode>;
  try {
    form = portalMode(config, m);
  } catch (err) {
    const e = errorSummary(err);
    return exitWait(withExitError(r, e.code, e.message, now), `Vigil does not know which withdrawal proof the rollup's portal accepts (${e.message}): it signs nothing until its rollup config pins that portal.`);
  }
  const todo = [...missing(m, [portal.request]), ...adapterWants, ...form.todo];
  if (todo.length > 0) return needL1(r, todo);
  const mode = form.mode!;
  const ps = portal.state!;
  const l2Block = BigInt(r.facts.l2Block!);
  let games;
  try {
    games = opStackGames(config, m);
  } catch (err) {
    const e = errorSummary(err);
    if (e.code !== 'OP_NO_VALID_GAME') return exitWait(withExitError(r, e.code, e.message, now), `The rollup's L1 state cannot be read: ${e.message}`);
    games = { newest: null, anchor: null };
  }
  // The deposit's own receipt is proven under the newest valid game's root, as the portal takes a
  // proof; when the portal shows the withdrawal finalized already (by anyone), under the anchor
  // game's (finalized) once it covers the block: the exit ends only on that.
  const covers = (g: typeof games.newest): g is NonNullable<typeof g> => g !== null && g.l2BlockNumber >= l2Block;
  const game = ps.finalized && covers(games.anchor) ? games.anchor : covers(games.newest) && games.newest.index !== null ? games.newest : null;
  if (game === null) {
    const newest = games.newest === null ? 'no valid game yet' : `the newest valid game covers L2 block ${games.newest.l2BlockNumber}`;
    return exitWait(r, `Waiting for a dispute game on L1 that covers L2 block ${l2Block} (${newest}; proposers post one about every hour).`);
  }

  // The chain's output root the game commits to: its claim, or its chain's entry of the claimed super root.
  let target: ReturnType<typeof chainOutputRoot>;
  try {
    target = chainOutputRoot(config, game);
  } catch (err) {
    const e = errorSummary(err);
    return exitWait(withExitError(r, e.code, e.message, now), `The dispute game covering L2 block ${l2Block} cannot be read as this rollup's (${e.message}): Vigil signs nothing and waits for another.`);
  }
  const checked = withdrawalProofAt(r, inputs, game.l2BlockNumber, target.outputRoot);
  if ('out' in checked) return checked.out;
  const { outputProof, withdrawalProof } = checked;
  // The deposit's own receipt, in its block linked to the game's, must make this withdrawal.
  const own = provenDepositWithdrawal(opStackDeposits(config), r, inputs, { number: game.l2BlockNumber, hash: hexToBytes(outputProof.latestBlockhash, 32), stateRoot: hexToBytes(outputProof.stateRoot, 32) });
  if ('out' in own) return own.out;
  if (ps.finalized) {
    if (game === games.anchor) return { record: moveExit(r, 'done', now, 'the withdrawal is finalized on L1'), action: { kind: 'done' } };
    const anchor = games.anchor === null ? 'no anchor game yet' : `the anchor game covers L2 block ${games.anchor.l2BlockNumber}`;
    return exitWait(r, `The portal shows your withdrawal finalized; Vigil ends the exit once your forced transaction's receipt is proven under a finalized game that covers L2 block ${l2Block} (${anchor}).`);
  }
  if (ps.provenAt !== 0) {
    // Proven by this owner already (a receipt this record never saw): no second proof, which
    // would restart the 7 days, unless the game it was proven against can no longer be valid.
    const g = gameState(config, ps.game, m);
    if (g.todo.length > 0) return needL1(r, g.todo);
    if (g.state !== undefined && invalidity(g.state) === undefined) return { record: moveExit(r, 'mature', now, 'the withdrawal is proven on L1 already') };
  }
  // (Not finalized: `game` is the newest of the factory's list, which has an index.)
  if (game.index === null) return exitWait(r, `Waiting for a dispute game on L1 that covers L2 block ${l2Block} to prove the withdrawal against.`);

  // The calldata in the portal's form, after every check the portal makes of it.
  let call: ProveCall;
  try {
    call = proveCall(config, mode, recordWithdrawal(r), game, outputProof, r.facts.withdrawalHash!, withdrawalProof);
  } catch (err) {
    const e = errorSummary(err);
    return exitWait(withExitError(r, e.code, e.message, now), `Vigil cannot build a proof the portal accepts against dispute game ${game.index} (${e.message}): it signs nothing and waits for another game.`);
  }
  const cleared = r.error === undefined ? r : (({ error: _e, ...rest }) => rest)(r);
  const against =
    game.superRoot === undefined
      ? `(L2 block ${game.l2BlockNumber})`
      : `(L2 block ${game.l2BlockNumber}; a super-root game: your withdrawal is proven under ${config.name}'s output root in its super root${call.form === 'super-root' ? `, entry ${call.outputRootIndex}, which the portal checks against the whole super root` : ', which the portal reads from the game'})`;
  return {
    record: {
      ...cleared,
      facts: { ...r.facts, gameIndex: game.index.toString(), gameProxy: game.proxy, gameL2Block: game.l2BlockNumber.toString(), gameType: String(game.gameType), proofForm: call.form, ...(game.superRoot !== undefined ? { superRoot: '1' } : {}) },
    },
    action: {
      kind: 'send',
      label: 'prove',
      to: config.optimismPortal.address,
      value: 0n,
      data: call.data,
      summary: `Prove your ${formatEth(r.amount)} withdrawal from ${config.name} on L1 against dispute game ${game.index} ${against}. After this, the portal makes you wait ${aboutDuration(config.delays.proofMaturityDelaySeconds)} before it pays.`,
    },
  };
}

// -- mature and finalize ----------------------------------------------------------------------

function mature(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const sent = r.sent.finalize;
  if (sent !== undefined) {
    const out = followSent(r, 'finalize', inputs, { retry: 'mature', what: 'finalizeWithdrawalTransaction' });
    if (out.state === 'reverted') return { record: out.record };
    if (out.state !== 'passed') return exitWait(r, 'The finalization is not in a verified L1 block yet.');
    const receipt = out.receipt;
    const log = receipt.logs.find(
      (l) => lower(l.address) === lower(config.optimismPortal.address) && l.topics[0]?.toLowerCase() === WITHDRAWAL_FINALIZED && l.topics[1]?.toLowerCase() === r.facts.withdrawalHash,
    );
    if (log !== undefined) {
      const [success] = decodeAbi(['bool'], log.data);
      if (success === true) return { record: moveExit(r, 'done', now, 'the portal paid the withdrawal'), action: { kind: 'done' } };
      return {
        record: withExitError(moveExit(r, 'failed', now, 'the payout call failed'), 'OP_WITHDRAWAL_CALL_FAILED', `the portal finalized the withdrawal but its payment to ${r.owner} failed (the address refused ETH with ${WITHDRAWAL_MIN_GAS_LIMIT} gas): the portal does not retry it`, now),
        action: { kind: 'done' },
      };
    }
    // Passed without our event (someone finalized first, in the same block?): the portal's storage says.
    return { record: moveExit(dropSent(r, 'finalize'), 'mature', now, 'finalization passed without its event') };
  }

  const m = storageAt(inputs);
  const portal = portalState(config, r.facts.withdrawalHash!, r.owner, m);
  if (portal.state === undefined) return needL1(r, missing(m, [portal.request]));
  const ps = portal.state;
  if (ps.finalized) return { record: moveExit(r, 'done', now, 'the withdrawal is finalized on L1'), action: { kind: 'done' } };
  if (ps.provenAt === 0) {
    // No verified block holds the proving transaction any more (its block left the chain, or it was dropped): prove again.
    if (r.sent.prove === undefined || !inputs.receipts.has(r.sent.prove.hash)) return { record: moveExit(r, 'prove', now, 'the proof of the withdrawal is not on L1 at this head: proving again') };
    return exitWait(moveExit(r, 'mature', now), 'The proof of the withdrawal is not in L1 storage at this head yet.');
  }
  const g = gameState(config, ps.game, m);
  if (g.todo.length > 0) return needL1(r, g.todo);
  if (g.state === undefined) {
    // Proven (by the portal's rules) against a game Vigil cannot read: it cannot say when it is final.
    const message = g.unknown ?? `game ${ps.game} cannot be read`;
    return exitWait(withExitError(r, 'OP_GAME_UNKNOWN', message, now), `The dispute game the withdrawal was proven against is not one Vigil's config knows (${message}): update the rollup config.`);
  }
  const game = g.state;

  const why = invalidity(game);
  if (why !== undefined) {
    const back = dropFacts(dropSent(r, 'prove'), ['gameIndex', 'gameProxy', 'gameL2Block', 'gameType', 'proofForm', 'superRoot']);
    // The registry respects another type now (OP Sepolia's move to super-root games): the new proof is against a game of that type, in the form the portal takes for it.
    const switched =
      game.gameType !== game.respectedGameType
        ? ` The rollup now respects dispute games of type ${game.respectedGameType}${config.games.some((g) => g.gameType === game.respectedGameType && isSuperRootKind(g.kind)) ? ' (super roots)' : ''}, not type ${game.gameType}: the new proof is against such a game, in the form the portal accepts for it.`
        : '';
    const note = `game ${ps.game} ${why}${switched === '' ? '' : `; the respected game type is ${game.respectedGameType} now${isSuperRootKind(config.games.find((g) => g.gameType === game.respectedGameType)?.kind ?? 'fault') ? ' (super roots)' : ''}: proving again against such a game, in the form the portal accepts`}`;
    return { record: withExitError(moveExit(back, 'prove', now, note), 'OP_GAME_INVALID', `the dispute game the withdrawal was proven against ${why}: proving it again against another game (the ${aboutDuration(config.delays.proofMaturityDelaySeconds)} start again).${switched}`, now) };
  }

  const { proofMaturityDelaySeconds: maturity, disputeGameFinalityDelaySeconds: finality } = config.delays;
  const maturesAt = ps.provenAt + maturity + 1;
  const resolved = game.status === GAME_STATUS.DEFENDER_WINS && game.resolvedAt !== 0;
  const finalAt = resolved ? game.resolvedAt + finality + 1 : undefined;
  if (now >= maturesAt && finalAt !== undefined && now >= finalAt && ps.provenAt > game.createdAt) {
    const ready = r.step === 'finalize' ? r : moveExit(r, 'finalize', now, 'the proof matured and the game is final');
    return {
      record: ready,
      action: {
        kind: 'send',
        label: 'finalize',
        to: config.optimismPortal.address,
        value: 0n,
        data: encodeFinalizeWithdrawal(recordWithdrawal(r)),
        summary: `Finalize your withdrawal from ${config.name}: the OptimismPortal pays ${formatEth(r.amount)} to ${r.owner} on L1.`,
      },
    };
  }
  const back = r.step === 'mature' ? r : moveExit(r, 'mature', now, 'not ready to finalize at this head');
  const parts: string[] = [];
  if (now < maturesAt) parts.push(`the proof matures ${aboutDuration(maturity)} after it was made (at ${new Date(maturesAt * 1000).toISOString()})`);
  // An unresolved AggregateVerifier names when it may resolve: finality cannot come before that plus the delay.
  const earliestFinal = finalAt ?? (game.expectedResolution !== undefined ? game.expectedResolution + finality + 1 : undefined);
  if (finalAt === undefined) {
    const when = game.expectedResolution !== undefined ? ` (it may resolve from ${new Date(game.expectedResolution * 1000).toISOString()})` : '';
    parts.push(`the dispute game is not resolved yet${when}; once it is, ${aboutDuration(finality)} of finality follow`);
  } else if (now < finalAt) parts.push(`the dispute game is final at ${new Date(finalAt * 1000).toISOString()}`);
  const until = Math.max(now < maturesAt ? maturesAt : 0, earliestFinal !== undefined && now < earliestFinal ? earliestFinal : 0);
  return { record: back, action: { kind: 'wait', reason: `Waiting: ${parts.join('; ')}.`, ...(until > now ? { until } : {}) } };
}

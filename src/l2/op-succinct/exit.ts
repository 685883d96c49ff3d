/**
 * The forced exit of an OP Succinct chain whose portal proves withdrawals against the output
 * oracle (OP's flow before dispute games), as an ExitPlan (src/l2/exit-plan.ts). Built for
 * Mantle's portal (./mantle-portal.ts), which pays the native MNT; a config without a `portal`
 * (Phala) has no route. Its first half is every OP portal's (../op-stack/exit-deposit.ts):
 *
 * 1. `force`: depositTransaction(0, 0, 0x4200…0016, amount, gas, false, initiateWithdrawal(0,
 *    owner, 100000, 0x)) on L1, no value: within the sequencing window the L2 must run it, moving
 *    `amount` MNT of the owner's L2 balance into a withdrawal to the owner on L1.
 * 2. `inclusion`: the withdrawal named by the deposit's L2 receipt (a hint), its nonce at least
 *    the message passer's proven at a finalized L2 state from before the deposit.
 * 3. `prove`: the newest output of the oracle (proven storage; the follower's pins checked: a
 *    swapped key or route stops here as it stops the rollup) that covers the withdrawal's L2
 *    block; its output root's preimage (L2 hints) must hash to it and sentMessages[hash] be
 *    proven 1 under its message passer root, and the portal's implementation must read this
 *    oracle (its code, proven, holds the oracle's address as an immutable), before
 *    proveWithdrawalTransaction(tx, outputIndex, …) is signed.
 * 4. `mature`: the portal's provenWithdrawals[hash] (proven) gives the proof time, output index
 *    and root; the output must still be the one proven against (the challenger may delete outputs
 *    within their finalization period: then it is proven again against a newer one), and the
 *    period (the oracle's finalizationPeriodSeconds, proven) must have passed since the proof and
 *    since the output's proposal, with the portal not paused — never the wallet's clock.
 * 5. `finalize`: finalizeWithdrawalTransaction; done on WithdrawalFinalized(hash, …) or on
 *    finalizedWithdrawals[hash] proven true.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { errorSummary, InputError } from '../../core/errors.ts';
import { aboutDuration, formatNative } from '../../core/units.ts';
import { decodeHeader } from '../../execution/header.ts';
import { ETHER, type L1AccountRequest, type ProvenL1Storage } from '../adapter.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import {
  dropFacts,
  dropSent,
  type ExitInputs,
  type ExitPlan,
  type ExitPlanRecord,
  type ExitRouteStep,
  type ExitStepOut,
  exitStorage,
  exitWait,
  followSent,
  heldSlot,
  missingL1 as missing,
  moveExit,
  settleExit,
  startExitRecord,
  withExitError,
} from '../exit-plan.ts';
import { WITHDRAWAL_FINALIZED } from '../op-stack/bridge.ts';
import { type ForcedDeposit, followProveSent, L1_SLOT_SECONDS, portalExitStep, withdrawalProofAt } from '../op-stack/exit-deposit.ts';
import { EIP1967_IMPLEMENTATION_SLOT } from '../slots.ts';
import { opSuccinctAdapter } from './adapter.ts';
import { OP_SUCCINCT_KIND, type OpSuccinctConfig } from './config.ts';
import { checkPins, MESSAGE_PASSER, newestIndex, ORACLE_SLOTS, outputKeys, readOutput } from './follow.ts';
import {
  encodeMantleFinalizeWithdrawal,
  encodeMantleForcedWithdrawal,
  encodeMantleProveWithdrawal,
  MANTLE_DEPOSIT_VERSION,
  MANTLE_MESSAGE_PASSED,
  mantleDepositL2Hash,
  mantleDepositOpaque,
  mantleExitWithdrawal,
  mantlePortalState,
  mantleWithdrawalOf,
} from './mantle-portal.ts';

/** Proposers post an output about hourly on Mantle (submission interval 1800 L2 blocks of 2 s: an operational cadence). */
const OUTPUT_CADENCE_SECONDS = 3600;
/** The period the route shows before proven storage gives it: Mantle's 12 h (research §1.4). */
const DEFAULT_PERIOD_SECONDS = 43_200;

export type OpSuccinctExitStep = 'force' | 'inclusion' | 'prove' | 'mature' | 'finalize' | 'done' | 'failed';
const TERMINAL: ReadonlySet<string> = new Set<OpSuccinctExitStep>(['done', 'failed']);

type Out = ExitStepOut;
type Portal = NonNullable<OpSuccinctConfig['portal']>;

const currencyOf = (config: OpSuccinctConfig) => config.nativeCurrency ?? ETHER;
const amountWords = (config: OpSuccinctConfig, amount: bigint | string) => formatNative(amount, currencyOf(config));
const needL1 = (record: ExitPlanRecord, l1: L1AccountRequest[]): Out => ({ record, action: { kind: 'need', l1 } });

function portalOf(config: OpSuccinctConfig): Portal {
  if (config.portal === undefined) throw new InputError(`${config.name}'s config names no portal: Vigil has no forced exit for it`);
  return config.portal;
}

/** The oracle's period as proven at the head, when it was. */
const periodAt = (config: OpSuccinctConfig, l1: ProvenL1Storage | undefined) => heldSlot(l1, config.oracle.address, { slot: ORACLE_SLOTS.finalizationPeriodSeconds });

/** Mantle's deposit and withdrawal encodings for the shared first half. */
export function mantleDeposits(config: OpSuccinctConfig): ForcedDeposit {
  const portal = portalOf(config);
  return {
    portal: portal.address,
    sequencingWindowL1Blocks: portal.sequencingWindowL1Blocks,
    force: (owner, amount) => ({
      data: encodeMantleForcedWithdrawal(owner, amount),
      summary: `Force a withdrawal of ${amountWords(config, amount)} out of ${config.name} through L1: its OptimismPortal's depositTransaction makes the L2 move it from your L2 balance to a withdrawal to your own L1 address (nothing is sent with this transaction; the portal burns some L1 gas for the L2 gas it buys).`,
    }),
    depositVersion: MANTLE_DEPOSIT_VERSION,
    depositOpaque: mantleDepositOpaque,
    depositL2Hash: mantleDepositL2Hash,
    messagePassedTopic: MANTLE_MESSAGE_PASSED,
    withdrawalOf: mantleWithdrawalOf,
    finalizedPasser(inputs, signedAt) {
      const f = inputs.followed;
      if (f === undefined || f.accepted.status !== 'finalized' || f.hints?.header === undefined) return undefined;
      try {
        const accepted = opSuccinctAdapter.acceptedState(config, f.proven, f.hints);
        if (accepted.root !== f.accepted.root || accepted.status !== 'finalized') return undefined;
        const header = decodeHeader(f.hints.header);
        if (header.timestamp > BigInt(signedAt)) return undefined;
        // acceptedState checked that both roots, where both are given, agree.
        const storageRoot = header.withdrawalsRoot ?? (f.hints.account !== undefined ? verifyEvmAccount(accepted.root, f.hints.account, { address: MESSAGE_PASSER }).account.storageHash : undefined);
        return storageRoot === undefined ? undefined : { block: accepted.batch, storageRoot };
      } catch {
        return undefined;
      }
    },
  };
}

export const opSuccinctExitPlan: ExitPlan<OpSuccinctConfig> = {
  kind: OP_SUCCINCT_KIND,
  terminal: TERMINAL,
  accounts: 'evm',
  partial: true,

  unavailable: (config) =>
    config.portal !== undefined
      ? undefined
      : `its portal proves withdrawals against the output oracle (OP's flow before dispute games), but ${config.name}'s config names no portal whose bridge Vigil speaks (Vigil speaks Mantle's)`,

  route(config, l1): ExitRouteStep[] {
    const portal = portalOf(config);
    const window = portal.sequencingWindowL1Blocks * L1_SLOT_SECONDS;
    const period = Number(periodAt(config, l1) ?? BigInt(DEFAULT_PERIOD_SECONDS));
    const unit = currencyOf(config).symbol;
    return [
      {
        step: 'force',
        title: 'Force the withdrawal in through L1',
        who: 'you',
        delaySeconds: window,
        detail: `Your wallet sends one L1 transaction to ${config.name}'s OptimismPortal (depositTransaction, nothing attached). The L2 must run it within its sequencing window (${portal.sequencingWindowL1Blocks} L1 blocks, about ${Math.round(window / 3600)} hours) even if the sequencer ignores you: it moves the amount from your L2 balance into a withdrawal to your own address on L1.`,
      },
      {
        step: 'inclusion',
        title: 'The L2 runs the forced transaction',
        who: 'rollup',
        delaySeconds: OUTPUT_CADENCE_SECONDS,
        detail: `Vigil finds the withdrawal it made and waits for an output on L1 that covers that L2 block: ${config.name}'s proposer posts one about every hour (a habit, not a rule).`,
      },
      {
        step: 'prove',
        title: 'Prove the withdrawal on L1',
        who: 'you',
        delaySeconds: period,
        detail: `Vigil checks the output's L2 state against what L1 holds and that your withdrawal is in it, then your wallet sends proveWithdrawalTransaction. The portal then makes you wait the oracle's finalization period (${aboutDuration(period)}).`,
      },
      {
        step: 'mature',
        title: 'Wait out the finalization period',
        who: 'rollup',
        detail: `Within the period the oracle's challenger may delete the output; Vigil then proves the withdrawal again against a newer output and the ${aboutDuration(period)} start over.`,
      },
      {
        step: 'finalize',
        title: `Finalize: the ${unit} is paid on L1`,
        who: 'you',
        detail: `Your wallet sends finalizeWithdrawalTransaction; the portal pays the amount to your address on L1${unit === 'ETH' ? '' : ` in ${unit}, the L1 token`}.`,
      },
    ];
  },

  start(config, params) {
    portalOf(config);
    return startExitRecord({ kind: OP_SUCCINCT_KIND, rollupChainId: config.chainId, step: 'force' }, params);
  },
  advance: (config, record, inputs) => settleExit(record, (r) => step(config, r, inputs)),
};

function step(config: OpSuccinctConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  return portalExitStep(mantleDeposits(config), { prove: (r, inputs) => prove(config, r, inputs), mature: (r, inputs) => mature(config, r, inputs) }, r, inputs);
}

const recordWithdrawal = (r: ExitPlanRecord) => mantleExitWithdrawal(r.owner, BigInt(r.amount), BigInt(r.facts.withdrawalNonce!));
const PROVEN_FACTS = ['outputIndex', 'outputRoot'];

/** The oracle's output `index` when proven in `m` (its slots asked for otherwise), and whether it is still there. */
function outputAt(config: OpSuccinctConfig, m: ProvenL1Storage, index: bigint): { todo: L1AccountRequest[] } | { todo: []; output?: ReturnType<typeof readOutput> } {
  const todo = missing(m, [{ address: config.oracle.address, slots: [{ slot: ORACLE_SLOTS.l2Outputs }, { slot: ORACLE_SLOTS.startingTimestamp }, { slot: ORACLE_SLOTS.finalizationPeriodSeconds }, ...outputKeys(index).map((k) => ({ storageKey: k }))] }]);
  if (todo.length > 0) return { todo };
  const length = heldSlot(m, config.oracle.address, { slot: ORACLE_SLOTS.l2Outputs })!;
  return { todo: [], ...(index < length ? { output: readOutput(config, m, index) } : {}) };
}

/**
 * The portal's implementation must read this oracle: its code (proven) holds the oracle's address
 * as an immutable (a 32-byte word). Requests what is missing, or says why it does not.
 */
function portalReadsOracle(config: OpSuccinctConfig, m: ProvenL1Storage): { todo: L1AccountRequest[]; wrong?: string } {
  const portal = config.portal!.address;
  const slotTodo = missing(m, [{ address: portal, slots: [{ storageKey: EIP1967_IMPLEMENTATION_SLOT }] }]);
  if (slotTodo.length > 0) return { todo: slotTodo };
  const implementation = '0x' + heldSlot(m, portal, { storageKey: EIP1967_IMPLEMENTATION_SLOT })!.toString(16).padStart(40, '0');
  if (BigInt(implementation) === 0n) return { todo: [], wrong: `the portal ${portal} is not a proxy with an implementation (its EIP-1967 slot is empty)` };
  const codeTodo = missing(m, [{ address: implementation, slots: [], code: true }]);
  if (codeTodo.length > 0) return { todo: codeTodo };
  const code = bytesToHex(m.accounts.get(implementation)!.code!);
  const word = bytesToHex(bigIntToBytesPadded(BigInt(config.oracle.address), 32)).slice(2);
  if (!code.includes(word)) return { todo: [], wrong: `the portal's implementation ${implementation} does not hold the oracle ${config.oracle.address} as its L2_ORACLE` };
  return { todo: [] };
}

// -- prove ------------------------------------------------------------------------------------

function prove(config: OpSuccinctConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const portal = config.portal!.address;
  const hash = r.facts.withdrawalHash!;
  if (r.sent.prove !== undefined) return followProveSent(mantleDeposits(config), r, inputs);

  const m = exitStorage(inputs);
  const ps = mantlePortalState(portal, hash, m);
  let todo: L1AccountRequest[];
  try {
    todo = [...missing(m, [ps.request]), ...missing(m, opSuccinctAdapter.l1Slots(config, m))];
  } catch (err) {
    const e = errorSummary(err);
    return exitWait(withExitError(r, e.code, e.message, now), `The rollup's L1 contracts cannot be read as the config says: ${e.message}`);
  }
  if (todo.length > 0) return needL1(r, todo);
  const reads = portalReadsOracle(config, m);
  if (reads.todo.length > 0) return needL1(r, reads.todo);
  if (reads.wrong !== undefined) {
    return exitWait(withExitError(r, 'L2_VERIFIER_CHANGED', reads.wrong, now), `${config.name}'s portal is not the one its config describes (${reads.wrong}): Vigil signs nothing until the config is updated.`);
  }
  const state = ps.state!;
  if (state.finalized) return { record: moveExit(r, 'done', now, 'the withdrawal is finalized on L1'), action: { kind: 'done' } };
  if (state.provenAt !== 0) {
    // Proven already (a receipt this record never saw): no second proof unless its output is gone.
    const at = outputAt(config, m, state.outputIndex);
    if (at.todo.length > 0) return needL1(r, at.todo);
    if ('output' in at && at.output?.outputRoot === state.outputRoot) {
      return { record: moveExit(r, 'mature', now, 'the withdrawal is proven on L1 already', { outputIndex: state.outputIndex.toString(), outputRoot: bigIntToHex(state.outputRoot) }) };
    }
  }

  const l2Block = BigInt(r.facts.l2Block!);
  let output;
  try {
    checkPins(config, m);
    output = readOutput(config, m, newestIndex(config, m));
  } catch (err) {
    const e = errorSummary(err);
    if (e.code !== 'L2_BATCH_NOT_FOUND') return exitWait(withExitError(r, e.code, e.message, now), `The rollup's L1 state cannot be read: ${e.message}`);
    output = undefined;
  }
  if (output === undefined || output.l2BlockNumber < l2Block) {
    const newest = output === undefined ? 'no output yet' : `the newest covers L2 block ${output.l2BlockNumber}`;
    return exitWait(r, `Waiting for an output on L1 that covers L2 block ${l2Block} (${newest}; the proposer posts one about every hour).`);
  }

  const checked = withdrawalProofAt(r, inputs, output.l2BlockNumber, bigIntToBytesPadded(output.outputRoot, 32));
  if ('out' in checked) return checked.out;
  const { outputProof, withdrawalProof } = checked;
  const cleared = r.error === undefined ? r : (({ error: _e, ...rest }) => rest)(r);
  const period = Number(periodAt(config, m) ?? 0n);
  return {
    record: { ...cleared, facts: { ...r.facts, outputIndex: output.index.toString(), outputRoot: bigIntToHex(output.outputRoot) } },
    action: {
      kind: 'send',
      label: 'prove',
      to: portal,
      value: 0n,
      data: encodeMantleProveWithdrawal(recordWithdrawal(r), output.index, outputProof, withdrawalProof),
      summary: `Prove your ${amountWords(config, r.amount)} withdrawal from ${config.name} on L1 against output ${output.index} (L2 block ${output.l2BlockNumber}). After this, the portal makes you wait ${aboutDuration(period)} before it pays.`,
    },
  };
}

// -- mature and finalize ----------------------------------------------------------------------

function mature(config: OpSuccinctConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const portal = config.portal!.address;
  const hash = r.facts.withdrawalHash!;
  if (r.sent.finalize !== undefined) {
    const out = followSent(r, 'finalize', inputs, { retry: 'mature', what: 'finalizeWithdrawalTransaction' });
    if (out.state === 'reverted') return { record: out.record };
    if (out.state !== 'passed') return exitWait(r, 'The finalization is not in a verified L1 block yet.');
    const log = out.receipt.logs.find((l) => l.address.toLowerCase() === portal && l.topics[0]?.toLowerCase() === WITHDRAWAL_FINALIZED && l.topics[1]?.toLowerCase() === hash);
    // Mantle's portal pays the MNT before its call to the owner (no ETH, no data): either way it is paid.
    if (log !== undefined) return { record: moveExit(r, 'done', now, 'the portal paid the withdrawal'), action: { kind: 'done' } };
    return { record: moveExit(dropSent(r, 'finalize'), 'mature', now, 'finalization passed without its event') };
  }

  const m = exitStorage(inputs);
  const ps = mantlePortalState(portal, hash, m);
  if (ps.state === undefined) return needL1(r, missing(m, [ps.request]));
  const state = ps.state;
  if (state.finalized) return { record: moveExit(r, 'done', now, 'the withdrawal is finalized on L1'), action: { kind: 'done' } };
  if (state.provenAt === 0) {
    // No verified block holds the proving transaction any more (its block left the chain, or it was dropped): prove again.
    if (r.sent.prove === undefined || !inputs.receipts.has(r.sent.prove.hash)) return { record: moveExit(dropFacts(r, PROVEN_FACTS), 'prove', now, 'the proof of the withdrawal is not on L1 at this head: proving again') };
    return exitWait(moveExit(r, 'mature', now), 'The proof of the withdrawal is not in L1 storage at this head yet.');
  }
  const at = outputAt(config, m, state.outputIndex);
  if (at.todo.length > 0) return needL1(r, at.todo);
  const output = 'output' in at ? at.output : undefined;
  const starting = Number(heldSlot(m, config.oracle.address, { slot: ORACLE_SLOTS.startingTimestamp })!);
  const again = (why: string): Out => ({
    record: withExitError(moveExit(dropFacts(dropSent(r, 'prove'), PROVEN_FACTS), 'prove', now, why), 'OP_OUTPUT_DELETED', `${why}: the portal would not pay against it, so Vigil proves the withdrawal again against a newer output (the period starts over)`, now),
  });
  if (output === undefined || output.outputRoot !== state.outputRoot) return again(`output ${state.outputIndex}, which the withdrawal was proven against, was deleted from the oracle`);
  if (state.provenAt < starting) return again('the proof predates the oracle’s starting timestamp');

  const period = Number(heldSlot(m, config.oracle.address, { slot: ORACLE_SLOTS.finalizationPeriodSeconds })!);
  // The portal asks block.timestamp > each time + period: a block at `readyAt` or later passes.
  const readyAt = Math.max(state.provenAt, Number(output.timestamp)) + period + 1;
  if (state.paused) {
    const back = r.step === 'mature' ? r : moveExit(r, 'mature', now, 'the portal is paused');
    return { record: back, action: { kind: 'wait', reason: `${config.name}'s portal is paused by its guardian: no withdrawal is paid until it is unpaused${now < readyAt ? `; the period ends at ${new Date(readyAt * 1000).toISOString()}` : ''}.` } };
  }
  if (now >= readyAt) {
    const ready = r.step === 'finalize' ? r : moveExit(r, 'finalize', now, 'the finalization period passed');
    return {
      record: ready,
      action: {
        kind: 'send',
        label: 'finalize',
        to: portal,
        value: 0n,
        data: encodeMantleFinalizeWithdrawal(recordWithdrawal(r)),
        summary: `Finalize your withdrawal from ${config.name}: its OptimismPortal pays ${amountWords(config, r.amount)} to ${r.owner} on L1.`,
      },
    };
  }
  const back = r.step === 'mature' ? r : moveExit(r, 'mature', now, 'not ready to finalize at this head');
  return { record: back, action: { kind: 'wait', reason: `Waiting: the finalization period (${aboutDuration(period)}) ends at ${new Date(readyAt * 1000).toISOString()}; until then the oracle's challenger may delete output ${state.outputIndex}.`, until: readyAt } };
}

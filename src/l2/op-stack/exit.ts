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
 *    receipt of it names the withdrawal's nonce (a hint: nothing moves on it until the storage
 *    proof below checks it, and its nonce must be at least the message passer's nonce proven at
 *    a finalized L2 block from before the deposit: without that floor nothing moves). Until the
 *    receipt's block is finalized the deposit is named again at each head (exit-deposit.ts).
 * 3. `prove`: the newest dispute game the adapter would accept (follow.ts: respected type, not
 *    lost, challenged, blacklisted or retired) that covers the withdrawal's L2 block; the output
 *    root preimage (L2 RPC hints) must hash to the game's proven root claim, and the withdrawal's
 *    `sentMessages` entry must be proven 1 under its message passer storage root, before
 *    proveWithdrawalTransaction is signed.
 * 4. `mature`: the portal's provenWithdrawals[hash][owner] (proven L1 storage) gives the proof
 *    time and the game; the proof must be older than the maturity delay (7 days) and the game
 *    resolved DEFENDER_WINS more than the finality delay (3.5 days) ago, from the game's proven
 *    slot 0 — never from the wallet's clock. A game that lost (or was blacklisted or retired)
 *    sends the exit back to `prove` against another game.
 * 5. `finalize`: finalizeWithdrawalTransaction; done on its receipt's WithdrawalFinalized(hash,
 *    true), or on finalizedWithdrawals[hash] proven true.
 *
 * Not checked (as in follow.ts): the SuperchainConfig pause, and that the game is registered in
 * the factory under its UUID (the factory's list is written by the factory only).
 * @module
 */
import { decodeAbi } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { errorSummary, InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { aboutDuration, formatEth } from '../../core/units.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { decodeHeader } from '../../execution/header.ts';
import { verifyStorageProof } from '../../proofs/account.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../adapter.ts';
import {
  dropFacts,
  dropSent,
  type ExitInputs,
  type ExitL2Request,
  type ExitPlan,
  type ExitPlanRecord,
  type ExitRouteStep,
  type ExitStepOut,
  exitLog,
  exitWait,
  followSent,
  missingL1 as missing,
  moveExit,
  settleExit,
  startExitRecord,
  withExitError,
} from '../exit-plan.ts';
import { storageKey } from '../slots.ts';
import {
  checkWithdrawalProof,
  encodeFinalizeWithdrawal,
  encodeForcedWithdrawal,
  encodeProveWithdrawal,
  exitWithdrawal,
  gameState,
  invalidity,
  L2_TO_L1_MESSAGE_PASSER,
  MESSAGE_PASSED,
  MESSAGE_VERSION,
  MSG_NONCE_SLOT,
  NONCE_MASK,
  type OutputRootProof,
  portalState,
  sentMessagesKey,
  WITHDRAWAL_FINALIZED,
  WITHDRAWAL_MIN_GAS_LIMIT,
  WITHDRAWAL_PROVEN,
  withdrawalHash,
  type WithdrawalTransaction,
} from './bridge.ts';
import { OP_STACK_KIND, type OpStackConfig } from './config.ts';
import { depositFacts, floorFacts, recheckDeposit } from './exit-deposit.ts';
import { opStackAdapter } from './adapter.ts';
import { GAME_STATUS, opStackGames } from './follow.ts';

/** The sequencing window: a deposit is on L2 within 3600 L1 blocks (superchain-registry configs/{mainnet,sepolia}/op.toml seq_window_size). */
export const SEQUENCING_WINDOW_L1_BLOCKS = 3600;
const L1_SLOT_SECONDS = 12;
/** Proposers post a game about hourly (research §1.7: an operational cadence, not a protocol rule). */
const GAME_CADENCE_SECONDS = 3600;

// ---------------------------------------------------------------------------------------------
// The plan

export type OpExitStep = 'force' | 'inclusion' | 'prove' | 'mature' | 'finalize' | 'done' | 'failed';
const TERMINAL: ReadonlySet<string> = new Set<OpExitStep>(['done', 'failed']);

const lower = (a: string) => a.toLowerCase();
const topicOf = (address: string) => bytesToHex(bigIntToBytesPadded(BigInt(address), 32));

/** L1 storage at one head: the follower's and what this plan asked for (both proven at the head). */
function storageAt(inputs: ExitInputs): ProvenL1Storage {
  const f = inputs.followed?.proven;
  if (f === undefined || f.blockHash.toLowerCase() !== inputs.l1.blockHash.toLowerCase()) return inputs.l1;
  const accounts = new Map(f.accounts);
  for (const [a, held] of inputs.l1.accounts) {
    const other = accounts.get(a);
    accounts.set(a, other === undefined ? held : { ...other, ...held, storage: new Map([...other.storage, ...held.storage]), code: held.code ?? other.code });
  }
  return { ...inputs.l1, accounts };
}

type Out = ExitStepOut;

const needL1 = (record: ExitPlanRecord, l1: L1AccountRequest[]): Out => ({ record, action: { kind: 'need', l1 } });

/** The withdrawal this record makes, once its nonce is known. */
function recordWithdrawal(record: ExitPlanRecord): WithdrawalTransaction {
  return exitWithdrawal(record.owner, BigInt(record.amount), BigInt(record.facts.withdrawalNonce!));
}

/** JSON-RPC answers are bare results; a JSON object is all this plan reads. */
const answer = (inputs: ExitInputs, key: string): Record<string, unknown> | undefined => {
  const v = inputs.l2.get(key);
  return isObject(v) ? (v as Record<string, unknown>) : undefined;
};

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
  if (!TERMINAL.has(r.step) && r.step !== 'force') {
    const moved = recheckDeposit(config, r, inputs);
    if (moved !== undefined) return moved;
  }
  switch (r.step as OpExitStep) {
    case 'done':
    case 'failed':
      return { record: r, action: { kind: 'done' } };
    case 'force':
      return force(config, r, inputs);
    case 'inclusion':
      return inclusion(config, r, inputs);
    case 'prove':
      return prove(config, r, inputs);
    case 'mature':
    case 'finalize':
      return mature(config, r, inputs);
    default:
      return { record: moveExit(r, 'failed', inputs.now, `unknown step ${r.step}`), action: { kind: 'done' } };
  }
}

// -- force ------------------------------------------------------------------------------------

function force(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const sent = r.sent.force;
  if (sent === undefined) {
    const record = Object.keys(r.facts).length === 0 ? { ...r, facts: floorFacts(config, inputs, now) } : r;
    return {
      record,
      action: {
        kind: 'send',
        label: 'force',
        to: config.optimismPortal.address,
        value: 0n,
        data: encodeForcedWithdrawal(r.owner, BigInt(r.amount)),
        summary: `Force a withdrawal of ${formatEth(r.amount)} out of ${config.name} through L1: OptimismPortal.depositTransaction makes the L2 move it from your L2 balance to a withdrawal to your own L1 address (no ETH is sent with this transaction; the portal burns some L1 gas for the L2 gas it buys).`,
      },
    };
  }
  const out = followSent(r, 'force', inputs, { retry: 'force', what: 'depositTransaction' });
  if (out.state === 'reverted') return { record: out.record };
  if (out.state !== 'passed') return exitWait(r, 'The forced transaction is not in a verified L1 block yet.');
  const receipt = out.receipt;
  const deposit = depositFacts(config, r, receipt);
  if ('facts' in deposit) return { record: moveExit(r, 'inclusion', now, 'the forced transaction is on L1', deposit.facts) };
  if (deposit.failed === undefined) {
    return exitWait(withExitError(r, deposit.code, deposit.message, now), "The verified receipt lacks its block hash or log index: the deposit's L2 transaction cannot be named yet.");
  }
  return { record: withExitError(moveExit(r, 'failed', now, deposit.failed), deposit.code, deposit.message, now), action: { kind: 'done' } };
}

// -- inclusion --------------------------------------------------------------------------------

function inclusion(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const f = r.facts;
  if (f.floorL2Block === undefined) {
    // Without a floor, an older withdrawal of the same owner and amount could pass for this one
    // (and its payout for this exit's): one is taken now from a finalized state older than the force.
    const late = r.sent.force === undefined ? {} : floorFacts(config, inputs, r.sent.force.at);
    if (late.floorL2Block === undefined) {
      return {
        record: r,
        action: {
          kind: 'wait',
          reason: "Vigil needs a finalized L2 state from before your forced transaction to tell its withdrawal from an older one of the same amount, and the rollup as followed at this head gives none: it looks again at the next head.",
        },
      };
    }
    return { record: moveExit(r, 'inclusion', now, undefined, late) };
  }
  const receiptKey = `op-exit:l2-receipt:${f.l2DepositHash}`;
  const floorKey = f.floorL2Block !== undefined ? `op-exit:nonce-floor:${f.floorL2Block}` : undefined;
  const requests: ExitL2Request[] = [];
  if (!inputs.l2.has(receiptKey)) requests.push({ key: receiptKey, method: 'eth_getTransactionReceipt', params: [f.l2DepositHash] });
  if (floorKey !== undefined && f.nonceFloor === undefined && !inputs.l2.has(floorKey)) {
    requests.push({ key: floorKey, method: 'eth_getProof', params: [L2_TO_L1_MESSAGE_PASSER, [storageKey({ slot: MSG_NONCE_SLOT })], bigIntToHex(BigInt(f.floorL2Block!))] });
  }
  if (requests.length > 0) return { record: r, action: { kind: 'need', l2: requests } };

  const deadline = Number(f.depositL1Block) + SEQUENCING_WINDOW_L1_BLOCKS;
  const left = deadline - Number(inputs.head.blockNumber);
  const bound =
    left > 0
      ? `The L2 must include it by L1 block ${deadline} (about ${Math.ceil((left * L1_SLOT_SECONDS) / 3600)} h from now), sequencer or not.`
      : `Its sequencing window ended at L1 block ${deadline}: the L2 RPC may be behind or hiding it.`;

  // The nonce floor (checked once, kept): msgNonce proven under the finalized storage root recorded at force time.
  let floor = f.nonceFloor !== undefined ? BigInt(f.nonceFloor) : undefined;
  if (floor === undefined && floorKey !== undefined) {
    try {
      const json = answer(inputs, floorKey);
      const entry = Array.isArray(json?.storageProof) ? (json!.storageProof as unknown[])[0] : undefined;
      if (!isObject(entry) || !Array.isArray(entry.proof)) throw new InputError('the message passer proof has no storageProof[0]');
      floor = verifyStorageProof(hexToBytes(f.floorStorageRoot, 32), hexToBytes(storageKey({ slot: MSG_NONCE_SLOT }), 32), entry.proof.map((n, i) => hexToBytes(n, undefined, `proof[${i}]`))) & NONCE_MASK;
    } catch (err) {
      const e = errorSummary(err);
      return exitWait(withExitError(r, 'L2_PROOF_INVALID', `the L2 RPC's proof of the message passer nonce does not verify: ${e.message}`, now), 'The L2 RPC sent a message passer proof that does not verify: asking again at the next head.');
    }
  }

  const receipt = answer(inputs, receiptKey);
  if (receipt === undefined) {
    return exitWait(r, `Waiting for the L2 to run the forced transaction. ${bound}`);
  }
  const lie = (message: string): Out => ({
    record: withExitError(r, 'L2_PROOF_INVALID', message, now),
    action: { kind: 'wait', reason: `The L2 RPC's answer about the forced transaction does not hold up (${message}): asking again at the next head.` },
  });
  if (typeof receipt.transactionHash === 'string' && lower(receipt.transactionHash) !== f.l2DepositHash) return lie('its receipt is of another transaction');
  if (receipt.status === '0x0') {
    return {
      record: withExitError(r, 'OP_DEPOSIT_FAILED_ON_L2', 'the L2 RPC says the forced transaction failed on L2 (an L2 balance below the amount when it ran?): nothing was withdrawn', now),
      action: { kind: 'wait', reason: 'The L2 RPC says the forced transaction failed on L2, so nothing was withdrawn. Vigil cannot prove this from L1 and keeps looking in case the RPC is wrong.' },
    };
  }
  try {
    const logs = Array.isArray(receipt.logs) ? (receipt.logs as unknown[]) : [];
    const passed = logs.filter(isObject).find((l) => typeof l.address === 'string' && lower(l.address) === L2_TO_L1_MESSAGE_PASSER && Array.isArray(l.topics) && String(l.topics[0]).toLowerCase() === MESSAGE_PASSED);
    if (passed === undefined) return lie('its receipt holds no MessagePassed');
    const topics = passed.topics as string[];
    if (topics.length !== 4 || lower(topics[2]!) !== topicOf(r.owner) || lower(topics[3]!) !== topicOf(r.owner)) return lie('its MessagePassed is not from and to the owner');
    const nonce = hexToBigInt(topics[1], 'nonce');
    const [value, gasLimit, data, hash] = decodeAbi(['uint256', 'uint256', 'bytes', 'bytes32'], passed.data as string);
    const tx = exitWithdrawal(r.owner, BigInt(r.amount), nonce);
    if (value !== tx.value || gasLimit !== tx.gasLimit || data !== '0x') return lie('its withdrawal is not of this exit’s amount and gas limit');
    if (hash !== withdrawalHash(tx)) return lie('its withdrawal hash is not the hash of its fields');
    if (nonce >> 240n !== MESSAGE_VERSION) return lie('its withdrawal nonce is not of version 1');
    if (floor !== undefined && (nonce & NONCE_MASK) < floor) return lie(`its withdrawal nonce ${nonce & NONCE_MASK} is older than the deposit (the message passer had counted ${floor} before it)`);
    const l2Block = hexToBigInt(receipt.blockNumber, 'blockNumber');
    return {
      record: moveExit(r, 'prove', now, 'the forced transaction ran on L2', {
        withdrawalNonce: nonce.toString(),
        withdrawalHash: hash as string,
        l2Block: l2Block.toString(),
        ...(floor !== undefined ? { nonceFloor: floor.toString() } : {}),
      }),
    };
  } catch (err) {
    return lie(errorSummary(err).message);
  }
}

// -- prove ------------------------------------------------------------------------------------

/** Back to finding the withdrawal on L2 (its nonce was a hint the storage proof did not bear out). */
function unlearn(r: ExitPlanRecord, now: number, code: string, message: string): Out {
  const back = dropFacts(r, ['withdrawalNonce', 'withdrawalHash', 'l2Block']);
  return {
    record: withExitError(moveExit(back, 'inclusion', now, 'the L2 RPC’s withdrawal did not verify'), code, message, now),
    // The same answers would name it again: ask afresh at the next head.
    action: { kind: 'wait', reason: `The withdrawal the L2 RPC named is not in the L2 state L1 holds (${message}): Vigil signs nothing and looks for it again at the next head.` },
  };
}

function prove(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): Out {
  const now = inputs.now;
  const sent = r.sent.prove;
  if (sent !== undefined) {
    const out = followSent(r, 'prove', inputs, { retry: 'prove', what: 'proveWithdrawalTransaction' });
    if (out.state === 'reverted') return { record: out.record };
    if (out.state !== 'passed') return exitWait(r, 'The proof of the withdrawal is not in a verified L1 block yet.');
    const receipt = out.receipt;
    const log = exitLog(receipt, config.optimismPortal.address, WITHDRAWAL_PROVEN);
    if (log === undefined || log.topics[1]?.toLowerCase() !== r.facts.withdrawalHash) {
      return { record: withExitError(dropSent(r, 'prove'), 'L2_TX_MALFORMED', 'the proving transaction passed without a WithdrawalProven of this withdrawal: proving again', now) };
    }
    return { record: moveExit(r, 'mature', now, 'the withdrawal is proven on L1') };
  }

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
  const todo = [...missing(m, [portal.request]), ...adapterWants];
  if (todo.length > 0) return needL1(r, todo);
  const ps = portal.state!;
  if (ps.finalized) return { record: moveExit(r, 'done', now, 'the withdrawal is finalized on L1'), action: { kind: 'done' } };
  if (ps.provenAt !== 0) {
    // Proven by this owner already (a receipt this record never saw): no second proof, which
    // would restart the 7 days, unless the game it was proven against can no longer be valid.
    const g = gameState(config, ps.game, m);
    if (g.todo.length > 0) return needL1(r, g.todo);
    if (g.state !== undefined && invalidity(g.state) === undefined) return { record: moveExit(r, 'mature', now, 'the withdrawal is proven on L1 already') };
  }

  const l2Block = BigInt(r.facts.l2Block!);
  let game;
  try {
    game = opStackGames(config, m).newest;
  } catch (err) {
    const e = errorSummary(err);
    if (e.code !== 'OP_NO_VALID_GAME') return exitWait(withExitError(r, e.code, e.message, now), `The rollup's L1 state cannot be read: ${e.message}`);
    game = null;
  }
  if (game === null || game.index === null || game.l2BlockNumber < l2Block) {
    const newest = game === null ? 'no valid game yet' : `the newest valid game covers L2 block ${game.l2BlockNumber}`;
    return exitWait(r, `Waiting for a dispute game on L1 that covers L2 block ${l2Block} (${newest}; proposers post one about every hour).`);
  }

  // The output root preimage at the game's block, and the withdrawal's storage proof: L2 hints checked below.
  const blockHex = bigIntToHex(game.l2BlockNumber);
  const blockKey = `op-exit:l2-block:${game.l2BlockNumber}`;
  const proofKey = `op-exit:withdrawal-proof:${game.l2BlockNumber}:${r.facts.withdrawalHash}`;
  const header = followedHeader(inputs, game.l2BlockNumber);
  const requests: ExitL2Request[] = [];
  if (header === undefined && !inputs.l2.has(blockKey)) requests.push({ key: blockKey, method: 'eth_getBlockByNumber', params: [blockHex, false] });
  if (!inputs.l2.has(proofKey)) requests.push({ key: proofKey, method: 'eth_getProof', params: [L2_TO_L1_MESSAGE_PASSER, [sentMessagesKey(r.facts.withdrawalHash!)], blockHex] });
  if (requests.length > 0) return { record: r, action: { kind: 'need', l2: requests } };

  const refused = (message: string): Out => ({
    record: withExitError(r, 'L2_PROOF_INVALID', message, now),
    action: { kind: 'wait', reason: `The L2 RPC's proof of the withdrawal does not verify (${message}): Vigil signs nothing and asks again at the next head.` },
  });
  let outputProof: OutputRootProof;
  let withdrawalProof: string[];
  try {
    const block = header ?? answer(inputs, blockKey);
    const proof = answer(inputs, proofKey);
    if (block === undefined || proof === undefined) return refused('no L2 block or proof was returned');
    const entry = Array.isArray(proof.storageProof) ? (proof.storageProof as unknown[])[0] : undefined;
    if (!isObject(entry) || !Array.isArray(entry.proof)) return refused('the proof has no storageProof[0]');
    outputProof = {
      version: '0x' + '00'.repeat(32),
      stateRoot: bytesToHex(hexToBytes(block.stateRoot, 32, 'stateRoot')),
      messagePasserStorageRoot: bytesToHex(hexToBytes(proof.storageHash, 32, 'storageHash')),
      latestBlockhash: bytesToHex(hexToBytes(block.hash, 32, 'hash')),
    };
    withdrawalProof = entry.proof.map((n, i) => bytesToHex(hexToBytes(n, undefined, `proof[${i}]`)));
    checkWithdrawalProof(game.rootClaim, outputProof, r.facts.withdrawalHash!, withdrawalProof);
  } catch (err) {
    const e = errorSummary(err);
    // Proven absent under a root L1 holds: the L2 block or the nonce the L2 RPC named was not this
    // withdrawal's (a lie); find it again. Any other failure: the proof itself lied; ask again.
    if (e.code === 'PROOF_VALUE_MISMATCH') return unlearn(r, now, 'L2_PROOF_INVALID', `the withdrawal the L2 RPC named is not in the L2 state L1 holds at block ${game.l2BlockNumber}`);
    return refused(e.message);
  }
  const cleared = r.error === undefined ? r : (({ error: _e, ...rest }) => rest)(r);
  return {
    record: { ...cleared, facts: { ...r.facts, gameIndex: game.index.toString(), gameProxy: game.proxy, gameL2Block: game.l2BlockNumber.toString() } },
    action: {
      kind: 'send',
      label: 'prove',
      to: config.optimismPortal.address,
      value: 0n,
      data: encodeProveWithdrawal(recordWithdrawal(r), game.index, outputProof, withdrawalProof),
      summary: `Prove your ${formatEth(r.amount)} withdrawal from ${config.name} on L1 against dispute game ${game.index} (L2 block ${game.l2BlockNumber}). After this, the portal makes you wait ${aboutDuration(config.delays.proofMaturityDelaySeconds)} before it pays.`,
    },
  };
}

/** The follower's L2 header when it is of `block` (its output root was checked against its game by the adapter). */
function followedHeader(inputs: ExitInputs, block: bigint): Record<string, unknown> | undefined {
  const h = inputs.followed?.hints?.header;
  if (h === undefined || inputs.followed!.accepted.batch !== block) return undefined;
  try {
    const header = decodeHeader(h);
    return { stateRoot: bytesToHex(header.stateRoot), hash: bytesToHex(keccak256(h)) };
  } catch {
    return undefined;
  }
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
    const back = dropFacts(dropSent(r, 'prove'), ['gameIndex', 'gameProxy', 'gameL2Block']);
    return { record: withExitError(moveExit(back, 'prove', now, `game ${ps.game} ${why}`), 'OP_GAME_INVALID', `the dispute game the withdrawal was proven against ${why}: proving it again against another game (the ${aboutDuration(config.delays.proofMaturityDelaySeconds)} start again)`, now) };
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

/**
 * What the OP Stack exit's forced deposit gives it: the deposit named from the verified force
 * receipt (its L1 block hash and log index, and so its L2 transaction hash), named again at every
 * head until that receipt's block is finalized, and the message passer nonce floor that tells this
 * exit's withdrawal from an older one of the same owner and amount. Pure; the plan is exit.ts.
 * @module
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { errorSummary, VerificationError } from '../../core/errors.ts';
import { decodeAbi } from '../../execution/abi.ts';
import { decodeHeader } from '../../execution/header.ts';
import { dropFacts, type ExitInputs, type ExitPlanRecord, type ExitReceiptFacts, type ExitStepOut, moveExit, sentReceipt } from '../exit-plan.ts';
import { opStackAdapter } from './adapter.ts';
import { depositL2TransactionHash, encodeInitiateWithdrawal, FORCED_DEPOSIT_GAS_LIMIT, L2_TO_L1_MESSAGE_PASSER, TRANSACTION_DEPOSITED } from './bridge.ts';
import type { OpStackConfig } from './config.ts';

const lower = (a: string) => a.toLowerCase();
const topicOf = (address: string) => bytesToHex(bigIntToBytesPadded(BigInt(address), 32));

/**
 * The message passer nonce floor: a finalized L2 state whose block is no later than `signedAt`
 * (the force transaction's signing time: the deposit lands in a later L1 block, and no L2 block
 * older than its L1 origin holds it) predates the deposit, so the withdrawal's nonce is at least
 * msgNonce there. Taken from the follower's state (re-checked here) when it is finalized; else none.
 */
export function floorFacts(config: OpStackConfig, inputs: ExitInputs, signedAt: number): Record<string, string> {
  const f = inputs.followed;
  if (f === undefined || f.accepted.status !== 'finalized' || f.hints?.header === undefined) return {};
  try {
    const accepted = opStackAdapter.acceptedState(config, f.proven, f.hints);
    if (accepted.root !== f.accepted.root || accepted.status !== 'finalized') return {};
    const header = decodeHeader(f.hints.header);
    if (header.withdrawalsRoot === undefined || header.timestamp > BigInt(signedAt)) return {};
    return { floorL2Block: accepted.batch.toString(), floorStorageRoot: bytesToHex(header.withdrawalsRoot) };
  } catch {
    return {};
  }
}

/** What the deposit gives, read from the force receipt: its L1 block, block hash and log index, and so its L2 transaction hash. */
export const DEPOSIT_FACTS = ['depositL1Block', 'depositL1BlockHash', 'depositLogIndex', 'l2DepositHash'] as const;
/** What was learned of the withdrawal on L2 and proven on L1 from the deposit's L2 transaction. */
export const WITHDRAWAL_FACTS = ['withdrawalNonce', 'withdrawalHash', 'l2Block', 'gameIndex', 'gameProxy', 'gameL2Block'] as const;

/** The deposit of this exit in a successful force receipt, or why there is none to name (`failed`: the note of an exit that cannot go on). */
export function depositFacts(config: OpStackConfig, r: ExitPlanRecord, receipt: ExitReceiptFacts): { facts: Record<string, string> } | { code: string; message: string; failed?: string } {
  const log = receipt.logs.find(
    (l) =>
      lower(l.address) === lower(config.optimismPortal.address) &&
      l.topics[0]?.toLowerCase() === TRANSACTION_DEPOSITED &&
      l.topics[1]?.toLowerCase() === topicOf(r.owner) &&
      l.topics[2]?.toLowerCase() === topicOf(L2_TO_L1_MESSAGE_PASSER),
  );
  if (log === undefined) {
    // A contract account is aliased on L2 (its withdrawal would not be its own): not this exit.
    return { code: 'L2_OWNER_MISMATCH', message: `the forced transaction's receipt holds no TransactionDeposited from ${r.owner} to the message passer (a contract account is aliased on L2)`, failed: 'no deposit of this exit in the receipt' };
  }
  if (receipt.blockHash === undefined || log.logIndex === undefined) return { code: 'L2_TX_MALFORMED', message: 'the verified receipt carries no block hash or log index' };
  try {
    const [opaque] = decodeAbi(['bytes'], log.data);
    const expected = concatBytes(
      bigIntToBytesPadded(0n, 32),
      bigIntToBytesPadded(BigInt(r.amount), 32),
      bigIntToBytesPadded(FORCED_DEPOSIT_GAS_LIMIT, 8),
      Uint8Array.of(0),
      hexToBytes(encodeInitiateWithdrawal(r.owner)),
    );
    if (!equalBytes(hexToBytes(opaque as string), expected)) throw new VerificationError('ABI_MALFORMED', 'the deposit is not the one this exit sent');
    const logIndex = hexToBigInt(log.logIndex, 'logIndex');
    return {
      facts: {
        depositL1Block: hexToBigInt(receipt.blockNumber, 'blockNumber').toString(),
        depositL1BlockHash: lower(receipt.blockHash),
        depositLogIndex: logIndex.toString(),
        l2DepositHash: depositL2TransactionHash(log, receipt.blockHash, logIndex),
      },
    };
  } catch (err) {
    const e = errorSummary(err);
    return { code: e.code, message: e.message, failed: 'the deposit log is not this exit’s' };
  }
}

/**
 * The deposit named again from the force receipt while its block is not finalized: a reorg may
 * have moved the transaction to another block (another block hash and log index, so another L2
 * transaction) or dropped it. Moved: the withdrawal is looked for again from the new L2 hash.
 * Gone: back to `force`, which waits for the transaction again (or sends it again once the runner
 * found it dropped). Undefined while the record's deposit stands.
 */
export function recheckDeposit(config: OpStackConfig, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut | undefined {
  if (r.facts.l2DepositHash === undefined) return undefined;
  const at = sentReceipt(r, 'force', inputs);
  if (at?.state === 'final') return undefined;
  const deposit = at?.state === 'held' && at.receipt.status === '0x1' ? depositFacts(config, r, at.receipt) : undefined;
  if (deposit !== undefined && 'facts' in deposit && DEPOSIT_FACTS.every((k) => deposit.facts[k] === r.facts[k])) return undefined;
  const cleared = dropFacts(r, [...DEPOSIT_FACTS, ...WITHDRAWAL_FACTS]);
  if (deposit !== undefined && 'facts' in deposit) {
    const note = `the forced transaction moved to L1 block ${deposit.facts.depositL1Block} (${deposit.facts.depositL1BlockHash}, log ${deposit.facts.depositLogIndex}): its L2 transaction is ${deposit.facts.l2DepositHash}`;
    return { record: moveExit(cleared, 'inclusion', inputs.now, note, deposit.facts) };
  }
  return { record: moveExit(cleared, 'force', inputs.now, 'the block of the forced transaction left the chain: waiting for it again') };
}

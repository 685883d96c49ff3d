/**
 * Which L2→L1 message is a Scroll forced exit's own (./exit.ts): the L2 withdrawals' count proven
 * under the finalized L2 state before the force (no message below it is the exit's), the batch
 * bound once its queue entry is finalized (no message of a later batch is), and the hints that
 * name the message (the L2 receipt of the forced transaction; Scroll's bridge-history API), read
 * strictly. Pure.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { decodeAbi } from '../../execution/abi.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import { type ExitInputs, type ExitPlanAction, type ExitPlanRecord, exitWait, withExitError } from '../exit-plan.ts';
import { storageKey } from '../slots.ts';
import { SENT_MESSAGE_TOPIC } from './bridge.ts';

const pad = (address: string) => '0x' + '00'.repeat(12) + address.slice(2).toLowerCase();

/**
 * Scroll's L2MessageQueue predeploy, whose withdraw trie gives each L2→L1 message its nonce
 * (L2ScrollMessenger._sendMessage takes `nextMessageIndex` as the nonce, then appends), and the
 * slot of `nextMessageIndex` (AppendOnlyMerkleTree's second variable, after `messageRoot`;
 * scroll-tech/scroll-contracts src/libraries/common/AppendOnlyMerkleTree.sol, L2MessageQueue
 * inheriting it first).
 */
export const L2_MESSAGE_QUEUE = '0x5300000000000000000000000000000000000000';
export const NEXT_MESSAGE_INDEX_SLOT = 1n;
/** Key of the L2 RPC's proof of the withdrawals' count in the finalized L2 state. */
const COUNT_KEY = 'scroll-l2:message-count';

/** A claim the hints offer: the message's nonce, the batch whose withdraw root holds it, the proof. */
export interface ClaimHint {
  nonce: bigint;
  batchIndex: bigint;
  proof: string;
}

/** The SentMessage of the exit in the L2 receipt hint, if it shows one: its nonce. @throws VerificationError SCROLL_EXIT_HINT_MISMATCH when it names another message. */
export function nonceFromReceipt(l2Messenger: string, record: ExitPlanRecord, receipt: unknown): bigint | undefined {
  if (receipt === null || typeof receipt !== 'object') return undefined;
  const r = receipt as { status?: unknown; logs?: unknown };
  if (r.status === '0x0') {
    throw new VerificationError('SCROLL_EXIT_HINT_MISMATCH', "the L2 RPC reports that your forced transaction failed on L2 (e.g. the L2 balance was too low when it ran): nothing was withdrawn (an unproven hint: Vigil keeps watching)");
  }
  if (!Array.isArray(r.logs)) return undefined;
  for (const l of r.logs as { address?: unknown; topics?: unknown; data?: unknown }[]) {
    if (typeof l?.address !== 'string' || l.address.toLowerCase() !== l2Messenger || !Array.isArray(l.topics) || String(l.topics[0]).toLowerCase() !== SENT_MESSAGE_TOPIC) continue;
    const [value, nonce, , message] = decodeAbi(['uint256', 'uint256', 'uint256', 'bytes'], String(l.data));
    if (String(l.topics[1]).toLowerCase() !== pad(record.owner) || String(l.topics[2]).toLowerCase() !== pad(record.owner) || value !== BigInt(record.amount) || message !== '0x') {
      throw new VerificationError('SCROLL_EXIT_HINT_MISMATCH', 'the L2 receipt of your forced transaction shows a SentMessage of another sender, recipient, value or data');
    }
    return nonce as bigint;
  }
  return undefined;
}

/**
 * The bridge API's claims of this exit's own message: from = to = owner, the value, empty data,
 * and the nonce the L2 receipt gave, or (without one) the entry of this exit's own L2 transaction
 * (its hash, made from the queue index): never an older withdrawal of the same fields.
 */
export function claimsFromApi(record: ExitPlanRecord, answer: unknown, nonce: bigint | undefined): ClaimHint[] {
  const results = (answer as { data?: { results?: unknown } } | null)?.data?.results;
  if (!Array.isArray(results)) return [];
  const out: ClaimHint[] = [];
  for (const item of results) {
    const ownTx = String((item as { hash?: unknown } | null)?.hash).toLowerCase() === record.facts.l2TxHash;
    const c = (item as { claim_info?: Record<string, unknown> } | null)?.claim_info;
    if (c === null || typeof c !== 'object') continue;
    try {
      const proof = c.proof as { batch_index?: unknown; merkle_proof?: unknown } | undefined;
      const hint = { nonce: BigInt(String(c.nonce)), batchIndex: BigInt(String(proof?.batch_index)), proof: bytesToHex(hexToBytes(String(proof?.merkle_proof ?? ''), undefined, 'merkle_proof')) };
      // A nonce or batch index that is no uint256 (BigInt reads "-5") names no message: skipped, never thrown out of advance.
      if (hint.nonce < 0n || hint.nonce >= 1n << 256n || hint.batchIndex < 0n || hint.batchIndex >= 1n << 256n) continue;
      const same = String(c.from).toLowerCase() === record.owner && String(c.to).toLowerCase() === record.owner && BigInt(String(c.value)) === BigInt(record.amount) && String(c.message).toLowerCase() === '0x';
      if (same && (nonce !== undefined ? hint.nonce === nonce : ownTx)) out.push(hint);
    } catch {
      // A malformed entry is no claim: skipped like one of another message.
    }
  }
  return out;
}

/**
 * The L2 withdrawals' count (the next message's nonce) proven under the finalized L2 state root
 * the follower accepted at this head, before the force: `facts` to keep (none when kept already),
 * or a need / a wait while it cannot be proven (nothing is forced before it is).
 */
export function messageNonceFloor(record: ExitPlanRecord, inputs: ExitInputs): { facts: Record<string, string> } | { out: { record: ExitPlanRecord; action: ExitPlanAction } } {
  if (record.facts.messageNonceFloor !== undefined) return { facts: {} };
  const followed = inputs.followed;
  const key = storageKey({ slot: NEXT_MESSAGE_INDEX_SLOT });
  if (followed === undefined) {
    return { out: exitWait(record, "Before forcing your withdrawal Vigil proves how many withdrawals Scroll's L2 has made (so that no older one of the same amount can pass for yours), from the finalized L2 state: Scroll is not followed at this head.") };
  }
  if (!inputs.l2.has(COUNT_KEY)) return { out: { record, action: { kind: 'need', l2: [{ key: COUNT_KEY, method: 'eth_getProof', params: [L2_MESSAGE_QUEUE, [key], 'finalized'] }] } } };
  try {
    const proven = verifyEvmAccount(followed.accepted.root, inputs.l2.get(COUNT_KEY), { address: L2_MESSAGE_QUEUE, storageKeys: [key] });
    return { facts: { messageNonceFloor: proven.storage[0]!.value.toString(), messageNonceFloorBatch: followed.accepted.batch.toString() } };
  } catch (err) {
    const message = `the L2 RPC's proof of the withdrawals' count does not verify against the finalized L2 state of batch ${followed.accepted.batch}: ${(err as Error).message}`;
    return { out: exitWait(withExitError(record, 'L2_PROOF_INVALID', message, inputs.now), `${message}. Nothing is forced before it is proven; Vigil asks again at the next head.`) };
  }
}

/**
 * The claim's message is within what can be the exit's: its nonce at least the count proven before
 * the force, its batch at most the last finalized when the queue entry was seen finalized.
 * @throws VerificationError SCROLL_EXIT_HINT_MISMATCH
 */
export function withinExitBounds(record: ExitPlanRecord, hint: ClaimHint): void {
  const { messageNonceFloor: floor, claimBatchCeiling: ceiling } = record.facts;
  if (floor !== undefined && hint.nonce < BigInt(floor)) {
    throw new VerificationError('SCROLL_EXIT_HINT_MISMATCH', `the message the hints name (nonce ${hint.nonce}) is older than your forced transaction: Scroll's L2 had made ${floor} withdrawals before it`, { expected: `a nonce of at least ${floor}`, got: hint.nonce.toString() });
  }
  if (ceiling !== undefined && hint.batchIndex > BigInt(ceiling)) {
    throw new VerificationError('SCROLL_EXIT_HINT_MISMATCH', `the message the hints name is in batch ${hint.batchIndex}, after batch ${ceiling}, the last finalized when your forced transaction was: not yours`, { expected: `a batch of at most ${ceiling}`, got: hint.batchIndex.toString() });
  }
}

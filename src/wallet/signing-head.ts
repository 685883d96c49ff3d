/**
 * The head rule of the signing policy (./policy.ts): which verified head a transaction may be
 * signed against. Pure: `now` is passed in.
 *
 * The facts of a transaction (nonce, balance, base fee, the block of a call) come from the newest
 * verified head whose sync aggregate was signed by a supermajority of its sync committee:
 * 3 · participants ≥ 2 · committee size, the threshold under which the consensus specs' light
 * client applies a finality update normally (process_light_client_update). The light client
 * itself follows a header signed by more than its safety threshold, half the most participants it
 * saw lately (get_safety_threshold), and, after UPDATE_TIMEOUT without finality, takes its best
 * update whatever signed it (process_light_client_store_force_update): headers a minority of the
 * committee can make. Such a head is shown, marked as thinly signed, and never signed against.
 * The head used must also be fresh: at most `maxHeadAgeSeconds` old by the caller's clock
 * (`STALE_HEAD`), and not from the future.
 *
 * What it buys: to make Vigil sign on a false balance or nonce, a lying beacon API needs the
 * signatures of two thirds of the committee, as it would for finality. What it costs: when the
 * newest aggregate is thinner (early in a slot, or while participation is low), signing uses the
 * head a slot or two back; while participation stays under two thirds, nothing is signed
 * (`HEAD_THINLY_SIGNED`, naming the head it would need).
 * @module
 */
import type { HeadBlock, HeadJson, SyncParticipation } from '../l1/heads.ts';
import type { WalletErrorCode } from './errors.ts';

/** How far (seconds) a head's timestamp may be ahead of the caller's clock: one slot. */
export const MAX_HEAD_FUTURE_SKEW_SECONDS = 12;

/** The head-age rule: a head this old (or more) is stale for signing, ten slots of the network... */
export const SIGNING_HEAD_AGE_SLOTS = 10;
/** ...and never under a minute (a fast devnet's ten slots would leave no time to approve). */
export const MIN_SIGNING_HEAD_AGE_SECONDS = 60;

/**
 * A network's bound on the verified head's age for signing (PolicyNetwork `maxHeadAgeSeconds`):
 * ten slots, never under a minute; the extension and `vigil wallet` alike.
 * @example signingHeadAgeSeconds(12) // 120
 */
export function signingHeadAgeSeconds(secondsPerSlot: number): number {
  return Math.max(MIN_SIGNING_HEAD_AGE_SECONDS, SIGNING_HEAD_AGE_SLOTS * secondsPerSlot);
}

/**
 * Whether a supermajority signed: 3 · participants ≥ 2 · committee size. Unknown participation
 * (null: a head stored before Vigil kept it, or the trusted checkpoint, which no aggregate signed)
 * is not a supermajority.
 * @example isSupermajority({ participants: 22, committeeSize: 32 }) // true (66 ≥ 64)
 */
export function isSupermajority(p: SyncParticipation | null | undefined): boolean {
  if (p === null || p === undefined) return false;
  const { participants, committeeSize } = p;
  if (!Number.isSafeInteger(participants) || !Number.isSafeInteger(committeeSize) || committeeSize <= 0) return false;
  if (participants < 0 || participants > committeeSize) return false;
  return 3 * participants >= 2 * committeeSize;
}

/** The fewest signers that make a supermajority of `committeeSize`: ⌈2n/3⌉. @example supermajorityOf(512) // 342 */
export function supermajorityOf(committeeSize: number): number {
  return Math.ceil((2 * committeeSize) / 3);
}

/**
 * A verified head as the policy reads it (a view of src/l1/heads.ts VerifiedHead: its block's
 * number and time, and its hash in the JSON form's 0x hex), and who signed it.
 */
export type PolicyHead = Pick<HeadBlock, 'blockNumber' | 'timestamp'> &
  Pick<HeadJson, 'blockHash'> & {
    /**
     * The sync aggregate that signed the beacon block holding it; null when not known (a head
     * stored before Vigil kept it, the trusted checkpoint): not a supermajority. `user`: a head the
     * user gave as verified (the CLI's offline `--header`), vouched for by them, not by an aggregate.
     */
    signedBy: SyncParticipation | 'user' | null;
  };

/**
 * A head as the policy reads it, from its JSON form (src/l1/heads.ts headToJson): the trusted
 * checkpoint, which no aggregate signed, counts as not known.
 */
export function policyHead(head: HeadJson, signedBy: SyncParticipation | 'checkpoint' | 'user' | null): PolicyHead {
  return { blockNumber: BigInt(head.blockNumber), blockHash: head.blockHash, timestamp: BigInt(head.timestamp), signedBy: signedBy === 'checkpoint' ? null : signedBy };
}

/** Whether a transaction may rest on a head so signed: a supermajority's, or the user's own word. */
export function signsFor(signedBy: PolicyHead['signedBy']): boolean {
  return signedBy === 'user' || isSupermajority(signedBy);
}

type Refuse = (code: Extract<WalletErrorCode, 'STALE_HEAD' | 'HEAD_THINLY_SIGNED'>, message: string, expected?: string, got?: string) => void;

/**
 * The head rule: refuses (through `refuse`) unless `head` was signed by a supermajority and is
 * fresh. `newest`: the newest verified head when it is newer than `head` (or there is no `head`)
 * and signed by fewer; a refusal then names it and the head a signature needs.
 * Returns now − head timestamp (seconds) when there is a head.
 */
export function checkSigningHead(
  input: { now: number; network: { name: string; maxHeadAgeSeconds: number }; head?: PolicyHead | undefined; newest?: PolicyHead | undefined },
  refuse: Refuse,
): bigint | undefined {
  const { now, network, head } = input;
  const bound = BigInt(network.maxHeadAgeSeconds);
  const newest = input.newest;
  const thin = newest !== undefined && !signsFor(newest.signedBy) && (head === undefined || newest.blockNumber > head.blockNumber) ? newest : undefined;
  // One refusal for the three ways to be left with a thin head: it names the head and the one needed.
  const refuseThin = (h: PolicyHead, why: string, got = '') => {
    const p = h.signedBy;
    const known = p !== null && p !== 'user';
    const needed = `a block signed by at least ${known ? `${supermajorityOf(p.committeeSize)} of the ${p.committeeSize}` : 'two thirds of the'} members of its sync committee, at most ${bound} s old`;
    const share = known ? `${p.participants} of ${p.committeeSize}` : 'not known';
    refuse('HEAD_THINLY_SIGNED', `Vigil's newest verified ${network.name} block (${h.blockNumber}) was signed by fewer than two thirds of its sync committee (${share})${why}; it signs only against ${needed}.`, needed, `block ${h.blockNumber}: ${share}${got}`);
  };
  if (head === undefined) {
    if (thin !== undefined) refuseThin(thin, ', and no block two thirds signed is verified yet');
    else refuse('STALE_HEAD', `Vigil has no verified ${network.name} block yet, so it cannot prove your balance and nonce.`);
    return undefined;
  }
  const age = BigInt(now) - head.timestamp;
  if (!signsFor(head.signedBy)) {
    refuseThin(head, '');
  } else if (age > bound && thin !== undefined) {
    refuseThin(thin, `; the newest block two thirds signed (${head.blockNumber}) is ${duration(age)} old, more than the ${duration(bound)} it accepts`, `; block ${head.blockNumber}: ${age} s old`);
  } else if (age > bound) {
    refuse(
      'STALE_HEAD',
      `Vigil's newest verified ${network.name} block (${head.blockNumber}) is ${duration(age)} old, more than the ${duration(bound)} it accepts; it signs again once the light client catches up.`,
      `at most ${bound} s`,
      `${age} s`,
    );
  } else if (-age > BigInt(MAX_HEAD_FUTURE_SKEW_SECONDS)) {
    refuse(
      'STALE_HEAD',
      `Vigil's newest verified ${network.name} block (${head.blockNumber}) is dated ${duration(-age)} after your computer's clock; the clock is probably behind, so Vigil cannot tell how fresh its state is.`,
      `at most ${MAX_HEAD_FUTURE_SKEW_SECONDS} s ahead`,
      `${-age} s ahead`,
    );
  }
  return age;
}

/** Seconds in words: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function duration(seconds: bigint): string {
  if (seconds < 60n) return `${seconds} s`;
  if (seconds < 3600n) return joinUnits(seconds / 60n, 'min', seconds % 60n, 's');
  if (seconds < 86400n) return joinUnits(seconds / 3600n, 'h', (seconds % 3600n) / 60n, 'min');
  return joinUnits(seconds / 86400n, 'd', (seconds % 86400n) / 3600n, 'h');
}

function joinUnits(big: bigint, bigUnit: string, small: bigint, smallUnit: string): string {
  return small === 0n ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

/**
 * Which gossip version a message is, on a chain whose fork schedule is known: the version its
 * block's fork travels in (../forks/rules.ts), read at the timestamp the message carries in that
 * version's layout. A message whose layouts fit several versions is told apart this way; one that
 * fits none its time allows is refused. Pure.
 * @module
 */
import { InputError } from '../../../core/errors.ts';
import { opRulesAt } from '../forks/rules.ts';
import type { OpForkSchedule } from '../forks/schedule.ts';
import { decodeGossipBlock, gossipVersionsOf } from './message.ts';
import type { GossipVersion } from './payload.ts';

/**
 * @throws InputError when no version's layout fits with a timestamp of that version's forks, or
 *   when `given` is not the version the block's fork travels in;
 *   VerificationError OP_UNSUPPORTED_FORK at a time past a fork Vigil does not know.
 * @example gossipVersionOnChain(wire, OP_CHAIN_RULES.get(10)!.forks) // 4
 */
export function gossipVersionOnChain(wire: Uint8Array, schedule: OpForkSchedule, given?: GossipVersion): GossipVersion {
  const candidates = given !== undefined ? [given] : gossipVersionsOf(wire);
  const read: string[] = [];
  for (const version of candidates) {
    const { timestamp } = decodeGossipBlock(wire, version).payload;
    const rules = opRulesAt(schedule, timestamp);
    if (rules.gossipVersion === version) return version;
    read.push(`read as v${version}, its time ${timestamp} is in ${rules.fork}, whose blocks travel as v${rules.gossipVersion}`);
  }
  if (read.length === 0) throw new InputError('the message fits no gossip version\'s encoding (v1–v4)');
  throw new InputError(`the message is of no version its block's time allows on this chain: ${read.join('; ')}`);
}

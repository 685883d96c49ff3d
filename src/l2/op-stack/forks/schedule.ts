/**
 * An OP Stack chain's fork schedule: which OP fork holds at an L2 block's timestamp. The same idea
 * as L1's (src/l1/config.ts forkAtEpoch), by time as OP's rollup configs give it
 * (superchain-registry `[hardforks]`, `<fork>_time`): a fork is active from the first block whose
 * timestamp is at or past its time; a fork with no time is not scheduled. Forks after Karst that a
 * chain schedules are kept by name and refused from their time (OP_UNSUPPORTED_FORK), as the light
 * client refuses an L1 fork it cannot follow: running such a block by older rules would be a guess.
 * Pure.
 * @module
 */
import { describe } from '../../../core/bytes.ts';
import { InputError, VerificationError } from '../../../core/errors.ts';
import { aobject } from '../../../core/json.ts';

/** OP forks Vigil knows, in order; Bedrock is the chain's genesis rules. */
export const OP_FORKS = ['bedrock', 'regolith', 'canyon', 'delta', 'ecotone', 'fjord', 'granite', 'holocene', 'isthmus', 'jovian', 'karst'] as const;
export type OpFork = (typeof OP_FORKS)[number];
/**
 * Keys OP's rollup configs schedule that change no rule of the L2 block (they change derivation):
 * accepted and set aside. `pectra_blob_schedule`: Sepolia chains' fix of the L1 blob fee derivation
 * reads (specs `protocol/pectra-blob-schedule`).
 */
const NOT_L2_RULES = ['pectra_blob_schedule'];

/** The forks a schedule sets times for (Bedrock has none: it is where the chain starts). */
export type ScheduledOpFork = Exclude<OpFork, 'bedrock'>;

export function opForkAtLeast(fork: OpFork, than: OpFork): boolean {
  return OP_FORKS.indexOf(fork) >= OP_FORKS.indexOf(than);
}

export interface OpForkSchedule {
  /** Activation times (unix seconds) of the forks the chain schedules, ascending in OP_FORKS order. */
  readonly times: Readonly<Partial<Record<ScheduledOpFork, bigint>>>;
  /** Forks scheduled that this version of Vigil does not know, with their times. */
  readonly unknown: readonly { readonly name: string; readonly time: bigint }[];
}

const MAX_TIME = 2n ** 64n - 1n;

/**
 * Reads a schedule: `{ "<fork>": <unix seconds>, … }` with the forks' lower-case names
 * (`canyon`, …, `karst`; `<fork>_time` as the registry writes them is taken too). Each known fork's
 * time is at or after the one before it, and a fork scheduled means every fork before it is too
 * (OP chains activate them in order; a gap would leave a fork's rules undefined), except Regolith:
 * the registry writes no time for it, every registry chain having it from genesis (0 when absent).
 * @throws InputError naming the fork whose time is missing, not a time, or out of order.
 * @example parseOpForkSchedule({ canyon: 1704992401, delta: 1708560000 }).times.delta // 1708560000n
 */
export function parseOpForkSchedule(json: unknown, title = 'forks'): OpForkSchedule {
  const o = aobject(json, title);
  const times: Partial<Record<ScheduledOpFork, bigint>> = {};
  const unknown: { name: string; time: bigint }[] = [];
  for (const [key, value] of Object.entries(o)) {
    const name = key.endsWith('_time') ? key.slice(0, -5) : key;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new InputError(`"${title}" expected fork names in lower case, got ${describe(key)}`);
    const time = timeOf(value, `${title}.${key}`);
    if (name === 'bedrock') throw new InputError(`"${title}.${key}": Bedrock is the chain's genesis rules and has no time`);
    if (NOT_L2_RULES.includes(name)) continue;
    if ((OP_FORKS as readonly string[]).includes(name)) {
      if (times[name as ScheduledOpFork] !== undefined) throw new InputError(`"${title}" names ${name} twice`);
      times[name as ScheduledOpFork] = time;
    } else unknown.push({ name, time });
  }
  if (times.regolith === undefined && Object.keys(times).length > 0) times.regolith = 0n;
  let previous: { fork: ScheduledOpFork; time: bigint } | undefined;
  for (const fork of OP_FORKS.slice(1) as ScheduledOpFork[]) {
    const time = times[fork];
    if (time === undefined) {
      const later = (OP_FORKS.slice(OP_FORKS.indexOf(fork) + 1) as ScheduledOpFork[]).find((f) => times[f] !== undefined);
      if (later !== undefined) throw new InputError(`"${title}.${later}" is scheduled but ${fork}, before it, is not`);
      continue;
    }
    if (previous !== undefined && time < previous.time) throw new InputError(`"${title}.${fork}" (${time}) is before ${previous.fork} (${previous.time})`);
    previous = { fork, time };
  }
  return { times, unknown: unknown.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)) };
}

function timeOf(value: unknown, title: string): bigint {
  const ok = (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'bigint' && value >= 0n && value <= MAX_TIME);
  if (!ok) throw new InputError(`"${title}" expected unix seconds (a non-negative integer), got ${describe(value)}`);
  return BigInt(value as number | bigint);
}

/**
 * The OP fork in force at an L2 block's `timestamp`.
 * @throws VerificationError OP_UNSUPPORTED_FORK at or past the time of a fork Vigil does not know.
 * @example opForkAt(OP_MAINNET_FORKS, 1_746_806_401n) // 'isthmus'
 */
export function opForkAt(schedule: OpForkSchedule, timestamp: bigint): OpFork {
  const unknown = schedule.unknown.find((f) => timestamp >= f.time);
  if (unknown !== undefined) {
    throw new VerificationError('OP_UNSUPPORTED_FORK', `an L2 block at ${timestamp} is in the chain's fork ${unknown.name} (from ${unknown.time}), which this version of Vigil does not know`);
  }
  let current: OpFork = 'bedrock';
  for (const fork of OP_FORKS.slice(1) as ScheduledOpFork[]) {
    const time = schedule.times[fork];
    if (time === undefined || timestamp < time) break;
    current = fork;
  }
  return current;
}

/** The time `fork` activates on the chain, or undefined when it is not scheduled. */
export function opForkTime(schedule: OpForkSchedule, fork: ScheduledOpFork): bigint | undefined {
  return schedule.times[fork];
}

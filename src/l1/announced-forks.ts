/**
 * A shipped network's next fork, learned from its beacon APIs. Vigil ships each public network's
 * config with the next fork's version pinned (mainnet's Gloas: 0x07000000) but its epoch unset
 * until the network schedules it; the beacon APIs' `/eth/v1/config/spec` then announce the epoch.
 * An announced epoch is taken only for a fork whose version it names as the shipped config pins
 * it, and only where the shipped config leaves that fork unscheduled; anything else the spec says
 * against the shipped config (another version, another epoch for a scheduled fork) is a
 * disagreement said in words, never guessed through. A lying API gains nothing by it: updates are
 * still verified with the signatures of the sync committee, so a wrong epoch can only stop the
 * client (LC_WRONG_FORK, a bad signature), never make it accept a header.
 *
 * Spec: ethereum/beacon-APIs `apis/config/spec.yaml` (the config's names and values as strings).
 * @module
 */
import { InputError, VerificationError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { FAR_FUTURE_EPOCH, FORKS, parseNetworkConfig } from './config.ts';

/** A fork epoch the shipped config left open and the beacon APIs announced. */
export interface AnnouncedFork {
  /** The config key, e.g. `GLOAS_FORK_EPOCH`. */
  key: string;
  epoch: string;
  /** The fork version it was announced with (the shipped config's pin). */
  version: string;
}

const FORK_KEYS = FORKS.filter((f) => f !== 'phase0').map((f) => f.toUpperCase());

/**
 * The forks `spec` schedules that `shipped` leaves open, each checked against the shipped pins.
 * @throws VerificationError NETWORK_FORK_SCHEDULE_MISMATCH where the spec names another version
 *   for a fork, another epoch for a fork the shipped config schedules, or an open fork's epoch
 *   that leaves the config unreadable (out of order with the forks it schedules)
 * @example announcedForks(NETWORKS.mainnet, spec) // [{ key: 'GLOAS_FORK_EPOCH', epoch: '…', version: '0x07000000' }]
 */
export function announcedForks(shipped: Readonly<Record<string, unknown>>, spec: unknown): AnnouncedFork[] {
  if (!isObject(spec)) throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', 'the beacon API sent no config/spec object');
  const out: AnnouncedFork[] = [];
  // The forks this release knows, and any other the spec names (a fork after the next one).
  const named = Object.keys(spec).flatMap((k) => /^([A-Z][A-Z0-9]*)_FORK_(?:EPOCH|VERSION)$/.exec(k)?.[1] ?? []).filter((f) => f !== 'GENESIS');
  for (const fork of new Set([...FORK_KEYS, ...named])) {
    const versionKey = `${fork}_FORK_VERSION`;
    const epochKey = `${fork}_FORK_EPOCH`;
    const pinned = shipped[versionKey];
    const said = spec[versionKey];
    const saidEpoch = epochOf(spec[epochKey]);
    if (said === undefined && saidEpoch === undefined) continue;
    if (typeof pinned !== 'string') {
      // A fork this release does not know: scheduled by the network, it needs an update of Vigil.
      if (saidEpoch !== undefined && saidEpoch !== FAR_FUTURE_EPOCH) {
        throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the beacon API schedules ${fork.toLowerCase()}, a fork this version of Vigil does not know`, {
          expected: 'forks this version knows',
          got: `${fork.toLowerCase()} at epoch ${saidEpoch}`,
        });
      }
      continue;
    }
    if (said !== undefined && (typeof said !== 'string' || said.toLowerCase() !== pinned.toLowerCase())) {
      throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the beacon API names another ${fork.toLowerCase()} fork version than this release of Vigil pins`, {
        expected: pinned,
        got: shown(said),
      });
    }
    const ownEpoch = epochOf(shipped[epochKey]) ?? FAR_FUTURE_EPOCH;
    if (saidEpoch === undefined || saidEpoch === ownEpoch) continue;
    if (ownEpoch !== FAR_FUTURE_EPOCH) {
      throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the beacon API puts ${fork.toLowerCase()} at another epoch than this release of Vigil`, {
        expected: String(ownEpoch),
        got: String(saidEpoch),
      });
    }
    if (saidEpoch === FAR_FUTURE_EPOCH) continue;
    // An epoch without the version beside it is not the pinned fork's: not taken.
    if (said === undefined) continue;
    out.push({ key: epochKey, epoch: String(saidEpoch), version: pinned });
  }
  // What is taken must leave the network's config readable: an epoch out of order with the forks
  // the release schedules (mainnet's Gloas at 0, before Fulu) is refused by the config's own rule.
  if (out.length > 0) {
    try {
      parseNetworkConfig({ ...shipped, ...Object.fromEntries(out.map((a) => [a.key, a.epoch])) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the beacon API's fork schedule does not fit this release of Vigil's: ${err.shortMessage}`);
    }
  }
  return out;
}

/**
 * The shipped config with the announced epochs set: only those {@link announcedForks} would take
 * (the same checks run again against `shipped`, so a stale record cannot move a pinned fork).
 */
export function withAnnouncedForks(shipped: Readonly<Record<string, unknown>>, announced: readonly AnnouncedFork[]): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const a of announced) {
    spec[a.key] = a.epoch;
    spec[a.key.replace(/_EPOCH$/, '_VERSION')] = a.version;
  }
  const taken = announcedForks(shipped, spec);
  return { ...shipped, ...Object.fromEntries(taken.map((a) => [a.key, a.epoch])) };
}

/** Whether a shipped config pins a fork version whose epoch it leaves open: only then is there anything to learn. */
export function hasOpenFork(shipped: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(shipped).some((k) => {
    const m = /^([A-Z]+)_FORK_VERSION$/.exec(k);
    if (m === null || m[1] === 'GENESIS') return false;
    const epoch = shipped[`${m[1]}_FORK_EPOCH`];
    return (epochOf(epoch) ?? FAR_FUTURE_EPOCH) === FAR_FUTURE_EPOCH;
  });
}

/** A value a server sent, for an error: a string's start, a plain value, or only its type (an object's own toString may be anything, or throw). */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 20);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

function epochOf(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) <= FAR_FUTURE_EPOCH) return BigInt(value);
  return undefined;
}

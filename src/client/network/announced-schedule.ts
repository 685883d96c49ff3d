/**
 * Asks a built-in network's beacon APIs which fork epochs they announce that this release leaves
 * open (src/l1/announced-forks.ts checks each answer against the shipped pins). Every API that
 * answers must say the same; one that cannot be reached has no say; one that contradicts the pins
 * or another API stops the learning, in words (NETWORK_FORK_SCHEDULE_MISMATCH), and the shipped
 * schedule stays. Runs where discovery runs (the extension's app host, the CLI).
 * @module
 */
import { VerificationError, VigilError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import { isObject } from '../../core/json.ts';
import { type AnnouncedFork, announcedForks } from '../../l1/announced-forks.ts';
import { type FetchJson, httpFetchJson } from './discovery.ts';

/**
 * @throws VerificationError NETWORK_FORK_SCHEDULE_MISMATCH (an API contradicts the pins, or the
 *   APIs disagree); the first failure when no API answers
 * @example await announcedSchedule(NETWORKS.mainnet, profile.beaconApis)
 */
export async function announcedSchedule(shipped: Readonly<Record<string, unknown>>, beaconApis: readonly string[], fetchJson: FetchJson = httpFetchJson): Promise<AnnouncedFork[]> {
  const answers = await Promise.allSettled(
    beaconApis.map(async (api) => {
      const url = `${api.replace(/\/+$/, '')}/eth/v1/config/spec`;
      const { status, json } = await fetchJson(url);
      if (status < 200 || status >= 300 || !isObject(json)) throw new TransportError('BAD_RESPONSE', `HTTP ${status}, not a config`, { url });
      return { api, forks: announcedForks(shipped, json.data) };
    }),
  );
  const heard: { api: string; forks: AnnouncedFork[] }[] = [];
  const failures: unknown[] = [];
  for (const a of answers) {
    if (a.status === 'fulfilled') heard.push(a.value);
    else failures.push(a.reason);
  }
  const contradiction = failures.find((f) => f instanceof VerificationError);
  if (contradiction !== undefined) throw contradiction;
  const bug = failures.find((f) => !(f instanceof VigilError));
  if (bug !== undefined) throw bug;
  if (heard.length === 0) throw failures[0] ?? new TransportError('NOT_AVAILABLE', 'no beacon API is configured to ask for its fork schedule');
  const said = (h: (typeof heard)[number]) => JSON.stringify(h.forks);
  const other = heard.find((h) => said(h) !== said(heard[0]!));
  if (other !== undefined) {
    throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', 'the beacon APIs announce different fork schedules', {
      expected: `${heard[0]!.api}: ${describe(heard[0]!.forks)}`,
      got: `${other.api}: ${describe(other.forks)}`,
    });
  }
  return heard[0]!.forks;
}

const describe = (forks: readonly AnnouncedFork[]) => (forks.length === 0 ? 'nothing new' : forks.map((f) => `${f.key} ${f.epoch}`).join(', '));

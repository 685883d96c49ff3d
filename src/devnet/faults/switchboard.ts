/**
 * The fault switchboard's state: which faults are on. Execution faults are read by the proxy on
 * every request; beacon faults are written through to the beacon devnet's `faults` flags; rollup
 * faults are read by the rollup's sequencer and prover (src/devnet/rollup) on every round.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import type { BeaconFaults } from '../beacon/server.ts';
import {
  BEACON_FAULTS,
  type BeaconFault,
  describeFault,
  type ExecutionLayerFault,
  FAULT_NAMES,
  type FaultName,
  isExecutionFault,
  isFaultName,
  isRollupFault,
  type RollupFault,
} from './names.ts';

export const DEFAULT_DELAY_MS = 3_000;
/** `beacon-participation` without a `fraction`: half the committee, thinly signed heads. */
export const DEFAULT_PARTICIPATION = 0.5;

export interface FaultState {
  name: FaultName;
  on: boolean;
  layer: 'execution' | 'beacon' | 'rollup';
  description: string;
  /** `beacon-delay-updates` only. */
  ms?: number;
  /** `beacon-participation` only: the fraction of the committee that signs while it is on. */
  fraction?: number;
  /** The blob faults only: which of the devnet's beacon APIs it acts on. */
  endpoint?: 'primary' | 'mirror' | 'both';
}

/** Faults that act on one of the devnet's beacon APIs, or both (`endpoint`). */
const SCOPED: readonly BeaconFault[] = ['beacon-withhold-columns', 'beacon-bad-cell'];
const SCOPES = ['primary', 'mirror', 'both'] as const;
type Scope = (typeof SCOPES)[number];

export class FaultSwitchboard {
  private readonly active = new Set<FaultName>();
  private delayMs = DEFAULT_DELAY_MS;
  private fraction = DEFAULT_PARTICIPATION;
  private readonly scopes = new Map<BeaconFault, Scope>();

  /**
   * `beacon`: the running beacon devnet's flags; without it, beacon faults are refused.
   * `options.rollup`: a rollup runs on this devnet; without it, rollup faults are refused.
   */
  constructor(
    private readonly beacon?: BeaconFaults,
    private readonly options: { rollup?: boolean } = {},
  ) {}

  isOn(name: ExecutionLayerFault | BeaconFault | RollupFault): boolean {
    return this.active.has(name);
  }

  /** True when any execution fault is on (the proxy's honest fast path checks this). */
  anyExecutionFault(): boolean {
    for (const name of this.active) if (isExecutionFault(name)) return true;
    return false;
  }

  /**
   * Switches one fault, or `all` off.
   * @throws InputError for an unknown name, `all` on, a beacon fault without a beacon devnet, a bad
   *   `ms` or `fraction`.
   */
  set(name: string, on: boolean, options: { ms?: unknown; fraction?: unknown; endpoint?: unknown } = {}): FaultState[] {
    if (typeof on !== 'boolean') throw new InputError(`"on" expected true or false, got ${String(on)}`);
    if (name === 'all') {
      if (on) throw new InputError('"all" can only be switched off');
      for (const n of [...this.active]) this.set(n, false);
      return this.list();
    }
    if (!isFaultName(name)) throw new InputError(`unknown fault "${String(name).slice(0, 60)}" (GET /faults lists them)`);
    if (isRollupFault(name)) {
      if (!this.options.rollup) throw new InputError(`fault "${name}" needs the rollup (vigil devnet --rollup)`);
    } else if (!isExecutionFault(name)) {
      if (!this.beacon) throw new InputError(`fault "${name}" needs the beacon devnet`);
      if (options.ms !== undefined) {
        if (typeof options.ms !== 'number' || !Number.isSafeInteger(options.ms) || options.ms < 0 || options.ms > 600_000) {
          throw new InputError(`"ms" expected milliseconds from 0 to 600000, got ${String(options.ms)}`);
        }
        this.delayMs = options.ms;
      }
      if (options.fraction !== undefined) {
        if (typeof options.fraction !== 'number' || !(options.fraction >= 0 && options.fraction <= 1)) {
          throw new InputError(`"fraction" expected the share of the sync committee that signs, from 0 to 1, got ${String(options.fraction)}`);
        }
        this.fraction = options.fraction;
      }
      if (SCOPED.includes(name)) {
        const scope = options.endpoint ?? 'both';
        if (!SCOPES.includes(scope as Scope)) throw new InputError(`"endpoint" expected ${SCOPES.join(', ')}, got ${String(scope).slice(0, 40)}`);
        this.scopes.set(name, scope as Scope);
      } else if (options.endpoint !== undefined) {
        throw new InputError(`"endpoint" is for ${SCOPED.join(' and ')} only`);
      }
      this.applyBeacon(name, on);
    }
    if (on) this.active.add(name);
    else this.active.delete(name);
    return this.list();
  }

  list(): FaultState[] {
    return FAULT_NAMES.map((name) => ({
      name,
      on: this.active.has(name),
      layer: isExecutionFault(name) ? ('execution' as const) : isRollupFault(name) ? ('rollup' as const) : ('beacon' as const),
      description: describeFault(name),
      ...(name === 'beacon-delay-updates' ? { ms: this.delayMs } : {}),
      ...(name === 'beacon-participation' ? { fraction: this.fraction } : {}),
      ...(SCOPED.includes(name as BeaconFault) ? { endpoint: this.scopes.get(name as BeaconFault) ?? 'both' } : {}),
    }));
  }

  private applyBeacon(name: BeaconFault, on: boolean): void {
    const flags = this.beacon!;
    switch (name) {
      case 'beacon-withhold-updates':
        flags.withholdUpdates = on;
        break;
      case 'beacon-delay-updates':
        flags.delayUpdatesMs = on ? this.delayMs : 0;
        break;
      case 'beacon-invalid-signature':
        flags.invalidSignature = on;
        break;
      case 'beacon-finality-stall':
        flags.finalityStall = on;
        break;
      case 'beacon-participation':
        flags.participation = on ? this.fraction : 1;
        break;
      case 'beacon-forged-branch':
        flags.forgedBranch = on;
        break;
      case 'beacon-withhold-payload':
        flags.withholdPayload = on;
        break;
      case 'beacon-withhold-columns':
        flags.withholdColumns = on ? this.scopes.get(name)! : 'off';
        break;
      case 'beacon-bad-cell':
        flags.badCell = on ? this.scopes.get(name)! : 'off';
        break;
      default: {
        const never: never = name;
        throw new InputError(`unhandled beacon fault ${String(never)} (${Object.keys(BEACON_FAULTS).join(', ')})`);
      }
    }
  }
}

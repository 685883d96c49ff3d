/**
 * A verified head as the provider and the popup see it: JSON-safe numbers and 0x-hex, with the
 * block environment of a call there. The application builds these from the light client's heads
 * (src/l1/heads.ts); the provider resolves a dApp's block tags against them.
 * @module
 */
import type { BlockEnvJson } from '../../execution/block-env.ts';

/** A verified execution header, as the provider uses it. */
export interface VerifiedHeadInfo {
  slot: number;
  beaconRoot: string;
  blockNumber: number;
  blockHash: string;
  stateRoot: string;
  /** Execution timestamp, seconds since the epoch. */
  timestamp: number;
  finalized: boolean;
  /** The block environment of a call at this head (every field from the verified header). */
  env?: BlockEnvJson;
  /** The next block's base fee, 0x-hex, from this header's gas used, gas limit and base fee. */
  nextBaseFee?: string;
}

export interface VerifiedHeads {
  finalized?: VerifiedHeadInfo | undefined;
  optimistic?: VerifiedHeadInfo | undefined;
  /** Other recently verified heads (explicit block numbers resolve against these too). */
  recent: readonly VerifiedHeadInfo[];
}

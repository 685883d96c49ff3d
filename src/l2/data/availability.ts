/**
 * What sampling found about one batch's blobs (issue 54): cells fetched from beacon APIs at
 * columns the endpoints could not predict, each verified with its KZG proof against the
 * commitment proven through a verified beacon block. The types are shared by the sampler
 * (src/client/blobs), the popup's rollup and exit cards, the provider's L2 answers and
 * `vigil l2-balance`; the words are made from the facts here.
 *
 * Missing cells are never called unavailable on one endpoint's word: an endpoint that serves
 * nothing makes the batch `unsampled`, not `withheld`. Only cells that verify count; an endpoint
 * whose cell does not verify is demoted and what it served counts for nothing.
 * @module
 */

/** The verdict of one batch's sampling. */
export type AvailabilityStatus =
  /** Every column asked was served by some endpoint, and every cell verified. */
  | 'verified'
  /** Some columns were served and verified, others served by no endpoint. */
  | 'partial'
  /** No endpoint served a verified cell (none answered, none had the columns, or what came did not verify). */
  | 'unsampled'
  /** Past the retention window, and it was sampled and verified while it lasted. */
  | 'expired-checked'
  /** Past the retention window, and never sampled while it lasted. */
  | 'expired-unchecked'
  /** The batch's blobs could not be tied to a verified beacon block (`code`, `reason`). */
  | 'untied';

/** One endpoint's part in a sampling. */
export interface EndpointSample {
  url: string;
  /** Columns asked of it. */
  asked: number;
  /** Columns it served (any cell of them). */
  served: number;
  /** Columns whose every asked cell verified. */
  verified: number;
  /** Columns with a cell (or proof) that did not verify: the endpoint is demoted. */
  bad: number;
  /** Whether this sampling demoted it: a cell that did not verify, or an answer that contradicts the proven block (the tie). */
  demoted: boolean;
  /** Demoted by an earlier sampling, not yet forgiven: asked only for what the others did not serve. */
  askedLast?: boolean;
  /** Why it served nothing (a transport error's code and message), when it did not. */
  error?: { code: string; message: string };
}

/** One batch's data availability as sampled. */
export interface DataAvailability {
  status: AvailabilityStatus;
  /** The beacon block that carries the blobs (proven): its slot and hash_tree_root (0x-hex). */
  slot?: bigint;
  beaconRoot?: string;
  /** Blobs of the batch that were sampled. */
  blobs: number;
  /** Distinct columns asked, and those with every asked cell verified, of `total` (128 from Fulu; before Fulu whole blobs count as every column). */
  columns: { asked: number; verified: number; total: number };
  endpoints: EndpointSample[];
  /** When the sampling that counts ran (unix seconds): now, or, once expired, the remembered one. */
  checkedAt?: number;
  /** When nodes may drop the data (unix seconds): the block's time + the retention window. */
  expiresAt?: number;
  /** `untied`: the error code and why. */
  code?: string;
  reason?: string;
  words: string;
}

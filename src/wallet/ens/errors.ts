/**
 * Errors of ENS name resolution (./*.ts and src/client/wallet/ens/names.ts). A name a user or a page
 * typed that ENSIP-15 refuses is an InputError (./normalize.ts); what the resolution itself
 * refuses is a NameError with a code: the EIP-3668 checks, a gateway that failed or is not
 * allowed, a resolver that refused the gateway's answer.
 * @module
 */
import { registerErrorClass } from '../../core/error-registry.ts';
import { VigilError, type VigilErrorOptions } from '../../core/errors.ts';

export type NameErrorCode =
  /** An OffchainLookup whose `sender` is not the contract that was called (EIP-3668: the client must refuse it). */
  | 'OFFCHAIN_SENDER_MISMATCH'
  /** Revert data that claims to be an OffchainLookup (or a batch gateway query) and does not decode as one. */
  | 'OFFCHAIN_LOOKUP_MALFORMED'
  /** More OffchainLookup rounds, or more gateway queries, than one resolution may take. */
  | 'OFFCHAIN_LIMIT'
  /**
   * The resolution needs a gateway the caller did not allow (the gateway sees the name): `got`
   * holds the gateway URLs, one per line. The popup asks the user, then asks again.
   */
  | 'GATEWAY_NOT_ALLOWED'
  /** Every URL of a gateway failed (its HTTP error is in `details`). */
  | 'GATEWAY_FAILED'
  /** The resolver reverted (a verifying resolver refusing a gateway's answer among the causes): no answer. */
  | 'RESOLVER_REFUSED'
  /** The UniversalResolver reverted otherwise, or the call halted: no answer. */
  | 'RESOLUTION_FAILED'
  /** No UniversalResolver is known on this network. */
  | 'NO_RESOLVER_ON_NETWORK';

export class NameError extends VigilError {
  override name = 'NameError';
  override readonly code: NameErrorCode;

  constructor(code: NameErrorCode, shortMessage: string, options: VigilErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
  }
}

registerErrorClass(NameError, 'NameError', { rebuild: (code) => new NameError(code as NameErrorCode, '') });

/**
 * Transport errors: what went wrong moving bytes to and from a server. They say nothing about
 * whether the data is valid — that is `VerificationError`'s job, in the code that checks it.
 *
 * The class is declared in src/core/errors.ts, with Vigil's other typed errors, because every
 * layer above the transport meets it (the client joins I/O and verification, the provider maps
 * it to an EIP-1193 error) and each of them may import core, not rpc; it is re-exported here for
 * the transport's own modules.
 * @module
 */
export { isTransportError, TransportError, type TransportErrorCode, type TransportErrorOptions } from '../core/errors.ts';

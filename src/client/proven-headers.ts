/**
 * The execution header of a block hash proven by other means (from Gloas on, a light-client head
 * proves only its execution block hash): {@link ProvenHeaders.byProvenHash}, beside the walks of
 * ./verified-headers.ts and sharing their endpoints, demotions and cache. Its own module so that
 * the service worker carries it only once its heads need it.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { notAvailable, type VerifiedHeader, VerifiedHeaders } from './verified-headers.ts';

export class ProvenHeaders extends VerifiedHeaders {
  /** byProvenHash's requests under way, by lower-case hex hash. */
  private readonly pending = new Map<string, Promise<VerifiedHeader>>();

  /**
   * The header of a block whose hash is already proven (from Gloas on, a light-client head proves
   * only its execution block hash): eth_getBlockByHash from the endpoints in preference order,
   * the first whose header hashes to `hash` (src/execution/header.ts verifyRpcHeader); an endpoint whose
   * header does not is demoted and told to `onRejected`, as a lying proof is. Cached by hash, and
   * one request at a time per hash (every reader at a new head asks for the same header).
   * @throws the first lie (HEADER_HASH_MISMATCH, HEADER_FIELD_UNKNOWN, INVALID_INPUT) when no
   *   endpoint gives the header, else TransportError (NOT_AVAILABLE: no endpoint has the block yet)
   * @example const { header } = await headers.byProvenHash(head.executionBlockHash)
   */
  async byProvenHash(hash: Uint8Array): Promise<VerifiedHeader> {
    const key = bytesToHex(hash);
    const cached = this.cached(hash);
    if (cached) return cached;
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = this.fetchByHash(hash).then((found) => {
        if (found === null) throw notAvailable('eth_getBlockByHash', `block ${key} (on no endpoint yet)`);
        this.remember(found);
        return found;
      });
      this.pending.set(key, pending);
      void pending.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    return pending;
  }
}

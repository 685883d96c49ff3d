/**
 * The provider's account reads moved to src/client/verified-reads.ts (one read with endpoint
 * failover for the CLI and the extension). Kept only while src/extension/controller.ts imports
 * the reader from here; delete it once that import names the client module.
 * @module
 */
export { type AccountReadResult as ReadResult, PooledAccountReader, type PooledReaderOptions } from '../client/verified-reads.ts';

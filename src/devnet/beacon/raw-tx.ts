/**
 * A transaction's network encoding rebuilt from its JSON-RPC fields, for ELs that do not serve
 * raw transactions (hardhat 2 answers `eth_getRawTransactionByHash` with -32004). The encoder is
 * Vigil's one (src/execution/transactions.ts); the caller checks keccak256(raw) against the
 * transaction's hash, so a field mis-encoded can never pass silently.
 * @module
 */
export { encodeRawTransaction } from '../../execution/transactions.ts';

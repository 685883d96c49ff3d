/**
 * Typed errors. Callers branch on `code`, never on message text.
 *
 * - `VerificationError`: well-formed data that does not verify (a lying server, a tampered proof).
 * - `InputError`: data that is not of the expected form at all (bad hex, missing field, wrong type).
 * - `TransportError`: a request that did not bring an answer (src/rpc throws it; every layer that
 *   joins I/O and verification, or reports to a user or a dApp, tells it apart from a lie).
 * @module
 */

export type VerificationCode =
  // ABI (src/execution/abi.ts)
  | 'ABI_MALFORMED'
  // RLP (src/core/rlp.ts)
  | 'RLP_TRUNCATED'
  | 'RLP_TRAILING_BYTES'
  | 'RLP_NON_CANONICAL'
  | 'RLP_TOO_LARGE'
  | 'RLP_TOO_DEEP'
  | 'RLP_UNEXPECTED_TYPE'
  // Merkle-Patricia proofs (src/proofs)
  | 'PROOF_ROOT_MISMATCH'
  | 'PROOF_ADDRESS_MISMATCH'
  | 'PROOF_NODE_HASH_MISMATCH'
  | 'PROOF_MISSING_NODE'
  | 'PROOF_EXTRA_NODES'
  | 'PROOF_INVALID_NODE'
  | 'PROOF_VALUE_MISMATCH'
  | 'PROOF_INVALID_ACCOUNT'
  | 'PROOF_TOO_LARGE'
  | 'CODE_HASH_MISMATCH'
  | 'RECEIPTS_ROOT_MISMATCH'
  | 'TRANSACTIONS_ROOT_MISMATCH'
  // Chain data (src/execution, src/client/verified-{headers,chain}.ts)
  /** A header's RLP does not hash to the verified hash it must have. */
  | 'HEADER_HASH_MISMATCH'
  /** A block object carries a member Vigil cannot place in the header's RLP (a newer fork's field, or a lie): refused, never hashed without it. */
  | 'HEADER_FIELD_UNKNOWN'
  /** A header that hashes correctly is not on the verified chain (another fork, or a lie). */
  | 'HEADER_NOT_LINKED'
  /** The block lies further below the nearest verified head than the walk bound. */
  | 'HEADER_TOO_FAR'
  | 'WITHDRAWALS_ROOT_MISMATCH'
  /** An eth_getBlockAccessList answer whose EIP-7928 RLP does not hash to the verified header's blockAccessListHash. */
  | 'BLOCK_ACCESS_LIST_HASH_MISMATCH'
  /** A transaction's encoding does not hash to the hash it was asked for or listed under. */
  | 'TRANSACTION_HASH_MISMATCH'
  /** No sender: r, s or y-parity out of range, or no point recovers. */
  | 'TRANSACTION_SIGNATURE_INVALID'
  /** The RPC placed a transaction in a block that does not contain it. */
  | 'TRANSACTION_NOT_IN_BLOCK'
  /** An endpoint's eth_getLogs named a log its block's proven receipts do not hold, or a block that is not the verified one at its number. */
  | 'LOG_NOT_PROVEN'
  // Beacon light client (src/l1), named after the spec check that failed
  | 'LC_INSUFFICIENT_PARTICIPATION'
  | 'LC_INVALID_HEADER'
  | 'LC_SIGNATURE_SLOT_IN_FUTURE'
  | 'LC_INVALID_SLOT_ORDER'
  | 'LC_UNVERIFIABLE_PERIOD'
  | 'LC_IRRELEVANT_UPDATE'
  | 'LC_INVALID_FINALIZED_HEADER'
  | 'LC_INVALID_FINALITY_BRANCH'
  | 'LC_INVALID_NEXT_SYNC_COMMITTEE'
  | 'LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH'
  | 'SYNC_SIGNATURE_INVALID'
  | 'LC_BOOTSTRAP_ROOT_MISMATCH'
  | 'LC_INVALID_SYNC_COMMITTEE_BRANCH'
  | 'LC_UNSUPPORTED_FORK'
  | 'LC_WRONG_FORK'
  | 'LC_CHECKPOINT_TOO_OLD'
  | 'LC_CHECKPOINT_DISAGREEMENT'
  | 'LC_STORE_AGED_OUT'
  | 'LC_STORE_MISMATCH'
  | 'STALE_HEAD'
  // Verified reads (src/provider): the block a read names is not one the light client verified
  | 'NO_VERIFIED_HEAD'
  | 'BLOCK_NOT_VERIFIED'
  // Execution over proven state (src/execution)
  /** The call needs a feature of its fork Vigil does not implement (it refuses rather than guess). */
  | 'EXECUTION_UNSUPPORTED'
  /** A proven header says other rules built its block than the network's fork schedule has at its time (a block access list hash before Amsterdam, or none after). */
  | 'EXECUTION_FORK_MISMATCH'
  /** The call kept touching unproven state past the bound on fetch rounds. */
  | 'STATE_INCOMPLETE'
  /** BLOCKHASH asked for a block whose hash no verified header vouches for. */
  | 'BLOCKHASH_NOT_VERIFIED'
  // SSZ (src/ssz)
  | 'SSZ_INVALID'
  | 'MERKLE_BRANCH_INVALID'
  // BLS12-381 (src/crypto/bls.ts)
  | 'BLS_INVALID_PUBKEY'
  | 'BLS_INVALID_SIGNATURE'
  | 'BLS_INVALID_POINT'
  // KZG (src/crypto/kzg.ts)
  /**
   * A consensus-specs KZG assert refused well-sized input: a field element not below BLS_MODULUS,
   * a commitment or proof not a point of G1, a cell index ≥ 128, or recovery's index rules.
   */
  | 'KZG_INVALID_INPUT'
  // Blobs and their sidecars (src/execution/blobs, src/l1/blobs)
  /** The numbers of blobs, commitments, proofs and versioned hashes (or a column's cells) do not agree, or there are none. */
  | 'BLOB_COUNT_MISMATCH'
  /** A transaction's blob_versioned_hashes[i] is not kzg_to_versioned_hash of its commitments[i]. */
  | 'BLOB_VERSIONED_HASH_MISMATCH'
  /** A blob's or a cell's KZG proof does not verify against its commitment. */
  | 'BLOB_PROOF_INVALID'
  /** A sidecar breaks a rule of its form (verify_data_column_sidecar: a column index ≥ 128; a blob index beyond the block's commitments). */
  | 'SIDECAR_INVALID'
  /** A sidecar's commitment (or commitments) does not lead through its inclusion proof to its header's body_root. */
  | 'SIDECAR_INCLUSION_PROOF_INVALID'
  /** Sidecars name different headers, or not the header they were asked to match (or that header is not its own root). */
  | 'SIDECAR_HEADER_MISMATCH'
  // The devnet rollup's batches in blobs (src/l2/vigil-zk/blob.ts)
  /** A blob read as a batch has an element ≥ 2^254 among the batch's, or a non-zero one after them: no committed batch has either. */
  | 'BLOB_BATCH_MALFORMED'
  /** The blob challenge z is a point of the blob's domain (probability about 2^-243): the commit cannot bind the blob. */
  | 'BLOB_CHALLENGE_IN_DOMAIN'
  /** A blob batch's data disagrees with its commit: the blob's txDataHash, y or payouts are not the commitBatchBlob call's, or its commitment is not the transaction's versioned hash. */
  | 'BLOB_BATCH_MISMATCH'
  /** A blob batch's data is served by no beacon endpoint (or by none whose cell or blob verifies): the escape proof cannot be rebuilt from Ethereum alone (src/client/exits/escape-proof.ts). */
  | 'ESCAPE_BLOB_UNAVAILABLE'
  // A transaction's blobs tied to a verified beacon block (src/l1/blobs/tie.ts, src/client/blobs/tie.ts)
  /** The block after the blob transaction's is not verified yet: its parentBeaconBlockRoot names the beacon block. Wait and retry. */
  | 'BLOB_TIE_CHILD_NOT_VERIFIED'
  /** A served beacon block, header or sidecar is not the block whose root was proven (or not the one carrying the execution block). */
  | 'BLOB_TIE_ROOT_MISMATCH'
  /** No beacon endpoint served the block's commitments in a form proven against its root. */
  | 'BLOB_TIE_COMMITMENTS_UNPROVEN'
  /** Served sidecars carry other commitments than the ones proven for the block. */
  | 'BLOB_TIE_COMMITMENTS_MISMATCH'
  /** The transaction is not in the verified block, or carries no blobs. */
  | 'BLOB_TIE_NOT_IN_BLOCK'
  // Validity proofs (src/zk): Groth16, PLONK, FFLONK over BN254
  | 'ZK_FIELD_OUT_OF_RANGE'
  | 'ZK_POINT_NOT_ON_CURVE'
  | 'ZK_POINT_NOT_IN_SUBGROUP'
  | 'ZK_POINT_AT_INFINITY'
  | 'ZK_POINT_NOT_AFFINE'
  | 'ZK_PUBLIC_INPUT_COUNT'
  | 'ZK_VKEY_INVALID'
  | 'ZK_PROOF_INVALID'
  // SP1 / gnark (src/zk/sp1.ts)
  /** The proof's first 4 bytes are not the pinned SP1 verifier's hash prefix: a proof for another release (WrongVerifierSelector). */
  | 'SP1_VERIFIER_SELECTOR_MISMATCH'
  /** The proven program exited with a code other than 0 (InvalidExitCode, v6 on). */
  | 'SP1_EXIT_CODE_NONZERO'
  /** The proof's recursion vk root is not the release's VK_ROOT (InvalidVkRoot, v6 on). */
  | 'SP1_VK_ROOT_MISMATCH'
  // RISC Zero (src/zk/risc0.ts)
  /** The seal's first 4 bytes are not the verifier's selector (SelectorMismatch): a receipt for another release or verifier. */
  | 'RISC0_SELECTOR_MISMATCH'
  // Following a rollup from L1 (src/client/rollups/follower.ts)
  /** No verified L1 transaction commits the batch L1 storage says was accepted. */
  | 'L2_BATCH_NOT_FOUND'
  /** A batch's validity proof does not verify against the key pinned in the rollup config. */
  | 'L2_BATCH_PROOF_INVALID'
  /** The commit transaction, its event and the accepted state disagree (a lie, or another contract). */
  | 'L2_COMMIT_MISMATCH'
  /** The rollup contract's verifier (address or code) is not the one pinned in the rollup config: an upgrade. */
  | 'L2_VERIFIER_CHANGED'
  /** A slot the rollup adapter needs was not among the proven ones. */
  | 'L2_STORAGE_NOT_PROVEN'
  /** The L2 block header an adapter needs (its L1 commitment covers it) was found nowhere. */
  | 'L2_HEADER_NOT_FOUND'
  /** The L2 header is not the one of the newest confirmation L1 holds (the proven log naming it is missing, or names another assertion or block). */
  | 'L2_HEADER_NOT_LATEST'
  // Rollups (src/l2)
  /** An L2 account proof (leaf and siblings) does not hash to the root it is checked against. */
  | 'L2_PROOF_ROOT_MISMATCH'
  /** A value that must be a field element (or a balance, nonce, address) is out of its range. */
  | 'L2_FIELD_OUT_OF_RANGE'
  /** A transaction not of its type's form: unknown type, index outside the tree, a field that must be 0 is not, amount ≥ 2^128, owner ≥ 2^160. */
  | 'L2_TX_MALFORMED'
  /** TRANSFER or WITHDRAW names an account that does not exist. */
  | 'L2_ACCOUNT_MISSING'
  /** The rollup keeps its accounts in a tree Vigil does not prove yet (Linea's sparse Merkle trie). */
  | 'L2_ACCOUNT_NOT_PROVABLE'
  /** A DEPOSIT to an existing account carries an owner or key (only a new account takes them). */
  | 'L2_DEPOSIT_FIELDS_NOT_ZERO'
  /** A TRANSFER with from = to. */
  | 'L2_SELF_TRANSFER'
  | 'L2_INSUFFICIENT_BALANCE'
  /** A balance would reach 2^128. */
  | 'L2_BALANCE_OVERFLOW'
  /** A nonce would reach 2^32. */
  | 'L2_NONCE_OVERFLOW'
  /** A TRANSFER or WITHDRAW without a valid signature by the account's key over its message. */
  | 'L2_SIGNATURE_INVALID'
  /** A WITHDRAW whose `owner` is not the account's owner. */
  | 'L2_OWNER_MISMATCH'
  /** A FORCED_WITHDRAWAL whose `amount` is not the whole balance (the owner's request) or 0 (anyone else's). */
  | 'L2_FORCED_AMOUNT_MISMATCH'
  /** A queue transaction (DEPOSIT, FORCED_WITHDRAWAL) after one that is not. */
  | 'L2_QUEUE_ORDER'
  /** A batch's queue transactions are not queueEnd − queueStart in number. */
  | 'L2_QUEUE_COUNT'
  /** A batch's transactions do not lead to the root it committed (or the root L1 holds for it). */
  | 'L2_BATCH_ROOT_MISMATCH'
  // Scroll (src/l2/scroll)
  /** finalizedStateRoots[lastFinalizedBatchIndex] is zero: ScrollChain writes both together, so the storage is not a ScrollChain's of the pinned layout. */
  | 'SCROLL_FINALIZED_ROOT_MISSING'
  /** The last finalized batch precedes initialEuclidBatchIndex: its root is a zkTrie root, which no MPT proof can be checked against. */
  | 'SCROLL_ZKTRIE_ROOT'
  /** Proven L1 no longer shows the pinned proof verifier: ScrollChain's immutable router, the router's code, a version's verifier or its code differs, or a newer proof version was registered. */
  | 'SCROLL_VERIFIER_CHANGED'
  /** A withdraw-trie proof (an L2 hint) does not lead from the message's hash to the root ScrollChain holds for its batch. */
  | 'SCROLL_WITHDRAW_PROOF_INVALID'
  /** An L2 hint names another message than the exit's own (sender, recipient, value or data differ), or none. */
  | 'SCROLL_EXIT_HINT_MISMATCH'
  // Arbitrum (src/l2/arbitrum)
  /** A proxy's implementation (its EIP-1967 slot, or the Arbitrum rollup's secondary logic slot) is not one the rollup config pins: an upgrade, refused until a new config accepts it. */
  | 'L2_IMPLEMENTATION_UNKNOWN'
  /** Proven storage contradicts the config's contracts: a contract names another rollup or bridge than the config, or counters that must agree do not. */
  | 'L2_CONTRACT_MISMATCH'
  /** An L2 header is not of the rollup's form (Nitro: a 32-byte extraData holding the send root, difficulty 1, a base fee). */
  | 'L2_HEADER_INVALID'
  /** An L2 header does not hash to the block hash L1 holds for it (Arbitrum: the Outbox's roots[sendRoot]). */
  | 'L2_HEADER_MISMATCH'
  /** The Outbox holds no block hash for the header's send root: not confirmed on L1 (yet), or not this rollup's. */
  | 'L2_SEND_ROOT_UNCONFIRMED'
  // OP Stack (src/l2/op-stack)
  /** A game proxy's code is not a clone of a game implementation the rollup config knows, or its args are not of that implementation's layout (type, chain id, length): an upgrade, or another chain's game. */
  | 'OP_GAME_UNKNOWN'
  /** The AnchorStateRegistry's respected game type is not the config's (an emergency switch, e.g. to permissioned games). */
  | 'OP_RESPECTED_GAME_TYPE_CHANGED'
  /** None of the newest games the config looks through can be accepted (lost, challenged, blacklisted, retired) and no finalized anchor game. */
  | 'OP_NO_VALID_GAME'
  /** The L2 header is not of the game's block, or has no withdrawalsRoot (before Isthmus). */
  | 'OP_HEADER_MISMATCH'
  /** keccak256(0 ‖ stateRoot ‖ withdrawalsRoot ‖ blockHash) of the L2 header is not the game's root claim. */
  | 'OP_OUTPUT_ROOT_MISMATCH'
  /** A super-root game's preimage (its extraData) is not a super root: another version, not whole entries, too many, chain ids not strictly ascending, it does not hash to the game's root claim, or its timestamp is no L2 block's. */
  | 'OP_SUPER_ROOT_INVALID'
  /** A super root holds no output root of the followed chain (a game of another dependency set). */
  | 'OP_SUPER_ROOT_CHAIN_MISSING'
  /** The OptimismPortal's proof form (its pinned implementation, its superRootsActive flag) cannot prove against the game chosen (a super-root game it reads only as a root claim, or an output-root game while it takes super roots). */
  | 'OP_PORTAL_PROOF_FORM'
  // OP Stack unsafe-block gossip (src/l2/op-stack/gossip), one code per rule of specs rollup-node-p2p.md "Block validation"
  /** The payload's timestamp is more than 60 s before the time the check was given. */
  | 'OP_GOSSIP_TIMESTAMP_TOO_OLD'
  /** The payload's timestamp is more than 5 s after the time the check was given. */
  | 'OP_GOSSIP_TIMESTAMP_TOO_NEW'
  /** The payload's blockHash is not keccak256 of the header its fields build for its version. */
  | 'OP_GOSSIP_BLOCK_HASH_MISMATCH'
  /** A v2+ payload carries withdrawals (an OP Stack block has none). */
  | 'OP_GOSSIP_WITHDRAWALS_NOT_EMPTY'
  /** A v3+ payload has excessBlobGas ≠ 0, or blobGasUsed ≠ 0 before Jovian (from Jovian it is the DA footprint). */
  | 'OP_GOSSIP_BLOB_GAS_NOT_ZERO'
  /** More than 5 different blocks were already seen at the block's height. */
  | 'OP_GOSSIP_TOO_MANY_AT_HEIGHT'
  /** The signature has no signer: y-parity not 0/1, r or s out of range, or no point recovers. */
  | 'OP_GOSSIP_SIGNATURE_INVALID'
  /** The signature recovers to another address than the unsafe-block signer expected. */
  | 'OP_GOSSIP_SIGNER_MISMATCH'
  /** An L2 block's time is in an OP fork the chain schedules that this version of Vigil does not know (it refuses rather than run the block by older rules). */
  | 'OP_UNSUPPORTED_FORK'
  /** The SystemConfig's unsafe-block-signer slot does not hold an address (high bytes set), or holds zero. */
  | 'OP_UNSAFE_SIGNER_INVALID'
  /** Equivocation evidence that does not hold when checked again (a message does not verify, the heights differ, the hashes or roots agree). */
  | 'OP_EQUIVOCATION_NOT_PROVEN'
  // Adding a network from a beacon API (src/client/network/discovery.ts)
  /** The server's config/spec contradicts its own genesis (fork version, time or validators root). */
  | 'NETWORK_GENESIS_MISMATCH'
  /** The server's fork_schedule contradicts its config/spec's fork versions or epochs. */
  | 'NETWORK_FORK_SCHEDULE_MISMATCH'
  /** The execution RPC's eth_chainId is not the config's DEPOSIT_CHAIN_ID: another network. */
  | 'NETWORK_CHAIN_ID_MISMATCH'
  /** Another beacon API has another block (or none) at the first one's finalized checkpoint slot. */
  | 'NETWORK_CHECKPOINT_DISAGREEMENT'
  /**
   * The network's chain id is a network's Vigil ships (or one the user saved first) on another
   * genesis: what is signed for it would be valid there (src/client/network/chain-id-taken.ts).
   */
  | 'NETWORK_CHAIN_ID_TAKEN';

export interface VigilErrorOptions {
  details?: string;
  cause?: unknown;
  /** What the check expected (hex, number or words). */
  expected?: string;
  /** What it got instead. */
  got?: string;
}

/**
 * Base of every error Vigil throws on purpose. Subclasses narrow `code`: a string naming what went
 * wrong, for every class but one: ProviderRpcError's `code` is EIP-1193's number, which pages read
 * (src/provider/errors.ts; its Vigil code travels in its `data.code`). How an error crosses from one
 * context to another: ./error-wire.ts.
 */
export class VigilError extends Error {
  override name = 'VigilError';
  readonly code: string | number = 'VIGIL_ERROR';
  /** One sentence (with what was expected and what came), without the details. */
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly expected: string | undefined;
  readonly got: string | undefined;
  /**
   * Set only on an error rebuilt from another context (./error-wire.ts) where it was of a class not
   * loaded here: that class's name (this is then its nearest ancestor known here, with its `code`).
   */
  declare readonly wireName: string | undefined;

  constructor(shortMessage: string, options: VigilErrorOptions = {}) {
    const diff =
      options.expected !== undefined || options.got !== undefined
        ? `${shortMessage}: expected ${options.expected ?? '?'}, got ${options.got ?? '?'}`
        : shortMessage;
    super(fullMessage(diff, options.details), { cause: options.cause });
    this.shortMessage = diff;
    this.details = options.details;
    this.expected = options.expected;
    this.got = options.got;
  }

  /** Walks `cause` links and returns the first error matching `fn`, if any. */
  walk(fn: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    for (let depth = 0; err !== undefined && depth < 32; depth++) {
      if (fn(err)) return err;
      err = err instanceof Error ? err.cause : undefined;
    }
    return undefined;
  }
}

/** An error's `message`: its one sentence, and its details after a blank line. */
export function fullMessage(shortMessage: string, details: string | undefined): string {
  return details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage;
}

/** Data that is well-formed but does not verify. Never accompanied by a value. */
export class VerificationError extends VigilError {
  override name = 'VerificationError';
  override readonly code: VerificationCode;

  constructor(code: VerificationCode, shortMessage: string, options: VigilErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
  }
}

/** Input that is not of the expected form (not hex, wrong length, missing field). */
export class InputError extends VigilError {
  override name = 'InputError';
  override readonly code = 'INVALID_INPUT' as const;
}

/** `{ code, message }` of any thrown value: a VigilError's code and short message, else INTERNAL. */
export function errorSummary(err: unknown): { code: string; message: string } {
  if (err instanceof VigilError) return { code: String(err.code), message: err.shortMessage };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

// Transport (src/rpc): moving bytes to and from a server, never a verdict on the data.

export type TransportErrorCode =
  /** The request did not finish within its time limit (headers and body together). */
  | 'TIMEOUT'
  /** The body exceeded the size limit (by Content-Length, or while streaming). */
  | 'TOO_LARGE'
  /** The server answered with a status this call does not accept. */
  | 'HTTP_STATUS'
  /** The request never got an HTTP answer (refused, reset, DNS, TLS). */
  | 'NETWORK'
  /** An answer came but it is not of the expected form (bad JSON, bad SSZ framing, bad headers). */
  | 'BAD_RESPONSE'
  /** The JSON-RPC server answered with an error object; see `rpcCode`. */
  | 'RPC_ERROR'
  /** A Beacon API server says the object does not exist (yet): HTTP 404. */
  | 'NOT_AVAILABLE'
  /** A Beacon API answer names a fork (version or fork digest) this client does not know. */
  | 'UNKNOWN_FORK'
  /** The server no longer keeps the history asked for (JSON-RPC error 4444, execution-apis #851): an old block's access list, pruned. */
  | 'HISTORY_PRUNED'
  /** A recording (`--rpc-replay`) holds no answer to this request. */
  | 'NOT_RECORDED'
  /** Every endpoint failed, with retries; `errors` holds each attempt's error. */
  | 'ALL_ENDPOINTS_FAILED'
  /** The server answered with a redirect where none is followed (an ENS gateway's): its target is never asked. */
  | 'REDIRECT_REFUSED'
  /** The URL names a loopback, private or link-local address (or `localhost`) where only the internet is asked (an ENS gateway outside the user's own network). */
  | 'PRIVATE_ADDRESS_REFUSED';

export interface TransportErrorOptions extends VigilErrorOptions {
  url?: string;
  status?: number;
  rpcCode?: number;
  rpcData?: unknown;
  errors?: readonly TransportError[];
}

/**
 * A failed request. `url` is the request's URL (for `ALL_ENDPOINTS_FAILED` and a failover's
 * `NOT_AVAILABLE`, the request path, with each endpoint's error in `errors`), `status` the HTTP
 * status when one came.
 * @example
 * try { await httpGet(url, { timeoutMs: 5000, maxBytes: 1 << 20 }) }
 * catch (err) { if (err instanceof TransportError && err.code === 'TIMEOUT') … }
 */
export class TransportError extends VigilError {
  override name = 'TransportError';
  override readonly code: TransportErrorCode;
  readonly url: string | undefined;
  readonly status: number | undefined;
  /** The JSON-RPC `error.code` (code `RPC_ERROR` only). */
  readonly rpcCode: number | undefined;
  /** The JSON-RPC `error.data`, unchecked (code `RPC_ERROR` only). */
  readonly rpcData: unknown;
  /** Each failed attempt, in order (code `ALL_ENDPOINTS_FAILED` only). */
  readonly errors: readonly TransportError[];

  constructor(code: TransportErrorCode, shortMessage: string, options: TransportErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
    this.url = options.url;
    this.status = options.status;
    this.rpcCode = options.rpcCode;
    this.rpcData = options.rpcData;
    this.errors = options.errors ?? [];
  }
}

export function isTransportError(err: unknown): err is TransportError {
  return err instanceof TransportError;
}

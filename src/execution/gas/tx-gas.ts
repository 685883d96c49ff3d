/**
 * What a transaction pays before its first opcode, by fork: intrinsic gas, the calldata floor
 * (EIP-7623), the gas limit caps, and from Amsterdam the split of the gas limit into the regular
 * budget and EIP-8037's state-gas reservoir. One table per rule set ({@link TX_RULES}); Amsterdam's
 * parameters live in {@link AMSTERDAM}, which also feeds the interpreter's (../call.ts), so that a
 * value that moves before mainnet is changed in one place, with its test.
 *
 * Amsterdam's values are those Sepolia runs since 2026-10-06 as the execution clients ship them at
 * glamsterdam-devnet v8.1.0: @ethereumjs/tx and @ethereumjs/evm 10.1.3 `params.js` (EIP-2780 at
 * EIPs@8331fb3e, EIP-7976 @c998ef94, EIP-7981 @747b78c0, EIP-8037 @5a8c8089, EIP-8038 @8331fb3e,
 * EIP-7954 @fcef3c3c, EIP-7702), read against execution-specs' amsterdam fork
 * (`calculate_intrinsic_cost`, `process_transaction`); docs/amsterdam.md lists each rule's source.
 * Pure.
 * @module
 */
import { equalBytes } from '../../core/bytes.ts';
import { type ExecutionFork, forkAtLeast } from '../block-env.ts';
import type { CallRequest } from '../call-request.ts';

/** EIP-7825 (Osaka): the most gas one transaction may carry; from Amsterdam, the most regular gas. */
export const TX_GAS_LIMIT_CAP = 1n << 24n;
/** Amsterdam: the most gas one transaction may carry in both dimensions (EIP-8037: the state-gas reservoir takes the rest). */
export const TX_GAS_LIMIT_CAP_AMSTERDAM = (1n << 32n) - 1n;

/**
 * Amsterdam's transaction-level parameters, which Vigil applies itself; those the interpreter
 * shares with them are given to it from here too ({@link AMSTERDAM_EVM}).
 */
const AMSTERDAM_TX = {
  /** EIP-2780 TX_BASE_COST. */
  txBase: 12_000n,
  /** EIP-2780 + EIP-8038: CREATE_ACCESS = ACCOUNT_WRITE + COLD_ACCOUNT_ACCESS (its state part is charged at access). */
  createAccess: 12_000n,
  /** EIP-2780: the recipient's cold access, paid by a call to anyone but the sender. */
  recipientAccess: 3_000n,
  /** EIP-2780 TX_VALUE_COST: the recipient's balance write and its EIP-7708 log. */
  valueCost: 6_000n,
  /** EIP-8038: an access list's entries cost cold − warm access. */
  accessListAddress: 2_900n,
  accessListStorageKey: 2_000n,
  /** EIP-7976: 16 gas per floor token, four tokens per calldata byte, zero or not. */
  floorPerToken: 16n,
  /** EIP-8037 REGULAR_PER_AUTH_BASE_COST: 101 tuple bytes × 16 + ecrecover + cold access + 2 warm. */
  authBase: 7_816n,
  /** EIP-8038 ACCOUNT_WRITE: paid once per authority whose account the transaction had not written yet. */
  accountWrite: 9_000n,
  /** EIP-8037 COST_PER_STATE_BYTE and the bytes of a new account and of a delegation indicator. */
  costPerStateByte: 1_530n,
  stateBytesPerNewAccount: 120n,
  stateBytesPerAuthBase: 23n,
  /** EIP-7954: twice the code size limit. */
  maxInitCodeSize: 131_072,
} as const;

const n = Number;

/** The interpreter's Amsterdam parameters, by the EIP @ethereumjs/evm files them under (merged over its own in ../call.ts). */
const AMSTERDAM_EVM = {
  2780: { txValueCost: n(AMSTERDAM_TX.valueCost), transferLogCost: 1_756, txRecipientAccessGas: n(AMSTERDAM_TX.recipientAccess) },
  7954: { maxCodeSize: AMSTERDAM_TX.maxInitCodeSize / 2, maxInitCodeSize: AMSTERDAM_TX.maxInitCodeSize },
  8037: {
    costPerStateByte: n(AMSTERDAM_TX.costPerStateByte),
    stateBytesPerStorageSet: 64,
    stateBytesPerNewAccount: n(AMSTERDAM_TX.stateBytesPerNewAccount),
    stateBytesPerAuthBase: n(AMSTERDAM_TX.stateBytesPerAuthBase),
    codeDepositHashWordGas: 6,
  },
  8038: {
    coldsloadGas: 2_100,
    coldaccountaccessGas: n(AMSTERDAM_TX.recipientAccess),
    storageWriteGas: 10_000,
    refundStorageClearGas: 11_616,
    callValueTransferGas: 11_300,
    accountWriteGas: n(AMSTERDAM_TX.accountWrite),
    createGas: n(AMSTERDAM_TX.createAccess),
    create2Gas: n(AMSTERDAM_TX.createAccess),
  },
} as const;

/** Amsterdam's parameters in one table: `tx` Vigil's transaction rules, `evm` the interpreter's. */
export const AMSTERDAM = { tx: AMSTERDAM_TX, evm: AMSTERDAM_EVM } as const;

/** The transaction-level rules of a fork. */
interface TxRules {
  txBase: bigint;
  createAccess: bigint;
  recipientAccess: bigint;
  valueCost: bigint;
  accessListAddress: bigint;
  accessListStorageKey: bigint;
  /** Gas per floor token of EIP-7623 (0: no floor). */
  floorPerToken: bigint;
  /** EIP-7976: every calldata byte is four tokens (before: a zero byte one). */
  uniformTokens: boolean;
  /** EIP-7981: access-list bytes count as floor tokens and are charged as such. */
  accessListTokens: boolean;
  /** EIP-2780: the floor starts from the base with the creation or recipient costs (before: TX_BASE_COST alone). */
  floorOnFullBase: boolean;
  /** Intrinsic gas per authorization tuple. */
  authBase: bigint;
  maxInitCodeSize: number;
}

const PRAGUE: TxRules = {
  txBase: 21_000n,
  createAccess: 32_000n,
  recipientAccess: 0n,
  valueCost: 0n,
  accessListAddress: 2_400n,
  accessListStorageKey: 1_900n,
  floorPerToken: 10n,
  uniformTokens: false,
  accessListTokens: false,
  floorOnFullBase: false,
  // EIP-7702 PER_EMPTY_ACCOUNT_COST: the existing authority's part is refunded (../authorizations.ts).
  authBase: 25_000n,
  maxInitCodeSize: 2 * 24_576,
};

const AMSTERDAM_RULES: TxRules = { ...AMSTERDAM.tx, uniformTokens: true, accessListTokens: true, floorOnFullBase: true };

const TX_DATA_COST_PER_ZERO = 4n;
const TX_DATA_COST_PER_NONZERO = 16n;
const INIT_CODE_WORD_COST = 2n;
const STANDARD_TOKEN_COST = 4n;

function rulesOf(fork: ExecutionFork): TxRules {
  if (fork === 'amsterdam') return AMSTERDAM_RULES;
  // Before Prague: no floor; before Shanghai no initcode charge (intrinsicGas looks at the fork for it).
  return forkAtLeast(fork, 'prague') ? PRAGUE : { ...PRAGUE, floorPerToken: 0n };
}

/** Whether `fork` meters state creation apart (EIP-8037). */
export const hasStateGas = (fork: ExecutionFork): boolean => fork === 'amsterdam';

/** The largest initcode a creation may carry (EIP-3860, EIP-7954); undefined before Shanghai. */
export function maxInitCodeSize(fork: ExecutionFork): number | undefined {
  return forkAtLeast(fork, 'shanghai') ? rulesOf(fork).maxInitCodeSize : undefined;
}

/**
 * Intrinsic gas and the EIP-7623 calldata floor of `request` under `fork`. From Amsterdam the
 * intrinsic part is all regular gas (new-account and delegation state gas is charged at access),
 * and the floor is anchored on the base and recipient costs (EIP-2780), not 21,000.
 */
export function intrinsicGas(request: CallRequest, env: { fork: ExecutionFork }): { intrinsic: bigint; floor: bigint } {
  const r = rulesOf(env.fork);
  let zeros = 0n;
  for (const b of request.data) if (b === 0) zeros++;
  const bytes = BigInt(request.data.length);
  const nonzeros = bytes - zeros;
  let tokens = r.uniformTokens ? bytes * STANDARD_TOKEN_COST : zeros + nonzeros * STANDARD_TOKEN_COST;
  let base = r.txBase;
  if (request.to === null) {
    base += r.createAccess;
  } else if (!equalBytes(request.to, request.from)) {
    // EIP-2780: a call pays for its recipient, and for the value it moves there; a creation does not.
    base += r.recipientAccess + (request.value > 0n ? r.valueCost : 0n);
  }
  let intrinsic = base + zeros * TX_DATA_COST_PER_ZERO + nonzeros * TX_DATA_COST_PER_NONZERO;
  if (request.to === null && forkAtLeast(env.fork, 'shanghai')) intrinsic += INIT_CODE_WORD_COST * ((bytes + 31n) / 32n);
  let addresses = 0n;
  let keys = 0n;
  for (const entry of request.accessList) {
    addresses++;
    keys += BigInt(entry.storageKeys.length);
  }
  intrinsic += addresses * r.accessListAddress + keys * r.accessListStorageKey;
  if (r.accessListTokens) {
    const listTokens = (addresses * 20n + keys * 32n) * STANDARD_TOKEN_COST;
    tokens += listTokens;
    intrinsic += listTokens * r.floorPerToken;
  }
  intrinsic += r.authBase * BigInt(request.authorizationList?.length ?? 0);
  const floor = r.floorPerToken > 0n ? (r.floorOnFullBase ? base : r.txBase) + tokens * r.floorPerToken : 0n;
  return { intrinsic, floor };
}

/** The most gas a transaction of `fork` may name (undefined: no cap before Osaka). */
export function txGasLimitCap(fork: ExecutionFork): bigint | undefined {
  if (hasStateGas(fork)) return TX_GAS_LIMIT_CAP_AMSTERDAM;
  return forkAtLeast(fork, 'osaka') ? TX_GAS_LIMIT_CAP : undefined;
}

/**
 * EIP-8037: the gas left after intrinsic gas split into what opcodes may spend (at most the
 * regular cap less the intrinsic part) and the state-gas reservoir (the rest, drawn on only by
 * state creation). Before Amsterdam everything is regular.
 */
export function splitExecutionGas(gasLimit: bigint, intrinsic: bigint, fork: ExecutionFork): { regular: bigint; reservoir: bigint } {
  const execution = gasLimit - intrinsic;
  if (!hasStateGas(fork)) return { regular: execution, reservoir: 0n };
  const budget = TX_GAS_LIMIT_CAP > intrinsic ? TX_GAS_LIMIT_CAP - intrinsic : 0n;
  const regular = execution < budget ? execution : budget;
  return { regular, reservoir: execution - regular };
}

/**
 * What a plain transfer (no calldata, no list, to an account with no code) costs, cheapest first:
 * exactly 21,000 before Amsterdam; from it the intrinsic gas, plus a new account's state gas when
 * the value makes the recipient's account. The estimator tries these before it searches, and the
 * wallet adds no margin to them (no state change makes such a transfer cost more).
 */
export function plainTransferGas(request: Pick<CallRequest, 'from' | 'to' | 'value'>, fork: ExecutionFork): bigint[] {
  if (!hasStateGas(fork)) return [PRAGUE.txBase];
  const { intrinsic } = intrinsicGas({ ...request, data: new Uint8Array(0), accessList: [], blobVersionedHashes: [] }, { fork });
  const t = AMSTERDAM.tx;
  return request.value > 0n && request.to !== null && !equalBytes(request.to, request.from) ? [intrinsic, intrinsic + t.stateBytesPerNewAccount * t.costPerStateByte] : [intrinsic];
}

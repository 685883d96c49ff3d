/**
 * The L2 withdrawal the Arbitrum forced exit signs (./exit.ts `sign-l2`): ArbSys.withdrawEth(owner)
 * of the exit's amount, its fee cap bounded by the base fee of the confirmed L2 header the follower
 * proved, its nonce the L2 RPC's hint checked against the owner's nonce proven in that confirmed
 * state (or, after a transaction the rollup proved it did not run, that proven nonce alone), its
 * gas the hint within bounds. The L2 RPC's answers are hints: within these bounds a lie can only
 * make the transaction fail on L2, which the confirmation proves. Pure.
 * @module
 */
import { bigIntToHex, bytesToBigInt, bytesToHex, isHex } from '../../core/bytes.ts';
import { decodeHeader } from '../../execution/header.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import type { ExitInputs, ExitL2TxRequest, ExitPlanRecord } from '../exit-plan.ts';
import { ARBSYS, encodeWithdrawEth } from './bridge.ts';
import type { ArbitrumConfig } from './config.ts';
import { nitroHeaderInfo } from './follow.ts';

/** The wallet's label for the L2 transaction it signs (ExitL2TxRequest.label, inputs.signedL2's key). */
export const L2_TX_LABEL = 'withdraw';

/**
 * The fee cap of the L2 withdrawal, in multiples of the confirmed header's base fee: at least
 * twice it (the message may be read days later, at another base fee; Arbitrum charges the base fee
 * of the block that runs it, never the cap), at most sixteen times (what a lying gas price can make
 * the wallet offer); both doubled after each proven failure.
 */
export const L2_FEE_FLOOR_MULTIPLE = 2n;
export const L2_FEE_CEILING_MULTIPLE = 16n;
/** The gas limit signed when the L2 RPC's estimate is refused (ArbSys.withdrawEth runs in tens of thousands). */
const DEFAULT_WITHDRAW_GAS = 500_000n;
/** Key of the owner's account proof in the confirmed state (its nonce: what the L2 RPC's is checked against). */
export const SIGN_ACCOUNT = 'signAccount';

/** The confirmed L2 header the follower proved (its number and state root those of the accepted state): its base fee. */
export function confirmedBaseFee(inputs: ExitInputs): { baseFee: bigint; number: bigint; root: bigint } | undefined {
  const followed = inputs.followed;
  if (followed?.hints?.header === undefined) return undefined;
  try {
    const header = decodeHeader(followed.hints.header);
    nitroHeaderInfo(header);
    if (header.number !== followed.accepted.batch || bytesToBigInt(header.stateRoot) !== followed.accepted.root || !header.baseFeePerGas) return undefined;
    return { baseFee: header.baseFeePerGas, number: header.number, root: followed.accepted.root };
  } catch {
    return undefined;
  }
}

const quantity = (v: unknown): bigint | undefined => (isHex(v) && v.length >= 3 && v.length <= 66 ? BigInt(v) : undefined);

/**
 * How far above the nonce proven in the confirmed state (days old) the L2 RPC's nonce may be taken:
 * the owner's own transactions since. A hint further above is refused for the proven nonce.
 */
export const L2_NONCE_AHEAD = 64n;

/**
 * The L2 transaction's parameters: the nonce from the L2 RPC's hint within what is proven (the
 * owner's nonce in the confirmed state, a floor proven before), the fee bounded by the confirmed
 * header's base fee, the gas from the hint within bounds. `need`: what is still to be asked; a
 * problem when nothing usable came, or the exit cannot be signed as started.
 */
export function l2TxParams(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs): ExitL2TxRequest | { problem: string } | { need: 'hints' | 'header' } {
  const f = record.facts;
  const confirmed = confirmedBaseFee(inputs);
  if (confirmed === undefined) return { need: 'header' };
  if (!['nonce', 'gasPrice', 'estimate', SIGN_ACCOUNT].some((k) => inputs.l2.has(k))) return { need: 'hints' };
  // The nonce: after a transaction the rollup proved it did not run, only the proven one. Else the
  // hint, never below a floor proven before or the nonce proven in the confirmed state, and refused
  // when further above that than the owner could have sent since.
  const floor = f.l2NonceFloor !== undefined ? BigInt(f.l2NonceFloor) : undefined;
  let nonce: bigint | undefined;
  if (f.l2NonceProven === '1' && floor !== undefined) nonce = floor;
  else {
    let provenNonce: bigint | undefined;
    try {
      const a = verifyEvmAccount(confirmed.root, inputs.l2.get(SIGN_ACCOUNT));
      if (bytesToHex(a.address) === record.owner) provenNonce = a.account.nonce;
    } catch {
      provenNonce = undefined;
    }
    const known = [floor, provenNonce].filter((n): n is bigint => n !== undefined);
    const least = known.length === 0 ? undefined : known.reduce((a, b) => (a > b ? a : b));
    const hinted = quantity(inputs.l2.get('nonce'));
    const refused = hinted !== undefined && provenNonce !== undefined && hinted > provenNonce + L2_NONCE_AHEAD;
    nonce = hinted !== undefined && !refused ? (least !== undefined && least > hinted ? least : hinted) : least;
  }
  if (nonce === undefined) return { problem: `the L2 RPC gave no usable nonce, nor a proof of your account in the confirmed L2 block ${confirmed.number}` };
  if (nonce >= 1n << 64n) return { problem: `the nonce ${nonce} is out of range` };
  // The fee: within the confirmed base fee's bounds (a gas price below the floor, or none, is refused for the floor).
  const bumps = 1n << BigInt(Number(f.l2FeeBumps ?? '0'));
  const lo = L2_FEE_FLOOR_MULTIPLE * confirmed.baseFee * bumps;
  const hi = L2_FEE_CEILING_MULTIPLE * confirmed.baseFee * bumps;
  const price = quantity(inputs.l2.get('gasPrice'));
  const offered = price === undefined ? lo : 2n * price;
  const maxFeePerGas = offered < lo ? lo : offered > hi ? hi : offered;
  // ArbSys.withdrawEth costs tens of thousands of gas; an estimate outside these bounds is refused for a fixed limit.
  const gas = quantity(inputs.l2.get('estimate'));
  const gasLimit = gas !== undefined && gas >= 21_000n && gas <= 5_000_000n ? (gas * 3n) / 2n : DEFAULT_WITHDRAW_GAS;
  const amount = BigInt(record.amount);
  const fee = gasLimit * maxFeePerGas;
  const balance = BigInt(f.balance ?? record.amount);
  if (amount + fee > balance) {
    return { problem: `the amount plus the L2 fee (${fee} wei at most) exceeds the L2 balance (${balance} wei): start a new exit of at most ${balance - fee > 0n ? balance - fee : 0n} wei` };
  }
  return { label: L2_TX_LABEL, chainId: config.chainId, nonce, to: ARBSYS, value: amount, data: encodeWithdrawEth(record.owner), gasLimit, maxFeePerGas, maxPriorityFeePerGas: 0n };
}

/** The L2 RPC's hints for the withdrawal: the owner's nonce, the gas price, the gas estimate. */
export const L2_HINTS = (owner: string, amount: bigint) => [
  { key: 'nonce', method: 'eth_getTransactionCount', params: [owner, 'latest'] },
  { key: 'gasPrice', method: 'eth_gasPrice', params: [] },
  { key: 'estimate', method: 'eth_estimateGas', params: [{ from: owner, to: ARBSYS, value: bigIntToHex(amount), data: encodeWithdrawEth(owner) }] },
];

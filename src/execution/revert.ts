/**
 * The words nodes give a reverted call, decoded from its revert data. Pure.
 * @module
 */
import { bytesToBigInt, hexToBytes } from '../core/bytes.ts';
import { decodeAbi, functionSelector } from './abi.ts';

const ERROR_SELECTOR = '08c379a0';
const PANIC_SELECTOR = '4e487b71';
/** Solidity's panic codes as go-ethereum words them (accounts/abi.panicReasons). */
const PANIC_REASONS: Record<number, string> = {
  0x00: 'generic panic',
  0x01: 'assert(false)',
  0x11: 'arithmetic underflow or overflow',
  0x12: 'division or modulo by zero',
  0x21: 'enum overflow',
  0x22: 'invalid encoded storage byte array accessed',
  0x31: 'out-of-bounds array access; popping on an empty array',
  0x32: 'out-of-bounds access of an array or bytesN',
  0x41: 'out of memory',
  0x51: 'uninitialized function',
};

/**
 * The message a node gives a reverted call: "execution reverted", with the reason when the revert
 * data is an Error(string) or a Panic(uint256).
 */
export function revertMessage(returnData: string): string {
  const hex = returnData.startsWith('0x') ? returnData.slice(2) : returnData;
  const base = 'execution reverted';
  const selector = hex.slice(0, 8).toLowerCase();
  try {
    if (selector === ERROR_SELECTOR && hex.length >= 8 + 128) {
      const body = hexToBytes('0x' + hex.slice(8));
      const offset = Number(bytesToBigInt(body.subarray(0, 32)));
      if (offset + 32 > body.length) return base;
      const length = Number(bytesToBigInt(body.subarray(offset, offset + 32)));
      if (offset + 32 + length > body.length) return base;
      const reason = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(offset + 32, offset + 32 + length));
      return `${base}: ${reason}`;
    }
    if (selector === PANIC_SELECTOR && hex.length === 8 + 64) {
      const code = bytesToBigInt(hexToBytes('0x' + hex.slice(8)));
      const reason = code < 256n ? PANIC_REASONS[Number(code)] : undefined;
      return `${base}: ${reason ?? `unknown panic code: 0x${code.toString(16)}`}`;
    }
  } catch {
    // Not valid UTF-8, or not decodable: the bare message, as nodes do.
  }
  return base;
}

/**
 * Custom errors of the contracts whose ABI Vigil ships: the demo contracts (token, pair, quoter,
 * the devnet rollup), Permit2, and OpenZeppelin 5's ERC-20 and ERC-721 (the devnet's NFT). Uniswap
 * V2 and WETH9 revert with Error(string) or nothing. Canonical signatures: the selector is
 * computed from each, so a signature wrong here can only fail to match, never misname.
 */
const KNOWN_ERRORS = [
  // Demo contracts and the devnet rollup (src/devnet).
  'AccountsExhausted()', 'AlreadyEscaped(uint256)', 'AmountTooLarge(uint256)', 'ConstantProduct()', 'DeadlineNotPassed(uint256,uint256)',
  'DirectPayment()', 'ForcedDeadlineOutOfRange(uint256)', 'IndexOutOfRange(uint256)', 'InsufficientBalance(address,uint256,uint256)',
  'InsufficientInputAmount()', 'InsufficientLiquidity()', 'InsufficientLiquidityMinted()', 'InsufficientOutputAmount()', 'InvalidOwner(uint256,uint256)',
  'InvalidProof()', 'InvalidTo()', 'NoPair(address,address)', 'NotAPrecompile(address)', 'NotFieldElement(uint256)', 'NotFrozen()',
  'NotOwner(address,uint256)', 'NothingOwed()', 'PaymentFailed(address,uint256)', 'QueueCountMismatch(uint256,uint256)', 'QueueEmpty()',
  'QueueEndOutOfRange(uint256,uint256,uint256)', 'QueueEntryMismatch(uint256,bytes32,bytes32)', 'QueueTxOutOfOrder(uint256)',
  'QueueTxUnusedField(uint256,uint256)', 'Reentered()', 'Reentrancy()', 'ReserveOverflow()', 'RollupFrozen()', 'RootMismatch(uint256,uint256)',
  'TopUpWithKey(uint256)', 'UnknownAccount(uint256)', 'UnknownFunction(bytes4)', 'UnknownTxType(uint256,uint256)', 'VerifierHasNoCode(address)',
  // Permit2 (Uniswap/permit2 src/interfaces, src/PermitErrors.sol, src/libraries/SignatureVerification.sol).
  'AllowanceExpired(uint256)', 'InsufficientAllowance(uint256)', 'ExcessiveInvalidation()', 'InvalidAmount(uint256)', 'LengthMismatch()',
  'InvalidNonce()', 'SignatureExpired(uint256)', 'InvalidSignature()', 'InvalidSignatureLength()', 'InvalidSigner()', 'InvalidContractSignature()',
  // OpenZeppelin 5 (interfaces/draft-IERC6093.sol).
  'ERC20InsufficientBalance(address,uint256,uint256)', 'ERC20InvalidSender(address)', 'ERC20InvalidReceiver(address)',
  'ERC20InsufficientAllowance(address,uint256,uint256)', 'ERC20InvalidApprover(address)', 'ERC20InvalidSpender(address)',
  'ERC721InvalidOwner(address)', 'ERC721NonexistentToken(uint256)', 'ERC721IncorrectOwner(address,uint256,address)', 'ERC721InvalidSender(address)',
  'ERC721InvalidReceiver(address)', 'ERC721InsufficientApproval(address,uint256)', 'ERC721InvalidApprover(address)', 'ERC721InvalidOperator(address)',
];

let executeError: string | undefined;
const EXECUTE_ERROR_SELECTOR = () => (executeError ??= functionSelector('ExecuteError(uint256,bytes)').slice(2));

let knownBySelector: Map<string, { name: string; types: string[] }> | undefined;

function knownErrors(): Map<string, { name: string; types: string[] }> {
  knownBySelector ??= new Map(
    KNOWN_ERRORS.map((signature) => {
      const open = signature.indexOf('(');
      const inner = signature.slice(open + 1, -1);
      return [functionSelector(signature).slice(2), { name: signature.slice(0, open), types: inner === '' ? [] : inner.split(',') }];
    }),
  );
  return knownBySelector;
}

/** A revert's reason as the approval window shows it. */
export type RevertReason =
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | { kind: 'panic'; code: bigint; message: string }
  | { kind: 'custom'; name: string; args: string[] }
  | { kind: 'unknown'; selector: string };

/** The reason in revert data: Error(string), Panic(uint256), a known custom error with its arguments, or what it is not. */
export function decodeRevert(returnData: string): RevertReason {
  const hex = (returnData.startsWith('0x') ? returnData.slice(2) : returnData).toLowerCase();
  if (hex.length === 0) return { kind: 'empty' };
  const selector = hex.slice(0, 8);
  const message = revertMessage(returnData);
  if (selector === ERROR_SELECTOR && message !== 'execution reverted') return { kind: 'error', message: message.slice('execution reverted: '.length) };
  if (selector === PANIC_SELECTOR && hex.length === 8 + 64) return { kind: 'panic', code: BigInt('0x' + hex.slice(8)), message: message.slice('execution reverted: '.length) };
  if (selector === EXECUTE_ERROR_SELECTOR()) {
    // eth-infinitism's BaseAccount.executeBatch (the pinned EIP-7702 delegate): the failing call's index (from 0) and its own revert, read in turn.
    try {
      const [index, inner] = decodeAbi(['uint256', 'bytes'], '0x' + hex.slice(8)) as [bigint, string];
      return { kind: 'custom', name: 'ExecuteError', args: [index.toString(), revertReasonText(decodeRevert(inner))] };
    } catch {
      // Its selector but not its arguments: not that error.
    }
  }
  const known = hex.length >= 8 ? knownErrors().get(selector) : undefined;
  if (known !== undefined) {
    try {
      const args = decodeAbi(known.types, '0x' + hex.slice(8)).map((v) => (typeof v === 'bigint' ? v.toString() : String(v)));
      return { kind: 'custom', name: known.name, args };
    } catch {
      // Its selector but not its arguments: not that error.
    }
  }
  return { kind: 'unknown', selector: '0x' + selector.padEnd(8, '0').slice(0, 8) };
}

/** One line for a reason: `InsufficientBalance(0xab…, 1, 2)`, the Error string, the panic's words. */
export function revertReasonText(reason: RevertReason): string {
  switch (reason.kind) {
    case 'empty':
      return 'reverted without a reason';
    case 'error':
      return reason.message;
    case 'panic':
      return `panic: ${reason.message}`;
    case 'custom':
      return `${reason.name}(${reason.args.join(', ')})`;
    case 'unknown':
      return `an error Vigil does not know (selector ${reason.selector})`;
  }
}

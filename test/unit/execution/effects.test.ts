/**
 * Reading a run's logs as effects (src/execution/effects.ts) and a revert's reason
 * (src/execution/revert.ts decodeRevert): each event by its shape, a known topic in the wrong shape
 * kept as unknown, and neither decoder throws on any hex it is given (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { encodeAbi, encodeFunctionCall, eventTopic } from '../../../src/execution/abi.ts';
import { decodeEffects, EIP7708_EMITTER, PERMIT2_ADDRESS, ZERO_ADDRESS } from '../../../src/execution/effects.ts';
import { decodeRevert, revertReasonText } from '../../../src/execution/revert.ts';

const A = '0x' + 'aa'.repeat(20);
const B = '0x' + 'bb'.repeat(20);
const T = '0x' + '70'.repeat(20);
const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');
const log = (address: string, signature: string, topics: string[], data = '0x') => ({ address, topics: [eventTopic(signature), ...topics], data });

describe('decodeEffects', () => {
  it("never reads EIP-7708's ether logs as a token's: Transfer and Burn from 0xff…fe (any case) are neither movements nor unknown", () => {
    const e = decodeEffects([
      log(EIP7708_EMITTER, 'Transfer(address,address,uint256)', [topic(A), topic(B)], word(5n)),
      log(EIP7708_EMITTER.toUpperCase().replace('0X', '0x'), 'Transfer(address,address,uint256)', [topic(A), topic(B)], word(5n)),
      log(EIP7708_EMITTER, 'Burn(address,uint256)', [topic(A)], word(1n)),
      log(T, 'Transfer(address,address,uint256)', [topic(A), topic(B)], word(6n)),
    ]);
    expect(e).toEqual({ movements: [{ standard: 'erc20', token: T, from: A, to: B, amount: 6n, logIndex: 3 }], approvals: [], unknown: [] });
  });

  it('reads ERC-20 and ERC-721 Transfer and Approval apart by shape, ApprovalForAll, ERC-1155 single and batch, WETH deposit and withdrawal', () => {
    const batch = bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n, 2n], [10n, 20n]]));
    const e = decodeEffects([
      log(T, 'Transfer(address,address,uint256)', [topic(A), topic(B)], word(5n)),
      log(T, 'Transfer(address,address,uint256)', [topic(A), topic(B), word(77n)]),
      log(T, 'Approval(address,address,uint256)', [topic(A), topic(B)], word(0n)),
      log(T, 'Approval(address,address,uint256)', [topic(A), topic(B), word(77n)]),
      log(T, 'ApprovalForAll(address,address,bool)', [topic(A), topic(B)], word(1n)),
      log(T, 'TransferSingle(address,address,address,uint256,uint256)', [topic(B), topic(A), topic(B)], word(9n) + word(3n).slice(2)),
      log(T, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(B), topic(A), topic(B)], batch),
      log(T, 'Deposit(address,uint256)', [topic(A)], word(4n)),
      log(T, 'Withdrawal(address,uint256)', [topic(A)], word(4n)),
    ]);
    expect(e.movements).toEqual([
      { standard: 'erc20', token: T, from: A, to: B, amount: 5n, logIndex: 0 },
      { standard: 'erc721', token: T, from: A, to: B, tokenId: 77n, logIndex: 1 },
      { standard: 'erc1155', token: T, from: A, to: B, tokenId: 9n, amount: 3n, logIndex: 5 },
      { standard: 'erc1155', token: T, from: A, to: B, tokenId: 1n, amount: 10n, logIndex: 6 },
      { standard: 'erc1155', token: T, from: A, to: B, tokenId: 2n, amount: 20n, logIndex: 6 },
      { standard: 'erc20', token: T, from: ZERO_ADDRESS, to: A, amount: 4n, logIndex: 7 },
      { standard: 'erc20', token: T, from: A, to: ZERO_ADDRESS, amount: 4n, logIndex: 8 },
    ]);
    expect(e.approvals).toEqual([
      { kind: 'erc20', token: T, owner: A, spender: B, amount: 0n, logIndex: 2 },
      { kind: 'erc721', token: T, owner: A, spender: B, tokenId: 77n, logIndex: 3 },
      { kind: 'operator', token: T, owner: A, spender: B, approved: true, logIndex: 4 },
    ]);
    expect(e.unknown).toEqual([]);
  });

  it("reads Permit2's Approval, Permit and Lockdown only from Permit2's address", () => {
    const approval = log(PERMIT2_ADDRESS, 'Approval(address,address,address,uint160,uint48)', [topic(A), topic(T), topic(B)], word(100n) + word(1_900_000_000n).slice(2));
    const permit = log(PERMIT2_ADDRESS, 'Permit(address,address,address,uint160,uint48,uint48)', [topic(A), topic(T), topic(B)], word(100n) + word(5n).slice(2) + word(0n).slice(2));
    const lockdown = log(PERMIT2_ADDRESS, 'Lockdown(address,address,address)', [topic(A)], word(BigInt(T)) + word(BigInt(B)).slice(2));
    const e = decodeEffects([approval, permit, lockdown, { ...approval, address: T }]);
    expect(e.approvals).toEqual([
      { kind: 'permit2', token: T, owner: A, spender: B, amount: 100n, expiration: 1_900_000_000n, via: PERMIT2_ADDRESS, logIndex: 0 },
      { kind: 'permit2', token: T, owner: A, spender: B, amount: 100n, expiration: 5n, via: PERMIT2_ADDRESS, logIndex: 1 },
      { kind: 'permit2', token: T, owner: A, spender: B, amount: 0n, expiration: 0n, via: PERMIT2_ADDRESS, logIndex: 2 },
    ]);
    expect(e.unknown).toEqual([3]);
  });

  it('keeps a known topic in the wrong shape as unknown: extra data, a topic that is no address, a bool above 1, unequal batch arrays', () => {
    const bad = bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n], [10n, 20n]]));
    const e = decodeEffects([
      log(T, 'Transfer(address,address,uint256)', [topic(A), topic(B)], word(5n) + '00'),
      log(T, 'Transfer(address,address,uint256)', [word(1n << 200n), topic(B)], word(5n)),
      log(T, 'ApprovalForAll(address,address,bool)', [topic(A), topic(B)], word(2n)),
      log(T, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(B), topic(A), topic(B)], bad),
      { address: T, topics: [], data: '0x' },
      // A batch whose data is no whole number of words, an array's offset inside the head: once an untyped RangeError (a hostile contract's log stopped the read).
      log(T, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(B), topic(A), topic(B)], word(64n) + word(96n).slice(2) + word(1n).slice(2) + '00'.repeat(4)),
      // A batch whose last value is cut short: its array's words run past the data (once read as an undefined amount).
      log(T, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(B), topic(A), topic(B)], bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n, 2n], [10n, 20n]])).slice(0, -2)),
    ]);
    expect(e).toEqual({ movements: [], approvals: [], unknown: [0, 1, 2, 3, 4, 5, 6] });
  });

  it('never throws on logs of any hex (fast-check)', () => {
    const hex = (max: number) => fc.uint8Array({ maxLength: max }).map(bytesToHex);
    const known = fc.constantFrom(...['Transfer(address,address,uint256)', 'TransferBatch(address,address,address,uint256[],uint256[])', 'Approval(address,address,address,uint160,uint48)', 'Lockdown(address,address,address)'].map(eventTopic));
    const t = fc.oneof(known, fc.uint8Array({ minLength: 32, maxLength: 32 }).map(bytesToHex), fc.constantFrom(topic(A)));
    fc.assert(
      fc.property(fc.array(fc.record({ address: fc.constantFrom(T, PERMIT2_ADDRESS), topics: fc.array(t, { maxLength: 5 }), data: hex(200) }), { maxLength: 6 }), (logs) => {
        const e = decodeEffects(logs);
        expect(e.unknown.length + new Set([...e.movements, ...e.approvals].map((x) => x.logIndex)).size).toBe(logs.length);
      }),
    );
  });
});

describe('decodeRevert', () => {
  it('Error(string), Panic(uint256), a known custom error with its arguments, an unknown selector, nothing', () => {
    expect(decodeRevert(encodeFunctionCall('Error(string)', ['UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT']))).toEqual({ kind: 'error', message: 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT' });
    expect(decodeRevert(encodeFunctionCall('Panic(uint256)', [0x11n]))).toEqual({ kind: 'panic', code: 0x11n, message: 'arithmetic underflow or overflow' });
    const custom = decodeRevert(encodeFunctionCall('ERC20InsufficientBalance(address,uint256,uint256)', [A, 1n, 2n]));
    expect(custom).toEqual({ kind: 'custom', name: 'ERC20InsufficientBalance', args: [A, '1', '2'] });
    expect(revertReasonText(custom)).toBe(`ERC20InsufficientBalance(${A}, 1, 2)`);
    expect(decodeRevert(encodeFunctionCall('AllowanceExpired(uint256)', [5n]))).toEqual({ kind: 'custom', name: 'AllowanceExpired', args: ['5'] });
    expect(decodeRevert('0xdeadbeef')).toEqual({ kind: 'unknown', selector: '0xdeadbeef' });
    // A known selector with arguments that do not decode is not that error.
    expect(decodeRevert(encodeFunctionCall('AllowanceExpired(uint256)', [5n]).slice(0, 20))).toMatchObject({ kind: 'unknown' });
    expect(decodeRevert('0x')).toEqual({ kind: 'empty' });
  });

  it('never throws on any revert data (fast-check)', () => {
    const selectors = fc.constantFrom('0x08c379a0', '0x4e487b71', encodeFunctionCall('ERC20InsufficientBalance(address,uint256,uint256)', [A, 1n, 2n]).slice(0, 10));
    fc.assert(
      fc.property(selectors, fc.uint8Array({ maxLength: 200 }), (sel, tail) => {
        const reason = decodeRevert(sel + bytesToHex(tail).slice(2));
        expect(typeof revertReasonText(reason)).toBe('string');
      }),
    );
  });
});

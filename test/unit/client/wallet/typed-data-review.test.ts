/**
 * Typed data reviewed for the window (src/client/wallet/typed-data-review.ts): a permit's token proven by
 * verified calls at the signing head (its decimals, symbol, total supply) and its spender's code;
 * an amount at or above the proven total supply is unlimited; what a token does not answer, or an
 * endpoint lies about, is left unproven, never guessed; a permit whose domain names no chain is
 * refused (PERMIT_WITHOUT_CHAIN, -32003 to the page).
 */
import { describe, expect, it } from 'vitest';
import { reviewTypedData } from '../../../../src/client/wallet/typed-data-review.ts';
import type { WalletChain } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import { PERMIT } from '../../wallet/typed-data-examples.ts';

const USDC = PERMIT.domain.verifyingContract.toLowerCase();
const SPENDER = PERMIT.message.spender;
const EMPTY_CODE = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

/** A chain whose verified calls answer as the token at `tokens[address]` would (selector → ABI-encoded answer); anything else reverts. */
function tokenChain(tokens: Record<string, Record<string, string>>, options: { lie?: boolean } = {}) {
  const head = { head: { blockNumber: 100n, blockHash: '0x' + 'aa'.repeat(32), timestamp: 0n }, env: {}, nextBaseFee: 1n };
  const chain: Pick<WalletChain, 'signingHead' | 'proveAccount' | 'execution'> = {
    signingHead: () => head as never,
    proveAccount: async (address) => ({ address, nonce: 0n, balance: 0n, codeHash: address.toLowerCase() === SPENDER.toLowerCase() ? '0x' + '12'.repeat(32) : EMPTY_CODE, blockNumber: 100n, blockHash: head.head.blockHash }) as never,
    execution: {
      run: async ({ call }: { call: { to: string; data: string } }) => {
        if (options.lie) throw new VerificationError('PROOF_VALUE_MISMATCH', 'a storage proof that does not verify');
        const returnData = tokens[call.to.toLowerCase()]?.[call.data];
        return { outcome: returnData === undefined ? { status: 'reverted', returnData: '0x', gasUsed: '0x0' } : { status: 'success', returnData, gasUsed: '0x0' } };
      },
    } as never,
  };
  return chain;
}

const uint = (n: bigint) => bytesToHex(encodeAbi(['uint256'], [n]));
const string = (s: string) => bytesToHex(encodeAbi(['string'], [s]));
const usdc = (supply: bigint) => ({ [USDC]: { '0x313ce567': uint(6n), '0x95d89b41': string('USDC'), '0x18160ddd': uint(supply) } });
const permit = (value: bigint, chainId: unknown = 1) => ({ ...PERMIT, domain: { ...PERMIT.domain, chainId }, message: { ...PERMIT.message, value } });

describe('reviewTypedData', () => {
  it("proves a batch's spender once, however many of its entries name it", async () => {
    const base = tokenChain(usdc(10n ** 12n));
    let proofs = 0;
    const chain = { ...base, proveAccount: (address: string, head: never) => (proofs++, base.proveAccount(address, head)) } as typeof base;
    const details = [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }];
    const batch = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
        PermitBatch: [{ name: 'details', type: 'PermitDetails[]' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }],
        PermitDetails: details,
      },
      primaryType: 'PermitBatch',
      domain: { name: 'Permit2', chainId: 1, verifyingContract: '0x000000000022D473030F116dDEE9F6B43aC78BA3' },
      message: { details: Array.from({ length: 5 }, (_, n) => ({ token: USDC, amount: String(n + 1), expiration: '1', nonce: String(n) })), spender: SPENDER, sigDeadline: '2' },
    };
    const reviewed = await reviewTypedData(chain, batch, 1n);
    expect(reviewed.permits).toHaveLength(5);
    expect(reviewed.permits.every((p) => p.spenderCode === 'contract')).toBe(true);
    expect(proofs).toBe(1);
  });


  it("carries the token's proven decimals, symbol and total supply; an amount at or above the supply is unlimited, one below is not", async () => {
    const below = await reviewTypedData(tokenChain(usdc(1_000_000_000n)), permit(999_999_999n), 1n);
    expect(below.permits).toEqual([expect.objectContaining({ kind: 'eip2612', amount: '999999999', unlimited: false, decimals: 6, symbol: 'USDC', totalSupply: '1000000000', spenderCode: 'contract' })]);
    for (const value of [1_000_000_000n, 5_000_000_000n]) {
      expect((await reviewTypedData(tokenChain(usdc(1_000_000_000n)), permit(value), 1n)).permits[0]).toMatchObject({ unlimited: true, totalSupply: '1000000000' });
    }
    // Revoking (0) is never "unlimited", even of a token with nothing issued.
    expect((await reviewTypedData(tokenChain(usdc(0n)), permit(0n), 1n)).permits[0]).toMatchObject({ revoke: true, unlimited: false });
    // 2^160 − 1 is unlimited with no proof at all.
    expect((await reviewTypedData(undefined, permit((1n << 160n) - 1n), 1n)).permits[0]).toMatchObject({ unlimited: true, spenderCode: 'not proven' });
  });

  it('leaves unproven what a token does not answer or an endpoint lies about: nothing guessed', async () => {
    const silent = await reviewTypedData(tokenChain({ [USDC]: { '0x313ce567': uint(6n) } }), permit(10n ** 30n), 1n);
    expect(silent.permits[0]).toMatchObject({ decimals: 6, unlimited: false });
    expect(silent.permits[0]!.totalSupply).toBeUndefined();
    expect(silent.permits[0]!.symbol).toBeUndefined();
    const lying = await reviewTypedData(tokenChain(usdc(1n), { lie: true }), permit(5n), 1n);
    expect(lying.permits[0]).toMatchObject({ unlimited: false });
    expect(lying.permits[0]!.decimals).toBeUndefined();
    // decimals() answering more than the token rule allows is no decimals.
    const wild = await reviewTypedData(tokenChain({ [USDC]: { '0x313ce567': uint(1000n) } }), permit(5n), 1n);
    expect(wild.permits[0]!.decimals).toBeUndefined();
  });

  it('refuses a permit whose domain names no chain (valid on every chain): PERMIT_WITHOUT_CHAIN, -32003 to the page', async () => {
    const { chainId: _, ...domain } = PERMIT.domain;
    const chainless = { ...PERMIT, types: { ...PERMIT.types, EIP712Domain: PERMIT.types.EIP712Domain.filter((f) => f.name !== 'chainId') }, domain };
    const err = await reviewTypedData(tokenChain(usdc(1n)), chainless, 1n).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WalletError', code: 'PERMIT_WITHOUT_CHAIN' });
    expect(toProviderError(err).toJSON()).toMatchObject({ code: -32003, data: { code: 'PERMIT_WITHOUT_CHAIN' } });
  });
});

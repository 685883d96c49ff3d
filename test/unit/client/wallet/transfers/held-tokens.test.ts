/**
 * The tokens held without being followed: candidates from proven transfers, kept when balanceOf
 * by verified call is non-zero, named by their own symbol and decimals (proven once a session),
 * followed ones left out, listed ones said to be, a token whose symbol breaks the rule kept by its
 * address, a balance that cannot be proven left out.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../../src/core/bytes.ts';
import { encodeAbi, functionSelector } from '../../../../../src/execution/abi.ts';
import { heldTokens, TokenMetaCache } from '../../../../../src/client/wallet/transfers/held-tokens.ts';
import { type TransferRow } from '../../../../../src/storage/transfers.ts';

const ME = '0x' + 'ab'.repeat(20);
const OTHER = '0x' + 'cd'.repeat(20);
const tok = (n: number) => '0x' + n.toString(16).padStart(2, '0').repeat(20);
const uint = (n: bigint) => bytesToHex(encodeAbi(['uint256'], [n]));
const str = (s: string) => bytesToHex(encodeAbi(['string'], [s]));

function row(asset: string, over: Partial<TransferRow> = {}): TransferRow {
  return { key: `${asset}:${over.logIndex ?? 0}`, chainId: 1, asset, standard: 'erc20', from: OTHER, to: ME, amount: '5', block: 10, blockHash: '0x' + '00'.repeat(32), transactionHash: '0x' + '01'.repeat(32), transactionIndex: 0, logIndex: 0, timestamp: 1, found: 'bloom-scan', final: false, ...over };
}

function chain(tokens: Record<string, { balance?: bigint | 'revert'; symbol?: string; decimals?: bigint }>) {
  const calls: string[] = [];
  const c = {
    execution: {
      run: async ({ call }: { call: { to: string; data: string } }) => {
        const t = tokens[call.to.toLowerCase()];
        calls.push(`${call.to.toLowerCase()}:${call.data.slice(0, 10)}`);
        if (!t) return { outcome: { status: 'revert', returnData: '0x' } };
        if (call.data.startsWith('0x70a08231')) return t.balance === 'revert' ? { outcome: { status: 'revert', returnData: '0x' } } : { outcome: { status: 'success', returnData: uint(t.balance ?? 0n) } };
        if (call.data === functionSelector('symbol()')) return { outcome: { status: 'success', returnData: str(t.symbol ?? 'T') } };
        if (call.data === functionSelector('decimals()')) return t.decimals === undefined ? { outcome: { status: 'revert', returnData: '0x' } } : { outcome: { status: 'success', returnData: uint(t.decimals) } };
        return { outcome: { status: 'revert', returnData: '0x' } };
      },
    },
  };
  return { chain: c as never, calls };
}
const at = { env: {} } as never;

describe('heldTokens', () => {
  it('keeps the candidates with a proven non-zero balance, named by their own symbol and decimals, followed ones left out', async () => {
    const { chain: c } = chain({
      [tok(1)]: { balance: 5_000000n, symbol: 'VGL', decimals: 6n },
      [tok(2)]: { balance: 0n, symbol: 'GONE', decimals: 18n },
      [tok(3)]: { balance: 1n, symbol: 'FOL', decimals: 18n },
      [tok(4)]: { balance: 2n, symbol: 'VGLC' },
    });
    const held = await heldTokens(c, at, new TokenMetaCache(), {
      chainId: 1,
      accounts: [ME.toUpperCase().replace('0X', '0x')],
      transfers: [row(tok(1)), row(tok(2)), row(tok(3)), row(tok(4), { standard: 'erc721', tokenId: '3', amount: '1' }), row('native', { standard: 'native' })],
      followed: [tok(3).toUpperCase().replace('0X', '0x')],
      listed: new Map([[tok(1), {}]]),
    });
    expect(held.map((t) => [t.address.toLowerCase(), t.symbol, t.decimals, t.listed, t.balances])).toEqual([
      [tok(1), 'VGL', 6, true, [{ account: ME, balance: '5000000' }]],
      [tok(4), 'VGLC', 0, false, [{ account: ME, balance: '2' }]],
    ]);
  });

  it('a symbol against the rule: kept by its address; a balance not provable: left out', async () => {
    const { chain: c } = chain({ [tok(5)]: { balance: 9n, symbol: 'CLAIM\u202eAT', decimals: 18n }, [tok(6)]: { balance: 'revert' } });
    const held = await heldTokens(c, at, new TokenMetaCache(), { chainId: 1, accounts: [ME], transfers: [row(tok(5)), row(tok(6))], followed: [], listed: new Map() });
    expect(held).toEqual([{ address: expect.stringMatching(/^0x0505/i), standard: 'erc20', symbol: null, decimals: null, listed: false, balances: [{ account: ME, balance: '9' }] }]);
  });

  it('proves a token\'s symbol and decimals once a session', async () => {
    const { chain: c, calls } = chain({ [tok(1)]: { balance: 1n, symbol: 'VGL', decimals: 18n } });
    const cache = new TokenMetaCache();
    const input = { chainId: 1, accounts: [ME], transfers: [row(tok(1))], followed: [], listed: new Map() };
    await heldTokens(c, at, cache, input);
    await heldTokens(c, at, cache, input);
    expect(calls.filter((k) => k.endsWith(functionSelector('symbol()')))).toHaveLength(1);
    expect(calls.filter((k) => k.endsWith('0x70a08231'))).toHaveLength(2);
    expect(await cache.peek(1, tok(1))).toEqual({ symbol: 'VGL', decimals: 18 });
  });
});

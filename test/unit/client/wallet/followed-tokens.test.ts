/**
 * wallet_watchAsset and the popup's token form as a hostile page plays them (src/client/wallet/followed-tokens.ts):
 * what is stored is the token's own symbol() and decimals(), read by verified call at the newest
 * head with its code proven present; a page's values that differ, or that break the rule
 * (src/core/token-rules.ts), are refused with a typed error and no window; rows an older version
 * stored against the rule are shown marked, never crash a read, and can be removed.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { followedTokenProblem, tokenSymbolProblem } from '../../../../src/core/token-rules.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import { followedTokens } from '../../../../src/client/wallet/followed-tokens.ts';
import { ACCOUNT0, answer, APP, connected, EMPTY_CODE, freshWorld, opened, RECIPIENT, scriptedChain, type World } from './wallet-world.ts';
import { WalletBalances } from '../../../../src/client/wallet/balances.ts';
import { proveToken } from '../../../../src/client/wallet/token-proof.ts';

beforeAll(cryptoReady);

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const CODE = '0x' + '12'.repeat(32);
const str = (s: string) => bytesToHex(encodeAbi(['string'], [s]));
const uint = (n: bigint) => bytesToHex(encodeAbi(['uint256'], [n]));

function token(world: World, symbol: string, decimals: string, codeHash = CODE) {
  world.tokens.set(TOKEN.toLowerCase(), { codeHash, symbol, decimals });
}

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'refused').toBeDefined();
  return { code: (err as { code?: string }).code, rpc: toProviderError(err).toJSON() };
}

describe('the token rule', () => {
  it('takes 1 to 11 plain characters and 0 to 36 decimals, and names what it refuses', () => {
    expect(tokenSymbolProblem('USDC')).toBeUndefined();
    expect(tokenSymbolProblem('USD₮0')).toBeUndefined();
    expect(tokenSymbolProblem('ABCDEFGHIJK')).toBeUndefined();
    expect(tokenSymbolProblem('ABCDEFGHIJKL')).toContain('longer than 11');
    expect(tokenSymbolProblem('x'.repeat(5_000_000))).toContain('longer than 11');
    expect(tokenSymbolProblem('')).toContain('empty');
    expect(tokenSymbolProblem('USD\u202eC')).toContain('U+202E');
    expect(tokenSymbolProblem('US\u200bDC')).toContain('U+200B');
    expect(tokenSymbolProblem('USD\u2066C')).toContain('U+2066');
    expect(tokenSymbolProblem('US\nDC')).toContain('U+000A');
    expect(tokenSymbolProblem('\ud800AB')).toContain('U+D800');
    expect(tokenSymbolProblem(' USDC')).toContain('space');
    expect(tokenSymbolProblem(42)).toContain('not text');
    for (const d of [-1, 1.5, 37, Number.NaN, '6', 1e9]) expect(followedTokenProblem({ address: TOKEN, symbol: 'T', decimals: d })).toContain('decimals');
    expect(followedTokenProblem({ address: TOKEN, symbol: 'T', decimals: 36 })).toBeUndefined();
    expect(followedTokenProblem({ address: '0x12', symbol: 'T', decimals: 6 })).toContain('address');
  });
});

describe('wallet_watchAsset', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it("offers the token's own symbol and decimals, proven at the head, and stores them", async () => {
    const { wallet, repo } = await connected(world);
    token(world, str('USDC'), uint(6n));
    const watched = wallet.requests.watchAsset({ origin: APP, requestKey: 'w1' }, { type: 'ERC20', options: { address: TOKEN.toLowerCase() } });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details).toEqual({ token: { address: TOKEN, symbol: 'USDC', decimals: 6 }, chainId: 31337, provenAt: { blockNumber: '100', blockHash: '0x' + 'aa'.repeat(32) } });
    await answer(world, wallet, true, 1);
    expect(await watched).toBe(true);
    expect(await repo.tokens(31337)).toEqual([{ address: TOKEN, symbol: 'USDC', decimals: 6 }]);
  });

  it("reads a bytes32 symbol (older tokens) as the token's own", async () => {
    const { wallet, repo } = await connected(world);
    token(world, '0x' + Buffer.from('MKR').toString('hex').padEnd(64, '0'), uint(18n));
    const watched = wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN, symbol: 'MKR', decimals: 18 } });
    await answer(world, wallet, true, 1);
    await watched;
    expect(await repo.tokens(31337)).toEqual([{ address: TOKEN, symbol: 'MKR', decimals: 18 }]);
  });

  it("refuses a page's symbol or decimals that are not the token's, with -32602 and no window", async () => {
    const { wallet, repo } = await connected(world);
    token(world, str('USDC'), uint(6n));
    for (const options of [
      { address: TOKEN, symbol: 'USDT', decimals: 6 },
      { address: TOKEN, symbol: 'usdc', decimals: 6 },
      { address: TOKEN, symbol: 'USDC', decimals: 18 },
    ]) {
      const r = await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options }));
      expect(r.code).toBe('TOKEN_METADATA_MISMATCH');
      expect(r.rpc).toMatchObject({ code: -32602, data: { code: 'TOKEN_METADATA_MISMATCH' } });
    }
    expect(world.opened).toHaveLength(1); // the connect's only
    expect(await repo.tokens(31337)).toEqual([]);
  });

  it("refuses (never truncates) a page's symbol or decimals that break the rule, before anything is read", async () => {
    const { wallet } = await connected(world);
    // The token would answer exactly what the page says: the rule alone refuses.
    for (const [symbol, decimals] of [
      ['TOKENSYMBOLTOOLONG', 6],
      ['USD\u202eC', 6],
      ['US\u200bDC', 6],
      ['\u0000', 6],
      ['x'.repeat(1_000_000), 6],
    ] as const) {
      token(world, str(symbol), uint(BigInt(decimals)));
      const r = await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN, symbol, decimals } }));
      expect(r.code).toBe('TOKEN_METADATA_INVALID');
      expect(r.rpc.code).toBe(-32602);
    }
    for (const decimals of [37, -1, 1.5, 1e300, '6']) {
      const r = await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN, symbol: 'USDC', decimals } }));
      expect(r.code).toBe('TOKEN_METADATA_INVALID');
    }
    expect(world.opened).toHaveLength(1);
  });

  it("refuses a token whose own symbol or decimals break the rule, or that is no contract, or that does not answer", async () => {
    const { wallet, repo } = await connected(world);
    const cases: [Parameters<typeof token>[1], Parameters<typeof token>[2], string, string?][] = [
      [str('TOKENSYMBOLTOOLONG'), uint(6n), 'TOKEN_METADATA_INVALID'],
      [str('USD\u202eC'), uint(6n), 'TOKEN_METADATA_INVALID'],
      [str('USDC'), uint(77n), 'TOKEN_METADATA_INVALID'],
      [str('USDC'), uint(2n ** 255n), 'TOKEN_METADATA_INVALID'],
      ['0x1234', uint(6n), 'TOKEN_METADATA_INVALID'],
      [str('USDC'), '0x', 'TOKEN_METADATA_INVALID'],
      ['0x' + 'ff'.repeat(32), uint(6n), 'TOKEN_METADATA_INVALID'], // a bytes32 that is no UTF-8
      [str('USDC'), uint(6n), 'TOKEN_NOT_A_CONTRACT', EMPTY_CODE],
    ];
    for (const [symbol, decimals, code, codeHash] of cases) {
      token(world, symbol, decimals, codeHash);
      expect((await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN } }))).code).toBe(code);
    }
    world.tokens.set(TOKEN.toLowerCase(), { codeHash: CODE }); // symbol() and decimals() revert
    expect((await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN } }))).code).toBe('TOKEN_METADATA_INVALID');
    expect(world.opened).toHaveLength(1);
    expect(await repo.tokens(31337)).toEqual([]);
  });

  it('refuses while nothing can be proven, and stores on the chain it was proven on', async () => {
    const { wallet, repo } = await connected(world);
    token(world, str('USDC'), uint(6n));
    world.head = undefined;
    expect((await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN } }))).code).toBe('STALE_HEAD');
    world.disconnected = true;
    expect((await refusal(wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: TOKEN } }))).rpc.code).toBe(4900);
    expect(await repo.tokens(31337)).toEqual([]);
  });
});

describe('followed tokens as stored', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  const HOSTILE: unknown[] = [
    { address: TOKEN, symbol: 'x'.repeat(100_000), decimals: 6 },
    { address: RECIPIENT, symbol: 'USD\u202eC', decimals: 1e9 },
    { address: '0x' + '11'.repeat(20), symbol: { toString: 1 }, decimals: -3 },
    { address: '0x' + '22'.repeat(20), symbol: 'OK', decimals: 2 },
    { address: 'not an address', symbol: 'X', decimals: 1 },
    null,
    'a string',
    { symbol: 'NOADDR', decimals: 1 },
  ];

  it('marks rows that break the rule (their values never passed on) and drops rows without an address', () => {
    expect(followedTokens(HOSTILE)).toEqual([
      { address: TOKEN, symbol: '', decimals: 0, problem: 'the symbol is longer than 11 characters' },
      { address: RECIPIENT, symbol: '', decimals: 0, problem: 'the symbol has a control, bidi or invisible character (U+202E)' },
      { address: '0x1111111111111111111111111111111111111111', symbol: '', decimals: 0, problem: 'the symbol is not text' },
      { address: '0x2222222222222222222222222222222222222222', symbol: 'OK', decimals: 2 },
    ]);
  });

  it('reads balances beside hostile old rows, follows and removes tokens among them', async () => {
    const { repo, db } = await connected(world);
    // As the app host lists them: the vault's public addresses, proven over the same chain.
    const balances = new WalletBalances({
      repo,
      addresses: async () => [...((await repo.getVault())?.addresses ?? [])],
      chain: () => scriptedChain(world),
      network: () => ({ id: 'devnet', chainId: 31337, name: 'Devnet' }),
      proveToken: (address, offered) => proveToken(scriptedChain(world), address, offered),
    });
    await db.settings.put({ key: 'wallet.tokens.31337', value: HOSTILE });
    const b = await balances.balances();
    expect(b.accounts.map((a) => a.address.toLowerCase())).toEqual([ACCOUNT0.toLowerCase()]);
    expect(b.tokens.map((t) => [t.address, t.problem === undefined])).toEqual([
      [TOKEN, false],
      [RECIPIENT, false],
      ['0x1111111111111111111111111111111111111111', false],
      ['0x2222222222222222222222222222222222222222', true],
    ]);
    expect(b.accounts[0]).toMatchObject({ tokens: [{ token: TOKEN }, { token: RECIPIENT }, { token: '0x1111111111111111111111111111111111111111' }, { token: '0x2222222222222222222222222222222222222222' }] });
    // The popup's form proves as a page's request does; what the user typed must match.
    token(world, str('USDC'), uint(6n));
    expect((await refusal(balances.addToken({ address: TOKEN, symbol: 'USDT' }))).code).toBe('TOKEN_METADATA_MISMATCH');
    expect(await balances.addToken({ address: TOKEN })).toMatchObject({ address: TOKEN, symbol: 'USDC', decimals: 6 });
    await balances.removeToken(RECIPIENT.toLowerCase());
    const left = followedTokens(await repo.tokens(31337));
    expect(left.map((t) => [t.address, t.symbol, t.problem === undefined])).toEqual([
      ['0x1111111111111111111111111111111111111111', '', false],
      ['0x2222222222222222222222222222222222222222', 'OK', true],
      [TOKEN, 'USDC', true],
    ]);
    // The store itself refuses a row that breaks the rule.
    await expect(repo.addToken(31337, { address: TOKEN, symbol: 'TOKENSYMBOLTOOLONG', decimals: 6 })).rejects.toThrow('longer than 11');
  });
});

/**
 * The window's token effects come from what changes, not from what a contract says (issue 50):
 * src/client/wallet/transaction-preview.ts over the real engine and a proven world, the user's
 * balances read before and after the run (src/execution/effects.ts). A fake-mint `claim()` shows
 * the balance it burns, never the mint it logs; a `transfer` that moves more, or pays someone else,
 * shows what moved and is flagged; a token that answers no balance shows no change, only the flag;
 * honest ERC-20, ERC-721 and ERC-1155 moves are shown as before, unflagged; a followed token that
 * moves without a log is shown from its balances.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { engineChain } from './engine-chain.ts';
import { type PreviewChain, previewRemainders, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { encodeFunctionCall } from '../../../../src/execution/abi.ts';
import type { AssetChange } from '../../../../src/wallet/transaction-effects.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { buildWorld, envFor, type World, type WorldAccount } from '../../execution/world.ts';
import { addressValue, type BaitName, baitCode, mappingSlot } from './token-baits.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const BOB = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const SINK = '0x5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';
const TOKEN = '0x7070707070707070707070707070707070707070';
const OTHER = '0x7171717171717171717171717171717171717171';
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;

/** A token's account in the world: its code, its balances (slot 0's mapping) and its other slots. */
function token(name: BaitName, balances: Record<string, bigint>, slots: Record<string, bigint> = {}): WorldAccount {
  const storage: Record<string, bigint> = { ...slots };
  for (const [holder, amount] of Object.entries(balances)) storage[mappingSlot(holder, 0n)] = amount;
  return { code: baitCode(name), storage };
}

async function chainOver(accounts: Record<string, WorldAccount>, number = 1000n): Promise<PreviewChain> {
  const world: World = await buildWorld({ [ALICE]: { balance: 5n * ETH }, ...accounts });
  const env = envFor(world, { chainId: 31337n, number, baseFeePerGas: 8n * GWEI });
  const head: WalletHead = { head: { blockNumber: env.number, blockHash: bytesToHex(env.hash), timestamp: env.timestamp, signedBy: null }, env, nextBaseFee: 9n * GWEI };
  return engineChain(world, head);
}

const send = (to: string, data: string, value = 0n): TransactionRequest =>
  parseTransactionRequest({ from: ALICE, to, data, value: '0x' + value.toString(16), gas: '0x7a120', maxFeePerGas: '0x' + (20n * GWEI).toString(16), maxPriorityFeePerGas: '0x' + GWEI.toString(16) });
const nowOf = async (chain: PreviewChain) => Number(chain.signingHead()!.env.timestamp) + 1;
const preview = async (chain: PreviewChain, requests: TransactionRequest[], followed?: string[]) =>
  previewTransactions(chain, requests, { now: await nowOf(chain), ...(followed ? { knownTokens: { followed: followed.map((address) => ({ address, symbol: 'FOLLOWED' })) } } : {}) });
/**
 * The user's token rows without the `unknown` flag (every bait here is unknown to Vigil's list
 * unless followed: who a token is, is test/unit/client/wallet/preview-token-names.test.ts's).
 */
const tokenRows = (e: { own: AssetChange[] }) =>
  e.own
    .filter((c) => c.asset !== 'native')
    .map(({ flags, ...c }) => {
      if (flags === undefined) return c;
      const { unknown: _, ...rest } = flags;
      return Object.keys(rest).length > 0 ? { ...c, flags: rest } : c;
    });

beforeAll(async () => {
  await cryptoReady();
});

describe('a fake-mint claim()', () => {
  // What it logs and what the user holds vary: the window follows the balance, whatever the numbers.
  it.each([
    { shown: 2n * ETH, held: 3n * ETH },
    { shown: 1n, held: 10n ** 30n },
    { shown: 10n ** 24n, held: 7n },
  ])('logs a mint of $shown while it burns $held: the window shows the loss, flagged, never the mint', async ({ shown, held }) => {
    const chain = await chainOver({ [TOKEN]: { ...token('FakeMint', { [ALICE]: held }, { '0x1': shown }), balance: 0n } });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('claim()', []), ETH)]);
    expect(e.ok).toBe(true);
    expect(e.own).toContainEqual({ asset: 'native', standard: 'native', amount: String(-ETH) });
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-held), flags: { eventsDisagree: true } }]);
    expect(e.own.some((c) => BigInt(c.amount) === shown)).toBe(false);
  });

  it('holding nothing of it: a mint logged, nothing received, the token flagged with no change', async () => {
    const chain = await chainOver({ [TOKEN]: token('FakeMint', {}, { '0x1': 2n * ETH }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('claim()', []), ETH)]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: '0', flags: { eventsDisagree: true } }]);
  });
});

describe('a block-parity mint-or-burn claim()', () => {
  // Block N+1 is shown, N+2 is the run a block late: one mints, the other burns, whichever N is.
  it.each([
    { head: 1001n, shown: 2n * ETH, held: 3n * ETH },
    { head: 4097n, shown: 1n, held: 10n ** 30n },
  ])('minting in the block shown (head $head): refused, the burn a block later is what the chain may do', async ({ head, shown, held }) => {
    const chain = await chainOver({ [TOKEN]: token('Parity', { [ALICE]: held }, { '0x1': shown }) }, head);
    await expect(preview(chain, [send(TOKEN, encodeFunctionCall('claim()', []))])).rejects.toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK' });
  });

  it.each([
    { head: 1000n, shown: 2n * ETH, held: 3n * ETH },
    { head: 4096n, shown: 10n ** 24n, held: 7n },
  ])('burning in the block shown (head $head): the burn is shown, flagged, with the mint a block later beside it, never as what you get', async ({ head, shown, held }) => {
    const chain = await chainOver({ [TOKEN]: token('Parity', { [ALICE]: held }, { '0x1': shown }) }, head);
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('claim()', []))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-held), flags: { eventsDisagree: true } }]);
    expect(e.blockReads).toContain('number');
    expect(e.dependsOnBlock?.own.find((c) => c.asset === TOKEN)?.amount).toBe(String(shown));
    expect(e.own.some((c) => c.asset === TOKEN && BigInt(c.amount) > 0n)).toBe(false);
  });
});

describe('a misleading transfer(address,uint256)', () => {
  it.each([
    { value: 100n, extra: 1n },
    { value: ETH, extra: 4n * ETH },
  ])('logs $value to Bob and takes $extra more: the window shows all that left, flagged', async ({ value, extra }) => {
    const chain = await chainOver({ [TOKEN]: token('Skim', { [ALICE]: 5n * ETH }, { '0x1': addressValue(SINK), '0x2': extra }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('transfer(address,uint256)', [BOB, value]))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-(value + extra)), flags: { eventsDisagree: true } }]);
  });

  it.each([100n, 3n * ETH])('logs %s to Bob and pays someone else: the user\'s row is flagged, Bob shows what he really gets', async (value) => {
    const chain = await chainOver({ [TOKEN]: token('Redirect', { [ALICE]: 5n * ETH }, { '0x1': addressValue(SINK) }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('transfer(address,uint256)', [BOB, value]))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-value), flags: { eventsDisagree: true } }]);
    expect(e.others).toContainEqual({ account: BOB, asset: TOKEN, standard: 'erc20', amount: '0', flags: { eventsDisagree: true, unknown: true } });
  });
});

describe('a token that answers no balance', () => {
  it.each([
    ['reverts', 0n],
    ['loops until its gas is gone', 1n],
    ['answers two bytes', 2n],
  ])('whose balanceOf %s: its logged mint shows no change, only the flag', async (_, mode) => {
    const chain = await chainOver({ [TOKEN]: { code: baitCode('NoBalance'), storage: { '0x0': 2n * ETH, '0x1': mode } } });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('claim()', []))]);
    expect(e.ok).toBe(true);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: '0', flags: { eventsDisagree: true } }]);
  });
});

describe('honest tokens', () => {
  it('an ERC-20 transfer: what the logs say and the balances agree, no flag', async () => {
    const chain = await chainOver({ [TOKEN]: token('Token', { [ALICE]: 5n * ETH, [BOB]: 1n }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('transfer(address,uint256)', [BOB, 2n * ETH]))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-2n * ETH) }]);
    expect(e.others).toContainEqual({ account: BOB, asset: TOKEN, standard: 'erc20', amount: String(2n * ETH), flags: { unknown: true } });
    expect(e.tokensNotRead).toBeUndefined();
  });

  it('an ERC-721 transfer: the id leaves, no flag', async () => {
    const chain = await chainOver({ [TOKEN]: token('Nft', {}, { [mappingSlot(7n, 0n)]: addressValue(ALICE) }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('transferFrom(address,address,uint256)', [ALICE, BOB, 7n]))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc721', tokenId: '7', amount: '-1' }]);
  });

  it('an ERC-721 transferFrom that logs Bob and gives the id to someone else: flagged', async () => {
    const chain = await chainOver({ [TOKEN]: token('Nft', {}, { [mappingSlot(7n, 0n)]: addressValue(ALICE), '0x1': addressValue(SINK) }) });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('transferFrom(address,address,uint256)', [ALICE, BOB, 7n]))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc721', tokenId: '7', amount: '-1', flags: { eventsDisagree: true } }]);
  });

  it('an ERC-1155 transfer: the amount of the id leaves, no flag', async () => {
    const slot = mappingSlot(9n, mappingSlot(ALICE, 0n));
    const chain = await chainOver({ [TOKEN]: { code: baitCode('Multi'), storage: { [slot]: 50n } } });
    const e = await preview(chain, [send(TOKEN, encodeFunctionCall('safeTransferFrom(address,address,uint256,uint256,bytes)', [ALICE, BOB, 9n, 20n, '0x']))]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc1155', tokenId: '9', amount: '-20' }]);
  });
});

describe('a followed token', () => {
  it('whose balance moves without any log is shown from its balances (flagged); unfollowed, it is not read', async () => {
    const accounts = { [TOKEN]: token('Silent', { [ALICE]: 3n * ETH }, { '0x1': addressValue(SINK) }), [OTHER]: token('Token', { [ALICE]: 1n }) };
    const chain = await chainOver(accounts);
    const sweep = send(TOKEN, encodeFunctionCall('sweep()', []));
    const e = await preview(chain, [sweep], [TOKEN, OTHER]);
    expect(tokenRows(e)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-3n * ETH), flags: { eventsDisagree: true } }]);
    expect(e.tokens[TOKEN]).toBeDefined();
    expect(tokenRows(await preview(await chainOver(accounts), [sweep]))).toEqual([]);
  });
});

describe("a batch's remainders", () => {
  it('read the balances between the calls: the fake mint after an honest transfer shows the burn', async () => {
    const chain = await chainOver({ [TOKEN]: token('FakeMint', { [ALICE]: 5n * ETH }, { '0x1': 9n * ETH }) });
    const batch = [send(TOKEN, encodeFunctionCall('transfer(address,uint256)', [BOB, ETH])), send(TOKEN, encodeFunctionCall('claim()', []))];
    const [rest] = await previewRemainders(chain, batch, { now: await nowOf(chain) });
    expect(tokenRows(rest!)).toEqual([{ asset: TOKEN, standard: 'erc20', amount: String(-4n * ETH), flags: { eventsDisagree: true } }]);
  });
});

/**
 * Every preview names its tokens by who they are (src/client/wallet/transaction-preview.ts, the
 * last step of previewTransactions and previewRemainders; src/wallet/tokens/identity.ts): a token
 * that calls itself ETH is flagged as not ether, one neither followed nor listed as unknown; the
 * user's followed tokens and the network's own listed ones (a devnet's) count as known.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import { type PreviewChain, previewRemainders, previewTransactions } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkSettings, defaultSettings } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { parseTransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { freshWorld } from './wallet-world.ts';

const ALICE = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const CLAIM = '0xc1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1';
const FAKE = '0xfafafafafafafafafafafafafafafafafafafafa';
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const word = (hex: string) => '0x' + hex.replace(/^0x/, '').padStart(64, '0');

const head: WalletHead = freshWorld().head!;
const now = Number(head.env.timestamp) + 6;

/** A chain (id `chainId`) whose every call pays ALICE 1e18 of FAKE and of USDC; FAKE's symbol() is `symbol`. */
function chainWith(chainId: bigint, symbol: string): PreviewChain {
  const run: ExecutionReader['run'] = async ({ mode, call, calls: asked }) => {
    const { to, data } = call as { to: string; data: string };
    if (mode === 'simulate') {
      const logs = [FAKE, USDC].map((token) => ({ address: token, topics: [TRANSFER_TOPIC, word(CLAIM), word(ALICE)], data: word('0x0de0b6b3a7640000') }));
      const calls = (asked ?? [call]).map(() => ({ status: 'success' as const, returnData: '0x', gasUsed: '0xc350', logs, fee: '0x0' }));
      // The balances read around the run agree with the logs: ALICE holds 1e18 more of each per call.
      const after = '0x' + (BigInt(calls.length) * 10n ** 18n).toString(16);
      const holdings = { holder: ALICE, read: [FAKE, USDC].map((token) => ({ token, standard: 'erc20' as const, before: '0x0', after })), notRead: 0 };
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0xc350', simulation: { calls, blocks: [calls], balances: [], created: [], holdings } }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
    }
    const own = to.toLowerCase() === FAKE ? symbol : 'USDC';
    const answer = bytesToHex(data === '0x95d89b41' ? encodeAbi(['string'], [own]) : data === '0x313ce567' ? encodeAbi(['uint8'], [18n]) : encodeAbi(['uint256'], [10n ** 24n]));
    return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
  };
  return { network: { chainId, name: 'Net', maxHeadAgeSeconds: 60 }, signingHead: () => head, newestHead: () => head.head, execution: { run } };
}

const claim = parseTransactionRequest({ from: ALICE, to: CLAIM, data: '0x4e71d92d' });
const flagsOf = (own: { asset: string; flags?: unknown }[]) => Object.fromEntries(own.map((c) => [c.asset, c.flags]));

describe('a preview names its tokens', () => {
  it('on mainnet, a token calling itself ETH is not ether and unknown; the listed USDC carries no flag', async () => {
    const effects = await previewTransactions(chainWith(1n, 'ETH'), [claim], { now });
    expect(flagsOf(effects.own)).toEqual({ [FAKE]: { unknown: true, impersonates: true, impersonating: 'native' }, [USDC]: undefined });
    // The other side of each Transfer (the claim contract's) is flagged the same.
    expect(effects.others.find((c) => c.asset === FAKE)!.flags).toEqual({ unknown: true, impersonates: true, impersonating: 'native' });
  });

  it("a token the user follows is known; a devnet's own listed token too, where Vigil ships no list", async () => {
    const followed = await previewTransactions(chainWith(1n, 'MINE'), [claim], { now, knownTokens: { followed: [{ address: FAKE, symbol: 'MINE' }] } });
    expect(flagsOf(followed.own)[FAKE]).toBeUndefined();
    const devnet = chainWith(31337n, 'VTA');
    expect(flagsOf((await previewTransactions(devnet, [claim], { now })).own)).toEqual({ [FAKE]: { unknown: true }, [USDC]: { unknown: true } });
    const listed = await previewTransactions(devnet, [claim], { now, knownTokens: { listed: [{ address: FAKE, symbol: 'VTA' }] } });
    expect(flagsOf(listed.own)).toEqual({ [FAKE]: undefined, [USDC]: { unknown: true } });
  });

  it("on a devnet profile, the tokens its well-known object lists are not unknown, through Add network and the stored settings", async () => {
    // The devnet's object lists FAKE (checksum case) as its VTA; USDC is none of its own.
    const found = parseLocalDevnet({ kind: 'vigil-devnet-v1', chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', tokens: [{ address: FAKE.toUpperCase().replace('0X', '0x'), symbol: 'VTA' }] });
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: found.beaconApi, executionRpc: found.executionRpc, rollups: [], routers: [], tokens: found.tokens };
    const base = defaultSettings();
    const saved = checkSettings(JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet: profileOf(preview, 'preview') } })));
    const profile = saved.profiles.devnet!;
    expect(profile.tokens).toEqual([{ address: FAKE, symbol: 'VTA' }]);
    const devnet = chainWith(31337n, 'VTA');
    const effects = await previewTransactions(devnet, [claim], { now, knownTokens: { listed: profile.tokens } });
    expect(flagsOf(effects.own)).toEqual({ [FAKE]: undefined, [USDC]: { unknown: true } });
    expect(effects.others.find((c) => c.asset === FAKE)!.flags).toBeUndefined();
    const remainders = await previewRemainders(devnet, [claim, claim], { now, knownTokens: { listed: profile.tokens } });
    expect(flagsOf(remainders[0]!.own)).toEqual({ [FAKE]: undefined, [USDC]: { unknown: true } });
    // A token of its own that calls itself USDC: another token with that symbol now passes for it.
    const usdcNamed = await previewTransactions(chainWith(31337n, 'USDC'), [claim], { now, knownTokens: { listed: [{ address: FAKE, symbol: 'USDC' }] } });
    expect(flagsOf(usdcNamed.own)).toEqual({ [FAKE]: undefined, [USDC]: { unknown: true, impersonates: true, impersonating: FAKE } });
  });

  it("a batch's remainders are named as the window's effects are", async () => {
    const remainders = await previewRemainders(chainWith(1n, 'ＥＴＨ'), [claim, claim], { now });
    expect(remainders).toHaveLength(1);
    expect(flagsOf(remainders[0]!.own)[FAKE]).toEqual({ unknown: true, impersonates: true, impersonating: 'native' });
  });
});

/**
 * Verified simulation on the devnet (issue 26), as the extension runs it in Node: a transaction's
 * effects come from the local EVM over state proven against the light client's head, they are
 * shown in the approval window, the wallet simulates again before it signs, and what the mined
 * receipt then shows (its logs, and the balances proven after the fact) is what was shown. A
 * reverting call is refused with its decoded custom error; a batch runs in order; a lying proof
 * makes the simulation fail closed, never show other effects.
 */
import { randomBytes } from 'node:crypto';
import { decodeAbiParameters, decodeFunctionResult, encodeDeployData, encodeFunctionData, type Hex, labelhash, namehash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { encodeFunctionCall } from '../../src/execution/abi.ts';
import { decodeEffects } from '../../src/execution/effects.ts';
import { previewTransactions } from '../../src/client/wallet/transaction-preview.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { ENS_ARTIFACTS } from '../../src/devnet/ens/artifacts.ts';
import { parseTransactionRequest } from '../../src/wallet/transaction-request.ts';
import type { TransactionEffects } from '../../src/wallet/transaction-effects.ts';
import { rpc, type RunningDevnet, startDevnetProcess, vigil, until } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const UNIT = 10n ** 18n;

let devnet: RunningDevnet;
let w: DevnetWallet;
let token: string;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--uniswap', '--faults']);
  token = devnet.info.contracts!.token.toLowerCase();
  w = await walletOnDevnet(devnet.info);
  const end = Date.now() + 60_000;
  // A head at or after the devnet's set-up (the deployer, account 0, sent its last transactions there): its nonce proven as it is.
  const setUp = BigInt((await rpc(devnet.info.nodeRpc, 'eth_blockNumber', [])) as string);
  while ((w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) < setUp) {
    if (Date.now() > end) throw new Error('no verified head');
    await new Promise((r) => setTimeout(r, 200));
  }
  // The sites' requests come from an origin the user connected.
  const connect = w.wallet.requests.requestAccounts({ origin: 'http://127.0.0.1:1' });
  await w.approveNext();
  await connect;
}, 120_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop('SIGKILL');
});

/** The devnet's own tokens as the wallet's profile lists them (its ready object's, through "Add network"): what the app host passes. */
const knownTokens = () => ({ listed: w.session.profile()?.tokens ?? [] });

/** Until the wallet's signing head has reached block `n`. */
async function signingHeadAt(n: bigint): Promise<void> {
  await until(`the signing head at block ${n}`, () => (w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) >= n, 120_000, 200);
}

const fault = async (name: string, on: boolean) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: name, on }) });
  expect(res.status).toBe(200);
};

async function receipt(hash: string): Promise<{ status: string; logs: { address: string; topics: string[]; data: string }[] }> {
  for (let i = 0; i < 200; i++) {
    const r = (await rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [hash])) as { status: string; logs: { address: string; topics: string[]; data: string }[] } | null;
    if (r) return r;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`no receipt of ${hash}`);
}

describe('simulation over proven state, on the devnet', () => {
  it("shows a token transfer's effects in the window, signs against them, and the mined receipt shows the same", async () => {
    const to = bytesToHex(randomBytes(20));
    const data = encodeFunctionCall('transfer(address,uint256)', [to, 25n * UNIT]);
    const sent = w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: 'sim-1' }, { from: ACCOUNT0, to: token, data });
    await until('the approval window', () => w.opened.length >= 2, 120_000, 25);
    const view = await w.wallet.approvals.get(w.opened[1]!);
    const effects = view.details.effects as TransactionEffects;
    expect(effects.ok).toBe(true);
    expect(effects.own).toEqual([{ asset: token, standard: 'erc20', amount: String(-25n * UNIT) }]);
    expect(effects.others).toEqual([{ account: to, asset: token, standard: 'erc20', amount: String(25n * UNIT) }]);
    expect(effects.tokens[token]).toEqual({ symbol: 'VTA', decimals: 18 });
    await w.approveNext();
    const hash = await sent;
    const mined = await receipt(hash);
    expect(mined.status).toBe('0x1');
    const shown = decodeEffects(mined.logs);
    expect(shown.movements).toEqual([{ standard: 'erc20', token, from: ACCOUNT0, to, amount: 25n * UNIT, logIndex: 0 }]);
    // Signed against a simulation at the newest head, kept with the activity.
    expect((await w.repo.getActivity(hash))?.effects?.own).toEqual(effects.own);
    const balance = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: token, data: encodeFunctionCall('balanceOf(address)', [to]) }, 'latest'])) as string;
    expect(BigInt(balance)).toBe(25n * UNIT);
  }, 120_000);

  it("lists the devnet's own tokens (each answering its symbol) in the wallet's profile; a VTA deployed after it is unknown and passes for the devnet's", async () => {
    const { token: vta, tokenB, tokenC, uniswap, collectible, permitToken, feeToken } = devnet.info.contracts!;
    const listed = devnet.info.tokens!;
    expect(listed).toEqual([
      { address: vta, symbol: 'VTA' },
      { address: tokenB, symbol: 'VTB' },
      { address: tokenC, symbol: 'VTC' },
      { address: uniswap!.weth, symbol: 'WETH' },
      { address: uniswap!.pair, symbol: 'UNI-V2' },
      { address: collectible!, symbol: 'VCOL' },
      { address: permitToken, symbol: 'VUSD' },
      { address: feeToken, symbol: 'VFEE' },
    ]);
    for (const t of listed) {
      const answer = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: t.address, data: '0x95d89b41' }, 'latest'])) as Hex;
      expect(decodeAbiParameters([{ type: 'string' }], answer)[0], t.address).toBe(t.symbol);
    }
    expect(w.session.profile()!.tokens).toEqual(listed);
    // Another "Vigil Token A" / VTA, deployed by the test (account 5), account 0 holding some: not the devnet's.
    const T = ARTIFACTS.VigilToken;
    const data = encodeDeployData({ abi: T.abi, bytecode: T.bytecode, args: ['Vigil Token A', 'VTA', [ACCOUNT0], 1_000n * UNIT] });
    const hash = (await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: devnet.info.accounts[5], data, gas: '0x2dc6c0' }])) as string;
    const deployed = (await receipt(hash)) as Awaited<ReturnType<typeof receipt>> & { contractAddress: string; blockNumber: string };
    expect(deployed.status).toBe('0x1');
    const fake = deployed.contractAddress.toLowerCase();
    await signingHeadAt(BigInt(deployed.blockNumber));
    const chain = w.session.walletChain()!;
    const to = bytesToHex(randomBytes(20));
    const transfer = (token: string) => parseTransactionRequest({ from: ACCOUNT0, to: token, data: encodeFunctionCall('transfer(address,uint256)', [to, 5n * UNIT]) });
    const flags = { unknown: true, impersonates: true, impersonating: vta };
    const e = await previewTransactions(chain, [transfer(fake)], { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() });
    expect(e.own).toEqual([{ asset: fake, standard: 'erc20', amount: String(-5n * UNIT), flags }]);
    expect(e.others).toEqual([{ account: to, asset: fake, standard: 'erc20', amount: String(5n * UNIT), flags }]);
    expect(e.tokens[fake]).toEqual({ symbol: 'VTA', decimals: 18 });
    // The devnet's own VTA, the same transfer: no flag.
    const real = await previewTransactions(chain, [transfer(vta)], { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() });
    expect(real.own).toEqual([{ asset: vta, standard: 'erc20', amount: String(-5n * UNIT) }]);
    // A token transfer and a plain send read nothing of the block they land in: nothing to say (issue 68).
    const send = await previewTransactions(chain, [parseTransactionRequest({ from: ACCOUNT0, to, value: '0x1' })], { now: Math.floor(Date.now() / 1000) });
    for (const plain of [real, send]) expect([plain.blockReads, plain.dependsOnBlock, plain.failsIf]).toEqual([undefined, undefined, undefined]);
    // Without the devnet's list, both are unknown: the list is what names the devnet's own.
    const bare = await previewTransactions(chain, [transfer(vta)], { now: Math.floor(Date.now() / 1000) });
    expect(bare.own).toEqual([{ asset: vta, standard: 'erc20', amount: String(-5n * UNIT), flags: { unknown: true } }]);
  }, 120_000);

  it('refuses a transfer of more than the balance before any window, naming the custom error', async () => {
    const before = w.opened.length;
    const data = encodeFunctionCall('transfer(address,uint256)', [bytesToHex(randomBytes(20)), 10n ** 30n]);
    const err = await w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: 'sim-2' }, { from: ACCOUNT0, to: token, data, gas: '0x30000' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WOULD_REVERT', shortMessage: expect.stringMatching(/InsufficientBalance\(0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266, \d+, 1000000000000000000000000000000\)/) });
    expect(w.opened.length).toBe(before);
  }, 60_000);

  it('runs a batch in order (approve, then transferFrom by the spender it approved), each on the state the last one left', async () => {
    const chain = w.session.walletChain()!;
    const spender = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
    const requests = [
      parseTransactionRequest({ from: ACCOUNT0, to: token, data: encodeFunctionCall('approve(address,uint256)', [spender, 7n * UNIT]) }),
      parseTransactionRequest({ from: spender, to: token, data: encodeFunctionCall('transferFrom(address,address,uint256)', [ACCOUNT0, spender, 7n * UNIT]) }),
    ];
    const e = await previewTransactions(chain, requests, { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() });
    expect(e.ok).toBe(true);
    expect(e.approvals).toEqual([{ kind: 'erc20', token, owner: ACCOUNT0, spender, amount: String(7n * UNIT), unlimited: false, revoke: false }]);
    expect(e.own).toEqual([{ asset: token, standard: 'erc20', amount: String(-7n * UNIT) }]);
    // The second alone reverts: nothing approved it.
    const alone = await previewTransactions(chain, [requests[1]!], { now: Math.floor(Date.now() / 1000) });
    expect(alone.ok).toBe(false);
  }, 60_000);

  it('a swap through Uniswap V2\'s router (ETH in, VTA out): "at least" from its minimum-out, and the mined swap pays what the window showed', async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const value = UNIT;
    const quote = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: router, data: encodeFunctionCall('getAmountsOut(uint256,address[])', [value, [weth, token]]) }, 'latest'])) as string;
    const out = BigInt('0x' + quote.slice(2 + 64 * 3, 2 + 64 * 4));
    const minOut = (out * 99n) / 100n;
    const data = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [minOut, [weth, token], ACCOUNT0, 1n << 40n]);
    const opened = w.opened.length;
    const sent = w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: 'sim-swap' }, { from: ACCOUNT0, to: router, value: '0x' + value.toString(16), data });
    await until('the approval window', () => w.opened.length > opened, 120_000, 25);
    const effects = (await w.wallet.approvals.get(w.opened[opened]!)).details.effects as TransactionEffects;
    expect(effects.own).toEqual([
      { asset: 'native', standard: 'native', amount: String(-value) },
      { asset: token, standard: 'erc20', amount: String(out), atLeast: String(minOut) },
    ]);
    // The router reads the time (its deadline, the pair's price accumulators): followed over every
    // block it can land in, it reaches no branch that comes out otherwise and nothing the user holds.
    expect(effects.blockReads).toContain('timestamp');
    expect(effects.dependsOnBlock).toBeUndefined();
    expect(effects.failsIf).toBeUndefined();
    expect(BigInt(effects.fee!)).toBeGreaterThan(0n);
    await w.approveNext();
    // Estimated and simulated in the next block's time: the pool's first swap after its liquidity
    // writes its price accumulators, which a run in the head's own block would not (and run short of gas).
    const mined = await receipt(await sent);
    expect(mined.status).toBe('0x1');
    const paid = decodeEffects(mined.logs).movements.filter((m) => m.token === token && m.to === ACCOUNT0);
    expect(paid.map((m) => m.amount)).toEqual([out]);
  }, 120_000);

  it('an ENS registration as the ENS app makes it (commit, wait, register paying the rent and a margin): both shown plainly, the name the user\'s after it', async () => {
    const ens = devnet.info.ens!;
    const { controller, baseRegistrar, minCommitmentAge } = ens.registrar;
    const C = ENS_ARTIFACTS.ETHRegistrarController.abi;
    const label = `carol${randomBytes(3).toString('hex')}`;
    const name = `${label}.eth`;
    const registration = {
      label,
      owner: ACCOUNT0 as Hex,
      duration: 365n * 86_400n,
      secret: bytesToHex(randomBytes(32)) as Hex,
      resolver: ens.publicResolver as Hex,
      data: [encodeFunctionData({ abi: ENS_ARTIFACTS.PublicResolver.abi, functionName: 'setAddr', args: [namehash(name), ACCOUNT0 as Hex] })],
      reverseRecord: 1,
      referrer: `0x${'00'.repeat(32)}` as Hex,
    } as const;
    const call = async (functionName: string, args: readonly unknown[]) => decodeFunctionResult({ abi: C, functionName, data: (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: controller, data: encodeFunctionData({ abi: C, functionName, args } as never) }, 'latest'])) as Hex } as never);
    const commitment = (await call('makeCommitment', [registration])) as Hex;
    // What the window shows for each, and nothing said about the block it lands in.
    const send = async (key: string, tx: { to: string; data: Hex; value?: bigint }) => {
      const opened = w.opened.length;
      const sent = w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: key }, { from: ACCOUNT0, to: tx.to, data: tx.data, ...(tx.value !== undefined ? { value: bigIntToHex(tx.value) } : {}) });
      // A refusal before any window fails here at once, with its words.
      await Promise.race([until('the approval window', () => w.opened.length > opened, 120_000, 25), sent.then(() => Promise.reject(new Error('sent without a window')))]);
      const effects = (await w.wallet.approvals.get(w.opened[opened]!)).details.effects as TransactionEffects;
      await w.approveNext();
      const mined = (await receipt(await sent)) as Awaited<ReturnType<typeof receipt>> & { blockNumber: string };
      expect(mined.status).toBe('0x1');
      return { effects, mined };
    };
    // The commitment stores the block's time: nothing of what the user holds moves.
    const committed = await send('ens-commit', { to: controller, data: encodeFunctionData({ abi: C, functionName: 'commit', args: [commitment] }) });
    expect(committed.effects.ok).toBe(true);
    expect(committed.effects.own).toEqual([]);
    expect([committed.effects.dependsOnBlock, committed.effects.failsIf]).toEqual([undefined, undefined]);
    // The ENS app waits out the commitment's minimum age on the chain's clock, then registers.
    const at = BigInt(((await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [committed.mined.blockNumber, false])) as { timestamp: string }).timestamp);
    await until('the commitment old enough at the signing head', () => (w.session.walletChain()?.signingHead()?.env.timestamp ?? 0n) >= at + BigInt(minCommitmentAge), 120_000, 200);
    const price = (await call('rentPrice', [label, registration.duration])) as { base: bigint; premium: bigint };
    // A name never registered carries no premium: the oracle's decay over ~20,000 days since the epoch is 0 at every landing time.
    expect(price.premium).toBe(0n);
    const value = (price.base * 105n) / 100n;
    const registered = await send('ens-register', { to: controller, value, data: encodeFunctionData({ abi: C, functionName: 'register', args: [registration] }) });
    // The oracle and the commitment checks read the time at every step; over the whole landing
    // range each comes out the same, and the margin comes back: the user pays the rent, plainly.
    expect(registered.effects.ok).toBe(true);
    expect(registered.effects.blockReads).toContain('timestamp');
    expect([registered.effects.dependsOnBlock, registered.effects.failsIf]).toEqual([undefined, undefined]);
    expect(registered.effects.own.find((c) => c.asset === 'native')).toEqual({ asset: 'native', standard: 'native', amount: String(-price.base) });
    // As on chain: the name's token and its records are the user's.
    const owner = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: baseRegistrar, data: encodeFunctionCall('ownerOf(uint256)', [BigInt(labelhash(label))]) }, 'latest'])) as string;
    expect(`0x${owner.slice(-40)}`).toBe(ACCOUNT0);
    const resolved = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: ens.publicResolver, data: encodeFunctionCall('addr(bytes32)', [namehash(name)]) }, 'latest'])) as string;
    expect(`0x${resolved.slice(-40)}`).toBe(ACCOUNT0);
  }, 240_000);

  it("an NFT transfer (OpenZeppelin's ERC-721): the token id leaves the user, the recipient gains it, and the mined receipt moves the same", async () => {
    const collectible = devnet.info.contracts!.collectible!.toLowerCase();
    const to = bytesToHex(randomBytes(20));
    // Account 0 holds tokens 1–3 from the deployment.
    const data = encodeFunctionCall('transferFrom(address,address,uint256)', [ACCOUNT0, to, 2n]);
    const opened = w.opened.length;
    const sent = w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: 'sim-nft' }, { from: ACCOUNT0, to: collectible, data });
    await until('the approval window', () => w.opened.length > opened, 120_000, 25);
    const effects = (await w.wallet.approvals.get(w.opened[opened]!)).details.effects as TransactionEffects;
    expect(effects.ok).toBe(true);
    expect(effects.own).toEqual([{ asset: collectible, standard: 'erc721', tokenId: '2', amount: '-1' }]);
    expect(effects.others).toEqual([{ account: to, asset: collectible, standard: 'erc721', tokenId: '2', amount: '1' }]);
    expect(effects.tokens[collectible]).toMatchObject({ symbol: 'VCOL' });
    await w.approveNext();
    const mined = await receipt(await sent);
    expect(mined.status).toBe('0x1');
    expect(decodeEffects(mined.logs).movements).toEqual([{ standard: 'erc721', token: collectible, from: ACCOUNT0, to, tokenId: 2n, logIndex: 0 }]);
    const owner = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: collectible, data: encodeFunctionCall('ownerOf(uint256)', [2n]) }, 'latest'])) as string;
    expect('0x' + owner.slice(26)).toBe(to);
  }, 120_000);

  it('an operator approval for the whole collection is shown as one, and a transfer of a token the user does not hold is refused with its ERC-721 error', async () => {
    const collectible = devnet.info.contracts!.collectible!.toLowerCase();
    const chain = w.session.walletChain()!;
    const operator = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
    const all = await previewTransactions(chain, [parseTransactionRequest({ from: ACCOUNT0, to: collectible, data: encodeFunctionCall('setApprovalForAll(address,bool)', [operator, true]) })], { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() });
    expect(all.ok).toBe(true);
    expect(all.approvals).toEqual([{ kind: 'operator', token: collectible, owner: ACCOUNT0, spender: operator, approved: true, unlimited: true, revoke: false }]);
    // Token 4 is account 1's: OpenZeppelin's ERC721InsufficientApproval names it.
    const before = w.opened.length;
    const err = await w.wallet.requests
      .sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: 'sim-nft-2' }, { from: ACCOUNT0, to: collectible, data: encodeFunctionCall('transferFrom(address,address,uint256)', [operator, ACCOUNT0, 4n]), gas: '0x30000' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WOULD_REVERT' });
    expect(String((err as { shortMessage?: string }).shortMessage ?? (err as Error).message)).toMatch(/ERC721InsufficientApproval|0x177e802f/);
    expect(w.opened.length).toBe(before);
  }, 60_000);

  it('wallet_sendCalls: approve the router, then swap VTA for ETH on that approval (its gas from the batch run), sent one after the other; status 200 with the node\'s receipts', async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const amountIn = 10n * UNIT;
    // Quoted on the state the batch is simulated on: the signing head caught up with the node (the swap above moved the pool).
    const nodeHead = BigInt((await rpc(devnet.info.nodeRpc, 'eth_blockNumber', [])) as string);
    await until(`the signing head at block ${nodeHead}`, () => (w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) >= nodeHead, 120_000, 200);
    const quote = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: router, data: encodeFunctionCall('getAmountsOut(uint256,address[])', [amountIn, [token, weth]]) }, 'latest'])) as string;
    const out = BigInt('0x' + quote.slice(2 + 64 * 3, 2 + 64 * 4));
    const calls = [
      { to: token, data: encodeFunctionCall('approve(address,uint256)', [router, amountIn]) },
      { to: router, data: encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [amountIn, (out * 99n) / 100n, [token, weth], ACCOUNT0, 1n << 40n]) },
    ];
    const opened = w.opened.length;
    const sent = w.wallet.requests.sendCalls({ origin: 'http://127.0.0.1:1', requestKey: 'batch-swap' }, { version: '2.0.0', chainId: bigIntToHex(BigInt(devnet.info.chainId)), from: ACCOUNT0, atomicRequired: false, calls });
    await until('the approval window', () => w.opened.length > opened, 120_000, 25);
    const view = await w.wallet.approvals.get(w.opened[opened]!);
    expect(view.kind).toBe('calls');
    const effects = view.details.effects as TransactionEffects;
    // The whole batch: VTA out, ETH in, and the approval it sets (used up by the swap).
    expect(effects.ok).toBe(true);
    expect(effects.own.find((c) => c.asset === token)).toEqual({ asset: token, standard: 'erc20', amount: String(-amountIn) });
    expect(BigInt(effects.own.find((c) => c.asset === 'native')!.amount)).toBe(out);
    expect(effects.approvals).toEqual([expect.objectContaining({ token, spender: router.toLowerCase(), amount: String(amountIn) })]);
    await w.approveNext();
    const { id } = await sent;
    const status = await (async () => {
      for (let i = 0; i < 240; i++) {
        const s = await w.wallet.requests.getCallsStatus('http://127.0.0.1:1', id);
        if (s.status !== 100) return s;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the batch did not finish');
    })();
    expect(status.status).toBe(200);
    expect(status.receipts).toHaveLength(2);
    // The swap was held to what it was to do after the approval, taken before the approval went out: VTA out, ETH in.
    const expected = (await w.repo.batches.get('http://127.0.0.1:1', id))!.expected!;
    expect(expected).toHaveLength(1);
    expect(expected[0]!.own.find((c) => c.asset === token)).toEqual({ asset: token, standard: 'erc20', amount: String(-amountIn) });
    expect(BigInt(expected[0]!.own.find((c) => c.asset === 'native')!.amount)).toBeGreaterThan(0n);
    expect(expected[0]!.approvals).toEqual([]);
    for (const r of status.receipts) {
      const node = (await rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [r.transactionHash])) as { status: string; blockHash: string; blockNumber: string; gasUsed: string; logs: { address: string; topics: string[]; data: string }[] };
      expect(r).toEqual({ status: node.status, blockHash: node.blockHash, blockNumber: node.blockNumber, gasUsed: node.gasUsed, transactionHash: r.transactionHash, logs: node.logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data })) });
    }
    // In order: the swap's block is after (or is) the approval's, its nonce the next.
    const [a, b] = await Promise.all(status.receipts.map((r) => rpc(devnet.info.nodeRpc, 'eth_getTransactionByHash', [r.transactionHash]) as Promise<{ nonce: string; blockNumber: string }>));
    expect(BigInt(b!.nonce)).toBe(BigInt(a!.nonce) + 1n);
    const paid = decodeEffects(status.receipts[1]!.logs).movements.filter((m) => m.token === token && m.from === ACCOUNT0);
    expect(paid.map((m) => m.amount)).toEqual([amountIn]);
  }, 120_000);

  it('vigil simulate prints the effects for --from, live against the devnet; a revert exits 1 with its reason', async () => {
    const { info } = devnet;
    const base = ['simulate', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint, '--from', ACCOUNT0];
    const to = bytesToHex(randomBytes(20));
    const ok = await vigil([...base, '--to', token, '--data', encodeFunctionCall('transfer(address,uint256)', [to, 3n])], 120_000);
    expect(ok.code, ok.stderr).toBe(0);
    const e = JSON.parse(ok.stdout) as TransactionEffects;
    expect(e).toMatchObject({ ok: true, own: [{ asset: token, standard: 'erc20', amount: '-3' }], others: [{ account: to, asset: token, amount: '3' }], tokens: { [token]: { symbol: 'VTA', decimals: 18 } } });
    const bad = await vigil([...base, '--to', token, '--data', encodeFunctionCall('transfer(address,uint256)', [to, 10n ** 30n])], 120_000);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).revert.reason).toMatch(/^InsufficientBalance\(/);
  }, 240_000);

  it('fails closed under a lying endpoint: no effects shown, never other ones', async () => {
    const chain = w.session.walletChain()!;
    const request = parseTransactionRequest({ from: ACCOUNT0, to: token, value: bigIntToHex(0n), data: bytesToHex(hexToBytes(encodeFunctionCall('transfer(address,uint256)', [bytesToHex(randomBytes(20)), 1n]))) });
    // A fresh recipient: its balance slot is proven for the first time, under the fault.
    await fault('proof-storage-value', true);
    try {
      await expect(previewTransactions(chain, [request], { now: Math.floor(Date.now() / 1000) })).rejects.toMatchObject({ name: 'VerificationError' });
    } finally {
      await fault('proof-storage-value', false);
    }
  }, 60_000);
});

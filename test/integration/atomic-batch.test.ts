/**
 * EIP-5792 atomic batches on the devnet (issue 41), as the extension runs them in Node: the
 * Hardhat node itself delegates dev account 0 to the devnet's Simple7702Account 0.8.0 (viem:
 * signAuthorization, a type-4 transaction to the node); Vigil then proves `atomic: supported` for
 * it, and a page's approve + swap (VTA → ETH through Uniswap V2's Router02) runs as ONE transaction
 * from the account to itself calling executeBatch: simulated as one by the local EVM over proven
 * state (the delegate's code run for the account: the whole batch's effects), signed once, its
 * status atomic from its one receipt, checked against the node. A batch whose second call fails is
 * refused by the simulation (ExecuteError naming it) and, sent by the node anyway, reverts whole:
 * the approval its first call made is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, defineChain, http, parseAbi } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { bigIntToHex } from '../../src/core/bytes.ts';
import { encodeFunctionCall, functionSelector } from '../../src/execution/abi.ts';
import type { TransactionEffects } from '../../src/wallet/transaction-effects.ts';
import { atomicBatchCall, EXECUTE_BATCH } from '../../src/wallet/smart-account/atomic-batch.ts';
import { rpc, type RunningDevnet, startDevnetProcess, until } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

const ORIGIN = 'http://127.0.0.1:1';
const UNIT = 10n ** 18n;
const ERC20 = parseAbi(['function allowance(address,address) view returns (uint256)', 'function balanceOf(address) view returns (uint256)']);

let devnet: RunningDevnet;
let w: DevnetWallet;
let account: ReturnType<typeof mnemonicToAccount>;
let token: `0x${string}`;
let node: ReturnType<typeof createPublicClient>;

const verifiedPast = async (block: bigint) => {
  await until(`the signing head at block ${block}`, () => (w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) >= block, 120_000, 200);
  expect(w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n).toBeGreaterThanOrEqual(block);
};

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--uniswap', '--faults']);
  const { info } = devnet;
  token = info.contracts!.token.toLowerCase() as `0x${string}`;
  const chain = defineChain({ id: info.chainId, name: 'Vigil devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [info.nodeRpc] } } });
  node = createPublicClient({ chain, transport: http(info.nodeRpc) });
  account = mnemonicToAccount(info.mnemonic);
  // The node delegates account 0 (Vigil's account too) to the pinned delegate: outside Vigil, as a user might elsewhere.
  const signer = createWalletClient({ account, chain, transport: http(info.nodeRpc) });
  const authorization = await signer.signAuthorization({ contractAddress: info.delegator as `0x${string}`, executor: 'self' });
  const hash = await signer.sendTransaction({ authorizationList: [authorization], to: account.address, data: '0x' });
  const receipt = await node.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  expect(await node.getCode({ address: account.address })).toBe('0xef0100' + info.delegator!.slice(2).toLowerCase());
  w = await walletOnDevnet(info);
  await verifiedPast(receipt.blockNumber);
  const connect = w.wallet.requests.requestAccounts({ origin: ORIGIN });
  await w.approveNext();
  await connect;
}, 180_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop('SIGKILL');
});

describe('atomic batches through the pinned delegate, on the devnet', () => {
  it('wallet_getCapabilities: atomic supported for the delegated account, proven at the head', async () => {
    const chainId = BigInt(devnet.info.chainId);
    expect(await w.wallet.requests.getCapabilities(ORIGIN, account.address.toLowerCase(), [chainId])).toEqual({ [bigIntToHex(chainId)]: { atomic: { status: 'supported' } } });
    // An endpoint serving other code than the proven (the devnet's rpc-code fault: the indicator with a byte more, a "contract"): a typed error, never a guess.
    const setFault = async (on: boolean) => expect((await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'rpc-code', on }) })).status).toBe(200);
    await setFault(true);
    try {
      const err = await w.wallet.requests.getCapabilities(ORIGIN, account.address.toLowerCase(), [chainId]).then(
        () => undefined,
        (e: unknown) => e as { code: string; shortMessage: string },
      );
      expect(err?.code).toBe('DELEGATION_NOT_PROVEN');
      expect(err?.shortMessage).toMatch(/CODE_HASH_MISMATCH/);
    } finally {
      await setFault(false);
    }
  }, 60_000);

  it('approve + swap in ONE transaction to itself: simulated as one, signed once, status atomic from its one receipt, as the node has it', async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const from = account.address.toLowerCase();
    const amountIn = 10n * UNIT;
    await verifiedPast(await node.getBlockNumber());
    const quote = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: router, data: encodeFunctionCall('getAmountsOut(uint256,address[])', [amountIn, [token, weth]]) }, 'latest'])) as string;
    const out = BigInt('0x' + quote.slice(2 + 64 * 3, 2 + 64 * 4));
    const calls = [
      { to: token, data: encodeFunctionCall('approve(address,uint256)', [router, amountIn]) },
      { to: router, data: encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [amountIn, (out * 99n) / 100n, [token, weth], from, 1n << 40n]) },
    ];
    const vtaBefore = await node.readContract({ address: token, abi: ERC20, functionName: 'balanceOf', args: [account.address] });
    const opened = w.opened.length;
    const sent = w.wallet.requests.sendCalls({ origin: ORIGIN, requestKey: 'atomic-swap' }, { version: '2.0.0', chainId: bigIntToHex(BigInt(devnet.info.chainId)), from, atomicRequired: true, calls });
    await until('the approval window', () => w.opened.length > opened, 120_000, 25);
    const view = await w.wallet.approvals.get(w.opened[opened]!);
    expect(view.kind).toBe('calls');
    const details = view.details as { calls: { tx: { to: string; data: string; value: string } }[]; atomic: { calls: unknown[] }; effects: TransactionEffects };
    expect(details.calls).toHaveLength(1);
    expect(details.calls[0]!.tx.to.toLowerCase()).toBe(from);
    expect(details.calls[0]!.tx.data.startsWith(functionSelector(EXECUTE_BATCH))).toBe(true);
    expect(details.atomic.calls).toHaveLength(2);
    // The local EVM ran the delegate's code for the account: the whole batch's effects, VTA out and ETH in.
    const effects = details.effects;
    expect(effects.ok).toBe(true);
    expect(effects.own.find((c) => c.asset === token)).toEqual({ asset: token, standard: 'erc20', amount: String(-amountIn) });
    expect(BigInt(effects.own.find((c) => c.asset === 'native')!.amount)).toBe(out);
    await w.approveNext();
    const { id } = await sent;
    const status = await (async () => {
      for (let i = 0; i < 240; i++) {
        const s = await w.wallet.requests.getCallsStatus(ORIGIN, id);
        if (s.status !== 100) return s;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the batch did not finish');
    })();
    expect(status).toMatchObject({ status: 200, atomic: true });
    expect(status.receipts).toHaveLength(1);
    const [r] = status.receipts;
    const mined = (await rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [r!.transactionHash])) as { status: string; blockHash: string; blockNumber: string; gasUsed: string; logs: { address: string; topics: string[]; data: string }[] };
    expect(r).toEqual({ status: mined.status, blockHash: mined.blockHash, blockNumber: mined.blockNumber, gasUsed: mined.gasUsed, transactionHash: r!.transactionHash, logs: mined.logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data })) });
    const tx = (await rpc(devnet.info.nodeRpc, 'eth_getTransactionByHash', [r!.transactionHash])) as { from: string; to: string; input: string; value: string };
    expect([tx.from.toLowerCase(), tx.to.toLowerCase(), BigInt(tx.value)]).toEqual([from, from, 0n]);
    expect(tx.input).toBe(atomicBatchCall(from, calls.map((c) => ({ to: c.to as `0x${string}`, value: 0n, data: c.data as `0x${string}` }))).data);
    // Both calls happened, in one transaction: the VTA left, the approval used up.
    expect(await node.readContract({ address: token, abi: ERC20, functionName: 'balanceOf', args: [account.address] })).toBe(vtaBefore - amountIn);
    expect(await node.readContract({ address: token, abi: ERC20, functionName: 'allowance', args: [account.address, router as `0x${string}`] })).toBe(0n);
  }, 180_000);

  it('a batch whose second call fails: refused by the simulation (ExecuteError names it), and sent by the node anyway it reverts whole', async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const from = account.address.toLowerCase();
    const amountIn = 3n * UNIT;
    // The swap asks far more ETH out than the pool gives: Router02 reverts INSUFFICIENT_OUTPUT_AMOUNT after the approval.
    const calls = [
      { to: token, data: encodeFunctionCall('approve(address,uint256)', [router, amountIn]) },
      { to: router, data: encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [amountIn, 10n ** 30n, [token, weth], from, 1n << 40n]) },
    ];
    await verifiedPast(await node.getBlockNumber());
    const opened = w.opened.length;
    const err = await w.wallet.requests
      .sendCalls({ origin: ORIGIN, requestKey: 'atomic-fail' }, { version: '2.0.0', chainId: bigIntToHex(BigInt(devnet.info.chainId)), from, atomicRequired: true, calls })
      .then(() => undefined, (e: unknown) => e as { code: string; shortMessage: string });
    expect(err?.code).toBe('WOULD_REVERT');
    expect(err?.shortMessage).toMatch(/^the batch of 2 calls \(one transaction, all or nothing\) fails .*ExecuteError\(1, UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT\)/);
    expect(w.opened.length).toBe(opened);

    // On chain: the node sends the same executeBatch (gas given: no estimate), it reverts, and the first call's approval is not there.
    const signer = createWalletClient({ account, chain: node.chain, transport: http(devnet.info.nodeRpc) });
    const batch = atomicBatchCall(from, calls.map((c) => ({ to: c.to as `0x${string}`, value: 0n, data: c.data as `0x${string}` })));
    const hash = await signer.sendTransaction({ chain: node.chain, to: account.address, data: batch.data, gas: 500_000n });
    const receipt = await node.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('reverted');
    expect(await node.readContract({ address: token, abi: ERC20, functionName: 'allowance', args: [account.address, router as `0x${string}`] })).toBe(0n);
  }, 180_000);
});

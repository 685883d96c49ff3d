/**
 * Calls in words on the devnet (issue 57): a swap through the devnet's Uniswap V2 router and an
 * ERC-2612 permit of its VUSD are said by their ERC-7730 descriptors (the router's bound to the
 * devnet's router, the generic ones to its listed tokens), each amount with the token facts proven
 * at the preview's head; a transfer of VFEE (which takes 1% more than it says) is flagged, its
 * words understating what the simulation takes, alone and in a batch with a swap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { encodeFunctionCall } from '../../src/execution/abi.ts';
import { previewTransactions } from '../../src/client/wallet/transaction-preview.ts';
import { reviewTypedData } from '../../src/client/wallet/typed-data-review.ts';
import type { L1Session } from '../../src/client/l1-session.ts';
import { parseTransactionRequest } from '../../src/wallet/transaction-request.ts';
import type { ClearWords } from '../../src/wallet/clear-signing/types.ts';
import { rpc, type RunningDevnet, startDevnetProcess, until } from './helpers.ts';
import { sessionOnDevnet } from './wallet-devnet.ts';

const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** VFEE's fee goes to its deployer, account 0: account 1 sends it, and pays it. */
const ACCOUNT1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const UNIT = 10n ** 18n;

let devnet: RunningDevnet;
let session: L1Session;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--uniswap']);
  session = await sessionOnDevnet(devnet.info);
  const vfee = devnet.info.contracts!.feeToken;
  const funded = (await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: ACCOUNT0, to: vfee, data: encodeFunctionCall('transfer(address,uint256)', [ACCOUNT1, 1000n * UNIT]), gas: '0x30000' }])) as string;
  await until('VFEE to account 1', async () => ((await rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [funded])) as { status: string } | null)?.status === '0x1', 60_000);
  const setUp = BigInt((await rpc(devnet.info.nodeRpc, 'eth_blockNumber', [])) as string);
  const end = Date.now() + 90_000;
  while ((session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) < setUp) {
    if (Date.now() > end) throw new Error('no verified head');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 150_000);
afterAll(async () => {
  await session?.stop();
  await devnet?.stop('SIGKILL');
});

const sentence = (w: ClearWords) => (w.sentence ?? []).map((p) => (typeof p === 'string' ? p : w.fields[p.field]!.value)).join('');
const options = () => ({ now: Math.floor(Date.now() / 1000), knownTokens: { listed: session.profile()?.tokens ?? [] }, routers: new Set([devnet.info.contracts!.uniswap!.router.toLowerCase()]) });
const request = (to: string, data: string, value = 0n, from = ACCOUNT0) => parseTransactionRequest({ from, to, value: bigIntToHex(value), data: bytesToHex(hexToBytes(data)) });

describe('calls in words on the devnet', () => {
  it('says a swap through the devnet router in words, agreeing with the simulation', async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const vta = devnet.info.contracts!.token.toLowerCase();
    const minOut = 1000n * UNIT;
    const data = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [minOut, [weth, vta], ACCOUNT0, 1893456000n]);
    const effects = await previewTransactions(session.walletChain()!, [request(router, data, UNIT)], options());
    const words = effects.words!;
    expect(sentence(words)).toBe('Swap 1 ETH for at least 1000 VTA. Expires at Tue, 01 Jan 2030 00:00:00 GMT');
    expect(words.boundTo).toEqual({ chainId: Number(session.walletChain()!.network.chainId), address: router.toLowerCase() });
    expect(words.disagreements).toEqual([]);
    expect(words.fields.every((f) => f.flag === undefined)).toBe(true);
  }, 120_000);

  it('flags a VFEE transfer whose words understate what the simulation takes', async () => {
    const vfee = devnet.info.contracts!.feeToken.toLowerCase();
    const to = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
    const effects = await previewTransactions(session.walletChain()!, [request(vfee, encodeFunctionCall('transfer(address,uint256)', [to, 100n * UNIT]), 0n, ACCOUNT1)], options());
    expect(effects.own).toEqual([{ asset: vfee, standard: 'erc20', amount: String(-101n * UNIT) }]);
    const words = effects.words!;
    expect(words.intent).toBe('Send');
    expect(words.fields.find((f) => f.label === 'Amount')).toMatchObject({ value: '100 VFEE', asset: vfee });
    expect(words.fields.find((f) => f.label === 'Amount')!.flag).toBe('the words say 100 VFEE leave your account; the simulation takes 101 VFEE');
    expect(words.disagreements).toHaveLength(1);
  }, 120_000);

  it("says a batch's calls in words, each by its own contract's descriptor, flagging the VFEE transfer the whole batch shows understated", async () => {
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const vta = devnet.info.contracts!.token.toLowerCase();
    const vfee = devnet.info.contracts!.feeToken.toLowerCase();
    const to = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
    const swap = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1000n * UNIT, [weth, vta], ACCOUNT1, 1893456000n]);
    const calls = [request(vfee, encodeFunctionCall('transfer(address,uint256)', [to, 100n * UNIT]), 0n, ACCOUNT1), request(router, swap, UNIT, ACCOUNT1)];
    const effects = await previewTransactions(session.walletChain()!, calls, options());
    const [send, swapWords] = effects.callWords!.calls;
    expect(send!.boundTo.address).toBe(vfee);
    expect(sentence(swapWords!)).toBe('Swap 1 ETH for at least 1000 VTA. Expires at Tue, 01 Jan 2030 00:00:00 GMT');
    expect(effects.callWords!.checked).toBe(true);
    const why = "the calls' words say at most 100 VFEE leave your account; the whole batch's simulation takes 101 VFEE";
    expect(send!.fields.find((f) => f.label === 'Amount')!.flag).toBe(why);
    expect(swapWords!.fields.every((f) => f.flag === undefined)).toBe(true);
    expect(effects.callWords!.disagreements).toEqual([why]);
  }, 120_000);

  it('says an ERC-2612 permit of VUSD in words, held against Vigil\'s reading of it', async () => {
    const vusd = devnet.info.contracts!.permitToken.toLowerCase();
    const chain = session.walletChain()!;
    const chainId = chain.network.chainId;
    const typed = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
        Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
      },
      primaryType: 'Permit',
      domain: { name: 'Vigil Dollar', version: '1', chainId: Number(chainId), verifyingContract: vusd },
      message: { owner: ACCOUNT0, spender: devnet.info.contracts!.uniswap!.router, value: '250000000', nonce: '0', deadline: '1893456000' },
    };
    const reviewed = await reviewTypedData(chain, typed, chainId, 'v4', { chainId: Number(chainId), chain: { name: chain.network.name, ticker: 'ETH' }, listed: (session.profile()?.tokens ?? []).map((t) => t.address) });
    expect(reviewed.words?.fields.map((f) => [f.label, f.value])).toEqual([
      ['Spender', devnet.info.contracts!.uniswap!.router.toLowerCase()],
      ['Max spending amount', '250 VUSD'],
      ['Valid until', 'Tue, 01 Jan 2030 00:00:00 GMT'],
    ]);
    expect(reviewed.words?.disagreements).toEqual([]);
  }, 120_000);
});

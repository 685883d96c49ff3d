/**
 * An EIP-7702 delegation made outside Vigil (the Hardhat node's own type-4 transaction, signed with
 * ethers) read by Vigil from proven state on the devnet (osaka): the account's code proven with its
 * proof, classified as a delegation to that contract, the delegate's proven code hash, unknown;
 * an endpoint serving other code (the devnet's rpc-code fault: the indicator with a byte more, which
 * unchecked would read as a contract and hide the delegation) refused with CODE_HASH_MISMATCH.
 */
import { JsonRpcProvider, Wallet as EthersWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationOf } from '../../src/client/wallet/delegation/delegation.ts';
import type { L1Session } from '../../src/client/l1-session.ts';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { type RunningDevnet, startDevnetProcess, until } from './helpers.ts';
import { sessionOnDevnet } from './wallet-devnet.ts';

// Hardhat's dev account #7 (well known: `npx hardhat node` prints it), used by no other test here.
const KEY = '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356';
// Initcode returning the one-byte runtime 0x00 (STOP).
const INITCODE = '0x6001600c60003960016000f300';

let devnet: RunningDevnet;
let session: L1Session;

beforeAll(async () => {
  devnet = await startDevnetProcess(['--faults']);
  session = await sessionOnDevnet(devnet.info);
}, 120_000);
afterAll(async () => {
  await session?.stop();
  await devnet?.stop('SIGKILL');
});

describe('a delegation made by the node, read by Vigil', () => {
  it('is proven: delegated to the contract, its code hash, unknown to Vigil', async () => {
    const provider = new JsonRpcProvider(devnet.info.executionRpc, undefined, { staticNetwork: true, polling: true, pollingInterval: 200 });
    const signer = new EthersWallet(KEY, provider);
    const deployed = await (await signer.sendTransaction({ data: INITCODE })).wait();
    const contract = deployed!.contractAddress!.toLowerCase();
    const nonce = await provider.getTransactionCount(signer.address);
    // The sender authorizes too: its nonce moves for the transaction before the authorization is processed.
    const auth = await signer.authorize({ address: contract, nonce: nonce + 1, chainId: (await provider.getNetwork()).chainId });
    const receipt = await (await signer.sendTransaction({ type: 4, to: signer.address, authorizationList: [auth], nonce })).wait();
    expect(receipt!.status).toBe(1);
    expect(await provider.getCode(signer.address)).toBe('0xef0100' + contract.slice(2));

    const chain = await until('a verified head past the delegation', async () => {
      const c = session.walletChain();
      const head = c?.signingHead();
      return c && head && head.head.blockNumber >= BigInt(receipt!.blockNumber) && c;
    }, 90_000);
    const head = chain.signingHead()!;
    const account = await chain.proveAccount(signer.address, head, { code: true });
    expect(await delegationOf(chain, account, head)).toEqual({
      kind: 'delegated',
      delegate: contract,
      delegateCode: { codeHash: bytesToHex(keccak256(hexToBytes('0x00'))), known: null },
    });

    const setFault = async (on: boolean) => expect((await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'rpc-code', on }) })).status).toBe(200);
    await setFault(true);
    try {
      await expect(chain.proveAccount(signer.address, head, { code: true })).rejects.toMatchObject({ code: 'CODE_HASH_MISMATCH' });
    } finally {
      await setFault(false);
    }
  }, 180_000);
});

/**
 * The devnet OP chain's L2 genesis (src/devnet/op-stack/genesis-l2.ts) on the devnet's execution
 * node alone: the predeploys answer as op-deployer's genesis leaves them (proxies over the
 * namespace, implementations at the code namespace, the Jovian flags, the vaults initialized),
 * and a withdrawal started on the L2ToL1MessagePasser changes its storage root, which the output
 * root commits to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { OP_ARTIFACTS as A } from '../../../../src/devnet/op-stack/artifacts.generated.ts';
import { codeNamespaceAddress, opL2GenesisAlloc, PREDEPLOYS } from '../../../../src/devnet/op-stack/genesis-l2.ts';
import { opRoleKey } from '../../../../src/devnet/op-stack/roles.ts';
import { waitForReceipt } from '../../../../src/devnet/execution/dev-tx.ts';
import { type ExecutionNode, startExecutionNode } from '../../../../src/devnet/execution/node/start.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { EMPTY_TRIE_ROOT } from '../../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { jsonRpcCall } from '../../../../src/rpc/http.ts';

const L2_CHAIN_ID = 901;
const owner = opRoleKey('admin').address;
const feeRecipient = opRoleKey('batcher').address;
const dir = mkdtempSync(join(tmpdir(), 'vigil-op-l2-genesis-'));
let l2: ExecutionNode;

const rpc = (method: string, params: unknown[] = []) => jsonRpcCall(l2.url, method, params, { timeoutMs: 30_000, maxBytes: 1 << 24 });
/** The named view of `abi` at `to`, decoded. */
async function view(to: string, abi: readonly unknown[], name: string, args: readonly unknown[] = [], from?: string): Promise<unknown> {
  const data = encodeFunctionData({ abi: abi as Abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]);
  const out = (await rpc('eth_call', [{ to, data, ...(from ? { from } : {}) }, 'latest'])) as Hex;
  return decodeFunctionResult({ abi: abi as Abi, functionName: name, data: out } as Parameters<typeof decodeFunctionResult>[0]);
}
const provenAccount = async (address: string, block: { stateRoot: string; number: string }) =>
  verifyGetProofResponse(hexToBytes(block.stateRoot), parseGetProofResponse(await rpc('eth_getProof', [address, [], block.number]))).account;

beforeAll(async () => {
  await cryptoReady();
  l2 = await startExecutionNode({ dir: join(dir, 'l2'), chainId: L2_CHAIN_ID, fork: 'prague', alloc: opL2GenesisAlloc({ proxyAdminOwner: owner, feeRecipient }) });
});

afterAll(async () => {
  await l2?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the devnet OP chain\'s L2 genesis (op-deployer\'s L2Genesis, v7.0.0)', () => {
  it('a Proxy at every predeploy address but WETH\'s and the governance token\'s, each administered by the L2ProxyAdmin', async () => {
    for (const i of [0x00, 0x07, 0x0f, 0x18, 0x20, 0x7ff]) {
      const address = `0x4200${i.toString(16).padStart(36, '0')}`;
      expect(await rpc('eth_getCode', [address, 'latest']), address).toBe(A.Proxy.deployedBytecode);
      expect(String(await view(address, A.Proxy.abi, 'admin', [], '0x0000000000000000000000000000000000000000')).toLowerCase(), address).toBe('0x4200000000000000000000000000000000000018');
    }
    expect(await rpc('eth_getCode', ['0x4200000000000000000000000000000000000006', 'latest'])).toBe('0x');
    expect(await rpc('eth_getCode', ['0x4200000000000000000000000000000000000800', 'latest'])).toBe('0x');
  });

  it('the predeploys built here run the release\'s code from the code namespace', async () => {
    const lock = { L1Block: '1.9.0', GasPriceOracle: '1.6.0', L2ToL1MessagePasser: '1.2.0', L2ProxyAdmin: '1.0.0', BaseFeeVault: '1.6.1', L1FeeVault: '1.6.1', SequencerFeeVault: '1.6.1', OperatorFeeVault: '1.1.1' };
    for (const [name, address] of Object.entries(PREDEPLOYS) as [keyof typeof PREDEPLOYS, string][]) {
      expect(await rpc('eth_getCode', [codeNamespaceAddress(address), 'latest']), name).toBe(A[name].deployedBytecode);
      expect(await view(address, A[name].abi, 'version'), name).toBe(lock[name]);
    }
    expect(String(await view(PREDEPLOYS.L2ProxyAdmin, A.L2ProxyAdmin.abi, 'owner')).toLowerCase()).toBe(owner);
  });

  it('GasPriceOracle is at Jovian; L1Block waits for its first L1-info deposit', async () => {
    for (const flag of ['isEcotone', 'isFjord', 'isIsthmus', 'isJovian']) expect(await view(PREDEPLOYS.GasPriceOracle, A.GasPriceOracle.abi, flag), flag).toBe(true);
    expect(await view(PREDEPLOYS.L1Block, A.L1Block.abi, 'number')).toBe(0n);
    expect(String(await view(PREDEPLOYS.L1Block, A.L1Block.abi, 'DEPOSITOR_ACCOUNT')).toLowerCase()).toBe('0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001');
  });

  it('the fee vaults pay the recipient on L1 from 10 ether, initialized once: their implementations pay no one', async () => {
    for (const name of ['SequencerFeeVault', 'BaseFeeVault', 'L1FeeVault', 'OperatorFeeVault'] as const) {
      const vault = PREDEPLOYS[name];
      expect(String(await view(vault, A[name].abi, 'recipient')).toLowerCase(), name).toBe(feeRecipient);
      expect(await view(vault, A[name].abi, 'minWithdrawalAmount'), name).toBe(10n ** 19n);
      expect(await view(vault, A[name].abi, 'withdrawalNetwork'), name).toBe(0);
      expect(await view(codeNamespaceAddress(vault), A[name].abi, 'recipient'), name).toBe('0x0000000000000000000000000000000000000000');
      expect(await view(codeNamespaceAddress(vault), A[name].abi, 'minWithdrawalAmount'), name).toBe((1n << 256n) - 1n);
      // OpenZeppelin 5's initializer refuses a second initialization, even the owner's.
      await expect(view(vault, A[name].abi, 'initialize', [owner, 1n, 1], owner), name).rejects.toThrow();
    }
  });

  it('a withdrawal started on the L2ToL1MessagePasser is recorded in its storage, which the output root commits to', async () => {
    const before = (await rpc('eth_getBlockByNumber', ['latest', false])) as { stateRoot: string; number: string; hash: string };
    // Not empty at genesis: the proxy keeps its EIP-1967 admin and implementation there (an Isthmus
    // header's withdrawals root is this root, never the empty trie's).
    const rootBefore = bytesToHex((await provenAccount(PREDEPLOYS.L2ToL1MessagePasser, before)).storageHash);
    expect(rootBefore).not.toBe(bytesToHex(EMPTY_TRIE_ROOT));
    const data = encodeFunctionData({ abi: A.L2ToL1MessagePasser.abi as Abi, functionName: 'initiateWithdrawal', args: [l2.accounts[1], 100_000n, '0x'] });
    const hash = (await rpc('eth_sendTransaction', [{ from: l2.accounts[1], to: PREDEPLOYS.L2ToL1MessagePasser, data, value: '0xde0b6b3a7640000', gas: '0x30d40' }])) as string;
    await rpc('evm_mine');
    expect((await waitForReceipt(l2.url, hash, 10_000)).status).toBe(1);
    expect(await view(PREDEPLOYS.L2ToL1MessagePasser, A.L2ToL1MessagePasser.abi, 'messageNonce')).toBe((1n << 240n) + 1n);
    const after = (await rpc('eth_getBlockByNumber', ['latest', false])) as { stateRoot: string; number: string; hash: string };
    const passer = await provenAccount(PREDEPLOYS.L2ToL1MessagePasser, after);
    expect(bytesToHex(passer.storageHash)).not.toBe(rootBefore);
    // Held until anyone calls the passer's burn(): the ether leaves L2 with the message.
    expect(passer.balance).toBe(10n ** 18n);
    const root = outputRoot(hexToBytes(after.stateRoot), passer.storageHash, hexToBytes(after.hash));
    expect(root).toHaveLength(32);
    expect(hexToBigInt(bytesToHex(root))).not.toBe(0n);
  });
});

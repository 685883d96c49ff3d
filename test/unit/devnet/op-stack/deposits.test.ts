/**
 * The devnet OP chain's deposits (src/devnet/op-stack/deposits.ts), each held to something it did
 * not write: the L1-info deposit's calldata run by the release's L1Block on the L2 genesis (an
 * @ethereumjs EVM over opL2GenesisAlloc) and read back from L1Block's storage by Vigil's own fee
 * reader; the encoding against Vigil's own deposit encoding (src/l2/op-stack/bridge.ts, written
 * apart on the repo's RLP) on hand-made deposits of every shape.
 */
import { Address } from '@ethereumjs/util';
import { createVM } from '@ethereumjs/vm';
import { encodeAbiParameters, keccak256, padHex, stringToBytes, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { createGenesis, devCommon } from '../../../../src/devnet/execution/node/genesis.ts';
import { DEPOSITOR_ACCOUNT, depositHash, encodeDeposit, type Deposit, depositsFromLogs, type L1Info, l1InfoDeposit, l1InfoSourceHash, TRANSACTION_DEPOSITED_TOPIC, userDepositSourceHash } from '../../../../src/devnet/op-stack/deposits.ts';
import { opL2GenesisAlloc, PREDEPLOYS } from '../../../../src/devnet/op-stack/genesis-l2.ts';
import { opRoleKey } from '../../../../src/devnet/op-stack/roles.ts';
import { depositL2TransactionHash, depositSourceHash, encodeDepositTx, TRANSACTION_DEPOSITED } from '../../../../src/l2/op-stack/bridge.ts';
import { decodeL1BlockFees } from '../../../../src/l2/op-stack/fees/l1-block.ts';

const INFO: L1Info = {
  number: 1234n,
  timestamp: 1_760_000_000n,
  baseFee: 7_000_000_123n,
  blobBaseFee: 3n,
  hash: keccak256(stringToBytes('an L1 block')),
  batcherHash: padHex(opRoleKey('batcher').address, { size: 32 }),
  baseFeeScalar: 1368,
  blobBaseFeeScalar: 810949,
  operatorFeeScalar: 7,
  operatorFeeConstant: 11n,
  daFootprintGasScalar: 0,
};

/** An EVM over the devnet OP chain's L2 genesis, and the word at `slot` of L1Block after `deposit` ran in it. */
async function runOnGenesis(deposit: Deposit, from: string = deposit.from) {
  await cryptoReady();
  const common = devCommon({ fork: 'prague', chainId: 901n });
  const genesis = await createGenesis(common, { timestamp: 0n, accounts: [], alloc: opL2GenesisAlloc({ proxyAdminOwner: opRoleKey('admin').address, feeRecipient: opRoleKey('batcher').address }), balance: 0n, gasLimit: 30_000_000n });
  const vm = await createVM({ common, stateManager: genesis.stateManager });
  const result = await vm.evm.runCall({ caller: new Address(hexToBytes(from)), to: new Address(hexToBytes(deposit.to!)), data: hexToBytes(deposit.data), gasLimit: deposit.gas });
  const l1Block = new Address(hexToBytes(PREDEPLOYS.L1Block));
  const word = async (slot: bigint) => bytesToBigInt(await genesis.stateManager.getStorage(l1Block, hexToBytes(padHex(bigIntToHex(slot) as Hex, { size: 32 }))));
  return { failed: result.execResult.exceptionError !== undefined, gasUsed: result.execResult.executionGasUsed, word };
}

describe('the L1-info deposit', () => {
  it('Jovian: 178 bytes of setL1BlockValuesJovian that the release\'s L1Block stores as Vigil reads its fee fields', async () => {
    const d = l1InfoDeposit('jovian', INFO, 3n);
    expect(d.data.slice(0, 10)).toBe('0x3db6be2b');
    expect((d.data.length - 2) / 2).toBe(178);
    expect(d).toMatchObject({ from: DEPOSITOR_ACCOUNT, to: PREDEPLOYS.L1Block, mint: 0n, value: 0n, gas: 1_000_000n, isSystemTx: false });
    const run = await runOnGenesis(d);
    expect(run.failed).toBe(false);
    const fees = decodeL1BlockFees({ slot1: await run.word(1n), slot3: await run.word(3n), slot7: await run.word(7n), slot8: await run.word(8n) });
    expect(fees).toEqual({ l1BaseFee: INFO.baseFee, l1BlobBaseFee: INFO.blobBaseFee, baseFeeScalar: 1368n, blobBaseFeeScalar: 810949n, operator: { operatorFeeScalar: 7n, operatorFeeConstant: 11n }, daFootprintGasScalar: 400n });
    // Slot 0: number (low 8 bytes) and timestamp; slot 2 the hash; slot 3's low 8 bytes the sequence number; slot 4 the batcher hash.
    const slot0 = await run.word(0n);
    expect(slot0 & ((1n << 64n) - 1n)).toBe(INFO.number);
    expect(slot0 >> 64n).toBe(INFO.timestamp);
    expect(await run.word(2n)).toBe(BigInt(INFO.hash));
    expect((await run.word(3n)) & ((1n << 64n) - 1n)).toBe(3n);
    expect(await run.word(4n)).toBe(BigInt(INFO.batcherHash));
  });

  it('Isthmus: 176 bytes, no DA scalar; and only the depositor may set them', async () => {
    const d = l1InfoDeposit('isthmus', { ...INFO, daFootprintGasScalar: 9 }, 0n);
    expect(d.data.slice(0, 10)).toBe('0x098999be');
    expect((d.data.length - 2) / 2).toBe(176);
    const run = await runOnGenesis(d);
    expect(run.failed).toBe(false);
    expect(decodeL1BlockFees({ slot1: await run.word(1n), slot3: await run.word(3n), slot7: await run.word(7n), slot8: await run.word(8n) }).daFootprintGasScalar).toBe(0n);
    expect((await runOnGenesis(d, opRoleKey('admin').address)).failed).toBe(true);
  });

  it('its source hash is domain 1 over the L1 origin and the sequence number', () => {
    expect(l1InfoDeposit('jovian', INFO, 5n).sourceHash).toBe(l1InfoSourceHash(INFO.hash, 5n));
    expect(l1InfoSourceHash(INFO.hash, 5n)).not.toBe(userDepositSourceHash(INFO.hash, 5));
  });
});

describe('deposit encoding, against Vigil\'s own', () => {
  const shapes: Deposit[] = [
    l1InfoDeposit('jovian', INFO, 0n),
    { sourceHash: userDepositSourceHash(INFO.hash, 0), from: opRoleKey('admin').address, to: opRoleKey('proposer').address, mint: 10n ** 18n, value: 10n ** 18n, gas: 100_000n, isSystemTx: false, data: '0x' },
    { sourceHash: userDepositSourceHash(INFO.hash, 7), from: opRoleKey('admin').address, to: null, mint: 0n, value: 0n, gas: 21_000n, isSystemTx: true, data: '0x6000' },
  ];
  it('byte for byte, and the hash', () => {
    for (const d of shapes) {
      const vigil = encodeDepositTx({ sourceHash: hexToBytes(d.sourceHash), from: hexToBytes(d.from), to: d.to === null ? undefined : hexToBytes(d.to), mint: d.mint, value: d.value, gas: d.gas, isSystemTx: d.isSystemTx, data: hexToBytes(d.data) });
      expect(encodeDeposit(d)).toBe(bytesToHex(vigil));
      expect(depositHash(d)).toBe(keccak256(vigil));
    }
    expect(userDepositSourceHash(INFO.hash, 7)).toBe(bytesToHex(depositSourceHash(INFO.hash, 7n)));
  });

  it('a TransactionDeposited log read as Vigil reads it: the same L2 hash; other versions, emitters and short data are none', () => {
    expect(TRANSACTION_DEPOSITED_TOPIC).toBe(TRANSACTION_DEPOSITED);
    const portal = opRoleKey('challenger').address; // any address standing for the portal
    const from = opRoleKey('admin').address;
    const to = opRoleKey('proposer').address;
    const opaque = (mint: bigint, value: bigint, gas: bigint, creation: boolean, data: string) =>
      `0x${mint.toString(16).padStart(64, '0')}${value.toString(16).padStart(64, '0')}${gas.toString(16).padStart(16, '0')}${creation ? '01' : '00'}${data.slice(2)}`;
    const log = (o: string, version = 0n, address: Hex = portal) => ({
      address,
      topics: [TRANSACTION_DEPOSITED_TOPIC, padHex(from, { size: 32 }), padHex(to, { size: 32 }), padHex(`0x${version.toString(16)}`, { size: 32 })] as Hex[],
      data: encodeAbiParameters([{ type: 'bytes' }], [o as Hex]),
      logIndex: 4,
    });
    const good = log(opaque(5n, 3n, 90_000n, false, '0xabcdef'));
    const [d] = depositsFromLogs([good], portal, INFO.hash);
    expect(d).toEqual({ sourceHash: userDepositSourceHash(INFO.hash, 4), from, to, mint: 5n, value: 3n, gas: 90_000n, isSystemTx: false, data: '0xabcdef' });
    expect(depositHash(d!)).toBe(depositL2TransactionHash(good, INFO.hash, 4n));
    const created = log(opaque(0n, 0n, 50_000n, true, '0x'));
    expect(depositsFromLogs([created], portal, INFO.hash)[0]).toMatchObject({ to: null, data: '0x' });
    expect(depositHash(depositsFromLogs([created], portal, INFO.hash)[0]!)).toBe(depositL2TransactionHash(created, INFO.hash, 4n));
    expect(depositsFromLogs([log(opaque(1n, 1n, 1n, false, '0x'), 1n), log(opaque(1n, 1n, 1n, false, '0x'), 0n, to), log('0x00')], portal, INFO.hash)).toEqual([]);
  });
});

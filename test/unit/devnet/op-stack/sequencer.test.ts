/**
 * The devnet OP chain's sequencer signature and relay (src/devnet/op-stack/sequencer.ts, relay.ts)
 * held to Vigil's own gossip checks (src/l2/op-stack/gossip, written apart): a sealed block the
 * sequencer signs passes validateBlock for the chain and the signer SystemConfig names, with its
 * output root; another key's signature, a relay's changed signature and a stale relay are seen for
 * what they are.
 */
import { Trie } from '@ethereumjs/trie';
import { keccak256, stringToBytes, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeDeposit, l1InfoDeposit } from '../../../../src/devnet/op-stack/deposits.ts';
import { PREDEPLOYS } from '../../../../src/devnet/op-stack/genesis-l2.ts';
import { DEVNET_OP_EIP1559, jovianExtraData, sealL2Header } from '../../../../src/devnet/op-stack/l2-header.ts';
import { type OpRelay, startOpRelay } from '../../../../src/devnet/op-stack/relay.ts';
import { opRoleKey } from '../../../../src/devnet/op-stack/roles.ts';
import { gossipMessage, type SealedL2Block, signL2Block } from '../../../../src/devnet/op-stack/sequencer.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { validateBlock } from '../../../../src/l2/op-stack/gossip/validate.ts';

const CHAIN_ID = 901n;
const sequencer = opRoleKey('sequencer');
const word = (label: string) => keccak256(stringToBytes(label));

/** A block of an L1-info deposit and one signed user transaction, sealed as the devnet seals it. */
async function sealedBlock(number: bigint): Promise<SealedL2Block> {
  const deposit = encodeDeposit(l1InfoDeposit('jovian', { number: 70n + number, timestamp: 1_760_000_000n, baseFee: 9n, blobBaseFee: 1n, hash: word(`l1 ${number}`), batcherHash: word('batcher'), baseFeeScalar: 1368, blobBaseFeeScalar: 810949, operatorFeeScalar: 0, operatorFeeConstant: 0n, daFootprintGasScalar: 0 }, number));
  const user = await privateKeyToAccount(opRoleKey('proposer').privateKey).signTransaction({ chainId: Number(CHAIN_ID), type: 'eip1559', nonce: Number(number), gas: 21_000n, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n, to: opRoleKey('batcher').address, value: 5n });
  const transactions = [deposit, user];
  // The transactions root of these two, computed apart by @ethereumjs/trie.
  const trie = new Trie();
  await trie.put(hexToBytes('0x80'), hexToBytes(deposit));
  await trie.put(hexToBytes('0x01'), hexToBytes(user));
  const header = {
    parentHash: word(`parent ${number}`),
    feeRecipient: PREDEPLOYS.SequencerFeeVault as Hex,
    stateRoot: word(`state ${number}`),
    transactionsRoot: bytesToHex(trie.root()) as Hex,
    receiptsRoot: word('receipts'),
    logsBloom: `0x${'00'.repeat(256)}` as Hex,
    prevRandao: word('randao'),
    number,
    gasLimit: 30_000_000n,
    gasUsed: 64_887n,
    timestamp: 1_760_000_100n + 2n * number,
    extraData: jovianExtraData(DEVNET_OP_EIP1559),
    baseFee: 1_000_000_000n,
    messagePasserStorageRoot: word('passer'),
    blobGasUsed: 40_000n,
    parentBeaconBlockRoot: word('beacon'),
  };
  return { header, hash: sealL2Header(header).hash, transactions };
}

const wire = (h: Hex) => hexToBytes(h);

describe('the devnet OP chain\'s sequencer signature, checked by Vigil', () => {
  it('a sealed block, signed by the sequencer, passes every rule of a v4 message for its chain and signer', async () => {
    const block = await sealedBlock(12n);
    const signed = await signL2Block(CHAIN_ID, sequencer.privateKey, block);
    expect(signed.data.startsWith(block.header.parentBeaconBlockRoot)).toBe(true);
    const checked = validateBlock(wire(gossipMessage(signed)), 4, { chainId: CHAIN_ID, signer: sequencer.address, now: block.header.timestamp, jovianTime: 0n });
    expect({ number: checked.number, hash: bytesToHex(checked.hash), signer: checked.signer }).toEqual({ number: 12n, hash: block.hash, signer: sequencer.address });
    expect(bytesToHex(checked.outputRoot!)).toBe(bytesToHex(outputRoot(hexToBytes(block.header.stateRoot), hexToBytes(block.header.messagePasserStorageRoot), hexToBytes(block.hash))));
  });

  it('signed by another key, or for another chain, it is not the sequencer\'s', async () => {
    const block = await sealedBlock(3n);
    const other = await signL2Block(CHAIN_ID, opRoleKey('admin').privateKey, block);
    expect(() => validateBlock(wire(gossipMessage(other)), 4, { chainId: CHAIN_ID, signer: sequencer.address })).toThrow(expect.objectContaining({ code: 'OP_GOSSIP_SIGNER_MISMATCH' }));
    const elsewhere = await signL2Block(10n, sequencer.privateKey, block);
    expect(() => validateBlock(wire(gossipMessage(elsewhere)), 4, { chainId: CHAIN_ID, signer: sequencer.address })).toThrow(expect.objectContaining({ code: 'OP_GOSSIP_SIGNER_MISMATCH' }));
  });
});

describe('the relay (Helios\'s format)', () => {
  let relay: OpRelay;
  beforeAll(async () => {
    relay = await startOpRelay({ chainId: CHAIN_ID });
  });
  afterAll(async () => relay?.stop());

  const get = async (path: string) => {
    const res = await fetch(`${relay.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  /** The gossip message of what /latest serves, as a client rebuilds it. */
  const latest = async () => {
    const { body } = await get('/latest');
    if (body === null) return null;
    const c = body as { data: Hex; signature: { r: Hex; s: Hex; yParity: Hex } };
    const pad = (q: Hex) => hexToBytes(`0x${q.slice(2).padStart(64, '0')}`);
    return concatBytes(pad(c.signature.r), pad(c.signature.s), Uint8Array.of(Number(BigInt(c.signature.yParity))), hexToBytes(c.data));
  };

  it('serves its chain id, nothing before the first block, then the newest signed block, which Vigil checks', async () => {
    expect(await get('/chain_id')).toEqual({ status: 200, body: 901 });
    expect(await latest()).toBeNull();
    const first = await signL2Block(CHAIN_ID, sequencer.privateKey, await sealedBlock(1n));
    relay.publish(first);
    expect(validateBlock((await latest())!, 4, { chainId: CHAIN_ID, signer: sequencer.address }).number).toBe(1n);
    const second = await signL2Block(CHAIN_ID, sequencer.privateKey, await sealedBlock(2n));
    relay.publish(second);
    expect(validateBlock((await latest())!, 4, { chainId: CHAIN_ID, signer: sequencer.address }).number).toBe(2n);
    expect((await get('/blocks')).status).toBe(404);
    expect((await fetch(`${relay.url}/latest`, { method: 'POST' })).status).toBe(405);
  });

  it('its faults: a changed signature names no sequencer; a stale relay keeps its block while newer ones come', async () => {
    relay.publish(await signL2Block(CHAIN_ID, sequencer.privateKey, await sealedBlock(5n)));
    relay.setFault('bad-signature');
    const bad = (await latest())!;
    expect(() => validateBlock(bad, 4, { chainId: CHAIN_ID, signer: sequencer.address })).toThrow(expect.objectContaining({ code: expect.stringMatching(/^OP_GOSSIP_SIGN/) }));
    relay.setFault('stale');
    relay.publish(await signL2Block(CHAIN_ID, sequencer.privateKey, await sealedBlock(6n)));
    expect(validateBlock((await latest())!, 4, { chainId: CHAIN_ID, signer: sequencer.address }).number).toBe(5n);
    relay.setFault('none');
    expect(validateBlock((await latest())!, 4, { chainId: CHAIN_ID, signer: sequencer.address }).number).toBe(6n);
  });
});

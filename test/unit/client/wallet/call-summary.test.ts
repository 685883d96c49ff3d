/** A transaction described where it is filled: the standard token calls decoded (ERC-20, ERC-721, ERC-1155), a one-line summary for the activity. */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { describeCall, MAX_BATCH_ITEMS, TOKEN_SELECTORS } from '../../../../src/client/wallet/call-summary.ts';
import { functionSelector } from '../../../../src/execution/abi.ts';

const TOKEN = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const WHO = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const word = (v: bigint) => v.toString(16).padStart(64, '0');
const call = (selector: string, amount: bigint) => hexToBytes(selector + '0'.repeat(24) + WHO.slice(2) + word(amount));

describe('describeCall', () => {
  it('decodes an ERC-20 transfer and an approval (unlimited marked), names the rest by selector', () => {
    expect(describeCall({ to: TOKEN, value: 0n, data: call('0xa9059cbb', 5n) })).toEqual({
      decoded: { kind: 'erc20-transfer', token: TOKEN, recipient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: '5' },
      summary: 'Token transfer',
    });
    expect(describeCall({ to: TOKEN, value: 0n, data: call('0x095ea7b3', (1n << 256n) - 1n) })).toMatchObject({ decoded: { kind: 'erc20-approve', unlimited: true }, summary: 'Token approval' });
    // A transfer's selector with the wrong length is no transfer.
    expect(describeCall({ to: TOKEN, value: 0n, data: call('0xa9059cbb', 5n).subarray(0, 67) })).toEqual({ decoded: { kind: 'call', selector: '0xa9059cbb', bytes: 67 }, summary: 'Contract call' });
  });

  it('says a plain send with its amount, and a creation', () => {
    expect(describeCall({ to: WHO, value: 10n ** 18n, data: new Uint8Array(0) })).toEqual({ decoded: null, summary: 'Send 1 ETH' });
    expect(describeCall({ to: null, value: 0n, data: hexToBytes('0x6000') }).summary).toBe('Contract creation');
  });
});

describe('the standard token calls', () => {
  const OWNER = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
  const addr = (a: string) => '0'.repeat(24) + a.slice(2);
  const data = (selector: string, ...words: string[]) => hexToBytes(selector + words.join(''));
  const decode = (d: Uint8Array) => describeCall({ to: TOKEN, value: 0n, data: d });

  it('each selector is keccak256 of its signature', () => {
    const signatures: Record<keyof typeof TOKEN_SELECTORS, string> = {
      transfer: 'transfer(address,uint256)',
      approve: 'approve(address,uint256)',
      transferFrom: 'transferFrom(address,address,uint256)',
      increaseAllowance: 'increaseAllowance(address,uint256)',
      decreaseAllowance: 'decreaseAllowance(address,uint256)',
      safeTransferFrom721: 'safeTransferFrom(address,address,uint256)',
      safeTransferFrom721Data: 'safeTransferFrom(address,address,uint256,bytes)',
      setApprovalForAll: 'setApprovalForAll(address,bool)',
      safeTransferFrom1155: 'safeTransferFrom(address,address,uint256,uint256,bytes)',
      safeBatchTransferFrom: 'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)',
    };
    for (const [key, signature] of Object.entries(signatures)) expect(TOKEN_SELECTORS[key as keyof typeof TOKEN_SELECTORS], signature).toBe(functionSelector(signature));
  });

  it('decodes transferFrom, the allowance changes and setApprovalForAll: owner, recipient, spender and operator checksummed', () => {
    expect(decode(data('0x23b872dd', addr(OWNER), addr(WHO), word(7n)))).toEqual({
      decoded: { kind: 'token-transfer-from', token: TOKEN, owner: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', recipient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: '7' },
      summary: 'Token transfer',
    });
    expect(decode(data('0x39509351', addr(WHO), word(5n))).decoded).toMatchObject({ kind: 'erc20-allowance', change: 'increase', spender: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: '5' });
    expect(decode(data('0xa457c2d7', addr(WHO), word(5n))).decoded).toMatchObject({ kind: 'erc20-allowance', change: 'decrease' });
    expect(decode(data('0xa22cb465', addr(WHO), word(1n)))).toEqual({ decoded: { kind: 'operator', token: TOKEN, operator: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', approved: true }, summary: 'Operator approval' });
    expect(decode(data('0xa22cb465', addr(WHO), word(0n))).decoded).toMatchObject({ kind: 'operator', approved: false });
  });

  it("decodes ERC-721's safeTransferFrom, with and without data, as a token id moved", () => {
    expect(decode(data('0x42842e0e', addr(OWNER), addr(WHO), word(42n)))).toMatchObject({ decoded: { kind: 'erc721-transfer', tokenId: '42' }, summary: 'NFT transfer' });
    // (from, to, id, bytes): the offset of the data, its length, its bytes.
    expect(decode(data('0xb88d4fde', addr(OWNER), addr(WHO), word(42n), word(128n), word(2n), 'abcd'.padEnd(64, '0'))).decoded).toMatchObject({ kind: 'erc721-transfer', tokenId: '42', owner: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' });
  });

  it("decodes ERC-1155's safeTransferFrom and safeBatchTransferFrom, each id with its amount", () => {
    expect(decode(data('0xf242432a', addr(OWNER), addr(WHO), word(7n), word(3n), word(160n), word(0n))).decoded).toMatchObject({ kind: 'erc1155-transfer', items: [{ id: '7', amount: '3' }] });
    // ids at 0xa0 (two of them), amounts at 0x100, data at 0x160 (empty).
    const batch = data('0x2eb2c2d6', addr(OWNER), addr(WHO), word(160n), word(256n), word(352n), word(2n), word(1n), word(2n), word(2n), word(10n), word(20n), word(0n));
    expect(decode(batch)).toEqual({
      decoded: { kind: 'erc1155-transfer', token: TOKEN, owner: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', recipient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', items: [{ id: '1', amount: '10' }, { id: '2', amount: '20' }] },
      summary: 'Token transfer',
    });
  });

  it('a call not in the standard layout is a plain call: an address with dirty upper bytes, a bool that is not 0 or 1, words cut short, a batch whose arrays differ or point outside', () => {
    const plain = (d: Uint8Array) => expect(decode(d).decoded, Buffer.from(d).toString('hex').slice(0, 16)).toMatchObject({ kind: 'call' });
    plain(data('0xa9059cbb', 'ff' + addr(WHO).slice(2), word(5n)));
    plain(data('0xa22cb465', addr(WHO), word(2n)));
    plain(data('0x23b872dd', addr(OWNER), addr(WHO)));
    plain(data('0x23b872dd', addr(OWNER), addr(WHO), word(7n), word(0n)));
    plain(data('0x2eb2c2d6', addr(OWNER), addr(WHO), word(160n), word(224n), word(288n), word(1n), word(1n), word(2n), word(10n), word(20n), word(0n)));
    plain(data('0x2eb2c2d6', addr(OWNER), addr(WHO), word(160n), word(1n << 200n), word(288n), word(1n), word(1n), word(1n), word(10n), word(0n)));
    plain(data('0x2eb2c2d6', addr(OWNER), addr(WHO), word(160n), word(192n), word(0n), word(BigInt(MAX_BATCH_ITEMS + 1)), word(0n)));
    // A creation is no token call whatever its first bytes.
    expect(describeCall({ to: null, value: 0n, data: data('0xa9059cbb', addr(WHO), word(5n)) })).toEqual({ decoded: { kind: 'call', selector: '0xa9059cbb', bytes: 68 }, summary: 'Contract creation' });
  });
});

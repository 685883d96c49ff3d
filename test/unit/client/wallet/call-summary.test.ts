/** A transaction described where it is filled: ERC-20 transfer and approve decoded, a one-line summary for the activity. */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { describeCall } from '../../../../src/client/wallet/call-summary.ts';

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

/**
 * EIP-7702's pure part (src/wallet/eip7702.ts): an account's proven code classified as no code, a
 * delegation or a contract, hostile shapes included; the pinned delegate's hash recomputed from
 * the committed copy of its published runtime bytecode (test/fixtures/wallet/README.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { classifyCode, knownDelegate } from '../../../src/wallet/eip7702.ts';
import { PINNED_DELEGATES, SIMPLE_7702_ACCOUNT } from '../../../src/wallet/eip7702-pin.ts';

const D = '0x' + '5f'.repeat(20);
const code = (hex: string) => hexToBytes(hex);

describe('classifyCode', () => {
  it('no code is an account without delegation', () => {
    expect(classifyCode(new Uint8Array())).toEqual({ kind: 'none' });
  });
  it('0xef0100 ‖ 20 bytes is a delegation to that address, lower-cased', () => {
    expect(classifyCode(code('0xef0100' + 'AB'.repeat(20)))).toEqual({ kind: 'delegated', delegate: '0x' + 'ab'.repeat(20) });
    expect(classifyCode(code('0xef0100' + D.slice(2)))).toEqual({ kind: 'delegated', delegate: D });
  });
  it('0xef0100 ‖ the zero address is still a delegation (to nothing), shown as such, not as no code', () => {
    expect(classifyCode(code('0xef0100' + '00'.repeat(20)))).toEqual({ kind: 'delegated', delegate: '0x' + '00'.repeat(20) });
  });
  it('22 or 24 bytes with the prefix are not a delegation', () => {
    expect(classifyCode(code('0xef0100' + '11'.repeat(19)))).toEqual({ kind: 'contract' });
    expect(classifyCode(code('0xef0100' + '11'.repeat(21)))).toEqual({ kind: 'contract' });
  });
  it('23 bytes with any other prefix are a contract', () => {
    for (const prefix of ['ef0000', 'ef0101', 'ee0100', 'ff0100', '600100']) {
      expect(classifyCode(code('0x' + prefix + '11'.repeat(20)))).toEqual({ kind: 'contract' });
    }
    expect(classifyCode(code('0xef01'))).toEqual({ kind: 'contract' });
  });
});

describe('the pinned delegate', () => {
  const bytecode = readFileSync(new URL('../../fixtures/wallet/simple7702account-0.8.0.hex', import.meta.url), 'utf8').trim();

  it('its hash is keccak256 of the published runtime bytecode', () => {
    const bytes = hexToBytes(bytecode);
    expect(bytes.length).toBe(3639);
    expect(bytesToHex(keccak256(bytes))).toBe(SIMPLE_7702_ACCOUNT.codeHash);
  });
  it('embeds the EntryPoint v0.8 address as a constant (no immutables to fill at deployment)', () => {
    expect(bytecode).toContain('4337084d9e255ff0702461cf8895ce9e3b5ff108');
  });
  it('a proven code hash equal to the pin is known, in any case; any other is unknown', () => {
    expect(knownDelegate(SIMPLE_7702_ACCOUNT.codeHash.toUpperCase().replace('0X', '0x'), PINNED_DELEGATES)?.name).toBe('Simple7702Account (eth-infinitism, v0.8.0)');
    expect(knownDelegate(bytesToHex(keccak256(code('0x6080'))), PINNED_DELEGATES)).toBeUndefined();
    const oneBitOff = SIMPLE_7702_ACCOUNT.codeHash.slice(0, -1) + '2';
    expect(knownDelegate(oneBitOff, PINNED_DELEGATES)).toBeUndefined();
  });
});

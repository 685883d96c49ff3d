import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { signPoseidon, verifyPoseidon } from '../../../src/crypto/babyjub.ts';
import { deriveL2Key } from '../../../src/wallet/l2-keys.ts';

const KEY0 = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', 32);
const KEY1 = hexToBytes('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', 32);

beforeAll(cryptoReady);

describe('deriveL2Key', () => {
  it('is deterministic, differs per rollup and per account, and signs as its public key says', () => {
    const a = deriveL2Key(KEY0, 1001n);
    expect(bytesToHex(deriveL2Key(KEY0, 1001n).secret)).toBe(bytesToHex(a.secret));
    expect(bytesToHex(deriveL2Key(KEY0, 1002n).secret)).not.toBe(bytesToHex(a.secret));
    expect(bytesToHex(deriveL2Key(KEY1, 1001n).secret)).not.toBe(bytesToHex(a.secret));
    const sig = signPoseidon(a.secret, 12345n);
    expect(verifyPoseidon(12345n, sig, a.publicKey)).toBe(true);
    expect(verifyPoseidon(12345n, sig, deriveL2Key(KEY1, 1001n).publicKey)).toBe(false);
  });
});

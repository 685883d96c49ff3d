/**
 * One-shot: unlocking the vault with today's default parameters (src/wallet/vault.ts
 * DEFAULT_SCRYPT), i.e. scryptAsync (@noble/hashes) + AES-256-GCM decrypt (WebCrypto, crypto.subtle) of a
 * keyring, against the same KDF and cipher in node:crypto (OpenSSL) in the same run as the anchor.
 * The target is a deliberate cost: an unlock of 0.5–1.5 s. Median of 5 each.
 * Usage: node --import tsx bench/wallet-unlock.ts   (prints markdown)
 * @module
 */
import { createDecipheriv, scrypt as nodeScrypt } from 'node:crypto';
import { cpus } from 'node:os';
import { hexToBytes } from '../src/core/bytes.ts';
import { createKeyring, encodeKeyring, listAccounts } from '../src/wallet/keyring.ts';
import { addHdAccount } from '../src/wallet/keyring-changes.ts';
import { DEFAULT_SCRYPT, decryptVault, encryptVault } from '../src/wallet/vault.ts';

const RUNS = 5;
const PASSWORD = 'correct horse battery staple';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

let keyring = createKeyring({ mnemonic: 'test test test test test test test test test test test junk' });
for (let i = 0; i < 4; i++) keyring = addHdAccount(keyring).keyring;
const plaintext = encodeKeyring(keyring);
const record = await encryptVault(plaintext, PASSWORD, {
  salt: crypto.getRandomValues(new Uint8Array(32)),
  nonce: crypto.getRandomValues(new Uint8Array(12)),
  addresses: listAccounts(keyring).map((a) => a.address),
});
const { N, r, p } = record.kdf;

const vigil = await timed(() => decryptVault(record, PASSWORD));

const nodeUnlock = () =>
  new Promise<Uint8Array>((resolve, reject) => {
    nodeScrypt(PASSWORD.normalize('NFKC'), hexToBytes(record.kdf.salt), 32, { N, r, p, maxmem: 256 * 2 ** 20 + 128 * r * (p + 1) }, (err, key) => {
      if (err) return reject(err);
      const ct = hexToBytes(record.ciphertext);
      const aad = new TextEncoder().encode(
        JSON.stringify(['vigil-vault', 1, 'aes-256-gcm', 'scrypt', N, r, p, 32, record.kdf.salt, record.addresses ?? null]),
      );
      const d = createDecipheriv('aes-256-gcm', key, hexToBytes(record.nonce)).setAAD(aad).setAuthTag(ct.subarray(ct.length - 16));
      const out = new Uint8Array(Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]));
      if (out.length !== plaintext.length) return reject(new Error('node:crypto did not decrypt the record'));
      resolve(out);
    });
  });
const anchor = await timed(nodeUnlock);

const cpu = cpus();
const row = (name: string, xs: number[]) =>
  `| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} | ${(median(anchor) / median(xs)).toFixed(2)} |`;
console.log(
  [
    `### Vault unlock with the default parameters (scrypt N=2^${Math.log2(N)}, r=${r}, p=${p}, dkLen 32 + AES-256-GCM, ${plaintext.length}-byte keyring; median of ${RUNS}; target 500–1500 ms)`,
    '',
    '| unlock | median, ms | range, ms | speed vs anchor |',
    '|---|---:|---:|---:|',
    row('vigil decryptVault (@noble/hashes scryptAsync + WebCrypto AES-GCM)', vigil),
    row('anchor: node:crypto scrypt + aes-256-gcm (OpenSSL)', anchor),
    '',
    `- defaults: ${JSON.stringify(DEFAULT_SCRYPT)}; machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}; node ${process.version}; ${new Date().toISOString()}`,
  ].join('\n'),
);

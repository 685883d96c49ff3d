/**
 * `vigil l2-head` through the CLI's own entry (src/cli/main.ts, as bin/vigil.mjs runs it once
 * built): what it prints, and its exit codes for a verified block, a failed rule, unreadable input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snappy from 'snappyjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { secp256k1PublicKey } from '../../../../src/crypto/secp256k1.ts';
import { main } from '../../../../src/cli/main.ts';
import type { ExecutionPayload, GossipVersion } from '../../../../src/l2/op-stack/gossip/payload.ts';
import { sealPayload, signGossipBlock } from '../../../../src/l2/op-stack/gossip/sign.ts';

const KEY = hexToBytes('0x' + '4c'.repeat(32));
const SIGNER = bytesToHex(keccak256(secp256k1PublicKey(KEY).subarray(1)).subarray(12));
const PBBR = hexToBytes('0x' + 'be'.repeat(32));
const TIME = 1_800_000_000n;
/** A time of each version's forks on OP Mainnet: Regolith, Canyon, Holocene, Karst. */
const TIME_OF: Record<GossipVersion, bigint> = { 1: 1_700_000_000n, 2: 1_706_000_000n, 3: 1_740_000_000n, 4: TIME };
const ISTHMUS_TIME = 1_750_000_000n;
const JOVIAN_TIME = 1_770_000_000n;

function wire(version: GossipVersion, over: Partial<ExecutionPayload> = {}, chainId = 10n): Uint8Array {
  const p: ExecutionPayload = {
    parentHash: hexToBytes('0x' + '11'.repeat(32)),
    feeRecipient: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: hexToBytes('0x' + '22'.repeat(32)),
    receiptsRoot: hexToBytes('0x' + '33'.repeat(32)),
    logsBloom: new Uint8Array(256),
    prevRandao: hexToBytes('0x' + '44'.repeat(32)),
    blockNumber: 7_000_000n,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: TIME_OF[version],
    extraData: new Uint8Array(),
    baseFeePerGas: 7n,
    blockHash: new Uint8Array(32),
    transactions: [hexToBytes('0x7ef8')],
    ...(version >= 2 ? { withdrawals: [] } : {}),
    ...(version >= 3 ? { blobGasUsed: 0n, excessBlobGas: 0n } : {}),
    ...(version >= 4 ? { withdrawalsRoot: hexToBytes('0x' + '55'.repeat(32)) } : {}),
    ...over,
  };
  const pbbr = version >= 3 ? PBBR : undefined;
  return signGossipBlock(sealPayload(p, version, pbbr), version, chainId, KEY, pbbr);
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-l2-head-'));
let n = 0;
const file = (text: string) => {
  const path = join(dir, `m${n++}.hex`);
  writeFileSync(path, text);
  return path;
};

async function vigil(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('vigil l2-head', () => {
  it('prints the block a v4 message carries (version told from its layout) with its output root, exit 0', async () => {
    const hex = bytesToHex(snappy.compress(wire(4)));
    const r = await vigil('l2-head', '--payload', file(`${hex.slice(0, 40)}\n  ${hex.slice(40)}\n`), '--chain-id', '10', '--signer', SIGNER.toUpperCase().replace('0X', '0x'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['number', 'hash', 'parentHash', 'timestamp', 'stateRoot', 'version', 'signer', 'outputRoot']);
    expect(out).toMatchObject({ number: '7000000', timestamp: '1800000000', parentHash: '0x' + '11'.repeat(32), stateRoot: '0x' + '22'.repeat(32), version: 4, signer: SIGNER });
    expect(out.outputRoot).toBe(bytesToHex(keccak256(concatBytes(new Uint8Array(32), hexToBytes('0x' + '22'.repeat(32)), hexToBytes('0x' + '55'.repeat(32)), hexToBytes(out.hash)))));
  });

  it('v1–v3 print no output root; --version and --now as given', async () => {
    for (const version of [1, 2, 3] as const) {
      const r = await vigil('l2-head', '--payload', file(bytesToHex(wire(version)).slice(2)), '--chain-id', '0xa', '--signer', SIGNER, '--version', String(version), '--now', String(TIME_OF[version] + 60n));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).not.toHaveProperty('outputRoot');
      expect(JSON.parse(r.stdout).version).toBe(version);
    }
  });

  it('exit 1 with the rule\'s code: another signer, the time window, a block hash that is not its header\'s', async () => {
    const path = file(bytesToHex(wire(3)));
    const other = await vigil('l2-head', '--payload', path, '--chain-id', '10', '--signer', '0x' + '12'.repeat(20));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^OP_GOSSIP_SIGNER_MISMATCH: /);
    expect(other.stdout).toBe('');
    expect((await vigil('l2-head', '--payload', path, '--chain-id', '11', '--signer', SIGNER)).stderr).toMatch(/^OP_GOSSIP_SIGNER_MISMATCH/);
    expect((await vigil('l2-head', '--payload', path, '--chain-id', '10', '--signer', SIGNER, '--now', String(TIME_OF[3] + 61n))).stderr).toMatch(/^OP_GOSSIP_TIMESTAMP_TOO_OLD/);
    expect((await vigil('l2-head', '--payload', path, '--chain-id', '10', '--signer', SIGNER, '--now', String(TIME_OF[3] - 6n))).stderr).toMatch(/^OP_GOSSIP_TIMESTAMP_TOO_NEW/);
    const m = wire(2);
    m[m.length - 1]! ^= 1; // the transaction's last byte: still SSZ, another transactions root
    const bad = await vigil('l2-head', '--payload', file(bytesToHex(m)), '--chain-id', '10', '--signer', SIGNER, '--version', '2');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^OP_GOSSIP_BLOCK_HASH_MISMATCH/);
  });

  it('on a chain whose forks Vigil ships: the version is its block\'s fork\'s, and the DA footprint is judged', async () => {
    // A v3 message whose time is Isthmus's on OP Mainnet: its fork travels as v4.
    const late = file(bytesToHex(wire(3, { timestamp: ISTHMUS_TIME })));
    const refused = await vigil('l2-head', '--payload', late, '--chain-id', '10', '--signer', SIGNER);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/in isthmus, whose blocks travel as v4/);
    expect((await vigil('l2-head', '--payload', late, '--chain-id', '10', '--signer', SIGNER, '--version', '3')).code).toBe(2);
    // On a chain whose forks are not known, the version given stands.
    const elsewhere = file(bytesToHex(wire(3, { timestamp: ISTHMUS_TIME }, 999n)));
    expect((await vigil('l2-head', '--payload', elsewhere, '--chain-id', '999', '--signer', SIGNER, '--version', '3')).code).toBe(0);

    // blobGasUsed is Jovian's DA footprint: zero before Jovian, where the chain's times say so.
    const footprint = (timestamp: bigint, chainId = 10n) => file(bytesToHex(wire(4, { timestamp, blobGasUsed: 40_000n }, chainId)));
    const early = await vigil('l2-head', '--payload', footprint(ISTHMUS_TIME), '--chain-id', '10', '--signer', SIGNER);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^OP_GOSSIP_BLOB_GAS_NOT_ZERO/);
    expect((await vigil('l2-head', '--payload', footprint(JOVIAN_TIME), '--chain-id', '10', '--signer', SIGNER)).code).toBe(0);
    expect((await vigil('l2-head', '--payload', footprint(ISTHMUS_TIME, 999n), '--chain-id', '999', '--signer', SIGNER)).code).toBe(0);
  });

  it('exit 1 OP_UNSUPPORTED_FORK for a Base block from its own upgrades on', async () => {
    const r = await vigil('l2-head', '--payload', file(bytesToHex(wire(4, {}, 8453n))), '--chain-id', '8453', '--signer', SIGNER);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^OP_UNSUPPORTED_FORK: .*azul/);
  });

  it('exit 2 for what it cannot read: no hex, a message of no version or not of --version, missing or bad flags', async () => {
    const ok = file(bytesToHex(wire(4)));
    const cases: string[][] = [
      ['--payload', file('0xnothex'), '--chain-id', '10', '--signer', SIGNER],
      ['--payload', file(''), '--chain-id', '10', '--signer', SIGNER],
      ['--payload', join(dir, 'missing.hex'), '--chain-id', '10', '--signer', SIGNER],
      ['--payload', file(bytesToHex(new Uint8Array(600))), '--chain-id', '10', '--signer', SIGNER],
      ['--payload', ok, '--chain-id', '10', '--signer', SIGNER, '--version', '3'],
      ['--payload', ok, '--chain-id', '10', '--signer', SIGNER, '--version', '5'],
      ['--payload', ok, '--chain-id', 'ten', '--signer', SIGNER],
      ['--payload', ok, '--chain-id', '0', '--signer', SIGNER],
      ['--payload', ok, '--chain-id', '10', '--signer', '0x1234'],
      ['--payload', ok, '--chain-id', '10', '--signer', SIGNER, '--now', '-1'],
      ['--payload', ok, '--chain-id', '10'],
      ['--payload', ok, '--chain-id', '10', '--signer', SIGNER, '--jovian', '1'],
    ];
    for (const args of cases) {
      const r = await vigil('l2-head', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('--help prints its usage', async () => {
    const r = await vigil('l2-head', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vigil l2-head --payload <file> --chain-id <n> --signer <address> \[--version 1-4\] \[--now <unix seconds>\]\n/);
  });
});

/**
 * The signing policy's view of a head (src/wallet/signing-head.ts PolicyHead), made from the
 * head's one JSON form by the CLI and the extension alike.
 */
import { describe, expect, it } from 'vitest';
import type { HeadJson } from '../../../src/l1/heads.ts';
import { policyHead, signsFor } from '../../../src/wallet/policy.ts';
import { checkSigningHead } from '../../../src/wallet/signing-head.ts';

const JSON_HEAD: HeadJson = { slot: 96, beaconRoot: '0x' + 'aa'.repeat(32), blockNumber: 1000, blockHash: '0x' + 'bb'.repeat(32), stateRoot: '0x' + 'cc'.repeat(32), timestamp: 1_760_000_000 };

describe('policyHead', () => {
  it('reads the block number and time as bigints and keeps the hash', () => {
    expect(policyHead(JSON_HEAD, { participants: 400, committeeSize: 512 })).toEqual({
      blockNumber: 1000n,
      blockHash: '0x' + 'bb'.repeat(32),
      timestamp: 1_760_000_000n,
      signedBy: { participants: 400, committeeSize: 512 },
    });
  });

  it('counts the trusted checkpoint, which no aggregate signed, as not known: never signed against', () => {
    const head = policyHead(JSON_HEAD, 'checkpoint');
    expect(head.signedBy).toBeNull();
    expect(signsFor(head.signedBy)).toBe(false);
    const codes: string[] = [];
    checkSigningHead({ now: 1_760_000_010, network: { name: 'test', maxHeadAgeSeconds: 120 }, head }, (code) => void codes.push(code));
    expect(codes).toEqual(['HEAD_THINLY_SIGNED']);
  });

  it("keeps a head the user vouched for (the CLI's --header) as theirs", () => {
    expect(signsFor(policyHead(JSON_HEAD, 'user').signedBy)).toBe(true);
  });
});

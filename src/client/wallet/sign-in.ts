/**
 * The Sign-In with Ethereum check (src/wallet/siwe.ts) as a verdict that crosses the link: in the
 * extension the app host runs it (the parser stays out of the service worker's bundle), in Node
 * it runs in place. The wallet's personal_sign asks it for every message that claims to be a
 * sign-in and refuses, before any window, what it refuses.
 * @module
 */
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import type { SignInClaim } from '../../wallet/sign-in-claim.ts';
import { checkSignInClaim } from '../../wallet/siwe.ts';

/** The window's view of the sign-in, or the refusal (JSON either way). */
export type SignInVerdict = { ok: true; siwe: Record<string, unknown> } | { ok: false; code: WalletErrorCode; message: string };

/** Checks a sign-in claim for the origin and the account asking; `now` (ms) marks an expired or not yet valid one. */
export function checkSignIn(claim: SignInClaim, origin: string, address: string, now: number): SignInVerdict {
  try {
    const m = checkSignInClaim(claim, origin, address);
    return {
      ok: true,
      siwe: {
        ...(m.scheme !== undefined ? { scheme: m.scheme } : {}),
        domain: m.domain,
        address: m.address,
        ...(m.statement !== undefined ? { statement: m.statement } : {}),
        uri: m.uri,
        version: m.version,
        chainId: m.chainId.toString(),
        nonce: m.nonce,
        issuedAt: m.issuedAt,
        ...(m.expirationTime !== undefined ? { expirationTime: m.expirationTime, expired: m.expirationTimeMs! <= now } : {}),
        ...(m.notBefore !== undefined ? { notBefore: m.notBefore, notYetValid: m.notBeforeMs! > now } : {}),
        ...(m.requestId !== undefined ? { requestId: m.requestId } : {}),
        resources: m.resources,
      },
    };
  } catch (err) {
    if (err instanceof WalletError) return { ok: false, code: err.code, message: err.shortMessage };
    throw err;
  }
}

export type { SignInClaim };

/**
 * Whether a personal message claims to be a Sign-In with Ethereum message (ERC-4361): the ERC's
 * phrase anywhere in it. Apart from the parser (./siwe.ts) so that the service worker, which only
 * asks this, does not carry the parser (the app host checks the claim).
 * @module
 */
import type { PersonalMessage } from './personal-message.ts';

/** The phrase that makes a message claim to be a sign-in (the ERC's own test for "looks like SIWE"). */
export const SIWE_PHRASE = 'wants you to sign in with your Ethereum account';

/** A personal message that claims to be a sign-in: its text (decoded leniently when it is not text). */
export interface SignInClaim {
  text: string;
  /** The message is readable text (its preview is); a claim in bytes that are not is refused. */
  isText: boolean;
}

/**
 * The claim a personal message makes to be a sign-in (the phrase anywhere, in text or in bytes
 * that are not text), or undefined when it makes none. Such a message must parse as one.
 */
export function signInClaim(message: Pick<PersonalMessage, 'bytes' | 'preview'>): SignInClaim | undefined {
  const text = message.preview.kind === 'text' ? message.preview.text : new TextDecoder().decode(message.bytes);
  return text.includes(SIWE_PHRASE) ? { text, isText: message.preview.kind === 'text' } : undefined;
}

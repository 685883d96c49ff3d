/**
 * The KZG backend operations run on now: @noble/curves (./noble-backend.ts), the reference.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import { nobleKzg } from './noble-backend.ts';

/** The backend new operations run on. */
export const activeKzg = (): AnyKzgBackend => nobleKzg as AnyKzgBackend;

/** Resolves once the backend is settled. Never rejects. */
export function kzgReady(): Promise<void> {
  return Promise.resolve();
}

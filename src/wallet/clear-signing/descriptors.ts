/**
 * ERC-7730 descriptors the public registry (at the commit micro-eth-signer 0.20.1 ships) lacks,
 * written here from each protocol's published ABI and deployment addresses (facts), each with its
 * source in `metadata.info.url`. File names start with `vigil/`.
 * @module
 */
import type { ClearSigDef } from 'micro-eth-signer/clearsig.js';

export const VIGIL_DESCRIPTORS: Record<string, ClearSigDef> = {};

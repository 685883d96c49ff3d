/**
 * The `vigil-zk-v1` rollup (circuits/SPEC.md): the pure model the client, the devnet's sequencer
 * and the circuit's witness builder (src/devnet/rollup/witness.ts) share. Import the files you
 * use; this index is for callers that want all of it.
 * @module
 */
export * from './tree.ts';
export * from './state.ts';
export * from './transactions.ts';
export * from './calldata.ts';
export * from './blob.ts';
export * from './inputs.ts';
export * from './rebuild.ts';
export * from './config.ts';

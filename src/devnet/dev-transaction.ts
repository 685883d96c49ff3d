/**
 * A transaction from one of the node's dev accounts, which the node signs (eth_sendTransaction),
 * as the devnet's deployers send it: written once for the demo contracts and the rollup.
 * @module
 */

/** Each names its gas: nothing is estimated against a state still being built. */
export type DevTx = { from: string; to?: string; data?: string; value?: bigint; gas: bigint; nonce?: bigint };

/** As eth_sendTransaction takes it: quantities in 0x-hex, absent fields left out. */
export function rpcTx(tx: DevTx): Record<string, string> {
  return {
    from: tx.from,
    ...(tx.to !== undefined ? { to: tx.to } : {}),
    ...(tx.data !== undefined ? { data: tx.data } : {}),
    ...(tx.value !== undefined ? { value: `0x${tx.value.toString(16)}` } : {}),
    ...(tx.nonce !== undefined ? { nonce: `0x${tx.nonce.toString(16)}` } : {}),
    gas: `0x${tx.gas.toString(16)}`,
  };
}

/**
 * A token page written against plain viem, unmodified: it finds the wallet through EIP-6963
 * (window.ethereum when nothing is announced), reads through `custom(provider)` and shows what
 * it read. The e2e test drives it through `window.tokenDapp` and reads the results from the page.
 */
import { createPublicClient, custom, type EIP1193Provider } from 'viem';
import { readBalance, readReceipt, readTransfers, type Step, type TokenReadParams, tokenReads } from './token-reads.ts';

interface Announced {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: EIP1193Provider;
}

const announced: Announced[] = [];
window.addEventListener('eip6963:announceProvider', (e: Event) => void announced.push((e as CustomEvent<Announced>).detail));
window.dispatchEvent(new Event('eip6963:requestProvider'));

function client() {
  const provider = announced[0]?.provider ?? (window as unknown as { ethereum?: EIP1193Provider }).ethereum;
  if (!provider) throw new Error('no wallet found (EIP-6963 or window.ethereum)');
  return createPublicClient({ transport: custom(provider) });
}

/** Shows one result on the page: a row per step, the value or the error as JSON. */
function show(name: string, step: Step): void {
  const id = `result-${name}`;
  let row = document.getElementById(id);
  if (!row) {
    row = document.createElement('tr');
    row.id = id;
    row.innerHTML = '<th></th><td></td>';
    document.getElementById('results')!.append(row);
  }
  row.dataset.ok = String(step.ok);
  row.querySelector('th')!.textContent = name;
  row.querySelector('td')!.textContent = JSON.stringify(step.ok ? step.value : step.error);
}

type Hex = `0x${string}`;

(window as unknown as { tokenDapp: unknown }).tokenDapp = {
  wallet: () => announced.map((a) => a.info.rdns),
  async read(params: TokenReadParams) {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const reads = await tokenReads(client(), params, undefined, timings);
    for (const [name, step] of Object.entries(reads)) show(name, step);
    return { reads, timings, ms: Math.round(performance.now() - started) };
  },
  async balance(token: Hex, holder: Hex) {
    const step = await readBalance(client(), token, holder);
    show('balance', step);
    return step;
  },
  async transfers(token: Hex, fromBlock: number, toBlock: number) {
    const step = await readTransfers(client(), token, BigInt(fromBlock), BigInt(toBlock));
    show('transfers', step);
    return step;
  },
  async receipt(hash: Hex) {
    const step = await readReceipt(client(), hash);
    show('receipt', step);
    return step;
  },
};
document.title = 'token dApp ready';

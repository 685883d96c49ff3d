/**
 * Slots shared by the e2e files that run side by side in separate processes: the well-known
 * discovery port (one holder), and the browsers (one per processor). A slot is a lock directory in
 * the temp dir naming its holder's process; one left by a process that died is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/** How often a waiting process looks again. */
const LOOK_EVERY_MS = 250;

/**
 * Takes one of `count` slots named `name`, waiting up to `timeoutMs` for one to be free; resolves
 * with its release. `count` must be the same for every process asking for `name`.
 */
export async function holdSlot(name: string, count: number, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let i = 0; i < count; i++) {
      const lock = join(tmpdir(), count === 1 ? `vigil-e2e-${name}.lock` : `vigil-e2e-${name}-${i}.lock`);
      const release = take(lock);
      if (release) return release;
    }
    if (Date.now() > deadline) throw new Error(`no ${name} slot of ${count} free within ${timeoutMs / 1000} s (held by ${holders(name, count).join(', ')})`);
    await new Promise((r) => setTimeout(r, LOOK_EVERY_MS));
  }
}

/** The lock taken (its release), or undefined while a live process holds it; a dead holder's is taken over. */
function take(lock: string): (() => void) | undefined {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return () => rmSync(lock, { recursive: true, force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readOr(join(lock, 'pid'), ''));
  const made = statSync(lock, { throwIfNoEntry: false });
  if (made === undefined) return take(lock); // released meanwhile
  // No pid yet: its holder is between mkdir and write (or died there: give it a minute).
  const stale = holder > 0 ? !isAlive(holder) : Date.now() - made.mtimeMs > 60_000;
  if (!stale) return undefined;
  rmSync(lock, { recursive: true, force: true });
  return take(lock);
}

function holders(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => readOr(join(tmpdir(), count === 1 ? `vigil-e2e-${name}.lock` : `vigil-e2e-${name}-${i}.lock`, 'pid'), '?'));
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Browser files at once: one per processor (VIGIL_TEST_BROWSERS sets it). A loaded clean clone on 2
 * processors ran 0 to 4 browsers at once beside the devnets and the unit lane (load 9 to 18); each
 * is a browser process, its GPU and renderer processes, the extension's service worker, offscreen
 * document and workers, beside its own devnet.
 */
export function browserSlots(): number {
  const value = process.env.VIGIL_TEST_BROWSERS;
  if (value === undefined) return Math.max(2, availableParallelism());
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`VIGIL_TEST_BROWSERS expected a positive integer, got ${value}`);
  return Number(value);
}

/** This process's browser slot: taken by its first open browser, given back when its last one closes. */
let held: { release: Promise<() => void>; browsers: number } | undefined;

/** Takes this process's browser slot (at once when one of its browsers holds it already). */
export async function takeBrowserSlot(timeoutMs = 1_800_000): Promise<void> {
  if (held !== undefined) {
    held.browsers++;
    await held.release;
    return;
  }
  const mine = { release: holdSlot('browser', browserSlots(), timeoutMs), browsers: 1 };
  held = mine;
  await mine.release.catch((err: unknown) => {
    if (held === mine) held = undefined;
    throw err;
  });
}

/** Gives one browser's share of the slot back; the last one closed frees it. */
export function giveBrowserSlot(): void {
  if (held === undefined || --held.browsers > 0) return;
  const { release } = held;
  held = undefined;
  void release.then((r) => r(), () => {});
}

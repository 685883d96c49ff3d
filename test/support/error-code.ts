/**
 * What a call threw, as `Class:code` ('no error' when it returned): for tests that pin both the
 * error's class (InputError, VerificationError, …) and its code in one comparison.
 */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as Error).constructor.name}:${(err as { code?: unknown }).code}`;
  }
  return 'no error';
}

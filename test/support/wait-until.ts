/**
 * Waits for a condition, polling; fails with what was awaited. Tests wait on conditions, never on bare sleeps.
 *
 * An error thrown by the check fails the wait at once: a bug, a failed assertion or a refusal is never mistaken for
 * "not yet". Only errors `retryOn` accepts (a server being restarted, say) are waited through, and a timeout names
 * the last of them.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  everyMs = 100,
  retryOn: (err: unknown) => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (err) {
      if (!retryOn(err)) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? `; last error: ${lastError.name}: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

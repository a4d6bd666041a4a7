/**
 * Waits for something the gateway does after its answer (a log line written, a row flushed): `check` is retried
 * every 20 ms until it stops throwing, then its last error is thrown after `timeoutMs`. What it asserts is unchanged;
 * only when it is read adapts to a loaded machine.
 */
export async function eventually<T>(check: () => T, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

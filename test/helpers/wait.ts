/**
 * Polls `check` until it returns something other than false/undefined/null, and returns that; fails
 * after `within` ms naming `what`. For signals that nothing pushes (a status, a row, a process gone).
 */
export async function waitFor<T>(what: string, check: () => Promise<T | false | undefined | null> | T | false | undefined | null, { within = 20_000, every = 50 } = {}): Promise<T> {
  const deadline = Date.now() + within;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`waited ${within} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

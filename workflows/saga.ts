/**
 * Compensations pushed as each state-changing step succeeds and run in reverse when a later step fails for good.
 */
export class Saga {
  private readonly compensations: { name: string; run: () => Promise<unknown> }[] = [];

  add(name: string, run: () => Promise<unknown>): void {
    this.compensations.push({ name, run });
  }

  /** Runs every compensation, newest first; returns the names of those that failed. */
  async compensate(): Promise<string[]> {
    const failed: string[] = [];
    for (const c of [...this.compensations].reverse()) {
      try {
        await c.run();
      } catch {
        failed.push(c.name);
      }
    }
    this.compensations.length = 0;
    return failed;
  }
}

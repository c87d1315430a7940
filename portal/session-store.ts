/**
 * The portal's sessions, in this process's memory: @fastify/session's own memory store never forgets a session
 * nobody comes back for, and every sign-in started leaves one. This one drops a session when its cookie expires,
 * sweeps the expired ones as new ones are saved, and holds at most `capacity` (the oldest go first). One process, so
 * memory is enough; a restart signs everyone out, which the README says.
 */
import type { Session } from 'fastify';

interface Kept {
  session: Session;
  expires: number;
}

type Done = (err?: Error | null) => void;

export class ExpiringSessionStore {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  set(sessionId: string, session: Session, callback: Done): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : this.now() + this.maxAgeMs;
    this.kept.delete(sessionId);
    this.kept.set(sessionId, { session, expires });
    this.sweep();
    callback();
  }

  get(sessionId: string, callback: (err: Error | null, session?: Session | null) => void): void {
    const kept = this.kept.get(sessionId);
    if (kept && kept.expires <= this.now()) this.kept.delete(sessionId);
    callback(null, kept && kept.expires > this.now() ? kept.session : null);
  }

  destroy(sessionId: string, callback: Done): void {
    this.kept.delete(sessionId);
    callback();
  }

  /** How many sessions are held (for the test). */
  get size(): number {
    return this.kept.size;
  }

  /**
   * From the oldest saved (a Map keeps insertion order, and a save re-inserts), which expire first: drops them while
   * expired or over capacity, and stops at the first that is neither. Each save costs what it sweeps.
   */
  private sweep(): void {
    const now = this.now();
    for (const [id, k] of this.kept) {
      if (k.expires > now && this.kept.size <= this.capacity) break;
      this.kept.delete(id);
    }
  }
}

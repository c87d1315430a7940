/** The benchmark's count of the MongoDB commands a client sends, by command, collection and filter fields. */
import type { MongoClient } from 'mongodb';

export interface CommandStats {
  count: number;
  ms: number;
  maxMs: number;
}

/** `find people {identifiers.gmcNumber}`: command, collection and the filter's field names, to show scans. */
export function commandKey(name: string, command: Record<string, unknown>): string {
  const collection = typeof command[name] === 'string' ? command[name] : String(command.collection ?? '');
  const fields = (filter: unknown) =>
    filter && typeof filter === 'object' ? `{${Object.keys(filter).join(',')}}` : '';
  let filter = '';
  if (name === 'find' || name === 'count' || name === 'findAndModify') filter = fields(command.filter ?? command.query);
  else if (name === 'update') filter = fields((command.updates as { q?: unknown }[] | undefined)?.[0]?.q);
  else if (name === 'delete') filter = fields((command.deletes as { q?: unknown }[] | undefined)?.[0]?.q);
  return [name, collection, filter].filter(Boolean).join(' ');
}

/** Counts the client's commands while `on` is set (the client must be opened with monitorCommands). */
export function commandCounter(client: MongoClient) {
  const byKey = new Map<string, CommandStats>();
  const pending = new Map<number, string>();
  const counter = { on: false, byKey, inFlight: () => pending.size };
  client.on('commandStarted', (e) => {
    if (counter.on) pending.set(e.requestId, commandKey(e.commandName, e.command as Record<string, unknown>));
  });
  const finish = (e: { requestId: number; duration: number }) => {
    const key = pending.get(e.requestId);
    if (key === undefined) return;
    pending.delete(e.requestId);
    const entry = byKey.get(key) ?? { count: 0, ms: 0, maxMs: 0 };
    entry.count += 1;
    entry.ms += e.duration;
    entry.maxMs = Math.max(entry.maxMs, e.duration);
    byKey.set(key, entry);
  };
  client.on('commandSucceeded', finish);
  client.on('commandFailed', finish);
  return counter;
}

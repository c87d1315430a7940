import fs from 'node:fs';
import { startFerretDb } from './ferretdb-server';
import { startTemporalDevServer } from './temporal-dev-server';

export interface StackOptions {
  dataDir: string;
  temporalPort: number;
  uiPort?: number;
  mongoPort: number;
  /** External servers win over embedded ones, as everywhere in this project. */
  temporalAddress?: string;
  mongodbUri?: string;
}

export interface Stack {
  temporalAddress: string;
  mongodbUri: string;
  uiUrl?: string;
  /** What this stack started itself (external servers are not ours to stop). */
  started: string[];
  stop(): Promise<void>;
}

/** Starts whichever of the embedded servers the environment does not already provide. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((s) => s()));
  };
  try {
    let temporalAddress = opts.temporalAddress;
    let uiUrl: string | undefined;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({
        port: opts.temporalPort,
        uiPort: opts.uiPort,
        dataDir: opts.dataDir,
      });
      stops.push(() => temporal.process.stop());
      started.push('temporal');
      temporalAddress = temporal.address;
      uiUrl = temporal.uiUrl;
    }
    let mongodbUri = opts.mongodbUri;
    if (!mongodbUri) {
      const ferret = await startFerretDb({ port: opts.mongoPort, dataDir: opts.dataDir });
      stops.push(() => ferret.process.stop());
      started.push('ferretdb');
      mongodbUri = ferret.uri;
    }
    return { temporalAddress, mongodbUri, uiUrl, started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

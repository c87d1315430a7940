/**
 * The codec server as a process of its own (`cli/codec.ts`), as `npm start` and the test harness run it: a request
 * that somehow ended it would then not take the worker down with it. Its tokens and keys reach it through its
 * environment, never its arguments (which every local account can read with `ps`); its access log goes to logFile.
 */
import path from 'node:path';
import { readyOrExited, startProcess, type ManagedProcess } from './managed-process';
import { assertPortFree, waitUntil } from './ports';

export interface CodecProcessOptions {
  port: number;
  /** The Web UI's token. */
  token: string;
  /** The bearer token for scripts and the CLI; unset: none served. */
  cliToken?: string;
  allowedOrigin: string;
  namespaces: string[];
  /** TEMPORAL_PAYLOAD_KEYS; unset: the development key under .data/. */
  payloadKeys?: string;
  strict?: boolean;
  logFile: string;
}

export interface RunningCodecProcess {
  url: string;
  /** The endpoint for the Web UI, its token as the first path segment. */
  uiEndpoint: string;
  process: ManagedProcess;
}

export async function startCodecProcess(opts: CodecProcessOptions): Promise<RunningCodecProcess> {
  await assertPortFree(opts.port, 'the codec server');
  const compiled = !__filename.endsWith('.ts');
  const entry = path.join(__dirname, '..', 'cli', compiled ? 'codec.js' : 'codec.ts');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CODEC_HOST: '127.0.0.1',
    CODEC_PORT: String(opts.port),
    CODEC_TOKEN: opts.token,
    CODEC_CLI_TOKEN: opts.cliToken ?? '',
    CODEC_CORS_ORIGIN: opts.allowedOrigin,
    CODEC_NAMESPACES: opts.namespaces.join(','),
    CODEC_STRICT: opts.strict ? 'true' : 'false',
    TEMPORAL_PAYLOAD_KEYS: opts.payloadKeys ?? '',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  for (const name of ['CODEC_TOKEN_FILE', 'CODEC_CLI_TOKEN_FILE', 'TEMPORAL_PAYLOAD_KEYS_FILE']) delete env[name];
  const proc = startProcess(
    'codec server',
    process.execPath,
    compiled ? [entry] : ['--import', 'tsx', entry],
    opts.logFile,
    { env, cwd: path.join(__dirname, '..') },
  );
  const url = `http://127.0.0.1:${opts.port}`;
  // Any answer means it listens (an OPTIONS without the UI's origin is refused, as it should be).
  const listening = async () => {
    await fetch(`${url}/decode`, { method: 'OPTIONS' });
    return true;
  };
  await readyOrExited(proc, waitUntil(`the codec server at ${url}`, listening, 30_000));
  return { url, uiEndpoint: `${url}/${encodeURIComponent(opts.token)}`, process: proc };
}

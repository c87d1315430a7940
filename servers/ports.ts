import net from 'node:net';

/** An unused TCP port on loopback, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Thrown when a port an embedded server needs is taken: a clear error instead of a hang. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly server: string,
  ) {
    super(`port ${port} is already in use, so ${server} cannot start there (is another copy running?)`);
    this.name = 'PortInUseError';
  }
}

export async function assertPortFree(port: number, server: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) throw new PortInUseError(port, server);
}

/** Polls `probe` until it resolves truthy or the deadline passes. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s${detail}`);
}

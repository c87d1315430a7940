/**
 * The codec server's container health check: healthy when it answers on CODEC_PORT (a bare OPTIONS, which it
 * refuses without the UI's origin: any answer means it is up). Exit 0 healthy, 1 not.
 */
const port = Number(process.env.CODEC_PORT ?? 8234);

fetch(`http://127.0.0.1:${port}/decode`, { method: 'OPTIONS', signal: AbortSignal.timeout(4000) }).then(
  () => process.exit(0),
  () => process.exit(1),
);

/**
 * Loopback ports for tests: servers listen on 127.0.0.1 at a port the system picks, and a port that was
 * just listening and is now closed stands for an unreachable service (connecting to it is refused).
 */
import { createServer, type AddressInfo, type Server } from 'node:net';

/** Listen on 127.0.0.1 at a free port; resolves to that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** A loopback port nothing listens on any more. */
export async function closedLoopbackPort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnLoopback(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

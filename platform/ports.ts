import { createServer } from 'node:net';

/** A port a process is about to listen on, and the setting that changes it. */
export interface PlannedPort {
  port: number;
  /** The environment variable that sets this port (`PORT`, `INVENTORY_PORT`, …). */
  variable: string;
}

/** A port another process holds: its message is the one line a user needs. */
export class PortInUseError extends Error {
  constructor(readonly planned: PlannedPort) {
    super(`port ${planned.port} is in use — set ${planned.variable} or stop the other process`);
    this.name = 'PortInUseError';
  }
}

/** The first of `ports` that cannot be bound on `host` now (port 0, ephemeral, is never busy). */
export async function findBusyPort(ports: readonly PlannedPort[], host: string): Promise<PlannedPort | undefined> {
  for (const planned of ports) {
    if (planned.port === 0) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(planned.port, host, () => probe.close(() => resolve(true)));
    });
    if (!free) return planned;
  }
  return undefined;
}

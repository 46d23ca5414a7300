/**
 * Baselines for the Docker benchmarks: the same work done with dockerode directly (create, start, find the IP,
 * wait for the proxy, /init, /run, remove), with none of the platform around it.
 */
import { connect } from 'node:net';
import Dockerode from 'dockerode';

export const BENCH_LABEL = 'owfast.bench';

export interface RawContainer {
  id: string;
  ip: string;
  remove(): Promise<void>;
}

export async function rawStart(docker: Dockerode, image: string, memoryMb: number): Promise<RawContainer> {
  const container = await docker.createContainer({
    Image: image,
    Labels: { owfast: 'true', [BENCH_LABEL]: 'true' },
    HostConfig: { Memory: memoryMb * 1024 * 1024, MemorySwap: memoryMb * 1024 * 1024, NetworkMode: 'bridge' },
  });
  await container.start();
  const info = await container.inspect();
  const ip = info.NetworkSettings.Networks.bridge?.IPAddress ?? "";
  await waitForPort(ip, 8080, 10_000);
  return { id: container.id, ip, remove: () => container.remove({ force: true }) };
}

export async function removeBenchContainers(docker: Dockerode): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=true`] } });
  await Promise.allSettled(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let delay = 2;
    const attempt = () => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) return reject(new Error(`${host}:${port} did not answer within ${timeoutMs} ms`));
        setTimeout(attempt, delay);
        delay = Math.min(50, delay * 1.5);
      });
    };
    attempt();
  });
}

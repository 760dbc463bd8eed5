/** @module CPU and wall time of the scale benchmark's requests, and the process's peak RSS. */
import { type Figure, percentiles } from './figures.ts';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `fn` in CPU and wall milliseconds. */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ cpu: number; wall: number; value: T }> {
  const c = cpuMs();
  const w = performance.now();
  const value = await fn();
  return { cpu: cpuMs() - c, wall: performance.now() - w, value };
}

/** Percentiles of `fn` over each of `names`, one after the other. */
export async function measure(
  names: string[],
  fn: (name: string) => Promise<unknown>,
): Promise<Figure> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (const name of names) {
    const t = await timed(() => fn(name));
    cpu.push(t.cpu);
    wall.push(t.wall);
  }
  return { cpu: percentiles(cpu), wall: percentiles(wall) };
}

/** This process's peak resident set so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

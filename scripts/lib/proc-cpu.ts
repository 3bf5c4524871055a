// CPU time of processes from /proc (Linux): a benchmark divides it by the requests served. On a
// machine shared with other work, CPU milliseconds per request stay meaningful when requests per
// second do not (they depend on what else runs).
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU milliseconds (user + system, all threads) of a process, and of every process below it. */
export function processTreeCpuMs(root: number): { self: number; children: number } {
  const all = new Map<number, { ppid: number; cpuMs: number }>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of all) if (mine.has(s.ppid) && !mine.has(pid)) (mine.add(pid), (grew = true));
  }
  let children = 0;
  for (const pid of mine) if (pid !== root) children += all.get(pid)?.cpuMs ?? 0;
  return { self: all.get(root)?.cpuMs ?? 0, children };
}

/** CPU milliseconds of the given processes (those that are gone or elsewhere count 0). */
export function processesCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (stat(pid)?.cpuMs ?? 0), 0);
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

// The subscribers of bench:realtime, in a process of their own so that the stack's CPU is the
// stack's. Each is one WebSocket speaking vsn 2.0.0 frames as realtime-js does, joined to three
// channels: Postgres changes of a table under RLS, of a table without RLS, and a broadcast room.
// Driven over IPC by scripts/bench/realtime.ts: connect, reset, report, close.
import WebSocket from "ws";

type Connect = { cmd: "connect"; url: string; tokens: string[] };
type Command = Connect | { cmd: "reset" } | { cmd: "report" } | { cmd: "close" };

const sockets: WebSocket[] = [];
let latencies: number[] = [];
let lastAt = 0;

function onMessage(data: Buffer, isBinary: boolean): void {
  const now = Date.now();
  if (isBinary) {
    // kind 4 (user broadcast): 5 header bytes, topic, event, metadata, then the JSON payload
    if (data[0] !== 4) return;
    const body = data.subarray(5 + data[1]! + data[2]! + data[3]!);
    const { t } = JSON.parse(body.toString()) as { t: number };
    latencies.push(now - t);
    lastAt = now;
    return;
  }
  const text = data.toString();
  if (!text.includes('"postgres_changes"')) return;
  const [, , , event, payload] = JSON.parse(text) as [unknown, unknown, string, string, { data: { commit_timestamp: string } }];
  if (event !== "postgres_changes") return;
  latencies.push(now - Date.parse(payload.data.commit_timestamp));
  lastAt = now;
}

async function connect({ url, tokens }: Connect): Promise<void> {
  const batch = 200;
  for (let i = 0; i < tokens.length; i += batch) {
    await Promise.all(tokens.slice(i, i + batch).map((token) => new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url);
      let waiting = 3;
      ws.on("error", reject);
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (waiting > 0 && !isBinary) {
          const [, , topic, event, payload] = JSON.parse(data.toString()) as [unknown, unknown, string, string, { status?: string; response?: unknown; extension?: string }];
          if (event === "phx_reply" && payload.status !== "ok") return reject(new Error(`${topic}: ${JSON.stringify(payload.response)}`));
          // a join with Postgres changes is ready at its system message, a broadcast room at its reply
          if ((event === "system" && payload.extension === "postgres_changes") || (event === "phx_reply" && topic === "realtime:bench-room")) {
            if (--waiting === 0) resolve();
          }
          return;
        }
        onMessage(data, isBinary);
      });
      ws.on("open", () => {
        const join = (ref: string, topic: string, config: Record<string, unknown>) =>
          ws.send(JSON.stringify([ref, ref, `realtime:${topic}`, "phx_join", { config, access_token: token }]));
        join("1", "bench-rls", { postgres_changes: [{ event: "INSERT", schema: "rt_bench", table: "guarded" }] });
        join("2", "bench-open", { postgres_changes: [{ event: "INSERT", schema: "rt_bench", table: "open" }] });
        join("3", "bench-room", { broadcast: { self: false } });
      });
      sockets.push(ws);
    })));
    process.send!({ progress: Math.min(i + batch, tokens.length) });
  }
}

process.on("message", async (command: Command) => {
  try {
    if (command.cmd === "connect") {
      await connect(command);
      process.send!({ ready: true });
    } else if (command.cmd === "reset") {
      latencies = [];
      lastAt = 0;
      process.send!({ reset: true });
    } else if (command.cmd === "report") {
      process.send!({ report: { latencies, lastAt } });
    } else {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  } catch (error) {
    process.send!({ error: (error as Error).message });
  }
});

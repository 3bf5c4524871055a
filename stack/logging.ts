// Structured logs for the local stack: one JSON object per line (for machines: `npm start | jq`,
// log shippers), or a short human-readable line in a terminal. Everything written goes through
// redact(): phone numbers, email addresses, JWTs, API keys, webhook secrets and tokens in URLs
// never reach a log.
//   LOG_LEVEL   debug | info (default) | warn | error
//   LOG_FORMAT  json | pretty (default: pretty on a TTY, json otherwise)
import { writeSync } from "node:fs";

export type Level = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

export type Logger = {
  readonly level: Level;
  readonly format: "json" | "pretty";
  log(level: Level, msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  enabled(level: Level): boolean;
};

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// What must never be logged, and what it becomes. Order matters: tokens and keys first (a JWT
// contains dots and could look like other things), then emails, then phone numbers.
const REDACTIONS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, "$1 [redacted]"],
  [/([?&](?:token|apikey|api_key|access_token|refresh_token|confirm_token|key|secret|password)=)[^&\s"']+/gi, "$1[redacted]"],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, "[jwt]"],
  [/\bsb_(?:secret|publishable)_[\w-]+/g, "[key]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "[key]"],
  // (a domain ends in letters: "postgres@127.0.0.1" in a database URL is a user at a host)
  [/[\w.+-]+@(?:[\w-]+\.)+[A-Za-z][\w-]*[A-Za-z]\b/g, "[email]"],
  // at least ten digits, optionally spaced: +91 98200 12345, 9820012345 (not dates, ids or timings)
  [/(?<![\w-])\+?\d(?:[ ()-]?\d){9,14}(?![\w-])/g, "[phone]"],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/** Redacts every string in a value (objects and arrays walked; keys that name secrets emptied). */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /^(authorization|apikey|password|secret|token|cookie|set-cookie)$/i.test(k) ? "[redacted]" : redact(v);
    }
    return out;
  }
  return value;
}

function parseLevel(value: string | undefined): Level {
  const v = (value ?? "").toLowerCase();
  return v === "debug" || v === "warn" || v === "error" ? v : "info";
}

export type LoggerOptions = {
  level?: Level;
  format?: "json" | "pretty";
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  now?: () => Date;
};

export function createLogger(options: LoggerOptions = {}, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = options.level ?? parseLevel(env.LOG_LEVEL);
  const format = options.format ?? (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty"
    ? env.LOG_FORMAT
    : process.stdout.isTTY ? "pretty" : "json");
  const write = options.write ?? stdoutLines();
  const now = options.now ?? (() => new Date());
  const enabled = (l: Level) => ORDER[l] >= ORDER[level];
  const log = (l: Level, msg: string, fields: Fields = {}) => {
    if (!enabled(l)) return;
    const safe = redact(fields) as Fields;
    const text = redactText(msg);
    write(format === "json" ? JSON.stringify({ ts: now().toISOString(), level: l, msg: text, ...safe }) : pretty(now(), l, text, safe));
  };
  return {
    level,
    format,
    log,
    enabled,
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}

// Lines for stdout are written once per turn of the event loop, not one by one: under load many
// request lines share one write. stdout to a pipe (`npm start | jq`, a log shipper, a parent
// process) is written synchronously, and a write per request, each waking the reader, cost the
// gateway ~0.5 ms of CPU per request at 600 req/s (bench:api, LOG_LEVEL=warn against info).
// Lines still waiting when the process exits are written then.
let stdoutWriter: ((line: string) => void) | undefined;
function stdoutLines(): (line: string) => void {
  if (stdoutWriter) return stdoutWriter;
  let pending: string[] = [];
  const take = () => {
    const text = pending.join("");
    pending = [];
    return text;
  };
  const flush = () => {
    if (pending.length) process.stdout.write(take());
  };
  process.on("exit", () => {
    try {
      if (pending.length) writeSync(1, take());
    } catch {
      // stdout already closed: nothing to write to
    }
  });
  return (stdoutWriter = (line) => {
    if (pending.push(line + "\n") === 1) setImmediate(flush);
  });
}

/** A line for people: time, then for requests "200 GET /rest/v1/x 12 ms rest", else the message. */
function pretty(at: Date, level: Level, msg: string, f: Fields): string {
  const time = at.toTimeString().slice(0, 8);
  const mark = level === "error" ? "ERROR " : level === "warn" ? "warn  " : "";
  if (msg === "request") {
    const who = f.user_id ? ` user ${String(f.user_id).slice(0, 8)}` : "";
    return `${time}  ${mark}${f.status} ${f.method} ${f.route} ${f.latency_ms} ms  ${f.service}${who}  ${f.request_id}`;
  }
  const rest = Object.entries(f).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
  return `${time}  ${mark}${msg}${rest ? `  ${rest}` : ""}`;
}

/** A logger that keeps lines in memory (tests). */
export function memoryLogger(level: Level = "debug"): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level, format: "json", write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return Object.assign(logger, { lines });
}

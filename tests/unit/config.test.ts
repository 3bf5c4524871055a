// stack/config.ts: config.toml read once and validated (a wrong type names its key), and
// functions/.env read as the Supabase CLI's `secrets set --env-file` reads it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, isCronSchedule, paths, readConfigFile, readFunctionSecrets, readProjectConfig } from "../../stack/config.ts";

const dir = mkdtempSync(join(tmpdir(), "castmatch-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (name: string, text: string) => {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
};

describe("config.toml", () => {
  it("reads the project's file once, typed, with Supabase's defaults for what it leaves out", () => {
    const config = readConfigFile();
    expect(readConfigFile()).toBe(config);
    expect(config.api.port).toBe(54321);
    expect(config.storage.file_size_limit).toBe(500 * 1024 * 1024);
    expect(readProjectConfig(paths.config).storageFileSizeLimit).toBe(500 * 1024 * 1024);
    const bare = readConfigFile(file("bare.toml", 'project_id = "x"\n'));
    expect(bare).toMatchObject({ api: { port: 54321, pg_safe_update: true }, db: { port: 54322 }, storage: { file_size_limit: 50 * 1024 * 1024 } });
    expect(bare.castmatch.jobs).toBeUndefined();
  });

  it("keeps the Supabase CLI's keys it does not read, and parses sizes as the CLI writes them", () => {
    const config = readConfigFile(file("other.toml", '[storage]\nfile_size_limit = "5MB"\n[auth.sms]\nenable_signup = true\n'));
    expect(config.storage.file_size_limit).toBe(5_000_000);
    expect((config.auth as Record<string, unknown>).sms).toEqual({ enable_signup: true });
  });

  it("stops with one line naming the file and the key of a wrong value", () => {
    const wrongPort = file("port.toml", '[api]\nport = "54321"\n');
    expect(() => readConfigFile(wrongPort)).toThrow(ConfigError);
    expect(() => readConfigFile(wrongPort)).toThrow(/port\.toml: api\.port: /);
    expect(() => readConfigFile(file("size.toml", '[storage]\nfile_size_limit = "lots"\n'))).toThrow(/storage\.file_size_limit: a size such as "50MiB"/);
    expect(() => readConfigFile(file("fn.toml", "[functions.submit]\nverify_jwt = 1\n"))).toThrow(/functions\.submit\.verify_jwt/);
    expect(() => readConfigFile(file("broken.toml", "[api\n"))).toThrow(/broken\.toml: /);
  });
});

describe("[castmatch.jobs]", () => {
  const functionsDir = join(paths.root, "tests", "fixtures", "functions");
  const jobs = (text: string) => readProjectConfig(file("jobs.toml", text), functionsDir);

  it("reads each job's function or SQL, its pace, its wake-ups and its hosted schedule, in name order", () => {
    const config = jobs([
      "[castmatch.jobs.tidy]", 'sql = "private.tidy()"', 'every = "60m"', 'cron = "17 3 * * *"',
      "[castmatch.jobs.call-open]", 'function = "open"', 'every = "500ms"', "wake_on_write = true", 'cron = "10 seconds"',
    ].join("\n"));
    expect(config.jobs).toEqual([
      { name: "call-open", run: { function: "open" }, everyMs: 500, wakeOnWrite: true, cron: "10 seconds" },
      { name: "tidy", run: { sql: "private.tidy()" }, everyMs: 3_600_000, wakeOnWrite: false, cron: "17 3 * * *" },
    ]);
    expect(config.warnings).toEqual([]);
    expect(jobs('project_id = "x"\n').jobs).toEqual([]);
  });

  it("the project's own jobs call functions it has", () => {
    const config = readProjectConfig();
    expect(config.jobs.length).toBeGreaterThan(0);
    for (const job of config.jobs) if ("function" in job.run) expect(Object.keys(config.functions)).toContain(job.run.function);
  });

  it("stops with one line naming the key of a wrong job declaration", () => {
    const bad = (lines: string[], message: RegExp) => {
      const text = ["[castmatch.jobs.j]", ...lines].join("\n");
      expect(() => jobs(text)).toThrow(ConfigError);
      expect(() => jobs(text)).toThrow(message);
    };
    const ok = ['every = "2s"', 'cron = "* * * * *"'];
    bad(ok, /castmatch\.jobs\.j\.function: give either function = "<edge function>" or sql = "<expression>"/);
    bad(['function = "open"', 'sql = "select 1"', ...ok], /castmatch\.jobs\.j\.function: give either/);
    bad(['function = "nowhere"', ...ok], /castmatch\.jobs\.j\.function: there is no function "nowhere" in functions\//);
    bad(['function = "open"', 'every = "2 seconds"', 'cron = "* * * * *"'], /castmatch\.jobs\.j\.every: a duration such as "2s"/);
    bad(['function = "open"', "every = 2", 'cron = "* * * * *"'], /castmatch\.jobs\.j\.every: /);
    bad(['function = "open"', 'every = "0s"', 'cron = "* * * * *"'], /castmatch\.jobs\.j\.every: a duration longer than 0/);
    bad(['function = "open"', 'every = "2s"'], /castmatch\.jobs\.j\.cron: /);
    bad(['function = "open"', 'every = "2s"', 'cron = "hourly"'], /castmatch\.jobs\.j\.cron: a pg_cron schedule/);
    bad(['function = "open"', ...ok, "wake_on_writes = true"], /castmatch\.jobs\.j: Unrecognized key: "wake_on_writes"/);
    bad(['function = "open"', ...ok, 'wake_on_write = "yes"'], /castmatch\.jobs\.j\.wake_on_write: /);
    expect(() => jobs(['[castmatch.jobs."Embed Now"]', 'function = "open"', ...ok].join("\n"))).toThrow(/castmatch\.jobs\.Embed Now: a job name of lower-case letters/);
  });

  it("takes pg_cron's schedules: five fields, or 1 to 59 seconds", () => {
    for (const s of ["* * * * *", "17 3 * * *", "*/5 1-6 1,15 jan mon-fri", "0 0 $ * *", "10 seconds", "1 second", "59 seconds"]) expect(isCronSchedule(s), s).toBe(true);
    for (const s of ["* * * *", "60 seconds", "0 seconds", "every 5 minutes", "* * * * * *", "@hourly"]) expect(isCronSchedule(s), s).toBe(false);
  });

  it("an older config.toml still starts: its archive_purge_every_minutes is named as no longer read", () => {
    const legacy = jobs("[castmatch]\narchive_retention_days = 30\narchive_purge_every_minutes = 60\n");
    expect(legacy.jobs).toEqual([]);
    expect(legacy.warnings).toHaveLength(1);
    expect(legacy.warnings[0]).toMatch(/jobs\.toml: \[castmatch\] archive_purge_every_minutes is no longer read and this config\.toml declares no \[castmatch\.jobs\], so no background jobs run/);
    const both = jobs('[castmatch]\narchive_purge_every_minutes = 60\n[castmatch.jobs.t]\nsql = "private.t()"\nevery = "1h"\ncron = "0 * * * *"\n');
    expect(both.jobs).toHaveLength(1);
    expect(both.warnings[0]).toMatch(/archive_purge_every_minutes is no longer read: each job has its own `every`/);
  });
});

describe("functions/.env", () => {
  it("reads comments, export, quotes, escapes and multi-line values as --env-file does", () => {
    const env = file(".env", [
      "# a comment line",
      "PLAIN=value # a comment after the value",
      "export EXPORTED=yes",
      "SPACED = spaced value  ",
      "SINGLE='kept # as is, and \\n too'",
      'DOUBLE="line one\\nline two"',
      'MULTI="first',
      'second"',
      "EMPTY=",
      "URL='https://hooks.example/a?b=c#fragment'",
      "",
    ].join("\n"));
    expect(readFunctionSecrets(env)).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACED: "spaced value",
      SINGLE: "kept # as is, and \\n too",
      DOUBLE: "line one\nline two",
      MULTI: "first\nsecond",
      EMPTY: "",
      URL: "https://hooks.example/a?b=c#fragment",
    });
  });

  it("refuses the two spellings the Supabase CLI would read differently, naming the key", () => {
    expect(() => readFunctionSecrets(file(".env", "SMTP_PASSWORD=pa#ss\n"))).toThrow(/SMTP_PASSWORD is read differently by the Supabase CLI/);
    expect(() => readFunctionSecrets(file(".env", 'GREETING="say \\"hi\\""\n'))).toThrow(/GREETING/);
    expect(readFunctionSecrets(file(".env", "SMTP_PASSWORD='pa#ss'\nGREETING='say \"hi\"'\n"))).toEqual({ SMTP_PASSWORD: "pa#ss", GREETING: 'say "hi"' });
  });

  it("is empty when there is no file", () => {
    expect(readFunctionSecrets(join(dir, "missing.env"))).toEqual({});
  });
});

// stack/config.ts: config.toml read once and validated (a wrong type names its key), and
// functions/.env read as the Supabase CLI's `secrets set --env-file` reads it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, paths, readConfigFile, readFunctionSecrets, readProjectConfig } from "../../stack/config.ts";

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
    expect(bare.castmatch.archive_purge_every_minutes).toBe(60);
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

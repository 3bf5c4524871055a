// Where deliver-webhooks may send: public addresses only, unless the stack is local.
import { describe, expect, it } from "vitest";
import { isPrivateAddress, refusal } from "../../functions/deliver-webhooks/targets.ts";

const hosted = (name: string) => ({ SUPABASE_URL: "https://abcd.supabase.co" } as Record<string, string>)[name];
const local = (name: string) => ({ SUPABASE_URL: "http://127.0.0.1:54321" } as Record<string, string>)[name];
const dns = (answers: Record<string, string[]>) => (host: string, type: "A" | "AAAA") =>
  Promise.resolve(type === "A" ? answers[host] ?? [] : []);

describe("webhook targets", () => {
  it("knows private, loopback, link-local and metadata addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.9", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1",
                     "[::1]", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "localhost", "db.internal"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "hooks.example.com", "11.0.0.1"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it("on a hosted project refuses private targets, by name or by what the name resolves to, and plain http", async () => {
    expect(await refusal("https://hooks.example.com/x", hosted, dns({ "hooks.example.com": ["93.184.216.34"] }))).toBeNull();
    expect(await refusal("https://127.0.0.1/x", hosted, dns({}))).toMatch(/not a public address/);
    expect(await refusal("https://sneaky.example.com/x", hosted, dns({ "sneaky.example.com": ["169.254.169.254"] }))).toMatch(/resolves to 169\.254\.169\.254/);
    expect(await refusal("http://hooks.example.com/x", hosted, dns({ "hooks.example.com": ["93.184.216.34"] }))).toMatch(/https/);
    expect(await refusal("https://nowhere.example/x", hosted, dns({}))).toMatch(/cannot resolve/);
  });

  it("on a local stack (or WEBHOOK_ALLOW_PRIVATE_TARGETS=true) allows a receiver on 127.0.0.1", async () => {
    expect(await refusal("http://127.0.0.1:4000/hook", local, dns({}))).toBeNull();
    const allowed = (name: string) => ({ ...{ SUPABASE_URL: "https://abcd.supabase.co", WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } } as Record<string, string>)[name];
    expect(await refusal("http://10.0.0.5/hook", allowed, dns({}))).toBeNull();
    expect(await refusal("ftp://127.0.0.1/x", local, dns({}))).toMatch(/http/);
  });
});

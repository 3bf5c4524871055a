// The stack's verified-token cache (stack/jwt.ts): a project JWT's claims, verified once and kept
// until it expires; a token signed with another secret, forged or expired is refused every time.
import { describe, expect, it, vi } from "vitest";
import { generateKeys, signJwt } from "../../stack/config.ts";
import { VerifiedTokens } from "../../stack/jwt.ts";

const keys = generateKeys();

describe("verified tokens", () => {
  it("return a valid token's claims, and the same claims again from the cache", async () => {
    const tokens = new VerifiedTokens(keys.jwtSecret);
    const token = await signJwt(keys.jwtSecret, { sub: "u1", role: "authenticated" });
    const first = await tokens.claims(token);
    expect(first).toMatchObject({ sub: "u1", role: "authenticated" });
    expect(await tokens.claims(token)).toBe(first);
  });

  it("refuse another project's token and a forged one, however often they are sent", async () => {
    const tokens = new VerifiedTokens(keys.jwtSecret);
    const other = await signJwt(generateKeys().jwtSecret, { sub: "u2", role: "authenticated" });
    const forged = `${other.split(".").slice(0, 2).join(".")}.c2lnbmF0dXJl`;
    for (let i = 0; i < 2; i++) {
      await expect(tokens.claims(other)).rejects.toThrow(/signature/);
      await expect(tokens.claims(forged)).rejects.toThrow(/signature/);
    }
  });

  it("stop accepting a cached token once it expires", async () => {
    const tokens = new VerifiedTokens(keys.jwtSecret);
    const token = await signJwt(keys.jwtSecret, { sub: "u3", role: "authenticated" }, 60);
    await tokens.claims(token);
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    try {
      await expect(tokens.claims(token)).rejects.toThrow(/exp/);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("verified tokens on an injected clock", () => {
  it("keep a token until its exp on that clock, then refuse it and forget it", async () => {
    const clock = { now: Date.now() };
    const tokens = new VerifiedTokens(keys.jwtSecret, { now: () => clock.now });
    const token = await signJwt(keys.jwtSecret, { sub: "u4", role: "authenticated" }, 60);
    const first = await tokens.claims(token);
    clock.now += 30_000;
    expect(await tokens.claims(token)).toBe(first); // still remembered
    expect(tokens.size).toBe(1);
    clock.now += 31_000;
    await expect(tokens.claims(token)).rejects.toThrow(/exp/);
    expect(tokens.size).toBe(0);
  });
});

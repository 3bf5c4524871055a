// stack/routes.ts: the one route table the router, the rate limiter and the request log share.
import { describe, expect, it } from "vitest";
import { routeOf } from "../../stack/routes.ts";

describe("routes", () => {
  it("name the function and the rest of its path", () => {
    expect(routeOf("/functions/v1/submit")).toEqual({ service: "functions", fn: "submit", path: "" });
    expect(routeOf("/functions/v1/talent-search/x/y")).toEqual({ service: "functions", fn: "talent-search", path: "/x/y" });
    expect(routeOf("/functions/v1/match_talent/")).toEqual({ service: "functions", fn: "match_talent", path: "/" });
  });

  it("are not a function call without a valid function name", () => {
    for (const path of ["/functions/v1", "/functions/v1/", "/functions/v1/a.b", "/functions/v1/%2e%2e", "/functions/v2/submit", "/x/functions/v1/submit"]) {
      expect(routeOf(path).service, path).toBe("gateway");
    }
  });

  it("give REST, auth and storage their own path", () => {
    expect(routeOf("/rest/v1/projects")).toEqual({ service: "rest", path: "/projects" });
    expect(routeOf("/rest/v1")).toEqual({ service: "rest", path: "" });
    expect(routeOf("/auth/v1/token")).toEqual({ service: "auth", path: "/token" });
    expect(routeOf("/storage/v1/object/x")).toEqual({ service: "storage", path: "/object/x" });
    expect(routeOf("/restful/v1/x")).toEqual({ service: "gateway", path: "/restful/v1/x" });
  });
});

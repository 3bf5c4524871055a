// The guardian page's language choice and its strings, without a stack.
import { describe, expect, it } from "vitest";
import { chooseLanguage, requestPage } from "../../functions/guardian-consent/page.ts";
import { PAGE_LANGUAGES, STRINGS } from "../../functions/guardian-consent/strings.ts";

describe("chooseLanguage", () => {
  it("takes lang first, then Accept-Language by quality, only languages the page ships in", () => {
    expect(chooseLanguage("mr-IN", "ta")).toBe("mr");
    expect(chooseLanguage(undefined, "fr;q=1, ta-IN;q=0.5, hi;q=0.8")).toBe("hi");
    expect(chooseLanguage(undefined, "en-GB,en;q=0.9")).toBe("en");
    expect(chooseLanguage("as", "kn;q=0")).toBeNull();
    expect(chooseLanguage(undefined, null)).toBeNull();
  });
});

describe("the strings", () => {
  it("exist for every key in every language, with the same placeholders as the English", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of PAGE_LANGUAGES) {
      expect(Object.keys(STRINGS[lang]).sort()).toEqual(Object.keys(STRINGS.en).sort());
      for (const [key, text] of Object.entries(STRINGS[lang])) {
        expect(placeholders(text), `${lang}.${key}`).toEqual(placeholders((STRINGS.en as Record<string, string>)[key]!));
      }
    }
  });
});

describe("requestPage", () => {
  const details = {
    talent: "<b>Anu</b>", guardian_name: "Sunita", requested_by: "the talent", expires_at: "2026-12-05T09:00:00Z", language: "mr",
    purposes: [{ purpose: "casting_visibility", notice_version: 2, language: "en", notice: "Show my profile & reels." }],
  };
  it("escapes values, tags each notice with its language, and says when one is shown in English", () => {
    const html = requestPage(details, "t", "mr");
    expect(html).toContain('<html lang="mr">');
    expect(html).toContain("&lt;b&gt;Anu&lt;/b&gt;");
    expect(html).toContain('<small lang="en">Show my profile &amp; reels.</small>');
    expect(html).toContain(STRINGS.mr.english_notice);
    expect(html).toContain('<input type="hidden" name="language" value="mr">');
    expect(requestPage({ ...details, purposes: [{ ...details.purposes[0]!, language: "mr" }] }, "t", "mr")).not.toContain(STRINGS.mr.english_notice);
  });
});

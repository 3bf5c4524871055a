// The guardian's consent page in a real browser: headless Chromium from Debian's packages with the
// Noto fonts (scripts/browser-setup.sh installs both when missing), driven with puppeteer-core at a
// phone's width (360 px). In every language the page ships in, a guardian opens the emailed link,
// the text renders in its script with no missing glyph, nothing scrolls sideways, and the form
// submits: the consents record the language the guardian read.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PAGE_LANGUAGES, STRINGS } from "../../functions/guardian-consent/strings.ts";
import { waitForEmail } from "../support/mailbox.ts";
import { newTalent, type Talent } from "../support/people.ts";

const stack = inject("stack");
const CHROMIUM = "/usr/bin/chromium";
const PHONE = { width: 360, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** The font family Chromium should pick for each script (fontconfig names from fonts-noto-core). */
const SCRIPT_FONT: Record<string, RegExp> = {
  en: /./, hi: /Devanagari/, mr: /Devanagari/, ta: /Tamil/, te: /Telugu/, bn: /Bengali/, kn: /Kannada/, ml: /Malayalam/,
  gu: /Gujarati/, pa: /Gurmukhi/,
};
const fifteenYearsAgo = () => new Date(Date.now() - 15 * 365.25 * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
const children: Talent[] = [];

beforeAll(async () => {
  // Idempotent: a dpkg query when both are installed, else apt-get (about a minute and ~400 MB).
  const setup = spawnSync("bash", [join(import.meta.dirname, "../../scripts/browser-setup.sh")], { encoding: "utf8", timeout: 600_000 });
  if (setup.status !== 0) throw new Error(`scripts/browser-setup.sh failed: ${setup.stderr || setup.stdout}`);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    // root in a container: no user namespaces for Chromium's sandbox
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US"],
  });
  // at most five consent requests a day per child: one child per five languages
  for (let i = 0; i < Math.ceil(PAGE_LANGUAGES.length / 5); i++) {
    children.push(await newTalent(stack, `browser-minor-${i}`, {
      consents: [],
      profile: { date_of_birth: fifteenYearsAgo(), playing_age_min: 12, playing_age_max: 16, guardian_name: "Sunita Pawar",
                 guardian_email: `guardian.browser.${i}.${Date.now()}@example.com` },
    }));
  }
}, 900_000);

afterAll(async () => {
  await browser?.close();
});

/** Characters of the page's text whose rendering is the font's .notdef box (a "tofu"). */
async function missingGlyphs(page: Page): Promise<{ checked: number; missing: string[]; controlMissing: boolean }> {
  return page.evaluate(() => {
    const family = getComputedStyle(document.body).fontFamily;
    const canvas = document.createElement("canvas");
    canvas.width = 48;
    canvas.height = 48;
    const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    const draw = (text: string) => {
      ctx.clearRect(0, 0, 48, 48);
      ctx.font = `24px ${family}`;
      ctx.fillText(text, 8, 32);
      return { width: ctx.measureText(text).width, pixels: Array.from(ctx.getImageData(0, 0, 48, 48).data).join(",") };
    };
    const notdef = draw("\u0378"); // an unassigned code point: every font draws its .notdef for it
    const isTofu = (c: string) => { const r = draw(c); return r.width === notdef.width && r.pixels === notdef.pixels; };
    const chars = [...new Set(document.body.innerText)].filter((c) => /\S/.test(c) && !/[\u200c\u200d]/.test(c));
    return { checked: chars.length, missing: chars.filter(isTofu), controlMissing: isTofu("\u0379") };
  });
}

/** The fonts Chromium actually used for an element's text (DevTools protocol). */
async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.createCDPSession();
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
}

describe("the guardian's page in Chromium at 360 px", () => {
  PAGE_LANGUAGES.forEach((lang, i) => {
    it(`in ${lang}: renders in its script, fits a phone, and the consent submits`, async () => {
      const child = children[Math.floor(i / 5)]!;
      const guardianEmail = `guardian.${lang}.${Date.now()}@example.com`;
      const updated = await child.client.from("talent_profiles").update({ guardian_email: guardianEmail }).eq("id", child.talentId);
      expect(updated.error).toBeNull();
      const asked = await child.client.rpc("request_guardian_consent", { talent_id: child.talentId, language: lang });
      expect(asked.error).toBeNull();
      const mail = await waitForEmail(stack.mailboxUrl, guardianEmail, /CastMatch|\S/);
      const link = /(http\S+\/functions\/v1\/guardian-consent\?token=\S+)/.exec(mail.text)?.[1];
      expect(link, mail.text).toBeDefined();
      if (lang !== "en") expect(link).toContain(`&lang=${lang}`);

      const page = await browser.newPage();
      try {
        await page.setViewport(PHONE);
        const opened = await page.goto(link!, { waitUntil: "load" });
        expect(opened?.status()).toBe(200);
        expect(await page.$eval("html", (h) => h.lang)).toBe(lang);
        expect(await page.$eval("h1", (h) => h.textContent)).toBe(STRINGS[lang].heading.replace("{talent}", `browser-minor-${Math.floor(i / 5)} talent`));
        const noticeLanguages = await page.$$eval("label small[lang]", (smalls) => smalls.map((s) => s.getAttribute("lang")));
        expect(noticeLanguages).toEqual([lang, lang]);

        // every character has a glyph (and the detector does see a missing one)
        const glyphs = await missingGlyphs(page);
        expect(glyphs.controlMissing).toBe(true);
        expect(glyphs.checked).toBeGreaterThan(20);
        expect(glyphs.missing).toEqual([]);
        // ...drawn by a font of the script
        expect((await fontsUsed(page, "h1")).some((f) => SCRIPT_FONT[lang]!.test(f))).toBe(true);
        expect((await fontsUsed(page, "label small[lang]")).some((f) => SCRIPT_FONT[lang]!.test(f))).toBe(true);

        // a phone's width: no sideways scrolling, every button fully on screen
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          buttons: [...document.querySelectorAll("button")].map((b) => b.getBoundingClientRect().right),
        }));
        expect(layout.innerWidth).toBe(360);
        expect(layout.scrollWidth).toBeLessThanOrEqual(360);
        for (const right of layout.buttons) expect(right).toBeLessThanOrEqual(360);

        // the guardian ticks both and consents, by touch
        for (const box of await page.$$("input[type=checkbox]")) await box.tap();
        await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.tap("button[value=give]")]);
        expect(await page.$eval("h1", (h) => h.textContent)).toBe(STRINGS[lang].thanks);
        expect(await page.$eval("p", (p) => p.textContent)).toBe(STRINGS[lang].given);
        expect((await missingGlyphs(page)).missing).toEqual([]);
      } finally {
        await page.close();
      }
      const consents = await child.client.from("consents").select("purpose, given_by, notice_language").is("withdrawn_at", null).order("purpose");
      expect(consents.data).toEqual([
        { purpose: "casting_visibility", given_by: "guardian", notice_language: lang },
        { purpose: "contact_sharing", given_by: "guardian", notice_language: lang },
      ]);
    });
  });
});

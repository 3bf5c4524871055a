// Notices in the reader's language over the real API (DPDP Act s.5(3)): anyone reads the current
// notices in the language they ask for; a guardian gets the email in the language the child
// named, reads the page in that one or the browser's, answers in it, and gets the receipt in it.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { waitForEmail } from "../support/mailbox.ts";
import { newTalent, type Talent } from "../support/people.ts";

const stack = inject("stack");
const anon = () => client(stack.apiUrl, stack.publishableKey);
const fifteenYearsAgo = () => new Date(Date.now() - 15 * 365.25 * 86_400_000).toISOString().slice(0, 10);

let child: Talent;
let guardianEmail: string;
let link: URL;

beforeAll(async () => {
  guardianEmail = `guardian.lang.${Date.now()}@example.com`;
  child = await newTalent(stack, "lang-minor", {
    consents: [],
    profile: { date_of_birth: fifteenYearsAgo(), playing_age_min: 12, playing_age_max: 16, guardian_name: "Sunita Pawar",
               guardian_email: guardianEmail },
  });
});

describe("the notices", () => {
  it("read in the language asked for, else the next, else English", async () => {
    // other test files may publish a new English version meanwhile: its translations are then out of date
    const current = new Set((await anon().from("notice_translations_status").select("purpose").eq("language", "mr").eq("status", "current"))
      .data!.map((s) => s.purpose));
    expect(current.has("casting_visibility")).toBe(true);
    const marathi = await child.client.rpc("consent_notices_in", { languages: ["mr-IN", "hi"] });
    expect(marathi.error).toBeNull();
    for (const n of marathi.data as Array<{ purpose: string; language: string }>) expect(n.language).toBe(current.has(n.purpose) ? "mr" : "en");
    expect(marathi.data[0].body).toMatch(/^माझे टॅलेंट प्रोफाइल/);
    const assamese = await child.client.rpc("consent_notices_in", { languages: ["as"] });
    expect(assamese.data.map((n: { language: string }) => n.language)).toEqual(["en", "en", "en"]);
    expect((await anon().rpc("consent_notices_in", { languages: ["mr"] })).error?.code).toBe("42501");  // anon calls no RPC
  });

  it("say which translations are current, for anyone to check", async () => {
    const status = await anon().from("notice_translations_status").select("language, status").eq("purpose", "casting_visibility");
    expect(status.error).toBeNull();
    expect(status.data!.filter((s) => s.status === "current").map((s) => s.language).sort())
      .toEqual(["bn", "gu", "hi", "kn", "ml", "mr", "pa", "ta", "te"]);
    expect(status.data!.length).toBe(22);
  });
});

describe("a guardian who reads Marathi", () => {
  it("is refused an unknown language, then emailed in Marathi with a link to the Marathi page", async () => {
    const bad = await child.client.rpc("request_guardian_consent", { talent_id: child.talentId, language: "klingon" });
    expect(bad.error).toMatchObject({ code: "22023", hint: "language" });
    const asked = await child.client.rpc("request_guardian_consent", { talent_id: child.talentId, language: "mr" });
    expect(asked.error).toBeNull();
    const mail = await waitForEmail(stack.mailboxUrl, guardianEmail, /संमती आवश्यक आहे/);
    expect(mail.subject).toBe("CastMatch वर lang-minor talent साठी तुमची संमती आवश्यक आहे");
    expect(mail.text).toMatch(/^प्रिय Sunita Pawar,/);
    link = new URL(/(http\S+\/functions\/v1\/guardian-consent\?token=\S+)/.exec(mail.text)![1]!);
    expect(link.searchParams.get("lang")).toBe("mr");
  });

  it("reads the page in the link's language, the browser's, or the request's", async () => {
    const page = async (url: URL, acceptLanguage?: string) =>
      (await fetch(url, { headers: { accept: "text/html", ...(acceptLanguage ? { "accept-language": acceptLanguage } : {}) } })).text();
    expect(await page(link, "ta-IN,ta;q=0.9")).toContain('<html lang="mr">');  // the link's choice wins
    const bare = new URL(link);
    bare.searchParams.delete("lang");
    const tamil = await page(bare, "ta-IN,ta;q=0.9,en;q=0.5");
    expect(tamil).toContain('<html lang="ta">');
    expect(tamil).toContain("நான் பாதுகாவலர், நான் ஒப்புதல் அளிக்கிறேன்");
    expect(await page(bare)).toContain('<html lang="mr">');  // no preference: the request's language
    expect(await page(bare, "fr-FR,fr")).toContain('<html lang="mr">');  // one we do not ship: the same
    const bad = await fetch(`${bare}&lang=${encodeURIComponent("<mr>")}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("lang");
  });

  it("reads it as JSON in Bengali, consents in Bengali, and gets the receipt in Bengali", async () => {
    const bare = new URL(link);
    bare.searchParams.delete("lang");
    const details = await (await fetch(bare, { headers: { "accept-language": "bn" } })).json();
    expect(details.language).toBe("bn");
    expect(details.purposes.map((p: { language: string }) => p.language)).toEqual(["bn", "bn"]);
    const token = link.searchParams.get("token")!;
    const wrong = await callFunction(stack, "guardian-consent", { token, decision: "give", purposes: ["casting_visibility"], language: "bengali" }, null);
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe("language");
    const answered = await callFunction(stack, "guardian-consent", { token, decision: "give", purposes: ["casting_visibility"], language: "bn" }, null);
    expect(answered.status).toBe(200);
    const consents = await child.client.from("consents").select("purpose, notice_language").is("withdrawn_at", null);
    expect(consents.data).toEqual([{ purpose: "casting_visibility", notice_language: "bn" }]);
    const receipt = await waitForEmail(stack.mailboxUrl, guardianEmail, /নথিভুক্ত/);
    expect(receipt.subject).toBe("lang-minor talent-এর জন্য আপনার সম্মতি নথিভুক্ত হয়েছে");
    const request = await child.client.from("guardian_consents").select("language").eq("status", "given").single();
    expect(request.data).toEqual({ language: "bn" });
  });
});

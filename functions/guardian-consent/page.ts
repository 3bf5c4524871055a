// The guardian's page: plain HTML, no scripts, every value escaped, in the guardian's language.
// Its own words are in strings.ts; the notices come from the database, each tagged with the
// language it is in (English when the chosen language has no translation of the current version).
import { NATIVE_NAMES, PAGE_LANGUAGES, type PageLanguage, type PageStrings, STRINGS } from "./strings.ts";

export type Details = {
  talent: string;
  guardian_name: string;
  requested_by: string;
  expires_at: string;
  language: string;
  purposes: Array<{ purpose: string; notice_version: number; language: string; notice: string }>;
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");

export const isPageLanguage = (code: string | null | undefined): code is PageLanguage =>
  !!code && (PAGE_LANGUAGES as readonly string[]).includes(code);

/** The page language a reader asks for: `lang`, else the best Accept-Language tag we ship, else null. */
export function chooseLanguage(lang: string | undefined, acceptLanguage: string | null): PageLanguage | null {
  const primary = (tag: string) => tag.trim().split("-")[0]!.toLowerCase();
  if (lang && isPageLanguage(primary(lang))) return primary(lang) as PageLanguage;
  const ranked = (acceptLanguage ?? "").split(",").map((part, i) => {
    const [tag, ...params] = part.split(";");
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith("q="))?.slice(2) ?? "1");
    return { code: primary(tag ?? ""), q: Number.isFinite(q) ? q : 0, i };
  }).filter((t) => t.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((t) => t.code).find(isPageLanguage) ?? null;
}

// Noto covers every script we ship; system-ui first so a phone uses its own UI font.
const FONTS = `system-ui, "Noto Sans", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Telugu",
"Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Gujarati", "Noto Sans Gurmukhi", sans-serif`;

function layout(lang: PageLanguage, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px/1.6 ${FONTS};max-width:40rem;margin:1.5rem auto;padding:0 1rem;overflow-wrap:break-word}
label{display:block;margin:1rem 0}small{color:#555}nav a{margin-right:.6rem;white-space:nowrap;display:inline-block}
button{font:inherit;margin:.3rem 1rem .3rem 0;padding:.5rem 1rem;max-width:100%;white-space:normal}</style></head>
<body>${body}</body></html>`;
}

function formatDate(iso: string, lang: PageLanguage): string {
  try {
    return new Intl.DateTimeFormat(`${lang}-IN`, { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Kolkata" }).format(new Date(iso)) + " IST";
  } catch {
    return new Date(iso).toUTCString();
  }
}

/** Links to the same page in each shipped language, each named in its own script. */
function languageLinks(t: PageStrings, token: string, current: PageLanguage): string {
  const links = PAGE_LANGUAGES.map((code) => code === current
    ? `<strong lang="${code}">${escape(NATIVE_NAMES[code])}</strong>`
    : `<a lang="${code}" hreflang="${code}" href="?token=${encodeURIComponent(token)}&amp;lang=${code}">${escape(NATIVE_NAMES[code])}</a>`);
  return `<nav aria-label="${escape(t.languages)}"><small>${escape(t.languages)}</small> ${links.join(" ")}</nav>`;
}

export function requestPage(d: Details, token: string, lang: PageLanguage): string {
  const t = STRINGS[lang];
  const purposes = d.purposes.map((p) => {
    const label = (t as Record<string, string>)[p.purpose] ?? p.purpose;
    const fallback = p.language !== lang ? `<br><small>${escape(t.english_notice)}</small>` : "";
    return `<label><input type="checkbox" name="purposes" value="${escape(p.purpose)}">
<strong>${escape(label)}</strong><br><small lang="${escape(p.language)}">${escape(p.notice)}</small>
<small> (${escape(fill(t.version, { n: String(p.notice_version) }))})</small>${fallback}</label>`;
  }).join("\n");
  return layout(lang, t.title, `${languageLinks(t, token, lang)}
<h1>${escape(fill(t.heading, { talent: d.talent }))}</h1>
<p>${escape(fill(t.intro, { guardian: d.guardian_name, talent: d.talent }))} ${escape(fill(t.until, { expires: formatDate(d.expires_at, lang) }))}</p>
<form method="post"><input type="hidden" name="token" value="${escape(token)}"><input type="hidden" name="language" value="${escape(d.language)}">
${purposes}
<button type="submit" name="decision" value="give">${escape(t.give)}</button>
<button type="submit" name="decision" value="refuse">${escape(t.refuse)}</button></form>`);
}

/** The answer, or why the link cannot be used (by HTTP status; the database's reason in English below). */
export function answerPage(lang: PageLanguage, result: { status: string } | null, problem: { status: number; message: string } | null): string {
  const t = STRINGS[lang];
  if (problem) {
    const reason = problem.status === 404 ? t.e404 : problem.status === 409 ? t.e409 : problem.status === 410 ? t.e410 : t.eother;
    return layout(lang, t.unusable, `<h1>${escape(t.unusable)}</h1><p>${escape(reason)}</p><p><small lang="en">${escape(problem.message)}</small></p>`);
  }
  return layout(lang, t.thanks, `<h1>${escape(t.thanks)}</h1><p>${escape(result?.status === "given" ? t.given : t.refused)}</p>`);
}

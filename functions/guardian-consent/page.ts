// The guardian's page: plain HTML, no scripts, every value escaped.
export type Details = {
  talent: string;
  guardian_name: string;
  requested_by: string;
  expires_at: string;
  purposes: Array<{ purpose: string; notice_version: number; notice: string }>;
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const LABELS: Record<string, string> = {
  casting_visibility: "Show the profile to casting teams",
  contact_sharing: "Share contact details with casting teams of projects applied to",
};

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:1rem 0}small{color:#555}button{font-size:1rem;margin-right:1rem;padding:.5rem 1rem}</style></head>
<body>${body}</body></html>`;
}

export function requestPage(d: Details, token: string): string {
  const purposes = d.purposes.map((p) => `<label><input type="checkbox" name="purposes" value="${escape(p.purpose)}">
<strong>${escape(LABELS[p.purpose] ?? p.purpose)}</strong><br><small>${escape(p.notice)} (notice version ${p.notice_version})</small></label>`).join("\n");
  return layout("Consent for a child on CastMatch", `<h1>Consent for ${escape(d.talent)}</h1>
<p>Dear ${escape(d.guardian_name)}, ${escape(d.requested_by)} asked for your consent: ${escape(d.talent)} is under 18, and CastMatch
shows a child's profile to nobody until a guardian allows it. Tick what you allow. This link works until ${escape(new Date(d.expires_at).toUTCString())}.</p>
<form method="post"><input type="hidden" name="token" value="${escape(token)}">
${purposes}
<button type="submit" name="decision" value="give">I am the guardian and I consent</button>
<button type="submit" name="decision" value="refuse">I do not consent</button></form>`);
}

export function answerPage(result: { status: string } | null, problem: string | null): string {
  if (problem) return layout("Consent link", `<h1>This link cannot be used</h1><p>${escape(problem)}</p>`);
  return layout("Thank you", result?.status === "given"
    ? "<h1>Thank you</h1><p>Your consent is recorded. You or the child can withdraw it at any time.</p>"
    : "<h1>Thank you</h1><p>Nothing will be shown. The profile stays hidden from casting teams.</p>");
}

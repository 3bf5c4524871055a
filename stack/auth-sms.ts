// Where auth messages go. With a provider configured in [auth.sms] (or the Send SMS Hook), an SMS
// or WhatsApp code goes there, with India's DLT sender and template IDs; without one, nowhere off
// this machine. Either way the local outbox keeps a copy, as the Supabase CLI's mail catcher
// keeps every email, and lite's emails land there too (its email driver). The outbox is a page
// and a JSON endpoint on the gateway, which listens on loopback only.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { AuthPhoneConfig, SmsChannel, SmsType } from "./auth-config.ts";

export type OutboxMessage = {
  id: string;
  at: string;
  channel: SmsChannel | "email";
  to: string;
  /** sms/whatsapp: the text; email: subject and text. */
  subject?: string | undefined;
  body: string;
  /** What carried it: "outbox" (nothing left this machine), "twilio", "textlocal", "hook". */
  via: string;
  /** DLT IDs sent with it (India). */
  dlt?: { entity_id?: string | undefined; sender_id?: string | undefined; template_id?: string | undefined } | undefined;
  /** The provider's error, if it refused. */
  error?: string | undefined;
};

/** The last 500 messages, newest first, in memory (a local development aid, not a mail store). */
export class Outbox {
  readonly #messages: OutboxMessage[] = [];
  constructor(private readonly now: () => number = Date.now) {}

  add(message: Omit<OutboxMessage, "id" | "at">): OutboxMessage {
    const full = { id: randomUUID(), at: new Date(this.now()).toISOString(), ...message };
    this.#messages.unshift(full);
    this.#messages.length = Math.min(this.#messages.length, 500);
    return full;
  }

  list(to?: string | null): OutboxMessage[] {
    // ?to=+91… arrives as " 91…" (a query's "+" is a space): compare digits only.
    const wanted = to?.replace(/[\s+]/g, "");
    return this.#messages.filter((m) => !wanted || m.to.replace(/^\+/, "") === wanted);
  }

  /** lite's email driver: every email it would have sent. */
  emailDriver() {
    return {
      send: async (mail: { to: string; subject: string; text?: string; html?: string }) => {
        this.add({ channel: "email", to: mail.to, subject: mail.subject, body: mail.text ?? mail.html ?? "", via: "outbox" });
      },
    };
  }

  /** GET /_outbox (the page) and GET /_outbox/messages[?to=] (JSON); null for other paths. */
  handle(request: Request): Response | null {
    const url = new URL(request.url);
    if (request.method !== "GET" || !/^\/_outbox(\/messages)?\/?$/.test(url.pathname)) return null;
    const messages = this.list(url.searchParams.get("to"));
    if (url.pathname.startsWith("/_outbox/messages")) {
      return new Response(JSON.stringify(messages), { headers: { "content-type": "application/json" } });
    }
    const rows = messages.map((m) => `<tr><td>${esc(m.at)}</td><td>${esc(m.channel)}</td><td>${esc(m.to)}</td><td>${esc(m.via)}${m.error ? ` (failed: ${esc(m.error)})` : ""}</td>` +
      `<td>${m.subject ? `<b>${esc(m.subject)}</b><br>` : ""}<pre>${esc(m.body)}</pre>${m.dlt ? `<small>DLT ${esc(JSON.stringify(m.dlt))}</small>` : ""}</td></tr>`).join("\n");
    const page = `<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Outbox · CastMatch</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0}</style>
<h1>Outbox</h1><p>Every SMS, WhatsApp message and email the local stack would have sent (newest first; JSON: <a href="/_outbox/messages">/_outbox/messages</a>, filter with <code>?to=</code>).</p>
<table><tr><th>When</th><th>Channel</th><th>To</th><th>Via</th><th>Message</th></tr>
${rows || '<tr><td colspan="5">Nothing yet.</td></tr>'}</table></html>`;
    return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
  }
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type SmsMessage = {
  /** E.164 digits without "+", as GoTrue stores phones. */
  phone: string;
  channel: SmsChannel;
  type: SmsType;
  otp: string;
  text: string;
  /** The user, as the Send SMS Hook receives it. */
  user: Record<string, unknown>;
};

export class SmsSendError extends Error {}

/** Whether WhatsApp can be used: Twilio, the hook, or the local outbox (GoTrue allows it with Twilio only). */
export function channelAvailable(config: AuthPhoneConfig, channel: SmsChannel): boolean {
  if (channel === "sms") return true;
  const { twilio, textlocal, hook } = config.sms;
  return Boolean(twilio || hook || !textlocal);
}

/** Sends one auth SMS/WhatsApp message: to the first configured of hook, Twilio, Textlocal; to no
 *  one without any. The outbox records it either way. Returns the provider's message id. */
export async function sendSms(config: AuthPhoneConfig, outbox: Outbox, message: SmsMessage, fetcher: typeof fetch = fetch): Promise<string> {
  const { hook, twilio, textlocal, dlt } = config.sms;
  const dltIds = dlt.senderId || dlt.entityId || dlt.templates[message.type]
    ? { entity_id: dlt.entityId, sender_id: dlt.senderId, template_id: dlt.templates[message.type] } : undefined;
  const via = hook ? "hook" : twilio ? "twilio" : textlocal ? "textlocal" : "outbox";
  const record = (error?: string) => outbox.add({ channel: message.channel, to: `+${message.phone}`, body: message.text, via, dlt: dltIds, error });
  try {
    let id = "";
    if (hook) id = await sendViaHook(hook, message, dltIds, fetcher);
    else if (twilio) id = await sendViaTwilio(twilio, message, dltIds, fetcher);
    else if (textlocal) id = await sendViaTextlocal(textlocal, message, dltIds, fetcher);
    const recorded = record();
    return id || recorded.id;
  } catch (error) {
    record((error as Error).message);
    throw error instanceof SmsSendError ? error : new SmsSendError((error as Error).message);
  }
}

const TIMEOUT_MS = 10_000;

// Twilio's Messages API, as GoTrue calls it. WhatsApp goes to "whatsapp:+<phone>"; with a
// content_sid it uses that approved template and passes the code as variable 1. Twilio matches an
// Indian SMS to its registered DLT template by content; the IDs travel as Tags for the record.
async function sendViaTwilio(config: NonNullable<AuthPhoneConfig["sms"]["twilio"]>, m: SmsMessage, dlt: OutboxMessage["dlt"], fetcher: typeof fetch): Promise<string> {
  const whatsapp = m.channel === "whatsapp";
  const to = `${whatsapp ? "whatsapp:" : ""}+${m.phone}`;
  const from = whatsapp && /^\+?[1-9]\d{1,14}$/.test(config.messageServiceSid) ? `whatsapp:${config.messageServiceSid.startsWith("+") ? "" : "+"}${config.messageServiceSid}` : config.messageServiceSid;
  const form = new URLSearchParams({ To: to, Channel: m.channel, From: from });
  if (whatsapp && config.contentSid) {
    form.set("ContentSid", config.contentSid);
    form.set("ContentVariables", JSON.stringify({ 1: m.otp }));
  } else {
    form.set("Body", m.text);
  }
  if (dlt?.template_id) form.set("Tags", JSON.stringify({ dlt_template_id: dlt.template_id, dlt_entity_id: dlt.entity_id ?? "" }));
  const response = await fetcher(`${config.apiBase}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}` },
    body: form,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { sid?: string; status?: string; message?: string; error_message?: string; error_code?: string | number };
  if (response.status !== 200 && response.status !== 201) throw new SmsSendError(`twilio: ${body.message ?? response.status}`);
  if (body.status === "failed" || body.status === "undelivered") throw new SmsSendError(`twilio: ${body.error_message ?? body.status} ${body.error_code ?? ""}`.trim());
  return body.sid ?? "";
}

// Textlocal's /send, as GoTrue calls it; on an Indian account the sender is the DLT header
// (sender ID), which [auth.sms.dlt] sender_id overrides.
async function sendViaTextlocal(config: NonNullable<AuthPhoneConfig["sms"]["textlocal"]>, m: SmsMessage, dlt: OutboxMessage["dlt"], fetcher: typeof fetch): Promise<string> {
  if (m.channel !== "sms") throw new SmsSendError(`channel type "${m.channel}" is not supported for Textlocal`);
  const form = new URLSearchParams({ sender: dlt?.sender_id ?? config.sender, apikey: config.apiKey, message: m.text, numbers: m.phone });
  const response = await fetcher(`${config.apiBase}/send`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { status?: string; errors?: Array<{ code: number; message: string }>; messages?: Array<{ id: string }> };
  if (body.errors?.length || body.status !== "success") throw new SmsSendError(`textlocal: ${body.errors?.[0]?.message ?? `status ${body.status ?? response.status}`}`);
  return body.messages?.[0]?.id ?? "";
}

// The Send SMS Hook: a POST signed as Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature with the "v1,whsec_…" secret), the payload GoTrue sends ({ user, sms: { otp } })
// plus what an Indian gateway needs (phone, channel, the rendered text, DLT IDs). Any 2xx is success.
async function sendViaHook(config: NonNullable<AuthPhoneConfig["sms"]["hook"]>, m: SmsMessage, dlt: OutboxMessage["dlt"], fetcher: typeof fetch): Promise<string> {
  const id = `msg_${randomUUID()}`;
  const payload = JSON.stringify({
    user: m.user,
    sms: { otp: m.otp, sms_type: m.type, phone: m.phone, channel: m.channel, message: m.text, ...(dlt ? { dlt } : {}) },
  });
  const secret = config.secrets[0]!.replace(/^v1,/, "");
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(id, timestamp, payload);
  const response = await fetcher(config.uri, {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature },
    body: payload,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new SmsSendError(`send SMS hook answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  }
  await response.body?.cancel();
  return id;
}

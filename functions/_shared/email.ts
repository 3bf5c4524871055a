// Pluggable email delivery. EMAIL_PROVIDER=console (default: prints the message, for
// development) or webhook (POSTs {to, subject, text} as JSON to EMAIL_WEBHOOK_URL with
// EMAIL_WEBHOOK_TOKEN as a bearer token — the shape most transactional-mail APIs and relays take).
export type Email = { to: string; subject: string; text: string };
export interface EmailSender {
  readonly name: string;
  send(email: Email): Promise<void>;
}

export const consoleSender: EmailSender = {
  name: "console",
  send(email) {
    console.log(`[email] to ${email.to}: ${email.subject}`);
    return Promise.resolve();
  },
};

export function webhookSender(url: string, token?: string, doFetch: typeof fetch = fetch): EmailSender {
  return {
    name: "webhook",
    async send(email) {
      const response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(email),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`email webhook answered ${response.status}`);
    },
  };
}

export function senderFromEnv(env: (name: string) => string | undefined): EmailSender {
  const provider = env("EMAIL_PROVIDER") || "console";
  if (provider === "console") return consoleSender;
  if (provider === "webhook") {
    const url = env("EMAIL_WEBHOOK_URL");
    if (!url) throw new Error("EMAIL_PROVIDER=webhook needs EMAIL_WEBHOOK_URL");
    return webhookSender(url, env("EMAIL_WEBHOOK_TOKEN"));
  }
  throw new Error(`EMAIL_PROVIDER must be console or webhook, not "${provider}"`);
}

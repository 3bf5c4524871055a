// The test stack's outbox, as Supabase's local stack has a mail catcher: deliver-notifications
// sends through EMAIL_PROVIDER=webhook to this server (127.0.0.1), and tests read what a person
// was sent, as they would in their inbox.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Email = { to: string; subject: string; text: string; at: string };

export async function startMailbox(): Promise<{ url: string; stop(): Promise<void> }> {
  const inbox: Email[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/send") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        try {
          const mail = JSON.parse(body) as Omit<Email, "at">;
          inbox.push({ ...mail, at: new Date().toISOString() });
          res.writeHead(202).end();
        } catch {
          res.writeHead(400).end();
        }
      });
      return;
    }
    if (req.method === "GET" && url.pathname === "/messages") {
      const to = url.searchParams.get("to");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(inbox.filter((m) => !to || m.to === to)));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Waits (up to `ms`) for the first email to `to` matching `subject`, as the scheduler sends every 2 s. */
export async function waitForEmail(mailboxUrl: string, to: string, subject: RegExp, ms = 15_000): Promise<Email> {
  const deadline = Date.now() + ms;
  for (;;) {
    const inbox = (await (await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(to)}`)).json()) as Email[];
    const found = inbox.find((m) => subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${to} matching ${subject} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

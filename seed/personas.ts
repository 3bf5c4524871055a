import { createHash } from "node:crypto";
// The demo accounts `npm start` prints and the seed creates: one per persona.
// Development only: every demo account shares DEMO_PASSWORD.
export const DEMO_PASSWORD = "castmatch-demo";

// Admin actions need aal2 (sql/01_access.sql): the demo admin has authenticator factors already
// enrolled, with these TOTP secrets (base32 of fixed bytes; add one to an authenticator app, or
// compute codes with otplib). Several, so that sign-ins in the same 30 s window (tests in
// parallel) each have a code not yet used: a TOTP code is accepted once per factor.
export const DEMO_ADMIN_TOTP_SECRETS = Array.from({ length: 10 }, (_, i) => base32(createHash("sha1").update(`castmatch-demo-totp-${i}`).digest()));

// The demo phone login: the demo talent's number, with the fixed code of [auth.sms.test_otp].
export const DEMO_PHONE = { persona: "talent", phone: "+919800000001", code: "123456" };

function base32(bytes: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

export type Persona = {
  persona: string;
  email: string;
  fullName: string;
  /** Platform roles granted by the seed (vetted roles are granted as if an admin approved them). */
  roles: Array<"talent" | "agent" | "casting_director" | "producer" | "admin">;
  /** What the account can do in the demo data, printed next to the login. */
  about: string;
};

export const personas: Persona[] = [
  { persona: "admin", email: "admin@castmatch.test", fullName: "Asha Admin", roles: ["admin"],
    about: "approves role requests, reads everything and the audit log" },
  { persona: "casting_director", email: "cd@castmatch.test", fullName: "Kabir Malhotra", roles: ["casting_director"],
    about: "owns every demo project, including the confidential one" },
  { persona: "producer", email: "producer@castmatch.test", fullName: "Meera Kapoor", roles: ["producer"],
    about: "producer on Bombay Nights and Project Monsoon: shortlists and budgets" },
  { persona: "agent", email: "agent@castmatch.test", fullName: "Rohan Desai", roles: ["agent"],
    about: "Spotlight Talent Mumbai, representing the demo talent and 20 more" },
  { persona: "talent", email: "talent@castmatch.test", fullName: "Ananya Iyer", roles: ["talent"],
    about: "actor with a casting-only profile, submitted to Bombay Nights" },
  { persona: "viewer", email: "viewer@castmatch.test", fullName: "Farhan Sheikh", roles: [],
    about: "client viewer on Chai & Chaos: reads its roles and shortlists" },
  { persona: "outside_cd", email: "cd2@castmatch.test", fullName: "Nandini Rao", roles: ["casting_director"],
    about: "verified casting director on none of the demo projects" },
];

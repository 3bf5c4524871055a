import { DEMO_ADMIN_TOTP_SECRETS, DEMO_PASSWORD, DEMO_PHONE, personas } from "../seed/personas.ts";

export function demoLogins() {
  return personas.map((p) => ({ ...p, password: DEMO_PASSWORD }));
}

/** The demo phone login (a [auth.sms.test_otp] number) and the demo admin's first authenticator. */
export function demoPhoneLogin() {
  return { ...DEMO_PHONE, adminTotpSecret: DEMO_ADMIN_TOTP_SECRETS[0]! };
}

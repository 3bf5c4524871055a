import { DEMO_PASSWORD, personas } from "../seed/personas.ts";

export function demoLogins() {
  return personas.map((p) => ({ ...p, password: DEMO_PASSWORD }));
}

// The demo accounts `npm start` prints and the seed creates: one per persona.
// Development only: every demo account shares DEMO_PASSWORD.
export const DEMO_PASSWORD = "castmatch-demo";

export type Persona = { persona: string; email: string; fullName: string };

export const personas: Persona[] = [
  { persona: "admin", email: "admin@castmatch.test", fullName: "Asha Admin" },
  { persona: "casting_director", email: "cd@castmatch.test", fullName: "Kabir Malhotra" },
  { persona: "producer", email: "producer@castmatch.test", fullName: "Meera Kapoor" },
  { persona: "agent", email: "agent@castmatch.test", fullName: "Rohan Desai" },
  { persona: "talent", email: "talent@castmatch.test", fullName: "Ananya Iyer" },
];

// `npm run status`: the running stack's URLs and keys, in `supabase status -o env` form.
import { formatStatus, readRunning } from "./running.ts";

const running = readRunning();
if (!running) {
  console.error("CastMatch is not running: start it with `npm start`.");
  process.exit(1);
}
console.log(await formatStatus(running, process.argv.includes("--pretty") ? "pretty" : "env"));

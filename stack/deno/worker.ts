// Runs one edge function in its own Deno process, the way Supabase's edge runtime gives
// each function its own worker. The function file calls Deno.serve(handler); Deno binds it
// to DENO_SERVE_ADDRESS, which the host sets to a private loopback port.
//
// The host keeps our stdin open for its whole life. When it closes (the host stopped or was
// killed), we exit too, so no Deno process outlives the stack.
const entry = Deno.env.get("CASTMATCH_FUNCTION_ENTRY");
if (!entry) {
  console.error("CASTMATCH_FUNCTION_ENTRY is not set");
  Deno.exit(2);
}

(async () => {
  try {
    for await (const _chunk of Deno.stdin.readable) {
      // The host never writes; we only wait for end-of-file.
    }
  } finally {
    Deno.exit(0);
  }
})();

await import(entry);

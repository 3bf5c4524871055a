// Query parameters the database drivers can always send. PGlite and postgres.js serialize each
// parameter with the function for its PostgreSQL type; given a JavaScript value of another type
// (@supabase/lite passes request values through as they came: a number for a text[] argument,
// an array for a text column), a serializer throws ("Invalid input for string type",
// ERR_INVALID_ARG_TYPE: a 500) or returns a non-string. PGlite then writes that into the Bind
// message with a wrong length; the embedded backend answers "invalid message format" and stays
// in an aborted transaction, so every later request, from anyone, fails until a restart.
//
// Here every serializer falls back to text that PostgreSQL itself judges: `[]` for a boolean is
// refused with 22P02 (a 400), and `["x"]` for a text column is the text '["x"]', which is what
// PostgREST's json_populate_record makes of it.
//
// Plain JavaScript (with query-params.d.mts for TypeScript) so the REST worker threads
// (rest-worker.mjs, run by plain Node) use the same code as the main process.

const wrapped = new WeakMap();

/** @param {(value: unknown) => unknown} serialize */
function safe(serialize) {
  let wrapper = wrapped.get(serialize);
  if (!wrapper) {
    wrapper = (value) => {
      let text;
      try {
        text = serialize(value);
      } catch {
        text = undefined;
      }
      if (typeof text === "string" || text instanceof Uint8Array) return text;
      return typeof value === "object" && value !== null && !(value instanceof Date) ? JSON.stringify(value) : String(value);
    };
    wrapped.set(serialize, wrapper);
  }
  return wrapper;
}

/** The driver's serializer map, with every serializer (also those the driver adds later, for
 *  array types it learns) falling back to text. */
export function safeSerializers(serializers) {
  return new Proxy(serializers, {
    get: (map, key) => {
      const serialize = Reflect.get(map, key);
      return typeof serialize === "function" ? safe(serialize) : serialize;
    },
  });
}

// Types of query-params.mjs.
/** The driver's serializer map, with every serializer falling back to text PostgreSQL judges. */
export function safeSerializers<T extends object>(serializers: T): T;

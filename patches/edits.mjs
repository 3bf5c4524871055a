// Our edits to installed packages, applied by scripts/patch-deps.mjs on `npm install`.
//
// Each edit says why it exists and the upstream issue it would become; each change gives the
// exact text the installed file must contain once (`find`) and what replaces it (`replace`).
// Long texts are written as pieces, one per line here, and joined without separators: the
// installed file keeps its lines (PGlite ships source maps). When an upgrade changes a `find`,
// `npm install` stops and names the edit; see docs/patches.md for how to re-derive one.
//
// Written for @supabase/lite 0.10.0, @electric-sql/pglite 0.4.5 and kysely-postgres-js 3.0.0
// (the versions package.json and lite pin). Identifiers such as `e`, `t`, `sql` or `T(...)` are
// lite's own minified names in the file being edited.

/** @type {import("../scripts/patch-deps.mjs").Edit[]} */
export const edits = [
  {
    id: 'lite-keep-grants',
    package: '@supabase/lite',
    why: 'On the first request with RLS tables, lite ran GRANT ALL ON ALL TABLES (and sequences, and ' +
      'default privileges) to anon, authenticated and service_role in every schema that has an RLS table. ' +
      'That silently undid our column privileges and revoked operations (the RLS matrix tests them). The ' +
      'edit makes the loop iterate over no schema: the bootstrap and migrations own the grants, as on ' +
      'Supabase.',
    upstream: '@supabase/lite: do not GRANT ALL to the API roles on start-up (or make it opt-out): it widens a Supabase project\'s grants',
    changes: [
      {
        file: 'dist/db/postgres/PostgresConnection.js',
        find: 'for(let{nspname:t}of i.rows){',
        replace: 'for(let{nspname:t}of[]){',
      },
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: 'for(let{nspname:o}of s.rows){',
        replace: 'for(let{nspname:o}of[]){',
      },
    ],
  },
  {
    id: 'lite-one-statement-settings',
    package: '@supabase/lite',
    why: 'Each request set the role and the JWT claims with 4-5 separate statements (an RPC 5 more, plus ' +
      'SET LOCAL transaction_read_only), each a round trip. Now they are one `SELECT set_config(...), ' +
      'set_config(...)` statement. set_config(\'role\', ..., true) is SET LOCAL ROLE, so the extra SET LOCAL ' +
      'ROLE for custom roles goes. The statement starts with the comment `/* pipelined */`: the edited ' +
      'drivers (kysely-postgres-js and lite\'s PGlite driver, below) send it together with the request\'s ' +
      'next statement. applyJwtSessionContext takes a 4th argument: more settings for the same statement ' +
      '(an RPC\'s request settings and read-only flag).',
    upstream: '@supabase/lite: set the role and request.jwt.* settings in one set_config statement per request, not one per setting',
    changes: [
      {
        file: 'dist/db/postgres/PostgresConnection.js',
        find: [
          'async applyJwtSessionContext(e,s,i){let t=s.auth,o=t?.role||"anon",l=String(t?.uid??""),r=t?.jwt,c=s.storage?.operation;await sql`SELECT set_config(\'role\', ${o}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.jwt.claim.sub\', ${l}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.jwt.claim.role\', ${o}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'storage.operation\', ${String(c??"")}, true)`.execute(e)',
          ',i&&await sql.raw(`SET LOCAL ROLE ${F(o)}`).execute(e)',
          ',r&&typeof r=="object"&&await sql`SELECT set_config(\'request.jwt.claims\', ${JSON.stringify(r)}, true)`.execute(e);',
          '}async applyRpcRequestGucs(e,s){await sql`SELECT set_config(\'response.status\', \'\', true)`.execute(e)',
          ',await sql`SELECT set_config(\'response.headers\', \'\', true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.method\', ${s.method}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.path\', ${s.path}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.headers\', ${JSON.stringify(s.requestHeaders??{})}, true)`.execute(e);}',
        ],
        replace: [
          'async applyJwtSessionContext(e,t,s,x){',
          'let o=t.auth,a=o?.role||"anon",r=o?.jwt,',
          'q=[',
          '["role",a],',
          '["request.jwt.claim.sub",String(o?.uid??"")],',
          '["request.jwt.claim.role",a],',
          '["storage.operation",String(t.storage?.operation??"")]];',
          'r&&typeof r=="object"&&q.push(["request.jwt.claims",JSON.stringify(r)]),',
          'x&&q.push(...x),',
          'await this.setConfigs(e,q);',
          '}async setConfigs(e,t){',
          'await sql`/* pipelined */ SELECT ${sql.join(t.map(([s,o])=>sql`set_config(${s}, ${o}, true)`))}`.execute(e);',
          '}rpcRequestGucs(e){',
          'let t=[["response.status",""],["response.headers",""],["request.method",e.method],["request.path",e.path],["request.headers",JSON.stringify(e.requestHeaders??{})]];',
          'return e.readOnly&&t.push(["transaction_read_only","on"]),t',
          '}async applyRpcRequestGucs(e,t){',
          'await this.setConfigs(e,this.rpcRequestGucs(t));}',
        ],
      },
      {
        file: 'dist/db/postgres/PostgresConnection.js',
        find: [
          'e&&(o||c)&&await this.applyJwtSessionContext(g,e,c),await this.applyRpcRequestGucs(g,p),p.readOnly&&await sql`SET LOCAL transaction_read_only = on`.execute(g);',
        ],
        replace: [
          'let q=this.rpcRequestGucs(p);',
          'e&&(o||c)?await this.applyJwtSessionContext(g,e,c,q):await this.setConfigs(g,q);',
        ],
      },
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: [
          'async applyJwtSessionContext(e,t,s){let o=t.auth,a=o?.role||"anon",c=String(o?.uid??""),r=o?.jwt,l=t.storage?.operation;await sql`SELECT set_config(\'role\', ${a}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.jwt.claim.sub\', ${c}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.jwt.claim.role\', ${a}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'storage.operation\', ${String(l??"")}, true)`.execute(e)',
          ',s&&await sql.raw(`SET LOCAL ROLE ${ne(a)}`).execute(e)',
          ',r&&typeof r=="object"&&await sql`SELECT set_config(\'request.jwt.claims\', ${JSON.stringify(r)}, true)`.execute(e);',
          '}async applyRpcRequestGucs(e,t){await sql`SELECT set_config(\'response.status\', \'\', true)`.execute(e)',
          ',await sql`SELECT set_config(\'response.headers\', \'\', true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.method\', ${t.method}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.path\', ${t.path}, true)`.execute(e)',
          ',await sql`SELECT set_config(\'request.headers\', ${JSON.stringify(t.requestHeaders??{})}, true)`.execute(e);}',
        ],
        replace: [
          'async applyJwtSessionContext(e,t,s,x){',
          'let o=t.auth,a=o?.role||"anon",r=o?.jwt,',
          'q=[',
          '["role",a],',
          '["request.jwt.claim.sub",String(o?.uid??"")],',
          '["request.jwt.claim.role",a],',
          '["storage.operation",String(t.storage?.operation??"")]];',
          'r&&typeof r=="object"&&q.push(["request.jwt.claims",JSON.stringify(r)]),',
          'x&&q.push(...x),',
          'await this.setConfigs(e,q);',
          '}async setConfigs(e,t){',
          'await sql`/* pipelined */ SELECT ${sql.join(t.map(([s,o])=>sql`set_config(${s}, ${o}, true)`))}`.execute(e);',
          '}rpcRequestGucs(e){',
          'let t=[["response.status",""],["response.headers",""],["request.method",e.method],["request.path",e.path],["request.headers",JSON.stringify(e.requestHeaders??{})]];',
          'return e.readOnly&&t.push(["transaction_read_only","on"]),t',
          '}async applyRpcRequestGucs(e,t){',
          'await this.setConfigs(e,this.rpcRequestGucs(t));}',
        ],
      },
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: [
          'e&&(a||l)&&await this.applyJwtSessionContext(p,e,l),await this.applyRpcRequestGucs(p,f),f.readOnly&&await sql`SET LOCAL transaction_read_only = on`.execute(p);',
        ],
        replace: [
          'let q=this.rpcRequestGucs(f);',
          'e&&(a||l)?await this.applyJwtSessionContext(p,e,l,q):await this.setConfigs(p,q);',
        ],
      },
    ],
  },
  {
    id: 'lite-pglite-pipelined',
    package: '@supabase/lite',
    why: 'On PGlite every statement is a query of its own (~0.1-0.2 ms apiece). BEGIN, and a statement ' +
      'marked `/* pipelined */` whose parameters are all text, now wait and run as one simple-protocol ' +
      'exec() together with the transaction\'s next statement (parameters inlined as quoted literals; a ' +
      'text containing NUL is never inlined). COMMIT and ROLLBACK use exec() too. A transaction that ran ' +
      'nothing else runs nothing. An error in the batch is reported as the next statement\'s error (it ' +
      'did not run: same aborted transaction).',
    upstream: '@supabase/lite (PGlite driver): batch BEGIN and the per-request settings with the first statement',
    changes: [
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: '} catch {}\nvar B=class{',
        replace: [
          '} catch {}\n',
          'var cmInline=e=>e.sql.startsWith("/* pipelined */")&&e.parameters.every(t=>typeof t=="string"&&!t.includes("\\0"))?e.sql.replace(/\\$(\\d+)/g,(t,s)=>"\'"+e.parameters[Number(s)-1].replaceAll("\'","\'\'")+"\'"):null;',
          'var B=class{',
        ],
      },
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: [
          'async beginTransaction(e,t){await e.executeQuery(CompiledQuery.raw("BEGIN"));',
          '}async commitTransaction(e){await e.executeQuery(CompiledQuery.raw("COMMIT"));',
          '}async rollbackTransaction(e){await e.executeQuery(CompiledQuery.raw("ROLLBACK"));}',
        ],
        replace: [
          'async beginTransaction(e,t){e.cmDeferred=["BEGIN"];}',
          'async commitTransaction(e){if(e.cmDeferred?.[0]==="BEGIN")return void(e.cmDeferred=null);await e.cmExec("COMMIT");}',
          'async rollbackTransaction(e){if(e.cmDeferred?.[0]==="BEGIN")return void(e.cmDeferred=null);await e.cmExec("ROLLBACK");}',
        ],
      },
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: 'D=class{#e;constructor(e){this.#e=e;}async executeQuery(e){',
        replace: [
          'D=class{#e;cmDeferred=null;constructor(e){this.#e=e;}',
          'async cmExec(e){let t=this.cmDeferred;this.cmDeferred=null,await this.#e.exec(t?.length?[...t,e].join(";\\n"):e);}',
          'async executeQuery(e){if(this.cmDeferred){let r=cmInline(e);if(r)return this.cmDeferred.push(r),{rows:[]};',
          'let o=this.cmDeferred;this.cmDeferred=null,await this.#e.exec(o.join(";\\n"));}',
        ],
      },
    ],
  },
  {
    id: 'lite-pglite-transaction-lock',
    package: '@supabase/lite',
    why: 'PGlite is one session, and lite\'s PGlite driver took PGlite\'s lock per statement, not per ' +
      'transaction: concurrent requests ran inside each other\'s transactions. Measured with 200 concurrent ' +
      'kysely transactions, a third of them failing: 199 of 200 answered "current transaction is aborted" ' +
      '(CI saw the same 500s under load), and a request\'s statement could run under another request\'s ' +
      'role and claims. Now a transaction runs in PGlite.transaction(), which holds the transaction lock from ' +
      'its first statement to COMMIT or ROLLBACK, as kysely\'s SQLite driver holds its mutex; the deferred ' +
      'BEGIN of lite-pglite-pipelined opens it, so a transaction that ran nothing still takes no lock. ' +
      'Statements outside a transaction keep taking the lock one at a time.',
    upstream: '@supabase/lite (PGlite driver): hold PGlite\'s transaction lock for a whole kysely transaction, so concurrent requests cannot interleave on the one session',
    changes: [
      {
        file: 'dist/db/postgres/pglite/PgliteConnection.js',
        find: [
          'D=class{#e;cmDeferred=null;constructor(e){this.#e=e;}',
          'async cmExec(e){let t=this.cmDeferred;this.cmDeferred=null,await this.#e.exec(t?.length?[...t,e].join(";\\n"):e);}',
          'async executeQuery(e){if(this.cmDeferred){let r=cmInline(e);if(r)return this.cmDeferred.push(r),{rows:[]};',
          'let o=this.cmDeferred;this.cmDeferred=null,await this.#e.exec(o.join(";\\n"));}',
          'let t=await this.#e.query(e.sql,[...e.parameters])',
        ],
        replace: [
          'D=class{#e;cmDeferred=null;cmTx=null;cmEnd=null;cmDone=null;constructor(e){this.#e=e;}',
          // opens PGlite.transaction() and keeps its callback (and so the lock) open until cmExec ends it
          'async cmBegin(){let e=this.#e;await new Promise((t,s)=>{this.cmDone=e.transaction(o=>new Promise((r,l)=>{this.cmTx=o,this.cmEnd=[r,l],t()})),this.cmDone.catch(s)})}',
          // COMMIT: the callback returns (PGlite commits); ROLLBACK: it throws a marker (PGlite rolls back)
          'async cmExec(e){this.cmDeferred=null;let t=this.cmTx,s=this.cmEnd,o=this.cmDone,r={};if(!t)return;this.cmTx=this.cmEnd=this.cmDone=null,e==="COMMIT"?s[0]():s[1](r),await o.catch(l=>{if(l!==r)throw l})}',
          'async executeQuery(e){if(this.cmDeferred){let r=cmInline(e);if(r)return this.cmDeferred.push(r),{rows:[]};',
          'let o=this.cmDeferred;this.cmDeferred=null,o[0]==="BEGIN"&&(await this.cmBegin(),o=o.slice(1)),o.length&&await(this.cmTx??this.#e).exec(o.join(";\\n"));}',
          'let t=await(this.cmTx??this.#e).query(e.sql,[...e.parameters])',
        ],
      },
    ],
  },
  {
    id: 'lite-jwt-cache',
    package: '@supabase/lite',
    why: 'Every request paid WebCrypto\'s importKey + HMAC to verify the same HS256 JWT again (~15 % of the ' +
      'REST layer\'s CPU, measured). A verified token\'s payload is remembered per secret until its exp (and ' +
      'not before its nbf); at 10,000 entries the map is cleared at once. Used by the REST handler (go) ' +
      'and by GoTrue\'s token check (Lh).',
    upstream: '@supabase/lite: cache verified JWTs until exp instead of verifying with WebCrypto on every request',
    changes: [
      {
        file: 'dist/index.js',
        find: 'async function go(t,e){',
        replace: [
          'var cmJwtCache=new Map;',
          'async function cmJwtVerify(t,e){',
          'let n=e+"\\0"+t,r=cmJwtCache.get(n),s=Date.now()/1e3;',
          'if(r&&(r.exp===void 0||r.exp>s)&&(r.nbf===void 0||r.nbf<=s))return {payload:{...r}};',
          'let i=await jwtVerify(t,new TextEncoder().encode(e),{algorithms:["HS256"]});',
          'return cmJwtCache.size>=1e4&&cmJwtCache.clear(),cmJwtCache.set(n,i.payload),{payload:{...i.payload}}}',
          'async function go(t,e){',
        ],
      },
      {
        file: 'dist/index.js',
        find: 'let s=new TextEncoder().encode(e.jwtSecret),{payload:i}=await jwtVerify(n,s,{algorithms:["HS256"]})',
        replace: 'let{payload:i}=await cmJwtVerify(n,e.jwtSecret)',
      },
      {
        file: 'dist/index.js',
        find: 'let s=new TextEncoder().encode(e);try{let{payload:i}=await jwtVerify(t,s,{algorithms:["HS256"]})',
        replace: 'try{let{payload:i}=await cmJwtVerify(t,e)',
      },
    ],
  },
  {
    id: 'lite-response-schema-map-cache',
    package: '@supabase/lite',
    why: 'The response schema map depends only on the (cached, unchanging) introspection, the deparse schema ' +
      'and the dialect, but it was rebuilt from every column of every table on each request (~10 % of a ' +
      'request\'s CPU). It is now remembered per introspection object (a WeakMap); callers only read it.',
    upstream: '@supabase/lite: build the response schema map once per schema cache, not per request',
    changes: [
      {
        file: 'dist/index.js',
        find: 'function wm(t,e,n){',
        replace: [
          'var cmWm=new WeakMap;',
          'function wm(t,e,n){',
          'let c=e&&typeof e=="object"?cmWm.get(e):void 0;',
          'if(c&&c.t===t&&c.n===n)return c.m;',
          'let m=cmWmBuild(t,e,n);',
          'return e&&typeof e=="object"&&cmWm.set(e,{t,n,m}),m}',
          'function cmWmBuild(t,e,n){',
        ],
      },
    ],
  },
  {
    id: 'lite-rest-skips-session-middleware',
    package: '@supabase/lite',
    why: 'GoTrue\'s session middleware ran on every request but storage\'s: for REST it verified the JWT a ' +
      'second time and queried the user and the session, and the REST handler never used the result (it ' +
      'verifies its JWT itself, as PostgREST does). REST paths now skip it, as storage paths did.',
    upstream: '@supabase/lite: don\'t run the auth session middleware on /rest/v1 (its result is unused there)',
    changes: [
      {
        file: 'dist/index.js',
        find: 'if(new URL(e.req.url).pathname.startsWith("/storage/v1/"))',
        replace: 'if((r=>r.startsWith("/storage/v1/")||r.startsWith("/rest/v1/"))(new URL(e.req.url).pathname))',
      },
    ],
  },
  {
    id: 'lite-rest-error-status',
    package: '@supabase/lite',
    why: 'PostgREST answers integrity errors (SQLSTATE class 23, e.g. 23514 from our rule triggers) and ' +
      'RAISE (P0001) with 400 and the code, message and hint; lite answered 500 "SUP" for all but 23502. ' +
      'Program-limit errors (class 54: a select of more than 1,664 columns, JSON nested too deep) are ' +
      'caused by the request: 400 as well.',
    upstream: '@supabase/lite: map SQLSTATE class 23, P0001 and class 54 to 400 as PostgREST does',
    changes: [
      {
        file: 'dist/index.js',
        find: 'a==="21"||o.code==="23502")',
        replace: 'a==="21"||a==="23"||o.code==="P0001"||a==="54")',
      },
    ],
  },
  {
    id: 'lite-quiet-client-errors',
    package: '@supabase/lite',
    why: 'Every database error was printed to stderr, including those answered 4xx: a refused write is the ' +
      'client\'s answer, not a server problem. Only errors outside these classes are printed now: ' +
      'integrity (21-23), syntax/privilege (42 but 42P17), RAISE (P0), PT/PGRST codes, 0L, 0P, 28, and a ' +
      'write in a read-only GET (25006).',
    upstream: '@supabase/lite: don\'t console.error database errors that are answered 4xx',
    changes: [
      {
        file: 'dist/index.js',
        find: 'if(console.error(o),o instanceof Kn)',
        replace: 'if(!(typeof o?.code=="string"&&/^(2[1-3]|42(?!P17)|P0|PT|PG|0L|0P|28|25006)/.test(o.code))&&console.error(o),o instanceof Kn)',
      },
    ],
  },
  {
    id: 'lite-write-body-shapes',
    package: '@supabase/lite',
    why: 'A write body of a scalar (`0`, `"x"`) reached SQL and was a syntax error (500); it is now PGRST102 ' +
      '"Empty or invalid json" (400). An update of `[]` or `[{}]` sets nothing and is answered as `{}` ' +
      'already was, instead of a SQL syntax error. Found by tests/api/fuzz.test.ts.',
    upstream: '@supabase/lite: scalar JSON bodies and empty array updates are 500s (SQL syntax errors)',
    changes: [
      {
        file: 'dist/index.js',
        find: 'e.values===null))return T(400,"PGRST102"',
        replace: 'e.values===null||typeof e.values!="object"))return T(400,"PGRST102"',
      },
      {
        file: 'dist/index.js',
        find: '!Array.isArray(e.values)&&Object.keys(e.values).length===0)',
        replace: 'Object.keys(Array.isArray(e.values)?e.values[0]??{}:e.values).length===0)',
      },
    ],
  },
  {
    id: 'lite-nested-too-deep',
    package: '@supabase/lite',
    why: 'A stack overflow (RangeError "Maximum call stack size exceeded") in a REST request comes from the ' +
      'request\'s shape, e.g. an RPC body of thousands of nested arrays; it answered 500. Now 400 PGRST100.',
    upstream: '@supabase/lite: deeply nested request bodies overflow the stack and answer 500',
    changes: [
      {
        file: 'dist/index.js',
        find: 'if(t instanceof ge){let a=`"',
        replace: [
          'if(t instanceof RangeError&&/call stack/i.test(t.message))return T(400,"PGRST100","The request is nested too deeply to be read",t.message,null);',
          'if(t instanceof ge){let a=`"',
        ],
      },
    ],
  },
  {
    id: 'lite-nul-in-url',
    package: '@supabase/lite',
    why: 'lite writes parts of the URL (JSON paths, aliases, casts) into SQL text, where a NUL (%00) breaks ' +
      'the wire protocol: a 500. It is answered as Postgres would answer the value, 400 22021.',
    upstream: '@supabase/lite: %00 in a REST URL reaches SQL text and answers 500',
    changes: [
      {
        file: 'dist/index.js',
        find: '.notFound();let{relation:o,isRpc:a}=r;',
        replace: [
          '.notFound();if(n.req.url.includes("%00"))return T(400,"22021",\'invalid byte sequence for encoding "UTF8": 0x00\',"the URL contains a NUL character (%00)",null);',
          'let{relation:o,isRpc:a}=r;',
        ],
      },
    ],
  },
  {
    id: 'lite-json-404',
    package: '@supabase/lite',
    why: 'An unrouted method or path answered a text/plain "404 Not Found"; every other error is JSON, so ' +
      'clients that parse the body broke. It is a JSON error naming the method and path now.',
    upstream: '@supabase/lite: answer unrouted requests with a JSON error body',
    changes: [
      {
        file: 'dist/index.js',
        find: 'Ew=t=>t.text("404 Not Found",404)',
        replace: 'Ew=t=>t.json({error:"not_found",message:`no route for ${t.req.method} ${t.req.path}`},404)',
      },
    ],
  },
  {
    id: 'lite-auth-json-405',
    package: '@supabase/lite',
    why: 'GoTrue routes answered a wrong method with 405 and no body; every other auth error has GoTrue\'s ' +
      'JSON shape ({code, error_code, msg}). Now so does the 405.',
    upstream: '@supabase/lite: auth 405 responses have no JSON body',
    changes: [
      {
        file: 'dist/index.js',
        find: 'e.body(null,405))',
        replace: 'e.json({code:405,error_code:"method_not_allowed",msg:`${e.req.method} is not allowed here; use ${t}`},405))',
      },
    ],
  },
  {
    id: 'lite-oauth-bad-form',
    package: '@supabase/lite',
    why: 'An unparsable form body on the OAuth callback threw (500). It is now treated as no form, so the ' +
      'state check refuses it (4xx).',
    upstream: '@supabase/lite: OAuth callback answers 500 to an unparsable form body',
    changes: [
      {
        file: 'dist/index.js',
        find: 'await t.req.parseBody();r=',
        replace: 'await t.req.parseBody().catch(()=>({}));r=',
      },
    ],
  },
  {
    id: 'lite-auth-body-types',
    package: '@supabase/lite',
    why: 'GoTrue decodes a body into a typed Go struct: `null` is an empty body, and any other shape (`[]`, ' +
      'a number) or a field of the wrong type (a number for email) is bad_json, 400. lite threw ' +
      'TypeErrors (500) on them. The parsed body now goes through castmatchAuthBody, which answers as ' +
      'GoTrue does and refuses NUL characters in strings (400). Found by tests/api/fuzz.test.ts.',
    upstream: '@supabase/lite: auth bodies of the wrong JSON shape or field types answer 500 instead of 400 bad_json',
    changes: [
      {
        file: 'dist/index.js',
        find: 'try{return JSON.parse(n)}',
        replace: 'try{n=JSON.parse(n)}',
      },
      {
        file: 'dist/index.js',
        find: '${s}`)}}function Is(',
        replace: [
          '${s}`)',
          '}return castmatchAuthBody(n)',
          '}function castmatchAuthBody(t){',
          'let e=n=>n===null?"null":Array.isArray(n)?"array":typeof n;',
          'if(t===null)return {};',
          'if(typeof t!="object"||Array.isArray(t))throw _s(`Could not parse request body as JSON: json: cannot unmarshal ${e(t)} into Go value of type map[string]interface {}`);',
          'for(let[n,r]of Object.entries(t))if(r!==null&&(["email","phone","password","refresh_token","auth_code","code_verifier","token","token_hash","type","scope","provider","id_token","nonce","redirect_to","channel"].includes(n)&&typeof r!="string"||["data","options","gotrue_meta_security"].includes(n)&&e(r)!="object"||n==="create_user"&&typeof r!="boolean"))throw _s(`Could not parse request body as JSON: json: cannot unmarshal ${e(r)} into Go struct field .${n} of type ${["data","options","gotrue_meta_security"].includes(n)?"map[string]interface {}":n==="create_user"?"bool":"string"}`);',
          'for(let[n,r]of Object.entries(t))if(typeof r=="string"&&r.includes("\\0"))throw K(`${n} must not contain a NUL character`,400);',
          'return t}',
          'function Is(',
        ],
      },
    ],
  },
  {
    id: 'pglite-parsers-copy',
    package: '@electric-sql/pglite',
    why: 'Every query copied all registered type parsers (hundreds) into a new object, ~18 % of an embedded ' +
      'API request\'s CPU. Now the copy happens only when the query brings parsers of its own.',
    upstream: 'pglite: don\'t copy the type parser map on every query unless the query passes its own parsers',
    changes: [
      {
        file: 'dist/chunk-ACJ7KGEC.js',
        find: 'm={...e,...n?.parsers};',
        replace: 'm=n?.parsers?{...e,...n.parsers}:e;',
      },
    ],
  },
  {
    id: 'pglite-socket-transaction-lock',
    package: '@electric-sql/pglite-socket',
    why: 'The Postgres wire bridge (npm start\'s DB port: SQL tools, after_seed scripts, functions\' ' +
      'SUPABASE_DB_URL, tests) ran each client message under PGlite\'s query lock only. PGlite is one ' +
      'session, so a bridge client\'s open transaction and the API\'s transactions ran inside each other. ' +
      'Measured: a write a bridge client rolled back was committed by an API request\'s COMMIT (and Realtime ' +
      'delivered it). Also, while an in-process transaction was open, isInTransaction() made the queue wait ' +
      'for the last bridge client and stop, and a message that threw left `processing` set: both stalled ' +
      'the bridge. Now the queue takes PGlite\'s transaction lock before it runs a message and gives one ' +
      'client the session until that client is at a sync point outside a transaction (after a simple ' +
      'query, a Sync or a start-up message): no other client\'s message, and no in-process query, runs ' +
      'inside its transaction or between its Parse and its Sync, which is what lets the stack accept more ' +
      'than one client. A client idling in a transaction therefore holds up the API, as one session must. ' +
      'A client idle in a transaction for castmatchIdleMs (set by the stack) is ended through castmatchEnd, ' +
      'as PostgreSQL\'s idle_in_transaction_session_timeout would. ' +
      'A message that throws is rejected and the queue goes on. A client that leaves is ended with a Sync, a ROLLBACK and the statement the stack gives as castmatchReset (its own ' +
      'session settings back: a client\'s SET ROLE stayed with the API, measured: REST answered "relation does ' +
      'not exist" after a client set search_path), queued as its last messages (the old exec() would wait ' +
      'for the lock that client holds). Only the ES module build is edited (the stack imports it).',
    upstream: '@electric-sql/pglite-socket: hold the PGlite transaction lock while a socket client is in a transaction or an extended-query sequence, and keep the queue going after a failed message',
    changes: [
      {
        file: 'dist/chunk-NSUMFCRM.js',
        find: 'for(this.processing=!0;this.queue.length>0;){let s;if(this.db.isInTransaction()&&this.lastHandlerId){let t=this.queue.findIndex(r=>r.handlerId===this.lastHandlerId);',
        replace: 'for(this.processing=!0;this.queue.length>0;){await this.castmatchHold();let s;if(this.castmatchOwner!=null){let t=this.queue.findIndex(r=>r.handlerId===this.castmatchOwner);',
      },
      {
        file: 'dist/chunk-NSUMFCRM.js',
        find: 'if(!s)break;let e=Date.now()-s.timestamp;',
        replace: 'if(!s)break;this.castmatchRunning=s.handlerId;let e=Date.now()-s.timestamp;',
      },
      {
        file: 'dist/chunk-NSUMFCRM.js',
        find: 's.reject(t);return}this.log(`query from handler #${s.handlerId} completed, ${i} bytes`),this.lastHandlerId=s.handlerId,s.resolve(i)}',
        replace: 's.reject(t),this.castmatchAfter(s);continue}this.log(`query from handler #${s.handlerId} completed, ${i} bytes`),this.lastHandlerId=s.handlerId,this.castmatchAfter(s),s.resolve(i)}',
      },
      {
        file: 'dist/chunk-NSUMFCRM.js',
        find: 'getQueueLength(){return this.queue.length}',
        replace: [
          'castmatchRelease=null;castmatchOwner=null;castmatchRunning=null;castmatchTimer=void 0;castmatchIdleMs=0;',
          'async castmatchHold(){this.castmatchRelease||await new Promise(o=>{this.db._runExclusiveTransaction(()=>new Promise(r=>{this.castmatchRelease=r,o()}))})}',
          'castmatchLet(){if(this.castmatchRelease){let r=this.castmatchRelease;this.castmatchRelease=null,r()}}',
          // sync points: a start-up packet (its first byte is its length's), Q (simple query), S (Sync), X (Terminate)
          'castmatchAfter(s){let k=s.message[0];this.castmatchRunning=null,clearTimeout(this.castmatchTimer),this.castmatchOwner=this.db.isInTransaction()||![0,81,83,88].includes(k)?s.handlerId:null,this.castmatchOwner==null?this.castmatchLet():this.castmatchIdleMs>0&&this.db.isInTransaction()&&(this.castmatchTimer=setTimeout(()=>this.castmatchIdle(s.handlerId),this.castmatchIdleMs)).unref?.()}',
          // idle in a transaction for castmatchIdleMs (nothing queued or running): castmatchEnd, which
          // the stack sets, ends that client (as idle_in_transaction_session_timeout does)
          'castmatchIdle(h){this.castmatchOwner!==h||this.castmatchRunning===h||this.queue.some(q=>q.handlerId===h)||this.castmatchEnd?.(h)}',
          'getQueueLength(){return this.queue.length}',
        ],
      },
      {
        file: 'dist/chunk-NSUMFCRM.js',
        find: 'async clearTransactionIfNeeded(s){this.db.isInTransaction()&&this.lastHandlerId===s&&(await this.db.exec("ROLLBACK"),this.lastHandlerId=null,await this.processQueue())}',
        // The leaving client's last messages, queued like its others (so they run in its turn, under
        // the lock): a Sync, a ROLLBACK (a warning outside a transaction), and `castmatchReset`, which
        // the stack sets to put the session's settings back (a client's SET ROLE or search_path
        // would otherwise stay with the API).
        replace: [
          'castmatchQuery(t){let b=new TextEncoder().encode(t+"\\0"),m=new Uint8Array(5+b.length);return m[0]=81,new DataView(m.buffer).setInt32(1,4+b.length),m.set(b,5),m}',
          'async clearTransactionIfNeeded(s){let m=[new Uint8Array([83,0,0,0,4]),this.castmatchQuery("ROLLBACK")];this.castmatchReset&&m.push(this.castmatchQuery(this.castmatchReset));',
          'let p=m.map(t=>new Promise(r=>{this.queue.push({handlerId:s,message:t,resolve:r,reject:r,timestamp:Date.now(),onData:()=>{}})}));',
          'this.processQueue(),await Promise.all(p)}',
        ],
      },
    ],
  },
  {
    id: 'kysely-prepared-and-pipelined',
    package: 'kysely-postgres-js',
    why: 'Two changes to the postgres.js driver lite uses for native Postgres. (1) Statements are prepared ' +
      '(named, parsed and planned once per connection) as the postgres.js instance\'s `prepare` option ' +
      'says (true by default): `unsafe()` alone never prepares, so each parameterised statement was a ' +
      'Parse/Describe round trip before its execution, and stopped the pipeline. (2) A plain BEGIN, and ' +
      'statements marked `/* pipelined */` (whose results nobody reads: lite\'s role and claims settings), ' +
      'are not sent on their own: they are written together with the connection\'s next statement, in ' +
      'order (postgres.js pipelines them: one write and one wake-up of the server instead of a round trip ' +
      'each). An error in one of them is reported as the error of the statement they went with, which then ' +
      'did not run (same, now aborted, transaction). A transaction that ran nothing else sends nothing.',
    upstream: 'kysely-postgres-js: honour postgres.js\'s `prepare` option in executeQuery (unsafe() never prepares); (2) is ours only',
    changes: [
      {
        file: 'dist/index.js',
        find: 'var RELEASE_CONNECTION_SYMBOL = Symbol("release");\n',
        replace: `var RELEASE_CONNECTION_SYMBOL = Symbol("release");
var DEFERRED_SYMBOL = Symbol("deferred");
var BEGIN = "begin";
var PIPELINED = "/* pipelined */";
`,
      },
      {
        file: 'dist/index.js',
        find: 'new PostgresJSConnection(reservedConnection);',
        replace: 'new PostgresJSConnection(reservedConnection, this.#postgres.options?.prepare !== false);',
      },
      {
        file: 'dist/index.js',
        find: '    connection[RELEASE_CONNECTION_SYMBOL]();\n  }\n};',
        replace: `    connection[DEFERRED_SYMBOL] = null;
    connection[RELEASE_CONNECTION_SYMBOL]();
  }
  async beginTransaction(connection, settings) {
    if (settings.isolationLevel || settings.accessMode) return super.beginTransaction(connection, settings);
    (connection[DEFERRED_SYMBOL] ??= []).push(BEGIN);
  }
  async commitTransaction(connection) {
    if (connection[DEFERRED_SYMBOL]?.includes(BEGIN)) return void (connection[DEFERRED_SYMBOL] = null);
    return super.commitTransaction(connection);
  }
  async rollbackTransaction(connection) {
    if (connection[DEFERRED_SYMBOL]?.includes(BEGIN)) return void (connection[DEFERRED_SYMBOL] = null);
    return super.rollbackTransaction(connection);
  }
};`,
      },
      {
        file: 'dist/index.js',
        find: 'constructor(reservedConnection) {\n    this.#reservedConnection = reservedConnection;\n  }\n  async executeQuery(compiledQuery) {\n    const result = await this.#reservedConnection.unsafe(compiledQuery.sql, [\n      ...compiledQuery.parameters\n    ]);',
        replace: `#options;
  constructor(reservedConnection, prepare = true) {
    this.#reservedConnection = reservedConnection;
    this.#options = { prepare };
  }
  async executeQuery(compiledQuery) {
    if (compiledQuery.sql.startsWith(PIPELINED)) {
      (this[DEFERRED_SYMBOL] ??= []).push(compiledQuery);
      return { rows: [] };
    }
    const deferred = this[DEFERRED_SYMBOL] ?? [];
    this[DEFERRED_SYMBOL] = null;
    const ahead = deferred.map((q) => q === BEGIN ? this.#reservedConnection.unsafe(BEGIN).execute() : this.#reservedConnection.unsafe(q.sql, [...q.parameters], this.#options).execute());
    const query = this.#reservedConnection.unsafe(compiledQuery.sql, [
      ...compiledQuery.parameters
    ], this.#options);
    if (ahead.length) {
      query.execute();
      for (const sent of ahead) {
        try {
          await sent;
        } catch (error) {
          for (const other of [...ahead, query]) other.catch(() => {});
          throw error;
        }
      }
    }
    const result = await query;`,
      },
    ],
  },
];

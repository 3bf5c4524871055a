// Calls an edge function of the test stack the way a client app does (apikey, optional user
// JWT or service key), and reads the JSON answer.
type Stack = { apiUrl: string; publishableKey: string };

// body is whatever JSON the function answered; tests index into it freely
export type FunctionAnswer = { status: number; headers: Headers; body: any };

export async function callFunction(
  stack: Stack,
  name: string,
  body: unknown,
  bearer: string | null,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<FunctionAnswer> {
  const method = options.method ?? "POST";
  const response = await fetch(`${stack.apiUrl}/functions/v1/${name}`, {
    method,
    headers: {
      apikey: stack.publishableKey,
      "content-type": "application/json",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...options.headers,
    },
    ...(method === "GET" || method === "OPTIONS" ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

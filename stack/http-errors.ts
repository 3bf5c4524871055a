// Requests Node's HTTP parser refuses before any handler runs (a URL or headers over 16 KB, a
// method that is not a token such as `patch` or `TRACEX`, broken framing) get a JSON error like
// every other answer of the gateway, instead of Node's bare status line.
import { STATUS_CODES, type Server } from "node:http";
import type { Socket } from "node:net";

const refusals: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "request_too_large", "the request's URL and headers are larger than 16 KB"],
  HPE_INVALID_METHOD: [400, "bad_request", "the request method is not one this server knows (methods are case-sensitive, e.g. PATCH)"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "request_too_large", "the request's chunk extensions are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request_timeout", "the request took too long to arrive"],
};

export function answerMalformedRequestsWithJson(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const [status, code, message] = refusals[error.code ?? ""] ?? [400, "bad_request", "the request is not valid HTTP"];
    const body = JSON.stringify({ error: code, message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

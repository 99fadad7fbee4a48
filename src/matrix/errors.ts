// What an error from the SDK, the HTTP layer or the native crypto library says, read in one place.
// MatrixError carries statusCode/errcode/error; network errors a Node `code` such as ECONNREFUSED;
// the crypto library `code: "GenericFailure"` with the real text in its message.

const field = (e: unknown, key: string): unknown => (typeof e === "object" && e !== null ? Reflect.get(e, key) : undefined);

export function httpStatus(e: unknown): number | null {
  const s = field(e, "statusCode");
  return typeof s === "number" ? s : null;
}

export function errcodeOf(e: unknown): string | null {
  const direct = field(e, "errcode") ?? field(field(e, "body"), "errcode");
  return typeof direct === "string" ? direct : null;
}

/** Node's system error codes of a connection that failed or timed out: the homeserver is away. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

export function isNetworkError(e: unknown): boolean {
  const code = field(e, "code");
  return typeof code === "string" && NETWORK_CODES.has(code);
}

/** Refused or timed-out connections, 5xx and 429: the homeserver is away or overloaded, not refusing. */
export function isUnreachable(e: unknown): boolean {
  const status = httpStatus(e);
  return status === null ? isNetworkError(e) : status >= 500 || status === 429;
}

/** A short reason for logs: status, errcode and the server's or library's own words (capped). */
export function describeError(e: unknown): string {
  const status = httpStatus(e);
  const said = field(e, "error");
  const message = typeof said === "string" ? said : e instanceof Error ? e.message : "";
  const code = field(e, "code");
  const head = status !== null ? `HTTP ${status}${errcodeOf(e) ? ` ${errcodeOf(e)}` : ""}` : typeof code === "string" ? code : "";
  const text = message.slice(0, 200);
  if (head && text && !text.startsWith(head)) return `${head}: ${text}`;
  return head || text || "unknown error";
}

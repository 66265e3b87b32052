// JSON answers of the Worker's own routes.

/** A JSON answer. Every JSON route's answer may carry something of the user's (a report, the
 *  demo token, zone state): none is ever stored by a cache. */
export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** A coded JSON error. */
export const failure = (status, code, message, headers) => json({ error: { code, message } }, status, headers);

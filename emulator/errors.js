// Cloudflare's response envelopes and the error codes the emulator answers with (the table and
// the reasons for each code are in emulator/README.md).

/** An error to send: HTTP status plus one `{code, message}` item. */
export function apiError(status, code, message, extra = {}) {
  return { status, code, message, ...extra };
}

/** `{success:false, errors:[...], messages:[], result:null}` for an `apiError`. */
export function failureBody(err) {
  return { success: false, errors: [{ code: err.code, message: err.message }], messages: [], result: null };
}

/** `{success:true, errors:[], messages:[], result}` (+ `result_info` for paged lists). */
export function successBody(result, resultInfo) {
  const body = { success: true, errors: [], messages: [], result };
  if (resultInfo) body.result_info = resultInfo;
  return body;
}

export const Errors = {
  missingAuth: () => apiError(401, 10000, 'Authentication error'),
  badAuth: () => apiError(403, 10000, 'Authentication error'),
  badAuthFormat: () => apiError(400, 6003, 'Invalid request headers'),
  noRoute: () => apiError(404, 7003, 'No route for the URI'),
  badIdentifier: (path) => apiError(400, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`),
  badJson: () => apiError(400, 6007, 'Malformed JSON in request body'),
  tooLarge: () => apiError(413, 1400, 'Invalid request: the request body is too large'),
  invalid: (detail) => apiError(400, 1400, `Invalid request: ${detail}`),
  duplicate: () => apiError(409, 1220, 'This certificate already exists for this zone.'),
  certQuota: (limit) => apiError(400, 1212, `Quota reached: ${limit} hostname client certificates per zone are allowed`),
  assocQuota: (certId, limit) => apiError(400, 1212, `Quota reached: ${limit} maximum associations on a single certificate are allowed (certificate ${certId})`),
  certIdRequired: () => apiError(400, 1413, 'Certificate ID required'),
  unknownCertId: (certId) => apiError(400, 1415, `No hostname client certificate with id ${certId} in this zone`),
  certInUse: (n) => apiError(400, 1416, `The certificate is still associated with ${n} hostname(s); void the associations with enabled: null first`),
  certNotFound: () => apiError(404, 1404, 'Certificate not found'),
  hostnameNotFound: () => apiError(404, 1404, 'Hostname association not found'),
  rateLimited: () => apiError(429, 971, 'Please wait and consider throttling your request speed'),
  internal: () => apiError(500, 2000, 'An unknown error has occurred'),
};

// Fault injection for API requests: latency, 429, 5xx, connections dropped before or after the
// operation ran. A rule applies to the next `count` matching requests, or, with an
// `operationId` and no `count`, to every request of that operation until cleared.

export const FAULT_KINDS = ['latency', 'rate_limit', 'server_error', 'drop', 'drop_after'];

export class Faults {
  constructor() {
    this.rules = [];
    this.nextId = 1;
  }

  /**
   * Adds a rule: `{ kind, count?, operationId?, ms? (latency), retryAfter? (seconds, 429),
   * status? (5xx, default 500) }`. Returns the stored rule (with its `id`).
   */
  add(spec) {
    const { kind, operationId = null } = spec ?? {};
    if (!FAULT_KINDS.includes(kind)) throw new TypeError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
    let count = spec.count ?? (operationId ? null : 1);
    if (count !== null && !(Number.isInteger(count) && count > 0)) throw new TypeError('count must be a positive integer');
    const rule = { id: this.nextId++, kind, operationId, remaining: count };
    if (kind === 'latency') {
      if (!(Number.isFinite(spec.ms) && spec.ms >= 0)) throw new TypeError('latency needs ms >= 0');
      rule.ms = spec.ms;
    }
    if (kind === 'rate_limit') rule.retryAfter = spec.retryAfter ?? 1;
    if (kind === 'server_error') {
      rule.status = spec.status ?? 500;
      if (!(Number.isInteger(rule.status) && rule.status >= 500 && rule.status <= 599)) throw new TypeError('status must be 5xx');
    }
    this.rules.push(rule);
    return { ...rule };
  }

  list() {
    return this.rules.map((r) => ({ ...r }));
  }

  clear() {
    this.rules = [];
  }

  /**
   * Consumes the rules that apply to one request: every matching latency rule (their delays
   * add up) and the first matching terminal rule. Returns `{ latencyMs, action }`.
   */
  take(operationId) {
    let latencyMs = 0;
    let action = null;
    for (const r of this.rules) {
      if (r.operationId && r.operationId !== operationId) continue;
      if (r.kind === 'latency') latencyMs += r.ms;
      else if (!action) action = { ...r };
      else continue;
      if (r.remaining !== null) r.remaining -= 1;
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return { latencyMs, action };
  }
}

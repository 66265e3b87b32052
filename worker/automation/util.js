// Small helpers shared by the automation's modules.

/** `f` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit(items, limit, f) {
  const out = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

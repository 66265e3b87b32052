// DOM helpers of the admin page. Text always goes in through textContent (via `el`), never as
// markup: certificate fields and API answers are untrusted.
import { describeError } from './model.js';

/** An element with attributes (`dataset`, `class` or plain attributes) and text or node children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * A status area: `kind` 'ok' | 'error' | 'busy' | 'info', a sentence, optional detail lines.
 * Errors get role="alert" semantics through the live region the area already is.
 */
export function setStatus(node, kind, text, details = []) {
  node.dataset.state = kind;
  node.replaceChildren(el('p', { class: 'status-title' }, text), ...(details.length ? [el('ul', {}, details.map((d) => el('li', {}, d)))] : []));
}

/** An error (any thrown value) shown in plain words in a status area; never a stack trace. */
export function showError(node, e, prefix = '') {
  const { title, details } = describeError(e);
  setStatus(node, 'error', prefix ? `${prefix}: ${title}` : title, details);
}

export function clearStatus(node) {
  delete node.dataset.state;
  node.replaceChildren();
}

// Small DOM helpers. Everything the console shows is built with text nodes, never innerHTML:
// replies carry CRM data, and data must never become markup in the page either.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Every string value inside a JSON value, depth first (to find which neutral button an action came from). */
export function stringsIn(value, out = []) {
  if (typeof value === 'string') {
    out.push(value);
    try {
      const inner = JSON.parse(value);
      if (inner && typeof inner === 'object') stringsIn(inner, out);
    } catch { /* not JSON: a plain value */ }
  } else if (Array.isArray(value)) value.forEach(v => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach(v => stringsIn(v, out));
  return out;
}

/** The neutral buttons of a reply, in order. */
export function buttonsOf(reply) {
  return (reply?.blocks ?? []).filter(b => b.type === 'actions').flatMap(b => b.buttons ?? []);
}

/**
 * Which neutral button a rendered action stands for: the one whose command the action carries
 * (a Slack button's value, a Teams action's data), else the one with the same label.
 */
export function matchButton(reply, payload, label) {
  const buttons = buttonsOf(reply);
  const strings = stringsIn(payload);
  return buttons.find(b => strings.includes(b.command))
    ?? buttons.find(b => strings.some(s => s.includes(b.command)))
    ?? buttons.find(b => b.label === label)
    ?? null;
}

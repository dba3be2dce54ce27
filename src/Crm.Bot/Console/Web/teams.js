// Renders Adaptive Cards (1.5, the subset Teams shows bot cards with) the way Teams does:
// TextBlock, RichTextBlock, FactSet, ColumnSet/Column, Container, Table, Image, ActionSet,
// Input.Text, Input.ChoiceSet, and the actions Execute, Submit, ShowCard, OpenUrl, ToggleVisibility.
import { el } from './dom.js';

// Card markdown: **bold**, _italic_ / *italic*, [text](url), "- " and "1. " lists. No HTML.
function inline(text) {
  const out = [];
  const pattern = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])|(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const lead = m[4] ?? m[6] ?? '';
    out.push(text.slice(last, m.index) + lead);
    if (m[1] !== undefined) out.push(el('strong', {}, ...inline(m[1])));
    else if (m[2] !== undefined) out.push(el('span', { class: 'ac-link', title: m[3], text: m[2] }));
    else if (m[5] !== undefined) out.push(el('em', {}, ...inline(m[5])));
    else if (m[7] !== undefined) out.push(el('em', {}, ...inline(m[7])));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  // Markdown backslash escapes (\* \_ \[) show the character itself.
  return out.filter(x => x !== '').map(x => typeof x === 'string' ? x.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1') : x);
}

function markdown(text) {
  const root = el('div', { class: 'ac-md' });
  let list = null;
  for (const line of String(text ?? '').split('\n')) {
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      if (!list) { list = el(/^\s*\d/.test(line) ? 'ol' : 'ul'); root.append(list); }
      list.append(el('li', {}, ...inline(item[1])));
    } else {
      list = null;
      root.append(el('p', {}, ...inline(line)));
    }
  }
  return root;
}

const spacing = s => `ac-sp-${(s ?? 'default').toLowerCase()}`;

function textBlock(e) {
  const cls = ['ac-text', `ac-size-${(e.size ?? 'default').toLowerCase()}`, `ac-weight-${(e.weight ?? 'default').toLowerCase()}`,
    `ac-color-${(e.color ?? 'default').toLowerCase()}`, e.isSubtle ? 'ac-subtle' : '', e.wrap ? 'ac-wrap' : 'ac-nowrap',
    e.horizontalAlignment ? `ac-align-${e.horizontalAlignment.toLowerCase()}` : ''];
  const node = markdown(e.text);
  node.className += ' ' + cls.filter(Boolean).join(' ');
  return node;
}

// Enum values in cards are case-insensitive ("Bolder", "bolder").
const lower = v => String(v ?? 'default').toLowerCase();

function richText(e) {
  return el('p', { class: 'ac-text ac-wrap' }, ...(e.inlines ?? []).map(run => typeof run === 'string' ? run
    : el('span', {
      class: [`ac-size-${lower(run.size)}`, `ac-weight-${lower(run.weight)}`, run.italic ? 'ac-italic' : '', run.strikethrough ? 'ac-strike' : '',
        run.isSubtle ? 'ac-subtle' : '', `ac-color-${lower(run.color)}`].join(' '),
      text: run.text ?? '',
    })));
}

function element(e, ctx) {
  if (e.isVisible === false && !e.id) return null;
  let node;
  switch (e.type) {
    case 'TextBlock': node = textBlock(e); break;
    case 'RichTextBlock': node = richText(e); break;
    case 'FactSet': node = el('div', { class: 'ac-factset' }, ...(e.facts ?? []).flatMap(f => [
      el('div', { class: 'ac-fact-title' }, ...inline(f.title ?? '')), el('div', { class: 'ac-fact-value' }, markdown(f.value ?? ''))])); break;
    case 'Container': node = el('div', { class: `ac-container ac-style-${(e.style ?? 'default').toLowerCase()}` }, ...items(e.items, ctx)); break;
    case 'ColumnSet': node = el('div', { class: 'ac-columnset' }, ...(e.columns ?? []).map(c => column(c, ctx))); break;
    case 'Table': node = table(e, ctx); break;
    // A chart this host serves (/files/…, same origin) is shown; any other image stays its alt text.
    case 'Image': node = typeof e.url === 'string' && e.url.startsWith('/files/')
      ? el('img', { class: 'ac-chart', src: e.url, alt: e.altText ?? '', title: e.altText ?? '' })
      : el('div', { class: 'ac-image', title: e.altText ?? '', text: e.altText ?? 'image' }); break;
    case 'ActionSet': node = actionBar(e.actions ?? [], ctx); break;
    case 'Input.Text': node = inputText(e, ctx); break;
    case 'Input.ChoiceSet': node = choiceSet(e, ctx); break;
    default: node = el('div', { class: 'ac-unknown', text: `[${e.type}]` });
  }
  if (!node) return null;
  node.classList.add(spacing(e.spacing));
  if (e.separator) node.classList.add('ac-separator');
  if (e.id) node.dataset.acId = e.id;
  if (e.isVisible === false) node.hidden = true;
  return node;
}

function items(list, ctx) { return (list ?? []).map(i => element(i, ctx)).filter(Boolean); }

function column(c, ctx) {
  const width = c.width ?? 'stretch';
  const style = width === 'auto' ? 'ac-col-auto' : width === 'stretch' ? 'ac-col-stretch' : 'ac-col-weighted';
  const node = el('div', { class: `ac-column ${style}` }, ...items(c.items, ctx));
  if (typeof width === 'number' || /^\d+$/.test(width)) node.style.flexGrow = String(width);
  else if (/^\d+px$/.test(width)) node.style.flex = `0 0 ${width}`;
  return node;
}

function table(t, ctx) {
  const grid = el('table', { class: `ac-table${t.showGridLines === false ? '' : ' ac-gridlines'}` });
  (t.rows ?? []).forEach((row, r) => {
    const header = r === 0 && t.firstRowAsHeader !== false && t.firstRowAsHeaders !== false;
    grid.append(el('tr', {}, ...(row.cells ?? []).map(cell => el(header ? 'th' : 'td', {}, ...items(cell.items, ctx)))));
  });
  return grid;
}

function inputText(e, ctx) {
  const id = `ac-in-${ctx.serial}-${e.id}`;
  const field = e.isMultiline
    ? el('textarea', { id, class: 'ac-input', placeholder: e.placeholder, maxlength: e.maxLength, 'data-input-id': e.id, rows: 3 })
    : el('input', { id, class: 'ac-input', type: 'text', placeholder: e.placeholder, maxlength: e.maxLength, 'data-input-id': e.id });
  if (e.value) field.value = e.value;
  return el('div', { class: 'ac-field' }, e.label ? el('label', { for: id, class: 'ac-label', text: e.label + (e.isRequired ? ' *' : '') }) : null, field);
}

function choiceSet(e, ctx) {
  const id = `ac-in-${ctx.serial}-${e.id}`;
  const select = el('select', { id, class: 'ac-input', 'data-input-id': e.id },
    el('option', { value: '', text: e.placeholder ?? '' }),
    ...(e.choices ?? []).map(c => el('option', { value: c.value, text: c.title ?? c.value })));
  if (e.value) select.value = e.value;
  return el('div', { class: 'ac-field' }, e.label ? el('label', { for: id, class: 'ac-label', text: e.label + (e.isRequired ? ' *' : '') }) : null, select);
}

/** The values of the inputs inside a (sub)card, by input id; Teams merges them into the action's data. */
function collectInputs(scope) {
  const values = {};
  scope.querySelectorAll('[data-input-id]').forEach(i => { values[i.dataset.inputId] = i.value; });
  return values;
}

function actionBar(actions, ctx) {
  const bar = el('div', { class: 'ac-actionset' });
  const buttons = el('div', { class: 'ac-actions' });
  const cards = el('div', { class: 'ac-showcards' });
  bar.append(buttons, cards);
  for (const a of actions) {
    const style = a.style === 'positive' ? ' ac-positive' : a.style === 'destructive' ? ' ac-destructive' : '';
    const btn = el('button', { class: 'ac-button' + style, type: 'button', title: a.tooltip, text: a.title ?? '' });
    buttons.append(btn);
    if (a.type === 'Action.ShowCard') {
      const sub = el('div', { class: 'ac-showcard', hidden: true }, card(a.card ?? {}, ctx, true));
      cards.append(sub);
      btn.addEventListener('click', () => { sub.hidden = !sub.hidden; btn.classList.toggle('ac-expanded', !sub.hidden); });
    } else if (a.type === 'Action.ToggleVisibility') {
      btn.addEventListener('click', () => (a.targetElements ?? []).forEach(t => {
        const target = ctx.root.querySelector(`[data-ac-id="${CSS.escape(typeof t === 'string' ? t : t.elementId)}"]`);
        if (target) target.hidden = typeof t === 'object' && t.isVisible !== undefined ? !t.isVisible : !target.hidden;
      }));
    } else if (a.type === 'Action.OpenUrl') {
      btn.title = a.url;
      btn.addEventListener('click', () => ctx.onAction({ openUrl: a.url, label: a.title ?? '' }));
    } else if (a.type === 'Action.Execute' || a.type === 'Action.Submit') {
      btn.addEventListener('click', () => {
        // Like Teams: inputs of the card the action sits in are sent with the action's data.
        const scope = btn.closest('.ac-card');
        const inputs = collectInputs(scope);
        const missing = [...scope.querySelectorAll('[data-input-id]')].filter(i => i.closest('.ac-card') === scope)
          .map(i => ctx.inputs.get(i.dataset.inputId)).filter(d => d?.isRequired && !scope.querySelector(`[data-input-id="${CSS.escape(d.id)}"]`).value.trim());
        scope.querySelectorAll('.ac-error').forEach(n => n.remove());
        if (missing.length) {
          missing.forEach(d => scope.querySelector(`[data-input-id="${CSS.escape(d.id)}"]`).after(el('div', { class: 'ac-error', text: d.errorMessage ?? `${d.label ?? d.id} is required.` })));
          return;
        }
        ctx.onAction({ payload: { type: a.type, verb: a.verb, data: a.data }, inputs, label: a.title ?? '' });
      });
    }
  }
  return bar;
}

function indexInputs(node, map) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { node.forEach(n => indexInputs(n, map)); return; }
  if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.id) map.set(node.id, node);
  Object.values(node).forEach(v => indexInputs(v, map));
}

function card(c, ctx, nested = false) {
  const node = el('div', { class: 'ac-card' + (nested ? ' ac-nested' : '') }, ...items(c.body, ctx));
  if (c.actions?.length) node.append(actionBar(c.actions, ctx));
  return node;
}

let serial = 0;

/** An Adaptive Card as Teams shows it; onAction gets {payload, inputs, label} for Execute/Submit. */
export function renderCard(content, onAction) {
  const inputs = new Map();
  indexInputs(content, inputs);
  const ctx = { onAction, inputs, serial: ++serial, root: null };
  const root = el('div', { class: 'ac-root' });
  ctx.root = root;
  root.append(card(content ?? {}, ctx));
  return root;
}

// Renders Slack message JSON (Block Kit) the way the Slack client shows it: header, section
// (text, fields, accessory button), context, actions, divider, image, and rich_text as plain text.
import { el } from './dom.js';

// mrkdwn: &amp; &lt; &gt; are the only entities; <url|label>, <@U…>, <#C…|name>, <!here> are links
// and mentions; *bold*, _italic_, ~strike~, `code`, ```preformatted```, > quotes.
function decode(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function inline(text) {
  const out = [];
  const pattern = /<([^<>]+)>|`([^`\n]+)`|(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])|(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])|(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const lead = m[3] ?? m[5] ?? m[7] ?? '';
    out.push(decode(text.slice(last, m.index) + lead));
    if (m[1] !== undefined) out.push(link(m[1]));
    else if (m[2] !== undefined) out.push(el('code', { class: 'sk-code', text: decode(m[2]) }));
    else if (m[4] !== undefined) out.push(el('b', {}, ...inline(m[4])));
    else if (m[6] !== undefined) out.push(el('i', {}, ...inline(m[6])));
    else if (m[8] !== undefined) out.push(el('s', {}, ...inline(m[8])));
    last = m.index + m[0].length;
  }
  out.push(decode(text.slice(last)));
  return out.filter(x => x !== '');
}

function link(inner) {
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@')) return el('span', { class: 'sk-mention', text: '@' + (label ?? target.slice(1)) });
  if (target.startsWith('#')) return el('span', { class: 'sk-mention', text: '#' + (label ?? target.slice(1)) });
  if (target.startsWith('!')) return el('span', { class: 'sk-mention', text: '@' + (label ?? target.slice(1).split('^')[0]) });
  // Links are shown, not followed: the console is offline and a click would leave the page.
  return el('span', { class: 'sk-link', title: decode(target), text: decode(label ?? target) });
}

export function mrkdwn(text) {
  const root = el('div', { class: 'sk-mrkdwn' });
  const parts = String(text ?? '').split(/```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) { root.append(el('pre', { class: 'sk-pre', text: decode(part.replace(/^\n/, '')) })); return; }
    part.split('\n').forEach((line, j, lines) => {
      if (line.startsWith('&gt; ') || line === '&gt;') root.append(el('div', { class: 'sk-quote' }, ...inline(line.slice(5))));
      else {
        root.append(...inline(line));
        if (j < lines.length - 1) root.append(el('br'));
      }
    });
  });
  return root;
}

function textObject(t) {
  if (!t) return el('span');
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : el('span', { class: 'sk-plain', text: t.text ?? '' });
}

function button(element, onAction) {
  const style = element.style === 'primary' ? ' sk-primary' : element.style === 'danger' ? ' sk-danger' : '';
  return el('button', {
    class: 'sk-button' + style, type: 'button', 'data-action-id': element.action_id,
    onclick: () => onAction({ payload: { action_id: element.action_id, block_id: element.block_id, value: element.value }, label: element.text?.text ?? '' }),
  }, element.text?.text ?? '');
}

function block(b, onAction) {
  switch (b.type) {
    case 'header': return el('div', { class: 'sk-header' }, b.text?.text ?? '');
    case 'divider': return el('hr', { class: 'sk-divider' });
    case 'context': return el('div', { class: 'sk-context' },
      ...(b.elements ?? []).map(e => e.type === 'image' ? el('span', { class: 'sk-context-img', title: e.alt_text ?? '' }) : textObject(e)));
    case 'actions': return el('div', { class: 'sk-actions' },
      ...(b.elements ?? []).filter(e => e.type === 'button').map(e => button(e, onAction)));
    // A chart this host serves (/files/…, same origin) is shown; any other image stays its alt text.
    case 'image': return typeof b.image_url === 'string' && b.image_url.startsWith('/files/')
      ? el('img', { class: 'sk-chart', src: b.image_url, alt: b.alt_text ?? '', title: b.alt_text ?? '' })
      : el('div', { class: 'sk-image', title: b.alt_text ?? '', text: b.alt_text ?? 'image' });
    case 'section': {
      const section = el('div', { class: 'sk-section' });
      const main = el('div', { class: 'sk-section-main' });
      if (b.text) main.append(textObject(b.text));
      if (b.fields?.length) main.append(el('div', { class: 'sk-fields' }, ...b.fields.map(f => el('div', { class: 'sk-field' }, textObject(f)))));
      section.append(main);
      if (b.accessory?.type === 'button') section.append(el('div', { class: 'sk-accessory' }, button(b.accessory, onAction)));
      return section;
    }
    case 'rich_text': return el('div', { class: 'sk-section' }, richText(b.elements ?? []));
    default: return el('div', { class: 'sk-unknown', text: `[${b.type} block]` });
  }
}

function richText(elements) {
  const text = [];
  const walk = e => { if (e.text) text.push(e.text); (e.elements ?? []).forEach(walk); if (e.type === 'rich_text_section') text.push('\n'); };
  elements.forEach(walk);
  return el('div', { class: 'sk-mrkdwn', text: text.join('') });
}

/** A Slack message payload ({text, blocks}) as the client shows it. */
export function renderSlack(message, onAction) {
  const root = el('div', { class: 'sk-message' });
  const blocks = message?.blocks ?? [];
  if (blocks.length === 0) root.append(mrkdwn(message?.text ?? ''));
  for (const b of blocks) root.append(block(b, onAction));
  return root;
}

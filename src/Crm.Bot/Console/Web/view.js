// How one conversation entry looks on each platform, the Slack-style modal for forms, and the
// "who sees what" panel.
import { el } from './dom.js';
import { renderSlack } from './slack.js';
import { renderCard } from './teams.js';

const time = at => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const initials = name => name.split(/\s+/).map(w => w[0]).join('').slice(0, 2).toUpperCase();

/** Platform payload(s) of a message, normalised: Slack messages, or Teams {text, card} pairs. */
function payloads(platform, rendered) {
  const list = Array.isArray(rendered) ? rendered : [rendered];
  if (platform === 'slack') return list.flatMap(r => Array.isArray(r?.messages) ? r.messages : [r]);
  return list.flatMap(r => {
    if (r?.type === 'AdaptiveCard') return [{ card: r }];
    if (r?.contentType) return [{ card: r.content }];
    if (Array.isArray(r?.attachments)) return [{ text: r.text, card: null }, ...r.attachments.map(a => ({ card: a.content }))].filter(p => p.text || p.card);
    return [{ text: r?.text ?? '' }];
  });
}

/** The rendered body of a bot message, or its plain text when no renderer answered. */
export function messageBody(platform, message, onAction) {
  const body = el('div', { class: 'msg-body' });
  if (!message.rendered) {
    body.append(el('div', { class: 'plain-fallback', text: message.reply?.fallbackText ?? '' }));
    if (message.renderProblem) body.append(el('div', { class: 'render-problem', text: message.renderProblem }));
    return body;
  }
  for (const p of payloads(platform, message.rendered)) {
    if (platform === 'slack') body.append(renderSlack(p, onAction));
    else {
      if (p.text) body.append(el('div', { class: 'tm-text', text: p.text }));
      if (p.card) body.append(el('div', { class: 'tm-card' }, renderCard(p.card, onAction)));
    }
  }
  return body;
}

/** One entry of the conversation: a person's typed line, or a bot message (direct answer or delivered). */
export function entryView(entry, ctx) {
  const { platform } = ctx;
  const bot = entry.kind !== 'typed';
  const author = bot ? 'CRM' : entry.userName;
  const head = el('div', { class: 'msg-head' },
    el('span', { class: 'msg-author', text: author }),
    bot && platform === 'slack' ? el('span', { class: 'sk-app-badge', text: 'APP' }) : null,
    el('span', { class: 'msg-time', text: time(entry.at) }),
    entry.purpose ? el('span', { class: 'msg-purpose', text: entry.purpose }) : null,
    entry.editedAt ? el('span', { class: 'msg-edited', title: `updated ${time(entry.editedAt)}`, text: '(edited)' }) : null);
  let body;
  if (entry.kind === 'typed') body = el('div', { class: 'msg-body msg-typed', text: entry.text });
  else if (entry.kind === 'error') body = el('div', { class: 'msg-body msg-error', text: entry.text });
  else body = messageBody(platform, entry.message, action => ctx.onAction(entry, action));
  const node = el('article', {
    class: `msg ${bot ? 'msg-bot' : 'msg-user'}${entry.kind === 'delivered' ? ' msg-delivered' : ''}`,
    'data-kind': entry.kind, 'data-testid': `msg-${entry.kind}`,
    onclick: e => { if (bot && entry.message && !e.target.closest('button, input, select, textarea')) ctx.onSelect(entry); },
  },
  el('div', { class: `avatar${bot ? ' avatar-bot' : ''}`, text: bot ? 'C' : initials(entry.userName ?? '?'), 'aria-hidden': 'true' }),
  el('div', { class: 'msg-main' }, head, body,
    entry.privateNote ? el('div', { class: 'msg-private', text: entry.privateNote }) : null));
  return node;
}

/** A Slack-style modal for a button's form (Slack opens views.open on click); resolves with the answers or null. */
export function slackModal(form) {
  return new Promise(resolve => {
    const fields = form.inputs.map(i => {
      const id = `modal-${i.id}`;
      const control = i.choices?.length
        ? el('select', { id, class: 'sk-input', 'data-input-id': i.id }, el('option', { value: '', text: i.placeholder ?? 'Select an option' }), ...i.choices.map(c => el('option', { value: c, text: c })))
        : i.multiline ? el('textarea', { id, class: 'sk-input', rows: 4, maxlength: i.maxLength, placeholder: i.placeholder, 'data-input-id': i.id })
          : el('input', { id, class: 'sk-input', type: 'text', maxlength: i.maxLength, placeholder: i.placeholder, 'data-input-id': i.id });
      if (i.initial) control.value = i.initial;
      return el('div', { class: 'sk-input-block' }, el('label', { for: id, class: 'sk-input-label', text: i.label }),
        control, i.required ? null : el('div', { class: 'sk-input-hint', text: '(optional)' }));
    });
    const close = answers => { overlay.remove(); resolve(answers); };
    const submit = () => {
      const answers = {};
      let ok = true;
      overlay.querySelectorAll('.sk-input-error').forEach(n => n.remove());
      for (const i of form.inputs) {
        const control = overlay.querySelector(`[data-input-id="${CSS.escape(i.id)}"]`);
        answers[i.id] = control.value;
        if (i.required && !control.value.trim()) { ok = false; control.after(el('div', { class: 'sk-input-error', text: 'Please complete this required field.' })); }
      }
      if (ok) close(answers);
    };
    const overlay = el('div', { class: 'sk-modal-overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': form.title },
      el('div', { class: 'sk-modal' },
        el('div', { class: 'sk-modal-head' }, el('span', { class: 'sk-modal-title', text: form.title }),
          el('button', { class: 'sk-modal-x', type: 'button', 'aria-label': 'Close', onclick: () => close(null), text: '×' })),
        el('div', { class: 'sk-modal-body' }, ...fields),
        el('div', { class: 'sk-modal-foot' },
          el('button', { class: 'sk-button', type: 'button', onclick: () => close(null), text: 'Cancel' }),
          el('button', { class: 'sk-button sk-primary', type: 'button', 'data-testid': 'modal-submit', onclick: submit, text: form.submitLabel }))));
    document.body.append(overlay);
    overlay.querySelector('[data-input-id]')?.focus();
  });
}

/**
 * Which field classes the person whose role limited the message reads (its asker or poster, else
 * the viewer), what the channel is cleared for, what this message showed, and what hid each hidden
 * class: the channel's clearance, that person's role, or both.
 */
function classTable(ctx, redaction) {
  const { channel } = ctx;
  const email = redaction?.person;
  const person = (email && ctx.users?.find(u => u.email === email)) || ctx.user;
  const first = person.name.split(' ')[0];
  const causes = new Map((redaction?.hiddenBy ?? []).map(h => [h.class, h.by]));
  const where = channel ? ctx.channelLabel(channel) : 'the channel';
  // Short, under the heading "Hidden by": the panel is narrow.
  const causeText = by => ({ channel: where, role: `${first}'s role`, both: 'both' })[by] ?? '';
  const mark = (yes, testid) => el('td', { class: yes ? 'cls-yes' : 'cls-no', 'data-testid': testid, text: yes ? '✓' : '–' });
  const head = el('tr', {}, el('th', { text: 'Field class' }), el('th', { text: `${first} (${person.role})` }),
    channel ? el('th', { text: channel.clearedAs ? `${ctx.channelLabel(channel)} (as ${channel.clearedAs})` : `${ctx.channelLabel(channel)} (unbound)` }) : null,
    redaction ? el('th', { text: 'This message' }) : null,
    causes.size ? el('th', { text: 'Hidden by' }) : null);
  const rows = ctx.fieldClasses.map(c => el('tr', {},
    el('td', { text: c }),
    mark(person.reads.includes(c)),
    channel ? mark(channel.clearance.includes(c)) : null,
    redaction ? el('td', {
      class: redaction.visibleClasses?.includes(c) ? 'cls-yes' : 'cls-no', 'data-testid': `shown-${c.replace(/\s+/g, '-')}`,
      text: redaction.visibleClasses?.includes(c) ? 'shown' : 'hidden',
    }) : null,
    causes.size ? el('td', { 'data-testid': `cause-${c.replace(/\s+/g, '-')}`, text: causeText(causes.get(c)) }) : null));
  return el('table', { class: 'cls-table', 'data-testid': 'panel-classes' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The side panel: for the message in view, who could see which fields and why. */
export function panelView(entry, ctx) {
  const intro = el('p', { class: 'panel-note', text: ctx.channel
    ? `In ${ctx.channelLabel(ctx.channel)}, posts show what ${ctx.channel.clearedAs ?? 'an unbound channel (basic only)'} may read; answers only you see use your own role.`
    : 'In a private chat every answer uses your own role.' });
  if (!entry?.message) return el('div', { class: 'panel-body' }, intro, classTable(ctx, null),
    el('p', { class: 'panel-empty', text: 'Click a bot message to see what it showed, to whom, and its plain text.' }));
  const reply = entry.message.reply ?? {};
  const r = reply.redaction;
  const user = ctx.user;
  const channel = ctx.channel;
  const inChannel = reply.visibility === 'channel';
  return el('div', { class: 'panel-body' },
    el('h3', { text: 'Audience' }),
    el('p', { 'data-testid': 'panel-audience', text: inChannel
      ? `Everyone in ${channel ? ctx.channelLabel(channel) : 'the channel'}: rendered at the channel's clearance${channel?.department ? ` (${channel.department})` : ' (unbound: basic only)'}.`
      : entry.kind === 'delivered' ? 'Only the person it was sent to: rendered with their own permissions.'
        : `Only ${user.name}: rendered with their own permissions (${user.role}, ${user.department}).` }),
    r ? el('div', {},
      el('p', { class: 'panel-who', text: `Rendered for: ${r.audience}` }),
      el('h4', { text: 'Why' }), el('p', { 'data-testid': 'panel-why', text: r.why }))
      : el('p', { class: 'panel-note', text: 'This message carries no customer fields to redact.' }),
    classTable(ctx, r),
    el('h3', { text: 'Plain text' }),
    el('pre', { class: 'panel-fallback', 'data-testid': 'panel-fallback', text: reply.fallbackText ?? '' }),
    el('details', {}, el('summary', { text: `${ctx.platformName} payload` }),
      el('pre', { class: 'panel-json', text: JSON.stringify(entry.message.rendered, null, 2) ?? 'none' })),
    el('details', {}, el('summary', { text: 'Neutral reply' }),
      el('pre', { class: 'panel-json', text: JSON.stringify(reply, null, 2) })));
}

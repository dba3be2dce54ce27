// The try-it console: pick a demo user, a platform and a channel; type commands; see what the bot
// shows there; click its buttons; watch each channel's timeline of delivered messages.
import { el } from './dom.js';
import { api } from './api.js';
import { entryView, panelView, slackModal } from './view.js';
import { matchButton } from './dom.js';
import { Composer } from './composer.js';

const state = {
  directory: null,
  user: null,
  platform: 'slack',
  channel: null,      // a channel object, or null for the private chat
  local: new Map(),   // conversation key -> entries typed and answered in this page
  timeline: [],
  waiting: 0,
  selected: null,
  pendingSelect: null, // id of a stored entry to select once the timeline holds it
};

const $ = id => document.getElementById(id);
const platformOf = () => state.directory.platforms.find(p => p.id === state.platform);
const channelLabel = c => state.platform === 'slack' ? `#${c.name}` : c.name;
const actor = () => ({ user: state.user.email, platform: state.platform, channel: state.channel?.id ?? null });
const viewKey = () => `${state.platform}|${state.channel?.id ?? ''}`;

function localEntries() {
  // Channel posts are seen by everyone in the channel; private answers only by their asker.
  const shared = state.local.get(viewKey()) ?? [];
  const mine = state.local.get(`${viewKey()}|${state.user.email}`) ?? [];
  return [...shared, ...mine];
}

function remember(entry, visibleToChannel) {
  const key = visibleToChannel && state.channel ? viewKey() : `${viewKey()}|${state.user.email}`;
  if (!state.local.has(key)) state.local.set(key, []);
  state.local.get(key).push(entry);
}

function forget(entry) {
  for (const list of state.local.values()) {
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
  }
}

// Built message nodes by entry id and version: re-rendering keeps them (and whatever is typed into
// a card's inputs or an open show-card) unless the message itself changed.
const built = new Map();
let serial = 0;

function nodeFor(entry) {
  entry.id ??= `l${++serial}`;
  const version = `${entry.id}|${entry.editedAt ?? ''}|${state.platform}`;
  const cached = built.get(entry.id);
  if (cached?.version === version) return cached.node;
  const node = entryView(entry, { platform: state.platform, onAction, onSelect: select });
  built.set(entry.id, { version, node });
  return node;
}

function renderConversation() {
  // The channel's stored history: lines people posted there, answers posted for the channel, and deliveries.
  const delivered = state.timeline.map(i => i.author
    ? { kind: 'typed', at: i.at, text: i.text, userName: i.author, id: `d${state.platform}${i.id}` }
    : {
      kind: i.purpose === 'answer' ? 'reply' : 'delivered', at: i.at, editedAt: i.editedAt,
      purpose: i.purpose === 'answer' ? null : i.purpose, message: i.message, id: `d${state.platform}${i.id}`,
    });
  const entries = [...delivered, ...localEntries()].sort((a, b) => new Date(a.at) - new Date(b.at));
  if (state.pendingSelect) {
    const found = entries.find(e => e.id === state.pendingSelect);
    if (found) { state.selected = found; state.pendingSelect = null; }
  }
  if (state.selected && !entries.includes(state.selected)) state.selected = entries.find(e => e.id === state.selected.id) ?? null;
  const log = $('log');
  const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 40;
  const nodes = entries.map(e => {
    const node = nodeFor(e);
    node.classList.toggle('msg-selected', e === state.selected);
    return node;
  });
  if (entries.length === 0) nodes.push(el('div', { class: 'log-empty', text: 'Nothing here yet. Type help below to see what you can do.' }));
  const current = [...log.children];
  if (current.length !== nodes.length || current.some((n, i) => n !== nodes[i])) log.replaceChildren(...nodes);
  $('waiting').textContent = state.waiting ? `${state.waiting} message(s) waiting in the outbox…` : '';
  if (stick) log.scrollTop = log.scrollHeight;
  renderPanel();
}

let panelKey = null;

function renderPanel() {
  // Rebuilt only when what it describes changes, so open sections stay open.
  const key = `${state.selected?.id ?? ''}|${state.selected?.editedAt ?? ''}|${state.user.email}|${viewKey()}|${state.channel?.department ?? ''}`;
  if (key === panelKey) return;
  panelKey = key;
  $('panel-content').replaceChildren(panelView(state.selected, {
    user: state.user, users: state.directory.users, channel: state.channel, channelLabel, platformName: platformOf().name, fieldClasses: state.directory.fieldClasses,
  }));
}

function select(entry) {
  state.selected = entry;
  renderConversation();
}

// Channel bindings can change (admin channel …); re-read them and keep the current choice.
async function refreshDirectory() {
  try {
    state.directory = await api.directory();
    state.user = state.directory.users.find(u => u.email === state.user.email) ?? state.user;
    if (state.channel) state.channel = platformOf().channels.find(c => c.id === state.channel.id) ?? state.channel;
    panelKey = null;
    renderChrome();
  } catch (e) {
    $('status').textContent = e.message;
  }
}

async function refreshTimeline() {
  const requested = viewKey() + state.user.email;
  try {
    const t = await api.timeline(actor());
    if (requested !== viewKey() + state.user.email) return;
    state.timeline = t.items;
    state.waiting = t.waiting;
    $('status').textContent = '';
  } catch (e) {
    $('status').textContent = e.message;
  }
  renderConversation();
}

function show(result) {
  // An answer posted for the channel is stored; the channel's timeline shows it (after a reload too).
  if (result.posted?.answer) {
    state.selected = null;
    state.pendingSelect = `d${state.platform}${result.posted.answer}`;
    return;
  }
  const visibleToChannel = result.request.visibility === 'channel';
  const entry = {
    kind: 'reply', at: new Date().toISOString(), message: result.message, source: result.request.text,
    privateNote: !visibleToChannel && state.channel
      ? (state.platform === 'slack' ? 'Only visible to you' : `Only ${state.user.name} sees this answer`) : null,
  };
  remember(entry, visibleToChannel);
  state.selected = entry;
}

async function send(text) {
  const typed = { kind: 'typed', at: new Date().toISOString(), text, userName: state.user.name };
  remember(typed, state.channel && isChannelPost(text));
  renderConversation();
  try {
    const result = await api.send(actor(), text);
    // A line posted into the channel is stored with the channel's history: shown from there, not twice.
    if (result.posted?.post) forget(typed);
    show(result);
  } catch (e) {
    remember({ kind: 'error', at: new Date().toISOString(), text: e.message }, false);
  }
  await refreshDirectory();
  await refreshTimeline();
}

function isChannelPost(text) {
  return state.platform === 'teams' || /^@crm(\s|$)/i.test(text.trim());
}

async function onAction(entry, action) {
  if (action.openUrl) { $('status').textContent = `This button opens ${action.openUrl} (links are not followed in the console).`; return; }
  const button = matchButton(entry.message.reply, action.payload, action.label);
  if (!button) { $('status').textContent = `No command belongs to the button "${action.label}".`; return; }
  let answers = null;
  if (button.form) {
    answers = state.platform === 'slack' ? await slackModal(button.form) : cardAnswers(button.form, action.inputs ?? {});
    if (!answers) return;
  }
  try {
    const result = await api.click(actor(), button, answers);
    show(result);
    await refreshCard(entry, result);
  } catch (e) {
    remember({ kind: 'error', at: new Date().toISOString(), text: e.message }, false);
  }
  await refreshDirectory();
  await refreshTimeline();
}

// A card's buttons depend on the current state (Follow or Unfollow): after a click that changed
// something, a card answered only to this person is read again and updated in place, as Slack's
// replace_original and a Teams card refresh do.
async function refreshCard(entry, result) {
  const tone = result.message?.reply?.tone;
  if (entry.kind !== 'reply' || !entry.source || !/^show\s/i.test(entry.source) || tone === 'error' || tone === 'denied') return;
  const again = await api.click(actor(), { label: 'Refresh', command: entry.source }, null);
  entry.message = again.message;
  entry.editedAt = new Date().toISOString();
}

// Teams sends the card's inputs by their card ids; the renderer may prefix the form's own ids.
function cardAnswers(form, inputs) {
  const answers = {};
  for (const i of form.inputs) {
    const key = Object.keys(inputs).find(k => k === i.id) ?? Object.keys(inputs).find(k => k.endsWith(i.id));
    answers[i.id] = key ? inputs[key] : '';
  }
  return answers;
}

function renderChrome() {
  document.body.dataset.platform = state.platform;
  const u = state.user;
  $('user-info').textContent = `${u.department} · ${u.role}${u.region ? ` · ${u.region}` : ''}`;
  document.querySelectorAll('[data-platform-tab]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.platformTab === state.platform)));
  const p = platformOf();
  $('workspace').textContent = `${p.name} · ${p.standIn ? 'demo' : 'configured'} ${p.id === 'slack' ? `workspace ${p.workspace}` : 'tenant'}`;
  $('workspace').title = `${p.id === 'slack' ? 'Workspace' : 'Tenant'} ${p.workspace}`;
  const item = (c, label, sub) => el('li', {}, el('button', {
    type: 'button', class: 'chan', 'data-testid': `channel-${c ? c.name.toLowerCase() : 'private'}`,
    'aria-current': String((state.channel?.id ?? null) === (c?.id ?? null)),
    onclick: () => { state.channel = c; state.selected = null; switchView(); },
  }, el('span', { class: 'chan-name', text: label }), sub ? el('span', { class: 'chan-sub', text: sub }) : null));
  $('channels').replaceChildren(...p.channels.map(c => item(c, channelLabel(c), c.department ?? 'unbound')),
    item(null, state.platform === 'slack' ? 'CRM (direct message)' : 'Chat with CRM', 'private'));
  $('title').textContent = state.channel ? channelLabel(state.channel) : (state.platform === 'slack' ? 'CRM' : 'Chat with CRM');
  $('subtitle').textContent = state.channel
    ? (state.channel.department ? `Bound to ${state.channel.department}: posts here show what ${state.channel.department} may read.` : 'Not bound to a department: posts here show basic fields only.')
    : 'A private chat: answers use your own permissions.';
  composer.setHint(state.platform, state.channel ? channelLabel(state.channel) : null);
  $('setup').textContent = setupNote(p);
}

// How the real platform is connected instead of the demo (README: "Slack", "Microsoft Teams").
function setupNote(p) {
  if (!p.standIn) return '';
  return p.id === 'slack'
    ? 'A real workspace connects in one of two ways: over HTTP (a public https address and the signing secret; '
      + 'manifest slack --base-url …) or over Socket Mode (Slack:AppToken, an xapp- token: the bot connects out to Slack, '
      + 'no public address needed; manifest slack --socket-mode). See the README, section Slack.'
    : 'A real tenant: build the app package with manifest teams, upload it to your tenant\'s app catalog, add it to a team '
      + 'and bind channels with @CRM admin channel <department>. See the README, section Microsoft Teams.';
}

function switchView() {
  state.timeline = [];
  state.waiting = 0;
  renderChrome();
  renderConversation();
  refreshTimeline();
}

let composer;

async function start() {
  state.directory = await api.directory();
  state.user = state.directory.users[0];
  state.channel = platformOf().channels[0];
  const users = $('user');
  users.replaceChildren(...state.directory.users.map(u => el('option', { value: u.email, text: `${u.name} — ${u.department}, ${u.role}` })));
  users.addEventListener('change', () => {
    state.user = state.directory.users.find(u => u.email === users.value);
    state.selected = null;
    switchView();
  });
  document.querySelectorAll('[data-platform-tab]').forEach(b => b.addEventListener('click', () => {
    state.platform = b.dataset.platformTab;
    state.channel = platformOf().channels[0];
    state.selected = null;
    switchView();
  }));
  composer = new Composer($('composer'), $('suggestions'), state.directory.verbs, send);
  switchView();

  // Deliveries made by the outbox show up at once; a slow poll covers hosts that share the database.
  const events = new EventSource('/console/api/events');
  events.addEventListener('delivered', e => {
    const d = JSON.parse(e.data);
    if (d.platform === state.platform) refreshTimeline();
  });
  setInterval(refreshTimeline, 5000);
}

start().catch(e => { $('status').textContent = `The console could not start: ${e.message}`; });

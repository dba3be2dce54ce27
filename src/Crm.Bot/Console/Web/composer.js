// The message box: Enter sends, ↑/↓ walk the history, Tab completes the command word.
import { el } from './dom.js';

export class Composer {
  constructor(input, list, verbs, onSend) {
    this.input = input;
    this.list = list;
    this.verbs = verbs;
    this.onSend = onSend;
    this.history = [];
    this.position = 0;
    this.choice = 0;
    input.addEventListener('keydown', e => this.key(e));
    input.addEventListener('input', () => this.suggest());
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  setHint(platform, channel) {
    this.platform = platform;
    this.input.placeholder = platform === 'slack'
      ? (channel ? `Message ${channel} — /crm show acme (only you see it) or @CRM show acme (posted here)` : 'Message CRM — e.g. show acme')
      : (channel ? `@CRM show acme — posted in ${channel} at its clearance` : 'Type a message — e.g. show acme');
  }

  // The command word being typed, after an optional /crm or @CRM.
  word() {
    const m = /^(\s*(?:\/crm|@crm)?\s*)(\S*)$/i.exec(this.input.value);
    return m ? { prefix: m[1], word: m[2] } : null;
  }

  matches() {
    const w = this.word();
    if (!w || w.word.length === 0) return [];
    return this.verbs.filter(v => v.verb.startsWith(w.word.toLowerCase()) && v.verb !== w.word.toLowerCase());
  }

  suggest() {
    const found = this.matches();
    this.choice = 0;
    if (found.length === 0) { this.close(); return; }
    this.list.replaceChildren(...found.map((v, i) => el('li', {
      class: i === this.choice ? 'active' : '', role: 'option', 'data-verb': v.verb,
      onmousedown: e => { e.preventDefault(); this.complete(v.verb); },
    }, el('b', { text: v.verb }), el('span', { text: v.example }))));
    this.list.hidden = false;
  }

  close() { this.list.hidden = true; }

  complete(verb) {
    const w = this.word();
    if (!w) return;
    this.input.value = `${w.prefix}${verb} `;
    this.close();
    this.input.focus();
  }

  key(e) {
    const open = !this.list.hidden;
    const options = [...this.list.children];
    if (e.key === 'Tab') {
      const found = this.matches();
      if (found.length) { e.preventDefault(); this.complete(found[open ? this.choice : 0].verb); }
    } else if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      this.choice = (this.choice + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      options.forEach((o, i) => o.classList.toggle('active', i === this.choice));
    } else if (e.key === 'Escape') {
      this.close();
    } else if (e.key === 'ArrowUp' && this.position > 0) {
      e.preventDefault();
      this.input.value = this.history[--this.position];
    } else if (e.key === 'ArrowDown' && this.position < this.history.length) {
      e.preventDefault();
      this.position++;
      this.input.value = this.history[this.position] ?? '';
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      if (this.history.at(-1) !== text) this.history.push(text);
      this.position = this.history.length;
      this.input.value = '';
      this.close();
      this.onSend(text);
    }
  }
}

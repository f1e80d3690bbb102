import { h } from '/assets/api.js';

// A modal form in a native <dialog>: focus moves into it, Escape closes it, and the page behind is inert.
// Resolves with the form's values, or null when cancelled.
// intro: optional sentences shown above the fields (what confirming will do).
export function formDialog(title, fields, submitLabel = 'Apply', intro = null) {
  return new Promise((resolve) => {
    const inputs = {};
    const body = fields.map((f) => {
      const id = `dlg-${f.name}`;
      let input;
      if (f.type === 'select') {
        input = h('select', { id, name: f.name, required: f.required },
          f.options.map((o) => h('option', { value: o.value ?? o }, o.label ?? o)));
      } else if (f.type === 'textarea') {
        input = h('textarea', { id, name: f.name, required: f.required, rows: f.rows || 3, class: f.mono ? 'mono' : null });
      } else {
        input = h('input', { id, name: f.name, type: f.type || 'text', required: f.required, placeholder: f.placeholder || '' });
      }
      if (f.value !== undefined) input.value = f.value;
      inputs[f.name] = input;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label), input, f.hint ? h('small', { class: 'muted' }, f.hint) : null);
    });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const form = h('form', { method: 'dialog' },
      h('h3', {}, title), intro ? h('p', { class: 'dialog-intro' }, intro) : null, body, error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary' }, submitLabel)));
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title }, form);
    function close(value) {
      dialog.close();
      dialog.remove();
      resolve(value);
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      close(Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value])));
    });
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// A short-lived message at the bottom of the page, announced to screen readers.
export function toast(message, kind = 'info') {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  const t = h('div', { class: `toast ${kind}` }, message);
  region.append(t);
  setTimeout(() => t.remove(), 6000);
}

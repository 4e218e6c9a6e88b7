// A modal confirmation (the native <dialog>: focus is trapped and Escape cancels) for actions that
// commit the bakery to something, such as approving a plan or sending an order.
import { h } from './dom.js';

let dialogCount = 0;

/**
 * Asks `question` with `details` (strings or nodes, one paragraph each; a `{ warning }` item is
 * shown as a warning); resolves true when the user confirms.
 */
export function confirmAction({ title, details = [], confirmLabel, cancelLabel = 'Go back' }) {
  dialogCount += 1;
  const titleId = `confirm-title-${dialogCount}`;
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId }, title),
        details.map((detail) => (detail && typeof detail === 'object' && 'warning' in detail
          ? h('p', { class: 'flag', role: 'note' }, detail.warning)
          : h('p', {}, detail))),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'cancel', class: 'quiet' }, cancelLabel),
          h('button', { type: 'submit', value: 'confirm', class: 'primary' }, confirmLabel))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

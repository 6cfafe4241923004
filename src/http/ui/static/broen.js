// Small progressive enhancements for Broen's pages. Loaded as a file because the CSP allows
// no inline script; every page works without it.
(() => {
  // "Velg alle" checkbox in a table header toggles the row checkboxes of its table.
  document.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.matches('[data-select-all]')) return;
    const table = box.closest('table');
    if (!table) return;
    for (const row of table.querySelectorAll('input[type=checkbox][name=ids]')) row.checked = box.checked;
  });

  // Forms marked data-confirm ask before submitting (delete without htmx).
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A page waiting for a background read (the reconciliation) reloads itself until it is done.
  const waiting = document.querySelector('[data-refresh-seconds]');
  if (waiting) {
    const seconds = Number(waiting.getAttribute('data-refresh-seconds')) || 2;
    setTimeout(() => window.location.reload(), seconds * 1000);
  }
})();

// Behaviours the pages ask for with data attributes, in place of inline handlers (the
// Content-Security-Policy runs no inline script):
// - data-submit-on-change on a field: choosing a value submits its form;
// - data-go-on-change on a select: choosing an option opens its value (an address);
// - data-print on a button: it opens the browser's print dialog.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLElement)) return;
  if (field.matches("[data-submit-on-change]") && field.form) field.form.requestSubmit();
  if (field.matches("select[data-go-on-change]")) window.location.href = field.value;
});
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});

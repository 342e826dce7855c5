// A form marked data-once posts once: a second click while the next page loads would
// send it again. The server guards anyway (one-time key, dossier version); this spares
// the officer a confusing "already changed" message.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-once]")) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
});

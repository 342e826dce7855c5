// A refused e-form comes back with a summary of what to fix: move the focus there, so a
// screen reader announces it and the keyboard starts from it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// The counter's applicant lookup (the ID number's last dossier) answers while the officer
// goes on typing: whatever the boxes hold when the answer arrives wins over it — the
// answer only fills boxes still empty — and the caret stays where it was.
let kept = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const block = event.detail.target;
  if (!block || block.id !== "mc-applicant") return;
  const typed = {};
  block.querySelectorAll("input[name]").forEach((input) => {
    if (input.value) typed[input.name] = input.value;
  });
  const active = document.activeElement;
  const focus =
    active && block.contains(active) && active.name
      ? { name: active.name, start: active.selectionStart, end: active.selectionEnd }
      : null;
  kept = { typed, focus };
});

document.addEventListener("htmx:afterSwap", () => {
  const block = document.getElementById("mc-applicant");
  if (!block || !kept) return;
  for (const [name, value] of Object.entries(kept.typed)) {
    const input = block.querySelector(`input[name="${name}"]`);
    if (input) input.value = value;
  }
  if (kept.focus) {
    const input = block.querySelector(`input[name="${kept.focus.name}"]`);
    if (input) {
      input.focus();
      try {
        input.setSelectionRange(kept.focus.start, kept.focus.end);
      } catch {
        // Date and e-mail boxes have no caret to put back.
      }
    }
  }
  kept = null;
});

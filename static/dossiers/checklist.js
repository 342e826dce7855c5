// The counter's checklist: ticking a document fills the count its requirement asks for
// (none for a paper only shown for comparison); unticking empties the counts; typing a
// count ticks the document. The server applies the same default when the script is off.
document.addEventListener("change", (event) => {
  const box = event.target;
  const row = box.closest("tr[data-checklist-row]");
  if (!row) return;
  const counts = row.querySelectorAll("input.mc-count");
  if (box.type === "checkbox") {
    const empty = [...counts].every((input) => !Number(input.value));
    if (box.checked && empty && row.dataset.default) {
      row.querySelector(`input[name="${row.dataset.default}"]`).value = row.dataset.defaultCount;
    } else if (!box.checked) {
      counts.forEach((input) => { input.value = ""; });
    }
  } else if (box.matches("input.mc-count") && Number(box.value) > 0) {
    row.querySelector("input[type=checkbox]").checked = true;
  }
});

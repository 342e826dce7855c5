// The printable list (marked data-autoprint) opens the browser's print dialog once it
// has loaded; the page's print stylesheet leaves the list alone on the paper.
window.addEventListener("load", () => {
  if (document.querySelector("[data-autoprint]")) window.print();
});

// The printable list (marked data-autoprint) opens the browser's print dialog once it
// has loaded; the page's print stylesheet leaves the list alone on the paper.
window.addEventListener("load", () => {
  if (document.querySelector("[data-autoprint]")) window.print();
});

// After "Tiếp nhận và in giấy hẹn": the receipt loads in a frame of this page and the
// browser's print dialog opens on it once loaded — no popup for a blocker to stop. The
// link beside the frame opens it by hand when the dialog does not come.
const frame = document.querySelector("iframe[data-print-frame]");
if (frame) {
  // Reloading the page must not print the receipt again.
  const url = new URL(window.location.href);
  url.searchParams.delete("print");
  window.history.replaceState(window.history.state, "", url);
  frame.addEventListener(
    "load",
    () => {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch {
        // The browser would not print from the frame: the link is there.
      }
    },
    { once: true },
  );
  frame.src = frame.dataset.src;
}

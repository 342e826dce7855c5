// The kiosk prints the ticket as soon as it shows it, then returns to the choice of service.
(function () {
  "use strict";
  if (new URLSearchParams(location.search).get("print") === "1") window.print();
  var back = document.querySelector("[data-testid=kiosk-back]");
  if (back) setTimeout(function () { location.href = back.href; }, 30000);
})();

// Display board: live snapshots over server-sent events, optional spoken calls.
// EventSource reconnects by itself (the server sends `retry:` and event ids).
(function () {
  "use strict";
  var board = document.getElementById("hall-board");
  if (!board) return;
  var status = document.getElementById("board-status");
  var voiceToggle = document.getElementById("board-voice");
  var lastCall = null;

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function fillRows(tbodyId, rows, columns) {
    var tbody = document.getElementById(tbodyId);
    tbody.replaceChildren();
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      columns.forEach(function (c) { tr.appendChild(cell(row[c.key], c.className)); });
      if (row.highlight) tr.className = "hall-highlight";
      tbody.appendChild(tr);
    });
  }

  function speak(call) {
    if (!voiceToggle || !voiceToggle.checked || !window.speechSynthesis) return;
    var text = board.dataset.sayTemplate
      .replace("{number}", call.number.split("").join(" "))
      .replace("{counter}", call.counter);
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
    window.speechSynthesis.speak(utterance);
  }

  function render(snapshot, revision) {
    fillRows("board-counters", snapshot.counters, [
      { key: "counter" }, { key: "number", className: "hall-number" }]);
    fillRows("board-calls", snapshot.calls, [
      { key: "number", className: "hall-number" }, { key: "counter" }, { key: "at" }]);
    fillRows("board-waiting", snapshot.waiting, [{ key: "group" }, { key: "count" }]);
    board.dataset.revision = revision;
    var newest = snapshot.calls[0];
    var key = newest ? newest.number + "@" + newest.counter + "@" + newest.at : null;
    // Speak only a call that arrived while the board was watching, not the first snapshot.
    if (lastCall !== null && key && key !== lastCall) speak(newest);
    if (key) lastCall = key; else if (lastCall === null) lastCall = "";
  }

  // EventSource retries a dropped stream by itself, but gives up for good on an error
  // response (a proxy's 502 while the server restarts): then start a new one.
  function connect() {
    var source = new EventSource(board.dataset.events);
    source.addEventListener("snapshot", function (event) {
      render(JSON.parse(event.data), event.lastEventId);
    });
    source.onopen = function () {
      status.hidden = true;
      board.dataset.connected = "1";
      board.dataset.opens = String(Number(board.dataset.opens || 0) + 1);
    };
    source.onerror = function () {
      status.hidden = false;
      board.dataset.connected = "0";
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    };
  }
  connect();
})();

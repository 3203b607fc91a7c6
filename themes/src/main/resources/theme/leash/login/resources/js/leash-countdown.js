// Leash: a live countdown on the approval screen. Progressive enhancement only: without JavaScript
// the page shows the seconds left when it was rendered, and the server refuses late approvals anyway.
(function () {
  "use strict";
  var countdown = document.querySelector(".leash-countdown[data-seconds-left]");
  if (!countdown) {
    return;
  }
  var deadline = Date.now() + parseInt(countdown.getAttribute("data-seconds-left"), 10) * 1000;
  var approve = document.querySelector("#leash-approval-form button[value=approve]");

  function show() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left === 0) {
      countdown.textContent = countdown.getAttribute("data-expired-text");
      if (approve) {
        approve.disabled = true;
      }
      return;
    }
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    window.setTimeout(show, 1000);
  }

  countdown.setAttribute("role", "timer");
  show();
})();

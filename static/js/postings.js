// Proposal form: when the programme or the start changes, the planned end follows the
// programme's standard term (start + N months - 1 day), unless the user typed an end.
(function () {
  "use strict";
  var programme = document.getElementById("programme_id");
  var start = document.getElementById("start_date");
  var end = document.getElementById("planned_end_date");
  if (!programme || !start || !end) { return; }
  var touched = false;
  end.addEventListener("input", function () { touched = true; });

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function update() {
    var option = programme.options[programme.selectedIndex];
    var months = option ? parseInt(option.getAttribute("data-term-months"), 10) : NaN;
    var parts = (start.value || "").split("-");
    if (touched || isNaN(months) || parts.length !== 3) { return; }
    var y = parseInt(parts[0], 10), m = parseInt(parts[1], 10) - 1 + months, d = parseInt(parts[2], 10);
    var target = new Date(Date.UTC(y, m, 1));
    var last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d, last));
    target.setUTCDate(target.getUTCDate() - 1);
    end.value = target.getUTCFullYear() + "-" + pad(target.getUTCMonth() + 1) + "-" + pad(target.getUTCDate());
  }

  programme.addEventListener("change", update);
  start.addEventListener("change", update);
})();

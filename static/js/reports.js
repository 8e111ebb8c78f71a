// Report editor: the hidden version follows the chosen posting, so that a report on a
// posting changed since the page was opened is refused (409) and one on an unchanged
// posting is not.
(function () {
  "use strict";
  var posting = document.getElementById("posting_id");
  var version = document.getElementById("version");
  if (!posting || !version) { return; }
  posting.addEventListener("change", function () {
    var option = posting.options[posting.selectedIndex];
    if (option) { version.value = option.getAttribute("data-version") || ""; }
  });
})();

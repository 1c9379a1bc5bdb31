// Progressive enhancement only: every page works without it.
// A form that comes back with errors puts the user at its error summary: focused (so a
// screen reader reads it and the page scrolls to it), each error a link to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});

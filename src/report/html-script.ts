/**
 * The only script of the HTML pages (inline, no network): the window selector of the space-time
 * diagram (and the faults' links to their windows) and the node and kind filters of the timeline.
 * Without it the page still shows the first window and the whole timeline.
 */
export const PAGE_SCRIPT = `
(function () {
  var windowPicker = document.getElementById("st-window");
  function showWindow(id) {
    document.querySelectorAll(".st-view").forEach(function (figure) { figure.hidden = figure.id !== id; });
  }
  if (windowPicker) {
    windowPicker.addEventListener("change", function () { showWindow(windowPicker.value); });
    document.querySelectorAll("a.to-window").forEach(function (link) {
      link.addEventListener("click", function () {
        windowPicker.value = link.getAttribute("data-window");
        showWindow(windowPicker.value);
      });
    });
  }
  var node = document.getElementById("tl-node");
  var kind = document.getElementById("tl-kind");
  var count = document.getElementById("tl-count");
  function filter() {
    var rows = document.querySelectorAll("#timeline tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!node.value || row.getAttribute("data-nodes").indexOf(" " + node.value + " ") >= 0) && (!kind.value || row.getAttribute("data-kind") === kind.value);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + rows.length + " moments";
  }
  if (node && kind && count) {
    node.addEventListener("change", filter);
    kind.addEventListener("change", filter);
  }
})();
`;

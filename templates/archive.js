// Sorting and filtering for the archive's table of runs. Without JavaScript the table is
// there whole, newest first. Allowed by the page's Content-Security-Policy through its hash.
(function () {
  "use strict";
  var table = document.getElementById("run-table");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function key(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
  }
  var filter = document.createElement("input");
  filter.type = "search";
  filter.placeholder = "Filter runs (name, project, status, tags…)";
  filter.className = "filter";
  filter.setAttribute("aria-label", "Filter runs");
  table.parentNode.parentNode.insertBefore(filter, table.parentNode);
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
    });
  });
  var order = { column: -1, up: true };
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (header, column) {
    header.tabIndex = 0;
    header.setAttribute("role", "button");
    header.title = "Sort";
    function sort() {
      order.up = order.column === column ? !order.up : true;
      order.column = column;
      // Empty cells last in either direction; the header says which way (aria-sort, and an arrow).
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
        var nx = parseFloat(x), ny = parseFloat(y);
        var result = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return order.up ? result : -result;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", order.up ? "ascending" : "descending");
    }
    header.addEventListener("click", sort);
    header.addEventListener("keydown", function (event) { if (event.key === "Enter") sort(); });
  });
})();

// gorca UI: expand, collapse and filter goroutine buckets. The pages work without it.
document.addEventListener('DOMContentLoaded', function () {
  var buckets = function () { return document.querySelectorAll('details.bucket'); };
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  var filter = document.getElementById('bucket-filter');
  if (expand) expand.addEventListener('click', function () { buckets().forEach(function (d) { d.open = true; }); });
  if (collapse) collapse.addEventListener('click', function () { buckets().forEach(function (d) { d.open = false; }); });
  if (filter) filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    buckets().forEach(function (d) { d.hidden = q !== '' && d.textContent.toLowerCase().indexOf(q) < 0; });
  });
});

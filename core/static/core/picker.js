// renda: type-ahead pickers for deputies and units (core/pickers.py), on the vendored Tom Select.
// Without JavaScript the field stays a native select; the server checks every value either way.
(function () {
  "use strict";
  if (!window.TomSelect) { return; }
  document.querySelectorAll("select[data-picker]").forEach(function (select) {
    new window.TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: 50,
      hidePlaceholder: true,
      placeholder: select.getAttribute("data-picker") === "unit" ? "输入单位名称搜索" : "输入姓名、代表证号或代表团搜索",
      render: { no_results: function () { return '<div class="no-results">没有找到</div>'; } }
    });
  });
})();

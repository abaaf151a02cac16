(function () {
  var select = document.getElementById("answer-template");
  if (!select) return;
  select.addEventListener("change", function () {
    var tpl = document.getElementById("answer-template-" + select.value);
    if (tpl) { var area = document.getElementById("id_answer_text"); area.value = tpl.content.textContent; area.focus(); }
  });
})();

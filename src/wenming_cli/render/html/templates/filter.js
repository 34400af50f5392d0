(function () {
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) return;
  form.hidden = false;
  var get = function (id) { var el = document.getElementById(id); return el ? el.value : ""; };
  var items = document.querySelectorAll(".item");
  function apply() {
    var sev = get("f-sev"), dept = get("f-dept"), person = get("f-person");
    var text = get("f-text").trim().toLowerCase(), shown = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i], ok = (!sev || el.getAttribute("data-sev") === sev)
        && (!dept || el.getAttribute("data-dept").indexOf("|" + dept + "|") >= 0)
        && (!person || el.getAttribute("data-person").indexOf("|" + person + "|") >= 0)
        && (!text || el.textContent.toLowerCase().indexOf(text) >= 0);
      el.hidden = !ok;
      if (ok) shown++;
    }
    var sections = document.querySelectorAll("li.file, section.block, section.group");
    for (var j = 0; j < sections.length; j++) {
      var s = sections[j];
      s.hidden = s.querySelectorAll(".item").length > 0 && s.querySelectorAll(".item:not([hidden])").length === 0;
    }
    document.getElementById("f-count").textContent = "显示 " + shown + " / " + items.length + " 项";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();

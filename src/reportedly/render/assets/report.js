(function () {
  "use strict";
  var article = document.getElementById("article");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.claim[data-claim]"));
  if (!article) { return; }

  function select(key, fromText) {
    var lit = article.querySelectorAll(".hl.on");
    for (var i = 0; i < lit.length; i++) { lit[i].classList.remove("on"); }
    var chosen = null;
    items.forEach(function (li) {
      var on = li.getAttribute("data-claim") === key;
      li.classList.toggle("selected", on);
      li.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { chosen = li; }
    });
    var segs = article.querySelectorAll('[data-claims~="' + key + '"]');
    for (var j = 0; j < segs.length; j++) { segs[j].classList.add("on"); }
    document.body.setAttribute("data-selected", key);
    if (fromText) {
      if (chosen) { chosen.scrollIntoView({block: "nearest"}); }
    } else if (segs.length) {
      segs[0].scrollIntoView({block: "center"});
    }
  }

  items.forEach(function (li) {
    var key = li.getAttribute("data-claim");
    li.addEventListener("click", function () { select(key, false); });
    li.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(key, false); }
    });
  });
  article.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-claims]") : null;
    if (el) { select(el.getAttribute("data-claims").split(" ")[0], true); }
  });
})();

/* The study pack's script: reads the corpus data embedded in the page and builds the reader, the
   search (KWIC), the review questions and the figures. Corpus text only ever reaches the page through
   textContent and text nodes, never as HTML. No library, no request. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sk-data").textContent);
  var articles = data.articles;
  var byId = {};
  articles.forEach(function (a) { byId[a.id] = a; });
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function option(select, value, label) {
    var o = el("option", null, label);
    o.value = value;
    select.appendChild(o);
  }
  function store(key, value) {  // localStorage may be refused for file:// pages: then nothing is kept
    try {
      if (value === undefined) return JSON.parse(window.localStorage.getItem(key) || "null");
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { return null; }
    return null;
  }

  /* ------------------------------------------------------------ tabs */
  var tabs = document.querySelectorAll(".sk-tabs button");
  function showTab(name) {
    Array.prototype.forEach.call(tabs, function (b) {
      var on = b.getAttribute("data-tab") === name;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      $("sk-" + b.getAttribute("data-tab")).hidden = !on;
    });
  }
  Array.prototype.forEach.call(tabs, function (b) {
    b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
  });

  /* ------------------------------------------------------------ marked text */
  // occurrences of a plain-text term, case-insensitive, no overlaps: [[start, end], ...]
  function findAll(text, term) {
    var out = [];
    if (!term) return out;
    var hay = text.toLowerCase(), needle = term.toLowerCase(), i = hay.indexOf(needle);
    while (i >= 0 && needle.length) {
      out.push([i, i + needle.length]);
      i = hay.indexOf(needle, i + needle.length);
    }
    return out;
  }
  // text (which starts at offset `start` of the article) as nodes, with spans [{s, e, cls}] in <mark>
  function marked(parent, text, start, spans) {
    var end = start + text.length, cuts = [start, end];
    spans = spans.filter(function (sp) { return sp.s < end && sp.e > start; });
    spans.forEach(function (sp) { cuts.push(Math.max(sp.s, start), Math.min(sp.e, end)); });
    cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (x, y) { return x - y; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1], piece = text.slice(a - start, b - start);
      var cls = spans.filter(function (sp) { return sp.s <= a && b <= sp.e; }).map(function (sp) { return sp.cls; });
      if (cls.length) {
        var m = el("mark", cls.join(" "), piece);
        if (spans.some(function (sp) { return sp.s === a && sp.first; })) m.setAttribute("data-first", "1");
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(piece));
      }
    }
  }

  /* ------------------------------------------------------------ article list and reader */
  var sourceSel = $("sk-source"), fromSel = $("sk-from"), toSel = $("sk-to"), filterBox = $("sk-filter");
  data.sources.forEach(function (s) { option(sourceSel, s, s); });
  data.dates.forEach(function (d, i) { option(fromSel, String(i), d.label); option(toSel, String(i), d.label); });
  var listed = [], current = null, activeKp = null, highlight = "", hitIndex = null;

  function passes(a) {
    if (sourceSel.value && (a.source || "").indexOf(sourceSel.value) < 0) return false;
    var f = fromSel.value ? data.dates[+fromSel.value] : null, t = toSel.value ? data.dates[+toSel.value] : null;
    if (f || t) {
      if (!a.lo) return false;
      if (f && a.lo < f.lo) return false;
      if (t && a.hi > t.hi) return false;
    }
    var q = filterBox.value.trim().toLowerCase();
    return !q || a.text.toLowerCase().indexOf(q) >= 0 || a.title.toLowerCase().indexOf(q) >= 0;
  }

  function drawList() {
    listed = articles.filter(passes).map(function (a) { return a.id; });
    var list = $("sk-list");
    clear(list);
    listed.forEach(function (id) {
      var a = byId[id], li = el("li"), b = el("button");
      b.type = "button";
      b.setAttribute("data-id", String(id));
      b.appendChild(el("span", "sk-when", id + " · " + (a.date || "—") + (a.source ? " · " + a.source : "")));
      b.appendChild(document.createTextNode((a.inferred ? "〔推断〕" : "") + a.title));
      if (id === current) b.setAttribute("aria-current", "true");
      b.addEventListener("click", function () {
        openArticle(id, filterBox.value.trim(), null);
        if (window.matchMedia("(max-width: 820px)").matches) $("sk-reader").scrollIntoView({ block: "start" });
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    var count = listed.length + " / " + articles.length + " 篇 articles";
    var f = fromSel.value ? data.dates[+fromSel.value] : null, t = toSel.value ? data.dates[+toSel.value] : null;
    if (!listed.length) {
      count += " · 没有符合条件的文章 / no article matches the filters";
      if (f && t && f.lo > t.hi) count += "（“从”的日期晚于“到” / the from date is after the to date）";
    }
    $("sk-count").textContent = count;
    if (listed.length && listed.indexOf(current) < 0) openArticle(listed[0], filterBox.value.trim(), null);
    if (!listed.length) drawReader(null);
  }

  function openArticle(id, term, hit) {
    current = id;
    activeKp = null;
    highlight = term || "";
    hitIndex = hit;
    Array.prototype.forEach.call($("sk-list").querySelectorAll("button"), function (b) {
      if (+b.getAttribute("data-id") === id) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    drawReader(byId[id]);
  }

  function drawReader(a) {
    var title = $("sk-title"), info = $("sk-info"), kps = $("sk-kps"), body = $("sk-body"), notes = $("sk-notes");
    [$("sk-kicker"), title, info, kps, body, notes].forEach(clear);
    if (!a) { title.textContent = "没有文章 / no article"; return; }
    if (a.kicker) $("sk-kicker").textContent = a.kicker;
    title.appendChild(document.createTextNode(a.title));
    if (a.inferred) title.appendChild(el("span", "sk-badge", "推断标题 inferred"));
    var meta = [];
    if (a.subtitle) meta.push(a.subtitle);
    if (a.byline) meta.push(a.byline);
    meta.forEach(function (line) { info.appendChild(el("div", null, line)); });
    info.appendChild(el("div", null, "来源 source: " + (a.source || "—") + " · 日期 date: " + (a.date || "—") +
      " · " + a.chars + " 字 · 文章 article " + a.id));
    if (a.kp.length) {
      kps.appendChild(el("h3", null, "要点 Key points"));
      var ol = el("ol");
      a.kp.forEach(function (text, i) {
        var li = el("li"), b = el("button", null, text);
        b.type = "button";
        b.setAttribute("aria-pressed", i === activeKp ? "true" : "false");
        if (!a.kps[i]) { b.disabled = true; b.title = "正文中没有找到这句 / not found in the text"; }
        b.addEventListener("click", function () {
          activeKp = activeKp === i ? null : i;
          drawReader(a);
          var m = body.querySelector("mark.sk-kp");
          if (m) m.scrollIntoView({ block: "center" });
        });
        li.appendChild(b);
        ol.appendChild(li);
      });
      kps.appendChild(ol);
    }
    var spans = findAll(a.text, highlight).map(function (h, i) {
      return { s: h[0], e: h[1], cls: "sk-hit" + (i === hitIndex ? " sk-current" : ""), first: i === hitIndex };
    });
    if (activeKp !== null && a.kps[activeKp]) spans.push({ s: a.kps[activeKp][0], e: a.kps[activeKp][1], cls: "sk-kp" });
    var pos = 0;
    a.text.split("\n").forEach(function (line) {
      if (line.trim()) {
        var p = el("p");
        marked(p, line, pos, spans);
        body.appendChild(p);
      }
      pos += line.length + 1;
    });
    if (a.notes.length) {
      notes.appendChild(el("h3", null, "注 Notes"));
      a.notes.forEach(function (n) { notes.appendChild(el("p", null, n)); });
    }
    var i = listed.indexOf(a.id);
    $("sk-prev").disabled = i <= 0;
    $("sk-next").disabled = i < 0 || i >= listed.length - 1;
    if (hitIndex !== null) {
      var target = body.querySelector("mark[data-first]");
      if (target) setTimeout(function () { target.scrollIntoView({ block: "center" }); }, 0);
    }
  }

  function step(delta) {
    var i = listed.indexOf(current);
    if (i >= 0 && listed[i + delta] !== undefined) {
      openArticle(listed[i + delta], filterBox.value.trim(), null);
      $("sk-reader").scrollIntoView({ block: "start" });
    }
  }
  $("sk-prev").addEventListener("click", function () { step(-1); });
  $("sk-next").addEventListener("click", function () { step(1); });
  [sourceSel, fromSel, toSel].forEach(function (s) { s.addEventListener("change", drawList); });
  filterBox.addEventListener("input", function () {
    drawList();
    if (current !== null) { highlight = filterBox.value.trim(); hitIndex = null; drawReader(byId[current]); }
  });
  $("sk-list").addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    step(e.key === "ArrowDown" ? 1 : -1);
    var b = $("sk-list").querySelector('button[aria-current="true"]');
    if (b) b.focus();
  });

  /* ------------------------------------------------------------ search: keywords in context */
  var LIMIT = 500;
  function search(e) {
    if (e) e.preventDefault();
    var term = $("sk-term").value.trim(), width = +$("sk-width").value, body = $("sk-kwic").tBodies[0];
    clear(body);
    if (!term) { $("sk-hits").textContent = ""; return; }
    var rows = 0, inArticles = 0, total = 0;
    // the term column as wide as the term (up to 12 characters), so the terms stand in one column
    $("sk-kwic-term-col").style.width = (Math.min(12, Math.max(2, term.length)) + 1.4) + "em";
    articles.forEach(function (a) {
      var hits = findAll(a.text, term);
      if (hits.length) inArticles++;
      hits.forEach(function (h, k) {
        total++;
        if (rows >= LIMIT) return;
        rows++;
        var tr = el("tr"), where = el("td", "sk-where"), left = el("td", "sk-left"), lw = el("div");
        tr.tabIndex = 0;
        where.appendChild(el("div", null, a.id + " · " + a.title));
        where.appendChild(el("div", null, a.date || "—"));
        lw.textContent = a.text.slice(Math.max(0, h[0] - width), h[0]).replace(/\n/g, " ");
        left.appendChild(lw);
        tr.appendChild(where);
        tr.appendChild(left);
        tr.appendChild(el("td", "sk-match", a.text.slice(h[0], h[1])));
        tr.appendChild(el("td", "sk-right", a.text.slice(h[1], h[1] + width).replace(/\n/g, " ")));
        var go = function () { showTab("read"); openArticle(a.id, term, k); };
        tr.addEventListener("click", go);
        tr.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
        body.appendChild(tr);
      });
    });
    $("sk-hits").textContent = total
      ? "“" + term + "” " + total + " 处 hits · " + inArticles + " 篇文章 articles" +
        (total > LIMIT ? " · 只列出前 " + LIMIT + " 处 / the first " + LIMIT + " are listed" : "") +
        " · 点一行打开文章 / click a line to open the article"
      : "没有找到“" + term + "” / no matches";
  }
  $("sk-search-form").addEventListener("submit", search);
  $("sk-width").addEventListener("change", search);

  /* ------------------------------------------------------------ review questions */
  var key = "studykit-pack:" + data.meta.name + ":" + data.meta.made;
  var answered = store(key) || {};
  var qArticle = $("sk-q-article"), qKind = $("sk-q-kind"), shown = [], qi = 0, picked = null;
  var withQuestions = {};
  data.questions.forEach(function (q) { withQuestions[q.article] = (withQuestions[q.article] || 0) + 1; });
  articles.forEach(function (a) {
    if (withQuestions[a.id]) option(qArticle, String(a.id), a.id + " · " + a.title + "（" + withQuestions[a.id] + "）");
  });
  var STRIP = /[\s“”「」‘’"'《》（）()。，、；;：:,.!?！？]/g;
  function normalise(s) { return String(s).normalize("NFKC").toLowerCase().replace(STRIP, ""); }
  // as review.check: the keys come normalised from Python (traditional characters as simplified too);
  // a response typed in the text's own characters is compared with the answer normalised here as well
  function namesAll(rest, parts) {
    parts = parts.slice().sort(function (x, y) { return y.length - x.length; });
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i] || rest.indexOf(parts[i]) < 0) return false;
      rest = rest.replace(parts[i], "");
    }
    return rest === "";
  }
  function isRight(q, response) {
    var rest = normalise(response);
    if (q.kind === "flashcard") return namesAll(rest, q.part_keys) || namesAll(rest, q.parts.map(normalise));
    return rest !== "" && (rest === q.key || rest === normalise(q.answer));
  }
  function score() {
    var right = 0, total = 0;
    Object.keys(answered).forEach(function (id) { total++; if (answered[id]) right++; });
    $("sk-score").textContent = "答对 right " + right + " / 已答 answered " + total;
  }
  function filterQuestions() {
    shown = data.questions.filter(function (q) {
      return (!qArticle.value || q.article === +qArticle.value) && (!qKind.value || q.kind === qKind.value);
    });
    qi = 0;
    drawQuestion();
  }
  function drawQuestion() {
    var q = shown[qi], choices = $("sk-q-choices"), input = $("sk-q-input"), result = $("sk-q-result");
    clear(choices);
    result.textContent = "";
    result.className = "sk-result";
    $("sk-q-source").hidden = true;
    picked = null;
    input.value = "";
    $("sk-q-pos").textContent = shown.length ? (qi + 1) + " / " + shown.length : "";
    $("sk-q-prev").disabled = qi <= 0;
    $("sk-q-next").disabled = qi >= shown.length - 1;
    if (!q) {
      $("sk-q-where").textContent = "";
      $("sk-q-prompt").textContent = "没有题目 / no questions here";
      input.hidden = $("sk-q-check").hidden = $("sk-q-reveal").hidden = true;
      return;
    }
    input.hidden = $("sk-q-check").hidden = $("sk-q-reveal").hidden = false;
    $("sk-q-where").textContent = (q.kind === "flashcard" ? "提法卡片 flashcard" : "填空 fill in the blank") +
      " · " + q.citation + (q.id in answered ? (answered[q.id] ? " · 上次答对 right last time" : " · 上次答错 wrong last time") : "");
    $("sk-q-prompt").textContent = q.prompt;
    input.placeholder = q.kind === "flashcard"
      ? "写出各项，用顿号隔开 / name the parts, separated by 、" : "输入答案 / type the answer";
    if (q.choices.length) {
      q.choices.forEach(function (c, i) {
        var b = el("button", null, String.fromCharCode(65 + i) + ". " + c);
        b.type = "button";
        b.setAttribute("aria-pressed", "false");
        b.addEventListener("click", function () {
          picked = c;
          input.value = c;
          Array.prototype.forEach.call(choices.children, function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
          check();
        });
        choices.appendChild(b);
      });
    }
  }
  function reveal() {
    var q = shown[qi], box = $("sk-q-source");
    if (!q) return;
    clear(box);
    var answer = el("p");
    answer.appendChild(document.createTextNode("答案 answer："));
    answer.appendChild(el("b", null, q.answer));
    box.appendChild(answer);
    var terms = [q.answer].concat(q.parts).filter(Boolean).sort(function (x, y) { return y.length - x.length; });
    var spans = [], used = [];
    terms.forEach(function (t) {
      findAll(q.sentence, t).forEach(function (h) {
        if (!used.some(function (u) { return h[0] < u[1] && h[1] > u[0]; })) { used.push(h); spans.push({ s: h[0], e: h[1], cls: "sk-hit" }); }
      });
    });
    var sentence = el("p");
    marked(sentence, q.sentence, 0, spans);
    box.appendChild(sentence);
    var where = el("p", "sk-meta", "出处 source：" + q.citation + " ");
    var open = el("button", null, "打开原文 open the article");
    open.type = "button";
    open.addEventListener("click", function () { showTab("read"); openArticle(q.article, q.term, 0); });
    where.appendChild(open);
    box.appendChild(where);
    box.hidden = false;
  }
  function check() {
    var q = shown[qi], result = $("sk-q-result"), response = $("sk-q-input").value;
    if (!q) return;
    if (!normalise(response)) { result.textContent = "先选一个或写下答案 / choose or type an answer first"; return; }
    var ok = picked !== null && response === picked ? picked === q.answer : isRight(q, response);
    answered[q.id] = ok;
    store(key, answered);
    result.textContent = ok ? "✓ 答对了 right" : "✗ 不对 not quite";
    result.className = "sk-result " + (ok ? "sk-right" : "sk-wrong");
    score();
    reveal();
  }
  $("sk-q-check").addEventListener("click", check);
  $("sk-q-input").addEventListener("keydown", function (e) { if (e.key === "Enter") check(); });
  $("sk-q-reveal").addEventListener("click", reveal);
  $("sk-q-prev").addEventListener("click", function () { if (qi > 0) { qi--; drawQuestion(); } });
  $("sk-q-next").addEventListener("click", function () { if (qi < shown.length - 1) { qi++; drawQuestion(); } });
  qArticle.addEventListener("change", filterQuestions);
  qKind.addEventListener("change", filterQuestions);

  /* ------------------------------------------------------------ figures */
  var figs = $("sk-figures");
  if (!data.figures.length) figs.appendChild(el("p", "sk-meta", "这个学习包没有图表 / no figures in this pack"));
  data.figures.forEach(function (f) {
    var fig = el("figure"), img = el("img");
    fig.appendChild(el("figcaption", null, f.title));
    if (/^data:image\/png;base64,[A-Za-z0-9+\/=]+$/.test(f.src)) img.src = f.src;
    img.alt = f.alt;
    img.loading = "lazy";
    fig.appendChild(img);
    figs.appendChild(fig);
  });

  /* ------------------------------------------------------------ start */
  drawList();
  filterQuestions();
  score();
  var m = /^#article-(\d+)$/.exec(location.hash);
  if (m && byId[+m[1]]) openArticle(+m[1], "", null);  // pack.html#article-12 opens article 12
})();

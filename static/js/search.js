// Wayfinder search: a search box over the index the build writes to
// search/index.json. No framework, no innerHTML. Without this file the
// search form stays hidden and the page offers the A to Z index and the
// topic lists instead, so it is never a dead end. The index is fetched
// only when someone focuses the box or arrives with ?q=. Results are
// announced politely through the page's role="status" region, after a
// pause in typing. The rules for cutting text into terms and matching them
// are those of internal/search (see its package documentation); a Go test
// runs lookup() here on the real index.
(function () {
  'use strict';

  // Points a query word scores for a match in the body, the summary
  // (description, section, labels) or the title; doubled for a whole term.
  var POINTS = [0, 1, 3, 8];
  var MAX_SHOWN = 50;
  var SPLIT = /[^\p{L}\p{Nd}]+/u;

  function length(w) { return Array.from(w).length; }

  function ends(w, s) { return w.slice(-s.length) === s; }

  // fold folds a plural ending, as search.Fold does.
  function fold(w) {
    var n = length(w);
    if (n > 4 && ends(w, 'ies')) return w.slice(0, -3) + 'y';
    if (n > 3 && ends(w, 's') && !ends(w, 'ss') && !ends(w, 'us') && !ends(w, 'is')) return w.slice(0, -1);
    return w;
  }

  // terms cuts text into terms, as search.Terms does.
  function terms(text, stop) {
    var out = [];
    text.toLowerCase().split(SPLIT).forEach(function (w) {
      if (length(w) < 2 || stop.has(w)) return;
      w = fold(w);
      if (out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  // lookup returns the pages that match every word of the query, best
  // first: {id, score, title, url, section, description}.
  function lookup(index, query) {
    var words = terms(query, new Set(index.stop));
    if (!words.length) return [];
    var keys = Object.keys(index.terms);
    var scores = null;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], got = new Map();
      keys.forEach(function (t) {
        if (t.lastIndexOf(w, 0) !== 0) return;
        var whole = t === w ? 2 : 1, id = 0;
        index.terms[t].forEach(function (p) {
          id += p >> 2;
          var points = POINTS[p & 3] * whole;
          if (!(got.get(id) >= points)) got.set(id, points);
        });
      });
      if (scores === null) {
        scores = got;
      } else {
        var next = new Map();
        scores.forEach(function (s, id) {
          if (got.has(id)) next.set(id, s + got.get(id));
        });
        scores = next;
      }
      if (!scores.size) break;
    }
    var out = [];
    scores.forEach(function (score, id) {
      var p = index.pages[id];
      out.push({
        id: id, score: score, title: p[0], url: index.base + p[1],
        section: p[2] >= 0 ? index.sections[p[2]] : '', description: p[3],
      });
    });
    return out.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
  }

  var api = { fold: fold, terms: terms, lookup: lookup };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }

  var form = document.getElementById('search');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list || !window.fetch || !window.Map) return;

  var index = null, loading = null, timer = 0;

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute('data-search-index'), { credentials: 'omit' })
        .then(function (r) {
          if (!r.ok) throw new Error('search index: ' + r.status);
          return r.json();
        })
        .then(function (d) { index = d; });
    }
    return loading;
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(query) {
    var q = query.trim();
    var url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    history.replaceState(history.state, '', url);
    list.textContent = '';
    if (!q) {
      say('');
      return;
    }
    var results = lookup(index, q);
    results.slice(0, MAX_SHOWN).forEach(function (r) {
      var li = el('li', 'search-result');
      var a = el('a', 'search-result__link', r.title);
      a.href = r.url;
      li.appendChild(a);
      if (r.section) li.appendChild(el('p', 'search-result__section', r.section));
      if (r.description) li.appendChild(el('p', 'search-result__desc', r.description));
      list.appendChild(li);
    });
    var quoted = '\u201c' + q + '\u201d';
    if (!results.length) {
      say('No pages found for ' + quoted + '. Check the spelling, or try fewer or different words.');
    } else {
      say((results.length === 1 ? '1 page' : results.length + ' pages') + ' found for ' + quoted +
        (results.length > MAX_SHOWN ? '. Showing the best ' + MAX_SHOWN + '.' : '.'));
    }
  }

  function run() {
    clearTimeout(timer);
    var q = input.value;
    load().then(function () { show(q); }, function () {
      say('Search is not working at the moment. You can find every page in the A to Z list below.');
    });
  }

  form.hidden = false;
  input.addEventListener('focus', function () { load().catch(function () {}); }, { once: true });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    run();
  });
  var q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    run();
  }
})();

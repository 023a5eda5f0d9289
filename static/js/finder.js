// Wayfinder finder: turns the static finder pages into one page. No
// framework. Without this file every question and result is a static page
// and every answer a plain link; with it, answers are ranked here from the
// finder's JSON, the address bar keeps the same static paths (so Back and
// shared links work), focus moves to the new heading and the change is
// announced politely. The ranking rules are those of internal/finder
// (see its package documentation); a Go test runs outcome() against them
// for every combination of answers.
(function () {
  'use strict';

  function has(list, values) {
    for (var i = 0; i < list.length; i++) {
      if (values.indexOf(list[i]) >= 0) return true;
    }
    return false;
  }

  function chosen(d, answers, qi) {
    return d.questions[qi].answers[answers[qi]];
  }

  // suits reports whether a related page suits the answers to the related
  // questions: it leaves each question's field empty or matches it.
  function suits(d, page, answers) {
    return d.related.match.every(function (qi) {
      var v = page.fields[d.questions[qi].field] || [];
      return !v.length || has(v, chosen(d, answers, qi).matches);
    });
  }

  function relatedFor(d, item, answers) {
    var current = [], history = [];
    if (!d.related) return [current, history];
    var pages = d.related.pages;
    (item.related || []).forEach(function (slug) {
      var r = pages[slug];
      if (!r || !suits(d, r, answers)) return;
      if (!r.status) {
        if (current.indexOf(slug) < 0) current.push(slug);
        return;
      }
      var s = r.successor && pages[r.successor] ? r.successor : '';
      history.push([slug, s]);
      if (s && !pages[s].status && suits(d, pages[s], answers) && current.indexOf(s) < 0) current.push(s);
    });
    return [current, history];
  }

  // why returns the questions whose answers a related page names and
  // matches.
  function why(d, page, answers) {
    var out = [];
    d.questions.forEach(function (q, qi) {
      if (has(page.fields[q.field] || [], chosen(d, answers, qi).matches)) out.push(qi);
    });
    return out;
  }

  // towards ranks the pages that need a registration the answers do not
  // claim, leaving out the questions that ask about registration.
  function towards(d, gated) {
    var qs = d.questions, rs = [];
    var reg = qs.map(function (q) { return q.answers.some(function (a) { return a.registered; }); });
    gated.forEach(function (g) {
      var score = 0, ok = true;
      qs.forEach(function (q, qi) {
        if (reg[qi]) return;
        if (g.matched[qi]) score += q.weight;
        else if (q.required) ok = false;
      });
      if (ok && score > 0) rs.push({ i: g.i, score: score, matched: g.matched });
    });
    rs.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return rs.slice(0, d.closest).map(function (r) {
      return { item: r.i, matched: r.matched.map(function (ok, qi) { return ok && !reg[qi]; }) };
    });
  }

  // outcome ranks the finder's pages for one answer index per question.
  function outcome(d, answers) {
    var qs = d.questions, all = [], gated = [], registered = false, newcomer = false;
    qs.forEach(function (q, qi) {
      registered = registered || !!chosen(d, answers, qi).registered;
      newcomer = newcomer || !!chosen(d, answers, qi).newcomer;
    });
    d.items.forEach(function (item, i) {
      var score = 0;
      var matched = qs.map(function (q, qi) {
        var ok = has(item.fields[q.field] || [], chosen(d, answers, qi).matches);
        if (ok) score += q.weight;
        return ok;
      });
      // A page needing a registration the answers do not claim is never a match.
      (!registered && item.requires ? gated : all).push({ i: i, score: score, matched: matched });
    });
    all.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    var picked = all.filter(function (s) {
      return s.score > 0 && qs.every(function (q, qi) { return !q.required || s.matched[qi]; });
    }).slice(0, d.show);
    var closest = !picked.length;
    if (closest) {
      picked = all.filter(function (s) { return s.score > 0; }).slice(0, d.closest);
      if (!picked.length) picked = all.slice(0, d.closest);
    }
    return {
      closest: closest, newcomer: newcomer, towards: towards(d, gated),
      notes: qs.map(function (q, qi) { return chosen(d, answers, qi).note || ''; }).filter(Boolean),
      matches: picked.map(function (s) {
        var rel = relatedFor(d, d.items[s.i], answers);
        return {
          item: s.i, score: s.score, matched: s.matched, related: rel[0], history: rel[1],
          why: rel[0].map(function (slug) { return why(d, d.related.pages[slug], answers); })
        };
      })
    };
  }

  // pathOf returns the URL of the page after the answers so far.
  function pathOf(d, answers) {
    if (!answers.length) return d.path + d.questions[0].id + '/';
    return d.path + answers.map(function (ai, qi) {
      var q = d.questions[qi];
      return q.id + '-' + q.answers[ai].value + '/';
    }).join('');
  }

  // parse turns a URL path into the finder's state, or null when the
  // path is not one of this finder's pages.
  function parse(d, path) {
    if (path.indexOf(d.path) !== 0) return null;
    var segs = path.slice(d.path.length).split('/').filter(Boolean);
    var qs = d.questions, answers = [];
    if (!segs.length) return { step: 'start', answers: answers };
    if (segs.length === 1 && segs[0] === qs[0].id) return { step: 'question', answers: answers };
    for (var k = 0; k < segs.length; k++) {
      if (answers.length === qs.length) {
        if (k !== segs.length - 1) return null;
        for (var c = 0; c < qs.length; c++) {
          if (segs[k] === 'change-' + qs[c].id) return { step: 'change', answers: answers, change: c };
        }
        return null;
      }
      var q = qs[answers.length], found = -1;
      for (var a = 0; a < q.answers.length; a++) {
        if (segs[k] === q.id + '-' + q.answers[a].value) found = a;
      }
      if (found < 0) return null;
      answers.push(found);
    }
    return { step: answers.length === qs.length ? 'result' : 'question', answers: answers };
  }

  // safeURL returns a link as a browser reads it if it is a path on this
  // site or an http or https address, and null if not. It is the rule of
  // internal/weburl's SiteLink, and a Go test holds them to the same
  // answers: no control characters or backslashes (which browsers drop,
  // or read as slashes, so that "/\evil.example" is another site), and
  // either one leading slash or http(s):// and a host.
  function safeURL(u) {
    var s = String(u).replace(/^ +| +$/g, '');
    if (/[\u0000-\u001f\u007f\\]/.test(s)) return null;
    if (/^\/(?!\/)/.test(s)) return s;
    var m = /^https?:\/\/([^\/?#]*)/i.exec(s);
    return m && m[1].replace(/^.*@/, '') !== '' ? s : null;
  }

  var api = { outcome: outcome, parse: parse, pathOf: pathOf, safeURL: safeURL };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  if (typeof document === 'undefined') return;

  var box = document.getElementById('finder');
  var top = document.getElementById('finder-top');
  var status = document.getElementById('finder-status');
  if (!box || !top || !status || !window.fetch || !window.history.pushState) return;
  // The script writes its own words in English. A finder in another
  // language (lang="cy") stays as the server wrote it: every step is a
  // real page, so it works fully without the script.
  if ((document.documentElement.lang || 'en').slice(0, 2) !== 'en') return;

  var d;
  var first = { path: location.pathname, html: box.innerHTML, top: top.innerHTML, title: document.title };
  var siteTitle = document.title.split(' – ').pop();
  var tags = { closed: ['red', 'Closed'], historical: ['grey', 'Historical'], merged: ['purple', 'Merged'] };
  // What is said of a related page that is not open and has no note of
  // its own, as finder.history.* in layouts/i18n/en.yaml.
  var gone = { closed: 'You cannot apply for it now.', historical: 'It no longer runs.', merged: 'It has merged into another body.' };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }
  // Links are not written into the markup: href() leaves a number in its
  // place, and wire() sets each href with a DOM call once the markup is
  // in the page, if safeURL accepts it, or unwraps the link if not.
  var hrefs = [];
  function href(url) { hrefs.push(url); return ' data-href="' + (hrefs.length - 1) + '"'; }
  function link(url, text) { return '<a' + href(url) + '>' + esc(text) + '</a>'; }
  function wire(root) {
    root.querySelectorAll('a[data-href]').forEach(function (a) {
      var u = safeURL(hrefs[+a.getAttribute('data-href')]);
      a.removeAttribute('data-href');
      if (u !== null) {
        a.setAttribute('href', u);
        return;
      }
      while (a.firstChild) a.parentNode.insertBefore(a.firstChild, a);
      a.parentNode.removeChild(a);
    });
  }
  function plural(n, one, many) { return n === 1 ? one : many; }

  function questionHTML(state) {
    var qi = state.step === 'change' ? state.change : state.answers.length;
    var q = d.questions[qi], h = '<p class="finder-caption">' +
      (state.step === 'change' ? 'Change your answer' : 'Question ' + (qi + 1) + ' of ' + d.questions.length) +
      '</p><h1 id="finder-heading">' + esc(q.question) + '</h1>';
    if (q.hint) h += '<p class="hint">' + esc(q.hint) + '</p>';
    h += '<ul class="answer-list finder-answers">';
    q.answers.forEach(function (a, ai) {
      var next = state.answers.slice(0, qi).concat([ai]), current = false;
      if (state.step === 'change') {
        next = state.answers.slice();
        next[qi] = ai;
        current = state.answers[qi] === ai;
      }
      h += '<li><a class="finder-answer"' + href(pathOf(d, next)) + (current ? ' aria-current="true"' : '') +
        '><span class="finder-answer__label">' + esc(a.label) + '</span>' +
        (current ? ' <strong class="tag tag--blue finder-answer__current">Your answer</strong>' : '') +
        (a.hint ? '<span class="finder-answer__hint">' + esc(a.hint) + '</span>' : '') + '</a></li>';
    });
    return [h + '</ul>', q.question];
  }

  function adviceHTML() {
    var h = '<h2 id="get-advice">Get advice</h2><p>' + esc(d.advice) + '</p>';
    if (d.adviceLinks.length) {
      h += '<ul class="link-list">' + d.adviceLinks.map(function (l) { return '<li>' + link(l.url, l.label) + '</li>'; }).join('') + '</ul>';
    }
    return h;
  }

  // reasons names the answers to the questions qis.
  function reasons(state, qis) {
    return 'Suits your answers: ' + qis.map(function (qi) { return esc(chosen(d, state.answers, qi).label); }).join('; ') + '.';
  }

  // towardsHTML shows the pages that need a registration first, and how
  // to get it, as layouts/finder/result.html does.
  function towardsHTML(state, ts) {
    if (!ts.length) return '';
    var one = ts.length === 1;
    return '<h2 id="registration-first">Needs a professional registration first</h2><p>' +
      (one ? 'This ' + esc(d.noun) + ' fits' : 'These ' + esc(d.noun) + 's fit') +
      ' your other answers, but you need a professional registration to start on ' + (one ? 'it' : 'them') +
      '. This is how to get there.</p><ul class="finder-towards">' + ts.map(function (t) {
        var item = d.items[t.item], r = item.requires, qis = [];
        t.matched.forEach(function (ok, qi) { if (ok) qis.push(qi); });
        return '<li class="finder-toward"><h3 class="finder-toward__title">' + link(item.url, item.title) + '</h3><p><strong>You need to be ' +
          esc(r.registration) + ' first.</strong> ' + esc(r.how) + '</p>' +
          (r.url ? '<p>' + link(r.url, 'Find out how to become ' + r.registration) + '</p>' : '') +
          (qis.length ? '<p class="finder-toward__why">' + reasons(state, qis) + '</p>' : '') + '</li>';
      }).join('') + '</ul>';
  }

  function resultHTML(state) {
    var o = outcome(d, state.answers), n = o.matches.length;
    var h = '<h1 id="finder-heading">' + esc(d.resultsTitle) + '</h1>';
    o.notes.forEach(function (note) { h += '<div class="inset inset--warning finder-note"><p>' + esc(note) + '</p></div>'; });
    if (o.closest) {
      var t = o.towards.length;
      h += '<div class="inset finder-closest"><p>' + (t ? '<strong>No ' + esc(d.noun) + ' you can start on now fits all your answers.</strong> ' +
        (t === 1 ? 'One fits them, but you need a professional registration to start on it' : t + ' fit them, but you need a professional registration to start on them') +
        ': see below for how to get there. ' + (n === 1 ? 'This is the closest you could start on now' : 'These are the closest ' + n + ' you could start on now') :
        '<strong>No ' + esc(d.noun) + ' fits all your answers.</strong> ' + (n === 1 ? 'This is the closest' : 'These are the closest ' + n)) +
        '. You can change your answers, or get advice.</p></div>' +
        adviceHTML() + '<h2 id="closest">Closest ' + plural(n, 'match', 'matches') + '</h2>';
    } else {
      h += '<p class="lead">' + (n === 1 ? 'This ' + esc(d.noun) + ' matches your answers.' :
        'These ' + n + ' ' + esc(d.noun) + 's match your answers, best match first.') + '</p>';
    }
    h += '<ol class="finder-results">';
    o.matches.forEach(function (m) {
      var item = d.items[m.item];
      h += '<li class="finder-result"><h2 class="finder-result__title">' + link(item.url, item.title) + '</h2>';
      if (item.description) h += '<p>' + esc(item.description) + '</p>';
      if (m.score > 0) {
        h += '<h3 class="finder-result__sub">Why it might suit you</h3><ul class="finder-why">';
        m.matched.forEach(function (ok, qi) {
          if (ok) h += '<li>' + esc(d.questions[qi].summary) + ': ' + esc(chosen(d, state.answers, qi).label) + '</li>';
        });
        h += '</ul>';
      }
      m.matched.forEach(function (ok, qi) {
        if (!ok) h += '<p class="finder-miss"><strong>Less of a fit:</strong> ' + esc(d.questions[qi].summary) + ': ' + esc(chosen(d, state.answers, qi).label) + '</p>';
      });
      if (item.requires) h += '<p class="finder-requires"><strong>You need to be ' + esc(item.requires.registration) + ' to start on this ' + esc(d.noun) + '.</strong></p>';
      var step = o.newcomer && item.firstStep;
      if (step) {
        h += '<h3 class="finder-result__sub">Your first step this month</h3><p class="finder-step">' +
          (step.title ? '<strong>' + esc(step.title) + '.</strong> ' : '') + esc(step.what) + '</p>';
      }
      var none = !m.related.length && !m.history.length;
      if (d.related && (!none || (item.related || []).length && d.related.none)) {
        var pages = d.related.pages;
        h += '<h3 class="finder-result__sub">' + esc(d.related.heading) + '</h3>';
        if (none) h += '<p class="finder-none">' + esc(d.related.none) + '</p>';
        if (m.related.length) {
          h += '<ul class="finder-related">' + m.related.map(function (slug, ri) {
            var r = pages[slug];
            return '<li>' + link(r.url, r.title) + (r.description ? '<p class="finder-related__desc">' + esc(r.description) + '</p>' : '') +
              '<p class="finder-related__why">' + (m.why[ri].length ? reasons(state, m.why[ri]) : 'Open to everyone, whatever your answers.') + '</p></li>';
          }).join('') + '</ul>';
        }
        m.history.forEach(function (pair) {
          var r = pages[pair[0]], t = tags[r.status] || ['grey', r.status];
          h += '<p class="finder-history"><strong class="tag tag--' + t[0] + '">' + esc(t[1]) + '</strong> ' + link(r.url, r.title) + '. ' + esc(r.note || gone[r.status] || '') +
            (pair[1] ? ' ' + link(pages[pair[1]].url, pages[pair[1]].title) + ' took its place.' : '') + '</p>';
        });
      }
      h += '</li>';
    });
    h += '</ol>' + towardsHTML(state, o.towards) + '<h2 id="your-answers">Your answers</h2><dl class="summary-list finder-given">';
    d.questions.forEach(function (q, qi) {
      h += '<div class="summary-list__row finder-given__row"><dt>' + esc(q.summary) + '</dt><dd>' + esc(chosen(d, state.answers, qi).label) +
        '</dd><dd class="finder-given__change"><a' + href(pathOf(d, state.answers) + 'change-' + q.id + '/') +
        '>Change<span class="visually-hidden"> your answer to: ' + esc(q.question) + '</span></a></dd></div>';
    });
    h += '</dl>' + (o.closest ? '' : adviceHTML()) + '<p class="finder-again">' + link(d.path, 'Start again') + '</p>';
    var said = o.closest ? 'No ' + d.noun + ' fits all your answers. The closest ' + n + ' are shown.' :
      n + ' ' + plural(n, d.noun, d.noun + 's') + ' match your answers.';
    return [h, d.resultsTitle, said];
  }

  function backOf(state) {
    if (state.step === 'change') return pathOf(d, state.answers);
    if (state.step === 'result') return pathOf(d, state.answers.slice(0, -1));
    var k = state.answers.length;
    return k ? pathOf(d, state.answers.slice(0, k - 1)) : d.path;
  }

  // show renders a state; it returns false when only a page load can
  // show it (the start page, unless the script started there).
  function show(state, path) {
    var out, said, title;
    if (state.step === 'start') {
      if (first.path !== path) return false;
      box.innerHTML = first.html;
      top.innerHTML = first.top;
      document.title = first.title;
      said = box.querySelector('h1').textContent;
    } else {
      hrefs = [];
      out = state.step === 'result' ? resultHTML(state) : questionHTML(state);
      box.innerHTML = out[0];
      top.innerHTML = '<a class="back-link"' + href(backOf(state)) + '>Back</a>';
      wire(box);
      wire(top);
      title = out[1];
      document.title = title + ' – ' + d.title + ' – ' + siteTitle;
      said = out[2] || (state.step === 'change' ? 'Change your answer: ' : 'Question ' + (state.answers.length + 1) + ' of ' + d.questions.length + ': ') + title;
    }
    var h1 = box.querySelector('h1');
    h1.setAttribute('tabindex', '-1');
    h1.focus();
    status.textContent = '';
    setTimeout(function () { status.textContent = said; }, 50);
    return true;
  }

  function go(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target.closest && event.target.closest('a[href]');
    if (!a || !(box.contains(a) || top.contains(a)) || a.origin !== location.origin) return;
    var state = parse(d, a.pathname);
    if (!state) return;
    if (!show(state, a.pathname)) return;
    event.preventDefault();
    history.pushState({ finder: true }, '', a.pathname);
  }

  window.addEventListener('popstate', function () {
    var state = parse(d, location.pathname);
    if (!state || !show(state, location.pathname)) location.reload();
  });

  fetch(box.getAttribute('data-finder-json'), { credentials: 'omit' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data || !parse(data, location.pathname)) return;
      d = data;
      history.replaceState({ finder: true }, '', location.pathname);
      document.addEventListener('click', go);
      box.classList.add('finder--js');
    })
    .catch(function () {});
})();

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

  // chosen returns the answer given to question qi, or undefined when
  // the question is not asked (-1) on this path.
  function chosen(d, answers, qi) {
    return d.questions[qi].answers[answers[qi]];
  }

  // fill appends -1 for each next question that is not asked after the
  // answers so far (d.skip, worked out by internal/finder).
  function fill(d, answers) {
    while (answers.length < d.questions.length && d.skip.indexOf(answers.join('.')) >= 0) answers.push(-1);
    return answers;
  }

  // span returns the fewest and most questions asked in all from a path
  // of answers so far.
  function span(d, answers) {
    answers = fill(d, answers.slice());
    var k = answers.length, lo = Infinity, hi = 0;
    if (k === d.questions.length) {
      k = answers.filter(function (a) { return a >= 0; }).length;
      return [k, k];
    }
    d.questions[k].answers.forEach(function (a, ai) {
      var s = span(d, answers.concat([ai]));
      lo = Math.min(lo, s[0]);
      hi = Math.max(hi, s[1]);
    });
    return [lo, hi];
  }

  // suits reports whether a related page suits the answers to the related
  // questions: it leaves each question's field empty or matches it.
  function suits(d, page, answers) {
    return d.related.match.every(function (qi) {
      var v = page.fields[d.questions[qi].field] || [];
      return !v.length || answers[qi] < 0 || has(v, chosen(d, answers, qi).matches);
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
      if (answers[qi] >= 0 && has(page.fields[q.field] || [], chosen(d, answers, qi).matches)) out.push(qi);
    });
    return out;
  }

  // towards ranks the pages that need a registration the answers do not
  // claim, leaving out the questions that ask about registration.
  function towards(d, gated, answers) {
    var qs = d.questions, rs = [];
    var reg = qs.map(function (q) { return q.answers.some(function (a) { return a.registered; }); });
    gated.forEach(function (g) {
      var score = 0, ok = true;
      qs.forEach(function (q, qi) {
        if (reg[qi]) return;
        if (g.matched[qi]) score += q.weight;
        else if (q.required && answers[qi] >= 0) ok = false;
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
    var given = qs.map(function (q, qi) { return chosen(d, answers, qi) || {}; });
    given.forEach(function (a) {
      registered = registered || !!a.registered;
      newcomer = newcomer || !!a.newcomer;
    });
    d.items.forEach(function (item, i) {
      var score = 0;
      var matched = qs.map(function (q, qi) {
        var ok = answers[qi] >= 0 && has(item.fields[q.field] || [], given[qi].matches);
        if (ok) score += q.weight;
        return ok;
      });
      // A page needing a registration the answers do not claim is never a match.
      (!registered && item.requires ? gated : all).push({ i: i, score: score, matched: matched });
    });
    all.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    var picked = all.filter(function (s) {
      return s.score > 0 && qs.every(function (q, qi) { return !q.required || answers[qi] < 0 || s.matched[qi]; });
    }).slice(0, d.show);
    var closest = !picked.length;
    if (closest) {
      picked = all.filter(function (s) { return s.score > 0; }).slice(0, d.closest);
      if (!picked.length) picked = all.slice(0, d.closest);
    }
    return {
      closest: closest, newcomer: newcomer, towards: towards(d, gated, answers),
      notes: given.map(function (a) { return a.note || ''; }).filter(Boolean),
      matches: picked.map(function (s) {
        var rel = relatedFor(d, d.items[s.i], answers);
        // What the page says to use instead where the person lives: its
        // entries for the answers it does not match to questions that
        // ask where (q.instead).
        var instead = [];
        qs.forEach(function (q, qi) {
          if (q.instead && answers[qi] >= 0 && !s.matched[qi]) {
            (d.items[s.i].instead || []).forEach(function (e) {
              if (given[qi].matches.indexOf(e.value) >= 0) instead.push({ qi: qi, e: e });
            });
          }
        });
        return {
          item: s.i, score: s.score, matched: s.matched, related: rel[0], history: rel[1], instead: instead,
          why: rel[0].map(function (slug) { return why(d, d.related.pages[slug], answers); })
        };
      })
    };
  }

  // pathOf returns the URL of the page after the answers so far; a
  // question not asked has no segment.
  function pathOf(d, answers) {
    if (!answers.length) return d.path + d.questions[0].id + '/';
    return d.path + answers.map(function (ai, qi) {
      var q = d.questions[qi];
      return ai < 0 ? '' : q.id + '-' + q.answers[ai].value + '/';
    }).join('');
  }

  // changed returns a result's answers with question qi's changed to ai:
  // later answers kept where still asked, dropped where not, up to the
  // first question now asked that had no answer.
  function changed(d, answers, qi, ai) {
    var out = answers.slice(0, qi).concat([ai]);
    for (var j = qi + 1; j < answers.length; j++) {
      if (d.skip.indexOf(out.join('.')) >= 0) out.push(-1);
      else if (answers[j] >= 0) out.push(answers[j]);
      else break;
    }
    return out;
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
          if (answers[c] >= 0 && segs[k] === 'change-' + qs[c].id) return { step: 'change', answers: answers, change: c };
        }
        return null;
      }
      var q = qs[answers.length], found = -1;
      for (var a = 0; a < q.answers.length; a++) {
        if (segs[k] === q.id + '-' + q.answers[a].value) found = a;
      }
      if (found < 0) return null;
      answers.push(found);
      fill(d, answers);
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

  var api = { outcome: outcome, parse: parse, pathOf: pathOf, fill: fill, changed: changed, safeURL: safeURL };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  if (typeof document === 'undefined') return;

  var box = document.getElementById('finder');
  var top = document.getElementById('finder-top');
  var status = document.getElementById('finder-status');
  if (!box || !top || !status || !window.fetch || !window.history.pushState) return;
  // The script's words come from the page's string table (layouts/i18n),
  // which the finder layouts give as JSON in the data- attributes of
  // <template id="finder-strings">: each message's text, or for one that
  // counts its forms by plural category. A key ending in the finder's
  // kind of page (data-rec: finder.nofit.guides) is also known without it
  // (finder.nofit). A page without them stays as the server wrote it.
  var words = document.getElementById('finder-strings'), S = {};
  if (!words) return;
  var rec = '.' + (words.getAttribute('data-rec') || '');
  try {
    ['strings', 'gated', 'history', 'steps', 'instead'].forEach(function (a) {
      var given = JSON.parse(words.getAttribute('data-' + a) || '{}');
      Object.keys(given).forEach(function (k) {
        S[k] = given[k];
        if (k.slice(-rec.length) === rec) S[k.slice(0, -rec.length)] = given[k];
      });
    });
  } catch (e) { return; }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || 'en') : null;
  // t returns message k with each {name} in it replaced by args[name];
  // with n, the form for that number, whose {n} is n.
  function t(k, args, n) {
    var m = S[k] || '';
    if (typeof m === 'object') {
      var cat = plural ? plural.select(n) : n === 1 ? 'one' : 'other';
      m = m[cat] || m.other || '';
    }
    return m.replace(/\{(\w+)\}/g, function (x, a) {
      if (a === 'n' && n != null) return String(n);
      return args && a in args ? String(args[a]) : x;
    });
  }

  var d;
  var first = { path: location.pathname, box: box.cloneNode(true), top: top.cloneNode(true), title: document.title };
  var siteTitle = document.title.split(' – ').pop();
  // The colours of the status tags, as layouts/partials/status-tag.html.
  var tags = { closed: 'red', historical: 'grey', merged: 'purple' };

  // The markup is built with DOM calls only, never from strings of HTML:
  // text from the JSON is only ever text, and a link is made only if
  // safeURL accepts its address.

  // el makes an element with the attributes in attrs and the kids, which
  // are nodes, text or lists of them; null, false and '' are left out.
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    return add(e, kids);
  }
  function add(e, kids) {
    (kids || []).forEach(function (k) {
      if (Array.isArray(k)) add(e, k);
      else if (k != null && k !== false && k !== '') e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
    });
    return e;
  }
  // link links text to url if safeURL accepts it, and leaves the text
  // unlinked if not.
  function link(url, text, attrs) {
    var u = safeURL(url);
    if (u === null) return text;
    var a = { href: u };
    for (var k in attrs) a[k] = attrs[k];
    return el('a', a, [text]);
  }
  function p(attrs, kids) { return el('p', attrs, kids); }

  // caption is "Question 2 of 3" for the question after the answers, or
  // "of up to 3" when how many are asked depends on answers to come.
  function caption(answers) {
    var s = span(d, answers), n = answers.filter(function (a) { return a >= 0; }).length + 1;
    return t(s[0] === s[1] ? 'finder.question_of' : 'finder.question_of_up_to', { number: n, total: s[1] });
  }

  function questionHTML(state) {
    var qi = state.step === 'change' ? state.change : state.answers.length;
    var q = d.questions[qi];
    return [[
      p({ 'class': 'finder-caption' }, [state.step === 'change' ? t('finder.change_answer') : caption(state.answers)]),
      el('h1', { id: 'finder-heading' }, [q.question]),
      q.hint && p({ 'class': 'hint' }, [q.hint]),
      el('ul', { 'class': 'answer-list finder-answers' }, q.answers.map(function (a, ai) {
        var next = state.answers.slice(0, qi).concat([ai]), current = false;
        if (state.step === 'change') {
          next = changed(d, state.answers, qi, ai);
          current = state.answers[qi] === ai;
        }
        return el('li', {}, [link(pathOf(d, next), [
          el('span', { 'class': 'finder-answer__label' }, [a.label]),
          current && [' ', el('strong', { 'class': 'tag tag--blue finder-answer__current' }, [t('finder.your_answer')])],
          a.hint && el('span', { 'class': 'finder-answer__hint' }, [a.hint])
        ], { 'class': 'finder-answer', 'aria-current': current ? 'true' : null })]);
      }))
    ], q.question];
  }

  function adviceHTML() {
    return [
      el('h2', { id: 'get-advice' }, [t('finder.advice')]), p({}, [d.advice]),
      d.adviceLinks.length && el('ul', { 'class': 'link-list' }, d.adviceLinks.map(function (l) { return el('li', {}, [link(l.url, l.label, l.hreflang ? { hreflang: l.hreflang } : {})]); }))
    ];
  }

  // reasons names the answers to the questions qis.
  function reasons(state, qis) {
    return t('finder.suits') + ' ' + qis.map(function (qi) { return chosen(d, state.answers, qi).label; }).join('; ') + '.';
  }

  // towardsHTML shows the pages that need a registration first, and how
  // to get it, as layouts/finder/result.html does.
  function towardsHTML(state, ts) {
    if (!ts.length) return null;
    return [
      el('h2', { id: 'registration-first' }, [t('finder.towards.title')]),
      p({}, [t('finder.towards', null, ts.length)]),
      el('ul', { 'class': 'finder-towards' }, ts.map(function (tw) {
        var item = d.items[tw.item], r = item.requires, qis = [];
        tw.matched.forEach(function (ok, qi) { if (ok) qis.push(qi); });
        return el('li', { 'class': 'finder-toward' }, [
          el('h3', { 'class': 'finder-toward__title' }, [link(item.url, item.title)]),
          p({}, [el('strong', {}, [t('finder.need_first', r)]), ' ' + r.how]),
          r.url && p({}, [link(r.url, t('finder.how_to_become', r))]),
          qis.length && p({ 'class': 'finder-toward__why' }, [reasons(state, qis)])
        ]);
      }))
    ];
  }

  function resultHTML(state) {
    var o = outcome(d, state.answers), n = o.matches.length, out = [el('h1', { id: 'finder-heading' }, [d.resultsTitle])];
    o.notes.forEach(function (note) { out.push(el('div', { 'class': 'inset inset--warning finder-note' }, [p({}, [note])])); });
    if (o.closest) {
      var g = o.towards.length;
      out.push(el('div', { 'class': 'inset finder-closest' }, [p({}, g ? [
        el('strong', {}, [t('finder.nofit_now')]), ' ' + t('finder.closest_gated', null, g) + ' ' + t('finder.closest_now', null, n)
      ] : [
        el('strong', {}, [t('finder.nofit')]), ' ' + t('finder.closest', null, n)
      ])]), adviceHTML(), el('h2', { id: 'closest' }, [t('finder.closest_heading', null, n)]));
    } else {
      out.push(p({ 'class': 'lead' }, [t('finder.matches', null, n)]));
    }
    out.push(el('ol', { 'class': 'finder-results' }, o.matches.map(function (m) {
      // A page in another language than the finder's says so.
      var item = d.items[m.item], lang = item.lang ? { lang: item.lang } : {};
      var li = [el('h2', { 'class': 'finder-result__title' }, [link(item.url, item.title, item.lang ? { hreflang: item.lang, lang: item.lang } : {})]),
        item.description && p(lang, [item.description])];
      var answer = function (qi) { return d.questions[qi].summary + ': ' + chosen(d, state.answers, qi).label; };
      if (m.score > 0) {
        li.push(el('h3', { 'class': 'finder-result__sub' }, [t('finder.why')]),
          el('ul', { 'class': 'finder-why' }, m.matched.map(function (ok, qi) { return ok && el('li', {}, [answer(qi)]); })));
      }
      m.matched.forEach(function (ok, qi) {
        if (!ok && state.answers[qi] >= 0) li.push(p({ 'class': 'finder-miss' }, [el('strong', {}, [t('finder.less')]), ' ' + answer(qi)]));
      });
      m.instead.forEach(function (x) {
        li.push(p({ 'class': 'finder-instead' }, [el('strong', {}, [t('finder.instead', { place: chosen(d, state.answers, x.qi).label })]), ' ',
          item.lang ? el('span', lang, [x.e.use]) : x.e.use, ' ' + t('guide.nations.source') + ' ', link(x.e.url, x.e.label, x.e.lang ? { lang: x.e.lang } : lang), '.']));
      });
      if (item.requires) li.push(p({ 'class': 'finder-requires' }, [el('strong', {}, [t('finder.requires', item.requires)])]));
      var step = o.newcomer && item.firstStep;
      if (step) {
        li.push(el('h3', { 'class': 'finder-result__sub' }, [t('finder.first_step')]),
          p({ 'class': 'finder-step' }, [step.title && [el('strong', {}, [step.title + '.']), ' '], step.what]));
      }
      var none = !m.related.length && !m.history.length;
      if (d.related && (!none || (item.related || []).length && d.related.none)) {
        var pages = d.related.pages;
        li.push(el('h3', { 'class': 'finder-result__sub' }, [d.related.heading]), none && p({ 'class': 'finder-none' }, [d.related.none]));
        if (m.related.length) {
          li.push(el('ul', { 'class': 'finder-related' }, m.related.map(function (slug, ri) {
            var r = pages[slug];
            return el('li', {}, [link(r.url, r.title), r.description && p({ 'class': 'finder-related__desc' }, [r.description]),
              p({ 'class': 'finder-related__why' }, [m.why[ri].length ? reasons(state, m.why[ri]) : t('finder.open_to_all')])]);
          })));
        }
        m.history.forEach(function (pair) {
          var r = pages[pair[0]], tag = tags[r.status];
          li.push(p({ 'class': 'finder-history' }, [el('strong', { 'class': 'tag tag--' + (tag || 'grey') }, [tag ? t('status.' + r.status) : r.status]), ' ', link(r.url, r.title),
            '. ' + (r.note || t('finder.history.' + r.status)),
            pair[1] && [' ', link(pages[pair[1]].url, pages[pair[1]].title), ' ' + t('finder.history.successor')]]));
        });
      }
      return el('li', { 'class': 'finder-result' }, li);
    })), towardsHTML(state, o.towards), el('h2', { id: 'your-answers' }, [t('finder.your_answers')]),
    el('dl', { 'class': 'summary-list finder-given' }, d.questions.map(function (q, qi) {
      return state.answers[qi] >= 0 && el('div', { 'class': 'summary-list__row finder-given__row' }, [el('dt', {}, [q.summary]), el('dd', {}, [chosen(d, state.answers, qi).label]),
        el('dd', { 'class': 'finder-given__change' }, [link(pathOf(d, state.answers) + 'change-' + q.id + '/',
          [t('finder.change'), el('span', { 'class': 'visually-hidden' }, [' ' + t('finder.change_hidden', { question: q.question })])])])]);
    })), o.closest ? null : adviceHTML(), p({ 'class': 'finder-again' }, [link(d.path, t('finder.start_again'))]));
    var said = o.closest ? t('finder.nofit') + ' ' + t('finder.closest', null, n) : t('finder.matches', null, n);
    return [out, d.resultsTitle, said];
  }

  // backOf returns the page before a state: the last question answered,
  // or the start page.
  function backOf(state) {
    if (state.step === 'change') return pathOf(d, state.answers);
    for (var k = state.answers.length - 1; k >= 0; k--) {
      if (state.answers[k] >= 0) return pathOf(d, state.answers.slice(0, k));
    }
    return d.path;
  }

  // show renders a state; it returns false when only a page load can
  // show it (the start page, unless the script started there).
  function show(state, path) {
    var out, said, title;
    if (state.step === 'start') {
      if (first.path !== path) return false;
      box.replaceChildren.apply(box, first.box.cloneNode(true).childNodes);
      top.replaceChildren.apply(top, first.top.cloneNode(true).childNodes);
      document.title = first.title;
      said = box.querySelector('h1').textContent;
    } else {
      out = state.step === 'result' ? resultHTML(state) : questionHTML(state);
      box.replaceChildren();
      add(box, out[0]);
      top.replaceChildren();
      add(top, [link(backOf(state), t('finder.back'), { 'class': 'back-link' })]);
      title = out[1];
      document.title = title + ' – ' + d.title + ' – ' + siteTitle;
      said = out[2] || (state.step === 'change' ? t('finder.change_answer') : caption(state.answers)) + ': ' + title;
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

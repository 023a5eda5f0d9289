// Wayfinder search: a search box over the index the build writes under
// search/ (see internal/search: a manifest naming shards of terms, chunks
// of pages and lists of words by length). No framework, no innerHTML.
// Without this file the search form stays hidden and the page offers the
// A to Z index and the topic lists instead, so it is never a dead end.
// The manifest is fetched only when someone focuses the box or arrives
// with ?q=, and a query fetches only the shards that hold its words.
// Results are announced politely through the page's role="status"
// region, with their count, after a pause in typing. The rules for
// cutting text into terms, matching, correcting and ranking are those of
// internal/search (see its package documentation): a Go test runs this
// file's search() beside search.Lookup and they must agree.
(function () {
  'use strict';

  // Points a query word scores for a whole-term match in the body, the
  // summary (description, section, labels) or the title; halved for a
  // term it only begins, or a synonym. As search.Points.
  var POINTS = [1, 6, 6, 16];
  var SHOWN = 20; // results shown at first, and added by "Show more"
  var SPLIT = /[^\p{L}\p{Nd}]+/u;
  var WORD = /^[\p{L}\p{Nd}]$/u;

  function length(w) { return Array.from(w).length; }

  function ends(w, s) { return w.length >= s.length && w.slice(-s.length) === s; }

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // stem returns the term a word is indexed under, as search.Stem does:
  // the Snowball English (Porter2) stem of a word of the letters a to z,
  // the word itself otherwise. Written from the algorithm's published
  // description (snowballstem.org, "The English (Porter2) stemming
  // algorithm"); a Go test runs it beside the Go library on every word of
  // a long list and of the portal.
  var EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
  };
  // Words left as they are once step 1a has run.
  var INVARIANT = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
  var STEP2 = [
    ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
    ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'],
    ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'],
    ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'],
    ['ogi', 'og'], ['li', ''],
  ];
  var STEP3 = [
    ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'], ['ative', ''],
    ['ical', 'ic'], ['ness', ''], ['ful', ''],
  ];
  var STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous',
    'ive', 'ize', 'ion', 'al', 'er', 'ic'];

  function isVowel(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }

  // shortSyllable reports whether w ends in a short syllable.
  function shortSyllable(w) {
    var n = w.length;
    if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
    return n > 2 && !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(w[n - 1]) &&
      w[n - 1] !== 'w' && w[n - 1] !== 'x' && w[n - 1] !== 'Y';
  }

  // region returns where the region after the first non-vowel that
  // follows a vowel, from start, begins.
  function region(w, start) {
    for (var i = start + 1; i < w.length; i++) {
      if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    }
    return w.length;
  }

  // longest returns the longest of the suffixes (listed longest first,
  // as [suffix, ...]) that w ends in, or null.
  function longest(w, list) {
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === 'string' ? list[i] : list[i][0];
      if (ends(w, s)) return list[i];
    }
    return null;
  }

  function hasVowel(w, from, to) {
    for (var i = from; i < to; i++) if (isVowel(w[i])) return true;
    return false;
  }

  function stem(word) {
    if (!/^[a-z]+$/.test(word) || word.length <= 2) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    var w = '';
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      w += c === 'y' && (i === 0 || isVowel(w[i - 1])) ? 'Y' : c;
    }
    var special = /^(gener|commun|arsen)/.exec(w);
    var r1 = special ? special[1].length : region(w, 0);
    var r2 = region(w, r1);

    // Step 1a: plurals.
    if (ends(w, 'sses')) w = w.slice(0, -2);
    else if (ends(w, 'ied') || ends(w, 'ies')) w = w.slice(0, w.length > 4 ? -2 : -1);
    else if (ends(w, 'us') || ends(w, 'ss')) { /* kept */ }
    else if (ends(w, 's') && hasVowel(w, 0, w.length - 2)) w = w.slice(0, -1);
    if (INVARIANT[w]) return w.replace(/Y/g, 'y');

    // Step 1b: -eed, -ed, -ing.
    var s = longest(w, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
    if (s === 'eed' || s === 'eedly') {
      if (w.length - s.length >= r1) w = w.slice(0, -s.length) + 'ee';
    } else if (s && hasVowel(w, 0, w.length - s.length)) {
      w = w.slice(0, -s.length);
      if (ends(w, 'at') || ends(w, 'bl') || ends(w, 'iz')) w += 'e';
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
      else if (shortSyllable(w) && r1 >= w.length) w += 'e';
    }

    // Step 1c: a final y after a consonant that is not the first letter.
    var n = w.length;
    if (n > 2 && (w[n - 1] === 'y' || w[n - 1] === 'Y') && !isVowel(w[n - 2])) w = w.slice(0, -1) + 'i';

    // Step 2: suffixes in R1.
    var p = longest(w, STEP2);
    if (p && w.length - p[0].length >= r1) {
      var before = w[w.length - p[0].length - 1];
      if (p[0] === 'ogi' ? before === 'l' : p[0] === 'li' ? 'cdeghkmnrt'.indexOf(before) >= 0 && before !== undefined : true) {
        w = w.slice(0, -p[0].length) + p[1];
      }
    }

    // Step 3: suffixes in R1, -ative in R2.
    p = longest(w, STEP3);
    if (p && w.length - p[0].length >= (p[0] === 'ative' ? r2 : r1)) w = w.slice(0, -p[0].length) + p[1];

    // Step 4: suffixes in R2.
    s = longest(w, STEP4);
    if (s && w.length - s.length >= r2) {
      var prev = w[w.length - s.length - 1];
      if (s !== 'ion' || prev === 's' || prev === 't') w = w.slice(0, -s.length);
    }

    // Step 5: a final e or l.
    n = w.length;
    if (w[n - 1] === 'e') {
      if (n - 1 >= r2 || n - 1 >= r1 && !shortSyllable(w.slice(0, -1))) w = w.slice(0, -1);
    } else if (w[n - 1] === 'l' && n - 1 >= r2 && w[n - 2] === 'l') {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, 'y');
  }

  // words cuts text into words: lower-case, split at anything not a
  // letter or digit, words of one character and stop words left out.
  function words(text, stop) {
    var out = [];
    text.toLowerCase().split(SPLIT).forEach(function (w) {
      if (length(w) >= 2 && !stop.has(w)) out.push(w);
    });
    return out;
  }

  // stemmed is search.Stemmed: whether words of the index's language
  // are stemmed (English), or kept as they are (any other).
  function stemmed(lang) { return !lang || /^en(-|$)/i.test(lang); }

  // terms cuts text into terms, as search.Terms does.
  function terms(text, stop) { return words(text, stop).map(stem); }

  // distance is search.Distance: the edit distance of a and b (arrays of
  // code points), a swap of neighbours counting one, or k+1 if over k.
  function distance(a, b, k) {
    if (Math.abs(a.length - b.length) > k) return k + 1;
    var prev2 = [], prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; prev2[j] = 0; cur[j] = 0; }
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        low = Math.min(low, cur[j]);
      }
      if (low > k) return k + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[b.length], k + 1);
  }

  // forms returns the words of a row of a word list: [term, pages, forms]
  // with pages left out when 1, and "~rest" for the term and the rest.
  function forms(row) {
    return row.slice(typeof row[1] === 'number' ? 2 : 1).map(function (f) {
      return f[0] === '~' ? row[0] + f.slice(1) : f;
    });
  }

  // nearestForm is search's nearestForm.
  function nearestForm(forms, term, typed) {
    if (!forms.length) return term;
    var a = Array.from(typed), best = '', bestD = 0;
    forms.forEach(function (f) {
      var b = Array.from(f), d = distance(a, b, a.length + b.length);
      if (best === '' || d < bestD) { best = f; bestD = d; }
    });
    return best;
  }

  // rarity is search.Rarity, in quarters of a doubling; RARITY_BASE and
  // QUARTER_ROOTS are search.RarityBase and search's quarterRoots.
  var RARITY_BASE = 4, QUARTER_ROOTS = [11892, 14142, 16818];
  function rarity(pages, n) {
    if (pages <= 0) return 0;
    var r = 0;
    while (pages * Math.pow(2, r + 1) <= n) r++;
    var q = 4 * r;
    for (var i = 0; i < QUARTER_ROOTS.length; i++) {
      if (pages * Math.pow(2, r) * QUARTER_ROOTS[i] > n * 10000) break;
      q++;
    }
    return q;
  }

  // join and meet are search's: of two matches, each points * 4 + field,
  // the better (most points, best field) and the weaker.
  function join(a, b) { return Math.max(a >> 2, b >> 2) * 4 + Math.max(a & 3, b & 3); }
  function meet(a, b) { return Math.min(a >> 2, b >> 2) * 4 + Math.min(a & 3, b & 3); }

  // maxEdits is search.MaxEdits.
  function maxEdits(term) {
    var n = length(term);
    return n < 3 ? 0 : n <= 5 ? 1 : 2;
  }

  // A store holds the manifest and the files fetched so far, by name
  // ("t.HASH"). lookup and pages record the files they lacked in need.
  function newStore(manifest) {
    if (manifest.v !== 4) throw new Error('search index: version ' + manifest.v);
    return { m: manifest, files: {}, stop: new Set(manifest.stop) };
  }

  // shardOf returns the shard that would hold term t: the last whose
  // first term is not after it.
  function shardOf(m, t) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid][0] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // lookup is search.Lookup on the files at hand: {need} names the files
  // it lacked (fetch them and call again), else {hits, words, corrected}.
  function lookup(st, query, asTyped) {
    var m = st.m, need = [];
    function file(name) {
      if (!has(st.files, name)) {
        if (need.indexOf(name) < 0) need.push(name);
        return null;
      }
      return st.files[name];
    }
    function shard(i) { return m.shards.length ? file('t.' + m.shards[i][1]) || {} : {}; }

    // entryPoints is search's entryPoints.
    function entryPoints(ts, mult, prefix) {
      var out = null;
      ts.forEach(function (t) {
        var got = new Map();
        function add(postings, k) {
          var r = RARITY_BASE + rarity(postings.length, m.pages);
          k *= r * r;
          var id = 0;
          postings.forEach(function (p) {
            id += p >> 2;
            got.set(id, join(got.get(id) || 0, POINTS[p & 3] * k * 4 + (p & 3)));
          });
        }
        var first = shardOf(m, t), s = shard(first);
        if (has(s, t)) add(s[t], mult);
        if (prefix) {
          for (var i = first; i < m.shards.length; i++) {
            if (i > first && m.shards[i][0].lastIndexOf(t, 0) !== 0) break;
            s = shard(i);
            for (var u in s) {
              if (has(s, u) && u.length > t.length && u.lastIndexOf(t, 0) === 0) add(s[u], 1);
            }
          }
        }
        if (out === null) {
          out = got;
          return;
        }
        out.forEach(function (v, id) {
          if (got.has(id)) out.set(id, meet(v, got.get(id))); else out.delete(id);
        });
      });
      return out || new Map();
    }

    function wordPoints(ts, synonyms) {
      var best = entryPoints(ts, 2, ts.length === 1 && length(ts[0]) >= 3);
      (synonyms || []).forEach(function (s) {
        entryPoints(s, 1, false).forEach(function (v, id) {
          best.set(id, join(best.get(id) || 0, v));
        });
      });
      return best;
    }

    // correct is search.Correct, on the word lists of the lengths that
    // could hold the answer: its row or null.
    function correct(t) {
      var k = maxEdits(t);
      if (!k) return null;
      var a = Array.from(t), best = null, bestD = k + 1, bestN = 0, lacked = need.length;
      m.words.forEach(function (wf, j) {
        var next = j + 1 < m.words.length ? m.words[j + 1][0] : Infinity;
        if (next <= a.length - k || wf[0] > a.length + k) return;
        (file('w.' + wf[1]) || []).forEach(function (row) {
          var n = length(row[0]);
          if (n < a.length - k || n > a.length + k) return;
          var d = distance(a, Array.from(row[0]), k);
          if (d > k) return;
          var pages = typeof row[1] === 'number' ? row[1] : 1;
          if (d < bestD || d === bestD && (pages > bestN || pages === bestN && best && row[0] < best[0])) {
            best = row;
            bestD = d;
            bestN = pages;
          }
        });
      });
      // Until every list is at hand the answer may be wrong: fetch
      // nothing for it.
      return need.length > lacked ? null : best;
    }

    var parsed = parse(m, st.stop, query), ws = parsed.words, points = [];
    ws.forEach(function (w, i) {
      points[i] = wordPoints(w.terms, parsed.groups[i]);
      if (!points[i].size && !asTyped && w.terms.length === 1) {
        var c = correct(w.terms[0]);
        if (c) {
          w.terms = [c[0]];
          w.corrected = nearestForm(forms(c), c[0], w.text);
          points[i] = wordPoints(w.terms, null);
        }
      }
      w.found = points[i].size > 0;
    });
    if (need.length) return { need: need };
    var hits = new Map();
    points.forEach(function (ps) {
      ps.forEach(function (v, id) {
        var h = hits.get(id);
        if (!h) hits.set(id, h = { id: id, matched: 0, strong: 0, score: 0 });
        h.matched++;
        h.score += v >> 2;
        if ((v & 3) >= 2) h.strong++;
      });
    });
    var out = [];
    hits.forEach(function (h) {
      h.score *= weight(m, h.id);
      out.push(h);
    });
    out.sort(function (a, b) { return b.matched - a.matched || b.strong - a.strong || b.score - a.score || a.id - b.id; });
    return { hits: out, words: ws, corrected: correctQuery(query, ws) };
  }

  // parse is search's parseQuery.
  function parse(m, stop, query) {
    var raw = words(query, stop), stems = raw.map(stemmed(m.lang) ? stem : function (w) { return w; });
    var ws = [], groups = [];
    for (var i = 0; i < stems.length;) {
      var bg = -1, be = -1, bl = 0;
      m.synonyms.forEach(function (grp, g) {
        grp.forEach(function (entry, e) {
          if (entry.length > bl && i + entry.length <= stems.length &&
            entry.every(function (t, j) { return stems[i + j] === t; })) {
            bg = g; be = e; bl = entry.length;
          }
        });
      });
      if (bg < 0) {
        ws.push({ text: raw[i], terms: [stems[i]], found: false, corrected: '' });
        groups.push(null);
        i++;
        continue;
      }
      ws.push({ text: raw.slice(i, i + bl).join(' '), terms: stems.slice(i, i + bl), found: false, corrected: '' });
      groups.push(m.synonyms[bg].filter(function (_, e) { return e !== be; }));
      i += bl;
    }
    return { words: ws, groups: groups };
  }

  function weight(m, id) {
    var w = 0;
    for (var i = 0; i < m.groups.length && m.groups[i][0] <= id; i++) w = m.groups[i][1];
    return w;
  }

  // correctQuery is search's correctQuery.
  function correctQuery(query, ws) {
    var fix = {}, any = false;
    ws.forEach(function (w) {
      if (w.corrected) { fix[w.text] = w.corrected; any = true; }
    });
    if (!any) return '';
    var out = '', run = '';
    function flush() {
      var l = run.toLowerCase();
      out += has(fix, l) ? fix[l] : run;
      run = '';
    }
    Array.from(query).forEach(function (c) {
      if (WORD.test(c.toLowerCase()) || WORD.test(c)) {
        run += c;
      } else {
        flush();
        out += c;
      }
    });
    flush();
    return out;
  }

  // pages returns the pages of the ids, as [title, path, section,
  // description], or {need} naming the chunks it lacked.
  function pages(st, ids) {
    var m = st.m, need = [], out = [];
    ids.forEach(function (id) {
      var name = 'p.' + m.chunks[Math.floor(id / m.chunk)];
      if (!has(st.files, name)) {
        if (need.indexOf(name) < 0) need.push(name);
        return;
      }
      out.push(st.files[name][id % m.chunk]);
    });
    return need.length ? { need: need } : out;
  }

  // search runs lookup, fetching what it needs with load(name), which
  // resolves once st.files[name] is set; it resolves to lookup's answer.
  function search(st, query, asTyped, load) {
    function step(tries) {
      var r = lookup(st, query, asTyped);
      if (!r.need) return Promise.resolve(r);
      if (tries > 4) return Promise.reject(new Error('search index: files missing: ' + r.need.join(' ')));
      return Promise.all(r.need.map(load)).then(function () { return step(tries + 1); });
    }
    return step(0);
  }

  // details fetches the pages of ids with load and resolves to them.
  function details(st, ids, load) {
    var r = pages(st, ids);
    if (!r.need) return Promise.resolve(r);
    return Promise.all(r.need.map(load)).then(function () { return pages(st, ids); });
  }

  var api = {
    stem: stem, stemmed: stemmed, words: words, terms: terms, distance: distance, newStore: newStore,
    lookup: lookup, search: search, details: details,
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }

  var form = document.getElementById('search');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  if (!form || !input || !status || !list || !more || !window.fetch || !window.Map || !window.Promise) return;

  var root = form.getAttribute('data-search-manifest').replace(/[^/]*$/, '');
  // The words the script writes, in the page's language: from the string
  // tables (layouts/i18n, search.js.*), given in data-strings; English
  // when a layout gives none.
  var STRINGS = {
    'search.js.correction': 'Showing results for {corrected}. Search instead for {typed}.',
    'search.js.empty': 'Type a word to search for, such as {example}.',
    'search.js.example': 'prescription',
    'search.js.none': 'No pages found for {query}. Check the spelling, or try fewer or different words.',
    'search.js.partial': { one: '{n} page found with some of your words.', other: '{n} pages found with some of your words.' },
    'search.js.partial_missing': 'No page has all of them: no page has {words}.',
    'search.js.partial_all': 'No page has all of them.',
    'search.js.or': 'or',
    'search.js.found': { one: '{n} page found for {query}.', other: '{n} pages found for {query}.' },
    'search.js.first': 'Showing the first {n}.',
    'search.js.failed': 'Search is not working at the moment. You can find every page in the A to Z list below.',
  };
  try {
    var given = JSON.parse(form.getAttribute('data-strings') || '{}');
    for (var k in given) if (has(given, k)) STRINGS[k] = given[k];
  } catch (e) { /* keep the English */ }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || 'en') : null;

  // parts returns the message for key as a list of text and the values
  // of its {name}s, which may be nodes, for append.
  function parts(key, args) {
    var msg = STRINGS[key];
    if (typeof msg === 'object') {
      var n = args.n, cat = plural ? plural.select(n) : n === 1 ? 'one' : 'other';
      msg = has(msg, cat) ? msg[cat] : msg.other;
    }
    var out = [];
    String(msg).split(/(\{[a-z0-9_]+\})/).forEach(function (piece) {
      var name = /^\{([a-z0-9_]+)\}$/.exec(piece);
      if (name && has(args, name[1])) out.push(args[name[1]]);
      else if (piece) out.push(piece);
    });
    return out;
  }

  // msg is parts as text.
  function msg(key, args) { return parts(key, args || {}).join(''); }
  var store = null, loading = null, timer = 0, shown = [], current = null, seq = 0;

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute('data-search-manifest'), {
        credentials: 'omit', integrity: form.getAttribute('data-search-integrity') || undefined,
      }).then(function (r) {
        if (!r.ok) throw new Error('search index: ' + r.status);
        return r.json();
      }).then(function (m) { store = newStore(m); });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // fetchFile fetches one index file into the store. Its name holds the
  // hash of its contents, so the browser may keep it for good.
  function fetchFile(name) {
    return fetch(root + name + '.json', { credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error('search index: ' + name + ': ' + r.status);
      return r.json();
    }).then(function (d) { store.files[name] = d; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function quote(s) { return '\u201c' + s + '\u201d'; }

  // link returns a link to the search page for a query.
  function link(q, asTyped, text) {
    var url = new URL(location.href);
    url.searchParams.set('q', q);
    if (asTyped) url.searchParams.set('typed', '1'); else url.searchParams.delete('typed');
    var a = el('a', 'search__query', text);
    a.href = url.pathname + url.search;
    return a;
  }

  // say puts the lines of the answer in the status region, which reads
  // them out as one: the correction, the count, the words not found.
  function say(q, r, asTyped) {
    status.textContent = '';
    if (!r) return;
    var p;
    if (r.corrected) {
      p = el('p', 'search__correction');
      p.append.apply(p, parts('search.js.correction',
        { corrected: link(r.corrected, false, r.corrected), typed: link(q, true, q) }));
      status.appendChild(p);
    }
    var total = r.hits.length, n = r.words.length;
    var best = total ? r.hits[0].matched : 0;
    var missing = r.words.filter(function (w) { return !w.found; }).map(function (w) { return quote(w.text); });
    var text;
    if (!n) {
      text = msg('search.js.empty', { example: quote(msg('search.js.example')) });
    } else if (!total) {
      text = msg('search.js.none', { query: quote(r.corrected || q) });
    } else if (best < n) {
      text = msg('search.js.partial', { n: total }) + ' ' + (missing.length
        ? msg('search.js.partial_missing', { words: missing.join(' ' + msg('search.js.or') + ' ') })
        : msg('search.js.partial_all'));
    } else {
      text = msg('search.js.found', { n: total, query: quote(r.corrected || q) });
    }
    if (total > shown.length && shown.length) text += ' ' + msg('search.js.first', { n: shown.length });
    status.appendChild(el('p', 'search__count', text));
  }

  function render(q, r, asTyped, from) {
    var ids = r.hits.slice(from, from + SHOWN).map(function (h) { return h.id; });
    return details(store, ids, fetchFile).then(function (rows) {
      if (current !== r) return;
      rows.forEach(function (p) {
        var li = el('li', 'search-result');
        var a = el('a', 'search-result__link', p[0]);
        a.href = store.m.base + p[1];
        li.appendChild(a);
        if (p[2] >= 0) li.appendChild(el('p', 'search-result__section', store.m.sections[p[2]]));
        if (p[3]) li.appendChild(el('p', 'search-result__desc', p[3]));
        list.appendChild(li);
        shown.push(a);
      });
      more.hidden = shown.length >= r.hits.length;
      say(q, r, asTyped);
    });
  }

  function show(query, asTyped) {
    var q = query.trim(), mine = ++seq;
    var url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    if (q && asTyped) url.searchParams.set('typed', '1'); else url.searchParams.delete('typed');
    history.replaceState(history.state, '', url);
    if (!q) {
      list.textContent = '';
      more.hidden = true;
      shown = [];
      current = null;
      say('', null);
      return Promise.resolve();
    }
    return search(store, q, asTyped, fetchFile).then(function (r) {
      if (mine !== seq) return;
      list.textContent = '';
      shown = [];
      current = r;
      return render(q, r, asTyped, 0);
    });
  }

  function failed() {
    status.textContent = '';
    status.appendChild(el('p', 'search__count', msg('search.js.failed')));
  }

  function run(asTyped) {
    clearTimeout(timer);
    var q = input.value;
    load().then(function () { return show(q, asTyped); }).catch(failed);
  }

  form.hidden = false;
  input.addEventListener('focus', function () { load().catch(function () {}); }, { once: true });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(false); }, 300);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    run(false);
  });
  more.addEventListener('click', function () {
    if (!current) return;
    var next = shown.length, r = current;
    render(input.value.trim(), r, false, next).then(function () {
      if (shown[next]) shown[next].focus();
    }).catch(failed);
  });
  var params = new URLSearchParams(location.search), q = params.get('q');
  if (q) {
    input.value = q;
    run(params.get('typed') === '1');
  }
})();

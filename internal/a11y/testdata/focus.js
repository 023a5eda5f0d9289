// focus.js focuses every focusable element of the page in turn and reports
// each one whose focused look cannot be told from its unfocused look: its
// outline, box-shadow, background and border (and those of its ::before
// and ::after, which some components draw focus on) must change, with an
// outline or shadow that is not transparent, or a new background. It also
// reports an element that cannot take focus or has no size when focused.
// It returns {checked, problems: [{target, msg}]}.
(() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor', 'borderTopColor', 'borderBottomColor', 'borderBottomWidth', 'color', 'textDecorationLine'];
  const look = (el) => {
    const out = {};
    for (const part of ['', '::before', '::after']) {
      const cs = getComputedStyle(el, part || null);
      if (part && cs.content === 'none') continue;
      for (const p of props) out[part + p] = cs[p];
    }
    return out;
  };
  const transparent = (c) => !c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
    const href = el.getAttribute('href');
    if (href) s += '[href="' + href + '"]';
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    if (text) s += ' "' + text + '"';
    return s;
  };
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[hidden], [inert]')) continue;
    if (el.getClientRects().length === 0) continue; // not rendered
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    checked++;
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const before = look(el);
    const r0 = el.getBoundingClientRect();
    el.focus({ preventScroll: true });
    if (document.activeElement !== el) {
      problems.push({ target: describe(el), msg: 'cannot take focus' });
      continue;
    }
    if (!el.matches(':focus-visible')) {
      problems.push({ target: describe(el), msg: 'focused but not :focus-visible (the check could not show keyboard focus)' });
      el.blur();
      continue;
    }
    const after = look(el);
    const r = el.getBoundingClientRect();
    el.blur();
    if (r.width < 2 || r.height < 2) {
      problems.push({ target: describe(el), msg: 'is ' + r.width + '×' + r.height + ' px when focused: the focus cannot be seen' });
      continue;
    }
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    // An element hidden until focused (a skip link) shows focus by
    // appearing, drawn with an outline or a background of its own.
    const appears = (r0.width < 2 || r0.height < 2) &&
      ((after.outlineStyle !== 'none' && parseFloat(after.outlineWidth) >= 2 && !transparent(after.outlineColor)) || !transparent(after.backgroundColor));
    const shows = appears || changed.some((k) => {
      const p = k.replace(/^::(before|after)/, '');
      const part = k.slice(0, k.length - p.length);
      if (p === 'outlineStyle' || p === 'outlineWidth' || p === 'outlineColor') {
        return after[part + 'outlineStyle'] !== 'none' && parseFloat(after[part + 'outlineWidth']) >= 2 && !transparent(after[part + 'outlineColor']);
      }
      if (p === 'boxShadow') return after[k] !== 'none' && !transparent(after[k].replace(/\)\s.*$/, ')'));
      if (p === 'backgroundColor') return !transparent(after[k]);
      if (p === 'borderBottomColor' || p === 'borderBottomWidth') return parseFloat(after[part + 'borderBottomWidth']) >= 2 && !transparent(after[part + 'borderBottomColor']);
      return false;
    });
    if (!shows) {
      problems.push({ target: describe(el), msg: 'no visible focus indicator: focusing it changes ' + (changed.length ? changed.join(', ') : 'nothing') + ', but no outline, shadow, background or thick border appears' });
    }
  }
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  return { checked, problems };
})()

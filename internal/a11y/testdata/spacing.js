// spacing.js applies the text spacing of WCAG 1.4.12 (line height 1.5,
// paragraph spacing 2em, letter spacing 0.12em, word spacing 0.16em) and
// reports text that no longer fits: an element that hides its overflow
// and now cuts off its content, or a page that scrolls sideways.
// Visually hidden text (clipped to 1px on purpose) is exempt. It leaves
// the spacing applied, so run it last.
(() => {
  const style = document.createElement('style');
  style.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }';
  document.head.appendChild(style);
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push('the page scrolls sideways (scrollWidth ' + document.documentElement.scrollWidth + ' > ' + width + ')');
  }
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    const clips = (v) => v === 'hidden' || v === 'clip';
    if (!clips(cs.overflowX) && !clips(cs.overflowY)) continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue; // visually hidden
    if (!(el.textContent || '').trim()) continue;
    const cut = (clips(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) || (clips(cs.overflowX) && el.scrollWidth > el.clientWidth + 1);
    if (!cut) continue;
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
    problems.push(s + ' "' + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40) + '" is cut off (' + el.scrollWidth + '×' + el.scrollHeight + ' px of content in ' + el.clientWidth + '×' + el.clientHeight + ')');
    if (problems.length >= 5) break;
  }
  return problems;
})()

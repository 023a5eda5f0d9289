// reflow.js measures whether the page scrolls sideways at the current
// viewport width. Content inside an element that scrolls on its own (a
// table wrapper, a code block) does not widen the page and is exempt.
// It returns {width, scrollWidth, wide: [descriptions of what sticks out]}.
(() => {
  const width = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const wide = [];
  if (scrollWidth > width) {
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0 || scrolls(el)) continue;
      // Report only the innermost: skip an element whose child also sticks out.
      if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id;
      else if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
      const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      wide.push(s + (text ? ' "' + text + '"' : '') + ' reaches ' + Math.round(r.right) + ' px');
      if (wide.length >= 5) break;
    }
  }
  return { width, scrollWidth, wide };
})()

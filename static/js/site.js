// Wayfinder progressive enhancement. No framework, no inline script.
// Without this file every step is expanded and every page works.
document.body.classList.add('js-enabled');

const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

// The words the script writes, in the page's language: each element it
// enhances carries them from the string tables (layouts/i18n, sitejs.*)
// in data-strings; English where a layout gives none.
const ENGLISH = {
  'sitejs.menu': 'Menu',
  'sitejs.show': 'Show',
  'sitejs.hide': 'Hide',
  'sitejs.this_step': ' this step',
  'sitejs.show_all': 'Show all steps',
  'sitejs.hide_all': 'Hide all steps',
  'sitejs.print': 'Print this guide',
};

function words(node) {
  let given = {};
  try {
    given = JSON.parse(node.getAttribute('data-strings') || '{}');
  } catch (e) {
    given = {};
  }
  return (key) => (typeof given[key] === 'string' ? given[key] : ENGLISH[key]);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Step by step: per-step show/hide buttons and one "Show all steps" control.
function initStepNav(nav) {
  const steps = Array.from(nav.querySelectorAll('.step'));
  if (steps.length === 0) return;
  const t = words(nav);
  const toggles = [];

  steps.forEach((step) => {
    const heading = step.querySelector('.step__heading');
    const panel = step.querySelector('.step__panel');
    if (!heading || !panel || !panel.id) return;
    const button = el('button', 'step__button');
    button.type = 'button';
    button.setAttribute('aria-controls', panel.id);
    while (heading.firstChild) button.appendChild(heading.firstChild);
    const toggle = el('span', 'step__toggle');
    const word = el('span', 'step__toggle-word', t('sitejs.show'));
    toggle.append(word, el('span', 'visually-hidden', t('sitejs.this_step')));
    button.appendChild(toggle);
    heading.appendChild(button);
    const set = (open) => {
      button.setAttribute('aria-expanded', String(open));
      word.textContent = open ? t('sitejs.hide') : t('sitejs.show');
      panel.hidden = !open;
    };
    button.addEventListener('click', () => {
      set(button.getAttribute('aria-expanded') !== 'true');
      updateAll();
    });
    toggles.push({ step, panel, set, isOpen: () => !panel.hidden });
  });
  if (toggles.length === 0) return;

  const controls = el('div', 'step-nav__controls');
  const all = el('button', 'link-button step-nav__all', t('sitejs.show_all'));
  all.type = 'button';
  // Point only at the first panel, as screen readers handle long id lists badly.
  all.setAttribute('aria-controls', toggles[0].panel.id);
  all.setAttribute('aria-expanded', 'false');
  controls.appendChild(all);
  nav.insertBefore(controls, nav.firstChild);

  function updateAll() {
    const open = toggles.every((t) => t.isOpen());
    all.setAttribute('aria-expanded', String(open));
    all.textContent = open ? t('sitejs.hide_all') : t('sitejs.show_all');
  }
  all.addEventListener('click', () => {
    const open = all.getAttribute('aria-expanded') !== 'true';
    toggles.forEach((t) => t.set(open));
    updateAll();
  });

  // Collapse only now that every button exists.
  toggles.forEach((t) => t.set(false));
  updateAll();

  // Open the step a link points to (e.g. #step-3), and open all before printing.
  function openFromHash() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    const target = document.getElementById(id);
    if (!target) return;
    const hit = toggles.find((t) => t.step === target || t.step.contains(target));
    if (hit && !hit.isOpen()) {
      hit.set(true);
      updateAll();
      target.scrollIntoView({ behavior: reduceMotion.matches ? 'auto' : 'smooth' });
    }
  }
  openFromHash();
  window.addEventListener('hashchange', openFromHash);
  window.addEventListener('beforeprint', () => toggles.forEach((t) => t.set(true)));
  window.addEventListener('afterprint', updateAll);
}

// "Print this guide": only offered when JS can call print().
function initPrintLink(slot) {
  if (typeof window.print !== 'function') return;
  const button = el('button', 'button button--secondary', words(slot)('sitejs.print'));
  button.type = 'button';
  button.addEventListener('click', () => window.print());
  slot.appendChild(button);
}

// Main navigation: on a narrow screen a Menu button shows and hides it,
// so that the page's own heading is on the first screen. The CSS shows
// the button, and hides the closed list, only on narrow screens.
function initMenu(header) {
  const bar = header.querySelector('.site-header__bar');
  const list = header.querySelector('.site-nav__list');
  if (!bar || !list || !list.id) return;
  const button = el('button', 'site-nav__toggle', words(header)('sitejs.menu'));
  button.type = 'button';
  button.setAttribute('aria-controls', list.id);
  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    list.classList.toggle('site-nav__list--open', open);
  });
  bar.appendChild(button);
}

document.querySelectorAll('.site-header').forEach(initMenu);
document.querySelectorAll('[data-step-nav]').forEach(initStepNav);
document.querySelectorAll('[data-print-link]').forEach(initPrintLink);

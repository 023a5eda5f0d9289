// Package a11y proves, in its tests, that every page of the built sample
// portal meets the accessibility checks that need a real browser or the
// Nu HTML Checker; the checks that need neither are in package
// sitecheck.
//
// Its tests build the portal minified, as it is published, serve it on
// 127.0.0.1 and open every page in headless Chromium (through package
// browser). On each page they check:
//
//   - axe-core, with the WCAG 2.0, 2.1 and 2.2 A and AA rules at 1280
//     pixels wide, and the rules that depend on the layout again at 320:
//     no violations;
//   - the keyboard: the first Tab focuses the skip link, and every
//     focusable element looks different when focused (an outline,
//     shadow, background or thick border appears), at 320 and 1280
//     pixels wide, and with forced colours, where only an outline can;
//   - reflow: at 320 CSS pixels wide (and at 1280) the page does not
//     scroll sideways; content that scrolls on its own, such as a table
//     in its wrapper, is exempt;
//   - text spacing (WCAG 1.4.12): with wider letter, word, line and
//     paragraph spacing no text is cut off;
//   - that the footer links to the accessibility statement.
//
// Every page is checked with JavaScript on, and some again with it off
// (below). TestFinderScripted checks the finder's pages as
// finder.js draws them, and TestChecksFind proves that each check finds
// what it is for.
//
// The finder's pages are over a thousand, most of them the same
// elements as another with other words. Every one gets axe-core (all the
// rules, at 1280 pixels), the first Tab, the footer, reflow at 320 and
// 1280 and text spacing; the focus of each focusable element (at 320,
// 1280 and with forced colours) and axe again at 320 are checked on one
// page of each shape (its elements and their attributes, not its words
// or links; see sampleFinder), which gives each language, layout and
// kind of result its own. With JavaScript off are checked: each page
// that site.js changes beyond its header (a step-by-step, a print link)
// or that has a script of its own, one page of each header and
// language, and the finder's sample; TestJSOffHooks fails if site.js or
// the stylesheets start to change other pages (see jsOffPages).
//
// Each page is loaded once for each of these passes, at 320 pixels, and
// checked there and then at 1280; axe-core is put into the page by the
// browser as it loads. The pages are shared out among several browsers
// (-tabs, one for each core by default), each run as one process
// (browser.Start) and each with a deadline of a minute a page; a page
// whose checks fail to run is checked once more, in a new tab, or a new
// browser if its browser died. The log gives the median time of each
// step.
//
// TestHTMLValidates runs the Nu HTML Checker (vnu.jar, with Java) over the
// whole built site: no errors. The tests build the portal once and share
// it.
//
// The tools come from .ci/package.json (npm ci --prefix .ci) and
// Debian's chromium package. Where they are missing the tests skip,
// saying what to install, except when the environment variable CI is
// set: there they fail. .ci/a11y installs what is missing and runs them.
//
// With -screenshots, TestScreenshots writes docs/screenshots/*.png: the
// home page and one page of each kind, at 320 and 1280 pixels wide.
package a11y

// axe.js is a function that runs axe-core (already injected) with the
// given runOnly option, and returns each violation's rule, impact, help
// text, and each element's target and failure summary. With preload
// false axe does not first fetch and parse the page's stylesheets, which
// only the rule css-orientation-lock reads.
(runOnly, preload) => axe.run(document, { runOnly, preload: preload !== false, resultTypes: ['violations'] }).then((r) => ({
  rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
  incomplete: r.incomplete.map((v) => v.id),
  violations: r.violations.map((v) => ({
    id: v.id,
    impact: v.impact || '',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim() })),
  })),
}))

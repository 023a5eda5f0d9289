// Package finder validates the site's finders and generates their pages:
// a start page, one page per question for every path of earlier answers,
// a result page for every complete set of answers, a Change page for
// every answer on every result page, and a JSON file for the script that
// turns the finder into one page when JavaScript runs.
//
// # Finders are content
//
// A finder is a file in content/finders/ (see site.Schemas for its
// fields). Its body is the text of its start page. It names the section
// whose pages it recommends (pathways or guides), and asks questions in
// order. Each question names a front-matter field of those pages, and
// each answer the values of that field it matches (its value, unless
// matches says otherwise): the career finder's background question
// matches a pathway's backgrounds, its stage question the pathway's
// entry_stages.
//
// # Web addresses
//
// A finder whose path is /finder/ publishes:
//
//	/finder/                                  the start page
//	/finder/background/                       the first question
//	/finder/background-clinical/              the second question, after one answer
//	/finder/background-clinical/interest-data/stage-manager/
//	                                          the result for three answers
//	/finder/background-clinical/interest-data/stage-manager/change-interest/
//	                                          the interest question again, the
//	                                          other answers kept, "data" marked
//	/finder/finder.json                       everything the script needs
//
// Each segment after the first question names a question and its answer,
// so an address says what it shows, and every answer is a plain link to a
// page generated in advance: the finder works without JavaScript and
// without a form. Unknown addresses get the site's 404 page.
//
// # Asking only when the answer changes the advice
//
// The first question is always asked. A later one is asked only after
// the earlier answers where some answer to it gives other advice than
// leaving it out would, under any answers to the questions after it
// (see ask.go for what counts as advice). This is worked out from the
// content, not declared: the pages recommended already say everything
// it depends on, so the finder starts or stops asking as soon as a page
// changes. A question not asked has no segment in the address, no line
// in "Your answers" and no Change page; question pages say "Question 2
// of 3", or "of up to 3" while the number depends on answers to come.
// A Change page's answers keep the later answers where their question
// is still asked, drop them where it is not, and lead to a question now
// asked that had no answer. A question never asked on any path is a
// warning.
//
// # Ranking
//
// The rules below are also those of static/js/finder.js; a test runs the
// script on every combination of answers and compares.
//
//   - A page matches a question when its field holds one of the values
//     the chosen answer matches. Its score is the sum of the weights (1
//     unless set) of the questions it matches.
//   - A page is a good match when its score is above 0 and it matches
//     every question marked required. Good matches are shown best first
//     (highest score, then the section's own order), at most show of
//     them (5 unless set).
//   - When nothing is a good match the result shows the closest pages
//     instead, at most closest of them (3 unless set): those scoring above
//     0, best first, or when none does, the first in the section's order.
//     So a result is never empty. The finder's advice is shown with them.
//   - With related set, each recommended page lists the pages its field
//     (a pathway's routes) refers to that suit the answers to the related
//     questions: a related page suits when, for each of those questions,
//     it leaves the question's field empty or matches the answer. A
//     related page whose status is closed, historical or merged is shown
//     only as history, with its successor, which is listed in its place
//     when it suits.
//   - Every chosen answer's note is shown on the result page.
//   - A question not asked counts for no page and is no reason.
//   - When a question asks where the person lives (a guide's nations),
//     each recommended guide not written for the nation answered shows
//     its own elsewhere entry for that nation: what to use there instead.
//   - A page whose requires names a professional registration is ranked
//     as above only when a chosen answer is marked registered. Otherwise
//     it is never a match, good or closest: it is listed apart, with how
//     to get the registration, when it would be a good match with the
//     questions that ask about registration (those with a registered
//     answer) left out; best first, at most closest of them.
//   - Each related page says why it fits: the chosen answers its fields
//     name, for every question, not only those it must suit.
//   - When a chosen answer is marked newcomer, each match shows its first
//     step: the page's first_step, or the first of its steps.
//
// # Checks
//
// Check reports, at the line and column of the offending value: question
// fields that the recommended pages do not have, answer values outside
// the field's vocabulary, answers that match no page, duplicate question
// ids, answer values or labels, names that cannot be used in a web
// address, addresses that collide, and more pages than finder.max_pages in
// site.yaml allows. A page that no combination of answers recommends is a
// warning on that page. A combination of answers that is recommended no
// page it can start on, or, where the related pages have a status (routes
// do), no related page still open to join under any page recommended, is
// a warning on the finder.
package finder

import (
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The layouts finder pages are rendered with, under layouts/.
const (
	StartLayout    = "finder/start.html"
	QuestionLayout = "finder/question.html"
	ResultLayout   = "finder/result.html"
)

// JSONName is the name of the file, under a finder's path, that the
// script reads.
const JSONName = "finder.json"

// Defaults for a finder's show and closest.
const (
	DefaultShow    = 5
	DefaultClosest = 3
)

// Check validates every finder of the site and returns every problem.
func Check(x *resolve.Index) diag.List {
	_, diags := loadAll(x)
	return diags
}

// Generate returns the pages of every finder that has no errors, to be
// rendered through the finder layouts, and each finder's JSON file.
// Problems are reported by Check.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	models, _ := loadAll(x)
	var pages []site.Generated
	var files []site.File
	var diags diag.List
	for _, m := range models {
		if m.bad {
			continue
		}
		pages = append(pages, m.pages()...)
		f, err := m.json()
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: m.page.File}, Code: "finder", Msg: "cannot write the finder's data: " + err.Error()})
			continue
		}
		files = append(files, f)
	}
	return pages, files, diags
}

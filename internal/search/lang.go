package search

import (
	"sync"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Each language of a site has its own index and search page: the
// default's at /search/, another's under its path (/cy/search/). A
// language's index holds its own pages only, so a result is always in the
// language of the page it was found from.
//
// How words become terms depends on the language. English words are
// stemmed (see Stem). There is no published stemmer for Welsh that both
// Go and search.js could run alike, and Welsh changes the start of words
// (mutations: "meddyg", "feddyg", "ddoctor") as much as their end, so
// Welsh words are kept as they are: a query word still finds the longer
// words it begins (three letters or more), and corrections find near
// spellings. Each language has its own stop words; a language with none
// listed here keeps every word.

// welshStopWords are the Welsh words left out of the index: the articles,
// the commonest prepositions, pronouns and conjunctions, and forms of
// "bod" (to be). Words of one letter ("a", "y", "i", "o") go anyway.
var welshStopWords = []string{
	"ac", "ag", "am", "ar", "at", "bod", "chi", "dan", "dy", "dros", "drwy", "ei", "eich", "ein", "eu", "fe",
	"fel", "fod", "fy", "gan", "gyda", "hefyd", "hi", "hwn", "hyn", "hynny", "mae", "na", "nad", "neu",
	"ni", "nid", "oedd", "oes", "os", "ond", "pan", "sy", "sydd", "ti", "trwy", "wedi", "yn", "yr", "yw",
	"ydy", "ydych", "ym", "yng",
}

// langRules is how the index of one language cuts words into terms.
type langRules struct {
	stemmed bool     // English: words are indexed under their Porter2 stem
	stop    []string // stop words
	stops   stops
}

var rulesByBase = sync.OnceValue(func() map[string]*langRules {
	m := map[string]*langRules{}
	for base, list := range map[string][]string{"en": stopWords, "cy": welshStopWords} {
		set := make(map[string]bool, len(list))
		for _, w := range list {
			set[w] = true
		}
		m[base] = &langRules{stemmed: base == "en", stop: list, stops: newStops(set)}
	}
	return m
})

// rules returns the rules of a language, by its code or tag; a language
// with no rules of its own keeps every word and stems none.
func rules(lang string) *langRules {
	if r := rulesByBase()[site.BaseLang(lang)]; r != nil {
		return r
	}
	return &langRules{stop: []string{}, stops: newStops(nil)}
}

// Stemmed reports whether words in lang (a code or tag, "" for English)
// are indexed under their stems; those of other languages are indexed as
// they are.
func Stemmed(lang string) bool { return lang == "" || rules(lang).stemmed }

// StemIn returns the term a word (lower-case already) is indexed under
// in lang: see Stemmed.
func StemIn(lang, w string) string {
	if Stemmed(lang) {
		return Stem(w)
	}
	return w
}

// langCode returns the code of a language, "" being the site's default.
func langCode(cfg *site.Config, lang string) string {
	if lang == "" {
		return cfg.DefaultLang()
	}
	return lang
}

package search

import "github.com/kljensen/snowball/english"

// Stem returns the term a word is indexed and searched under: its English
// stem by the Snowball (Porter2) algorithm, so that "prescriptions" and
// "prescription" meet, or the word itself when it holds anything but the
// letters a to z (numbers, codes, words in other scripts). The word is
// lower-case already. search.js's stem is the same algorithm, written
// again from its published description; TestStemAgrees holds the two to
// the same answer on every word of a long list and of the portal.
func Stem(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	return english.Stem(w, true)
}

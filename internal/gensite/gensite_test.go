package gensite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, 12, 7); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, 12, 7); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		if strings.HasSuffix(rel, ".md") && !strings.HasSuffix(rel, "_index.md") {
			n++
			words := len(strings.Fields(string(x)))
			if words < 600 || words > 2200 {
				t.Errorf("%s has %d words, want 600 to 1,500 of prose plus front matter", rel, words)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 12 {
		t.Errorf("wrote %d pages, want 12", n)
	}
}

package a11y

// The Nu HTML Checker over every page, and proof that its language check
// finds a page in the wrong language.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wrongLanguage reports whether a Nu HTML Checker warning says that a
// page's text is in another language than its lang attribute, or that a
// page with no lang looks like a language it could name. The checker
// warns only where it has enough text to judge; there, the warning is a
// failure, since a screen reader would read the page in the wrong voice
// (WCAG 3.1.1).
func wrongLanguage(msg string) bool {
	return strings.Contains(msg, "appears to be written in")
}

// needVnu skips t in -short mode, and without Java or vnu-jar where
// need allows it; it returns the java command.
func needVnu(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the Nu HTML Checker in -short mode")
	}
	java, _ := exec.LookPath("java")
	need(t, java != "", "Java", "apt-get install default-jre-headless")
	need(t, exists(vnuPath), "vnu-jar", "npm ci --prefix .ci")
	return java
}

// TestHTMLValidates runs the Nu HTML Checker over every page of the built
// sample portal, English and Welsh: no errors, and no page whose text the
// checker finds to be in another language than its lang says.
func TestHTMLValidates(t *testing.T) {
	java := needVnu(t)
	start := time.Now()
	dir, _ := builtSite(t)
	n := len(pages(t, dir))
	cmd := exec.CommandContext(t.Context(), java, "-jar", vnuPath, "--skip-non-html", "--format", "json", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// vnu.jar writes its JSON report to stderr.
	out := stderr.Bytes()
	if len(bytes.TrimSpace(out)) == 0 {
		out = stdout.Bytes()
	}
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			SubType  string `json:"subType"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			FirstCol int    `json:"firstColumn"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu.jar (%v): cannot read its report: %v\n%s%s", runErr, err, stdout.Bytes(), stderr.Bytes())
	}
	errs := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.SubType != "fatal" && !wrongLanguage(m.Message) {
			continue
		}
		errs++
		page := strings.TrimPrefix(strings.TrimPrefix(m.URL, "file:"), dir+"/")
		t.Errorf("%s:%d:%d: %s (near %q)", page, m.LastLine, m.FirstCol, m.Message, m.Extract)
	}
	if errs == 0 && runErr != nil {
		t.Errorf("vnu.jar failed without reporting an error: %v\n%s", runErr, out)
	}
	t.Logf("the Nu HTML Checker found %d errors in %d pages in %.1fs", errs, n, time.Since(start).Seconds())
}

// TestWrongLanguageFound proves the Nu HTML Checker's language check
// fails a page of Welsh text marked lang="en-GB", and passes the same
// page marked lang="cy".
func TestWrongLanguageFound(t *testing.T) {
	java := needVnu(t)
	const text = `<p>Mae'r canllaw hwn yn eich helpu i fynd ar-lein am y tro cyntaf. Ewch ar eich cyflymder eich hun. Wnewch chi ddim torri eich dyfais drwy roi cynnig arni.</p>
<p>Gall eich dyfais fod yn ffôn, yn dabled neu'n gyfrifiadur. Chwiliwch am y botwm pŵer. Mae'n aml ar yr ochr neu ar y top. Pwyswch a daliwch ef am ychydig eiliadau. Arhoswch i'r sgrin oleuo.</p>
<p>Os yw'r sgrin yn aros yn dywyll, efallai fod angen ei gwefru. Plygiwch hi i mewn am hanner awr. Yna rhowch gynnig arall arni. Mae Wi-Fi yn gadael i'ch dyfais fynd ar-lein heb gebl.</p>`
	dir := t.TempDir()
	for name, lang := range map[string]string{"wrong.html": "en-GB", "right.html": "cy"} {
		// The checker judges a page's language only from enough text.
		page := `<!DOCTYPE html><html lang="` + lang + `"><head><title>Mynd ar-lein</title></head><body><main><h1>Mynd ar-lein am y tro cyntaf</h1>` + strings.Repeat(text, 4) + `</main></body></html>`
		if err := os.WriteFile(filepath.Join(dir, name), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(t.Context(), java, "-jar", vnuPath, "--skip-non-html", "--format", "json", dir)
	var out bytes.Buffer
	cmd.Stderr = &out
	_ = cmd.Run() // it exits 1 when it reports anything
	var report struct {
		Messages []struct {
			URL     string `json:"url"`
			Message string `json:"message"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		t.Fatalf("vnu.jar: cannot read its report: %v\n%s", err, out.Bytes())
	}
	found := map[string]bool{}
	for _, m := range report.Messages {
		if wrongLanguage(m.Message) {
			found[filepath.Base(m.URL)] = true
		}
	}
	if !found["wrong.html"] || found["right.html"] {
		t.Errorf("language warnings on %v, want on wrong.html only", found)
	}
}

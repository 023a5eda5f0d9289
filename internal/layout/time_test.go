package layout

import (
	"bytes"
	"context"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/i18n"
)

// count is a named number type, as a front-matter field may be.
type level int

// TestGuardKeepsOutput executes layouts with ranges and calls of every
// kind, guarded and not, and compares what they write.
func TestGuardKeepsOutput(t *testing.T) {
	src := `{{define "item"}}<{{.}}>{{end}}` +
		`{{range 3}}{{.}}{{end}}|{{range $i := 4}}{{$i}}{{end}}|{{range 0}}x{{else}}none{{end}}|{{range -2}}x{{else}}neg{{end}}|` +
		`{{range .N}}{{.}}{{end}}|{{range .L}}{{.}}{{end}}|{{range .U}}{{.}}{{end}}|` +
		`{{range $i, $s := .S}}{{$i}}={{$s}};{{end}}|{{range $k, $v := .M}}{{$k}}:{{$v}};{{end}}|{{range .Nil}}x{{else}}nil{{end}}|` +
		`{{range 10}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 5}}{{break}}{{end}}{{.}}{{end}}|` +
		`{{template "item" .N}}{{template "item"}}{{template "item" .S}}{{template "item" (index .S 1)}}|` +
		`{{range $x := .S | len}}{{$x}}{{end}}|{{with .M}}{{range .}}{{.}}{{end}}{{end}}`
	data := map[string]any{"N": 5, "L": level(3), "U": uint8(2), "S": []string{"a", "b<"}, "M": map[string]int{"b": 2, "a": 1}, "Nil": nil}

	plain := template.Must(template.New("x").Parse(src))
	var want bytes.Buffer
	if err := plain.Execute(&want, data); err != nil {
		t.Fatal(err)
	}
	set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte(src)}}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for range 2 { // a second time on the instance the first left
		var got bytes.Buffer
		if d := set.Execute(t.Context(), &got, "en", "_default/single.html", data); d != nil {
			t.Fatal(d)
		}
		if got.String() != want.String() {
			t.Errorf("guarded layout wrote\n%s\nwant\n%s", got.String(), want.String())
		}
	}
}

// TestStepLimit stops layouts that do too much work without writing, at
// the loop or call that was running, by counting, whatever the clock says.
func TestStepLimit(t *testing.T) {
	const budget = "1,000,000 loop turns and calls of other layouts, the most one page's layout may do"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"a range over a large number",
			"<p>\n  {{range 1000000000}}{{end}}</p>",
			"layouts/_default/single.html:2:11: error: the layout did more than " + budget + ": it was stopped at this loop (range over the pages or items the page shows, not over a large number, and do not nest loops over the whole site) [layout-time]"},
		{"nested ranges over a number",
			"{{range 100000}}{{range 100000}}{{end}}{{end}}",
			"layouts/_default/single.html:1:25: error: the layout did more than " + budget},
		{"a range over a number of a named type",
			"{{range .N}}{{end}}",
			"layouts/_default/single.html:1:9: error: the layout did more than " + budget},
		{"nested ranges over a list, counted by its length",
			"{{range .L}}{{range $.L}}{{end}}{{end}}",
			"layouts/_default/single.html:1:21: error: the layout did more than " + budget},
		{"layouts that call each other many times over",
			`{{define "a"}}{{end}}{{define "b"}}` + strings.Repeat(`{{template "a"}}`, 16) + `{{end}}` +
				`{{define "c"}}` + strings.Repeat(`{{template "b"}}`, 16) + `{{end}}` +
				`{{define "d"}}` + strings.Repeat(`{{template "c"}}`, 16) + `{{end}}` +
				`{{define "e"}}` + strings.Repeat(`{{template "d"}}`, 16) + `{{end}}` +
				`{{define "f"}}` + strings.Repeat(`{{template "e"}}`, 16) + `{{end}}` +
				`{{define "g"}}` + strings.Repeat(`{{template "f"}}`, 16) + `{{end}}` +
				`{{define "h"}}` + strings.Repeat(`{{template "g"}}`, 16) + `{{end}}{{template "h"}}`,
			"it was stopped at this call of another layout (a layout that calls others many times over"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte(tc.src)}}, nil)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			set.limit = time.Hour // the count stops it, not the clock
			data := map[string]any{"N": level(1 << 40), "L": make([]int, 2000)}
			for range 2 { // the count starts again for each execution
				d := set.Execute(t.Context(), &bytes.Buffer{}, "en", "_default/single.html", data)
				if d == nil {
					t.Fatal("Execute = nil, want the step limit")
				}
				if got := d.String(); !strings.Contains(got, tc.want) || d.Code != TimeCode {
					t.Errorf("Execute = %s, want %s", got, tc.want)
				}
			}
		})
	}
}

// TestStepsJustUnder runs a layout that does just under MaxSteps of work,
// twice on the same instance: the count starts again for each page.
func TestStepsJustUnder(t *testing.T) {
	set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte("{{range .}}{{end}}")}}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	set.limit = time.Hour
	for range 2 {
		if d := set.Execute(t.Context(), &bytes.Buffer{}, "en", "_default/single.html", make([]struct{}, MaxSteps-1)); d != nil {
			t.Fatalf("Execute = %s, want a layout within the budget to run", d)
		}
	}
}

// TestTimeLimit stops a layout whose loop body does much work the step
// count does not see, at its time limit.
func TestTimeLimit(t *testing.T) {
	src := "{{range 9000000}}{{$s := printf \"%d %d %d\" . . .}}{{$s = slice $s 1}}{{end}}"
	set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte(src)}}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	set.limit = 50 * time.Millisecond
	start := time.Now()
	d := set.Execute(t.Context(), &bytes.Buffer{}, "en", "_default/single.html", nil)
	if d == nil {
		t.Fatalf("Execute = nil after %v, want the time limit", time.Since(start))
	}
	want := "layouts/_default/single.html:1:9: error: the layout ran for more than 50ms, the most one page's layout may take: it was stopped at this loop"
	if got := d.String(); !strings.Contains(got, want) || d.Code != TimeCode {
		t.Errorf("Execute = %s, want %s", got, want)
	}
}

// TestExecuteCancelled stops a layout that would run for a long time when
// its context is done.
func TestExecuteCancelled(t *testing.T) {
	set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte("{{range 100000000000}}{{end}}")}}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	set.limit = time.Hour
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	d := set.Execute(ctx, &bytes.Buffer{}, "en", "_default/single.html", nil)
	if d == nil || !strings.Contains(d.Msg, ErrInterrupted.Error()) {
		t.Errorf("Execute = %v, want interrupted", d)
	}
}

// FuzzGuard holds that guarding a layout changes nothing it writes: a
// layout that loads and runs within the time limit guarded writes the
// same, and fails or not alike, as the same text parsed plainly by
// html/template.
func FuzzGuard(f *testing.F) {
	f.Add(`{{range 3}}{{.}}{{end}}|{{range $i := 4}}{{$i}}{{end}}|{{range 0}}x{{else}}none{{end}}`)
	f.Add(`{{define "item"}}<{{.}}>{{end}}{{template "item" .N}}{{template "item"}}{{range $i, $s := .S}}{{$i}}={{$s}};{{end}}`)
	f.Add(`{{range .M}}{{.}}{{break}}{{end}}{{with .L}}{{range .}}{{.}}{{end}}{{end}}{{range $k, $v := .M}}{{$k}}{{continue}}{{end}}`)
	f.Add(`<a href="{{range .S}}{{.}}{{end}}">{{block "b" .N}}{{range .}}{{.}}{{end}}{{end}}</a>`)
	data := map[string]any{"N": 5, "L": level(3), "S": []string{"a", "b<"}, "M": map[string]int{"b": 2, "a": 1}, "Nil": nil}
	f.Fuzz(func(t *testing.T, src string) {
		set, diags := Load(fstest.MapFS{"layouts/_default/single.html": {Data: []byte(src)}}, nil)
		if len(diags) > 0 || !set.Has("_default/single.html") {
			return
		}
		set.limit = 100 * time.Millisecond
		var got bytes.Buffer
		d := set.Execute(t.Context(), &got, "en", "_default/single.html", data)
		if d != nil && (d.Code == TimeCode || strings.Contains(d.Msg, "larger than")) {
			return // the plain layout would run as long, or longer
		}
		// The plain template knows the functions every layout has, t, tin
		// and tjson, as Load gives them with no string tables.
		var none *i18n.Table
		plain, err := template.New("_default/single.html").Funcs(template.FuncMap{
			"t":     none.Func(),
			"tjson": none.JSON,
			"tin": func(_, key string, args ...any) (template.HTML, error) {
				return none.Format(key, args...)
			},
		}).Parse(src)
		if err != nil {
			t.Fatalf("Load accepted %q, which html/template refuses: %v", src, err)
		}
		var want bytes.Buffer
		err = plain.Execute(&want, data)
		if (d == nil) != (err == nil) {
			t.Fatalf("layout %q: guarded error %v, plain error %v", src, d, err)
		}
		if d == nil && got.String() != want.String() {
			t.Fatalf("layout %q: guarded wrote\n%q\nplain\n%q", src, got.String(), want.String())
		}
	})
}

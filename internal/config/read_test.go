package config

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// deniedFS refuses to open anything, as a file without read permission is.
type deniedFS struct{}

func (deniedFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}

func TestReadFatal(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"unreadable", deniedFS{}, "site.yaml: error: cannot read site.yaml: permission denied (check the file's permissions, and that it is a file) [config]"},
		{"missing", fstest.MapFS{}, "site.yaml: error: there is no site.yaml"},
		{"empty", fstest.MapFS{File: {Data: []byte(" \n\n")}}, "site.yaml:1:1: error: site.yaml is empty"},
		{"tab", fstest.MapFS{File: {Data: []byte("title: x\nmenus:\n  main:\n  \t- name: a\n")}}, "site.yaml:4:3: error: site.yaml is not valid YAML: a tab in the indentation at 4:3 (YAML allows only spaces for indentation: replace the tab with spaces) [yaml]"},
		{"a list", fstest.MapFS{File: {Data: []byte("- title\n")}}, "site.yaml:1:1: error: site.yaml should be a group of fields, got a list"},
	} {
		_, diags, fatal := Read(tc.fsys)
		if !fatal || len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("%s: Read = %v, fatal %v; want %q, fatal", tc.name, diags, fatal, tc.want)
		}
	}
	_, diags, fatal := Read(fstest.MapFS{File: {Data: []byte("title: x\nnosuch: 1\n")}})
	if fatal || len(diags) != 1 {
		t.Errorf("Read(an unknown key) = %v, fatal %v; want one problem, not fatal", diags, fatal)
	}
}

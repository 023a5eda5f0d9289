package build

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"path"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// fingerprinted reports whether a file under static/ is published with a
// hash of its contents in its name: stylesheets and scripts, which pages
// load with Subresource Integrity and browsers may cache for good.
func fingerprinted(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".css", ".js", ".mjs":
		return true
	}
	return false
}

// fingerprint gives each stylesheet and script of static/ its published
// form: minified with minify when it is set, then named after a hash of
// those bytes ("css/site.css" becomes "css/site.3f2a9c1e.css"), and
// marked Minified so that publishing writes it byte for byte. It returns
// the files, the URL of each by its path under static/, and the
// Subresource Integrity value (sha384) of each fingerprinted file.
//
// The hash is taken here, of the bytes that are published, rather than
// of the source: publishing minifies files as it writes them, and a hash
// of anything but the bytes a browser receives would fail the integrity
// check. Without minify (build -minify=false) the source is published
// as it is, and hashed as it is.
func fingerprint(files []site.File, urls map[string]string, cfg *site.Config, minify func(name string, data []byte) ([]byte, error)) ([]site.File, map[string]string, map[string]string, diag.List) {
	var diags diag.List
	out := make([]site.File, 0, len(files))
	newURLs := make(map[string]string, len(urls))
	for k, v := range urls {
		newURLs[k] = v
	}
	integrity := map[string]string{}
	for _, f := range files {
		if !fingerprinted(f.Path) {
			out = append(out, f)
			continue
		}
		data := f.Data
		if minify != nil {
			min, err := minify(f.Path, data)
			if err != nil {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: f.Src}, Code: "minify", Msg: "cannot minify: " + err.Error()})
				out = append(out, f)
				continue
			}
			data = min
		}
		sum := sha512.Sum384(data)
		ext := path.Ext(f.Path)
		name := strings.TrimSuffix(f.Path, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		out = append(out, site.File{Path: name, Type: f.Type, Data: data, Src: f.Src, Minified: true})
		newURLs[f.Path] = cfg.URL(path.Clean(name))
		integrity[f.Path] = "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	return out, newURLs, integrity, diags
}

package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// toolID names this program for a build's cache: its version and the Go
// that built it when the version names one commit with nothing changed
// since; otherwise ("(devel)", or a version marked +dirty) a hash of the
// program itself, since the changes not committed could be anything.
// It is "" when the program cannot be read, and then no cache matches.
func toolID() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && !strings.HasSuffix(bi.Main.Version, "+dirty") {
		return bi.Main.Version + " " + bi.GoVersion
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "(devel) " + hex.EncodeToString(h.Sum(nil)[:8])
}

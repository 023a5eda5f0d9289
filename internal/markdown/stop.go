package markdown

import (
	"errors"
	"io"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Stopping a long render.
//
// goldmark takes no context, and a 20 MB page keeps it busy for many
// seconds, so RenderContext looks at its context from inside goldmark at
// four places, each passed every few hundred bytes of a page whatever its
// shape, and at each line of its own scan for nesting (tooDeep):
//
//   - the block parser moves through the page a line at a time
//     (stopReader.AdvanceLine);
//   - the inline parser calls the parsers of a space at every space, and
//     stopInline is the last of them; it is also told as each block's
//     inlines close;
//   - RenderContext's own walk over the tree looks at each node;
//   - the HTML renderer writes through stopWriter, 4 KiB at a time.
//
// Each counts, and every 1,024 counts (every 4 KiB written) looks whether
// the context is done. If it is, it panics with errStop, which
// RenderContext recovers: the half-made tree is dropped, and goldmark
// keeps no state between parses that the panic could leave broken.
//
// This was chosen over rendering on another goroutine and abandoning it
// when the context is done: an abandoned render runs on to its end,
// holding a processor and the page's memory, and its link callbacks would
// have to be fenced off from the renderer that made them. Here the work
// stops where it is. A page without spaces or line breaks passes through
// none of the checks in the inline parser, but it has no inlines to parse
// either: goldmark reads it as one run of text, in one pass.

// errStop is the panic that stops a render whose context is done.
var errStop = errors.New("markdown: stopped")

// stopKey holds the render's stopper in goldmark's parser context.
var stopKey = parser.NewContextKey()

// stopper counts the places a render passes and, every 1,024, looks
// whether its context is done. One render has one stopper.
type stopper struct {
	done <-chan struct{}
	n    int
}

func (s *stopper) check() {
	if s == nil {
		return
	}
	if s.n++; s.n&1023 != 0 {
		return
	}
	s.now()
}

// now looks whether the context is done, and stops the render if it is.
func (s *stopper) now() {
	select {
	case <-s.done:
		panic(errStop)
	default:
	}
}

// stopReader is the reader the block parser reads the page through.
type stopReader struct {
	text.Reader
	st *stopper
}

func (r *stopReader) AdvanceLine() {
	r.st.check()
	r.Reader.AdvanceLine()
}

// stopInline is an inline parser that parses nothing: it is called at
// every space and at the end of every block, to look at the context.
type stopInline struct{}

func (stopInline) Trigger() []byte { return []byte{' '} }

func (stopInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if st, ok := pc.Get(stopKey).(*stopper); ok {
		st.check()
	}
	return nil
}

func (stopInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if st, ok := pc.Get(stopKey).(*stopper); ok {
		st.check()
	}
}

// stopWriter is what the HTML renderer writes into.
type stopWriter struct {
	w  io.Writer
	st *stopper
}

func (w *stopWriter) Write(p []byte) (int, error) {
	w.st.now()
	return w.w.Write(p)
}

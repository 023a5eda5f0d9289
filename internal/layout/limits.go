package layout

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// MaxPageSize is the most one page's layout may write, in bytes. A layout
// that loops or recurses without end is stopped here, with an error, long
// before it fills memory.
const MaxPageSize = 32 << 20

// errTooBig stops a layout that writes more than MaxPageSize.
var errTooBig = fmt.Errorf("the page is larger than %d MiB", MaxPageSize>>20)

// capWriter fails a write past MaxPageSize.
type capWriter struct {
	w io.Writer
	n int
}

func (c *capWriter) Write(p []byte) (int, error) {
	if c.n += len(p); c.n > MaxPageSize {
		return 0, errTooBig
	}
	return c.w.Write(p)
}

// call is a {{template "name"}} action.
type call struct {
	name string
	node *parse.TemplateNode
	tree *parse.Tree
}

// recursion reports every template in t that calls itself, directly or
// through others: html/template runs such a call 100,000 deep before it
// gives up, which takes a minute and most of a gigabyte. Each cycle is
// reported once, at the call that closes it.
func recursion(t *template.Template) diag.List {
	calls := map[string][]call{}
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c)
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.TemplateNode:
				calls[tt.Name()] = append(calls[tt.Name()], call{name: n.Name, node: n, tree: tt.Tree})
			}
		}
		walk(tt.Tree.Root)
	}
	names := make([]string, 0, len(calls))
	for name := range calls {
		names = append(names, name)
	}
	slices.Sort(names)
	var diags diag.List
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		state[name] = active
		stack = append(stack, name)
		for _, c := range calls[name] {
			switch state[c.name] {
			case active:
				i := slices.Index(stack, c.name)
				cycle := append(slices.Clone(stack[i:]), c.name)
				diags.Add(callDiag(c, cycle))
			case unseen:
				visit(c.name)
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = done
	}
	for _, name := range names {
		if state[name] == unseen {
			visit(name)
		}
	}
	return diags
}

func callDiag(c call, cycle []string) diag.Diagnostic {
	loc, _ := c.tree.ErrorContext(c.node)
	d := Diagnostic(errors.New("template: "+loc+": x"), c.tree.ParseName)
	quoted := make([]string, len(cycle))
	for i, n := range cycle {
		quoted[i] = strconv.Quote(n)
	}
	d.Msg = "the layout " + quoted[0] + " calls itself"
	if len(cycle) > 2 {
		d.Msg += " (" + strings.Join(quoted, " calls ") + ")"
	}
	d.Msg += ", which would never end"
	d.Hint = "a layout may not call itself, directly or through others"
	return d
}

// MaxSteps is the most work one page's layout may do, counted as loop
// turns and calls of other layouts: a range over a list or map counts its
// length when it starts, a range over a number each turn, a {{template}}
// call one. The size limit stops a layout that loops or calls other
// layouts while writing; this one stops a layout that does so without
// writing, such as {{range 1000000000}}{{end}}, which no size limit sees.
// It is counted, not timed, so whether a layout passes does not depend on
// how busy the machine is: the same layouts and content pass or fail
// alike on every run. The portal's busiest page does under 200 (a finder
// result page), and a generated site of 3,000 pages no more, so the
// budget is thousands of times what a real layout needs.
const MaxSteps = 1_000_000

// MaxRunTime is the longest one page's layout may run, a backstop for
// work MaxSteps does not count (a loop body that does much without a
// loop or call of its own). It is far above what any layout that passes
// MaxSteps takes on a busy machine, so in practice only a layout that
// would run for minutes meets it.
const MaxRunTime = 30 * time.Second

// stepBudget is MaxSteps, unless a test says otherwise.
var stepBudget = MaxSteps

// TimeCode is the code of the problem reported for a layout that does
// more than MaxSteps or runs past MaxRunTime.
const TimeCode diag.Code = "layout-time"

// ErrInterrupted is the cause of an execution stopped because its
// context was done.
var ErrInterrupted = errors.New("the layout was interrupted")

// The functions guard inserts. A layout cannot call them: they are not
// among the functions the layouts are parsed with.
const (
	loopFunc = "wayfinderLoop"
	callFunc = "wayfinderCall"
	// callNoData is callFunc for a call that passes no data: the call's
	// usual hook takes the data as one argument, not a variadic list,
	// which text/template would make a slice for by reflection on every
	// call.
	callNoData = "wayfinderCallNoData"
)

// guard rewrites the parse trees of t so that every execution checks, at
// each {{range}} and {{template}} call and every 1,024 turns of a range
// over a number, whether its context is done and whether it has run past
// its time: the range's value and the call's data pass through a function
// that checks, and a range over a number becomes a range over a sequence
// that checks as it counts. Nothing else about a layout changes: the
// values, the order and the output are the same.
//
// The checks need no goroutine, so a layout that runs too long is stopped
// where it is, not left running, and its error is at the loop or call
// that was running. t must not have been executed.
func guard(t *template.Template) {
	for _, tt := range t.Templates() {
		tree := tt.Tree
		if tree == nil || tree.Root == nil {
			continue
		}
		hook := func(name string, at parse.Node) *parse.CommandNode {
			loc, _ := tree.ErrorContext(at)
			return &parse.CommandNode{NodeType: parse.NodeCommand, Pos: at.Position(), Args: []parse.Node{
				parse.NewIdentifier(name).SetTree(tree).SetPos(at.Position()),
				&parse.StringNode{NodeType: parse.NodeString, Pos: at.Position(), Quoted: strconv.Quote(loc), Text: loc},
			}}
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c)
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				n.Pipe.Cmds = append(n.Pipe.Cmds, hook(loopFunc, n))
				walk(n.List)
				walk(n.ElseList)
			case *parse.TemplateNode:
				if n.Pipe == nil {
					n.Pipe = &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pos, Line: n.Line}
					n.Pipe.Cmds = append(n.Pipe.Cmds, hook(callNoData, n))
					break
				}
				n.Pipe.Cmds = append(n.Pipe.Cmds, hook(callFunc, n))
			}
		}
		walk(tree.Root)
	}
}

// run is what the guards of one execution check.
type run struct {
	name     string          // the template executed, for errors raised while counting
	done     <-chan struct{} // the execution's context's
	limit    time.Duration
	deadline time.Time
	steps    int // the work done so far, against stepBudget
}

// overtime is the error of a layout stopped at MaxRunTime, at the loop or
// call (at, "name:line:col") that was running.
type overtime struct {
	at    string
	limit time.Duration // the time limit passed, or 0 for the step budget
	call  bool
}

func (o *overtime) Error() string {
	return "template: " + o.at + ": " + o.msg()
}

func (o *overtime) msg() string {
	what := "this loop"
	if o.call {
		what = "this call of another layout"
	}
	if o.limit == 0 {
		return fmt.Sprintf("the layout did more than %s loop turns and calls of other layouts, the most one page's layout may do: it was stopped at %s", thousands(stepBudget), what)
	}
	return fmt.Sprintf("the layout ran for more than %s, the most one page's layout may take: it was stopped at %s", seconds(o.limit), what)
}

func (o *overtime) hint() string {
	if o.call {
		return "a layout that calls others many times over, each calling more, takes too long: call fewer"
	}
	return "range over the pages or items the page shows, not over a large number, and do not nest loops over the whole site"
}

// thousands writes n with commas between its thousands, as 10,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func seconds(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

// check counts n steps of work and returns why the execution must stop
// here, at loc, if it must.
func (r *run) check(loc string, call bool, n int) error {
	select {
	case <-r.done:
		return ErrInterrupted
	default:
	}
	if r.steps += n; r.steps > stepBudget {
		return &overtime{at: loc, call: call}
	}
	if time.Now().After(r.deadline) {
		return &overtime{at: loc, limit: r.limit, call: call}
	}
	return nil
}

// funcs returns the guard functions bound to r.
func (r *run) funcs() template.FuncMap {
	return template.FuncMap{
		loopFunc: r.loop,
		callFunc: func(loc string, data any) (any, error) {
			if err := r.check(loc, true, 1); err != nil {
				return nil, err
			}
			return data, nil
		},
		callNoData: func(loc string) (any, error) {
			return nil, r.check(loc, true, 1)
		},
	}
}

// loop checks at the start of a range, counting a list's or map's
// length as the work it will do, and turns a range over a number n
// into one over a sequence of the same n numbers of the same type, which
// checks every 1,024 numbers.
func (r *run) loop(loc string, v any) (any, error) {
	n := 1
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array || rv.Kind() == reflect.Map {
		n += rv.Len()
	}
	if err := r.check(loc, false, n); err != nil {
		return nil, err
	}
	switch n := v.(type) {
	case int:
		return count(r, loc, n), nil
	case int8:
		return count(r, loc, n), nil
	case int16:
		return count(r, loc, n), nil
	case int32:
		return count(r, loc, n), nil
	case int64:
		return count(r, loc, n), nil
	case uint:
		return count(r, loc, n), nil
	case uint8:
		return count(r, loc, n), nil
	case uint16:
		return count(r, loc, n), nil
	case uint32:
		return count(r, loc, n), nil
	case uint64:
		return count(r, loc, n), nil
	case uintptr:
		return count(r, loc, n), nil
	}
	if rv := reflect.ValueOf(v); rv.CanInt() || rv.CanUint() {
		// A named number type, such as a field declared as one.
		return countValue(r, loc, rv), nil
	}
	return v, nil
}

type integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

func count[T integer](r *run, loc string, n T) iter.Seq[T] {
	return func(yield func(T) bool) {
		k := 0
		for i := T(0); i < n; i++ {
			if k++; k&1023 == 0 {
				r.stopAt(loc)
			}
			if !yield(i) {
				return
			}
		}
	}
}

// countValue is count for a number of a named type, made by reflection.
func countValue(r *run, loc string, n reflect.Value) any {
	t := n.Type()
	yieldType := reflect.FuncOf([]reflect.Type{t}, []reflect.Type{reflect.TypeFor[bool]()}, false)
	seqType := reflect.FuncOf([]reflect.Type{yieldType}, nil, false)
	return reflect.MakeFunc(seqType, func(args []reflect.Value) []reflect.Value {
		yield := args[0]
		i := 0
		for v := range n.Seq() {
			if i++; i&1023 == 0 {
				r.stopAt(loc)
			}
			if !yield.Call([]reflect.Value{v})[0].Bool() {
				break
			}
		}
		return nil
	}).Interface()
}

// stopAt counts 1,024 turns of a range over a number and stops the
// execution from inside the range when it must, where no function
// returns an error: text/template turns a panic with an ExecError into
// the error Execute returns.
func (r *run) stopAt(loc string) {
	if err := r.check(loc, false, 1024); err != nil {
		panic(texttemplate.ExecError{Name: r.name, Err: err})
	}
}

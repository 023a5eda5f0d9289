// Package site holds the domain types that every stage of the pipeline
// shares: the site's configuration, its pages and their typed content, the
// files a build produces, and the schemas of the typed sections, kept as
// data so that validation, scaffolding and documentation all read the same
// declaration.
package site

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unique"

	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// Kind is the kind of a page.
type Kind string

// The kinds of page.
const (
	KindHome       Kind = "home"
	KindSection    Kind = "section"
	KindPage       Kind = "page"
	KindPathway    Kind = "pathway"
	KindRoute      Kind = "route"
	KindPathfinder Kind = "pathfinder"
	KindGuide      Kind = "guide"
	KindFinder     Kind = "finder"
	Kind404        Kind = "404"
	KindTaxonomy   Kind = "taxonomy" // a vocabulary's terms, or the A–Z index
	KindTerm       Kind = "term"     // the pages filed under one term
	KindSearch     Kind = "search"
)

// Config is the site's settings, read from site.yaml.
type Config struct {
	Title       string
	Description string
	BaseURL     string // absolute, ending in "/"
	BasePath    string // the path of BaseURL, "/" or "/prefix/"
	Language    string
	Copyright   string
	Menus       map[string][]MenuItem
	Help        Help
	Readability Readability
	Finder      FinderConfig
	Limits      Limits
	Sources     SourceRules
	Vocab       map[string]*Vocabulary
	Search      SearchConfig
	// NationServices are the health services that only some of the UK's
	// nations have (nation_services): a guide that names one in its own
	// text may list in nations only the nations it serves.
	NationServices []NationService
	// PageSize is how many pages each page of a section, term or A to Z
	// list shows (lists.page_size); DefaultPageSize when not set.
	PageSize int
	// Languages are the site's languages, the default first; empty for a
	// site in one language (see Langs).
	Languages []Language
	local     map[string]*Config // by language code, from Localize
}

// SearchConfig holds the search's settings.
type SearchConfig struct {
	// Synonyms are groups of words or phrases that mean the same to a
	// reader: a query for one also finds pages with the others.
	Synonyms []SynonymGroup
}

// SynonymGroup is one group of synonyms, with where each is written.
type SynonymGroup struct {
	Pos   diag.Pos
	Words []Synonym
}

// Synonym is one entry of a synonym group: a word or a phrase.
type Synonym struct {
	Text string
	Pos  diag.Pos
}

// Limits bound what one input file may ask of a build, so that no file
// can stall it. Each is named in the error given past it.
type Limits struct {
	// MaxFileSize is the largest a content file may be, in bytes
	// (limits.max_file_size in site.yaml).
	MaxFileSize int
}

// DefaultMaxFileSize is the largest a content file may be unless site.yaml
// says otherwise: 1 MiB, some twenty times the longest page of the portal.
const DefaultMaxFileSize = 1 << 20

// MenuItem is one link in a menu. URL is ready to use (base path applied).
type MenuItem struct {
	Name string
	URL  string
}

// Help is the help link shown in the same place on every page.
type Help struct {
	Text string
	URL  string
}

// Readability holds the UK reading ages above which pages are flagged.
type Readability struct {
	Guides  float64
	Careers float64
}

// FinderConfig holds the finder's limits.
type FinderConfig struct {
	MaxPages int
}

// SourceRules holds what site.yaml says about the sources pages cite.
type SourceRules struct {
	// RefusedHosts are the sites a page may not cite as a source:
	// copies, staging sites, slide-sharing sites and closed bodies' sites.
	RefusedHosts []RefusedHost
}

// RefusedHost is a site pages may not cite, with the reason in plain
// words and what to cite instead. Host matches the site itself and every
// site under it: ebmdatalab.net matches nhsd-proxy.dokku3.ebmdatalab.net.
type RefusedHost struct {
	Host    string
	Why     string
	Instead string
}

// Refused returns the refused host that host is, or is under.
func (s *SourceRules) Refused(host string) (RefusedHost, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, r := range s.RefusedHosts {
		if host == r.Host || strings.HasSuffix(host, "."+r.Host) {
			return r, true
		}
	}
	return RefusedHost{}, false
}

// NationService is a health service that only some of the UK's nations
// have, such as the NHS App (England) or NHS inform (Scotland).
type NationService struct {
	Name    string   // as guides write it: "NHS App"
	Also    []string // other names guides write it by
	Nations []string // the values of the nations vocabulary it serves
	Service string   // its value in a guide's services field, if it has one
	Source  string   // a page of its own that says where it is available
	Pos     diag.Pos
}

// Names returns the service's name and its other names.
func (s *NationService) Names() []string { return append([]string{s.Name}, s.Also...) }

// Vocabulary is a named list of the values a field may take.
type Vocabulary struct {
	Name  string
	Terms []Term
}

// Term is one value of a vocabulary.
type Term struct {
	Value       string
	Label       string
	Description string
}

// Values returns the vocabulary's values in order.
func (v *Vocabulary) Values() []string {
	out := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		out[i] = t.Value
	}
	return out
}

// Term returns the term with the given value.
func (v *Vocabulary) Term(value string) (Term, bool) {
	if v == nil {
		return Term{}, false
	}
	for _, t := range v.Terms {
		if t.Value == value {
			return t, true
		}
	}
	return Term{}, false
}

// Label returns the human label for a vocabulary value, or the value itself.
func (c *Config) Label(vocab, value string) string {
	if t, ok := c.Vocab[vocab].Term(value); ok && t.Label != "" {
		return t.Label
	}
	return value
}

// URL returns the root-relative URL of a site path such as "pathways/x/",
// with the base path applied.
func (c *Config) URL(rel string) string {
	base := c.BasePath
	if base == "" {
		base = "/"
	}
	return base + strings.TrimPrefix(rel, "/")
}

// AbsURL returns the absolute URL of a site path.
func (c *Config) AbsURL(rel string) string {
	return strings.TrimSuffix(c.BaseURL, "/") + "/" + strings.TrimPrefix(rel, "/")
}

// Date is a calendar date written as YYYY-MM-DD.
type Date struct{ time.Time }

// Link is a labelled URL, as in a page's sources.
type Link struct {
	Label string `yaml:"label"`
	URL   string `yaml:"url"`
}

// SourceLink is a source a page cites: a link and the date someone last
// checked it still says what the page says.
type SourceLink struct {
	Label   string `yaml:"label"`
	URL     string `yaml:"url"`
	Checked Date   `yaml:"checked"`
	Lang    string `yaml:"lang"` // the language of Label, where it is not the page's
}

// Elsewhere says what people in a nation a guide does not cover use
// instead, with its source.
type Elsewhere struct {
	Nation string `yaml:"nation"`
	Use    string `yaml:"use"`
	Label  string `yaml:"label"`
	URL    string `yaml:"url"`
	Lang   string `yaml:"lang"` // the language of Label, where it is not the page's
}

// Page is one page of the site: a content file, a section list, the home
// page or a generated page.
type Page struct {
	File    string // source path relative to the site root, "" for generated pages
	Section string // top-level folder under content/, "" for top-level pages
	Kind    Kind
	Slug    string
	Path    string // output path relative to the site, "pathways/ccio/"; "" for home
	URL     string // root-relative URL with base path
	// Lang is the code of the page's language ("cy" for NAME.cy.md), ""
	// for the site's default language.
	Lang string
	// Key names the page the same in every language: its file under
	// content/ without the language code and .md ("guides/nhs-login"); ""
	// for generated pages.
	Key string

	Title       string
	Description string
	Date        Date
	Reviewed    Date
	Draft       bool
	Weight      int
	Aliases     []string
	Sources     []SourceLink
	DatedNote   string
	// TranslationReviewed is the translation_reviewed field of a
	// translation: nil when the page does not say.
	TranslationReviewed *bool

	Pathway    *Pathway
	Route      *Route
	Pathfinder *Pathfinder
	Guide      *Guide
	Finder     *Finder

	// Body is the Markdown after the front matter, padded with newlines
	// so that its line numbers are those of the file. It is nil when the
	// page was loaded without it, to be read again when the page is
	// rendered (see Source).
	Body []byte
	// Source says where the body is in the content file, and what the
	// file held, so that the body can be read again unchanged.
	Source Source
	// Refs are the page's front-matter references to other pages.
	Refs []Ref
	// Fields holds the position of each front-matter value: top-level keys
	// by name ("title"), nested ones by their path, as messages name them
	// ("questions[1].answers[2].value").
	Fields Fields
}

// Fields is where each front-matter value of one file is, sorted by
// name: a page keeps it for as long as the site is built, so it is a
// slice of small values rather than a map of positions that each repeat
// the file's name.
type Fields []FieldPos

// FieldPos is the line and column of one front-matter value.
type FieldPos struct {
	Name      string
	Line, Col int32
}

// NewFields returns the positions in m, which must all be in one file.
// The names are interned: every page of a kind names the same fields, and
// a site's pages keep them for as long as it is built.
func NewFields(m map[string]diag.Pos) Fields {
	f := make(Fields, 0, len(m))
	for name, pos := range m {
		f = append(f, FieldPos{Name: unique.Make(name).Value(), Line: int32(pos.Line), Col: int32(pos.Col)})
	}
	slices.SortFunc(f, func(a, b FieldPos) int { return strings.Compare(a.Name, b.Name) })
	return f
}

// Has reports whether the front matter has a value named name.
func (f Fields) Has(name string) bool {
	_, ok := f.find(name)
	return ok
}

func (f Fields) find(name string) (int, bool) {
	return slices.BinarySearchFunc(f, name, func(e FieldPos, name string) int { return strings.Compare(e.Name, name) })
}

// Source locates a page's body in its content file.
type Source struct {
	Start int    // the byte offset of the body in the file
	Line  int    // the line the body starts on
	Size  int    // the file's size in bytes
	Sum   uint32 // the file's CRC-32 (Castagnoli)
	// Front is a hash of the file's text before the body: pages of one
	// file with the same Front differ only in their bodies.
	Front uint64
	// Hash is the SHA-256 of the file as read, on which a build's cache
	// keys what the page made.
	Hash [32]byte
}

// Pos returns the position of a front-matter field's value, or of the file
// when the field is absent.
func (p *Page) Pos(field string) diag.Pos {
	if i, ok := p.Fields.find(field); ok {
		return diag.Pos{File: p.File, Line: int(p.Fields[i].Line), Col: int(p.Fields[i].Col)}
	}
	return diag.Pos{File: p.File, Line: 1, Col: 1}
}

// Ref is a reference from one page's front matter to another page by slug.
type Ref struct {
	Field   string // the front-matter field, "routes"
	Section string // the section referred to, "routes"
	Slug    string
	Pos     diag.Pos
}

// Step is one step of a pathway.
type Step struct {
	Title       string `yaml:"title"`
	What        string `yaml:"what"`
	TypicalTime string `yaml:"typical_time"`
}

// Pathway is a career pathway into health informatics.
type Pathway struct {
	RoleFamily   string       `yaml:"role_family"`
	Backgrounds  []string     `yaml:"backgrounds"`
	Interests    []string     `yaml:"interests"`
	EntryStages  []string     `yaml:"entry_stages"`
	Steps        []Step       `yaml:"steps"`
	Routes       []string     `yaml:"routes"`
	NHSBandRange string       `yaml:"nhs_band_range"`
	Requires     *Requirement `yaml:"requires"`
	FirstStep    string       `yaml:"first_step"`
}

// Requirement is the professional registration a pathway needs first,
// and how someone without it gets there.
type Requirement struct {
	Registration string `yaml:"registration"` // "a registered nurse"
	How          string `yaml:"how"`
	URL          string `yaml:"url"`
}

// Level is one level or grade of an accreditation route.
type Level struct {
	Name string `yaml:"name"`
	Asks string `yaml:"asks"`
}

// Cost is what a route costs, as of a date.
type Cost struct {
	Text     string `yaml:"text"`
	AsOf     Date   `yaml:"as_of"`
	Verified bool   `yaml:"verified"`
}

// Route is an accreditation or development route.
type Route struct {
	AwardingBody string   `yaml:"awarding_body"`
	RouteKind    string   `yaml:"route_kind"`
	Backgrounds  []string `yaml:"backgrounds"`
	EntryStages  []string `yaml:"entry_stages"`
	Interests    []string `yaml:"interests"`
	Status       string   `yaml:"status"`
	StatusDate   Date     `yaml:"status_date"`
	Successor    string   `yaml:"successor"`
	StatusNote   string   `yaml:"status_note"`
	Nations      []string `yaml:"nations"`
	Eligibility  []string `yaml:"eligibility"`
	Levels       []Level  `yaml:"levels"`
	HowToApply   []string `yaml:"how_to_apply"`
	Cost         *Cost    `yaml:"cost"`
	Duration     string   `yaml:"duration"`
	Funding      string   `yaml:"funding"`
}

// Outcome is one measured outcome of a pathfinder project.
type Outcome struct {
	Measure string `yaml:"measure"`
	Value   string `yaml:"value"`
	Source  string `yaml:"source"`
}

// Pathfinder is a local digital-inclusion project.
type Pathfinder struct {
	Place            string    `yaml:"place"`
	Region           string    `yaml:"region"`
	LeadOrganisation string    `yaml:"lead_organisation"`
	Partners         []string  `yaml:"partners"`
	Audiences        []string  `yaml:"audiences"`
	Approaches       []string  `yaml:"approaches"`
	Programme        string    `yaml:"programme"`
	Wave             string    `yaml:"wave"`
	Status           string    `yaml:"status"`
	StartDate        Date      `yaml:"start_date"`
	EndDate          Date      `yaml:"end_date"`
	DurationMonths   int       `yaml:"duration_months"`
	Contact          string    `yaml:"contact"`
	Outcomes         []Outcome `yaml:"outcomes"`
	HowToGuide       bool      `yaml:"how_to_guide"`
	Guides           []string  `yaml:"guides"`
	Fictional        bool      `yaml:"fictional"`
}

// Guide is a digital-skills guide for citizens.
type Guide struct {
	Level          string      `yaml:"level"`
	Topics         []string    `yaml:"topics"`
	TimeToComplete string      `yaml:"time_to_complete"`
	Prerequisites  []string    `yaml:"prerequisites"`
	YouNeed        []string    `yaml:"you_need"`
	Services       []string    `yaml:"services"`
	AgeLimits      string      `yaml:"age_limits"`
	Nations        []string    `yaml:"nations"`
	Elsewhere      []Elsewhere `yaml:"elsewhere"`
}

// File is one output file of a build: a path relative to the output folder,
// using forward slashes, its media type and its bytes.
type File struct {
	Path string // output path, "pathways/ccio/index.html"
	Type string // media type, "" to go by the file name
	Data []byte
	Src  string // the input it came from, for messages; "" for generated files
	// Pos, when set, is where in Src the file is asked for, such as an
	// alias in a page's front matter, for messages about its path.
	Pos diag.Pos
	// Minified says Data is already in its published form, as for assets
	// whose hash is in their name: publishing writes it unchanged.
	Minified bool
	// Deflated says Data is the file's bytes compressed (see Deflate),
	// as a build kept in memory holds its pages; Bytes gives them back.
	Deflated bool
}

// Heading is one heading of a rendered page, for contents lists and
// fragment checks.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Crumb is one link of a breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
	// Key, when set, names the string (layouts/i18n) whose words in the
	// page's language replace Title.
	Key string
}

// Msg is a string of the string tables (layouts/i18n) with its
// arguments, for words that Go code puts into a page: the words of the
// page's language replace the page's own (English) ones when it is
// rendered.
type Msg struct {
	Key  string
	Args []any // pairs of a name and a value, as layouts give t
}

// SortPages orders pages as lists show them: by weight (pages without one
// last), then title, then file.
func SortPages(pages []*Page) {
	slices.SortStableFunc(pages, func(a, b *Page) int {
		if a.Weight != b.Weight {
			switch {
			case a.Weight == 0:
				return 1
			case b.Weight == 0:
				return -1
			}
			return a.Weight - b.Weight
		}
		if c := CompareTitles(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.File, b.File)
	})
}

// Generated is a page that a stage makes rather than reads from content/,
// such as a finder question or a taxonomy term page. It is rendered
// through the first of its layouts that exists, with Data available to
// the layout as .Data.
type Generated struct {
	Page    *Page
	Layouts []string
	Data    any
	// Pages, when set, are the pages a generated list shows, which
	// layouts see as .Pages.
	Pages []*Page
	// Crumbs, when set, replace the page's breadcrumb trail.
	Crumbs []Crumb
	// Pager, when set, places the page among the pages of a long list.
	Pager *Pager
	// Title and Description, when set, are the page's title and
	// description in the words of its language (see Msg).
	Title, Description *Msg
	// Translations, when set, are the page in each language, itself
	// among them, the default language's first: its language switcher
	// and alternates lead to them.
	Translations []*Page
}

// FinderSection is the folder under content/ that holds finders. Finders
// are not pages of their own: the finder stage generates their pages.
const FinderSection = "finders"

// Finder is a question-by-question finder that recommends pages of one
// section, such as career pathways or citizen guides, from a person's
// answers. Its page's body is the text of its start page.
type Finder struct {
	Path         string           `yaml:"path"`
	Recommends   string           `yaml:"recommends"`
	Takes        string           `yaml:"takes"`
	ResultsTitle string           `yaml:"results_title"`
	Questions    []FinderQuestion `yaml:"questions"`
	Related      *FinderRelated   `yaml:"related"`
	Show         int              `yaml:"show"`
	Closest      int              `yaml:"closest"`
	Advice       string           `yaml:"advice"`
	AdviceLinks  []Link           `yaml:"advice_links"`
}

// FinderQuestion is one question of a finder. Each answer matches the
// recommended pages whose front-matter Field holds one of its values.
type FinderQuestion struct {
	ID       string         `yaml:"id"`
	Question string         `yaml:"question"`
	Hint     string         `yaml:"hint"`
	Summary  string         `yaml:"summary"`
	Field    string         `yaml:"field"`
	Weight   int            `yaml:"weight"`
	Required bool           `yaml:"required"`
	Answers  []FinderAnswer `yaml:"answers"`
}

// FinderAnswer is one answer to a finder question.
type FinderAnswer struct {
	Value   string   `yaml:"value"`
	Label   string   `yaml:"label"`
	Hint    string   `yaml:"hint"`
	Matches []string `yaml:"matches"`
	Note    string   `yaml:"note"`
	// Registered is true when people giving this answer hold a
	// professional registration, as pages whose Requires is set need.
	Registered bool `yaml:"registered"`
	// Newcomer is true when people giving this answer are new to the
	// field: their results show each recommendation's first step.
	Newcomer bool `yaml:"newcomer"`
}

// Values returns the front-matter values the answer matches: Matches, or
// the answer's own value when Matches is empty.
func (a *FinderAnswer) Values() []string {
	if len(a.Matches) > 0 {
		return a.Matches
	}
	return []string{a.Value}
}

// FinderRelated says which related pages a finder shows with each
// recommendation: the pages a front-matter field refers to (a pathway's
// routes), kept when they suit the answers to the questions in Match.
type FinderRelated struct {
	Field   string   `yaml:"field"`
	Heading string   `yaml:"heading"`
	Match   []string `yaml:"match"`
	None    string   `yaml:"none"`
}

// CompareTitles orders two titles as their lower-case forms compare
// (strings.Compare(strings.ToLower(a), strings.ToLower(b))), without
// making those forms: sorting thousands of pages compares titles often.
func CompareTitles(a, b string) int {
	for a != "" && b != "" {
		ra, na := rune(a[0]), 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a)
		}
		rb, nb := rune(b[0]), 1
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b)
		}
		if ra, rb = unicode.ToLower(ra), unicode.ToLower(rb); ra != rb {
			return cmp.Compare(ra, rb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

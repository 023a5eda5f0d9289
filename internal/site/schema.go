package site

import (
	"slices"
	"sync"
)

// Type is the type of a front-matter field.
type Type int

// The types of front-matter field.
const (
	String Type = iota
	Int
	Bool
	ISODate // a date written YYYY-MM-DD
	URL     // an http(s) URL or an email address
	Lang    // a language code (BCP 47), such as en or cy
	List
	Object
)

func (t Type) String() string {
	switch t {
	case Int:
		return "a whole number"
	case Bool:
		return "true or false"
	case ISODate:
		return "a date written as YYYY-MM-DD"
	case URL:
		return "a web address starting https://"
	case Lang:
		return "a language code, such as en or cy"
	case List:
		return "a list"
	case Object:
		return "a group of fields"
	}
	return "text"
}

// Field declares one front-matter field: its name, type, whether it is
// required, and what values it may take.
type Field struct {
	Name     string
	Type     Type
	Required bool
	Vocab    string   // values come from this site.yaml vocabulary
	Enum     []string // values come from this fixed list
	Ref      string   // values are slugs of pages in this section
	Elem     *Field   // the element of a List
	Fields   []Field  // the fields of an Object (or of a List's Object elements)
	MinItems int      // for a List
	Doc      string   // one line for people filling it in
	Example  string   // a placeholder for `wayfinder new`
}

// Noun names what a value of the field is, for messages: "a list of route
// names", "a date written as YYYY-MM-DD".
func (f *Field) Noun() string {
	switch {
	case f.Type == List && f.Elem != nil && f.Elem.Ref != "":
		return "a list of " + singular(f.Elem.Ref) + " names"
	case f.Type == List && f.Elem != nil && f.Elem.Type == Object:
		return "a list of entries, each with " + fieldNames(f.Elem.Fields)
	case f.Type == List && (f.Vocab != "" || f.Elem != nil && f.Elem.Vocab != ""):
		return "a list of values"
	case f.Type == List:
		return "a list of text items"
	case f.Type == Object:
		return "a group of fields: " + fieldNames(f.Fields)
	case f.Ref != "":
		return "the name of a " + singular(f.Ref) + " page"
	}
	return f.Type.String()
}

func fieldNames(fs []Field) string {
	s := ""
	for i, f := range fs {
		switch {
		case i == 0:
		case i == len(fs)-1:
			s += " and "
		default:
			s += ", "
		}
		s += f.Name
	}
	return s
}

func singular(section string) string {
	if len(section) > 1 && section[len(section)-1] == 's' {
		return section[:len(section)-1]
	}
	return section
}

// Schema declares the front matter of one typed section.
type Schema struct {
	Kind    Kind
	Section string // folder under content/
	Name    string // what people call one page of it
	Doc     string
	Fields  []Field // the section's own fields; CommonFields apply too
}

// Field returns the field with the given name from the schema's own fields
// or the common ones.
func (s *Schema) Field(name string) *Field {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i]
		}
	}
	for _, f := range CommonFields() {
		if f.Name == name {
			return &f
		}
	}
	return nil
}

// AllFields returns the common fields followed by the schema's own, in a
// new slice.
func (s *Schema) AllFields() []Field {
	return slices.Concat(CommonFields(), s.Fields)
}

func list(elem Field) *Field { return &elem }

// The schemas are tables that never change: built once, on first use, and
// shared read-only by every caller, since loading a page asks for them
// many times.
var (
	schemas      = sync.OnceValue(buildSchemas)
	commonFields = sync.OnceValue(buildCommonFields)
)

// CommonFields returns the fields every page may have. The slice is shared:
// callers must not change it.
func CommonFields() []Field { return commonFields() }

// Schemas returns the schemas of the typed sections. The slice is shared:
// callers must not change it.
func Schemas() []Schema { return schemas() }

func buildCommonFields() []Field {
	return []Field{
		{Name: "title", Type: String, Required: true, Doc: "the page's title, shown as its main heading", Example: "TITLE"},
		{Name: "description", Type: String, Doc: "one plain sentence, under 160 characters, shown in lists and search results", Example: "One sentence that says what this page is about."},
		{Name: "date", Type: ISODate, Doc: "when the page was first published (YYYY-MM-DD)"},
		{Name: "draft", Type: Bool, Doc: "true leaves the page out of the site until it is ready"},
		{Name: "weight", Type: Int, Doc: "order in lists: lower numbers come first"},
		{Name: "slug", Type: String, Doc: "the last part of the page's web address, if not the file name"},
		{Name: "aliases", Type: List, Elem: list(Field{Type: String}), Doc: "old web addresses that should lead here"},
		{Name: "reviewed", Type: ISODate, Doc: "when someone last checked the page is still true (YYYY-MM-DD)"},
		{Name: "sources", Type: List, Elem: list(Field{Type: Object, Fields: []Field{
			{Name: "label", Type: String, Required: true, Doc: "what the source is"},
			{Name: "url", Type: URL, Required: true, Doc: "its web address"},
			{Name: "checked", Type: ISODate, Doc: "when someone last opened the source and found it still says what the page says (YYYY-MM-DD)"},
			langField,
		}}), Doc: "where the facts on the page come from"},
		{Name: "dated_note", Type: String, Doc: "what has changed since the sources were written"},
		{Name: "translation_reviewed", Type: Bool, Doc: "on a translation (NAME.cy.md): true once a speaker of the language has reviewed it, false until then"},
	}
}

// langField is the language of a source's label where it differs from
// its page's, such as an English title cited on a Welsh page: the link
// is marked with it, so that screen readers say it in the right voice
// (WCAG 2.2, 3.1.2 Language of Parts).
var langField = Field{Name: "lang", Type: Lang, Doc: "the language its label is written in, where that is not the page's own"}

func vocabList(vocab string, required bool, min int, doc string) Field {
	return Field{Type: List, Required: required, MinItems: min, Vocab: vocab, Elem: list(Field{Type: String, Vocab: vocab}), Doc: doc}
}

func refList(section, doc string) Field {
	return Field{Type: List, Ref: section, Elem: list(Field{Type: String, Ref: section}), Doc: doc}
}

func named(name string, f Field) Field { f.Name = name; return f }

func buildSchemas() []Schema {
	return []Schema{
		{
			Kind: KindPathway, Section: "pathways", Name: "career pathway",
			Doc: "A career pathway into health informatics, told as a step-by-step journey.",
			Fields: []Field{
				{Name: "role_family", Type: String, Required: true, Vocab: "role_families", Doc: "the family of roles this pathway belongs to", Example: "clinical-informatics"},
				named("backgrounds", vocabList("backgrounds", true, 1, "the backgrounds this pathway suits")),
				named("interests", vocabList("interests", true, 1, "what people on this pathway care about")),
				named("entry_stages", vocabList("stages", true, 1, "the career stages from which someone can start on this pathway")),
				{Name: "steps", Type: List, Required: true, MinItems: 1, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "title", Type: String, Required: true, Doc: "the step in a few words"},
					{Name: "what", Type: String, Required: true, Doc: "what to do in this step"},
					{Name: "typical_time", Type: String, Doc: "how long it usually takes, such as \"6 to 12 months\""},
				}}), Doc: "the steps of the journey, in order"},
				named("routes", refList("routes", "accreditation or development routes on this pathway (file names in content/routes/)")),
				{Name: "nhs_band_range", Type: String, Doc: "the NHS Agenda for Change pay bands, only where a source gives them"},
				{Name: "requires", Type: Object, Fields: []Field{
					{Name: "registration", Type: String, Required: true, Doc: "who you need to be first, finishing the sentence \"You need to be ... first\", such as \"a registered nurse\""},
					{Name: "how", Type: String, Required: true, Doc: "how someone without it gets there, in a sentence or two"},
					{Name: "url", Type: URL, Doc: "a page that explains how to get there"},
				}, Doc: "the professional registration someone needs before starting this pathway; the finder recommends the pathway only to people who say they have one, and shows everyone else how to get there"},
				{Name: "first_step", Type: String, Doc: "one thing someone new can do this month to start on this pathway; the finder shows the first of steps if left out"},
			},
		},
		{
			Kind: KindRoute, Section: "routes", Name: "accreditation route",
			Doc: "An accreditation, registration or development route, current or historical.",
			Fields: []Field{
				{Name: "awarding_body", Type: String, Required: true, Doc: "the organisation that runs or awards it", Example: "AWARDING BODY"},
				{Name: "route_kind", Type: String, Required: true, Enum: []string{"register", "membership", "programme", "fellowship", "community", "apprenticeship", "scheme", "training"}, Doc: "what kind of route it is", Example: "register"},
				named("backgrounds", vocabList("backgrounds", true, 1, "who it is for")),
				named("entry_stages", vocabList("stages", false, 0, "the career stages it suits")),
				named("interests", vocabList("interests", false, 0, "the interests it especially suits")),
				{Name: "status", Type: String, Required: true, Enum: []string{"open", "closed", "historical", "merged"}, Doc: "whether people can still join", Example: "open"},
				{Name: "status_date", Type: ISODate, Doc: "when the status last changed (YYYY-MM-DD)"},
				{Name: "successor", Type: String, Ref: "routes", Doc: "for a closed body, the route its members moved to (a file name in content/routes/)"},
				{Name: "status_note", Type: String, Doc: "for a route that is not open, what is known of its status, in a sentence or two, shown on its page and in the finder in place of the plain words for its status (for example, that no intake has been confirmed since a date)"},
				named("nations", vocabList("nations", false, 0, "the UK nations where people can take it; leave it out where that is not known")),
				{Name: "eligibility", Type: List, Elem: list(Field{Type: String}), Doc: "who can apply"},
				{Name: "levels", Type: List, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "name", Type: String, Required: true, Doc: "the level or grade"},
					{Name: "asks", Type: String, Required: true, Doc: "what it asks of you"},
				}}), Doc: "the levels or grades, lowest first"},
				{Name: "how_to_apply", Type: List, Elem: list(Field{Type: String}), Doc: "the steps to apply, in order"},
				{Name: "cost", Type: Object, Fields: []Field{
					{Name: "text", Type: String, Required: true, Doc: "what it costs, in words"},
					{Name: "as_of", Type: ISODate, Doc: "when the cost was checked"},
					{Name: "verified", Type: Bool, Doc: "false when the cost could not be confirmed"},
				}, Doc: "what it costs"},
				{Name: "duration", Type: String, Doc: "how long it takes"},
				{Name: "funding", Type: String, Doc: "who pays, and any bursary"},
			},
		},
		{
			Kind: KindPathfinder, Section: "pathfinders", Name: "pathfinder project",
			Doc: "A local digital-inclusion project, published by its local partner.",
			Fields: []Field{
				{Name: "place", Type: String, Required: true, Doc: "the town, city or area", Example: "PLACE"},
				{Name: "region", Type: String, Required: true, Vocab: "regions", Doc: "the region, as listed in site.yaml", Example: "REGION"},
				{Name: "lead_organisation", Type: String, Required: true, Doc: "the organisation leading the project", Example: "LEAD ORGANISATION"},
				{Name: "partners", Type: List, Elem: list(Field{Type: String}), Doc: "other organisations taking part"},
				named("audiences", vocabList("audiences", true, 1, "who the project is for")),
				named("approaches", vocabList("approaches", false, 0, "how the project works")),
				{Name: "programme", Type: String, Doc: "the programme that funded it"},
				{Name: "wave", Type: String, Doc: "the programme's wave or round"},
				{Name: "status", Type: String, Required: true, Enum: []string{"planned", "active", "completed"}, Doc: "where the project is now", Example: "active"},
				{Name: "start_date", Type: ISODate, Doc: "when it started (YYYY-MM-DD)"},
				{Name: "end_date", Type: ISODate, Doc: "when it ended or will end (YYYY-MM-DD)"},
				{Name: "duration_months", Type: Int, Doc: "how many months it runs"},
				{Name: "contact", Type: URL, Doc: "an email address or web page people can contact"},
				{Name: "outcomes", Type: List, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "measure", Type: String, Required: true, Doc: "what was measured"},
					{Name: "value", Type: String, Required: true, Doc: "the result"},
					{Name: "source", Type: URL, Doc: "where the result was published"},
				}}), Doc: "what the project achieved"},
				{Name: "how_to_guide", Type: Bool, Doc: "true if a how-to guide was published from its evaluation"},
				named("guides", refList("guides", "citizen guides the project uses (file names in content/guides/)")),
				{Name: "fictional", Type: Bool, Doc: "true for an invented example project"},
			},
		},
		{
			Kind: KindGuide, Section: "guides", Name: "digital-skills guide",
			Doc: "A plain-English guide that helps someone use a digital health service.",
			Fields: []Field{
				{Name: "level", Type: String, Required: true, Vocab: "levels", Doc: "how confident someone needs to be", Example: "first-steps"},
				named("topics", vocabList("topics", true, 1, "what the guide is about")),
				{Name: "time_to_complete", Type: String, Required: true, Doc: "about how long it takes", Example: "15 minutes"},
				named("prerequisites", refList("guides", "guides to read first (file names in content/guides/)")),
				{Name: "you_need", Type: List, Elem: list(Field{Type: String}), Doc: "things you need before you start"},
				{Name: "services", Type: List, Elem: list(Field{Type: String, Enum: []string{"nhs-app", "nhs-login", "nhs-111-online", "nhs-website"}}), Doc: "the NHS services it covers"},
				{Name: "age_limits", Type: String, Doc: "any age limits of the services"},
				named("nations", vocabList("nations", false, 0, "the UK nations where the guide's advice is true (as listed in site.yaml)")),
				{Name: "elsewhere", Type: List, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "nation", Type: String, Required: true, Vocab: "nations", Doc: "a nation the guide does not cover"},
					{Name: "use", Type: String, Required: true, Doc: "what people there use instead, in a plain sentence"},
					{Name: "label", Type: String, Required: true, Doc: "the name of the source"},
					{Name: "url", Type: URL, Required: true, Doc: "the source's web address"},
					langField,
				}}), Doc: "for each nation the guide does not cover, what to use there instead"},
			},
		},
		{
			Kind: KindFinder, Section: FinderSection, Name: "finder",
			Doc: "A question-by-question finder that recommends career pathways or guides. Its body is the text of its start page.",
			Fields: []Field{
				{Name: "path", Type: String, Required: true, Doc: "the web address of its start page, such as /finder/", Example: "/finder/NAME/"},
				{Name: "recommends", Type: String, Required: true, Enum: []string{"pathways", "guides"}, Doc: "the section whose pages it recommends", Example: "pathways"},
				{Name: "takes", Type: String, Required: true, Doc: "about how long it takes, shown on the start page", Example: "2 minutes"},
				{Name: "results_title", Type: String, Required: true, Doc: "the heading of its result pages", Example: "Pathways that could suit you"},
				{Name: "questions", Type: List, Required: true, MinItems: 1, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "id", Type: String, Required: true, Doc: "a short name used in web addresses: lowercase letters, numbers and hyphens"},
					{Name: "question", Type: String, Required: true, Doc: "the question, shown as the page's main heading"},
					{Name: "hint", Type: String, Doc: "a line of help under the question"},
					{Name: "summary", Type: String, Required: true, Doc: "a few words naming the answer in \"Your answers\", such as \"Your background\""},
					{Name: "field", Type: String, Required: true, Doc: "the front-matter field of the recommended pages that the answers match, such as backgrounds"},
					{Name: "weight", Type: Int, Doc: "how much a match on this question counts when ranking (1 if left out)"},
					{Name: "required", Type: Bool, Doc: "true if a page must match this answer to count as a good match"},
					{Name: "answers", Type: List, Required: true, MinItems: 2, Elem: list(Field{Type: Object, Fields: []Field{
						{Name: "value", Type: String, Required: true, Doc: "a short name used in web addresses, and the value it matches unless matches says otherwise"},
						{Name: "label", Type: String, Required: true, Doc: "the answer as people read it"},
						{Name: "hint", Type: String, Doc: "a line of help under the answer"},
						{Name: "matches", Type: List, Elem: list(Field{Type: String}), Doc: "the values of the field this answer matches, if not just its value"},
						{Name: "note", Type: String, Doc: "a message shown on the results of everyone who gives this answer"},
						{Name: "registered", Type: Bool, Doc: "true if people giving this answer hold a professional registration, so pages that require one (requires) can be recommended to them"},
						{Name: "newcomer", Type: Bool, Doc: "true if people giving this answer are new to the field, so their results show the first step of each recommendation, to take this month"},
					}}), Doc: "the answers, in the order they are shown"},
				}}), Doc: "the questions, in the order they are asked"},
				{Name: "related", Type: Object, Fields: []Field{
					{Name: "field", Type: String, Required: true, Doc: "the field of each recommended page that refers to related pages, such as routes"},
					{Name: "heading", Type: String, Required: true, Doc: "the heading of the related pages under each recommendation"},
					{Name: "match", Type: List, Elem: list(Field{Type: String}), Doc: "ids of the questions whose answers the related pages must suit"},
					{Name: "none", Type: String, Doc: "what to say when a page has related pages but none suits the answers; if left out, nothing is shown"},
				}, Doc: "related pages to show with each recommendation"},
				{Name: "show", Type: Int, Doc: "at most how many good matches to show (5 if left out)"},
				{Name: "closest", Type: Int, Doc: "how many of the closest pages to show when nothing matches well (3 if left out)"},
				{Name: "advice", Type: String, Required: true, Doc: "where to get advice, shown on every result page and first when nothing matches well", Example: "Talk to your line manager or your organisation's education team."},
				{Name: "advice_links", Type: List, Elem: list(Field{Type: Object, Fields: []Field{
					{Name: "label", Type: String, Required: true, Doc: "the link text"},
					{Name: "url", Type: String, Required: true, Doc: "a path on this site, such as /about/, or a web address starting https://"},
				}}), Doc: "links to advice"},
			},
		},
	}
}

// SchemaFor returns the schema of a section, or nil for plain pages.
func SchemaFor(section string) *Schema {
	all := Schemas()
	for i := range all {
		if all[i].Section == section {
			return &all[i]
		}
	}
	return nil
}

// PageSchema is the schema of plain pages: the common fields only.
func PageSchema() *Schema {
	return &Schema{Kind: KindPage, Name: "page", Doc: "A plain page."}
}

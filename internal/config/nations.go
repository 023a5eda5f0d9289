package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// nationServices reads nation_services: each service's name, its other
// names, the nations it serves (values of the nations vocabulary), its
// value in guides' services field and its source.
func (d *decoder) nationServices(n *yaml.Node) {
	const key = "nation_services"
	const shape = "a list of services, each {name, nations, source}"
	if n.Kind != yaml.SequenceNode {
		d.wrongType(n, key, shape)
		return
	}
	names := map[string]int{} // every name, lowercased, to its line
	for _, it := range n.Content {
		s := site.NationService{Pos: pos(it)}
		var nameNodes, nationNodes []*yaml.Node // where each of s.Names() and s.Nations is written
		var serviceNode *yaml.Node
		d.mapping(it, key, map[string]func(*yaml.Node){
			"name": func(n *yaml.Node) { s.Name = d.str(n, key+".name"); nameNodes = append([]*yaml.Node{n}, nameNodes...) },
			"also": func(n *yaml.Node) {
				for _, a := range d.list(n, key+".also") {
					s.Also = append(s.Also, d.str(a, key+".also"))
					nameNodes = append(nameNodes, a)
				}
			},
			"nations": func(n *yaml.Node) {
				for _, v := range d.list(n, key+".nations") {
					s.Nations = append(s.Nations, d.str(v, key+".nations"))
					nationNodes = append(nationNodes, v)
				}
			},
			"service": func(n *yaml.Node) { s.Service = d.str(n, key+".service"); serviceNode = n },
			"source":  func(n *yaml.Node) { s.Source = d.str(n, key+".source") },
		})
		if it.Kind != yaml.MappingNode {
			continue
		}
		if s.Name == "" || len(s.Nations) == 0 || s.Source == "" {
			d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config-type", Msg: "a nation service needs a name, nations and a source",
				Hint: "write the service's name as guides write it, the nations it serves, such as nations: [england], and a page of its own that says so"})
			continue
		}
		ok := true
		if u, err := url.Parse(s.Source); err != nil || u.Scheme != "https" || u.Host == "" {
			d.diags.Add(diag.Diagnostic{Pos: s.Pos, Code: "config-url", Msg: fmt.Sprintf("%s.source %q is not a web address starting https://", key, s.Source),
				Hint: "give the address of the service's own page that says where it is available"})
			ok = false
		}
		for i, nn := range nameNodes {
			name := s.Names()[i]
			if strings.TrimSpace(name) != name || name == "" {
				d.diags.Add(diag.Diagnostic{Pos: pos(nn), Code: "config-type", Msg: fmt.Sprintf("%s has the name %q, which is empty or starts or ends with a space", key, name),
					Hint: "write the name as guides write it, such as NHS App"})
				ok = false
				continue
			}
			if line, seen := names[strings.ToLower(name)]; seen {
				d.diags.Add(diag.Diagnostic{Pos: pos(nn), Code: "config-key", Msg: fmt.Sprintf("%s names %q twice (first on line %d)", key, name, line),
					Hint: "a name can belong to one service only"})
				ok = false
				continue
			}
			names[strings.ToLower(name)] = nn.Line
		}
		for i, v := range s.Nations {
			if msg, hint := d.vocabValue("nations", v); msg != "" {
				d.diags.Add(diag.Diagnostic{Pos: pos(nationNodes[i]), Code: "vocabulary", Msg: key + ".nations: " + msg, Hint: hint})
				ok = false
			}
		}
		if s.Service != "" {
			if f := site.SchemaFor("guides").Field("services"); f != nil && f.Elem != nil && !slices.Contains(f.Elem.Enum, s.Service) {
				hint := "use one of: " + strings.Join(f.Elem.Enum, ", ")
				if sug := diag.Suggest(s.Service, f.Elem.Enum); sug != "" {
					hint = fmt.Sprintf("did you mean %q?", sug)
				}
				d.diags.Add(diag.Diagnostic{Pos: pos(serviceNode), Code: "config-type",
					Msg: fmt.Sprintf("%s.service %q is not a value of guides' services field", key, s.Service), Hint: hint})
				ok = false
			}
		}
		if ok {
			d.cfg.NationServices = append(d.cfg.NationServices, s)
		}
	}
}

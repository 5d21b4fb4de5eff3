package eval

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"

	"recommend/corpus"
	"recommend/recommend"
)

// Axis is one dimension of a sweep grid: a field of recommend.Config and
// the values it takes. Field is the Go field path ("Dims", "Fields.Title")
// or its config-file key ("dims", "fields.title", "power_iters"); case and
// underscores do not matter.
type Axis struct {
	Field  string
	Values []string
}

// ParseGrid reads a grid written as space-separated axes, each
// field=v1,v2,...: "ranking=tfidf,blend dims=100,200 blend=0.2,0.4".
func ParseGrid(spec string) ([]Axis, error) {
	var grid []Axis
	for _, part := range strings.Fields(spec) {
		field, vals, ok := strings.Cut(part, "=")
		if !ok || field == "" || vals == "" {
			return nil, fmt.Errorf("%q: want key=v1,v2 (one or more values, comma-separated)", part)
		}
		grid = append(grid, Axis{Field: field, Values: strings.Split(vals, ",")})
	}
	return grid, nil
}

// Configs expands grid over base: one configuration per combination of
// values, the last axis varying fastest, each named by its values
// ("dims=100 blend=0.2"; base alone is "default"). Every configuration is validated, so that a bad
// value fails before any building starts.
func Configs(base recommend.Config, grid []Axis) ([]System, error) {
	out := []System{{Name: SystemDefault, Config: &base}}
	for n, ax := range grid {
		var next []System
		for _, s := range out {
			for _, v := range ax.Values {
				c := *s.Config
				if err := setField(&c, ax.Field, v); err != nil {
					return nil, err
				}
				name := ax.Field + "=" + v
				if n > 0 {
					name = s.Name + " " + name
				}
				next = append(next, System{Name: name, Config: &c})
			}
		}
		out = next
	}
	for _, s := range out {
		if err := s.Config.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return out, nil
}

// setField sets the field of cfg that path names to the value v.
func setField(cfg *recommend.Config, path, v string) error {
	f, err := fieldByPath(reflect.ValueOf(cfg).Elem(), path)
	if err != nil {
		return err
	}
	// The strconv error names the function that failed: say what the
	// value should be instead.
	bad := func(error) error {
		want := "a number"
		switch {
		case f.Kind() == reflect.Bool:
			want = "true or false"
		case f.CanInt() || f.CanUint():
			want = "an integer"
		}
		return fmt.Errorf("%s=%s: %q is not %s", path, v, v, want)
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(v)
	case reflect.Bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return bad(err)
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return bad(err)
		}
		f.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return bad(err)
		}
		f.SetUint(n)
	case reflect.Float32, reflect.Float64:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return bad(err)
		}
		f.SetFloat(x)
	default:
		return fmt.Errorf("%s: cannot be swept", path)
	}
	return nil
}

// fieldByPath finds the settable field of cfg that path names: a config
// key ("power_iters", "fields.title") or a Go field path ("PowerIters"), as
// recommend.LookupKey matches them.
func fieldByPath(v reflect.Value, path string) (reflect.Value, error) {
	k, ok := recommend.LookupKey(path)
	if !ok {
		return reflect.Value{}, fmt.Errorf("%s: no such key in recommend.yaml", path)
	}
	return v.FieldByIndex(k.Index), nil
}

// SweepReport holds the figures of every configuration of a sweep, in grid
// order.
type SweepReport struct {
	K       int            `json:"k"`
	Judged  int            `json:"judged_queries"`
	Results []SystemResult `json:"results"`
}

// Sweep builds every configuration of grid over base and measures each:
// agreement with the existing links, judged relevance when opts.Qrels is
// set, and the beyond-agreement figures. opts.K applies. Equal
// configurations are built once.
func Sweep(arts []corpus.Article, base recommend.Config, grid []Axis, opts Options) (*SweepReport, error) {
	configs, err := Configs(base, grid)
	if err != nil {
		return nil, err
	}
	built, err := buildAll(arts, configs)
	if err != nil {
		return nil, err
	}
	ix := NewIndex(arts)
	k := orDefaultK(opts.K)
	r := &SweepReport{K: k}
	if opts.Qrels != nil {
		r.Judged = len(opts.Qrels.Queries)
	}
	for _, s := range built {
		got := ix.cleanAllAgreement(s.Lists.Related, k)
		res := SystemResult{Name: s.Name, Config: s.Config, Agreement: ix.agreement(got, k, nil), Beyond: ix.beyond(s.Lists, got, k)}
		if opts.Qrels != nil {
			j := ix.Judged(s.Lists.Related, opts.Qrels, k)
			res.Judged = &j
		}
		r.Results = append(r.Results, res)
	}
	return r, nil
}

// WriteText writes one row per configuration.
func (r *SweepReport) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	nw := len("configuration")
	for _, s := range r.Results {
		nw = max(nw, len(s.Name))
	}
	k := r.K
	fmt.Fprintf(tw, "%-*s\t", nw, "configuration")
	if r.Judged > 0 {
		fmt.Fprintf(tw, "judged nDCG@%d\tP@%d\tstrict P@%d\tunjudged\t", k, k, k)
	}
	fmt.Fprintf(tw, "recall@%d\thit@%d\tMRR@%d\tcoverage\tmax in\t\n", k, k, k)
	for _, s := range r.Results {
		fmt.Fprintf(tw, "%-*s\t", nw, s.Name)
		if r.Judged > 0 && s.Judged != nil {
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t", s.Judged.NDCG, s.Judged.P, s.Judged.PStrict, s.Judged.Unjudged)
		}
		a := s.Agreement
		fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t%d\t\n", a.Recall, a.Hit, a.MRR, a.Coverage, s.Beyond.InDegree.Max)
	}
	tw.Flush()
	return ew.err
}

// WriteJSON writes the sweep as indented JSON.
func (r *SweepReport) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

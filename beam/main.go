// Command beam runs the engine's "tfidf" ranking as an Apache Beam
// pipeline and writes the lists as JSON lines, the format of
// `recommend batch --lists` (see pipeline.go for the method, DESIGN.md for
// its volumes at scale). It runs on Prism, Beam's in-process runner, unless
// --runner names another (flink, spark, dataflow; see the README, "Beyond
// one machine"):
//
//	go run . --corpus ../seeds --lists /tmp/lists.jsonl
//
// Writing the lists into the articles' front matter stays a single-machine
// step, under the content folder's lock:
//
//	recommend batch --corpus DIR --from-lists FILE --write
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"recommend/recommend"
)

var (
	corpusDir = flag.String("corpus", "", "the content `folder` (local, or gs://bucket/path): its */*.md files are read")
	listsFile = flag.String("lists", "", "the output `file` of JSON lines {url, related, scores} (local, or gs://…)")
	blockRows = flag.Int("block-rows", 20000, "rows per block of the all-pairs search (see DESIGN.md)")
	topK      = flag.Int("top-k", recommend.DefaultConfig.TopK, "related articles per article")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	if *corpusDir == "" || *listsFile == "" {
		return fmt.Errorf("needs --corpus DIR and --lists FILE")
	}
	cfg := recommend.DefaultConfig
	cfg.Ranking = recommend.RankTFIDF
	cfg.TopK = *topK
	p, s := beam.NewPipelineWithRoot()
	if _, err := Pipeline(s, Options{Glob: contentGlob(*corpusDir), Lists: *listsFile, Config: cfg, BlockRows: *blockRows}); err != nil {
		return err
	}
	return beamx.Run(ctx, p)
}

// contentGlob is the pattern of a content folder's files:
// <subject>/<slug>.md below it.
func contentGlob(dir string) string {
	return strings.TrimSuffix(dir, "/") + "/*/*.md"
}

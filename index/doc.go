// Package index saves the result of a batch run so that lookups can answer
// in a few milliseconds without loading the corpus or rebuilding the model.
//
// # Layout
//
// An index is one directory (by default .recommend in the working
// directory). It holds a pointer file and one or more generations:
//
//	CURRENT                 "gen-<16 hex>\n": the generation readers use
//	gen-<16 hex>/lookup.bin the articles and their related lists (below)
//	gen-<16 hex>/vectors.bin an opaque blob for folding in free text (optional)
//	gen-<16 hex>/manifest.json format version, counts, sizes and SHA-256 of the files
//
// A generation is named by the SHA-256 of its manifest, so two runs over the
// same corpus with the same configuration produce the same directory.
//
// # Writing atomically
//
// Write (or WriteEach, which takes the articles one at a time, so that a
// batch of a million never holds all their records) fills a fresh tmp-*
// directory, fsyncs every file and the directory, renames it to its gen-*
// name, and only then replaces CURRENT (temp file, fsync, rename). A reader therefore sees either the old generation or the
// new one, never a mix; a crash leaves at worst a stale tmp-* directory,
// which a later Write removes. Write keeps the generation CURRENT pointed
// to before it, so a reader that read CURRENT just before the switch can
// still open it, and removes other generations and temporary directories
// only once they are ten minutes old, so that Writes running at the same
// time never remove each other's work.
//
// # lookup.bin
//
// Little-endian throughout. A 32-byte header:
//
//	[0,8)   magic "RECLKUP\n"
//	[8,12)  format version (Version)
//	[12,16) n, the number of articles
//	[16,24) size of the whole file in bytes
//	[24,28) CRC-32C (Castagnoli) of header bytes [0,24) followed by the tables
//	[28,32) zero
//
// Then three tables: n+1 uint64 record offsets (record i spans
// [off[i], off[i+1])), n uint32 record numbers in URL order, and n uint32
// record numbers in (id, URL) order. Then the records. A record is a
// CRC-32C of its body followed by the body: six strings (URL, id, title,
// subject, question, path), each a uvarint length and bytes; a uvarint
// count of related articles; and for each a uvarint record number, the
// score as 8 bytes of float64 bits, one byte of Reason (why the batch
// wrote the link: ranked, held, pinned, locked), a uvarint count of terms
// and the terms as strings.
//
// Open reads the header and the tables (16 bytes per article) and checks
// them, 16 KB at a time, keeping none of it: a lookup's process would pay
// more for the first touch of a copy of the tables (575 KB on the full
// corpus, 140 fresh pages) than for the few table entries it reads again.
// Table entries and records are read on demand with ReadAt and checked one
// by one (an entry names a record, a record's offsets lie in the file, a
// record's CRC-32C agrees), so a lookup touches a few kilobytes whatever
// the size of the corpus.
//
// # Invariants
//
// Record numbers are the positions of the articles passed to Write, which
// the batch keeps equal to the model's document numbers. URLs are unique;
// ids may repeat (cross-posted copies), and ByID returns every record with
// the id, in URL order. A corrupt, truncated or foreign file is reported
// as ErrCorrupt, a file from another format version as ErrVersion, and an
// absent index as ErrMissing; nothing in this package panics on bad input.
// An index of another version is not read at all (no attempt to read
// version 1, which had no reasons, without them): the batch rewrites the
// index every night, and a lookup that silently lacked the marks would
// tell an editor that a held link was ranked.
package index

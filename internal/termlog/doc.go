// Package termlog is what a command writes on stderr besides its errors:
// log lines and the progress of long steps.
//
// Log lines are for people by default: one readable line per event,
// "recommend: warning: skipped seeds/x.md:1: no front matter", the
// message saying everything (attributes are for machines, and the text
// form shows them only at the debug level). The JSON form writes the same
// events as JSON objects, one a line, with every attribute, for a log
// collector. Neither form carries a time stamp, so that two runs can be
// compared line by line; the steps' own lines carry their durations.
//
// Progress is drawn as a bar or a spinner when stderr is a terminal, and
// logged as a line every few seconds when it is not (a cron job's or CI's
// log), so that a long step shows where it is either way; with quiet set
// there is none. OneLine keeps every message to one printable line.
package termlog

package review

// The review data's articles and items are most of its JSON: some 72,000
// elements on the real corpus, each with up to a dozen links. appendElem
// writes an Article or an Item as encoding/json's Marshal writes it, byte
// for byte, without reflection (and any other value by Marshal itself):
// field order, omitempty, the reason's text, floats as encoding/json
// formats them and strings escaped as it escapes them (a string with
// anything but printable ASCII outside <, >, &, quote and backslash goes
// to Marshal). TestAppendElemAsMarshal and FuzzAppendElem hold it to
// Marshal.

import (
	"encoding/json"
	"math"
	"strconv"
)

// appendElem appends v's JSON to b, as json.Marshal(v) writes it.
func appendElem(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case *Article:
		return appendArticle(b, x)
	case *Item:
		return appendItem(b, x)
	}
	m, err := json.Marshal(v)
	return append(b, m...), err
}

func appendArticle(b []byte, a *Article) ([]byte, error) {
	var err error
	b = append(b, `{"URL":`...)
	b, err = appendString(b, a.URL, err)
	if a.ID != "" {
		b = append(b, `,"ID":`...)
		b, err = appendString(b, a.ID, err)
	}
	for _, f := range [...][2]string{{`,"Title":`, a.Title}, {`,"Subject":`, a.Subject}, {`,"Key":`, a.Key}, {`,"Question":`, a.Question}} {
		b = append(b, f[0]...)
		b, err = appendString(b, f[1], err)
	}
	return append(b, '}'), err
}

func appendItem(b []byte, it *Item) ([]byte, error) {
	var err error
	b = append(b, `{"Doc":`...)
	b = strconv.AppendInt(b, int64(it.Doc), 10)
	b = append(b, `,"Locked":`...)
	b = strconv.AppendBool(b, it.Locked)
	b = append(b, `,"Current":`...)
	b, err = appendLinks(b, it.Current, err)
	b = append(b, `,"Suggested":`...)
	b, err = appendLinks(b, it.Suggested, err)
	if len(it.Proposed) > 0 {
		b = append(b, `,"Proposed":`...)
		b, err = appendLinks(b, it.Proposed, err)
	}
	return append(b, '}'), err
}

// appendLinks appends the links as a JSON array (null for nil). err is
// the error so far, returned unless a new one arises.
func appendLinks(b []byte, ls []Link, err error) ([]byte, error) {
	if ls == nil {
		return append(b, "null"...), err
	}
	b = append(b, '[')
	for k := range ls {
		if k > 0 {
			b = append(b, ',')
		}
		l := &ls[k]
		b = append(b, `{"Doc":`...)
		b = strconv.AppendInt(b, int64(l.Doc), 10)
		if l.URL != "" {
			b = append(b, `,"URL":`...)
			b, err = appendString(b, l.URL, err)
		}
		if l.Title != "" {
			b = append(b, `,"Title":`...)
			b, err = appendString(b, l.Title, err)
		}
		b = append(b, `,"Score":`...)
		b, err = appendFloat(b, l.Score, err)
		b = append(b, `,"Scored":`...)
		b = strconv.AppendBool(b, l.Scored)
		if len(l.Terms) > 0 {
			b = append(b, `,"Terms":[`...)
			for t, s := range l.Terms {
				if t > 0 {
					b = append(b, ',')
				}
				b, err = appendString(b, s, err)
			}
			b = append(b, ']')
		}
		b = append(b, `,"Flags":`...)
		b = strconv.AppendUint(b, uint64(l.Flags), 10)
		if l.Reason != 0 {
			text, rerr := l.Reason.MarshalText()
			if err == nil {
				err = rerr
			}
			b = append(b, `,"Reason":`...)
			b, err = appendString(b, string(text), err)
		}
		b = append(b, '}')
	}
	return append(b, ']'), err
}

// appendFloat appends f as encoding/json writes a float64: the shortest
// decimal, in exponent form under 1e-6 and from 1e21 on, its exponent
// without a leading zero. NaN and the infinities are an error, as there.
func appendFloat(b []byte, f float64, err error) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if err == nil {
			err = &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
		}
		return b, err
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, err
}

// appendString appends s as a JSON string: printable ASCII but the
// characters encoding/json escapes is copied between quotes, anything
// else is Marshal's.
func appendString(b []byte, s string, err error) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			m, merr := json.Marshal(s)
			if err == nil {
				err = merr
			}
			return append(b, m...), err
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), err
}

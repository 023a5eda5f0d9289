package site

import (
	"fmt"
	"time"
)

// DateLayout is how dates are written in front matter: ISO 8601 calendar dates.
const DateLayout = "2006-01-02"

// ParseDate parses a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date written as YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// UnmarshalText decodes a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText encodes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return nil, nil
	}
	return []byte(d.Format(DateLayout)), nil
}

// Human formats the date as people in the UK write it: "22 November 2026".
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

//go:build !linux

package publish

import "errors"

// exchange cannot swap two folders in one step outside Linux: Commit
// then renames the old site aside and the new one into place.
func exchange(a, b string) error {
	return errors.ErrUnsupported
}

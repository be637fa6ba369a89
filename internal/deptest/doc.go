// Package deptest holds the test that keeps the project's dependency rules:
// which packages may import Wails, badger and testing, and which parts of the
// tree must never import each other (see architecture.md). It has no code of
// its own beyond the test.
package deptest

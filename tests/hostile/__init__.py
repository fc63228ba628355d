"""The hostile-input suite (a package, so its test modules may share names with others)."""

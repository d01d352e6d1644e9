"""The test suite; it mirrors the package (tests/engine/ for gapcheck/engine/ …)."""

"""CLI tests (a package so `test_cli.py` does not clash with tests/versions/test_cli.py)."""

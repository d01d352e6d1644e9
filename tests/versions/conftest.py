"""Version test fixtures. Builders live in `versions_builders.py` (imported by name, as pytest
puts this rootless test directory on sys.path)."""

"""Helpers shared by the tests: builders of small catalogs and organisations, API clients."""

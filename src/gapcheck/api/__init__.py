"""HTTP API (FastAPI): a thin adapter over `gapcheck.service`. Start it with `gapcheck serve`.

Importing this package loads nothing heavy; `gapcheck.api.app.create_app` builds the app.
"""

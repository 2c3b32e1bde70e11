"""The web app: a thin FastAPI layer over the store, the export and the report."""

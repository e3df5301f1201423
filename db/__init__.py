"""The data side of briefing: readers, the NLP pipeline, ingest, schema and the read API.

Nothing in this package imports textual (a test enforces it).
"""

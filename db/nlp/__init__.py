"""The spaCy pipeline: model loading, actor linking, claim typing, gazetteer data.

Only `briefing ingest` and `briefing reextract` import this package (and so spaCy).
"""

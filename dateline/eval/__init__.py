"""Evaluation of Dateline extractors against annotated corpora."""

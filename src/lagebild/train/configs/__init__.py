"""Committed spaCy training configs and the variants-tried notes of each model card."""

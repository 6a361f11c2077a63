"""Aggregate stage: parsed articles grouped into Briefings per union unit and period."""

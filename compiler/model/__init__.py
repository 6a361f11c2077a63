"""Frozen pydantic models of every hand-off between stages: Page, Article, Document, Briefing."""

"""Parse stage: a Page split into articles (segment) and each article typed (extract)."""

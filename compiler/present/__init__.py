"""Presentation shared by render and fill: Chinese labels, numbers, dates, snippets, the view."""

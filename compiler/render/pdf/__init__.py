"""PDF digest (.pdf): the document, its text flowables, fonts, chart and style."""

"""PDF digest (.pdf): the document, its text flowables, fonts, chart and style."""
from compiler.render.base import OutputFormat

FORMAT = OutputFormat(name="pdf", label="摘要", module="compiler.render.pdf.digest", cost=(40, 3.0))

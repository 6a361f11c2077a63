"""Word 工作简报 (.docx): the briefing.docx template filled by docxtpl in a Jinja sandbox."""
from compiler.render.base import OutputFormat

FORMAT = OutputFormat(name="docx", label="工作简报", module="compiler.render.docx.document",
                      cost=(10, 0.5))

"""Excel 统计表 (.xlsx): the workbook, its cell grid, styles and package."""
from compiler.render.base import OutputFormat

FORMAT = OutputFormat(name="xlsx", label="统计表", module="compiler.render.xlsx.workbook",
                      cost=(20, 1.4))

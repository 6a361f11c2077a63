"""Excel 统计表 (.xlsx): the workbook, its cell grid, styles and package."""

"""Export: the Excel review workbook (:mod:`.workbook` and one module per sheet), its pictures,
styles and cells, the atomic save, review import, the batch summary, and the one findings column
spec (:mod:`.columns`) shared by the workbooks and the GUI findings list."""

"""Export: the Excel review workbook and its sheets, pictures, styles, review import."""

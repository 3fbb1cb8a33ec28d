"""Assembly: RawDocument -> Document (catalog, amounts, tables, performance tables, sections)."""

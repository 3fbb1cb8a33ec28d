"""Assembly: RawDocument → Document.

- ``assembler`` — the entry point (:func:`~gouji.io.assemble.assembler.assemble`);
- ``page_flow`` — blocks → table candidates and text items; ``block_text`` — 单位 / year /
  note lines; ``catalog`` — table titles;
- ``table_merge`` — a table's grids merged over its pages → header, columns, rows, with
  ``table_header``, ``table_align``, ``table_columns``, ``table_codes``, ``table_rows``;
- ``perf_tables`` — performance tables in the document; ``perf`` — their content, with
  ``perf_flat``, ``perf_cells``, ``perf_labels``, ``perf_form``, ``perf_indicators``;
- ``sections`` — the text side, with ``text_lines``, ``text_split``, ``toc``, ``headings``,
  ``paragraphs``, ``doc_facts``.

Printed numbers are read by :mod:`gouji.model.numbers`.
"""

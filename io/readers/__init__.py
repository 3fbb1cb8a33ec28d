"""Readers: one module per input format, each producing a RawDocument and declaring its ``READER``.

:mod:`gouji.io.readers.registry` lists the readers; everything that names the
supported formats is generated from it.
"""

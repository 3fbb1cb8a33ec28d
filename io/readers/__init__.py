"""Readers: one module per input format, each producing a RawDocument."""

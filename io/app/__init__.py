"""Applications: the command line and batch review."""

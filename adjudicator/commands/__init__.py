"""The command line, one small module per command group, over the public API only."""

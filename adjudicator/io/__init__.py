"""Reading input: files (JSON, YAML), record streams for batch (JSONL, arrays, folders, CSV), with errors that
name the source and the field. Knows no domain: a domain supplies its model and its CSV columns."""

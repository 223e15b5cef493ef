"""The decision record: every decision kept (append-only SQLite, hash-chained), a car's or case's history, the
replay of recorded inputs under another rule book, and a redacted export (docs/record.md).

It sits above batch in the layers: replay re-decides through the batch worker pool, and batch is handed the
record's functions (it never imports this package)."""

"""The bounded caches of the decision path, and their sizes in one place.

A batch worker decides millions of records in one process: a cache keyed by anything that comes from the input
(a fact's value, a visit id, a case date) must be bounded, or the worker's memory grows with every record
(issue 14 measured 0.3 KB a record from the why-not texts keyed by fact values). Each cache here is an LRU of a
size measured on generated histories (benchmarks/worker_rss.py prints the RSS it gives). They are functools
LRUs (C code: a look-up costs well under a microsecond, where a Python LRU cost more than the text it saved).
"""
from __future__ import annotations

# Measured with benchmarks/worker_rss.py (seed 14): after 10,000 distinct generated histories the condition-text
# LRUs of all compiled rule sets held 6,519 entries in all, hit 97.1 % of look-ups; the alternatives-text LRUs
# 9,384 entries, hit 88.8 %. An entry is a short Localized (a few hundred bytes), so a full cache is a few MB.

# why-not words of one compared condition and one actual value, per compiled rule set
CONDITION_TEXTS = 8_192
# a rule's why-not in words (every alternative's failed comparisons), by its conditions and actual values
ALTERNATIVE_TEXTS = 8_192
# explanation and title templates split into literals and names: the rule book's own texts (a few hundred), never
# the input's; bounded all the same, since a candidate rule book or a profile brings its own
TEMPLATES = 2_048

"""`python -m adjudicator` is the same as the `adjudicator` command."""
from .cli import main

main()

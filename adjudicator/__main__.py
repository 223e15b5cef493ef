"""`python -m adjudicator` is the same as the `adjudicator` command."""
from .commands.main import main

main()

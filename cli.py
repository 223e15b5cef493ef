"""The same command line from a checkout, without installing: `python cli.py warranty check FILE`.

Not packaged: the installed command is `adjudicator` (adjudicator/cli.py, over adjudicator/commands/main.py).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adjudicator.cli import main  # noqa: E402

if __name__ == "__main__":
    main()

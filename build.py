"""`python build.py` builds this repository's site: the same as `kabar build` run here."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))  # works before `pip install -e .` too, once the dependencies are in

from kabar.cli import main  # noqa: E402

if __name__ == "__main__":
    os.chdir(HERE)
    raise SystemExit(main(["build", *sys.argv[1:]]))

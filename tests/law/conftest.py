"""Makes the case builder (tests/law/cases.py) importable as ``cases`` in any import mode.

The ``check_case`` fixture itself comes from tests/conftest.py (the engine's)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "core"))  # op_db.py
sys.path.insert(0, str(Path(__file__).parent.parent / "autograd"))  # grad_db.py

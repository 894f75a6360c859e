"""The Plotly figures an AppTest page drew, as plain JSON (tests and bench/app_scale.py read them)."""
from __future__ import annotations

import base64
import json

import numpy as np


def decode(obj):
    """Plotly writes numeric arrays as {"dtype", "bdata"} (base64); turn them back into lists."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            return np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"]).tolist()
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    return obj


def figures(at) -> list[dict]:
    """The figure JSON of every plotly chart on the page."""
    return [decode(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]

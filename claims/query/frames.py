"""The one place query results (Arrow) become pandas frames, for display and charts only."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Dates as `datetime.date` (None when missing), numbers as floats (NaN when missing), lists as arrays."""
    return table.to_pandas(date_as_object=True, integer_object_nulls=False)

"""The one place query results (Arrow) become pandas frames, for display and charts only."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Dates as `datetime.date` (None when missing), numbers as floats (NaN when missing), lists as arrays,
    text as Python strings (`object`, None when missing): these frames are small and read row by row (labels,
    cards, hover texts), where pandas' Arrow-backed strings cost a conversion per access."""
    frame = table.to_pandas(date_as_object=True, integer_object_nulls=False)
    text = [c for c, t in zip(table.column_names, table.schema.types, strict=True)
            if pa.types.is_string(t) or pa.types.is_large_string(t)]
    for c in text:
        frame[c] = pd.Series(table.column(c).to_pylist(), index=frame.index, dtype=object)
    return frame

"""What the filter bar and the article pickers offer: the values present in the tables."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from claims import schema

from .tables import Extras, Tables, all_labels, all_titles, run

OPTIONS = """
SELECT
    (SELECT list(DISTINCT kind) FROM claims) AS kinds,
    (SELECT list(DISTINCT qualifier) FROM claims) AS qualifiers,
    (SELECT list(DISTINCT measure) FROM claims WHERE measure <> '') AS measures,
    (SELECT list(DISTINCT modality) FROM claims WHERE modality <> '') AS modalities,
    (SELECT list(e ORDER BY n DESC, e) FROM (
        SELECT e, count(*) AS n FROM (SELECT unnest(_entities) AS e FROM claims) GROUP BY e)) AS entities,
    (SELECT min(d) FROM (SELECT published AS d FROM claims UNION ALL SELECT published FROM articles)) AS date_min,
    (SELECT max(d) FROM (SELECT published AS d FROM claims UNION ALL SELECT published FROM articles)) AS date_max
"""

BY_CLAIMS = "SELECT source_id FROM claims GROUP BY source_id ORDER BY count(*) DESC, source_id LIMIT $limit"


@dataclass(frozen=True)
class Catalog:
    kinds: tuple[str, ...]            # in the contract's order
    qualifiers: tuple[str, ...]
    measures: tuple[str, ...]         # in the contract's order
    modalities: tuple[str, ...]
    entities: tuple[str, ...]         # most frequent first (entities and context entities alike)
    date_min: date | None
    date_max: date | None
    titles: Mapping[str, str]         # source_id -> title, every article
    labels: Mapping[str, str]         # source_id -> short label ('004 速報!トランプ…'), the URL's value
    most_claims: tuple[str, ...]      # the articles with the most rows, most first (a big corpus's default)
    key: tuple = ()                   # (tables version, extras version): what it was computed from

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        """Every article, sorted once (555k titles at 10M rows): the catalog is shared and read-only."""
        return tuple(sorted(self.titles))

    def title(self, source_id: str) -> str:
        return self.titles.get(source_id, source_id)

    def label(self, source_id: str) -> str:
        return self.labels.get(source_id, source_id)


def catalog(tables: Tables, extras: Extras, most_claims: int = 200) -> Catalog:
    with tables.scope(extras) as cur:
        row = run(cur, OPTIONS).to_pylist()[0]
        top = run(cur, BY_CLAIMS, {"limit": most_claims}).column("source_id").to_pylist()
    kinds, quals = set(row["kinds"] or ()), set(row["qualifiers"] or ())
    measures, modalities = set(row["measures"] or ()), set(row["modalities"] or ())
    titles = all_titles(tables, extras)
    return Catalog(kinds=tuple(k for k in schema.KINDS if k in kinds),
                   qualifiers=tuple(q for q in schema.QUALIFIERS if q in quals),
                   measures=tuple(m for m in schema.MEASURES if m in measures),
                   modalities=tuple(m for m in schema.MODALITIES if m in modalities),
                   entities=tuple(row["entities"] or ()), date_min=row["date_min"], date_max=row["date_max"],
                   titles=titles, labels=all_labels(tables, extras), most_claims=tuple(top),
                   key=(tables.version, extras.version))

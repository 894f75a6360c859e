"""A session's uploads: the session budget counts the bytes uploaded, and gives them back on removal."""
from claims import ingest
from components import uploads


def _upload(name: str, text: str):
    data = text.encode("cp932")                   # two bytes per Japanese character: bytes != characters
    article = ingest.to_article(ingest.Upload(name, data))
    claims, articles = ingest.extract([article])
    return claims, articles, {article.meta.source_id: len(data)}, article.meta.source_id


def test_removing_an_upload_gives_its_bytes_back_to_the_session_budget():
    uploads.clear()
    first = _upload("a.txt", "甲社の計画\n甲社は出力777MWのデータセンターを建てる。")
    second = _upload("b.txt", "乙社の計画\n乙社は出力888MWのデータセンターを建てる。" * 3)
    uploads.add(*first[:3])
    store = uploads.add(*second[:3])
    assert store.total_bytes == sum(first[2].values()) + sum(second[2].values())
    uploads.remove(first[3])
    left = uploads.store()
    assert left.total_bytes == sum(second[2].values())                  # bytes, not characters
    assert left.articles.column("source_id").to_pylist() == [second[3]]
    assert set(left.claims.column("source_id").to_pylist()) == {second[3]}
    uploads.remove(second[3])
    assert uploads.store() is None


def test_each_upload_has_its_own_code_and_adding_one_never_changes_another():
    """Issue #15 item 7: two uploads no longer share the code ⬆; a code derives from the article's id."""
    uploads.clear()
    first = _upload("a.txt", "甲社の計画\n甲社は出力777MWのデータセンターを建てる。")
    uploads.add(*first[:3])
    before = uploads.extras().labels()[first[3]]
    second = _upload("b.txt", "乙社の計画\n乙社は出力888MWのデータセンターを建てる。")
    uploads.add(*second[:3])
    labels = uploads.extras().labels()
    assert labels[first[3]] == before                                    # unchanged by the second upload
    codes = {sid: label.split(" ")[0] for sid, label in labels.items()}
    assert len(set(codes.values())) == 2 and all(c.startswith("⬆") and len(c) > 1 for c in codes.values())
    assert codes[first[3]] == "⬆" + first[3][-4:]
    uploads.clear()

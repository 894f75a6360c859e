"""AppTest for the Library page: readers see the library on every page and no write controls (even
with forged session state); editors (password over HTTPS, sign-in with a verified e-mail, and a
loopback test server added by URL through the test policy) add, correct, refuse duplicates, edit
and delete.  Local editing needs a loopback Host header, which AppTest cannot send: it stays a reader."""
from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from claims.fetch import AddressPolicy
from claims.library import auth, create_engine, store
from components import data
from components import library as app_library
from tests.fetch_helpers import html_page, loopback_policy, serve

APP = str(data.DATA_DIR.parent / "app.py")
PASSWORD = "correct horse battery staple"
TEXT = ("北辰データ、苫小牧に新拠点\n2025年9月24日\n"
        "北辰データは苫小牧市に約3GW規模のデータセンターを建設し、2028年までに2兆円を投じると発表した。")
PAGE = """<html><head><title>湊電力、AI向け送電網に1500億円</title>
<meta property="og:site_name" content="湊新聞"><meta name="author" content="港 太郎"></head>
<body><nav>トップ 経済 テクノロジー</nav><article><h1>湊電力、AI向け送電網に1500億円</h1>
<p>2025年10月2日</p>
<p>湊電力は、生成AI向けデータセンターへの電力供給を増やすため、送電網の増強に約1500億円を投じる計画を明らかにした。</p>
<p>同社によると、増強後の供給能力は最大で1.2ギガワットに達する見込みで、2030年度の完成を目指す。</p>
<p>関係者は「需要の伸びは想定を上回っている」と話している。</p></article></body></html>"""
WRITE_KEYS = ("lib_url", "lib_text", "lib_file")


@pytest.fixture
def lib(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    monkeypatch.setenv("CLAIMS_LIBRARY_URL", url)
    for var in (auth.ENV_EDITORS, auth.ENV_PASSWORD, auth.ENV_LOCAL, data.ENV_VAR):
        monkeypatch.delenv(var, raising=False)
    auth.PASSWORD_LIMITER.reset()
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def one_article(lib):
    return store.add_article(auth.cli_editor("cli:test"), lib, TEXT, published=date(2025, 9, 24), site="北辰通信")


def app(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in secrets.items():
        at.secrets[k] = v
    return at


def library_page(at: AppTest) -> AppTest:
    at.run()
    at.switch_page("app_pages/library.py").run()
    no_errors(at)
    return at


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


def write_controls(at) -> list[str]:
    """Every widget on the page that would add, change or remove something."""
    found = []
    for kind in ("text_input", "text_area", "file_uploader"):
        found += [f"{kind}:{w.key}" for w in getattr(at, kind) if str(w.key or "").startswith(WRITE_KEYS)]
    found += [f"file_uploader:{w.key}" for w in at.get("file_uploader")]
    found += [f"button:{b.label}" for b in at.button
              if any(w in b.label for w in ("save", "delete", "削除", "rebuild", "fetch", "read", "discard"))]
    return found


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def click(at, label_part: str, which: int = -1) -> AppTest:
    buttons = [b for b in at.button if label_part in b.label]
    assert buttons, f"no button {label_part!r} in {[b.label for b in at.button]}"
    buttons[which].click()
    return at.run()


def sign_in(at, password: str = PASSWORD) -> AppTest:
    at.text_input(key="lib_password").set_value(password)
    return click(at, "sign in")


# ---------------------------------------------------------------- readers

def test_a_reader_sees_the_library_everywhere_and_no_write_controls(one_article):
    at = library_page(app())
    assert "閲覧のみ" in captions(at)
    assert write_controls(at) == []
    listed = at.dataframe[0].value
    assert listed["title"].tolist() == ["北辰データ、苫小牧に新拠点"] and listed["claims"].tolist() == [one_article.n_claims]
    code = listed["code"].iloc[0]
    assert code.startswith(f"{app_library.MARK}{one_article.source_id[-4:]}")
    # the library joins the other pages: the filter bar offers it, the Sources link opens it for anyone
    at.switch_page("app_pages/explorer.py").run()
    assert code in at.multiselect(key="source").options
    sources = app()
    sources.query_params["article"] = one_article.source_id
    sources.run()
    sources.switch_page("app_pages/sources.py").run()
    no_errors(sources)
    assert sources.selectbox(key="article").value == one_article.source_id


def test_every_write_path_is_refused_to_a_reader_even_with_forged_session_state(one_article, lib):
    at = app(editor_password=PASSWORD)
    at.context = {"url": "http://claims.example/library"}      # not HTTPS, not loopback
    library_page(at)
    before = store.version(lib)
    forged = object.__new__(auth.Editor)
    draft = app_library.draft_from_text("偽の記事\n湊電力は10GWの発電所を建てる。")
    at.session_state["_library_editor"] = forged
    at.session_state["_lib_draft"] = draft
    at.session_state["_lib_confirm_delete"] = one_article.source_id
    at.run()
    no_errors(at)
    assert write_controls(at) == [] and "編集者 (editor)" not in captions(at)
    assert "_library_editor" not in at.session_state          # the forged capability was dropped
    at.session_state["_library_editor"] = "editor"
    at.run()
    assert write_controls(at) == []
    # the password is not accepted over plain HTTP from another machine
    sign_in(at)
    assert any("HTTPS" in e.value for e in at.error) and write_controls(at) == []
    # direct calls with anything but a granted capability
    for who in (None, forged, "editor", auth.Editor):
        with pytest.raises(auth.NotAnEditor):
            app_library.save(who, lib, draft, title="x", published=None, source_kind="news", url="", site="",
                             author="")
        with pytest.raises(auth.NotAnEditor):
            store.edit_article(who, lib, one_article.source_id, title="x")
        with pytest.raises(auth.NotAnEditor):
            store.delete_article(who, lib, one_article.source_id)
        with pytest.raises(auth.NotAnEditor):
            store.rebuild(who, lib, everything=True)
    assert store.version(lib) == before and store.get_article(lib, one_article.source_id) is not None


def test_local_editing_needs_a_loopback_request(lib, monkeypatch):
    """Switched on, on a loopback-only server, but AppTest's session sends no Host header: a reader."""
    monkeypatch.setenv(auth.ENV_LOCAL, "1")
    old = st.get_option("server.address")
    st.config.set_option("server.address", "127.0.0.1")
    try:
        at = library_page(app())
        assert write_controls(at) == [] and "閲覧中" in captions(at)
    finally:
        st.config.set_option("server.address", old)


# ---------------------------------------------------------------- editors

def editor_app(**secrets) -> AppTest:
    at = app(editor_password=PASSWORD, **secrets)
    at.context = {"url": "https://claims.example/library"}
    library_page(at)
    sign_in(at)
    no_errors(at)
    assert "編集者 (editor)" in captions(at), captions(at)
    return at


def test_a_wrong_password_is_refused(lib):
    at = app(editor_password=PASSWORD)
    at.context = {"url": "https://claims.example/library"}
    library_page(at)
    sign_in(at, "not the password at all")
    assert any("wrong password" in e.value for e in at.error) and write_controls(at) == []


def test_an_editor_adds_pasted_text_corrects_the_date_and_duplicates_are_refused(lib):
    at = editor_app()
    at.text_area(key="lib_text").set_value(TEXT)
    click(at, "read")
    no_errors(at)
    found = " ".join(m.value for m in at.markdown)
    assert "2025-09-24" in found and "本文に書かれた日付" in found
    date_input = [d for d in at.date_input if d.label.startswith("公開日")][0]
    date_input.set_value(date(2025, 9, 25))
    click(at, "save")
    no_errors(at)
    assert any("保存しました" in s.value for s in at.success)
    [info] = store.list_articles(lib)
    assert info.published == date(2025, 9, 25) and info.added_by == "editor (password)"
    assert "編集者が入力" in info.date_note and info.n_claims >= 2
    # the same text again: refused, with a link to the article already there
    at.text_area(key="lib_text").set_value(TEXT + "\n")
    click(at, "read")
    assert any("already in the library" in e.value for e in at.error)
    links = [str(p.proto) for p in at.get("page_link") if "already there" in p.proto.label]
    assert links and info.source_id in links[0], links
    assert len(store.list_articles(lib)) == 1


def test_an_editor_edits_and_deletes_with_a_confirmation(one_article, lib):
    at = editor_app()
    with_ref = [d for d in at.date_input if d.label.startswith("基準日")][0]
    with_ref.set_value(date(2026, 1, 15))
    click(at, "save changes")
    no_errors(at)
    assert store.get_article(lib, one_article.source_id).reference_date == date(2026, 1, 15)
    click(at, "delete…")
    assert any("削除します" in w.value for w in at.warning)
    assert store.get_article(lib, one_article.source_id) is not None        # not before the confirmation
    click(at, "cancel")
    assert store.get_article(lib, one_article.source_id) is not None
    click(at, "delete…")
    click(at, "削除する (delete)")
    no_errors(at)
    assert store.get_article(lib, one_article.source_id) is None
    assert [e.action for e in store.audit_log(lib, one_article.source_id)][:2] == ["delete", "edit"]


def test_an_editor_adds_a_file(lib):
    at = editor_app()
    at.file_uploader(key="lib_file").set_value([("hokushin.txt", TEXT.encode("cp932"), "text/plain")])
    click(at, "read", which=0)          # the file form's button (the pasted-text form's comes after it)
    no_errors(at)
    click(at, "save")
    [info] = store.list_articles(lib)
    assert info.origin == "hokushin.txt" and info.encoding in ("cp932", "shift_jis")


def test_an_editor_adds_by_url_from_the_test_server_only_through_the_test_policy(lib):
    with serve({"/news/1": html_page(PAGE)}) as site:
        at = editor_app()
        at.text_input(key="lib_url").set_value(site.url("/news/1"))
        click(at, "fetch")
        assert any("127.0.0.1" in e.value for e in at.error), [e.value for e in at.error]   # strict policy
        app_library.install_fetch_policy(loopback_policy(site.port))
        try:
            at.text_input(key="lib_url").set_value(site.url("/news/1"))
            click(at, "fetch")
            no_errors(at)
            found = " ".join(m.value for m in at.markdown)
            assert "湊電力、AI向け送電網に1500億円" in found and "湊新聞" in found and "2025-10-02" in found
            click(at, "save")
            [info] = store.list_articles(lib)
            assert info.url == site.url("/news/1") and info.site == "湊新聞" and info.n_claims >= 2
            # the same URL again is refused before fetching
            n_requests = len(site.seen)
            at.text_input(key="lib_url").set_value(site.url("/news/1") + "?utm_source=x")
            click(at, "fetch")
            assert any("already in the library" in e.value for e in at.error) and len(site.seen) == n_requests
        finally:
            app_library.install_fetch_policy(AddressPolicy())


def test_sign_in_with_a_verified_email_on_the_list(lib):
    at = app(editors=["ed@example.com"], auth={"redirect_uri": "https://claims.example/oauth2callback",
                                               "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "s",
                                               "server_metadata_url": "https://id.example/.well-known/openid"})
    at.user = {"is_logged_in": True, "email": "ed@example.com", "email_verified": True}
    library_page(at)
    assert "ed@example" in captions(at) and "lib_url" in [w.key for w in at.text_input]
    at.user = {"is_logged_in": True, "email": "ed@example.com", "email_verified": False}
    at.run()
    assert write_controls(at) == [] and "ログイン中 (signed in)" in captions(at)
    at.user = {"is_logged_in": True, "email": "someone@example.com", "email_verified": True}
    at.run()
    assert write_controls(at) == [] and "someone@example" in captions(at)


def test_the_fetch_policy_hook_refuses_callers_outside_tests():
    code = compile("install_fetch_policy(AddressPolicy())", str(data.DATA_DIR.parent / "components" / "x.py"), "exec")
    with pytest.raises(PermissionError):
        exec(code, {"install_fetch_policy": app_library.install_fetch_policy, "AddressPolicy": AddressPolicy})
    assert app_library.fetch_policy().strict


# ---------------------------------------------------------------- PostgreSQL, configured in secrets

def test_a_postgresql_library_from_secrets_read_through_a_select_only_role(tmp_path, monkeypatch):
    """A public read-only deployment: [connections.library] in the secrets (it wins over the
    environment) names a role that may only SELECT.  Readers see the library on every page; even an
    editor's save is refused by the database, explained, and nothing changes."""
    import os
    import time

    from tests.library_fixtures import make_library_url

    owner_url, cleanup = make_library_url("postgresql", tmp_path)
    owner = create_engine(owner_url)
    role = f"app_reader_{os.getpid()}_{int(time.time() * 1000) % 10**6}"
    reader_url = None
    try:
        from claims.library import migrate
        migrate(owner)
        info = store.add_article(auth.cli_editor("cli:test"), owner, TEXT, published=date(2025, 9, 24))
        dbname = owner.url.database
        with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'reader'")
            conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{dbname}" TO {role}')
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
            conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        reader_url = owner.url.set(username=role, password="reader").render_as_string(hide_password=False)
        monkeypatch.setenv("CLAIMS_LIBRARY_URL", f"sqlite:///{tmp_path / 'not-this-one.sqlite'}")
        for var in (auth.ENV_EDITORS, auth.ENV_PASSWORD, auth.ENV_LOCAL, data.ENV_VAR):
            monkeypatch.delenv(var, raising=False)
        auth.PASSWORD_LIMITER.reset()

        at = library_page(app(connections={"library": {"url": reader_url}}))
        assert not at.error, [e.value for e in at.error]
        assert at.dataframe[0].value["title"].tolist() == ["北辰データ、苫小牧に新拠点"]
        assert write_controls(at) == [] and "閲覧のみ" in captions(at)
        at.switch_page("app_pages/explorer.py").run()
        assert any(o.startswith(f"{app_library.MARK}{info.source_id[-4:]}") for o in at.multiselect(key="source").options)

        ed = app(connections={"library": {"url": reader_url}}, editor_password=PASSWORD)
        ed.context = {"url": "https://claims.example/library"}
        library_page(ed)
        sign_in(ed)
        ed.text_area(key="lib_text").set_value("白浜クラウド\n白浜クラウドは出力500メガワットの拠点を稼働させた。")
        click(ed, "read")
        no_errors(ed)
        click(ed, "ライブラリに保存 (save)")
        no_errors(ed)
        assert any("the database refused" in e.value for e in ed.error), [e.value for e in ed.error]
        assert store.version(owner) == 1 and len(store.list_articles(owner)) == 1
    finally:
        if reader_url:                     # st.connection keeps the reader's engine: close its connections
            st.connection("library", type="sql", url=reader_url).engine.dispose()
            st.cache_resource.clear()
        with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if _role_exists(conn, role):
                conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
                conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA public FROM {role}")
                conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{owner.url.database}" FROM {role}')
                conn.exec_driver_sql(f"DROP ROLE {role}")
        owner.dispose()
        cleanup()


def _role_exists(conn, role: str) -> bool:
    return conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").first() is not None


def test_a_reader_is_offered_sign_in_and_a_password_editor_can_sign_out(lib):
    at = app(editors=["ed@example.com"], editor_password=PASSWORD,
             auth={"redirect_uri": "https://claims.example/oauth2callback", "cookie_secret": "x" * 32,
                   "client_id": "id", "client_secret": "s",
                   "server_metadata_url": "https://id.example/.well-known/openid"})
    at.context = {"url": "https://claims.example/library"}
    at.user = {"is_logged_in": False}
    library_page(at)
    assert [b.label for b in at.button if "log in" in b.label] == ["ログイン (log in)"]
    assert write_controls(at) == []
    sign_in(at)
    assert "lib_url" in [w.key for w in at.text_input]
    click(at, "sign out")
    assert write_controls(at) == [] and "_library_editor" not in at.session_state

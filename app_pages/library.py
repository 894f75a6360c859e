"""記事ライブラリ (Library): the articles the team keeps, for every reader; adding, editing and
removing them for editors only (components/auth.py decides; the store checks again)."""
from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from claims import fetch, ingest
from claims.labels import md_escape
from claims.library import db as library_db
from claims.library import store
from claims.library.auth import NotAnEditor
from components import auth as editors
from components import library, nav
from components.view import current_view

DRAFT_KEY = "_lib_draft"
NOTICES_KEY = "_lib_notices"
CONFIRM_KEY = "_lib_confirm_delete"
SOURCES = "app_pages/sources.py"
KINDS = ("news", "press_release", "blog", "report", "video_transcript", "machine_translation", "library")
MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)


# What a write may raise besides a duplicate: not an editor, a refused value, or the database saying no
# (a role that may only SELECT, a lost connection).
WRITE_ERRORS = (NotAnEditor, library_db.LibraryError, sa.exc.SQLAlchemyError)


def why(exc: Exception) -> str:
    if isinstance(exc, sa.exc.SQLAlchemyError):
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"データベースが拒否しました (the database refused): {first[:200]}"
    return str(exc)


def notice(kind: str, message: str, article: str | None = None) -> None:
    """A message shown after the rerun that follows a change (with a link to the article)."""
    st.session_state.setdefault(NOTICES_KEY, []).append((kind, message, article))


def link_to(source_id: str, title: str, label: str | None = None) -> None:
    st.page_link(SOURCES, label=label or f"記事を開く (open): {title}", icon=":material/article:",
                 query_params={"article": source_id})


def refuse_duplicate(dup: store.ArticleInfo) -> None:
    st.error(f"この記事はすでにライブラリにあります (already in the library): {md_escape(dup.title)}",
             icon=":material/content_copy:")
    link_to(dup.source_id, dup.title, f"すでにある記事を開く (open the article already there): {dup.title}")


def signed_in_as(d) -> None:
    how = {"password": "パスワード", "login": "ログイン", "local": "このコンピューター (local)"}.get(d.editor.how, "")
    with st.container(horizontal=True):
        st.caption(f":material/edit: 編集者 (editor): **{md_escape(d.editor.who)}** — {how}")
        if d.editor.how == "password":
            if st.button("編集を終える (sign out)", key="lib_sign_out"):
                editors.sign_out()
                st.rerun()
        elif d.editor.how == "login":
            st.button("ログアウト (log out)", key="lib_logout", on_click=st.logout)


def sign_in(d) -> None:
    """A reader: how to become an editor, where the deployment offers a way."""
    s = editors.settings()
    if not s.any_rule:
        st.caption(":material/visibility: 閲覧のみ (read-only). 記事の追加は編集者だけができます "
                   "(only editors add articles; none are configured here).")
        return
    st.caption(":material/visibility: 閲覧中 (reading). 記事の追加・編集は編集者だけができます.")
    if s.login and s.editors:
        user = editors.signed_in_user()
        if user:
            with st.container(horizontal=True):
                st.caption(f"ログイン中 (signed in): {md_escape(user)} — 編集者の一覧にないか、メールアドレスが"
                           "確認されていません (not on the editors list, or the e-mail is not verified).")
                st.button("ログアウト (log out)", key="lib_logout_reader", on_click=st.logout)
        else:
            with st.container(horizontal=True):
                for p in editors.login_providers() or [None]:
                    st.button(f"ログイン (log in){' — ' + p if p else ''}", key=f"lib_login_{p or 'default'}",
                              on_click=st.login, args=(p,) if p else ())
    if s.password:
        with st.expander("編集者パスワード (editor password)"):
            with st.form("lib_sign_in", clear_on_submit=True):
                given = st.text_input("パスワード (password)", type="password", key="lib_password")
                if st.form_submit_button("編集者になる (sign in)"):
                    got = editors.decision(password=given)
                    if got:
                        st.rerun()
                    st.error(f"編集者として認められません (not signed in): {got.reason}")


# ---------------------------------------------------------------- adding

def find_url(eng, url: str) -> None:
    try:
        dup = store.find_duplicate(eng, url=url)
    except library_db.LibraryError as exc:
        st.error(f"URL を受け付けられません (refused): {exc}")
        return
    if dup is not None:                     # no need to fetch what is already there
        refuse_duplicate(dup)
        return
    try:
        with st.spinner("取得中… (fetching)"):
            draft = library.draft_from_url(url)
    except (fetch.FetchError, library_db.LibraryError) as exc:
        st.error(f"取得できません (not fetched): {exc}", icon=":material/link_off:")
        return
    offer(eng, draft)


def offer(eng, draft: library.Draft) -> None:
    dup = store.find_duplicate(eng, text=draft.text)
    if dup is not None:
        refuse_duplicate(dup)
        return
    st.session_state[DRAFT_KEY] = draft


def add_section(eng) -> None:
    st.subheader("記事を追加 (add an article)")
    by_url, by_file, by_text = st.tabs(["URL", "ファイル (file)", "テキスト (paste)"])
    with by_url, st.form("lib_url_form"):
        url = st.text_input("記事の URL (article URL)", key="lib_url", max_chars=store.MAX_URL_CHARS,
                            placeholder="https://…")
        if st.form_submit_button("取得する (fetch)", icon=":material/download:") and url.strip():
            find_url(eng, url)
    with by_file, st.form("lib_file_form", clear_on_submit=True):
        up = st.file_uploader("記事ファイル (.txt / .md / .html)", type=[s.lstrip(".") for s in ingest.SUFFIXES],
                              key="lib_file")
        if st.form_submit_button("読み込む (read)", icon=":material/upload_file:") and up is not None:
            try:
                offer(eng, library.draft_from_file(up.name, up.getvalue()))
            except (ingest.IngestError, library_db.LibraryError) as exc:
                st.error(f"受け付けられません (refused): {exc}")
    with by_text, st.form("lib_text_form"):
        pasted = st.text_area("本文 (article text)", key="lib_text", height=200, max_chars=store.MAX_TEXT_CHARS)
        if st.form_submit_button("読み込む (read)", icon=":material/content_paste:"):
            try:
                offer(eng, library.draft_from_text(pasted))
            except library_db.LibraryError as exc:
                st.error(str(exc))


def confirm_section(eng, editor, draft: library.Draft) -> None:
    """What was found, for the editor to confirm or correct before saving."""
    key = hashlib.sha1(draft.text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    st.subheader("確認して保存 (check and save)")
    found = draft.found_from
    where = library.FOUND_LABELS
    st.markdown("\n".join([
        f"- **タイトル (title)**: {md_escape(draft.title) or '—'} — "
        f"{where.get(found.get('title'), found.get('title', '—'))}",
        f"- **公開日 (date)**: {draft.published.isoformat() if draft.published else '—'} — "
        f"{where.get(draft.date_source, draft.date_source)}",
        f"- **サイト (site)**: {md_escape(draft.site) or '—'} / **著者 (author)**: {md_escape(draft.author) or '—'}",
        f"- **本文 (text)**: {len(draft.text):,} 文字 (characters)"
        + (f" — {md_escape(draft.origin)}" if draft.origin else ""),
    ]))
    st.text_area("本文の冒頭 (text preview)", draft.text[:1500], height=180, disabled=True, key=f"lib_preview_{key}")
    with st.form(f"lib_save_{key}"):
        title = st.text_input("タイトル (title)", draft.title, max_chars=store.MAX_TITLE_CHARS, key=f"lib_t_{key}")
        c1, c2 = st.columns(2)
        published = c1.date_input("公開日 (published)", draft.published, min_value=MIN_DATE, max_value=MAX_DATE,
                                  key=f"lib_d_{key}", format="YYYY-MM-DD",
                                  help="「昨年」「今後3年間」などはこの日を基準に解釈します。")
        kind = c2.selectbox("種別 (kind)", KINDS, key=f"lib_k_{key}")
        c3, c4 = st.columns(2)
        site = c3.text_input("サイト (site)", draft.site, max_chars=200, key=f"lib_s_{key}")
        author = c4.text_input("著者 (author)", draft.author, max_chars=200, key=f"lib_a_{key}")
        url = st.text_input("URL", draft.url, max_chars=store.MAX_URL_CHARS, key=f"lib_u_{key}")
        save = st.form_submit_button("ライブラリに保存 (save)", type="primary", icon=":material/save:")
    if st.button("破棄 (discard)", key=f"lib_discard_{key}"):
        st.session_state.pop(DRAFT_KEY, None)
        st.rerun()
    if save:
        try:
            with st.spinner("抽出して保存中… (extracting and saving)"):
                info = library.save(editor, eng, draft, title=title, published=published, source_kind=kind,
                                    url=url, site=site, author=author)
        except store.DuplicateArticle as exc:
            dup = store.get_article(eng, exc.existing, with_text=False)
            refuse_duplicate(dup) if dup else st.error(str(exc))
            return
        except WRITE_ERRORS as exc:
            st.error(f"保存できません (not saved): {why(exc)}")
            return
        st.session_state.pop(DRAFT_KEY, None)
        notice("success", f"保存しました (saved): {info.title} — {info.n_claims} 件の数字", info.source_id)
        st.rerun()


# ---------------------------------------------------------------- editing and removing

def edit_section(eng, editor, art: store.ArticleInfo) -> None:
    with st.expander(f"メタデータを編集 (edit): {art.title}", icon=":material/edit:"):
        with st.form(f"lib_edit_{art.source_id}"):
            title = st.text_input("タイトル (title)", art.title, max_chars=store.MAX_TITLE_CHARS)
            c1, c2, c3 = st.columns(3)
            published = c1.date_input("公開日 (published)", art.published, min_value=MIN_DATE, max_value=MAX_DATE,
                                      format="YYYY-MM-DD")
            reference = c2.date_input("基準日 (reference date)", art.reference_date, min_value=MIN_DATE,
                                      max_value=MAX_DATE, format="YYYY-MM-DD",
                                      help="相対的な表現（昨年、今後4年間）の基準。空なら公開日。")
            kinds = list(dict.fromkeys([art.source_kind, *KINDS]))
            kind = c3.selectbox("種別 (kind)", kinds, index=0)
            url = st.text_input("URL", art.url, max_chars=store.MAX_URL_CHARS)
            c4, c5 = st.columns(2)
            site = c4.text_input("サイト (site)", art.site, max_chars=200)
            author = c5.text_input("著者 (author)", art.author, max_chars=200)
            if st.form_submit_button("変更を保存 (save changes)", type="primary"):
                changes = dict(title=title, published=published, reference_date=reference, source_kind=kind,
                               url=url, site=site, author=author)
                if published and not art.date_basis:
                    changes["date_basis"] = "stated"
                try:
                    info = store.edit_article(editor, eng, art.source_id, **changes)
                except WRITE_ERRORS as exc:
                    st.error(f"保存できません (not saved): {why(exc)}")
                else:
                    notice("success", f"変更しました (saved): {info.title}", info.source_id)
                    st.rerun()

    if st.session_state.get(CONFIRM_KEY) != art.source_id:
        if st.button("ライブラリから削除… (delete…)", key=f"lib_delete_{art.source_id}", icon=":material/delete:"):
            st.session_state[CONFIRM_KEY] = art.source_id
            st.rerun()
        return
    st.warning(f"「{md_escape(art.title)}」とその {art.n_claims} 件の数字を削除します。変更履歴には残ります "
               "(the audit log keeps the record).", icon=":material/warning:")
    c1, c2 = st.columns(2)
    if c1.button("削除する (delete)", type="primary", key=f"lib_delete_yes_{art.source_id}"):
        st.session_state.pop(CONFIRM_KEY, None)
        try:
            info = store.delete_article(editor, eng, art.source_id)
        except WRITE_ERRORS as exc:
            st.error(f"削除できません (not deleted): {why(exc)}")
        else:
            notice("success", f"削除しました (deleted): {info.title}")
            st.rerun()
    if c2.button("やめる (cancel)", key=f"lib_delete_no_{art.source_id}"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


def rebuild_section(eng, editor, n_behind: int) -> None:
    st.warning(f"{n_behind} 件の記事が古い抽出器で処理されています。再抽出すると最新の規則で数字を数え直します "
               f"({n_behind} articles were extracted by an older extractor).", icon=":material/update:")
    if st.button("再抽出する (rebuild)", key="lib_rebuild"):
        bar = st.progress(0.0, text="再抽出中… (rebuilding)")
        try:
            n = store.rebuild(editor, eng, progress=lambda i, total, sid: bar.progress(i / total, text=f"{i}/{total}"))
        except WRITE_ERRORS as exc:
            st.error(f"再抽出できません (not rebuilt): {why(exc)}")
        else:
            notice("success", f"{n} 件を再抽出しました (rebuilt).")
            st.rerun()


# ---------------------------------------------------------------- the page

st.title("記事ライブラリ (Library)")
st.caption("チームで集めた記事。ここにある記事は全員のすべてのページに加わり、共有リンクでも開けます "
           "(articles kept for everyone: they join every page for every reader, and shared links open them).")

try:
    eng = library.engine()
    n_behind = store.behind(eng)
except Exception as exc:   # noqa: BLE001
    eng = None
    st.session_state[library.PROBLEM_KEY] = library._problem(exc)
if library.problem() or eng is None:
    st.error(f"ライブラリを読めません (the library cannot be read): {library.problem()}", icon=":material/error:")
    nav.page_links(exclude="app_pages/library.py")
    st.stop()

d = editors.decision()
editor = d.editor
if editor is not None:
    signed_in_as(d)
else:
    sign_in(d)

for kind, message, article in st.session_state.pop(NOTICES_KEY, []):
    getattr(st, kind)(message)
    if article:
        info = store.get_article(eng, article, with_text=False)
        if info is not None:
            link_to(info.source_id, info.title)

if editor is not None:
    if n_behind:
        rebuild_section(eng, editor, n_behind)
    add_section(eng)
    draft = st.session_state.get(DRAFT_KEY)
    if isinstance(draft, library.Draft):
        confirm_section(eng, editor, draft)
elif n_behind:
    st.info(f"{n_behind} 件の記事が古い抽出器で処理されています（編集者が再抽出できます）。", icon=":material/update:")

st.subheader("ライブラリの記事 (articles in the library)")
articles = store.list_articles(eng)
if not articles:
    st.write("まだありません (none yet).")
else:
    cat = current_view().catalog
    table = pd.DataFrame({
        "code": [cat.label(a.source_id) for a in articles],
        "title": [a.title for a in articles],
        "published": [a.published for a in articles],
        "site": [a.site for a in articles],
        "added_by": [a.added_by for a in articles],
        "added_at": [a.added_at.replace(tzinfo=None) for a in articles],
        "claims": [a.n_claims for a in articles],
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "code": "コード (code)", "title": "タイトル", "published": st.column_config.DateColumn("公開日"),
        "site": "サイト", "added_by": "追加した人 (added by)",
        "added_at": st.column_config.DatetimeColumn("追加日時 (UTC)", format="YYYY-MM-DD HH:mm"),
        "claims": st.column_config.NumberColumn("抽出数", format="%d")})
    by_id = {a.source_id: a for a in articles}
    chosen = st.selectbox("記事を選ぶ (pick an article)", list(by_id), key="lib_pick",
                          format_func=lambda sid: f"{cat.label(sid)} — {by_id[sid].title}")
    art = by_id[chosen]
    with st.container(horizontal=True):
        link_to(art.source_id, art.title, "本文と数字 (Sources)")
        label = cat.label(art.source_id)
        st.page_link("app_pages/compare.py", label="比較 (Compare)", icon=":material/bar_chart:",
                     query_params={"source": label})
        st.page_link("app_pages/timeline.py", label="時系列 (Timeline)", icon=":material/timeline:",
                     query_params={"source": label})
    details = [("URL", art.url), ("著者 (author)", art.author), ("日付の注記", art.date_note),
               ("元の出典 (origin)", art.origin)]
    st.markdown("\n".join(f"- **{k}**: {md_escape(v)}" for k, v in details if v))
    if editor is not None:
        edit_section(eng, editor, art)
        with st.expander("変更履歴 (audit log)", icon=":material/history:"):
            log = store.audit_log(eng, limit=50)
            st.dataframe(pd.DataFrame([{"at": e.at.replace(tzinfo=None), "action": e.action, "article": e.source_id,
                                        "who": e.who} for e in log]), hide_index=True, width="stretch")

nav.page_links(exclude="app_pages/library.py")

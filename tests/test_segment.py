"""Sentences keep offsets; lines get their section."""
from pathlib import Path

from claims.segment import boilerplate_rules, lines, sentences

ARTICLE = (
    "Last Updated on 2024-01-20 05:40 by admin\n"
    "AIチップの記事\n"
    "OpenAIは数十億ドルを集める。Altmanは交渉中だ!\n"
    "この記事は約9分で読めます。\n"
    "“AIチップの記事” への2件のフィードバック\n"
    "読者の意見です。1兆円は多い。\n"
    "タイトルとURLをコピーしました\n"
)


def sections(text, title=None):
    return [(ln.text, ln.section) for ln in lines(text, title)]


def test_sections():
    got = dict(sections(ARTICLE, "AIチップの記事"))
    assert got["Last Updated on 2024-01-20 05:40 by admin"] == "boilerplate"
    assert got["AIチップの記事"] == "title"
    assert got["OpenAIは数十億ドルを集める。Altmanは交渉中だ!"] == "body"
    assert got["この記事は約9分で読めます。"] == "boilerplate"
    assert got["“AIチップの記事” への2件のフィードバック"] == "body"   # the heading itself stays body
    assert got["読者の意見です。1兆円は多い。"] == "comments"
    assert got["タイトルとURLをコピーしました"] == "boilerplate"


def test_first_line_is_title_when_no_metadata():
    assert sections("短い見出し\n本文です。")[0] == ("短い見出し", "title")


def test_sentence_offsets_index_the_text():
    _, sents = sentences(ARTICLE)
    assert all(ARTICLE[s.start:s.end] == s.text for s in sents)
    texts = [s.text for s in sents]
    assert "OpenAIは数十億ドルを集める。" in texts and "Altmanは交渉中だ!" in texts


def test_crlf_and_closing_brackets():
    text = "「これは引用です。」と彼は言った。\r\n次の文。"
    _, sents = sentences(text, "x")
    assert [s.text for s in sents] == ["「これは引用です。」", "と彼は言った。", "次の文。"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_exclamation_inside_title_does_not_split():
    _, sents = sentences("速報!トランプ大統領が発表!\n本文。", "速報!トランプ大統領が発表!")
    assert sents[0].text == "速報!トランプ大統領が発表!"


def test_very_long_line_is_cut_into_bounded_sentences():
    text = ("あ" * 50 + "、") * 200
    _, sents = sentences(text, "x")
    assert len(sents) > 1 and max(len(s.text) for s in sents) <= 1000
    assert "".join(s.text for s in sents) == text


def test_boilerplate_rules_keep_regex_meaning(tmp_path):
    """Anchored patterns are matched at the line start only; `^a|b` still finds b anywhere."""
    csv_path = tmp_path / "boilerplate.csv"
    csv_path.write_text("pattern,role,note\n"
                        "^広告$|スポンサー,boilerplate,\n"
                        "^(前へ|次へ)$,boilerplate,\n"
                        "^[|]区切り,boilerplate,\n"
                        "Powered By\\b,boilerplate,\n", encoding="utf-8")
    rule = boilerplate_rules(csv_path)["boilerplate"]
    assert rule.search("広告")
    assert not rule.search("この広告")
    assert rule.search("提供: スポンサー各社")
    assert rule.search("次へ") and not rule.search("次へ進む")
    assert rule.search("|区切り") and not rule.search("x|区切り")
    assert rule.search("Site Powered By WordPress")


CHROME = (
    "AIの記事\n"
    "本文で100億円を投じる。\n"
    "今なら2カ月間月額100円！　初割キャンペーン実施中\n"
    "記事の続きは有料会員限定です。今なら初月無料、2カ月目以降は月額990円\n"
    "関連記事\n"
    "ソフトバンク、1兆円の投資を発表\n"
    "・オラクルが5GWのデータセンター\n"
    "次の段落は本文で、出力は1GWだ。\n"
    "【関連記事】エヌビディア、時価総額4兆ドルに\n"
    "― 広告 ―\n"
    "海外ETFで世界のAI成長を取り込む｜最低1万円から\n"
    "［PR］米国株の取引手数料0円キャンペーン実施中\n"
    "有料会員数は100万人を超え、月額料金の引き上げも検討する。\n"
)


def test_paywall_promotions_related_lists_and_ads_are_boilerplate():
    got = sections(CHROME, "AIの記事")
    assert [s for _, s in got] == ["title", "body", "boilerplate", "boilerplate", "boilerplate", "boilerplate",
                                   "boilerplate", "body", "boilerplate", "boilerplate", "boilerplate",
                                   "boilerplate", "body"]


def test_comment_headings_after_a_related_list_start_the_comments():
    text = "記事\n本文です。\n▼ 関連記事\n・見出しA\nコメント（3件）\n含み益が300万円超えました。\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "boilerplate", "boilerplate", "body", "comments"]
    text = "記事\n本文です。\n▼ 読者の声（2件）\n・3000億ドルって…\n"
    assert [s for _, s in sections(text, "記事")][-1] == "comments"


def test_more_related_lists_comment_sections_and_subscriptions():
    text = ("記事\n本文です。\n関連する投稿\n- 売上高が過去最高の570億ドル\n"
            "【この記事の関連ニュース】\n・工場で2ナノの動作確認\n"
            "地方経済プレスを購読する　月額1,100円（税込）から\n"
            "この記事を書いた人：編集部\nコメント 128件\nuser 6時間前\n年2500億円はすごい\n")
    assert [s for _, s in sections(text, "記事")] == (
        ["title", "body"] + ["boilerplate"] * 6 + ["body", "comments", "comments"])
    text = "記事\n講演より抜粋。\nコメントを書く\nKei：1ギガワットで600億ドルって\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body", "comments"]


def test_a_comment_count_badge_above_the_article_does_not_end_it():
    text = "記事\n2026年1月15日　ITオンライン\nコメント 42件\n本文で2兆円と報じた。\n▼ この記事へのコメント\n100万kWだって\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body", "body", "body", "comments"]


def test_rankings_contact_blocks_and_copyright_are_chrome_but_a_company_box_is_not():
    text = ("記事\n本文です。\n■会社概要\n資本金：120億円\n"
            "【本件に関するお問い合わせ】\n広報部　03-0000-0000\nアクセスランキング\n1. 投資5兆円の衝撃\n"
            "Copyright © 2026 Example Inc.\nこの記事へのコメント（12件）\n1GWかよ\n")
    assert [s for _, s in sections(text, "記事")] == (
        ["title", "body", "body", "body"] + ["boilerplate"] * 5 + ["body", "comments"])


def test_a_comment_byline_or_reaction_counts_start_the_comments_after_prose():
    text = "記事\n本文です。北斗電工は中東の大型データセンター向けに受変電設備を受注したと発表した。\nななし　2026/01/15 12:03\n電気代が上がる\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "comments", "comments"]
    text = "記事\n本文です。北斗電工は中東の大型データセンター向けに受変電設備を受注したと発表した。\nuser***** 6時間前\n1兆円ってすごい\n共感した 120 なるほど 15\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "comments", "comments", "comments"]
    text = "記事\nITオンライン　2026/01/15 12:03\n本文です。\n"      # a dateline above the article
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body"]


def test_a_paid_plan_promotion_is_chrome_but_a_plan_price_in_the_story_is_not():
    text = ("記事\n本文です。\nChatGPTの有料プランは月額20ドルで、登録者は増えた。\n"
            "プレミアムプラン（月額1,500円）に登録すると全記事が読み放題\nPR：AIサーバーなら今すぐ相談\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body", "boilerplate", "boilerplate"]


def test_more_related_headings_subscription_lines_and_a_paywall_cut():
    text = ("記事\n本文です。\n関連ストーリー\n・ミシガン州で1.4GWのサイト\n本文の続きです。\n"
            "人気記事ランキング\n1位　電気代が月5,000円安くなる\n◆今週の人気記事\n・家庭も月300円の負担増\n"
            "▼この筆者の他の記事\n・電気代、月2,000円上がる日\n"
            "エネルギー日報 電子版　個人プラン月額3,300円（税込）\n定期購読なら1冊あたり約400円お得\n"
            "【第1回】送電網に10兆円、誰が払うのか\n"
            "この記事の続きは有料会員のみお読みいただけます。月額1,650円（税込）\n【速報】補正予算案に1.3兆円\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "boilerplate", "boilerplate", "body"] + \
        ["boilerplate"] * 11


def test_a_plan_price_or_an_episode_in_the_story_stays_body():
    text = ("記事\n本文です。\n同社の個人プランは月額3,300円で、法人向けの大口契約は別料金となっている。\n"
            "連載の第1回では、送電網に10兆円が必要だと指摘した。\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body", "body"]


def test_more_list_headings_thread_posts_promotions_widgets_and_footnotes():
    text = ("記事\n本文です。\nこのニュースに関連する記事\n・投資が過去最高の２兆３０００億円に（1月29日）\n"
            "この銘柄の関連ニュース\n・北広島に620億円のデータセンター\n"
            "このプレスリリースを見た人はこんなプレスリリースも見ています\n・シリーズBで45億円を調達\n"
            "株価 5,420円（前日比+130円）　PDF表示\n（百万円未満切捨て）\n"
            "【キャンペーン】新規口座開設で最大3,000円相当のポイントをプレゼント\n"
            "見逃し配信も　初回31日間無料　その後は月額990円（税込み）\n"
            "メンバーシップ（月額500円）に入ると、アフタートーク全編が聴けます。\n"
            "この番組は「電化ストア」の提供でお送りしました。最大3万円引き！\n"
            "^ “総事業費2100億円に”. 経済ウィークリー (2025年2月14日)\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body"] + ["boilerplate"] * 13


def test_thread_posts_after_the_article_and_bracketed_comment_counts_are_comments():
    text = ("記事\n1: 番人 ★ 2026/09/02(水) 21:14:33.52 ID:Qk8vT2mX9\n東電PGは約3,400億円を投じ、データセンター向けの変電所を首都圏で新設する。\n"
            "2: 名無しさん 2026/09/02(水) 21:15:02.11 ID:aB3dE9fG0\n1,230万kWって原発12基分かよ\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body", "comments", "comments"]
    text = "記事\n本文です。\n【コメント（3件）】\n5ギガくらいいってると思ってたわ\n"
    assert [s for _, s in sections(text, "記事")][-1] == "comments"


def test_a_q_and_a_pages_answers_are_its_content_but_its_related_questions_are_not():
    text = ("質問\n電気は足りますか。\nベストアンサー\n原発1基は100万kWです。\n共感した：6\n"
            "その他の回答（1件）\n孫さんは10ギガワット級が必要と言っています。\n共感した：3\n"
            "この質問に関連する質問\n・電気代が月3万円を超えました。オール電化は失敗？\n")
    assert [s for _, s in sections(text, "質問")] == ["title", "body", "body", "body", "body", "body", "body",
                                                    "body", "boilerplate", "boilerplate"]


def test_tickers_banners_promotions_book_prices_and_earlier_issues_are_chrome():
    text = ("【速報】A社、3000億円投資\n本文です。\n原題：Firm to Invest $5 Billion\n"
            "日経平均　4万1200円　+215円　｜　TOPIX　2,950　｜　ドル円　148.9\n"
            "【速報】政府 経済対策 総額21兆円規模で調整\n"
            "ベーシック会員（月額1,100円・税込）なら過去記事が見放題\n"
            "定価3,080円（本体2,800円＋税）　ISBN978-4-0000-0000-0\n"
            "先週の週報：メンフィスで1GW増設へ\n")
    assert [s for _, s in sections(text, "A社、3000億円投資")] == ["title", "body"] + ["boilerplate"] * 6


def test_other_article_lists_reactions_and_expert_boxes():
    text = ("記事\n本文です。\nその他記事\n・チェンナイで200MWの新棟着工(07/18)\nこの号の主な記事\n・寄附額は42億円に\n"
            "■この記事へのXの反応\n@user　1GWって原発1基分やん\nここに注目（有識者コメント）\n100GWという予測は楽観的だ。\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body"] + ["boilerplate"] * 4 + [
        "body", "comments", "comments", "comments"]


def test_common_portal_list_headings_and_review_sections():
    text = ("記事\n本文です。\n最新ニュース\n・送電網に10兆円\nあなたへのおすすめ\n・1GWの新拠点\n"
            "みんなの感想\n100万kWは多い\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body"] + ["boilerplate"] * 4 + ["body", "comments"]


def test_author_boxes_fund_memos_notices_donations_events_and_references():
    text = ("記事\n本文です。\nプロフィール\nかぶ凡／30代会社員。運用資産は約2,000万円。\n次の段落で100億円。\n"
            "お申込みメモ　購入単位：1万円以上1円単位\nトピックス：検査報告を送付しました（指摘金額計486億円）\n"
            "▼活動へのカンパをお願いします　1口1,000円から\n▼次回学習会　参加費300円（資料代）\n"
            "2. ^ 「DC分散補助、東北3件に計310億円」『電気新報』2022年9月1日。\n"
            "1. ^ 当初の計画では総受電容量を300MWとしていた。\n")
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "boilerplate", "boilerplate", "body"] + \
        ["boilerplate"] * 5 + ["body"]


def test_q_and_a_notes_and_plan_prices_in_a_story_stay_body():
    text = "記事\n本文です。\n同社の法人向けプランは月額30万円で、大口の契約が伸びた。\n"
    assert [s for _, s in sections(text, "記事")] == ["title", "body", "body"]


def test_site_menus_rankings_tips_and_comment_sections_of_portals_and_blogs():
    text = ("ランキング\n主要　国内　国際　経済\n北陸に受電60万キロワットのDC\n7/14(月) 18:05配信\n"
            "北陸クラウド基盤は受電容量60万キロワットのDCを建設すると発表した。\n"
            "アクセスランキング（24時間）\n1　年収1000万円でも家が買えない\n"
            "応援 500円\nBecome a member to read this story. $5/month.\n【続きを読む】時価総額「5兆ドル」は高すぎるのか\n"
            "2025.11.20　お知らせ　グリーンボンド（総額100億円）の発行\n"
            "注目のコメント\n佐藤健一\n1GW級が標準。\n")
    got = [s for _, s in sections(text, "北陸に受電60万キロワットのDC")]
    assert got == ["boilerplate", "boilerplate", "title", "boilerplate", "body"] + ["boilerplate"] * 6 + [
        "body", "comments", "comments"]


def expect_sections(text: str, title: str | None = None, **expected: tuple[str, ...]) -> None:
    """Each listed line of `text` has the section its keyword names (body=…, boilerplate=…, comments=…)."""
    got = dict(sections(text, title))
    for section, lines_ in expected.items():
        for line in lines_:
            assert got[line] == section, (line, got[line])


def test_a_captured_threads_replies_and_notes_are_comments_but_the_authors_posts_are_not():
    expect_sections("電力ウォッチ\n@grid_w\n接続の申し込みは計5,800万kWに達した。\n"
                    "読者が背景情報を追加しました\n申し込みには重複が含まれる。\n"
                    "電力ウォッチ @grid_w · 8月18日\n東京は2,300万kWだった。\n"
                    "返信\nみやび @miyabi_re · 8月18日\n東京2,300万kWって火力何基分？\n"
                    "電力ウォッチ @grid_w · 8月19日\n九州は650万kWだった。\n",
                    body=("接続の申し込みは計5,800万kWに達した。", "東京は2,300万kWだった。", "九州は650万kWだった。"),
                    comments=("申し込みには重複が含まれる。", "東京2,300万kWって火力何基分？"))


def test_a_compilation_of_many_peoples_posts_is_not_a_thread():
    expect_sections("まとめ作成者\n電気ウォッチャー @denki_w\n専門家の投稿をまとめました。\n"
                    "送電屋 @grid_k\n原発1基はだいたい100万kW前後。\nめがわっと @mw_mw\n最初は30MWで申し込む案件が多い。\n",
                    body=("原発1基はだいたい100万kW前後。", "最初は30MWで申し込む案件が多い。"))


def test_series_lists_tables_of_contents_breadcrumbs_quote_boxes_and_paid_extras_are_chrome():
    expect_sections("ITmedia NEWS ＞ 製品動向 ＞ 富嶽電機、1台で2MWを冷やすCDU\n本文です。同社は新製品を発表した。\n"
                    "現在値 4,150円　前日比 +435（+11.71%）\n特集「電力争奪戦2025」全10回\n#1 原発再稼働で電気代は年２万円下がるのか\n"
                    "目次\nPART1　新しい単位は「1ギガワット」\nPART2　送電網に5兆円\nPART1　「1ギガワット」が新しい単位になった\n"
                    "受講料1万9800円、会員割引あり\nチップで応援する（100円 / 500円 / 1,000円）\n"
                    "━━ 5．読者からのお便り ━━\n「約100万円分買いました」\n", "富嶽電機の新製品",
                    boilerplate=("ITmedia NEWS ＞ 製品動向 ＞ 富嶽電機、1台で2MWを冷やすCDU", "現在値 4,150円　前日比 +435（+11.71%）",
                                 "#1 原発再稼働で電気代は年２万円下がるのか", "PART2　送電網に5兆円",
                                 "受講料1万9800円、会員割引あり", "チップで応援する（100円 / 500円 / 1,000円）"),
                    body=("PART1　「1ギガワット」が新しい単位になった",),     # the list's first mark again: the body
                    comments=("「約100万円分買いました」",))


def test_a_q_and_a_label_is_no_part_of_the_number_after_it():
    text = "A2．27〜30年度の4年間で、総額1兆1,000億円を投じる。\n"
    assert [s.text for s in sentences(text)[1]] == ["27〜30年度の4年間で、総額1兆1,000億円を投じる。"]


def test_a_section_heading_that_names_related_stocks_or_a_budget_line_stays_body():
    expect_sections("本文です。市場は動いた。\n4．日本の関連株の目線\n・重電大手A社：受注高見通しは1兆3,500億円\n"
                    "3　主な新規・拡充事業（DC・産業振興関連）\n○ゼロカーボン推進事業　186,400千円（新規）\n"
                    "お金の話。設備投資は計7兆円規模で、託送料金への上乗せは月100円程度。\n",
                    body=("・重電大手A社：受注高見通しは1兆3,500億円", "○ゼロカーボン推進事業　186,400千円（新規）",
                          "お金の話。設備投資は計7兆円規模で、託送料金への上乗せは月100円程度。"))


def test_market_boxes_quote_lines_article_lists_and_board_posts_are_chrome_or_comments():
    expect_sections("本文です。市場が動いた。データセンター関連株に買いが集まり、指数を押し上げた。\nマーケット（5日終値）\n日経平均　4万1059円（▲123円）\nドル円　155円20銭\n"
                    "HPDI　$84.12　▲1.51（+1.83%）　2月26日 終値\n企業短信の記事一覧\n・地銀3行、DC向け協調融資200億円（8月5日）\n"
                    "本文に戻る。増資で126億円を調達した。\n名無しの投資家さん　10/24 15:52\n経常で70億超えは強い。\n",
                    boilerplate=("日経平均　4万1059円（▲123円）", "ドル円　155円20銭", "HPDI　$84.12　▲1.51（+1.83%）　2月26日 終値",
                                 "・地銀3行、DC向け協調融資200億円（8月5日）"),
                    body=("本文に戻る。増資で126億円を調達した。",), comments=("経常で70億超えは強い。",))


def test_a_results_line_with_its_change_and_a_dated_timeline_item_stay_body():
    expect_sections("本文です。業績が伸びた。\n・売上高 186億円（前年同期比 +21.4%、計画比 +3.2%）\n"
                    "・電力受給契約：期間15年、総額約4,200億円で基本合意（2026年9月）\n5．気候関連の目標\n"
                    "・2030年度：PPA契約容量 300MW以上\n・GPU: H200 SXM（TDP 700W）を1,024基\n",
                    body=("・売上高 186億円（前年同期比 +21.4%、計画比 +3.2%）",
                          "・電力受給契約：期間15年、総額約4,200億円で基本合意（2026年9月）",
                          "・2030年度：PPA契約容量 300MW以上", "・GPU: H200 SXM（TDP 700W）を1,024基"))


def test_a_commerce_pages_widgets_reviews_and_fees_are_chrome_but_a_contract_price_is_not():
    expect_sections("本文です。データセンター用地を売り出した。\nこの求人と似た求人\n・【年収700万〜1,200万円】データセンター運用SE／千葉\n"
                    "2,900,000円　ka*****さん（評価 1,005）　2月10日 23:02\n参加登録費：会員 10,000円／非会員 15,000円\n"
                    "本文に戻る。入札の概要は次のとおり。\n予定価格　2,486,750,000円（消費税を含む。）\n"
                    "契約は固定価格で、総額は約160億ドル（約2兆4000億円）です。\nカスタマーレビュー（3件）\n「実負荷は70kW程度でした」\n",
                    boilerplate=("・【年収700万〜1,200万円】データセンター運用SE／千葉",
                                 "2,900,000円　ka*****さん（評価 1,005）　2月10日 23:02", "参加登録費：会員 10,000円／非会員 15,000円"),
                    body=("予定価格　2,486,750,000円（消費税を含む。）", "契約は固定価格で、総額は約160億ドル（約2兆4000億円）です。"),
                    comments=("「実負荷は70kW程度でした」",))


def test_a_wiki_talk_page_s_opener_is_body_and_other_signers_are_comments():
    text = ("ノート:苫小牧\n提案です。契約電力は124万キロワットに達しています。--Kitasou（会話） 2025年9月12日 (金) 14:08 (UTC)\n"
            ":賛成です。約1.8兆円と丸めて書くべきです。--Chiba-no-kaze（会話） 2025年9月12日 (金) 22:41 (UTC)\n"
            "::追記します。300MWでした。--Kitasou（会話） 2025年9月13日 (土) 01:15 (UTC)\n")
    assert [ln.section for ln in lines(text, "ノート:苫小牧")][1:] == ["body", "comments", "body"]


def test_a_board_page_s_own_post_under_a_one_line_notice_is_body_and_its_replies_comments():
    text = ("瑞穂計算機(株)\nリアルタイム株価ではありません。20分以上遅れて表示しています。\nNo.2148　強く買いたい\n"
            "taka_dc_lover　2025/07/18 22:41\n第1期の受電容量は40MWで、2026年度下期に稼働する予定。建設費は約380億円。\n"
            "この投稿への返信（4件）\nNo.2150　ふむふむ　2025/07/18 22:58\nただ第2期の700億はさすがに盛りすぎでは？\n")
    sections = [ln.section for ln in lines(text, "瑞穂計算機(株)") if "。" in ln.text or "？" in ln.text]
    assert sections == ["body", "body", "comments"]


def test_quote_lines_shop_prices_author_boxes_and_copies_on_sale_are_chrome():
    story = "本文です。データセンター向けの受変電設備の受注が伸び、会社は通期予想を引き上げた。"
    chrome = ("SKハイニックス　904,000ウォン　▲12,000（+1.35%）", "■ 2330 TSMC　1,705元　▲25（+1.49%）",
              "ソフトバンクグループ（9984）　1万8250円　＋480円（6/24 終値）", "最安価格(税込)：¥139,800 （前週比：-2,200円↓）",
              "大河内 誠（おおこうち・まこと）　1968年生まれ。経済誌記者を経て独立。著書に『電力株で老後2000万円』など。",
              "夕刊タイムズは駅売店・コンビニで毎日発売　1部150円", "年間購読 A$899（初年度A$449）",
              "本文PDF（2.4MB）　会員：無料　非会員：1,320円（税込）")
    kept = ("営業損益は▲12億円（前年同期は5億円の黒字）だった。", "参考価格：６，２００万円前後（税別、構成により変動）")
    expect_sections("\n".join((story, *chrome, *kept)) + "\n", boilerplate=chrome, body=kept)


def test_an_issue_trackers_comments_and_a_shops_reviews_and_questions_are_comments():
    description = "東京エリアの需要実績が「5,010 kW」と表示されます。正しくは5,010万kW（50.1GW）のはずです。"
    expect_sections(f"yamabiko-ops commented Jan 19, 2026\n{description}\nmaruta-dev commented Jan 20, 2026\n"
                    "v0.8.3 をリリースしました。バウンティの1万円は寄付に回してください。\n",
                    body=(description,), comments=("v0.8.3 をリリースしました。バウンティの1万円は寄付に回してください。",))
    expect_sections(f"{description}\n田辺 (Maintainer) · 2 months ago\n良い提案です。契約電力500kWで書いておきます。\n"
                    "#2 村井 さんが約3時間前に更新\nうちの施設（IT 4MW）でも同じ症状です。\n",
                    comments=("良い提案です。契約電力500kWで書いておきます。", "うちの施設（IT 4MW）でも同じ症状です。"))
    expect_sections(f"{description}\nカスタマーレビュー（2件）　★★★★☆ 4.0\n「実負荷は70kW程度でした」（情シス担当）\n",
                    comments=("「実負荷は70kW程度でした」（情シス担当）",))


def test_links_to_other_pages_named_by_their_label_and_more_list_headings_are_chrome():
    story = "本文です。データセンター向けの受変電設備の受注が伸び、会社は通期予想を引き上げた。"
    chrome = ("← 前の記事：決算特別委員会で質問しました（一般会計７，４２０億円）", "＜次の講演＞ 6-143　容量市場で年2億円の収入は可能か",
              "関連論文：「東数西算と西部の電力――1,000万kWの行方」（第71巻第4号）", "▼バックナンバー：No.311「1GW級データセンターの特許マップ」",
              "・NAVER、世宗データセンター第2棟に1兆ウォン", "・年収400万円でも貯まる！ 30代夫婦の「先取り貯金」術")
    expect_sections("\n".join((story, *chrome[:4], "主要ニュース", chrome[4], "＼あわせて読みたい／", chrome[5])) + "\n",
                    boilerplate=chrome, body=(story,))


def test_region_and_series_lists_expert_boxes_quotes_bios_books_and_footers_are_chrome_or_comments():
    story = "本文です。データセンター向けの受変電設備の受注が伸び、会社は通期予想を引き上げた。"
    chrome = ("さくらインターネット（3778）　3,205円　－218円　2/13 11:30", "アルファベット（GOOGL）　245.76ドル　＋1.86ドル",
              "だいもん・こうじ　1963年新潟県生まれ。東北大工学部卒。87年北越電力入社。",
              "『半導体敗戦　三兆円の教訓』　湯浅慎一 著　税込1,078円", "ＪＰＢの受信料は月額1,100円（地上契約・口座振替）です。",
              "（広告）法人向けGPUクラウド　初期費用0円、1時間490円から", "・青森の風力、出力60万キロワットに拡大へ")
    comments = ("電力アナリスト：私の推計では、ＤＣの計画のうち実際に建つのは半分、300万kW前後だと思います。",)
    expect_sections("\n".join((story, *chrome[:6], "東北のニュース", chrome[6], "コメントプラス", *comments)) + "\n",
                    boilerplate=chrome, comments=comments, body=(story,))


def test_regional_lists_subscriptions_quote_fields_market_lines_and_residents_voices_are_chrome():
    story = "本文です。データセンター向けの受変電設備の受注が伸び、会社は通期予想を引き上げた。"
    chrome = ("◆本記事は購読者専用です。年間購読（週刊紙＋online）は39,600円（税別）。", "年初来高値 2,498円　予想配当 70円",
              "時価総額 31兆0,418億円", "マーケット　ＮＹダウ　4万5490ドル　＋617ドル　｜　ナスダック　2万1886　＋6",
              "電気銅建値　1トン150万円　▲2万円", "MSFT 525.76ドル（▼2.9%）　GOOGL 281.48ドル（▲2.5%）",
              "・電気代が安くなるなら歓迎。冬は月5000円を超えるのでつらい。（札幌市・70代）",
              "・堺の物流施設跡をDCに転用、事業費300億円")
    kept = ("●小型炉（SMR）は1基3000億円前後、採算は見通せず",)
    expect_sections("\n".join((story, *chrome[:7], "〈近畿版の主な記事〉", chrome[7])) + "\n", boilerplate=chrome)
    expect_sections(f"特集　原発とAI　電気の「直結」が始まった\n{story}\n＜この特集のポイント＞\n{kept[0]}\n", body=kept)


def test_commodity_price_lines_and_a_paid_parts_teaser_are_chrome_but_a_price_sentence_is_not():
    story = "本文です。原油価格は1バレル60ドル前後で推移し、発電コストを押し上げた。"
    chrome = ("■原油（クウェート産）1バレル 64.10ドル", "本日の金価格（24K）　1グラム 398.50ディルハム　▲1.25",
              "続きでは、各社のDC向け料金メニュー（基本料金1kWあたり1,800円台など）を比べます。")
    expect_sections("\n".join((story, *chrome)) + "\n", boilerplate=chrome, body=(story,))


def test_column_archives_series_lists_listener_mail_widgets_and_the_sites_own_offers_are_chrome():
    story = "本文です。送電網の増強に電力会社は10年で約2兆円を投じる計画だ。"
    chrome = ("■論説委員室　これまでの掲載", "・9月3日　新米、5キロ4300円の重み",
              "＜連載　電力とAIの10年＞", "（2）変電所1カ所に300億円の時代",
              "◇でんき予報（北陸エリア）　使用率81％　予想最大電力 470万kW", "＜市内ガソリン平均＞　レギュラー169円",
              "ADBE　412.30ドル　▲1.85%", "三葉電機 3,240円（+58円）", "みんなの予想　買い 66%　｜　予想株価 3,900円",
              "北陸民報デジタル　月額1,650円（税込）で全ての記事が読めます", "【番組協賛のご案内】15秒CM　1回2,200円から",
              "全文は有料会員登録（月額2,500円・税込）でお読みいただけます。記事の続きは全文は会員登録で。",
              "▼関連回：#88　変圧器、1台20億円の行列", "＜次回予告＞送電線1キロ10億円のわけ",
              "「うちの電気代、去年より月3000円高いです」（ラジオネーム・北のかもめさん）")
    listener = ("■リスナーから", "「屋根の太陽光は5kWです」")
    kept = ("同社は月額2,970円の新プランを12月に始める。", "販売価格：1,480万円（税抜）／1,628万円（税込）",
            "ORCL株は前日比3％安の222ドルで取引を終えた。", "目標株価を6,800円に引き上げた。")
    expect_sections("\n".join((story, *kept, *chrome)) + "\n", boilerplate=chrome, body=(story, *kept))
    expect_sections("\n".join((story, *listener)) + "\n", comments=listener[1:])


def test_a_comments_heading_after_a_timed_caption_transcript_ends_it():
    text = ("00:12　はい 今日は データセンターの 電力の 話です よろしくお願いします\n"
            "00:31　メタの 新しい 拠点は 最終的に 5ギガワット に なるそうです\nコメント（12）\n・ゆう　5GWって原発5基分？\n")
    expect_sections(text, body=("00:31　メタの 新しい 拠点は 最終的に 5ギガワット に なるそうです",),
                    comments=("・ゆう　5GWって原発5基分？",))


def test_a_comment_forms_count_top_story_lists_listener_lines_and_labelled_offers_are_chrome_or_comments():
    story = "本文です。新しい変電所の容量は150万kWで、28年度に運転を始める。"
    chrome = ("【年末特集】2026年の電力業界10大ニュース", "・送電網の増強、10年で5兆円規模に", "リスナーC：40万kWでGPU何台ですか",
              "【みなとケーブル光】光1ギガ　月額4,950円（税込）", "＜県内ガソリン平均＞　レギュラー171円")
    expect_sections("\n".join((story, *chrome)) + "\n", boilerplate=chrome, body=(story,))
    expect_sections(f"{story}\nコメント　利用規約に同意の上、投稿してください（コメント数 41）\nたろう：150万kWは心強い\n",
                    comments=("たろう：150万kWは心強い",))
    expect_sections(f"{story}\n・ガソリン税の暫定税率、1リットル25.1円を廃止へ\n", body=("・ガソリン税の暫定税率、1リットル25.1円を廃止へ",))


def test_an_answer_labelled_without_a_number_is_cut_from_its_figure():
    _, sents = sentences("Q．リターンは。\nA．1GW級のキャンパスなら総事業費は1兆円を超えます。\n")
    assert [s.text for s in sents][-1] == "1GW級のキャンパスなら総事業費は1兆円を超えます。"


def test_a_counted_comments_heading_an_editors_note_and_a_listeners_letter_are_not_the_article():
    story = "本文です。新しい変電所の容量は150万kWで、28年度に運転を始める。"
    expect_sections(f"{story}\nこの記事へのコメント　19件\nなにわ：150万kWは心強い\n", comments=("なにわ：150万kWは心強い",))
    expect_sections(f"{story}\n▼今週の一言（編集長・西村）\n一番大きい計画でも数十万kWです。\n",
                    comments=("一番大きい計画でも数十万kWです。",))
    letter = "・リスナーさんからのレター：「うちの太陽光、売電が3万円くらい減りました」"
    expect_sections(f"{story}\n{letter}\n", boilerplate=(letter,))
    spoken = "まとめると 売上は 予想超え でも 株価は 決算後に 下がりました"
    expect_sections(f"決算解説\n{spoken}\nコメント 1,204件　並べ替え\n@kabu　467億ドルで下がるのは謎\n", body=(spoken,),
                    comments=("@kabu　467億ドルで下がるのは謎",))


def test_a_products_price_plan_results_with_their_change_a_budget_line_and_a_quote_stay_in_the_body():
    expect_sections("記事\n本文です。\n・8GPUノードの月額専有プラン：1ノードあたり月額320万円\n営業利益　41億300万円（＋95.1％）\n"
                    "・電気料金高騰対策（1世帯1万円分の商品券）　4,200万円\n"
                    "私は北海道電力を平均780円で2,000株保有しています。地元株なので応援の意味も込めて持ちます。\n"
                    "「オークションは毎年数百万kW規模で募集しており、1回で約1兆円の投資を呼び込みます」\n"
                    "家庭でも、再エネの電気を選べる料金プランがあります。通常より月に数百円高くなります。\n", "記事",
                    body=("・8GPUノードの月額専有プラン：1ノードあたり月額320万円", "営業利益　41億300万円（＋95.1％）",
                          "・電気料金高騰対策（1世帯1万円分の商品券）　4,200万円",
                          "私は北海道電力を平均780円で2,000株保有しています。地元株なので応援の意味も込めて持ちます。",
                          "「オークションは毎年数百万kW規模で募集しており、1回で約1兆円の投資を呼び込みます」",
                          "家庭でも、再エネの電気を選べる料金プランがあります。通常より月に数百円高くなります。"))


def test_a_ticker_line_priced_in_usd_is_chrome():
    expect_sections("記事\n本文です。\nGEV US　636.21 USD　+1.8%\n", "記事", boilerplate=("GEV US　636.21 USD　+1.8%",))


def test_a_sentence_inside_the_run_of_an_articles_paragraphs_is_the_story_whatever_words_it_uses():
    """News of a price change uses an offer's words (月額, プラン, キャンペーン); between two of the article's
    paragraphs it is the story. The same words after the last paragraph, or in lines of their own kind, are chrome."""
    text = ("音楽配信、4月から値上げ\n"
            "音楽配信サービスの大手は20日、国内向けの料金を4月から改定すると発表した。\n"
            "個人向けの有料プランは月額980円から1,180円に上がる。\n"
            "3月末までに年額プランへ移った会員には1,000円分のクーポンを配るキャンペーンも行う。\n"
            "同社は値上げの理由として、楽曲の使用料が3年で2割ほど増えたことを挙げている。\n"
            "有料会員になると月額500円ですべての記事が読み放題になります。\n"
            "今なら初月無料キャンペーン実施中\n")
    assert [s for _, s in sections(text, "音楽配信、4月から値上げ")] == \
        ["title", "body", "body", "body", "body", "boilerplate", "boilerplate"]


def test_an_electricity_forecast_widget_under_its_own_heading_is_chrome():
    text = ("寒波で需給逼迫\n北陸電力送配電は、あすの予備率が4%まで下がる見通しだと発表した。\n"
            "でんき予報（北陸エリア）\n本日のピーク時供給力　512万kW\n予想最大電力　468万kW（18時～19時）\n")
    assert [s for _, s in sections(text, "寒波で需給逼迫")] == ["title", "body", "boilerplate", "boilerplate", "boilerplate"]


def test_a_boards_posts_under_a_summary_page_are_comments():
    text = ("まとめ\n日立は7日、送電設備の大型受注を発表した。受注額は約7000億円。\n＜株式板の反応＞\n"
            ">>6　名無しさん\n時価総額22兆でトヨタに迫るとか笑う\n■みんなの予想\n事業費1.3兆がさらに膨らむ\n")
    got = dict(sections(text, "まとめ"))
    assert got["時価総額22兆でトヨタに迫るとか笑う"] == got["事業費1.3兆がさらに膨らむ"] == "comments"


def test_a_newsrooms_share_price_line_and_a_loan_simulators_result_are_chrome():
    text = ("お知らせ\n当社は本日、新たな研究拠点の開設を決定しました。投資額は約120億円です。\n"
            "当社株価（2月3日終値）：3,180円　時価総額：950億円\n住宅ローン返済シミュレーション\n"
            "毎月の返済額 92,300円　総返済額 38,766,000円\n")
    assert [s for _, s in sections(text, "お知らせ")][2:] == ["boilerplate", "body", "boilerplate"]


def test_a_forecast_widget_named_in_brackets_and_a_donation_appeal_are_chrome():
    text = ("需給ひっ迫\n東北電力は、あすの予備率が3%まで下がる見通しだと発表した。供給力は1,500万kW。\n"
            "電力需給の見通し(でんき予報)\n東北エリア 本日のピーク時供給力 1,540万kW\n"
            "大学基金へのご支援のお願い\n1口5,000円から、研究・学生支援に活用させていただきます。\n")
    got = dict(sections(text, "需給ひっ迫"))
    assert got["東北エリア 本日のピーク時供給力 1,540万kW"] == "boilerplate"
    assert got["1口5,000円から、研究・学生支援に活用させていただきます。"] == "boilerplate"


# ---- from the fourth chrome probe (session 13)
def test_an_ad_label_between_paragraphs_and_a_recruiting_banner_are_chrome():
    text = ("苫小牧でDC増設\n市内の工業団地で、2棟目のデータセンターの建設が始まった。総投資額は約420億円。\n"
            "【PR】△△レンタル：非常用発電機を月額150万円からレンタル。1MW級も即日手配します。\n"
            "市は固定資産税の減免で年約2億円の税収を見送るが、雇用の増加を見込む。\n"
            "PR　当社ではDCの設備エンジニアを募集中です。年収700万~1,100万円。\n"
            "道は送電網の増強に約90億円を充てる。\n"
            "＼ 一緒に働く仲間を募集しています ／\n入社祝い金20万円支給中！　カジュアル面談はこちら\n")
    got = dict(sections(text, "苫小牧でDC増設"))
    assert got["【PR】△△レンタル：非常用発電機を月額150万円からレンタル。1MW級も即日手配します。"] == "boilerplate"
    assert got["PR　当社ではDCの設備エンジニアを募集中です。年収700万~1,100万円。"] == "boilerplate"
    assert got["入社祝い金20万円支給中！　カジュアル面談はこちら"] == "boilerplate"
    assert got["市は固定資産税の減免で年約2億円の税収を見送るが、雇用の増加を見込む。"] == "body"


def test_a_product_box_and_a_releases_earlier_releases_are_chrome_a_job_pages_own_terms_are_not():
    text = ("出展報告\n展示会では、1ラック100kWの液冷ラックに関する商談が約30億円に上った。\n"
            "展示製品のご案内\nCDU 800kWモデル　標準価格3,800万円(税別)\n"
            "【参考】当社の過去のリリース\n2025年9月　九州に6MWのデータセンターを開業\n")
    got = dict(sections(text, "出展報告"))
    assert got["CDU 800kWモデル　標準価格3,800万円(税別)"] == got["2025年9月　九州に6MWのデータセンターを開業"] == "boilerplate"
    job = "電源PM募集\n当社は変電設備の施工で年約300億円を受注している。\n募集要項\n想定年収：650万円〜900万円\n"
    assert dict(sections(job, "電源PM募集"))["想定年収：650万円〜900万円"] == "body"


def test_a_fee_the_story_reports_and_a_spoken_price_in_a_timed_transcript_are_the_articles():
    text = ("DCサミット閉幕\n会場では、印西市の新キャンパスに1500億円を投じる計画が紹介された。\n"
            "なお参加費は一般2万8000円で、チケットは前日に完売したという。\n協賛企業\n")
    assert dict(sections(text, "DCサミット閉幕"))["なお参加費は一般2万8000円で、チケットは前日に完売したという。"] == "body"
    # the fourth chrome probe's captioned video page: the model read its spoken price as an offer
    page = (Path(__file__).parent / "fixtures" / "probes" / "chrome4" / "raw" / "p34_autocaption_channel.txt").read_text(
        encoding="utf-8")
    spoken = page.splitlines()[5]
    assert spoken.startswith("2:10") and dict(sections(page, page.splitlines()[0]))[spoken] == "body"


# ---- from the fifth chrome probe (session 13)
def test_an_e_papers_page_furniture_a_readers_letter_and_a_listing_sites_offers_are_chrome():
    text = ("舞鶴にDC\n関西電力系の会社が舞鶴市にデータセンターを建てる。投資額は1,500億円。\n"
            "読者の声　「電気代、うちは月2万1000円。DCの分まで払うのはごめんです」（主婦・60代）\n"
            "府は立地補助として最大15億円を支出する。\n"
            "きょうの紙面\n2面　送電網の増強／3面　春闘、ベア要求1万2000円超も／9面　府の予算\n"
            "この面の主な記事\n・地場スーパー、初任給24万円に\n"
            "掲載事業者を比べる（関西エリア）\n京阪IX-DC　1ラック月額11万円〜　受電15MW　資料請求\n"
            "＼ 法人向け電力の一括見積もり ／　平均削減額 95万円\n"
            "転職成功者の平均年収アップ額 +110万円（当社実績）\n")
    got = dict(sections(text, "舞鶴にDC"))
    chrome = ["読者の声　「電気代、うちは月2万1000円。DCの分まで払うのはごめんです」（主婦・60代）",
              "2面　送電網の増強／3面　春闘、ベア要求1万2000円超も／9面　府の予算", "・地場スーパー、初任給24万円に",
              "京阪IX-DC　1ラック月額11万円〜　受電15MW　資料請求", "＼ 法人向け電力の一括見積もり ／　平均削減額 95万円",
              "転職成功者の平均年収アップ額 +110万円（当社実績）"]
    assert [got[line] for line in chrome] == ["boilerplate"] * len(chrome)
    assert got["府は立地補助として最大15億円を支出する。"] == "body"


def test_a_companys_own_figure_with_its_house_footnote_stays_the_articles():
    text = "見通し\n当社はDC事業を拡大する。売上高は300億円を見込む。\n・国内のDC受電容量は2030年までに約3GW増えるとの予測もある（当社調べ）\n"
    assert dict(sections(text, "見通し"))["・国内のDC受電容量は2030年までに約3GW増えるとの予測もある（当社調べ）"] == "body"


# ---- from the sixth chrome probe (session 13)
def test_a_chat_exports_messages_a_forum_reply_and_a_feeds_other_items_are_not_the_article():
    slack = ("【速報】四国電力、DC向け変電所に200億円\nSlack | #market | エクスポート日時 2026-01-14\n"
             "[09:01] NewsBot (アプリ): 四国電力は香川県にデータセンター向けの変電所を新設する。投資額は約200億円。\n"
             "[09:04] 田中 一郎: 40万kWならうちの案件も入るかな\n[09:06] 佐藤: 去年の案件は受電8MWで契約してます\n")
    got = dict(sections(slack, "【速報】四国電力、DC向け変電所に200億円"))
    assert got["[09:01] NewsBot (アプリ): 四国電力は香川県にデータセンター向けの変電所を新設する。投資額は約200億円。"] == "body"
    assert got["[09:04] 田中 一郎: 40万kWならうちの案件も入るかな"] == got["[09:06] 佐藤: 去年の案件は受電8MWで契約してます"] \
        == "comments"
    forum = ("[ニュース] 岡山にDC 受電30MW\n投稿者: news_bot\n岡山市の工業団地でデータセンターが着工した。総工費は約380億円。\n"
             "Re: [ニュース] 岡山にDC 受電30MW\n投稿者: 岡山次郎\n30MWで380億円なら1MWあたり約13億円か\n")
    assert dict(sections(forum, "[ニュース] 岡山にDC 受電30MW"))["30MWで380億円なら1MWあたり約13億円か"] == "comments"
    feed = ("栃木にDC 投資額1,800億円\n● 経済ニュース (42)\n大阪・咲洲で再エネDC 受電40MW 2月稼働 (3時間前)\n"
            "栃木にDC 投資額1,800億円\n米系クラウド大手が栃木県に大型データセンターを建設する。投資額は約1,800億円。\n"
            "【DC施設データベース】関東の主なデータセンター\n印西DC 受電容量 36MW\n")
    got = dict(sections(feed, "栃木にDC 投資額1,800億円"))
    assert got["大阪・咲洲で再エネDC 受電40MW 2月稼働 (3時間前)"] == got["印西DC 受電容量 36MW"] == "boilerplate"


def test_a_line_open_chats_messages_are_comments_and_a_podcasts_speaker_turns_stay_the_article():
    line_chat = ("電力株研究会 トーク履歴\nノート本文:関電はデータセンター向けに新たに40万kWの供給枠を設ける。投資額は約600億円。\n"
                 "10:12 かぶ丸:40万kWなら売上いくら増えるんだろう\n10:15 でんき屋:ざっくり年150億円くらいじゃない?\n")
    got = dict(sections(line_chat, "電力株研究会 トーク履歴"))
    assert got["10:12 かぶ丸:40万kWなら売上いくら増えるんだろう"] == got["10:15 でんき屋:ざっくり年150億円くらいじゃない?"] \
        == "comments"
    podcast = ("DCの電力を語る回\n今回はデータセンターの電力について話します。ゲストは電力アナリストです。\n"
               "02:12 ケンタ：全国で見たら、外資が日本で何兆円も突っ込むって話になっとる\n"
               "02:40 まゆみ：受電容量でいうと、100MW級がもう珍しくないですね\n")
    got = dict(sections(podcast, "DCの電力を語る回"))
    assert got["02:40 まゆみ：受電容量でいうと、100MW級がもう珍しくないですね"] == "body"


# ---- from the seventh chrome probe (session 13)
def test_portal_widgets_expert_comments_and_a_related_link_between_paragraphs_are_not_the_article():
    text = ("関西に新DC\n不動産大手が大阪府茨木市にデータセンターを開業した。受電容量は40MW。\n"
            "（関連記事：NTTデータ、DC事業を1兆円で分離上場へ）\n同社は2期目で総額900億円を投じる。\n"
            "DCプロジェクト・トラッカー（関西）\n京都・精華町　48MW　2026年開業\n"
            "【データ】きょうの電力使用状況　関西電力エリア　ピーク時供給力 2,840万kW\n"
            "この記事についてのエキスパートのコメント\n40MWは府内の冬季最大需要の約1%に当たる規模で、系統への影響は小さい。\n")
    got = dict(sections(text, "関西に新DC"))
    chrome = ["（関連記事：NTTデータ、DC事業を1兆円で分離上場へ）", "京都・精華町　48MW　2026年開業",
              "【データ】きょうの電力使用状況　関西電力エリア　ピーク時供給力 2,840万kW",
              "40MWは府内の冬季最大需要の約1%に当たる規模で、系統への影響は小さい。"]
    assert [got[line] != "body" for line in chrome] == [True] * len(chrome)
    assert got["同社は2期目で総額900億円を投じる。"] == "body"


# ---- from the eighth chrome probe (session 14): translated pages, video and podcast pages, company cards
def _assert_sections(text: str, title: str, chrome=(), body=()) -> None:
    """These lines of the page are chrome (boilerplate), those the article's body."""
    got = dict(sections(text, title))
    assert {line: got[line] for line in chrome} == dict.fromkeys(chrome, "boilerplate")
    assert {line: got[line] for line in body} == dict.fromkeys(body, "body")


def test_a_sponsor_read_in_a_transcript_a_company_card_and_a_translated_offer_are_chrome():
    text = ("東北にAI拠点\n0:00 どうも、今日は東北のデータセンター計画を見ていきます。\n"
            "0:20 この動画はあおば証券の提供です、新規口座開設でいまなら2,000円分のポイント。\n"
            "0:41 事業費は総額2,400億円、受電容量は120MWとかなり大きいです。\n"
            "ホスト:では、ここでスポンサーのご紹介です。月額9ドルのVPNが今なら半額。\n"
            "ゲスト:県は最大30億円を補助すると言っていますね。\n"
            "企業データ\n北光電力(9517) 時価総額 4,310億円 売上高(連結) 1兆2,900億円\n"
            "Nikkei Asiaを2週間0.99ドルでお試し。その後は月額39ドルです。\n")
    _assert_sections(text, "東北にAI拠点",
                     chrome=["0:20 この動画はあおば証券の提供です、新規口座開設でいまなら2,000円分のポイント。",
                             "ホスト:では、ここでスポンサーのご紹介です。月額9ドルのVPNが今なら半額。",
                             "北光電力(9517) 時価総額 4,310億円 売上高(連結) 1兆2,900億円",
                             "Nikkei Asiaを2週間0.99ドルでお試し。その後は月額39ドルです。"],
                     body=["0:41 事業費は総額2,400億円、受電容量は120MWとかなり大きいです。",
                           "ゲスト:県は最大30億円を補助すると言っていますね。"])


def test_a_video_pages_product_links_are_chrome_and_its_transcript_is_the_article():
    text = ("【実測】車中泊で電気毛布は何時間もつ？ 1,500Whで検証\nアウトドア家電ラボ\n視聴回数 3.1万回  2026/02/03\n"
            "使ったのは容量1,536Wh、定格出力1,800Wのモデルで、実売価格は19万8,000円です。\n"
            "▼動画で使ったアイテム(Amazonアソシエイト)\n・ポータブル電源 1536Wh 178,000円(タイムセール)\n"
            "・電気敷きパッド 48W 3,980円\n字幕\nまず敷きパッドですが、中で使うと消費は約48W、一晩7時間なら340Whくらいです。\n"
            "電気ケトルは1,000Wなので、使うと残量がぐっと減ります。\n結果、朝の残量は71%。2泊はいけます。\n")
    got = dict(sections(text, text.splitlines()[0]))
    assert got["・電気敷きパッド 48W 3,980円"] == "boilerplate"          # a shop item under the list's heading
    assert got["電気ケトルは1,000Wなので、使うと残量がぐっと減ります。"] == "body"    # said in the video (字幕)


# ---- from the ninth chrome probe (session 14): text copied from PDFs and from social networks
def test_a_pdfs_contents_running_heads_disclaimers_and_references_are_chrome():
    text = ("東海地域の電力需給見通し\n"
            "1. 需要の見通し(2035年度 +650万kWシナリオ) …………………… 4\n"
            "2. 系統増強の費用(総額約1.1兆円) ........ 9\n"
            "目次　1. 業績ハイライト(売上高318億円) P.3　2. 見通し P.9\n"
            "CONTENTS\n04　成長戦略(投資総額8,000億円)\n"
            "需要の見通し\n中部エリアの最大需要は2035年度に約2,900万kWとなる見込みである。\n"
            "データセンターの新増設だけで約300万kWの増加を見込む。\n"
            "東海地域の電力需給見通し(系統増強費用 約1.2兆円)　　　　　　　　　　　　　　　　12\n"
            "免責事項：本資料の見通し(投資総額8,000億円等)は作成時点の判断に基づきます。\n"
            "利益相反に関する開示事項：当社は同社の社債(発行総額200億円)の引受に関与しました。\n"
            "本レポートの過去の発行履歴：2025/9/30「目標株価1,850円に引き上げ」\n"
            "関連レポート　「変電設備、受注残は過去最高の4,600億円」(2025/12/02)\n"
            "[3] 資源エネルギー庁(2025)「エネルギー需給の見通し(DC需要+500万kW)」\n")
    _assert_sections(text, "東海地域の電力需給見通し", chrome=[
              "1. 需要の見通し(2035年度 +650万kWシナリオ) …………………… 4", "2. 系統増強の費用(総額約1.1兆円) ........ 9",
              "目次　1. 業績ハイライト(売上高318億円) P.3　2. 見通し P.9", "04　成長戦略(投資総額8,000億円)",
              "東海地域の電力需給見通し(系統増強費用 約1.2兆円)　　　　　　　　　　　　　　　　12",
              "免責事項：本資料の見通し(投資総額8,000億円等)は作成時点の判断に基づきます。",
              "利益相反に関する開示事項：当社は同社の社債(発行総額200億円)の引受に関与しました。",
              "本レポートの過去の発行履歴：2025/9/30「目標株価1,850円に引き上げ」",
              "関連レポート　「変電設備、受注残は過去最高の4,600億円」(2025/12/02)",
              "[3] 資源エネルギー庁(2025)「エネルギー需給の見通し(DC需要+500万kW)」"],
                     body=["中部エリアの最大需要は2035年度に約2,900万kWとなる見込みである。",
                           "データセンターの新増設だけで約300万kWの増加を見込む。"])


def test_a_posts_link_card_and_community_note_are_not_the_post_and_its_authors_reply_is():
    text = ("小松 圭(みなとクラウド CFO)(@komatsu_cfo) / X\n小松 圭(みなとクラウド CFO)\n@komatsu_cfo\n"
            "上期決算を開示しました。GPUクラウドが伸び、売上高は前年同期比で大きく増えました。\n"
            "kessan-navi.jp\nみなとクラウド、上期売上高186億円 GPU需要で\n"
            "読者が背景を追加しました\n同社の通期予想は据え置かれており、売上高390億円の見通しに変更はありません。\n"
            "午後4:00 · 2026年11月12日 · 1.2万 件の表示\n"
            "投資家タロウ@taro_invest · 11月12日\n返信先: @komatsu_cfo さん\n増設の5MWはいつ決まりますか?\n"
            "小松 圭(みなとクラウド CFO)@komatsu_cfo · 11月12日\n返信先: @taro_invest さん\n"
            "年度内に決める予定です。投資額は約60億円を見込んでいます。\n")
    _assert_sections(text, text.splitlines()[0],
                     chrome=["みなとクラウド、上期売上高186億円 GPU需要で",
                             "同社の通期予想は据え置かれており、売上高390億円の見通しに変更はありません。"],
                     body=["年度内に決める予定です。投資額は約60億円を見込んでいます。"])
    assert dict(sections(text, text.splitlines()[0]))["増設の5MWはいつ決まりますか?"] == "comments"


def test_a_sites_domain_above_its_articles_first_paragraph_is_no_link_card():
    text = ("北陸にDC新設\nwww.hokuriku-keizai.jp\n北陸電力系の会社が金沢市にデータセンターを建てる。投資額は約320億円。\n"
            "受電容量は20MWで、2028年の稼働を目指す。\n")
    _assert_sections(text, "北陸にDC新設", body=["北陸電力系の会社が金沢市にデータセンターを建てる。投資額は約320億円。"])

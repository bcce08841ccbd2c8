"""The ledger, bulletin and supervision settings pages in AppTest, per role."""

from __future__ import annotations

from datetime import date

from tests.test_auth_ui import ok, signed_in_app, titles
from tracker.access import audit
from tracker.progress.status import Thresholds
from tracker.supervision import ledger, rules
from tracker.supervision.rules import SupervisionSettings

LEDGER, BULLETIN, SETTINGS = (
    "pages/ledger.py",
    "pages/bulletin.py",
    "pages/supervision_settings.py",
)
SEPTEMBER = date(2022, 9, 30)


def ledger_table(at):
    # AppTest does not give a dataframe its key: find the ledger by a column only it has
    return next(d.value for d in at.dataframe if "督办层级" in d.value.columns)


def open_page(at, page: str):
    at.switch_page(page)
    return ok(at)


def september_ledger(store) -> None:
    """Every lagging unit on the 黑榜, so that 建设管理科 (zhang's unit) has an entry."""
    rules.save(store, SupervisionSettings(black_list_size=10), "admin")
    ledger.evaluate(store, "2022-09", "admin", Thresholds())


def test_admin_evaluates_a_month_and_drafts_the_bulletin(make_app, app_store):
    at = open_page(signed_in_app(make_app, app_store, "admin"), LEDGER)
    assert titles(at) == ["督办台账"]
    assert "按落后序时进度的百分点" in at.caption[0].value
    at.selectbox(key="ledger.evaluate_month").set_value(SEPTEMBER)
    at.button(key="ledger.evaluate").click()
    ok(at)
    assert "2022年9月督办台账已生成" in at.success[0].value
    table = ledger_table(at)
    assert set(table["期次"]) == {"2022年9月"}
    assert "龙岗区 规划计划科：本年被通报 1 次，约谈 0 次" in [t.value for t in at.text]

    at = open_page(at, BULLETIN)
    assert titles(at) == ["月度通报"]
    at.selectbox(key="bulletin.month").set_value(SEPTEMBER)
    at.selectbox(key="bulletin.region").set_value("龙岗区")
    ok(at)
    at.button(key="bulletin.draft").click()
    ok(at)
    preview = [t.value for t in at.text]
    assert preview[0] == "龙岗区重点任务推进情况通报"
    assert "督办通报〔2022〕9号" in preview
    assert any(line.startswith("（一）抓好督办整改。本期共有") for line in preview)
    assert at.get("download_button")
    assert audit.recent(app_store)["action"].iloc[0] == "bulletin_drafted"


def test_staff_answer_only_their_units_entries(make_app, app_store):
    september_ledger(app_store)
    at = open_page(signed_in_app(make_app, app_store, "zhang"), LEDGER)
    choices = at.selectbox(key="ledger.rectify_entry").options
    assert choices and all("建设管理科" in c for c in choices)
    assert not [b for b in at.button if b.key == "ledger.evaluate"]
    at.text_area(key="ledger.rectify_text").input("海绵化改造工程已复工，10月底前完成评估资料补齐")
    at.button(key="FormSubmitter:ledger.rectify_form-提交整改情况").click()
    ok(at)
    assert at.success
    entry = ledger.entries(app_store, lead_unit="建设管理科").iloc[0]
    assert (entry["state"], entry["rectified_by"]) == ("rectified", "zhang")


def test_a_viewer_reads_the_ledger_and_nothing_more(make_app, app_store):
    september_ledger(app_store)
    at = signed_in_app(make_app, app_store, "leader")
    for page in (BULLETIN, SETTINGS):
        try:
            at.switch_page(page)
        except ValueError:
            continue
        ok(at)
        assert titles(at) not in (["月度通报"], ["督办设置"])
    at = open_page(at, "pages/units.py")
    assert any("：本年被通报 1 次，约谈 0 次（督办台账）" in c.value for c in at.caption)
    at = open_page(at, LEDGER)
    assert not at.text_area and not at.get("download_button")
    assert len(ledger_table(at)) == len(ledger.entries(app_store))


def test_the_lights_read_in_english(make_app, app_store):
    at = open_page(signed_in_app(make_app, app_store, "leader", lang="en"), LEDGER)
    assert at.caption[0].value.startswith(
        "Light rule: by points behind the time schedule: green on or ahead of the schedule"
    )
    month = at.selectbox(key="ledger.lights_month")
    assert month.options[0] == "2022-09"
    lit = next(d.value for d in at.dataframe if "Light" in d.value.columns)
    assert set(lit["Light"]) <= {"Green", "Yellow", "Red", "Not lit"}
    assert "Red" in set(lit["Light"])
    counts = next(c.value for c in at.caption if c.value.startswith("Green "))
    assert counts.endswith(tuple("0123456789")) and "项" not in counts


def test_the_ledger_reads_in_english_what_triggered_an_entry_stays_as_recorded(make_app, app_store):
    september_ledger(app_store)
    at = open_page(signed_in_app(make_app, app_store, "zhang", lang="en"), LEDGER)
    found = next(d.value for d in at.dataframe if "Tier" in d.value.columns)
    assert len(found) == len(ledger.entries(app_store))
    assert set(found["Month"]) == {"2022-09"} and set(found["State"]) == {"Open"}
    assert found["Tier"].iloc[0].startswith("1 (")
    assert any("黑榜" in why or "滞后" in why for why in found["Why (as recorded)"])
    assert any(c.value.endswith("overdue ones first of all.") for c in at.caption)
    assert any("called out 1 time this year" in text.value for text in at.text)
    entry = at.selectbox(key="ledger.rectify_entry")
    assert "｜2022-09｜" in entry.options[0] and entry.options[0].endswith("｜Open")
    at = open_page(at, "pages/units.py")
    assert any("called out" in c.value and "(notice ledger)" in c.value for c in at.caption)


def test_every_light_rule_reads_in_english():
    settings, thresholds = SupervisionSettings(), Thresholds()
    for rule in ("points", "ratio", "milestone", "complete", "no_data"):
        text = rules.describe(rule, settings, thresholds, "en")
        assert text and not any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert "yellow up to 30 points behind" in rules.describe("points", settings, thresholds, "en")
    assert rules.light_rule_name("ratio", "en") == "by the ratio of actual to the time schedule"


def test_admin_chooses_the_light_rule(make_app, app_store):
    at = open_page(signed_in_app(make_app, app_store, "admin"), SETTINGS)
    at.number_input(key="settings.ratio_green").set_value(0.5)
    at.number_input(key="settings.ratio_yellow").set_value(0.8)  # above green: refused
    at.radio(key="settings.rule").set_value("ratio")
    at.button[0].click()
    ok(at)
    assert "黄灯比值（0.8）须小于绿灯比值（0.5）" in at.error[0].value
    assert rules.current(app_store) == SupervisionSettings()

    at.number_input(key="settings.ratio_green").set_value(1.0)
    at.number_input(key="settings.ratio_yellow").set_value(0.6)
    at.button[0].click()
    ok(at)
    assert rules.current(app_store).light_rule == "ratio"
    assert "不低于0.6为黄灯" in at.caption[0].value
    assert audit.recent(app_store)["action"].iloc[0] == "supervision_settings"


def test_admin_sets_the_project_lights_and_the_project_pages_follow(make_app, app_store):
    at = open_page(signed_in_app(make_app, app_store, "admin"), "pages/projects.py")
    red_before = next(m.value for m in at.metric if m.label == "红灯项目")
    at = open_page(at, SETTINGS)
    at.number_input(key="settings.project_overdue_months").set_value(1)
    at.number_input(key="settings.project_ratio_yellow").set_value(0.9)
    at.button[0].click()
    ok(at)
    saved = rules.current(app_store)
    assert (saved.project_ratio_yellow, saved.project_overdue_months) == (0.9, 1)
    assert "逾期1个月及以上为红灯" in " ".join(c.value for c in at.caption)
    assert "项目逾期红灯月数：3 → 1" in audit.recent(app_store)["detail"].iloc[0]
    at = open_page(at, "pages/projects.py")
    red_after = next(m.value for m in at.metric if m.label == "红灯项目")
    assert int(red_after.rstrip("个")) > int(red_before.rstrip("个"))

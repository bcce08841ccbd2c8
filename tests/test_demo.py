"""The demo bureau reproduces the figures of the bureaus' own reports."""

from datetime import date

import pytest

from tracker import demo
from tracker.presentation.formatting import format_percent, format_points
from tracker.progress import metrics

LONGGANG_2021 = {
    # task: (actual, unit, completion as the report writes it)
    "地下综合管廊建设": (19.3, "公里", "138.5%"),
    "公共住房新增筹集建设": (10400, "套", "100.4%"),
    "公共住房供应": (4280, "套", "214.0%"),
    "筹集租赁住房": (25300, "套", "105.4%"),
    "新开工住房": (225.79, "万平方米", "100.35%"),
    "城中村天然气管道改造": (211, "个", "100.0%"),
}


def demo_status(demo_db_file, as_of: date):
    from tracker.store import Store

    store = Store.open(demo_db_file)
    try:
        return metrics.indicator_status(store, as_of)
    finally:
        store.close()


@pytest.fixture(scope="module")
def status_2021(demo_db_file):
    return demo_status(demo_db_file, date(2021, 12, 31))


@pytest.fixture(scope="module")
def status_2022(demo_db_file):
    return demo_status(demo_db_file, date(2022, 9, 30))


@pytest.mark.parametrize("task", list(LONGGANG_2021))
def test_longgang_2021_year_end_figures(status_2021, task):
    actual, unit, completion = LONGGANG_2021[task]
    row = status_2021.set_index("task").loc[task]
    assert row["actual"] == pytest.approx(actual)
    assert row["unit"] == unit
    decimals = 2 if completion == "100.35%" else 1
    assert format_percent(row["completion_rate"], decimals=decimals) == completion


def test_longgang_2021_has_19_tasks_all_complete(status_2021):
    longgang = status_2021[status_2021["region"] == "龙岗区"]
    assert longgang["task"].nunique() == 19
    assert set(longgang["status"]) == {"complete"}


def test_longgang_2022_has_22_tasks_in_three_categories_with_varied_statuses(status_2022):
    longgang = status_2022[status_2022["region"] == "龙岗区"]
    assert longgang["task"].nunique() == 22
    assert longgang.groupby("category")["task"].nunique().to_dict() == {
        "攻坚专班": 3,
        "市对区考核任务": 6,
        "区重点工作": 13,
    }
    counts = longgang["status"].value_counts().to_dict()
    assert counts == {
        "on_track": 9,
        "slightly_behind": 4,
        "complete": 3,
        "behind": 3,
        "seriously_behind": 2,
        "no_data": 1,
    }


def test_the_city_bureau_is_6_1_points_behind_on_investment(status_2022):
    city = status_2022[status_2022["region"] == "某市"].set_index("indicator")
    investment = city.loc[
        city.index.str.contains("投资") & (city["unit"] == "亿元") & (city["annual_target"] == 90)
    ].iloc[0]
    assert investment["actual"] == 62
    assert format_percent(investment["completion_rate"]) == "68.9%"
    assert investment["schedule_rate"] == pytest.approx(0.75)
    assert format_points(investment["gap_points"]) == "落后6.1个百分点"
    assert investment["status"] == "slightly_behind"


def test_demo_files_are_csv_and_xlsx_only():
    names = [p.name for p in demo.demo_files()]
    assert names == sorted(names) and len(names) == 10
    assert {p.suffix for p in demo.demo_files()} == {".csv", ".xlsx"}


def test_an_empty_store_is_filled_once(store):
    assert demo.load_if_empty(store) is True
    assert demo.load_if_empty(store) is False
    assert metrics.years(store) == [2022, 2021]


def test_the_2022_plan_holds_the_22_tasks_with_monthly_milestones(demo_db_file):
    from tracker.plan import plans
    from tracker.store import Store

    store = Store.open(demo_db_file)
    try:
        items = plans.items(store, 2022).set_index("task_code")
    finally:
        store.close()
    longgang = items[items["region"] == "龙岗区"]
    assert len(longgang) == 22 and set(longgang["frequency"]) == {"monthly"}
    city = items[items["region"] == "某市"].set_index("indicator")
    assert len(city) == 8 and set(city["frequency"]) == {"quarterly"}
    assert city.loc["项目开工", "maximum"] == 268 and city["maximum"].count() == 1
    assert items.loc["KH-05", ["kind", "direction"]].tolist() == ["cumulative", "lower"]
    monthly = items.dropna(subset=["planned_by_month"])
    assert sorted(monthly.index) == ["GJ-01", "KH-03"]
    assert list(items.loc["GJ-01", "planned_by_month"])[8] == 9.0  # the Q3 序时目标 as filed


def test_the_september_round_shows_on_time_late_and_missing(demo_db_file):
    from tracker.plan import reporting
    from tracker.store import Store

    store = Store.open(demo_db_file)
    try:
        rounds = {
            month: reporting.reporting_by_unit(store, 2022, month).set_index("lead_unit")
            for month in range(1, 10)
        }
    finally:
        store.close()
    units = rounds[9][rounds[9]["region"] == "龙岗区"]
    assert set(units["period"]) == {"2022-09"}
    assert units.loc["物业管理科", "deadline_day"] == date(2022, 10, 8)  # 国庆 make-up day
    assert units.loc["房地产市场监管科", ["state", "due", "missing"]].tolist() == ["missing", 3, 1]
    assert units.loc["物业管理科", ["state", "late", "late_days"]].tolist() == ["late", 2, 3]
    on_time = units[units["state"] == "on_time"]
    assert len(on_time) == 7 and (on_time["on_time_rate"] == 1).all()
    assert units["on_behalf"].sum() == 21  # the office uploaded every report for the units
    city = rounds[9][rounds[9]["region"] == "某市"]
    assert set(city["period"]) == {"2022Q3"} and set(city["state"]) == {"on_time"}
    # every month of the year reported on time, but for the rental contracts since July
    for month, round_units in rounds.items():
        late_or_missing = round_units[round_units["state"] != "on_time"].index.tolist()
        expected = {9: ["房地产市场监管科", "物业管理科"], 8: ["房地产市场监管科"]}
        assert late_or_missing == expected.get(month, ["房地产市场监管科"] * (month == 7))


def test_a_task_not_reported_this_quarter_is_not_reported_not_zero(status_2022):
    row = status_2022.set_index("indicator").loc["住房租赁合同网签备案"]
    assert row["status"] == "no_data" and row["kind"] == "cumulative"

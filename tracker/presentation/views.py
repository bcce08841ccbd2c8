"""What the leaders' pages show: the shared filters, headline counts, rankings and display tables.

Pure functions from the frames of tracker.progress.metrics to the frames and numbers a page lays out.
Display tables carry Chinese (or English) column names and figures written by
tracker.presentation.formatting, so a table on screen and its download read the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tracker.plan import years
from tracker.presentation.formatting import (
    MISSING,
    format_against,
    format_column,
    format_gap,
    format_pair,
    format_percent,
    format_points,
    format_quantity,
    is_count_unit,
)
from tracker.progress.metrics import status_counts, year_elapsed
from tracker.progress.regions import RegionTree
from tracker.progress.status import LAGGING, SCHEDULE_RULE_LABELS, STATUS_ORDER, status_label

# Filter name (keyword of apply_filters) -> column of a status frame.
FILTER_COLUMNS: dict[str, str] = {
    "categories": "category",
    "areas": "area",
    "lead_units": "lead_unit",
    "regions": "region",
}

# Where the completion-vs-schedule chart stops listing rows; the rest are in the table below it.
CHART_ROW_LIMIT = 40


@dataclass(frozen=True)
class Selection:
    """The values chosen in the shared filters; an empty tuple does not filter."""

    categories: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    lead_units: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def narrowed(self) -> bool:
        """Whether a choice beyond the scope's regions narrows the rows."""
        return any((self.categories, self.areas, self.lead_units))

    def apply(self, status: pd.DataFrame) -> pd.DataFrame:
        return apply_filters(
            status,
            categories=self.categories,
            areas=self.areas,
            lead_units=self.lead_units,
            regions=self.regions,
        )


def apply_filters(
    status: pd.DataFrame,
    *,
    categories=(),
    areas=(),
    lead_units=(),
    regions=(),
) -> pd.DataFrame:
    """The rows of a status frame that match every non-empty choice (any of its values)."""
    chosen = {
        "categories": categories,
        "areas": areas,
        "lead_units": lead_units,
        "regions": regions,
    }
    keep = pd.Series(True, index=status.index)
    for name, values in chosen.items():
        if values:
            keep &= status[FILTER_COLUMNS[name]].isin(list(values))
    if keep.all():
        return status.reset_index(drop=True)
    return status[keep].reset_index(drop=True)


def filter_options(status: pd.DataFrame) -> dict[str, list[str]]:
    """Per filter name, the distinct values present (blank ones left out), sorted."""
    options = {}
    for name, column in FILTER_COLUMNS.items():
        values = status[column].dropna().astype(str)
        values = values[values.str.strip() != ""]
        options[name] = sorted(values.unique().tolist())
    return options


def format_date(day: date | None, lang: str = "zh") -> str:
    """2022-09-30 -> "2022年9月30日" (English: "2022-09-30")."""
    if day is None or pd.isna(day):
        return MISSING
    day = pd.Timestamp(day).date()
    if lang == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def schedule_note(day: date, rule: str = "month", lang: str = "zh") -> str:
    """The time schedule of `day` with the rule that counts it, and the year's first month where
    it is not January: 序时进度 50.0%（按月计，年度自4月起）."""
    share = format_percent(year_elapsed(day, rule))
    how = SCHEDULE_RULE_LABELS[lang][rule]
    start = years.start_month()
    if lang == "en":
        if start != 1:
            how += f", year from {years.MONTH_ABBREVIATIONS[start - 1]}"
        return f"Time schedule {share} ({how})"
    if start != 1:
        how += f"，年度自{start}月起"
    return f"序时进度 {share}（{how}）"


# ---------------------------------------------------------------------------------------------
# Headline figures


def task_count(status: pd.DataFrame) -> int:
    """Key tasks, counted once per region however many indicators they have."""
    return len(status[["region", "task"]].drop_duplicates())


@dataclass(frozen=True)
class Headline:
    tasks: int
    indicators: int
    counts: dict[str, int]
    # Change since the previous snapshot; None where there is no previous snapshot.
    tasks_change: int | None
    count_changes: dict[str, int] | None


def headline(status: pd.DataFrame, previous: pd.DataFrame | None = None) -> Headline:
    """Tasks, indicators and indicators per status, each with its change since `previous`."""
    counts = status_counts(status)
    tasks = task_count(status)
    if previous is None:
        return Headline(tasks, len(status), counts, None, None)
    before = status_counts(previous)
    return Headline(
        tasks,
        len(status),
        counts,
        tasks - task_count(previous),
        {code: counts[code] - before[code] for code in STATUS_ORDER},
    )


def worst_first(status: pd.DataFrame, limit: int = CHART_ROW_LIMIT) -> tuple[pd.DataFrame, int]:
    """The `limit` rows to chart, in the chart's order (not reported, then most behind), and how
    many are left out."""
    ordered = status.assign(_reported=status["status"] != "no_data").sort_values(
        ["_reported", "gap_points", "completion_rate"], na_position="first", kind="stable"
    )
    shown = ordered.head(limit).drop(columns="_reported").reset_index(drop=True)
    return shown, len(status) - len(shown)


def labelled_by_region(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows to chart, their task names led by the region where regions differ ("某市｜城建投资"),
    so that the same indicator of two cities is told apart on a chart's row labels."""
    if rows["region"].nunique() <= 1:
        return rows
    return rows.assign(task=rows["region"].astype(str) + "｜" + rows["task"].astype(str))


def month_end_wording(day: date, lang: str = "zh") -> str:
    """ "2022年9月底" for the last day of a month, else "2022年9月15日"; English alike."""
    day = pd.Timestamp(day).date()
    month_end = (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date() == day
    if lang == "en":
        return f"the end of {day:%B %Y}" if month_end else f"{day:%d %B %Y}".lstrip("0")
    return f"{day.year}年{day.month}月底" if month_end else format_date(day, "zh")


SUMMARY_NAMED = 5  # seriously behind and unreported items named in the sentence


def _named(rows: pd.DataFrame, lang: str, with_gap: bool, regions: bool) -> str:
    parts = []
    for row in rows.head(SUMMARY_NAMED).itertuples(index=False):
        unit = _plain(row.lead_unit)
        if regions:
            unit = f"{_plain(row.region)} {unit}" if lang == "en" else _plain(row.region) + unit
        details = [unit] if unit else []
        if with_gap:
            details.append(format_gap(row.gap_points, row.completion_rate, row.direction, lang))
        name = _plain(row.indicator) or _plain(row.task)
        if lang == "en":
            parts.append(f"{name} ({', '.join(details)})" if details else name)
        else:
            parts.append(f"{name}（{'，'.join(details)}）" if details else name)
    more = len(rows) - SUMMARY_NAMED
    if more > 0:
        parts.append(f"and {more} more" if lang == "en" else f"等{len(rows)}项")
    if lang == "en":
        return ", ".join(parts)
    return "、".join(parts[:-1]) + parts[-1] if more > 0 else "、".join(parts)


def summary_sentence(status: pd.DataFrame, as_of: date, where: str = "", lang: str = "zh") -> str:
    """The opening of a bulletin, generated: "截至2022年9月底，龙岗区22项任务中达到序时进度12项，
    占54.5%；滞后9项，其中严重滞后2项：…；未报送1项：…。"

    达到序时进度 counts the complete and on-track indicators; 滞后 every lagging status. Items
    are called tasks where each task has one indicator, else indicators.
    """
    counts = status_counts(status)
    total = len(status)
    noun_zh, noun_en = (
        ("项任务", "tasks") if task_count(status) == total else ("项指标", "indicators")
    )
    on_time = counts["complete"] + counts["on_track"]
    share = format_percent(on_time / total if total else None)
    behind = sum(counts[code] for code in LAGGING)
    worst = status[status["status"] == "seriously_behind"].sort_values("gap_points", kind="stable")
    silent = status[status["status"] == "no_data"]
    when = month_end_wording(as_of, lang)
    regions = status["region"].nunique() > 1
    if lang == "en":
        text = f"As of {when}, {on_time} of {total} {noun_en}"
        text += f" in {where}" if where else ""
        text += f" are on or ahead of schedule ({share})"
        if behind:
            text += f"; {behind} behind"
            if len(worst):
                text += f", {len(worst)} of them seriously: {_named(worst, lang, True, regions)}"
        else:
            text += "; none is behind"
        if len(silent):
            text += f"; {len(silent)} not reported: {_named(silent, lang, False, regions)}"
        return text + "."
    text = f"截至{when}，{where}{total}{noun_zh}中达到序时进度{on_time}项，占{share}"
    if behind:
        text += f"；滞后{behind}项"
        if len(worst):
            text += f"，其中严重滞后{len(worst)}项：{_named(worst, lang, True, regions)}"
    else:
        text += "；无滞后"
    if len(silent):
        text += f"；未报送{len(silent)}项：{_named(silent, lang, False, regions)}"
    return text + "。"


# ---------------------------------------------------------------------------------------------
# Scope: one bureau, or a city or province with the regions below it


def in_scope(status: pd.DataFrame, tree: RegionTree, scope: str) -> pd.DataFrame:
    """The rows of a scope: its own bureau's and those of every region below it."""
    return apply_filters(status, regions=tree.members(scope))


def by_branch(status: pd.DataFrame, tree: RegionTree, scope: str) -> pd.DataFrame:
    """Rows of a scope with `region` replaced by where they are counted in its view: the
    scope's own tasks under its name, the rest under the child region they lie below."""
    branch = {r: tree.branch(r, scope) for r in status["region"].dropna().unique()}
    return status.assign(region=status["region"].map(branch))


def branch_order(rollup: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Side by side: the scope's own bureau first (本级, not ranked), then the regions below it
    ranked among themselves (one level), best first."""
    own = rollup[rollup["group_name"] == scope].assign(rank=pd.NA)
    below = rank_groups(rollup[rollup["group_name"] != scope])
    return pd.concat([own, below], ignore_index=True)[below.columns]


def _kind(rows) -> object:
    # The plan names each indicator's kind; rows reported without a plan are cumulative.
    return rows.get("kind")


def is_ceiling(rows):
    """A ceiling not to exceed (控制上限, or any lower-is-better indicator): for one row a bool,
    for a frame a boolean Series."""
    lower = rows["direction"] == "lower"
    kind = _kind(rows)
    return lower if kind is None else lower | (kind == "ceiling")


def projectable(row: pd.Series) -> bool:
    """Whether a year-end projection at the current pace means something: only for a
    cumulative indicator that is not a ceiling (a period-end value or a milestone does not
    accumulate)."""
    kind = _kind(row)
    return not is_ceiling(row) and (kind is None or pd.isna(kind) or kind == "cumulative")


def split_ceilings(status: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(indicators measured against the schedule, ceilings not to exceed): a ceiling is drawn
    against its limit, never as a completion bar."""
    ceiling = is_ceiling(status)
    return status[~ceiling].reset_index(drop=True), status[ceiling].reset_index(drop=True)


def own_label(scope: str, lang: str = "zh") -> str:
    return f"{scope} (own tasks)" if lang == "en" else f"{scope}（本级）"


def total_label(lang: str = "zh") -> str:
    return "Total" if lang == "en" else "合计"


def change_summary(changes: pd.DataFrame) -> dict[str, int]:
    """Counts of the status moves from metrics.changes_between: newly complete, worse, better."""
    newly = changes["newly_complete"].astype(bool)
    worse = changes["worse"].astype(bool)
    return {
        "newly_complete": int(newly.sum()),
        "worse": int(worse.sum()),
        "better": int((~worse & ~newly).sum()),
    }


# ---------------------------------------------------------------------------------------------
# Rankings (红黑榜)


def _shared_ranks(ordered: pd.DataFrame, tie_key: list[str]) -> list[int | None]:
    """Ranks 1, 2, 2, 4 …: rows already in order share a rank where every column of `tie_key`
    is equal; a row with a missing key has no rank."""
    ranks: list[int | None] = []
    previous, rank = None, 0
    for position, key in enumerate(ordered[tie_key].itertuples(index=False), start=1):
        if any(pd.isna(v) for v in key):
            ranks.append(None)
            continue
        if key != previous:
            rank, previous = position, key
        ranks.append(rank)
    return ranks


def _with_ranks(ordered: pd.DataFrame, tie_key: list[str]) -> pd.DataFrame:
    ordered = ordered.reset_index(drop=True)
    # ties are judged on the figures as shown, to one decimal
    shown = ordered.assign(**{c: ordered[c].round(1) for c in tie_key if c.endswith("points")})
    ordered.insert(0, "rank", pd.array(_shared_ranks(shown, tie_key), dtype="Int64"))
    return ordered


RANK_RULE = {
    "zh": "名次按平均偏差（完成率减序时进度，只计有序时可比的指标）从高到低；平均偏差相同（保留一位小数）"
    "时滞后指标少者在前，两者都相同的名次并列（如1、2、2、4）。没有可比指标的不排名次。",
    "en": "Ranked by average gap (completion minus time schedule, indicators with a schedule to "
    "compare only), highest first; at the same average gap (to one decimal) fewer lagging "
    "indicators first; where both are equal the rank is shared (1, 2, 2, 4). Groups with nothing "
    "to compare have no rank.",
}

CALLED_OUT_RULE = {
    "zh": "严重滞后指标多者在前，其次滞后指标多者，再次最大落后幅度大者；三者都相同的名次并列。",
    "en": "Most seriously behind first, then most lagging, then the largest gap; where all three "
    "are equal the rank is shared.",
}


def rank_groups(rollup: pd.DataFrame) -> pd.DataFrame:
    """Roll-up rows ranked by their average gap against the schedule, best first (RANK_RULE).

    Adds `rank` (1 is the best; shared by ties, 1, 2, 2, 4); a group without an average gap
    (nothing reported, or only ceilings) comes last without a rank.
    """
    ordered = (
        rollup.assign(_shown=rollup["avg_gap_points"].round(1))
        .sort_values(
            ["_shown", "lagging", "worst_gap_points", "group_name"],
            ascending=[False, True, False, True],
            na_position="last",
            kind="stable",
        )
        .drop(columns="_shown")
    )
    return _with_ranks(ordered, ["avg_gap_points", "lagging"])


def commended(ranked: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """红榜: groups with every indicator reported and none behind, and something to be ahead of
    (an average gap), best average gap first; ranked within the list."""
    clean = (ranked["lagging"] == 0) & (ranked["no_data"] == 0) & ranked["avg_gap_points"].notna()
    best = ranked[clean].drop(columns="rank")
    return _with_ranks(best, ["avg_gap_points", "lagging"]).head(limit)


def called_out(ranked: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """黑榜: groups with indicators behind or not reported, worst first (CALLED_OUT_RULE),
    ranked within the list; not reported counts break the last ties of the order."""
    flagged = ranked[(ranked["lagging"] > 0) | (ranked["no_data"] > 0)].drop(columns="rank")
    flagged = flagged.sort_values(
        ["seriously_behind", "lagging", "worst_gap_points", "no_data"],
        ascending=[False, False, True, False],
        na_position="last",
        kind="stable",
    )
    key = ["seriously_behind", "lagging", "worst_gap_points"]
    flagged = _with_ranks(flagged, key)
    # a group that only failed to report has no gap but still a place on the list
    missing = flagged["rank"].isna()
    flagged.loc[missing, "rank"] = flagged.index[missing] + 1
    return flagged.head(limit)


def worst_groups(rollup: pd.DataFrame, limit: int = CHART_ROW_LIMIT) -> tuple[pd.DataFrame, int]:
    """The groups to chart when there are many: most lagging first, then the worst gap."""
    ordered = rollup.sort_values(
        ["lagging", "worst_gap_points", "group_name"],
        ascending=[False, True, True],
        na_position="last",
        kind="stable",
    )
    shown = ordered.head(limit).reset_index(drop=True)
    return shown, len(rollup) - len(shown)


# ---------------------------------------------------------------------------------------------
# Choosing one indicator (任务进度)


def _task_order(status: pd.DataFrame) -> pd.DataFrame:
    return status.sort_values(
        ["task_code", "task", "region", "indicator"], na_position="last", kind="stable"
    )


def task_options(status: pd.DataFrame) -> list[str]:
    """Task names in the order of their task numbers."""
    return _task_order(status)["task"].drop_duplicates().tolist()


def indicator_options(status: pd.DataFrame, task: str) -> list[int]:
    """Indicator ids of a task (across regions), by region and indicator name."""
    rows = status[status["task"] == task].sort_values(["region", "indicator"], kind="stable")
    return [int(i) for i in rows["indicator_id"]]


def default_indicator(status: pd.DataFrame) -> int | None:
    """The indicator a leader most likely wants to look at: the one furthest behind."""
    if status.empty:
        return None
    behind = status[status["status"].isin(LAGGING)]
    if not behind.empty:
        return int(behind.sort_values("gap_points", kind="stable")["indicator_id"].iloc[0])
    return int(_task_order(status)["indicator_id"].iloc[0])


def history_until(history: pd.DataFrame, year: int, as_of: date) -> pd.DataFrame:
    """An indicator's snapshots of `year` up to `as_of`, newest first."""
    days = pd.to_datetime(history["as_of"])
    keep = (history["year"] == year) & (days <= pd.Timestamp(as_of))
    return history[keep].reset_index(drop=True)


def planned_values(quarterly: pd.DataFrame) -> pd.Series:
    """The planned cumulative value per quarter: the milestone plan where one was given, else the
    time schedule's share of the annual target.

    Things counted whole (座, 个, 套) are planned whole, rounded up: of 2座 a year, 0.5座 by the
    first quarter's end is 1座, the fewest that keep the indicator on schedule, so a count
    reaches the figure shown exactly when it is on schedule."""
    planned = (
        quarterly["planned"]
        .astype(float)
        .fillna(quarterly["schedule_rate"].astype(float) * quarterly["annual_target"].astype(float))
    )
    units = quarterly["unit"].dropna()
    if not units.empty and is_count_unit(units.iloc[0]):
        # rounded first: 0.75 × 4 may be 3.0000000000000004, which is still 3
        planned = np.ceil(planned.round(6))
    return planned


# ---------------------------------------------------------------------------------------------
# Display tables: the frame shown on screen is the frame downloaded.

COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "rank": ("名次", "Rank"),
    "task_code": ("任务编号", "Task no."),
    "task": ("任务名称", "Task"),
    "indicator": ("指标名称", "Indicator"),
    "region": ("所属地区", "Region"),
    "lead_unit": ("牵头单位", "Lead unit"),
    "leader": ("责任领导", "Leader"),
    "category": ("任务类别", "Category"),
    "area": ("所属领域", "Area"),
    "as_of": ("截至日期", "As of"),
    "actual": ("累计完成", "Cumulative actual"),
    "annual_target": ("年度目标", "Annual target"),
    "against": ("完成/目标", "Actual / target"),
    "planned": ("序时目标", "Planned to date"),
    "completion_rate": ("完成率", "Completion"),
    "schedule_rate": ("序时进度", "Time schedule"),
    "gap_points": ("偏差", "Gap"),
    "status": ("状态", "Status"),
    "progress_note": ("进展情况", "Progress"),
    "problems": ("存在问题", "Problems"),
    "next_steps": ("下步措施", "Next steps"),
    "status_before": ("上期状态", "Previous status"),
    "gap_before": ("上期偏差", "Previous gap"),
    "move": ("变化", "Change"),
    "indicators": ("指标数", "Indicators"),
    "lagging": ("滞后指标数", "Lagging"),
    "avg_completion_rate": ("平均完成率", "Average completion"),
    "avg_gap_points": ("平均偏差", "Average gap"),
    "worst_gap_points": ("最大落后", "Worst gap"),
    "quarter": ("季度", "Quarter"),
    "reported_on": ("报送日期", "Reported on"),
    "increment": ("本季新增", "Added this quarter"),
    "year": ("年度", "Year"),
    "file_name": ("来源文件", "File"),
    "uploaded_by": ("上传人", "Uploaded by"),
    "uploaded_at": ("上传时间", "Uploaded at"),
    "remark": ("备注", "Remark"),
}

GROUP_NAMES: dict[str, tuple[str, str]] = {
    "lead_unit": ("牵头单位", "Lead unit"),
    "region": ("地区", "Region"),
    "category": ("任务类别", "Category"),
    "area": ("所属领域", "Area"),
    "task": ("任务名称", "Task"),
}


MOVE_NAMES = {
    "zh": {"newly_complete": "新完成", "worse": "转差", "better": "好转"},
    "en": {"newly_complete": "Newly complete", "worse": "Worse", "better": "Better"},
}

REMARKS = {
    "zh": {"undone": "该批次已撤销", "superseded": "已被同日后续上传替代"},
    "en": {"undone": "Upload undone", "superseded": "Superseded by a later upload for the date"},
}

# Status and gap come right after the names (and the region, where regions differ): they are what
# a leader reads first on a tablet.
STATUS_TABLE_COLUMNS = (
    "task_code", "task", "indicator", "region", "status", "gap_points", "completion_rate",
    "schedule_rate", "actual", "annual_target", "lead_unit", "leader", "as_of",
    "progress_note", "problems", "next_steps",
)  # fmt: skip

# Who is behind, readable without scrolling sideways at 820 px: what, who, how far behind.
LAGGING_TABLE_COLUMNS = (
    "indicator", "lead_unit", "leader", "gap_points", "completion_rate", "against", "region",
    "status", "schedule_rate", "problems",
)  # fmt: skip

# Column widths in pixels, so that short figures do not take the room of long notes.
COLUMN_WIDTHS: dict[str, int] = {
    "rank": 48,
    "task_code": 72,
    "task": 170,
    "indicator": 164,
    "region": 90,
    "lead_unit": 128,
    "leader": 100,
    "category": 100,
    "area": 80,
    "as_of": 104,
    "actual": 96,
    "annual_target": 96,
    "against": 124,
    "planned": 96,
    "completion_rate": 64,
    "schedule_rate": 68,
    "gap_points": 124,
    "status": 72,
    "progress_note": 320,
    "problems": 320,
    "next_steps": 320,
    "status_before": 72,
    "gap_before": 124,
    "move": 56,
    "indicators": 56,
    "lagging": 76,
    "avg_completion_rate": 84,
    "avg_gap_points": 124,
    "worst_gap_points": 124,
    "quarter": 64,
    "reported_on": 104,
    "increment": 96,
    "year": 56,
    "file_name": 200,
    "uploaded_by": 90,
    "uploaded_at": 130,
    "remark": 150,
}
STATUS_COUNT_WIDTH = 64
QUARTER_WITH_MONTHS_WIDTH = 150
GROUP_WIDTH = 150


# English words are longer than the Chinese ones the widths above were set for.
ENGLISH_WIDTHS: dict[str, int] = {"status": 124, "status_before": 124, "move": 110}


def column_widths(columns, lang: str = "zh") -> dict[str, int]:
    """Pixel widths for the columns of a display table built here, by their shown names."""
    known = {column_name(key, lang): width for key, width in COLUMN_WIDTHS.items()}
    known.update({status_label(code, lang): STATUS_COUNT_WIDTH for code in STATUS_ORDER})
    if years.start_month() != 1:
        # a year from another month names each quarter's months: 四季度（次年1–3月）
        known[column_name("quarter", lang)] = QUARTER_WITH_MONTHS_WIDTH
    # a group name that is also a column of its own (lead unit, region, task) keeps that width
    for zh, en in GROUP_NAMES.values():
        known.setdefault(en if lang == "en" else zh, GROUP_WIDTH)
    if lang == "en":
        # at least the header's width, at about 8 pixels a letter
        known = {name: max(width, 8 * len(name) + 20) for name, width in known.items()}
        known.update({column_name(key, "en"): width for key, width in ENGLISH_WIDTHS.items()})
    return {name: known[name] for name in columns if name in known}


def pinned_columns(columns, lang: str = "zh") -> list[str]:
    """The columns that name a row, kept in view when a wide table scrolls sideways: the rank,
    task number and task where present, else the first group name (unit, region)."""
    row_names = {column_name(key, lang) for key in ("rank", "task_code", "task")}
    if column_name("task", lang) not in columns:
        row_names.add(column_name("indicator", lang))
    pinned = [name for name in columns if name in row_names]
    if not {column_name("task", lang), column_name("indicator", lang)} & set(pinned):
        groups = {(en if lang == "en" else zh) for zh, en in GROUP_NAMES.values()}
        pinned += [name for name in columns if name in groups][:1]
    return pinned


def column_name(key: str, lang: str = "zh") -> str:
    zh, en = COLUMN_NAMES[key]
    return en if lang == "en" else zh


def named_table(
    columns: Mapping[str, object], headers: Mapping[str, tuple[str, str]], lang: str = "zh"
) -> pd.DataFrame:
    """A display table from columns by key, each headed by its (Chinese, English) name in
    `headers` in the session's language."""
    index = 1 if lang == "en" else 0
    return pd.DataFrame({headers[key][index]: values for key, values in columns.items()})


# Province tables hold tens of thousands of rows: each distinct value is written once and the
# rows look their text up, with the same functions of tracker.presentation.formatting.


def _each_distinct(values, write) -> list[str]:
    series = pd.Series(values, dtype=object)
    missing = series.isna()
    present = series[~missing]
    written = {value: write(value) for value in pd.unique(present)}
    blank = write(None) if missing.any() else ""
    return [blank if gap else written[value] for value, gap in zip(series, missing, strict=True)]


def _text(values: pd.Series) -> list[str]:
    # Text from uploads, kept as it was typed; a missing cell is blank rather than "None".
    return _each_distinct(values, _plain)


def _plain(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _quantities(values: pd.Series, units: pd.Series | str, lang: str) -> list[str]:
    if isinstance(units, str):
        return _each_distinct(values, lambda v: format_quantity(v, units, lang))
    return [format_quantity(v, u, lang) for v, u in zip(values, units, strict=True)]


def _percents(values: pd.Series) -> list[str]:
    return _each_distinct(values, format_percent)


def _points(values: pd.Series, lang: str) -> list[str]:
    return _each_distinct(values, lambda v: format_points(v, lang))


def _statuses(values: pd.Series, lang: str) -> list[str]:
    return _each_distinct(values, lambda v: status_label(v, lang))


def _dates(values: pd.Series, lang: str) -> list[str]:
    return _each_distinct(
        values, lambda v: format_date(v, lang) if v is not None and not pd.isna(v) else MISSING
    )


def status_table(
    status: pd.DataFrame, lang: str = "zh", columns: tuple[str, ...] = STATUS_TABLE_COLUMNS
) -> pd.DataFrame:
    """Indicator rows as shown and downloaded; the region column only where regions differ.

    Actual and target of a row are written to tell them apart (format_pair); the gap as a
    report words it (format_gap: 超额完成 past 100%, a ceiling kept or exceeded)."""
    if "region" in columns and status["region"].nunique() <= 1:
        columns = tuple(c for c in columns if c != "region")
    pairs = [
        format_pair(a, t, u, lang)
        for a, t, u in zip(status["actual"], status["annual_target"], status["unit"], strict=True)
    ]
    out = {}
    for key in columns:
        if key == "actual":
            shown = [pair[0] for pair in pairs]
        elif key == "annual_target":
            shown = [pair[1] for pair in pairs]
        elif key == "against":
            shown = [
                format_against(a, t, u, lang)
                for a, t, u in zip(
                    status["actual"], status["annual_target"], status["unit"], strict=True
                )
            ]
        elif key == "planned":
            shown = _quantities(status[key], status["unit"], lang)
        elif key in ("completion_rate", "schedule_rate"):
            shown = _percents(status[key])
        elif key == "gap_points":
            shown = [
                format_gap(g, c, d, lang)
                for g, c, d in zip(
                    status["gap_points"],
                    status["completion_rate"],
                    status["direction"],
                    strict=True,
                )
            ]
        elif key == "status":
            shown = _statuses(status[key], lang)
        elif key == "as_of":
            shown = _dates(status[key], lang)
        else:
            shown = _text(status[key])
        out[column_name(key, lang)] = shown
    return pd.DataFrame(out, columns=[column_name(k, lang) for k in columns])


def lagging_table(status: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The indicators behind the schedule, worst gap first, with lead unit, leader and problems."""
    behind = status[status["status"].isin(LAGGING)].sort_values("gap_points", kind="stable")
    return status_table(behind, lang, LAGGING_TABLE_COLUMNS)


def changes_table(changes: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Status moves since the previous snapshot (from metrics.changes_between)."""
    moves = MOVE_NAMES[lang]
    move = [
        moves["newly_complete"] if newly else moves["worse"] if worse else moves["better"]
        for newly, worse in zip(changes["newly_complete"], changes["worse"], strict=True)
    ]
    out = {column_name(key, lang): _text(changes[key]) for key in ("task", "indicator")}
    if changes["region"].nunique() > 1:
        out[column_name("region", lang)] = _text(changes["region"])
    out[column_name("move", lang)] = move
    out[column_name("status_before", lang)] = _statuses(changes["status_before"], lang)
    out[column_name("status", lang)] = _statuses(changes["status"], lang)
    out[column_name("gap_before", lang)] = _points(changes["gap_before"], lang)
    out[column_name("gap_points", lang)] = _points(changes["gap_points"], lang)
    out[column_name("lead_unit", lang)] = _text(changes["lead_unit"])
    return pd.DataFrame(out)


ROLLUP_COLUMNS = (
    "rank", "group", "indicators", *STATUS_ORDER, "lagging", "avg_completion_rate",
    "avg_gap_points", "worst_gap_points",
)  # fmt: skip


def rollup_table(
    rollup: pd.DataFrame,
    dimension: str,
    lang: str = "zh",
    columns: tuple[str, ...] = ROLLUP_COLUMNS,
) -> pd.DataFrame:
    """A roll-up (metrics.rollup, optionally ranked by rank_groups) as shown and downloaded.

    Status counts are headed by the status labels; `columns` picks from ROLLUP_COLUMNS ("group"
    is the unit or region name). The rank is shown only for a ranked roll-up.
    """
    zh, en = GROUP_NAMES[dimension]
    out = {}
    for key in columns:
        if key == "rank":
            if "rank" in rollup.columns:
                out[column_name("rank", lang)] = [
                    "" if pd.isna(r) else str(int(r)) for r in rollup["rank"]
                ]
        elif key == "group":
            out[en if lang == "en" else zh] = [
                name if name else ("(not specified)" if lang == "en" else "（未填写）")
                for name in _text(rollup["group_name"])
            ]
        elif key in STATUS_ORDER:
            out[status_label(key, lang)] = rollup[key].astype(int).tolist()
        elif key in ("indicators", "lagging"):
            out[column_name(key, lang)] = rollup[key].astype(int).tolist()
        elif key == "avg_completion_rate":
            out[column_name(key, lang)] = _percents(rollup[key])
        else:
            out[column_name(key, lang)] = _points(rollup[key], lang)
    return pd.DataFrame(out)


def quarter_table(quarterly: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Quarter ends of one indicator: cumulative, increment, planned and completion."""
    unit = quarterly["unit"].dropna()
    unit = unit.iloc[0] if not unit.empty else ""
    target = quarterly["annual_target"].astype(float)
    return pd.DataFrame(
        {
            column_name("quarter", lang): [
                years.quarter_label(int(q), lang) for q in quarterly["quarter"]
            ],
            column_name("reported_on", lang): _dates(quarterly["reported_on"], lang),
            column_name("actual", lang): format_column(quarterly["actual"], unit, lang),
            column_name("increment", lang): format_column(quarterly["increment"], unit, lang),
            column_name("planned", lang): format_column(planned_values(quarterly), unit, lang),
            column_name("completion_rate", lang): _percents(quarterly["actual"] / target),
        }
    )


def history_table(history: pd.DataFrame, unit: str, lang: str = "zh") -> pd.DataFrame:
    """Snapshots of one indicator with their notes, and where each came from."""
    remarks = REMARKS[lang]
    remark = [
        remarks["undone"] if undone else remarks["superseded"] if superseded else ""
        for undone, superseded in zip(
            history["undone"].fillna(False), history["superseded"].fillna(False), strict=True
        )
    ]
    uploaded_at = [
        MISSING if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
        for v in history["uploaded_at"]
    ]
    return pd.DataFrame(
        {
            column_name("as_of", lang): _dates(history["as_of"], lang),
            column_name("actual", lang): format_column(history["actual"], unit, lang),
            column_name("annual_target", lang): format_column(history["annual_target"], unit, lang),
            column_name("completion_rate", lang): _percents(history["completion_rate"]),
            column_name("progress_note", lang): _text(history["progress_note"]),
            column_name("problems", lang): _text(history["problems"]),
            column_name("next_steps", lang): _text(history["next_steps"]),
            column_name("file_name", lang): _text(history["file_name"]),
            column_name("uploaded_by", lang): _text(history["uploaded_by"]),
            column_name("uploaded_at", lang): uploaded_at,
            column_name("remark", lang): remark,
        }
    )


def years_table(years: pd.DataFrame, unit: str, lang: str = "zh") -> pd.DataFrame:
    """The same indicator's last report in each year."""
    return pd.DataFrame(
        {
            column_name("year", lang): years["year"].astype(int).tolist(),
            column_name("as_of", lang): _dates(years["as_of"], lang),
            column_name("annual_target", lang): format_column(years["annual_target"], unit, lang),
            column_name("actual", lang): format_column(years["actual"], unit, lang),
            column_name("completion_rate", lang): _percents(years["completion_rate"]),
        }
    )

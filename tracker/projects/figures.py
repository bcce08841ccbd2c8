"""The questions leaders ask of the projects: how many started and completed, where each stage
stands, how much is invested against the time schedule, and which projects are behind.

Each function is a thin call to one named query, or a count over its rows; the rules are in the
docstrings. Amounts are in 万元.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd

from tracker.plan import years as plan_years
from tracker.projects.rules import ProjectRules
from tracker.store import Store

LIGHTS = ("red", "yellow", "green")
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
PHASE_LABELS = {"completed": "已竣工", "under_way": "在建", "not_started": "未开工"}
NO_STAGE = "（未填阶段）"
ENGLISH_LABELS = {
    **{"绿灯": "Green", "黄灯": "Yellow", "红灯": "Red"},
    **{"已竣工": "Completed", "在建": "Under way", "未开工": "Not started"},
}


def label(text: str, lang: str = "zh") -> str:
    """A light or a phase (LIGHT_LABELS, PHASE_LABELS) in `lang`."""
    return ENGLISH_LABELS.get(text, text) if lang == "en" else text


def stage_label(stage: str, lang: str = "zh") -> str:
    """A stage as the bureau names it (在建 stays 在建); only the blank stage is ours to say."""
    return "(no stage)" if lang == "en" and stage == NO_STAGE else stage


def _to_date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def years(store: Store) -> list[int]:
    return [int(y) for y in store.query("projects/report_years")["year"]]


def report_dates(store: Store, year: int) -> list[date]:
    """Dates of `year` some ledger reports on, latest first."""
    return [_to_date(d) for d in store.query("projects/report_dates", year=year)["as_of"]]


def latest_date(store: Store) -> date | None:
    found = years(store)
    return report_dates(store, found[0])[0] if found else None


def projects_as_of(store: Store, as_of: date, rules: ProjectRules = ProjectRules()) -> pd.DataFrame:
    """Every project reported in `as_of`'s year, from its latest report by then, with its phase
    (completed, under way, not started), investment against the time schedule and its light;
    see queries/projects/projects_as_of.sql. Ordered by 项目编号."""
    frame = store.query(
        "projects/projects_as_of",
        sort_by="code",
        as_of=as_of,
        year=plan_years.year_of(as_of),
        year_start_month=plan_years.start_month(),
        green_ratio=rules.green_ratio,
        red_ratio=rules.red_ratio,
        red_after_months=rules.red_after_months,
        schedule_rule=rules.schedule_rule,
    )
    for column in ("as_of", "planned_start", "actual_start", "planned_finish", "actual_finish"):
        frame[column] = frame[column].map(_to_date)
    return frame


def history(store: Store, project_id: int, rules: ProjectRules = ProjectRules()) -> pd.DataFrame:
    """One project's reports across months, the latest batch per date; oldest first."""
    frame = store.query(
        "projects/project_history",
        project_id=int(project_id),
        year_start_month=plan_years.start_month(),
        schedule_rule=rules.schedule_rule,
    )
    for column in ("as_of", "planned_start", "actual_start", "planned_finish", "actual_finish"):
        frame[column] = frame[column].map(_to_date)
    return frame


@dataclass(frozen=True)
class Summary:
    """The headline of a bureau's projects on a date, as its monthly report writes it."""

    as_of: date
    projects: int
    started: int
    completed: int
    under_way: int
    on_schedule: int  # under way with a green light
    not_started: int
    planned_to_start: int
    planned_to_complete: int
    start_rate: float | None  # 开工率: started ÷ planned to start by the year's end
    completion_rate: float | None  # 竣工率: completed ÷ planned to complete by the year's end
    total_investment: float
    annual_plan: float
    invested: float
    investment_rate: float | None  # 投资完成率: invested ÷ annual plan
    schedule_rate: float | None  # 序时: planned by the date ÷ annual plan
    gap_points: float | None
    by_stage: dict[str, int]
    lights: dict[str, int]

    def as_dict(self) -> dict:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        return out


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def summary(frame: pd.DataFrame, as_of: date, rules: ProjectRules = ProjectRules()) -> Summary:
    """Counts and investment over the rows of `projects_as_of` (already filtered as wanted).

    A project is planned to start (complete) this year when its planned date falls by the year's
    end (within the year), or it has started (completed) anyway; the year is the bureau's
    (tracker.plan.years). The schedule of the whole is the investment planned
    by the date (monthly plans where given, else the share of the year elapsed) over the plan.
    """
    year = plan_years.year_of(as_of)
    year_end = plan_years.last_day(year)

    def in_year(day: date | None) -> bool:
        return day is not None and plan_years.year_of(day) == year

    started = frame["phase"] != "not_started"
    completed = frame["phase"] == "completed"
    due_start = started | frame["planned_start"].map(lambda d: d is not None and d <= year_end)
    completed_this_year = completed & frame["actual_finish"].map(in_year)
    due_finish = completed_this_year | frame["planned_finish"].map(in_year)
    annual_plan = float(frame["annual_plan"].sum())
    invested = float(frame["invested"].sum())
    planned = float(frame["planned_to_date"].sum())
    investment_rate = _share(invested, annual_plan)
    schedule_rate = _share(planned, annual_plan)
    gap = (
        round((investment_rate - schedule_rate) * 100, 6)
        if investment_rate is not None and schedule_rate is not None
        else None
    )
    return Summary(
        as_of=as_of,
        projects=len(frame),
        started=int(started.sum()),
        completed=int(completed.sum()),
        under_way=int((frame["phase"] == "under_way").sum()),
        on_schedule=int(((frame["phase"] == "under_way") & (frame["light"] == "green")).sum()),
        not_started=int((~started).sum()),
        planned_to_start=int(due_start.sum()),
        planned_to_complete=int(due_finish.sum()),
        start_rate=_share(int((started & due_start).sum()), int(due_start.sum())),
        completion_rate=_share(int(completed_this_year.sum()), int(due_finish.sum())),
        total_investment=float(frame["total_investment"].sum()),
        annual_plan=annual_plan,
        invested=invested,
        investment_rate=investment_rate,
        schedule_rate=schedule_rate,
        gap_points=gap,
        by_stage=pipeline(frame, rules).set_index("stage")["projects"].to_dict(),
        lights={light: int((frame["light"] == light).sum()) for light in LIGHTS},
    )


def pipeline(frame: pd.DataFrame, rules: ProjectRules = ProjectRules()) -> pd.DataFrame:
    """Projects per stage in the bureau's order of stages; a blank stage counts apart, at the end."""
    stages = frame["stage"].fillna(NO_STAGE)
    counts = stages.value_counts()
    order = list(rules.stages) + sorted(s for s in counts.index if s not in rules.stages)
    return pd.DataFrame(
        {"stage": order, "projects": [int(counts.get(s, 0)) for s in order]}
    ).reset_index(drop=True)


def by_dimension(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per 责任单位 (`lead_unit`) or 所属地区 (`region`): projects, lights, investment and its gap to
    the schedule; furthest behind first."""
    grouped = frame.assign(
        red=frame["light"] == "red",
        yellow=frame["light"] == "yellow",
        green=frame["light"] == "green",
        not_started=frame["phase"] == "not_started",
    ).groupby(dimension, sort=False, dropna=False)
    out = grouped.agg(
        projects=("project_id", "size"),
        red=("red", "sum"),
        yellow=("yellow", "sum"),
        green=("green", "sum"),
        not_started=("not_started", "sum"),
        total_investment=("total_investment", "sum"),
        annual_plan=("annual_plan", "sum"),
        invested=("invested", "sum"),
        planned_to_date=("planned_to_date", "sum"),
    ).reset_index()
    plan = out["annual_plan"].where(out["annual_plan"] > 0)
    out["investment_rate"] = out["invested"] / plan
    out["schedule_rate"] = out["planned_to_date"] / plan
    out["gap_points"] = ((out["investment_rate"] - out["schedule_rate"]) * 100).round(6)
    return out.sort_values(["gap_points", dimension], na_position="last").reset_index(drop=True)


def behind_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Projects red first, then yellow, then green; within a light the furthest behind first
    (months late, then investment done ÷ planned)."""
    rank = frame["light"].map({"red": 0, "yellow": 1, "green": 2})
    months = frame[["start_months_late", "finish_months_late"]].max(axis=1).fillna(-1)
    ratio = frame["investment_ratio"].fillna(float("inf"))
    ordered = frame.assign(_rank=rank, _months=-months, _ratio=ratio).sort_values(
        ["_rank", "_months", "_ratio", "code"], kind="stable"
    )
    return ordered.drop(columns=["_rank", "_months", "_ratio"]).reset_index(drop=True)


def light_reasons(frame: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """Why each project has its light, in a few words: 计划开工逾期3个月；投资完成为序时的62%
    (English: start 3 months overdue; investment at 62% of schedule)."""
    en = lang == "en"

    def late(months: pd.Series, what: str, english: str) -> pd.Series:
        count = months.astype("Int64").astype(str)
        if en:
            text = (english + " " + count + " months overdue").where(
                months != 0, f"{english} due this month, not done"
            )
        else:
            text = ("计划" + what + "逾期" + count + "个月").where(
                months != 0, f"本月计划{what}未{what}"
            )
        return text.where(months.notna(), "")

    ratio = frame["investment_ratio"]
    slow = ratio.notna() & (frame["light"] != "green") & (ratio < 1)
    percent = (ratio * 100).round(0).astype("Int64").astype(str)
    investment = (
        "investment at " + percent + "% of schedule" if en else "投资完成为序时的" + percent + "%"
    )
    parts = (
        late(frame["start_months_late"], "开工", "start"),
        late(frame["finish_months_late"], "竣工", "completion"),
        investment.where(slow, ""),
    )
    separator = "; " if en else "；"
    joined = pd.Series("", index=frame.index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(object)
        joined = (joined + separator + part).where((joined != "") & (part != ""), joined + part)
    return joined


def light_reason(row: pd.Series, lang: str = "zh") -> str:
    """`light_reasons` of one project."""
    return light_reasons(row.to_frame().T, lang).iloc[0]

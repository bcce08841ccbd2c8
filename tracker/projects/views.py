"""Project tables as leaders read them: headers in the session's language (Chinese in files the
bureau keeps), lights with their reasons, amounts in 万元. Typed names stay as typed."""

from __future__ import annotations

import pandas as pd

from tracker.presentation.formatting import format_percent, format_points
from tracker.projects.figures import LIGHT_LABELS, PHASE_LABELS, label, light_reasons
from tracker.projects.ledger import CHANGE_LABELS

ENGLISH_HEADERS = {
    "亮灯": "Light",
    "亮灯原因": "Why",
    "项目编号": "Code",
    "项目名称": "Project",
    "责任单位": "Unit",
    "所属地区": "Region",
    "项目阶段": "Stage",
    "进展": "Phase",
    "建设性质": "Nature",
    "总投资(万元)": "Total investment (10k yuan)",
    "年度计划投资(万元)": "Annual plan (10k yuan)",
    "本年累计完成投资(万元)": "Invested this year (10k yuan)",
    "序时计划投资(万元)": "Planned by date (10k yuan)",
    "投资完成率": "Investment rate",
    "序时进度": "Schedule",
    "偏差": "Gap",
    "计划开工日期": "Planned start",
    "实际开工日期": "Actual start",
    "计划竣工日期": "Planned completion",
    "实际竣工日期": "Actual completion",
    "形象进度": "Progress",
    "存在问题": "Problems",
    "责任领导": "Leader",
    "截至日期": "As of",
    "项目数": "Projects",
    "红灯": "Red",
    "黄灯": "Yellow",
    "绿灯": "Green",
    "未开工": "Not started",
    "未填写": "(blank)",
    "行": "Row",
    "变化": "Change",
    "修改内容": "What changes",
}
CHANGE_ENGLISH = {
    "new_project": "New project",
    "new": "New",
    "updated": "Updated",
    "unchanged": "Unchanged",
}


def _in(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if lang != "en":
        return frame
    return frame.rename(columns=lambda c: ENGLISH_HEADERS.get(c, c))


def _day(value) -> str:
    return value.isoformat() if value is not None and not pd.isna(value) else ""


def _percent(values: pd.Series) -> list[str]:
    return [format_percent(v) for v in values]


def project_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per project, in the order given, with every field of the ledger."""
    table = pd.DataFrame(
        {
            "亮灯": frame["light"].map(LIGHT_LABELS).map(lambda v: label(v, lang)),
            "亮灯原因": light_reasons(frame, lang),
            "项目编号": frame["code"],
            "项目名称": frame["name"],
            "责任单位": frame["lead_unit"],
            "所属地区": frame["region"],
            "项目阶段": frame["stage"].fillna(""),
            "进展": frame["phase"].map(PHASE_LABELS).map(lambda v: label(v, lang)),
            "建设性质": frame["nature"].fillna(""),
            "总投资(万元)": frame["total_investment"],
            "年度计划投资(万元)": frame["annual_plan"],
            "本年累计完成投资(万元)": frame["invested"],
            "投资完成率": _percent(frame["investment_rate"]),
            "序时进度": _percent(frame["schedule_rate"]),
            "计划开工日期": frame["planned_start"].map(_day),
            "实际开工日期": frame["actual_start"].map(_day),
            "计划竣工日期": frame["planned_finish"].map(_day),
            "实际竣工日期": frame["actual_finish"].map(_day),
            "形象进度": frame["progress"].fillna(""),
            "存在问题": frame["problems"].fillna(""),
            "责任领导": frame["leader"].fillna(""),
            "截至日期": frame["as_of"].map(_day),
        }
    ).reset_index(drop=True)
    return _in(table, lang)


def group_table(groups: pd.DataFrame, first: str, lang: str = "zh") -> pd.DataFrame:
    """Rows of figures.by_dimension with `first` (责任单位 or 所属地区) as the first column."""
    table = pd.DataFrame(
        {
            first: groups.iloc[:, 0].fillna("未填写" if lang != "en" else "(blank)"),
            "项目数": groups["projects"],
            "红灯": groups["red"],
            "黄灯": groups["yellow"],
            "绿灯": groups["green"],
            "未开工": groups["not_started"],
            "年度计划投资(万元)": groups["annual_plan"],
            "本年累计完成投资(万元)": groups["invested"],
            "投资完成率": _percent(groups["investment_rate"]),
            "序时进度": _percent(groups["schedule_rate"]),
            "偏差": [format_points(g, lang) for g in groups["gap_points"]],
        }
    ).reset_index(drop=True)
    return _in(table, lang)


def history_table(history: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One project's reports, newest first."""
    rows = history.iloc[::-1]
    table = pd.DataFrame(
        {
            "截至日期": rows["as_of"].map(_day),
            "项目阶段": rows["stage"].fillna(""),
            "本年累计完成投资(万元)": rows["invested"],
            "序时计划投资(万元)": rows["planned_to_date"].round(2),
            "投资完成率": _percent(rows["investment_rate"]),
            "形象进度": rows["progress"].fillna(""),
            "存在问题": rows["problems"].fillna(""),
        }
    ).reset_index(drop=True)
    return _in(table, lang)


def preview_table(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """What an accepted ledger (tracker.projects.ledger.prepare) stores, row by row as in the
    file, with how each changes what is stored; what changes stays in Chinese, as stored."""
    labels = CHANGE_ENGLISH if lang == "en" else CHANGE_LABELS
    table = pd.DataFrame(
        {
            "行": rows["source_row"].astype(int),
            "变化": rows["change"].map(labels),
            "修改内容": rows["changes"],
            "项目编号": rows["code"],
            "项目名称": rows["name"],
            "所属地区": rows["region"],
            "责任单位": rows["lead_unit"],
            "截至日期": rows["as_of"].map(_day),
            "本年累计完成投资(万元)": rows["invested"],
            "年度计划投资(万元)": rows["annual_plan"],
            "总投资(万元)": rows["total_investment"],
            "项目阶段": rows["stage"].fillna(""),
        }
    ).reset_index(drop=True)
    return _in(table, lang)

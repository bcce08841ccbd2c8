"""One language per session: the data and account tables read in English in an English session."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import i18n


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")


def test_table_headers_and_fixed_values_read_in_english(english):
    batches = pd.DataFrame(
        {
            "批次": [2, 1],
            "上传人": ["示例数据", "王管理"],
            "状态": ["已撤销", "已入库"],
            "文件名": ["已入库.csv", "进度.csv"],
        }
    )
    shown = i18n.table(batches)
    assert list(shown.columns) == ["Batch", "Uploaded by", "Status", "File"]
    assert shown["Status"].tolist() == ["Undone", "Stored"]
    assert shown["Uploaded by"].tolist() == ["Demo data", "王管理"]  # a typed name stays
    assert shown["File"].tolist() == ["已入库.csv", "进度.csv"]  # only whole fixed values change
    accounts = pd.DataFrame({"角色": ["管理员", "填报人员"], "状态": ["锁定至 10:15", "已停用"]})
    assert i18n.table(accounts).to_dict("list") == {
        "Role": ["Administrator", "Staff"],
        "Status": ["Locked until 10:15", "Disabled"],
    }
    assert i18n.phrase("批次 9 · 进度.csv · 2022-09-30 10:00 · 示例数据（已撤销）") == (
        "Batch 9 · 进度.csv · 2022-09-30 10:00 · Demo data (undone)"
    )


def test_a_chinese_session_keeps_the_tables_as_they_are(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "zh")
    frame = pd.DataFrame({"状态": ["已入库"]})
    assert i18n.table(frame) is frame
    assert i18n.phrase("批次 9") == "批次 9"

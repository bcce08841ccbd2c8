"""Names with Markdown in them show as typed on the plan, reporting, supervision and project pages:
nowhere does Streamlit read a task, unit, region or project name, or a plan's reason, as bold
type, a link or an image. Select boxes show their options as plain text, so there the name is
as typed; everywhere else Markdown is read, it arrives escaped.
"""

from __future__ import annotations

import pytest

from tests import test_auth_ui
from tests.test_auth_ui import ok, sign_in, signed_in_app, titles
from tracker.access import accounts
from tracker.progress.status import Thresholds
from tracker.supervision import ledger, rules
from tracker.supervision.rules import SupervisionSettings
from ui.text import escape_markdown

MARK = "**粗**[x](http://e.invalid)![i](http://e.invalid/i.png)"
# What would show as bold type, a link or an image if Streamlit read MARK as Markdown.
RAW = ("**粗**", "[x](http://e.invalid)", "![i](")

# Elements whose text Streamlit reads as Markdown, and the widgets whose label and help it reads.
_MARKDOWN_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
)
_WIDGETS = (
    "selectbox",
    "multiselect",
    "radio",
    "text_input",
    "text_area",
    "date_input",
    "number_input",
    "checkbox",
    "button",
    "download_button",
    "metric",
    "tabs",
    "expander",
)


def markdown_texts(at) -> list[str]:
    texts = [e.value for kind in _MARKDOWN_ELEMENTS for e in at.get(kind)]
    for kind in _WIDGETS:
        for widget in at.get(kind):
            proto = widget.proto
            texts += [getattr(proto, "label", ""), getattr(proto, "help", "")]
            if kind == "radio":
                texts += list(proto.options)
    return texts


def plain_texts(at) -> list[str]:
    """Where the name may stand as typed: tables, plain text, select boxes' options."""
    shown = [t.value for t in at.text]
    for frame in at.dataframe:
        shown += [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    for kind in ("selectbox", "multiselect"):
        shown += [str(o) for widget in at.get(kind) for o in widget.options]
    return shown


def assert_shown_as_text(at) -> None:
    read = markdown_texts(at)
    assert not [t for t in read if any(raw in t for raw in RAW)]
    assert any(escape_markdown(MARK) in t for t in read) or any(
        MARK in t for t in plain_texts(at)
    ), "the name never reached the page"


@pytest.fixture
def marked_store(app_store):
    """The demo bureau with MARK in a plan's reason, its tasks, the ledger's units and regions,
    the projects' names, units and regions, and the units of a staff member, wu."""
    rules.save(app_store, SupervisionSettings(black_list_size=10), "admin")
    ledger.evaluate(app_store, "2022-09", "admin", Thresholds())
    accounts.add_user(app_store, "wu", "staff password 2", "staff", "吴", units=[MARK])
    with app_store.transaction() as cur:
        cur.execute("update plan_versions set reason = $m", {"m": MARK})
        cur.execute("update plan_items set task = $m || task", {"m": MARK})
        cur.execute(
            "update ledger_entries set lead_unit = $m || lead_unit, region = $m || region",
            {"m": MARK},
        )
        cur.execute(
            "update project_reports set name = $m || name, lead_unit = $m || lead_unit",
            {"m": MARK},
        )
        cur.execute("update projects set region = $m || region", {"m": MARK})
    return app_store


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/plan.py", "年度任务清单"),
        ("pages/reporting.py", "报送情况"),
        ("pages/ledger.py", "督办台账"),
        ("pages/projects.py", "项目总览"),
        ("pages/project_detail.py", "项目详情"),
        ("pages/project_list.py", "项目清单"),
    ],
)
def test_names_with_markdown_show_as_typed(make_app, marked_store, page, title):
    at = signed_in_app(make_app, marked_store, "admin")
    at.switch_page(page)
    ok(at)
    assert titles(at) == [title]
    chosen = {"pages/plan.py": {"plan.year": 2022}}
    chosen["pages/reporting.py"] = {"reporting.year": 2022, "reporting.month": 9}
    for key, value in chosen.get(page, {}).items():
        at.selectbox(key=key).set_value(value)
    ok(at)
    assert_shown_as_text(at)


def test_a_plans_reason_is_escaped_where_the_plan_page_states_it(make_app, marked_store):
    at = signed_in_app(make_app, marked_store, "admin")
    at.switch_page("pages/plan.py")
    ok(at)
    at.selectbox(key="plan.year").set_value(2022)
    ok(at)
    stated = next(m.value for m in at.markdown if "任务清单" in m.value)
    assert f"（{escape_markdown(MARK)}）" in stated


def test_a_staff_members_units_are_escaped_on_the_project_upload_page(make_app, marked_store):
    at = ok(make_app(marked_store.path, **test_auth_ui.MUST_SIGN_IN))
    sign_in(at, "wu", "staff password 2")
    at.switch_page("pages/project_upload.py")
    ok(at)
    assert titles(at) == ["项目台账上传"]
    assert any(escape_markdown(MARK) in c.value for c in at.caption)
    assert_shown_as_text(at)

"""重点任务督办看板: routes the pages a session may see and holds the shared filters.

A page that is not registered for a session cannot be reached by its URL, so the list is built
per role here; each restricted page checks the role again before it acts.
"""

import streamlit as st

from ui import auth, filters, widgets
from ui.context import run_slot, settings, store
from ui.i18n import chinese_uploader, language_switch, t

st.set_page_config(page_title="重点任务督办看板", page_icon=":material/assignment:", layout="wide")

# (file, Chinese title, English title, url path, icon)
LEADER_PAGES = (
    ("pages/overview.py", "总览", "Overview", "overview", ":material/dashboard:"),
    ("pages/task_progress.py", "任务进度", "Task progress", "task_progress", ":material/timeline:"),
    ("pages/units.py", "单位排名", "Units", "units", ":material/leaderboard:"),
    ("pages/regions.py", "地区对比", "Regions", "regions", ":material/map:"),
)
PROJECT_PAGES = (
    ("pages/projects.py", "项目总览", "Projects", "projects", ":material/apartment:"),
    (
        "pages/project_detail.py",
        "项目详情",
        "Project detail",
        "project_detail",
        ":material/construction:",
    ),
    ("pages/project_list.py", "项目清单", "Project list", "project_list", ":material/list_alt:"),
)

# (file, Chinese title, English title, url path, icon, who may open it)
SUPERVISION_PAGES = (
    ("pages/ledger.py", "督办台账", "Notice ledger", "ledger", ":material/assignment_late:", "view"),
    ("pages/bulletin.py", "月度通报", "Bulletin", "bulletin", ":material/description:", "upload"),
    (
        "pages/supervision_settings.py", "督办设置", "Supervision settings",
        "supervision_settings", ":material/tune:", "admin",
    ),
)  # fmt: skip
PLAN_PAGES = (
    ("pages/reporting.py", "报送情况", "Reporting", "reporting", ":material/fact_check:"),
    ("pages/plan.py", "任务清单", "Plan", "plan", ":material/checklist:"),
)

the_store = store()
user = auth.current_user(the_store)
language_switch()
widgets.fold_sidebar_on_tablets()
chinese_uploader(settings().max_upload_mb)

if auth.must_sign_in(user):
    page = st.navigation([auth.sign_in_page()])
else:
    leader_pages = [
        st.Page(path, title=t(zh, en), url_path=url, icon=icon, default=url == "overview")
        for path, zh, en, url, icon in LEADER_PAGES
    ]
    sections = {t("督办看板", "Dashboard"): leader_pages}
    sections[t("督办落实", "Supervision")] = [
        st.Page(path, title=t(zh, en), url_path=url, icon=icon)
        for path, zh, en, url, icon, capability in SUPERVISION_PAGES
        if capability == "view"
        or (user is not None and (user.can_admin() if capability == "admin" else user.can_upload()))
    ]
    sections[t("重点项目", "Key projects")] = [
        st.Page(path, title=t(zh, en), url_path=url, icon=icon)
        for path, zh, en, url, icon in PROJECT_PAGES
    ]
    # the supervision loop: what is due from whom (the plan) and who reported on time
    sections[t("任务与报送", "Plan and reporting")] = [
        st.Page(path, title=t(zh, en), url_path=url, icon=icon)
        for path, zh, en, url, icon in PLAN_PAGES
    ]
    account_pages = auth.pages_for(user)
    if user is not None and user.can_upload():
        account_pages.append(
            st.Page(
                "pages/project_upload.py",
                title=t("项目台账上传", "Project ledger upload"),
                url_path="project_upload",
                icon=":material/upload:",
            )
        )
    if account_pages:
        sections[t("数据与账户", "Data and accounts")] = account_pages
    # Every page listed: past ten the menu otherwise hides the rest behind "View more".
    page = st.navigation(sections, expanded=True)
    # The default page's url_path is "", so compare the page objects that navigation returns.
    if any(page is leader for leader in leader_pages):
        filters.sidebar(the_store)

auth.sidebar_account(the_store, user)
# A crowd of sessions takes turns at the pages rather than all sharing the cores at once.
with run_slot():
    page.run()

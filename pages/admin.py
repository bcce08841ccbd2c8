"""账户与审计: accounts (add, disable, enable, reset a password, change role and units) and the
audit log, which can be read and downloaded here but never changed.
"""

import streamlit as st

from tracker.access import accounts
from tracker.access.accounts import AccountError
from tracker.intake import uploads
from tracker.presentation import export
from ui import auth, data, i18n
from ui.context import store
from ui.i18n import t
from ui.text import escape_markdown

FLASH = "admin_flash"
AUDIT_ROWS = 2000

the_store = store()
user = auth.guard("admin")


def done(message: str) -> None:
    st.session_state[FLASH] = escape_markdown(message)
    st.rerun()


def refused(exc: AccountError) -> None:
    """The reason, which may quote what was typed, as text."""
    st.error(escape_markdown(exc))


def role_label(role: str) -> str:
    return i18n.phrase(accounts.ROLE_LABELS[role])


st.title(t("账户与审计", "Accounts and audit"))
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

accounts_tab, audit_tab = st.tabs([t("账户", "Accounts"), t("审计日志", "Audit log")])

with accounts_tab:
    st.dataframe(
        i18n.table(uploads.accounts_table(the_store)),
        hide_index=True,
        width="stretch",
        key="accounts_table",
    )
    known_units = data.lead_units(the_store, data.data_version(the_store))
    units_help = t(
        "填报人员必填，多个单位用“、”或逗号分隔。已有牵头单位："
        + (escape_markdown("、".join(known_units)) or "（暂无）"),
        "Required for staff; separate several units with commas.",
    )

    add_column, change_column = st.columns(2, gap="large")
    with add_column:
        st.subheader(t("新增账户", "Add an account"))
        with st.form("add_account", clear_on_submit=False):
            new_username = st.text_input(
                t("用户名", "Username"),
                help=t(
                    "2–32 位英文字母、数字或 _ . -；中文姓名填在显示名中",
                    "2–32 letters, digits, _ . -",
                ),
                key="add_username",
            )
            new_display = st.text_input(t("显示名（姓名）", "Display name"), key="add_display")
            new_role = st.selectbox(
                t("角色", "Role"),
                options=list(accounts.ROLES),
                format_func=role_label,
                index=1,
                key="add_role",
            )
            new_units = st.text_input(t("牵头单位", "Lead units"), help=units_help, key="add_units")
            new_password = st.text_input(
                t(f"初始密码（至少 {accounts.MIN_PASSWORD_CHARS} 位）", "Initial password"),
                type="password",
                key="add_password",
            )
            new_password_again = st.text_input(
                t("再输一次密码", "Password again"), type="password", key="add_password_again"
            )
            add = st.form_submit_button(t("新增账户", "Add"), type="primary", key="add_submit")
        if add:
            if new_password != new_password_again:
                st.error(t("两次输入的密码不一致", "The passwords differ"))
            else:
                try:
                    added = accounts.add_user(
                        the_store,
                        new_username,
                        new_password,
                        new_role,
                        display_name=new_display,
                        units=uploads.split_units(new_units),
                        actor=user.username,
                    )
                except AccountError as exc:
                    refused(exc)
                else:
                    done(
                        t(
                            f"已新增账户 {added.username}（{role_label(added.role)}）",
                            f"Added {added.username}",
                        )
                    )

    with change_column:
        st.subheader(t("修改账户", "Change an account"))
        usernames = accounts.list_users(the_store)["username"].tolist()
        target_name = st.selectbox(t("账户", "Account"), options=usernames, key="change_target")
        target = accounts.get_user(the_store, target_name) if target_name else None
        if target is not None:
            units_text = "、".join(target.units)
            st.caption(
                f"{escape_markdown(target.label)} · {role_label(target.role)}"
                + (f" · {escape_markdown(units_text)}" if units_text else "")
                + (t(" · 已停用", " · disabled") if target.disabled else "")
            )
            if target.username == user.username:
                st.caption(t("这是您自己的账户。", "This is your own account."))

            if target.disabled:
                if st.button(
                    t("启用账户", "Enable"), key="enable_account", icon=":material/lock_open:"
                ):
                    try:
                        accounts.enable_user(the_store, target.username, actor=user.username)
                    except AccountError as exc:
                        refused(exc)
                    else:
                        done(t(f"已启用账户 {target.username}", f"Enabled {target.username}"))
            elif st.button(
                t("停用账户", "Disable"), key="disable_account", icon=":material/block:"
            ):
                try:
                    accounts.disable_user(the_store, target.username, actor=user.username)
                except AccountError as exc:
                    refused(exc)
                else:
                    done(t(f"已停用账户 {target.username}", f"Disabled {target.username}"))

            with st.form("change_role"):
                role = st.selectbox(
                    t("角色", "Role"),
                    options=list(accounts.ROLES),
                    index=accounts.ROLES.index(target.role),
                    format_func=role_label,
                    key=f"role_{target.username}",
                )
                units = st.text_input(
                    t("牵头单位", "Lead units"),
                    value=units_text,
                    help=units_help,
                    key=f"units_{target.username}",
                )
                change = st.form_submit_button(
                    t("保存角色和单位", "Save role and units"), key="role_submit"
                )
            if change:
                try:
                    changed = accounts.set_role(
                        the_store,
                        target.username,
                        role,
                        units=uploads.split_units(units),
                        actor=user.username,
                    )
                except AccountError as exc:
                    refused(exc)
                else:
                    done(
                        t(
                            f"已将 {changed.username} 设为{role_label(changed.role)}",
                            f"Changed {changed.username}",
                        )
                    )

            with st.form("reset_password", clear_on_submit=True):
                password = st.text_input(
                    t("新密码", "New password"), type="password", key="reset_password"
                )
                password_again = st.text_input(
                    t("再输一次", "Again"), type="password", key="reset_password_again"
                )
                reset = st.form_submit_button(t("重置密码", "Reset password"), key="reset_submit")
            if reset:
                if password != password_again:
                    st.error(t("两次输入的密码不一致", "The passwords differ"))
                else:
                    try:
                        accounts.reset_password(
                            the_store, target.username, password, actor=user.username
                        )
                    except AccountError as exc:
                        refused(exc)
                    else:
                        done(
                            t(
                                f"已重置 {target.username} 的密码，并解除锁定",
                                f"Reset the password of {target.username}",
                            )
                        )

with audit_tab:
    st.caption(
        t(
            f"最近 {AUDIT_ROWS} 条记录，最新的在前。审计日志只能查看和下载，任何人都不能在系统中修改或删除。",
            f"The newest {AUDIT_ROWS} records. The audit log can be read and downloaded, never changed.",
        )
    )
    log = uploads.audit_table(the_store, limit=AUDIT_ROWS)
    st.dataframe(
        i18n.table(log),
        hide_index=True,
        width="stretch",
        key="audit_table",
        column_config={
            t("时间", "Time"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")
        },
    )
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(
        t("下载审计日志（Excel）", "Download (Excel)"),
        data=auth.download(
            lambda _user: export.to_xlsx_bytes(
                uploads.audit_table(the_store, limit=AUDIT_ROWS), sheet_name="审计日志"
            ),
            "admin",
        ),
        file_name="审计日志.xlsx",
        mime=uploads.XLSX_MIME,
        on_click="rerun",
        icon=":material/download:",
        key="audit_xlsx",
    )
    buttons.download_button(
        t("下载审计日志（CSV）", "Download (CSV)"),
        data=auth.download(
            lambda _user: export.to_csv_bytes(uploads.audit_table(the_store, limit=AUDIT_ROWS)),
            "admin",
        ),
        file_name="审计日志.csv",
        mime=uploads.CSV_MIME,
        on_click="rerun",
        icon=":material/download:",
        key="audit_csv",
    )

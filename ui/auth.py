"""Who is signed in, which pages they may reach, and the guard every restricted page calls first.

The signed-in username lives in the session; the account itself is read from the store on every
run, so a disabled account or a changed role takes effect at once. Sessions end after a spell of
inactivity or a maximum age, with an audit record.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from tracker.access import accounts
from tracker.access.accounts import SignInError, User
from tracker.store import Store
from ui.context import settings, store
from ui.i18n import t

_USERNAME = "auth_username"
_SIGNED_IN_AT = "auth_signed_in_at"
_LAST_SEEN = "auth_last_seen"
_NOTICE = "auth_notice"
# With OIDC: the identity the provider vouched for but this system refused, so it is not retried
# (and audited) on every rerun.
_REFUSED_IDENTITY = "auth_refused_identity"

_CAPABILITIES = {
    "upload": (
        User.can_upload,
        "只有填报人员和管理员可以使用此页面",
        "Only staff and administrators can use this page",
    ),
    "admin": (User.can_admin, "只有管理员可以使用此页面", "Only administrators can use this page"),
}


def _role_label(role: str) -> str:
    english = {"viewer": "Viewer", "staff": "Staff", "admin": "Administrator"}
    return t(accounts.ROLE_LABELS[role], english[role])


def _start_session(user: User) -> None:
    now = datetime.now()
    st.session_state[_USERNAME] = user.username
    st.session_state[_SIGNED_IN_AT] = now
    st.session_state[_LAST_SEEN] = now
    st.session_state.pop(_NOTICE, None)


def _forget_session() -> None:
    for key in (_USERNAME, _SIGNED_IN_AT, _LAST_SEEN):
        st.session_state.pop(key, None)


def _end_session(the_store: Store, username: str, reason: str, notice: str) -> None:
    accounts.sign_out(the_store, username, reason)
    _forget_session()
    st.session_state[_NOTICE] = notice


def _checked(the_store: Store, username: str) -> User | None:
    """The account as it is now, or None after signing out an expired or disabled session."""
    config = settings()
    now = datetime.now()
    signed_in_at = st.session_state.get(_SIGNED_IN_AT, now)
    last_seen = st.session_state.get(_LAST_SEEN, now)
    if accounts.session_expired(
        signed_in_at, last_seen, now, config.session_idle_minutes, config.session_max_hours
    ):
        _end_session(
            the_store,
            username,
            "会话超时，自动退出",
            t("登录已超时，请重新登录", "Your session has expired; please sign in again"),
        )
        return None
    user = accounts.get_user(the_store, username)
    if user is None or user.disabled:
        _end_session(
            the_store,
            username,
            "账户已停用，自动退出",
            t(
                "您的账户已停用，请联系管理员",
                "Your account has been disabled; contact an administrator",
            ),
        )
        return None
    st.session_state[_LAST_SEEN] = now
    return user


def _oidc_email() -> str | None:
    if not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    return str(email) if email else None


def _current_oidc_user(the_store: Store) -> User | None:
    email = _oidc_email()
    if email is None:
        _forget_session()
        return None
    key = accounts.normalise_username(email)
    if st.session_state.get(_REFUSED_IDENTITY) == key:
        return None
    if st.session_state.get(_USERNAME) != key:
        try:
            user = accounts.authenticate_oidc(the_store, email)
        except SignInError as exc:
            st.session_state[_REFUSED_IDENTITY] = key
            st.session_state[_NOTICE] = str(exc)
            return None
        _start_session(user)
        return user
    user = _checked(the_store, key)
    if user is None:
        # The provider's cookie outlives our session: leave it too, so the next run starts afresh.
        st.logout()
    return user


def current_user(the_store: Store) -> User | None:
    """The signed-in user, reloaded from the store; None when nobody is signed in."""
    if settings().auth == "oidc":
        return _current_oidc_user(the_store)
    username = st.session_state.get(_USERNAME)
    if not username:
        return None
    return _checked(the_store, username)


def must_sign_in(user: User | None) -> bool:
    return user is None and settings().viewers_must_sign_in


def _notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice, icon=":material/info:")


def _password_form() -> None:
    with st.form("sign_in", enter_to_submit=True):
        username = st.text_input(t("用户名", "Username"), key="sign_in_username", max_chars=254)
        password = st.text_input(
            t("密码", "Password"), type="password", key="sign_in_password", max_chars=256
        )
        submitted = st.form_submit_button(
            t("登录", "Sign in"), type="primary", key="sign_in_submit"
        )
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("请填写用户名和密码", "Enter your username and password"))
        return
    try:
        user = accounts.authenticate(store(), username, password)
    except SignInError as exc:
        st.error(str(exc))
        return
    _start_session(user)
    st.rerun()


def _oidc_form() -> None:
    refused = st.session_state.get(_REFUSED_IDENTITY)
    if refused:
        if st.button(
            t("退出统一身份认证，换一个账号", "Sign out of the identity provider"), key="oidc_out"
        ):
            st.session_state.pop(_REFUSED_IDENTITY, None)
            st.logout()
        return
    if st.button(
        t("使用统一身份认证登录", "Sign in with the identity provider"),
        type="primary",
        key="oidc_in",
    ):
        st.login()


def _sign_in() -> None:
    st.title(t("登录", "Sign in"))
    st.caption(
        t(
            "重点任务督办看板：领导查看、各单位填报人员上传进度、管理员管理账户。",
            "Key-task supervision dashboard: leaders view, unit staff upload progress, administrators manage accounts.",
        )
    )
    _notice()
    if settings().auth == "oidc":
        _oidc_form()
    else:
        _password_form()
        st.caption(
            t(
                f"密码连续输错 {accounts.MAX_FAILED_ATTEMPTS} 次，账户将锁定 "
                f"{accounts.LOCKOUT.seconds // 60} 分钟。忘记密码请联系管理员重置。",
                f"After {accounts.MAX_FAILED_ATTEMPTS} wrong passwords the account is locked for "
                f"{accounts.LOCKOUT.seconds // 60} minutes. Ask an administrator to reset a forgotten password.",
            )
        )


def sign_in_page() -> st.Page:
    return st.Page(
        _sign_in, title=t("登录", "Sign in"), url_path="sign_in", icon=":material/login:"
    )


def pages_for(user: User | None) -> list[st.Page]:
    """The data and account pages this user may reach; a page not listed cannot be opened by URL."""
    if user is None:
        return [sign_in_page()]
    pages = []
    if user.can_upload():
        pages.append(
            st.Page(
                "pages/upload.py",
                title=t("数据上传", "Upload"),
                url_path="upload",
                icon=":material/upload_file:",
            )
        )
        pages.append(
            st.Page(
                "pages/history.py",
                title=t("上传记录", "Upload history"),
                url_path="history",
                icon=":material/history:",
            )
        )
    if user.can_admin():
        pages.append(
            st.Page(
                "pages/admin.py",
                title=t("账户与审计", "Accounts and audit"),
                url_path="admin",
                icon=":material/manage_accounts:",
            )
        )
    return pages


def sidebar_account(the_store: Store, user: User | None) -> None:
    with st.sidebar:
        st.divider()
        if user is None:
            _notice_in_sidebar()
            if settings().viewers_must_sign_in:
                st.caption(t("未登录", "Not signed in"))
            else:
                st.caption(t("未登录：仅可查看", "Not signed in: view only"))
            return
        st.markdown(f"**{user.label}**")
        units = "、".join(user.units)
        st.caption(_role_label(user.role) + (f" · {units}" if units else ""))
        if st.button(t("退出登录", "Sign out"), key="sign_out", icon=":material/logout:"):
            accounts.sign_out(the_store, user.username, "主动退出")
            _forget_session()
            if settings().auth == "oidc":
                st.logout()
            st.rerun()


def _notice_in_sidebar() -> None:
    """Where viewers may browse, a signed-out session lands on a dashboard page, not on the
    sign-in page: say why here, once. Otherwise the sign-in page says it.
    """
    if not settings().viewers_must_sign_in:
        notice = st.session_state.pop(_NOTICE, None)
        if notice:
            st.warning(notice, icon=":material/info:")


def require(user: User | None, capability: str) -> User | None:
    """Stop the page unless the user has the capability: "view" (signed in where viewers must
    be; otherwise anyone), "upload" or "admin".
    """
    if capability == "view":
        if must_sign_in(user):
            st.error(
                t("请先登录后查看", "Please sign in to view this page"), icon=":material/lock:"
            )
            st.stop()
        return user
    allowed, zh, en = _CAPABILITIES[capability]
    if user is None or not allowed(user):
        if user is None:
            st.error(t(f"{zh}，请先登录", f"{en}; please sign in"), icon=":material/lock:")
        else:
            st.error(t(zh, en), icon=":material/lock:")
        st.stop()
    return user


def guard(capability: str) -> User | None:
    """The first line of every page: the page runs only through app.py's navigation, and only
    for a user with the capability.

    With a folder named pages/ beside app.py, Streamlit starts each server process in its legacy
    mode, in which a request for /units runs pages/units.py on its own, without app.py's sign-in
    and navigation, until some run has called st.navigation. A page that finds itself run that
    way leaves the mode for the whole process and reruns, now through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return require(current_user(store()), capability)

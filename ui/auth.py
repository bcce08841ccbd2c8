"""Who is signed in, which pages they may reach, and the guard every restricted page calls first.

A signed-in session is a random token (tracker.access.sessions): kept in the Streamlit session,
and in a cookie so that a browser refresh keeps the session. The token is checked against the
store on every run and again when a download is clicked, so an expired session, a disabled
account, a password reset or a sign-out elsewhere takes effect at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from tracker.access import accounts, sessions
from tracker.access.accounts import SignInError, User
from tracker.access.sessions import SessionEnded
from tracker.store import Store
from ui.context import settings, store
from ui.i18n import t
from ui.text import escape_markdown

_TOKEN = "auth_token"
_NOTICE = "auth_notice"
# A cookie token found to be ended: not tried again on every run, and cleared in the browser.
_ENDED_COOKIE = "auth_ended_cookie"
# With OIDC: the identity the provider vouched for but this system refused, so it is not retried
# (and audited) on every rerun.
_REFUSED_IDENTITY = "auth_refused_identity"

COOKIE = "tracker_session"

log = logging.getLogger(__name__)

_CAPABILITIES = {
    "upload": (
        User.can_upload,
        "只有填报人员和管理员可以使用此页面",
        "Only staff and administrators can use this page",
    ),
    "admin": (User.can_admin, "只有管理员可以使用此页面", "Only administrators can use this page"),
}

_ENDED_NOTICES = {
    sessions.TIMED_OUT: (
        "登录已超时，请重新登录",
        "Your session has expired; please sign in again",
    ),
    sessions.ACCOUNT_DISABLED: (
        "您的账户已停用，请联系管理员",
        "Your account has been disabled; contact an administrator",
    ),
    sessions.PASSWORD_RESET: (
        "您的密码已由管理员重置，请用新密码登录",
        "Your password was reset by an administrator; sign in with the new one",
    ),
}


def _role_label(role: str) -> str:
    english = {"viewer": "Viewer", "staff": "Staff", "admin": "Administrator"}
    return t(accounts.ROLE_LABELS[role], english[role])


def _limits() -> sessions.Limits:
    config = settings()
    return sessions.Limits(config.session_idle_minutes, config.session_max_hours)


def _cookie_token() -> str | None:
    """The token the browser sent when this page was loaded (a refresh sends it again)."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) and token else None


def _start_session(the_store: Store, user: User) -> None:
    st.session_state[_TOKEN] = sessions.start(the_store, user)
    st.session_state.pop(_NOTICE, None)


def _forget_session() -> None:
    st.session_state.pop(_TOKEN, None)


def _resumed(the_store: Store, token: str) -> User | None:
    """The token's user now, or None after forgetting an ended session and saying why."""
    try:
        return sessions.resume(the_store, token, _limits())
    except SessionEnded as ended:
        _forget_session()
        if token == _cookie_token():
            st.session_state[_ENDED_COOKIE] = token
        notice = _ENDED_NOTICES.get(ended.reason)
        if notice:
            st.session_state[_NOTICE] = t(*notice)
        return None


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
    token = st.session_state.get(_TOKEN)
    if token is not None:
        user = _resumed(the_store, token)
        if user is None:
            # The provider's cookie outlives our session: leave it too, so the next run starts afresh.
            st.logout()
            return None
        if user.username == key:
            return user
        sessions.end(the_store, token, "统一身份认证账号已变更")
    try:
        user = accounts.authenticate_oidc(the_store, email)
    except SignInError as exc:
        st.session_state[_REFUSED_IDENTITY] = key
        st.session_state[_NOTICE] = str(exc)
        return None
    _start_session(the_store, user)
    return user


def current_user(the_store: Store) -> User | None:
    """The signed-in user, checked against the store; None when nobody is signed in."""
    if settings().auth == "oidc":
        return _current_oidc_user(the_store)
    token = st.session_state.get(_TOKEN)
    if token is None:
        token = _cookie_token()
        if token is None or token == st.session_state.get(_ENDED_COOKIE):
            return None
    user = _resumed(the_store, token)
    if user is not None:
        st.session_state[_TOKEN] = token
    return user


def _sync_cookie() -> None:
    """Keep the browser's cookie in step with the session: set after signing in, cleared once
    the session ended. Page script must set it, so it cannot be HttpOnly: it holds only the
    token, which the store can end at any moment. With OIDC the provider's own cookie does this.
    """
    if settings().auth == "oidc":
        return
    token = st.session_state.get(_TOKEN)
    sent = _cookie_token()
    if token is not None and token != sent:
        value, max_age = token, settings().session_max_hours * 3600
    elif token is None and sent is not None:
        value, max_age = "", 0
    else:
        return
    cookie = f"{COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict"
    st.html(
        "<script>document.cookie = "
        f"{json.dumps(cookie)} + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


class DownloadRefused(Exception):
    """A download clicked after the session ended or lost the right to it: nothing was built."""


class _QuietRefusals(logging.Filter):
    """Streamlit logs a failed download's traceback; a refusal is no failure of the server."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, DownloadRefused):
                return False
            error = error.__cause__ or error.__context__
        return True


_QUIET_REFUSALS = _QuietRefusals()
# The logger that reports a download's failure (streamlit.runtime.backend_operation_handler).
DOWNLOAD_LOGGER = logging.getLogger("streamlit.runtime.backend_operation_handler")
if _QUIET_REFUSALS not in DOWNLOAD_LOGGER.filters:
    DOWNLOAD_LOGGER.addFilter(_QUIET_REFUSALS)


def download(
    build: Callable[[User | None], bytes], capability: str = "view"
) -> Callable[[], bytes]:
    """Data for st.download_button, built only when the button is clicked, and only if the
    session that drew the button is still good then: a click after expiry, a sign-out or the
    account's disabling gets nothing and ends the session. `build` gets the user as it is now.

    The click is served outside any script run, where st.session_state cannot be read and
    nothing can be shown, so the token and the store are taken now. The button should rerun the
    page when clicked (Streamlit's default, on_click="rerun"): that run finds the session ended
    and says so, in the session's language; the refused build itself only raises
    DownloadRefused, which leaves no traceback in the server's log.
    """
    token = st.session_state.get(_TOKEN)
    the_store, limits = store(), _limits()
    anyone_may_view = not settings().viewers_must_sign_in

    def checked() -> bytes:
        try:
            if token is None:
                if capability == "view" and anyone_may_view:
                    return build(None)
                raise PermissionError("not signed in")
            user = sessions.resume(the_store, token, limits)
            if capability != "view" and not _CAPABILITIES[capability][0](user):
                raise PermissionError(f"no right to {capability}")
        except (SessionEnded, PermissionError) as refused:
            log.info("download refused: %s", refused)
            raise DownloadRefused(str(refused)) from None
        return build(user)

    return checked


def must_sign_in(user: User | None) -> bool:
    return user is None and settings().viewers_must_sign_in


def _notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(escape_markdown(notice), icon=":material/info:")


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
    the_store = store()
    try:
        user = accounts.authenticate(the_store, username, password)
    except SignInError as exc:
        st.error(escape_markdown(exc))
        return
    _start_session(the_store, user)
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
        _sync_cookie()
        if user is None:
            _notice_in_sidebar()
            if settings().viewers_must_sign_in:
                st.caption(t("未登录", "Not signed in"))
            else:
                st.caption(t("未登录：仅可查看", "Not signed in: view only"))
            return
        st.markdown(f"**{escape_markdown(user.label)}**")
        units = "、".join(user.units)
        st.caption(_role_label(user.role) + (f" · {escape_markdown(units)}" if units else ""))
        if st.button(t("退出登录", "Sign out"), key="sign_out", icon=":material/logout:"):
            token = st.session_state.get(_TOKEN)
            if token is not None:
                sessions.end(the_store, token, sessions.SIGNED_OUT)
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
            st.warning(escape_markdown(notice), icon=":material/info:")


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

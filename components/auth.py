"""Optional login for a dashboard on a shared server; off unless ``.streamlit/secrets.toml`` asks for it.

Two ways, chosen by what the secrets file holds (see ``.streamlit/secrets.toml.example``):

- an ``[auth]`` section: Streamlit's own OpenID Connect login (``st.login``/``st.user``; needs Authlib),
  optionally limited to ``[dateline] allowed_emails`` / ``allowed_domains``;
- else a ``password`` (``[dateline] password = "…"`` or top level): one shared password, asked once per
  browser session and compared in constant time.

With neither, nothing is asked: the personal-machine default. Every page calls ``require_login()``
before it shows or builds anything; a misconfiguration stops the page rather than opening it.
"""

from __future__ import annotations

import hmac
import importlib.util
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

_SESSION_KEY = "_dateline_signed_in"
_FAILED_DELAY_S = 1.0  # slows password guessing down; use OIDC or a proxy for servers facing the internet


def _secrets() -> Mapping[str, Any]:
    """The parsed secrets, or {} when there is no secrets file (or it cannot be parsed)."""
    try:
        if st.secrets.load_if_toml_exists():
            return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - a broken file is reported by Streamlit; treat as not configured
        pass
    return {}


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else {}


def login_mode(secrets: Mapping[str, Any]) -> str:
    """'oidc', 'password' or 'open', from the secrets alone (pure, for tests and the README)."""
    if "auth" in secrets:
        return "oidc"
    if "password" in _section(secrets, "dateline") or "password" in secrets:
        return "password"
    return "open"


def _providers(auth: Mapping[str, Any]) -> list[str]:
    """Named providers ([auth.google] …), or 'default' when the provider keys sit in [auth] itself."""
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return named or ["default"]


def _email_allowed(email: str, dateline: Mapping[str, Any]) -> bool:
    emails = {str(e).strip().lower() for e in dateline.get("allowed_emails", [])}
    domains = {str(d).strip().lower().lstrip("@") for d in dateline.get("allowed_domains", [])}
    if not emails and not domains:
        return True
    email = email.strip().lower()
    return email in emails or email.rpartition("@")[2] in domains


def _oidc_gate(secrets: Mapping[str, Any]) -> None:
    user = st.user
    if user.get("is_logged_in"):
        email = str(user.get("email") or "")
        if not _email_allowed(email, _section(secrets, "dateline")):
            st.error(f"{email or 'This account'} is not allowed to use this dashboard. Ask its owner to add you "
                     "to allowed_emails or allowed_domains.")
            if st.button("Log out", key="dateline_logout"):
                st.logout()
            st.stop()
        with st.sidebar:
            st.caption(f"Signed in as {user.get('name') or email or 'user'}")
            if st.button("Log out", key="dateline_logout"):
                st.logout()
        return
    st.title("Dateline")
    st.write("This dashboard is shared: sign in to continue.")
    if importlib.util.find_spec("authlib") is None:
        st.error("Login is configured ([auth] in .streamlit/secrets.toml) but Authlib, which Streamlit's "
                 "login needs, is not installed. Install it (pip install 'Authlib>=1.3.2') and restart.")
        st.stop()
    for provider in _providers(_section(secrets, "auth")):
        label = "Log in" if provider == "default" else f"Log in with {provider.title()}"
        if st.button(label, key=f"dateline_login_{provider}", type="primary"):
            st.login(provider)
    st.stop()


def _password_gate(secrets: Mapping[str, Any]) -> None:
    expected = _section(secrets, "dateline").get("password", secrets.get("password"))
    if not isinstance(expected, str) or not expected:
        st.error("A password is configured in .streamlit/secrets.toml but it is empty or not text; the "
                 "dashboard stays closed until it is set.")
        st.stop()
    if st.session_state.get(_SESSION_KEY):
        return
    st.title("Dateline")
    with st.form("dateline_login"):
        given = st.text_input("Password", type="password", key="dateline_password")
        submitted = st.form_submit_button("Open the dashboard", type="primary")
    if submitted:
        if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            st.session_state[_SESSION_KEY] = True
            st.rerun()
        time.sleep(_FAILED_DELAY_S)
        st.error("Wrong password.")
    st.stop()


def require_login() -> None:
    """Stop the page (showing a login) unless the visitor may see it; does nothing when login is off."""
    secrets = _secrets()
    mode = login_mode(secrets)
    if mode == "oidc":
        _oidc_gate(secrets)
    elif mode == "password":
        _password_gate(secrets)

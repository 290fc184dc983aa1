"""The optional login, on the real app under streamlit.testing: off by default, a gate on every page when set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from components.auth import login_mode
from dateline.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["pages/1_Statements.py", "pages/2_Articles.py", "pages/3_Actors.py", "pages/4_Briefing.py"]
PASSWORD = "correct horse battery staple"
OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32,
                 "client_id": "id", "client_secret": "secret",
                 "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}}


@pytest.fixture
def app(seed_store: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATELINE_DB", str(seed_store))

    def make(secrets: dict | None = None, script: str = APP) -> AppTest:
        at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=90)
        # A secrets dict that configures nothing stands for "no secrets.toml" (and ignores a developer's own).
        at.secrets.update(secrets or {"unrelated": "value"})
        return at
    return make


def _opened(at: AppTest) -> bool:
    return not at.exception and len(at.get("plotly_chart")) == 1


def test_login_mode_comes_from_the_secrets_alone() -> None:
    assert login_mode({}) == "open"
    assert login_mode({"unrelated": 1}) == "open"
    assert login_mode({"dateline": {"password": "x"}}) == "password"
    assert login_mode({"password": "x"}) == "password"
    assert login_mode({**OIDC, "dateline": {"password": "x"}}) == "oidc"  # OIDC wins when both are set


def test_without_secrets_the_app_is_open(app) -> None:
    at = app().run()
    assert _opened(at)
    assert "dateline_password" not in [t.key for t in at.text_input]  # no password box


def test_password_gate_refuses_a_wrong_password_and_opens_for_the_right_one(app) -> None:
    at = app({"dateline": {"password": PASSWORD}}).run()
    assert not at.exception
    assert not at.get("plotly_chart") and not at.sidebar.get("page_link")  # nothing of the app shown
    box = at.text_input(key="dateline_password")
    assert box.proto.type == TextInputProto.PASSWORD  # typed characters are masked

    at.text_input(key="dateline_password").input(PASSWORD[:-1] + "!")
    at.button[0].click().run()
    assert not at.get("plotly_chart")
    assert any("Wrong password" in e.value for e in at.error)

    at.text_input(key="dateline_password").input(PASSWORD)
    at.button[0].click().run()
    assert _opened(at)
    at.switch_page("pages/1_Statements.py").run()  # signed in once per session: other pages open too
    assert not at.exception and len(at.dataframe) >= 1


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_gated(app, page: str) -> None:
    at = app({"dateline": {"password": PASSWORD}}, script=page).run()
    assert not at.exception
    assert at.text_input(key="dateline_password") is not None
    assert not at.dataframe and not at.get("plotly_chart") and not at.sidebar.get("page_link")


def test_an_empty_password_keeps_the_app_closed(app) -> None:
    at = app({"dateline": {"password": ""}}).run()
    assert not at.get("plotly_chart")
    assert any("empty" in e.value for e in at.error)


def test_oidc_logged_out_sees_only_the_login(app) -> None:
    at = app(OIDC)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception and not at.get("plotly_chart")
    assert at.button  # the login button (Authlib is a dependency), never the app


def test_oidc_without_authlib_stays_closed_and_says_what_to_install(app, monkeypatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a, **k: None if name == "authlib" else real(name, *a, **k))
    at = app(OIDC)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.get("plotly_chart") and not at.button  # no login button that could not work
    assert any("Authlib" in e.value for e in at.error)


def test_oidc_logged_in_opens_and_an_allow_list_is_enforced(app) -> None:
    at = app(OIDC)
    at.user = {"is_logged_in": True, "email": "analyst@example.org", "name": "Ana Lyst"}
    at.run()
    assert _opened(at)

    limited = {**OIDC, "dateline": {"allowed_domains": ["newsroom.example"]}}
    at = app(limited)
    at.user = {"is_logged_in": True, "email": "someone@elsewhere.example", "name": "Someone"}
    at.run()
    assert not at.get("plotly_chart")
    assert any("not allowed" in e.value for e in at.error)

    at = app(limited)
    at.user = {"is_logged_in": True, "email": "Reporter@Newsroom.example", "name": "Reporter"}
    at.run()
    assert _opened(at)

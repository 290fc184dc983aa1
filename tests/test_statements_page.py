"""The Statements page pages through every statement (the store can hold far more than one table shows).

Real DuckDB (a synthetic store of 6,000 statements, written by the build's writer) and the real page
under AppTest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.tables import DEFAULT_PAGE_SIZE, PAGE_KEY, PAGE_SIZE_KEY, TABLE_KEY
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.store.synthetic import make_synthetic_store

N_STATEMENTS = 6000  # more than the 5,000 rows the page used to stop at


@pytest.fixture(scope="module")
def many_statements(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_store(tmp_path_factory.mktemp("statements") / "many.duckdb", 2 * N_STATEMENTS)


def test_pages_partition_the_statements_in_table_order(many_statements: Path) -> None:
    reader = StoreReader(many_statements)
    f = Filters()
    assert reader.statements_count(f) == N_STATEMENTS
    pages = [reader.statements(f, limit=1000, offset=k * 1000) for k in range(7)]
    ids = [i for p in pages for i in p["id"]]
    assert len(ids) == len(set(ids)) == N_STATEMENTS and pages[-1].empty
    whole = reader.statements(f, limit=N_STATEMENTS)
    assert ids == whole["id"].tolist()  # paging keeps the one-query order exactly
    outlet = str(whole["outlet"].iloc[0])
    narrowed = Filters(outlets=(outlet,))
    assert reader.statements_count(narrowed) == int((whole["outlet"] == outlet).sum())


def _page(at: AppTest) -> AppTest:
    at.run()
    at.switch_page("pages/1_Statements.py").run()
    assert not at.exception
    return at


def test_statements_page_says_how_many_and_reaches_the_last_one(
    many_statements: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(many_statements))
    at = _page(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120))
    pages = -(-N_STATEMENTS // DEFAULT_PAGE_SIZE)
    said = " ".join(m.value for m in at.markdown)
    assert f"{N_STATEMENTS:,} statements" in said and f"page 1 of {pages}" in said
    assert len(at.dataframe[0].value) == DEFAULT_PAGE_SIZE

    at.number_input(key=PAGE_KEY).set_value(pages).run()  # the last page
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == N_STATEMENTS - (pages - 1) * DEFAULT_PAGE_SIZE
    last = StoreReader(many_statements).statements(Filters(), limit=N_STATEMENTS).iloc[-1]
    assert table["Said"].iloc[-1] == last["text"]
    said = " ".join(m.value for m in at.markdown)
    assert f"rows {(pages - 1) * DEFAULT_PAGE_SIZE + 1:,}–{N_STATEMENTS:,}" in said

    at.selectbox(key=PAGE_SIZE_KEY).set_value(2000).run()  # bigger pages: fewer of them, still in range
    assert not at.exception
    assert at.number_input(key=PAGE_KEY).value == 3 and len(at.dataframe[0].value) == 2000

    at.session_state[TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    first = StoreReader(many_statements).statements(Filters(), limit=1, offset=4000).iloc[0]
    assert at.button(key=f"pin_st_{first['id']}")  # the selected row is on this page, not page 1
    at.number_input(key=PAGE_KEY).set_value(2).run()  # another page: row 0 there is another statement
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("pin_st_")]  # selection cleared

    outlet = str(first["outlet"])
    at.sidebar.multiselect(key="flt_outlets").select(outlet).run()  # a new filter: back to page 1
    assert not at.exception
    assert at.number_input(key=PAGE_KEY).value == 1
    n = StoreReader(many_statements).statements_count(Filters(outlets=(outlet,)))
    assert f"{n:,} statements" in " ".join(m.value for m in at.markdown)

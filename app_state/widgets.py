"""Small Streamlit helpers the pages share."""

from __future__ import annotations

import re
from typing import Any, NoReturn

import streamlit as st

from app_state import keys


class PageDone(BaseException):  # noqa: N818 - not an error: the page has said what it has to say
    """A page ends early on purpose. The router (app.py) ends the run normally, so the draft is
    still saved — after `st.stop()` Streamlit refuses every read of the session, and the work of
    that run would be lost. A BaseException, so a page's `except Exception` never swallows it."""


def end_page() -> NoReturn:
    """End this page here (instead of `st.stop()`): the router catches it and saves the draft."""
    raise PageDone


def localized_selectbox(container: Any, label: str, options: list, key: str, format_func: Any, **kwargs: Any) -> Any:
    """A selectbox whose shown text follows the language toggle.

    Streamlit keeps the displayed text of a selected option when only `format_func` changes, so
    each language gets its own widget (`<key>__<lang>`); the choice itself lives in `key`.
    """
    lang = st.session_state.get(keys.LANG, "no")
    widget_key = f"{key}__{lang}"
    chosen = st.session_state.get(key)
    if chosen in options and st.session_state.get(widget_key) != chosen:
        st.session_state[widget_key] = chosen

    def remember() -> None:
        st.session_state[key] = st.session_state[widget_key]

    value = container.selectbox(label, options, key=widget_key, format_func=format_func, on_change=remember, **kwargs)
    st.session_state[key] = value
    return value


_MARKDOWN_SPECIAL = set("\\`*_[]()#!|<>~$:&")
_LINE_START = set("-+>=")
# GitHub-flavoured Markdown links `www.x.no`, `https://x.no` and `a@b.no` after escapes are
# resolved, so an invisible word joiner (U+2060) goes where it breaks the pattern.
_AUTOLINKS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=http)(?=s?:)|(?<=@)")
_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from a file (a file name, a header, a code, a name) made safe for Markdown.

    Streamlit draws st.markdown, captions, alerts, widget and expander labels, metric labels and
    values, radio options, tab titles and st.table cells as Markdown: a file named
    `[klikk](https://…).csv` would become a link, `![](https://…)` an image fetched from outside,
    `:red[…]` coloured text. Every Markdown character is escaped (HTML's `<`, `>` and `&` too),
    what would become a link anyway is broken by an invisible word joiner, and line breaks become
    spaces, so the text shows as written. A text with values goes through `app_i18n.t_plain`.

    Not for what Streamlit shows as plain text already — selectbox and multiselect options
    (`format_func`), st.dataframe and st.data_editor cells, chart labels, st.text, st.json — where
    the escapes would show; st.html gets `html.escape` instead.
    """
    flat = _AUTOLINKS.sub(_JOINER, " ".join(str(text).split()))
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in flat)
    head = escaped.split(" ", 1)[0]
    if escaped[:1] in _LINE_START or (head[:-1].isdigit() and head[-1:] in ".)"):  # a list or heading
        escaped = "\\" + escaped if escaped[:1] in _LINE_START else head[:-1] + "\\" + escaped[len(head) - 1:]
    return escaped


_CALL_NOW_CSS = """<style>
.st-key-call_now_link a { display: flex; justify-content: center; min-height: 56px; border-radius: 0.6rem;
  background: #0072B2; padding: 0.6rem 1rem; }
.st-key-call_now_link a p, .st-key-call_now_link a span { color: #fff !important; font-size: 1.25rem; font-weight: 700; }
</style>"""


def call_now_button(who_page: Any) -> None:
    """The big «Hvem ringer jeg nå?» button at the top of the start page (one tap from the start)."""
    from app_i18n import t

    with st.container(key="call_now_link"):
        st.html(_CALL_NOW_CSS)
        st.page_link(who_page, label=t("call_now_button"), icon=":material/call:", width="stretch")


# On a narrow screen the menu lies over the page. Streamlit closes it after a choice only when the
# browser says it is a phone; a narrow window, a tablet asking for the desktop site, or a phone's
# desktop mode keep it open, covering the page chosen. Fixed text, no input in it.
_CLOSE_MENU_JS = """<script data-run="{n}">(() => {{
  if (!window.matchMedia("(max-width: 767.98px)").matches) return;
  const bar = document.querySelector('[data-testid="stSidebar"]');
  if (!bar || bar.getAttribute("data-collapsed") !== "false") return;
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
}})();</script>"""


def close_menu_after_page_change(page_name: str) -> None:
    """After the person chose another page: close the menu if it covers the page (narrow screens)."""
    last = st.session_state.get(keys.MENU_PAGE)
    st.session_state[keys.MENU_PAGE] = page_name
    if last is None or last == page_name:
        return
    runs = st.session_state[keys.MENU_CLOSES] = st.session_state.get(keys.MENU_CLOSES, 0) + 1
    with st.sidebar:
        st.html(_CLOSE_MENU_JS.format(n=runs), unsafe_allow_javascript=True)

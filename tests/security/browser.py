"""Fill in a page's form as a browser would: every field with the value the page shows.

``form_values(html, action)`` returns what submitting the form whose ``action`` ends with
``action`` would send unchanged: hidden inputs (CSRF token, version), text inputs,
textareas, the selected options and the checked boxes; no submit buttons.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action: str, page: str):
        super().__init__(convert_charrefs=True)
        self.action, self.page = action, page
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            # A form without an action posts to the page it is on.
            target = (a.get("action") or self.page).split("?")[0]
            self.inside = target.endswith(self.action)
        if not self.inside or not a.get("name") and tag not in ("option",):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value") or ("y" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(html: str, action: str, page: str = "") -> dict:
    """The form posting to ``action`` as a dict; a field given several times becomes a list.

    ``page`` is the path the html came from (a form without an action posts to it).
    """
    reader = _FormReader(action, page)
    reader.feed(html)
    assert reader.values, f"no form posting to {action} on the page"
    result: dict = {}
    for name, value in reader.values:
        if name in result:
            previous = result[name]
            result[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            result[name] = value
    return result

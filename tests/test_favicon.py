"""Every page names the app's icon, served from its own static files."""


def test_pages_link_the_favicon_and_it_is_served(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.data.startswith(b"<svg")

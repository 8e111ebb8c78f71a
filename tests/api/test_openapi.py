"""The OpenAPI document: generated from the schemas, complete, public, and the docs page
that reads it is one of the app's own static files."""

import re

from exchange import create_app


def test_the_document_describes_every_api_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.") and spec["info"]["title"] == "Exchange API"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    documented = {(path, method.upper()) for path, item in spec["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<[^:>]+:([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, (path, method)


def test_requests_and_errors_are_described_by_schemas(client):
    spec = client.get("/api/v1/openapi.json").json
    extend = spec["paths"]["/api/v1/postings/{posting_id}/actions/extend"]["post"]
    body = extend["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/PostingActionBody")
    schemas = spec["components"]["schemas"]
    assert set(schemas["PostingActionBody"]["properties"]) == {
        "version",
        "reason",
        "new_end_date",
        "end_date",
        "category",
        "kind",
    }
    assert set(schemas["Error"]["properties"]) == {"error"}
    assert "term_changes" in schemas["PostingDetail"]["properties"]
    agree = spec["paths"]["/api/v1/term-changes/{change_id}/actions/agree"]["post"]
    body = agree["requestBody"]["content"]["application/json"]["schema"]
    assert set(schemas[body["$ref"].rsplit("/", 1)[1]]["properties"]) == {"version", "note"}
    assert "default" in extend["responses"]


def test_the_docs_page_is_a_static_file_that_reads_the_document(client):
    with client.get("/static/api/docs.html") as page:
        assert page.status_code == 200
        text = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in text and 'src="docs.js"' in text
    with client.get("/static/api/docs.js") as script:
        code = script.get_data(as_text=True)
    assert 'fetch("/api/v1/openapi.json")' in code
    assert "https://" not in text + code  # no CDN


def test_the_writes_that_create_and_edit_are_described(client):
    spec = client.get("/api/v1/openapi.json").json
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    operations = {
        ("/api/v1/reports", "post"): ("ReportCreateBody", "201"),
        ("/api/v1/reports/{report_id}", "patch"): ("ReportEditBody", "200"),
        ("/api/v1/reports/{report_id}/versions", "post"): ("ReportVersionBody", "201"),
        ("/api/v1/postings", "post"): ("PostingProposalBody", "201"),
    }
    for (path, method), (body, status) in operations.items():
        operation = paths[path][method]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/" + body) and status in operation["responses"]
    create = schemas["ReportCreateBody"]
    assert set(create["required"]) == {"posting_id", "kind", "title", "report_date", "body"}
    assert {"period_start_date", "period_end_date", "tags"} <= set(create["properties"])
    assert "required" not in schemas["ReportEditBody"]  # an edit names only what changes
    assert "version" in schemas["ReportEditBody"]["properties"]
    proposal = schemas["PostingProposalBody"]
    assert set(proposal["properties"]) == {
        "cadre_id",
        "programme_id",
        "home_department_id",
        "home_position",
        "host_department_id",
        "host_position",
        "start_date",
        "planned_end_date",
        "portfolio",
    }

from datetime import date

from tracker.intake import ingest, uploads

from .conftest import ROOT

TEMPLATE = ROOT / "data" / "templates" / "进度填报模板.csv"


def test_the_template_in_the_readme_is_the_one_the_upload_page_offers():
    assert TEMPLATE.read_bytes() == uploads.template_csv()


def test_the_template_passes_the_upload_checks(store):
    upload = ingest.prepare(store, TEMPLATE.read_bytes(), TEMPLATE.name, today=date(2026, 1, 1))
    assert upload.accepted and upload.warnings.empty
    assert upload.summary()["new"] == 1

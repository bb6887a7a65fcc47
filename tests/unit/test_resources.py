from pathlib import Path

from checker import resources

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_reads_the_source_tree():
    assert resources.resource_dir("policies") == ROOT / "policies"
    assert resources.resource_dir("schemas") == ROOT / "schemas"


def test_installed_package_reads_its_bundle(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "checker"
    (package / "_bundle" / "policies").mkdir(parents=True)
    # A stray "policies" folder beside the package is not ours without the marker file.
    (tmp_path / "site-packages" / "policies").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.resource_dir("policies") == package / "_bundle" / "policies"
    assert resources.resource_dir("schemas") == package / "_bundle" / "schemas"

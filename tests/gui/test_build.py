"""The bundled sample and the PyInstaller build (the build itself is slow: marked ``slow``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


# --- the bundled sample ----------------------------------------------------
def test_sample_is_bundled_and_reviewable():
    import pypdfium2 as pdfium

    from gouji.io.pipeline import parse
    from gouji.model.document import DocKind
    from gouji.model.rules.registry import run_rules

    assert SAMPLE.exists() and SAMPLE.with_suffix(".docx").exists()
    pdf = pdfium.PdfDocument(str(SAMPLE))
    try:
        assert 4 <= len(pdf) <= 6
    finally:
        pdf.close()
    doc = parse(SAMPLE)
    assert doc.kind == DocKind.BUDGET and doc.year == 2025 and doc.unit_name == "示例市图书馆"
    assert len(doc.standard_tables) == 10 and len(doc.perf_tables) == 1
    findings = run_rules(doc)
    # deliberate error 3 of make_sample.py: table 6, 302 商品和服务支出 100.00 ≠ Σ items 102.00
    t6 = doc.table("budget_gpb_basic")
    assert any(
        f.table == t6.id and f.severity == "error" and f.computed is not None and f.computed == 102
        for f in findings
    )


@pytest.mark.slow
def test_make_sample_regenerates(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import make_sample
    finally:
        sys.path.pop(0)
    try:
        pdf = make_sample.main(tmp_path)
    except subprocess.CalledProcessError as exc:  # soffice without the Writer component
        pytest.skip(f"LibreOffice Writer missing: {exc.stderr[-200:]!r}")
    except RuntimeError as exc:
        pytest.skip(str(exc))
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        assert 4 <= len(doc) <= 6
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    assert "示例市图书馆" in text and "8.50" in text and "13.50%" in text


def _scan_of_sample(out: Path) -> Path:
    """The bundled sample's cover and its 表 3 page as an image-only PDF (a scan at 200 dpi)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SAMPLE))
    try:
        images = [pdf[i].render(scale=200 / 72).to_pil().convert("RGB") for i in (0, 2)]
    finally:
        pdf.close()
    images[0].save(out, save_all=True, append_images=images[1:], resolution=200)
    return out


# --- the spec --------------------------------------------------------------
def test_spec_is_valid_python_and_names_the_entry():
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    compile(spec, "build.spec", "exec")
    assert 'name="Gouji"' in spec and "console=False" in spec
    assert '"gouji/resources"' in spec and "__main__.py" in spec
    assert 'collect_data_files("rapidocr_onnxruntime")' in spec  # the OCR models ship with the app
    assert (REPO / "gui" / "__main__.py").exists()


@pytest.mark.slow
def test_pyinstaller_build_starts(tmp_path):
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "build"
    t0 = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(REPO / "build.spec"),
            "--noconfirm",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=REPO,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    build_secs = time.perf_counter() - t0
    app = dist / "Gouji"
    cli = app / f"gouji-cli{EXE_SUFFIX}"
    gui = app / f"Gouji{EXE_SUFFIX}"
    assert cli.exists() and gui.exists()
    bundled = list(app.rglob("gouji/resources/samples/sample_budget.pdf"))
    assert bundled, "resources not bundled as gouji/resources"

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    v = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=120, env=env)
    assert v.returncode == 0 and v.stdout.startswith("Gouji"), v.stderr
    rules = subprocess.run([str(cli), "rules"], capture_output=True, text=True, timeout=120, env=env)
    assert rules.returncode == 0 and "规则" in rules.stdout, rules.stderr[-2000:]
    # the whole pipeline frozen: pdfium, pdfminer CMaps, rules, workbook
    out_json, out_xlsx = tmp_path / "c.json", tmp_path / "c.xlsx"
    chk = subprocess.run(
        [str(cli), "check", str(SAMPLE), "--json", str(out_json), "--xlsx", str(out_xlsx)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert chk.returncode in (0, 1), chk.stderr[-2000:]
    docs = json.loads(out_json.read_text(encoding="utf-8"))["documents"]
    assert docs[0]["status"] == "ok" and docs[0]["tables"] and out_xlsx.exists()

    # a scan: OCR frozen (the rapidocr models and config, ONNX Runtime, OpenCV are in the bundle)
    scan = _scan_of_sample(tmp_path / "scan.pdf")
    scan_json = tmp_path / "scan.json"
    ocr = subprocess.run(
        [str(cli), "check", str(scan), "--json", str(scan_json)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert ocr.returncode in (0, 1), ocr.stderr[-2000:]
    assert "文字由 OCR 识别" in ocr.stdout, ocr.stdout[-2000:]
    scanned = json.loads(scan_json.read_text(encoding="utf-8"))["documents"][0]
    assert scanned["status"] == "ok" and scanned["tables"], scanned
    size = sum(f.stat().st_size for f in app.rglob("*") if f.is_file())
    print(f"frozen build: {size / 2**20:.0f} MB")

    # the windowed app starts offscreen on the scan (OCR in its worker pool) and keeps running
    p = subprocess.Popen([str(gui), str(scan)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(12)
        alive = p.poll() is None
        if not alive:
            _, err = p.communicate(timeout=10)
            pytest.fail(f"frozen GUI exited with {p.returncode}: {err.decode(errors='replace')[-2000:]}")
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    print(f"pyinstaller build: {build_secs:.0f} s")

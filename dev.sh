#!/usr/bin/env bash
# Set-up and run on a fresh Linux machine (Debian/Ubuntu).
#   bash dev.sh app    — install everything, then open the app on the bundled sample
#   bash dev.sh test   — install everything, then run the whole test suite (headless)
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
# Qt's offscreen/xcb platform libraries, CJK fonts (Chinese renders in screenshots),
# poppler (pdftoppm for checks), LibreOffice (workbook round-trip test).
dpkg -s libegl1 >/dev/null 2>&1 || need_apt+=(libegl1)
dpkg -s libgl1 >/dev/null 2>&1 || need_apt+=(libgl1)
dpkg -s libxkbcommon0 >/dev/null 2>&1 || need_apt+=(libxkbcommon0)
dpkg -s libxkbcommon-x11-0 >/dev/null 2>&1 || need_apt+=(libxkbcommon-x11-0)
dpkg -s libfontconfig1 >/dev/null 2>&1 || need_apt+=(libfontconfig1)
dpkg -s libdbus-1-3 >/dev/null 2>&1 || need_apt+=(libdbus-1-3)
dpkg -s libglib2.0-0 >/dev/null 2>&1 || need_apt+=(libglib2.0-0)
dpkg -s libxcb-cursor0 >/dev/null 2>&1 || need_apt+=(libxcb-cursor0)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
dpkg -s poppler-utils >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
PY=.venv/bin/python
if ! $PY -c "import gouji.model, PySide6, pdfplumber, pypdf, rapidocr_onnxruntime, pytestqt, hypothesis" >/dev/null 2>&1; then
  $PY -m pip install -q --upgrade pip
  $PY -m pip install -q -e ".[test,build]"
  # rapidocr pulls opencv-python (Qt 5 inside, 200 MB): keep only the headless build of the same cv2
  if $PY -m pip show -q opencv-python >/dev/null 2>&1; then
    $PY -m pip uninstall -y -q opencv-python
    $PY -m pip install -q --force-reinstall --no-deps opencv-python-headless
  fi
fi

lint() {
  # style, layering and types: ruff, import-linter (Qt ban, io rooms), mypy on model/ and io/
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  .venv/bin/lint-imports
  # mypy sees the top-level folders as gouji.model / gouji.io through a folder of links
  mkdir -p .mypy-src/gouji
  ln -sfn ../../model .mypy-src/gouji/model
  ln -sfn ../../io .mypy-src/gouji/io
  (cd .mypy-src && ../.venv/bin/mypy --config-file ../pyproject.toml --cache-dir ../.mypy_cache -p gouji.model -p gouji.io)
}

case "${1:-test}" in
  lint)
    lint
    ;;
  app)
    exec .venv/bin/gouji resources/samples/sample_budget.pdf
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    # 1. ruff, import-linter (model/ and io/ never import Qt; io rooms in order), mypy
    lint
    # 2. headless: a second environment WITHOUT Qt runs every test outside the GUI,
    #    proving the readers, rules, export and CLI work with no Qt installed at all
    if [ ! -x .venv-headless/bin/python ]; then python3 -m venv .venv-headless; fi
    HPY=.venv-headless/bin/python
    if ! $HPY -c "import gouji.model, pdfplumber, pypdf, rapidocr_onnxruntime, docx, openpyxl, pytest, hypothesis" >/dev/null 2>&1; then
      $HPY -m pip install -q --upgrade pip
      $HPY -m pip install -q "pydantic>=2.6" "pdfplumber>=0.11" "pypdfium2>=4.20" "pypdf>=5.0" "openpyxl>=3.1" "python-docx>=1.1" "pytest>=8" "hypothesis>=6.100"
      $HPY -m pip install -q opencv-python-headless onnxruntime pyclipper shapely six pyyaml tqdm
      $HPY -m pip install -q --no-deps "rapidocr_onnxruntime>=1.4.4,<2"
      $HPY -m pip install -q --no-deps -e .
    fi
    if $HPY -c "import PySide6" >/dev/null 2>&1; then echo "headless env must not have Qt" >&2; exit 1; fi
    $HPY -m pytest -q -W ignore::pytest.PytestConfigWarning --ignore=tests/gui "${@:2}"
    # 3. everything, GUI included (offscreen)
    exec $PY -m pytest -q "${@:2}"
    ;;
  *)
    echo "usage: bash dev.sh app|test|lint" >&2; exit 2
    ;;
esac

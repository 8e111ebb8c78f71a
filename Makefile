# Two commands on a fresh machine: `make run` and `make test`.
# Both install the exact versions of requirements/test.txt (hashes checked), never newer ones.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements/runtime.txt for a server (no test tools); requirements/test.txt for development.
REQUIREMENTS ?= requirements/test.txt
STAMP := $(VENV)/.installed
CATALOGUE := exchange/translations/zh_Hans_CN/LC_MESSAGES/messages
export FLASK_APP := exchange
export EXCHANGE_DEMO_PASSWORD ?= Shuangcheng2020
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install translations translations-update lock wheelhouse bench clean

$(STAMP): $(REQUIREMENTS) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(REQUIREMENTS)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) translations

# The compiled catalogue (.mo) is built, never committed; the .po is only read here.
$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	$(BIN)/pybabel compile --statistics -d exchange/translations

translations: $(CATALOGUE).mo

# New or changed interface strings into the catalogue (pybabel extract + update, babel.cfg).
translations-update: $(STAMP)
	$(BIN)/flask translations update

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	@# The daily and hourly jobs (deploy/*.timer in production), once, so the demo is up to date.
	$(BIN)/flask postings advance
	$(BIN)/flask remind
	-@$(BIN)/flask documents font
	@echo ""
	@echo "  Exchange (干部互派挂职管理) on http://$(HOST):$(PORT)/"
	@echo "  Demo logins, password: $(EXCHANGE_DEMO_PASSWORD)"
	@echo "    admin          系统管理员"
	@echo "    hr.liangjiang  两江新区组织人事部"
	@echo "    hr.tianfu      天府新区组织部"
	@echo "    hr.cdedz       成都经开区组织部"
	@echo "    leader         领导"
	@echo "    zhangxiang     挂职干部 张想"
	@echo "    dingzhao       挂职干部 丁曌"
	@echo "    lixiaowen      挂职干部 李晓雯（在岗，演示）"
	@echo "    wangjianguo    挂职干部 王建国（在岗，演示）"
	@echo ""
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-resolve the lockfiles after a change to pyproject.toml (needs the package index).
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --build-deps-for=editable
lock: $(STAMP)
	$(BIN)/pip install --quiet pip-tools
	$(PIP_COMPILE) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) --extra=test -o requirements/test.txt pyproject.toml
	$(PIP_COMPILE) --extra=bench -c requirements/test.txt -o requirements/bench.txt pyproject.toml

# Every locked wheel in wheelhouse/, for installing where there is no package index (README).
wheelhouse: $(STAMP)
	$(BIN)/pip download --quiet --require-hashes --only-binary=:all: -r $(REQUIREMENTS) -d wheelhouse

# Flask-Admin, the benchmark's yardstick, only for the benchmark (requirements/bench.txt).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): requirements/bench.txt $(STAMP)
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.txt
	touch $(BENCH_STAMP)

# BENCH_SCALES, BENCH_SCALE=10, BENCH_DATABASE_URL, BENCH_ROUNDS ...: see bench/run.py.
bench: install $(BENCH_STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

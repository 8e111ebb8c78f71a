# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := exchange
export EXCHANGE_DEMO_PASSWORD ?= Shuangcheng2020
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install translations bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(BIN)/flask translations compile

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
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

test: translations lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: translations
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# Tugi: the two commands of the README are `make run` and `make test`.
UV := python3 -m uv
export UV_LINK_MODE := copy

.PHONY: run test check bench env messages browser-deps lint clean-db

env: .venv/.synced
.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

run: env
	.venv/bin/tugi run

# Installs Debian's chromium for the browser tests when it is missing and we may (root + apt).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	    || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium missing and cannot be installed here: browser tests will be skipped"; fi; \
	fi

test: env browser-deps
	TUGI_ENV=test .venv/bin/pytest

check: env
	.venv/bin/ruff format --check src bench tests
	.venv/bin/ruff check src bench tests
	TUGI_NO_DATABASE=1 .venv/bin/mypy
	.venv/bin/lint-imports
	.venv/bin/python manage.py makemigrations --check --dry-run

bench: env
	.venv/bin/python -m bench.run $(BENCH_ARGS)

messages: env
	cd src/tugi && ../../.venv/bin/python ../../manage.py makemessages -l et -l en -l ru --no-obsolete --add-location file
	cd src/tugi && ../../.venv/bin/python ../../manage.py compilemessages

clean-db:
	rm -rf var/pgdata

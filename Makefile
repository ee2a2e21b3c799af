# ToonDB for Swift. `make demo` and `make test` are the two set-up commands;
# each first installs the Debian packages the build needs when they are missing.
PREFIX ?= /usr/local
DEMO_DB ?= demo.toondb

.PHONY: deps build demo test bench install clean

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build -c release --product toondb

demo: build
	@bash scripts/demo.sh $(DEMO_DB)

test: deps
	swift test

bench: deps
	swift run -c release toondb-bench kv

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/toondb/themes
	install -m 755 .build/release/toondb $(DESTDIR)$(PREFIX)/bin/toondb
	install -m 644 Man/toondb.1 $(DESTDIR)$(PREFIX)/share/man/man1/toondb.1
	install -m 644 Man/toondb-themes.5 $(DESTDIR)$(PREFIX)/share/man/man5/toondb-themes.5
	install -m 644 Themes/*.toml $(DESTDIR)$(PREFIX)/share/toondb/themes/

clean:
	rm -rf .build $(DEMO_DB)

# ToonDB for Swift. `make demo` and `make test` are the two set-up commands;
# each first installs the Debian packages the build needs when they are missing.
PREFIX ?= /usr/local
DEMO_DB ?= demo.toondb

.PHONY: deps test-deps build demo test bench install dist clean

deps:
	@bash scripts/install-deps.sh

# The build's packages and those only the tests use (mandoc, tmux, etcd, …).
test-deps:
	@bash scripts/install-deps.sh --tests

# The lean toondb: without the default GRPC trait it compiles no gRPC, SwiftNIO
# or protobuf (README, "Set up"); make install and make test build everything.
build: deps
	swift build -c release --product toondb --disable-default-traits

demo: build
	@bash scripts/demo.sh $(DEMO_DB)

# Every test, then a summary of what ran, passed, failed and was skipped (scripts/test.sh).
test: test-deps
	@bash scripts/test.sh

bench: deps
	swift run -c release toondb-bench kv

# Release binaries of every executable product, every man page in Man/ and
# Themes/ under $(DESTDIR)$(PREFIX) (see scripts/install.sh).
install: deps
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash scripts/install.sh

# A release tarball, dist/toondb-VERSION-OS-MACHINE.tar.gz, that installs with
# its own scripts/install.sh (see scripts/dist.sh).
dist: deps
	@bash scripts/dist.sh

clean:
	rm -rf .build dist $(DEMO_DB)

# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test` (see README.md).
.PHONY: run test build bench

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	scripts/setup.sh build
	go build -o bin/splatscope ./cmd/splatscope

bench:
	go test -run='^$$' -bench=. -benchtime=3x ./mesh/ ./csp/ ./gaussians/

# Convenience targets; the scripts do the work (and install what they need).
.PHONY: all demo test bench clean
all:
	@[ -f build/build.ninja ] || meson setup build --buildtype=release
	ninja -C build
demo:
	scripts/demo
test:
	scripts/test
bench:
	bench/run.sh
clean:
	rm -rf build build-test build-bench

# runreport: the README's two commands.
#   make demo   builds in release mode and runs the main job on the bundled samples
#   make test   runs the whole suite
# Both install the Debian packages the build needs first (scripts/install-deps.sh).

SWIFT ?= swift
DEMO_OUTPUT ?= demo-output
DEMO_INPUTS ?= samples/clearml/small samples/clearml/sweep samples/clearml/artifacts samples/comet/small.zip samples/tensorboard/runs samples/mlflow samples/wandb

.PHONY: deps demo test bench fuzz build clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --static-swift-stdlib --product runreport

demo: build
	@mkdir -p $(DEMO_OUTPUT)
	@.build/release/runreport validate $(DEMO_INPUTS) --quiet -o $(DEMO_OUTPUT)/validate.txt; \
	  code=$$?; [ $$code -eq 0 ] || [ $$code -eq 3 ] || exit $$code
	@.build/release/runreport validate $(DEMO_INPUTS) --quiet --json -o $(DEMO_OUTPUT)/validate.json; \
	  code=$$?; [ $$code -eq 0 ] || [ $$code -eq 3 ] || exit $$code
	@.build/release/runreport scalars samples/clearml/small --quiet -o $(DEMO_OUTPUT)/scalars.json
	@.build/release/runreport scalars samples/clearml/sweep --quiet --format csv -o $(DEMO_OUTPUT)/sweep-scalars.csv
	@.build/release/runreport scalars samples/clearml/sweep --summary --quiet -o $(DEMO_OUTPUT)/summary.json
	@.build/release/runreport log samples/clearml/small --quiet -o $(DEMO_OUTPUT)/log.txt
	@.build/release/runreport render samples/clearml/small --smoothing 0.6 --quiet -o $(DEMO_OUTPUT)/report
	@.build/release/runreport render samples/clearml/sweep --quiet -o $(DEMO_OUTPUT)/sweep-report
	@.build/release/runreport render samples/clearml/artifacts --quiet -o $(DEMO_OUTPUT)/artifacts-report
	@.build/release/runreport render samples/comet/small.zip --quiet -o $(DEMO_OUTPUT)/comet-report
	@.build/release/runreport render samples/tensorboard/runs/resnet/train --quiet -o $(DEMO_OUTPUT)/tensorboard-report
	@.build/release/runreport compare samples/clearml/small samples/comet/small.zip samples/tensorboard/runs/resnet/train samples/mlflow/sqlite/mlflow.db samples/wandb --quiet -o $(DEMO_OUTPUT)/trackers-compare
	@.build/release/runreport compare samples/clearml/sweep --quiet -o $(DEMO_OUTPUT)/sweep-compare
	@.build/release/runreport archive samples/clearml/sweep samples/clearml/small samples/clearml/artifacts samples/comet/small.zip \
	  --quiet -o $(DEMO_OUTPUT)/site
	@.build/release/runreport email samples/clearml/small --quiet -o $(DEMO_OUTPUT)/run.eml --to 'You <you@example.com>'
	@cat $(DEMO_OUTPUT)/validate.txt
	@echo
	@echo "demo: wrote $(DEMO_OUTPUT)/: report/index.html (open it in a browser), sweep-report/index.html,"
	@echo "      artifacts-report/index.html, comet-report/index.html (a Comet archive),"
	@echo "      tensorboard-report/index.html (a TensorBoard run), trackers-compare/index.html (ClearML, Comet, TensorBoard, MLflow, W&B),"
	@echo "      sweep-compare/index.html, site/index.html (an archive of the samples), run.eml (an email),"
	@echo "      validate.txt, validate.json, scalars.json, sweep-scalars.csv, summary.json, log.txt"

test: deps
	@scripts/install-deps.sh --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

fuzz: deps
	@fuzz/run.sh

bench: deps
	bench/run.sh

clean:
	rm -rf .build $(DEMO_OUTPUT) bench/out
